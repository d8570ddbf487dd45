//! The platform picker: search the presets by name and choose one.

use leptos::prelude::*;
use postback_core::{template::SyntaxChoice, Preset, PRESETS};

use super::builder::Builder;

/// The "Platform" search field.
#[component]
pub fn PresetPicker(
    /// The postback being built.
    builder: Builder,
) -> impl IntoView {
    let (query, set_query) = signal(
        builder
            .draft
            .with_untracked(|d| d.preset().map(|p| p.name.to_owned()))
            .unwrap_or_default(),
    );
    let choose = move |typed: String| {
        set_query.set(typed.clone());
        let typed = typed.trim().to_lowercase();
        let found = PRESETS
            .iter()
            .find(|p| p.name.to_lowercase() == typed || p.id == typed);
        builder.draft.update(|d| match found {
            Some(preset) => {
                d.preset = Some(preset.id.to_owned());
                d.syntax = preset
                    .syntax
                    .map_or(SyntaxChoice::Detect, SyntaxChoice::Only);
                if d.url.trim().is_empty() {
                    d.url = preset.template.to_owned();
                }
            }
            None if typed.is_empty() => d.preset = None,
            None => {}
        });
    };
    let matches = move || {
        let typed = query.get();
        let chosen = builder.draft.with(|d| d.preset().map(|p| p.name));
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
