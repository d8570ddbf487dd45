//! The one way the page fires a postback, shared by Fire, every scenario step and the
//! partner's button: prepare the request with the core, hand it to the browser once, settle
//! and judge what came back with the core, and keep the run in the history.

use leptos::prelude::*;
use postback_core::{
    blocked_before_sending, classify, judge, settle, Answers, Change, Delivery, Draft, Expect,
    FetchMode, Judged, Prepared, Run, Signing,
};

use super::result_view::{Fired, NotSent, Outcome};
use crate::{
    entropy, net, page,
    relay::{send_through_relay, RelayTarget, Relayed},
    ui::state::{prepare_now, use_run_history, RunHistory},
};

/// What the history keeps of a fire the local relay sent.
const RELAYED_NOTE: &str =
    "Sent once from this computer by the local relay (postback relay), which read the whole answer.";

/// One press: what the step changes, what it expects, and how to send it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shot {
    /// What the press changes in the postback (nothing for Fire).
    pub change: Change,
    /// What the receiver should answer, for a scenario step.
    pub expect: Option<Expect>,
    /// What the first step of the scenario observed, for the duplicate test.
    pub first: Option<Delivery>,
    /// The new transaction ID the step showed before the press, so it is the one sent.
    pub transaction_id: Option<String>,
    /// Read the answer, or send without reading it.
    pub mode: FetchMode,
    /// How long to wait for the answer.
    pub timeout_secs: u32,
    /// The local relay to send through, when the answer is read through it.
    pub relay: Option<RelayTarget>,
}

impl Shot {
    /// The postback as built, read, within `timeout_secs`.
    pub fn as_built(timeout_secs: u32) -> Self {
        Self {
            change: Change::AsBuilt,
            expect: None,
            first: None,
            transaction_id: None,
            mode: FetchMode::Read,
            timeout_secs,
            relay: None,
        }
    }
}

/// How a prepared request is handed to the browser.
pub struct Sending {
    /// How long to wait for the answer.
    pub timeout_secs: u32,
    /// Read the answer, or send without reading it.
    pub mode: FetchMode,
    /// Aborts the wait.
    pub cancel: Option<web_sys::AbortSignal>,
    /// The local relay that sends it instead of the browser, when one is chosen.
    pub relay: Option<RelayTarget>,
}

/// The rest of the one fire pipeline, after the core prepared the request: the check before
/// sending, the one fetch, the core's settle and `judged_by`, and the run kept in the history.
pub async fn send_prepared(
    prepared: Prepared,
    sending: Sending,
    judged_by: impl FnOnce(&Delivery, Answers) -> Judged,
    runs: RunHistory,
) -> Outcome {
    let classification = classify(&page::origin(), &prepared.request);
    let started = js_sys::Date::now();
    let relayed = sending.relay.is_some();
    let (delivery, relay_ms) = match (&sending.relay, blocked_before_sending(&classification)) {
        // The relay sends from this computer: what the browser would block does not apply.
        (Some(target), _) => {
            match send_through_relay(
                target,
                &prepared.request,
                sending.timeout_secs,
                sending.cancel,
            )
            .await
            {
                Ok(Relayed::Answered(answer)) => (answer.delivery, Some(answer.elapsed_ms)),
                Ok(Relayed::TimedOut) => (
                    Delivery::TimedOut {
                        after_secs: sending.timeout_secs,
                    },
                    None,
                ),
                Ok(Relayed::Cancelled) => (Delivery::Cancelled, None),
                Err(e) => return Outcome::not_sent(NotSent::Relay(e)),
            }
        }
        (None, Some(blocked)) => (blocked, None),
        (None, None) => {
            match net::send(
                &prepared.request,
                sending.timeout_secs,
                sending.mode,
                sending.cancel,
            )
            .await
            {
                Ok(fetched) => (settle(sending.mode, &classification, fetched), None),
                Err(e) => return Outcome::not_sent(NotSent::Send(e)),
            }
        }
    };
    let elapsed_ms = relay_ms.unwrap_or_else(|| (js_sys::Date::now() - started).max(0.0) as u32);
    let answers = prepared
        .draft
        .preset()
        .map_or(Answers::Undocumented, |p| p.answers);
    // Judged on the answer with the secrets hidden: a receiver that echoes a token back in its
    // refusal must not put it into the reading, which the history and the reports keep.
    let mut judged = judged_by(&prepared.secrets.hide_in_answer(delivery.clone()), answers);
    let notes = if relayed {
        judged.verdict = judged.verdict.through_relay();
        vec![RELAYED_NOTE.to_owned()]
    } else {
        classification.notes().into_iter().map(|n| n.text).collect()
    };
    let run = Run::new(
        entropy::fresh_id(),
        entropy::now_ms(),
        &prepared,
        notes,
        delivery.clone(),
        elapsed_ms,
    )
    .with_problems(prepared.draft.build().problems());
    runs.record(run.clone());
    Outcome {
        fired: Ok(Fired {
            request: prepared.request,
            delivery,
            elapsed_ms,
            judged,
            run,
            relayed,
        }),
    }
}

/// What [`use_fire`] gives.
#[derive(Clone, Copy)]
pub struct UseFireReturn {
    /// Fires once, unless a fire is already waiting for its answer.
    pub fire: Callback<Shot>,
    /// Stops waiting for the answer of the fire in flight (it may have arrived).
    pub cancel: Callback<()>,
    /// Whether a fire is waiting for its answer.
    pub pending: Signal<bool>,
    /// What the last press gave; `None` until the first.
    pub outcome: Signal<Option<Outcome>>,
}

/// Fires the postback `draft` builds, signed with `signing`, one press at a time, and keeps
/// every run that was handed to the browser in the history.
pub fn use_fire(draft: Signal<Draft>, signing: Signal<Signing>) -> UseFireReturn {
    let runs = use_run_history();
    let controller = StoredValue::new_local(None::<web_sys::AbortController>);
    let fire_action = Action::new_local(move |shot: &Shot| {
        let shot = shot.clone();
        let prepared = draft.with_untracked(|d| {
            signing.with_untracked(|s| {
                prepare_now(d, s, shot.change, shot.mode, shot.transaction_id.as_deref())
            })
        });
        let cancel = web_sys::AbortController::new().ok();
        let signal = cancel.as_ref().map(web_sys::AbortController::signal);
        controller.set_value(cancel);
        async move {
            let prepared = match prepared {
                Ok(prepared) => prepared,
                Err(e) => return Outcome::not_sent(NotSent::Fire(e)),
            };
            let (expect, first) = (shot.expect, shot.first);
            send_prepared(
                prepared,
                Sending {
                    timeout_secs: shot.timeout_secs,
                    mode: shot.mode,
                    cancel: signal,
                    relay: shot.relay.filter(|_| shot.mode == FetchMode::Read),
                },
                move |delivery, answers| judge(delivery, answers, expect, first.as_ref()),
                runs,
            )
            .await
        }
    });
    let pending = fire_action.pending();
    let fire = Callback::new(move |shot: Shot| {
        if !pending.get_untracked() {
            fire_action.dispatch(shot);
        }
    });
    let cancel = Callback::new(move |()| {
        controller.with_value(|c| {
            if let Some(c) = c {
                c.abort();
            }
        });
    });
    UseFireReturn {
        fire,
        cancel,
        pending: pending.into(),
        outcome: fire_action.value().into(),
    }
}
