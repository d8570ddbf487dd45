//! The platform picker: search the presets by name and choose one.

use leptos::prelude::*;
use postback_core::{Draft, Preset, PRESETS};

/// The "Platform" search field.
#[component]
pub fn PlatformPicker(
    /// The postback being built; choosing a platform sets its preset.
    draft: RwSignal<Draft>,
) -> impl IntoView {
    let (query, set_query) = signal(
        draft
            .with_untracked(|d| d.preset().map(|p| p.name.to_owned()))
            .unwrap_or_default(),
    );
    let choose = move |typed: String| {
        draft.update(|d| {
            d.choose_platform(&typed);
        });
        set_query.set(typed);
    };
    let matches = move || {
        let typed = query.get();
        let chosen = draft.with(|d| d.preset().map(|p| p.name));
        if typed.trim().is_empty() || chosen == Some(typed.trim()) {
            return None;
        }
        let found = Preset::search(&typed);
        Some(if found.is_empty() {
            format!("No platform matches “{}”. Pick one from the list, or leave it empty for any platform.", typed.trim())
        } else {
            format!(
                "Matches: {}",
                found.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
            )
        })
    };
    view! {
        <div class="field">
            <label for="platform">"Platform"</label>
            <input
                id="platform"
                type="search"
                list="platform-list"
                autocomplete="off"
                placeholder="Search platforms: Keitaro, Voluum, Everflow…"
                aria-describedby="platform-matches"
                prop:value=move || query.get()
                on:input=move |ev| choose(event_target_value(&ev))
            />
            <datalist id="platform-list">
                {PRESETS.iter().map(|p| view! { <option value=p.name>{p.kind.label()}</option> }).collect_view()}
            </datalist>
            <p class="hint" id="platform-matches" aria-live="polite">{matches}</p>
        </div>
    }
}
