//! The "Test plans" card: every event for every partner as one suite, run in the page on the
//! one fire pipeline, with its evidence.

mod plan_card;
mod plan_evidence;
mod plan_matrix;
mod plan_partner;
mod run_dialog;
mod use_plan_run;

pub use plan_card::TestPlans;
