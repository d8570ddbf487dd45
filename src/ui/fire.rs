//! The "Fire" card: what the browser will do before sending, the one fire hook every way of
//! firing uses, the result, scenarios, and sharing the prepared test. The card's code arrives
//! just after the page has started, so the first download carries the builder only.

mod address_check;
mod before_sending;
mod fire_card;
mod local_relay;
mod problem_question;
mod result_view;
mod scenarios;
mod share_test;
mod use_fire;

use leptos::prelude::*;
use postback_core::{Build, Draft, FireError, Prepared, Scenario, Signing};

use crate::ui::widgets::lazy_view;
pub use address_check::AddressCheck;
pub use before_sending::BeforeSending;
pub use fire_card::FireCard;
pub use result_view::{NotSent, Outcome};
pub use use_fire::{send_prepared, use_fire, Sending, Shot};

lazy_view! {
    /// The "Fire" card, from the part of the WebAssembly fetched after start-up.
    fire: fn fire_card(
        draft: Signal<Draft>,
        built: Signal<Build>,
        signing: Signal<Signing>,
        preview: Signal<Result<Prepared, FireError>>,
        scenario: RwSignal<Scenario>,
        on_attempt: Callback<()>,
    ) {
        view! {
            <FireCard
                draft=draft
                built=built
                signing=signing
                preview=preview
                scenario=scenario
                on_attempt=on_attempt
            />
        }
        .into_any()
    }
}
