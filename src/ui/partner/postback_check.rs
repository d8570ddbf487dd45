//! The guided partner check: who asked, numbered plain steps, one large Fire button, a verdict
//! in plain words, and "Send the result back" as a result link or a Markdown summary.

use leptos::prelude::*;
use postback_core::{
    evidence_markdown, Draft, FireError, PartnerCheck, Prepared, Run, SharedResult, Signing,
};

use crate::{
    net::DEFAULT_TIMEOUT_SECS,
    page,
    ui::{
        fire::{use_fire, NotSent, Outcome, Shot},
        widgets::{CopyButton, ErrorNote},
    },
};

/// "Postback check": the simple view a partner check link opens.
#[component]
pub fn PostbackCheck(
    /// The prepared test.
    #[prop(into)]
    draft: Signal<Draft>,
    /// How it is signed.
    #[prop(into)]
    signing: Signal<Signing>,
    /// The request the button would send now.
    #[prop(into)]
    preview: Signal<Result<Prepared, FireError>>,
    /// Who asked, and their note.
    partner: PartnerCheck,
    /// Called when the partner wants the full tool.
    on_full_view: Callback<()>,
) -> impl IntoView {
    let fire = use_fire(draft, signing);
    let pending = fire.pending;
    let asked_by = if partner.asked_by.is_empty() {
        "Someone".to_owned()
    } else {
        partner.asked_by.clone()
    };
    let target = move || {
        preview.with(|p| {
            p.as_ref()
                .map(|p| format!("{} {}", p.request.method().as_str(), p.request.url()))
                .ok()
        })
    };
    let asked = asked_by.clone();
    let result = move || {
        fire.outcome.get().map(|outcome| match outcome {
            Outcome { fired: Err(e) } => not_sent(&e).into_any(),
            Outcome { fired: Ok(fired) } => sent_back(&asked, fired.run).into_any(),
        })
    };
    view! {
        <main class="partner">
            <section class="card" aria-labelledby="partner-heading">
                <h2 id="partner-heading">"Postback check"</h2>
                <p class="lead">{format!("{asked_by} asked you to check that a test conversion reaches their tracker.")}</p>
                {(!partner.note.is_empty()).then(|| view! { <blockquote class="partner-note">{partner.note.clone()}</blockquote> })}
                <ol class="partner-steps">
                    <li>"Check the address below: this is where the test goes."</li>
                    <li>"Press the Fire button once. Nothing is sent before you press it."</li>
                    <li>"Send the result back with one of the two buttons that appear."</li>
                </ol>
                <p><code class="step-url">{target}</code></p>
                <button type="button" class="primary big"
                    on:click=move |_| fire.fire.run(Shot::as_built(DEFAULT_TIMEOUT_SECS))
                    aria-disabled=move || pending.get().to_string()>
                    "Fire the test postback"
                </button>
                <span class="pending" aria-live="polite">{move || pending.get().then_some("Sending…")}</span>
                <div class="result" role="region" aria-labelledby="partner-result-heading">
                    <h3 id="partner-result-heading">"Result"</h3>
                    {result}
                </div>
                <p><button type="button" class="link" on:click=move |_| on_full_view.run(())>"Open the full tool"</button></p>
            </section>
        </main>
    }
}

fn not_sent(e: &NotSent) -> impl IntoView {
    view! {
        <p class="verdict warn">"Not sent"</p>
        <ErrorNote message=e.to_string() hint=e.hint().to_owned() />
    }
}

/// The verdict, and the two ways to send it back.
fn sent_back(asked_by: &str, run: Run) -> impl IntoView {
    let verdict = run.delivery.verdict();
    let summary = evidence_markdown(std::slice::from_ref(&run));
    let link = SharedResult::new(asked_by, run)
        .to_fragment()
        .map(|f| format!("{}#{f}", page::base_url()));
    view! {
        <p class=format!("verdict {}", verdict.tone.as_str())>{verdict.headline}</p>
        <p class="verdict-detail">{verdict.detail}</p>
        <h3 id="send-back-heading">"Send the result back"</h3>
        <p class="hint">{format!("Copy one of these and send it to {asked_by}.")}</p>
        {match link {
            Ok(link) => view! {
                <div class="field">
                    <label for="result-link">"Result link"</label>
                    <input id="result-link" type="text" readonly prop:value=link.clone() />
                    <CopyButton text=Signal::stored(link) what="the result link" label="Copy the result link" />
                </div>
            }.into_any(),
            Err(e) => view! { <ErrorNote message=e.to_string() hint="Copy the summary instead.".to_owned() /> }.into_any(),
        }}
        <div class="field">
            <label for="result-summary">"Summary"</label>
            <textarea id="result-summary" readonly rows="6" prop:value=summary.clone()></textarea>
            <CopyButton text=Signal::stored(summary) what="the summary" label="Copy the summary (Markdown)" />
        </div>
    }
}
