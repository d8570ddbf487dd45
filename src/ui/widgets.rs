//! Small parts several cards use: a copy button, a problem with its next step, a guard
//! against pastes too large for a field, the technical team's disclosure, and the frame of a
//! card whose code arrives after the page has started.

mod copy_button;
mod error_note;
mod lazy_card;
mod paste_guard;
mod technical_detail;

pub use copy_button::CopyButton;
pub use error_note::{sentence, ErrorNote, LinkProblem};
pub(crate) use lazy_card::lazy_view;
pub use lazy_card::{LazyCard, Load, Loaded};
pub use paste_guard::PasteGuard;
pub use technical_detail::TechnicalDetail;
