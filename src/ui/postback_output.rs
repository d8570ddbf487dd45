//! The live postback URL built from the template and its values.

use leptos::prelude::*;

use super::draft::Draft;

/// The built URL, and which macros still go out as written.
#[component]
pub fn PostbackOutput(
    /// The postback being built.
    draft: Draft,
) -> impl IntoView {
    let text = move || draft.expansion.with(|e| e.as_ref().map(|e| e.text.clone()));
    let unfilled = move || {
        draft
            .expansion
            .with(|e| e.as_ref().map(|e| e.unfilled.join(", ")))
            .filter(|names| !names.is_empty())
            .map(|names| {
                view! {
                    <p class="note">
                        "Not filled in yet: " <strong>{names}</strong>
                        ". Until they have values they are sent exactly as written."
                    </p>
                }
            })
    };
    view! {
        <div class="field">
            <label for="postback-url">"Postback URL"</label>
            <output id="postback-url" for="template" class="url">{text}</output>
        </div>
        {unfilled}
    }
}
