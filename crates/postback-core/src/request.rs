//! The request a user is about to fire, validated before anything leaves the browser.

use serde::{Deserialize, Serialize};

/// Why a request cannot be fired.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// There is no URL to fire.
    #[error("no postback URL yet")]
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
    /// A header value with a character a header cannot carry (past U+00FF): fetch refuses it.
    #[error("header line {line}: the value holds `{found}`, which a header cannot carry")]
    HeaderCharacter {
        /// The line of the headers field, counting from 1.
        line: usize,
        /// The first such character.
        found: char,
    },
    /// The URL holds a user name or password, which browsers refuse to send.
    #[error("the address holds a user name or password")]
    Credentials,
    /// The scheme or host is still a macro with no value: the request would go nowhere, or
    /// somewhere else.
    #[error("fill {} first", .names.join(", "))]
    AddressNotFilled {
        /// The macros of the scheme and host that have no value yet.
        names: Vec<String>,
    },
    /// A value typed into the scheme or host would change where the request goes.
    #[error("the value of {name} holds `{found}`, which changes where the request goes")]
    ValueChangesAddress {
        /// The macro whose value it is.
        name: String,
        /// The first character that changes the address.
        found: char,
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
            Self::Credentials => {
                "Remove the user:password@ part: send a token as a parameter or a header instead."
            }
            Self::AddressNotFilled { .. } => {
                "Type the tracker's domain (like trk.example) into its field above: until then \
                 the postback has no address to go to."
            }
            Self::ValueChangesAddress { .. } => {
                "Type only the host in that value, like trk.example: no https://, no path, no ?."
            }
            Self::BadHeader { .. } => {
                "Write one header per line as `Name: value`, with a name of letters, digits and `-`."
            }
            Self::HeaderCharacter { .. } => {
                "Header values carry plain characters only: type - for a dash and ' for a curly \
                 quote, or percent-encode the text (like %E2%80%93)."
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
    /// `HEAD`: not a postback's method (it is not in the menu), but the address check's.
    Head,
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
            Self::Head => "HEAD",
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

/// A request ready to be fired: the URL as the browser sends it (normalised by the URL
/// parser, as `fetch` normalises it), already checked.
///
/// ```
/// use postback_core::{FireRequest, RequestError};
///
/// let request = FireRequest::get(" https://trk.example/pb?cid=1 ")?;
/// assert_eq!(request.url(), "https://trk.example/pb?cid=1");
/// // What fetch sends: `..` resolved, the host in lowercase.
/// assert_eq!(FireRequest::get("https://TRK.example/a/../pb")?.url(), "https://trk.example/pb");
/// assert_eq!(FireRequest::get("https://user:pw@trk.example/"), Err(RequestError::Credentials));
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
    /// The host as written, when the browser reads it as another (see [`Self::host_written`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    host_written: Option<String>,
}

/// The host as written in `url`: after `//`, without user info or port, up to the path.
pub(crate) fn written_host(url: &str) -> Option<&str> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#', '\\']).next()?;
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    if host_port.starts_with('[') {
        return host_port.find(']').and_then(|end| host_port.get(..=end));
    }
    Some(
        host_port
            .rsplit_once(':')
            .map_or(host_port, |(host, _)| host),
    )
}

/// Whether `url` is written `scheme://` and then a domain, the way a person means an address:
/// the tabs and line breaks the URL parser drops are dropped first.
pub(crate) fn has_written_host(url: &str) -> bool {
    let text: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let Some((_, rest)) = text.split_once(':') else {
        return false;
    };
    rest.strip_prefix("//")
        .and_then(|after| after.chars().next())
        .is_some_and(|c| !matches!(c, '/' | '\\' | '?' | '#'))
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
        let parsed = crate::parse_url(url).map_err(|e| RequestError::NotAUrl {
            reason: match e {
                url::ParseError::RelativeUrlWithoutBase => {
                    "not a full web address: it must start with https://".to_owned()
                }
                other => other.to_string(),
            },
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(RequestError::UnsupportedScheme {
                scheme: parsed.scheme().to_owned(),
            });
        }
        // The URL standard forgives `https:///postback` and `https:/postback`, taking the path
        // for the domain: a domain left out (a macro deleted) would go to a host named
        // `postback`.
        if !has_written_host(url) {
            return Err(RequestError::NotAUrl {
                reason: format!("there is no domain right after {}://", parsed.scheme()),
            });
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(RequestError::Credentials);
        }
        let host_written = written_host(url)
            .filter(|written| {
                parsed
                    .host_str()
                    .is_some_and(|sent| !written.eq_ignore_ascii_case(sent))
            })
            .map(str::to_owned);
        Ok(Self {
            method: Method::Get,
            url: parsed.into(),
            headers: Vec::new(),
            body: None,
            host_written,
        })
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

    /// The request as text, as a receiver's log would show it: the method and URL, each header
    /// on its own line, then the body after a blank line.
    ///
    /// ```
    /// use postback_core::{FireRequest, Method};
    ///
    /// let r = FireRequest::new(Method::Post, "https://t.example/pb", "X-A: 1", Some("a=1".into()))?;
    /// assert_eq!(r.to_text(), "POST https://t.example/pb\nX-A: 1\n\na=1");
    /// # Ok::<(), postback_core::RequestError>(())
    /// ```
    pub fn to_text(&self) -> String {
        let mut text = format!("{} {}", self.method.as_str(), self.url);
        for (name, value) in &self.headers {
            text.push_str(&format!("\n{name}: {value}"));
        }
        if let Some(body) = &self.body {
            text.push_str(&format!("\n\n{body}"));
        }
        text
    }

    /// [`FireRequest::to_text`] for a person to check before sending: characters that do not
    /// show, or that reorder the text around them (bidi controls, zero-width characters),
    /// are written out as `⟨U+202E⟩`, so what is read is what is sent.
    ///
    /// ```
    /// use postback_core::FireRequest;
    ///
    /// let r = FireRequest::get("https://t.example/pb?n=\u{202e}gnp.exe")?;
    /// assert_eq!(r.to_visible_text(), "GET https://t.example/pb?n=%E2%80%AEgnp.exe");
    /// let r = FireRequest::new(postback_core::Method::Post, "https://t.example/pb", "", Some("a=\u{202e}b\u{200b}".into()))?;
    /// assert_eq!(r.to_visible_text(), "POST https://t.example/pb\n\na=⟨U+202E⟩b⟨U+200B⟩");
    /// # Ok::<(), postback_core::RequestError>(())
    /// ```
    pub fn to_visible_text(&self) -> String {
        let mut out = String::new();
        for c in self.to_text().chars() {
            if is_invisible(c) {
                out.push_str(&format!("⟨U+{:04X}⟩", u32::from(c)));
            } else {
                out.push(c);
            }
        }
        out
    }

    /// The URL to send, as the browser sends it.
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

    /// The host as it was written in the address, when the browser reads it as another host:
    /// `аpple.com` (with a Cyrillic `а`) goes to `xn--pple-43d.com`.
    ///
    /// ```
    /// use postback_core::FireRequest;
    ///
    /// let typed = FireRequest::get("https://tr%6B.example/pb")?;
    /// assert_eq!((typed.url(), typed.host_written()), ("https://trk.example/pb", Some("tr%6B.example")));
    /// assert_eq!(FireRequest::get("https://TRK.example/pb")?.host_written(), None);
    /// # Ok::<(), postback_core::RequestError>(())
    /// ```
    pub fn host_written(&self) -> Option<&str> {
        self.host_written.as_deref()
    }

    /// The same request sent to `url`, which the core made from this request's URL by changing
    /// its query only.
    pub(crate) fn with_url(mut self, url: String) -> Self {
        self.url = url;
        self
    }

    /// The same request with its URL, headers and body replaced: for a copy with its secrets
    /// hidden. Only the core calls it.
    pub(crate) fn with_parts(
        mut self,
        url: String,
        headers: Vec<(String, String)>,
        body: Option<String>,
    ) -> Self {
        self.url = url;
        self.headers = headers;
        self.body = body;
        self
    }

    /// The request cut to what a stored request may hold, for one read back from storage, a
    /// file or a link: a crafted one cannot fill the page.
    pub(crate) fn capped(mut self) -> Self {
        crate::span::cut_at_char(&mut self.url, MAX_STORED_URL);
        self.headers.truncate(MAX_HEADER_LINES);
        for (name, value) in &mut self.headers {
            crate::span::cut_at_char(name, MAX_HEADER_LINE);
            crate::span::cut_at_char(value, MAX_HEADER_LINE);
        }
        if let Some(body) = &mut self.body {
            crate::span::cut_at_char(body, MAX_STORED_URL);
        }
        self
    }
}

/// The longest URL or body a stored request keeps, in bytes.
const MAX_STORED_URL: usize = 64 * 1024;
/// The most header lines a stored request keeps.
const MAX_HEADER_LINES: usize = 100;
/// The longest header name or value a stored request keeps, in bytes.
const MAX_HEADER_LINE: usize = 8 * 1024;

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
        // Fetch sends header values as bytes, one per character up to U+00FF.
        if let Some(found) = value.chars().find(|c| u32::from(*c) > 0xFF) {
            return Err(RequestError::HeaderCharacter {
                line: index + 1,
                found,
            });
        }
        headers.push((name.to_owned(), value.to_owned()));
    }
    Ok(headers)
}

/// Whether `c` is a formatting character a reader cannot see: bidi controls and marks, and
/// zero-width characters.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061c}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
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
                    reason: "not a full web address: it must start with https://".to_owned(),
                }),
            ),
            (
                "https://",
                Err(RequestError::NotAUrl {
                    reason: "empty host".to_owned(),
                }),
            ),
            (
                "https:///postback?clickid=1",
                Err(RequestError::NotAUrl {
                    reason: "there is no domain right after https://".to_owned(),
                }),
            ),
            (
                "http:/127.0.0.1:9/one-slash",
                Err(RequestError::NotAUrl {
                    reason: "there is no domain right after http://".to_owned(),
                }),
            ),
            ("http:/\t/127.0.0.1:9/tab", Ok("http://127.0.0.1:9/tab")),
            (
                "javascript:alert(1)",
                Err(RequestError::UnsupportedScheme {
                    scheme: "javascript".to_owned(),
                }),
            ),
            // As fetch sends them.
            ("https://t.example", Ok("https://t.example/")),
            (
                "https://t.example/deep/../../log",
                Ok("https://t.example/log"),
            ),
            (
                "HTTPS://T.Example:443/pb?a=1",
                Ok("https://t.example/pb?a=1"),
            ),
            ("https://t.example/a b", Ok("https://t.example/a%20b")),
            ("https://u@t.example/", Err(RequestError::Credentials)),
            ("https://:p@t.example/", Err(RequestError::Credentials)),
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
            ("X-Campaign: Sommer–Sale", Err(1)),
            ("X-Ok: 1\nX-Quote: it’s", Err(2)),
            ("X-Latin: café", Ok(vec![("X-Latin", "café")])),
        ];
        for (text, want) in cases {
            let got = parse_headers(text).map_err(|e| match e {
                RequestError::BadHeader { line, .. }
                | RequestError::HeaderCharacter { line, .. } => line,
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
