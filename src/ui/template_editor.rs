//! The "Build" job: platform, template, values, the built request and its problems.

use leptos::prelude::*;
use postback_core::TemplateError;

use super::{
    builder::Builder, error_note::ErrorNote, macro_inputs::MacroInputs,
    postback_output::PostbackOutput, preset_card::PresetCard, preset_picker::PresetPicker,
    problem_list::ProblemList, request_options::RequestOptions, signing_options::SigningOptions,
    syntax_picker::SyntaxPicker, template_field::TemplateField,
};

/// The builder card.
#[component]
pub fn TemplateEditor(
    /// The postback being built.
    builder: Builder,
) -> impl IntoView {
    let note = move || {
        builder.build.with(|b| match &b.url {
            Err(TemplateError::Empty) => Some(
                view! {
                    <p class="note" id="template-note">
                        "Paste the postback URL your tracker gave you, or pick a platform above. "
                        "Write each value to fill in as a macro, like " <code>"{clickid}"</code> "."
                    </p>
                }
                .into_any(),
            ),
            Err(e) => Some(
                view! { <ErrorNote id="template-note" message=e.to_string() hint=e.hint() /> }
                    .into_any(),
            ),
            Ok(t) if t.macros().is_empty() && t.problems().is_empty() => Some(
                view! {
                    <p class="note" id="template-note">
                        "No macros in this template: the URL is used as it is. "
                        "Write a placeholder like " <code>"{clickid}"</code>
                        " to get an input for its value."
                    </p>
                }
                .into_any(),
            ),
            Ok(_) => None,
        })
    };
    view! {
        <section class="card job-build" aria-labelledby="build-heading">
            <h2 id="build-heading">"Build"</h2>
            <div class="pickers">
                <PresetPicker builder=builder />
                <SyntaxPicker builder=builder />
            </div>
            <PresetCard builder=builder />
            <TemplateField builder=builder />
            {note}
            <RequestOptions builder=builder />
            <SigningOptions builder=builder />
            <MacroInputs builder=builder />
            <PostbackOutput builder=builder />
            <ProblemList builder=builder />
        </section>
    }
}
