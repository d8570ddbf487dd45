//! The "Test plans" card: every event for every partner as one suite, run in the page on the
//! one fire pipeline, with its evidence. Its code arrives after the page has started.

mod plan_card;
mod plan_evidence;
mod plan_matrix;
mod plan_partner;
mod run_dialog;
mod use_plan_run;

use leptos::prelude::*;
use postback_core::{Draft, PlanLink, ShareError, Signing, SigningForm};

use crate::ui::widgets::lazy_view;
pub use plan_card::TestPlans;

lazy_view! {
    /// The "Test plans" card, from the part of the WebAssembly fetched after start-up.
    cards: fn test_plans_card(
        draft: RwSignal<Draft>,
        signing_form: RwSignal<SigningForm>,
        signing: Signal<Signing>,
        link: Option<PlanLink>,
        on_link: Callback<Result<String, ShareError>>,
    ) {
        view! {
            <TestPlans draft=draft signing_form=signing_form signing=signing link=link on_link=on_link />
        }
        .into_any()
    }
}
