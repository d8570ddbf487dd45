//! The paste field and the table of parameters found in it.

use leptos::prelude::*;
use postback_core::{extract, ExtractError, Param};

use super::error_note::ErrorNote;

/// The "Extract" job: paste anything, read every query parameter of every URL in it.
#[component]
pub fn ClickIdExtractor() -> impl IntoView {
    let (paste, set_paste) = signal(String::new());
    let found = Memo::new(move |_| paste.with(|p| extract(p)));
    let results = move || {
        match found.get() {
        Err(ExtractError::Empty) => view! {
            <p class="note">"Paste a link, several links, or a log line: every URL in it is read."</p>
        }
        .into_any(),
        Err(e) => view! {
            <ErrorNote id="paste-problem" message=e.to_string() hint=e.hint().to_owned() />
        }
        .into_any(),
        Ok(found) if found.params.is_empty() => {
            let count = found.urls.len();
            view! {
                <p class="note">
                    {format!(
                        "Found {count} URL{} but no query parameters: nothing after a `?`.",
                        if count == 1 { "" } else { "s" },
                    )}
                </p>
            }
            .into_any()
        }
        Ok(found) => params_table(found.params, found.urls.len()).into_any(),
    }
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
                    prop:value=move || paste.get()
                    on:input=move |ev| set_paste.set(event_target_value(&ev))
                ></textarea>
            </div>
            {results}
        </section>
    }
}

fn params_table(params: Vec<Param>, url_count: usize) -> impl IntoView {
    let caption = format!(
        "{} parameter{} in {} URL{}",
        params.len(),
        if params.len() == 1 { "" } else { "s" },
        url_count,
        if url_count == 1 { "" } else { "s" },
    );
    view! {
        <div class="table-wrap">
            <table class="params">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Parameter"</th>
                        <th scope="col">"Value"</th>
                    </tr>
                </thead>
                <tbody>
                    {params
                        .into_iter()
                        .map(|p| {
                            view! {
                                <tr>
                                    <td><code>{p.name}</code></td>
                                    <td><code>{p.value}</code></td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
