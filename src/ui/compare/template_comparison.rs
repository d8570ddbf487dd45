//! "Template vs live request": the agreed template beside a request from the receiver's log,
//! parameter by parameter, with a one-line summary.

use leptos::prelude::*;
use postback_core::diff;

use crate::ui::widgets::{ErrorNote, PasteGuard};

/// The longest text either box takes.
const MAX_CHARS: usize = 64 * 1024;

/// "Agreed template" and "Live request", compared in a table.
#[component]
pub fn TemplateComparison(
    /// The builder's template, which can be used as the agreed one.
    #[prop(into)]
    template: Signal<String>,
) -> impl IntoView {
    let (agreed, set_agreed) = signal(String::new());
    let (live, set_live) = signal(String::new());
    let (agreed_guard, live_guard) = (PasteGuard::new(MAX_CHARS), PasteGuard::new(MAX_CHARS));
    let compared = move || {
        if live.with(|l| l.trim().is_empty()) || agreed.with(|a| a.trim().is_empty()) {
            return view! { <p class="note">"Paste both to compare them."</p> }.into_any();
        }
        match agreed.with(|a| live.with(|l| diff(a, l))) {
            Err(e) => {
                view! { <ErrorNote message=e.to_string() hint=e.hint().to_owned() /> }.into_any()
            }
            Ok(d) => {
                let fine = d.rows.iter().all(|r| r.difference.is_fine());
                let rows = d
                    .rows
                    .iter()
                    .map(|r| {
                        let class = if r.difference.is_fine() {
                            "judgement met"
                        } else {
                            "judgement missed"
                        };
                        view! {
                            <tr>
                                <td><code><bdi>{r.key.clone()}</bdi></code></td>
                                <td><code><bdi>{r.template.clone().unwrap_or_default()}</bdi></code></td>
                                <td><code><bdi>{r.live.clone().unwrap_or_default()}</bdi></code></td>
                                <td class=class>{r.difference.label()}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <p class=if fine { "verdict good" } else { "verdict warn" }>{d.summary()}</p>
                    <div class="table-wrap">
                        <table class="params">
                            <thead><tr><th>"Parameter"</th><th>"In the template"</th><th>"Arrived"</th><th>"Difference"</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }
        }
    };
    view! {
        <section class="card job-diff" aria-labelledby="diff-heading">
            <h2 id="diff-heading">"Template vs live request"</h2>
            <p class="note">
                "When a live postback goes wrong: paste the template both sides agreed on and a "
                "request from the receiver's log. Order is ignored."
            </p>
            <div class="field">
                <label for="diff-agreed">"Agreed template"</label>
                <textarea id="diff-agreed" rows="2" spellcheck="false"
                    prop:value=move || agreed.get()
                    on:input=move |ev| set_agreed.set(event_target_value(&ev))
                    on:paste=move |ev| agreed_guard.on_paste(ev)></textarea>
                {agreed_guard.note("diff-agreed-paste", "this box", "Paste only the postback template.")}
                <button type="button" on:click=move |_| set_agreed.set(template.get_untracked())>
                    "Use the template from Build"
                </button>
            </div>
            <div class="field">
                <label for="diff-live">"Live request"</label>
                <textarea id="diff-live" rows="2" spellcheck="false"
                    placeholder="GET /postback?cid=abc123&payout=12.50 HTTP/1.1"
                    prop:value=move || live.get()
                    on:input=move |ev| set_live.set(event_target_value(&ev))
                    on:paste=move |ev| live_guard.on_paste(ev)></textarea>
                {live_guard.note("diff-live-paste", "this box", "Paste one request line or URL from the log.")}
            </div>
            <div class="result" role="region" aria-labelledby="diff-result-heading">
                <h3 id="diff-result-heading">"Comparison"</h3>
                {compared}
            </div>
        </section>
    }
}
