//! The root component: creates the shared state, opens a share link if the page has one, and
//! lays out the jobs, or the simple partner view for a partner check link.

use leptos::prelude::*;
use postback_core::share::{open, Opened, FRAGMENT_KEY, RESULT_KEY};

use super::saved_state;
use super::{
    builder::Builder, click_id_extractor::ClickIdExtractor, error_note::ErrorNote,
    fire_panel::FirePanel, history_panel::HistoryPanel, partner_result::PartnerResult,
    partner_view::PartnerView, run_history::provide_run_history, signature_check::SignatureCheck,
    template_diff::TemplateDiff, template_editor::TemplateEditor,
};
use crate::page;

/// The whole page: build a postback, fire it, keep the runs, and extract click IDs.
#[component]
pub fn App() -> impl IntoView {
    let builder = Builder::new();
    let runs = provide_run_history();
    // A link fills the page before anything renders; it never fires.
    let opened = open(&page::fragment());
    page::reload_on_link_change(|f| f.starts_with(FRAGMENT_KEY) || f.starts_with(RESULT_KEY));
    let mut partner = None;
    let mut secrets_included = false;
    let mut shared_test = false;
    let mut result = None;
    let mut problem = None;
    match opened {
        Opened::Nothing => saved_state::restore(builder),
        Opened::Test(shared) => {
            builder.draft.set(shared.draft.clone());
            builder.signing.set(shared.signing());
            if let Some(s) = shared.scenario {
                builder.scenario.set(s);
            }
            secrets_included = shared.secrets_included;
            shared_test = true;
            partner = shared.partner.clone();
        }
        Opened::Result(r) => {
            saved_state::restore(builder);
            result = Some(*r);
        }
        Opened::Problem(e) => {
            saved_state::restore(builder);
            problem = Some(e);
        }
    }
    saved_state::keep_saved(builder, runs, shared_test);
    let (full_view, set_full_view) = signal(partner.is_none());
    let banner = move || {
        let problem = problem.clone().map(|e| {
            view! { <ErrorNote message=format!("this link cannot be opened: {e}") hint=e.hint().to_owned() /> }
        });
        let opened = shared_test.then(|| view! {
            <p class="banner" role="status">
                "Opened a shared test. Nothing has been sent: check the target, then press Fire."
            </p>
        });
        let secrets = secrets_included.then(|| view! {
            <p class="banner warn" role="status">
                "This link includes secrets (a token or a signing secret). Anyone who has the link has them."
            </p>
        });
        (problem, opened, secrets)
    };
    view! {
        <header class="masthead">
            <h1>"Postback Tester"</h1>
            <p class="tagline">
                "Build, fire and check server-to-server conversion postbacks. "
                "Everything stays in your browser except the test postback you fire."
            </p>
        </header>
        {banner}
        {move || if full_view.get() {
            let result = result.clone();
            view! {
                {result.map(|r| view! { <PartnerResult result=r /> })}
                <main class="jobs">
                    <TemplateEditor builder=builder />
                    <FirePanel builder=builder />
                    <ClickIdExtractor builder=builder />
                    <HistoryPanel builder=builder runs=runs />
                    <TemplateDiff builder=builder />
                    <SignatureCheck />
                </main>
            }.into_any()
        } else {
            let partner = partner.clone().unwrap_or_default();
            view! {
                <PartnerView builder=builder partner=partner on_full_view=Callback::new(move |()| set_full_view.set(true)) />
            }.into_any()
        }}
    }
}
