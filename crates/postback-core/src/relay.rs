//! The local relay's protocol, shared by the page that asks and `postback relay` that
//! answers, so both read it alike: what the page sends ([`RelayAsk`]), what comes back
//! ([`RelayAnswer`] or a [`RelayRefusal`]), and every check the relay makes before it fires
//! (the Host it was reached by, the page's Origin, the pairing code, the target, the size).
//!
//! The relay listens on 127.0.0.1 only. A page on another origin may reach it, which is why
//! each check refuses by default: a missing Origin, a Host other than the loopback name and
//! port (a DNS-rebinding page), a wrong code, a target on the relay's own port.

use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use crate::{Delivery, FireRequest, Method};

/// Where the relay answers the page.
pub const RELAY_PATH: &str = "/relay";

/// The port the relay listens on unless told another.
pub const DEFAULT_RELAY_PORT: u16 = 8787;

/// The header that carries the pairing code.
pub const RELAY_CODE_HEADER: &str = "x-relay-code";

/// The largest ask the relay reads: the request as JSON, body and headers included.
pub const MAX_RELAY_ASK_BYTES: usize = 1024 * 1024;

/// The longest the relay waits for an answer for the page, in seconds: the longest time limit
/// Fire's Timeout field takes.
pub const MAX_RELAY_TIMEOUT_SECS: u32 = 120;

/// The origin the relay accepts unless told others: the page as `trunk serve` serves it.
pub const DEFAULT_RELAY_ORIGIN: &str = "http://127.0.0.1:8080";

/// What the page asks the relay to fire, once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelayAsk {
    /// The request exactly as the page would send it.
    pub request: FireRequest,
    /// How long to wait for the whole answer, in seconds.
    pub timeout_secs: u32,
}

impl RelayAsk {
    /// The ask as JSON, as the page sends it.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// What came back from the relay, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RelayReply {
    /// It fired, and this came back.
    Answered(RelayAnswer),
    /// It fired nothing, and said why.
    Refused(RelayRefusal),
    /// What answered is not the relay (or not a version of it this page reads).
    NotTheRelay,
}

/// The relay's reply with HTTP `status` and body `text`.
///
/// ```
/// use postback_core::{read_relay_reply, RelayRefusal, RelayReply};
///
/// assert_eq!(read_relay_reply(401, r#"{"refused":"code"}"#), RelayReply::Refused(RelayRefusal::Code));
/// assert_eq!(read_relay_reply(200, "<html>"), RelayReply::NotTheRelay);
/// let answered = read_relay_reply(200, r#"{"delivery":{"TimedOut":{"after_secs":5}},"elapsed_ms":5001}"#);
/// assert!(matches!(answered, RelayReply::Answered(a) if a.elapsed_ms == 5001));
/// ```
pub fn read_relay_reply(status: u16, text: &str) -> RelayReply {
    // Read through a `Value`, as every stored format is, so the page carries one JSON reader.
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return RelayReply::NotTheRelay;
    };
    if status == 200 {
        serde_json::from_value(value).map_or(RelayReply::NotTheRelay, RelayReply::Answered)
    } else {
        serde_json::from_value(value).map_or(RelayReply::NotTheRelay, RelayReply::Refused)
    }
}

/// What the relay's fire came to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelayAnswer {
    /// What came back: the status, every header and the body (capped, with its full size
    /// when the receiver announced it).
    pub delivery: Delivery,
    /// Milliseconds from sending to the end of the answer.
    pub elapsed_ms: u32,
}

/// Why the relay fired nothing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "refused", rename_all = "kebab-case")]
pub enum RelayRefusal {
    /// No pairing code, or another one.
    #[error("the relay code is missing or wrong")]
    Code,
    /// The page's origin is not one the relay was started for.
    #[error("the relay does not accept pages from {origin}")]
    Origin {
        /// The origin it was asked from.
        origin: String,
    },
    /// Asked without an Origin: not from a web page the relay can check.
    #[error("the relay was asked without an Origin")]
    NoOrigin,
    /// Reached under a name other than 127.0.0.1 or localhost and its port.
    #[error("the relay was reached as {host}, not as 127.0.0.1 or localhost")]
    Host {
        /// The Host header, as given.
        host: String,
    },
    /// The target is the relay itself.
    #[error("the relay does not send to its own port")]
    OwnPort,
    /// The ask is larger than the relay reads.
    #[error("the request is over the relay's limit of {limit} bytes")]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The ask is not a request the relay can send.
    #[error("the relay cannot read the request: {reason}")]
    Unreadable {
        /// What is wrong.
        reason: String,
    },
    /// Not `POST /relay`.
    #[error("the relay only answers POST {RELAY_PATH}")]
    NotHere,
    /// As many asks are in flight as the relay takes at once.
    #[error("the relay is busy with other fires")]
    Busy,
}

impl RelayRefusal {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Code => "Copy the code the relay printed when it started into Relay code.",
            Self::Origin { .. } => {
                "Stop the relay (Ctrl-C) and start it again with the command shown here, which \
                 names this page's address."
            }
            Self::NoOrigin | Self::NotHere => {
                "The relay answers this page only: turn on Read the answer through the local \
                 relay in Fire."
            }
            Self::Host { .. } => {
                "Use http://127.0.0.1 and the relay's port as the Relay address, not another name."
            }
            Self::OwnPort => "Fire at the receiver's address, not at the relay's.",
            Self::TooLarge { .. } => {
                "Send a smaller body, or fire it from a terminal with postback fire."
            }
            Self::Unreadable { .. } => "Check the URL and header lines, then fire again.",
            Self::Busy => "Wait for the fires in flight to end, then press Fire again.",
        }
    }

    /// The HTTP status the relay answers with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Code => 401,
            Self::Origin { .. } | Self::NoOrigin | Self::Host { .. } | Self::OwnPort => 403,
            Self::TooLarge { .. } => 413,
            Self::Unreadable { .. } => 400,
            Self::NotHere => 404,
            Self::Busy => 429,
        }
    }
}

/// Whether the relay on `port` was reached as `host` (the Host header): only as 127.0.0.1 or
/// localhost with that port, so a page that makes its own domain point at 127.0.0.1 (DNS
/// rebinding) is refused.
///
/// # Errors
///
/// [`RelayRefusal::Host`] for any other name or port, or none.
///
/// ```
/// use postback_core::{check_relay_host, RelayRefusal};
///
/// assert_eq!(check_relay_host(Some("127.0.0.1:8787"), 8787), Ok(()));
/// assert_eq!(check_relay_host(Some("LOCALHOST:8787"), 8787), Ok(()));
/// assert!(matches!(check_relay_host(Some("evil.example:8787"), 8787), Err(RelayRefusal::Host { .. })));
/// assert!(check_relay_host(Some("127.0.0.1:8788"), 8787).is_err());
/// assert!(check_relay_host(None, 8787).is_err());
/// ```
pub fn check_relay_host(host: Option<&str>, port: u16) -> Result<(), RelayRefusal> {
    let given = host.unwrap_or_default();
    let ok = ["127.0.0.1", "localhost"]
        .iter()
        .any(|name| given.eq_ignore_ascii_case(&format!("{name}:{port}")));
    if ok {
        Ok(())
    } else {
        Err(RelayRefusal::Host {
            host: given.to_owned(),
        })
    }
}

/// Whether a page from `origin` may use the relay started for `allowed`. A page always
/// sends its origin with such a request; none, or `null`, is refused.
///
/// # Errors
///
/// [`RelayRefusal::NoOrigin`] or [`RelayRefusal::Origin`].
///
/// ```
/// use postback_core::{check_relay_origin, RelayRefusal};
///
/// let allowed = ["https://owner.github.io".to_owned()];
/// assert_eq!(check_relay_origin(Some("https://owner.github.io"), &allowed), Ok(()));
/// assert_eq!(check_relay_origin(None, &allowed), Err(RelayRefusal::NoOrigin));
/// assert_eq!(check_relay_origin(Some("null"), &allowed), Err(RelayRefusal::NoOrigin));
/// assert!(matches!(check_relay_origin(Some("https://owner.github.io.evil.example"), &allowed), Err(RelayRefusal::Origin { .. })));
/// ```
pub fn check_relay_origin(origin: Option<&str>, allowed: &[String]) -> Result<(), RelayRefusal> {
    match origin.map(str::trim) {
        None | Some("" | "null") => Err(RelayRefusal::NoOrigin),
        Some(origin) if allowed.iter().any(|a| same_origin(a, origin)) => Ok(()),
        Some(origin) => Err(RelayRefusal::Origin {
            origin: origin.to_owned(),
        }),
    }
}

/// The origin `text` names, as a browser writes it in the Origin header
/// (`https://owner.github.io`): scheme, host and a port other than the default, lowercase,
/// no path.
///
/// # Errors
///
/// [`RelayRefusal::Unreadable`] when it is not an http(s) origin.
///
/// ```
/// use postback_core::relay_origin;
///
/// assert_eq!(relay_origin("https://Owner.GitHub.io/postback-tester/").as_deref(), Ok("https://owner.github.io"));
/// assert_eq!(relay_origin("http://127.0.0.1:8080").as_deref(), Ok("http://127.0.0.1:8080"));
/// assert!(relay_origin("owner.github.io").is_err());
/// ```
pub fn relay_origin(text: &str) -> Result<String, RelayRefusal> {
    let unreadable = |reason: String| RelayRefusal::Unreadable { reason };
    let url = crate::parse_url(text.trim()).map_err(|e| unreadable(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || !url.origin().is_tuple() {
        return Err(unreadable(format!("{text} is not an http(s) origin")));
    }
    Ok(url.origin().ascii_serialization())
}

fn same_origin(allowed: &str, origin: &str) -> bool {
    match (relay_origin(allowed), relay_origin(origin)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Whether `given` is the relay's pairing `code`, compared in constant time.
///
/// # Errors
///
/// [`RelayRefusal::Code`] when it is missing or another.
///
/// ```
/// use postback_core::{check_relay_code, RelayRefusal};
///
/// assert_eq!(check_relay_code(Some(" 0a1b "), "0a1b"), Ok(()));
/// assert_eq!(check_relay_code(Some("0a1c"), "0a1b"), Err(RelayRefusal::Code));
/// assert_eq!(check_relay_code(None, "0a1b"), Err(RelayRefusal::Code));
/// ```
pub fn check_relay_code(given: Option<&str>, code: &str) -> Result<(), RelayRefusal> {
    let given = given.unwrap_or_default().trim().to_ascii_lowercase();
    if !code.is_empty() && bool::from(given.as_bytes().ct_eq(code.as_bytes())) {
        Ok(())
    } else {
        Err(RelayRefusal::Code)
    }
}

/// The pairing code for 128 random bits: 32 lowercase hex digits.
///
/// ```
/// assert_eq!(postback_core::relay_code([0xab; 16]), "ab".repeat(16));
/// ```
pub fn relay_code(random: [u8; 16]) -> String {
    hex::encode(random)
}

/// The command that starts a relay for a page at `origin`.
///
/// ```
/// assert_eq!(postback_core::relay_command("https://owner.github.io"), "postback relay --allow-origin https://owner.github.io");
/// ```
pub fn relay_command(origin: &str) -> String {
    format!("postback relay --allow-origin {origin}")
}

/// The request in `ask`, checked as the relay on `port` sends it: its URL and headers read
/// again as the page's builder reads them, a target other than the relay itself, and a time
/// limit of at most [`MAX_RELAY_TIMEOUT_SECS`].
///
/// # Errors
///
/// [`RelayRefusal::OwnPort`] or [`RelayRefusal::Unreadable`].
///
/// ```
/// use postback_core::{check_relay_ask, FireRequest, RelayAsk, RelayRefusal};
///
/// let ask = |url: &str| RelayAsk { request: FireRequest::get(url).unwrap(), timeout_secs: 600 };
/// let (request, timeout) = check_relay_ask(ask("https://trk.example/pb?cid=1"), 8787)?;
/// assert_eq!((request.url(), timeout), ("https://trk.example/pb?cid=1", 120));
/// assert_eq!(check_relay_ask(ask("http://127.0.0.1:8787/relay"), 8787), Err(RelayRefusal::OwnPort));
/// assert_eq!(check_relay_ask(ask("http://localhost:8787/"), 8787), Err(RelayRefusal::OwnPort));
/// assert!(check_relay_ask(ask("http://127.0.0.1:9000/pb"), 8787).is_ok());
/// # Ok::<(), RelayRefusal>(())
/// ```
pub fn check_relay_ask(ask: RelayAsk, port: u16) -> Result<(FireRequest, u32), RelayRefusal> {
    let unreadable = |reason: String| RelayRefusal::Unreadable { reason };
    let given = ask.request;
    let mut lines = String::new();
    for (name, value) in given.headers() {
        if name.contains(['\r', '\n']) || value.contains(['\r', '\n']) {
            return Err(unreadable("a header holds a line break".to_owned()));
        }
        // What a browser would never send as given (Host, Content-Length, Origin …), and the
        // relay's own code, which an ask could otherwise pass on to another relay.
        if crate::forbidden_header(name) || name.eq_ignore_ascii_case(RELAY_CODE_HEADER) {
            return Err(unreadable(format!(
                "the header {name} is set by the browser or the HTTP client, never by the page"
            )));
        }
        lines.push_str(&format!("{name}: {value}\n"));
    }
    let request = FireRequest::new(
        given.method(),
        given.url(),
        &lines,
        given.body().map(str::to_owned),
    )
    .map_err(|e| unreadable(e.to_string()))?;
    if request.method() != given.method()
        || request.headers() != given.headers()
        || (given.method() != Method::Head && request.body() != given.body())
    {
        return Err(unreadable(
            "its headers or body do not read back".to_owned(),
        ));
    }
    let url = crate::parse_url(request.url()).map_err(|e| unreadable(e.to_string()))?;
    if relay_target_is_itself(&url, port) {
        return Err(RelayRefusal::OwnPort);
    }
    Ok((request, ask.timeout_secs.clamp(1, MAX_RELAY_TIMEOUT_SECS)))
}

/// Whether `url` names the relay on `port` itself, in any loopback spelling (`localhost`,
/// `127.x.y.z`, `[::1]`, `0.0.0.0`, an IPv4-mapped `[::ffff:127.0.0.1]`). Checked for the ask
/// and again for every redirect the relay follows. A host name that only resolves to
/// loopback is not seen here.
///
/// ```
/// use postback_core::relay_target_is_itself;
///
/// let url = |u: &str| url::Url::parse(u).unwrap();
/// assert!(relay_target_is_itself(&url("http://[::ffff:127.0.0.1]:8787/relay"), 8787));
/// assert!(!relay_target_is_itself(&url("http://127.0.0.1:8788/"), 8787));
/// ```
pub fn relay_target_is_itself(url: &url::Url, port: u16) -> bool {
    let v4 = |ip: std::net::Ipv4Addr| ip.is_loopback() || ip.is_unspecified();
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.');
            d.eq_ignore_ascii_case("localhost") || d.to_ascii_lowercase().ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => v4(ip),
        Some(url::Host::Ipv6(ip)) => {
            ip.is_loopback() || ip.is_unspecified() || ip.to_ipv4_mapped().is_some_and(v4)
        }
        None => false,
    };
    loopback && url.port_or_known_default() == Some(port)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_reads_back_as_the_page_reads_it() {
        for refusal in [
            RelayRefusal::Code,
            RelayRefusal::Origin {
                origin: "https://a.example".into(),
            },
            RelayRefusal::NoOrigin,
            RelayRefusal::Host { host: "x:1".into() },
            RelayRefusal::OwnPort,
            RelayRefusal::TooLarge { limit: 9 },
            RelayRefusal::Unreadable { reason: "r".into() },
            RelayRefusal::NotHere,
            RelayRefusal::Busy,
        ] {
            let text = serde_json::to_string(&refusal).unwrap_or_default();
            assert_eq!(
                serde_json::from_str::<RelayRefusal>(&text).ok(),
                Some(refusal.clone()),
                "{text}"
            );
            assert!((400..500).contains(&refusal.status()));
            assert!(refusal.hint().ends_with('.'), "{refusal:?}");
        }
    }

    #[test]
    fn an_ask_may_not_set_the_headers_a_browser_never_sends_or_the_relay_code() {
        for header in [
            "Host: evil.example",
            "Content-Length: 0",
            "Transfer-Encoding: chunked",
            "Origin: https://a.example",
            "X-Relay-Code: 00",
            "Connection: close",
        ] {
            let request = FireRequest::new(
                Method::Post,
                "https://t.example/",
                header,
                Some("{}".into()),
            );
            let Ok(request) = request else {
                panic!("{header}: {request:?}");
            };
            let refused = check_relay_ask(
                RelayAsk {
                    request,
                    timeout_secs: 5,
                },
                8787,
            );
            assert!(
                matches!(refused, Err(RelayRefusal::Unreadable { .. })),
                "{header}: {refused:?}"
            );
        }
    }

    #[test]
    fn a_header_with_a_line_break_is_refused_before_anything_is_sent() {
        let text = r#"{"request":{"method":"Get","url":"https://t.example/","headers":[["X-A","1\r\nX-B: 2"]],"body":null},"timeout_secs":5}"#;
        let ask: Result<RelayAsk, _> = serde_json::from_str(text);
        assert!(ask.is_ok(), "{ask:?}");
        if let Ok(ask) = ask {
            assert!(matches!(
                check_relay_ask(ask, 8787),
                Err(RelayRefusal::Unreadable { .. })
            ));
        }
    }

    #[test]
    fn the_relay_refuses_every_loopback_spelling_of_its_own_port() {
        for url in [
            "http://127.0.0.1:8787/x",
            "http://LOCALHOST:8787/",
            "http://[::1]:8787/",
            "http://0.0.0.0:8787/",
            "http://127.1.2.3:8787/",
            "http://[::ffff:127.0.0.1]:8787/",
            "http://[::ffff:7f00:1]:8787/",
            "http://sub.localhost:8787/",
        ] {
            let ask = RelayAsk {
                request: match FireRequest::get(url) {
                    Ok(r) => r,
                    Err(e) => panic!("{url}: {e}"),
                },
                timeout_secs: 5,
            };
            assert_eq!(
                check_relay_ask(ask, 8787),
                Err(RelayRefusal::OwnPort),
                "{url}"
            );
        }
    }
}
