//! Click IDs and tracking parameters pulled out of whatever a user pastes: URLs, prose, access
//! logs, `curl -v` and `curl -IL` output, or a HAR file; and the redirect chain they describe.
//!
//! Names and values keep their case, duplicates keep their order, nested URLs inside values
//! are followed (encoded once or twice) to a bounded depth, and every parameter says where it
//! was found. Work can be fed in chunks with [`Extractor`], so a page stays responsive on a
//! large paste; [`extract`] does it in one go.

pub mod chain;
mod har;
pub mod known;
mod scan;

use std::collections::HashMap;

use crate::encode::decode_lossy;
use serde::Serialize;

pub use chain::{Chain, Fate, Hop};
pub use known::{Group, Known};

use crate::{template::SENTINELS, Span, Template};

/// How deep nested URLs inside parameter values are followed.
pub const MAX_NESTING: usize = 3;

/// The largest text or file read, in bytes.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// Why nothing could be extracted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// Nothing but white space was pasted.
    #[error("nothing pasted")]
    Empty,
    /// The text holds no URL.
    #[error("no url found")]
    NoUrl,
    /// The input is larger than [`MAX_INPUT_BYTES`].
    #[error("too large to read ({len} bytes)")]
    TooLarge {
        /// Its size in bytes.
        len: usize,
    },
}

impl ExtractError {
    /// What the user can do next.
    pub fn hint(&self) -> String {
        match self {
            Self::Empty => "Paste a link, a log line or any text that contains URLs.".to_owned(),
            Self::NoUrl => "Paste text that contains a full link starting with http:// or \
                 https://, for example https://lp.example/?clickid=abc123"
                .to_owned(),
            Self::TooLarge { .. } => format!(
                "Split it into parts of at most {} MB, or keep only the lines with the URLs \
                 you need (for example with grep).",
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
        }
    }
}

/// Where in the text a URL was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Origin {
    /// A URL written out in the text.
    Text,
    /// The target of an HTTP request line (`GET /path?x HTTP/1.1`) in a log or `curl -v`.
    RequestLine,
    /// A `Location:` header.
    Location,
    /// A request of a HAR file.
    Har,
}

/// A URL found in the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FoundUrl {
    /// The URL (or request target) as written.
    pub text: String,
    /// The line it stands on, counting from 1 (for a HAR file, the entry number).
    pub line: usize,
    /// How it was found.
    pub origin: Origin,
}

/// Which part of a URL a parameter came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Part {
    /// After `?`.
    Query,
    /// After `#`.
    Fragment,
}

/// One parameter found in a URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Param {
    /// The name, percent-decoded, case kept.
    pub name: String,
    /// The value, percent-decoded once, case kept; `+` is left as it is.
    pub value: String,
    /// The value exactly as it stands in the URL.
    pub raw_value: String,
    /// Which URL it came from, counting from 0.
    pub url_index: usize,
    /// The line it stands on, counting from 1 (for a HAR file, the entry number).
    pub line: usize,
    /// Where its raw value stands in the text (for a nested URL: the whole outer value).
    pub span: Span,
    /// Query or fragment.
    pub part: Part,
    /// How many URLs deep it is nested: 0 for the URL itself.
    pub depth: usize,
    /// For a nested parameter, the outer parameter whose value held the URL.
    pub via: Option<String>,
    /// What the name is known as.
    #[serde(skip)]
    pub known: Option<Known>,
    /// Whether the value is still a macro (`{clickid}`, `%7Bclickid%7D`, `REPLACE`).
    pub unreplaced: bool,
    /// A difference from the same parameter elsewhere in the input.
    pub remark: Option<String>,
}

impl Param {
    /// Where it was found, in words: "query", "fragment, in url (nested 1)", with the line.
    ///
    /// ```
    /// let found = postback_core::extract("x https://a.example/?u=https%3A%2F%2Fb.example%2F%3Fgclid%3DX")?;
    /// assert_eq!(found.params[1].where_text(), "query, nested in u (depth 1), line 1");
    /// # Ok::<(), postback_core::ExtractError>(())
    /// ```
    pub fn where_text(&self) -> String {
        let part = match self.part {
            Part::Query => "query",
            Part::Fragment => "fragment",
        };
        match &self.via {
            Some(via) => format!(
                "{part}, nested in {via} (depth {}), line {}",
                self.depth, self.line
            ),
            None => format!("{part}, line {}", self.line),
        }
    }

    /// The platform the name belongs to, if it is a known one.
    pub fn platform(&self) -> Option<&'static str> {
        self.known.map(|k| k.platform)
    }

    /// Whether the parameter is a known click ID.
    pub fn is_click_id(&self) -> bool {
        self.known.is_some_and(|k| k.group.is_click_id())
    }
}

/// Everything found in the input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Extraction {
    /// The URLs found.
    pub urls: Vec<FoundUrl>,
    /// Their parameters, in order of appearance, nested ones right after their outer one.
    pub params: Vec<Param>,
    /// The redirect chain the input describes, if it describes one.
    pub chain: Option<Chain>,
    /// Things worth saying about the input as a whole.
    pub notes: Vec<String>,
}

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The CSV writer failed.
    #[error("could not write the csv: {0}")]
    Csv(#[from] csv::Error),
    /// The CSV writer did not hand back its bytes.
    #[error("could not finish the csv")]
    Unfinished,
}

impl ExportError {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        "Copy the values from the table instead, and report this problem."
    }
}

impl Extraction {
    /// The parameters as CSV (RFC 4180), one row each, with a header row.
    ///
    /// # Errors
    ///
    /// [`ExportError`] if the CSV writer fails.
    ///
    /// ```
    /// let found = postback_core::extract("https://a.example/?gclid=A,b&x=\"1\"")?;
    /// let csv = found.to_csv().unwrap_or_default();
    /// assert_eq!(csv.lines().next(), Some("parameter,value,platform,where,url,note"));
    /// assert!(csv.contains("gclid,\"A,b\",Google Ads,\"query, line 1\""));
    /// # Ok::<(), postback_core::ExtractError>(())
    /// ```
    pub fn to_csv(&self) -> Result<String, ExportError> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(["parameter", "value", "platform", "where", "url", "note"])?;
        for p in &self.params {
            let url = self
                .urls
                .get(p.url_index)
                .map(|u| u.text.as_str())
                .unwrap_or_default();
            let note = match (&p.remark, p.unreplaced) {
                (_, true) => "never replaced",
                (Some(remark), false) => remark.as_str(),
                (None, false) => "",
            };
            writer.write_record([
                p.name.as_str(),
                p.value.as_str(),
                p.platform().unwrap_or_default(),
                p.where_text().as_str(),
                url,
                note,
            ])?;
        }
        let bytes = writer.into_inner().map_err(|_| ExportError::Unfinished)?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// Extraction fed in chunks of lines, so a caller can yield between chunks.
///
/// ```
/// use postback_core::extract::Extractor;
///
/// let mut extractor = Extractor::default();
/// extractor.feed("see https://a.example/?clickid=1\n", 0);
/// extractor.feed("and https://b.example/?clickid=1\n", 34);
/// let found = extractor.finish(false);
/// assert_eq!(found.params.len(), 2);
/// ```
#[derive(Debug, Default)]
pub struct Extractor {
    found: Extraction,
    lines_seen: usize,
    events: Vec<chain::Event>,
}

impl Extractor {
    /// Reads `chunk`, whole lines of the input that start at byte `offset`.
    pub fn feed(&mut self, chunk: &str, offset: usize) {
        for (line_start, line) in scan::lines_with_offsets(chunk) {
            self.lines_seen += 1;
            let line_no = self.lines_seen;
            if let Some(status) = scan::status_line(line) {
                self.events.push(chain::Event::Status(status));
            }
            for (start, text, origin) in scan::urls_in_line(line) {
                if origin == Origin::Location {
                    self.events.push(chain::Event::Location(text.to_owned()));
                }
                self.add_url(text, offset + line_start + start, line_no, origin);
            }
        }
    }

    fn add_url(&mut self, text: &str, offset: usize, line: usize, origin: Origin) {
        let url_index = self.found.urls.len();
        self.found.urls.push(FoundUrl {
            text: text.to_owned(),
            line,
            origin,
        });
        params_of(
            text,
            offset,
            url_index,
            line,
            0,
            None,
            &mut self.found.params,
        );
    }

    /// Everything found so far, with differences between repeated parameters pointed out.
    /// With `as_hops`, the URLs in order are read as the hops of one redirect chain.
    pub fn finish(mut self, as_hops: bool) -> Extraction {
        let hops: Vec<Hop> = if as_hops {
            self.found
                .urls
                .iter()
                .map(|u| Hop {
                    url: u.text.clone(),
                    status: None,
                })
                .collect()
        } else {
            chain::hops_from_events(&self.found.urls, &self.events)
        };
        if hops.len() >= 2 {
            self.found.chain = Some(Chain::follow(hops));
        }
        remark_differences(&mut self.found.params);
        self.found
    }

    /// Everything found so far, before [`Extractor::finish`], for showing progress.
    pub fn so_far(&self) -> &Extraction {
        &self.found
    }
}

/// Reads all of `text`: a HAR file when it is one, otherwise text line by line.
///
/// # Errors
///
/// [`ExtractError::Empty`] for blank text, [`ExtractError::TooLarge`] past
/// [`MAX_INPUT_BYTES`], [`ExtractError::NoUrl`] when no URL is found.
///
/// ```
/// use postback_core::extract;
///
/// let found = extract("GET https://lp.example/?gclid=Cj0K&sub=A%26B HTTP/1.1")?;
/// assert_eq!(found.urls[0].text, "https://lp.example/?gclid=Cj0K&sub=A%26B");
/// let pairs: Vec<_> = found.params.iter().map(|p| (p.name.as_str(), p.value.as_str())).collect();
/// assert_eq!(pairs, vec![("gclid", "Cj0K"), ("sub", "A&B")]);
/// assert_eq!(found.params[0].platform(), Some("Google Ads"));
/// # Ok::<(), postback_core::ExtractError>(())
/// ```
pub fn extract(text: &str) -> Result<Extraction, ExtractError> {
    extract_with(text, false)
}

/// As [`extract`]; with `as_hops`, the URLs in order are read as one redirect chain.
///
/// # Errors
///
/// As [`extract`].
pub fn extract_with(text: &str, as_hops: bool) -> Result<Extraction, ExtractError> {
    check_input(text)?;
    let found = match har::read(text) {
        har::Har::Entries(found) => found,
        har::Har::Broken(reason) => {
            let mut extractor = Extractor::default();
            extractor.feed(text, 0);
            let mut found = extractor.finish(as_hops);
            found.notes.push(format!(
                "This looks like JSON but is not a HAR file ({reason}); its text was searched \
                 for URLs instead. Save the HAR again from the browser's Network panel \
                 (\"Save all as HAR\")."
            ));
            found
        }
        har::Har::NotJson => {
            let mut extractor = Extractor::default();
            extractor.feed(text, 0);
            extractor.finish(as_hops)
        }
    };
    if found.urls.is_empty() {
        return Err(ExtractError::NoUrl);
    }
    Ok(found)
}

/// Checks the size and emptiness of an input before reading it.
///
/// # Errors
///
/// [`ExtractError::Empty`] or [`ExtractError::TooLarge`].
pub fn check_input(text: &str) -> Result<(), ExtractError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(ExtractError::TooLarge { len: text.len() });
    }
    if text.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    Ok(())
}

/// Whether a value is still a macro or a platform's placeholder word.
pub(crate) fn is_unreplaced(value: &str) -> bool {
    let value = value.trim();
    if SENTINELS.contains(&value) {
        return true;
    }
    Template::parse(value).is_ok_and(|t| {
        t.macros()
            .first()
            .is_some_and(|m| m.span.start == 0 && m.span.end == value.len())
    })
}

/// The URL a value holds, decoded once or twice, if it holds one.
fn nested_url(raw_value: &str) -> Option<String> {
    let once = decode_lossy(raw_value);
    let starts_like_url = |s: &str| {
        let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
        lower.starts_with("http://") || lower.starts_with("https://")
    };
    if starts_like_url(&once) {
        return Some(once);
    }
    let twice = decode_lossy(&once);
    starts_like_url(&twice).then_some(twice)
}

/// Lists the parameters of `url` (and of URLs nested in its values) into `out`.
fn params_of(
    url: &str,
    offset: usize,
    url_index: usize,
    line: usize,
    depth: usize,
    via: Option<&str>,
    out: &mut Vec<Param>,
) {
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let query = before_fragment
        .find('?')
        .map(|q| (q + 1, before_fragment.get(q + 1..).unwrap_or_default()));
    let fragment = fragment
        .filter(|f| f.contains('='))
        .map(|f| (before_fragment.len() + 1, f));
    for (part, found) in [(Part::Query, query), (Part::Fragment, fragment)] {
        let Some((start, text)) = found else { continue };
        let mut pair_start = start;
        for pair in text.split('&') {
            if !pair.is_empty() {
                let (raw_name, raw_value, value_start) = match pair.split_once('=') {
                    Some((n, v)) => (n, v, pair_start + n.len() + 1),
                    None => (pair, "", pair_start + pair.len()),
                };
                let name = decode_lossy(raw_name);
                let value = decode_lossy(raw_value);
                let span = match via {
                    Some(_) => Span::new(offset, offset + url.len()),
                    None => Span::new(offset + value_start, offset + value_start + raw_value.len()),
                };
                out.push(Param {
                    known: known::lookup(&name),
                    unreplaced: is_unreplaced(&value),
                    name: name.clone(),
                    value,
                    raw_value: raw_value.to_owned(),
                    url_index,
                    line,
                    span,
                    part,
                    depth,
                    via: via.map(str::to_owned),
                    remark: None,
                });
                if depth < MAX_NESTING {
                    if let Some(inner) = nested_url(raw_value) {
                        let inner_offset = match via {
                            Some(_) => offset,
                            None => offset + value_start,
                        };
                        // Nested parameters point at the outer raw value in the text.
                        let mut nested = Vec::new();
                        params_of(
                            &inner,
                            inner_offset,
                            url_index,
                            line,
                            depth + 1,
                            Some(&name),
                            &mut nested,
                        );
                        for p in &mut nested {
                            if p.depth == depth + 1 {
                                p.span = Span::new(inner_offset, inner_offset + raw_value.len());
                            }
                        }
                        out.extend(nested);
                    }
                }
            }
            pair_start += pair.len() + 1;
        }
    }
}

/// Points out a parameter whose value differs only in case or encoding from the same
/// parameter earlier in the input. Linear in the number of parameters: each is compared with
/// the first earlier one of the same name and the same value ignoring case.
fn remark_differences(params: &mut [Param]) {
    let mut first: HashMap<(String, String), usize> = HashMap::new();
    for i in 0..params.len() {
        let Some(current) = params.get(i) else {
            continue;
        };
        let key = (current.name.clone(), current.value.to_lowercase());
        let earlier = match first.get(&key) {
            Some(&at) => params.get(at),
            None => {
                first.insert(key, i);
                None
            }
        };
        let remark = earlier
            .filter(|e| e.raw_value != current.raw_value)
            .map(|e| {
                if e.value == current.value {
                    format!(
                        "encoded differently than on line {} (`{}` there, `{}` here)",
                        e.line, e.raw_value, current.raw_value
                    )
                } else {
                    format!("case differs from line {} (`{}` there)", e.line, e.value)
                }
            });
        if let Some(p) = params.get_mut(i) {
            p.remark = remark;
        }
    }
}

#[cfg(test)]
mod tests;
