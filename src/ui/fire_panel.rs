//! The Fire button, what the browser will do before anything is sent, the request to copy as
//! a command, and the region that shows what happened.

use leptos::prelude::*;
use postback_core::{
    classify::classify,
    copy_as::{render, Target},
    preset::Answers,
    Draft, FireRequest, RequestError,
};

use super::{
    builder::Builder, copy_button::CopyButton, result_view::ResultView,
    run_history::use_run_history, scenario_runner::ScenarioRunner, share_panel::SharePanel,
};
use crate::net::{self, FireError, Fired, Mode, DEFAULT_TIMEOUT_SECS};

/// The longest time limit the timeout field accepts, in seconds.
const MAX_TIMEOUT_SECS: u32 = 120;

/// One press of a fire button: the request and how to send it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Shot {
    draft: Draft,
    token_param: Option<String>,
    request: Result<FireRequest, RequestError>,
    answers: Answers,
    mode: Mode,
    timeout_secs: u32,
}

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
    let controller = StoredValue::new_local(None::<web_sys::AbortController>);
    let runs = use_run_history();
    let (timeout, set_timeout) = signal(DEFAULT_TIMEOUT_SECS.to_string());
    let fire_action = Action::new_local(move |shot: &Shot| {
        let shot = shot.clone();
        let cancel = web_sys::AbortController::new().ok();
        let signal = cancel.as_ref().map(web_sys::AbortController::signal);
        controller.set_value(cancel);
        async move {
            let fired = net::fire(shot.request, shot.timeout_secs, shot.mode, signal).await;
            if let (Some(runs), Ok(fired)) = (runs, &fired) {
                runs.record(&shot.draft, fired, shot.token_param.as_deref());
            }
            Outcome {
                fired,
                answers: shot.answers,
            }
        }
    });
    let pending = fire_action.pending();
    let request = builder.request;
    let timeout_secs = move || timeout.with(|t| parse_timeout(t));
    let fire = move |mode: Mode| {
        if pending.get_untracked() {
            return;
        }
        let answers = builder
            .draft
            .with_untracked(|d| d.preset().map_or(Answers::Undocumented, |p| p.answers));
        fire_action.dispatch(Shot {
            draft: builder.draft.get_untracked(),
            token_param: builder.token_param(),
            request: builder.request_now(),
            answers,
            mode,
            timeout_secs: timeout
                .with_untracked(|t| parse_timeout(t))
                .unwrap_or(DEFAULT_TIMEOUT_SECS),
        });
    };
    let on_cancel = move |_| {
        controller.with_value(|c| {
            if let Some(c) = c {
                c.abort();
            }
        });
    };
    let precheck = move || {
        request.with(|r| match r {
            Ok(r) => classify(&net::page_origin(), r)
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
            Err(e) => view! {
                <li class="precheck-note blocks">
                    {format!("Cannot be sent: {e}. {}", e.hint())}
                </li>
            }
            .into_any(),
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
                    on:click=move |_| fire(Mode::Read)
                    aria-disabled=move || pending.get().to_string()
                >
                    "Fire"
                </button>
                <button
                    type="button"
                    on:click=move |_| fire(Mode::NoCors)
                    aria-disabled=move || pending.get().to_string()
                    aria-describedby="no-cors-hint"
                >
                    "Fire without reading the answer"
                </button>
                <Show when=move || pending.get()>
                    <button type="button" on:click=on_cancel>"Cancel"</button>
                </Show>
                <span class="pending" aria-live="polite">
                    {move || pending.get().then_some("Sending…")}
                </span>
            </div>
            <p class="hint" id="no-cors-hint">
                "Without reading the answer (no-cors), a receiver without CORS headers still gets "
                "the postback, but custom headers and JSON bodies are dropped and neither status "
                "nor body can be known."
            </p>
            <div class="field timeout">
                <label for="timeout">"Timeout (seconds)"</label>
                <input
                    id="timeout"
                    type="number"
                    min="1"
                    max=MAX_TIMEOUT_SECS
                    inputmode="numeric"
                    prop:value=move || timeout.get()
                    on:input=move |ev| set_timeout.set(event_target_value(&ev))
                    aria-invalid=move || timeout_secs().is_none().to_string()
                />
                {move || timeout_secs().is_none().then(|| view! {
                    <p class="hint problem-text">
                        {format!("Type a whole number of seconds from 1 to {MAX_TIMEOUT_SECS}; until then {DEFAULT_TIMEOUT_SECS} s is used.")}
                    </p>
                })}
            </div>
            <div class="copies">
                <span class="hint">"Copy the request as"</span>
                {copies}
            </div>
            <div class="result" role="region" aria-labelledby="result-heading">
                <h3 id="result-heading">"Result"</h3>
                <ResultView outcome=fire_action.value() />
            </div>
            <ScenarioRunner
                builder=builder
                timeout_secs=Signal::derive(move || timeout_secs().unwrap_or(DEFAULT_TIMEOUT_SECS))
            />
            <SharePanel builder=builder />
        </section>
    }
}

/// The timeout typed, when it is a whole number of seconds in range.
fn parse_timeout(text: &str) -> Option<u32> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|s| (1..=MAX_TIMEOUT_SECS).contains(s))
}

#[cfg(test)]
mod tests {
    use super::parse_timeout;

    #[test]
    fn only_whole_seconds_in_range_are_a_timeout() {
        assert_eq!(parse_timeout(" 15 "), Some(15));
        for bad in ["0", "121", "1.5", "", "ten", "-3"] {
            assert_eq!(parse_timeout(bad), None, "{bad:?}");
        }
    }
}
