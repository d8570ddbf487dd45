//! One input per macro, labelled with the macro's name, with the platform's hint and a
//! generator button where one fits.

use leptos::prelude::*;
use postback_core::{Build, Draft, Field, LeftOut, Spot};

use crate::entropy;

/// "Values": the values to fill in.
#[component]
pub fn ValueInputs(
    /// The postback being built; each input sets one of its values.
    draft: RwSignal<Draft>,
    /// What it builds: one input per field.
    #[prop(into)]
    built: Signal<Build>,
    /// The secrets a saved draft or a link left out, whose inputs ask for them again.
    left_out: Signal<LeftOut>,
) -> impl IntoView {
    let fields = move || built.with(|b| b.fields.clone());
    view! {
        <Show when=move || built.with(|b| !b.fields.is_empty())>
            <fieldset class="macros">
                <legend>"Values"</legend>
                <For
                    each=fields
                    key=|field| format!("{}|{:?}|{:?}", field.name, field.hint, field.generator)
                    children=move |field: Field| view! { <ValueInput draft=draft built=built left_out=left_out field=field /> }
                />
            </fieldset>
        </Show>
    }
}

/// One labelled input.
#[component]
fn ValueInput(
    /// The postback being built.
    draft: RwSignal<Draft>,
    /// What it builds, for the findings about this value.
    built: Signal<Build>,
    /// The secrets left out, to say when this one was.
    left_out: Signal<LeftOut>,
    /// The macro this input fills.
    field: Field,
) -> impl IntoView {
    let id = format!("macro-{}", field.name);
    let hint_id = format!("hint-{}", field.name);
    let name = field.name.clone();
    let value = {
        let name = name.clone();
        move || draft.with(|d| d.values.get(&name).unwrap_or_default().to_owned())
    };
    let set_value = {
        let name = name.clone();
        move |text: String| draft.update(|d| d.values.set(name.clone(), text))
    };
    let invalid = {
        let name = name.clone();
        move || {
            built
                .with(|b| {
                    b.findings
                        .iter()
                        .any(|f| matches!(&f.spot, Spot::Value { name: n } if *n == name))
                })
                .to_string()
        }
    };
    let (problem, set_problem) = signal(None::<String>);
    let generate = field.generator.map(|generator| {
        let set_value = set_value.clone();
        let on_click = move |_| match entropy::random_bytes() {
            Ok(random) => {
                set_problem.set(None);
                set_value(generator.generate(entropy::now_ms(), random));
            }
            Err(e) => set_problem.set(Some(format!("{e}. {}", e.hint()))),
        };
        view! {
            <button
                type="button"
                class="generate"
                aria-label=format!("{} for {}", generator.label(), field.name)
                on:click=on_click
            >
                {generator.label()}
            </button>
        }
    });
    let described = field.hint.is_some().then(|| hint_id.clone());
    view! {
        <div class="field">
            <label for=id.clone()>{field.name.clone()}</label>
            <div class="input-row">
                <input
                    id=id
                    type="text"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    placeholder={
                        let (name, written) = (name.clone(), field.written.clone());
                        move || if left_out.with(|l| l.values.contains(&name)) {
                            "secret left out: type it again".to_owned()
                        } else {
                            written.clone()
                        }
                    }
                    aria-describedby=described
                    aria-invalid=invalid
                    prop:value=value
                    on:input=move |ev| set_value(event_target_value(&ev))
                />
                {generate}
            </div>
            {field.hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            {move || problem.get().map(|p| view! { <p class="hint problem-text">{p}</p> })}
            {move || {
                let was_left_out = left_out.with(|l| l.values.contains(&name))
                    && draft.with(|d| d.values.get(&name).is_none_or(str::is_empty));
                was_left_out.then(|| view! {
                    <p class="hint" role="status">"Secret left out when it was saved or shared: type it again."</p>
                })
            }}
        </div>
    }
}
