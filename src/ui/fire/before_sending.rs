//! "Before sending": what the browser will do with the request, said before anything is sent.

use leptos::prelude::*;
use postback_core::{classify, FireError, Prepared, RequestError};

use crate::page;

/// The notes of the check before sending, or why the request cannot be sent.
#[component]
pub fn BeforeSending(
    /// The request Fire would send now.
    #[prop(into)]
    preview: Signal<Result<Prepared, FireError>>,
    /// Whether the local relay sends it, not the browser.
    #[prop(optional, into)]
    relayed: Signal<bool>,
) -> impl IntoView {
    let notes = move || {
        preview.with(|p| match p {
            Ok(_) if relayed.get() => view! {
                <li class="precheck-note">
                    "The local relay sends it from this computer and reads the whole answer, so "
                    "the browser's own checks (CORS, mixed content) do not apply. Press Fire to "
                    "send it once through the relay."
                </li>
            }
            .into_any(),
            Ok(p) => classify(&page::origin(), &p.request)
                .notes()
                .into_iter()
                .map(|note| {
                    let class = if note.blocks {
                        "precheck-note blocks"
                    } else {
                        "precheck-note"
                    };
                    view! { <li class=class>{note.text}</li> }
                })
                .collect_view()
                .into_any(),
            // Nothing typed yet is a start, not a problem.
            Err(FireError::Request(RequestError::Empty)) => view! {
                <li class="precheck-note">"Type or paste a postback template in Build to start."</li>
            }
            .into_any(),
            Err(e) => view! {
                <li class="precheck-note blocks">
                    {format!("Cannot be sent: {e}. {}", e.hint())}
                </li>
            }
            .into_any(),
        })
    };
    view! {
        <div class="precheck">
            <h3 id="precheck-heading">"Before sending"</h3>
            <ul aria-labelledby="precheck-heading">{notes}</ul>
        </div>
    }
}
