//! What the app keeps in the browser's storage: the run history, the draft in progress and,
//! when asked, its secrets, under one versioned schema with an upgrade step per version (see
//! the version rule in `version.rs`). Pure: the browser module reads and writes the strings
//! this makes.
//!
//! Rules: every key carries the app's prefix (GitHub Pages sites of one account share an
//! origin); data from a newer version is never overwritten; data that cannot be decoded is
//! kept under a backup key and reported; the history is bounded; secrets are never in it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{
    clock,
    span::cut_at_char,
    version::{self, Step, Unreadable},
    BodyText, Delivery, Draft, FireRequest, LeftOut, Prepared, RunOutcome, Secrets, SharedSigning,
    Values,
};

/// The upgrade steps of the stored schema, one per version after the first: a stored value
/// of version `n` goes through steps `n` and on. Version 1 is the first schema.
const STORE_STEPS: [Step; 3] = [
    runs_may_come_from_a_partner,
    secrets_by_placement,
    problems_at_fire_time,
];

/// Version 2 marks a run kept from a partner's result link (`from_partner`), and says whether
/// an answer's size is known (`size_known`: reading now stops at the display cap). A version
/// 1 run has no partner mark and read its answers whole: what the absent fields read as.
pub(crate) fn runs_may_come_from_a_partner(value: Value) -> Result<Value, String> {
    Ok(value)
}

/// Version 3 decides secrets by where values land, and a saved draft or a link says what it
/// left out (`left_out`). A version 2 value left nothing out that it can name: what the
/// absent field reads as. Its secrets were kept out by name, as before.
pub(crate) fn secrets_by_placement(value: Value) -> Result<Value, String> {
    Ok(value)
}

/// Version 4 keeps the problems a run was fired with (`problems`), and a partner's result
/// says how many times the partner sent it (`sent`). A version 3 run was fired with none
/// that it kept, and a version 3 result was sent once as far as it can say: what the absent
/// fields read as.
pub(crate) fn problems_at_fire_time(value: Value) -> Result<Value, String> {
    Ok(value)
}

/// The schema version this build writes.
pub const STORE_VERSION: u32 = version::current(&STORE_STEPS);

/// The most runs kept; older ones are dropped first.
pub const MAX_RUNS: usize = 500;

/// The most bytes of a response body kept per run.
pub const MAX_STORED_BODY: usize = 4 * 1024;

/// The most response headers kept per run, and the most bytes of them in all: a receiver
/// that sends hundreds of headers does not fill the storage.
pub const MAX_STORED_HEADERS: usize = 40;
const MAX_STORED_HEADER_BYTES: usize = 4 * 1024;

/// The longest run ID, note and status text kept, in bytes, and the most notes.
const MAX_ID_BYTES: usize = 100;
const MAX_NOTE_BYTES: usize = 1_000;
const MAX_NOTES: usize = 20;

/// Every storage key the app uses, each under the app's prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StorageKey {
    /// The run history.
    Runs,
    /// Stored data that could not be read, kept for the user.
    Backup,
    /// Secrets, only when the user ticked "remember on this device".
    Secrets,
    /// The builder's state, secrets left out, so a reload loses no work.
    Draft,
    /// Whether the tab's last start of the page got as far as showing it, so a page that
    /// stops while it opens can offer to start without the stored data when it is reloaded
    /// (kept per tab: another tab still opening is not a start that stopped).
    Boot,
    /// The partner check links whose postback this browser sent, and how often.
    SentLinks,
    /// The test plans, secrets left out, with their last runs.
    Plans,
    /// The name of the file this tab is reading in Extract, until it is read or cancelled,
    /// so a reload in the middle can say the file was not finished.
    Reading,
}

impl StorageKey {
    /// Every key, for "Delete all my data in this browser".
    pub const ALL: [StorageKey; 8] = [
        Self::Runs,
        Self::Backup,
        Self::Secrets,
        Self::Draft,
        Self::Boot,
        Self::SentLinks,
        Self::Plans,
        Self::Reading,
    ];

    /// The prefix every key carries.
    pub const PREFIX: &'static str = "postback-tester:";

    /// The key's full name.
    ///
    /// ```
    /// use postback_core::StorageKey;
    ///
    /// assert!(StorageKey::ALL.iter().all(|k| k.name().starts_with(StorageKey::PREFIX)));
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Self::Runs => "postback-tester:runs",
            Self::Backup => "postback-tester:backup",
            Self::Secrets => "postback-tester:secrets",
            Self::Draft => "postback-tester:draft",
            Self::Boot => "postback-tester:boot",
            Self::SentLinks => "postback-tester:sent-links",
            Self::Plans => "postback-tester:plans",
            Self::Reading => "postback-tester:reading",
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
    /// For a partner's result kept in the history: who the link said asked for it. The run
    /// was fired in the partner's browser, and its link could have been made by anyone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_partner: Option<String>,
    /// The problems the builder found when it was fired: what the user chose to fire with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

impl Run {
    /// The run to keep for a fire of `prepared`: secrets are taken out of the draft and hidden
    /// in the request and in the answer (a receiver may echo them back), and the body is cut
    /// to [`MAX_STORED_BODY`].
    pub fn new(
        id: String,
        at_ms: u64,
        prepared: &Prepared,
        notes: Vec<String>,
        delivery: Delivery,
        elapsed_ms: u32,
    ) -> Self {
        let draft = prepared.secrets.split(&prepared.draft).0;
        let request = prepared.secrets.redact(prepared.request.clone());
        let delivery = prepared.secrets.hide_in_answer(delivery);
        Self {
            id,
            at_ms,
            draft,
            request,
            notes,
            delivery,
            elapsed_ms,
            from_partner: None,
            problems: Vec::new(),
        }
        .tidy()
    }

    /// The run with the problems it was fired with, each in words.
    ///
    /// ```
    /// # use postback_core::{Delivery, Draft, FetchMode, FireRequest, Prepared, Run, Secrets};
    /// # let prepared = Prepared { draft: Draft::default(), request: FireRequest::get("https://t.example/")?, secrets: Secrets::default(), mode: FetchMode::Read };
    /// let run = Run::new("r".into(), 0, &prepared, vec![], Delivery::Hidden, 1)
    ///     .with_problems(vec!["payout: `12,50` is not a number".into()]);
    /// assert_eq!(run.problems, ["payout: `12,50` is not a number"]);
    /// # Ok::<(), postback_core::RequestError>(())
    /// ```
    pub fn with_problems(self, problems: Vec<String>) -> Self {
        Self { problems, ..self }.tidy()
    }

    /// The run with every part held to what a run may keep: the time clamped to a date, the
    /// body cut to [`MAX_STORED_BODY`], at most [`MAX_STORED_HEADERS`] headers, and every
    /// text cut to its bound. A run read from storage, a file or a link passes through here,
    /// so crafted data can neither stop nor fill the page.
    pub(crate) fn tidy(mut self) -> Self {
        self.at_ms = clock::clamp(self.at_ms);
        cut_at_char(&mut self.id, MAX_ID_BYTES);
        if let Some(who) = &mut self.from_partner {
            cut_at_char(who, MAX_ID_BYTES);
        }
        self.notes.truncate(MAX_NOTES);
        for note in &mut self.notes {
            cut_at_char(note, MAX_NOTE_BYTES);
        }
        self.problems.truncate(MAX_NOTES);
        for problem in &mut self.problems {
            cut_at_char(problem, MAX_NOTE_BYTES);
        }
        self.request = self.request.capped();
        self.draft = self.draft.capped();
        if let Delivery::Read {
            status_text,
            body,
            headers,
            final_url,
            ..
        } = &mut self.delivery
        {
            cut_at_char(status_text, MAX_NOTE_BYTES);
            *body = body.take().map(cut_body);
            let mut bytes = 0;
            headers.truncate(MAX_STORED_HEADERS);
            headers.retain(|(name, value)| {
                bytes += name.len() + value.len();
                bytes <= MAX_STORED_HEADER_BYTES
            });
            if let Some(url) = final_url {
                cut_at_char(url, crate::MAX_TEMPLATE_BYTES);
            }
        }
        self
    }
}

impl Run {
    /// When it was fired, in UTC to the second, for lists: `2025-11-21 04:40:00 UTC`.
    ///
    /// ```
    /// # use postback_core::{Delivery, Draft, FetchMode, FireRequest, Prepared, Run, Secrets};
    /// # let prepared = Prepared { draft: Draft::default(), request: FireRequest::get("https://t.example/")?, secrets: Secrets::default(), mode: FetchMode::Read };
    /// let run = Run::new("r".into(), 1_763_700_000_000, &prepared, vec![], Delivery::Hidden, 1);
    /// assert_eq!(run.when(), "2025-11-21 04:40:00 UTC");
    /// assert_eq!(run.when_exact(), "2025-11-21T04:40:00.000Z");
    /// # Ok::<(), postback_core::RequestError>(())
    /// ```
    pub fn when(&self) -> String {
        let stamp = clock::rfc3339_seconds(self.at_ms);
        format!("{} UTC", stamp.replacen('T', " ", 1).trim_end_matches('Z'))
    }

    /// When it was fired, in RFC 3339 with milliseconds, for reports.
    pub fn when_exact(&self) -> String {
        clock::rfc3339_millis(self.at_ms)
    }
}

fn cut_body(mut body: BodyText) -> BodyText {
    // A hex dump is of the first HEX_PREVIEW_BYTES bytes, 16 to a line: a longer one is
    // crafted, and is cut to those lines.
    if let Some(hex) = &mut body.hex {
        let lines = crate::HEX_PREVIEW_BYTES / 16;
        if hex.lines().count() > lines || hex.len() > lines * 80 {
            let kept: Vec<&str> = hex.lines().take(lines).collect();
            let mut kept = kept.join("\n");
            cut_at_char(&mut kept, lines * 80);
            *hex = kept;
        }
    }
    if body.text.len() <= MAX_STORED_BODY {
        return body;
    }
    let kept = BodyText::from_bytes(body.text.as_bytes(), MAX_STORED_BODY);
    BodyText {
        total_bytes: body.total_bytes,
        size_known: body.size_known,
        truncated: true,
        hex: None,
        ..kept
    }
}

/// The most partner links whose sends are remembered; the longest unused are forgotten.
pub const MAX_SENT_LINKS: usize = 200;

/// The partner check links whose postback this browser sent, and how often: so a reload, or
/// the same link open in a second tab, never sends it again unless the partner says so.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentLinks {
    /// The schema version.
    pub v: u32,
    /// The links, the longest unused first.
    #[serde(default)]
    pub links: Vec<SentLink>,
}

/// How often one link's postback was sent from this browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentLink {
    /// A fingerprint of the link, never the link itself (it may hold secrets).
    pub mark: String,
    /// How many times it was sent.
    pub count: u32,
    /// When it was last sent, in Unix milliseconds.
    pub last_ms: u64,
    /// The result link (`pbr=…`) of the last send, once its outcome was known, so a reload
    /// or another tab shows the result instead of only the time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
}

impl SentLinks {
    /// None sent yet.
    pub fn new() -> Self {
        Self {
            v: STORE_VERSION,
            links: Vec::new(),
        }
    }

    /// The fingerprint of the link whose fragment is `fragment`: the first 128 bits of its
    /// SHA-256, in hex.
    ///
    /// ```
    /// use postback_core::SentLinks;
    ///
    /// let mark = SentLinks::mark_of("pbt=4.abc");
    /// assert_eq!(mark.len(), 32);
    /// assert_eq!(mark, SentLinks::mark_of("pbt=4.abc"));
    /// assert_ne!(mark, SentLinks::mark_of("pbt=4.abd"));
    /// ```
    pub fn mark_of(fragment: &str) -> String {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(fragment.as_bytes());
        hex::encode(digest.get(..16).unwrap_or_default())
    }

    /// How often the link marked `mark` was sent, if it was.
    pub fn get(&self, mark: &str) -> Option<&SentLink> {
        self.links.iter().find(|l| l.mark == mark)
    }

    /// Counts one more send of the link marked `mark`, at `now_ms`; forgets the longest
    /// unused past [`MAX_SENT_LINKS`]. Gives back how many times it was sent.
    ///
    /// ```
    /// use postback_core::SentLinks;
    ///
    /// let mut sent = SentLinks::new();
    /// assert_eq!(sent.record("a", 1), 1);
    /// assert_eq!(sent.record("b", 2), 1);
    /// assert_eq!(sent.record("a", 3), 2);
    /// assert_eq!(sent.get("a").map(|l| (l.count, l.last_ms)), Some((2, 3)));
    /// ```
    pub fn record(&mut self, mark: &str, now_ms: u64) -> u32 {
        let count = self.get(mark).map_or(0, |l| l.count).saturating_add(1);
        self.links.retain(|l| l.mark != mark);
        self.links.push(SentLink {
            mark: mark.to_owned(),
            count,
            last_ms: clock::clamp(now_ms),
            result: None,
        });
        let over = self.links.len().saturating_sub(MAX_SENT_LINKS);
        self.links.drain(..over);
        count
    }

    /// Keeps `result`, the result link fragment of the last send of `mark`; one longer than
    /// [`MAX_KEPT_RESULT`] is not kept (the time and count still are).
    ///
    /// ```
    /// use postback_core::SentLinks;
    ///
    /// let mut sent = SentLinks::new();
    /// sent.record("a", 1);
    /// sent.keep_result("a", "pbr=4.xyz");
    /// assert_eq!(sent.get("a").and_then(|l| l.result.as_deref()), Some("pbr=4.xyz"));
    /// sent.keep_result("a", &"x".repeat(100_000));
    /// assert_eq!(sent.get("a").and_then(|l| l.result.as_deref()), None);
    /// ```
    pub fn keep_result(&mut self, mark: &str, result: &str) {
        if let Some(link) = self.links.iter_mut().find(|l| l.mark == mark) {
            link.result = (result.len() <= MAX_KEPT_RESULT).then(|| result.to_owned());
        }
    }

    /// Takes back the last send of `mark`, for a press whose request is known never to have
    /// left (refused before sending, or its preflight refused): what is left, if anything.
    ///
    /// ```
    /// use postback_core::SentLinks;
    ///
    /// let mut sent = SentLinks::new();
    /// sent.record("a", 1);
    /// sent.record("a", 2);
    /// assert_eq!(sent.undo("a").map(|l| l.count), Some(1));
    /// assert_eq!(sent.undo("a"), None);
    /// assert_eq!(sent.get("a"), None);
    /// ```
    pub fn undo(&mut self, mark: &str) -> Option<SentLink> {
        let link = self.links.iter_mut().find(|l| l.mark == mark)?;
        link.count = link.count.saturating_sub(1);
        link.result = None;
        if link.count == 0 {
            self.links.retain(|l| l.mark != mark);
            return None;
        }
        self.get(mark).cloned()
    }

    /// The text to store.
    #[expect(
        clippy::expect_used,
        reason = "plain structs with string keys always serialise"
    )]
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("plain structs with string keys always serialise")
    }
}

/// The longest result link a [`SentLink`] keeps, in bytes.
pub const MAX_KEPT_RESULT: usize = 32 * 1024;

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

    /// Adds `runs` (from a file or a partner's link), skipping those already here by ID, and
    /// keeps the runs in time order within [`MAX_RUNS`]; says how many were added and how many
    /// of those were older than the newest [`MAX_RUNS`] and so not kept.
    ///
    /// ```
    /// # use postback_core::{Delivery, Draft, FetchMode, FireRequest, History, Imported, Prepared, Run, Secrets};
    /// # let prepared = Prepared { draft: Draft::default(), request: FireRequest::get("https://t.example/")?, secrets: Secrets::default(), mode: FetchMode::Read };
    /// let run = |id: &str, at| Run::new(id.into(), at, &prepared, vec![], Delivery::Hidden, 1);
    /// let mut history = History::new();
    /// history.push(run("b", 20));
    /// assert_eq!(history.import(vec![run("a", 10), run("b", 20)]), Imported { added: 1, already_here: 1, not_kept: 0 });
    /// assert_eq!(history.runs.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    /// # Ok::<(), postback_core::RequestError>(())
    /// ```
    pub fn import(&mut self, runs: Vec<Run>) -> Imported {
        let mut counted = Imported::default();
        let mut new_ids = Vec::new();
        for run in runs.into_iter().map(Run::tidy) {
            if self.runs.iter().any(|r| r.id == run.id) {
                counted.already_here += 1;
            } else {
                new_ids.push(run.id.clone());
                self.runs.push(run);
            }
        }
        self.runs.sort_by_key(|r| r.at_ms);
        let over = self.runs.len().saturating_sub(MAX_RUNS);
        let dropped: Vec<Run> = self.runs.drain(..over).collect();
        counted.not_kept = dropped.iter().filter(|r| new_ids.contains(&r.id)).count();
        counted.added = new_ids.len() - counted.not_kept;
        counted
    }

    /// The history as read back: every run tidied (see [`Run::tidy`]), in time order, within
    /// [`MAX_RUNS`].
    fn tidy(mut self) -> Self {
        self.runs = std::mem::take(&mut self.runs)
            .into_iter()
            .map(Run::tidy)
            .collect();
        self.runs.sort_by_key(|r| r.at_ms);
        let over = self.runs.len().saturating_sub(MAX_RUNS);
        self.runs.drain(..over);
        self
    }

    /// The newer half of the runs, to try again when storage is full.
    pub fn newer_half(&self) -> History {
        let half = self.runs.len() / 2;
        History {
            v: self.v,
            runs: self.runs.get(half..).unwrap_or_default().to_vec(),
        }
    }

    /// The text to store.
    #[expect(
        clippy::expect_used,
        reason = "plain structs with string keys always serialise"
    )]
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("plain structs with string keys always serialise")
    }
}

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// Runs added and kept.
    pub added: usize,
    /// Runs skipped because a run with the same ID is here already.
    pub already_here: usize,
    /// Runs left out because they are older than the newest [`MAX_RUNS`].
    pub not_kept: usize,
}

/// What the history panel shows: runs whose URL, body, answer or platform contain `text`
/// (any case), with the chosen outcome and platform.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunFilter {
    /// Words to look for.
    pub text: String,
    /// Only runs with this outcome.
    pub outcome: Option<RunOutcome>,
    /// Only runs for this preset id.
    pub preset: Option<String>,
}

impl RunFilter {
    fn keeps(&self, run: &Run) -> bool {
        if self
            .outcome
            .is_some_and(|o| RunOutcome::of(&run.delivery) != o)
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
    pub fn find(&self, filter: &RunFilter) -> Vec<&Run> {
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
    /// What was left out, so the page can ask for it again.
    #[serde(default, skip_serializing_if = "LeftOut::is_empty")]
    pub left_out: LeftOut,
}

/// Secrets kept on the device, only when the user asked for it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSecrets {
    /// The schema version.
    pub v: u32,
    /// The secret values, by macro name.
    pub values: Values,
    /// How fires are signed, with the secret.
    pub signing: SharedSigning,
}

impl SavedDraft {
    /// What to store for `draft`: its values without `secrets`, and what was left out: now,
    /// and what an earlier save or a link left out (`pending`) that is still missing.
    pub fn new(draft: &Draft, secrets: &Secrets, pending: &LeftOut) -> Self {
        Self {
            v: STORE_VERSION,
            draft: secrets.split(draft).0,
            left_out: secrets.left_out(draft).and(pending.still_missing(draft)),
        }
    }

    /// The text to store.
    #[expect(
        clippy::expect_used,
        reason = "plain structs with string keys always serialise"
    )]
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("plain structs with string keys always serialise")
    }
}

impl SavedSecrets {
    /// What to store of `draft`'s `secrets` and its signing, when the user asked to keep them.
    pub fn new(draft: &Draft, secrets: &Secrets, signing: &crate::Signing) -> Self {
        Self {
            v: STORE_VERSION,
            values: secrets.split(draft).1,
            signing: SharedSigning::new(signing, true),
        }
    }

    /// The text to store.
    #[expect(
        clippy::expect_used,
        reason = "plain structs with string keys always serialise"
    )]
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("plain structs with string keys always serialise")
    }
}

/// What was found under one storage key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Loaded<T> {
    /// Nothing was stored: a first visit.
    Empty,
    /// The stored value, in the current schema (upgraded from `from` when that is older).
    Read {
        /// The value.
        value: T,
        /// The schema it was stored in.
        from: u32,
    },
    /// A newer version of the app wrote it: leave it untouched and work in memory.
    Newer {
        /// The stored schema version.
        version: u32,
    },
    /// It cannot be decoded: keep it under [`StorageKey::Backup`] before anything replaces it.
    Unreadable {
        /// Why, in a few words.
        reason: String,
    },
}

/// Reads what was stored under [`StorageKey::Runs`]: every run tidied (see [`Run`]), in time
/// order, within [`MAX_RUNS`].
///
/// ```
/// use postback_core::{load_history, Loaded, History, STORE_VERSION};
///
/// assert_eq!(load_history(None), Loaded::Empty);
/// assert!(matches!(load_history(Some(r#"{"v":99,"anything":1}"#)), Loaded::Newer { version: 99 }));
/// assert!(matches!(load_history(Some("{not json")), Loaded::Unreadable { .. }));
/// assert_eq!(load_history(Some(&History::new().to_json())), Loaded::Read { value: History::new(), from: STORE_VERSION });
/// ```
pub fn load_history(stored: Option<&str>) -> Loaded<History> {
    match load_saved::<History>(stored) {
        Loaded::Read { value, from } => Loaded::Read {
            value: value.tidy(),
            from,
        },
        other => other,
    }
}

/// Reads a value of the stored schema (a saved draft, saved secrets, the history), upgraded
/// to the current version.
///
/// ```
/// use postback_core::{load_saved, Loaded, SavedDraft};
///
/// assert_eq!(load_saved::<SavedDraft>(Some(" ")), Loaded::Empty);
/// assert!(matches!(load_saved::<SavedDraft>(Some(r#"{"v":7}"#)), Loaded::Newer { version: 7 }));
/// assert!(matches!(load_saved::<SavedDraft>(Some(r#"{"v":1,"draft":3}"#)), Loaded::Unreadable { .. }));
/// ```
pub fn load_saved<T: serde::de::DeserializeOwned>(stored: Option<&str>) -> Loaded<T> {
    load_versioned(stored, &STORE_STEPS, None)
}

/// Reads a stored value of a format upgraded by `steps` (and, when `format` is given, marked
/// with it under `"format"`), upgraded to the current version.
pub(crate) fn load_versioned<T: serde::de::DeserializeOwned>(
    stored: Option<&str>,
    steps: &[Step],
    format: Option<&str>,
) -> Loaded<T> {
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
    if let Some(format) = format {
        if value.get("format").and_then(Value::as_str) != Some(format) {
            return Loaded::Unreadable {
                reason: format!("not marked as {format}"),
            };
        }
    }
    let not_read = |e: Unreadable| match e {
        Unreadable::Newer(version) => Loaded::Newer { version },
        Unreadable::Broken(reason) => Loaded::Unreadable { reason },
    };
    let from = match version::version_of(&value) {
        Ok(from) => from,
        Err(e) => return not_read(e),
    };
    match version::upgrade(value, steps) {
        Err(e) => not_read(e),
        Ok(value) => match serde_json::from_value::<T>(value) {
            Ok(value) => Loaded::Read { value, from },
            Err(e) => Loaded::Unreadable {
                reason: format!("does not fit schema: {e}"),
            },
        },
    }
}

/// What marks the backup as ours, and the name an older, plain backup is kept under in it.
const BACKUP_FORMAT: &str = "postback-tester-backup";
const EARLIER_BACKUP: &str = "earlier backup";

/// The backup kept under [`StorageKey::Backup`] with `items` (a storage key's name and the
/// text it held) added: texts this build could not read, or that "Start safely" moved
/// aside. A text already kept under the same name is kept as that name "(earlier)", then
/// "(earlier 2)" and so on, so no generation is lost; a backup from an older build (plain
/// text) is kept as a whole.
///
/// ```
/// use postback_core::{with_backup, StorageKey};
///
/// let first = with_backup(None, &[(StorageKey::Draft.name(), "{broken")]);
/// let second = with_backup(Some(&first), &[(StorageKey::Draft.name(), "{also broken")]);
/// assert!(second.contains("{broken") && second.contains("{also broken"));
/// let third = with_backup(Some(&second), &[(StorageKey::Draft.name(), "{third}")]);
/// assert!(["{broken", "{also broken", "{third}", "(earlier 2)"].iter().all(|t| third.contains(t)));
/// assert!(with_backup(Some("raw runs of an older build"), &[]).contains("raw runs of an older build"));
/// ```
pub fn with_backup(backup: Option<&str>, items: &[(&str, &str)]) -> String {
    let mut kept: serde_json::Map<String, Value> = match backup {
        None => serde_json::Map::new(),
        Some(text) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(mut o))
                if o.get("format").and_then(Value::as_str) == Some(BACKUP_FORMAT) =>
            {
                match o.remove("items") {
                    Some(Value::Object(items)) => items,
                    _ => serde_json::Map::new(),
                }
            }
            _ if text.is_empty() => serde_json::Map::new(),
            _ => {
                let mut earlier = serde_json::Map::new();
                earlier.insert(EARLIER_BACKUP.to_owned(), Value::from(text));
                earlier
            }
        },
    };
    for (name, text) in items {
        if let Some(before) = kept.remove(*name) {
            // Every earlier generation is kept: `(earlier)`, then `(earlier 2)` and so on.
            let earlier = std::iter::once(format!("{name} (earlier)"))
                .chain((2..).map(|n| format!("{name} (earlier {n})")))
                .find(|k| !kept.contains_key(k))
                .unwrap_or_default();
            kept.insert(earlier, before);
        }
        kept.insert((*name).to_owned(), Value::from(*text));
    }
    serde_json::json!({ "format": BACKUP_FORMAT, "items": kept }).to_string()
}

/// One change a tab makes to the history. A tab keeps its changes and applies them to what
/// is stored when it saves, so two tabs that fire at once keep each other's runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HistoryEdit {
    /// A new run.
    Add(Box<Run>),
    /// Runs from a file or a partner's link.
    Import(Vec<Run>),
    /// Delete one run.
    Remove(String),
    /// Delete every run.
    Clear,
}

impl History {
    /// Makes `edit`; for an import, says what it did.
    ///
    /// ```
    /// # use postback_core::{Delivery, Draft, FetchMode, FireRequest, History, HistoryEdit, Prepared, Run, Secrets};
    /// # let prepared = Prepared { draft: Draft::default(), request: FireRequest::get("https://t.example/")?, secrets: Secrets::default(), mode: FetchMode::Read };
    /// let run = |id: &str| Run::new(id.into(), 1, &prepared, vec![], Delivery::Hidden, 1);
    /// // Another tab stored "b"; this tab added "a" meanwhile: saving keeps both.
    /// let mut stored = History::new();
    /// stored.push(run("b"));
    /// stored.apply(&HistoryEdit::Add(Box::new(run("a"))));
    /// assert_eq!(stored.runs.len(), 2);
    /// # Ok::<(), postback_core::RequestError>(())
    /// ```
    pub fn apply(&mut self, edit: &HistoryEdit) -> Option<Imported> {
        match edit {
            HistoryEdit::Add(run) => {
                if !self.runs.iter().any(|r| r.id == run.id) {
                    self.push(Run::clone(run));
                }
                None
            }
            HistoryEdit::Import(runs) => Some(self.import(runs.clone())),
            HistoryEdit::Remove(id) => {
                self.remove(id);
                None
            }
            HistoryEdit::Clear => {
                self.runs.clear();
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FetchMode, Method, Signing};

    /// A fire of Affise's postback with its token `secure`, answered with `body`.
    fn run(id: &str, body: &str) -> Run {
        let draft = Draft {
            preset: Some("affise".into()),
            url: "https://t.example/pb?clickid={clickid}&secure={secure}".into(),
            values: Values::from_pairs([("clickid", "c1"), ("secure", "s3cr3t")]),
            ..Draft::default()
        };
        let prepared = Prepared {
            secrets: Secrets::of(&draft, &Signing::Off),
            draft,
            request: FireRequest::new(Method::Get, "https://t.example/pb?clickid=c1", "", None)
                .unwrap(),
            mode: FetchMode::Read,
        };
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
            &prepared,
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
    fn a_run_hides_the_secrets_of_the_request_as_sent() {
        let draft = Draft {
            preset: Some("affise".into()),
            ..Draft::default()
        };
        let signing = Signing::Token {
            param: "t".into(),
            value: "tok".into(),
        };
        let prepared = Prepared {
            secrets: Secrets::of(&draft, &signing),
            draft,
            request: FireRequest::new(
                Method::Get,
                "https://t.example/pb?clickid=c1&secure=s3&t=tok",
                "Authorization: Bearer abc",
                None,
            )
            .unwrap(),
            mode: FetchMode::Read,
        };
        let run = Run::new("r".into(), 0, &prepared, vec![], Delivery::Hidden, 1);
        assert_eq!(
            run.request.url(),
            "https://t.example/pb?clickid=c1&secure=***&t=***"
        );
        assert_eq!(run.request.headers()[0].1, crate::HIDDEN);
    }

    #[test]
    fn secrets_a_redirect_or_the_receiver_echoes_back_are_hidden_too() {
        let draft = Draft {
            preset: Some("affise".into()),
            url: "https://t.example/pb?clickid={clickid}&secure={secure}".into(),
            values: Values::from_pairs([("clickid", "c1"), ("secure", "S3CRET")]),
            ..Draft::default()
        };
        let signing = Signing::Token {
            param: "t".into(),
            value: "TOKVAL".into(),
        };
        let prepared = Prepared {
            secrets: Secrets::of(&draft, &signing),
            request: FireRequest::get("https://t.example/pb?clickid=c1&secure=S3CRET&t=TOKVAL")
                .unwrap(),
            draft,
            mode: FetchMode::Read,
        };
        let delivery = Delivery::Read {
            status: 401,
            status_text: "Bad token TOKVAL".into(),
            body: Some(BodyText::from_bytes(
                b"{\"error\":\"invalid secure S3CRET\",\"clickid\":\"c1\"}",
                1024,
            )),
            headers: vec![("x-echo".into(), "t=TOKVAL".into())],
            final_url: Some("https://t.example/pb/?clickid=c1&secure=S3CRET&t=TOKVAL".into()),
        };
        let run = Run::new("r".into(), 0, &prepared, vec![], delivery, 1);
        let stored = serde_json::to_string(&run).unwrap();
        assert!(
            !stored.contains("S3CRET") && !stored.contains("TOKVAL"),
            "{stored}"
        );
        assert!(stored.contains("clickid=c1"), "{stored}");
    }

    #[test]
    fn a_left_out_secret_is_asked_for_after_every_reload_until_it_is_typed_again() {
        let mut draft = run("x", "").draft;
        draft.url = "https://t.example/pb?secure={secure}&api_key=LIT".into();
        draft.values.set("secure", "s3");
        let first = SavedDraft::new(
            &draft,
            &Secrets::of(&draft, &Signing::Off),
            &LeftOut::default(),
        );
        let want = LeftOut {
            values: vec!["secure".into()],
            typed: vec!["api_key".into()],
        };
        assert_eq!(first.left_out, want);
        // Reloaded: the value is empty and the literal reads ***; saving again keeps asking.
        let reloaded = first.draft.clone();
        let again = SavedDraft::new(
            &reloaded,
            &Secrets::of(&reloaded, &Signing::Off),
            &first.left_out,
        );
        assert_eq!(again.left_out, want);
        // Typed again, and the literal replaced: nothing is asked for any more.
        let mut typed = reloaded;
        typed.values.set("secure", "s4");
        typed.url = "https://t.example/pb?secure={secure}".into();
        let done = SavedDraft::new(&typed, &Secrets::of(&typed, &Signing::Off), &again.left_out);
        assert_eq!(done.left_out.typed, Vec::<String>::new());
        assert_eq!(done.left_out.values, vec!["secure".to_owned()]);
    }

    #[test]
    fn a_saved_draft_keeps_no_secret_and_reads_back() {
        let draft = run("x", "").draft;
        let mut with_secret = draft.clone();
        with_secret.values.set("secure", "s3");
        let secrets = Secrets::of(&with_secret, &Signing::Off);
        let saved = SavedDraft::new(&with_secret, &secrets, &LeftOut::default());
        let json = serde_json::to_string(&saved).unwrap();
        assert!(!json.contains("s3"), "{json}");
        assert_eq!(
            load_saved::<SavedDraft>(Some(&json)),
            Loaded::Read {
                value: saved,
                from: STORE_VERSION
            }
        );
        assert_eq!(
            load_saved::<SavedDraft>(Some(r#"{"v":99,"draft":{}}"#)),
            Loaded::Newer { version: 99 }
        );
        assert!(matches!(
            load_saved::<SavedDraft>(Some("{")),
            Loaded::Unreadable { .. }
        ));
        assert_eq!(load_saved::<SavedDraft>(None), Loaded::<SavedDraft>::Empty);
        let kept = SavedSecrets::new(&with_secret, &secrets, &Signing::Off);
        assert_eq!(kept.values, Values::from_pairs([("secure", "s3")]));
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
    fn an_import_adds_only_new_runs_in_time_order_within_the_bound() {
        let at = |id: &str, at_ms: u64| Run {
            at_ms,
            ..run(id, "OK")
        };
        let mut h = History::new();
        h.push(at("b", 20));
        h.push(at("d", 40));
        let added = h.import(vec![at("c", 30), at("b", 20), at("a", 10)]);
        assert_eq!(
            added,
            Imported {
                added: 2,
                already_here: 1,
                not_kept: 0
            }
        );
        let ids: Vec<&str> = h.runs.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "d"]);
        let many = (0..MAX_RUNS as u64 + 5)
            .map(|i| at(&format!("m{i}"), 100 + i))
            .collect();
        let counted = h.import(many);
        assert_eq!(h.runs.len(), MAX_RUNS);
        assert_eq!(h.runs.first().map(|r| r.id.as_str()), Some("m5"));
        assert_eq!((counted.added, counted.not_kept), (MAX_RUNS, 5));
        // A full history of newer runs keeps none of ten older ones, and says so.
        let older = (0..10).map(|i| at(&format!("o{i}"), i)).collect();
        assert_eq!(
            h.import(older),
            Imported {
                added: 0,
                already_here: 0,
                not_kept: 10
            }
        );
    }

    #[test]
    fn the_newer_half_keeps_the_latest_runs() {
        let mut h = History::new();
        for i in 0..5 {
            h.push(run(&i.to_string(), "OK"));
        }
        let ids = |h: &History| h.runs.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&h.newer_half()), ["2", "3", "4"]);
        assert_eq!(ids(&History::new().newer_half()), Vec::<String>::new());
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
        let ids = |f: RunFilter| h.find(&f).iter().map(|r| r.id.clone()).collect::<Vec<_>>();
        let cases: [(RunFilter, &[&str]); 6] = [
            (RunFilter::default(), &["hidden", "err", "ok"]),
            (
                RunFilter {
                    text: "BROKEN".into(),
                    ..RunFilter::default()
                },
                &["err"],
            ),
            (
                RunFilter {
                    text: "affise".into(),
                    ..RunFilter::default()
                },
                &["hidden", "ok"],
            ),
            (
                RunFilter {
                    outcome: Some(RunOutcome::Unknown),
                    ..RunFilter::default()
                },
                &["hidden"],
            ),
            (
                RunFilter {
                    outcome: Some(RunOutcome::ErrorStatus),
                    ..RunFilter::default()
                },
                &["err"],
            ),
            (
                RunFilter {
                    preset: Some("affise".into()),
                    outcome: Some(RunOutcome::Success),
                    ..RunFilter::default()
                },
                &["ok"],
            ),
        ];
        for (filter, want) in cases {
            assert_eq!(ids(filter.clone()), *want, "{filter:?}");
        }
    }

    #[test]
    fn crafted_times_counts_and_lengths_are_held_to_their_bounds_when_read() {
        let mut crafted = run("x".repeat(10_000).as_str(), "OK");
        crafted.at_ms = u64::MAX;
        crafted.notes = vec!["n".repeat(5_000); 100];
        if let Delivery::Read { headers, .. } = &mut crafted.delivery {
            *headers = (0..1_000)
                .map(|i| (format!("x-h{i}"), "v".repeat(100)))
                .collect();
        }
        if let Delivery::Read { body, .. } = &mut crafted.delivery {
            *body = Some(BodyText {
                hex: Some("00000000  00\n".repeat(20_000)),
                ..BodyText::default()
            });
        }
        let mut many = History::new();
        many.runs = (0..MAX_RUNS + 20)
            .map(|i| Run {
                id: format!("r{i}"),
                at_ms: i as u64,
                ..run("r", "OK")
            })
            .collect();
        many.runs.push(crafted);
        let Loaded::Read { value, .. } = load_history(Some(&many.to_json())) else {
            panic!("not read")
        };
        assert_eq!(value.runs.len(), MAX_RUNS);
        let read = value.runs.last().unwrap();
        assert_eq!(read.at_ms, crate::MAX_TIME_MS);
        assert_eq!(read.when(), "9999-12-31 23:59:59 UTC");
        assert!(read.id.len() <= 100);
        assert!(read.notes.len() <= 20 && read.notes.iter().all(|n| n.len() <= 1_000));
        let Delivery::Read { headers, .. } = &read.delivery else {
            panic!()
        };
        assert!(headers.len() <= MAX_STORED_HEADERS);
        let Delivery::Read {
            body: Some(body), ..
        } = &read.delivery
        else {
            panic!()
        };
        assert_eq!(body.hex.as_ref().map(|h| h.lines().count()), Some(16));
        assert!(
            headers
                .iter()
                .map(|(n, v)| n.len() + v.len())
                .sum::<usize>()
                <= 4 * 1024
        );
    }

    #[test]
    fn edits_from_this_tab_are_made_on_what_another_tab_stored() {
        let mut stored = History::new();
        stored.push(run("theirs", "OK"));
        stored.push(run("gone", "OK"));
        let edits = [
            HistoryEdit::Add(Box::new(run("mine", "OK"))),
            HistoryEdit::Add(Box::new(run("mine", "OK"))),
            HistoryEdit::Remove("gone".into()),
        ];
        for edit in &edits {
            stored.apply(edit);
        }
        let ids: Vec<&str> = stored.runs.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["theirs", "mine"]);
        let imported = stored.apply(&HistoryEdit::Import(vec![run("theirs", "OK")]));
        assert_eq!(imported.map(|i| i.already_here), Some(1));
        stored.apply(&HistoryEdit::Clear);
        assert!(stored.runs.is_empty());
    }

    #[test]
    fn newer_or_broken_data_is_reported_not_read() {
        let cases: [(&str, &str); 5] = [
            (r#"{"v":70,"runs":[{"future":true}]}"#, "newer"),
            (r#"{"runs":[]}"#, "unreadable"),
            (r#"{"v":1,"runs":[{"id":1}]}"#, "unreadable"),
            (r#"{"v":0,"runs":[]}"#, "unreadable"),
            ("[1,2", "unreadable"),
        ];
        for (stored, want) in cases {
            let got = match load_history(Some(stored)) {
                Loaded::Newer { .. } => "newer",
                Loaded::Unreadable { .. } => "unreadable",
                other => panic!("{stored}: {other:?}"),
            };
            assert_eq!(got, want, "{stored}");
        }
    }
}
