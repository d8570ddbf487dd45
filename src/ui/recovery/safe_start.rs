//! "Start safely": the page stopped while it opened last time, perhaps because of something
//! stored in this browser. Offer to move the stored data aside and start empty, or to try
//! again as usual.

use leptos::prelude::*;
use postback_core::StorageKey;

use crate::{storage, ui::widgets::ErrorNote};

/// The choice shown instead of the page after a start that stopped.
#[component]
pub fn SafeStart(
    /// Called to open the page, after the stored data was moved aside or not.
    on_open: Callback<()>,
) -> impl IntoView {
    let (problem, set_problem) = signal(None::<storage::StorageError>);
    let start_safely = move |_| match storage::move_all_to_backup() {
        Ok(_) => on_open.run(()),
        Err(e) => set_problem.set(Some(e)),
    };
    view! {
        <main class="jobs">
            <section class="card" aria-labelledby="safe-start-heading">
                <h2 id="safe-start-heading">"The page stopped while it opened last time"</h2>
                <p class="lead">
                    "Something stored in this browser may have stopped it. You can start safely: "
                    "everything the page stored (runs, the draft, remembered secrets) is moved to "
                    <code>{StorageKey::Backup.name()}</code>
                    " in this site's storage, where nothing is lost, and the page opens empty."
                </p>
                <div class="actions">
                    <button type="button" class="primary" on:click=start_safely>"Start safely"</button>
                    <button type="button" on:click=move |_| on_open.run(())>"Open as usual"</button>
                </div>
                {move || problem.get().map(|e| view! { <ErrorNote message=e.to_string() hint=e.hint().to_owned() /> })}
            </section>
        </main>
    }
}
