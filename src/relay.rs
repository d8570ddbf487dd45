//! Browser I/O for firing through the local relay (`postback relay` on this computer): the
//! one `fetch` to the relay, which fires the request once and returns the whole answer. What
//! the relay checks and answers is the core's relay protocol; this module only carries it.
//! Never a second attempt, and never a direct send instead when the relay cannot be reached.

use gloo_net::http::{Method as HttpMethod, RequestBuilder};
use postback_core::{
    read_relay_reply, FireRequest, RelayAnswer, RelayAsk, RelayRefusal, RelayReply,
    RELAY_CODE_HEADER, RELAY_PATH,
};
use wasm_bindgen::JsCast;
use web_sys::{AbortSignal, ReferrerPolicy, RequestCache, RequestCredentials, RequestMode};

/// How much longer than the relay's own limit the page waits for the relay.
const RELAY_GRACE_SECS: u32 = 5;

/// The relay the page sends through, as typed in Fire.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RelayTarget {
    /// The relay's address, such as `http://127.0.0.1:8787`.
    pub address: String,
    /// The pairing code the relay printed.
    pub code: String,
}

/// Why the relay fired nothing, or its answer could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RelayError {
    /// The address is not the relay's kind of address.
    #[error("{0:?} is not a relay address")]
    Address(String),
    /// No code was typed.
    #[error("the relay code is empty")]
    NoCode,
    /// Nothing answered at the address.
    #[error("the relay does not answer at {0}")]
    Unreachable(String),
    /// The relay refused, and said why.
    #[error(transparent)]
    Refused(#[from] RelayRefusal),
    /// Something answered that is not the relay.
    #[error("the answer from {0} is not the relay's")]
    NotTheRelay(String),
}

impl RelayError {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Address(_) => {
                "Type the address the relay printed, such as http://127.0.0.1:8787."
            }
            Self::NoCode => "Type the relay code the relay printed when it started.",
            Self::Unreachable(_) => {
                "Start the relay with the command shown, check the address and port, and choose \
                 Allow if the browser asks to connect to devices on your local network."
            }
            Self::Refused(refusal) => refusal.hint(),
            Self::NotTheRelay(_) => "Check that the address and port are the relay's.",
        }
    }
}

/// What the relay's fire came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Relayed {
    /// The relay fired and read the answer.
    Answered(RelayAnswer),
    /// No answer from the relay in time: it may have fired.
    TimedOut,
    /// Cancelled while waiting: it may have fired.
    Cancelled,
}

/// The relay's address as typed, when it is an http address on this computer: without a
/// trailing slash.
///
/// # Errors
///
/// [`RelayError::Address`] for anything else.
pub fn relay_address(typed: &str) -> Result<String, RelayError> {
    let wrong = || RelayError::Address(typed.trim().to_owned());
    let url = postback_core::parse_url(typed.trim()).map_err(|_| wrong())?;
    let local = matches!(url.host_str(), Some("127.0.0.1" | "localhost"));
    if url.scheme() != "http" || !local || url.port().is_none() {
        return Err(wrong());
    }
    Ok(url.origin().ascii_serialization())
}

/// Asks the relay at `target` to fire `request` once, waiting at most `timeout_secs` for
/// the receiver (and a little more for the relay), or until `cancel`.
///
/// # Errors
///
/// [`RelayError`] when the relay cannot be asked, is not there, or refused; the receiver got
/// nothing from it.
pub async fn send_through_relay(
    target: &RelayTarget,
    request: &FireRequest,
    timeout_secs: u32,
    cancel: Option<AbortSignal>,
) -> Result<Relayed, RelayError> {
    let address = relay_address(&target.address)?;
    let code = target.code.trim();
    if code.is_empty() {
        return Err(RelayError::NoCode);
    }
    let ask = RelayAsk {
        request: request.clone(),
        timeout_secs,
    };
    let body = ask.to_json();
    let timeout =
        AbortSignal::timeout_with_u32(timeout_secs.saturating_add(RELAY_GRACE_SECS) * 1000);
    let signal = match cancel {
        Some(cancel) => AbortSignal::any(&js_sys::Array::of2(&timeout, &cancel)),
        None => timeout,
    };
    let url = format!("{address}{RELAY_PATH}");
    let sent = RequestBuilder::new(&url)
        .method(HttpMethod::POST)
        .header("content-type", "application/json")
        .header(RELAY_CODE_HEADER, code)
        .mode(RequestMode::Cors)
        .credentials(RequestCredentials::Omit)
        .cache(RequestCache::NoStore)
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .abort_signal(Some(&signal))
        .body(body);
    let response = match sent {
        Ok(built) => built.send().await,
        Err(_) => return Err(RelayError::NotTheRelay(address)),
    };
    let response = match response {
        Ok(response) => response,
        Err(gloo_net::Error::JsError(e)) if e.name == "TimeoutError" => {
            return Ok(Relayed::TimedOut)
        }
        Err(gloo_net::Error::JsError(e)) if e.name == "AbortError" => {
            return Ok(Relayed::Cancelled)
        }
        Err(_) => return Err(RelayError::Unreachable(address)),
    };
    let status = response.status();
    let text = match response.text().await {
        Ok(text) => text,
        Err(gloo_net::Error::JsError(e)) if e.name == "AbortError" => {
            // The relay fired, and the wait for its answer ended.
            return Ok(if signal_reason_is_timeout(&signal) {
                Relayed::TimedOut
            } else {
                Relayed::Cancelled
            });
        }
        Err(_) => return Err(RelayError::NotTheRelay(address)),
    };
    match read_relay_reply(status, &text) {
        RelayReply::Answered(answer) => Ok(Relayed::Answered(answer)),
        RelayReply::Refused(refusal) => Err(RelayError::Refused(refusal)),
        RelayReply::NotTheRelay => Err(RelayError::NotTheRelay(address)),
    }
}

/// Whether `signal` was aborted by its time limit rather than by a cancel.
fn signal_reason_is_timeout(signal: &AbortSignal) -> bool {
    signal
        .reason()
        .dyn_ref::<web_sys::DomException>()
        .is_some_and(|e| e.name() == "TimeoutError")
}
