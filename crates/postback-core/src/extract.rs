//! Click IDs and tracking parameters pulled out of whatever a user pastes: URLs, prose, access
//! logs, `curl -v` and `curl -IL` output, or a HAR file; and the redirect chain they describe.
//!
//! Names and values keep their case, duplicates keep their order, nested URLs inside values
//! are followed (encoded once or twice) to a bounded depth, and every parameter says where it
//! was found. A text can be read in chunks with [`ChunkedExtraction`], so a page stays
//! responsive on a large paste; [`extract`] reads it in one go.

mod chain;
mod extraction;
mod har;
pub(crate) mod known;
mod params;
mod scan;

pub use chain::{Chain, Fate, Hop};
pub use extraction::{ExportError, Extraction};
pub use known::{known_param, KnownParam, ParamGroup};
pub(crate) use params::is_unreplaced;
pub use params::{FoundUrl, Param, ParamPart, UrlOrigin, MAX_NESTING};

use params::params_of;

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
    /// The input is binary data (a picture, an archive), not text.
    #[error("this is not text: it holds binary data")]
    NotText,
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
            Self::NotText => "Open a log, a .txt file or a HAR file saved from the browser's \
                 Network panel; a zipped log needs unzipping first."
                .to_owned(),
            Self::TooLarge { .. } => format!(
                "Split it into parts of at most {} MB, or keep only the lines with the URLs \
                 you need (for example with grep).",
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
        }
    }
}

/// Extraction fed in chunks of lines, so a caller can yield between chunks.
///
/// ```
/// use postback_core::Extractor;
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
                if origin == UrlOrigin::Location {
                    self.events.push(chain::Event::Location(text.to_owned()));
                }
                self.add_url(text, offset + line_start + start, line_no, origin);
            }
        }
    }

    fn add_url(&mut self, text: &str, offset: usize, line: usize, origin: UrlOrigin) {
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
        params::remark_differences(&mut self.found.params);
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
    let mut reading = ChunkedExtraction::new(text, as_hops)?;
    while reading.read(usize::MAX) {}
    reading.finish()
}

/// An extraction read in chunks of lines, so a page can give the browser a turn between
/// chunks, show progress and stop part way with what was found so far. A HAR file is one JSON
/// document, read in one chunk.
///
/// ```
/// use postback_core::ChunkedExtraction;
///
/// let text = "a https://a.example/?clickid=1\nb\nc https://c.example/?clickid=2\n";
/// let mut reading = ChunkedExtraction::new(text, false)?;
/// assert!(reading.read(2));
/// assert_eq!(reading.lines(), (2, 3));
/// assert!(!reading.read(2));
/// assert_eq!(reading.finish()?.params.len(), 2);
/// # Ok::<(), postback_core::ExtractError>(())
/// ```
#[derive(Debug)]
pub struct ChunkedExtraction<'a> {
    /// What is left to read.
    rest: &'a str,
    /// The byte offset of `rest` in the whole text.
    offset: usize,
    /// Lines read so far, and in all.
    done: usize,
    total: usize,
    as_hops: bool,
    extractor: Extractor,
    /// What a JSON document gave, once read.
    document: Option<Extraction>,
}

impl<'a> ChunkedExtraction<'a> {
    /// Starts reading `text`; with `as_hops`, the URLs in order are read as one redirect chain.
    ///
    /// # Errors
    ///
    /// [`ExtractError::Empty`] for blank text, [`ExtractError::TooLarge`] past
    /// [`MAX_INPUT_BYTES`].
    pub fn new(text: &'a str, as_hops: bool) -> Result<Self, ExtractError> {
        check_input(text)?;
        Ok(Self {
            rest: text,
            offset: 0,
            done: 0,
            total: text.lines().count(),
            as_hops,
            extractor: Extractor::default(),
            document: None,
        })
    }

    /// Lines read so far, and lines in all.
    pub fn lines(&self) -> (usize, usize) {
        (self.done, self.total)
    }

    /// Reads up to `lines` more lines (a JSON document in one go); whether text is left.
    pub fn read(&mut self, lines: usize) -> bool {
        if self.rest.is_empty() {
            return false;
        }
        if self.offset == 0 && self.rest.trim_start().starts_with('{') {
            self.document = Some(self.read_document());
            self.rest = "";
            self.done = self.total;
            return false;
        }
        let end = self
            .rest
            .match_indices('\n')
            .nth(lines.saturating_sub(1))
            .map_or(self.rest.len(), |(at, _)| at + 1);
        let (chunk, rest) = self.rest.split_at_checked(end).unwrap_or((self.rest, ""));
        self.extractor
            .feed(chunk.strip_suffix('\n').unwrap_or(chunk), self.offset);
        self.offset += chunk.len();
        self.done = (self.done + lines).min(self.total);
        self.rest = rest;
        !self.rest.is_empty()
    }

    /// A text that starts like JSON: a HAR file, or JSON that is not one, or no JSON at all.
    fn read_document(&mut self) -> Extraction {
        let text = self.rest;
        match har::read(text) {
            har::Har::Entries(found) => found,
            har::Har::Broken(reason) => {
                let mut extractor = Extractor::default();
                extractor.feed(text, 0);
                let mut found = extractor.finish(self.as_hops);
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
                extractor.finish(self.as_hops)
            }
        }
    }

    /// Everything read so far (all of it, once [`ChunkedExtraction::read`] says nothing is
    /// left).
    ///
    /// # Errors
    ///
    /// [`ExtractError::NoUrl`] when no URL was found.
    pub fn finish(self) -> Result<Extraction, ExtractError> {
        let found = match self.document {
            Some(found) => found,
            None => self.extractor.finish(self.as_hops),
        };
        if found.urls.is_empty() {
            return Err(ExtractError::NoUrl);
        }
        Ok(found)
    }
}

/// Checks the size and emptiness of an input before reading it.
///
/// # Errors
///
/// [`ExtractError::Empty`] or [`ExtractError::TooLarge`].
fn check_input(text: &str) -> Result<(), ExtractError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(ExtractError::TooLarge { len: text.len() });
    }
    if text.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    if looks_binary(text) {
        return Err(ExtractError::NotText);
    }
    Ok(())
}

/// How much of the start of a text says whether it is binary.
const SNIFF_CHARS: usize = 64 * 1024;

/// Whether `text` is binary data read as text: a NUL, or more than one character in twenty
/// that could not be decoded (U+FFFD), in its first 64 Ki characters. Logs and HAR files have
/// neither.
fn looks_binary(text: &str) -> bool {
    let (mut chars, mut undecoded) = (0_usize, 0_usize);
    for c in text.chars().take(SNIFF_CHARS) {
        if c == '\0' {
            return true;
        }
        chars += 1;
        undecoded += usize::from(c == '\u{fffd}');
    }
    undecoded * 20 > chars
}

#[cfg(test)]
mod tests;
