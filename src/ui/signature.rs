//! The "Check a signature" card, for the receiving side of signed webhooks. Its code arrives
//! after the page has started.

mod signature_check;

use leptos::prelude::*;

use crate::ui::widgets::lazy_view;
pub use signature_check::SignatureCheck;

lazy_view! {
    /// The "Check a signature" card, from the part of the WebAssembly fetched after start-up.
    cards: fn signature_check_card() {
        view! { <SignatureCheck /> }.into_any()
    }
}
