//! The "Extract" card: click IDs and tracking parameters from pasted text or a file, and the
//! redirect chain they describe. Its code arrives after the page has started.

mod extract_card;
mod params_table;
mod redirect_chain;

use leptos::prelude::*;
use postback_core::{Build, Draft};

use crate::ui::widgets::lazy_view;
pub use extract_card::ExtractCard;

lazy_view! {
    /// The "Extract" card, from the part of the WebAssembly fetched after start-up.
    extract: fn extract_card(draft: RwSignal<Draft>, built: Signal<Build>) {
        view! { <ExtractCard draft=draft built=built /> }.into_any()
    }
}
