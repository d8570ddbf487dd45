//! The builder's state between visits: the draft is saved on every change (secrets left out),
//! and the secrets only while "Remember secrets on this device" is ticked.

use leptos::prelude::*;
use postback_core::{
    read_saved, Draft, SavedDraft, SavedSecrets, Secrets, Signing, SigningForm, StorageKey,
};

use super::run_history::StorageNote;
use crate::storage;

/// Fills the builder with what the last visit left: the draft, and the secrets and signing
/// when they were remembered (which ticks "Remember secrets" again).
pub fn restore_saved(
    draft: RwSignal<Draft>,
    signing_form: RwSignal<SigningForm>,
    remember: RwSignal<bool>,
) {
    let stored = |key| storage::read(key).ok().flatten();
    let Some(saved) = read_saved::<SavedDraft>(stored(StorageKey::Draft).as_deref()) else {
        return;
    };
    let mut restored = saved.draft;
    if let Some(secrets) = read_saved::<SavedSecrets>(stored(StorageKey::Secrets).as_deref()) {
        for (name, value) in secrets.values.iter() {
            restored.values.set(name, value);
        }
        signing_form.set(SigningForm::from_signing(&secrets.signing.to_signing()));
        remember.set(true);
    }
    draft.set(restored);
}

/// Saves the builder's state whenever it changes; a failure is said once, in the history's
/// storage `note`. With `from_link`, the state a link filled in is not saved until it is
/// edited, so opening a link does not replace the work saved from the last visit.
pub fn keep_saved(
    draft: Signal<Draft>,
    signing: Signal<Signing>,
    remember: Signal<bool>,
    note: RwSignal<Option<StorageNote>>,
    from_link: bool,
) {
    Effect::new(move |ran: Option<()>| {
        let remember = remember.get();
        let draft = draft.get();
        let signing = signing.get();
        if ran.is_none() && from_link {
            return;
        }
        let secrets = Secrets::of(&draft, &signing);
        let saved = storage::write(
            StorageKey::Draft,
            &SavedDraft::new(&draft, &secrets).to_json(),
        );
        let outcome = saved.and(if remember {
            let kept = SavedSecrets::new(&draft, &secrets, &signing);
            storage::write(StorageKey::Secrets, &kept.to_json())
        } else {
            storage::remove(StorageKey::Secrets)
        });
        if let Err(e) = outcome {
            if note.with_untracked(Option::is_none) {
                note.set(Some(StorageNote {
                    message: e.to_string(),
                    hint: e.hint().to_owned(),
                }));
            }
        }
    });
}
