//! The guided partner check: who asked, numbered plain steps, one large Fire button, a verdict
//! in plain words, and "Send the result back" as a result link or a Markdown summary.

use leptos::prelude::*;
use postback_core::{
    evidence,
    share::{PartnerCheck, SharedResult},
    store::Run,
};

use super::{
    builder::Builder,
    copy_button::CopyButton,
    error_note::ErrorNote,
    run_history::{new_run, use_run_history},
};
use crate::{
    net::{self, Mode, DEFAULT_TIMEOUT_SECS},
    page,
};

/// The simple view a partner check link opens.
#[component]
pub fn PartnerView(
    /// The prepared test.
    builder: Builder,
    /// Who asked, and their note.
    partner: PartnerCheck,
    /// Called when the partner wants the full tool.
    on_full_view: Callback<()>,
) -> impl IntoView {
    let runs = use_run_history();
    let fire_action = Action::new_local(move |_: &()| {
        let draft = builder.draft.get_untracked();
        let token_param = builder.token_param();
        let request = builder.request_now();
        async move {
            let fired = net::fire(request, DEFAULT_TIMEOUT_SECS, Mode::Read, None).await;
            fired.map(|fired| match runs {
                Some(runs) => runs.record(&draft, &fired, token_param.as_deref()),
                None => new_run(&draft, &fired, token_param.as_deref()),
            })
        }
    });
    let pending = fire_action.pending();
    let asked_by = if partner.asked_by.is_empty() {
        "Someone".to_owned()
    } else {
        partner.asked_by.clone()
    };
    let target = move || {
        builder.request.with(|r| {
            r.as_ref()
                .map(|r| format!("{} {}", r.method().as_str(), r.url()))
                .ok()
        })
    };
    let asked = asked_by.clone();
    let result = move || {
        fire_action.value().get().map(|fired| match fired {
            Err(e) => view! {
                <p class="verdict warn">"Not sent"</p>
                <ErrorNote message=e.to_string() hint=e.hint().to_owned() />
            }
            .into_any(),
            Ok(run) => sent_back(&asked, run).into_any(),
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
                    on:click=move |_| { if !pending.get_untracked() { fire_action.dispatch(()); } }
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

/// The verdict, and the two ways to send it back.
fn sent_back(asked_by: &str, run: Run) -> impl IntoView {
    let verdict = run.delivery.verdict();
    let summary = evidence::to_markdown(std::slice::from_ref(&run));
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
