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
) -> impl IntoView {
    let notes = move || {
        preview.with(|p| match p {
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
