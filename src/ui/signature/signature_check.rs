//! The verify mode: paste a body, a signature header and a secret, and learn whether they
//! match, or the likely reason they do not.

use leptos::prelude::*;
use postback_core::{verify_signature, Scheme, SignContext, Verification};

use crate::ui::widgets::{sentence, ErrorNote, PasteGuard};

/// "Check a signature": "Scheme", "Signed body", "Signature header", "Secret", and for Standard
/// Webhooks "Message ID" and "Timestamp (Unix seconds)"; the answer is in "Signature check".
#[component]
pub fn SignatureCheck() -> impl IntoView {
    let (scheme, set_scheme) = signal(Scheme::Stripe);
    let (body, set_body) = signal(String::new());
    let (header, set_header) = signal(String::new());
    let (secret, set_secret) = signal(String::new());
    let (id, set_id) = signal(String::new());
    let (timestamp, set_timestamp) = signal(String::new());
    let guard = PasteGuard::new(8 * 1024 * 1024);
    let needs_context = move || scheme.get() == Scheme::StandardWebhooks;
    let answer =
        move || {
            if header.with(|h| h.trim().is_empty()) {
                return view! { <p class="note">"Paste a signature header to check it."</p> }
                    .into_any();
            }
            let timestamp = if needs_context() {
                match timestamp.with(|t| t.trim().parse::<u64>()) {
                    Ok(t) => t,
                    Err(_) => return view! {
                        <ErrorNote
                            message="the timestamp is not a whole number of seconds".to_owned()
                            hint="Copy the webhook-timestamp header, such as 1700000000.".to_owned()
                        />
                    }
                    .into_any(),
                }
            } else {
                0
            };
            let context = SignContext {
                timestamp,
                id: id.get(),
            };
            let result = body.with(|b| {
                header.with(|h| {
                    secret.with(|s| verify_signature(scheme.get(), s, b.as_bytes(), h, &context))
                })
            });
            match result {
                Ok(Verification::Match) => {
                    view! { <p class="verdict good">"The signature matches"</p> }.into_any()
                }
                Ok(Verification::Mismatch(why)) => view! {
                    <p class="verdict warn">"The signature does not match"</p>
                    <ul class="reasons">
                        {why.into_iter().map(|w| view! { <li>{sentence(&w)}</li> }).collect_view()}
                    </ul>
                }
                .into_any(),
                Err(e) => view! { <ErrorNote message=e.to_string() hint=e.hint().to_owned() /> }
                    .into_any(),
            }
        };
    let text = |id: &'static str,
                label: &'static str,
                value: ReadSignal<String>,
                set: WriteSignal<String>,
                kind: &'static str| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type=kind spellcheck="false" autocomplete="off"
                    prop:value=move || value.get()
                    on:input=move |ev| set.set(event_target_value(&ev)) />
            </div>
        }
    };
    view! {
        <section class="card job-verify" aria-labelledby="verify-heading">
            <h2 id="verify-heading">"Check a signature"</h2>
            <p class="note">
                "For receivers of signed webhooks: does this header match this body and secret? "
                "Nothing here is sent or stored."
            </p>
            <div class="field">
                <label for="verify-scheme">"Scheme"</label>
                <select
                    id="verify-scheme"
                    on:change=move |ev| {
                        if let Some(s) = Scheme::from_id(&event_target_value(&ev)) {
                            set_scheme.set(s);
                        }
                    }
                >
                    {Scheme::ALL.iter().map(|s| view! {
                        <option value=s.id()>{format!("{} ({})", s.label(), s.header())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="verify-body">"Signed body"</label>
                <textarea id="verify-body" rows="4" spellcheck="false"
                    prop:value=move || body.get()
                    on:input=move |ev| set_body.set(event_target_value(&ev))
                    on:paste=move |ev| guard.on_paste(ev)></textarea>
                {guard.note("verify-body-paste", "this box", "Check the signature in a terminal for a body this large.")}
            </div>
            {text("verify-header", "Signature header", header, set_header, "text")}
            {text("verify-secret", "Secret", secret, set_secret, "password")}
            {move || needs_context().then(|| view! {
                {text("verify-id", "Message ID", id, set_id, "text")}
                {text("verify-timestamp", "Timestamp (Unix seconds)", timestamp, set_timestamp, "text")}
            })}
            <div class="result" role="region" aria-labelledby="verify-result-heading">
                <h3 id="verify-result-heading">"Signature check"</h3>
                {answer}
            </div>
        </section>
    }
}
