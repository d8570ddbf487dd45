//! "Share this test": the prepared test as a link (secrets left out unless included on
//! purpose), or as a guided partner check that opens in a simple view.

use leptos::prelude::*;
use postback_core::{Draft, PartnerCheck, Scenario, Secrets, Shared, Signing};

use crate::{
    page,
    ui::widgets::{CopyButton, ErrorNote},
};

/// A made link, or why none could be made.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Made {
    /// The link, whether it is a partner check, and the values it left out.
    Link {
        link: String,
        partner: bool,
        left_out: Vec<String>,
    },
    Problem {
        message: String,
        hint: String,
    },
}

/// "Share this test", beside Fire: "Make partner check link" or "Make share link", with
/// "Asked by", "Note for the partner" and "Include secrets in the link"; the link shows in
/// "Partner link" or "Share link", with the values it left out named.
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
    // Which link was asked for; the link itself follows the test and the fields, so typing
    // "Asked by" after making it, or changing the postback, never leaves a stale link to copy.
    let (asked_for, set_asked_for) = signal(None::<bool>);
    let made = Memo::new(move |_| {
        let for_partner = asked_for.get()?;
        let secrets = secrets.get();
        let left_out = if secrets {
            Vec::new()
        } else {
            draft.with(|d| signing.with(|s| Secrets::of(d, s).left_out(d).values))
        };
        let partner = for_partner.then(|| PartnerCheck {
            asked_by: asked_by.with(|a| a.trim().to_owned()),
            note: note.with(|n| n.trim().to_owned()),
        });
        let shared = draft
            .with(|d| signing.with(|s| Shared::new(d, s, Some(scenario.get()), secrets, partner)));
        Some(match shared.to_fragment() {
            Ok(fragment) => Made::Link {
                link: format!("{}#{fragment}", page::base_url()),
                partner: for_partner,
                left_out,
            },
            Err(e) => Made::Problem {
                message: e.to_string(),
                hint: e.hint().to_owned(),
            },
        })
    });
    let link = Signal::derive(move || match made.get() {
        Some(Made::Link { link, .. }) => link,
        _ => String::new(),
    });
    view! {
        <div class="share" role="group" aria-labelledby="share-heading">
            <h3 id="share-heading">"Share this test"</h3>
            <div class="actions">
                <button type="button" on:click=move |_| set_asked_for.set(Some(true))>"Make partner check link"</button>
                <button type="button" on:click=move |_| set_asked_for.set(Some(false))>"Make share link"</button>
            </div>
            <p class="hint">
                "A partner check link opens a simple page with one button, for a partner to fire "
                "this test from their browser and send you the result. A share link opens this "
                "full page, filled in. Opening either sends nothing."
            </p>
            {move || match made.get() {
                None => ().into_any(),
                Some(Made::Problem { message, hint }) => view! { <ErrorNote message=message hint=hint /> }.into_any(),
                Some(Made::Link { partner, left_out, .. }) => {
                    let (id, label, what) = if partner {
                        ("partner-link", "Partner link", "the partner link")
                    } else {
                        ("share-link", "Share link", "the share link")
                    };
                    view! {
                        <div class="field">
                            <label for=id>{label}</label>
                            <input id=id type="text" readonly prop:value=move || link.get() />
                            <CopyButton text=link what=what />
                        </div>
                        {(!left_out.is_empty()).then(|| view! {
                            <p class="note problem-text">
                                "Not in this link: " <strong><bdi>{left_out.join(", ")}</bdi></strong>
                                {if partner {
                                    ". A partner cannot type them, so their press is refused until they are there: tick Include secrets in the link (and send it privately), or leave them out of the test."
                                } else {
                                    ". Whoever opens the link types them again."
                                }}
                            </p>
                        })}
                    }
                    .into_any()
                }
            }}
            <div class="field">
                <label for="share-asked-by">"Asked by"</label>
                <input id="share-asked-by" type="text" placeholder="Your name or team"
                    prop:value=move || asked_by.get()
                    on:input=move |ev| set_asked_by.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="share-note">"Note for the partner"</label>
                <textarea id="share-note" rows="2"
                    prop:value=move || note.get()
                    on:input=move |ev| set_note.set(event_target_value(&ev))></textarea>
            </div>
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
        </div>
    }
}
