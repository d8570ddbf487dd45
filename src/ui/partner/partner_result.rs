//! A partner's result, opened from the link they sent back: what their browser saw, and a
//! button to keep it in the history.

use leptos::prelude::*;
use postback_core::{Delivery, SharedResult};

use crate::ui::state::use_run_history;

/// "Result from a partner".
#[component]
pub fn PartnerResult(
    /// What the partner sent back.
    result: SharedResult,
) -> impl IntoView {
    let runs = use_run_history();
    let (kept, set_kept) = signal(false);
    let run = result.run.clone();
    let verdict = run.delivery.verdict();
    let answer = match &run.delivery {
        Delivery::Read { body: Some(b), .. } => Some(b.text.clone()),
        _ => None,
    };
    let for_whom = if result.asked_by.is_empty() {
        String::new()
    } else {
        format!(" for {}", result.asked_by)
    };
    view! {
        <section class="card partner-result" aria-labelledby="partner-result-title">
            <h2 id="partner-result-title">"Result from a partner"</h2>
            <p class="note">{format!("A partner fired this test{for_whom} on {}; this is what their browser saw.", run.when())}</p>
            <p class=format!("verdict {}", verdict.tone.as_str())>{verdict.headline}</p>
            <p class="verdict-detail">{verdict.detail}</p>
            <dl class="facts">
                <dt>"Sent"</dt><dd><code>{format!("{} {}", run.request.method().as_str(), run.request.url())}</code></dd>
                <dt>"Time"</dt><dd>{format!("{} ms", run.elapsed_ms)}</dd>
            </dl>
            {answer.map(|a| view! { <pre class="body">{a}</pre> })}
            <button type="button" on:click=move |_| {
                runs.import(vec![result.run.clone()]);
                set_kept.set(true);
            } aria-disabled=move || kept.get().to_string()>"Keep in history"</button>
            <span role="status">{move || kept.get().then_some("Kept in the history below.")}</span>
        </section>
    }
}
