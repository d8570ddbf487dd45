//! `fire`: one postback, sent once, its answer read and judged as the page judges it. The
//! draft is built as the page's builder builds it, prepared by the core's one fire pipeline,
//! and sent by [`crate::net`]; secrets are hidden in everything printed.

use std::{io::Write, process::ExitCode};

use postback_core::{
    judge, prepare, Answers, BodyKind, Change, FetchMode, Method, Moment, Reading, RunOutcome,
    Severity, Signing,
};

use crate::{bad_input, entropy, net::Sender, show, template, RequestArgs, With};

/// What `postback fire` was given.
pub struct FireArgs<'a> {
    /// The template.
    pub template: &'a str,
    /// Its platform, syntax and values.
    pub with: &'a With,
    /// Its method, body and headers.
    pub request: &'a RequestArgs,
    /// How long to wait, in seconds.
    pub timeout: u32,
    /// Send despite the builder's problems.
    pub anyway: bool,
    /// Print JSON.
    pub json: bool,
}

/// `postback fire`: the verdict and the answer on `out`; exit 0 when the receiver answered
/// with success (and its body did not refuse), 1 otherwise, 2 when nothing could be sent.
pub async fn fire(args: FireArgs<'_>, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let mut draft = match template::draft(args.template, args.with) {
        Ok(d) => d,
        Err((message, hint)) => return bad_input(err, &message, &hint),
    };
    let Some(method) = Method::from_name(&args.request.method.to_uppercase()) else {
        return bad_input(
            err,
            &format!("no HTTP method {:?}", args.request.method),
            "Use GET, POST, PUT, PATCH, DELETE or HEAD.",
        );
    };
    draft.method = method;
    if let Some(body) = &args.request.body {
        let trimmed = body.trim_start();
        draft.body_kind = if trimmed.starts_with('{') || trimmed.starts_with('[') {
            BodyKind::Json
        } else {
            BodyKind::Form
        };
        draft.body = body.clone();
    }
    draft.headers = args.request.headers.join("\n");
    let built = draft.build();
    for f in built
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Error)
    {
        let _ = writeln!(err, "{}", template::finding_line(f));
    }
    let blocking: Vec<String> = built
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(template::finding_line)
        .chain(
            built
                .problems()
                .into_iter()
                .skip(built.findings.len())
                .map(|p| format!("error: {p}")),
        )
        .collect();
    if !blocking.is_empty() && !args.anyway {
        for line in &blocking {
            let _ = writeln!(err, "{line}");
        }
        return bad_input(
            err,
            "nothing was sent: the postback has problems",
            "Fill in the values with --value NAME=VALUE, or add --anyway to send it as it is.",
        );
    }
    let mut fresh = |_| entropy::fresh_id();
    let mut moment = Moment {
        now_ms: entropy::now_ms(),
        fresh_id: &mut fresh,
    };
    let prepared = match prepare(
        &draft,
        &Signing::Off,
        Change::AsBuilt,
        FetchMode::Read,
        &mut moment,
    ) {
        Ok(p) => p,
        Err(e) => return bad_input(err, &e.to_string(), e.hint()),
    };
    let sender = match Sender::new() {
        Ok(s) => s,
        Err(e) => return bad_input(err, &e.to_string(), e.hint()),
    };
    let shown = prepared.secrets.redact(prepared.request.clone());
    let _ = writeln!(err, "Sending once: {}", shown.to_visible_text());
    let sent = match sender.send(&prepared.request, args.timeout).await {
        Ok(sent) => sent,
        Err(e) => return bad_input(err, &e.to_string(), e.hint()),
    };
    let answers = prepared
        .draft
        .preset()
        .map_or(Answers::Undocumented, |p| p.answers);
    // Judged on the answer with the secrets hidden: a receiver that echoes the token back in
    // its refusal must not put it into the reading.
    let delivery = prepared.secrets.hide_in_answer(sent.delivery);
    let judged = judge(&delivery, answers, None, None);
    if args.json {
        let value = serde_json::json!({
            "verdict": judged.verdict,
            "reading": judged.reading,
            "outcome": judged.outcome.id(),
            "request": shown,
            "delivery": delivery,
            "elapsed_ms": sent.elapsed_ms,
        });
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    } else {
        let _ = write!(
            out,
            "{}",
            show::answer_text(&delivery, &judged, sent.elapsed_ms)
        );
    }
    let refused = matches!(judged.reading, Some(Reading::Rejected(_)));
    if judged.outcome == RunOutcome::Success && !refused {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
