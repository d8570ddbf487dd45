//! The "History" card: every run kept, searched, reopened, deleted and exported. Its code
//! arrives after the page has started; the runs themselves are kept by `ui::state`.

mod history_card;

use leptos::prelude::*;
use postback_core::Draft;

use crate::ui::widgets::lazy_view;
pub use history_card::HistoryCard;

lazy_view! {
    /// The "History" card, from the part of the WebAssembly fetched after start-up.
    cards: fn history_card(draft: RwSignal<Draft>) {
        view! { <HistoryCard draft=draft /> }.into_any()
    }
}
