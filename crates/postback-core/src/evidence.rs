//! Evidence bundles: chosen runs as a Markdown report a partner can read, as JSON that imports
//! back (versioned and validated), and as CSV with one row per run.

use serde::{Deserialize, Serialize};

use crate::{
    clock,
    encode::{markdown_text, spreadsheet_cell},
    version::{self, Step, Unreadable},
    Delivery, ExportError, Run,
};

/// What marks a JSON file as ours.
pub const EVIDENCE_FORMAT: &str = "postback-tester-evidence";

/// The upgrade steps of evidence files, one per version after the first (see the version rule
/// in `version.rs`): a file exported today imports into every later build.
const EVIDENCE_STEPS: [Step; 3] = [
    crate::store::runs_may_come_from_a_partner,
    crate::store::secrets_by_placement,
    crate::store::problems_at_fire_time,
];

/// The bundle version this build writes.
pub const EVIDENCE_VERSION: u32 = version::current(&EVIDENCE_STEPS);

/// The largest file an import reads.
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;

#[derive(Serialize, Deserialize)]
struct Bundle {
    format: String,
    v: u32,
    runs: Vec<Run>,
}

/// Why a file cannot be imported. Nothing is changed when it cannot.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// Over [`MAX_IMPORT_BYTES`].
    #[error("the file is too large ({bytes} bytes)")]
    TooLarge {
        /// Its size.
        bytes: usize,
    },
    /// Not a bundle this app wrote.
    #[error("not a postback tester evidence file")]
    NotOurs,
    /// A newer version wrote it.
    #[error("written by a newer version (format {version})")]
    Newer {
        /// Its version.
        version: u32,
    },
    /// Ours, but damaged.
    #[error("the file is damaged: {reason}")]
    Damaged {
        /// What the JSON reader said.
        reason: String,
    },
}

impl ImportError {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "Export fewer runs at a time, then import each file.",
            Self::NotOurs => "Choose a .json file made with Export JSON in Postback Tester.",
            Self::Newer { .. } => {
                "Reload the page to get the newest Postback Tester, then import again."
            }
            Self::Damaged { .. } => {
                "Export the runs again; the file may have been edited or cut short."
            }
        }
    }
}

/// A fence of backticks longer than any run of backticks in `text`.
fn fence(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

pub(crate) fn block(out: &mut String, text: &str) {
    let f = fence(text);
    out.push_str(&format!("{f}\n{text}\n{f}\n"));
}

/// The runs as a Markdown report, newest first like the page: a summary table (the time on
/// the reader's clock, `utc_offset_minutes` east of UTC, and in UTC; platform, click ID,
/// status, verdict), then each run: the template, the values (secrets were never kept), the
/// request as sent, the problems at fire time and the answer (JSON pretty-printed).
///
/// ```
/// use postback_core::evidence_markdown;
///
/// assert!(evidence_markdown(&[], 0).starts_with("# Postback test evidence"));
/// ```
pub fn evidence_markdown(runs: &[Run], utc_offset_minutes: i32) -> String {
    let mut runs: Vec<&Run> = runs.iter().collect();
    runs.sort_by_key(|r| std::cmp::Reverse(r.at_ms));
    let mut out = format!(
        "# Postback test evidence\n\n{} run{}, newest first, made with Postback Tester.\n",
        runs.len(),
        if runs.len() == 1 { "" } else { "s" }
    );
    if !runs.is_empty() {
        out.push_str(&format!(
            "\n| # | When (local, {}) | When (UTC) | Platform | Click ID | Status | Verdict |\n\
             |---|---|---|---|---|---|---|\n",
            clock::offset_name(utc_offset_minutes)
        ));
        for (n, run) in runs.iter().enumerate() {
            let status = match &run.delivery {
                Delivery::Read { status, .. } => status.to_string(),
                _ => "–".to_owned(),
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} |\n",
                n + 1,
                markdown_text(&clock::local_minutes(run.at_ms, utc_offset_minutes)),
                markdown_text(&run.when()),
                markdown_text(run.draft.preset().map_or("–", |p| p.name)),
                click_id_of(run).map_or_else(|| "–".to_owned(), |c| markdown_text(&c)),
                status,
                markdown_text(&run.delivery.verdict().headline),
            ));
        }
    }
    for (n, run) in runs.iter().enumerate() {
        let verdict = run.delivery.verdict();
        let platform = run.draft.preset().map_or("no platform chosen", |p| p.name);
        // Everything outside a code block is escaped: a receiver's reason phrase is text.
        let partner = run.from_partner.as_ref().map_or_else(String::new, |who| {
            format!(
                "- Fired by a partner: the result link said it was for {}\n",
                markdown_text(who)
            )
        });
        out.push_str(&format!(
            "\n## {}. {}\n\n- When: {}\n- Platform: {}\n- Time taken: {} ms\n{partner}\n{}\n\nTemplate:\n\n",
            n + 1,
            markdown_text(&verdict.headline),
            markdown_text(&run.when_exact()),
            markdown_text(platform),
            run.elapsed_ms,
            markdown_text(&verdict.detail)
        ));
        if !verdict.technical.is_empty() {
            out.push_str(&format!("\n{}\n", markdown_text(&verdict.technical)));
        }
        block(&mut out, &run.draft.url);
        let values: Vec<String> = run
            .draft
            .values
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        if !values.is_empty() {
            out.push_str("\nValues (secrets are never kept):\n\n");
            block(&mut out, &values.join("\n"));
        }
        out.push_str("\nRequest as sent:\n\n");
        block(&mut out, &run.request.to_text());
        if !run.problems.is_empty() {
            out.push_str("\nProblems at fire time:\n\n");
            for problem in &run.problems {
                out.push_str(&format!("- {}\n", markdown_text(problem)));
            }
        }
        if let Delivery::Read {
            body: Some(body), ..
        } = &run.delivery
        {
            out.push_str(&format!(
                "\nAnswer ({} bytes{}):\n\n",
                body.total_bytes,
                if body.truncated { ", cut" } else { "" }
            ));
            block(
                &mut out,
                &body.pretty_json().unwrap_or_else(|| body.text.clone()),
            );
        }
    }
    out
}

/// The click ID a run sent: the value of the first query parameter named like a click ID.
fn click_id_of(run: &Run) -> Option<String> {
    let url = crate::parse_url(run.request.url()).ok()?;
    url.query_pairs()
        .find(|(k, v)| {
            !v.is_empty()
                && crate::extract::known::known_param(k).is_some_and(|p| p.group.is_click_id())
        })
        .map(|(_, v)| v.into_owned())
}

/// The runs as JSON that [`read_evidence`] reads back.
#[expect(
    clippy::expect_used,
    reason = "plain structs with string keys always serialise"
)]
pub fn evidence_json(runs: &[Run]) -> String {
    let bundle = Bundle {
        format: EVIDENCE_FORMAT.to_owned(),
        v: EVIDENCE_VERSION,
        runs: runs.to_vec(),
    };
    serde_json::to_string_pretty(&bundle).expect("plain structs with string keys always serialise")
}

/// The runs of a JSON bundle.
///
/// # Errors
///
/// [`ImportError`] for a file too large, not ours, from a newer version, or damaged.
///
/// ```
/// use postback_core::{evidence_json, read_evidence, ImportError};
///
/// assert_eq!(read_evidence(&evidence_json(&[])), Ok(vec![]));
/// assert_eq!(read_evidence(r#"{"log":{"entries":[]}}"#), Err(ImportError::NotOurs));
/// ```
pub fn read_evidence(text: &str) -> Result<Vec<Run>, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge { bytes: text.len() });
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| ImportError::NotOurs)?;
    if value.get("format").and_then(|f| f.as_str()) != Some(EVIDENCE_FORMAT) {
        return Err(ImportError::NotOurs);
    }
    let value = version::upgrade(value, &EVIDENCE_STEPS).map_err(|e| match e {
        Unreadable::Newer(version) => ImportError::Newer { version },
        Unreadable::Broken(reason) => ImportError::Damaged { reason },
    })?;
    serde_json::from_value::<Bundle>(value)
        .map(|b| b.runs.into_iter().map(Run::tidy).collect())
        .map_err(|e| ImportError::Damaged {
            reason: e.to_string(),
        })
}

/// The runs as CSV, one row each.
///
/// # Errors
///
/// [`ExportError`] when the CSV writer fails.
pub fn evidence_csv(runs: &[Run]) -> Result<String, ExportError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "time",
        "platform",
        "method",
        "url",
        "verdict",
        "status",
        "ms",
        "answer",
        "fired by",
        "problems at fire time",
    ])?;
    for run in runs {
        let (status, answer) = match &run.delivery {
            Delivery::Read { status, body, .. } => (
                status.to_string(),
                body.as_ref().map(|b| b.text.clone()).unwrap_or_default(),
            ),
            _ => (String::new(), String::new()),
        };
        let cells = [
            run.when_exact(),
            run.draft.preset().map_or("", |p| p.name).to_owned(),
            run.request.method().as_str().to_owned(),
            run.request.url().to_owned(),
            run.delivery.verdict().headline,
            status,
            run.elapsed_ms.to_string(),
            answer,
            // A partner's result, kept from their link: who the link said it was for.
            run.from_partner
                .as_ref()
                .map_or_else(String::new, |who| format!("a partner, for {who}")),
            run.problems.join("; "),
        ];
        writer.write_record(cells.iter().map(|c| spreadsheet_cell(c).into_owned()))?;
    }
    let bytes = writer.into_inner().map_err(|_| ExportError::Unfinished)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        BodyText, Draft, FetchMode, FireRequest, Method, Prepared, Secrets, Signing,
        MAX_STORED_BODY,
    };

    fn run(body: &str) -> Run {
        let draft = Draft {
            preset: Some("tune".into()),
            url: "https://t.example/aff_lsr?transaction_id={tid}".into(),
            ..Draft::default()
        };
        let request = FireRequest::new(
            Method::Post,
            "https://t.example/aff_lsr?transaction_id=1",
            "X-A: 1",
            Some("a=1".into()),
        )
        .unwrap();
        let delivery = Delivery::Read {
            status: 200,
            status_text: "OK".into(),
            body: Some(BodyText::from_bytes(body.as_bytes(), MAX_STORED_BODY)),
            headers: vec![],
            final_url: None,
        };
        let prepared = Prepared {
            secrets: Secrets::of(&draft, &Signing::Off),
            draft,
            request,
            mode: FetchMode::Read,
        };
        Run::new(
            "r1".into(),
            1_763_700_000_000,
            &prepared,
            vec![],
            delivery,
            42,
        )
    }

    #[test]
    fn json_export_then_import_gives_the_same_runs() {
        let runs = vec![run("success=true;"), run("```\nfenced\n```")];
        assert_eq!(read_evidence(&evidence_json(&runs)), Ok(runs));
    }

    #[test]
    fn imports_that_are_not_ours_or_newer_or_damaged_are_refused() {
        let ours = evidence_json(&[run("OK")]);
        let newer = ours.replace(&format!("\"v\": {EVIDENCE_VERSION}"), "\"v\": 70");
        let damaged = ours.replace("\"elapsed_ms\": 42", "\"elapsed_ms\": \"slow\"");
        let cases = [
            ("[]", ImportError::NotOurs),
            ("not json", ImportError::NotOurs),
            (
                r#"{"format":"something-else","v":1,"runs":[]}"#,
                ImportError::NotOurs,
            ),
            (newer.as_str(), ImportError::Newer { version: 70 }),
        ];
        for (text, want) in cases {
            assert_eq!(read_evidence(text), Err(want), "{text}");
        }
        assert!(matches!(
            read_evidence(&damaged),
            Err(ImportError::Damaged { .. })
        ));
        let huge = " ".repeat(MAX_IMPORT_BYTES + 1);
        assert_eq!(
            read_evidence(&huge),
            Err(ImportError::TooLarge {
                bytes: MAX_IMPORT_BYTES + 1
            })
        );
    }

    #[test]
    fn the_markdown_report_quotes_requests_and_answers_safely() {
        let md = evidence_markdown(&[run("```\nnot a fence end\n```")], 0);
        assert!(md.contains("## 1. Answer read: HTTP 200 OK"), "{md}");
        assert!(md.contains("- When: 2025-11-21T04:40:00.000Z"), "{md}");
        assert!(md.contains("- Platform: TUNE (HasOffers)"), "{md}");
        let request =
            "\n```\nPOST https://t.example/aff_lsr?transaction_id=1\nX-A: 1\n\na=1\n```\n";
        assert!(md.contains(request), "{md}");
        // The body's own fence cannot close the block early.
        assert!(md.contains("````\n```\nnot a fence end\n```\n````"), "{md}");
    }

    #[test]
    fn a_receivers_words_cannot_make_markup_in_the_report_or_formulas_in_the_sheet() {
        let mut hostile = run("=cmd|' /C calc'!A0");
        if let Delivery::Read { status_text, .. } = &mut hostile.delivery {
            *status_text = "OK <img src=x onerror=alert(1)>\n## Forged [link](javascript:x)".into();
        }
        let md = evidence_markdown(std::slice::from_ref(&hostile), 0);
        let heading = md
            .lines()
            .find(|l| l.starts_with("## 1."))
            .unwrap_or_default();
        assert_eq!(
            heading,
            "## 1. Answer read: HTTP 200 OK \\<img src=x onerror=alert(1)\\> \\#\\# Forged \\[link\\](javascript:x)"
        );
        assert!(!md.contains("\n## Forged"), "{md}");
        let csv = evidence_csv(&[hostile]).unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[7], "'=cmd|' /C calc'!A0");
        assert!(
            row.iter()
                .all(|cell| !cell.starts_with(['=', '+', '-', '@'])),
            "{row:?}"
        );
    }

    #[test]
    fn a_crafted_time_in_an_imported_file_is_read_as_a_date() {
        let mut far = run("OK");
        far.at_ms = 253_402_300_800_000;
        let back = read_evidence(&evidence_json(&[far])).unwrap();
        assert_eq!(back[0].when_exact(), "9999-12-31T23:59:59.999Z");
        assert!(evidence_markdown(&back, 0).contains("9999-12-31T23:59:59.999Z"));
    }

    #[test]
    fn the_report_opens_with_a_summary_table_newest_first() {
        let older = Run {
            id: "older".into(),
            at_ms: 1_763_700_000_000,
            ..run("OK")
        };
        let newer = Run {
            id: "newer".into(),
            at_ms: 1_763_700_060_000,
            ..run("OK")
        };
        let md = evidence_markdown(&[older, newer], 60);
        let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| ")).collect();
        assert_eq!(
            rows.first().copied(),
            Some(
                "| # | When (local, UTC+1) | When (UTC) | Platform | Click ID | Status | Verdict |"
            )
        );
        assert!(
            rows[1].starts_with("| 1 | 2025-11-21 05:41 | 2025-11-21 04:41:00 UTC |"),
            "{md}"
        );
        assert!(rows[2].starts_with("| 2 | 2025-11-21 05:40 |"), "{md}");
        assert!(
            rows[1].ends_with("| TUNE (HasOffers) | 1 | 200 | Answer read: HTTP 200 OK |"),
            "{md}"
        );
    }

    #[test]
    fn problems_at_fire_time_are_in_every_export() {
        let run = run("OK").with_problems(vec!["payout: `12,50` is <not> a number".into()]);
        let markdown = evidence_markdown(std::slice::from_ref(&run), 0);
        let listed = markdown
            .split("Problems at fire time:\n\n- ")
            .nth(1)
            .and_then(|rest| rest.lines().next())
            .unwrap_or_default();
        assert!(
            listed.starts_with("payout") && listed.contains("\\<not\\>"),
            "{markdown}"
        );
        let csv = evidence_csv(std::slice::from_ref(&run)).unwrap();
        assert!(csv.contains("payout: `12,50` is <not> a number"), "{csv}");
        let back = read_evidence(&evidence_json(std::slice::from_ref(&run))).unwrap();
        assert_eq!(back[0].problems, run.problems);
    }

    #[test]
    fn csv_has_one_row_per_run() {
        let theirs = Run {
            from_partner: Some("Anna (AffNet)".into()),
            ..run("OK")
        };
        let csv = evidence_csv(&[run("OK"), run("a,\"b\"\nc"), theirs]).unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(&rows[1][7], "a,\"b\"\nc");
        assert_eq!(&rows[0][5], "200");
        assert_eq!(
            (&rows[0][8], &rows[2][8]),
            ("", "a partner, for Anna (AffNet)")
        );
    }
}
