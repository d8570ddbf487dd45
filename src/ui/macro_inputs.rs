//! One input per macro of the template, labelled with the macro's name.

use leptos::prelude::*;

use super::draft::Draft;

/// The values to fill in, one labelled input per distinct macro name.
#[component]
pub fn MacroInputs(
    /// The postback being built.
    draft: Draft,
) -> impl IntoView {
    let names = move || {
        draft.parsed.with(|p| {
            p.as_ref()
                .map(|t| t.names().into_iter().map(str::to_owned).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    let no_macros = move || {
        draft
            .parsed
            .with(|p| p.as_ref().is_ok_and(|t| t.macros().is_empty()))
            .then(|| {
                view! {
                    <p class="note">
                        "No macros in this template: the URL is used as it is. "
                        "Write a placeholder like " <code>"{clickid}"</code>
                        " to get an input for its value."
                    </p>
                }
            })
    };
    view! {
        {no_macros}
        <Show when=move || !names().is_empty()>
            <fieldset class="macros">
                <legend>"Values"</legend>
                <For
                    each=names
                    key=|name| name.clone()
                    children=move |name: String| {
                        let id = format!("macro-{name}");
                        let key = name.clone();
                        let value = move || {
                            draft.values.with(|v| v.get(&key).unwrap_or_default().to_owned())
                        };
                        let set_name = name.clone();
                        view! {
                            <div class="field">
                                <label for=id.clone()>{name}</label>
                                <input
                                    id=id
                                    type="text"
                                    spellcheck="false"
                                    autocomplete="off"
                                    prop:value=value
                                    on:input=move |ev| {
                                        let typed = event_target_value(&ev);
                                        draft.values.update(|v| v.set(set_name.clone(), typed));
                                    }
                                />
                            </div>
                        }
                    }
                />
            </fieldset>
        </Show>
    }
}
