//! Plans as files (`"format": "postback-plan"`) and as the page keeps them
//! (`"format": "postback-plans"`), both versioned by the rule in `version.rs`, with one
//! upgrade step per version after the first. Reading never guesses: a file that is not a
//! plan, or from a newer version, is refused by name; a file too large is refused unread.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{
    version::{self, Step, Unreadable},
    Loaded, Plan, PlanRun, Span, MAX_PARTNERS,
};

/// What marks a plan file as ours.
pub const PLAN_FORMAT: &str = "postback-plan";

/// The `format` of a plan's results as JSON, which holds the plan it ran.
pub const PLAN_EVIDENCE_FORMAT: &str = "postback-plan-evidence";
/// What marks the page's kept plans.
const STORED_FORMAT: &str = "postback-plans";

/// The upgrade steps of plans, one per version after the first.
pub(crate) const PLAN_STEPS: &[Step] = &[];

/// The plan format version this build writes.
pub const PLAN_VERSION: u32 = version::current(PLAN_STEPS);

/// The largest plan file read: a plan of ten thousand cells fits many times over.
pub const MAX_PLAN_BYTES: usize = 8 * 1024 * 1024;

/// The longest name of a plan or of a partner read from a file or a link, in bytes: a name
/// is a heading, and a crafted one of megabytes would fill the page and the device's storage.
pub const MAX_PLAN_NAME_BYTES: usize = 200;

/// The most plans the page keeps.
const MAX_KEPT_PLANS: usize = 50;

/// Why a plan file cannot be opened. Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The text is not JSON.
    #[error("not a plan file: it is not JSON (line {line}, column {column})")]
    NotJson {
        /// The line the parser stopped at, from 1.
        line: usize,
        /// The column, from 1.
        column: usize,
        /// What the parser said, for the technical detail.
        reason: String,
        /// Where, in bytes.
        span: Span,
    },
    /// The file holds nothing.
    #[error("the file is empty")]
    Empty,
    /// The JSON is not a Postback Tester plan.
    #[error("not a Postback Tester plan")]
    NotOurs,
    /// A newer version of the app wrote it.
    #[error("made by a newer version (plan format {version})")]
    Newer {
        /// The file's version.
        version: u32,
    },
    /// It is a plan, but it does not fit the format.
    #[error("the plan cannot be read: {0}")]
    Broken(String),
    /// It is larger than any plan.
    #[error("too large for a plan ({bytes} bytes)")]
    TooLarge {
        /// Its size.
        bytes: usize,
    },
    /// Two partners share an ID, or an event or check is listed twice: its cells could not
    /// be told apart.
    #[error("{0} is listed twice")]
    Repeated(String),
    /// It has more partners than a plan holds.
    #[error("{partners} partners, more than the {MAX_PARTNERS} a plan holds")]
    TooManyPartners {
        /// How many it has.
        partners: usize,
    },
}

impl PlanError {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Empty | Self::NotJson { .. } | Self::NotOurs => {
                "Open a file saved with Save plan in Postback Tester (a .json file)."
            }
            Self::Newer { .. } => {
                "Reload the page to get the newest Postback Tester, then open the file again."
            }
            Self::Broken(_) => {
                "Save the plan again from the page that made it, or fix the field named."
            }
            Self::Repeated(_) => {
                "Give each partner its own id, and list each event and check once."
            }
            Self::TooLarge { .. } | Self::TooManyPartners { .. } => {
                "Split the partners over several plans."
            }
        }
    }
}

/// `value` (an object) with `format` and `v` first, as every file of ours starts.
fn tagged(format: &str, value: Value) -> Value {
    let mut object = serde_json::Map::new();
    object.insert("format".to_owned(), Value::from(format));
    object.insert("v".to_owned(), Value::from(PLAN_VERSION));
    if let Value::Object(fields) = value {
        object.extend(fields);
    }
    Value::Object(object)
}

/// `plan` as a file: pretty JSON with its format and version. Keep secrets out first with
/// [`Plan::for_keeping`].
///
/// ```
/// use postback_core::{plan_json, read_plan, Draft, Plan, Signing};
///
/// let plan = Plan::from_builder("x", "Launch", &Draft::default(), &Signing::Off);
/// let text = plan_json(&plan);
/// assert!(text.contains(r#""format": "postback-plan""#));
/// assert_eq!(read_plan(&text)?, plan);
/// # Ok::<(), postback_core::PlanError>(())
/// ```
#[expect(
    clippy::expect_used,
    reason = "plain structs with string keys always serialise"
)]
pub fn plan_json(plan: &Plan) -> String {
    let value = serde_json::to_value(plan).unwrap_or(Value::Null);
    serde_json::to_string_pretty(&tagged(PLAN_FORMAT, value))
        .expect("plain structs with string keys always serialise")
}

/// The byte offset of 1-based `line` and `column` in `text`.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// The plan `text` holds, brought to the current version.
///
/// # Errors
///
/// [`PlanError`] naming what is wrong: not JSON (with where), not a plan, a newer version,
/// a field that does not fit, too large.
///
/// ```
/// use postback_core::{read_plan, PlanError};
///
/// assert_eq!(read_plan(r#"{"format":"postback-plan","v":9}"#), Err(PlanError::Newer { version: 9 }));
/// assert_eq!(read_plan(r#"{"v":1,"runs":[]}"#), Err(PlanError::NotOurs));
/// assert!(matches!(read_plan("{\n  oops"), Err(PlanError::NotJson { .. })));
/// ```
pub fn read_plan(text: &str) -> Result<Plan, PlanError> {
    if text.len() > MAX_PLAN_BYTES {
        return Err(PlanError::TooLarge { bytes: text.len() });
    }
    if text.trim().is_empty() {
        return Err(PlanError::Empty);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let at = offset(text, e.line(), e.column());
        PlanError::NotJson {
            line: e.line(),
            column: e.column(),
            reason: e.to_string(),
            span: Span::new(at, (at + 1).min(text.len())),
        }
    })?;
    plan_from_value(value)
}

/// The plan `value` holds, from a file or a link, brought to the current version, each
/// partner's postback capped as any draft read back is.
pub(crate) fn plan_from_value(value: Value) -> Result<Plan, PlanError> {
    // A results file of ours holds the plan it ran: that plan opens.
    let value = match value.get("format").and_then(Value::as_str) {
        Some(PLAN_EVIDENCE_FORMAT) => match (value.get("plan"), value.get("v")) {
            (Some(Value::Object(plan)), Some(v)) => {
                let mut plan = plan.clone();
                plan.insert("format".to_owned(), Value::from(PLAN_FORMAT));
                plan.insert("v".to_owned(), v.clone());
                Value::Object(plan)
            }
            _ => Value::Null,
        },
        _ => value,
    };
    if value.get("format").and_then(Value::as_str) != Some(PLAN_FORMAT) {
        return Err(PlanError::NotOurs);
    }
    let value = version::upgrade(value, PLAN_STEPS).map_err(|e| match e {
        Unreadable::Newer(version) => PlanError::Newer { version },
        Unreadable::Broken(reason) => PlanError::Broken(reason),
    })?;
    let mut plan: Plan =
        serde_json::from_value(value).map_err(|e| PlanError::Broken(e.to_string()))?;
    crate::span::cut_at_char(&mut plan.name, MAX_PLAN_NAME_BYTES);
    for partner in &mut plan.partners {
        partner.draft = std::mem::take(&mut partner.draft).capped();
        crate::span::cut_at_char(&mut partner.name, MAX_PLAN_NAME_BYTES);
    }
    // A signing this build does not know would send unsigned, silently: the plan is refused.
    if let Some((p, kind)) = plan.partners.iter().find_map(|p| {
        p.signing
            .kind
            .as_deref()
            .filter(|k| crate::SigningKind::from_id(k).is_none())
            .map(|k| (p, k))
    }) {
        return Err(PlanError::Broken(format!(
            "{} is signed with {kind:?}, which this version does not know",
            p.name
        )));
    }
    let mut ids = std::collections::BTreeSet::new();
    if let Some(p) = plan.partners.iter().find(|p| !ids.insert(p.id.as_str())) {
        return Err(PlanError::Repeated(format!("the partner id {:?}", p.id)));
    }
    let mut events = std::collections::BTreeSet::new();
    if let Some(e) = plan.events.iter().find(|e| !events.insert(**e)) {
        return Err(PlanError::Repeated(format!("the event {}", e.label())));
    }
    let mut negatives = std::collections::BTreeSet::new();
    if let Some(n) = plan.negatives.iter().find(|n| !negatives.insert(**n)) {
        return Err(PlanError::Repeated(format!("the check {}", n.label())));
    }
    if plan.partners.len() > MAX_PARTNERS {
        return Err(PlanError::TooManyPartners {
            partners: plan.partners.len(),
        });
    }
    Ok(plan)
}

/// A plan as the page keeps it, with its last run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredPlan {
    /// The plan, secrets left out.
    pub plan: Plan,
    /// Its last run, if it was run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<PlanRun>,
    /// When it was last changed, in Unix milliseconds: the newest wins when two tabs differ.
    #[serde(default)]
    pub changed_ms: u64,
}

/// The plans the page keeps.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredPlans {
    /// The plans, most recently changed last.
    pub plans: Vec<StoredPlan>,
}

impl StoredPlans {
    /// Keeps `plan` (replacing the one with its ID), the most recently changed last, within
    /// the most the page keeps.
    pub fn put(&mut self, plan: StoredPlan) {
        self.plans.retain(|p| p.plan.id != plan.plan.id);
        self.plans.push(plan);
        let over = self.plans.len().saturating_sub(MAX_KEPT_PLANS);
        self.plans.drain(..over);
    }

    /// Forgets the plan with this ID.
    pub fn remove(&mut self, id: &str) {
        self.plans.retain(|p| p.plan.id != id);
    }

    /// `other`'s plans merged into these: per plan, the one changed last wins.
    pub fn merge(mut self, other: StoredPlans) -> StoredPlans {
        for theirs in other.plans {
            let newer = self
                .plans
                .iter()
                .find(|p| p.plan.id == theirs.plan.id)
                .is_none_or(|ours| theirs.changed_ms > ours.changed_ms);
            if newer {
                self.put(theirs);
            }
        }
        self
    }

    /// The text to store.
    #[expect(
        clippy::expect_used,
        reason = "plain structs with string keys always serialise"
    )]
    pub fn to_json(&self) -> String {
        let value = serde_json::to_value(self).unwrap_or(Value::Null);
        serde_json::to_string(&tagged(STORED_FORMAT, value))
            .expect("plain structs with string keys always serialise")
    }
}

/// Reads the page's kept plans.
///
/// ```
/// use postback_core::{load_plans, Loaded, StoredPlans, PLAN_VERSION};
///
/// assert_eq!(load_plans(None), Loaded::Empty);
/// assert_eq!(load_plans(Some(&StoredPlans::default().to_json())), Loaded::Read { value: StoredPlans::default(), from: PLAN_VERSION });
/// assert!(matches!(load_plans(Some(r#"{"format":"postback-plans","v":5}"#)), Loaded::Newer { version: 5 }));
/// assert!(matches!(load_plans(Some("[1]")), Loaded::Unreadable { .. }));
/// ```
pub fn load_plans(stored: Option<&str>) -> Loaded<StoredPlans> {
    match crate::store::load_versioned::<StoredPlans>(stored, PLAN_STEPS, Some(STORED_FORMAT)) {
        Loaded::Read { mut value, from } => {
            for stored in &mut value.plans {
                for partner in &mut stored.plan.partners {
                    partner.draft = std::mem::take(&mut partner.draft).capped();
                }
            }
            Loaded::Read { value, from }
        }
        other => other,
    }
}
