//! The test plans as a context, provided by the "Test plans" card (so they are read from
//! storage once that card has arrived, not at start-up): every change written at once (a
//! cell's "sending" mark must be stored before its request leaves), merged with what other
//! tabs stored, plan by plan, the newest change winning. Secrets are never in them: the
//! values they need live in `secrets`, in memory only, until the tab closes.

use std::collections::BTreeMap;

use leptos::prelude::*;
use postback_core::{
    load_plans, with_backup, EnvError, Loaded, Plan, StorageKey, StoredPlan, StoredPlans,
};

use super::run_history::StorageNote;
use crate::{entropy, storage};

/// How many "(n)" names are tried for a plan opened under a name already kept.
const MAX_NAME_TRIES: usize = 100;

/// A plan [`KeptPlans::open`] kept.
pub struct OpenedPlan {
    /// Its ID among the kept plans.
    pub id: String,
    /// The name it is kept under.
    pub name: String,
    /// Whether storage has it: not when storage is full, blocked or a newer version's.
    pub stored: bool,
}

/// The plans, shared by the "Test plans" card and its run.
#[derive(Clone, Copy)]
pub struct KeptPlans {
    /// The plans, secrets left out, with their last runs.
    pub plans: RwSignal<StoredPlans>,
    /// The values of each plan's `${env:NAME}` placeholders typed or brought in this tab,
    /// by plan ID then name: in memory only, and never lent from one plan to another (a plan
    /// file naming another plan's placeholder gets an empty field, not that plan's secret).
    secrets: RwSignal<BTreeMap<String, BTreeMap<String, String>>>,
    /// Set when the plans cannot be kept on this device, or were not read.
    pub note: RwSignal<Option<StorageNote>>,
    /// Whether writing is allowed (not when a newer version's plans are stored).
    writable: StoredValue<bool>,
}

/// Loads the plans, provides them below, and follows other tabs' writes.
pub fn provide_kept_plans() -> KeptPlans {
    let (plans, note, writable) = match storage::read(StorageKey::Plans) {
        Err(e) => (StoredPlans::default(), Some(note(&e.to_string(), e.hint())), false),
        Ok(stored) => match load_plans(stored.as_deref()) {
            Loaded::Empty => (StoredPlans::default(), None, true),
            Loaded::Read { value, .. } => (value, None, true),
            Loaded::Newer { version } => (
                StoredPlans::default(),
                Some(note(
                    &format!("the test plans were stored by a newer version of this app (format {version})"),
                    "They are left untouched: reload the page to get the newest version. Plans made now are kept in this tab only.",
                )),
                false,
            ),
            Loaded::Unreadable { reason } => {
                let kept = stored
                    .as_deref()
                    .map(|raw| {
                        let backup = storage::read(StorageKey::Backup).ok().flatten();
                        let text = with_backup(backup.as_deref(), &[(StorageKey::Plans.name(), raw)]);
                        storage::write(StorageKey::Backup, &text)
                    })
                    .is_some_and(|r| r.is_ok());
                let hint = if kept {
                    format!("They are kept under {} in this site's storage; new plans start afresh.", StorageKey::Backup.name())
                } else {
                    "They could not be kept; new plans start afresh.".to_owned()
                };
                (StoredPlans::default(), Some(StorageNote { message: format!("stored test plans could not be read ({reason})"), hint }), true)
            }
        },
    };
    let kept = KeptPlans {
        plans: RwSignal::new(plans),
        secrets: RwSignal::new(BTreeMap::new()),
        note: RwSignal::new(note),
        writable: StoredValue::new(writable),
    };
    storage::on_other_tab_change(move |key| {
        if key == StorageKey::Plans {
            if let Ok(Loaded::Read { value, .. }) =
                storage::read(StorageKey::Plans).map(|s| load_plans(s.as_deref()))
            {
                kept.plans
                    .update(|ours| *ours = std::mem::take(ours).merge(value));
            }
        }
    });
    provide_context(kept);
    kept
}

/// The plans provided by [`provide_kept_plans`].
pub fn use_kept_plans() -> KeptPlans {
    expect_context::<KeptPlans>()
}

fn note(message: &str, hint: &str) -> StorageNote {
    StorageNote {
        message: message.to_owned(),
        hint: hint.to_owned(),
    }
}

impl KeptPlans {
    /// Keeps `plan` now: in memory, then in storage at once, merged with what other tabs
    /// stored. Whether storage has it.
    pub fn put(self, mut plan: StoredPlan) -> bool {
        plan.changed_ms = entropy::now_ms();
        let id = plan.plan.id.clone();
        self.plans.update(|p| p.put(plan));
        self.write(|stored, ours| {
            if let Some(mine) = ours.plans.iter().find(|p| p.plan.id == id) {
                // Another tab running the same run keeps what it filed.
                let mut mine = mine.clone();
                let theirs = stored.plans.iter().find(|p| p.plan.id == id);
                if let (Some(run), Some(their_run)) =
                    (mine.run.as_mut(), theirs.and_then(|t| t.run.as_ref()))
                {
                    run.adopt(their_run);
                }
                stored.put(mine);
            }
        })
    }

    /// Keeps a plan opened from a file or a link, its secrets in memory; nothing is sent.
    /// The same plan opened again (a reload of its link) is the one already kept; a
    /// different plan whose ID is taken becomes a plan of its own, with a new ID and, when
    /// its name is taken, a name told apart ("Launch (2)").
    pub fn open(self, mut plan: postback_core::Plan) -> OpenedPlan {
        let (same, _) = plan.for_keeping();
        if let Some(kept) = self.get(&plan.id).filter(|k| k.plan == same) {
            self.keep_secrets(&kept.plan.id, plan.for_keeping().1);
            return OpenedPlan {
                id: kept.plan.id,
                name: kept.plan.name,
                stored: self.writable.get_value(),
            };
        }
        if plan.id.is_empty() || self.get(&plan.id).is_some() {
            plan.id = entropy::fresh_id();
        }
        let taken = |name: &str| {
            self.plans
                .with_untracked(|p| p.plans.iter().any(|s| s.plan.name == name))
        };
        if taken(&plan.name) {
            let base = plan.name.clone();
            if let Some(free) = (2..=MAX_NAME_TRIES)
                .map(|n| format!("{base} ({n})"))
                .find(|n| !taken(n))
            {
                plan.name = free;
            }
        }
        let (plan, secrets) = plan.for_keeping();
        self.keep_secrets(&plan.id, secrets);
        let (id, name) = (plan.id.clone(), plan.name.clone());
        let stored = self.put(StoredPlan {
            plan,
            run: None,
            changed_ms: 0,
        });
        OpenedPlan { id, name, stored }
    }

    /// Keeps `secrets` (by placeholder name) for the plan `plan_id`, in memory.
    pub fn keep_secrets(self, plan_id: &str, secrets: BTreeMap<String, String>) {
        if secrets.is_empty() {
            return;
        }
        self.secrets
            .update(|s| s.entry(plan_id.to_owned()).or_default().extend(secrets));
    }

    /// Sets the value of the placeholder `name` of the plan `plan_id`.
    pub fn set_secret(self, plan_id: &str, name: &str, value: String) {
        self.secrets.update(|s| {
            s.entry(plan_id.to_owned())
                .or_default()
                .insert(name.to_owned(), value);
        });
    }

    /// The value typed for the placeholder `name` of the plan `plan_id`, when there is one.
    pub fn secret(self, plan_id: &str, name: &str) -> Option<String> {
        self.secrets.with_untracked(|s| {
            s.get(plan_id)
                .and_then(|m| m.get(name))
                .filter(|v| !v.is_empty())
                .cloned()
        })
    }

    /// Which of `names` have no value yet for the plan `plan_id`; follows typing.
    pub fn missing(self, plan_id: &str, names: &[String]) -> Vec<String> {
        self.secrets.with(|s| {
            let mine = s.get(plan_id);
            names
                .iter()
                .filter(|n| mine.and_then(|m| m.get(*n)).is_none_or(|v| v.is_empty()))
                .cloned()
                .collect()
        })
    }

    /// `plan` with the placeholders this tab has values for filled, the others as written.
    pub fn fill_known(self, plan: &Plan) -> Plan {
        postback_core::fill_known_env(plan, &|n| self.secret(&plan.id, n))
    }

    /// `plan` with every placeholder filled.
    ///
    /// # Errors
    ///
    /// [`EnvError`] naming what has no value yet, or a broken placeholder.
    pub fn fill(self, plan: &Plan) -> Result<Plan, EnvError> {
        postback_core::fill_env(plan, &|n| self.secret(&plan.id, n))
    }

    /// Forgets the plan with this ID, here and in storage.
    pub fn remove(self, id: &str) {
        self.plans.update(|p| p.remove(id));
        let id = id.to_owned();
        self.write(move |stored, _| stored.remove(&id));
    }

    /// The plan with this ID.
    pub fn get(self, id: &str) -> Option<StoredPlan> {
        self.plans
            .with_untracked(|p| p.plans.iter().find(|s| s.plan.id == id).cloned())
    }

    /// The plan with this ID as storage holds it now, other tabs' changes included (their
    /// storage events may not have arrived yet).
    pub fn stored(self, id: &str) -> Option<StoredPlan> {
        match storage::read(StorageKey::Plans).map(|s| load_plans(s.as_deref())) {
            Ok(Loaded::Read { value, .. }) => value.plans.into_iter().find(|p| p.plan.id == id),
            _ => None,
        }
    }

    /// Reads what is stored, makes `change` to it with this tab's plans at hand, writes it.
    fn write(self, change: impl FnOnce(&mut StoredPlans, &StoredPlans)) -> bool {
        if !self.writable.get_value() {
            return false;
        }
        let mut stored = match storage::read(StorageKey::Plans).map(|s| load_plans(s.as_deref())) {
            Ok(Loaded::Read { value, .. }) => value,
            Ok(Loaded::Empty | Loaded::Unreadable { .. }) => StoredPlans::default(),
            Ok(Loaded::Newer { .. }) => {
                self.writable.set_value(false);
                return false;
            }
            Err(e) => {
                self.say_once(note(&e.to_string(), e.hint()));
                return false;
            }
        };
        self.plans.with_untracked(|ours| change(&mut stored, ours));
        match storage::write(StorageKey::Plans, &stored.to_json()) {
            Ok(()) => true,
            Err(e) => {
                self.say_once(note(
                    &format!("the test plans could not be stored: {e}"),
                    "They are kept in this tab until it closes: save the plan and its evidence as files to keep them.",
                ));
                false
            }
        }
    }

    fn say_once(self, note: StorageNote) {
        if self.note.with_untracked(Option::is_none) {
            self.note.set(Some(note));
        }
    }
}
