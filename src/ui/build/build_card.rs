//! The "Build" card: platform, template, values, the built request and its problems.

use leptos::prelude::*;
use postback_core::{
    Build, Draft, FireError, LeftOut, Prepared, SignError, SigningForm, TemplateError,
};

use super::{
    platform_card::PlatformCard, platform_picker::PlatformPicker, postback_url::PostbackUrl,
    problem_list::ProblemList, request_options::RequestOptions, signing_options::SigningOptions,
    template_field::TemplateField, value_inputs::ValueInputs,
};
use crate::ui::widgets::ErrorNote;

/// The "Build" card.
#[component]
pub fn BuildCard(
    /// The postback being built.
    draft: RwSignal<Draft>,
    /// What it builds.
    #[prop(into)]
    built: Signal<Build>,
    /// "Signature or token" as typed.
    signing_form: RwSignal<SigningForm>,
    /// The request Fire would send now, for the signing section's problem.
    #[prop(into)]
    preview: Signal<Result<Prepared, FireError>>,
    /// "Remember secrets on this device".
    remember: RwSignal<bool>,
    /// The secrets a saved draft or a link left out.
    #[prop(into)]
    left_out: Signal<LeftOut>,
    /// Whether Fire was pressed or the URL copied; copying the URL sets it.
    attempted: RwSignal<bool>,
) -> impl IntoView {
    let typed_left_out = move || {
        left_out.with(|l| {
            (!l.typed.is_empty()).then(|| {
                view! {
                    <p class="note" id="left-out-note">
                        "A secret typed in the template (" <bdi>{l.typed.join(", ")}</bdi>
                        ") was left out when it was saved or shared, and reads " <code>"***"</code>
                        ": type it again there."
                    </p>
                }
            })
        })
    };
    let signing_problem = Signal::derive(move || {
        preview.with(|p| match p {
            Err(FireError::Signing(e)) => Some(e.clone()),
            _ => None::<SignError>,
        })
    });
    let note = move || {
        built.with(|b| match &b.url {
            Err(TemplateError::Empty) => Some(
                view! {
                    <p class="note" id="template-note">
                        "Paste the postback URL your tracker gave you, or pick a platform above. "
                        "Write each value to fill in as a macro, like " <code>"{clickid}"</code> "."
                    </p>
                }
                .into_any(),
            ),
            Err(e) => Some(
                view! { <ErrorNote id="template-note" message=e.to_string() hint=e.hint() /> }
                    .into_any(),
            ),
            Ok(t) if t.macros().is_empty() && t.problems().is_empty() => Some(
                view! {
                    <p class="note" id="template-note">
                        "No macros in this template: the URL is used as it is. "
                        "Write a placeholder like " <code>"{clickid}"</code>
                        " to get an input for its value."
                    </p>
                }
                .into_any(),
            ),
            Ok(_) => None,
        })
    };
    view! {
        <section class="card job-build" aria-labelledby="build-heading" on:keydown=fire_on_ctrl_enter>
            <h2 id="build-heading">"Build"</h2>
            <PlatformPicker draft=draft />
            <PlatformCard draft=draft />
            <TemplateField draft=draft built=built />
            {note}
            {typed_left_out}
            <RequestOptions draft=draft built=built />
            <SigningOptions signing_form=signing_form remember=remember problem=signing_problem />
            <ValueInputs draft=draft built=built left_out=left_out />
            <PostbackUrl built=built on_copy=Callback::new(move |()| attempted.set(true)) />
            <ProblemList draft=draft built=built attempted=attempted />
        </section>
    }
}

/// Ctrl+Enter (Cmd+Enter on a Mac) in any builder field presses Fire, as in a chat or a mail.
fn fire_on_ctrl_enter(ev: leptos::ev::KeyboardEvent) {
    if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
        ev.prevent_default();
        // Held down, the keys repeat: one press fires once.
        if ev.repeat() {
            return;
        }
        if let Some(button) = document()
            .get_element_by_id("fire-button")
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            button.click();
        }
    }
}
