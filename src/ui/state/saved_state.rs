//! The builder's state between visits: the draft is saved on every change (secrets left out),
//! for this tab (so a reload brings back this tab's work, not another tab's) and for the next
//! new tab; the secrets only while "Remember secrets on this device" is ticked. What a newer
//! version stored is never written over, and what cannot be read is kept in the backup
//! before anything replaces it.

use leptos::prelude::*;
use postback_core::{
    load_saved, with_backup, Draft, LeftOut, Loaded, SavedDraft, SavedSecrets, Secrets, Signing,
    SigningForm, StorageKey,
};

use super::run_history::StorageNote;
use crate::storage;

/// Which of the saved keys this visit may write, as the last visit left them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Writable {
    /// The shared draft key (not when a newer version wrote it).
    pub draft: bool,
    /// The secrets key (not when a newer version wrote it).
    pub secrets: bool,
    /// This tab's draft (not when a newer version wrote it).
    pub tab: bool,
}

/// Fills the builder with what the last visit left: this tab's draft, or else the last one
/// saved, and the secrets and signing when they were remembered (which ticks "Remember
/// secrets" again); with `fill` off (a link filled the page) only looks. Says in `note` what
/// could not be read or is left untouched, and gives back which keys may be written.
pub fn restore_saved(
    draft: RwSignal<Draft>,
    signing_form: RwSignal<SigningForm>,
    remember: RwSignal<bool>,
    left_out: RwSignal<LeftOut>,
    note: RwSignal<Option<StorageNote>>,
    fill: bool,
) -> Writable {
    let mut writable = Writable {
        draft: true,
        secrets: true,
        tab: true,
    };
    let shared = read_key(
        Place::Shared(StorageKey::Draft),
        load_saved::<SavedDraft>,
        note,
        &mut writable.draft,
    );
    let tab = read_key(
        Place::Tab(StorageKey::Draft),
        load_saved::<SavedDraft>,
        note,
        &mut writable.tab,
    );
    let secrets = read_key(
        Place::Shared(StorageKey::Secrets),
        load_saved::<SavedSecrets>,
        note,
        &mut writable.secrets,
    );
    let Some(saved) = tab.or(shared).filter(|_| fill) else {
        return writable;
    };
    let mut restored = saved.draft;
    match secrets {
        Some(secrets) => {
            for (name, value) in secrets.values.iter() {
                restored.values.set(name, value);
            }
            signing_form.set(SigningForm::from_signing(&secrets.signing.to_signing()));
            remember.set(true);
        }
        // Not remembered: the page asks for what the saved draft left out.
        None => left_out.set(saved.left_out),
    }
    draft.set(restored);
    writable
}

/// Where a key is kept: for every tab (localStorage), or for this tab (sessionStorage).
#[derive(Clone, Copy)]
enum Place {
    Shared(StorageKey),
    Tab(StorageKey),
}

/// The value stored at `place`; a newer one is left alone (`writable` cleared) and a
/// damaged one is kept in the backup first, each said in `note`.
fn read_key<T>(
    place: Place,
    load: fn(Option<&str>) -> Loaded<T>,
    note: RwSignal<Option<StorageNote>>,
    writable: &mut bool,
) -> Option<T> {
    let (key, stored, backup_name) = match place {
        Place::Shared(key) => (key, storage::read(key), key.name().to_owned()),
        Place::Tab(key) => (
            key,
            storage::read_tab(key),
            format!("{} (this tab)", key.name()),
        ),
    };
    let stored = stored.ok().flatten();
    match load(stored.as_deref()) {
        Loaded::Read { value, .. } => Some(value),
        Loaded::Empty => None,
        Loaded::Newer { version } => {
            *writable = false;
            say(
                note,
                format!("{} was saved by a newer version (format {version}) and is left untouched", what(key)),
                "This tab keeps its own work until it closes. Reload the page to get the newest version.",
            );
            None
        }
        Loaded::Unreadable { reason } => {
            let raw = stored.unwrap_or_default();
            let kept = storage::read(StorageKey::Backup).and_then(|b| {
                storage::write(
                    StorageKey::Backup,
                    &with_backup(b.as_deref(), &[(&backup_name, &raw)]),
                )
            });
            let hint = match kept {
                Ok(()) => format!(
                    "It is kept under {} in this site's storage.",
                    StorageKey::Backup.name()
                ),
                Err(_) => "It could not be kept.".to_owned(),
            };
            say(
                note,
                format!("{} could not be read ({reason})", what(key)),
                &hint,
            );
            None
        }
    }
}

fn what(key: StorageKey) -> &'static str {
    match key {
        StorageKey::Secrets => "the remembered secrets",
        _ => "the saved draft",
    }
}

fn say(note: RwSignal<Option<StorageNote>>, message: String, hint: &str) {
    if note.with_untracked(Option::is_none) {
        note.set(Some(StorageNote {
            message,
            hint: hint.to_owned(),
        }));
    }
}

/// Saves the builder's state whenever it changes; a failure is said once, in the history's
/// storage `note`. With `from_link`, the state a link filled in is not saved until it is
/// edited, so opening a link does not replace the work saved from the last visit; what
/// `left_out` says is missing stays recorded as left out until it is typed again. Keys that
/// `writable` leaves out are never written.
pub fn keep_saved(
    draft: Signal<Draft>,
    signing: Signal<Signing>,
    remember: Signal<bool>,
    left_out: Signal<LeftOut>,
    note: RwSignal<Option<StorageNote>>,
    from_link: bool,
    writable: Writable,
) {
    Effect::new(move |ran: Option<()>| {
        let remember = remember.get();
        let draft = draft.get();
        let signing = signing.get();
        if ran.is_none() && from_link {
            return;
        }
        let secrets = Secrets::of(&draft, &signing);
        // What the last visit left out and is still not typed again is asked for next time too.
        let pending = left_out.with_untracked(|l| l.still_missing(&draft));
        let saved = SavedDraft::new(&draft, &secrets, &pending).to_json();
        let mut outcome = Ok(());
        if writable.tab {
            outcome = storage::write_tab(StorageKey::Draft, &saved);
        }
        if writable.draft {
            outcome = outcome.and(storage::write(StorageKey::Draft, &saved));
        }
        if writable.secrets {
            outcome = outcome.and(if remember {
                let kept = SavedSecrets::new(&draft, &secrets, &signing);
                storage::write(StorageKey::Secrets, &kept.to_json())
            } else {
                storage::remove(StorageKey::Secrets)
            });
        }
        if let Err(e) = outcome {
            say(note, e.to_string(), e.hint());
        }
    });
}
