//! The "History" card: every fire, newest first, with search and filters; a run reopens in the builder,
//! runs are deleted one by one or all at once, and chosen runs are exported as evidence.

use std::collections::BTreeSet;

use leptos::prelude::*;
use postback_core::{
    evidence_csv, evidence_json, evidence_markdown, read_evidence, Draft, ImportError, Preset, Run,
    RunFilter, RunOutcome, MAX_IMPORT_BYTES, PRESETS,
};

use crate::{
    files,
    ui::{state::use_run_history, widgets::ErrorNote},
};

/// What the last export or import did, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Done {
    Said(String),
    Problem { message: String, hint: String },
}

/// The evidence formats.
#[derive(Clone, Copy)]
enum Export {
    Markdown,
    Json,
    Csv,
}

/// The destructive actions that wait for a confirmation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Confirm {
    DeleteRuns,
    ForgetEverything,
}

/// The "History" card.
#[component]
pub fn HistoryCard(
    /// The draft a run reopens in.
    draft: RwSignal<Draft>,
) -> impl IntoView {
    let runs = use_run_history();
    let (text, set_text) = signal(String::new());
    let (outcome, set_outcome) = signal(None::<RunOutcome>);
    let (preset, set_preset) = signal(None::<String>);
    let selected = RwSignal::new(BTreeSet::<String>::new());
    let (confirm, set_confirm) = signal(None::<Confirm>);
    let (done, set_done) = signal(None::<Done>);
    let shown = Memo::new(move |_| {
        let filter = RunFilter {
            text: text.get(),
            outcome: outcome.get(),
            preset: preset.get(),
        };
        runs.history
            .with(|h| h.find(&filter).into_iter().cloned().collect::<Vec<Run>>())
    });
    let platforms = move || {
        runs.history.with(|h| {
            let ids: BTreeSet<&str> = h
                .runs
                .iter()
                .filter_map(|r| r.draft.preset.as_deref())
                .collect();
            PRESETS
                .iter()
                .filter(|p| ids.contains(p.id))
                .map(|p: &Preset| view! { <option value=p.id>{p.name}</option> })
                .collect_view()
        })
    };
    // The chosen runs, or every shown run when none is chosen; oldest first for a report.
    let chosen = move || {
        let picked = selected.get_untracked();
        let mut list: Vec<Run> = shown
            .get_untracked()
            .into_iter()
            .filter(|r| picked.is_empty() || picked.contains(&r.id))
            .collect();
        list.reverse();
        list
    };
    let export = move |kind: Export| {
        let list = chosen();
        let saved = match kind {
            Export::Markdown => files::save_text(
                "postback-evidence.md",
                "text/markdown",
                &evidence_markdown(&list),
            ),
            Export::Json => files::save_text(
                "postback-evidence.json",
                "application/json",
                &evidence_json(&list),
            ),
            Export::Csv => match evidence_csv(&list) {
                Ok(csv) => files::save_text("postback-evidence.csv", "text/csv", &csv),
                Err(e) => {
                    set_done.set(Some(Done::Problem {
                        message: e.to_string(),
                        hint: e.hint().to_owned(),
                    }));
                    return;
                }
            },
        };
        set_done.set(Some(match saved {
            Ok(()) => Done::Said(format!(
                "Exported {} run{}.",
                list.len(),
                if list.len() == 1 { "" } else { "s" }
            )),
            Err(e) => Done::Problem {
                message: e.to_string(),
                hint: e.hint(),
            },
        }));
    };
    let import_action = Action::new_local(move |file: &web_sys::File| {
        let file = file.clone();
        async move {
            let size = file.size();
            if size > MAX_IMPORT_BYTES as f64 {
                let e = ImportError::TooLarge {
                    bytes: size as usize,
                };
                return Done::Problem {
                    message: e.to_string(),
                    hint: e.hint().to_owned(),
                };
            }
            match files::read_text(&file).await {
                Err(e) => Done::Problem {
                    message: e.to_string(),
                    hint: e.hint(),
                },
                Ok(text) => match read_evidence(&text) {
                    Err(e) => Done::Problem {
                        message: e.to_string(),
                        hint: e.hint().to_owned(),
                    },
                    Ok(list) => {
                        let total = list.len();
                        let added = runs.import(list);
                        Done::Said(format!(
                            "Imported {added} of {total} runs; {} were here already.",
                            total - added
                        ))
                    }
                },
            }
        }
    });
    Effect::new(move |_| {
        if let Some(d) = import_action.value().get() {
            set_done.set(Some(d));
        }
    });
    let on_import = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            import_action.dispatch(file);
        }
        input.set_value("");
    };
    let list = move || {
        let shown = shown.get();
        if shown.is_empty() {
            let empty = runs.history.with(|h| h.runs.is_empty());
            return view! {
                <p class="note">{if empty { "No runs yet: every fire is kept here." } else { "No run matches." }}</p>
            }
            .into_any();
        }
        shown
            .into_iter()
            .map(|run| {
                let verdict = run.delivery.verdict();
                let id = run.id.clone();
                let check_id = format!("pick-{id}");
                let at = run.when();
                let reopened = run.draft.clone();
                let (remove_id, pick_id) = (id.clone(), id.clone());
                let is_picked = move || selected.with(|s| s.contains(&pick_id));
                view! {
                    <li class="run">
                        <div class="check">
                            <input type="checkbox" id=check_id.clone()
                                prop:checked=is_picked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    selected.update(|s| { if on { s.insert(id.clone()); } else { s.remove(&id); } });
                                } />
                            <label for=check_id>{format!("Select the run of {at}")}</label>
                        </div>
                        <p class=format!("verdict {}", verdict.tone.as_str())>{verdict.headline}</p>
                        <code class="step-url">{format!("{} {}", run.request.method().as_str(), run.request.url())}</code>
                        <div class="actions">
                            <button type="button" on:click=move |_| {
                                draft.set(reopened.clone());
                                if let Some(el) = document().get_element_by_id("template") {
                                    use wasm_bindgen::JsCast;
                                    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                                        let _ = el.focus();
                                    }
                                }
                            }>"Reopen"</button>
                            <button type="button" on:click=move |_| runs.remove(&remove_id)>"Delete"</button>
                        </div>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    let count = move || runs.history.with(|h| h.runs.len());
    view! {
        <section class="card job-history" aria-labelledby="history-heading">
            <h2 id="history-heading">"History"</h2>
            {move || runs.note.get().map(|n| view! { <ErrorNote message=n.message hint=n.hint /> })}
            <div class="history-filters">
                <div class="field">
                    <label for="history-search">"Search runs"</label>
                    <input id="history-search" type="search" prop:value=move || text.get()
                        on:input=move |ev| set_text.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="history-outcome">"Filter by outcome"</label>
                    <select id="history-outcome" on:change=move |ev| set_outcome.set(RunOutcome::from_id(&event_target_value(&ev)))>
                        <option value="">"All outcomes"</option>
                        {RunOutcome::ALL.iter().map(|o| view! { <option value=o.id()>{o.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="history-platform">"Filter by platform"</label>
                    <select id="history-platform" on:change=move |ev| {
                        let id = event_target_value(&ev);
                        set_preset.set((!id.is_empty()).then_some(id));
                    }>
                        <option value="">"All platforms"</option>
                        {platforms}
                    </select>
                </div>
            </div>
            <ol class="runs" aria-label="Runs">{list}</ol>
            <div class="actions">
                <span class="hint">"Export the selected runs, or all shown, as"</span>
                <button type="button" on:click=move |_| export(Export::Markdown)>"Markdown report"</button>
                <button type="button" on:click=move |_| export(Export::Json)>"JSON"</button>
                <button type="button" on:click=move |_| export(Export::Csv)>"CSV"</button>
            </div>
            <div class="field">
                <label for="history-import">"Import runs (.json)"</label>
                <input id="history-import" type="file" accept=".json,application/json" on:change=on_import />
            </div>
            <p class="note" aria-live="polite">
                {move || match done.get() {
                    Some(Done::Said(s)) => s.into_any(),
                    Some(Done::Problem { message, hint }) => view! { <ErrorNote message=message hint=hint /> }.into_any(),
                    None => ().into_any(),
                }}
            </p>
            <div class="actions danger">
                {move || match confirm.get() {
                    None => view! {
                        <button type="button" on:click=move |_| set_confirm.set(Some(Confirm::DeleteRuns)) aria-disabled=move || (count() == 0).to_string()>"Delete all runs"</button>
                        <button type="button" on:click=move |_| set_confirm.set(Some(Confirm::ForgetEverything))>"Forget everything"</button>
                    }.into_any(),
                    Some(what) => view! {
                        <span>{if what == Confirm::DeleteRuns { format!("Delete all {} runs? This cannot be undone.", count()) } else { "Forget every run and setting this app stored on this device? This cannot be undone.".to_owned() }}</span>
                        <button type="button" class="primary" on:click=move |_| {
                            set_confirm.set(None);
                            selected.set(BTreeSet::new());
                            if what == Confirm::DeleteRuns {
                                runs.clear();
                            } else if let Err(e) = runs.forget_everything() {
                                set_done.set(Some(Done::Problem { message: e.to_string(), hint: e.hint().to_owned() }));
                                return;
                            }
                            set_done.set(Some(Done::Said(if what == Confirm::DeleteRuns { "All runs deleted.".to_owned() } else { "Everything this app stored on this device is gone.".to_owned() })));
                        }>"Yes, delete"</button>
                        <button type="button" on:click=move |_| set_confirm.set(None)>"Keep them"</button>
                    }.into_any(),
                }}
            </div>
        </section>
    }
}
