//! "Run the plan": first says how many real postbacks go to which receivers and asks once,
//! with a memory-only field for each `${env:NAME}` the plan needs and the cleanup each
//! receiver needs afterwards; then the progress with Pause, Resume and Cancel.

use leptos::prelude::*;
use postback_core::{env_names, fill_env, Plan, PlanRun};

use super::use_plan_run::{Go, Stop, UsePlanRunReturn};
use crate::ui::{state::use_kept_plans, widgets::ErrorNote};

/// Above this many postbacks, the question asks for a tick as well.
const TICK_ABOVE: usize = 100;

/// What a confirmed run does with the last run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Go on: skip every cell sent, or that may have been.
    Resume,
    /// Start again: every cell is sent again.
    Fresh,
}

/// The run's question, progress and controls.
#[component]
pub fn RunDialog(
    /// The plan, placeholders unfilled.
    plan: Plan,
    /// Its last run.
    run: PlanRun,
    /// Whether the question is open.
    asking: ReadSignal<bool>,
    /// Opens or closes the question.
    set_asking: WriteSignal<bool>,
    /// The plan's run.
    plan_run: UsePlanRunReturn,
) -> impl IntoView {
    let kept = use_kept_plans();
    let (mode, set_mode) = signal(Mode::Resume);
    let (ticked, set_ticked) = signal(false);
    let (tried, set_tried) = signal(false);
    let summary = run.summary(&plan);
    let reached = summary.cells - summary.waiting;
    let started = !run.cells.is_empty();
    let plan = StoredValue::new(plan);
    let run = StoredValue::new(run);
    let open = move |m: Mode| {
        set_mode.set(m);
        set_ticked.set(false);
        set_tried.set(false);
        set_asking.set(true);
    };
    let controls = move || {
        let running = plan_run.running.get();
        if running {
            let stopping = plan_run.stopping.get();
            return view! {
                <p class="plan-progress" aria-live="polite">
                    <progress max=summary.cells value=reached aria-label="Plan progress"></progress>
                    {match stopping {
                        Some(Stop::Pause) => format!("Pausing after the postback in flight ({reached} of {} done)…", summary.cells),
                        Some(Stop::Cancel) => "Cancelling: the postback in flight may still arrive…".to_owned(),
                        None => format!("Sending {} of {}…", reached.clamp(1, summary.cells.max(1)), summary.cells),
                    }}
                </p>
                <p class="actions">
                    <button type="button" on:click=move |_| plan_run.pause.run(()) aria-disabled=move || plan_run.stopping.get().is_some().to_string()>"Pause"</button>
                    <button type="button" on:click=move |_| plan_run.cancel.run(())>"Cancel"</button>
                </p>
            }.into_any();
        }
        let left = summary.waiting + summary.not_sent;
        view! {
            <p class="actions">
                {if !started {
                    view! { <button type="button" class="primary" on:click=move |_| open(Mode::Resume)>"Run the plan"</button> }.into_any()
                } else if left > 0 {
                    view! {
                        <button type="button" class="primary" on:click=move |_| open(Mode::Resume)>"Resume"</button>
                        <button type="button" on:click=move |_| open(Mode::Fresh)>"Run again from the start"</button>
                    }.into_any()
                } else {
                    view! { <button type="button" on:click=move |_| open(Mode::Fresh)>"Run again from the start"</button> }.into_any()
                }}
            </p>
        }.into_any()
    };
    let question = move || {
        if !asking.get() || plan_run.running.get() {
            return None;
        }
        let m = mode.get();
        // Receivers are named from the plan as it will be sent: a host that comes from a
        // secret or a placeholder shows as the host it becomes, not as its macro.
        let preview = move || {
            let filled = kept.secrets.with_untracked(|s| {
                plan.with_value(|p| postback_core::fill_known_env(p, &|n| s.get(n).cloned()))
            });
            match m {
                Mode::Resume => {
                    let mut r = run.get_value();
                    r.resume();
                    r.preview(&filled)
                }
                Mode::Fresh => PlanRun::default().preview(&filled),
            }
        };
        let preview = preview();
        let total = preview.total();
        let names = plan.with_value(env_names);
        let fields = match &names {
            Err(e) => view! { <ErrorNote message=e.to_string() hint=e.hint().to_owned() /> }.into_any(),
            Ok(names) => names.iter().map(|name| {
                let name = name.clone();
                let id = format!("plan-env-{name}");
                let key = name.clone();
                let value = kept.secrets.with_untracked(|s| s.get(&name).cloned().unwrap_or_default());
                view! {
                    <div class="field">
                        <label for=id.clone()>{name.clone()}</label>
                        <input id=id type="password" autocomplete="off" prop:value=value
                            on:input=move |ev| { let v = event_target_value(&ev); kept.secrets.update(|s| { s.insert(key.clone(), v); }); } />
                    </div>
                }
            }).collect_view().into_any(),
        };
        let asked = names.as_ref().map(|n| !n.is_empty()).unwrap_or(false);
        let cleanup =
            plan.with_value(|p| {
                p.partners.iter().filter_map(|partner| {
                let preset = partner.preset()?;
                Some(view! { <li>{format!("{}: {}", partner.name, preset.cleanup_step())}</li> })
            }).collect_view()
            });
        let missing = move || {
            let names = plan.with_value(env_names).unwrap_or_default();
            kept.secrets.with(|s| {
                names
                    .into_iter()
                    .filter(|n| s.get(n).is_none_or(|v| v.is_empty()))
                    .collect::<Vec<_>>()
            })
        };
        let send = move |_| {
            set_tried.set(true);
            if total > TICK_ABOVE && !ticked.get_untracked() {
                return;
            }
            let filled = kept
                .secrets
                .with_untracked(|s| plan.with_value(|p| fill_env(p, &|n| s.get(n).cloned())));
            if let Ok(filled) = filled {
                set_asking.set(false);
                plan_run.go.run(Go {
                    plan_id: plan.with_value(|p| p.id.clone()),
                    filled,
                    fresh: m == Mode::Fresh,
                    only: None,
                });
            }
        };
        let problem = move || {
            if !tried.get() {
                return None;
            }
            let missing = missing();
            if !missing.is_empty() {
                let e = postback_core::EnvError::Missing { names: missing };
                return Some(
                    view! { <ErrorNote message=e.to_string() hint=e.hint().to_owned() /> }
                        .into_any(),
                );
            }
            (total > TICK_ABOVE && !ticked.get()).then(|| view! {
                <ErrorNote message="tick the box to send this many postbacks".to_owned() hint="Or take partners or events out of the plan first.".to_owned() />
            }.into_any())
        };
        Some(view! {
            <div class="plan-question" role="group" aria-labelledby="plan-question">
                <p id="plan-question"><strong>{if total == 0 { "Nothing left to send in this run.".to_owned() } else { preview.question() }}</strong></p>
                {(m == Mode::Fresh).then(|| view! { <p class="warn">"Every cell is sent again: receivers may count these conversions twice."</p> })}
                {(preview.done > 0 && m == Mode::Resume).then(|| view! { <p class="hint">{format!("{} already sent in this run: skipped.", preview.done)}</p> })}
                {(preview.may_have_arrived > 0).then(|| view! { <p class="hint">{format!("{} may have arrived: left out. Check the report, then send them one by one from the results.", preview.may_have_arrived)}</p> })}
                {asked.then(|| view! { <p class="hint">"Secrets for this run: kept in this tab's memory only, never stored or shared."</p> })}
                {fields}
                {move || { let m = missing(); (!m.is_empty() && !tried.get()).then(|| view! { <p class="hint todo">{format!("Still to type: {}.", m.join(", "))}</p> }) }}
                <details>
                    <summary>"After the run: removing test conversions"</summary>
                    <ul>{cleanup}</ul>
                </details>
                {(total > TICK_ABOVE).then(|| view! {
                    <label class="check" for="plan-tick">
                        <input type="checkbox" id="plan-tick" on:change=move |ev| set_ticked.set(event_target_checked(&ev)) />
                        {format!("Yes, send {total} real postbacks")}
                    </label>
                })}
                {problem}
                <p class="actions">
                    <button type="button" class="primary" on:click=send aria-disabled=(total == 0).to_string()>{format!("Send {total} postback{}", if total == 1 { "" } else { "s" })}</button>
                    <button type="button" on:click=move |_| set_asking.set(false)>"Not now"</button>
                </p>
            </div>
        })
    };
    view! {
        {controls}
        {question}
    }
}
