//! Test plans: every conversion event for every partner as one suite, fired on the one fire
//! pipeline (see `fire`), so a plan's cell gives the same verdict as the same postback fired by
//! hand or by a scenario step.
//!
//! - `model`: a plan, its partners, events and negative checks.
//! - `env`: `${env:NAME}` placeholders in values and secrets, filled at run time.
//! - `cells`: the partner × event cells, what each expects, each one prepared and judged.
//! - `run`: a run of a plan as stored: which cells were sent, are being sent, or wait.
//! - `file`: plans as versioned JSON files and as the page keeps them.
//! - `report`: a plan's evidence as a Markdown matrix, JSON and JUnit XML.

mod cells;
mod env;
mod file;
mod model;
mod report;
mod run;

#[cfg(test)]
mod tests;

pub use cells::{judge_cell, Cell, CellError, CellKind, Expectation};
pub use env::{env_asks, env_names, fill_env, fill_known_env, EnvAsk, EnvError, EnvSpot};
pub use file::{
    load_plans, plan_json, read_plan, PlanError, StoredPlan, StoredPlans, MAX_PLAN_BYTES,
    MAX_PLAN_NAME_BYTES, PLAN_FORMAT, PLAN_VERSION,
};
pub(crate) use file::{plan_from_value, PLAN_STEPS};
pub use model::{Negative, Partner, Plan, MAX_PARTNERS};
pub use report::{plan_json_evidence, plan_junit, plan_markdown};
pub use run::{CellState, NotReady, PlanRun, RunPreview, Summary};
