//! A redirect chain, hop by hop: which click IDs and UTM tags survive each hop, change case or
//! encoding, or are lost, and where they were lost first.

use std::collections::HashMap;

use serde::Serialize;

use super::params::{params_of, FoundUrl, Param, UrlOrigin};

/// What a chain's text said, in order: a status line or a `Location:` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Event {
    /// An `HTTP/1.1 302` line.
    Status(u16),
    /// A `Location:` header's target, as written.
    Location(String),
}

/// One hop of a chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// The URL requested at this hop.
    pub url: String,
    /// The status it answered with, when known.
    pub status: Option<u16>,
}

/// What became of a tracked parameter at one hop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Fate {
    /// The first hop, where the parameter starts.
    Start,
    /// Arrived byte for byte.
    Kept,
    /// Arrived with the same value, encoded differently.
    Reencoded(String),
    /// Arrived with the value in another case.
    Recased(String),
    /// Arrived with another value.
    Changed(String),
    /// Did not arrive.
    Lost,
}

impl Fate {
    /// A short word for the fate.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::Kept => "kept",
            Self::Reencoded(_) => "encoding changed",
            Self::Recased(_) => "case changed",
            Self::Changed(_) => "value changed",
            Self::Lost => "lost",
        }
    }
}

/// The most hops a chain follows: browsers stop after 20 redirects, so more is crafted or
/// several visits in one log, and following them all would grow with hops × parameters.
pub const MAX_HOPS: usize = 50;

/// The most parameters a chain tracks at each hop.
pub const MAX_TRACKED: usize = 50;

/// A chain of hops and the fate of each tracked parameter at each hop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Chain {
    /// The hops, first request first.
    pub hops: Vec<Hop>,
    /// The tracked parameter names: the first hop's click IDs and UTM tags (all of its
    /// parameters when it has none of those).
    pub tracked: Vec<String>,
    /// `fates[hop][tracked]`.
    pub fates: Vec<Vec<Fate>>,
    /// Hops past [`MAX_HOPS`] that were not followed.
    pub hops_left_out: usize,
    /// Parameters past [`MAX_TRACKED`] that were not tracked.
    pub tracked_left_out: usize,
}

impl Chain {
    /// Follows the tracked parameters through `hops`.
    ///
    /// ```
    /// use postback_core::{Chain, Fate, Hop};
    ///
    /// let hop = |url: &str| Hop { url: url.into(), status: None };
    /// let chain = Chain::follow(vec![
    ///     hop("https://a.example/?gclid=AbC&utm_source=x"),
    ///     hop("https://b.example/?gclid=AbC"),
    /// ]);
    /// assert_eq!(chain.tracked, ["gclid", "utm_source"]);
    /// assert_eq!(chain.fates[1], [Fate::Kept, Fate::Lost]);
    /// assert_eq!(chain.first_loss(), Some(1));
    /// ```
    pub fn follow(mut hops: Vec<Hop>) -> Self {
        let hops_left_out = hops.len().saturating_sub(MAX_HOPS);
        hops.truncate(MAX_HOPS);
        // Each hop's parameters by name (the first of a name counts), looked up once per cell.
        let params: Vec<HashMap<String, Param>> = hops
            .iter()
            .map(|hop| {
                let mut out = Vec::new();
                params_of(&hop.url, 0, 0, 0, 0, None, &mut out);
                let mut by_name = HashMap::new();
                for p in out {
                    by_name.entry(p.name.clone()).or_insert(p);
                }
                by_name
            })
            .collect();
        let mut first_params = Vec::new();
        if let Some(hop) = hops.first() {
            params_of(&hop.url, 0, 0, 0, 0, None, &mut first_params);
        }
        let mut tracked: Vec<String> = first_params
            .iter()
            .filter(|p| p.known.is_some())
            .map(|p| p.name.clone())
            .collect();
        if tracked.is_empty() {
            tracked = first_params.iter().map(|p| p.name.clone()).collect();
        }
        let mut seen = std::collections::HashSet::new();
        tracked.retain(|name| seen.insert(name.clone()));
        let tracked_left_out = tracked.len().saturating_sub(MAX_TRACKED);
        tracked.truncate(MAX_TRACKED);
        let empty = HashMap::new();
        let first = params.first().unwrap_or(&empty);
        let fates = params
            .iter()
            .enumerate()
            .map(|(i, hop)| {
                tracked
                    .iter()
                    .map(|name| match (i, first.get(name), hop.get(name)) {
                        (0, _, _) => Fate::Start,
                        (_, _, None) | (_, None, _) => Fate::Lost,
                        (_, Some(a), Some(b)) if a.raw_value == b.raw_value => Fate::Kept,
                        (_, Some(a), Some(b)) if a.value == b.value => {
                            Fate::Reencoded(b.raw_value.clone())
                        }
                        (_, Some(a), Some(b)) if a.value.eq_ignore_ascii_case(&b.value) => {
                            Fate::Recased(b.value.clone())
                        }
                        (_, _, Some(b)) => Fate::Changed(b.value.clone()),
                    })
                    .collect()
            })
            .collect();
        Self {
            hops,
            tracked,
            fates,
            hops_left_out,
            tracked_left_out,
        }
    }

    /// The first hop at which any tracked parameter was lost.
    pub fn first_loss(&self) -> Option<usize> {
        self.fates.iter().position(|hop| hop.contains(&Fate::Lost))
    }

    /// The first hop at which `tracked[index]` was lost.
    pub fn lost_at(&self, index: usize) -> Option<usize> {
        self.fates
            .iter()
            .position(|hop| hop.get(index) == Some(&Fate::Lost))
    }
}

/// `target` resolved against the previous hop when it is relative.
fn resolve(previous: Option<&Hop>, target: &str) -> String {
    previous
        .and_then(|p| crate::parse_url(&p.url).ok())
        .and_then(|base| base.join(target).ok())
        .map_or_else(|| target.to_owned(), String::from)
}

/// The hops described by status lines and `Location:` headers (`curl -IL`, `curl -v`):
/// the request before the first `Location:`, then each `Location:` in turn.
pub(super) fn hops_from_events(urls: &[FoundUrl], events: &[Event]) -> Vec<Hop> {
    if !events.iter().any(|e| matches!(e, Event::Location(_))) {
        return Vec::new();
    }
    let mut hops: Vec<Hop> = urls
        .iter()
        .find(|u| u.origin != UrlOrigin::Location)
        .map(|u| Hop {
            url: u.text.clone(),
            status: None,
        })
        .into_iter()
        .collect();
    for event in events {
        match event {
            Event::Status(code) => {
                // A status belongs to the latest hop that has none yet.
                if let Some(hop) = hops.last_mut().filter(|h| h.status.is_none()) {
                    hop.status = Some(*code);
                }
            }
            Event::Location(target) => {
                // Past the cap only the count matters: Chain::follow says how many were left.
                let url = if hops.len() < MAX_HOPS {
                    resolve(hops.last(), target)
                } else {
                    String::new()
                };
                hops.push(Hop { url, status: None });
            }
        }
    }
    hops
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hop(url: String) -> Hop {
        Hop { url, status: None }
    }

    #[test]
    fn a_crafted_chain_is_followed_up_to_its_caps_and_says_how_much_was_left_out() {
        let query: Vec<String> = (0..1000).map(|i| format!("p{i}={i}")).collect();
        let url = format!("https://a.example/?{}", query.join("&"));
        let hops: Vec<Hop> = (0..1000).map(|_| hop(url.clone())).collect();
        let chain = Chain::follow(hops);
        assert_eq!((chain.hops.len(), chain.hops_left_out), (MAX_HOPS, 950));
        assert_eq!(
            (chain.tracked.len(), chain.tracked_left_out),
            (MAX_TRACKED, 950)
        );
        assert_eq!(chain.fates.len(), MAX_HOPS);
        assert!(chain
            .fates
            .iter()
            .skip(1)
            .flatten()
            .all(|f| *f == Fate::Kept));
    }

    #[test]
    fn a_name_repeated_in_the_first_hop_is_tracked_once_by_its_first_value() {
        let chain = Chain::follow(vec![
            hop("https://a.example/?gclid=A&gclid=B&utm_source=x".into()),
            hop("https://b.example/?gclid=A".into()),
        ]);
        assert_eq!(chain.tracked, ["gclid", "utm_source"]);
        assert_eq!(chain.fates[1], [Fate::Kept, Fate::Lost]);
        assert_eq!((chain.hops_left_out, chain.tracked_left_out), (0, 0));
    }

    #[test]
    fn locations_past_the_cap_are_counted_not_resolved() {
        let mut events = vec![Event::Status(302)];
        for i in 0..200 {
            events.push(Event::Location(format!("/hop{i}")));
        }
        let urls = [FoundUrl {
            text: "https://a.example/start?gclid=A".into(),
            line: 1,
            origin: UrlOrigin::Text,
        }];
        let hops = hops_from_events(&urls, &events);
        assert_eq!(hops.len(), 201);
        assert_eq!(
            hops[MAX_HOPS - 1].url,
            format!("https://a.example/hop{}", MAX_HOPS - 2)
        );
        assert_eq!(hops[MAX_HOPS].url, "");
        assert_eq!(Chain::follow(hops).hops_left_out, 201 - MAX_HOPS);
    }
}
