//! The root component: creates the shared draft and lays out the three jobs.

use leptos::prelude::*;

use super::{
    builder::Builder, click_id_extractor::ClickIdExtractor, fire_panel::FirePanel,
    history_panel::HistoryPanel, run_history::provide_run_history, signature_check::SignatureCheck,
    template_editor::TemplateEditor,
};

/// The whole page: build a postback, fire it, and extract click IDs from pasted text.
#[component]
pub fn App() -> impl IntoView {
    let builder = Builder::new();
    let runs = provide_run_history();
    view! {
        <header class="masthead">
            <h1>"Postback Tester"</h1>
            <p class="tagline">
                "Build, fire and check server-to-server conversion postbacks. "
                "Everything stays in your browser except the test postback you fire."
            </p>
        </header>
        <main class="jobs">
            <TemplateEditor builder=builder />
            <FirePanel builder=builder />
            <ClickIdExtractor builder=builder />
            <HistoryPanel builder=builder runs=runs />
            <SignatureCheck />
        </main>
    }
}
