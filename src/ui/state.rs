//! The state the cards share: the builder's signals and what they build, the run history as a
//! context, and keeping the builder's state between visits.

mod builder_state;
mod kept_plans;
mod run_history;
mod saved_state;

pub use builder_state::{prepare_now, BuilderState};
pub use kept_plans::{provide_kept_plans, use_kept_plans, KeptPlans};
pub use run_history::{provide_run_history, use_run_history, RunHistory};
pub use saved_state::{keep_saved, restore_saved};
