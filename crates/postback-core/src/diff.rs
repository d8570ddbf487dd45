//! Template versus live request: the postback template both sides agreed on beside a request
//! URL from the receiver's log, compared parameter by parameter, order ignored.

use serde::Serialize;

use crate::{
    decode_lossy,
    extract::is_unreplaced,
    query::{bare_query_pairs, QueryLayout},
    Template,
};

/// How a parameter of the live request compares with the template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Difference {
    /// The same fixed value.
    Same,
    /// A macro in the template, filled with a value.
    Filled,
    /// A macro in the template, filled with nothing.
    Empty,
    /// A macro in the template that arrived still written as a macro.
    Unreplaced,
    /// Filled, but percent-encoded twice: the receiver reads `%40` where `@` was meant.
    EncodedTwice,
    /// A fixed value in the template that arrived different.
    Different,
    /// The same value after decoding, written with a different encoding.
    EncodedDifferently,
    /// In the template, absent from the live request.
    Missing,
    /// In the live request, absent from the template.
    Extra,
}

impl Difference {
    /// Whether the parameter arrived as agreed.
    pub fn is_fine(self) -> bool {
        matches!(self, Self::Same | Self::Filled)
    }

    /// The difference in a few plain words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Same => "same",
            Self::Filled => "filled",
            Self::Empty => "left empty",
            Self::Unreplaced => "macro never replaced",
            Self::EncodedTwice => "encoded twice",
            Self::Different => "different value",
            Self::EncodedDifferently => "same value, encoded differently",
            Self::Missing => "missing",
            Self::Extra => "extra",
        }
    }
}

/// One parameter of the comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiffRow {
    /// The parameter's name as written.
    pub key: String,
    /// Its value in the template, as written.
    pub template: Option<String>,
    /// Its value in the live request, as it arrived (still encoded).
    pub live: Option<String>,
    /// How they compare.
    pub difference: Difference,
}

/// Why two texts cannot be compared.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DiffError {
    /// The template has no query parameters.
    #[error("the template has no query parameters")]
    NoTemplateQuery,
    /// The live request has no query parameters.
    #[error("the live request has no query parameters")]
    NoLiveQuery,
    /// The template's `?` stands after a `#`, so its parameters are part of the fragment and
    /// never reach the receiver.
    #[error("the template's `#` comes before its `?`, so its parameters are never sent")]
    TemplateQueryInFragment,
}

impl DiffError {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::NoTemplateQuery => {
                "Paste the whole postback template, from https:// to the last parameter."
            }
            Self::NoLiveQuery => {
                "Paste the request line or URL from the receiver's log, with everything after `?`."
            }
            Self::TemplateQueryInFragment => {
                "Move the #fragment after the query in the template, or remove it, then compare again."
            }
        }
    }
}

/// The query pairs of `text`, each `(key, value)` as written: its URL's query, or the whole
/// text when it is a bare query (`cid=1&p=2`). A `log` line is cut to its request target
/// first: the first word with a `?`, else the first with an `=` (`GET /pb?a=1 HTTP/1.1`).
fn pairs(text: &str, log: bool) -> Option<Vec<(String, String)>> {
    let text = text.trim();
    let target = if log {
        let mut words = text.split_whitespace();
        words
            .clone()
            .find(|w| w.contains('?'))
            .or_else(|| words.find(|w| w.contains('=')))
            .unwrap_or_default()
    } else {
        text
    };
    let found: Vec<(String, String)> = bare_query_pairs(target)
        .into_iter()
        .map(|p| (p.key.to_owned(), p.value.to_owned()))
        .collect();
    (!found.is_empty()).then_some(found)
}

fn has_macro(value: &str) -> bool {
    Template::parse(value).is_ok_and(|t| !t.macros().is_empty()) || is_unreplaced(value)
}

fn compare(template: &str, live: &str) -> Difference {
    let decoded = decode_lossy(live);
    if has_macro(template) {
        if is_unreplaced(&decoded) {
            Difference::Unreplaced
        } else if decoded.is_empty() {
            Difference::Empty
        } else if decoded.contains('%') && decode_lossy(&decoded) != decoded {
            Difference::EncodedTwice
        } else {
            Difference::Filled
        }
    } else if template == live {
        Difference::Same
    } else if decode_lossy(template).replace('+', " ") == decoded.replace('+', " ") {
        Difference::EncodedDifferently
    } else {
        Difference::Different
    }
}

/// The comparison of a template with a live request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// The template's parameters in order, then the live request's extra ones.
    pub rows: Vec<DiffRow>,
}

impl Diff {
    /// One line: how many parameters arrived as agreed, and what differs.
    ///
    /// ```
    /// use postback_core::diff;
    ///
    /// let d = diff("https://t.example/pb?cid={clickid}&payout={payout}&goal=1", "GET /pb?goal=1&cid=abc&payout={payout} HTTP/1.1")?;
    /// assert_eq!(d.summary(), "2 of 3 parameters as agreed; payout: macro never replaced");
    /// # Ok::<(), postback_core::DiffError>(())
    /// ```
    pub fn summary(&self) -> String {
        let expected = self.rows.iter().filter(|r| r.template.is_some()).count();
        let fine = self.rows.iter().filter(|r| r.difference.is_fine()).count();
        let problems: Vec<String> = self
            .rows
            .iter()
            .filter(|r| !r.difference.is_fine())
            .map(|r| format!("{}: {}", r.key, r.difference.label()))
            .collect();
        let noun = if expected == 1 {
            "parameter"
        } else {
            "parameters"
        };
        if problems.is_empty() {
            format!("All {expected} {noun} as agreed")
        } else {
            format!(
                "{fine} of {expected} {noun} as agreed; {}",
                problems.join(", ")
            )
        }
    }
}

/// Compares the agreed `template` with a `live` request URL (or log line) from the receiver.
/// Parameters are matched by name, in order of appearance when a name repeats.
///
/// # Errors
///
/// [`DiffError`] when either text has no query parameters.
pub fn diff(template: &str, live: &str) -> Result<Diff, DiffError> {
    let expected = pairs(template, false).ok_or_else(|| {
        let layout = QueryLayout::of(template.trim());
        if layout.query_in_fragment(template.trim()) {
            DiffError::TemplateQueryInFragment
        } else {
            DiffError::NoTemplateQuery
        }
    })?;
    let mut arrived: Vec<Option<(String, String)>> = pairs(live, true)
        .ok_or(DiffError::NoLiveQuery)?
        .into_iter()
        .map(Some)
        .collect();
    let mut rows = Vec::new();
    for (key, value) in expected {
        let matched = arrived
            .iter_mut()
            .find(|slot| slot.as_ref().is_some_and(|(k, _)| *k == key))
            .and_then(Option::take);
        let (live, difference) = match matched {
            Some((_, live)) => {
                let difference = compare(&value, &live);
                (Some(live), difference)
            }
            None => (None, Difference::Missing),
        };
        rows.push(DiffRow {
            key,
            template: Some(value),
            live,
            difference,
        });
    }
    rows.extend(arrived.into_iter().flatten().map(|(key, live)| DiffRow {
        key,
        template: None,
        live: Some(live),
        difference: Difference::Extra,
    }));
    Ok(Diff { rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_difference_is_named() {
        use Difference::*;
        type Case<'a> = (&'a str, &'a str, &'a [(&'a str, Difference)]);
        let cases: &[Case] = &[
            ("?a={a}&b=1", "?b=1&a=x", &[("a", Filled), ("b", Same)]),
            ("?a={a}", "?", &[("a", Missing)]),
            ("?a={a}", "?a=", &[("a", Empty)]),
            ("?a={a}", "?a={a}", &[("a", Unreplaced)]),
            ("?a={a}", "?a=%7Ba%7D", &[("a", Unreplaced)]),
            ("?a={a}", "?a=REPLACE", &[("a", Unreplaced)]),
            ("?e={email}", "?e=me%2540x.example", &[("e", EncodedTwice)]),
            ("?e={email}", "?e=me%40x.example", &[("e", Filled)]),
            ("?g=sale", "?g=lead", &[("g", Different)]),
            ("?g=a b", "?g=a%20b", &[("g", EncodedDifferently)]),
            ("?g=a%20b", "?g=a+b", &[("g", EncodedDifferently)]),
            ("?a=1", "?a=1&z=9", &[("a", Same), ("z", Extra)]),
            ("?a=1&a=2", "?a=1", &[("a", Same), ("a", Missing)]),
            ("?cid={c}", "?CID=1", &[("cid", Missing), ("CID", Extra)]),
        ];
        for (template, live, want) in cases {
            let live = if *live == "?" { "?x" } else { live };
            let got = diff(&format!("https://t.example/pb{template}"), live).unwrap();
            let got: Vec<(&str, Difference)> = got
                .rows
                .iter()
                .filter(|r| r.key != "x")
                .map(|r| (r.key.as_str(), r.difference))
                .collect();
            assert_eq!(got, *want, "{template} vs {live}");
        }
    }

    #[test]
    fn live_requests_are_read_from_urls_log_lines_and_bare_queries() {
        for live in [
            "https://t.example/pb?cid=1#frag",
            "127.0.0.1 - - [21/Nov/2026] \"GET /pb?cid=1 HTTP/1.1\" 200 2",
            "cid=1",
        ] {
            let d = diff("https://t.example/pb?cid={c}", live).unwrap();
            assert_eq!(d.summary(), "All 1 parameter as agreed", "{live}");
        }
        assert_eq!(
            diff("https://t.example/pb", "a=1"),
            Err(DiffError::NoTemplateQuery)
        );
        assert_eq!(
            diff("https://t.example/pb?a=1", "nothing here"),
            Err(DiffError::NoLiveQuery)
        );
        assert_eq!(
            diff("https://t.example/pb#x?cid={c}", "GET /pb?cid=1 HTTP/1.1"),
            Err(DiffError::TemplateQueryInFragment)
        );
    }
}
