//! What extraction finds: the URLs, their parameters with where each stands, and reading a
//! URL's parameters (nested URLs in values included) into that shape. The readers of each kind
//! of input (lines, HAR files, redirect chains) share it.

use std::{borrow::Cow, collections::HashMap};

use serde::Serialize;

use super::known::{self, KnownParam};
use crate::{
    decode_lossy,
    query::{fragment_pairs, query_pairs, QueryLayout},
    template::SENTINELS,
    Span, Syntax, SyntaxChoice, Template,
};

/// How deep nested URLs inside parameter values are followed.
pub const MAX_NESTING: usize = 3;

/// Where in the text a URL was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum UrlOrigin {
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
    pub origin: UrlOrigin,
}

/// Which part of a URL a parameter came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ParamPart {
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
    pub part: ParamPart,
    /// How many URLs deep it is nested: 0 for the URL itself.
    pub depth: usize,
    /// For a nested parameter, the outer parameter whose value held the URL.
    pub via: Option<String>,
    /// What the name is known as.
    #[serde(skip)]
    pub known: Option<KnownParam>,
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
            ParamPart::Query => "query",
            ParamPart::Fragment => "fragment",
        };
        match &self.via {
            Some(via) => format!(
                "{part}, nested in {via} (depth {}), line {}",
                self.depth, self.line
            ),
            None => format!("{part}, line {}", self.line),
        }
    }

    /// What the export's note column says: a macro never replaced, or how it differs from
    /// the same parameter elsewhere; empty otherwise.
    ///
    /// ```
    /// let found = postback_core::extract("https://a.example/?sub1={sub1}")?;
    /// assert_eq!(found.params[0].note(), "never replaced");
    /// # Ok::<(), postback_core::ExtractError>(())
    /// ```
    pub fn note(&self) -> &str {
        match (&self.remark, self.unreplaced) {
            (_, true) => "never replaced",
            (Some(remark), false) => remark.as_str(),
            (None, false) => "",
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

/// Whether a value is still a macro or a platform's placeholder word.
pub(crate) fn is_unreplaced(value: &str) -> bool {
    let value = value.trim();
    if SENTINELS.contains(&value) {
        return true;
    }
    // A macro that is the whole value opens it: most values open with no delimiter at all,
    // and are answered without a parse (a day of logs holds hundreds of thousands).
    let opens_macro = Syntax::ALL
        .iter()
        .any(|s| SyntaxChoice::Detect.allows(*s) && value.starts_with(s.delimiters().0));
    opens_macro
        && Template::parse(value).is_ok_and(|t| {
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
pub(super) fn params_of(
    url: &str,
    offset: usize,
    url_index: usize,
    line: usize,
    depth: usize,
    via: Option<&str>,
    out: &mut Vec<Param>,
) {
    let layout = QueryLayout::of(url);
    // A fragment is read for parameters only when it holds some (`#clickid=…`), not a page
    // anchor (`#top`).
    let fragment_has_pairs = layout
        .fragment
        .and_then(|f| f.slice(url))
        .is_some_and(|f| f.contains('='));
    let query = query_pairs(url).into_iter().map(|p| (ParamPart::Query, p));
    let fragment = if fragment_has_pairs {
        fragment_pairs(url)
    } else {
        Vec::new()
    };
    let fragment = fragment.into_iter().map(|p| (ParamPart::Fragment, p));
    for (part, pair) in query.chain(fragment) {
        let (raw_name, raw_value, value_start) = (pair.key, pair.value, pair.value_span.start);
        let name = decode_lossy(raw_name);
        let value = decode_lossy(raw_value);
        let span = match via {
            Some(_) => Span::new(offset, offset + url.len()),
            None => Span::new(offset + value_start, offset + value_start + raw_value.len()),
        };
        out.push(Param {
            known: known::known_param(&name),
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
}

/// Points out a parameter whose value differs only in case or encoding from the same
/// parameter earlier in the input. Linear in the number of parameters: each is compared with
/// the first earlier one of the same name and the same value ignoring case.
pub(super) fn remark_differences(params: &mut [Param]) {
    // Keys borrow the names, and lowercase a value only when it has capitals: a day of logs
    // holds hundreds of thousands of parameters.
    let mut first: HashMap<(&str, Cow<'_, str>), usize> = HashMap::with_capacity(params.len());
    let mut remarks = Vec::new();
    for (i, current) in params.iter().enumerate() {
        let value = if current.value.chars().any(char::is_uppercase) {
            Cow::Owned(current.value.to_lowercase())
        } else {
            Cow::Borrowed(current.value.as_str())
        };
        let at = *first.entry((current.name.as_str(), value)).or_insert(i);
        let remark = params
            .get(at)
            .filter(|e| at != i && e.raw_value != current.raw_value)
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
        if let Some(remark) = remark {
            remarks.push((i, remark));
        }
    }
    for (i, remark) in remarks {
        if let Some(p) = params.get_mut(i) {
            p.remark = Some(remark);
        }
    }
}
