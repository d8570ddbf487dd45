//! The template field: a text area over a mirror of its text in which macros are highlighted
//! and findings underlined. The mirror is plain text nodes, never HTML.

use leptos::{html, prelude::*};
use postback_core::{Build, Draft, Severity, Spot, MAX_TEMPLATE_BYTES};

use super::highlight::pieces;
use crate::ui::widgets::PasteGuard;

const EXAMPLE: &str = "https://trk.example/postback?cid={clickid}&payout={payout}";

/// The "Postback template" field.
#[component]
pub fn TemplateField(
    /// The postback being built; the field edits its template.
    draft: RwSignal<Draft>,
    /// What it builds: its macros and findings are marked in place.
    #[prop(into)]
    built: Signal<Build>,
) -> impl IntoView {
    let mirror = NodeRef::<html::Div>::new();
    let marks = move || {
        built.with(|b| {
            let mut marks = Vec::new();
            if let Ok(template) = &b.url {
                marks.extend(template.macros().iter().map(|m| (m.span, "hl-macro")));
            }
            for finding in &b.findings {
                if let Spot::Template(span) = finding.spot {
                    let class = match finding.severity {
                        Severity::Error => "hl-error",
                        Severity::Warning => "hl-warning",
                    };
                    marks.push((span, class));
                }
            }
            marks
        })
    };
    let mirrored = move || {
        let text = draft.with(|d| d.url.clone());
        pieces(&text, &marks())
            .into_iter()
            .map(|piece| view! { <span class=piece.classes.join(" ")>{piece.text}</span> })
            .collect_view()
    };
    let guard = PasteGuard::new(MAX_TEMPLATE_BYTES);
    let on_scroll = move |ev: leptos::ev::Event| {
        let area = event_target::<web_sys::HtmlTextAreaElement>(&ev);
        if let Some(mirror) = mirror.get() {
            mirror.set_scroll_top(area.scroll_top());
            mirror.set_scroll_left(area.scroll_left());
        }
    };
    view! {
        <div class="field">
            <label for="template">"Postback template"</label>
            <div class="editor">
                <div class="mirror" aria-hidden="true" node_ref=mirror>
                    {mirrored}
                    // A trailing line keeps the mirror as tall as the text area.
                    "\n "
                </div>
                <textarea
                    id="template"
                    rows="3"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    placeholder=EXAMPLE
                    aria-describedby="template-note"
                    prop:value=move || draft.with(|d| d.url.clone())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        draft.update(|d| d.url = text);
                    }
                    on:scroll=on_scroll
                    on:paste=move |ev| guard.on_paste(ev)
                ></textarea>
            </div>
            {guard.note(
                "template-paste",
                "a template",
                "Paste only the postback URL. To find click IDs in a long log, use Extract below.",
            )}
        </div>
    }
}
