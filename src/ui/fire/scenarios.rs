//! "Scenarios": a short list of fires, each fired by its own press, with what the receiver
//! should answer and what it did answer side by side.

use leptos::prelude::*;
use postback_core::{plan_scenario, Build, Change, Draft, FetchMode, Scenario, Signing, Step};

use super::{
    problem_question::{must_ask, Accepted, ProblemQuestion},
    result_view::Outcome,
    use_fire::{use_fire, Shot, UseFireReturn},
};
use crate::{
    entropy,
    ui::{state::prepare_now, widgets::ErrorNote},
};

/// "Scenario": choose one, then fire its steps one press at a time ("Fire step 1", …).
#[component]
pub fn Scenarios(
    /// The postback being built.
    #[prop(into)]
    draft: Signal<Draft>,
    /// What it builds.
    #[prop(into)]
    built: Signal<Build>,
    /// How fires are signed.
    #[prop(into)]
    signing: Signal<Signing>,
    /// The scenario chosen.
    scenario: RwSignal<Scenario>,
    /// The time limit for each fire, in seconds.
    #[prop(into)]
    timeout_secs: Signal<u32>,
) -> impl IntoView {
    let steps = Memo::new(move |_| {
        let scenario = scenario.get();
        draft.with(|d| built.with(|b| plan_scenario(scenario, d, b)))
    });
    // Each plan gets its own fire per step, and a changed postback or signing makes a new
    // plan: what was observed for another postback is not shown beside this one.
    let rows = move || {
        draft.track();
        signing.track();
        let steps = match steps.get() {
            Ok(steps) => steps,
            Err(e) => {
                return view! { <ErrorNote message=e.to_string() hint=e.hint().to_owned() /> }
                    .into_any()
            }
        };
        let fires: Vec<UseFireReturn> = steps.iter().map(|_| use_fire(draft, signing)).collect();
        let busy = {
            let pendings: Vec<Signal<bool>> = fires.iter().map(|f| f.pending).collect();
            Signal::derive(move || pendings.iter().any(|p| p.get()))
        };
        let first = fires.first().map(|f| f.outcome);
        let rows = steps
            .into_iter()
            .zip(fires)
            .enumerate()
            .map(|(index, (step, fire))| {
                view! {
                    <ScenarioStep
                        number=index + 1
                        step=step
                        fire=fire
                        first=first.filter(|_| index > 0)
                        draft=draft
                        built=built
                        signing=signing
                        busy=busy
                        timeout_secs=timeout_secs
                    />
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
            <span class="pending" aria-live="polite">
                {move || busy.get().then_some("Sending…")}
            </span>
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
        </details>
    }
}

/// One row of the scenario table: the step, its press, and what it expected and observed.
#[component]
fn ScenarioStep(
    /// The step's number, from 1.
    number: usize,
    /// The step.
    step: Step,
    /// The step's own fire.
    fire: UseFireReturn,
    /// What the scenario's first step observed, for every later step.
    first: Option<Signal<Option<Outcome>>>,
    /// The postback being built, for the address the step goes to.
    draft: Signal<Draft>,
    /// What it builds, for the problems a press asks about.
    built: Signal<Build>,
    /// How fires are signed.
    signing: Signal<Signing>,
    /// Whether any step is waiting for its answer.
    busy: Signal<bool>,
    /// The time limit, in seconds.
    timeout_secs: Signal<u32>,
) -> impl IntoView {
    let Step {
        label,
        expect,
        change,
    } = step;
    // A step that sends a new transaction ID shows the one its next press sends.
    let next_id = RwSignal::new((change == Change::FreshTransactionId).then(entropy::fresh_id));
    let url = move || {
        draft.with(|d| {
            signing.with(|s| {
                next_id.with(|id| {
                    prepare_now(d, s, change, FetchMode::Read, id.as_deref())
                        .map(|p| p.request.url().to_owned())
                        .ok()
                })
            })
        })
    };
    // A press with problems asks once, in the row, as Fire does.
    let (asking, set_asking) = signal(false);
    let accepted: Accepted = StoredValue::new(None);
    let send = move || {
        set_asking.set(false);
        if busy.get_untracked() {
            return;
        }
        let first = first
            .and_then(|f| f.get_untracked())
            .and_then(|o| o.fired.ok())
            .map(|f| f.delivery);
        fire.fire.run(Shot {
            change,
            expect: Some(expect),
            first,
            transaction_id: next_id.get_untracked(),
            ..Shot::as_built(timeout_secs.get_untracked())
        });
        // The next press of this step sends another new ID, shown from now on.
        if next_id.with_untracked(Option::is_some) {
            next_id.set(Some(entropy::fresh_id()));
        }
    };
    let press = move |_| {
        if busy.get_untracked() {
            return;
        }
        if must_ask(built, accepted) {
            set_asking.set(true);
        } else {
            send();
        }
    };
    let question = move || {
        asking.get().then(|| {
            view! {
                <ProblemQuestion
                    action=format!("Fire step {number}")
                    built=built
                    accepted=accepted
                    on_fire=Callback::new(move |()| send())
                    on_fix=Callback::new(move |()| set_asking.set(false))
                />
            }
        })
    };
    let seen = move || {
        let (class, seen, judged) = match fire.outcome.get() {
            None => ("", "Not fired yet.".to_owned(), String::new()),
            Some(Outcome { fired: Err(e) }) => {
                ("missed", format!("Not sent: {e}"), e.hint().to_owned())
            }
            Some(Outcome { fired: Ok(fired) }) => {
                let judgement = fired.judged.judgement;
                (
                    judgement.as_ref().map_or("", |j| j.as_str()),
                    fired.judged.verdict.headline,
                    judgement.map(|j| j.text()).unwrap_or_default(),
                )
            }
        };
        view! {
            <td>{seen}</td>
            <td class=format!("judgement {class}")>{judged}</td>
        }
    };
    view! {
        <tr>
            <td>
                <button type="button" on:click=press aria-disabled=move || busy.get().to_string()>
                    {format!("Fire step {number}")}
                </button>
                {question}
                <p>{label}</p>
                {move || url().map(|u| view! { <code class="step-url"><bdi>{u}</bdi></code> })}
            </td>
            <td>{expect.describe()}</td>
            {seen}
        </tr>
    }
}
