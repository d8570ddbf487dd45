//! The root component: creates the shared state, opens a share link if the page has one, and
//! lays out the cards, or the simple partner view for a partner check link.

use leptos::prelude::*;
use postback_core::{
    open_link, Draft, Opened, SentLinks, ShareError, SigningForm, PLAN_KEY, RESULT_KEY, SHARE_KEY,
};

use super::{
    build::BuildCard,
    compare::template_comparison_card,
    extract::extract_card,
    fire::fire_card,
    history::history_card,
    partner::{partner_result_card, postback_check_card},
    plan::test_plans_card,
    recovery::SafeStart,
    signature::signature_check_card,
    state::{keep_saved, provide_run_history, restore_saved, BuilderState},
    widgets::{LazyCard, LinkProblem, Load},
};
use crate::{boot, page};

/// The page: the app, or, when the last start stopped before the page was shown, the offer
/// to start safely first.
#[component]
pub fn Page() -> impl IntoView {
    let (open, set_open) = signal(!boot::last_start_stopped());
    move || {
        if open.get() {
            view! { <App /> }.into_any()
        } else {
            view! { <SafeStart on_open=Callback::new(move |()| set_open.set(true)) /> }.into_any()
        }
    }
}

/// The whole app: build a postback, fire it, keep the runs, and extract click IDs.
#[component]
pub fn App() -> impl IntoView {
    // Once this view is on screen, the start went well.
    Effect::new(|_| boot::shown());
    let BuilderState {
        draft,
        build,
        signing_form,
        signing,
        preview,
        scenario,
        remember,
        left_out,
        attempted,
    } = BuilderState::new();
    let runs = provide_run_history();
    // A link fills the page before anything renders; it never fires.
    let opened = open_link(&page::fragment());
    page::reload_on_link_change(|f| {
        f.starts_with(SHARE_KEY) || f.starts_with(RESULT_KEY) || f.starts_with(PLAN_KEY)
    });
    let mut partner = None;
    let mut secrets_included = false;
    let mut shared_test = false;
    let mut result = None;
    let mut problem = None;
    let mut plan_link = None;
    let restore = |fill| restore_saved(draft, signing_form, remember, left_out, runs.note, fill);
    let writable = match &opened {
        Opened::Test(_) => restore(false),
        _ => restore(true),
    };
    match opened {
        Opened::Nothing => {}
        Opened::Test(shared) => {
            draft.set(shared.draft.clone());
            signing_form.set(SigningForm::from_signing(&shared.signing()));
            if let Some(s) = shared.scenario {
                scenario.set(s);
            }
            secrets_included = shared.secrets_included;
            left_out.set(shared.left_out.clone());
            shared_test = true;
            partner = shared.partner.clone();
        }
        // Read by its card, whose part has the reader of runs.
        Opened::Result(link) => result = Some(link),
        // Read by the "Test plans" card, whose part has the plan reader.
        Opened::Plan(link) => plan_link = Some(link),
        Opened::Problem(e) => problem = Some(e),
    }
    keep_saved(
        draft.into(),
        signing.into(),
        remember.into(),
        left_out.into(),
        runs.note,
        shared_test,
        writable,
    );
    let (full_view, set_full_view) = signal(partner.is_none());
    // What the plan link the page opened with held, once the "Test plans" card has read it.
    let (plan_opened, set_plan_opened) = signal(None::<Result<String, ShareError>>);
    let plan_waiting = plan_link.is_some();
    let banner = move || {
        let problem = problem.clone().map(|e| {
            view! { <LinkProblem error=e /> }
        });
        // The partner's view says it in its own steps.
        let opened = shared_test.then(|| view! {
            <Show when=move || full_view.get()>
            <p class="banner" role="status">
                {move || if runs.recorded() == 0 {
                    "Opened a shared test. Nothing has been sent from this page yet: check the target, then press Fire."
                } else {
                    "Opened a shared test. Sent from this page: the result and the history below say what happened."
                }}
            </p>
            </Show>
        });
        let secrets = secrets_included.then(|| view! {
            <p class="banner warn" role="status">
                "This link includes secrets (a token or a signing secret). Anyone who has the link has them."
            </p>
        });
        let plan = move || plan_banner(plan_opened.get(), plan_waiting);
        (problem, opened, secrets, plan)
    };
    let template = Signal::derive(move || draft.with(|d| d.url.clone()));
    // The cards a first visit does not need arrive after the page has started.
    // The link stays here until the card has read it: a card whose part failed to arrive
    // gets it again from "Try again", and one that read it does not get it twice.
    let plan_link = StoredValue::new(plan_link);
    let on_plan_link = Callback::new(move |opened| {
        plan_link.set_value(None);
        set_plan_opened.set(Some(opened));
    });
    let plans = move || -> Load {
        let link = plan_link.get_value();
        Box::pin(test_plans_card(
            draft,
            signing_form,
            signing.into(),
            link,
            on_plan_link,
        ))
    };
    let history = move || -> Load { Box::pin(history_card(draft)) };
    let comparison = move || -> Load { Box::pin(template_comparison_card(template)) };
    let signature_check = || -> Load { Box::pin(signature_check_card()) };
    let extract = move || -> Load { Box::pin(extract_card(draft, build.into())) };
    let on_attempt = Callback::new(move |()| attempted.set(true));
    let fire = move || -> Load {
        Box::pin(fire_card(
            draft.into(),
            build.into(),
            signing.into(),
            preview.into(),
            scenario,
            on_attempt,
        ))
    };
    view! {
        <header class="masthead">
            <h1>"Postback Tester"</h1>
            <Show when=move || full_view.get()>
                <p class="tagline">
                    "Check your conversion tracking in three steps: build the postback URL from your "
                    "platform's template, fire a test and read what happened, and find click IDs in "
                    "anything you paste. Everything stays in your browser except the test you fire."
                </p>
            </Show>
            <Show when=move || full_view.get()>
                <p class="start">
                    <button type="button" on:click=move |_| {
                        attempted.set(false);
                        draft.set(Draft::example(&page::dir_url()));
                    }>"Try an example"</button>
                    <span class="hint">" Fills in a postback to a test file shipped with this page, so Fire reads a real answer."</span>
                </p>
            </Show>
        </header>
        <div class="banners">{banner}</div>
        {move || if full_view.get() {
            let result = result.clone();
            view! {
                {result.map(|r| {
                    let load = move || -> Load { Box::pin(partner_result_card(r.clone())) };
                    view! { <LazyCard title="Result from a partner" class="partner-result" load=load /> }
                })}
                <main class="jobs">
                    <BuildCard
                        draft=draft
                        built=build
                        signing_form=signing_form
                        preview=preview
                        remember=remember
                        left_out=left_out
                        attempted=attempted
                    />
                    <LazyCard title="Fire" class="job-fire" load=fire />
                    <LazyCard title="Test plans" class="job-plans" load=plans />
                    <LazyCard title="Extract" class="job-extract" load=extract />
                    <LazyCard title="History" class="job-history" load=history />
                    <LazyCard title="Template vs live request" class="job-diff" load=comparison />
                    <LazyCard title="Check a signature" class="job-verify" load=signature_check />
                </main>
            }.into_any()
        } else {
            let partner = partner.clone().unwrap_or_default();
            let link_mark = SentLinks::mark_of(&page::fragment());
            let on_full_view = Callback::new(move |()| set_full_view.set(true));
            let load = move || -> Load {
                Box::pin(postback_check_card(
                    draft.into(),
                    build.into(),
                    signing.into(),
                    preview.into(),
                    partner.clone(),
                    link_mark.clone(),
                    on_full_view,
                ))
            };
            view! { <LazyCard title="Postback check" class="partner-check" load=load /> }.into_any()
        }}
    }
}

/// The banner of a plan link the page opened with: until its card has read the link (`opened`
/// is `None`), that it is being opened, in the same place; then the plan's name, or why the
/// link cannot be read.
fn plan_banner(opened: Option<Result<String, ShareError>>, waiting: bool) -> Option<AnyView> {
    match opened {
        None => waiting.then(|| {
            view! {
                <p class="banner" role="status">
                    "Opening the test plan in the link: it will be under Test plans below. Nothing is sent."
                </p>
            }
            .into_any()
        }),
        Some(Ok(name)) => Some(
            view! {
                <p class="banner" role="status">
                    {format!("Opened the test plan {name}: it is under Test plans below. Nothing has been sent.")}
                </p>
            }
            .into_any(),
        ),
        Some(Err(e)) => Some(view! { <LinkProblem error=e /> }.into_any()),
    }
}
