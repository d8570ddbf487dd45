//! How a fire is signed: nothing, a static token parameter, or an HMAC signature header in
//! Stripe's, GitHub's, Shopify's or Standard Webhooks' format. The secret stays in memory.

use leptos::prelude::*;
use postback_core::{SignError, SigningForm, SigningKind};

use crate::ui::widgets::ErrorNote;

/// "Signature or token": the "Signing" menu and, for the choice made, "Token parameter" and
/// "Token value", or "Signing secret".
#[component]
pub fn SigningOptions(
    /// The form as typed; every field keeps what was typed when another kind is chosen.
    signing_form: RwSignal<SigningForm>,
    /// "Remember secrets on this device".
    remember: RwSignal<bool>,
    /// Why the chosen signing cannot sign yet, if it cannot.
    #[prop(into)]
    problem: Signal<Option<SignError>>,
) -> impl IntoView {
    // A link that signs opens with this section shown.
    let starts_open = signing_form.with_untracked(|f| f.kind != SigningKind::Off);
    let kind = move || signing_form.with(|f| f.kind);
    let field =
        move |get: fn(&SigningForm) -> &String| move || signing_form.with(|f| get(f).clone());
    let set_field = move |set: fn(&mut SigningForm, String)| {
        move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            signing_form.update(|f| set(f, text));
        }
    };
    let problem = move || {
        problem.get().map(|e| {
            view! { <ErrorNote message=e.to_string() hint=e.hint().to_owned() id="signing-problem" /> }
        })
    };
    let is_hmac = move || matches!(kind(), SigningKind::Hmac(_));
    view! {
        <details class="request-options" open=starts_open>
            <summary>"Signature or token"</summary>
            <div class="field">
                <label for="signing">"Signing"</label>
                <select
                    id="signing"
                    prop:value=move || kind().id()
                    on:change=move |ev| {
                        if let Some(k) = SigningKind::from_id(&event_target_value(&ev)) {
                            signing_form.update(|f| f.kind = k);
                        }
                    }
                >
                    {SigningKind::ALL.iter().map(|k| view! {
                        <option value=k.id()>{k.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            {move || (kind() == SigningKind::Token).then(|| view! {
                <div class="field">
                    <label for="token-param">"Token parameter"</label>
                    <input id="token-param" type="text" spellcheck="false" autocomplete="off"
                        prop:value=field(|f| &f.param) on:input=set_field(|f, t| f.param = t) />
                </div>
                <div class="field">
                    <label for="token-value">"Token value"</label>
                    <input id="token-value" type="password" spellcheck="false" autocomplete="off"
                        prop:value=field(|f| &f.token) on:input=set_field(|f, t| f.token = t) />
                </div>
            })}
            {move || is_hmac().then(|| view! {
                <div class="field">
                    <label for="signing-secret">"Signing secret"</label>
                    <input id="signing-secret" type="password" spellcheck="false" autocomplete="off"
                        prop:value=field(|f| &f.secret) on:input=set_field(|f, t| f.secret = t) />
                </div>
                <p class="hint">
                    "The signature header is not one a browser sends freely: it asks the receiver "
                    "first (a CORS preflight), and the receiver must allow the header, or nothing "
                    "is sent. Each press of Fire signs again with the current time."
                </p>
            })}
            <p class="hint">
                "Secrets stay in this tab's memory and leave it only in a link you make with "
                "them included, unless you tick the box below."
            </p>
            <div class="check">
                <input id="remember-secrets" type="checkbox"
                    prop:checked=move || remember.get()
                    on:change=move |ev| remember.set(event_target_checked(&ev)) />
                <label for="remember-secrets">"Remember secrets on this device"</label>
            </div>
            {move || remember.get().then(|| view! {
                <p class="note problem-text">
                    "Tokens and the signing secret are written to this browser's storage, "
                    "where anyone using this browser profile, and any page of this site's "
                    "origin, can read them. Untick to forget them, or use Delete all my data in this browser."
                </p>
            })}
            {problem}
        </details>
    }
}
