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

/// Reads `text` as a HAR file if it is one.
pub(super) fn read(text: &str) -> Har {
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
    let mut found = Extraction::default();
    for (index, e) in entries.iter().enumerate() {
        let line = index + 1;
        let url_index = found.urls.len();
        found.urls.push(FoundUrl {
            text: e.url.clone(),
            line,
            origin: UrlOrigin::Har,
        });
        let offset = text.find(&e.url);
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
            // The URL is escaped differently in the JSON: there is no span to point at.
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
                url::Url::parse(&e.url)
                    .ok()
                    .and_then(|base| base.join(r).ok())
                    .map_or_else(|| r.clone(), String::from)
            });
        }
    }
    Some(Chain::follow(hops))
}
