//! A plan's evidence: Markdown (a partners × checks matrix, then each cell), JSON that keeps
//! the plan and its run, and JUnit XML with one test case per cell, a failure for each unmet
//! expectation, so CI tools read a plan's run like a test suite.

/// `text` as XML text or an attribute value: markup escaped, and the characters XML 1.0 does
/// not allow at all (most control characters) replaced by U+FFFD, so the file always parses.
fn escape(text: &str) -> String {
    let allowed: String = text
        .chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if u32::from(c) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => '\u{fffd}',
            c => c,
        })
        .collect();
    quick_xml::escape::escape(allowed.as_str()).into_owned()
}

use crate::{
    evidence::block, markdown_text, Cell, CellKind, CellState, Judgement, Plan, PlanRun,
    PLAN_VERSION,
};

/// What a cell came to, in a word or two, for the matrix.
fn short(state: Option<&CellState>) -> &'static str {
    match state {
        None => "not reached",
        Some(CellState::Sending { .. }) => "may have arrived",
        Some(CellState::NotSent { .. }) => "not sent",
        Some(CellState::Done { judgement, .. }) => match judgement {
            Judgement::Met(_) => "✅ as expected",
            Judgement::Missed(_) => "❌ not as expected",
            Judgement::Unknown(_) => "❔ cannot tell",
        },
    }
}

/// The columns of the matrix: the plan's events, then its checks.
fn columns(plan: &Plan) -> Vec<CellKind> {
    plan.events
        .iter()
        .map(|e| CellKind::Event(*e))
        .chain(plan.negatives.iter().map(|n| CellKind::Negative(*n)))
        .collect()
}

/// A cell in full: what it expected and what came back.
fn cell_text(state: Option<&CellState>) -> (String, String) {
    match state {
        None => ("Not reached in this run.".to_owned(), String::new()),
        Some(CellState::Sending { .. }) => (
            "Handed to the browser, and no answer was filed: it may have arrived. Check the \
             receiver's report before sending it again."
                .to_owned(),
            String::new(),
        ),
        Some(CellState::NotSent { why, hint }) => {
            (format!("Not sent: {why}. {hint}"), String::new())
        }
        Some(CellState::Done { run, judgement, .. }) => (judgement.text(), run.request.to_text()),
    }
}

/// The plan and its run as Markdown: the summary line, a matrix of partners × events and
/// checks, then each cell with its expectation, verdict and request (secrets left out).
///
/// ```
/// use postback_core::{plan_markdown, Draft, Plan, PlanRun, Signing};
///
/// let plan = Plan::from_builder("x", "Launch", &Draft::default(), &Signing::Off);
/// let text = plan_markdown(&plan, &PlanRun::default());
/// assert!(text.starts_with("# Test plan: Launch"));
/// assert!(text.contains("| Partner | Registration | First deposit (FTD) | Deposit |"));
/// ```
pub fn plan_markdown(plan: &Plan, run: &PlanRun) -> String {
    let columns = columns(plan);
    let started = if run.started_ms == 0 {
        "Not run yet.".to_owned()
    } else {
        format!(
            "Run started {} UTC.",
            crate::clock::rfc3339_seconds(run.started_ms)
                .trim_end_matches('Z')
                .replace('T', " ")
        )
    };
    let mut out = format!(
        "# Test plan: {}\n\n{started} {}\n\n| Partner |",
        markdown_text(&plan.name),
        markdown_text(&run.summary(plan).text())
    );
    for column in &columns {
        out.push_str(&format!(" {} |", column.label()));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(columns.len()));
    out.push('\n');
    let cells = plan.cells();
    let ids: std::collections::HashSet<String> = cells.iter().map(Cell::id).collect();
    for partner in &plan.partners {
        out.push_str(&format!("| {} |", markdown_text(&partner.name)));
        for column in &columns {
            let id = Cell {
                partner: partner.id.clone(),
                kind: *column,
                expect: crate::Expectation::Accepted,
            }
            .id();
            let text = if ids.contains(&id) {
                short(run.state(&id))
            } else {
                "does not apply"
            };
            out.push_str(&format!(" {text} |"));
        }
        out.push('\n');
    }
    let names: std::collections::HashMap<&str, &str> = plan
        .partners
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    for cell in &cells {
        let partner = names.get(cell.partner.as_str()).copied().unwrap_or("");
        let (verdict, request) = cell_text(run.state(&cell.id()));
        out.push_str(&format!(
            "\n## {}: {}\n\n- Expected: {}\n- Result: {}\n",
            markdown_text(partner),
            cell.kind.label(),
            cell.expect.describe(),
            markdown_text(&verdict)
        ));
        if !request.is_empty() {
            out.push_str("\nRequest as sent:\n\n");
            block(&mut out, &request);
        }
    }
    out
}

/// The plan and its run as JSON, to keep or to read with other tools.
#[expect(
    clippy::expect_used,
    reason = "plain structs with string keys always serialise"
)]
pub fn plan_json_evidence(plan: &Plan, run: &PlanRun) -> String {
    let summary = run.summary(plan);
    serde_json::to_string_pretty(&serde_json::json!({
        "format": super::file::PLAN_EVIDENCE_FORMAT,
        "v": PLAN_VERSION,
        "summary": {
            "text": summary.text(),
            "cells": summary.cells,
            "met": summary.met,
            "missed": summary.missed,
            "unknown": summary.unknown,
            "not_sent": summary.not_sent,
            "may_have_arrived": summary.may_have_arrived,
            "waiting": summary.waiting,
        },
        "plan": plan,
        "run": run,
    }))
    .expect("plain structs with string keys always serialise")
}

/// The plan's run as JUnit XML: one test suite per partner, one test case per cell; a
/// `failure` for an unmet expectation or a cell that was not sent, `skipped` for a cell the
/// answer cannot tell about or that was not reached.
///
/// ```
/// use postback_core::{plan_junit, Draft, Plan, PlanRun, Signing};
///
/// let plan = Plan::from_builder("x", "Launch & go", &Draft::default(), &Signing::Off);
/// let xml = plan_junit(&plan, &PlanRun::default());
/// assert!(xml.contains(r#"<testsuites name="Launch &amp; go""#));
/// assert!(xml.contains("<skipped message=\"not reached in this run\"/>"));
/// assert!(xml.contains(r#"tests="4" failures="0" skipped="4">"#));
/// ```
pub fn plan_junit(plan: &Plan, run: &PlanRun) -> String {
    let cells = plan.cells();
    let summary = run.summary(plan);
    let failures = summary.missed + summary.not_sent + summary.may_have_arrived;
    let skipped = summary.unknown + summary.waiting;
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\" tests=\"{}\" failures=\"{failures}\" skipped=\"{skipped}\">\n",
        escape(plan.name.as_str()),
        cells.len(),
    );
    // JUnit's timestamp is local ISO 8601 without a zone; the run's start, in UTC.
    let timestamp = if run.started_ms == 0 {
        String::new()
    } else {
        format!(
            " timestamp=\"{}\"",
            crate::clock::rfc3339_seconds(run.started_ms).trim_end_matches('Z')
        )
    };
    let mut by_partner: std::collections::HashMap<&str, Vec<&Cell>> =
        std::collections::HashMap::new();
    for cell in &cells {
        by_partner
            .entry(cell.partner.as_str())
            .or_default()
            .push(cell);
    }
    for partner in &plan.partners {
        let mine = by_partner.remove(partner.id.as_str()).unwrap_or_default();
        let failed = mine
            .iter()
            .filter(|c| {
                matches!(
                    run.state(&c.id()),
                    Some(CellState::Sending { .. } | CellState::NotSent { .. })
                        | Some(CellState::Done {
                            judgement: Judgement::Missed(_),
                            ..
                        })
                )
            })
            .count();
        let skipped = mine
            .iter()
            .filter(|c| {
                matches!(
                    run.state(&c.id()),
                    None | Some(CellState::Done {
                        judgement: Judgement::Unknown(_),
                        ..
                    })
                )
            })
            .count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\" skipped=\"{skipped}\"{timestamp}>\n",
            escape(partner.name.as_str()),
            mine.len()
        ));
        for cell in mine {
            let name = format!(
                "{} (expected: {})",
                cell.kind.label(),
                cell.expect.describe()
            );
            let head = format!(
                "    <testcase classname=\"{}\" name=\"{}\"",
                escape(partner.name.as_str()),
                escape(name.as_str())
            );
            let body = match run.state(&cell.id()) {
                None => "<skipped message=\"not reached in this run\"/>".to_owned(),
                Some(CellState::Sending { .. }) => {
                    "<failure message=\"may have arrived: no answer was filed\"/>".to_owned()
                }
                Some(CellState::NotSent { why, hint }) => format!(
                    "<failure message=\"not sent: {}\">{}</failure>",
                    escape(why.as_str()),
                    escape(hint.as_str())
                ),
                Some(CellState::Done { judgement, run, .. }) => match judgement {
                    Judgement::Met(_) => String::new(),
                    Judgement::Missed(why) => format!(
                        "<failure message=\"{}\">{}</failure>",
                        escape(why.as_str()),
                        escape(run.request.to_text().as_str())
                    ),
                    Judgement::Unknown(why) => {
                        format!(
                            "<skipped message=\"cannot tell: {}\"/>",
                            escape(why.as_str())
                        )
                    }
                },
            };
            if body.is_empty() {
                out.push_str(&format!("{head}/>\n"));
            } else {
                out.push_str(&format!("{head}>{body}</testcase>\n"));
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
