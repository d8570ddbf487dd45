//! Browser I/O for firing a postback: one `fetch`, no cookies, no referrer, a time limit, and
//! never a second attempt on its own.

use gloo_net::http::{Method as HttpMethod, RequestBuilder};
use postback_core::classify::classify;
use postback_core::{
    request::Method, verdict::BODY_DISPLAY_CAP, BodyText, Delivery, FireRequest, RequestError,
};
use web_sys::{AbortSignal, ReferrerPolicy, RequestCredentials, RequestMode, RequestRedirect};

/// How long a fire waits for an answer, in seconds.
pub const DEFAULT_TIMEOUT_SECS: u32 = 10;

/// How a request is fired.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Read the answer when the receiver allows it (CORS).
    #[default]
    Read,
    /// Fire without reading the answer (`no-cors`): for receivers without CORS headers.
    NoCors,
}

/// Why a request could not be fired at all. Nothing was sent in either case.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FireError {
    /// The request did not pass the checks made before sending.
    #[error(transparent)]
    Invalid(#[from] RequestError),
    /// The browser refused to build the request.
    #[error("the browser refused the request: {0}")]
    Refused(String),
    /// `no-cors` allows only GET, HEAD and POST.
    #[error("{0} cannot be fired without reading the answer")]
    NoCorsMethod(&'static str),
}

impl FireError {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Invalid(e) => e.hint(),
            Self::Refused(_) => {
                "Check the URL for characters a browser cannot send, then press Fire again."
            }
            Self::NoCorsMethod(_) => "Use GET or POST, or press Fire to read the answer.",
        }
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
}

/// Sends `request` once with `fetch`, reporting what the browser let the page see.
///
/// # Errors
///
/// [`FireError`] when the request failed the checks made before sending (passed in as
/// `Err`) or the browser would not build it; nothing was sent then. Every outcome after the
/// request was handed to the browser is a [`Fired`], including a hidden answer or a timeout.
pub async fn fire(
    request: Result<FireRequest, RequestError>,
    timeout_secs: u32,
    mode: Mode,
    cancel: Option<AbortSignal>,
) -> Result<Fired, FireError> {
    let request = request?;
    if mode == Mode::NoCors && !matches!(request.method(), Method::Get | Method::Post) {
        return Err(FireError::NoCorsMethod(request.method().as_str()));
    }
    let classification = classify(&page_origin(), &request);
    let started = js_sys::Date::now();
    let delivery = if classification.mixed_content {
        // The browser would block it before it leaves: say so instead of trying.
        Delivery::Blocked
    } else {
        match (mode, send(&request, timeout_secs, mode, cancel).await?) {
            (Mode::NoCors, Delivery::Hidden) => Delivery::Unreachable,
            (Mode::Read, Delivery::Hidden) if !classification.preflight.is_empty() => {
                Delivery::PreflightFailed
            }
            (_, delivery) => delivery,
        }
    };
    let elapsed_ms = (js_sys::Date::now() - started).max(0.0) as u32;
    Ok(Fired {
        request,
        delivery,
        elapsed_ms,
    })
}

async fn send(
    request: &FireRequest,
    timeout_secs: u32,
    mode: Mode,
    cancel: Option<AbortSignal>,
) -> Result<Delivery, FireError> {
    let timeout = AbortSignal::timeout_with_u32(timeout_secs.saturating_mul(1000));
    let signal = match cancel {
        Some(cancel) => AbortSignal::any(&js_sys::Array::of2(&timeout, &cancel)),
        None => timeout,
    };
    let mut builder = RequestBuilder::new(request.url()).method(method(request.method()));
    for (name, value) in request.headers() {
        builder = builder.header(name, value);
    }
    let builder = builder
        .mode(match mode {
            Mode::Read => RequestMode::Cors,
            Mode::NoCors => RequestMode::NoCors,
        })
        .credentials(RequestCredentials::Omit)
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .redirect(RequestRedirect::Follow)
        .abort_signal(Some(&signal));
    let built = match request.body() {
        Some(body) => builder.body(body.to_owned()),
        None => builder.build(),
    };
    let sent = match built {
        Ok(built) => built.send().await,
        Err(e) => return Err(FireError::Refused(e.to_string())),
    };
    let response = match sent {
        Ok(response) => response,
        Err(gloo_net::Error::JsError(e)) if e.name == "TimeoutError" => {
            return Ok(Delivery::TimedOut {
                after_secs: timeout_secs,
            })
        }
        Err(gloo_net::Error::JsError(e)) if e.name == "AbortError" => {
            return Ok(Delivery::Cancelled)
        }
        Err(gloo_net::Error::JsError(e)) if e.name == "TypeError" => return Ok(Delivery::Hidden),
        Err(e) => return Err(FireError::Refused(e.to_string())),
    };
    if response.type_() == web_sys::ResponseType::Opaque {
        return Ok(Delivery::Opaque);
    }
    let status = response.status();
    let status_text = response.status_text();
    let headers: Vec<(String, String)> = response.headers().entries().collect();
    let final_url = response.redirected().then(|| response.url());
    let body = match response.binary().await {
        Ok(bytes) => Some(BodyText::from_bytes(&bytes, BODY_DISPLAY_CAP)),
        Err(gloo_net::Error::JsError(e)) if e.name == "TimeoutError" => {
            return Ok(Delivery::TimedOut {
                after_secs: timeout_secs,
            })
        }
        Err(gloo_net::Error::JsError(e)) if e.name == "AbortError" => {
            return Ok(Delivery::Cancelled)
        }
        // The status arrived but the body broke off; the verdict says so.
        Err(_) => None,
    };
    Ok(Delivery::Read {
        status,
        status_text,
        body,
        headers,
        final_url,
    })
}

fn method(method: Method) -> HttpMethod {
    match method {
        Method::Get => HttpMethod::GET,
        Method::Post => HttpMethod::POST,
        Method::Put => HttpMethod::PUT,
        Method::Patch => HttpMethod::PATCH,
        Method::Delete => HttpMethod::DELETE,
    }
}

/// The page's own origin, such as `https://user.github.io`.
pub fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}
