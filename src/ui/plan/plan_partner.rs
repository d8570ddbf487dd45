//! One partner of a plan: its name, where its postbacks go, the value its event parameter
//! takes for each event, what its receiver documents doing with repeats and tests, and the
//! presses that open it in the builder or take it out.

use leptos::prelude::*;
use postback_core::{ConversionEvent, Duplicates, Partner};

/// A partner of the plan, as a fieldset named after it.
#[component]
pub fn PlanPartner(
    /// The partner.
    partner: Partner,
    /// The plan's events, in order.
    events: Vec<ConversionEvent>,
    /// Whether the plan fires as a test where the platform documents a flag.
    as_test: bool,
    /// Called with the partner as changed here.
    on_change: Callback<Partner>,
    /// Opens the partner's postback in the builder.
    on_edit: Callback<()>,
    /// Takes the partner out of the plan.
    on_remove: Callback<()>,
) -> impl IntoView {
    let id = partner.id.clone();
    let preset = partner.preset();
    let fields: Vec<String> = partner
        .draft
        .build()
        .fields
        .into_iter()
        .map(|f| f.name)
        .collect();
    let asked: Vec<String> = postback_core::env_names(&postback_core::Plan {
        partners: vec![partner.clone()],
        ..postback_core::Plan::default()
    })
    .unwrap_or_default();
    let name_id = format!("plan-{id}-name");
    let param_id = format!("plan-{id}-param");
    let stored = StoredValue::new(partner.clone());
    let changed = move |edit: &dyn Fn(&mut Partner)| {
        let mut p = stored.get_value();
        edit(&mut p);
        on_change.run(p);
    };
    let values = match partner.event_param.clone() {
        None => view! {
            <p class="hint">"No event parameter: every event sends the same postback. Choose the macro that carries the event to tell them apart."</p>
        }.into_any(),
        Some(param) => events
            .iter()
            .map(|e| {
                let e = *e;
                let input_id = format!("plan-{id}-{}", e.id());
                let value = partner.event_values.get(&e).cloned().unwrap_or_default();
                let missing = value.trim().is_empty();
                let documented = preset.and_then(|p| p.event_value(e));
                let hint = match (missing, documented) {
                    (true, _) => format!("Type the {param} value this receiver expects for {}.", e.label().to_lowercase()),
                    (false, Some(d)) if d == value => format!("As {} documents it.", preset.map_or("", |p| p.name)),
                    _ => String::new(),
                };
                view! {
                    <div class="field">
                        <label for=input_id.clone()>{format!("{}: {param}", e.label())}</label>
                        <input id=input_id type="text" prop:value=value
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                changed(&|p: &mut Partner| { p.event_values.insert(e, v.trim().to_owned()); });
                            } />
                        {(!hint.is_empty()).then(|| view! { <span class=if missing { "hint todo" } else { "hint" }>{hint}</span> })}
                    </div>
                }
            })
            .collect_view()
            .into_any(),
    };
    let repeat = preset.map(|p| {
        let b = p.behaviour;
        let cleanup = p.cleanup_step();
        let source = b.source;
        let flag = (as_test && b.test_flag.is_some()).then(|| {
            let (k, v) = b.test_flag.unwrap_or_default();
            view! { <li>{format!("Fired as a test: {k}={v} is added. ")}{(p.id == "binom").then_some("Binom still records the conversion; it does not pass it on to the traffic source.")}</li> }
        });
        view! {
            <ul class="plan-facts">
                <li>{format!("{} {}.", p.name, b.duplicates.describe())}{(b.duplicates != Duplicates::Refused).then_some(" A repeat is judged from the report, not the answer.")}</li>
                {flag}
                <li>{format!("To remove a test conversion: {cleanup}")}</li>
                <li><a href=source target="_blank" rel="noopener noreferrer">"Where this is documented"</a></li>
            </ul>
        }
    });
    let receiver = partner.receiver();
    let name = partner.name.clone();
    let legend = name.clone();
    let label = name.clone();
    let current_param = partner.event_param.clone().unwrap_or_default();
    view! {
        <fieldset class="plan-partner" aria-label=label>
            <legend>{legend}</legend>
            <div class="field">
                <label for=name_id.clone()>"Partner name"</label>
                <input id=name_id type="text" prop:value=name
                    on:change=move |ev| { let v = event_target_value(&ev); changed(&|p: &mut Partner| p.name = v.trim().to_owned()); } />
            </div>
            <p>
                {preset.map_or("No platform chosen", |p| p.name)}
                " · to "<bdi>{receiver}</bdi>
            </p>
            <code class="step-url"><bdi>{partner.draft.url.clone()}</bdi></code>
            {(!asked.is_empty()).then(|| view! {
                <p class="hint">{format!("Secrets are asked for when the plan runs: {}.", asked.join(", "))}</p>
            })}
            <div class="field">
                <label for=param_id.clone()>"Event parameter"</label>
                <select id=param_id prop:value=current_param on:change=move |ev| {
                    let v = event_target_value(&ev);
                    changed(&|p: &mut Partner| p.event_param = (!v.is_empty()).then(|| v.clone()));
                }>
                    <option value="">"None: every event sends the same postback"</option>
                    {fields.into_iter().map(|f| view! { <option value=f.clone()>{f.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="plan-values">{values}</div>
            {repeat}
            <p class="actions">
                <button type="button" on:click=move |_| on_edit.run(())>"Edit in builder"</button>
                <button type="button" on:click=move |_| on_remove.run(())>"Remove partner"</button>
            </p>
        </fieldset>
    }
}
