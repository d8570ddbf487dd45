//! "Share this test": the prepared test as a link (secrets left out unless included on
//! purpose), or as a guided partner check that opens in a simple view.

use leptos::prelude::*;
use postback_core::{Draft, PartnerCheck, Scenario, Shared, Signing};

use crate::{
    page,
    ui::widgets::{CopyButton, ErrorNote},
};

/// A made link, or why none could be made.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Made {
    Link(String),
    Problem { message: String, hint: String },
}

/// "Share this test": "Include secrets in the link", "Asked by", "Note for the partner", then
/// "Make share link" or "Make partner check link"; the result shows in "Share link".
#[component]
pub fn ShareTest(
    /// The postback to share.
    #[prop(into)]
    draft: Signal<Draft>,
    /// How its fires are signed.
    #[prop(into)]
    signing: Signal<Signing>,
    /// The scenario chosen, which the link carries.
    #[prop(into)]
    scenario: Signal<Scenario>,
) -> impl IntoView {
    let (secrets, set_secrets) = signal(false);
    let (asked_by, set_asked_by) = signal(String::new());
    let (note, set_note) = signal(String::new());
    let (made, set_made) = signal(None::<Made>);
    let make = move |partner: bool| {
        let partner = partner.then(|| PartnerCheck {
            asked_by: asked_by.get_untracked().trim().to_owned(),
            note: note.get_untracked().trim().to_owned(),
        });
        let shared = draft.with_untracked(|d| {
            signing.with_untracked(|s| {
                Shared::new(
                    d,
                    s,
                    Some(scenario.get_untracked()),
                    secrets.get_untracked(),
                    partner,
                )
            })
        });
        set_made.set(Some(match shared.to_fragment() {
            Ok(fragment) => Made::Link(format!("{}#{fragment}", page::base_url())),
            Err(e) => Made::Problem {
                message: e.to_string(),
                hint: e.hint().to_owned(),
            },
        }));
    };
    let link = Signal::derive(move || match made.get() {
        Some(Made::Link(l)) => l,
        _ => String::new(),
    });
    view! {
        <details class="share">
            <summary>"Share this test"</summary>
            <p class="hint">
                "The link holds the template, the values, the method, body and headers, the "
                "signing choice and the scenario. Opening it fills the page and sends nothing: "
                "the person who opens it sees the target and presses Fire."
            </p>
            <div class="check">
                <input id="share-secrets" type="checkbox"
                    prop:checked=move || secrets.get()
                    on:change=move |ev| set_secrets.set(event_target_checked(&ev)) />
                <label for="share-secrets">"Include secrets in the link"</label>
            </div>
            {move || secrets.get().then(|| view! {
                <p class="note problem-text">
                    "Tokens and the signing secret will be in the link: anyone who gets it can "
                    "send conversions as you. Share it only with the person who needs it."
                </p>
            })}
            <div class="field">
                <label for="share-asked-by">"Asked by"</label>
                <input id="share-asked-by" type="text" placeholder="Your name or team, shown to the partner"
                    prop:value=move || asked_by.get()
                    on:input=move |ev| set_asked_by.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="share-note">"Note for the partner"</label>
                <textarea id="share-note" rows="2"
                    prop:value=move || note.get()
                    on:input=move |ev| set_note.set(event_target_value(&ev))></textarea>
            </div>
            <div class="actions">
                <button type="button" on:click=move |_| make(false)>"Make share link"</button>
                <button type="button" on:click=move |_| make(true)>"Make partner check link"</button>
            </div>
            {move || match made.get() {
                None => ().into_any(),
                Some(Made::Problem { message, hint }) => view! { <ErrorNote message=message hint=hint /> }.into_any(),
                Some(Made::Link(_)) => view! {
                    <div class="field">
                        <label for="share-link">"Share link"</label>
                        <input id="share-link" type="text" readonly prop:value=move || link.get() />
                        <CopyButton text=link what="the share link" />
                    </div>
                }.into_any(),
            }}
        </details>
    }
}
