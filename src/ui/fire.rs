//! The "Fire" card: what the browser will do before sending, the one fire hook every way of
//! firing uses, the result, scenarios, and sharing the prepared test.

mod address_check;
mod before_sending;
mod fire_card;
mod local_relay;
mod problem_question;
mod result_view;
mod scenarios;
mod share_test;
mod use_fire;

pub use address_check::AddressCheck;
pub use before_sending::BeforeSending;
pub use fire_card::FireCard;
pub use result_view::{NotSent, Outcome};
pub use use_fire::{send_prepared, use_fire, Sending, Shot};
