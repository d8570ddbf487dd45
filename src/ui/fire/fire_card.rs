//! The "Fire" card: what the browser will do before anything is sent, the Fire buttons, the
//! request to copy as a command, the result, the scenarios and sharing the test.

use leptos::prelude::*;
use postback_core::{
    copy_as, Build, CopyTarget, Draft, FetchMode, FireError, Prepared, Scenario, Signing,
};

use super::{
    before_sending::BeforeSending,
    local_relay::{default_relay_address, LocalRelay},
    problem_question::{must_ask, Accepted, ProblemQuestion},
    result_view::ResultView,
    scenarios::Scenarios,
    share_test::ShareTest,
    use_fire::{use_fire, Shot},
};
use crate::{net::DEFAULT_TIMEOUT_SECS, relay::RelayTarget, ui::widgets::CopyButton};

/// The longest time limit the timeout field accepts, in seconds.
const MAX_TIMEOUT_SECS: u32 = 120;

/// The "Fire" card: check, send once per press, and show the result.
#[component]
pub fn FireCard(
    /// The postback being built.
    #[prop(into)]
    draft: Signal<Draft>,
    /// What the draft builds, for the scenarios.
    #[prop(into)]
    built: Signal<Build>,
    /// How fires are signed.
    #[prop(into)]
    signing: Signal<Signing>,
    /// The request Fire would send now.
    #[prop(into)]
    preview: Signal<Result<Prepared, FireError>>,
    /// The scenario chosen under "Scenarios".
    scenario: RwSignal<Scenario>,
    /// Called on every press of Fire: from then on the builder shows every problem.
    on_attempt: Callback<()>,
) -> impl IntoView {
    let (timeout, set_timeout) = signal(DEFAULT_TIMEOUT_SECS.to_string());
    let timeout_secs = move || timeout.with(|t| parse_timeout(t));
    let fire = use_fire(draft, signing);
    let pending = fire.pending;
    // The relay's address and code live in this tab's memory only.
    let relay_on = RwSignal::new(false);
    let relay_address = RwSignal::new(default_relay_address());
    let relay_code = RwSignal::new(String::new());
    // A press with problems asks once, naming them; the same problems are not asked again.
    let (asking, set_asking) = signal(None::<FetchMode>);
    let accepted: Accepted = StoredValue::new(None);
    let send = move |mode: FetchMode| {
        let timeout_secs = timeout
            .with_untracked(|t| parse_timeout(t))
            .unwrap_or(DEFAULT_TIMEOUT_SECS);
        set_asking.set(None);
        let relay = relay_on.get_untracked().then(|| RelayTarget {
            address: relay_address.get_untracked(),
            code: relay_code.get_untracked(),
        });
        fire.fire.run(Shot {
            mode,
            relay,
            ..Shot::as_built(timeout_secs)
        });
    };
    let press = move |mode: FetchMode| {
        on_attempt.run(());
        if pending.get_untracked() {
            return;
        }
        // A request that cannot be sent is not asked about: the press says why, sending nothing.
        let cannot_send = preview.with_untracked(Result::is_err);
        if cannot_send || !must_ask(built, accepted) {
            send(mode);
        } else {
            set_asking.set(Some(mode));
        }
    };
    let confirm = move || {
        asking.get().map(|mode| {
            view! {
                <ProblemQuestion
                    action="Fire".to_owned()
                    built=built
                    accepted=accepted
                    on_fire=Callback::new(move |()| send(mode))
                    on_fix=Callback::new(move |()| set_asking.set(None))
                />
            }
        })
    };
    let copies = CopyTarget::ALL
        .iter()
        .map(|&target| {
            let text = Signal::derive(move || {
                preview.with(|p| {
                    p.as_ref()
                        .map(|p| copy_as(&p.request, target))
                        .unwrap_or_default()
                })
            });
            view! { <CopyButton text=text what=format!("as {}", target.label()) label=target.label() /> }
        })
        .collect_view();
    view! {
        <section class="card job-fire" aria-labelledby="fire-heading">
            <h2 id="fire-heading">"Fire"</h2>
            <p class="note">
                "Sends the postback once with your browser, without cookies or referrer. "
                "It never fires again on its own."
            </p>
            <BeforeSending preview=preview relayed=relay_on />
            <div class="actions">
                <button
                    type="button"
                    id="fire-button"
                    class="primary"
                    aria-keyshortcuts="Control+Enter Meta+Enter"
                    on:click=move |_| press(FetchMode::Read)
                    on:keydown=ignore_held_key
                    aria-disabled=move || pending.get().to_string()
                >
                    "Fire"
                </button>
                // Through the relay every answer is read: this mode would bypass it.
                <Show when=move || !relay_on.get()>
                    <button
                        type="button"
                        on:click=move |_| press(FetchMode::NoCors)
                        on:keydown=ignore_held_key
                        aria-disabled=move || pending.get().to_string()
                        aria-describedby="no-cors-hint"
                    >
                        "Send without reading the answer"
                    </button>
                </Show>
                <Show when=move || pending.get()>
                    <button type="button" on:click=move |_| fire.cancel.run(())>"Cancel"</button>
                </Show>
                <span class="pending" aria-live="polite">
                    {move || pending.get().then_some("Sending…")}
                </span>
            </div>
            {confirm}
            <Show when=move || !relay_on.get()>
                <p class="hint" id="no-cors-hint">
                    "Without reading the answer (no-cors), a receiver without CORS headers still gets "
                    "the postback, but custom headers and JSON bodies are dropped and neither status "
                    "nor body can be known."
                </p>
            </Show>
            <div class="field timeout">
                <label for="timeout">"Timeout (seconds)"</label>
                <input
                    id="timeout"
                    type="number"
                    min="1"
                    max=MAX_TIMEOUT_SECS
                    inputmode="numeric"
                    prop:value=move || timeout.get()
                    on:input=move |ev| set_timeout.set(event_target_value(&ev))
                    aria-invalid=move || timeout_secs().is_none().to_string()
                />
                {move || timeout_secs().is_none().then(|| view! {
                    <p class="hint problem-text">
                        {format!("Type a whole number of seconds from 1 to {MAX_TIMEOUT_SECS}; until then {DEFAULT_TIMEOUT_SECS} s is used.")}
                    </p>
                })}
            </div>
            <LocalRelay on=relay_on address=relay_address code=relay_code />
            <div class="copies">
                <span class="hint">"Copy the request as"</span>
                {copies}
            </div>
            <div class="result" role="region" aria-labelledby="result-heading">
                <h3 id="result-heading">"Result"</h3>
                <ResultView outcome=fire.outcome />
            </div>
            <ShareTest draft=draft signing=signing scenario=scenario />
            <Scenarios
                draft=draft
                built=built
                signing=signing
                scenario=scenario
                timeout_secs=Signal::derive(move || timeout_secs().unwrap_or(DEFAULT_TIMEOUT_SECS))
            />
        </section>
    }
}

/// The timeout typed, when it is a whole number of seconds in range.
fn parse_timeout(text: &str) -> Option<u32> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|s| (1..=MAX_TIMEOUT_SECS).contains(s))
}

/// A key held down on a button repeats its press many times a second: only the first counts.
fn ignore_held_key(ev: leptos::ev::KeyboardEvent) {
    if ev.repeat() {
        ev.prevent_default();
    }
}

#[cfg(test)]
mod tests {
    use super::parse_timeout;

    #[test]
    fn only_whole_seconds_in_range_are_a_timeout() {
        assert_eq!(parse_timeout(" 15 "), Some(15));
        for bad in ["0", "121", "1.5", "", "ten", "-3"] {
            assert_eq!(parse_timeout(bad), None, "{bad:?}");
        }
    }
}
