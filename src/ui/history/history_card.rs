//! The "History" card: every fire, newest first, with search and filters; a run reopens in the
//! builder, runs are deleted one by one or all at once, and chosen runs are exported as
//! evidence.

use std::collections::BTreeSet;

use leptos::prelude::*;
use postback_core::{
    evidence_csv, evidence_json, evidence_markdown, read_evidence, Draft, ImportError, Preset, Run,
    RunFilter, RunOutcome, MAX_IMPORT_BYTES, MAX_RUNS, PRESETS,
};

use crate::{
    files,
    ui::{
        state::{use_run_history, RunHistory},
        widgets::ErrorNote,
    },
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

/// A press in the card whose result is said in words below the list.
#[derive(Clone)]
enum Job {
    /// Export these runs in this format.
    Export(Export, Vec<Run>),
    /// Import the runs of a file.
    Import(web_sys::File),
    /// Delete, once confirmed.
    Delete(Confirm),
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
    let job_action = Action::new_local(move |job: &Job| {
        let job = job.clone();
        async move {
            match job {
                Job::Export(kind, list) => export_runs(kind, &list),
                Job::Import(file) => import_file(&file, runs).await,
                Job::Delete(what) => {
                    selected.set(BTreeSet::new());
                    delete(what, runs)
                }
            }
        }
    });
    let done = job_action.value();
    let export = move |kind: Export| {
        job_action.dispatch(Job::Export(kind, chosen()));
    };
    let on_import = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            job_action.dispatch(Job::Import(file));
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
        let items = shown
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
                        {run.from_partner.clone().map(|who| view! {
                            <p class="from-partner">"From a partner's result link, for " <bdi>{who}</bdi> ": fired in their browser."</p>
                        })}
                        <p class=format!("verdict {}", verdict.tone.as_str())>{verdict.headline}</p>
                        {(!run.problems.is_empty()).then(|| view! {
                            <div class="fire-problems">
                                <p class="hint">"Problems at fire time:"</p>
                                <ul>{run.problems.iter().map(|p| view! { <li>{crate::ui::widgets::sentence(p)}</li> }).collect_view()}</ul>
                            </div>
                        })}
                        <code class="step-url"><bdi>{format!("{} {}", run.request.method().as_str(), run.request.url())}</bdi></code>
                        <div class="actions">
                            <button type="button" on:click=move |_| {
                                draft.set(reopened.clone());
                                if let Some(el) = document().get_element_by_id("template") {
                                    use wasm_bindgen::JsCast;
                                    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                                        let _ = el.focus();
                                    }
                                }
                            }>"Open in builder"</button>
                            <button type="button" on:click=move |_| runs.remove(&remove_id)>"Delete"</button>
                        </div>
                    </li>
                }
            })
            .collect_view();
        view! { <ol class="runs" aria-label="Runs">{items}</ol> }.into_any()
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
            {list}
            <div class="actions">
                <span class="hint">{move || if shown.with(Vec::is_empty) { "Nothing to export yet: fire once, or import runs." } else { "Export the selected runs, or all shown, as" }}</span>
                <button type="button" on:click=move |_| export(Export::Markdown) disabled=move || shown.with(Vec::is_empty)>"Markdown report"</button>
                <button type="button" on:click=move |_| export(Export::Json) disabled=move || shown.with(Vec::is_empty)>"JSON"</button>
                <button type="button" on:click=move |_| export(Export::Csv) disabled=move || shown.with(Vec::is_empty)>"CSV"</button>
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
                        <button type="button" on:click=move |_| set_confirm.set(Some(Confirm::ForgetEverything))>"Delete all my data in this browser"</button>
                    }.into_any(),
                    Some(what) => view! {
                        <span>{if what == Confirm::DeleteRuns { format!("Delete all {} runs? This cannot be undone.", count()) } else { "Forget every run and setting this app stored on this device? This cannot be undone.".to_owned() }}</span>
                        <button type="button" class="danger" on:click=move |_| {
                            set_confirm.set(None);
                            job_action.dispatch(Job::Delete(what));
                        }>"Yes, delete"</button>
                        <button type="button" on:click=move |_| set_confirm.set(None)>"Keep them"</button>
                    }.into_any(),
                }}
            </div>
        </section>
    }
}

/// Saves `list` as a file in `kind`'s format.
fn export_runs(kind: Export, list: &[Run]) -> Done {
    let saved = match kind {
        Export::Markdown => files::save_text(
            "postback-evidence.md",
            "text/markdown",
            &evidence_markdown(list, crate::entropy::utc_offset_minutes()),
        ),
        Export::Json => files::save_text(
            "postback-evidence.json",
            "application/json",
            &evidence_json(list),
        ),
        Export::Csv => match evidence_csv(list) {
            Ok(csv) => files::save_text("postback-evidence.csv", "text/csv", &csv),
            Err(e) => {
                return Done::Problem {
                    message: e.to_string(),
                    hint: e.hint().to_owned(),
                }
            }
        },
    };
    match saved {
        Ok(()) => Done::Said(format!("Exported {}.", runs_word(list.len()))),
        Err(e) => Done::Problem {
            message: e.to_string(),
            hint: e.hint(),
        },
    }
}

/// Reads the runs of `file` into the history, refusing a file too large before reading it.
async fn import_file(file: &web_sys::File, runs: RunHistory) -> Done {
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
    let text = match files::read_text(file).await {
        Ok(text) => text,
        Err(e) => {
            return Done::Problem {
                message: e.to_string(),
                hint: e.hint(),
            }
        }
    };
    match read_evidence(&text) {
        Err(e) => Done::Problem {
            message: e.to_string(),
            hint: e.hint().to_owned(),
        },
        Ok(list) => {
            let total = list.len();
            let counted = runs.import(list);
            let mut said = format!(
                "Imported {} of {total} runs; {} here already.",
                counted.added,
                if counted.already_here == 1 {
                    "1 was".to_owned()
                } else {
                    format!("{} were", counted.already_here)
                }
            );
            if counted.not_kept > 0 {
                said.push_str(&format!(
                    " {} older than the {MAX_RUNS} newest runs the history keeps, so not kept.",
                    runs_word(counted.not_kept)
                ));
            }
            Done::Said(said)
        }
    }
}

/// Deletes every run, or everything the app stored, as confirmed.
fn delete(what: Confirm, runs: RunHistory) -> Done {
    match what {
        Confirm::DeleteRuns => {
            runs.clear();
            Done::Said("All runs deleted.".to_owned())
        }
        Confirm::ForgetEverything => match runs.forget_everything() {
            Ok(()) => Done::Said("Everything this app stored on this device is gone.".to_owned()),
            Err(e) => Done::Problem {
                message: e.to_string(),
                hint: e.hint().to_owned(),
            },
        },
    }
}

/// "1 run", "2 runs".
fn runs_word(n: usize) -> String {
    if n == 1 {
        "1 run".to_owned()
    } else {
        format!("{n} runs")
    }
}
