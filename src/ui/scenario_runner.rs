//! Scenarios: a short list of fires, each fired by its own press, with what the receiver should
//! answer and what it did answer side by side.

use std::collections::BTreeMap;

use leptos::prelude::*;
use postback_core::{
    preset::Answers,
    scenario::{judge, plan, Scenario, Step},
    Draft,
};

use super::{
    builder::sign_now, builder::Builder, error_note::ErrorNote, run_history::use_run_history,
};
use crate::{
    entropy,
    net::{self, FireError, Fired, Mode},
};

/// One step's press: which step, and its request.
#[derive(Clone)]
struct StepShot {
    draft: Draft,
    token_param: Option<String>,
    index: usize,
    step: Step,
    timeout_secs: u32,
}

/// "Scenario": choose one, then fire its steps one press at a time ("Fire step 1", …).
#[component]
pub fn ScenarioRunner(
    /// The postback being built.
    builder: Builder,
    /// The time limit for each fire, in seconds.
    timeout_secs: Signal<u32>,
) -> impl IntoView {
    let scenario = builder.scenario;
    let steps = Memo::new(move |_| {
        let scenario = scenario.get();
        builder.draft.with(|d| {
            builder
                .build
                .with(|b| plan(scenario, d, b, &mut entropy::fresh_id))
        })
    });
    let answers = move || {
        builder
            .draft
            .with(|d| d.preset().map_or(Answers::Undocumented, |p| p.answers))
    };
    let observed = RwSignal::new(BTreeMap::<usize, Result<Fired, FireError>>::new());
    // A new plan starts with nothing observed.
    Effect::new(move |_| {
        steps.track();
        observed.set(BTreeMap::new());
    });
    let runs = use_run_history();
    let fire_step_action = Action::new_local(move |shot: &StepShot| {
        let shot = shot.clone();
        let request = builder
            .signing
            .with_untracked(|s| sign_now(s, shot.step.request));
        async move {
            let fired = net::fire(request, shot.timeout_secs, Mode::Read, None).await;
            if let (Some(runs), Ok(fired)) = (runs, &fired) {
                runs.record(&shot.draft, fired, shot.token_param.as_deref());
            }
            observed.try_update(|o| o.insert(shot.index, fired));
        }
    });
    let pending = fire_step_action.pending();
    let rows = move || {
        let steps = match steps.get() {
            Ok(steps) => steps,
            Err(e) => {
                return view! { <ErrorNote message=e.to_string() hint=e.hint().to_owned() /> }
                    .into_any()
            }
        };
        let rows = steps
            .into_iter()
            .enumerate()
            .map(|(index, step)| {
                let number = index + 1;
                let expect = step.expect;
                let label = step.label.clone();
                let url = builder
                    .signing
                    .with(|s| sign_now(s, step.request.clone()))
                    .map(|r| r.url().to_owned())
                    .ok();
                let on_click = {
                    let step = step.clone();
                    move |_| {
                        if !pending.get_untracked() {
                            fire_step_action.dispatch(StepShot {
                                draft: builder.draft.get_untracked(),
                                token_param: builder.token_param(),
                                index,
                                step: step.clone(),
                                timeout_secs: timeout_secs.get_untracked(),
                            });
                        }
                    }
                };
                let seen = move || {
                    let (class, seen, judged) = observed.with(|o| match o.get(&index) {
                        None => ("", "Not fired yet.".to_owned(), String::new()),
                        Some(Err(e)) => ("missed", format!("Not sent: {e}"), e.hint().to_owned()),
                        Some(Ok(fired)) => {
                            let first =
                                o.get(&0).and_then(|f| f.as_ref().ok()).map(|f| &f.delivery);
                            let judgement = judge(expect, answers(), &fired.delivery, first);
                            (
                                judgement.as_str(),
                                fired.delivery.verdict().headline,
                                judgement.text(),
                            )
                        }
                    });
                    view! {
                        <td>{seen}</td>
                        <td class=format!("judgement {class}")>{judged}</td>
                    }
                };
                view! {
                    <tr>
                        <td>
                            <button type="button" on:click=on_click
                                aria-disabled=move || pending.get().to_string()>
                                {format!("Fire step {number}")}
                            </button>
                            <p>{label}</p>
                            {url.map(|u| view! { <code class="step-url">{u}</code> })}
                        </td>
                        <td>{expect.describe()}</td>
                        {seen}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="steps" aria-label="Scenario steps">
                <thead>
                    <tr><th>"Step"</th><th>"Expected"</th><th>"Observed"</th><th>"Match"</th></tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <details class="scenarios">
            <summary>"Scenarios"</summary>
            <p class="hint">
                "Each step is one press; nothing fires on its own. Steps read the answer (CORS) "
                "and use the timeout above."
            </p>
            <div class="field">
                <label for="scenario">"Scenario"</label>
                <select
                    id="scenario"
                    prop:value=move || scenario.get().label()
                    on:change=move |ev| {
                        let id = event_target_value(&ev);
                        if let Some(s) = Scenario::ALL.into_iter().find(|s| s.label() == id) {
                            scenario.set(s);
                        }
                    }
                >
                    {Scenario::ALL.iter().map(|s| view! { <option value=s.label()>{s.label()}</option> }).collect_view()}
                </select>
            </div>
            {rows}
            <span class="pending" aria-live="polite">
                {move || pending.get().then_some("Sending…")}
            </span>
        </details>
    }
}
