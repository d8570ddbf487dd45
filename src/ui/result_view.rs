//! What a fire gave: a verdict in plain words, then the details. Bodies are text, never HTML.

use leptos::prelude::*;
use postback_core::{answer, preset::Answers, BodyText, Delivery};

use super::{error_note::ErrorNote, fire_panel::Outcome};
use crate::net::Fired;

/// The latest outcome of the Fire button, or a line saying nothing was fired yet.
#[component]
pub fn ResultView(
    /// The latest outcome; `None` until the first press.
    #[prop(into)]
    outcome: Signal<Option<Outcome>>,
) -> impl IntoView {
    move || match outcome.get() {
        None => view! { <p class="note">"Nothing fired yet."</p> }.into_any(),
        Some(Outcome { fired: Err(e), .. }) => view! {
            <p class="verdict warn">"Not sent"</p>
            <ErrorNote message=e.to_string() hint=e.hint().to_owned() />
        }
        .into_any(),
        Some(Outcome {
            fired: Ok(fired),
            answers,
        }) => fired_view(fired, answers).into_any(),
    }
}

fn fired_view(fired: Fired, answers: Answers) -> impl IntoView {
    let verdict = fired.delivery.verdict();
    let status = match &fired.delivery {
        Delivery::Read { status, .. } => Some(*status),
        _ => None,
    };
    let reading = match &fired.delivery {
        Delivery::Read {
            status,
            body: Some(body),
            ..
        } => Some(answer::read(answers, &body.text).describe(*status)),
        _ => None,
    };
    let final_url = match &fired.delivery {
        Delivery::Read { final_url, .. } => final_url.clone(),
        _ => None,
    };
    let headers = match &fired.delivery {
        Delivery::Read { headers, .. } => Some(headers.clone()),
        _ => None,
    };
    let body = match fired.delivery {
        Delivery::Read { body, .. } => Some(body),
        _ => None,
    };
    view! {
        <p class=format!("verdict {}", verdict.tone.as_str())>{verdict.headline}</p>
        {reading.map(|r| view! { <p class="reading">{r}</p> })}
        <p class="verdict-detail">{verdict.detail}</p>
        <dl class="facts">
            {status.map(|s| view! { <dt>"Status"</dt><dd class="status">{s}</dd> })}
            <dt>"Sent"</dt>
            <dd><code class="sent">{format!("{} {}", fired.request.method().as_str(), fired.request.url())}</code></dd>
            {fired.request.body().map(|b| view! { <dt>"Body sent"</dt><dd><code class="sent">{b.to_owned()}</code></dd> })}
            {final_url.map(|u| view! { <dt>"Redirected to"</dt><dd><code class="sent">{u}</code></dd> })}
            <dt>"Time"</dt>
            <dd>{format!("{} ms", fired.elapsed_ms)}</dd>
        </dl>
        {headers.map(headers_view)}
        {body.map(body_view)}
    }
}

fn headers_view(headers: Vec<(String, String)>) -> impl IntoView {
    view! {
        <h4>"Headers the browser exposed"</h4>
        <dl class="facts headers">
            {headers
                .into_iter()
                .map(|(name, value)| view! { <dt><code>{name}</code></dt><dd><code>{value}</code></dd> })
                .collect_view()}
        </dl>
        <p class="hint">
            "Other headers the receiver sent are hidden by the browser unless the receiver lists "
            "them in Access-Control-Expose-Headers."
        </p>
    }
}

fn body_view(body: Option<BodyText>) -> impl IntoView {
    let Some(body) = body else {
        return view! {
            <p class="note">"The status arrived but the body broke off before it was complete."</p>
        }
        .into_any();
    };
    let size_note = body.truncated.then(|| {
        format!(
            "Showing the first {} of {} bytes.",
            body.text.len(),
            body.total_bytes
        )
    });
    let lossy_note = body
        .lossy
        .then_some("Some bytes are not valid UTF-8 and are shown as �.");
    let empty = body.total_bytes == 0;
    let shown = body.pretty_json().unwrap_or_else(|| body.text.clone());
    let hex = body.hex.clone();
    view! {
        <h4>"Body"</h4>
        {if empty {
            view! { <p class="note">"The body is empty."</p> }.into_any()
        } else {
            view! { <pre class="body">{shown}</pre> }.into_any()
        }}
        {size_note.map(|n| view! { <p class="note">{n}</p> })}
        {lossy_note.map(|n| view! { <p class="note">{n}</p> })}
        {hex.map(|h| view! {
            <h4>"First bytes in hex"</h4>
            <pre class="body hex">{h}</pre>
        })}
    }
    .into_any()
}
