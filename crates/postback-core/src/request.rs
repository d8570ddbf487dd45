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
        }
    }
}

/// The HTTP method of a request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Method {
    /// `GET`, the method of nearly every postback.
    #[default]
    Get,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
        }
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
            }),
            other => Err(RequestError::UnsupportedScheme {
                scheme: other.to_owned(),
            }),
        }
    }

    /// The method to send.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The URL to send, exactly as built.
    pub fn url(&self) -> &str {
        &self.url
    }
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

    #[test]
    fn a_template_with_unreplaced_macros_is_still_a_url() {
        let request = FireRequest::get("https://t.example/pb?cid={clickid}");
        assert!(request.is_ok());
    }
}
