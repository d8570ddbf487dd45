//! The "Problems" list: every lint finding with its severity, message and fix; activating one
//! moves focus to the spot it is about.

use leptos::prelude::*;
use postback_core::{Build, Draft, Finding, Spot};
use wasm_bindgen::JsCast;

/// The findings of the built URL. Until the user fires or copies (`attempted`), values not
/// typed yet are a neutral checklist, not errors.
#[component]
pub fn ProblemList(
    /// The postback being built, for the template a finding points into.
    #[prop(into)]
    draft: Signal<Draft>,
    /// What it builds.
    #[prop(into)]
    built: Signal<Build>,
    /// Whether the user pressed Fire or copied the URL.
    #[prop(into)]
    attempted: Signal<bool>,
) -> impl IntoView {
    let findings = move || {
        let all = attempted.get();
        built.with(|b| {
            b.findings
                .iter()
                .filter(|f| all || !f.waits_for_a_value())
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let to_fill = move || built.with(Build::values_to_fill);
    let parses = move || built.with(|b| b.url.is_ok());
    let checklist = move || {
        let names = to_fill();
        (!names.is_empty()).then(|| {
            let count = names.len();
            view! {
                <p class="note checklist" id="values-to-fill">
                    {if count == 1 { "1 value to fill: ".to_owned() } else { format!("{count} values to fill: ") }}
                    <strong><bdi>{names.join(", ")}</bdi></strong>
                    ". Until each has a value it is sent exactly as written."
                </p>
            }
        })
    };
    view! {
        <Show when=parses>
            <div class="problems">
                <h3 id="problems-heading">"Problems"</h3>
                {checklist}
                <Show
                    when=move || !findings().is_empty()
                    fallback=move || (to_fill().is_empty()).then(|| view! { <p class="note good-text">"No problems found."</p> })
                >
                    <ul aria-labelledby="problems-heading">
                        {move || findings().into_iter().map(|f| finding_item(draft, f)).collect_view()}
                    </ul>
                </Show>
            </div>
        </Show>
    }
}

fn finding_item(draft: Signal<Draft>, finding: Finding) -> impl IntoView {
    let severity = finding.severity.as_str();
    let spot = finding.spot.clone();
    let on_click = move |_| {
        let source = draft.with_untracked(|d| d.url.clone());
        focus_spot(&spot, &source);
    };
    view! {
        <li class=format!("finding {severity}")>
            <button type="button" on:click=on_click>
                <span class="severity">{if severity == "error" { "Error" } else { "Warning" }}</span>
                <span class="finding-message">{sentence(&finding.message)}</span>
                <span class="finding-fix">{finding.fix}</span>
            </button>
        </li>
    }
}

/// Moves focus to the template text or the value input a finding is about.
fn focus_spot(spot: &Spot, source: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    match spot {
        Spot::Template(span) => {
            let area = document
                .get_element_by_id("template")
                .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok());
            if let Some(area) = area {
                let _ = area.focus();
                if let Some((start, end)) = span.utf16(source) {
                    let _ = area.set_selection_range(start, end);
                }
            }
        }
        Spot::Value { name } => {
            let input = document
                .get_element_by_id(&format!("macro-{name}"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(input) = input {
                let _ = input.focus();
            }
        }
    }
}

/// The message with its first letter capitalised and a full stop.
fn sentence(message: &str) -> String {
    let capitalised = crate::ui::widgets::sentence(message);
    if capitalised.ends_with(['.', '?', '!']) {
        capitalised
    } else {
        format!("{capitalised}.")
    }
}

#[cfg(test)]
mod tests {
    use super::sentence;

    #[test]
    fn messages_become_sentences() {
        assert_eq!(sentence("the `#` comes first"), "The `#` comes first.");
        assert_eq!(sentence("did you mean `subid`?"), "Did you mean `subid`?");
        assert_eq!(sentence(""), ".");
    }
}
