//! Shows a piece of the user's text with one span marked, so a message points at its spot.

use leptos::prelude::*;
use postback_core::Span;

/// The text with `span` marked. Text is always rendered as text, never as HTML.
#[component]
pub fn SpanEcho(
    /// The text the span points into.
    text: String,
    /// The bytes to mark; an empty span marks the place where something is missing.
    span: Span,
) -> impl IntoView {
    let before = text.get(..span.start).unwrap_or_default().to_owned();
    let marked = span.slice(&text).unwrap_or_default().to_owned();
    let after = text.get(span.end..).unwrap_or_default().to_owned();
    let marked = if marked.is_empty() {
        " ".to_owned()
    } else {
        marked
    };
    view! {
        <pre class="echo">{before}<mark>{marked}</mark>{after}</pre>
    }
}
