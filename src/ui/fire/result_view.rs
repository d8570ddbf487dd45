//! What a fire gave, and the view that shows it: a verdict in plain words, then the details.
//! Bodies are text, never HTML.

use leptos::prelude::*;
use postback_core::{BodyText, Delivery, FireError, FireRequest, Judged, Run};

use super::address_check::AddressCheck;
use crate::{
    net::SendError,
    relay::RelayError,
    ui::widgets::{ErrorNote, TechnicalDetail},
};

/// What one press gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The fire, or why nothing was sent.
    pub fired: Result<Fired, NotSent>,
}

impl Outcome {
    /// A press that sent nothing, and why.
    pub fn not_sent(why: NotSent) -> Self {
        Self { fired: Err(why) }
    }
}

/// A request that was handed to the browser, and what came of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fired {
    /// The request exactly as sent.
    pub request: FireRequest,
    /// What the browser let the page see.
    pub delivery: Delivery,
    /// Milliseconds from handing the request to the browser to the end of the answer.
    pub elapsed_ms: u32,
    /// What the answer means.
    pub judged: Judged,
    /// The run as the history keeps it, secrets hidden.
    pub run: Run,
    /// Whether the local relay sent it and read the answer.
    pub relayed: bool,
}

/// Why a press sent nothing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotSent {
    /// The postback could not be prepared.
    #[error(transparent)]
    Fire(#[from] FireError),
    /// The browser would not take the request.
    #[error(transparent)]
    Send(#[from] SendError),
    /// The local relay fired nothing.
    #[error(transparent)]
    Relay(#[from] RelayError),
}

impl NotSent {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Fire(e) => e.hint(),
            Self::Send(e) => e.hint(),
            Self::Relay(e) => e.hint(),
        }
    }
}

/// The latest outcome of a fire button, or a line saying nothing was fired yet.
#[component]
pub fn ResultView(
    /// The latest outcome; `None` until the first press.
    #[prop(into)]
    outcome: Signal<Option<Outcome>>,
) -> impl IntoView {
    move || match outcome.get() {
        None => view! { <p class="note">"Nothing fired yet."</p> }.into_any(),
        Some(outcome) => {
            crate::page::scroll_to("result-heading");
            outcome_view(outcome).into_any()
        }
    }
}

fn outcome_view(outcome: Outcome) -> impl IntoView {
    match outcome {
        Outcome { fired: Err(e) } => view! {
            <p class="verdict warn" role="alert">"Not sent"</p>
            <ErrorNote message=e.to_string() hint=e.hint().to_owned() />
        }
        .into_any(),
        Outcome { fired: Ok(fired) } => fired_view(fired).into_any(),
    }
}

fn fired_view(fired: Fired) -> impl IntoView {
    let Judged {
        verdict, reading, ..
    } = fired.judged;
    let check = (fired.delivery == Delivery::Hidden)
        .then(|| view! { <AddressCheck request=fired.request.clone() /> });
    let (status, final_url, headers, body) = match fired.delivery {
        Delivery::Read {
            status,
            final_url,
            headers,
            body,
            ..
        } => (Some(status), final_url, Some(headers), Some(body)),
        _ => (None, None, None, None),
    };
    view! {
        <p class=format!("verdict {}", verdict.tone.as_str()) role="status">{verdict.headline}</p>
        {reading.map(|r| view! { <p class="reading">{r.describe()}</p> })}
        <p class="verdict-detail">{verdict.detail}</p>
        <TechnicalDetail text=verdict.technical />
        {check}
        <dl class="facts">
            {status.map(|s| view! { <dt>"Status"</dt><dd class="status">{s}</dd> })}
            <dt>"Request"</dt>
            <dd><code class="sent"><bdi>{format!("{} {}", fired.request.method().as_str(), fired.request.url())}</bdi></code></dd>
            {fired.request.body().map(|b| view! { <dt>"Body sent"</dt><dd><code class="sent"><bdi>{b.to_owned()}</bdi></code></dd> })}
            {final_url.map(|u| view! { <dt>"Redirected to"</dt><dd><code class="sent"><bdi>{u}</bdi></code></dd> })}
            <dt>"Time"</dt>
            <dd>{format!("{} ms", fired.elapsed_ms)}</dd>
        </dl>
        {headers.map(|h| headers_view(h, fired.relayed))}
        {body.map(body_view)}
    }
}

fn headers_view(headers: Vec<(String, String)>, relayed: bool) -> impl IntoView {
    let (title, hint) = if relayed {
        ("Headers the receiver sent", None)
    } else {
        (
            "Headers the browser exposed",
            Some(
                "Other headers the receiver sent are hidden by the browser unless the receiver \
                 lists them in Access-Control-Expose-Headers.",
            ),
        )
    };
    view! {
        <h4>{title}</h4>
        <dl class="facts headers">
            {headers
                .into_iter()
                .map(|(name, value)| view! { <dt><code><bdi>{name}</bdi></code></dt><dd><code><bdi>{value}</bdi></code></dd> })
                .collect_view()}
        </dl>
        {hint.map(|h| view! { <p class="hint">{h}</p> })}
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
        if body.size_known {
            format!(
                "Showing the first {} of {} bytes.",
                body.text.len(),
                body.total_bytes
            )
        } else {
            format!(
                "Showing the first {} bytes; the receiver sent more without saying how much, \
                 and reading stopped there.",
                body.text.len()
            )
        }
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
            view! { <pre class="body"><bdi>{shown}</bdi></pre> }.into_any()
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
