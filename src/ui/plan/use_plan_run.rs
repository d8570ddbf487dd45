//! Running a plan: one cell at a time, on the one fire pipeline (the core prepares the cell,
//! [`send_prepared`] sends, settles and keeps it, the core judges it against the cell's
//! expectation). Each cell is marked "sending" in storage before its request is handed to
//! the browser, so a reload in the middle shows it as "may have arrived" and never sends it
//! again on its own. Pause stops after the cell in flight; Cancel stops waiting for it.

use leptos::prelude::*;
use postback_core::{judge_cell, CellState, Moment, Plan, PlanRun, StoredPlan};

use crate::{
    entropy, net, storage,
    ui::{
        fire::{send_prepared, Sending},
        state::{use_kept_plans, use_run_history},
    },
};

/// What a press of Run, Resume or Send again asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Go {
    /// The kept plan's ID.
    pub plan_id: String,
    /// The plan with its placeholders filled: what is sent.
    pub filled: Plan,
    /// Start from the beginning, forgetting the last run (every cell is sent again).
    pub fresh: bool,
    /// Send only this cell, again: an explicit press on a cell that may have arrived.
    pub only: Option<String>,
}

/// Why a run stopped before its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// Paused: it stops after the postback in flight.
    Pause,
    /// Cancelled: it stops waiting for the postback in flight, which may still arrive.
    Cancel,
}

/// How the last press of Run, Resume or Send again ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// It ran until done, paused or cancelled.
    Ran,
    /// Another tab of this browser is running the same plan: nothing was sent from here.
    Elsewhere,
    /// The plan was changed or deleted (in another tab) while it ran: it stopped before
    /// the next postback.
    Changed,
}

/// What [`use_plan_run`] gives.
#[derive(Clone, Copy)]
pub struct UsePlanRunReturn {
    /// Starts, resumes, or sends one cell again; nothing while a run is going.
    pub go: Callback<Go>,
    /// Stops after the postback in flight.
    pub pause: Callback<()>,
    /// Stops waiting for the postback in flight.
    pub cancel: Callback<()>,
    /// Whether a run is going.
    pub running: Signal<bool>,
    /// Pause or Cancel, once pressed during the run.
    pub stopping: Signal<Option<Stop>>,
    /// The cell whose request this tab is waiting on, so it reads "Sending", not "may have
    /// arrived".
    pub in_flight: Signal<Option<String>>,
    /// How the last press ended, once it has.
    pub ended: Signal<Option<Ended>>,
}

/// Runs plans kept in [`use_kept_plans`], keeping every fire in the run history too.
pub fn use_plan_run() -> UsePlanRunReturn {
    let kept = use_kept_plans();
    let runs = use_run_history();
    let stop = RwSignal::new(None::<Stop>);
    let in_flight = RwSignal::new(None::<String>);
    let controller = StoredValue::new_local(None::<web_sys::AbortController>);
    let go_action = Action::new_local(move |go: &Go| {
        let go = go.clone();
        stop.set(None);
        async move {
            // One tab runs a plan at a time: a second tab's Run or Resume would otherwise
            // send the cells the first is about to send. A browser without Web Locks runs.
            let lock = format!(
                "{}:run:{}",
                postback_core::StorageKey::Plans.name(),
                go.plan_id
            );
            let _held = match storage::hold_lock(&lock).await {
                Ok(held) => Some(held),
                Err(storage::LockError::Taken) => return Ended::Elsewhere,
                Err(storage::LockError::Unsupported) => None,
            };
            let Some(stored) = kept.get(&go.plan_id) else {
                return Ended::Changed;
            };
            // What "unchanged" is compared with: the plan as stored (or, without storage, as
            // this tab holds it) at the press.
            let current = move |id: &str| kept.stored(id).or_else(|| kept.get(id));
            let started_as = current(&go.plan_id).map_or(stored.plan.clone(), |s| s.plan);
            let plan_id = go.plan_id.clone();
            let save = move |run: &PlanRun| {
                if let Some(now) = kept.get(&plan_id) {
                    kept.put(StoredPlan {
                        run: Some(run.clone()),
                        ..now
                    });
                }
            };
            let mut run = match (go.fresh, stored.run) {
                (false, Some(run)) => run,
                _ => PlanRun::new(entropy::now_ms()),
            };
            run.resume();
            // Sent again on a press, a cell repeats the transaction ID it went with, so a
            // receiver that got it the first time can refuse the repeat.
            let again = go
                .only
                .as_deref()
                .and_then(|only| run.sent_transaction(only))
                .map(str::to_owned);
            if let Some(only) = &go.only {
                run.forget(only);
            }
            let cells = go.filled.cells();
            loop {
                if stop.get_untracked().is_some() {
                    break;
                }
                // Another tab resuming the same run: what it sent, or is sending, is not
                // sent from here. (Send again is an explicit press for one cell.)
                // A plan changed or deleted since the press is not sent as it was.
                match current(&go.plan_id) {
                    Some(now) if now.plan == started_as => {
                        if let (None, Some(theirs)) = (&go.only, now.run) {
                            run.adopt(&theirs);
                        }
                    }
                    _ => return Ended::Changed,
                }
                let next = match &go.only {
                    Some(only) => cells
                        .iter()
                        .find(|c| c.id() == *only && run.state(only).is_none()),
                    None => run.next(&cells),
                };
                let Some(cell) = next.cloned() else {
                    break;
                };
                let id = cell.id();
                let first = run
                    .first_transaction(&go.filled, &cell.partner)
                    .map(str::to_owned);
                let first_delivery = run.first_delivery(&go.filled, &cell.partner).cloned();
                let mut fresh = |kind| match (kind, &again) {
                    (postback_core::FreshId::Transaction, Some(id)) => id.clone(),
                    _ => entropy::fresh_id(),
                };
                let mut moment = Moment {
                    now_ms: entropy::now_ms(),
                    fresh_id: &mut fresh,
                };
                match go.filled.prepare_cell(&cell, first.as_deref(), &mut moment) {
                    Err(e) => run.file(
                        &id,
                        CellState::NotSent {
                            why: e.to_string(),
                            hint: e.hint().to_owned(),
                        },
                    ),
                    Ok(prepared) => {
                        let transaction_id = prepared.transaction_id().map(str::to_owned);
                        // Stored before the request leaves: after a reload it may have arrived.
                        run.mark_sending(&id, entropy::now_ms(), transaction_id.as_deref());
                        in_flight.set(Some(id.clone()));
                        save(&run);
                        let abort = web_sys::AbortController::new().ok();
                        let signal = abort.as_ref().map(web_sys::AbortController::signal);
                        controller.set_value(abort);
                        let expect = cell.expect;
                        let outcome = send_prepared(
                            prepared,
                            Sending {
                                timeout_secs: net::DEFAULT_TIMEOUT_SECS,
                                mode: postback_core::FetchMode::Read,
                                cancel: signal,
                                relay: None,
                            },
                            move |delivery, answers| {
                                judge_cell(delivery, answers, expect, first_delivery.as_ref())
                            },
                            runs,
                        )
                        .await;
                        controller.set_value(None);
                        in_flight.set(None);
                        let state = match outcome.fired {
                            Ok(fired) => {
                                CellState::sent(fired.run, fired.judged.judgement, transaction_id)
                            }
                            Err(e) => CellState::NotSent {
                                why: e.to_string(),
                                hint: e.hint().to_owned(),
                            },
                        };
                        run.file(&id, state);
                    }
                }
                save(&run);
                if go.only.is_some() {
                    break;
                }
            }
            // A run that reached no cell still says it ran.
            save(&run);
            Ended::Ran
        }
    });
    let running = go_action.pending();
    let go = Callback::new(move |go: Go| {
        if !running.get_untracked() {
            go_action.dispatch(go);
        }
    });
    let pause = Callback::new(move |()| stop.set(Some(Stop::Pause)));
    let cancel = Callback::new(move |()| {
        stop.set(Some(Stop::Cancel));
        controller.with_value(|c| {
            if let Some(c) = c {
                c.abort();
            }
        });
    });
    UsePlanRunReturn {
        go,
        pause,
        cancel,
        running: running.into(),
        stopping: stop.into(),
        in_flight: in_flight.into(),
        ended: go_action.value().into(),
    }
}
