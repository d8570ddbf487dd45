//! The template field, the values for its macros, and the URL they give.

use leptos::prelude::*;
use postback_core::TemplateError;

use super::{
    draft::Draft, error_note::ErrorNote, macro_inputs::MacroInputs, postback_output::PostbackOutput,
};

const EXAMPLE: &str = "https://trk.example/postback?cid={clickid}&payout={payout}";

/// The "Build" job: type a template, fill in its macros, read the postback URL.
#[component]
pub fn TemplateEditor(
    /// The postback being built.
    draft: Draft,
) -> impl IntoView {
    let problem = move || {
        draft.parsed.with(|parsed| match parsed {
            Ok(_) | Err(TemplateError::Empty) => None,
            Err(e) => Some(view! {
                <ErrorNote
                    id="template-problem"
                    message=e.to_string()
                    hint=e.hint().to_owned()
                    spot=e.span().map(|span| (draft.template.get_untracked(), span))
                />
            }),
        })
    };
    let empty = move || {
        draft
            .parsed
            .with(|p| matches!(p, Err(TemplateError::Empty)))
            .then(|| {
                view! {
                    <p class="note">
                        "Paste the postback URL your tracker gave you. Write each value to fill "
                        "in as a macro, like " <code>"{clickid}"</code> "."
                    </p>
                }
            })
    };
    view! {
        <section class="card job-build" aria-labelledby="build-heading">
            <h2 id="build-heading">"Build"</h2>
            <div class="field">
                <label for="template">"Postback template"</label>
                <textarea
                    id="template"
                    rows="3"
                    spellcheck="false"
                    autocomplete="off"
                    placeholder=EXAMPLE
                    aria-describedby="template-problem"
                    prop:value=move || draft.template.get()
                    on:input=move |ev| draft.template.set(event_target_value(&ev))
                ></textarea>
            </div>
            {empty}
            {problem}
            <MacroInputs draft=draft />
            <PostbackOutput draft=draft />
        </section>
    }
}
