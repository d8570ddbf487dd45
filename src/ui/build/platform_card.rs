//! What the chosen platform expects, a link to its documentation, and its template on request.

use leptos::prelude::*;
use postback_core::{Draft, Preset};

/// The chosen platform's card; nothing when no platform is chosen.
#[component]
pub fn PlatformCard(
    /// The postback being built; "Use the … template" sets its template.
    draft: RwSignal<Draft>,
) -> impl IntoView {
    move || draft.with(|d| d.preset()).map(|preset| card(draft, preset))
}

fn card(draft: RwSignal<Draft>, preset: &'static Preset) -> impl IntoView {
    let differs = move || draft.with(|d| d.url != preset.template);
    let statuses = (!preset.statuses.is_empty()).then(|| {
        view! { <dt>"Statuses"</dt><dd><code>{preset.statuses.join(", ")}</code></dd> }
    });
    let shape = preset
        .click_id_shape
        .map(|s| view! { <dt>"Click ID"</dt><dd>{s.describe()}</dd> });
    view! {
        <div class="preset-card">
            <p>
                <strong>{preset.name}</strong> " (" {preset.kind.label()} ") reads the click ID from "
                <code>{preset.click_id_keys.join(" or ")}</code> ". "
                <a href=preset.docs target="_blank" rel="noopener noreferrer">"Its postback documentation"</a>
            </p>
            <dl class="facts">{statuses}{shape}</dl>
            <Show when=differs>
                <button
                    type="button"
                    on:click=move |_| draft.update(|d| d.url = preset.template.to_owned())
                >
                    {format!("Use the {} template", preset.name)}
                </button>
            </Show>
        </div>
    }
}
