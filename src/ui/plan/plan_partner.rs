//! One partner of a plan: its name, where its postbacks go, the value its event parameter
//! takes for each event, what its receiver documents doing with repeats and tests, and the
//! presses that open it in the builder or take it out (once confirmed).
//!
//! Everything reads the partner as a signal, so typing a value and moving on with Tab
//! changes that value and keeps the focus where it went.

use leptos::prelude::*;
use postback_core::{ConversionEvent, Duplicates, Partner, Preset};

/// A partner of the plan, as a fieldset named after it.
#[component]
pub fn PlanPartner(
    /// The partner.
    partner: Signal<Partner>,
    /// The plan's events, in order.
    events: Signal<Vec<ConversionEvent>>,
    /// Whether the plan fires as a test where the platform documents a flag.
    as_test: Signal<bool>,
    /// Called with the partner as changed here.
    on_change: Callback<Partner>,
    /// Opens the partner's postback in the builder.
    on_edit: Callback<()>,
    /// Takes the partner out of the plan, once confirmed.
    on_remove: Callback<()>,
) -> impl IntoView {
    let id = partner.with_untracked(|p| p.id.clone());
    let name = Memo::new(move |_| partner.with(|p| p.name.clone()));
    let preset = Memo::new(move |_| partner.with(|p| p.draft.preset.clone()));
    let preset = move || preset.with(|p| p.as_deref().and_then(Preset::by_id));
    let param = Memo::new(move |_| partner.with(|p| p.event_param.clone()));
    let fields = Memo::new(move |_| {
        partner.with(|p| {
            p.draft
                .build()
                .fields
                .into_iter()
                .map(|f| f.name)
                .collect::<Vec<_>>()
        })
    });
    let (removing, set_removing) = signal(false);
    let changed = move |edit: &dyn Fn(&mut Partner)| {
        let mut p = partner.get_untracked();
        edit(&mut p);
        on_change.run(p);
    };
    let name_id = format!("plan-{id}-name");
    let param_id = format!("plan-{id}-param");
    let values = {
        let id = id.clone();
        move || {
            match param.get() {
            None => view! {
                <p class="hint">"No event parameter: every event sends the same postback. Choose the macro that carries the event to tell them apart."</p>
            }
            .into_any(),
            Some(param) => {
                let id = id.clone();
                view! {
                    <For each=move || events.get() key=|e| *e children=move |e: ConversionEvent| {
                        let input_id = format!("plan-{id}-{}", e.id());
                        let value = Memo::new(move |_| partner.with(|p| p.event_values.get(&e).cloned().unwrap_or_default()));
                        let param = param.clone();
                        let label = format!("{}: {param}", e.label());
                        let hint = move || {
                            let value = value.get();
                            let documented = preset().and_then(|p| p.event_value(e));
                            if value.trim().is_empty() {
                                Some(("hint todo", format!("Type the {param} value this receiver expects for {}.", e.label().to_lowercase())))
                            } else if documented == Some(value.as_str()) {
                                Some(("hint", format!("As {} documents it.", preset().map_or("", |p| p.name))))
                            } else {
                                None
                            }
                        };
                        view! {
                            <div class="field">
                                <label for=input_id.clone()>{label}</label>
                                <input id=input_id type="text" prop:value=move || value.get()
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        changed(&|p: &mut Partner| { p.event_values.insert(e, v.trim().to_owned()); });
                                    } />
                                {move || hint().map(|(class, text)| view! { <span class=class>{text}</span> })}
                            </div>
                        }
                    } />
                }
                .into_any()
            }
        }
        }
    };
    let facts = move || {
        let p = preset()?;
        let b = p.behaviour;
        let cleanup = p.cleanup_step();
        let source = b.source;
        let flag = (as_test.get() && b.test_flag.is_some()).then(|| {
            let (k, v) = b.test_flag.unwrap_or_default();
            view! { <li>{format!("Fired as a test: {k}={v} is added. ")}{(p.id == "binom").then_some("Binom still records the conversion; it does not pass it on to the traffic source.")}</li> }
        });
        Some(view! {
            <ul class="plan-facts">
                <li>{format!("{} {}.", p.name, b.duplicates.describe())}{(b.duplicates != Duplicates::Refused).then_some(" A repeat is judged from the report, not the answer.")}</li>
                {flag}
                <li>{format!("To remove a test conversion: {cleanup}")}</li>
                <li><a href=source target="_blank" rel="noopener noreferrer">"Where this is documented"</a></li>
            </ul>
        })
    };
    let asked = move || {
        let asks = postback_core::env_asks(&postback_core::Plan {
            partners: vec![partner.get()],
            ..postback_core::Plan::default()
        })
        .unwrap_or_default();
        (!asks.is_empty()).then(|| {
            let which: Vec<String> = asks.iter().map(|a| a.spot.field.clone()).collect();
            let names: Vec<String> = asks.iter().map(|a| a.name.clone()).collect();
            view! {
                <p class="hint">
                    {format!("Secrets are asked for when the plan runs: {}. ", which.join(", "))}
                    "On the command line (postback run) they come from the environment: "
                    <code>{names.join(", ")}</code>"."
                </p>
            }
        })
    };
    let remove = move || {
        if removing.get() {
            view! {
                <span>{move || format!("Take {} and its results out of the plan?", name.get())}</span>
                <button type="button" class="danger" on:click=move |_| { set_removing.set(false); on_remove.run(()); }>"Yes, remove partner"</button>
                <button type="button" on:click=move |_| set_removing.set(false)>"Keep partner"</button>
            }
            .into_any()
        } else {
            view! { <button type="button" on:click=move |_| set_removing.set(true)>"Remove partner"</button> }.into_any()
        }
    };
    view! {
        <fieldset class="plan-partner" aria-label=move || name.get()>
            <legend>{move || name.get()}</legend>
            <div class="field">
                <label for=name_id.clone()>"Partner name"</label>
                <input id=name_id type="text" prop:value=move || name.get()
                    on:change=move |ev| { let v = event_target_value(&ev); changed(&|p: &mut Partner| p.name = v.trim().to_owned()); } />
            </div>
            <p>
                {move || preset().map_or("No platform chosen", |p| p.name)}
                " · to "<bdi>{move || partner.with(Partner::receiver)}</bdi>
            </p>
            <code class="step-url"><bdi>{move || partner.with(|p| p.draft.url.clone())}</bdi></code>
            {asked}
            <div class="field">
                <label for=param_id.clone()>"Event parameter"</label>
                <select id=param_id prop:value=move || param.get().unwrap_or_default() on:change=move |ev| {
                    let v = event_target_value(&ev);
                    changed(&|p: &mut Partner| p.event_param = (!v.is_empty()).then(|| v.clone()));
                }>
                    <option value="">"None: every event sends the same postback"</option>
                    {move || fields.get().into_iter().map(|f| view! { <option value=f.clone() selected=param.get_untracked().as_deref() == Some(f.as_str())>{f.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="plan-values">{values}</div>
            {facts}
            <p class="actions">
                <button type="button" on:click=move |_| on_edit.run(())>"Edit in builder"</button>
                {remove}
            </p>
        </fieldset>
    }
}
