//! Small parts several cards use: a copy button, a problem with its next step, and a guard
//! against pastes too large for a field.

mod copy_button;
mod error_note;
mod paste_guard;

pub use copy_button::CopyButton;
pub use error_note::{sentence, ErrorNote};
pub use paste_guard::PasteGuard;
