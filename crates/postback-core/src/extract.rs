//! Query parameters pulled out of whatever text a user pastes: one URL, several, or URLs
//! embedded in prose or log lines.
//!
//! Names and values keep their case, duplicates keep their order, and every parameter carries
//! the byte span of its value in the pasted text.

use percent_encoding::percent_decode_str;
use serde::{Deserialize, Serialize};

use crate::Span;

/// Why nothing could be extracted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// Nothing but white space was pasted.
    #[error("nothing pasted")]
    Empty,
    /// The text holds no `http://` or `https://` URL.
    #[error("no url found")]
    NoUrl,
}

impl ExtractError {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Empty => "Paste a link, a log line or any text that contains URLs.",
            Self::NoUrl => {
                "Paste text that contains a full link starting with http:// or https://, \
                 for example https://lp.example/?clickid=abc123"
            }
        }
    }
}

/// One query parameter found in a URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Param {
    /// The parameter name, percent-decoded, case kept.
    pub name: String,
    /// The value, percent-decoded once, case kept; `+` is left as it is.
    pub value: String,
    /// The value exactly as it stands in the pasted text.
    pub raw_value: String,
    /// Which URL of the paste it came from, counting from 0.
    pub url_index: usize,
    /// The line of the paste it stands on, counting from 1.
    pub line: usize,
    /// Where the raw value stands in the pasted text.
    pub span: Span,
}

/// Everything found in a paste.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extraction {
    /// The URLs found, as written.
    pub urls: Vec<String>,
    /// Their query parameters, in order of appearance.
    pub params: Vec<Param>,
}

/// Finds every `http(s)://` URL in `text` and lists its query parameters.
///
/// # Errors
///
/// [`ExtractError::Empty`] for blank text, [`ExtractError::NoUrl`] when no URL is found.
///
/// ```
/// use postback_core::extract;
///
/// let found = extract("GET https://lp.example/?gclid=Cj0K&sub=A%26B HTTP/1.1")?;
/// assert_eq!(found.urls, vec!["https://lp.example/?gclid=Cj0K&sub=A%26B"]);
/// let pairs: Vec<_> = found.params.iter().map(|p| (p.name.as_str(), p.value.as_str())).collect();
/// assert_eq!(pairs, vec![("gclid", "Cj0K"), ("sub", "A&B")]);
/// # Ok::<(), postback_core::ExtractError>(())
/// ```
pub fn extract(text: &str) -> Result<Extraction, ExtractError> {
    if text.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    let mut found = Extraction::default();
    for (line_index, (line_start, line)) in lines_with_offsets(text).enumerate() {
        for (token_start, token) in url_tokens(line) {
            if url::Url::parse(token).is_err() {
                continue;
            }
            let url_index = found.urls.len();
            found.urls.push(token.to_owned());
            let offset = line_start + token_start;
            found
                .params
                .extend(query_params(token, offset, url_index, line_index + 1));
        }
    }
    if found.urls.is_empty() {
        return Err(ExtractError::NoUrl);
    }
    Ok(found)
}

fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len() + 1;
        Some((start, line))
    })
}

/// Punctuation that ends a sentence around a URL rather than belonging to it.
const TRAILING_PROSE: &[char] = &['.', ',', ';', ':', '!', '?', ')'];

/// Candidate URLs in one line: each starts at `http://` or `https://` and runs to the next
/// white space, quote or angle bracket.
fn url_tokens(line: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || {
        let rest = line.get(from..)?;
        let lower = rest.to_ascii_lowercase();
        let start = from
            + lower
                .find("http://")
                .into_iter()
                .chain(lower.find("https://"))
                .min()?;
        let tail = line.get(start..)?;
        let len = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`'))
            .unwrap_or(tail.len());
        from = start + len.max(1);
        let token = tail.get(..len)?.trim_end_matches(TRAILING_PROSE);
        Some((start, token))
    })
}

fn query_params(url: &str, offset: usize, url_index: usize, line: usize) -> Vec<Param> {
    let before_fragment = url.split('#').next().unwrap_or_default();
    let Some(query_start) = before_fragment.find('?').map(|i| i + 1) else {
        return Vec::new();
    };
    let query = before_fragment.get(query_start..).unwrap_or_default();
    let mut params = Vec::new();
    let mut pair_start = query_start;
    for pair in query.split('&') {
        if !pair.is_empty() {
            let (raw_name, raw_value, value_start) = match pair.split_once('=') {
                Some((n, v)) => (n, v, pair_start + n.len() + 1),
                None => (pair, "", pair_start + pair.len()),
            };
            params.push(Param {
                name: decode(raw_name),
                value: decode(raw_value),
                raw_value: raw_value.to_owned(),
                url_index,
                line,
                span: Span::new(offset + value_start, offset + value_start + raw_value.len()),
            });
        }
        pair_start += pair.len() + 1;
    }
    params
}

fn decode(raw: &str) -> String {
    percent_decode_str(raw).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        extract(text)
            .map(|e| e.params.into_iter().map(|p| (p.name, p.value)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn parameters_come_out_in_order_with_case_and_duplicates_kept() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "https://lp.example/?gclid=EAIaIQ&GCLID=x&gclid=2",
                &[("gclid", "EAIaIQ"), ("GCLID", "x"), ("gclid", "2")],
            ),
            (
                "see https://a.example/x?ScCid=Ab-9_z, thanks",
                &[("ScCid", "Ab-9_z")],
            ),
            ("<https://a.example/?q=%C3%A9%20x>", &[("q", "é x")]),
            ("https://a.example/?flag&v=", &[("flag", ""), ("v", "")]),
            ("https://a.example/?a=1#b=2", &[("a", "1")]),
            ("https://a.example/?a=1+2", &[("a", "1+2")]),
            ("https://a.example/?a=%zz", &[("a", "%zz")]),
            (
                "one https://a.example/?x=1\nand HTTPS://B.example/?y=2",
                &[("x", "1"), ("y", "2")],
            ),
        ];
        for (text, want) in cases {
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect();
            assert_eq!(pairs(text), want, "{text}");
        }
    }

    #[test]
    fn each_value_knows_its_line_and_span_in_the_paste() {
        let text = "first line\nGET https://a.example/p?cid=AbC&x=1 HTTP/1.1";
        let found = extract(text);
        let cid = found.as_ref().ok().and_then(|f| f.params.first());
        assert_eq!(cid.map(|p| p.line), Some(2));
        assert_eq!(cid.and_then(|p| p.span.slice(text)), Some("AbC"));
    }

    #[test]
    fn text_without_a_url_says_so() {
        assert_eq!(extract(""), Err(ExtractError::Empty));
        assert_eq!(extract("  \n\t"), Err(ExtractError::Empty));
        assert_eq!(extract("clickid=abc&payout=1"), Err(ExtractError::NoUrl));
        assert_eq!(extract("http:// nothing"), Err(ExtractError::NoUrl));
    }

    #[test]
    fn a_url_without_parameters_is_found_with_no_rows() {
        let found = extract("https://lp.example/landing");
        assert_eq!(found.map(|f| (f.urls.len(), f.params.len())), Ok((1, 0)));
    }

    proptest! {
        #[test]
        fn extraction_never_panics_and_spans_point_at_raw_values(text in any::<String>()) {
            if let Ok(found) = extract(&text) {
                for p in found.params {
                    prop_assert_eq!(p.span.slice(&text), Some(p.raw_value.as_str()));
                }
            }
        }

        #[test]
        fn urls_embedded_in_prose_are_found(
            prefix in "[a-z ]{0,20}",
            value in "[A-Za-z0-9_-]{1,30}",
        ) {
            let text = format!("{prefix} https://lp.example/?clickid={value} end");
            prop_assert_eq!(pairs(&text), vec![("clickid".to_owned(), value)]);
        }
    }
}
