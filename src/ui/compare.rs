//! The "Template vs live request" card. Its code arrives after the page has started.

mod template_comparison;

use leptos::prelude::*;

use crate::ui::widgets::lazy_view;
pub use template_comparison::TemplateComparison;

lazy_view! {
    /// The "Template vs live request" card, from the part of the WebAssembly fetched after
    /// start-up.
    cards: fn template_comparison_card(template: Signal<String>) {
        view! { <TemplateComparison template=template /> }.into_any()
    }
}
