//! The method, the body and the header lines of the request.

use leptos::prelude::*;
use postback_core::{BodyKind, Build, Draft, Method, MAX_TEMPLATE_BYTES};

use super::syntax_picker::SyntaxPicker;
use crate::ui::widgets::{ErrorNote, PasteGuard};

const TOO_LARGE_HINT: &str =
    "Postback bodies and headers are small: paste only what the receiver reads, or send a \
     large payload from a terminal.";

/// "Method", and for methods with a body, "Body" and "Body template"; then "Headers".
#[component]
pub fn RequestOptions(
    /// The postback being built; these fields edit its method, body and headers.
    draft: RwSignal<Draft>,
    /// What it builds, for a body or headers too large to read.
    #[prop(into)]
    built: Signal<Build>,
) -> impl IntoView {
    let has_body = move || draft.with(|d| d.method.has_body());
    let body_kind = move || draft.with(|d| d.body_kind);
    let body_guard = PasteGuard::new(MAX_TEMPLATE_BYTES);
    let headers_guard = PasteGuard::new(MAX_TEMPLATE_BYTES);
    let unreadable = move || {
        built.with(|b| b.unreadable.clone()).map(|e| {
            view! { <ErrorNote message=e.to_string() hint=e.hint().to_owned() /> }
        })
    };
    view! {
        <details class="request-options">
            <summary>"Method, body and headers"</summary>
            <SyntaxPicker draft=draft />
            <div class="field">
                <label for="method">"Method"</label>
                <select
                    id="method"
                    prop:value=move || draft.with(|d| d.method.as_str())
                    on:change=move |ev| {
                        if let Some(m) = Method::from_name(&event_target_value(&ev)) {
                            draft.update(|d| d.method = m);
                        }
                    }
                >
                    {Method::ALL.iter().map(|m| view! { <option value=m.as_str()>{m.as_str()}</option> }).collect_view()}
                </select>
            </div>
            <Show when=has_body>
                <div class="field">
                    <label for="body-kind">"Body"</label>
                    <select
                        id="body-kind"
                        prop:value=move || body_kind().id()
                        on:change=move |ev| {
                            if let Some(k) = BodyKind::from_id(&event_target_value(&ev)) {
                                draft.update(|d| d.body_kind = k);
                            }
                        }
                    >
                        {BodyKind::ALL.iter().map(|k| view! { <option value=k.id()>{k.label()}</option> }).collect_view()}
                    </select>
                </div>
                <Show when=move || body_kind() != BodyKind::None>
                    <div class="field">
                        <label for="body">"Body template"</label>
                        <textarea
                            id="body"
                            rows="4"
                            spellcheck="false"
                            placeholder=move || match body_kind() {
                                BodyKind::Json => r#"{"click_id": "{clickid}", "payout": {payout}}"#,
                                _ => "click_id={clickid}&payout={payout}",
                            }
                            prop:value=move || draft.with(|d| d.body.clone())
                            on:input=move |ev| {
                                let text = event_target_value(&ev);
                                draft.update(|d| d.body = text);
                            }
                            on:paste=move |ev| body_guard.on_paste(ev)
                        ></textarea>
                        {body_guard.note("body-paste", "a body", TOO_LARGE_HINT)}
                    </div>
                </Show>
            </Show>
            <div class="field">
                <label for="headers">"Headers"</label>
                <textarea
                    id="headers"
                    rows="2"
                    spellcheck="false"
                    placeholder="X-Token: {token}"
                    aria-describedby="headers-hint"
                    prop:value=move || draft.with(|d| d.headers.clone())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        draft.update(|d| d.headers = text);
                    }
                    on:paste=move |ev| headers_guard.on_paste(ev)
                ></textarea>
                <p class="hint" id="headers-hint">
                    "One per line, as Name: value. A custom header makes the browser ask the receiver first (a CORS preflight)."
                </p>
                {headers_guard.note("headers-paste", "the headers", TOO_LARGE_HINT)}
            </div>
            {unreadable}
        </details>
    }
}
