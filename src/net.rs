//! Browser I/O for firing a postback: the one `fetch`, with no cookies, no referrer and no
//! browser cache (an answer kept from an earlier fire would stand in for a request that never
//! left), a time limit and a cancel signal, and never a second attempt on its own. What the answer means is
//! the core's to say (`settle`, `judge`); this module only reports what the browser showed.

use gloo_net::http::{Method as HttpMethod, RequestBuilder};
use postback_core::{BodyText, Delivery, FetchMode, FireRequest, Method, BODY_DISPLAY_CAP};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortSignal, ReferrerPolicy, RequestCache, RequestCredentials, RequestMode, RequestRedirect,
};

/// How long a fire waits for an answer, in seconds.
pub const DEFAULT_TIMEOUT_SECS: u32 = 10;

/// Why the browser would not take the request. Nothing was sent.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The browser refused to build or start the request.
    #[error("the browser refused the request: {0}")]
    Refused(String),
    /// The request failed while the device had no network: it did not leave.
    #[error("this device is offline: the postback was not sent")]
    Offline,
}

impl SendError {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Refused(_) => {
                "Check the URL for characters a browser cannot send, then press Fire again."
            }
            Self::Offline => {
                "Connect to the internet (Wi-Fi or mobile data), then press Fire again."
            }
        }
    }
}

/// Whether the browser says it has no network connection at all.
fn offline() -> bool {
    web_sys::window().is_some_and(|w| !w.navigator().on_line())
}

/// Hands `request` to the browser's fetch once, and reports what the browser let the page
/// see: the answer, a hidden answer (a failed fetch), an opaque one (`no-cors`), a timeout
/// after `timeout_secs`, or a cancel through `cancel`.
///
/// # Errors
///
/// [`SendError`] when the browser would not build or start the request, or had no network;
/// nothing was sent.
pub async fn send(
    request: &FireRequest,
    timeout_secs: u32,
    mode: FetchMode,
    cancel: Option<AbortSignal>,
) -> Result<Delivery, SendError> {
    let timeout = AbortSignal::timeout_with_u32(timeout_secs.saturating_mul(1000));
    let signal = match cancel {
        Some(cancel) => AbortSignal::any(&js_sys::Array::of2(&timeout, &cancel)),
        None => timeout,
    };
    // Headers are built here, not by the builder's `header`, which throws (and would leave the
    // press waiting for ever) when the browser refuses a name or value.
    let refused = |e: wasm_bindgen::JsValue| {
        SendError::Refused(
            e.dyn_ref::<js_sys::Error>()
                .map_or_else(|| format!("{e:?}"), |e| String::from(e.message())),
        )
    };
    let headers = web_sys::Headers::new().map_err(refused)?;
    for (name, value) in request.headers() {
        headers.append(name, value).map_err(refused)?;
    }
    let builder = RequestBuilder::new(request.url())
        .method(method(request.method()))
        .headers(gloo_net::http::Headers::from_raw(headers))
        .mode(match mode {
            FetchMode::Read => RequestMode::Cors,
            FetchMode::NoCors => RequestMode::NoCors,
        })
        .credentials(RequestCredentials::Omit)
        // Every press reaches the receiver: never answered from, nor kept in, the cache.
        .cache(RequestCache::NoStore)
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .redirect(RequestRedirect::Follow)
        .abort_signal(Some(&signal));
    let built = match request.body() {
        Some(body) => builder.body(body.to_owned()),
        None => builder.build(),
    };
    let sent = match built {
        Ok(built) => built.send().await,
        Err(e) => return Err(SendError::Refused(e.to_string())),
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
        // A failure while the browser has no network at all: it never left (a receiver on
        // this machine still answers offline, so it is not refused beforehand).
        Err(gloo_net::Error::JsError(e)) if e.name == "TypeError" && offline() => {
            return Err(SendError::Offline)
        }
        Err(gloo_net::Error::JsError(e)) if e.name == "TypeError" => return Ok(Delivery::Hidden),
        Err(e) => return Err(SendError::Refused(e.to_string())),
    };
    if response.type_() == web_sys::ResponseType::Opaque {
        return Ok(Delivery::Opaque);
    }
    let status = response.status();
    let status_text = response.status_text();
    let headers: Vec<(String, String)> = response.headers().entries().collect();
    let final_url = response.redirected().then(|| response.url());
    let announced = response
        .headers()
        .get("content-length")
        .and_then(|n| n.trim().parse::<u64>().ok());
    let body = match read_capped(response.body(), BODY_DISPLAY_CAP).await {
        Ok(prefix) => Some(BodyText::from_prefix(&prefix, announced, BODY_DISPLAY_CAP)),
        Err(name) if name == "TimeoutError" => {
            return Ok(Delivery::TimedOut {
                after_secs: timeout_secs,
            })
        }
        Err(name) if name == "AbortError" => return Ok(Delivery::Cancelled),
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

/// The first `cap` + 1 bytes of a response body, read from its stream; reading stops there
/// and the rest is cancelled, so an endless answer takes no more memory than the cap. A
/// response without a body reads as empty.
///
/// # Errors
///
/// The name of the error that broke the reading (`AbortError` after a cancel or a timeout).
async fn read_capped(
    stream: Option<web_sys::ReadableStream>,
    cap: usize,
) -> Result<Vec<u8>, String> {
    let Some(stream) = stream else {
        return Ok(Vec::new());
    };
    let reader: web_sys::ReadableStreamDefaultReader = stream
        .get_reader()
        .dyn_into()
        .map_err(|_| "the body cannot be read".to_owned())?;
    let mut kept = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|e| error_name(&e))?;
        let done = js_sys::Reflect::get(&chunk, &"done".into())
            .map(|d| d.is_truthy())
            .unwrap_or(true);
        if done {
            return Ok(kept);
        }
        if let Ok(value) = js_sys::Reflect::get(&chunk, &"value".into()) {
            let bytes = js_sys::Uint8Array::new(&value);
            let room = (cap + 1).saturating_sub(kept.len());
            let take = u32::try_from(room).unwrap_or(u32::MAX).min(bytes.length());
            kept.extend(bytes.subarray(0, take).to_vec());
        }
        if kept.len() > cap {
            // Enough to show, and to know there is more: let the rest go.
            let _ = reader.cancel();
            return Ok(kept);
        }
    }
}

/// The `name` of a DOM exception, or a short description of another JavaScript error.
fn error_name(e: &wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<web_sys::DomException>()
        .map(web_sys::DomException::name)
        .unwrap_or_else(|| "the body broke off".to_owned())
}

fn method(method: Method) -> HttpMethod {
    match method {
        Method::Get => HttpMethod::GET,
        Method::Post => HttpMethod::POST,
        Method::Put => HttpMethod::PUT,
        Method::Patch => HttpMethod::PATCH,
        Method::Delete => HttpMethod::DELETE,
        Method::Head => HttpMethod::HEAD,
    }
}
