//! The plan's matrix: a row per partner, a column per event and check, each cell's verdict in
//! words and colour, and the summary line. A cell that may have arrived is sent again only
//! from its own press, after saying it may then arrive twice.

use leptos::prelude::*;
use postback_core::{Cell, CellKind, CellState, Expectation, Judgement, Plan, PlanRun};

use crate::ui::{state::use_kept_plans, widgets::sentence};

/// How many partners the matrix shows, so a plan of thousands of cells stays quick.
const SHOWN_ROWS: usize = 50;

/// The plan's cells as a table, with the summary line.
#[component]
pub fn PlanMatrix(
    /// The plan.
    plan: Plan,
    /// Its last run.
    run: PlanRun,
    /// Whether a run is going.
    running: Signal<bool>,
    /// The cell this tab is sending now.
    in_flight: Signal<Option<String>>,
    /// Sends one cell that may have arrived again, on the user's explicit press.
    on_send_again: Callback<String>,
) -> impl IntoView {
    let cells: std::collections::HashMap<String, Cell> =
        plan.cells().into_iter().map(|c| (c.id(), c)).collect();
    let summary = run.summary(&plan);
    let columns: Vec<CellKind> = plan
        .events
        .iter()
        .map(|e| CellKind::Event(*e))
        .chain(plan.negatives.iter().map(|n| CellKind::Negative(*n)))
        .collect();
    let (confirm, set_confirm) = signal(None::<String>);
    let kept = use_kept_plans();
    let head = columns
        .iter()
        .map(|c| view! { <th scope="col">{c.label()}</th> })
        .collect_view();
    let rows = plan
        .partners
        .iter()
        .take(SHOWN_ROWS)
        .map(|partner| {
            let tds = columns
                .iter()
                .map(|kind| {
                    let id = Cell { partner: partner.id.clone(), kind: *kind, expect: Expectation::Accepted }.id();
                    let Some(cell) = cells.get(&id) else {
                        let why = match kind {
                            CellKind::Negative(n) => n.not_applicable(),
                            CellKind::Event(_) => "",
                        };
                        return view! {
                            <td class="cell na" data-label=kind.label()>
                                <strong>"Does not apply"</strong>
                                <span class="cell-detail">{why}</span>
                            </td>
                        }.into_any();
                    };
                    let expected = format!("Expected: {}", cell.expect.describe());
                    let (class, word, detail) = match run.state(&id) {
                        None => ("waiting", "Not sent yet".to_owned(), String::new()),
                        Some(CellState::Sending { .. }) => (
                            "sending",
                            "May have arrived".to_owned(),
                            "It was being sent when the page stopped: check the receiver's report before sending it again.".to_owned(),
                        ),
                        Some(CellState::NotSent { why, hint }) => ("missed", "Not sent".to_owned(), format!("{why}. {hint}")),
                        Some(CellState::Done { judgement, run, .. }) => {
                            let word = match judgement {
                                Judgement::Met(_) => "As expected",
                                Judgement::Missed(_) => "Not as expected",
                                Judgement::Unknown(_) => "Cannot tell",
                            };
                            // A read answer is said by the reason ("HTTP 403"); any other
                            // delivery needs its headline ("No readable answer…").
                            let detail = match run.delivery {
                                postback_core::Delivery::Read { .. } => judgement.reason().to_owned(),
                                _ => format!("{}. {}", run.delivery.verdict().headline, sentence(judgement.reason())),
                            };
                            (judgement.as_str(), word.to_owned(), sentence(&detail))
                        }
                    };
                    // The cell this tab is waiting on says so; only one left over from an
                    // earlier page may have arrived.
                    let now = in_flight.get_untracked().as_deref() == Some(id.as_str());
                    let (word, detail) = if now {
                        ("Sending…".to_owned(), "Waiting for its answer.".to_owned())
                    } else {
                        (word, detail)
                    };
                    let sending = class == "sending" && !now;
                    let again_id = id.clone();
                    let ask_id = id.clone();
                    let label = format!("{}: {}", partner.name, kind.label());
                    let only = plan.with_partners(std::slice::from_ref(&partner.id));
                    view! {
                        <td class=format!("cell {class}") data-cell=id.clone() data-label=kind.label()>
                            <strong>{word}</strong>
                            <span class="hint">{expected}</span>
                            {(!detail.is_empty()).then(|| view! { <span class="cell-detail">{detail}</span> })}
                            {sending.then(|| view! {
                                {move || if confirm.get().as_deref() == Some(ask_id.as_str()) {
                                    let id = again_id.clone();
                                    // The secrets this partner's postback needs, asked for here.
                                    let asks = postback_core::env_asks(&only).unwrap_or_default();
                                    let names = StoredValue::new(asks.iter().map(|a| a.name.clone()).collect::<Vec<_>>());
                                    let plan_id = StoredValue::new(only.id.clone());
                                    let missing = move || plan_id.with_value(|p| names.with_value(|names| !kept.missing(p, names).is_empty()));
                                    let fields = asks.into_iter().map(|ask| {
                                        let field_id = format!("again-{}", ask.name);
                                        let key = ask.name.clone();
                                        view! {
                                            <span class="field">
                                                <label for=field_id.clone()>{ask.label()}</label>
                                                <input id=field_id type="password" autocomplete="off"
                                                    prop:value=plan_id.with_value(|p| kept.secret(p, &key)).unwrap_or_default()
                                                    on:input=move |ev| plan_id.with_value(|p| kept.set_secret(p, &key, event_target_value(&ev))) />
                                            </span>
                                        }
                                    }).collect_view();
                                    view! {
                                        <span>{format!("Send {label} again? If it arrived, the receiver may count it twice. It goes with the same transaction ID, so a receiver that checks can refuse it.")}</span>
                                        {fields}
                                        <button type="button" aria-disabled=move || missing().to_string()
                                            on:click=move |_| if !missing() { set_confirm.set(None); on_send_again.run(id.clone()); }>"Yes, send it again"</button>
                                        <button type="button" on:click=move |_| set_confirm.set(None)>"No"</button>
                                    }.into_any()
                                } else {
                                    let id = ask_id.clone();
                                    view! {
                                        <button type="button" aria-disabled=move || running.get().to_string()
                                            on:click=move |_| if !running.get_untracked() { set_confirm.set(Some(id.clone())) }>
                                            "Send again"<span class="visually-hidden">{format!(" for {label}")}</span>
                                        </button>
                                    }.into_any()
                                }}
                            })}
                        </td>
                    }
                    .into_any()
                })
                .collect_view();
            view! { <tr><th scope="row">{partner.name.clone()}</th>{tds}</tr> }
        })
        .collect_view();
    let hidden = plan.partners.len().saturating_sub(SHOWN_ROWS);
    // Once anything went out, say how each receiver's test conversions are taken back.
    let sent = run
        .cells
        .values()
        .any(|s| !matches!(s, CellState::NotSent { .. }));
    let cleanup = sent.then(|| {
        let steps = plan
            .partners
            .iter()
            .take(SHOWN_ROWS)
            .map(|p| {
                let step = p.preset().map_or_else(
                    || "No platform chosen: look for the test conversions in the receiver's report.".to_owned(),
                    |preset| preset.cleanup_step(),
                );
                view! { <li>{format!("{}: {step}", p.name)}</li> }
            })
            .collect_view();
        view! {
            <details class="plan-cleanup">
                <summary>"Removing the test conversions"</summary>
                <p class="hint">"The postbacks of this run were real: a receiver counts them until they are removed."</p>
                <ul>{steps}</ul>
            </details>
        }
    });
    view! {
        <h3>"Results"</h3>
        <p class="plan-summary" role="status">{summary.text()}</p>
        <div class="table-scroll">
            <table class="plan-matrix" aria-label="Plan results">
                <thead><tr><th scope="col">"Partner"</th>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {cleanup}
        {(hidden > 0).then(|| view! {
            <p class="hint">{format!("{hidden} more partners are not shown here: their results are in the Markdown, JSON and JUnit files.")}</p>
        })}
    }
}
