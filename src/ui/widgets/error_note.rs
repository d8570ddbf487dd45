//! A problem shown with what to do next, and the one said of a link that cannot be opened.

use leptos::prelude::*;
use postback_core::ShareError;

/// A message and its next step.
#[component]
pub fn ErrorNote(
    /// The short message.
    message: String,
    /// What the user can do next.
    hint: String,
    /// The id, so a field can point at the note with `aria-describedby`.
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    view! {
        <div class="note problem" id=id>
            <p class="note-message">{sentence(&message)}</p>
            <p class="note-hint">{hint}</p>
        </div>
    }
}

/// Why a link the page was opened with cannot be read, and what to do.
#[component]
pub fn LinkProblem(
    /// What is wrong with the link.
    error: ShareError,
) -> impl IntoView {
    view! {
        <ErrorNote message=format!("this link cannot be opened: {error}") hint=error.hint().to_owned() />
    }
}

/// The message with its first letter capitalised: core messages are short lowercase phrases.
pub fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::sentence;

    #[test]
    fn messages_start_with_a_capital_letter() {
        assert_eq!(sentence("no url found"), "No url found");
        assert_eq!(sentence("élan"), "Élan");
        assert_eq!(sentence(""), "");
    }
}
