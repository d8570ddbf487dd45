//! The cells of a plan: one per partner and event, and one per partner and negative check,
//! each with what the receiver should do. A cell is prepared with the one fire pipeline
//! ([`prepare`]) and judged with [`judge`] and the scenario's expectations, so a cell gives
//! the same verdict as the same postback fired by hand.

use serde::{Deserialize, Serialize};

use crate::{
    generate::Generator, judge, prepare, Answers, Change, ConversionEvent, Delivery, Draft,
    Duplicates, Expect, FetchMode, FireError, FreshId, Judged, Judgement, Moment, Negative,
    Partner, Plan, Prepared, Signing, WRONG_TOKEN,
};

/// What a cell fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CellKind {
    /// The postback of one event.
    Event(ConversionEvent),
    /// A negative check.
    Negative(Negative),
}

impl CellKind {
    /// A stable identifier within a partner.
    pub fn id(self) -> &'static str {
        match self {
            Self::Event(e) => e.id(),
            Self::Negative(n) => n.id(),
        }
    }

    /// The kind in plain words: the event or the check.
    pub fn label(self) -> &'static str {
        match self {
            Self::Event(e) => e.label(),
            Self::Negative(n) => n.label(),
        }
    }
}

/// What a cell's receiver should do with its postback.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Expectation {
    /// Take it.
    Accepted,
    /// Refuse it.
    Rejected,
    /// Refuse it as a duplicate, or at least answer unlike the first time.
    DuplicateRefused,
    /// Nothing the answer shows can tell: the receiver's report has to.
    CannotTell,
}

impl Expectation {
    /// The expectation in plain words.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::DuplicateRefused => "refused as a duplicate",
            Self::CannotTell => "cannot tell from the answer: check the report",
        }
    }

    /// The scenario expectation it judges with, when the answer can tell.
    pub fn as_expect(self) -> Option<Expect> {
        match self {
            Self::Accepted => Some(Expect::Accepted),
            Self::Rejected => Some(Expect::Rejected),
            Self::DuplicateRefused => Some(Expect::DifferentFromFirst),
            Self::CannotTell => None,
        }
    }
}

/// One postback of a plan: whose, what, and what should happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The partner's ID.
    pub partner: String,
    /// What it fires.
    pub kind: CellKind,
    /// What the receiver should do.
    pub expect: Expectation,
}

impl Cell {
    /// A stable ID within the plan: the partner's ID and the kind's, like `p1/ftd`.
    pub fn id(&self) -> String {
        format!("{}/{}", self.partner, self.kind.id())
    }
}

/// Why a cell cannot be fired. Nothing was sent.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CellError {
    /// The cell names a partner the plan does not have.
    #[error("the plan has no partner {0}")]
    NoPartner(String),
    /// The event has no value for the partner's event parameter.
    #[error("{partner} has no value of {param} for {event}")]
    NoEventValue {
        /// The partner's name.
        partner: String,
        /// The event parameter.
        param: String,
        /// The event's name.
        event: &'static str,
    },
    /// A value of the postback is empty.
    #[error("{partner} has no value for {name}")]
    EmptyValue {
        /// The partner's name.
        partner: String,
        /// The macro.
        name: String,
    },
    /// The click ID is empty: the receiver could not tie the conversion to a click.
    #[error("the click ID of {0} is empty")]
    EmptyClickId(String),
    /// The duplicate check repeats the first event, which has not been sent in this run.
    #[error("the first event of {0} has not been sent in this run")]
    WaitsForFirst(String),
    /// A value or secret still holds its `${env:NAME}` placeholder: it was not typed.
    #[error("the {name} of {partner} was not typed for this run")]
    Unfilled {
        /// The partner's name.
        partner: String,
        /// The macro, or `signing secret`.
        name: String,
    },
    /// The postback cannot be prepared.
    #[error(transparent)]
    Fire(#[from] FireError),
}

impl CellError {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::NoPartner(_) => "Open the plan again, or add the partner back.",
            Self::NoEventValue { .. } => {
                "Type the value the receiver expects for this event, or take the event out of the plan."
            }
            Self::EmptyValue { .. } => {
                "Open the partner in the builder, type the value, and bring it back to the plan."
            }
            Self::EmptyClickId(_) => {
                "Open the partner in the builder and paste a click ID from a real test click."
            }
            Self::WaitsForFirst(_) => "Send the partner's first event first; this check repeats it.",
            Self::Unfilled { .. } => {
                "Type it in the run's question (it stays in this tab's memory), then press Resume."
            }
            Self::Fire(e) => e.hint(),
        }
    }
}

/// Whether `partner`'s postback has a token or signature a wrong one can stand in for.
fn has_token(partner: &Partner) -> bool {
    let in_url = partner
        .preset()
        .and_then(|p| p.token_key)
        .is_some_and(|key| {
            crate::written_query_pairs(&partner.draft.url)
                .iter()
                .any(|pair| pair.key == key)
        });
    in_url || partner.signing.to_signing() != Signing::Off
}

/// Whether `draft` has a macro that takes a fresh transaction ID.
fn has_transaction_id(draft: &Draft) -> bool {
    draft
        .build()
        .fields
        .iter()
        .any(|f| f.generator == Some(Generator::TransactionId))
}

/// What the duplicate check should see from a receiver that documents `duplicates`.
pub(super) fn duplicate_expectation(duplicates: Option<Duplicates>) -> Expectation {
    match duplicates {
        Some(Duplicates::Refused) => Expectation::DuplicateRefused,
        // It takes the repeat as another conversion: an answer like the first is right.
        Some(Duplicates::Counted) => Expectation::Accepted,
        // An update with nothing changed, a dropped repeat, or nothing documented: the answer
        // looks the same either way, and only the report shows one conversion or two.
        Some(Duplicates::Updated | Duplicates::Silent | Duplicates::Undocumented) | None => {
            Expectation::CannotTell
        }
    }
}

impl Plan {
    /// Every cell, partner by partner: its events in the plan's order, then the negative
    /// checks that apply to it (a wrong token needs a token; a repeat needs a transaction ID
    /// and an event to repeat).
    ///
    /// ```
    /// use postback_core::{CellKind, Draft, Expectation, Negative, Plan, Signing};
    ///
    /// let draft = Draft {
    ///     preset: Some("exoclick".into()),
    ///     url: "https://s.example/tag.php?goal={goal}&tag={tag}&skey={skey}&txid={txid}".into(),
    ///     ..Draft::default()
    /// };
    /// let plan = Plan::from_builder("x", "Launch", &draft, &Signing::Off);
    /// let cells = plan.cells();
    /// assert_eq!(cells.len(), 6);
    /// assert_eq!(cells[5].kind, CellKind::Negative(Negative::SameTransactionTwice));
    /// assert_eq!(cells[5].expect, Expectation::DuplicateRefused);
    /// ```
    pub fn cells(&self) -> Vec<Cell> {
        let mut cells = Vec::new();
        for partner in &self.partners {
            for event in &self.events {
                cells.push(Cell {
                    partner: partner.id.clone(),
                    kind: CellKind::Event(*event),
                    expect: Expectation::Accepted,
                });
            }
            for negative in &self.negatives {
                let expect = match negative {
                    Negative::NoClickId => Some(Expectation::Rejected),
                    Negative::WrongToken => has_token(partner).then_some(Expectation::Rejected),
                    Negative::SameTransactionTwice => {
                        (has_transaction_id(&partner.draft) && !self.events.is_empty()).then(|| {
                            duplicate_expectation(partner.preset().map(|p| p.behaviour.duplicates))
                        })
                    }
                };
                if let Some(expect) = expect {
                    cells.push(Cell {
                        partner: partner.id.clone(),
                        kind: CellKind::Negative(*negative),
                        expect,
                    });
                }
            }
        }
        cells
    }

    /// How many cells the plan has, without making them: for a plan too large to show.
    pub fn cell_count(&self) -> usize {
        self.partners
            .len()
            .saturating_mul(self.events.len() + self.negatives.len())
    }

    /// The cell with this [`Cell::id`].
    pub fn cell(&self, id: &str) -> Option<Cell> {
        self.cells().into_iter().find(|c| c.id() == id)
    }

    /// The first event cell of `partner`, which the duplicate check repeats.
    pub fn first_event_cell(&self, partner: &str) -> Option<String> {
        self.events.first().map(|e| {
            Cell {
                partner: partner.to_owned(),
                kind: CellKind::Event(*e),
                expect: Expectation::Accepted,
            }
            .id()
        })
    }

    /// The request `cell` sends at `moment`, made by the one fire pipeline: the partner's
    /// postback with the event's value, a fresh transaction ID for an event, the plan's test
    /// flag where the platform documents one, and the check's change. `first_transaction` is
    /// the transaction ID the partner's first event sent in this run, for the repeat.
    ///
    /// # Errors
    ///
    /// [`CellError`] when a value is missing or the postback cannot be prepared.
    pub fn prepare_cell(
        &self,
        cell: &Cell,
        first_transaction: Option<&str>,
        moment: &mut Moment<'_>,
    ) -> Result<Prepared, CellError> {
        let partner = self
            .partner(&cell.partner)
            .ok_or_else(|| CellError::NoPartner(cell.partner.clone()))?;
        let mut draft = partner.draft.clone();
        let mut signing = partner.signing.to_signing();
        // Negative checks send the first event's postback, changed.
        let event = match cell.kind {
            CellKind::Event(e) => Some(e),
            CellKind::Negative(_) => self.events.first().copied(),
        };
        if let (Some(event), Some(param)) = (event, partner.event_param.as_deref()) {
            let value = partner
                .event_value(event)
                .ok_or_else(|| CellError::NoEventValue {
                    partner: partner.name.clone(),
                    param: param.to_owned(),
                    event: event.label(),
                })?;
            draft.values.set(param, value);
        }
        let fresh_id = has_transaction_id(&draft);
        let change = match cell.kind {
            CellKind::Event(_) if fresh_id => Change::FreshTransactionId,
            CellKind::Event(_) => Change::AsBuilt,
            CellKind::Negative(Negative::NoClickId) => Change::WithoutClickId,
            CellKind::Negative(Negative::WrongToken) => {
                let in_url = partner
                    .preset()
                    .and_then(|p| p.token_key)
                    .is_some_and(|key| {
                        crate::written_query_pairs(&draft.url)
                            .iter()
                            .any(|pair| pair.key == key)
                    });
                if in_url {
                    Change::WrongToken
                } else {
                    signing = wrong_signing(signing);
                    Change::AsBuilt
                }
            }
            CellKind::Negative(Negative::SameTransactionTwice) => {
                let first = first_transaction
                    .ok_or_else(|| CellError::WaitsForFirst(partner.name.clone()))?;
                if let Some(field) = draft
                    .build()
                    .fields
                    .iter()
                    .find(|f| f.generator == Some(Generator::TransactionId))
                {
                    draft.values.set(field.name.clone(), first);
                }
                Change::AsBuilt
            }
        };
        // The checks that should be refused still carry a transaction ID of their own, so a
        // receiver that needs one refuses them for the reason checked, and a receiver that
        // wrongly takes one does not take it as a repeat of another cell.
        if matches!(
            cell.kind,
            CellKind::Negative(Negative::NoClickId | Negative::WrongToken)
        ) {
            if let Some(field) = draft
                .build()
                .fields
                .into_iter()
                .find(|f| f.generator == Some(Generator::TransactionId))
            {
                let id = (moment.fresh_id)(FreshId::Transaction);
                draft.values.set(field.name, id);
            }
        }
        check_values(partner, &draft, change)?;
        if self.as_test {
            if let Some((key, value)) = partner.preset().and_then(|p| p.behaviour.test_flag) {
                draft.url = crate::append_query(&draft.url, &format!("{key}={value}"));
            }
        }
        Ok(prepare(&draft, &signing, change, FetchMode::Read, moment)?)
    }
}

/// `signing` with its token or secret replaced by a wrong one.
fn wrong_signing(signing: Signing) -> Signing {
    match signing {
        Signing::Off => Signing::Off,
        Signing::Token { param, .. } => Signing::Token {
            param,
            value: WRONG_TOKEN.to_owned(),
        },
        Signing::Hmac { scheme, .. } => Signing::Hmac {
            scheme,
            secret: WRONG_TOKEN.to_owned(),
        },
    }
}

/// Refuses a postback with an empty value: the click ID by name, any other macro too (a
/// fresh transaction ID is made at the press, so it may be empty).
fn check_values(partner: &Partner, draft: &Draft, change: Change) -> Result<(), CellError> {
    // A placeholder is never sent as written: its value was not typed.
    let unfilled = draft
        .values
        .iter()
        .find(|(_, v)| v.contains("${env:"))
        .map(|(n, _)| n.to_owned())
        .or_else(|| {
            partner
                .signing
                .secret
                .as_deref()
                .is_some_and(|s| s.contains("${env:"))
                .then(|| "signing secret".to_owned())
        });
    if let Some(name) = unfilled {
        return Err(CellError::Unfilled {
            partner: partner.name.clone(),
            name,
        });
    }
    let click_keys = partner.preset().map(|p| p.click_id_keys).unwrap_or(&[]);
    for field in draft.build().fields {
        let empty = draft
            .values
            .get(&field.name)
            .is_none_or(|v| v.trim().is_empty());
        if !empty {
            continue;
        }
        let is_click = click_keys.contains(&field.name.as_str())
            || crate::known_param(&field.name).is_some_and(|k| k.group.is_click_id());
        if is_click && change == Change::WithoutClickId {
            continue;
        }
        if field.generator == Some(Generator::TransactionId) && change == Change::FreshTransactionId
        {
            continue;
        }
        return Err(if is_click {
            CellError::EmptyClickId(partner.name.clone())
        } else {
            CellError::EmptyValue {
                partner: partner.name.clone(),
                name: field.name,
            }
        });
    }
    Ok(())
}

/// What `delivery` means for a cell expecting `expect` from a platform that documents
/// `answers`: the same verdict and reading as any fire, judged against the expectation;
/// `first` is what the partner's first event got, for the repeat.
///
/// ```
/// use postback_core::{judge_cell, Answers, BodyText, Delivery, Expectation};
///
/// let ok = Delivery::Read {
///     status: 200, status_text: "OK".into(), headers: vec![], final_url: None,
///     body: Some(BodyText::from_bytes(b"OK", 1024)),
/// };
/// let judged = judge_cell(&ok, Answers::Undocumented, Expectation::CannotTell, Some(&ok));
/// assert_eq!(judged.judgement.map(|j| j.as_str()), Some("unknown"));
/// ```
pub fn judge_cell(
    delivery: &Delivery,
    answers: Answers,
    expect: Expectation,
    first: Option<&Delivery>,
) -> Judged {
    let mut judged = judge(delivery, answers, expect.as_expect(), first);
    // A check that should be refused proves nothing when the event's own postback, which it
    // changes, was refused too.
    let first_refused = first.is_some_and(|f| {
        judge(f, answers, Some(Expect::Accepted), None)
            .judgement
            .is_some_and(|j| matches!(j, Judgement::Missed(_)))
    });
    if matches!(
        expect,
        Expectation::Rejected | Expectation::DuplicateRefused
    ) && first_refused
        && matches!(judged.judgement, Some(Judgement::Met(_)))
    {
        judged.judgement = Some(Judgement::Unknown(
            "refused, but so was the event's own postback, which this check changes: fix that \
             first, then this check can tell"
                .to_owned(),
        ));
    }
    if expect == Expectation::CannotTell {
        let reading = match delivery {
            Delivery::Read { status, body, .. } => Some(crate::read_answer(
                answers,
                *status,
                body.as_ref().map_or("", |b| b.text.as_str()),
            )),
            _ => None,
        };
        judged.judgement = Some(Judgement::Unknown(match reading {
            Some(crate::Reading::Accepted | crate::Reading::SuccessStatus(_)) => {
                "answered like a success: the receiver may drop a repeat and answer as if it \
                 took it; check its report for one conversion, not two"
                    .to_owned()
            }
            Some(crate::Reading::Rejected(why)) => format!(
                "refused ({why}), and this receiver does not say how it answers a repeat; check \
                 its report for one conversion, not two"
            ),
            Some(crate::Reading::ErrorStatus(status)) => format!(
                "refused with HTTP {status}, and this receiver does not say how it answers a \
                 repeat; check its report for one conversion, not two"
            ),
            None => "the browser did not show the answer; check the receiver's report".to_owned(),
        }));
    }
    judged
}
