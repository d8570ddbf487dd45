//! "Details for the technical team": a closed disclosure holding what a verdict means in
//! terms of CORS, preflights and fetch modes, so the main text stays plain.

use leptos::prelude::*;

/// The disclosure, or nothing when `text` is empty.
#[component]
pub fn TechnicalDetail(
    /// The technical explanation.
    text: String,
) -> impl IntoView {
    (!text.is_empty()).then(|| {
        view! {
            <details class="request-options technical">
                <summary>"Details for the technical team"</summary>
                <p class="hint">{text}</p>
            </details>
        }
    })
}
