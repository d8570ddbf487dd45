//! Finding URLs in one line of text: written-out URLs, HTTP request lines of logs and
//! `curl -v`, and `Location:` headers; and the status lines that go with them.

use super::params::UrlOrigin;

/// The HTTP methods a request line may start with.
const METHODS: [&str; 7] = ["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH"];

/// Punctuation that ends a sentence around a URL rather than belonging to it.
const TRAILING_PROSE: &[char] = &['.', ',', ';', ':', '!', '?', ')'];

/// The lines of `text` with the byte offset each starts at.
pub(super) fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len() + 1;
        Some((start, line.strip_suffix('\r').unwrap_or(line)))
    })
}

/// The line without `curl -v`'s `< ` or `> ` marker and leading white space, and how many
/// bytes were taken off.
fn unmarked(line: &str) -> (usize, &str) {
    let trimmed = line.trim_start_matches([' ', '\t', '<', '>']);
    (line.len() - trimmed.len(), trimmed)
}

/// The status code of an `HTTP/1.1 302 Found` line.
pub(super) fn status_line(line: &str) -> Option<u16> {
    let (_, rest) = unmarked(line);
    let rest = rest.strip_prefix("HTTP/")?;
    let code = rest.split_whitespace().nth(1)?;
    code.parse().ok().filter(|c| (100..600).contains(c))
}

/// Every URL-like text in `line`: `(byte offset in the line, text, how it was found)`.
pub(super) fn urls_in_line(line: &str) -> Vec<(usize, &str, UrlOrigin)> {
    let (skipped, rest) = unmarked(line);
    if rest.len() > 9
        && rest
            .get(..9)
            .is_some_and(|h| h.eq_ignore_ascii_case("location:"))
    {
        let target = rest.get(9..).unwrap_or_default();
        let lead = target.len() - target.trim_start().len();
        let value = target.trim();
        let value = value.split_whitespace().next().unwrap_or_default();
        return if value.is_empty() {
            Vec::new()
        } else {
            vec![(skipped + 9 + lead, value, UrlOrigin::Location)]
        };
    }
    let mut targets: Vec<(usize, &str, UrlOrigin)> = request_targets(line).collect();
    targets.sort_by_key(|(start, _, _)| *start);
    // The furthest any target up to each one reaches: a token overlaps a target when one that
    // starts before the token's end reaches past its start. Tokens never overlap each other
    // (each is searched for after the last), so a line holding tens of thousands of URLs (a
    // minified document, a log with bare carriage returns) is read in one pass, not in a
    // comparison of every URL with every other.
    let reach: Vec<usize> = targets
        .iter()
        .scan(0, |furthest, (s, t, _)| {
            *furthest = (*furthest).max(s + t.len());
            Some(*furthest)
        })
        .collect();
    let mut found = targets.clone();
    for (start, token) in url_tokens(line) {
        let before_end = targets.partition_point(|(s, _, _)| *s < start + token.len());
        let overlaps = before_end
            .checked_sub(1)
            .and_then(|last| reach.get(last))
            .is_some_and(|furthest| *furthest > start);
        if !overlaps {
            found.push((start, token, UrlOrigin::Text));
        }
    }
    found.sort_by_key(|(start, _, _)| *start);
    found
}

/// Targets of request lines such as `"GET /path?x=1 HTTP/1.1"`.
pub(super) fn request_targets(line: &str) -> impl Iterator<Item = (usize, &str, UrlOrigin)> {
    // Every request line holds its protocol; most lines of a log hold none, and are passed
    // over in one search instead of one a method.
    let methods: &[&str] = if line.contains(" HTTP/") {
        &METHODS
    } else {
        &[]
    };
    methods.iter().flat_map(move |method| {
        line.match_indices(method).filter_map(move |(at, _)| {
            let before_ok = at == 0
                || line
                    .get(..at)
                    .and_then(|b| b.chars().last())
                    .is_some_and(|c| matches!(c, ' ' | '"' | '\t' | '>'));
            let after = line.get(at + method.len()..)?;
            let target = after.strip_prefix(' ')?;
            let end = target.find(' ')?;
            let rest = target.get(end..)?;
            let value = target.get(..end)?;
            let starts_ok =
                value.starts_with('/') || value.to_ascii_lowercase().starts_with("http");
            (before_ok && rest.starts_with(" HTTP/") && starts_ok).then_some((
                at + method.len() + 1,
                value,
                UrlOrigin::RequestLine,
            ))
        })
    })
}

/// Written-out URLs: each starts at `http://` or `https://` and runs to the next white space,
/// quote or angle bracket, without trailing sentence punctuation.
pub(super) fn url_tokens(line: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let start = from + scheme_start(line.get(from..)?)?;
        let tail = line.get(start..)?;
        let len = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`'))
            .unwrap_or(tail.len());
        from = start + len.max(1);
        let token = tail.get(..len)?.trim_end_matches(TRAILING_PROSE);
        if crate::parse_url(token).is_ok() {
            return Some((start, token));
        }
    })
}

/// Where the first `http://` or `https://`, in any case, starts in `text`.
fn scheme_start(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find(|&at| {
        let rest = bytes.get(at..).unwrap_or_default();
        let starts = |scheme: &[u8]| {
            rest.get(..scheme.len())
                .is_some_and(|r| r.eq_ignore_ascii_case(scheme))
        };
        rest.first().is_some_and(|b| b.eq_ignore_ascii_case(&b'h'))
            && (starts(b"http://") || starts(b"https://"))
    })
}
