//! The run history as a context: read from storage once, by the first card that keeps or shows
//! runs (every such card arrives after start-up, so the first download carries no reader of
//! stored runs, and a long history does not slow the start), every change saved as it is made.
//! A save reads what is stored, makes this tab's change to it and writes it back, under a Web
//! Lock, so two tabs firing at once keep each other's runs; a write by another tab refreshes
//! this one. When storage is missing, full, or holds data this version must not touch, the
//! runs live in memory and a note says so.

use leptos::prelude::*;
use postback_core::{
    load_history, with_backup, History, HistoryEdit, Imported, Loaded, Run, StorageKey,
};

use crate::storage;

/// Why the history is not (fully) kept on this device, shown above the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorageNote {
    /// What happened.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

/// The run history, shared by the fire hook, the history card and a partner's result.
#[derive(Clone, Copy)]
pub struct RunHistory {
    /// The runs.
    pub history: RwSignal<History>,
    /// Set when the history cannot be saved, or was not read.
    pub note: RwSignal<Option<StorageNote>>,
    /// Whether saving is allowed (not when a newer version's data is stored).
    writable: StoredValue<bool>,
    /// Runs this tab still lists that storage no longer holds: the older ones taken out when
    /// storage was full. They stay listed until the tab closes, deleted, or forgotten.
    only_here: StoredValue<Vec<Run>>,
    /// Whether the stored runs have been read.
    read: StoredValue<bool>,
    /// How many runs this page has recorded since it opened.
    recorded: RwSignal<usize>,
}

/// Provides the history to every component below; [`use_run_history`] reads it from storage
/// the first time.
pub fn provide_run_history() -> RunHistory {
    let runs = RunHistory {
        history: RwSignal::new(History::new()),
        note: RwSignal::new(None),
        writable: StoredValue::new(false),
        only_here: StoredValue::new(Vec::new()),
        read: StoredValue::new(false),
        recorded: RwSignal::new(0),
    };
    provide_context(runs);
    runs
}

/// The history provided by [`provide_run_history`], read from storage on the first call, and
/// from then on following other tabs' writes; every component that keeps or shows runs takes
/// it from here.
pub fn use_run_history() -> RunHistory {
    let runs = expect_context::<RunHistory>();
    if !runs.read.get_value() {
        runs.read.set_value(true);
        runs.read_stored();
    }
    runs
}

/// The stored runs, why they are not (all) kept when so, and whether they may be written.
fn read_runs() -> (History, Option<StorageNote>, bool) {
    match storage::read(StorageKey::Runs) {
        Err(e) => (
            History::new(),
            Some(note_of(&e.to_string(), e.hint())),
            false,
        ),
        Ok(stored) => match load_history(stored.as_deref()) {
            Loaded::Empty => (History::new(), None, true),
            Loaded::Read { value, .. } => (value, None, true),
            Loaded::Newer { version } => (History::new(), Some(newer_note(version)), false),
            Loaded::Unreadable { reason } => {
                let hint = match stored.as_deref().map(back_up) {
                    Some(Ok(())) => format!(
                        "They are kept under {} in this site's storage; new runs start afresh.",
                        StorageKey::Backup.name()
                    ),
                    _ => "They could not be kept; new runs start afresh.".to_owned(),
                };
                let message = format!("stored runs could not be read ({reason})");
                (History::new(), Some(StorageNote { message, hint }), true)
            }
        },
    }
}

/// Keeps `raw` (the text of the runs key) in the backup before anything replaces it.
fn back_up(raw: &str) -> Result<(), storage::StorageError> {
    let backup = storage::read(StorageKey::Backup)?;
    let kept = with_backup(backup.as_deref(), &[(StorageKey::Runs.name(), raw)]);
    storage::write(StorageKey::Backup, &kept)
}

fn newer_note(version: u32) -> StorageNote {
    note_of(
        &format!("runs stored by a newer version (format {version}) are left untouched"),
        "New runs are kept in this tab only. Reload the page to get the newest version.",
    )
}

fn note_of(message: &str, hint: &str) -> StorageNote {
    StorageNote {
        message: message.to_owned(),
        hint: hint.to_owned(),
    }
}

impl RunHistory {
    /// How many runs this page has recorded since it opened (tracked).
    pub fn recorded(self) -> usize {
        self.recorded.get()
    }

    /// Keeps `run`, the newest.
    pub fn record(self, run: Run) {
        self.recorded.update(|n| *n += 1);
        self.change(HistoryEdit::Add(Box::new(run)));
    }

    /// Deletes one run.
    pub fn remove(self, id: &str) {
        self.change(HistoryEdit::Remove(id.to_owned()));
    }

    /// Deletes every run.
    pub fn clear(self) {
        self.change(HistoryEdit::Clear);
    }

    /// Adds imported runs, skipping those already here and keeping the newest; what it did.
    pub fn import(self, runs: Vec<Run>) -> Imported {
        self.change(HistoryEdit::Import(runs)).unwrap_or_default()
    }

    /// Forgets everything the app stored on this device, and the runs in memory.
    pub fn forget_everything(self) -> Result<(), storage::StorageError> {
        self.history.set(History::new());
        self.only_here.set_value(Vec::new());
        storage::forget_everything()?;
        self.writable.set_value(true);
        self.note.set(None);
        Ok(())
    }

    /// Makes `edit` in memory at once, then in storage: under the lock, on what is stored now
    /// (other tabs' runs included), and shows the result.
    fn change(self, edit: HistoryEdit) -> Option<Imported> {
        let done = self.history.try_update(|h| h.apply(&edit)).flatten();
        if self.writable.get_value() {
            storage::with_lock(StorageKey::Runs, move || self.save(&edit));
        }
        done
    }

    /// Reads the stored runs, makes `edit` to them and writes them back; when storage is full,
    /// keeps the newer half, tries once more and says so; when that fails too, or a newer
    /// version has written meanwhile, keeps the runs in memory and says so.
    fn save(self, edit: &HistoryEdit) {
        let mut stored = match storage::read(StorageKey::Runs).map(|s| load_history(s.as_deref())) {
            Ok(Loaded::Read { value, .. }) => value,
            // Nothing stored: the first run, or another tab deleted everything. What this
            // tab listed is not written back.
            Ok(Loaded::Empty) => History::new(),
            // Kept in the backup when it was found; the runs in memory stand in for it.
            Ok(Loaded::Unreadable { .. }) => self.history.get_untracked(),
            Ok(Loaded::Newer { version }) => {
                self.writable.set_value(false);
                self.note.set(Some(newer_note(version)));
                return;
            }
            Err(e) => {
                self.say_once(note_of(&e.to_string(), e.hint()));
                return;
            }
        };
        // Every edit can be made twice (it is already made in memory).
        stored.apply(edit);
        let mut only_here = self.only_here.get_value();
        match edit {
            HistoryEdit::Remove(id) => only_here.retain(|r| &r.id != id),
            HistoryEdit::Clear => only_here.clear(),
            HistoryEdit::Add(_) | HistoryEdit::Import(_) => {}
        }
        let outcome = match storage::write(StorageKey::Runs, &stored.to_json()) {
            Err(storage::StorageError::Full) if stored.runs.len() >= 2 => {
                let smaller = stored.newer_half();
                let dropped = stored.runs.len() - smaller.runs.len();
                storage::write(StorageKey::Runs, &smaller.to_json()).map(|()| {
                    only_here.extend(stored.runs.drain(..dropped));
                    self.note.set(Some(note_of(
                        &format!(
                            "this browser's storage is full: the {dropped} oldest runs were taken \
                             out of it to keep the newest"
                        ),
                        "They are still listed in this tab until it closes: export them now \
                         (JSON) to keep them.",
                    )));
                    smaller
                })
            }
            Ok(()) => Ok(stored),
            Err(e) => Err(e),
        };
        match outcome {
            Ok(written) => self.show(written, only_here),
            Err(e) => self.say_once(note_of(&e.to_string(), e.hint())),
        }
    }

    /// Lists what storage holds, and the runs only this tab still holds.
    fn show(self, mut stored: History, only_here: Vec<Run>) {
        if !only_here.is_empty() {
            stored.import(only_here.clone());
        }
        self.only_here.set_value(only_here);
        self.history.set(stored);
    }

    /// Reads the runs again after another tab wrote them; when that tab deleted them all,
    /// this one lists none either.
    fn refresh(self) {
        match storage::read(StorageKey::Runs).map(|s| load_history(s.as_deref())) {
            Ok(Loaded::Read { value, .. }) => self.show(value, self.only_here.get_value()),
            Ok(Loaded::Empty) => self.show(History::new(), Vec::new()),
            _ => {}
        }
    }

    /// Reads the stored runs into the history, and follows other tabs' writes.
    fn read_stored(self) {
        let (history, note, writable) = read_runs();
        self.history.set(history);
        self.writable.set_value(writable);
        if let Some(note) = note {
            self.say_once(note);
        }
        storage::on_other_tab_change(move |key| {
            if key == StorageKey::Runs {
                self.refresh();
            }
        });
    }

    /// Shows `note` unless one is shown already.
    fn say_once(self, note: StorageNote) {
        if self.note.with_untracked(Option::is_none) {
            self.note.set(Some(note));
        }
    }
}
