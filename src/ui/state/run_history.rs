//! The run history as a context: loaded once from storage, every fire recorded, saved after
//! each change. When storage is missing, full, or holds data this version must not touch, the
//! runs live in memory and one note says so.

use leptos::prelude::*;
use postback_core::{load_history, History, Imported, Loaded, Run, StorageKey};

use crate::storage;

/// Why the history is not (fully) kept on this device, shown once above the list.
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
}

/// Loads the history and provides it to every component below.
pub fn provide_run_history() -> RunHistory {
    let (history, note, writable) = match storage::read(StorageKey::Runs) {
        Err(e) => (History::new(), Some(note_of(&e.to_string(), e.hint())), false),
        Ok(stored) => match load_history(stored.as_deref()) {
            Loaded::Empty => (History::new(), None, true),
            Loaded::Read { history, .. } => (history, None, true),
            Loaded::Newer { version } => (
                History::new(),
                Some(note_of(
                    &format!("runs stored by a newer version (format {version}) are left untouched"),
                    "New runs are kept in this tab only. Reload the page to get the newest version.",
                )),
                false,
            ),
            Loaded::Unreadable { reason } => {
                let kept = stored
                    .as_deref()
                    .map(|raw| storage::write(StorageKey::Backup, raw).is_ok())
                    .unwrap_or(false);
                let hint = if kept {
                    format!("They are kept under {} in this site's storage; new runs start afresh.", StorageKey::Backup.name())
                } else {
                    "They could not be kept; new runs start afresh.".to_owned()
                };
                (History::new(), Some(StorageNote { message: format!("stored runs could not be read ({reason})"), hint }), true)
            }
        },
    };
    let runs = RunHistory {
        history: RwSignal::new(history),
        note: RwSignal::new(note),
        writable: StoredValue::new(writable),
    };
    provide_context(runs);
    runs
}

fn note_of(message: &str, hint: &str) -> StorageNote {
    StorageNote {
        message: message.to_owned(),
        hint: hint.to_owned(),
    }
}

/// The history provided by [`provide_run_history`]; every component that keeps or shows runs
/// takes it from here.
pub fn use_run_history() -> RunHistory {
    expect_context::<RunHistory>()
}

impl RunHistory {
    /// Keeps `run`, the newest.
    pub fn record(self, run: Run) {
        self.history.update(|h| h.push(run));
        self.save();
    }

    /// Deletes one run.
    pub fn remove(self, id: &str) {
        self.history.update(|h| {
            h.remove(id);
        });
        self.save();
    }

    /// Deletes every run.
    pub fn clear(self) {
        self.history.set(History::new());
        self.save();
    }

    /// Adds imported runs, skipping those already here and keeping the newest; what it did.
    pub fn import(self, runs: Vec<Run>) -> Imported {
        let counted = self
            .history
            .try_update(|h| h.import(runs))
            .unwrap_or_default();
        self.save();
        counted
    }

    /// Forgets everything the app stored on this device, and the runs in memory.
    pub fn forget_everything(self) -> Result<(), storage::StorageError> {
        self.history.set(History::new());
        storage::forget_everything()?;
        self.writable.set_value(true);
        self.note.set(None);
        Ok(())
    }

    /// Writes the history; when storage is full, keeps the newer half and tries once more;
    /// when that fails too, keeps the runs in memory and says so once.
    fn save(self) {
        if !self.writable.get_value() {
            return;
        }
        let json = self.history.with_untracked(History::to_json);
        let outcome = match storage::write(StorageKey::Runs, &json) {
            Err(storage::StorageError::Full) => {
                let smaller = self.history.with_untracked(History::newer_half);
                storage::write(StorageKey::Runs, &smaller.to_json())
            }
            other => other,
        };
        if let Err(e) = outcome {
            if self.note.with_untracked(Option::is_none) {
                self.note.set(Some(note_of(&e.to_string(), e.hint())));
            }
        }
    }
}
