//! The "Test plans" card: make a plan from the builder's postback, add partners and events,
//! edit a partner in the builder and bring it back, run the plan, and keep its evidence.

use leptos::prelude::*;
use postback_core::{
    read_plan, ConversionEvent, Draft, Negative, Partner, Plan, PlanError, PlanLink, ShareError,
    Signing, SigningForm, StoredPlan, MAX_PLAN_BYTES,
};

use super::{
    plan_evidence::PlanEvidence,
    plan_matrix::PlanMatrix,
    plan_partner::PlanPartner,
    run_dialog::RunDialog,
    use_plan_run::{use_plan_run, Go},
};
use crate::{
    entropy, files, page,
    ui::{state::provide_kept_plans, widgets::ErrorNote},
};

/// How many partners are listed before "Show all".
const SHOWN_PARTNERS: usize = 50;

/// What opening a plan file gave.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Opened {
    Plan(String),
    Problem { message: String, hint: String },
}

/// The "Test plans" card.
#[component]
pub fn TestPlans(
    /// The builder's postback: a plan is made from it, and a partner is edited in it.
    draft: RwSignal<Draft>,
    /// The builder's signing form, set when a partner is edited in the builder.
    signing_form: RwSignal<SigningForm>,
    /// How the builder signs.
    #[prop(into)]
    signing: Signal<Signing>,
    /// The plan link the page opened with, to keep as a plan.
    link: Option<PlanLink>,
    /// Hears what the link held: the name the plan is kept under, or why it cannot be read.
    on_link: Callback<Result<String, ShareError>>,
) -> impl IntoView {
    let kept = provide_kept_plans();
    let plan_run = use_plan_run();
    let current = RwSignal::new(
        kept.plans
            .with_untracked(|p| p.plans.last().map(|s| s.plan.id.clone())),
    );
    if let Some(link) = link {
        let opened = link.read().map(|plan| {
            let opened = kept.open(plan);
            current.set(Some(opened.id));
            // Kept: a reload of the page does not open it again. A plan storage did not take
            // (its note says why) keeps its link in the address, for a reload to try again.
            if opened.stored {
                page::forget_fragment();
            }
            opened.name
        });
        on_link.run(opened);
    }
    let stored = Memo::new(move |_| {
        let id = current.get()?;
        kept.plans
            .with(|p| p.plans.iter().find(|s| s.plan.id == id).cloned())
    });
    // The partner open in the builder, to bring back.
    let editing = RwSignal::new(None::<String>);
    let (show_all, set_show_all) = signal(false);
    let (asking, set_asking) = signal(false);

    // How many results the last change cleared (a partner changed or taken out).
    let (cleared, set_cleared) = signal(0_usize);
    // Every change to the plan is kept at once; its run keeps only the cells it still has.
    let change = move |edit: &dyn Fn(&mut Plan)| {
        // Nothing changes under a run or its question: what was asked is what is sent.
        if plan_run.running.get_untracked() || asking.get_untracked() {
            return;
        }
        let Some(mut now) = current.get_untracked().and_then(|id| kept.get(&id)) else {
            return;
        };
        let before = now.plan.clone();
        edit(&mut now.plan);
        let (plan, secrets) = now.plan.for_keeping();
        kept.keep_secrets(&plan.id, secrets);
        let had = now.run.as_ref().map_or(0, |r| r.cells.len());
        now.run = now
            .run
            .map(|r| r.kept_for(&before, &plan, entropy::now_ms()));
        let has = now.run.as_ref().map_or(0, |r| r.cells.len());
        set_cleared.set(had.saturating_sub(has));
        now.plan = plan;
        kept.put(now);
    };
    // A partner needs a postback: an empty builder is not made into one.
    let (refused, set_refused) = signal(false);
    let builder_empty = move || {
        let empty = draft.with_untracked(|d| d.url.trim().is_empty());
        set_refused.set(empty);
        empty
    };
    let make = move |_| {
        if plan_run.running.get_untracked() || builder_empty() {
            return;
        }
        let n = kept.plans.with_untracked(|p| p.plans.len()) + 1;
        let plan = draft.with_untracked(|d| {
            signing.with_untracked(|s| {
                Plan::from_builder(&entropy::fresh_id(), &format!("Test plan {n}"), d, s)
            })
        });
        let (plan, secrets) = plan.for_keeping();
        kept.keep_secrets(&plan.id, secrets);
        current.set(Some(plan.id.clone()));
        kept.put(StoredPlan {
            plan,
            run: None,
            changed_ms: 0,
        });
    };
    let add_partner = move |_| {
        if builder_empty() {
            return;
        }
        let d = draft.get_untracked();
        let s = signing.get_untracked();
        change(&|p: &mut Plan| {
            p.add_partner(&d, &s);
        });
    };
    let edit_in_builder = move |partner_id: String| {
        let Some(now) = current.get_untracked().and_then(|id| kept.get(&id)) else {
            return;
        };
        // Placeholders stay as written in the builder: a value typed for the run is never
        // saved with the builder's draft or brought back into the plan in plain text.
        if let Some(partner) = now.plan.partner(&partner_id) {
            draft.set(partner.draft.clone());
            signing_form.set(SigningForm::from_signing(&partner.signing.to_signing()));
            editing.set(Some(partner_id));
            page::scroll_to("build-heading");
        }
    };
    let bring_back = move |_| {
        let Some(partner_id) = editing.get_untracked() else {
            return;
        };
        let d = draft.get_untracked();
        let s = signing.get_untracked();
        change(&|p: &mut Plan| {
            if let Some(partner) = p.partner_mut(&partner_id) {
                *partner = partner.with_postback(&d, &s);
            }
        });
        editing.set(None);
    };
    let open_action = Action::new_local(move |file: &web_sys::File| {
        let file = file.clone();
        async move { open_file(&file, kept, current).await }
    });
    let on_open = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            open_action.dispatch(file);
        }
        input.set_value("");
    };
    let chooser = move || {
        let plans = kept.plans.with(|p| {
            p.plans
                .iter()
                .map(|s| (s.plan.id.clone(), s.plan.name.clone()))
                .collect::<Vec<_>>()
        });
        (plans.len() > 1).then(|| view! {
            <div class="field">
                <label for="plan-choice">"Plan"</label>
                <select id="plan-choice" disabled=move || plan_run.running.get() on:change=move |ev| { current.set(Some(event_target_value(&ev))); editing.set(None); }
                    prop:value=move || current.get().unwrap_or_default()>
                    {plans.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
            </div>
        })
    };
    // The card is drawn once per plan; each part reads the plan or its run as a signal,
    // so a change redraws what it touches and the focus stays where the person put it.
    let plan = Memo::new(move |_| {
        stored
            .with(|s| s.as_ref().map(|s| s.plan.clone()))
            .unwrap_or_default()
    });
    let run = Memo::new(move |_| {
        stored
            .with(|s| s.as_ref().and_then(|s| s.run.clone()))
            .unwrap_or_default()
    });
    let shown = Memo::new(move |_| stored.with(|s| s.as_ref().map(|s| s.plan.id.clone())));
    let busy = plan_run.running;
    let body = move || {
        let Some(plan_id) = shown.get() else {
            return view! {
                <p class="note">"No plan yet. Build the postback of your first partner above, then make a plan from it."</p>
            }.into_any();
        };
        let count = Memo::new(move |_| plan.with(|p| p.partners.len()));
        let partner_ids = move || {
            plan.with(|p| {
                p.partners
                    .iter()
                    .take(if show_all.get() {
                        usize::MAX
                    } else {
                        SHOWN_PARTNERS
                    })
                    .map(|x| x.id.clone())
                    .collect::<Vec<_>>()
            })
        };
        let events = Signal::derive(move || plan.with(|p| p.events.clone()));
        let as_test = Signal::derive(move || plan.with(|p| p.as_test));
        let partner_view = move |pid: String| {
            let partner = {
                let pid = pid.clone();
                Memo::new(move |_| plan.with(|p| p.partner(&pid).cloned()).unwrap_or_default())
            };
            let (edit_id, remove_id) = (pid.clone(), pid);
            view! {
                <PlanPartner
                    partner=partner.into()
                    events=events
                    as_test=as_test
                    on_change=Callback::new(move |changed: Partner| change(&|p: &mut Plan| {
                        if let Some(partner) = p.partner_mut(&changed.id) {
                            *partner = changed.clone();
                        }
                    }))
                    on_edit=Callback::new(move |()| edit_in_builder(edit_id.clone()))
                    on_remove=Callback::new(move |()| {
                        let gone = remove_id.clone();
                        if editing.get_untracked().as_deref() == Some(gone.as_str()) {
                            editing.set(None);
                        }
                        change(&|p: &mut Plan| p.partners.retain(|x| x.id != gone));
                    })
                />
            }
        };
        let event_ticks = ticks(
            &ConversionEvent::ALL,
            move |e| plan.with(|p| p.events.contains(&e)),
            "plan-event",
            ConversionEvent::id,
            ConversionEvent::label,
            move |e, on| change(&|p: &mut Plan| p.set_event(e, on)),
        );
        let negative_ticks = ticks(
            &Negative::ALL,
            move |n| plan.with(|p| p.negatives.contains(&n)),
            "plan-check",
            Negative::id,
            Negative::label,
            move |n, on| change(&|p: &mut Plan| p.set_negative(n, on)),
        );
        let has_flag = Memo::new(move |_| {
            plan.with(|p| {
                p.partners.iter().any(|x| {
                    x.preset()
                        .is_some_and(|pr| pr.behaviour.test_flag.is_some())
                })
            })
        });
        let test_hint = move || {
            let flags: Vec<String> = plan.with(|plan| {
                plan.partners
                    .iter()
                    .filter_map(|p| {
                        p.preset().and_then(|pr| {
                            pr.behaviour
                                .test_flag
                                .map(|(k, v)| format!("{} ({k}={v})", p.name))
                        })
                    })
                    .collect()
            });
            if flags.is_empty() {
                "None of these platforms documents a test flag: every postback is a real conversion."
                    .to_owned()
            } else {
                format!(
                    "Documented for: {}. Other partners get real conversions.",
                    flags.join(", ")
                )
            }
        };
        // The matrix asks for the partner's secrets first; no other partner's are needed.
        let send_again = Callback::new(move |cell: String| {
            let Some(now) = kept.get(&plan_id) else {
                return;
            };
            let filled = kept.fill_known(&now.plan);
            plan_run.go.run(Go {
                plan_id: plan_id.clone(),
                filled,
                fresh: false,
                only: Some(cell),
            });
        });
        view! {
            <div class="field">
                <label for="plan-name">"Plan name"</label>
                <input id="plan-name" type="text" prop:value=move || plan.with(|p| p.name.clone()) disabled=move || busy.get()
                    on:change=move |ev| { let name = event_target_value(&ev); change(&|p: &mut Plan| p.name = name.trim().to_owned()); } />
            </div>
            <fieldset class="plan-events" disabled=move || busy.get() || asking.get()>
                <legend>"Events"</legend>
                {event_ticks}
            </fieldset>
            <fieldset class="plan-checks" disabled=move || busy.get() || asking.get()>
                <legend>"Checks for each partner"</legend>
                {negative_ticks}
                <label class="check" for="plan-as-test">
                    <input type="checkbox" id="plan-as-test" prop:checked=move || as_test.get() prop:disabled=move || !has_flag.get() on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        change(&|p: &mut Plan| p.as_test = on);
                    } />
                    "Fire as a test where the platform documents a test flag"
                </label>
                <p class="hint">{test_hint}</p>
            </fieldset>
            <h3>{move || format!("Partners ({})", count.get())}</h3>
            <fieldset class="plan-partners" disabled=move || busy.get() || asking.get()>
                <legend class="visually-hidden">"Partners"</legend>
                <For each=partner_ids key=|id| id.clone() children=partner_view />
            </fieldset>
            {move || (count.get() > SHOWN_PARTNERS && !show_all.get()).then(|| view! {
                <button type="button" on:click=move |_| set_show_all.set(true)>{format!("Show all {} partners", count.get())}</button>
            })}
            <p class="actions">
                <button type="button" on:click=add_partner aria-disabled=move || busy.get().to_string()>"Add the builder's postback as a partner"</button>
            </p>
            {move || (cleared.get() > 0).then(|| view! {
                <p class="note" role="status">{format!(
                    "{} result{} of the changed partner{} cleared: they were got by the postback as it was. Resume sends them again; saved result files keep the old ones.",
                    cleared.get(), if cleared.get() == 1 { "" } else { "s" }, if cleared.get() == 1 { " was" } else { "s were" }
                )}</p>
            })}
            {move || view! {
                <PlanMatrix plan=plan.get() run=run.get() running=busy in_flight=plan_run.in_flight on_send_again=send_again />
            }}
            <RunDialog plan=plan.into() run=run.into() asking=asking set_asking=set_asking plan_run=plan_run />
            <PlanEvidence plan=plan.into() run=run.into() running=busy on_deleted=Callback::new(move |()| {
                if let Some(id) = current.get_untracked() { kept.remove(&id); }
                editing.set(None);
                current.set(kept.plans.with_untracked(|p| p.plans.last().map(|s| s.plan.id.clone())));
            }) />
        }.into_any()
    };
    let editing_bar = move || {
        let id = editing.get()?;
        let name = stored.with(|s| {
            s.as_ref()
                .and_then(|s| s.plan.partner(&id).map(|p| p.name.clone()))
        })?;
        Some(view! {
            <div class="banner" role="status">
                <p>{format!("Editing {name} in the builder above. Change the postback there, then bring it back here. Its secrets show as ${{env:NAME}}: the plan asks for them when it runs.")}</p>
                <p class="actions">
                    <button type="button" on:click=bring_back>"Bring back to the plan"</button>
                    <button type="button" on:click=move |_| editing.set(None)>"Stop editing"</button>
                </p>
            </div>
        })
    };
    view! {
        <section class="card job-plans" aria-labelledby="plans-heading">
            <h2 id="plans-heading">"Test plans"</h2>
            <p class="hint">
                "Check every conversion event for every partner in one go, before a launch and now and then after. "
                "Nothing is sent until you press Run the plan and confirm."
            </p>
            {move || kept.note.get().map(|n| view! { <ErrorNote message=n.message hint=n.hint /> })}
            {chooser}
            {move || refused.get().then(|| view! {
                <ErrorNote message="the builder has no postback yet".to_owned() hint="Type the partner's postback template in the Build card above, then press again.".to_owned() />
            })}
            <p class="actions">
                <button type="button" on:click=make aria-disabled=move || plan_run.running.get().to_string()>"Make a plan from the builder"</button>
            </p>
            <div class="field">
                <label for="plan-open">"Open a plan file (.json)"</label>
                <input id="plan-open" type="file" accept=".json,application/json" on:change=on_open />
            </div>
            <div class="note" aria-live="polite">
                {move || match open_action.value().get() {
                    Some(Opened::Plan(name)) => format!("Opened {name}. Nothing was sent.").into_any(),
                    Some(Opened::Problem { message, hint }) => view! { <ErrorNote message=message hint=hint /> }.into_any(),
                    None => ().into_any(),
                }}
            </div>
            {editing_bar}
            {body}
        </section>
    }
}

/// A labelled checkbox for each of `all`, ticked while `chosen` says so; `on_tick` hears
/// each press with the item and whether it is now ticked.
fn ticks<T: Copy + PartialEq + Send + Sync + 'static>(
    all: &[T],
    chosen: impl Fn(T) -> bool + Copy + Send + Sync + 'static,
    prefix: &str,
    id: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    on_tick: impl Fn(T, bool) + Copy + 'static,
) -> impl IntoView {
    all.iter()
        .map(|item| {
            let item = *item;
            let id = format!("{prefix}-{}", id(item));
            let for_id = id.clone();
            view! {
                <label class="check" for=for_id>
                    <input type="checkbox" id=id prop:checked=move || chosen(item)
                        on:change=move |ev| on_tick(item, event_target_checked(&ev)) />
                    {label(item)}
                </label>
            }
        })
        .collect_view()
}

/// Reads a plan file and keeps it as a plan of its own; nothing is sent.
async fn open_file(
    file: &web_sys::File,
    kept: crate::ui::state::KeptPlans,
    current: RwSignal<Option<String>>,
) -> Opened {
    if file.size() > MAX_PLAN_BYTES as f64 {
        let e = PlanError::TooLarge {
            bytes: file.size() as usize,
        };
        return Opened::Problem {
            message: e.to_string(),
            hint: e.hint().to_owned(),
        };
    }
    let text = match files::read_text(file).await {
        Ok(text) => text,
        Err(e) => {
            return Opened::Problem {
                message: e.to_string(),
                hint: e.hint(),
            }
        }
    };
    match read_plan(&text) {
        Err(e) => Opened::Problem {
            message: format!("{}: {e}", file.name()),
            hint: e.hint().to_owned(),
        },
        Ok(plan) => {
            let opened = kept.open(plan);
            current.set(Some(opened.id));
            Opened::Plan(opened.name)
        }
    }
}
