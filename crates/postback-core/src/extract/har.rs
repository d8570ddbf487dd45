//! Reading a HAR 1.2 file (saved from the browser's developer tools): every request URL, and
//! the redirect chain its 3xx answers describe.

use serde_json::Value;

use super::{
    chain::{Chain, Hop},
    extraction::Extraction,
    params::{params_of, remark_differences, FoundUrl, UrlOrigin},
};
use crate::Span;

/// What a text turned out to be.
pub(super) enum Har {
    /// A HAR file, read.
    Entries(Extraction),
    /// JSON that names a `log` but is not a readable HAR file, with the reason.
    Broken(String),
    /// Not JSON at all.
    NotJson,
}

struct Entry {
    url: String,
    status: Option<u16>,
    redirect: Option<String>,
}

fn entry(value: &Value) -> Option<Entry> {
    let url = value.pointer("/request/url")?.as_str()?.to_owned();
    let status = value
        .pointer("/response/status")
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok())
        .filter(|s| *s > 0);
    let location = value
        .pointer("/response/headers")
        .and_then(Value::as_array)
        .and_then(|headers| {
            headers.iter().find_map(|h| {
                let name = h.get("name")?.as_str()?;
                name.eq_ignore_ascii_case("location")
                    .then(|| h.get("value")?.as_str().map(str::to_owned))?
            })
        });
    let redirect = value
        .pointer("/response/redirectURL")
        .and_then(Value::as_str)
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .or(location);
    Some(Entry {
        url,
        status,
        redirect,
    })
}

/// How far past the last match a URL is looked for among the `"url"` strings of the file: a
/// HAR entry names a few other URLs (its initiator, say) before its request's.
const LOOK_AHEAD: usize = 8;

/// Where each `"url": "…"` string of a JSON text stands, in order: the byte span of its
/// contents (between the quotes) and whether it holds escapes. One pass over the text.
fn url_strings(text: &str, scanned: &mut usize) -> Vec<(Span, bool)> {
    const KEY: &str = "\"url\"";
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(hit) = text.get(at..).and_then(|rest| rest.find(KEY)) {
        let mut i = at + hit + KEY.len();
        *scanned += i - at;
        while bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b':')
        {
            i += 1;
        }
        at = i;
        if bytes.get(i) != Some(&b'"') {
            continue;
        }
        let start = i + 1;
        let mut end = start;
        let mut escaped = false;
        while let Some(&b) = bytes.get(end) {
            match b {
                b'\\' => {
                    escaped = true;
                    end += 2;
                }
                b'"' => break,
                _ => end += 1,
            }
        }
        *scanned += end.min(bytes.len()) - start;
        at = end.min(bytes.len());
        found.push((Span::new(start, end.min(bytes.len())), escaped));
    }
    *scanned += text.len() - at.min(text.len());
    found
}

/// Reads `text` as a HAR file if it is one.
pub(super) fn read(text: &str) -> Har {
    read_counting(text, &mut 0)
}

/// As [`read`], counting in `scanned` the bytes searched for the spans of the URLs, which
/// stays linear in the text however the file escapes them.
fn read_counting(text: &str, scanned: &mut usize) -> Har {
    let trimmed = text.trim_start();
    if !trimmed.starts_with('{') {
        return Har::NotJson;
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) if text.contains("\"log\"") => return Har::Broken(e.to_string()),
        Err(_) => return Har::NotJson,
    };
    let Some(entries) = value.pointer("/log/entries").and_then(Value::as_array) else {
        return if value.get("log").is_some() {
            Har::Broken("it has no log.entries list".to_owned())
        } else {
            Har::NotJson
        };
    };
    let entries: Vec<Entry> = entries.iter().filter_map(entry).collect();
    let strings = url_strings(text, scanned);
    let mut next_string = 0;
    let mut found = Extraction::default();
    for (index, e) in entries.iter().enumerate() {
        let line = index + 1;
        let url_index = found.urls.len();
        found.urls.push(FoundUrl {
            text: e.url.clone(),
            line,
            origin: UrlOrigin::Har,
        });
        // The entry's URL as written in the file: among the next few `"url"` strings, the
        // first that holds it unescaped. Only ever looking forward keeps this linear.
        let offset = strings
            .iter()
            .enumerate()
            .skip(next_string)
            .take(LOOK_AHEAD)
            .find(|(_, (span, escaped))| !escaped && span.slice(text) == Some(e.url.as_str()))
            .map(|(i, (span, _))| {
                next_string = i + 1;
                span.start
            });
        let before = found.params.len();
        params_of(
            &e.url,
            offset.unwrap_or(0),
            url_index,
            line,
            0,
            None,
            &mut found.params,
        );
        if offset.is_none() {
            // The URL is escaped in the JSON (`https:\/\/…`): there is no span to point at.
            for p in found.params.iter_mut().skip(before) {
                p.span = Span::default();
            }
        }
    }
    found.chain = chain(&entries).filter(|c| c.hops.len() >= 2);
    remark_differences(&mut found.params);
    Har::Entries(found)
}

/// The chain starting at the first entry that redirects.
fn chain(entries: &[Entry]) -> Option<Chain> {
    let start = entries
        .iter()
        .position(|e| e.status.is_some_and(|s| (300..400).contains(&s)) && e.redirect.is_some())?;
    let mut hops: Vec<Hop> = Vec::new();
    let mut at = start;
    let mut next = Some(entries.get(at)?.url.clone());
    while let Some(url) = next.take() {
        if hops.len() > 50 {
            break;
        }
        let found = entries
            .iter()
            .skip(at)
            .position(|e| e.url == url)
            .map(|i| i + at);
        let Some(index) = found else {
            hops.push(Hop { url, status: None });
            break;
        };
        at = index;
        let e = entries.get(index)?;
        hops.push(Hop {
            url: e.url.clone(),
            status: e.status,
        });
        if e.status.is_some_and(|s| (300..400).contains(&s)) {
            next = e.redirect.as_ref().map(|r| {
                crate::parse_url(&e.url)
                    .ok()
                    .and_then(|base| base.join(r).ok())
                    .map_or_else(|| r.clone(), String::from)
            });
        }
    }
    Some(Chain::follow(hops))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A HAR file of `n` entries, each with an initiator URL before its request's, its
    /// slashes escaped as some tools write them when `escape` is set.
    fn file(n: usize, escape: bool) -> String {
        let entries: Vec<String> = (0..n)
            .map(|i| {
                let url = format!("https://lp.example/p{i}?clickid=c{i}&n={i}");
                let url = if escape { url.replace('/', "\\/") } else { url };
                format!(
                    r#"{{"_initiator":{{"type":"script","url":"https:\/\/cdn.example\/a.js"}},"request":{{"method":"GET","url":"{url}"}},"response":{{"status":200}}}}"#
                )
            })
            .collect();
        format!(
            r#"{{"log":{{"version":"1.2","entries":[{}]}}}}"#,
            entries.join(",")
        )
    }

    #[test]
    fn the_urls_of_a_har_file_are_found_in_one_forward_pass_however_they_are_escaped() {
        for escape in [false, true] {
            for n in [1_000, 2_000] {
                let text = file(n, escape);
                let mut scanned = 0;
                let Har::Entries(found) = read_counting(&text, &mut scanned) else {
                    panic!("not read as HAR")
                };
                assert_eq!(found.urls.len(), n);
                assert!(
                    scanned <= 2 * text.len(),
                    "{n} entries, escaped {escape}: scanned {scanned} of {}",
                    text.len()
                );
            }
        }
    }

    #[test]
    fn an_unescaped_url_points_at_its_value_in_the_file_and_an_escaped_one_at_nothing() {
        let text = file(3, false);
        let Har::Entries(found) = read(&text) else {
            panic!()
        };
        let values: Vec<Option<&str>> = found.params.iter().map(|p| p.span.slice(&text)).collect();
        assert_eq!(values.first(), Some(&Some("c0")));
        assert_eq!(values.last(), Some(&Some("2")));
        let escaped = file(2, true);
        let Har::Entries(found) = read(&escaped) else {
            panic!()
        };
        assert!(found.params.iter().all(|p| p.span.is_empty()));
        assert_eq!(found.params.first().map(|p| p.value.as_str()), Some("c0"));
    }
}
