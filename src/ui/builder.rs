//! The builder's state for the components: the core's serialisable [`Draft`] in one signal,
//! what it builds, recomputed when it changes, and how fires are signed (memory only).

use leptos::prelude::*;
use postback_core::{
    scenario::Scenario,
    sign::{Context, Signing},
    Build, Draft, FireRequest, RequestError,
};

use crate::entropy;

/// The postback being built, shared by the builder's components and the fire panel.
#[derive(Clone, Copy)]
pub struct Builder {
    /// Everything the user set up.
    pub draft: RwSignal<Draft>,
    /// What it builds: URL, body, headers, inputs and findings.
    pub build: Memo<Build>,
    /// How fires are signed. The secret lives here, in memory only, never in the draft.
    pub signing: RwSignal<Signing>,
    /// The request Fire sends, signed as of the last change (Fire signs again when pressed).
    pub request: Memo<Result<FireRequest, RequestError>>,
    /// The scenario chosen under "Scenarios".
    pub scenario: RwSignal<Scenario>,
    /// Whether secrets are kept on this device ("Remember secrets on this device").
    pub remember: RwSignal<bool>,
}

impl Builder {
    /// An empty builder.
    pub fn new() -> Self {
        let draft = RwSignal::new(Draft::default());
        let build = Memo::new(move |_| draft.with(Draft::build));
        let signing = RwSignal::new(Signing::Off);
        let request = Memo::new(move |_| {
            let request = draft.with(|d| build.with(|b| b.request(d)));
            signing.with(|s| sign_now(s, request))
        });
        Self {
            draft,
            build,
            signing,
            request,
            scenario: RwSignal::new(Scenario::Once),
            remember: RwSignal::new(false),
        }
    }

    /// The request to fire now: built from the current draft and signed at this moment.
    pub fn request_now(&self) -> Result<FireRequest, RequestError> {
        let request = self
            .draft
            .with_untracked(|d| self.build.with_untracked(|b| b.request(d)));
        self.signing.with_untracked(|s| sign_now(s, request))
    }
}

impl Builder {
    /// The parameter a static token is sent in, to hide its value in stored runs.
    pub fn token_param(&self) -> Option<String> {
        self.signing.with_untracked(|s| match s {
            Signing::Token { param, .. } => Some(param.trim().to_owned()),
            _ => None,
        })
    }
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

/// `request` signed with `signing` at the browser's current time, with a fresh message ID.
pub fn sign_now(
    signing: &Signing,
    request: Result<FireRequest, RequestError>,
) -> Result<FireRequest, RequestError> {
    if *signing == Signing::Off {
        return request;
    }
    let now = entropy::now_ms();
    let id = entropy::fresh_id();
    let context = Context {
        timestamp: now / 1000,
        id: format!("msg_{id}"),
    };
    Ok(signing.apply(request?, &context)?)
}
