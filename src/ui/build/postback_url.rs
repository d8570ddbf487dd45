//! The built request: the postback URL with a copy button, and the body when there is one.

use leptos::prelude::*;
use postback_core::Build;

use crate::ui::widgets::CopyButton;

/// The live "Postback URL", and the request body for methods that carry one.
#[component]
pub fn PostbackUrl(
    /// What the postback builds.
    #[prop(into)]
    built: Signal<Build>,
    /// Called when the URL is copied.
    on_copy: Callback<()>,
) -> impl IntoView {
    let url = Signal::derive(move || {
        built
            .with(|b| b.url_text().map(str::to_owned))
            .unwrap_or_default()
    });
    let body = Signal::derive(move || built.with(|b| b.body.as_ref().map(|e| e.text.clone())));
    view! {
        <div class="field">
            <div class="label-row">
                <label for="postback-url">"Postback URL"</label>
                <CopyButton text=url what="postback URL" on_copy=on_copy />
            </div>
            <output id="postback-url" for="template" class="url">{url}</output>
        </div>
        {move || body.get().map(|text| {
            view! {
                <div class="field">
                    <div class="label-row">
                        <label for="request-body">"Request body"</label>
                        <CopyButton text=Signal::derive(move || body.get().unwrap_or_default()) what="request body" />
                    </div>
                    <output id="request-body" for="body" class="url">{text}</output>
                </div>
            }
        })}
    }
}
