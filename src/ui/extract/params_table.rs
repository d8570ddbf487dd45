//! The table of extracted parameters: name, value, platform and where each was found, with a
//! copy button per value and "Use in builder" for click IDs. Long tables render only the rows
//! in view.

use leptos::{html, prelude::*};
use std::sync::Arc;

use postback_core::{Build, Draft, Extraction, Param};

use crate::ui::widgets::CopyButton;

/// The height of one row in pixels; every row is one line tall so the window can be computed.
const ROW_PX: usize = 40;
/// How many rows are rendered around the visible ones.
const OVERSCAN: usize = 10;
/// The rows visible in the scroll area at once.
const VISIBLE: usize = 12;

/// The "Parameter", "Value", "Platform", "Where" table.
#[component]
pub fn ParamsTable(
    /// The postback being built, for "Use in builder".
    draft: RwSignal<Draft>,
    /// What it builds, to find its click-ID macro.
    built: Signal<Build>,
    /// What was found, shared with the card.
    found: Arc<Extraction>,
) -> impl IntoView {
    let total = found.params.len();
    let params = StoredValue::new(found);
    let (scroll_top, set_scroll_top) = signal(0usize);
    let (status, set_status) = signal(None::<String>);
    let area = NodeRef::<html::Div>::new();
    let window = move || {
        let first = (scroll_top.get() / ROW_PX).saturating_sub(OVERSCAN);
        let last = (first + VISIBLE + 2 * OVERSCAN).min(total);
        (first, last)
    };
    let rows = move || {
        let (first, last) = window();
        params.with_value(|found| {
            found
                .params
                .iter()
                .enumerate()
                .skip(first)
                .take(last - first)
                .map(|(index, p)| row(draft, built, index, p.clone(), set_status))
                .collect_view()
        })
    };
    // The height goes through the element's style property, not a style attribute, which a
    // strict Content-Security-Policy refuses.
    let spacer = |rows: usize| view! { <tr class="spacer" aria-hidden="true" style:height=format!("{}px", rows * ROW_PX)></tr> };
    view! {
        <div
            class="table-wrap params-scroll"
            node_ref=area
            tabindex="0"
            role="group"
            aria-label="Extracted parameters"
            on:scroll=move |_| {
                if let Some(area) = area.get() {
                    set_scroll_top.set(usize::try_from(area.scroll_top()).unwrap_or(0));
                }
            }
        >
            <table class="params" aria-rowcount=total + 1>
                <thead>
                    <tr>
                        <th scope="col">"Parameter"</th>
                        <th scope="col">"Value"</th>
                        <th scope="col">"Platform"</th>
                        <th scope="col">"Where"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {move || spacer(window().0)}
                    {rows}
                    {move || spacer(total - window().1)}
                </tbody>
            </table>
        </div>
        <p class="hint" role="status">{move || status.get()}</p>
    }
}

fn row(
    draft: RwSignal<Draft>,
    built: Signal<Build>,
    index: usize,
    p: Param,
    set_status: WriteSignal<Option<String>>,
) -> impl IntoView {
    let flag = if p.unreplaced {
        Some("never replaced".to_owned())
    } else {
        p.remark.clone()
    };
    let use_button = p.is_click_id().then(|| {
        let (name, value) = (p.name.clone(), p.value.clone());
        let on_use = move |_| {
            let target =
                draft.with_untracked(|d| built.with_untracked(|b| d.click_id_target(b, &name)));
            let message = match target {
                Some(target) => {
                    draft.update(|d| d.values.set(target.clone(), value.clone()));
                    focus_input(&target);
                    format!("Sent {value} to {target} in the builder.")
                }
                None => {
                    "The builder has no macro for a click ID yet: add one like {clickid} to the \
                         template, then press Use in builder again."
                        .to_owned()
                }
            };
            set_status.set(Some(message));
        };
        view! { <button type="button" class="use" on:click=on_use>"Use in builder"</button> }
    });
    let value = p.value.clone();
    let name = p.name.clone();
    let flagged = flag.is_some();
    view! {
        <tr aria-rowindex=index + 2 class:flagged=flagged>
            <td title=p.name.clone()><code><bdi>{p.name.clone()}</bdi></code></td>
            <td title=p.value.clone()>
                <code><bdi>{p.value.clone()}</bdi></code>
                {flag.map(|f| view! { <span class="flag">{f}</span> })}
            </td>
            <td>{p.platform().unwrap_or_default()}</td>
            <td title=p.where_text()>{p.where_text()}</td>
            <td class="row-actions">
                <CopyButton text=Signal::derive(move || value.clone()) what=copy_label(&name) />
                {use_button}
            </td>
        </tr>
    }
}

/// The accessible name of a row's copy button, such as "value of gclid".
fn copy_label(name: &str) -> String {
    format!("value of {name}")
}

fn focus_input(name: &str) {
    use wasm_bindgen::JsCast;
    let input = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("macro-{name}")))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(input) = input {
        let _ = input.focus();
    }
}
