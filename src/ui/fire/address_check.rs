//! "Check the address": after a fire that got no readable answer, one press that tells "the
//! receiver hides its answer" from "nothing answers there", without sending the postback
//! again (the core's `address_check`: a `HEAD` of the origin's root, answer not read).

use leptos::prelude::*;
use postback_core::{address_check, address_check_verdict, FetchMode, FireRequest};

use crate::{net, ui::widgets::ErrorNote};

/// How long the check waits, in seconds.
const CHECK_TIMEOUT_SECS: u32 = 10;

/// The button, and what the check found.
#[component]
pub fn AddressCheck(
    /// The request that got no readable answer.
    request: FireRequest,
) -> impl IntoView {
    let check = address_check(&request);
    let origin = check
        .as_ref()
        .ok()
        .map(|c| c.url().trim_end_matches('/').to_owned())
        .unwrap_or_default();
    let check_action = Action::new_local(move |check: &FireRequest| {
        let check = check.clone();
        async move { net::send(&check, CHECK_TIMEOUT_SECS, FetchMode::NoCors, None).await }
    });
    let found = move || {
        check_action.value().get().map(|sent| match sent {
            Ok(delivery) => {
                let verdict = address_check_verdict(&origin, &delivery);
                view! {
                    <p class=format!("verdict-small {}", verdict.tone.as_str())>{verdict.headline}</p>
                    <p class="hint">{verdict.detail}</p>
                }
                .into_any()
            }
            Err(e) => view! { <ErrorNote message=e.to_string() hint=e.hint().to_owned() /> }.into_any(),
        })
    };
    match check {
        Err(_) => ().into_any(),
        Ok(check) => view! {
            <div class="address-check">
                <button
                    type="button"
                    on:click=move |_| {
                        if !check_action.pending().get_untracked() {
                            check_action.dispatch(check.clone());
                        }
                    }
                    aria-disabled=move || check_action.pending().get().to_string()
                    aria-describedby="address-check-hint"
                >
                    "Check the address"
                </button>
                <p class="hint" id="address-check-hint">
                    "Asks the receiver's address for its front page, without the postback, so "
                    "nothing is counted twice."
                </p>
                <div role="status">
                    {move || check_action.pending().get().then_some(view! { <p class="note">"Checking…"</p> })}
                    {found}
                </div>
            </div>
        }
        .into_any(),
    }
}
