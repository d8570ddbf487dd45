//! What the app keeps in the browser's storage: the run history, under one versioned schema
//! with migrations. Pure: the browser module reads and writes the strings this makes.
//!
//! Rules: every key carries the app's prefix (GitHub Pages sites of one account share an
//! origin); data from a newer version is never overwritten; data that cannot be decoded is
//! kept under a backup key and reported; the history is bounded; secrets are never in it.

use std::time::{Duration, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{
    encode::decode_lossy, request::rewrite_query, share::is_secret, sign::Scheme, BodyText,
    Delivery, Draft, FireRequest,
};

/// The schema version this build writes.
pub const STORE_VERSION: u32 = 1;

/// The most runs kept; older ones are dropped first.
pub const MAX_RUNS: usize = 500;

/// The most bytes of a response body kept per run.
pub const MAX_STORED_BODY: usize = 4 * 1024;

/// Every storage key the app uses, each under the app's prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    /// The run history.
    Runs,
    /// Stored data that could not be read, kept for the user.
    Backup,
    /// Secrets, only when the user ticked "remember on this device".
    Secrets,
    /// The builder's state, secrets left out, so a reload loses no work.
    Draft,
}

impl Key {
    /// Every key, for "Forget everything".
    pub const ALL: [Key; 4] = [Self::Runs, Self::Backup, Self::Secrets, Self::Draft];

    /// The prefix every key carries.
    pub const PREFIX: &'static str = "postback-tester:";

    /// The key's full name.
    ///
    /// ```
    /// use postback_core::store::Key;
    ///
    /// assert!(Key::ALL.iter().all(|k| k.name().starts_with(Key::PREFIX)));
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Self::Runs => "postback-tester:runs",
            Self::Backup => "postback-tester:backup",
            Self::Secrets => "postback-tester:secrets",
            Self::Draft => "postback-tester:draft",
        }
    }
}

/// One fire, as the history keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    /// A unique ID.
    pub id: String,
    /// When it was fired, in Unix milliseconds.
    pub at_ms: u64,
    /// The builder's state, secrets left out.
    pub draft: Draft,
    /// The request exactly as sent.
    pub request: FireRequest,
    /// What the check before sending said.
    #[serde(default)]
    pub notes: Vec<String>,
    /// What the browser let the page see, the body cut to [`MAX_STORED_BODY`].
    pub delivery: Delivery,
    /// Milliseconds from sending to the end of the answer.
    pub elapsed_ms: u32,
}

impl Run {
    /// A run to keep: secrets are taken out of the draft, and the body is cut.
    pub fn new(
        id: String,
        at_ms: u64,
        draft: &Draft,
        request: FireRequest,
        notes: Vec<String>,
        delivery: Delivery,
        elapsed_ms: u32,
    ) -> Self {
        let draft = split_secrets(draft).0;
        let request = redact(request, &draft, &[]);
        let delivery = match delivery {
            Delivery::Read {
                status,
                status_text,
                body,
                headers,
                final_url,
            } => Delivery::Read {
                status,
                status_text,
                body: body.map(cut_body),
                headers,
                final_url,
            },
            other => other,
        };
        Self {
            id,
            at_ms,
            draft,
            request,
            notes,
            delivery,
            elapsed_ms,
        }
    }
}

impl Run {
    /// When it was fired, in UTC to the second, for lists: `2025-11-21 04:40:00 UTC`.
    ///
    /// ```
    /// # use postback_core::{store::Run, Delivery, Draft, FireRequest};
    /// let run = Run::new("r".into(), 1_763_700_000_000, &Draft::default(), FireRequest::get("https://t.example/")?, vec![], Delivery::Hidden, 1);
    /// assert_eq!(run.when(), "2025-11-21 04:40:00 UTC");
    /// assert_eq!(run.when_exact(), "2025-11-21T04:40:00.000Z");
    /// # Ok::<(), postback_core::RequestError>(())
    /// ```
    pub fn when(&self) -> String {
        let at = UNIX_EPOCH + Duration::from_millis(self.at_ms);
        let stamp = humantime::format_rfc3339_seconds(at).to_string();
        format!("{} UTC", stamp.replacen('T', " ", 1).trim_end_matches('Z'))
    }

    /// When it was fired, in RFC 3339 with milliseconds, for reports.
    pub fn when_exact(&self) -> String {
        humantime::format_rfc3339_millis(UNIX_EPOCH + Duration::from_millis(self.at_ms)).to_string()
    }
}

/// What stands in for a secret in a stored request.
pub const HIDDEN: &str = "***";

/// `request` with the values of secret query parameters and headers hidden: those the draft
/// marks as secret (by name or the preset's token role) and those named in `also`. Signature
/// headers are kept: they prove what was sent and give nothing away.
fn redact(request: FireRequest, draft: &Draft, also: &[&str]) -> FireRequest {
    let secret =
        |name: &str| also.iter().any(|a| a.eq_ignore_ascii_case(name)) || is_secret(draft, name);
    let (url, touched) = rewrite_query(
        request.url(),
        |key| secret(&decode_lossy(key)),
        |pair| {
            let key = pair.split('=').next().unwrap_or_default();
            Some(format!("{key}={HIDDEN}"))
        },
    );
    let signature_headers: Vec<&str> = Scheme::ALL.iter().map(|s| s.header()).collect();
    let hidden_headers: Vec<String> = request
        .headers()
        .iter()
        .map(|(n, _)| n.clone())
        .filter(|n| secret(n) && !signature_headers.iter().any(|s| s.eq_ignore_ascii_case(n)))
        .collect();
    let mut request = if touched {
        request.with_url(url)
    } else {
        request
    };
    for name in hidden_headers {
        request = request.with_header(&name, HIDDEN.to_owned());
    }
    request
}

impl Run {
    /// The same run with the values of the parameters and headers named in `names` hidden
    /// too, such as a static token's parameter.
    pub fn hiding(mut self, names: &[&str]) -> Self {
        self.request = redact(self.request, &self.draft, names);
        self
    }
}

fn cut_body(body: BodyText) -> BodyText {
    if body.text.len() <= MAX_STORED_BODY {
        return body;
    }
    let kept = BodyText::from_bytes(body.text.as_bytes(), MAX_STORED_BODY);
    BodyText {
        total_bytes: body.total_bytes,
        truncated: true,
        hex: None,
        ..kept
    }
}

/// The history, newest last, as stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// The schema version.
    pub v: u32,
    /// The runs, oldest first.
    pub runs: Vec<Run>,
}

impl History {
    /// An empty history in the current schema.
    pub fn new() -> Self {
        Self {
            v: STORE_VERSION,
            runs: Vec::new(),
        }
    }

    /// Adds `run`, dropping the oldest past [`MAX_RUNS`].
    pub fn push(&mut self, run: Run) {
        self.runs.push(run);
        let over = self.runs.len().saturating_sub(MAX_RUNS);
        self.runs.drain(..over);
    }

    /// Removes the run with `id`; whether there was one.
    pub fn remove(&mut self, id: &str) -> bool {
        let before = self.runs.len();
        self.runs.retain(|r| r.id != id);
        self.runs.len() != before
    }

    /// The text to store.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The kinds of outcome the history can be filtered by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    /// The answer was read and had a 2xx status.
    Success,
    /// The answer was read and had another status.
    ErrorStatus,
    /// Sent, with the answer hidden or not read (CORS, no-cors, timeout, cancel).
    Unknown,
    /// Not sent: blocked, preflight refused, or nothing answered.
    NotSent,
}

impl Outcome {
    /// Every outcome, in menu order.
    pub const ALL: [Outcome; 4] = [
        Self::Success,
        Self::ErrorStatus,
        Self::Unknown,
        Self::NotSent,
    ];

    /// The outcome of `delivery`.
    pub fn of(delivery: &Delivery) -> Self {
        match delivery {
            Delivery::Read { status, .. } if (200..300).contains(status) => Self::Success,
            Delivery::Read { .. } => Self::ErrorStatus,
            Delivery::Hidden
            | Delivery::Opaque
            | Delivery::TimedOut { .. }
            | Delivery::Cancelled => Self::Unknown,
            Delivery::Blocked | Delivery::PreflightFailed | Delivery::Unreachable => Self::NotSent,
        }
    }

    /// A short lowercase name, for menus and CSS.
    pub fn id(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::ErrorStatus => "error-status",
            Self::Unknown => "unknown",
            Self::NotSent => "not-sent",
        }
    }

    /// The outcome in plain words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Success => "Answered with success",
            Self::ErrorStatus => "Answered with an error status",
            Self::Unknown => "Sent, answer unknown",
            Self::NotSent => "Not sent or nothing answered",
        }
    }

    /// The outcome named `id`.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.id() == id)
    }
}

/// What the history panel shows: runs whose URL, body, answer or platform contain `text`
/// (any case), with the chosen outcome and platform.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Words to look for.
    pub text: String,
    /// Only runs with this outcome.
    pub outcome: Option<Outcome>,
    /// Only runs for this preset id.
    pub preset: Option<String>,
}

impl Filter {
    fn keeps(&self, run: &Run) -> bool {
        if self
            .outcome
            .is_some_and(|o| Outcome::of(&run.delivery) != o)
        {
            return false;
        }
        if self.preset.is_some() && run.draft.preset != self.preset {
            return false;
        }
        let needle = self.text.trim().to_lowercase();
        if needle.is_empty() {
            return true;
        }
        let answer = match &run.delivery {
            Delivery::Read { body: Some(b), .. } => b.text.as_str(),
            _ => "",
        };
        let platform = run.draft.preset().map_or("", |p| p.name);
        [
            run.request.url(),
            run.request.body().unwrap_or_default(),
            answer,
            platform,
        ]
        .iter()
        .any(|hay| hay.to_lowercase().contains(&needle))
    }
}

impl History {
    /// The runs `filter` keeps, newest first.
    pub fn find(&self, filter: &Filter) -> Vec<&Run> {
        self.runs.iter().rev().filter(|r| filter.keeps(r)).collect()
    }
}

/// The builder's state as kept between visits, secrets left out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedDraft {
    /// The schema version.
    pub v: u32,
    /// The draft without secret values.
    pub draft: Draft,
}

/// Secrets kept on the device, only when the user asked for it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSecrets {
    /// The schema version.
    pub v: u32,
    /// The secret values, by macro name.
    pub values: crate::Values,
    /// How fires are signed, with the secret.
    pub signing: crate::share::SharedSigning,
}

/// `draft` split into what may be stored and its secret values.
///
/// ```
/// use postback_core::{store::split_secrets, Draft, Values};
///
/// let draft = Draft { values: Values::from_pairs([("cid", "1"), ("api_key", "k")]), ..Draft::default() };
/// let (public, secret) = split_secrets(&draft);
/// assert_eq!(public.values, Values::from_pairs([("cid", "1")]));
/// assert_eq!(secret, Values::from_pairs([("api_key", "k")]));
/// ```
pub fn split_secrets(draft: &Draft) -> (Draft, crate::Values) {
    let mut public = draft.clone();
    public.values.retain(|name, _| !is_secret(draft, name));
    let mut secret = draft.values.clone();
    secret.retain(|name, _| is_secret(draft, name));
    (public, secret)
}

impl SavedDraft {
    /// What to store for `draft`.
    pub fn new(draft: &Draft) -> Self {
        Self {
            v: STORE_VERSION,
            draft: split_secrets(draft).0,
        }
    }

    /// The text to store.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl SavedSecrets {
    /// The text to store.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Reads a stored value of this schema version; `None` for anything else (newer, damaged).
pub fn read_current<T: serde::de::DeserializeOwned>(text: Option<&str>) -> Option<T> {
    let value: Value = serde_json::from_str(text?).ok()?;
    if value.get("v").and_then(Value::as_u64) != Some(u64::from(STORE_VERSION)) {
        return None;
    }
    serde_json::from_value(value).ok()
}

/// What was found under [`Key::Runs`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Loaded {
    /// Nothing was stored: a first visit.
    Empty,
    /// The history, in the current schema (migrated from `from` when that is older).
    Read {
        /// The history.
        history: History,
        /// The schema it was stored in.
        from: u32,
    },
    /// A newer version of the app wrote it: leave it untouched and keep runs in memory.
    Newer {
        /// The stored schema version.
        version: u32,
    },
    /// It cannot be decoded: keep it under [`Key::Backup`] and start afresh.
    Unreadable {
        /// Why, in a few words.
        reason: String,
    },
}

/// Reads what was stored under [`Key::Runs`].
///
/// ```
/// use postback_core::store::{load, Loaded, History};
///
/// assert_eq!(load(None), Loaded::Empty);
/// assert!(matches!(load(Some(r#"{"v":99,"anything":1}"#)), Loaded::Newer { version: 99 }));
/// assert!(matches!(load(Some("{not json")), Loaded::Unreadable { .. }));
/// assert_eq!(load(Some(&History::new().to_json())), Loaded::Read { history: History::new(), from: 1 });
/// ```
pub fn load(stored: Option<&str>) -> Loaded {
    let Some(text) = stored.filter(|t| !t.trim().is_empty()) else {
        return Loaded::Empty;
    };
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return Loaded::Unreadable {
                reason: format!("not JSON: {e}"),
            }
        }
    };
    let Some(version) = value
        .get("v")
        .and_then(Value::as_u64)
        .and_then(|v| u32::try_from(v).ok())
    else {
        return Loaded::Unreadable {
            reason: "no schema version".to_owned(),
        };
    };
    if version > STORE_VERSION {
        return Loaded::Newer { version };
    }
    match migrate(value, version).and_then(|v| {
        serde_json::from_value::<History>(v).map_err(|e| format!("does not fit schema: {e}"))
    }) {
        Ok(history) => Loaded::Read {
            history,
            from: version,
        },
        Err(reason) => Loaded::Unreadable { reason },
    }
}

/// Brings a stored value from schema `from` up to [`STORE_VERSION`], one step at a time.
/// Version 1 is the first schema; each later one adds a step here and a stored fixture to the
/// tests.
fn migrate(value: Value, from: u32) -> Result<Value, String> {
    match from {
        STORE_VERSION => Ok(value),
        other => Err(format!("unknown schema version {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{request::Method, Values};

    fn run(id: &str, body: &str) -> Run {
        let draft = Draft {
            preset: Some("affise".into()),
            url: "https://t.example/pb?clickid={clickid}&secure={secure}".into(),
            values: Values::from_pairs([("clickid", "c1"), ("secure", "s3cr3t")]),
            ..Draft::default()
        };
        let request =
            FireRequest::new(Method::Get, "https://t.example/pb?clickid=c1", "", None).unwrap();
        let delivery = Delivery::Read {
            status: 200,
            status_text: "OK".into(),
            body: Some(BodyText::from_bytes(body.as_bytes(), 1 << 20)),
            headers: vec![],
            final_url: None,
        };
        Run::new(
            id.into(),
            1_700_000_000_000,
            &draft,
            request,
            vec![],
            delivery,
            12,
        )
    }

    #[test]
    fn a_run_keeps_no_secret_and_a_bounded_body() {
        let r = run("a", &"x".repeat(100_000));
        assert_eq!(r.draft.values, Values::from_pairs([("clickid", "c1")]));
        let Delivery::Read {
            body: Some(body), ..
        } = &r.delivery
        else {
            panic!()
        };
        assert_eq!(
            (body.text.len(), body.total_bytes, body.truncated),
            (MAX_STORED_BODY, 100_000, true)
        );
        assert!(!History {
            v: 1,
            runs: vec![r]
        }
        .to_json()
        .contains("s3cr3t"));
    }

    #[test]
    fn secret_values_in_the_stored_request_are_hidden() {
        let draft = Draft {
            preset: Some("affise".into()),
            ..Draft::default()
        };
        let request = FireRequest::new(
            Method::Post,
            "https://t.example/pb?clickid=c1&secure=s3&t=tok&api%5Fkey=k#f",
            "Authorization: Bearer abc\nX-Hub-Signature-256: sha256=00\nX-Click: c1",
            Some("a=1".into()),
        )
        .unwrap();
        let run =
            Run::new("r".into(), 0, &draft, request, vec![], Delivery::Hidden, 1).hiding(&["t"]);
        assert_eq!(
            run.request.url(),
            "https://t.example/pb?clickid=c1&secure=***&t=***&api%5Fkey=***#f"
        );
        let headers: Vec<(&str, &str)> = run
            .request
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert!(headers.contains(&("Authorization", "***")), "{headers:?}");
        assert!(
            headers.contains(&("X-Hub-Signature-256", "sha256=00")),
            "{headers:?}"
        );
        assert!(headers.contains(&("X-Click", "c1")), "{headers:?}");
    }

    #[test]
    fn a_saved_draft_keeps_no_secret_and_reads_back() {
        let draft = run("x", "").draft;
        let mut with_secret = draft.clone();
        with_secret.values.set("secure", "s3");
        let saved = SavedDraft::new(&with_secret);
        let json = serde_json::to_string(&saved).unwrap();
        assert!(!json.contains("s3"), "{json}");
        assert_eq!(read_current::<SavedDraft>(Some(&json)), Some(saved));
        assert_eq!(
            read_current::<SavedDraft>(Some(r#"{"v":2,"draft":{}}"#)),
            None
        );
        assert_eq!(read_current::<SavedDraft>(Some("{")), None);
        assert_eq!(read_current::<SavedDraft>(None), None);
    }

    #[test]
    fn the_history_keeps_the_newest_runs() {
        let mut h = History::new();
        for i in 0..MAX_RUNS + 3 {
            h.push(run(&i.to_string(), "OK"));
        }
        assert_eq!(h.runs.len(), MAX_RUNS);
        assert_eq!(h.runs.first().map(|r| r.id.as_str()), Some("3"));
        assert!(h.remove("3"));
        assert!(!h.remove("3"));
    }

    #[test]
    fn runs_are_found_by_words_outcome_and_platform_newest_first() {
        let mut h = History::new();
        h.push(run("ok", "success=true"));
        let mut other = run("err", "Broken clickid");
        other.delivery = Delivery::Read {
            status: 400,
            status_text: String::new(),
            body: Some(BodyText::from_bytes(b"Broken clickid", 100)),
            headers: vec![],
            final_url: None,
        };
        other.draft.preset = None;
        h.push(other);
        let mut hidden = run("hidden", "");
        hidden.delivery = Delivery::Hidden;
        h.push(hidden);
        let ids = |f: Filter| h.find(&f).iter().map(|r| r.id.clone()).collect::<Vec<_>>();
        let cases: [(Filter, &[&str]); 6] = [
            (Filter::default(), &["hidden", "err", "ok"]),
            (
                Filter {
                    text: "BROKEN".into(),
                    ..Filter::default()
                },
                &["err"],
            ),
            (
                Filter {
                    text: "affise".into(),
                    ..Filter::default()
                },
                &["hidden", "ok"],
            ),
            (
                Filter {
                    outcome: Some(Outcome::Unknown),
                    ..Filter::default()
                },
                &["hidden"],
            ),
            (
                Filter {
                    outcome: Some(Outcome::ErrorStatus),
                    ..Filter::default()
                },
                &["err"],
            ),
            (
                Filter {
                    preset: Some("affise".into()),
                    outcome: Some(Outcome::Success),
                    ..Filter::default()
                },
                &["ok"],
            ),
        ];
        for (filter, want) in cases {
            assert_eq!(ids(filter.clone()), *want, "{filter:?}");
        }
        assert!(Outcome::ALL
            .iter()
            .all(|o| Outcome::from_id(o.id()) == Some(*o)));
    }

    #[test]
    fn stored_fixtures_of_every_schema_load() {
        // Version 1, as this build writes it: written once and kept as a fixture.
        let v1 = include_str!("store/fixtures/v1.json");
        let Loaded::Read { history, from } = load(Some(v1)) else {
            panic!("{:?}", load(Some(v1)))
        };
        assert_eq!(from, 1);
        assert_eq!(history.runs.len(), 1);
        assert_eq!(
            history.runs[0].request.url(),
            "https://t.example/pb?clickid=c1"
        );
        // Reading and writing again changes nothing.
        assert_eq!(
            load(Some(&history.to_json())),
            Loaded::Read { history, from: 1 }
        );
    }

    #[test]
    fn newer_or_broken_data_is_reported_not_read() {
        let cases: [(&str, &str); 5] = [
            (r#"{"v":2,"runs":[{"future":true}]}"#, "newer"),
            (r#"{"runs":[]}"#, "unreadable"),
            (r#"{"v":1,"runs":[{"id":1}]}"#, "unreadable"),
            (r#"{"v":0,"runs":[]}"#, "unreadable"),
            ("[1,2", "unreadable"),
        ];
        for (stored, want) in cases {
            let got = match load(Some(stored)) {
                Loaded::Newer { .. } => "newer",
                Loaded::Unreadable { .. } => "unreadable",
                other => panic!("{stored}: {other:?}"),
            };
            assert_eq!(got, want, "{stored}");
        }
    }
}
