//! The Fire button and the region that shows what happened.

use leptos::prelude::*;

use postback_core::{FireRequest, RequestError};

use super::{builder::Builder, result_view::ResultView};
use crate::net::{self, DEFAULT_TIMEOUT_SECS};

/// The "Fire" job: send the built URL once per press and show the result.
#[component]
pub fn FirePanel(
    /// The postback being built.
    builder: Builder,
) -> impl IntoView {
    let fire_action = Action::new_local(|request: &Result<FireRequest, RequestError>| {
        let request = request.clone();
        async move { net::fire(request, DEFAULT_TIMEOUT_SECS).await }
    });
    let pending = fire_action.pending();
    let on_fire = move |_| {
        if !pending.get_untracked() {
            let request = builder
                .draft
                .with_untracked(|d| builder.build.with_untracked(|b| b.request(d)));
            fire_action.dispatch(request);
        }
    };
    view! {
        <section class="card job-fire" aria-labelledby="fire-heading">
            <h2 id="fire-heading">"Fire"</h2>
            <p class="note">
                "Sends the postback once with your browser, without cookies or referrer. "
                "It never fires again on its own."
            </p>
            <div class="actions">
                <button
                    type="button"
                    class="primary"
                    on:click=on_fire
                    aria-disabled=move || pending.get().to_string()
                >
                    "Fire"
                </button>
                <span class="pending" aria-live="polite">
                    {move || pending.get().then_some("Sending…")}
                </span>
            </div>
            <div class="result" role="region" aria-labelledby="result-heading">
                <h3 id="result-heading">"Result"</h3>
                <ResultView outcome=fire_action.value() />
            </div>
        </section>
    }
}
