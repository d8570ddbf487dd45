//! The "Extract" job: paste text or open a file, read every click ID and tracking parameter
//! in it, follow a redirect chain, and send a click ID to the builder.

use std::sync::Arc;

use leptos::prelude::*;
use postback_core::{
    grouped, Build, ChunkedExtraction, Draft, ExtractError, Extraction, StorageKey,
};

use super::{params_table::ParamsTable, redirect_chain::RedirectChain};
use crate::{
    files, schedule, storage,
    ui::widgets::{ErrorNote, PasteGuard},
};

/// The longest paste the text box takes; longer text is read from a file, in parts.
const MAX_PASTE_CHARS: usize = 8 * 1024 * 1024;

/// How many lines are read at a time; parts are read until [`TURN_MS`] has passed.
const LINES_PER_PART: usize = 500;

/// How long reading holds the page before the browser gets a turn (to paint, to take a press
/// of Cancel): well under the 50 ms a person notices.
const TURN_MS: f64 = 25.0;

/// What is read: the text in the box, or a file opened or dropped. A file is never put in
/// the box: a text area holding tens of megabytes makes the page crawl.
#[derive(Clone, Debug, PartialEq)]
enum Source {
    Pasted(String),
    /// A file, with its size on disk (its text may be longer: bytes that are not UTF-8 are
    /// read as replacement characters).
    File {
        name: String,
        size: u64,
        text: Arc<str>,
    },
}

impl Source {
    fn text(&self) -> Arc<str> {
        match self {
            Self::Pasted(text) => Arc::from(text.as_str()),
            Self::File { text, .. } => Arc::clone(text),
        }
    }
}

/// What a reading gave: the result, and whether it was cancelled part way. The result is
/// shared, not copied, each time the view reads it: a day of logs holds hundreds of thousands
/// of parameters.
#[derive(Clone, Debug, PartialEq)]
struct Reading {
    found: Result<Arc<Extraction>, ExtractError>,
    cancelled_at: Option<(usize, usize)>,
}

/// The "Extract" card.
#[component]
pub fn ExtractCard(
    /// The postback being built, for "Use in builder".
    draft: RwSignal<Draft>,
    /// What it builds, to find its click-ID macro.
    #[prop(into)]
    built: Signal<Build>,
) -> impl IntoView {
    let source = RwSignal::new(Source::Pasted(String::new()));
    let (as_hops, set_as_hops) = signal(false);
    let (progress, set_progress) = signal(None::<(usize, usize)>);
    let cancel = RwSignal::new(false);
    let paste_guard = PasteGuard::new(MAX_PASTE_CHARS);
    // A file this tab was reading when the page reloaded: said once, then forgotten.
    let interrupted = storage::read_tab(StorageKey::Reading).ok().flatten();
    let _ = storage::remove_tab(StorageKey::Reading);

    let reading = LocalResource::new(move || {
        let text = source.with(Source::text);
        let hops = as_hops.get();
        cancel.set(false);
        async move { read(text, hops, cancel, set_progress).await }
    });

    // The browser reads the file's text; meanwhile the card says it is opening it.
    let open_action = Action::new_local(move |file: &web_sys::File| {
        let file = file.clone();
        async move {
            let text = files::read_text(&file).await?;
            // Noted until the reading ends, so a reload in the middle can say so.
            let _ = storage::write_tab(StorageKey::Reading, &file.name());
            source.set(Source::File {
                name: file.name(),
                size: files::size_of(&file),
                text: Arc::from(text),
            });
            Ok::<(), files::FileError>(())
        }
    });
    let opening = open_action.pending();
    let open_file = move |file: web_sys::File| {
        open_action.dispatch_local(file);
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            open_file(file);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        let file = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0));
        if let Some(file) = file {
            ev.prevent_default();
            open_file(file);
        }
    };

    let results = move || {
        // What an earlier text gave is not shown beside a new one being read.
        let busy = opening.get() || progress.with(Option::is_some);
        let Some(reading) = reading.get().filter(|_| !busy) else {
            return view! { <p class="note">"Reading…"</p> }.into_any();
        };
        let cancelled = reading.cancelled_at.map(|(done, total)| {
            view! {
                <p class="note" role="status">
                    {format!(
                        "Cancelled after {} of {} lines: what was found so far is shown.",
                        grouped(done as u64),
                        grouped(total as u64),
                    )}
                </p>
            }
        });
        let body = match reading.found {
            Err(ExtractError::Empty) => view! {
                <p class="note">
                    "Paste a link, several links, a server log, curl -v or curl -IL output, or open a HAR file "
                    "saved from the browser's Network panel."
                </p>
            }
            .into_any(),
            Err(e) => view! { <ErrorNote id="paste-problem" message=e.to_string() hint=e.hint() /> }.into_any(),
            Ok(found) => found_view(draft, built, found).into_any(),
        };
        view! { {cancelled} {body} }.into_any()
    };

    view! {
        <section class="card job-extract" aria-labelledby="extract-heading">
            <h2 id="extract-heading">"Extract"</h2>
            <div class="field">
                <label for="paste">"Paste URLs or text"</label>
                <textarea
                    id="paste"
                    rows="5"
                    spellcheck="false"
                    autocomplete="off"
                    placeholder="https://lp.example/offer?clickid=abc123&sub1=news"
                    aria-describedby="paste-problem"
                    prop:value=move || source.with(|s| match s {
                        Source::Pasted(text) => text.clone(),
                        Source::File { .. } => String::new(),
                    })
                    on:input=move |ev| source.set(Source::Pasted(event_target_value(&ev)))
                    on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
                    on:drop=on_drop
                    on:paste=move |ev| paste_guard.on_paste(ev)
                ></textarea>
                {paste_guard.note(
                    "paste-too-large",
                    "this box",
                    "Save the text to a file and use Open a file: files up to 64 MB are read in parts.",
                )}
            </div>
            <div class="extract-options">
                <div class="field">
                    <label for="open-file">"Open a file (.har, .txt, .log)"</label>
                    <input id="open-file" type="file" accept=".har,.json,.txt,.log,text/plain,application/json" on:change=on_file />
                </div>
                <div class="check">
                    <input
                        id="as-hops"
                        type="checkbox"
                        prop:checked=move || as_hops.get()
                        on:change=move |ev| {
                            let checked = event_target::<web_sys::HtmlInputElement>(&ev).checked();
                            set_as_hops.set(checked);
                        }
                    />
                    <label for="as-hops">"Read the URLs as the hops of one redirect chain"</label>
                </div>
            </div>
            {interrupted.map(|name| view! {
                <p class="note" role="status" id="reading-interrupted">
                    "The page was reloaded while it read the file " <bdi>{name}</bdi>
                    ": nothing from it is shown. Open the file again to read it."
                </p>
            })}
            {move || opening.get().then(|| view! { <p class="note" role="status">"Opening the file…"</p> })}
            {move || source.with(|s| match s {
                Source::File { name, size, .. } => Some(view! {
                    <p class="note" role="status">
                        "From the file " <bdi>{name.clone()}</bdi> {format!(" ({} bytes). Paste text above to read that instead.", grouped(*size))}
                    </p>
                }),
                Source::Pasted(_) => None,
            })}
            {move || open_action.value().get().and_then(Result::err).map(|e| view! { <ErrorNote message=e.to_string() hint=e.hint() /> })}
            {move || progress.get().map(|(done, total)| view! {
                <div class="progress-row">
                    <label for="reading-progress">"Reading"</label>
                    <progress id="reading-progress" max=total value=done>{format!("{} of {} lines", grouped(done as u64), grouped(total as u64))}</progress>
                    <button type="button" on:click=move |_| cancel.set(true)>"Cancel"</button>
                </div>
            })}
            {results}
        </section>
    }
}

/// Reads `text` in parts, giving the browser a turn every [`TURN_MS`], until done or cancelled.
async fn read(
    text: Arc<str>,
    as_hops: bool,
    cancel: RwSignal<bool>,
    set_progress: WriteSignal<Option<(usize, usize)>>,
) -> Reading {
    let mut reading = match ChunkedExtraction::new(&text, as_hops) {
        Ok(reading) => reading,
        Err(e) => {
            return Reading {
                found: Err(e),
                cancelled_at: None,
            }
        }
    };
    let mut cancelled_at = None;
    let mut turn_started = js_sys::Date::now();
    while reading.read(LINES_PER_PART) {
        if js_sys::Date::now() - turn_started < TURN_MS {
            continue;
        }
        set_progress.set(Some(reading.lines()));
        schedule::next_tick().await;
        turn_started = js_sys::Date::now();
        if cancel.get_untracked() {
            cancelled_at = Some(reading.lines());
            break;
        }
    }
    set_progress.set(None);
    let _ = storage::remove_tab(StorageKey::Reading);
    Reading {
        found: reading.finish().map(Arc::new),
        cancelled_at,
    }
}

fn found_view(
    draft: RwSignal<Draft>,
    built: Signal<Build>,
    found: Arc<Extraction>,
) -> impl IntoView {
    let notes = found.notes.clone();
    let export = Arc::clone(&found);
    let (export_problem, set_export_problem) = signal(None::<String>);
    let on_export = move |_| {
        let result = export
            .to_csv()
            .map_err(|e| format!("{e}. {}", e.hint()))
            .and_then(|csv| {
                files::save_text("click-ids.csv", "text/csv", &csv)
                    .map_err(|e| format!("{e}. {}", e.hint()))
            });
        set_export_problem.set(result.err());
    };
    let count = found.urls.len();
    let summary = format!(
        "{} parameter{} in {} URL{}",
        grouped(found.params.len() as u64),
        if found.params.len() == 1 { "" } else { "s" },
        grouped(count as u64),
        if count == 1 { "" } else { "s" },
    );
    let chain = found.chain.clone();
    let table = if found.params.is_empty() {
        view! {
            <p class="note">
                {format!("Found {count} URL{} but no parameters: nothing after a `?` or `#`.", if count == 1 { "" } else { "s" })}
            </p>
        }
        .into_any()
    } else {
        view! {
            <div class="label-row">
                <p class="note summary">{summary}</p>
                <button type="button" on:click=on_export>"Download CSV"</button>
            </div>
            {move || export_problem.get().map(|p| view! { <p class="hint problem-text">{p}</p> })}
            <ParamsTable draft=draft built=built found=found />
        }
        .into_any()
    };
    view! {
        {notes.into_iter().map(|n| view! { <p class="note problem-text">{n}</p> }).collect_view()}
        {chain.map(|c| view! { <RedirectChain chain=c /> })}
        {table}
    }
}
