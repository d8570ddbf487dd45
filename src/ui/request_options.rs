//! The method, the body and the header lines of the request.

use leptos::prelude::*;
use postback_core::{draft::BodyKind, request::Method};

use super::builder::Builder;

/// "Method", and for methods with a body, "Body" and "Body template"; then "Headers".
#[component]
pub fn RequestOptions(
    /// The postback being built.
    builder: Builder,
) -> impl IntoView {
    let has_body = move || builder.draft.with(|d| d.method.has_body());
    let body_kind = move || builder.draft.with(|d| d.body_kind);
    view! {
        <details class="request-options">
            <summary>"Method, body and headers"</summary>
            <div class="field">
                <label for="method">"Method"</label>
                <select
                    id="method"
                    prop:value=move || builder.draft.with(|d| d.method.as_str())
                    on:change=move |ev| {
                        if let Some(m) = Method::from_name(&event_target_value(&ev)) {
                            builder.draft.update(|d| d.method = m);
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
                                builder.draft.update(|d| d.body_kind = k);
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
                            prop:value=move || builder.draft.with(|d| d.body.clone())
                            on:input=move |ev| {
                                let text = event_target_value(&ev);
                                builder.draft.update(|d| d.body = text);
                            }
                        ></textarea>
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
                    prop:value=move || builder.draft.with(|d| d.headers.clone())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        builder.draft.update(|d| d.headers = text);
                    }
                ></textarea>
                <p class="hint" id="headers-hint">
                    "One per line, as Name: value. A custom header makes the browser ask the receiver first (a CORS preflight)."
                </p>
            </div>
        </details>
    }
}
