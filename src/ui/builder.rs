//! The builder's state for the components: the core's serialisable [`Draft`] in one signal,
//! and what it builds, recomputed when it changes.

use leptos::prelude::*;
use postback_core::{Build, Draft};

/// The postback being built, shared by the builder's components and the fire panel.
#[derive(Clone, Copy)]
pub struct Builder {
    /// Everything the user set up.
    pub draft: RwSignal<Draft>,
    /// What it builds: URL, body, headers, inputs and findings.
    pub build: Memo<Build>,
}

impl Builder {
    /// An empty builder.
    pub fn new() -> Self {
        let draft = RwSignal::new(Draft::default());
        let build = Memo::new(move |_| draft.with(Draft::build));
        Self { draft, build }
    }
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}
