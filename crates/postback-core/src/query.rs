//! Query strings, read and changed in one way for the whole crate.
//!
//! The rule is the URL Standard's: a URL's fragment starts at its first `#`, and its query at
//! the first `?` before that. A `?` after the `#` belongs to the fragment, so a URL written
//! `…/pb#top?cid=1` sends no query at all. The query is split on `&` only; each piece is a
//! pair, `key=value`, or a bare `key` with no value. Pairs keep their bytes as written and
//! carry byte spans into the text they came from, so a caller can underline or replace exactly
//! one of them. Decoding is the caller's choice ([`decode_lossy`](crate::decode_lossy)):
//! parameter names are compared as written or decoded, never both by accident.
//!
//! Changes ([`rewrite`], [`append`]) touch only the pairs they are asked to: every other byte of
//! the URL, the fragment included, is kept.

use crate::Span;

/// Where the query and the fragment of a URL are. Both spans leave out the `?` and the `#`.
///
/// ```
/// use postback_core::{QueryLayout, Span};
///
/// let layout = QueryLayout::of("https://t.example/pb?a=1#top");
/// assert_eq!(layout.query, Some(Span::new(21, 24)));
/// assert_eq!(layout.fragment, Some(Span::new(25, 28)));
/// // A `?` after the `#` is part of the fragment: there is no query.
/// assert_eq!(QueryLayout::of("https://t.example/pb#x?a=1").query, None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueryLayout {
    /// The query, between the `?` and the fragment (or the end).
    pub query: Option<Span>,
    /// The fragment, after the `#`.
    pub fragment: Option<Span>,
}

impl QueryLayout {
    /// The layout of `url`.
    pub fn of(url: &str) -> Self {
        let fragment_mark = url.find('#');
        let before_fragment = fragment_mark.map_or(url, |h| url.get(..h).unwrap_or(url));
        let query = before_fragment
            .find('?')
            .map(|q| Span::new(q + 1, before_fragment.len()));
        let fragment = fragment_mark.map(|h| Span::new(h + 1, url.len()));
        Self { query, fragment }
    }

    /// Where a new pair goes: the end of the query, or where the query would start.
    pub fn query_end(&self, url: &str) -> usize {
        match (self.query, self.fragment) {
            (Some(q), _) => q.end,
            (None, Some(f)) => f.start.saturating_sub(1),
            (None, None) => url.len(),
        }
    }

    /// Whether a `?` stands after the `#`: a query typed where the server never sees it.
    ///
    /// ```
    /// use postback_core::QueryLayout;
    ///
    /// let url = "https://t.example/pb#x?cid=1";
    /// assert!(QueryLayout::of(url).query_in_fragment(url));
    /// assert!(!QueryLayout::of("https://t.example/pb?cid=1#x?y").query_in_fragment("https://t.example/pb?cid=1#x?y"));
    /// ```
    pub fn query_in_fragment(&self, url: &str) -> bool {
        self.query.is_none()
            && self
                .fragment
                .and_then(|f| f.slice(url))
                .is_some_and(|f| f.contains('?'))
    }
}

/// One `&`-separated piece of a query, as written, with byte spans into the text it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueryPair<'a> {
    /// The key as written (still percent-encoded).
    pub key: &'a str,
    /// The value as written; empty for a bare key.
    pub value: &'a str,
    /// Whether the pair has an `=` (a bare `key` has none).
    pub has_value: bool,
    /// The whole pair.
    pub span: Span,
    /// The key.
    pub key_span: Span,
    /// The value; empty and right after the key for a bare key.
    pub value_span: Span,
}

impl QueryPair<'_> {
    /// The key, percent-decoded once.
    pub fn decoded_key(&self) -> String {
        crate::decode_lossy(self.key)
    }

    /// The value, percent-decoded once (`+` stays `+`).
    pub fn decoded_value(&self) -> String {
        crate::decode_lossy(self.value)
    }
}

/// The pairs of the query text that `within` covers in `text`, in order; empty pieces (`a=1&&b=2`)
/// are skipped but keep every later span right.
fn pairs_in(text: &str, within: Span) -> Vec<QueryPair<'_>> {
    let Some(query) = within.slice(text) else {
        return Vec::new();
    };
    let mut pairs = Vec::new();
    let mut at = within.start;
    for piece in query.split('&') {
        if !piece.is_empty() {
            let (key, value, has_value) = match piece.split_once('=') {
                Some((k, v)) => (k, v, true),
                None => (piece, "", false),
            };
            let value_start = at + key.len() + usize::from(has_value);
            pairs.push(QueryPair {
                key,
                value,
                has_value,
                span: Span::new(at, at + piece.len()),
                key_span: Span::new(at, at + key.len()),
                value_span: Span::new(value_start, value_start + value.len()),
            });
        }
        at += piece.len() + 1;
    }
    pairs
}

/// The pairs of `url`'s query, with spans into `url`.
///
/// ```
/// use postback_core::query_pairs;
///
/// let pairs = query_pairs("https://t.example/pb?cid=a%26b&flag&p=1#x=2");
/// let keys: Vec<_> = pairs.iter().map(|p| (p.key, p.value, p.has_value)).collect();
/// assert_eq!(keys, [("cid", "a%26b", true), ("flag", "", false), ("p", "1", true)]);
/// assert_eq!(pairs[0].value_span.slice("https://t.example/pb?cid=a%26b&flag&p=1#x=2"), Some("a%26b"));
/// ```
pub fn query_pairs(url: &str) -> Vec<QueryPair<'_>> {
    QueryLayout::of(url)
        .query
        .map_or_else(Vec::new, |q| pairs_in(url, q))
}

/// The pairs of `url`'s fragment, for the trackers that carry parameters after `#`.
///
/// ```
/// use postback_core::fragment_pairs;
///
/// let pairs = fragment_pairs("https://lp.example/#clickid=abc&s=1");
/// assert_eq!(pairs.iter().map(|p| p.key).collect::<Vec<_>>(), ["clickid", "s"]);
/// ```
pub fn fragment_pairs(url: &str) -> Vec<QueryPair<'_>> {
    QueryLayout::of(url)
        .fragment
        .map_or_else(Vec::new, |f| pairs_in(url, f))
}

/// The pairs of the query as the person wrote it: after the first `?` up to the next `#`, even
/// when a `#` stands before that `?`. The browser then sends them inside the fragment, so the
/// receiver never sees them: a mistake the lint names, while it still checks the pairs the
/// person meant to send. Everything that is sent is read with [`query_pairs`].
///
/// ```
/// use postback_core::{query_pairs, written_query_pairs};
///
/// let url = "https://t.example/pb#x?cid=1&p=2#y";
/// assert!(query_pairs(url).is_empty());
/// assert_eq!(written_query_pairs(url).iter().map(|p| p.key).collect::<Vec<_>>(), ["cid", "p"]);
/// ```
pub fn written_query_pairs(url: &str) -> Vec<QueryPair<'_>> {
    let Some(start) = url.find('?').map(|q| q + 1) else {
        return Vec::new();
    };
    let end = url
        .get(start..)
        .and_then(|rest| rest.find('#'))
        .map_or(url.len(), |h| start + h);
    pairs_in(url, Span::new(start, end))
}

/// The pairs of `text` read as a query on its own: what follows its query mark when it is a
/// URL or a path with a query, otherwise all of it up to a `#` when it holds an `=` (a query
/// pasted without its URL, such as `cid=1&payout=2`).
///
/// ```
/// use postback_core::bare_query_pairs;
///
/// assert_eq!(bare_query_pairs("cid=1&p=2").len(), 2);
/// assert_eq!(bare_query_pairs("/pb?cid=1")[0].key, "cid");
/// assert!(bare_query_pairs("no pairs here").is_empty());
/// ```
pub fn bare_query_pairs(text: &str) -> Vec<QueryPair<'_>> {
    let layout = QueryLayout::of(text);
    match layout.query {
        Some(q) => pairs_in(text, q),
        None if layout.query_in_fragment(text) => Vec::new(),
        None => {
            let end = layout.fragment.map_or(text.len(), |f| f.start - 1);
            let whole = Span::new(0, end);
            if whole.slice(text).is_some_and(|t| t.contains('=')) {
                pairs_in(text, whole)
            } else {
                Vec::new()
            }
        }
    }
}

/// `url` with every query pair whose key (as written) `is_key` picks replaced by what
/// `change` makes of the whole pair (`None` drops the pair), and whether any pair was picked.
/// Everything else, empty pieces and the fragment included, is kept byte for byte.
///
/// ```
/// use postback_core::rewrite_query;
///
/// let (url, touched) = rewrite_query("https://t.example/?a=1&t=x&b=2#f", |k| k == "t", |_| None);
/// assert_eq!((url.as_str(), touched), ("https://t.example/?a=1&b=2#f", true));
/// let (url, _) = rewrite_query("https://t.example/?t=x", |k| k == "t", |_| Some("t=***".into()));
/// assert_eq!(url, "https://t.example/?t=***");
/// ```
pub fn rewrite_query(
    url: &str,
    is_key: impl Fn(&str) -> bool,
    change: impl Fn(&str) -> Option<String>,
) -> (String, bool) {
    let Some(query) = QueryLayout::of(url).query else {
        return (url.to_owned(), false);
    };
    let (Some(head), Some(text), Some(tail)) = (
        url.get(..query.start),
        query.slice(url),
        url.get(query.end..),
    ) else {
        return (url.to_owned(), false);
    };
    let mut touched = false;
    let pieces: Vec<String> = text
        .split('&')
        .filter_map(|piece| {
            let key = piece.split_once('=').map_or(piece, |(k, _)| k);
            if is_key(key) {
                touched = true;
                change(piece)
            } else {
                Some(piece.to_owned())
            }
        })
        .collect();
    (format!("{head}{}{tail}", pieces.join("&")), touched)
}

/// `url` with `pair` (already encoded) added at the end of its query, before any fragment.
///
/// ```
/// use postback_core::append_query;
///
/// assert_eq!(append_query("https://t.example/pb#f", "t=1"), "https://t.example/pb?t=1#f");
/// assert_eq!(append_query("https://t.example/pb?a=1", "t=1"), "https://t.example/pb?a=1&t=1");
/// assert_eq!(append_query("https://t.example/pb?", "t=1"), "https://t.example/pb?t=1");
/// ```
pub fn append_query(url: &str, pair: &str) -> String {
    let layout = QueryLayout::of(url);
    let at = layout.query_end(url);
    let joint = match layout.query.and_then(|q| q.slice(url)) {
        None => "?",
        Some(q) if q.is_empty() || q.ends_with('&') => "",
        Some(_) => "&",
    };
    let (head, tail) = (url.get(..at).unwrap_or(url), url.get(at..).unwrap_or(""));
    format!("{head}{joint}{pair}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(key, value)` of each pair, as written.
    fn kv<'a>(pairs: &[QueryPair<'a>]) -> Vec<(&'a str, &'a str)> {
        pairs.iter().map(|p| (p.key, p.value)).collect()
    }

    #[test]
    fn every_url_shape_the_old_splitters_met_is_read_by_one_rule() {
        // (url, query pairs, fragment pairs)
        type Case = (
            &'static str,
            &'static [(&'static str, &'static str)],
            &'static [(&'static str, &'static str)],
        );
        let cases: &[Case] = &[
            ("https://t.example/pb", &[], &[]),
            ("https://t.example/pb?", &[], &[]),
            (
                "https://t.example/pb?a=1&b=2",
                &[("a", "1"), ("b", "2")],
                &[],
            ),
            (
                "https://t.example/pb?a=1&&b=",
                &[("a", "1"), ("b", "")],
                &[],
            ),
            (
                "https://t.example/pb?flag&a=1",
                &[("flag", ""), ("a", "1")],
                &[],
            ),
            ("https://t.example/pb?a==1", &[("a", "=1")], &[]),
            ("https://t.example/pb?=1", &[("", "1")], &[]),
            ("https://t.example/pb?a=1#f", &[("a", "1")], &[("f", "")]),
            (
                "https://t.example/pb?a=1#b=2&c",
                &[("a", "1")],
                &[("b", "2"), ("c", "")],
            ),
            ("https://t.example/pb#b=2", &[], &[("b", "2")]),
            // The `#` comes first: the `?` is the fragment's, and nothing is a query.
            ("https://t.example/pb#x?a=1", &[], &[("x?a", "1")]),
            ("https://t.example/pb?a=1?b=2", &[("a", "1?b=2")], &[]),
            (
                "https://t.example/pb?a=%26&b=%3D",
                &[("a", "%26"), ("b", "%3D")],
                &[],
            ),
            (
                "https://t.example/pb?a=é&ü=1",
                &[("a", "é"), ("ü", "1")],
                &[],
            ),
            ("/pb?cid=1 HTTP/1.1", &[("cid", "1 HTTP/1.1")], &[]),
        ];
        for (url, query, fragment) in cases {
            assert_eq!(kv(&query_pairs(url)), *query, "query of {url}");
            assert_eq!(kv(&fragment_pairs(url)), *fragment, "fragment of {url}");
        }
    }

    #[test]
    fn spans_point_at_the_bytes_of_each_key_and_value() {
        let url = "https://t.example/pb?cid=a%20b&flag&&p=1#x";
        for pair in query_pairs(url) {
            assert_eq!(pair.key_span.slice(url), Some(pair.key));
            assert_eq!(pair.value_span.slice(url), Some(pair.value));
            let whole = pair.span.slice(url).unwrap_or_default();
            assert!(whole.starts_with(pair.key), "{whole}");
        }
        let bare = query_pairs(url)
            .into_iter()
            .find(|p| p.key == "flag")
            .map(|p| (p.value_span, p.has_value));
        assert_eq!(bare, Some((Span::new(35, 35), false)));
    }

    #[test]
    fn the_written_query_is_read_even_behind_a_misplaced_fragment() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("https://t.example/pb?a=1#b=2", &[("a", "1")]),
            ("https://t.example/pb#top?cid=1", &[("cid", "1")]),
            (
                "https://t.example/pb#x?cid=1&p=2#y",
                &[("cid", "1"), ("p", "2")],
            ),
            ("https://t.example/pb#x", &[]),
        ];
        for (url, want) in cases {
            assert_eq!(kv(&written_query_pairs(url)), *want, "{url}");
        }
    }

    #[test]
    fn a_bare_query_is_read_with_or_without_its_url() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("cid=1&p=2", &[("cid", "1"), ("p", "2")]),
            ("cid=1#frag", &[("cid", "1")]),
            ("GET /pb?cid=1&p=2", &[("cid", "1"), ("p", "2")]),
            ("?a={a}", &[("a", "{a}")]),
            ("?", &[]),
            ("plain text", &[]),
            ("#x?a=1", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(kv(&bare_query_pairs(text)), *want, "{text:?}");
        }
    }

    #[test]
    fn rewriting_changes_only_the_chosen_pairs() {
        type Case = (
            &'static str,
            &'static str,
            Option<&'static str>,
            &'static str,
            bool,
        );
        // (url, key, replacement pair or drop, result, touched)
        let cases: &[Case] = &[
            (
                "https://t.example/?a=1&t=x&b=2",
                "t",
                None,
                "https://t.example/?a=1&b=2",
                true,
            ),
            (
                "https://t.example/?t=x",
                "t",
                None,
                "https://t.example/?",
                true,
            ),
            (
                "https://t.example/?a=1&&t=x",
                "t",
                Some("t=y"),
                "https://t.example/?a=1&&t=y",
                true,
            ),
            (
                "https://t.example/?t&t=2",
                "t",
                Some("t=y"),
                "https://t.example/?t=y&t=y",
                true,
            ),
            (
                "https://t.example/?a=1#t=x",
                "t",
                None,
                "https://t.example/?a=1#t=x",
                false,
            ),
            (
                "https://t.example/#x?t=1",
                "t",
                None,
                "https://t.example/#x?t=1",
                false,
            ),
            (
                "https://t.example/pb",
                "t",
                None,
                "https://t.example/pb",
                false,
            ),
            (
                "https://t.example/?T=1",
                "t",
                None,
                "https://t.example/?T=1",
                false,
            ),
        ];
        for (url, key, to, want, touched) in cases {
            let got = rewrite_query(url, |k| k == *key, |_| to.map(str::to_owned));
            assert_eq!(got, ((*want).to_owned(), *touched), "{url}");
        }
    }

    #[test]
    fn appending_goes_at_the_end_of_the_query_before_the_fragment() {
        let cases = [
            ("https://t.example/pb", "https://t.example/pb?t=1"),
            ("https://t.example/pb?", "https://t.example/pb?t=1"),
            ("https://t.example/pb?a=1&", "https://t.example/pb?a=1&t=1"),
            ("https://t.example/pb?a=1", "https://t.example/pb?a=1&t=1"),
            (
                "https://t.example/pb?a=1#f?g",
                "https://t.example/pb?a=1&t=1#f?g",
            ),
            ("https://t.example/pb#f?g", "https://t.example/pb?t=1#f?g"),
        ];
        for (url, want) in cases {
            assert_eq!(append_query(url, "t=1"), want, "{url}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_and_rewritten_without_a_panic_and_unpicked_bytes_survive(url in "\\PC{0,60}") {
            let layout = QueryLayout::of(&url);
            for pair in query_pairs(&url).into_iter().chain(fragment_pairs(&url)) {
                proptest::prop_assert_eq!(pair.key_span.slice(&url), Some(pair.key));
                proptest::prop_assert_eq!(pair.value_span.slice(&url), Some(pair.value));
            }
            let _ = bare_query_pairs(&url);
            let (same, touched) = rewrite_query(&url, |_| false, |_| None);
            proptest::prop_assert_eq!(&same, &url);
            proptest::prop_assert!(!touched);
            let appended = append_query(&url, "zz=1");
            let again = QueryLayout::of(&appended);
            proptest::prop_assert_eq!(again.fragment.is_some(), layout.fragment.is_some());
        }
    }
}
