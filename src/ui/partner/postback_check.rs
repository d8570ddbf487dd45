//! The guided partner check: who asked, numbered plain steps, one large Fire button, a verdict
//! in plain words, and "Send the result back" as a result link or a Markdown summary.

use leptos::prelude::*;
use postback_core::{
    classify, evidence_markdown, Draft, FireError, LocalTarget, PartnerCheck, Prepared, Run,
    SharedResult, Signing,
};

use crate::{
    net::DEFAULT_TIMEOUT_SECS,
    page,
    ui::{
        fire::{use_fire, BeforeSending, NotSent, Outcome, Shot},
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
    let asked_by = partner.asked_by.trim().to_owned();
    let asked = if asked_by.is_empty() {
        "the person who sent it".to_owned()
    } else {
        asked_by.clone()
    };
    let request =
        Signal::derive(move || preview.with(|p| p.as_ref().ok().map(|p| p.request.clone())));
    let local = move || {
        request.with(|r| {
            r.as_ref()
                .and_then(|r| classify(&page::origin(), r).local)
                .map(|l| match l {
                    LocalTarget::Private => {
                        "This sends a request to a device on your own network, not to a tracker on the internet."
                    }
                    LocalTarget::Loopback => {
                        "This sends a request to this computer itself, not to a tracker on the internet."
                    }
                })
        })
    };
    let result = {
        let asked = asked.clone();
        move || {
            fire.outcome.get().map(|outcome| match outcome {
                Outcome { fired: Err(e) } => not_sent(&e).into_any(),
                Outcome { fired: Ok(fired) } => sent_back(&asked, fired.run).into_any(),
            })
        }
    };
    let from = if asked_by.is_empty() {
        view! { <p class="lead">"The link does not say who it comes from. It asks you to check that a test conversion reaches a tracker."</p> }.into_any()
    } else {
        view! {
            <p class="lead">
                "The link says it comes from " <bdi class="from">{asked_by}</bdi>
                ". It asks you to check that a test conversion reaches their tracker."
            </p>
        }
        .into_any()
    };
    view! {
        <main class="partner">
            <section class="card" aria-labelledby="partner-heading">
                <h2 id="partner-heading">"Postback check"</h2>
                {from}
                {(!partner.note.is_empty()).then(|| view! {
                    <p class="hint">"The link's note:"</p>
                    <blockquote class="partner-note"><bdi>{partner.note.clone()}</bdi></blockquote>
                })}
                <ol class="partner-steps">
                    <li>"Check what will be sent, below: this is where the test goes."</li>
                    <li>"Press the Fire button once. Nothing is sent before you press it."</li>
                    <li>"Send the result back with one of the two buttons that appear."</li>
                </ol>
                <h3 id="partner-sends-heading">"What will be sent"</h3>
                {move || local().map(|l| view! { <p class="note problem-text" role="note">{l}</p> })}
                {move || request.get().map(|r| view! { <RequestLines text=r.to_visible_text() /> })}
                <details class="request-options">
                    <summary>"Details for the technical team"</summary>
                    <BeforeSending preview=preview />
                </details>
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

/// How many lines of the request show before the rest is folded away.
const SHOWN_LINES: usize = 10;

/// The request as it is sent, line by line in monospace: the first lines, then "and N more
/// lines" that opens to show the rest.
#[component]
fn RequestLines(
    /// The request as text.
    text: String,
) -> impl IntoView {
    let lines: Vec<&str> = text.lines().collect();
    let (shown, rest) = lines.split_at(lines.len().min(SHOWN_LINES));
    let shown = shown.join("\n");
    let rest = (!rest.is_empty()).then(|| (rest.len(), rest.join("\n")));
    view! {
        <pre class="sent-request" aria-labelledby="partner-sends-heading"><bdi>{shown}</bdi></pre>
        {rest.map(|(count, rest)| view! {
            <details class="more-lines">
                <summary>{format!("and {count} more line{}", if count == 1 { "" } else { "s" })}</summary>
                <pre class="sent-request"><bdi>{rest}</bdi></pre>
            </details>
        })}
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
        <p class="hint">"Copy one of these and send it to " <bdi>{asked_by.to_owned()}</bdi> "."</p>
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
