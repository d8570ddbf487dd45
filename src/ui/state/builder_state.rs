//! The builder's signals: the core's serialisable [`Draft`], what it builds, the signing form
//! (its secret in memory only), and the request Fire would send now. The cards take the
//! signals they use from here, never the whole set.

use leptos::prelude::*;
use postback_core::{
    prepare, Build, Change, Draft, FetchMode, FireError, FreshId, LeftOut, Moment, Prepared,
    Scenario, Signing, SigningForm,
};

use crate::entropy;

/// The postback being built.
#[derive(Clone, Copy)]
pub struct BuilderState {
    /// Everything the user set up.
    pub draft: RwSignal<Draft>,
    /// What it builds: URL, body, headers, inputs and findings.
    pub build: Memo<Build>,
    /// "Signature or token" as typed. The secret lives here, in memory only, never in the draft.
    pub signing_form: RwSignal<SigningForm>,
    /// How fires are signed: the form's chosen kind.
    pub signing: Memo<Signing>,
    /// The request Fire would send now, signed as of the last change (every press signs again).
    pub preview: Memo<Result<Prepared, FireError>>,
    /// The scenario chosen under "Scenarios".
    pub scenario: RwSignal<Scenario>,
    /// Whether secrets are kept on this device ("Remember secrets on this device").
    pub remember: RwSignal<bool>,
    /// The secrets a saved draft or a link left out, to ask for them again.
    pub left_out: RwSignal<LeftOut>,
    /// Whether the user pressed Fire or copied the URL: until then, values not typed yet are
    /// a checklist, not errors.
    pub attempted: RwSignal<bool>,
}

impl BuilderState {
    /// An empty builder.
    pub fn new() -> Self {
        let draft = RwSignal::new(Draft::default());
        let build = Memo::new(move |_| draft.with(Draft::build));
        let signing_form = RwSignal::new(SigningForm::default());
        let signing = Memo::new(move |_| signing_form.with(SigningForm::signing));
        let preview = Memo::new(move |_| {
            draft.with(|d| {
                signing.with(|s| prepare_now(d, s, Change::AsBuilt, FetchMode::Read, None))
            })
        });
        Self {
            draft,
            build,
            signing_form,
            signing,
            preview,
            scenario: RwSignal::new(Scenario::Once),
            remember: RwSignal::new(false),
            left_out: RwSignal::new(LeftOut::default()),
            attempted: RwSignal::new(false),
        }
    }
}

impl Default for BuilderState {
    fn default() -> Self {
        Self::new()
    }
}

/// `draft` prepared with `change` at the browser's current time, with fresh IDs; a step that
/// asks for a new transaction ID gets `transaction_id` when one was shown before the press.
pub fn prepare_now(
    draft: &Draft,
    signing: &Signing,
    change: Change,
    mode: FetchMode,
    transaction_id: Option<&str>,
) -> Result<Prepared, FireError> {
    let mut fresh_id = |what: FreshId| match (what, transaction_id) {
        (FreshId::Transaction, Some(shown)) => shown.to_owned(),
        _ => entropy::fresh_id(),
    };
    let mut moment = Moment {
        now_ms: entropy::now_ms(),
        fresh_id: &mut fresh_id,
    };
    prepare(draft, signing, change, mode, &mut moment)
}
