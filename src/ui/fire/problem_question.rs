//! "Fire with 1 problem?": the one question a press with problems asks, in the page, naming
//! them, for Fire and every scenario step alike. Problems accepted once are not asked again.

use leptos::prelude::*;
use postback_core::Build;

use crate::ui::widgets::sentence;

/// The problems the user chose to fire with, so the same ones are not asked about again.
pub type Accepted = StoredValue<Option<Vec<String>>>;

/// Whether a press now must ask first: there are problems, and not the ones accepted.
pub fn must_ask(built: Signal<Build>, accepted: Accepted) -> bool {
    let problems = built.with_untracked(Build::problems);
    !problems.is_empty() && accepted.with_value(|a| a.as_ref() != Some(&problems))
}

/// The question, listing the problems as they are now (an edit while it is open counts);
/// nothing when there are none.
#[component]
pub fn ProblemQuestion(
    /// What the press does, as the question names it: "Fire", "Fire step 2".
    action: String,
    /// What the draft builds, for its problems.
    #[prop(into)]
    built: Signal<Build>,
    /// Where the accepted problems are kept.
    accepted: Accepted,
    /// Called by "Fire anyway", after the problems are accepted.
    on_fire: Callback<()>,
    /// Called by "Fix first".
    on_fix: Callback<()>,
) -> impl IntoView {
    move || {
        let problems = built.with(Build::problems);
        let count = problems.len();
        (count > 0).then(|| {
            let question = format!(
                "{action} with {count} problem{}?",
                if count == 1 { "" } else { "s" }
            );
            let items = problems
                .iter()
                .map(|p| view! { <li>{sentence(p)}</li> })
                .collect_view();
            view! {
                <div class="confirm" role="alert">
                    <p><strong>{question}</strong></p>
                    <ul>{items}</ul>
                    <p class="hint">"The run keeps them as problems at fire time, in the history and every export."</p>
                    <div class="actions">
                        <button type="button" class="danger" on:click=move |_| {
                            accepted.set_value(Some(problems.clone()));
                            on_fire.run(());
                        }>"Fire anyway"</button>
                        <button type="button" on:click=move |_| on_fix.run(())>"Fix first"</button>
                    </div>
                </div>
            }
        })
    }
}
