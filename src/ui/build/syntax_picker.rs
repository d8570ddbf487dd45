//! The macro syntax menu: detect, or read exactly one family.

use leptos::prelude::*;
use postback_core::{Draft, Syntax, SyntaxChoice};

const DETECT: &str = "detect";

/// The "Macro syntax" menu.
#[component]
pub fn SyntaxPicker(
    /// The postback being built; the menu sets its syntax.
    draft: RwSignal<Draft>,
) -> impl IntoView {
    let selected = move || match draft.with(|d| d.syntax) {
        SyntaxChoice::Detect => DETECT.to_owned(),
        SyntaxChoice::Only(s) => s.id().to_owned(),
    };
    let on_change = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        let choice = Syntax::from_id(&id).map_or(SyntaxChoice::Detect, SyntaxChoice::Only);
        draft.update(|d| d.syntax = choice);
    };
    view! {
        <div class="field">
            <label for="syntax">"Macro syntax"</label>
            <select id="syntax" prop:value=selected on:change=on_change>
                <option value=DETECT>"Any syntax"</option>
                {Syntax::ALL
                    .iter()
                    .map(|s| view! { <option value=s.id()>{format!("Only {}", s.example())}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}
