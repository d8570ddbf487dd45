//! A partner's result, opened from the link they sent back: what their browser saw, and a
//! button to keep it in the history.

use leptos::prelude::*;
use postback_core::{Delivery, Imported, SharedResult, MAX_RUNS};

use crate::ui::{state::use_run_history, widgets::TechnicalDetail};

/// "Result from a partner".
#[component]
pub fn PartnerResult(
    /// What the partner sent back.
    result: SharedResult,
) -> impl IntoView {
    let runs = use_run_history();
    let (kept, set_kept) = signal(None::<Imported>);
    let run = result.run.clone();
    let verdict = run.delivery.verdict();
    let answer = match &run.delivery {
        Delivery::Read { body: Some(b), .. } => Some(b.text.clone()),
        _ => None,
    };
    let for_whom = (!result.asked_by.trim().is_empty()).then(|| {
        view! { ", the link says for " <bdi>{result.asked_by.clone()}</bdi> }
    });
    view! {
        <section class="card partner-result" aria-labelledby="partner-result-title">
            <h2 id="partner-result-title">"Result from a partner"</h2>
            <p class="note">"A partner fired this test" {for_whom} {format!(" on {}; this is what their browser saw. Anyone can make such a link: trust it as much as whoever sent it to you.", run.when())}</p>
            {(result.sent > 1).then(|| view! {
                <p class="note problem-text">
                    {format!(
                        "The partner's browser sent this postback {} times: the tracker may have counted duplicate conversions. This is the last one.",
                        result.sent
                    )}
                </p>
            })}
            <p class=format!("verdict {}", verdict.tone.as_str())>{verdict.headline}</p>
            <p class="verdict-detail">{verdict.detail}</p>
            <TechnicalDetail text=verdict.technical />
            <dl class="facts">
                <dt>"Request"</dt><dd><code><bdi>{format!("{} {}", run.request.method().as_str(), run.request.url())}</bdi></code></dd>
                <dt>"Time"</dt><dd>{format!("{} ms", run.elapsed_ms)}</dd>
            </dl>
            {answer.map(|a| view! { <pre class="body"><bdi>{a}</bdi></pre> })}
            <button type="button" on:click=move |_| {
                if kept.get_untracked().is_none() {
                    set_kept.set(Some(runs.import(vec![result.run_to_keep()])));
                }
            } aria-disabled=move || kept.get().is_some().to_string()>"Keep in history"</button>
            <span role="status">{move || kept.get().map(|k| if k.not_kept > 0 {
                format!("Not kept: the history keeps the {MAX_RUNS} newest runs, and this one is older than all of them.")
            } else if k.already_here > 0 {
                "Already in the history below: it was kept before.".to_owned()
            } else {
                "Kept in the history below.".to_owned()
            })}</span>
        </section>
    }
}
