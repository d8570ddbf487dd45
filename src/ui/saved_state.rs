//! The builder's state between visits: the draft is saved on every change (secrets left out),
//! and the secrets only while "Remember secrets on this device" is ticked.

use leptos::prelude::*;
use postback_core::{
    share::SharedSigning,
    store::{read_current, split_secrets, Key, SavedDraft, SavedSecrets, STORE_VERSION},
};

use super::{builder::Builder, run_history::RunHistory, run_history::StorageNote};
use crate::storage;

/// Fills `builder` with what the last visit left.
pub fn restore(builder: Builder) {
    let Some(saved) =
        read_current::<SavedDraft>(storage::read(Key::Draft).ok().flatten().as_deref())
    else {
        return;
    };
    let mut draft = saved.draft;
    if let Some(secrets) =
        read_current::<SavedSecrets>(storage::read(Key::Secrets).ok().flatten().as_deref())
    {
        for (name, value) in secrets.values.iter() {
            draft.values.set(name, value);
        }
        builder.signing.set(secrets.signing.to_signing());
        builder.remember.set(true);
    }
    builder.draft.set(draft);
}

/// Saves the builder's state whenever it changes; a failure is said once, in the history's
/// storage note. With `from_link`, the state a link filled in is not saved until it is edited,
/// so opening a link does not replace the work saved from the last visit.
pub fn keep_saved(builder: Builder, runs: RunHistory, from_link: bool) {
    Effect::new(move |ran: Option<()>| {
        let remember = builder.remember.get();
        let draft = builder.draft.get();
        let signing = builder.signing.get();
        if ran.is_none() && from_link {
            return;
        }
        let saved = storage::write(Key::Draft, &SavedDraft::new(&draft).to_json());
        let outcome = saved.and(if remember {
            let secrets = SavedSecrets {
                v: STORE_VERSION,
                values: split_secrets(&draft).1,
                signing: SharedSigning::new(&signing, true),
            };
            storage::write(Key::Secrets, &secrets.to_json())
        } else {
            storage::remove(Key::Secrets)
        });
        if let Err(e) = outcome {
            if runs.note.with_untracked(Option::is_none) {
                runs.note.set(Some(StorageNote {
                    message: e.to_string(),
                    hint: e.hint().to_owned(),
                }));
            }
        }
    });
}
