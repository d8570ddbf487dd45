//! The platform picker: a combobox (the WAI-ARIA pattern) that searches the presets by name.
//! Arrow keys move through the matches, Enter or Tab takes the highlighted one, Escape
//! closes the list; typing a whole name chooses it too. Switching platform keeps a template
//! the user edited, and offers the new platform's.

use leptos::prelude::*;
use postback_core::{Draft, Preset};

/// The "Platform" combobox.
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
    let (open, set_open) = signal(false);
    // The highlighted option: none until the user types or moves, so Tab through the field
    // never chooses a platform.
    let (active, set_active) = signal(None::<usize>);
    // The platform whose template was not put in, because the user's own was kept.
    let (kept_for, set_kept_for) = signal(None::<&'static Preset>);
    let chosen = move || draft.with(|d| d.preset().map(|p| p.name));
    let matches = Memo::new(move |_| {
        let typed = query.get();
        if typed.trim().is_empty() {
            postback_core::PRESETS.iter().collect::<Vec<_>>()
        } else {
            Preset::search(&typed)
        }
    });
    let choose = move |typed: &str| {
        let mut kept = None;
        draft.update(|d| {
            if let Some(preset) = d.choose_platform(typed) {
                kept = (d.url != preset.template).then_some(preset);
            }
        });
        set_kept_for.set(kept);
    };
    let take = move |preset: &'static Preset| {
        choose(preset.name);
        set_query.set(preset.name.to_owned());
        set_open.set(false);
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = matches.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                if open.get_untracked() && count > 0 {
                    set_active.update(|a| *a = Some(a.map_or(0, |a| (a + 1) % count)));
                }
                set_open.set(true);
            }
            "ArrowUp" => {
                ev.prevent_default();
                if count > 0 {
                    set_active
                        .update(|a| *a = Some(a.map_or(count - 1, |a| (a + count - 1) % count)));
                }
                set_open.set(true);
            }
            "Enter" | "Tab" if open.get_untracked() => {
                let picked = active
                    .get_untracked()
                    .and_then(|a| matches.with_untracked(|m| m.get(a).copied()));
                if let Some(preset) = picked {
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                    }
                    take(preset);
                }
            }
            "Escape" => set_open.set(false),
            _ => {}
        }
    };
    let note = move || {
        let typed = query.get();
        if typed.trim().is_empty() || chosen() == Some(typed.trim()) {
            return None;
        }
        matches.with(Vec::is_empty).then(|| {
            format!(
                "No platform matches “{}”. Pick one from the list, or leave it empty for any platform.",
                typed.trim()
            )
        })
    };
    let options = move || {
        matches
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, preset)| {
                let is_active = move || active.get() == Some(i);
                view! {
                    <li
                        id=format!("platform-option-{}", preset.id)
                        role="option"
                        class:active=is_active
                        aria-selected=move || is_active().to_string()
                        // Taken before the field loses focus and closes the list.
                        on:mousedown=move |ev| {
                            ev.prevent_default();
                            take(preset);
                        }
                    >
                        {preset.name}
                        <span class="hint">{format!(" {}", preset.kind.label())}</span>
                    </li>
                }
            })
            .collect_view()
    };
    let active_id = move || {
        open.get()
            .then(|| {
                matches.with(|m| {
                    active
                        .get()
                        .and_then(|a| m.get(a))
                        .map(|p| format!("platform-option-{}", p.id))
                })
            })
            .flatten()
    };
    view! {
        <div class="field combobox">
            <label for="platform">"Platform"</label>
            <input
                id="platform"
                type="text"
                role="combobox"
                autocomplete="off"
                aria-autocomplete="list"
                aria-controls="platform-options"
                aria-expanded=move || (open.get() && !matches.with(Vec::is_empty)).to_string()
                aria-activedescendant=active_id
                aria-describedby="platform-matches"
                placeholder="Keitaro, Voluum, Everflow…"
                prop:value=move || query.get()
                on:input=move |ev| {
                    let typed = event_target_value(&ev);
                    let typed_is_empty = typed.trim().is_empty();
                    choose(&typed);
                    set_query.set(typed);
                    set_active.set((!typed_is_empty).then_some(0));
                    set_open.set(true);
                }
                on:keydown=on_keydown
                on:focus=move |_| {
                    set_active.set(None);
                    set_open.set(true);
                }
                on:blur=move |_| set_open.set(false)
            />
            <Show when=move || open.get() && !matches.with(Vec::is_empty)>
                // Out of the tab order: Chromium lets Tab stop on a list that scrolls, and this
                // one leaves the page as the field loses focus, taking the focus with it.
                <ul id="platform-options" role="listbox" aria-label="Platforms" tabindex="-1">{options}</ul>
            </Show>
            <p class="hint" id="platform-matches" aria-live="polite">{note}</p>
            {move || kept_for.get().map(|preset| view! {
                <p class="note" role="status">
                    "Your template was kept: it is not " {preset.name} "'s documented one. "
                    <button type="button" class="link" on:click=move |_| {
                        draft.update(|d| d.url = preset.template.to_owned());
                        set_kept_for.set(None);
                    }>{format!("Use the {} template", preset.name)}</button>
                </p>
            })}
        </div>
    }
}
