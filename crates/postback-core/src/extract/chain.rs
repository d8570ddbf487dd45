//! A redirect chain, hop by hop: which click IDs and UTM tags survive each hop, change case or
//! encoding, or are lost, and where they were lost first.

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
    pub fn follow(hops: Vec<Hop>) -> Self {
        let params: Vec<Vec<Param>> = hops
            .iter()
            .map(|hop| {
                let mut out = Vec::new();
                params_of(&hop.url, 0, 0, 0, 0, None, &mut out);
                out
            })
            .collect();
        let first = params.first().cloned().unwrap_or_default();
        let mut tracked: Vec<String> = first
            .iter()
            .filter(|p| p.known.is_some())
            .map(|p| p.name.clone())
            .collect();
        if tracked.is_empty() {
            tracked = first.iter().map(|p| p.name.clone()).collect();
        }
        tracked.dedup();
        let fates = params
            .iter()
            .enumerate()
            .map(|(i, hop)| {
                tracked
                    .iter()
                    .map(|name| {
                        let start = first.iter().find(|p| &p.name == name);
                        let here = hop.iter().find(|p| &p.name == name);
                        match (i, start, here) {
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
                        }
                    })
                    .collect()
            })
            .collect();
        Self {
            hops,
            tracked,
            fates,
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
        .and_then(|p| url::Url::parse(&p.url).ok())
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
                let url = resolve(hops.last(), target);
                hops.push(Hop { url, status: None });
            }
        }
    }
    hops
}
