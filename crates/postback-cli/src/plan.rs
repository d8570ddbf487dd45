//! `run`: a test plan made in the page, run from a terminal or a CI job. Each cell is
//! prepared by the core (`prepare_cell`), marked sending before it leaves, sent once by
//! [`crate::net`] and judged by the core (`judge_cell`), as the page's run does; the reports
//! are the core's (`plan_junit`, `plan_markdown`, `plan_json_evidence`). A partner's cells go
//! one after another, since its repeat check needs its first event's answer; partners go
//! side by side up to `--concurrency`, and no faster than `--rate` postbacks a second.

use std::{
    cell::RefCell,
    io::{IsTerminal, Write},
    path::{Path, PathBuf},
    process::ExitCode,
    sync::atomic::{AtomicBool, Ordering},
    time::Duration,
};

use futures_util::{stream, StreamExt};
use postback_core::{
    fill_env, judge_cell, plan_json_evidence, plan_junit, plan_markdown, read_plan, Answers, Cell,
    CellKind, CellState, ConversionEvent, Moment, Negative, Plan, PlanRun, Run, MAX_PLAN_BYTES,
};

use crate::{
    bad_input, entropy,
    net::{Sender, DEFAULT_TIMEOUT_SECS},
};

/// How `postback run` runs a plan.
#[derive(Debug, clap::Args)]
pub struct RunOptions {
    /// Run only this partner (by name or ID), or one of its cells as PARTNER/EVENT (an event
    /// or check by ID, such as `ftd` or `wrong-token`). A check also sends the partner's
    /// first event, which it changes or repeats.
    #[arg(long, value_name = "PARTNER[/EVENT]")]
    pub only: Option<String>,
    /// Write the run as JUnit XML, one test case per cell.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Write the run as Markdown: the matrix, then each cell.
    #[arg(long, value_name = "FILE")]
    pub markdown: Option<PathBuf>,
    /// Write the plan and its run as JSON, a results file the page opens.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// How many partners are run at the same time.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// At most this many postbacks a second, all partners together.
    #[arg(long, value_name = "PER_SECOND")]
    pub rate: Option<f64>,
    /// Add each platform's documented test flag (such as Binom's `disable_postback=1`).
    #[arg(long)]
    pub as_test: bool,
    /// How long each postback waits for its whole answer, in seconds.
    #[arg(long, value_name = "S", default_value_t = DEFAULT_TIMEOUT_SECS, value_parser = clap::value_parser!(u32).range(1..=600))]
    pub timeout: u32,
}

/// `postback run`: the summary on `out`, progress on `err`, the reports where asked; exit 0
/// when every cell met its expectation or cannot tell, 1 when one did not (or was not sent,
/// or may have arrived), 2 for bad input (nothing sent).
pub async fn run(
    path: &Path,
    options: &RunOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let plan = match read_plan_file(path) {
        Ok(plan) => plan,
        Err((message, hint)) => return bad_input(err, &message, &hint),
    };
    let mut plan = match only(&plan, options.only.as_deref()) {
        Ok(plan) => plan,
        Err((message, hint)) => return bad_input(err, &message, &hint),
    };
    if options.as_test {
        plan.as_test = true;
        if !plan
            .partners
            .iter()
            .any(|p| p.preset().is_some_and(|p| p.behaviour.test_flag.is_some()))
        {
            let _ = writeln!(
                err,
                "note: no partner's platform documents a test flag, so these postbacks are real"
            );
        }
    }
    if let Some(rate) = options.rate {
        if !(rate.is_finite() && rate > 0.0) {
            return bad_input(
                err,
                &format!("--rate {rate} is not a rate"),
                "Give a number of postbacks a second above 0, such as --rate 2 or --rate 0.5.",
            );
        }
    }
    // What the environment filled in is said as its placeholder in every line and report:
    // a value put in a macro whose name is not secret-like is still the user's to keep.
    let hidden_env = Hidden::of(&plan);
    let filled = match fill_env(&plan, &|name| std::env::var(name).ok()) {
        Ok(filled) => filled,
        Err(e @ postback_core::EnvError::Missing { .. }) => {
            return bad_input(
                err,
                &e.to_string(),
                "Set each as an environment variable (in CI, from a repository secret), then \
                 run it again. Nothing was sent.",
            )
        }
        Err(e) => return bad_input(err, &e.to_string(), e.hint()),
    };
    for path in [&options.junit, &options.markdown, &options.json]
        .into_iter()
        .flatten()
    {
        // A report that cannot be written is known before anything is sent.
        if let Err(e) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            return bad_input(
                err,
                &format!("{} cannot be written: {e}", path.display()),
                "Name a file in a folder that exists and can be written.",
            );
        }
    }
    let sender = match Sender::new() {
        Ok(s) => s,
        Err(e) => return bad_input(err, &e.to_string(), e.hint()),
    };
    let preview = PlanRun::new(0).preview(&filled);
    let _ = writeln!(err, "{}", preview_line(&preview));
    for n in &preview.not_ready {
        let _ = writeln!(
            err,
            "  will not be sent: {}: {}. {}",
            n.label, n.why, n.hint
        );
    }

    let cells = filled.cells();
    let progress = Progress::new(cells.len(), err, &hidden_env);
    let state = Shared {
        plan: &filled,
        run: RefCell::new(PlanRun::new(entropy::now_ms())),
        sender: &sender,
        timeout: options.timeout,
        pace: options.rate.map(Pace::new),
        stop: AtomicBool::new(false),
        progress: RefCell::new(progress),
    };
    let groups: Vec<Vec<Cell>> = filled
        .partners
        .iter()
        .map(|p| {
            cells
                .iter()
                .filter(|c| c.partner == p.id)
                .cloned()
                .collect()
        })
        .collect();
    let work = stream::iter(groups.iter().map(|g| state.run_partner(g)))
        .buffer_unordered(usize::from(options.concurrency))
        .collect::<Vec<()>>();
    tokio::select! {
        _ = work => {}
        _ = stop_on_interrupt(&state.stop) => {
            // Only the cells in flight finish; they were marked sending.
        }
    }
    let stopped = state.stop.load(Ordering::SeqCst);
    let run = state.run.into_inner();
    state.progress.into_inner().finish();
    let summary = run.summary(&filled);
    // The reports name the plan as it was given: placeholders, never their values.
    let reports: [(&Option<PathBuf>, String); 3] = [
        (&options.junit, hidden_env.hide(&plan_junit(&plan, &run))),
        (
            &options.markdown,
            hidden_env.hide(&plan_markdown(&plan, &run)),
        ),
        (
            &options.json,
            hidden_env.hide(&plan_json_evidence(&plan, &run)),
        ),
    ];
    let mut failed_to_write = false;
    for (path, text) in reports {
        if let Some(path) = path {
            if let Err(e) = std::fs::write(path, text) {
                failed_to_write = true;
                let _ = writeln!(
                    err,
                    "postback: {} cannot be written: {e}\n  The run above is done; nothing is sent again.",
                    path.display()
                );
            }
        }
    }
    let _ = writeln!(out, "{}", summary.text());
    if stopped {
        let _ = writeln!(
            out,
            "Stopped before the end: the cells not reached were not sent."
        );
    }
    if summary.missed + summary.not_sent + summary.may_have_arrived + summary.waiting > 0
        || failed_to_write
    {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The plan in `path`, or what is wrong with it and what to do.
fn read_plan_file(path: &Path) -> Result<Plan, (String, String)> {
    let (bytes, more) = crate::input::read_bytes(Some(path), MAX_PLAN_BYTES).map_err(|e| {
        (
            format!("{} cannot be read: {e}", path.display()),
            "Name the plan file exported from the page's Test plans card.".to_owned(),
        )
    })?;
    if more {
        return Err((
            format!(
                "{} is over {} MiB",
                path.display(),
                MAX_PLAN_BYTES / 1024 / 1024
            ),
            "Export the plan again from the page; a plan file is far smaller.".to_owned(),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        (
            format!("{} is not text", path.display()),
            "Name the plan file exported from the page's Test plans card.".to_owned(),
        )
    })?;
    read_plan(&text).map_err(|e| {
        let hint = match e {
            postback_core::PlanError::Newer { .. } => {
                "Install a newer postback (the release that matches the page), then run it again."
            }
            _ => e.hint(),
        };
        (e.to_string(), hint.to_owned())
    })
}

/// `plan` cut to what `--only` names: a partner by name or ID, and perhaps one of its events
/// or checks by ID.
fn only(plan: &Plan, only: Option<&str>) -> Result<Plan, (String, String)> {
    let Some(only) = only else {
        return Ok(plan.clone());
    };
    let (who, what) = match only.rsplit_once('/') {
        Some((who, what)) if plan.partners.iter().all(|p| p.name != only) => (who, Some(what)),
        _ => (only, None),
    };
    let partner = plan
        .partners
        .iter()
        .find(|p| p.id == who || p.name.eq_ignore_ascii_case(who.trim()))
        .ok_or_else(|| {
            let names: Vec<String> = plan
                .partners
                .iter()
                .map(|p| format!("{:?} ({})", p.name, p.id))
                .collect();
            (
                format!("the plan has no partner {who:?}"),
                format!("Name one of: {}.", names.join(", ")),
            )
        })?;
    let mut cut = plan.with_partners(std::slice::from_ref(&partner.id));
    if let Some(what) = what {
        let what = what.trim().to_lowercase();
        match (
            ConversionEvent::from_id(&what).filter(|e| plan.events.contains(e)),
            Negative::ALL
                .into_iter()
                .find(|n| n.id() == what)
                .filter(|n| plan.negatives.contains(n)),
        ) {
            (Some(event), _) => {
                cut.events = vec![event];
                cut.negatives.clear();
            }
            // A check repeats or changes the first event's postback, so that event runs too.
            (None, Some(check)) => {
                cut.events.truncate(1);
                cut.negatives = vec![check];
            }
            (None, None) => {
                let ids: Vec<&str> = plan
                    .events
                    .iter()
                    .map(|e| e.id())
                    .chain(plan.negatives.iter().map(|n| n.id()))
                    .collect();
                return Err((
                    format!("the plan has no event or check {what:?}"),
                    format!("Name one of: {}.", ids.join(", ")),
                ));
            }
        }
    }
    Ok(cut)
}

/// The line said before sending: how many real postbacks go where.
fn preview_line(preview: &postback_core::RunPreview) -> String {
    let total = preview.total();
    let to: Vec<String> = preview
        .receivers
        .iter()
        .map(|(host, n)| format!("{n} to {host}"))
        .collect();
    format!(
        "Sending {total} postback{}, each once: {}",
        if total == 1 { "" } else { "s" },
        if to.is_empty() {
            "none".to_owned()
        } else {
            to.join(", ")
        }
    )
}

/// Waits for Ctrl-C, then asks the run to stop starting cells.
async fn stop_on_interrupt(stop: &AtomicBool) {
    if tokio::signal::ctrl_c().await.is_ok() {
        stop.store(true, Ordering::SeqCst);
        // Let the cells in flight be filed: each waits at most its time limit.
        std::future::pending::<()>().await;
    } else {
        std::future::pending::<()>().await;
    }
}

/// No faster than a rate: each send waits for its slot.
struct Pace {
    every: Duration,
    next: tokio::sync::Mutex<tokio::time::Instant>,
}

impl Pace {
    fn new(per_second: f64) -> Self {
        Self {
            every: Duration::from_secs_f64((1.0 / per_second).min(3600.0)),
            next: tokio::sync::Mutex::new(tokio::time::Instant::now()),
        }
    }

    async fn wait(&self) {
        let slot = {
            let mut next = self.next.lock().await;
            let slot = (*next).max(tokio::time::Instant::now());
            *next = slot + self.every;
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

/// What every partner's cells share while the plan runs.
struct Shared<'a> {
    plan: &'a Plan,
    run: RefCell<PlanRun>,
    sender: &'a Sender,
    timeout: u32,
    pace: Option<Pace>,
    stop: AtomicBool,
    progress: RefCell<Progress<'a>>,
}

impl Shared<'_> {
    /// One partner's cells, in order, each once.
    async fn run_partner(&self, cells: &[Cell]) {
        for cell in cells {
            if self.stop.load(Ordering::SeqCst) {
                return;
            }
            if let Some(pace) = &self.pace {
                // A stop is not kept waiting for the next slot.
                tokio::select! {
                    () = pace.wait() => {}
                    () = self.stopped() => return,
                }
            }
            if self.stop.load(Ordering::SeqCst) {
                return;
            }
            let state = self.run_cell(cell).await;
            let line = cell_line(self.plan, cell, &state);
            self.run.borrow_mut().file(&cell.id(), state);
            self.progress.borrow_mut().step(&line);
        }
    }

    /// Returns once the run is asked to stop.
    async fn stopped(&self) {
        while !self.stop.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// One cell: prepared, marked sending, sent once, judged.
    async fn run_cell(&self, cell: &Cell) -> CellState {
        let id = cell.id();
        let (first, first_delivery) = {
            let run = self.run.borrow();
            (
                run.first_transaction(self.plan, &cell.partner)
                    .map(str::to_owned),
                run.first_delivery(self.plan, &cell.partner).cloned(),
            )
        };
        let mut fresh = |_| entropy::fresh_id();
        let mut moment = Moment {
            now_ms: entropy::now_ms(),
            fresh_id: &mut fresh,
        };
        let prepared = match self.plan.prepare_cell(cell, first.as_deref(), &mut moment) {
            Ok(p) => p,
            Err(e) => {
                return CellState::NotSent {
                    why: e.to_string(),
                    hint: e.hint().to_owned(),
                }
            }
        };
        let transaction_id = prepared.transaction_id().map(str::to_owned);
        self.run
            .borrow_mut()
            .mark_sending(&id, entropy::now_ms(), transaction_id.as_deref());
        let sent = match self.sender.send(&prepared.request, self.timeout).await {
            Ok(sent) => sent,
            Err(e) => {
                return CellState::NotSent {
                    why: e.to_string(),
                    hint: e.hint().to_owned(),
                }
            }
        };
        let answers = prepared
            .draft
            .preset()
            .map_or(Answers::Undocumented, |p| p.answers);
        // Judged on the answer with the secrets hidden, as the run keeps it.
        let hidden = prepared.secrets.hide_in_answer(sent.delivery.clone());
        let judged = judge_cell(&hidden, answers, cell.expect, first_delivery.as_ref());
        let run = Run::new(
            entropy::fresh_id(),
            entropy::now_ms(),
            &prepared,
            Vec::new(),
            sent.delivery,
            sent.elapsed_ms,
        )
        .with_problems(prepared.draft.build().problems());
        CellState::sent(run, judged.judgement, transaction_id)
    }
}

/// One cell's outcome in a line: "AffNet · First deposit (FTD): As expected: …".
fn cell_line(plan: &Plan, cell: &Cell, state: &CellState) -> String {
    let partner = plan
        .partner(&cell.partner)
        .map_or(cell.partner.as_str(), |p| p.name.as_str());
    let what = match cell.kind {
        CellKind::Event(e) => e.label(),
        CellKind::Negative(n) => n.label(),
    };
    let came = match state {
        CellState::Done { judgement, run, .. } => {
            format!("{} ({})", judgement.text(), run.delivery.verdict().headline)
        }
        CellState::NotSent { why, .. } => format!("Not sent: {why}"),
        CellState::Sending { .. } => "May have arrived: no answer was filed".to_owned(),
    };
    format!("{partner} · {what}: {came}")
}

/// The values the environment gives a plan's placeholders, each with its placeholder.
struct Hidden {
    /// `(value, "${env:NAME}")`, longest value first, so a value inside another is not cut.
    values: Vec<(String, String)>,
}

impl Hidden {
    /// The shortest value hidden: a shorter one would be replaced inside ordinary words.
    const MIN_LEN: usize = 3;

    fn of(plan: &Plan) -> Self {
        let mut values: Vec<(String, String)> = postback_core::env_names(plan)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|name| {
                let value = std::env::var(&name).ok()?;
                (value.len() >= Self::MIN_LEN).then(|| (value, format!("${{env:{name}}}")))
            })
            .collect();
        values.sort_by_key(|v| std::cmp::Reverse(v.0.len()));
        Self { values }
    }

    fn hide(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for (value, placeholder) in &self.values {
            text = text.replace(value.as_str(), placeholder);
        }
        text
    }
}

/// Progress on stderr: a bar on a terminal, a line per cell otherwise.
struct Progress<'a> {
    bar: Option<indicatif::ProgressBar>,
    err: &'a mut dyn Write,
    hidden: &'a Hidden,
    done: usize,
    total: usize,
}

impl<'a> Progress<'a> {
    fn new(total: usize, err: &'a mut dyn Write, hidden: &'a Hidden) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(u64::try_from(total).unwrap_or(u64::MAX));
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
            {
                bar.set_style(style);
            }
            bar
        });
        Self {
            bar,
            err,
            hidden,
            done: 0,
            total,
        }
    }

    fn step(&mut self, line: &str) {
        self.done += 1;
        let line = self.hidden.hide(line);
        let line = line.as_str();
        match &self.bar {
            Some(bar) => {
                bar.println(line);
                bar.inc(1);
            }
            None => {
                let _ = writeln!(self.err, "[{}/{}] {line}", self.done, self.total);
            }
        }
    }

    fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
