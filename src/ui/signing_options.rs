//! How a fire is signed: nothing, a static token parameter, or an HMAC signature header in
//! Stripe's, GitHub's, Shopify's or Standard Webhooks' format. The secret stays in memory.

use leptos::prelude::*;
use postback_core::{
    sign::{Scheme, Signing},
    RequestError,
};

use super::{builder::Builder, error_note::ErrorNote};

/// The menu value for no signing, and for a static token.
const OFF: &str = "off";
const TOKEN: &str = "token";

/// "Signature or token": the "Signing" menu and, for the choice made, "Token parameter" and
/// "Token value", or "Signing secret".
#[component]
pub fn SigningOptions(
    /// The postback being built; its `signing` is set here.
    builder: Builder,
) -> impl IntoView {
    // Start from the signing already set (by a share link), so what it set shows.
    let (start_kind, start_param, start_token, start_secret) = match builder.signing.get_untracked()
    {
        Signing::Off => (
            OFF.to_owned(),
            "token".to_owned(),
            String::new(),
            String::new(),
        ),
        Signing::Token { param, value } => (TOKEN.to_owned(), param, value, String::new()),
        Signing::Hmac { scheme, secret } => (
            scheme.id().to_owned(),
            "token".to_owned(),
            String::new(),
            secret,
        ),
    };
    let starts_open = start_kind != OFF;
    let (kind, set_kind) = signal(start_kind);
    let (param, set_param) = signal(start_param);
    let (token, set_token) = signal(start_token);
    let (secret, set_secret) = signal(start_secret);
    // Every field keeps what was typed when another choice is made; only the choice is sent.
    let sync = move || {
        let signing = kind.with_untracked(|k| match k.as_str() {
            TOKEN => Signing::Token {
                param: param.get_untracked(),
                value: token.get_untracked(),
            },
            id => Scheme::from_id(id).map_or(Signing::Off, |scheme| Signing::Hmac {
                scheme,
                secret: secret.get_untracked(),
            }),
        });
        builder.signing.set(signing);
    };
    let input = move |set: WriteSignal<String>| {
        move |ev| {
            set.set(event_target_value(&ev));
            sync();
        }
    };
    let problem = move || match builder.request.get() {
        Err(RequestError::Signing(e)) => Some(view! {
            <ErrorNote message=e.to_string() hint=e.hint().to_owned() id="signing-problem" />
        }),
        _ => None,
    };
    let is_hmac = move || kind.with(|k| Scheme::from_id(k).is_some());
    view! {
        <details class="request-options" open=starts_open>
            <summary>"Signature or token"</summary>
            <div class="field">
                <label for="signing">"Signing"</label>
                <select
                    id="signing"
                    prop:value=move || kind.get()
                    on:change=input(set_kind)
                >
                    <option value=OFF>"None: send as built"</option>
                    <option value=TOKEN>"Static token parameter"</option>
                    {Scheme::ALL.iter().map(|s| view! {
                        <option value=s.id()>{format!("{} signature ({})", s.label(), s.header())}</option>
                    }).collect_view()}
                </select>
            </div>
            {move || kind.with(|k| k == TOKEN).then(|| view! {
                <div class="field">
                    <label for="token-param">"Token parameter"</label>
                    <input id="token-param" type="text" spellcheck="false" autocomplete="off"
                        prop:value=move || param.get() on:input=input(set_param) />
                </div>
                <div class="field">
                    <label for="token-value">"Token value"</label>
                    <input id="token-value" type="password" spellcheck="false" autocomplete="off"
                        prop:value=move || token.get() on:input=input(set_token) />
                </div>
            })}
            {move || is_hmac().then(|| view! {
                <div class="field">
                    <label for="signing-secret">"Signing secret"</label>
                    <input id="signing-secret" type="password" spellcheck="false" autocomplete="off"
                        prop:value=move || secret.get() on:input=input(set_secret) />
                </div>
                <p class="hint">
                    "The signature header is not one a browser sends freely: it asks the receiver "
                    "first (a CORS preflight), and the receiver must allow the header, or nothing "
                    "is sent. Each press of Fire signs again with the current time."
                </p>
            })}
            <div class="check">
                <input id="remember-secrets" type="checkbox"
                    prop:checked=move || builder.remember.get()
                    on:change=move |ev| builder.remember.set(event_target_checked(&ev)) />
                <label for="remember-secrets">"Remember secrets on this device"</label>
            </div>
            {move || if builder.remember.get() {
                view! {
                    <p class="note problem-text">
                        "Tokens and the signing secret are written to this browser's storage, "
                        "where anyone using this browser profile, and any page of this site's "
                        "origin, can read them. Untick to forget them, or use Forget everything."
                    </p>
                }.into_any()
            } else {
                view! {
                    <p class="hint">"Secrets are kept in this tab's memory only: never stored, never shared unless you include them in a link."</p>
                }.into_any()
            }}
            {problem}
        </details>
    }
}
