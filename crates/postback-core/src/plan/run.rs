//! A run of a plan, as the page keeps it while it goes and after: each cell is marked
//! "sending" before its request leaves, then filed with what came back. A cell still marked
//! sending after a reload may have arrived, so it is never sent again on its own; a resumed
//! run skips every cell it already has.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::{Cell, CellError, CellKind, Delivery, Judgement, Moment, Negative, Plan, Run};

/// Where one cell of a run stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum CellState {
    /// Its request was handed to the browser at `at_ms` and no answer was filed: it may
    /// have arrived.
    Sending {
        /// When, in Unix milliseconds.
        at_ms: u64,
        /// The transaction ID it carries, so sending it again on a press repeats it and a
        /// receiver that has it can refuse the repeat.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        transaction_id: Option<String>,
    },
    /// Sent, and what came back.
    Done {
        /// The fire as the history keeps it, secrets left out.
        run: Box<Run>,
        /// How the answer compares with the cell's expectation.
        judgement: Judgement,
        /// The transaction ID it sent, for the repeat of the first event.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        transaction_id: Option<String>,
    },
    /// Not sent: why, and what to do.
    NotSent {
        /// Why, in a few words.
        why: String,
        /// What the user can do next.
        hint: String,
    },
}

/// How many bytes of postbacks (template, body, headers and values) the preview prepares
/// before it only counts the rest: a crafted plan of huge templates cannot hold the page.
pub const PREVIEW_BUDGET_BYTES: usize = 4 * 1024 * 1024;

/// The size of `partner`'s postback, for the preview's budget.
fn draft_bytes(partner: &crate::Partner) -> usize {
    let d = &partner.draft;
    d.url.len()
        + d.body.len()
        + d.headers.len()
        + d.values
            .iter()
            .map(|(n, v)| n.len() + v.len())
            .sum::<usize>()
}

/// The most receivers the question names one by one.
const SHOWN_RECEIVERS: usize = 5;

/// A run of a plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRun {
    /// When it started, in Unix milliseconds.
    pub started_ms: u64,
    /// Each cell that was reached, by [`Cell::id`].
    #[serde(default)]
    pub cells: BTreeMap<String, CellState>,
}

/// What a run will send before it is started: asked once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunPreview {
    /// Postbacks that will be sent, by receiver host, in plan order.
    pub receivers: Vec<(String, usize)>,
    /// Cells that were already sent, skipped.
    pub done: usize,
    /// Cells marked sending in an earlier try: they may have arrived, and are left out.
    pub may_have_arrived: usize,
    /// The IDs of the partners with a cell to send, in plan order: whose secrets the run
    /// needs.
    pub partners: Vec<String>,
    /// Cells counted without being prepared, past [`PREVIEW_BUDGET_BYTES`]: any of them
    /// that cannot leave is filed as not sent when the run reaches it.
    pub unchecked: usize,
    /// Cells that cannot be sent as the plan stands (a value is missing): not counted in
    /// [`RunPreview::receivers`], filed as not sent, and tried again on Resume.
    pub not_ready: Vec<NotReady>,
}

/// A cell of a run's preview that will not be sent as the plan stands, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotReady {
    /// The cell's [`Cell::id`].
    pub cell: String,
    /// The partner's name and the cell's event or check, such as "AffNet: FTD".
    pub label: String,
    /// Why, in a few words.
    pub why: String,
    /// What the user can do next.
    pub hint: String,
}

impl RunPreview {
    /// How many postbacks will be sent.
    pub fn total(&self) -> usize {
        self.receivers.iter().map(|(_, n)| n).sum()
    }

    /// The question asked before the run, in plain words.
    ///
    /// ```
    /// use postback_core::RunPreview;
    ///
    /// let preview = RunPreview {
    ///     receivers: vec![("a.example".into(), 3), ("b.example".into(), 1)],
    ///     done: 0,
    ///     may_have_arrived: 0,
    ///     partners: vec![],
    ///     unchecked: 0,
    ///     not_ready: vec![],
    /// };
    /// assert_eq!(preview.question(), "Send 4 real postbacks: 3 to a.example, 1 to b.example?");
    /// ```
    pub fn question(&self) -> String {
        let total = self.total();
        let mut to: Vec<String> = self
            .receivers
            .iter()
            .take(SHOWN_RECEIVERS)
            .map(|(host, n)| format!("{n} to {host}"))
            .collect();
        let more = self.receivers.len().saturating_sub(SHOWN_RECEIVERS);
        if more > 0 {
            to.push(format!("and {more} more receivers"));
        }
        format!(
            "Send {total} real postback{}: {}?",
            if total == 1 { "" } else { "s" },
            to.join(", ")
        )
    }
}

/// How a run went, counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Cells in the plan.
    pub cells: usize,
    /// Sent and as expected.
    pub met: usize,
    /// Sent and not as expected.
    pub missed: usize,
    /// Sent, and the answer cannot tell.
    pub unknown: usize,
    /// Not sent: a value was missing or the browser refused.
    pub not_sent: usize,
    /// Marked sending with no answer filed: may have arrived.
    pub may_have_arrived: usize,
    /// Not reached yet.
    pub waiting: usize,
}

impl Summary {
    /// The summary line.
    ///
    /// ```
    /// use postback_core::Summary;
    ///
    /// let s = Summary { cells: 9, met: 7, missed: 1, unknown: 1, ..Summary::default() };
    /// assert_eq!(s.text(), "7 of 9 met their expectation; 1 did not; 1 cannot tell.");
    /// ```
    pub fn text(&self) -> String {
        let mut parts = vec![format!(
            "{} of {} met their expectation",
            self.met, self.cells
        )];
        for (n, what) in [
            (self.missed, "did not"),
            (self.unknown, "cannot tell"),
            (self.may_have_arrived, "may have arrived"),
            (self.not_sent, "not sent"),
            (self.waiting, "not reached yet"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        format!("{}.", parts.join("; "))
    }
}

impl CellState {
    /// A cell that was sent: the run as kept, how its answer was judged, and the transaction
    /// ID it carried. The page's run and `postback run` file a sent cell alike.
    ///
    /// ```
    /// use postback_core::{prepare, CellState, Change, Delivery, Draft, FetchMode, Judgement, Moment, Run, Signing};
    ///
    /// let draft = Draft { url: "https://t.example/pb?cid=1".into(), ..Draft::default() };
    /// let mut moment = Moment { now_ms: 0, fresh_id: &mut |_| "id".to_owned() };
    /// let prepared = prepare(&draft, &Signing::Off, Change::AsBuilt, FetchMode::Read, &mut moment)?;
    /// let run = Run::new("r1".into(), 0, &prepared, vec![], Delivery::Opaque, 5);
    /// let done = CellState::sent(run, None, Some("T-1".into()));
    /// assert!(matches!(done, CellState::Done { judgement: Judgement::Unknown(_), transaction_id: Some(_), .. }));
    /// # Ok::<(), postback_core::FireError>(())
    /// ```
    pub fn sent(run: Run, judgement: Option<Judgement>, transaction_id: Option<String>) -> Self {
        Self::Done {
            judgement: judgement
                .unwrap_or_else(|| Judgement::Unknown("no expectation to compare".to_owned())),
            run: Box::new(run),
            transaction_id,
        }
    }
}

impl PlanRun {
    /// A run starting at `now_ms`.
    pub fn new(now_ms: u64) -> Self {
        Self {
            started_ms: now_ms,
            cells: BTreeMap::new(),
        }
    }

    /// Where `cell` stands.
    pub fn state(&self, cell: &str) -> Option<&CellState> {
        self.cells.get(cell)
    }

    /// Marks `cell` as being sent with `transaction_id`: filed before the request is
    /// handed to the browser.
    pub fn mark_sending(&mut self, cell: &str, now_ms: u64, transaction_id: Option<&str>) {
        self.cells.insert(
            cell.to_owned(),
            CellState::Sending {
                at_ms: now_ms,
                transaction_id: transaction_id.map(str::to_owned),
            },
        );
    }

    /// The transaction ID `cell` carried when it was last sent, or marked sending.
    pub fn sent_transaction(&self, cell: &str) -> Option<&str> {
        match self.cells.get(cell)? {
            CellState::Sending { transaction_id, .. } | CellState::Done { transaction_id, .. } => {
                transaction_id.as_deref()
            }
            CellState::NotSent { .. } => None,
        }
    }

    /// Files what `cell` came to.
    pub fn file(&mut self, cell: &str, state: CellState) {
        self.cells.insert(cell.to_owned(), state);
    }

    /// The run ready to go on: cells that were not sent (a value was missing, the browser
    /// refused) are tried again; every cell that was sent, or may have been, is skipped.
    pub fn resume(&mut self) {
        self.cells
            .retain(|_, state| !matches!(state, CellState::NotSent { .. }));
    }

    /// Takes in what another tab filed for this same run (the same start) and this one has
    /// not, or has only as "sending": a cell that tab sent, or is sending, is not sent from
    /// here, and what it got stands. A different run is left alone.
    ///
    /// ```
    /// use postback_core::PlanRun;
    ///
    /// let mut here = PlanRun::new(7);
    /// let mut there = PlanRun::new(7);
    /// there.mark_sending("p1/ftd", 8, None);
    /// here.adopt(&there);
    /// assert!(here.state("p1/ftd").is_some());
    /// let mut other_run = PlanRun::new(9);
    /// other_run.mark_sending("p1/sale", 10, None);
    /// here.adopt(&other_run);
    /// assert!(here.state("p1/sale").is_none());
    /// ```
    pub fn adopt(&mut self, other: &PlanRun) {
        if other.started_ms != self.started_ms {
            return;
        }
        for (id, theirs) in &other.cells {
            // What the other tab could not send is not sent: this tab tries it itself.
            if matches!(theirs, CellState::NotSent { .. }) {
                continue;
            }
            let take = match self.cells.get(id) {
                None => true,
                Some(CellState::Sending { .. }) => !matches!(theirs, CellState::Sending { .. }),
                Some(_) => false,
            };
            if take {
                self.cells.insert(id.clone(), theirs.clone());
            }
        }
    }

    /// Forgets where `cell` stands, so the run sends it again: only on an explicit press.
    pub fn forget(&mut self, cell: &str) {
        self.cells.remove(cell);
    }

    /// The next cell of `cells` to send: the first the run has not reached. A cell the
    /// repeat check needs first comes first, and one that waits for an event that got no
    /// answer is filed as not sent by the caller.
    pub fn next<'a>(&self, cells: &'a [Cell]) -> Option<&'a Cell> {
        cells.iter().find(|c| !self.cells.contains_key(&c.id()))
    }

    /// The transaction ID the first event of `partner` sent in this run.
    pub fn first_transaction(&self, plan: &Plan, partner: &str) -> Option<&str> {
        let first = plan.first_event_cell(partner)?;
        match self.cells.get(&first)? {
            CellState::Done { transaction_id, .. } => transaction_id.as_deref(),
            _ => None,
        }
    }

    /// What the first event of `partner` got in this run, for the repeat's comparison.
    pub fn first_delivery(&self, plan: &Plan, partner: &str) -> Option<&Delivery> {
        let first = plan.first_event_cell(partner)?;
        match self.cells.get(&first)? {
            CellState::Done { run, .. } => Some(&run.delivery),
            _ => None,
        }
    }

    /// What starting or resuming this run will send: every cell not reached yet that can be
    /// prepared, counted by receiver, and the ones that cannot, with why. Each is prepared
    /// as the run would (with stand-in IDs), so the count is what will really leave.
    pub fn preview(&self, plan: &Plan) -> RunPreview {
        let mut receivers: Vec<(String, usize)> = Vec::new();
        let mut done = 0;
        let mut may_have_arrived = 0;
        let mut not_ready = Vec::new();
        let mut partners: Vec<String> = Vec::new();
        let mut checked = 0_usize;
        let mut unchecked = 0_usize;
        let hosts: BTreeMap<&str, String> = plan
            .partners
            .iter()
            .map(|p| (p.id.as_str(), p.receiver()))
            .collect();
        let mut stand_in = |_| "preview".to_owned();
        let mut moment = Moment {
            now_ms: self.started_ms,
            fresh_id: &mut stand_in,
        };
        // A repeat of a first event that cannot be sent cannot be sent either.
        let mut first_blocked: BTreeSet<String> = BTreeSet::new();
        for cell in plan.cells() {
            let id = cell.id();
            match self.cells.get(&id) {
                Some(CellState::Sending { .. }) => may_have_arrived += 1,
                Some(_) => done += 1,
                None => {
                    let first = self
                        .first_transaction(plan, &cell.partner)
                        .unwrap_or("preview");
                    let ready = if cell.kind == CellKind::Negative(Negative::SameTransactionTwice)
                        && first_blocked.contains(&cell.partner)
                    {
                        Err(CellError::WaitsForFirst(
                            plan.partner(&cell.partner)
                                .map_or_else(String::new, |p| p.name.clone()),
                        ))
                    } else if checked >= PREVIEW_BUDGET_BYTES {
                        // Past the budget a cell is counted, not prepared: the run still
                        // files any that cannot leave as not sent.
                        unchecked += 1;
                        Ok(None)
                    } else {
                        checked += plan.partner(&cell.partner).map_or(0, draft_bytes);
                        plan.prepare_cell(&cell, Some(first), &mut moment)
                            .map(|r| super::model::host_of(r.request.url()))
                    };
                    if let Err(e) = &ready {
                        if plan.first_event_cell(&cell.partner).as_deref() == Some(id.as_str()) {
                            first_blocked.insert(cell.partner.clone());
                        }
                        let partner = plan.partner(&cell.partner).map_or("", |p| p.name.as_str());
                        not_ready.push(NotReady {
                            label: format!("{partner}: {}", cell.kind.label()),
                            cell: id,
                            why: e.to_string(),
                            hint: e.hint().to_owned(),
                        });
                        continue;
                    }
                    if !partners.contains(&cell.partner) {
                        partners.push(cell.partner.clone());
                    }
                    // Named by where the prepared request goes, which the cell's own
                    // values may change.
                    let host = match ready {
                        Ok(Some(host)) => host,
                        _ => hosts
                            .get(cell.partner.as_str())
                            .cloned()
                            .unwrap_or_default(),
                    };
                    match receivers.iter_mut().find(|(h, _)| *h == host) {
                        Some((_, n)) => *n += 1,
                        None => receivers.push((host, 1)),
                    }
                }
            }
        }
        RunPreview {
            receivers,
            done,
            may_have_arrived,
            partners,
            not_ready,
            unchecked,
        }
    }

    /// The run's counts against `plan`'s cells. Cells of partners or events no longer in
    /// the plan are not counted.
    pub fn summary(&self, plan: &Plan) -> Summary {
        let cells = plan.cells();
        let mut summary = Summary {
            cells: cells.len(),
            ..Summary::default()
        };
        for cell in &cells {
            match self.cells.get(&cell.id()) {
                None => summary.waiting += 1,
                Some(CellState::Sending { .. }) => summary.may_have_arrived += 1,
                Some(CellState::NotSent { .. }) => summary.not_sent += 1,
                Some(CellState::Done { judgement, .. }) => match judgement {
                    Judgement::Met(_) => summary.met += 1,
                    Judgement::Missed(_) => summary.missed += 1,
                    Judgement::Unknown(_) => summary.unknown += 1,
                },
            }
        }
        summary
    }

    /// The run after `before` was changed into `plan` at `now_ms`. What a cell got stands
    /// while the request it sends stays the same; a cell whose request changed (its
    /// partner's postback, its event's value, the test flag) forgets what its old request
    /// got, so Resume sends the new one; a cell that may have arrived stays so, and is never
    /// sent again on its own. Cells of an unticked event are kept for when it is ticked
    /// again; a partner taken out takes its cells with it. When anything is forgotten the
    /// run starts a new generation, so another tab's copy of the old one is not merged back.
    ///
    /// ```
    /// use postback_core::{CellState, Draft, Plan, PlanRun, Signing, Values};
    ///
    /// let draft = Draft {
    ///     url: "https://t.example/pb?cid={cid}".into(),
    ///     values: Values::from_pairs([("cid", "c1")]),
    ///     ..Draft::default()
    /// };
    /// let before = Plan::from_builder("x", "Launch", &draft, &Signing::Off);
    /// let mut run = PlanRun::new(1);
    /// run.file("p1/registration", CellState::NotSent { why: "w".into(), hint: "h".into() });
    /// run.mark_sending("p1/ftd", 2, None);
    /// let mut after = before.clone();
    /// after.partners[0].draft.url = "https://t.example/pb?click={cid}".into();
    /// let kept = run.kept_for(&before, &after, 3);
    /// assert!(kept.state("p1/registration").is_none());
    /// assert!(kept.state("p1/ftd").is_some());
    /// assert_eq!(kept.started_ms, 3);
    /// ```
    pub fn kept_for(&self, before: &Plan, plan: &Plan, now_ms: u64) -> PlanRun {
        // Placeholders stand in as their names, so a changed template still shows.
        let stand_in = |p: &Plan| crate::fill_known_env(p, &|n| Some(format!("<{n}>")));
        let (old, new) = (stand_in(before), stand_in(plan));
        let request = |p: &Plan, cell: &Cell| -> Result<String, String> {
            let mut fixed = |_| "stand-in".to_owned();
            let mut moment = Moment {
                now_ms: 0,
                fresh_id: &mut fixed,
            };
            p.prepare_cell(cell, Some("stand-in"), &mut moment)
                .map(|r| r.request.to_text())
                .map_err(|e| e.to_string())
        };
        let old_cells: BTreeMap<String, Cell> =
            old.cells().into_iter().map(|c| (c.id(), c)).collect();
        let new_cells: BTreeMap<String, Cell> =
            new.cells().into_iter().map(|c| (c.id(), c)).collect();
        let everyone =
            before.as_test != plan.as_test || before.events.first() != plan.events.first();
        let mut forgot = false;
        let mut cells = BTreeMap::new();
        for (id, state) in &self.cells {
            let keep = if let (Some(was), Some(is)) = (old_cells.get(id), new_cells.get(id)) {
                matches!(state, CellState::Sending { .. })
                    || (!everyone && old.partner(&is.partner) == new.partner(&is.partner))
                    || (was.expect == is.expect && request(&old, was) == request(&new, is))
            } else {
                // Kept while its partner is: an unticked event's cells wait to be ticked again.
                let partner = old_cells.get(id).map(|c| c.partner.as_str());
                matches!(state, CellState::Sending { .. })
                    || partner.is_none_or(|p| plan.partner(p).is_some())
            };
            if keep {
                cells.insert(id.clone(), state.clone());
            } else {
                forgot = true;
            }
        }
        PlanRun {
            started_ms: if forgot { now_ms } else { self.started_ms },
            cells,
        }
    }
}
