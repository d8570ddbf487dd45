//! The one way the command line sends a request: once, over a fresh connection, with no
//! cookies and no retry of any kind (not even the client's own for a refused stream), within
//! a time limit that covers the whole answer, reading at most the display cap of its body.
//! What the answer means is the core's to say (`judge`); this module reports what came back,
//! as the page's `net` module does for the browser.

use std::time::{Duration, Instant};

use postback_core::{BodyText, Delivery, FireRequest, Method, BODY_DISPLAY_CAP};

/// How long a fire waits for its whole answer, in seconds: the page's limit.
pub const DEFAULT_TIMEOUT_SECS: u32 = 10;

/// How many redirects are followed, as browsers do.
const MAX_REDIRECTS: usize = 10;

/// Why a request could not be sent. Nothing was sent.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The HTTP client could not be set up.
    #[error("the HTTP client cannot start: {0}")]
    Client(String),
    /// The request cannot be made into an HTTP request.
    #[error("the request cannot be sent: {0}")]
    Refused(String),
}

impl SendError {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Client(_) => "Check the machine's certificate store, then run it again.",
            Self::Refused(_) => {
                "Check the URL and the header lines: leave out Host, Content-Length and the \
                 like, and characters HTTP cannot carry."
            }
        }
    }
}

/// What came back, and how long it took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    /// What came back.
    pub delivery: Delivery,
    /// Milliseconds from sending to the end of the answer.
    pub elapsed_ms: u32,
}

/// The HTTP client, made once per command.
#[derive(Clone, Debug)]
pub struct Sender {
    client: reqwest::Client,
}

impl Sender {
    /// A client that follows redirects as a browser does (up to 10) without a Referer,
    /// keeps no connection for a later request, and never retries.
    ///
    /// # Errors
    ///
    /// [`SendError::Client`] when the TLS set-up fails.
    pub fn new() -> Result<Self, SendError> {
        Self::with_redirects(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
    }

    /// The client of the relay on `port`: as [`Sender::new`], and a redirect that leads back
    /// to the relay itself is not followed, at any hop.
    ///
    /// # Errors
    ///
    /// [`SendError::Client`] when the TLS set-up fails.
    pub fn for_relay(port: u16) -> Result<Self, SendError> {
        Self::with_redirects(reqwest::redirect::Policy::custom(move |attempt| {
            if postback_core::relay_target_is_itself(attempt.url(), port) {
                attempt.error("a redirect led back to the relay itself")
            } else if attempt.previous().len() > MAX_REDIRECTS {
                attempt.error("more than 10 redirects")
            } else {
                attempt.follow()
            }
        }))
    }

    fn with_redirects(redirects: reqwest::redirect::Policy) -> Result<Self, SendError> {
        // ring is the one provider compiled in; installing it twice is harmless.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .redirect(redirects)
            // As the page sends no referrer: a redirect must not carry the postback's URL,
            // tokens and all, to the next host.
            .referer(false)
            .pool_max_idle_per_host(0)
            .retry(reqwest::retry::never())
            .user_agent(concat!("postback-tester/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SendError::Client(e.to_string()))?;
        Ok(Self { client })
    }

    /// Sends `request` once and waits at most `timeout_secs` for its whole answer.
    ///
    /// # Errors
    ///
    /// [`SendError::Refused`] when the request cannot be made; nothing was sent.
    pub async fn send(&self, request: &FireRequest, timeout_secs: u32) -> Result<Sent, SendError> {
        let started = Instant::now();
        let built = self.build(request)?;
        let limit = Duration::from_secs(u64::from(timeout_secs));
        let delivery = match tokio::time::timeout(limit, self.exchange(built)).await {
            Ok(delivery) => delivery,
            Err(_) => Delivery::TimedOut {
                after_secs: timeout_secs,
            },
        };
        let elapsed_ms = u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX);
        Ok(Sent {
            delivery,
            elapsed_ms,
        })
    }

    fn build(&self, request: &FireRequest) -> Result<reqwest::Request, SendError> {
        let mut builder = self.client.request(method(request.method()), request.url());
        for (name, value) in request.headers() {
            // Framing and origin headers are the client's to set, as in a browser: a
            // Content-Length typed by hand would cut the body short.
            if postback_core::forbidden_header(name) {
                return Err(SendError::Refused(format!(
                    "the header {name} is set by the HTTP client itself"
                )));
            }
            builder = builder.header(name.as_str(), value.as_str());
        }
        if let Some(body) = request.body() {
            builder = builder.body(body.to_owned());
        }
        builder
            .build()
            .map_err(|e| SendError::Refused(error_chain(&e.without_url())))
    }

    /// The one exchange: the request out, the status, headers and the first bytes of the
    /// body back.
    async fn exchange(&self, request: reqwest::Request) -> Delivery {
        let asked = request.url().clone();
        let mut response = match self.client.execute(request).await {
            Ok(response) => response,
            // No connection: nothing left.
            Err(e) if e.is_connect() => return Delivery::Unreachable,
            // Without the URL, which may hold a token too short to be hidden elsewhere.
            Err(e) => {
                return Delivery::BrokeOff {
                    reason: error_chain(&e.without_url()),
                }
            }
        };
        let status = response.status();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let final_url = (*response.url() != asked).then(|| response.url().to_string());
        let announced = response.content_length();
        let mut kept = Vec::new();
        let body = loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    let room = (BODY_DISPLAY_CAP + 1).saturating_sub(kept.len());
                    kept.extend_from_slice(chunk.get(..room.min(chunk.len())).unwrap_or(&chunk));
                    if kept.len() > BODY_DISPLAY_CAP {
                        // Enough to show, and to know there is more: the rest is dropped
                        // with the connection.
                        break Some(BodyText::from_prefix(&kept, announced, BODY_DISPLAY_CAP));
                    }
                }
                Ok(None) => break Some(BodyText::from_prefix(&kept, announced, BODY_DISPLAY_CAP)),
                // The status arrived but the body broke off; the verdict says so.
                Err(_) => break None,
            }
        };
        Delivery::Read {
            status: status.as_u16(),
            status_text: status.canonical_reason().unwrap_or_default().to_owned(),
            body,
            headers,
            final_url,
        }
    }
}

/// An error with its causes, as one line: "error sending request: connection reset".
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn method(method: Method) -> reqwest::Method {
    match method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
        Method::Head => reqwest::Method::HEAD,
    }
}
