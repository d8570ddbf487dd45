//! "Run the plan": first says how many real postbacks go to which receivers and asks once,
//! with a memory-only field for each `${env:NAME}` the plan needs and the cleanup each
//! receiver needs afterwards; then the progress with Pause, Resume and Cancel.

use leptos::prelude::*;
use postback_core::{env_asks, env_names, Plan, PlanRun};

use super::use_plan_run::{Ended, Go, Stop, UsePlanRunReturn};
use crate::ui::{
    state::use_kept_plans,
    widgets::{sentence, ErrorNote},
};

/// Above this many postbacks, the question asks for a tick as well.
const TICK_ABOVE: usize = 100;

/// How many cells that cannot be sent yet the question lists by name.
const SHOWN_NOT_READY: usize = 10;

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
    plan: Signal<Plan>,
    /// Its last run.
    run: Signal<PlanRun>,
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
    // Bumped to ask the question again when the plan changed under it.
    let (revision, set_revision) = signal(0_u32);
    let (changed, set_changed) = signal(false);
    let summary = Memo::new(move |_| plan.with(|p| run.with(|r| r.summary(p))));
    let open = move |m: Mode| {
        set_mode.set(m);
        set_ticked.set(false);
        set_tried.set(false);
        set_changed.set(false);
        set_asking.set(true);
    };
    let controls = move || {
        let running = plan_run.running.get();
        let summary = summary.get();
        let reached = summary.cells - summary.waiting;
        let started = run.with(|r| !r.cells.is_empty());
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
                    <button type="button" id="plan-pause" on:click=move |_| plan_run.pause.run(()) aria-disabled=move || plan_run.stopping.get().is_some().to_string()>"Pause"</button>
                    <button type="button" on:click=move |_| plan_run.cancel.run(())>"Cancel"</button>
                </p>
            }.into_any();
        }
        let left = summary.waiting + summary.not_sent;
        let elsewhere = match (plan_run.ended.get(), plan_run.stopping.get()) {
            (Some(Ended::Elsewhere), _) => Some(view! {
                <p class="warn" role="status">"This plan is running in another tab of this browser: nothing was sent from here. Pause it there, or wait until it ends, then press again."</p>
            }.into_any()),
            (Some(Ended::Changed), _) => Some(view! {
                <p class="warn" role="status">"Stopped: the plan was changed or deleted while it ran, so the rest was not sent as it was. Check the plan, then press again."</p>
            }.into_any()),
            (Some(Ended::Ran), Some(Stop::Pause)) => Some(view! {
                <p class="note" role="status">"Paused. Resume goes on with the next postback."</p>
            }.into_any()),
            (Some(Ended::Ran), Some(Stop::Cancel)) => Some(view! {
                <p class="note" role="status">"Cancelled. The postback that was in flight may still have arrived: its cell says Cannot tell. Resume goes on with the next one."</p>
            }.into_any()),
            _ => None,
        };
        if plan.with(|p| p.partners.is_empty()) {
            return view! { <p class="hint">"Add a partner to run the plan: build its postback above, then press Add the builder's postback as a partner."</p> }.into_any();
        }
        if summary.cells == 0 {
            return view! { <p class="hint">"Tick an event or a check to run the plan."</p> }
                .into_any();
        }
        view! {
            {elsewhere}
            <p class="actions">
                {if !started {
                    view! { <button type="button" class="primary" id="plan-run" on:click=move |_| open(Mode::Resume)>"Run the plan"</button> }.into_any()
                } else if left > 0 {
                    view! {
                        <button type="button" class="primary" id="plan-run" on:click=move |_| open(Mode::Resume)>"Resume"</button>
                        <button type="button" on:click=move |_| open(Mode::Fresh)>"Run again from the start"</button>
                    }.into_any()
                } else {
                    view! { <button type="button" id="plan-run" on:click=move |_| open(Mode::Fresh)>"Run again from the start"</button> }.into_any()
                }}
            </p>
        }.into_any()
    };
    let question = move || {
        if !asking.get() || plan_run.running.get() {
            return None;
        }
        let m = mode.get();
        // The question takes the focus when it opens and gives it back when it closes.
        let group = NodeRef::<leptos::html::Div>::new();
        Effect::new(move |_| {
            if let Some(el) = group.get() {
                let _ = el.focus();
            }
        });
        let close = move || {
            set_asking.set(false);
            crate::page::focus("plan-run");
        };
        // The question is about the plan as it is now; a press sends exactly that plan, and
        // only while it has not changed since (another tab may change it).
        revision.track();
        let asked_plan = plan.get_untracked();
        let plan_id = asked_plan.id.clone();
        let snapshot = StoredValue::new(asked_plan);
        let preview = {
            // Secrets not typed yet stand in, so their cells count as what will leave.
            let filled = snapshot.with_value(|p| {
                postback_core::fill_known_env(p, &|n| {
                    Some(
                        kept.secret(&p.id, n)
                            .unwrap_or_else(|| "typed-later".to_owned()),
                    )
                })
            });
            match m {
                Mode::Resume => {
                    let mut r = run.get_untracked();
                    r.resume();
                    r.preview(&filled)
                }
                Mode::Fresh => PlanRun::default().preview(&filled),
            }
        };
        let total = preview.total();
        // Only the secrets of the partners this run sends to are asked for.
        let needed = StoredValue::new(snapshot.with_value(|p| p.with_partners(&preview.partners)));
        // A host made from values or secrets is named as it will be, and pointed out.
        let made_hosts: Vec<String> = snapshot.with_value(|p| {
            kept.fill_known(p)
                .partners
                .iter()
                .filter(|partner| partner.receiver_from_values())
                .map(|partner| format!("{} goes to {}", partner.name, partner.receiver()))
                .collect()
        });
        let asks = needed.with_value(env_asks);
        let fields = match &asks {
            Err(e) => view! { <ErrorNote message=e.to_string() hint=e.hint().to_owned() /> }.into_any(),
            Ok(asks) => asks.iter().map(|ask| {
                let name = ask.name.clone();
                let id = format!("plan-env-{name}");
                let hint_id = format!("{id}-hint");
                let key = name.clone();
                let plan_id = plan_id.clone();
                let value = kept.secret(&plan_id, &name).unwrap_or_default();
                view! {
                    <div class="field">
                        <label for=id.clone()>{ask.label()}</label>
                        <input id=id type="password" autocomplete="off" prop:value=value aria-describedby=hint_id.clone()
                            on:input=move |ev| kept.set_secret(&plan_id, &key, event_target_value(&ev)) />
                        <span class="hint" id=hint_id>"Kept in this tab's memory only."</span>
                    </div>
                }
            }).collect_view().into_any(),
        };
        let labels: StoredValue<std::collections::BTreeMap<String, String>> = StoredValue::new(
            asks.as_ref()
                .map(|a| a.iter().map(|a| (a.name.clone(), a.label())).collect())
                .unwrap_or_default(),
        );
        let asked = labels.with_value(|l| !l.is_empty());
        let cleanup =
            snapshot.with_value(|p| {
                p.partners.iter().filter_map(|partner| {
                let preset = partner.preset()?;
                Some(view! { <li>{format!("{}: {}", partner.name, preset.cleanup_step())}</li> })
            }).collect_view()
            });
        // What is still to type, by the labels of its fields.
        let missing = move || {
            let names = needed.with_value(env_names).unwrap_or_default();
            let id = snapshot.with_value(|p| p.id.clone());
            kept.missing(&id, &names)
                .into_iter()
                .map(|n| labels.with_value(|l| l.get(&n).cloned()).unwrap_or(n))
                .collect::<Vec<_>>()
        };
        let send = move |_| {
            set_tried.set(true);
            if total > TICK_ABOVE && !ticked.get_untracked() {
                return;
            }
            if plan.with_untracked(|now| snapshot.with_value(|asked| now != asked)) {
                set_changed.set(true);
                set_revision.update(|r| *r += 1);
                return;
            }
            let filled = needed
                .with_value(|p| kept.fill(p))
                .map(|_| snapshot.with_value(|p| kept.fill_known(p)));
            if let Ok(filled) = filled {
                set_changed.set(false);
                set_asking.set(false);
                crate::page::focus("plan-pause");
                plan_run.go.run(Go {
                    plan_id: snapshot.with_value(|p| p.id.clone()),
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
                return Some(
                    view! { <ErrorNote message=format!("no value for {}", missing.join(", ")) hint="Type each secret above; they stay in this tab's memory.".to_owned() /> }
                        .into_any(),
                );
            }
            (total > TICK_ABOVE && !ticked.get()).then(|| view! {
                <ErrorNote message="tick the box to send this many postbacks".to_owned() hint="Or take partners or events out of the plan first.".to_owned() />
            }.into_any())
        };
        Some(view! {
            <div class="plan-question" role="group" aria-labelledby="plan-question" tabindex="-1" node_ref=group
                on:keydown=move |ev| if ev.key() == "Escape" { close(); }>
                {move || changed.get().then(|| view! {
                    <p class="warn" role="status">"The plan changed while this question was open: here it is again, as it is now. Nothing was sent."</p>
                })}
                <p id="plan-question"><strong>{if total == 0 { "Nothing left to send in this run.".to_owned() } else { preview.question() }}</strong></p>
                {(!made_hosts.is_empty()).then(|| view! {
                    <p class="warn">{format!("These addresses are made from the partners' values: {}. Check each is the receiver you mean.", made_hosts.join("; "))}</p>
                })}
                {(m == Mode::Fresh).then(|| view! { <p class="warn">"Every cell is sent again: receivers may count these conversions twice."</p> })}
                {(preview.done > 0 && m == Mode::Resume).then(|| view! { <p class="hint">{format!("{} already sent in this run: skipped.", preview.done)}</p> })}
                {(!preview.not_ready.is_empty()).then(|| {
                    let n = preview.not_ready.len();
                    let items = preview.not_ready.iter().take(SHOWN_NOT_READY).map(|c| view! {
                        <li><strong>{c.label.clone()}</strong>": "{format!("{}. {}", sentence(&c.why), c.hint)}</li>
                    }).collect_view();
                    let more = n.saturating_sub(SHOWN_NOT_READY);
                    view! {
                        <div class="warn">
                            <p>{format!("{n} cannot be sent yet, and will be listed as not sent:")}</p>
                            <ul>{items}</ul>
                            {(more > 0).then(|| view! { <p class="hint">{format!("And {more} more.")}</p> })}
                            <p class="hint">"Fix them now, or after this run: Resume then sends only what was not sent."</p>
                        </div>
                    }
                })}
                {(preview.unchecked > 0).then(|| view! {
                    <p class="hint">{format!("{} of them were counted without checking each in advance (the plan is large): any that cannot be sent is listed as not sent.", preview.unchecked)}</p>
                })}
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
                    <button type="button" on:click=move |_| close()>"Not now"</button>
                </p>
            </div>
        })
    };
    view! {
        {controls}
        {question}
    }
}
