//! What happened to a fired request, said in plain words and never more confidently than the
//! browser allows: a request whose answer the browser hid may still have been recorded.

use serde::{Deserialize, Serialize};

/// How much of a response body is kept for display.
pub const BODY_DISPLAY_CAP: usize = 256 * 1024;

/// A response body prepared for display as text (never as HTML).
///
/// ```
/// use postback_core::BodyText;
///
/// let body = BodyText::from_bytes(b"success=true;", 1024);
/// assert_eq!(body.text, "success=true;");
/// assert!(!body.truncated && !body.lossy);
///
/// let capped = BodyText::from_bytes("ééé".as_bytes(), 3);
/// assert_eq!((capped.text.as_str(), capped.total_bytes, capped.truncated), ("é", 6, true));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyText {
    /// The first bytes of the body as UTF-8 text, invalid sequences replaced by `�`.
    pub text: String,
    /// The size of the whole body in bytes: as the receiver announced it, or as read.
    pub total_bytes: usize,
    /// Whether `total_bytes` is the whole body's size. Reading stops at the display cap, so a
    /// longer body without a Content-Length has a size nobody knows.
    #[serde(default = "known")]
    pub size_known: bool,
    /// Whether only the first `cap` bytes are in `text`.
    pub truncated: bool,
    /// Whether some bytes were not valid UTF-8.
    pub lossy: bool,
    /// For a body that is not text, a hex dump of its first bytes.
    pub hex: Option<String>,
}

/// How many bytes of a binary body the hex preview shows.
pub const HEX_PREVIEW_BYTES: usize = 256;

/// A hex dump: offset, sixteen bytes in hex, and their printable ASCII.
fn hex_dump(bytes: &[u8]) -> String {
    bytes
        .chunks(16)
        .enumerate()
        .map(|(row, chunk)| {
            let hex: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
            let ascii: String = chunk
                .iter()
                .map(|b| {
                    if b.is_ascii_graphic() || *b == b' ' {
                        char::from(*b)
                    } else {
                        '.'
                    }
                })
                .collect();
            format!("{:08x}  {:<47}  |{ascii}|", row * 16, hex.join(" "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn known() -> bool {
    true
}

impl BodyText {
    /// The body from the bytes read before reading stopped: `prefix` holds at most `cap` + 1
    /// bytes (one more than is kept, so a cut is known), and `announced` is the size the
    /// receiver gave in Content-Length, if it gave one.
    ///
    /// ```
    /// use postback_core::BodyText;
    ///
    /// let announced = BodyText::from_prefix(b"abcd", Some(1_000_000), 3);
    /// assert_eq!((announced.text.as_str(), announced.total_bytes, announced.truncated, announced.size_known), ("abc", 1_000_000, true, true));
    /// let unknown = BodyText::from_prefix(b"abcd", None, 3);
    /// assert_eq!((unknown.total_bytes, unknown.truncated, unknown.size_known), (4, true, false));
    /// assert_eq!(BodyText::from_prefix(b"ab", None, 3), BodyText::from_bytes(b"ab", 3));
    /// ```
    pub fn from_prefix(prefix: &[u8], announced: Option<u64>, cap: usize) -> Self {
        let mut body = Self::from_bytes(prefix, cap);
        match announced {
            Some(total) => {
                body.total_bytes = usize::try_from(total)
                    .unwrap_or(usize::MAX)
                    .max(prefix.len());
                body.truncated = body.total_bytes > cap;
            }
            None => body.size_known = prefix.len() <= cap,
        }
        body
    }

    /// Keeps at most `cap` bytes of `bytes`, cut back to a character boundary.
    pub fn from_bytes(bytes: &[u8], cap: usize) -> Self {
        let truncated = bytes.len() > cap;
        let mut kept = bytes.get(..cap).unwrap_or(bytes);
        if truncated {
            // Do not count a character cut in half by the cap as invalid.
            if let Err(e) = std::str::from_utf8(kept) {
                if e.error_len().is_none() {
                    kept = kept.get(..e.valid_up_to()).unwrap_or(kept);
                }
            }
        }
        let text = String::from_utf8_lossy(kept);
        let lossy = matches!(text, std::borrow::Cow::Owned(_));
        let binary = lossy || kept.contains(&0);
        Self {
            lossy,
            text: text.into_owned(),
            total_bytes: bytes.len(),
            size_known: true,
            truncated,
            hex: binary.then(|| hex_dump(bytes.get(..HEX_PREVIEW_BYTES).unwrap_or(bytes))),
        }
    }

    /// The body pretty-printed, when it is JSON.
    ///
    /// ```
    /// use postback_core::BodyText;
    ///
    /// let body = BodyText::from_bytes(br#"{"ok":true}"#, 1024);
    /// assert_eq!(body.pretty_json().as_deref(), Some("{\n  \"ok\": true\n}"));
    /// assert_eq!(BodyText::from_bytes(b"OK", 1024).pretty_json(), None);
    /// // Keys keep the receiver's order.
    /// let ordered = BodyText::from_bytes(br#"{"z":1,"a":2}"#, 1024).pretty_json();
    /// assert_eq!(ordered.as_deref(), Some("{\n  \"z\": 1,\n  \"a\": 2\n}"));
    /// // What would read back differently is shown as it came.
    /// assert_eq!(BodyText::from_bytes(br#"{"ok":false,"ok":true}"#, 1024).pretty_json(), None);
    /// assert_eq!(BodyText::from_bytes(br#"{"id":123456789012345678901234567890}"#, 1024).pretty_json(), None);
    /// assert!(BodyText::from_bytes(b"{ \"a\" : \"x y\\\" z\" }", 1024).pretty_json().is_some());
    /// ```
    pub fn pretty_json(&self) -> Option<String> {
        if self.truncated {
            return None;
        }
        let trimmed = self.text.trim_start();
        if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
            return None;
        }
        let value = serde_json::from_str::<serde_json::Value>(&self.text).ok()?;
        // Only when nothing is lost: a repeated key, or a number written another way
        // (`1e3`, an ID too long for a float), would read back differently. Then the body
        // is shown as it came.
        let compact = serde_json::to_string(&value).ok()?;
        if compact != without_insignificant_space(&self.text) {
            return None;
        }
        serde_json::to_string_pretty(&value).ok()
    }
}

/// JSON text without the white space between its tokens.
fn without_insignificant_space(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            out.push(c);
        }
    }
    out
}

/// What the browser let the page learn about a fired request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delivery {
    /// The endpoint answered and the browser let the page read the answer.
    Read {
        /// The HTTP status code.
        status: u16,
        /// The reason phrase, often empty over HTTP/2.
        status_text: String,
        /// The body, as text; `None` when the connection broke while the body was arriving.
        body: Option<BodyText>,
        /// The response headers the browser let the page see.
        #[serde(default)]
        headers: Vec<(String, String)>,
        /// Where redirects led, when the request was redirected and the browser shows it.
        #[serde(default)]
        final_url: Option<String>,
    },
    /// `fetch` failed without an answer the page may read: the endpoint sent no CORS headers,
    /// or it could not be reached. The browser does not say which.
    Hidden,
    /// No answer came within the time limit.
    TimedOut {
        /// The limit, in seconds.
        after_secs: u32,
    },
    /// Not sent: the browser blocks this request before it leaves (mixed content).
    Blocked,
    /// Fired without reading the answer (`no-cors`): something answered, and the browser shows
    /// neither its status nor its body.
    Opaque,
    /// Fired without reading the answer, and nothing answered: a wrong address, a server that
    /// is down, or a network that blocks it.
    Unreachable,
    /// The user cancelled while waiting; the request may already have arrived.
    Cancelled,
    /// `fetch` failed for a request that needed a preflight: the receiver did not allow it
    /// (or could not be reached), so the postback itself was not sent.
    PreflightFailed,
    /// Sent outside a browser (the command line, the local relay): the connection was made
    /// and the request written, then it broke before a whole answer came.
    BrokeOff {
        /// What broke, as the HTTP client said it.
        reason: String,
    },
}

/// How a verdict should look.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tone {
    /// The endpoint answered with a success status.
    Good,
    /// Something needs a closer look.
    Warn,
}

impl Tone {
    /// A short lowercase name, usable as a CSS class.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Good => "good",
            Self::Warn => "warn",
        }
    }
}

/// A verdict in plain words: a headline and what it means for the conversion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// How it should look.
    pub tone: Tone,
    /// One line that says what happened.
    pub headline: String,
    /// What that means, and what to do next, in plain words.
    pub detail: String,
    /// The same for the technical team (CORS, preflight, no-cors …): empty when the plain
    /// words say it all. Pages show it in a disclosure.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub technical: String,
}

impl Verdict {
    /// The verdict of an answer the local relay read for the page: it says so, since the
    /// request left from this machine, not from the browser.
    ///
    /// ```
    /// use postback_core::{BodyText, Delivery};
    ///
    /// let read = Delivery::Read { status: 200, status_text: "OK".into(), body: Some(BodyText::default()), headers: vec![], final_url: None };
    /// assert_eq!(read.verdict().through_relay().headline, "Answer read through the local relay: HTTP 200 OK");
    /// let late = Delivery::TimedOut { after_secs: 5 }.verdict().through_relay();
    /// assert_eq!(late.headline, "No answer within 5 s (through the local relay)");
    /// ```
    pub fn through_relay(self) -> Self {
        let (headline, how) = match self.headline.strip_prefix("Answer read: ") {
            Some(status) => (
                format!("Answer read through the local relay: {status}"),
                "The relay on this computer sent it and read the whole answer, every header \
                 included.",
            ),
            None => (
                format!("{} (through the local relay)", self.headline),
                "The relay on this computer sent it, not the browser.",
            ),
        };
        Self {
            headline,
            detail: format!("{} {how}", self.detail),
            ..self
        }
    }
}

impl Delivery {
    /// The verdict for this delivery.
    ///
    /// ```
    /// use postback_core::{BodyText, Delivery, Tone};
    ///
    /// let read = Delivery::Read { status: 200, status_text: "OK".into(), body: Some(BodyText::default()), headers: vec![], final_url: None };
    /// assert_eq!(read.verdict().headline, "Answer read: HTTP 200 OK");
    /// assert_eq!(read.verdict().tone, Tone::Good);
    /// assert_eq!(Delivery::Hidden.verdict().headline, "No readable answer: it may or may not have arrived");
    /// ```
    pub fn verdict(&self) -> Verdict {
        match self {
            Self::Read {
                status,
                status_text,
                ..
            } => {
                let status_line = format!("HTTP {status} {status_text}").trim_end().to_owned();
                if (200..300).contains(status) {
                    Verdict {
                        tone: Tone::Good,
                        headline: format!("Answer read: {status_line}"),
                        detail: "The endpoint received the request and answered with a success \
                                 status; the body below is its own word on the conversion."
                            .to_owned(),
                        technical: String::new(),
                    }
                } else {
                    Verdict {
                        tone: Tone::Warn,
                        headline: format!("Answer read: {status_line}"),
                        detail: "The endpoint received the request but answered with an error \
                                 status. Read the body below for its reason, fix the URL or \
                                 its values, then fire again."
                            .to_owned(),
                        technical: String::new(),
                    }
                }
            }
            Self::Hidden => Verdict {
                tone: Tone::Warn,
                headline: "No readable answer: it may or may not have arrived".to_owned(),
                detail: "The browser got no answer this page may read. The likely causes, most \
                         likely first: the receiver does not let web pages read its answers, so \
                         the postback probably arrived; nothing answers at this address (a wrong \
                         domain or port, a server that is down, a firewall or ad blocker); for an \
                         address on your own network, the browser's permission to reach it was \
                         not given. Check the address tells the first two apart without sending \
                         the postback again; the receiver's report shows whether it arrived."
                    .to_owned(),
                technical: "fetch rejected with a network error (a TypeError), and no CORS \
                            preflight was needed. The usual cause is a receiver that sends no \
                            Access-Control-Allow-Origin header: the request arrives, but the \
                            browser hides even a 200 from the page. Check the address sends a \
                            no-cors HEAD to the origin's root; an opaque answer means a server \
                            is there."
                    .to_owned(),
            },
            Self::Blocked => Verdict {
                tone: Tone::Warn,
                headline: "Blocked before sending".to_owned(),
                detail: "This page is served over https, and the browser does not let it send \
                         to an http:// address, so nothing was sent. Use https:// if the \
                         receiver supports it."
                    .to_owned(),
                technical: "Mixed content: browsers block http:// requests from an https page. \
                            To send it anyway, copy it as curl and run it in a terminal."
                    .to_owned(),
            },
            Self::Opaque => Verdict {
                tone: Tone::Warn,
                headline: "Sent without reading the answer".to_owned(),
                detail: "The receiver answered, but in this mode the browser shows neither the \
                         status nor the body, so whether the conversion was accepted cannot be \
                         known here: the receiver's report shows it."
                    .to_owned(),
                technical: "Sent with fetch's no-cors mode: an opaque answer, and only simple \
                            headers went out (no custom headers, no JSON body)."
                    .to_owned(),
            },
            Self::Unreachable => Verdict {
                tone: Tone::Warn,
                headline: "No answer came back: most likely nothing answers at this address"
                    .to_owned(),
                detail: "No answer came at all: usually a wrong domain or port, a \
                         receiver that is down, or a firewall or ad blocker in the way; rarely, \
                         the receiver took the postback and then broke the connection. Check the \
                         address, or the receiver's report, before sending again."
                    .to_owned(),
                technical: String::new(),
            },
            Self::Cancelled => Verdict {
                tone: Tone::Warn,
                headline: "Cancelled while waiting".to_owned(),
                detail: "The request may have been delivered and recorded before you \
                         cancelled: the receiver's report shows whether it arrived, so look there \
                         before firing again."
                    .to_owned(),
                technical: String::new(),
            },
            Self::PreflightFailed => Verdict {
                tone: Tone::Warn,
                headline: "Probably not sent: the receiver may not allow this request".to_owned(),
                detail: "Because of its extra headers or its JSON body, this request has to ask \
                         the receiver for permission first. Most likely the receiver did not \
                         give it (or could not be reached), so the postback itself was not sent; \
                         less often it gave it, then hid its answer, and the postback arrived. \
                         Look in the receiver's report before sending again, or leave out the \
                         extra headers or the JSON body, or ask the receiver to allow this page."
                    .to_owned(),
                technical: "fetch rejected after a CORS preflight was needed: either the \
                            preflight (an OPTIONS request) was refused or failed, or it passed \
                            and the answer to the postback lacked Access-Control-Allow-Origin; \
                            the browser does not tell which. The receiver must answer both with \
                            Access-Control-Allow-Origin (and the preflight with -Allow-Methods \
                            and -Allow-Headers) for this page's origin."
                    .to_owned(),
            },
            Self::BrokeOff { reason } => Verdict {
                tone: Tone::Warn,
                headline: "The connection broke before an answer came: it may or may not have \
                           arrived"
                    .to_owned(),
                detail: "The request went out, then the receiver (or something on the way) \
                         closed the connection before answering. The receiver's report shows \
                         whether it arrived: look there before sending again."
                    .to_owned(),
                technical: reason.clone(),
            },
            Self::TimedOut { after_secs } => Verdict {
                tone: Tone::Warn,
                headline: format!("No answer within {after_secs} s"),
                detail: "The request may have been delivered and recorded even though no \
                         answer came back in time: the receiver's report shows whether it \
                         arrived, so look there before firing again."
                    .to_owned(),
                technical: String::new(),
            },
        }
    }
}

/// The kinds of outcome the history can be filtered by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RunOutcome {
    /// The answer was read and had a 2xx status.
    Success,
    /// The answer was read and had another status.
    ErrorStatus,
    /// No answer the page may read (CORS, no-cors, timeout, cancel): it may have arrived.
    Unknown,
    /// Not sent: blocked, preflight refused, or nothing answered.
    NotSent,
}

impl RunOutcome {
    /// Every outcome, in menu order.
    pub const ALL: [RunOutcome; 4] = [
        Self::Success,
        Self::ErrorStatus,
        Self::Unknown,
        Self::NotSent,
    ];

    /// The outcome of `delivery`.
    ///
    /// ```
    /// use postback_core::{Delivery, RunOutcome};
    ///
    /// assert_eq!(RunOutcome::of(&Delivery::Hidden), RunOutcome::Unknown);
    /// assert!(RunOutcome::ALL.iter().all(|o| RunOutcome::from_id(o.id()) == Some(*o)));
    /// ```
    pub fn of(delivery: &Delivery) -> Self {
        match delivery {
            Delivery::Read { status, .. } if (200..300).contains(status) => Self::Success,
            Delivery::Read { .. } => Self::ErrorStatus,
            Delivery::Hidden
            | Delivery::Opaque
            | Delivery::TimedOut { .. }
            | Delivery::BrokeOff { .. }
            | Delivery::Cancelled => Self::Unknown,
            Delivery::Blocked | Delivery::PreflightFailed | Delivery::Unreachable => Self::NotSent,
        }
    }

    /// A short lowercase name, for menus and CSS.
    pub fn id(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::ErrorStatus => "error-status",
            Self::Unknown => "unknown",
            Self::NotSent => "not-sent",
        }
    }

    /// The outcome in plain words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Success => "Answered with success",
            Self::ErrorStatus => "Answered with an error status",
            Self::Unknown => "Answer unknown: it may have arrived",
            Self::NotSent => "Not sent or nothing answered",
        }
    }

    /// The outcome named `id`.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.id() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(status: u16) -> Delivery {
        Delivery::Read {
            status,
            status_text: String::new(),
            body: Some(BodyText::default()),
            headers: Vec::new(),
            final_url: None,
        }
    }

    #[test]
    fn statuses_map_to_tones_and_headlines() {
        let cases = [
            (200, Tone::Good, "Answer read: HTTP 200"),
            (204, Tone::Good, "Answer read: HTTP 204"),
            (302, Tone::Warn, "Answer read: HTTP 302"),
            (404, Tone::Warn, "Answer read: HTTP 404"),
            (503, Tone::Warn, "Answer read: HTTP 503"),
        ];
        for (status, tone, headline) in cases {
            let verdict = read(status).verdict();
            assert_eq!((verdict.tone, verdict.headline.as_str()), (tone, headline));
        }
    }

    #[test]
    fn a_hidden_answer_or_a_timeout_never_claims_the_postback_arrived_or_failed() {
        for delivery in [
            Delivery::Hidden,
            Delivery::TimedOut { after_secs: 10 },
            Delivery::Cancelled,
        ] {
            let verdict = delivery.verdict();
            let words = format!("{} {}", verdict.headline, verdict.detail).to_lowercase();
            assert!(words.contains("may"), "{words}");
            assert!(!words.contains("failed"), "{words}");
            assert!(
                !verdict.headline.starts_with("Sent"),
                "{}",
                verdict.headline
            );
            assert_eq!(verdict.tone, Tone::Warn);
        }
    }

    #[test]
    fn plain_words_never_name_the_mechanism_and_the_technical_words_do() {
        // (delivery, a word its technical detail must hold; "" when it has none)
        let cases = [
            (Delivery::Hidden, "Access-Control-Allow-Origin"),
            (Delivery::Blocked, "Mixed content"),
            (Delivery::Opaque, "no-cors"),
            (Delivery::PreflightFailed, "CORS preflight"),
            (Delivery::Unreachable, ""),
            (Delivery::TimedOut { after_secs: 10 }, ""),
            (Delivery::Cancelled, ""),
            (read(200), ""),
            (read(500), ""),
        ];
        for (delivery, word) in cases {
            let verdict = delivery.verdict();
            let plain = format!("{} {}", verdict.headline, verdict.detail).to_lowercase();
            for jargon in [
                "cors",
                "preflight",
                "no-cors",
                "mixed content",
                "fetch",
                "markdown",
            ] {
                assert!(!plain.contains(jargon), "{delivery:?}: {jargon} in {plain}");
            }
            assert_eq!(
                verdict.technical.is_empty(),
                word.is_empty(),
                "{delivery:?}"
            );
            assert!(verdict.technical.contains(word), "{delivery:?}");
        }
    }

    #[test]
    fn only_a_request_the_browser_let_leave_is_called_sent() {
        for delivery in [
            Delivery::Hidden,
            Delivery::Blocked,
            Delivery::Unreachable,
            Delivery::PreflightFailed,
            Delivery::TimedOut { after_secs: 10 },
            Delivery::Cancelled,
        ] {
            let headline = delivery.verdict().headline;
            assert!(!headline.to_lowercase().starts_with("sent"), "{headline}");
        }
        assert!(Delivery::Opaque.verdict().headline.starts_with("Sent"));
        assert_eq!(Delivery::Opaque.verdict().tone, Tone::Warn);
    }

    #[test]
    fn binary_bodies_get_a_hex_preview_and_text_bodies_none() {
        assert_eq!(BodyText::from_bytes(b"plain text", 100).hex, None);
        let binary = BodyText::from_bytes(b"\x00\x01AB\xff", 100);
        let want = format!("00000000  {:<47}  |..AB.|", "00 01 41 42 ff");
        assert_eq!(binary.hex, Some(want));
        let long = BodyText::from_bytes(&[0u8; 1000], 100);
        assert_eq!(
            long.hex.map(|h| h.lines().count()),
            Some(HEX_PREVIEW_BYTES / 16)
        );
    }

    #[test]
    fn bodies_are_capped_on_a_character_boundary_and_flag_invalid_bytes() {
        let cases: &[(&[u8], usize, &str, bool, bool)] = &[
            (b"ok", 10, "ok", false, false),
            (b"abcdef", 3, "abc", true, false),
            ("aé".as_bytes(), 2, "a", true, false),
            (b"\xff\xfeok", 10, "\u{fffd}\u{fffd}ok", false, true),
            (b"", 10, "", false, false),
        ];
        for (bytes, cap, text, truncated, lossy) in cases {
            let body = BodyText::from_bytes(bytes, *cap);
            assert_eq!(
                (body.text.as_str(), body.truncated, body.lossy),
                (*text, *truncated, *lossy),
                "{bytes:?}"
            );
            assert_eq!(body.total_bytes, bytes.len());
        }
    }
}
