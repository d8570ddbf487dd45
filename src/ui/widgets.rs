//! Small parts several cards use: a copy button, a problem with its next step, a guard
//! against pastes too large for a field, and the technical team's disclosure.

mod copy_button;
mod error_note;
mod paste_guard;
mod technical_detail;

pub use copy_button::CopyButton;
pub use error_note::{sentence, ErrorNote};
pub use paste_guard::PasteGuard;
pub use technical_detail::TechnicalDetail;
