//! The request a user is about to fire, validated before anything leaves the browser.

use serde::{Deserialize, Serialize};

/// Why a request cannot be fired.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// There is no URL to fire.
    #[error("no url to fire")]
    Empty,
    /// The URL parser rejected the text; `reason` is its own words.
    #[error("not a url: {reason}")]
    NotAUrl {
        /// Why the URL parser rejected it.
        reason: String,
    },
    /// A URL the browser's fetch cannot send, such as `ftp:` or `javascript:`.
    #[error("unsupported scheme `{scheme}`")]
    UnsupportedScheme {
        /// The scheme that was found.
        scheme: String,
    },
    /// A header line that is not `Name: value`, or that holds a line break.
    #[error("header line {line}: {reason}")]
    BadHeader {
        /// The line of the headers field, counting from 1.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// The body or the header lines are too large to read.
    #[error("the {part} is too large ({len} bytes)")]
    TooLarge {
        /// `body` or `headers`.
        part: &'static str,
        /// Its size in bytes.
        len: usize,
    },
}

impl RequestError {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Empty => "Type a postback template above; its URL is what Fire sends.",
            Self::NotAUrl { .. } => {
                "Start the template with https:// and the tracker's domain, \
                 for example https://trk.example/postback?cid={clickid}"
            }
            Self::UnsupportedScheme { .. } => {
                "Postbacks are sent over the web: start the URL with https:// (or http://)."
            }
            Self::BadHeader { .. } => {
                "Write one header per line as `Name: value`, with a name of letters, digits and `-`."
            }
            Self::TooLarge { .. } => {
                "Postback bodies and headers are small: keep each under 64 KiB, or send a large \
                 payload from a terminal."
            }
        }
    }
}

/// The HTTP method of a request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Method {
    /// `GET`, the method of nearly every postback.
    #[default]
    Get,
    /// `POST`, for postbacks with a form or JSON body.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// Every method, in menu order.
    pub const ALL: [Method; 5] = [Self::Get, Self::Post, Self::Put, Self::Patch, Self::Delete];

    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }

    /// The method named `name` (as on the wire).
    ///
    /// ```
    /// use postback_core::Method;
    ///
    /// assert_eq!(Method::from_name("POST"), Some(Method::Post));
    /// assert_eq!(Method::from_name("BREW"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == name)
    }

    /// Whether requests with this method carry a body.
    pub fn has_body(self) -> bool {
        matches!(self, Self::Post | Self::Put | Self::Patch)
    }
}

/// A request ready to be fired: the URL exactly as built, already checked by the URL parser.
///
/// ```
/// use postback_core::{FireRequest, RequestError};
///
/// let request = FireRequest::get(" https://trk.example/pb?cid=1 ")?;
/// assert_eq!(request.url(), "https://trk.example/pb?cid=1");
/// assert_eq!(request.method().as_str(), "GET");
/// assert!(matches!(FireRequest::get("ftp://x.example/"), Err(RequestError::UnsupportedScheme { .. })));
/// # Ok::<(), RequestError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FireRequest {
    method: Method,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

impl FireRequest {
    /// A `GET` request for `url` (surrounding white space is ignored).
    ///
    /// # Errors
    ///
    /// [`RequestError`] when the text is blank, is not a URL, or is not `http(s)`.
    pub fn get(url: &str) -> Result<Self, RequestError> {
        let url = url.trim();
        if url.is_empty() {
            return Err(RequestError::Empty);
        }
        let parsed = url::Url::parse(url).map_err(|e| RequestError::NotAUrl {
            reason: e.to_string(),
        })?;
        match parsed.scheme() {
            "http" | "https" => Ok(Self {
                method: Method::Get,
                url: url.to_owned(),
                headers: Vec::new(),
                body: None,
            }),
            other => Err(RequestError::UnsupportedScheme {
                scheme: other.to_owned(),
            }),
        }
    }

    /// A request with any method, header lines (`Name: value`, one per line, blank lines
    /// skipped) and an optional body.
    ///
    /// # Errors
    ///
    /// As [`FireRequest::get`], and [`RequestError::BadHeader`] for a malformed header line.
    ///
    /// ```
    /// use postback_core::{FireRequest, Method};
    ///
    /// let r = FireRequest::new(Method::Post, "https://t.example/pb", "Content-Type: application/json\n", Some("{}".into()))?;
    /// assert_eq!(r.headers(), [("Content-Type".to_owned(), "application/json".to_owned())]);
    /// assert!(FireRequest::new(Method::Get, "https://t.example/", "no colon", None).is_err());
    /// # Ok::<(), postback_core::RequestError>(())
    /// ```
    pub fn new(
        method: Method,
        url: &str,
        headers: &str,
        body: Option<String>,
    ) -> Result<Self, RequestError> {
        let mut request = Self::get(url)?;
        request.method = method;
        request.headers = parse_headers(headers)?;
        request.body = body.filter(|_| method.has_body());
        Ok(request)
    }

    /// The header lines to send, as `(name, value)`.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The body to send, if any.
    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }

    /// The method to send.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The URL to send, exactly as built.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The same request with header `name` set to `value`, replacing any header of that name
    /// (names compare without case). Only the core calls it, with values it made.
    pub(crate) fn with_header(mut self, name: &str, value: String) -> Self {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value));
        self
    }

    /// The same request sent to `url`, which the core made from this request's URL by changing
    /// its query only.
    pub(crate) fn with_url(mut self, url: String) -> Self {
        self.url = url;
        self
    }
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

fn parse_headers(text: &str) -> Result<Vec<(String, String)>, RequestError> {
    let mut headers = Vec::new();
    for (index, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let bad = |reason: &str| RequestError::BadHeader {
            line: index + 1,
            reason: reason.to_owned(),
        };
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| bad("no `:` between name and value"))?;
        let name = name.trim();
        if name.is_empty() || !name.chars().all(is_token_char) {
            return Err(bad("the name may hold only letters, digits and `-`"));
        }
        let value = value.trim();
        if value.chars().any(|c| c.is_control() && c != '\t') {
            return Err(bad("the value holds a control character"));
        }
        headers.push((name.to_owned(), value.to_owned()));
    }
    Ok(headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_accepted_or_rejected_with_a_reason() {
        let cases: &[(&str, Result<&str, RequestError>)] = &[
            ("https://t.example/pb?a=1", Ok("https://t.example/pb?a=1")),
            ("http://127.0.0.1:9/x", Ok("http://127.0.0.1:9/x")),
            ("\thttps://t.example/\n", Ok("https://t.example/")),
            ("", Err(RequestError::Empty)),
            ("  ", Err(RequestError::Empty)),
            (
                "trk.example/pb?cid=1",
                Err(RequestError::NotAUrl {
                    reason: "relative URL without a base".to_owned(),
                }),
            ),
            (
                "https://",
                Err(RequestError::NotAUrl {
                    reason: "empty host".to_owned(),
                }),
            ),
            (
                "javascript:alert(1)",
                Err(RequestError::UnsupportedScheme {
                    scheme: "javascript".to_owned(),
                }),
            ),
        ];
        for (input, want) in cases {
            let got = FireRequest::get(input);
            let got = got.as_ref().map(FireRequest::url).map_err(Clone::clone);
            assert_eq!(got, want.clone(), "{input:?}");
        }
    }

    /// Header lines read, or the line number of the error.
    type Headers<'a> = Result<Vec<(&'a str, &'a str)>, usize>;

    #[test]
    fn header_lines_are_read_or_rejected_with_their_line() {
        let cases: &[(&str, Headers)] = &[
            ("", Ok(vec![])),
            (
                "X-Token: abc\r\n\nAccept:  */* ",
                Ok(vec![("X-Token", "abc"), ("Accept", "*/*")]),
            ),
            ("X-Sig: t=1,v1=ab:cd", Ok(vec![("X-Sig", "t=1,v1=ab:cd")])),
            ("ok: 1\nbroken", Err(2)),
            ("Bad Name: 1", Err(1)),
            ("X: a\u{7}b", Err(1)),
        ];
        for (text, want) in cases {
            let got = parse_headers(text).map_err(|e| match e {
                RequestError::BadHeader { line, .. } => line,
                _ => 0,
            });
            let want = want.clone().map(|h| {
                h.into_iter()
                    .map(|(n, v)| (n.to_owned(), v.to_owned()))
                    .collect::<Vec<_>>()
            });
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn a_body_goes_only_with_methods_that_carry_one() {
        let get = FireRequest::new(Method::Get, "https://t.example/", "", Some("x".into()));
        let post = FireRequest::new(Method::Post, "https://t.example/", "", Some("x".into()));
        assert_eq!(get.ok().and_then(|r| r.body), None);
        assert_eq!(post.ok().and_then(|r| r.body).as_deref(), Some("x"));
    }

    #[test]
    fn a_template_with_unreplaced_macros_is_still_a_url() {
        let request = FireRequest::get("https://t.example/pb?cid={clickid}");
        assert!(request.is_ok());
    }
}
