//! The Fire button, what the browser will do before anything is sent, the request to copy as
//! a command, and the region that shows what happened.

use leptos::prelude::*;
use postback_core::{
    classify::classify,
    copy_as::{render, Target},
    preset::Answers,
    FireRequest, RequestError,
};

use super::{builder::Builder, copy_button::CopyButton, result_view::ResultView};
use crate::net::{self, FireError, Fired, DEFAULT_TIMEOUT_SECS};

/// What one press of Fire gave, with what the chosen platform's answers look like.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The fire, or why nothing was sent.
    pub fired: Result<Fired, FireError>,
    /// The chosen platform's documented answers, for reading the body.
    pub answers: Answers,
}

/// The "Fire" job: check, send once per press, and show the result.
#[component]
pub fn FirePanel(
    /// The postback being built.
    builder: Builder,
) -> impl IntoView {
    let fire_action = Action::new_local(
        |(request, answers): &(Result<FireRequest, RequestError>, Answers)| {
            let (request, answers) = (request.clone(), *answers);
            async move {
                Outcome {
                    fired: net::fire(request, DEFAULT_TIMEOUT_SECS).await,
                    answers,
                }
            }
        },
    );
    let pending = fire_action.pending();
    let request = Memo::new(move |_| builder.draft.with(|d| builder.build.with(|b| b.request(d))));
    let on_fire = move |_| {
        if !pending.get_untracked() {
            let answers = builder
                .draft
                .with_untracked(|d| d.preset().map_or(Answers::Undocumented, |p| p.answers));
            fire_action.dispatch((request.get_untracked(), answers));
        }
    };
    let precheck = move || {
        request.with(|r| {
            r.as_ref().ok().map(|r| {
                classify(&net::page_origin(), r)
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
            })
        })
    };
    let copies = Target::ALL
        .iter()
        .map(|&target| {
            let text = Signal::derive(move || {
                request.with(|r| r.as_ref().map(|r| render(r, target)).unwrap_or_default())
            });
            view! { <CopyButton text=text what=format!("as {}", target.label()) label=target.label() /> }
        })
        .collect_view();
    view! {
        <section class="card job-fire" aria-labelledby="fire-heading">
            <h2 id="fire-heading">"Fire"</h2>
            <p class="note">
                "Sends the postback once with your browser, without cookies or referrer. "
                "It never fires again on its own."
            </p>
            <div class="precheck">
                <h3 id="precheck-heading">"Before sending"</h3>
                <ul aria-labelledby="precheck-heading">{precheck}</ul>
            </div>
            <div class="actions">
                <button
                    type="button"
                    class="primary"
                    on:click=on_fire
                    aria-disabled=move || pending.get().to_string()
                >
                    "Fire"
                </button>
                <span class="pending" aria-live="polite">
                    {move || pending.get().then_some("Sending…")}
                </span>
            </div>
            <div class="copies">
                <span class="hint">"Copy the request as"</span>
                {copies}
            </div>
            <div class="result" role="region" aria-labelledby="result-heading">
                <h3 id="result-heading">"Result"</h3>
                <ResultView outcome=fire_action.value() />
            </div>
        </section>
    }
}
