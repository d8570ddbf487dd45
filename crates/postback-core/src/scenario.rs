//! Test scenarios: short lists of fires, each with what the receiver should answer, so expected
//! and observed results can stand side by side. Each step is fired by its own press, and says
//! what it changes in the postback; the change is made when the step is fired, so a fresh
//! transaction ID is fresh at each press.

use serde::{Deserialize, Serialize};

use crate::{
    query::rewrite_query, read_answer, Answers, Build, Delivery, Draft, FireRequest, Generator,
    Reading,
};

/// A scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scenario {
    /// Fire the postback once.
    Once,
    /// Fire the same postback, same transaction ID, twice.
    Duplicate,
    /// Fire twice, each with a fresh transaction ID.
    FreshId,
    /// Fire without the click ID: it should be rejected.
    MissingClickId,
    /// Fire with a wrong security token: it should be rejected.
    WrongToken,
}

impl Scenario {
    /// Every scenario, in menu order.
    pub const ALL: [Scenario; 5] = [
        Self::Once,
        Self::Duplicate,
        Self::FreshId,
        Self::MissingClickId,
        Self::WrongToken,
    ];

    /// The scenario's name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Once => "Fire once",
            Self::Duplicate => "Duplicate: the same transaction ID twice",
            Self::FreshId => "Fresh transaction ID each time",
            Self::MissingClickId => "Negative: no click ID",
            Self::WrongToken => "Negative: wrong token",
        }
    }
}

/// What a step changes in the postback before it is sent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Change {
    /// Nothing: the postback as built.
    #[default]
    AsBuilt,
    /// A new transaction ID in the transaction-ID macro.
    FreshTransactionId,
    /// The click-ID parameter left out.
    WithoutClickId,
    /// The security token replaced by a wrong one.
    WrongToken,
}

/// The value a wrong-token step sends.
pub const WRONG_TOKEN: &str = "wrong-token-test";

impl Change {
    /// `draft` with this change's new values; `fresh` makes a new ID.
    ///
    /// # Errors
    ///
    /// [`ScenarioError::NoTransactionId`] when a fresh ID is asked for and no macro takes one.
    pub fn to_draft(
        self,
        draft: &Draft,
        build: &Build,
        fresh: &mut dyn FnMut() -> String,
    ) -> Result<Draft, ScenarioError> {
        match self {
            Self::FreshTransactionId => {
                let field = build
                    .fields
                    .iter()
                    .find(|f| f.generator == Some(Generator::TransactionId))
                    .ok_or(ScenarioError::NoTransactionId)?;
                let mut changed = draft.clone();
                changed.values.set(field.name.clone(), fresh());
                Ok(changed)
            }
            Self::AsBuilt | Self::WithoutClickId | Self::WrongToken => Ok(draft.clone()),
        }
    }

    /// `request`, built from `draft`, with this change's parameters left out or spoilt.
    ///
    /// # Errors
    ///
    /// [`ScenarioError::NoClickId`] or [`ScenarioError::NoToken`] when the URL has no parameter
    /// to leave out or spoil.
    ///
    /// ```
    /// use postback_core::{Change, Draft, FireRequest};
    ///
    /// let draft = Draft { preset: Some("keitaro".into()), ..Draft::default() };
    /// let request = FireRequest::get("https://t.example/k/postback?subid=abc&tid=T1")?;
    /// let without = Change::WithoutClickId.to_request(&draft, request)?;
    /// assert_eq!(without.url(), "https://t.example/k/postback?tid=T1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_request(
        self,
        draft: &Draft,
        request: FireRequest,
    ) -> Result<FireRequest, ScenarioError> {
        let preset = draft.preset();
        match self {
            Self::AsBuilt | Self::FreshTransactionId => Ok(request),
            Self::WithoutClickId => {
                let keys: Vec<&str> = match preset {
                    Some(p) => p.click_id_keys.to_vec(),
                    None => crate::extract::known::KNOWN_PARAMS
                        .iter()
                        .filter(|k| k.group.is_click_id())
                        .map(|k| k.name)
                        .collect(),
                };
                let (url, touched) = rewrite_query(request.url(), |k| keys.contains(&k), |_| None);
                if !touched {
                    return Err(ScenarioError::NoClickId);
                }
                Ok(request.with_url(url))
            }
            Self::WrongToken => {
                let key = preset
                    .and_then(|p| p.token_key)
                    .ok_or(ScenarioError::NoToken)?;
                let (url, touched) = rewrite_query(
                    request.url(),
                    |k| k == key,
                    |_| Some(format!("{key}={WRONG_TOKEN}")),
                );
                if !touched {
                    return Err(ScenarioError::NoToken);
                }
                Ok(request.with_url(url))
            }
        }
    }
}

/// What a step's answer should be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Expect {
    /// Accepted.
    Accepted,
    /// Rejected.
    Rejected,
    /// Rejected as a duplicate, or at least answered differently from the first fire.
    DifferentFromFirst,
}

impl Expect {
    /// The expectation in plain words.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::DifferentFromFirst => "rejected as a duplicate, or an answer unlike the first",
        }
    }
}

/// One fire of a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// What the step does.
    pub label: String,
    /// What the receiver should answer.
    pub expect: Expect,
    /// What the step changes in the postback.
    pub change: Change,
}

/// How an observed answer compares with what its step expected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Judgement {
    /// As expected, and why.
    Met(String),
    /// Not as expected, and how.
    Missed(String),
    /// The answer cannot tell, and where to look instead.
    Unknown(String),
}

impl Judgement {
    /// A short lowercase name, usable as a CSS class.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Met(_) => "met",
            Self::Missed(_) => "missed",
            Self::Unknown(_) => "unknown",
        }
    }

    /// Why, without the judgement itself: "HTTP 403" for a judgement "Not as expected".
    pub fn reason(&self) -> &str {
        match self {
            Self::Met(why) | Self::Missed(why) | Self::Unknown(why) => why,
        }
    }

    /// The judgement in plain words.
    pub fn text(&self) -> String {
        match self {
            Self::Met(why) => format!("As expected: {why}"),
            Self::Missed(why) => format!("Not as expected: {why}"),
            Self::Unknown(why) => format!("Cannot tell: {why}"),
        }
    }
}

/// The status and body text of a readable answer.
fn answer(delivery: &Delivery) -> Option<(u16, &str)> {
    match delivery {
        Delivery::Read { status, body, .. } => {
            Some((*status, body.as_ref().map_or("", |b| b.text.as_str())))
        }
        _ => None,
    }
}

impl Expect {
    /// Compares what a step observed with this expectation. `answers` are the platform's
    /// documented answers; `first` is what the scenario's first step observed, for the
    /// duplicate test.
    ///
    /// ```
    /// use postback_core::{Answers, BodyText, Delivery, Expect, Judgement};
    ///
    /// let answer = |status, body: &str| Delivery::Read {
    ///     status, status_text: String::new(), body: Some(BodyText::from_bytes(body.as_bytes(), 1024)),
    ///     headers: vec![], final_url: None,
    /// };
    /// let ok = answer(200, "success=true;");
    /// assert!(matches!(Expect::Accepted.judge(Answers::Tune, &ok, None), Judgement::Met(_)));
    /// assert!(matches!(Expect::DifferentFromFirst.judge(Answers::Tune, &ok, Some(&ok)), Judgement::Missed(_)));
    /// assert!(matches!(Expect::Rejected.judge(Answers::Tune, &Delivery::Hidden, None), Judgement::Unknown(_)));
    /// ```
    pub fn judge(
        self,
        answers: Answers,
        observed: &Delivery,
        first: Option<&Delivery>,
    ) -> Judgement {
        let Some((status, text)) = answer(observed) else {
            return Judgement::Unknown(match observed {
                Delivery::Blocked => "it was not sent, so there is no answer to compare".to_owned(),
                Delivery::PreflightFailed => {
                    "it was probably not sent, and no answer can be compared".to_owned()
                }
                _ => "the browser did not show the answer; compare with the tracker's report"
                    .to_owned(),
            });
        };
        match (self, read_answer(answers, status, text)) {
            (Self::Accepted, Reading::Accepted) => Judgement::Met("accepted".to_owned()),
            (Self::Accepted, Reading::SuccessStatus(status)) => {
                Judgement::Met(format!("HTTP {status}, accepted over HTTP"))
            }
            (Self::Accepted, Reading::ErrorStatus(status)) => {
                Judgement::Missed(format!("HTTP {status}"))
            }
            (Self::Accepted, Reading::Rejected(why)) => {
                Judgement::Missed(format!("rejected: {why}"))
            }
            (_, Reading::Rejected(why)) => Judgement::Met(format!("rejected: {why}")),
            (Self::Rejected, Reading::Accepted) => {
                Judgement::Missed("accepted, though it should have been refused".to_owned())
            }
            (Self::Rejected, Reading::SuccessStatus(status)) => Judgement::Unknown(format!(
                "HTTP {status} like a success; check that the tracker's report shows no conversion"
            )),
            (Self::Rejected, Reading::ErrorStatus(status)) => {
                Judgement::Met(format!("refused with HTTP {status}"))
            }
            (Self::DifferentFromFirst, _) => match first.and_then(answer) {
                None => Judgement::Unknown(
                    "fire the first step, with an answer the browser shows, to compare".to_owned(),
                ),
                Some((first_status, first_text))
                    if first_status != status || first_text != text =>
                {
                    Judgement::Met(format!(
                        "answered differently from the first fire (HTTP {first_status}, then HTTP \
                         {status}); compare the two bodies"
                    ))
                }
                Some(_) => Judgement::Missed(
                    "answered exactly like the first fire: the receiver may count the conversion \
                     twice; check the tracker's report"
                        .to_owned(),
                ),
            },
        }
    }
}

/// Why a scenario cannot be planned for this draft.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioError {
    /// No parameter of the URL is known to carry the click ID.
    #[error("no click-ID parameter to leave out")]
    NoClickId,
    /// The chosen platform has no token, or the URL does not send it.
    #[error("no token parameter to spoil")]
    NoToken,
    /// No macro takes a transaction ID.
    #[error("no transaction-ID macro to refresh")]
    NoTransactionId,
}

impl ScenarioError {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::NoClickId => "Choose the platform, or name the click-ID parameter as it does.",
            Self::NoToken => {
                "Choose a platform that uses a token and keep its token parameter in the URL."
            }
            Self::NoTransactionId => "Add a transaction-ID macro such as {txid} to the template.",
        }
    }
}

/// The steps of `scenario` for `draft` (already built as `build`), each with its change and
/// expectation. Nothing is fired or generated here: each step's change is made when it is
/// fired (see [`prepare`](crate::prepare)).
///
/// # Errors
///
/// [`ScenarioError`] when the draft has nothing the scenario needs.
///
/// ```
/// use postback_core::{plan_scenario, Change, Draft, Expect, Scenario, Values};
///
/// let draft = Draft {
///     preset: Some("keitaro".into()),
///     url: "https://t.example/k/postback?subid={subid}&tid={tid}".into(),
///     values: Values::from_pairs([("subid", "abc"), ("tid", "T1")]),
///     ..Draft::default()
/// };
/// let steps = plan_scenario(Scenario::MissingClickId, &draft, &draft.build())?;
/// assert_eq!((steps[0].expect, steps[0].change), (Expect::Rejected, Change::WithoutClickId));
/// # Ok::<(), postback_core::ScenarioError>(())
/// ```
pub fn plan_scenario(
    scenario: Scenario,
    draft: &Draft,
    build: &Build,
) -> Result<Vec<Step>, ScenarioError> {
    let step = |label: &str, expect: Expect, change: Change| Step {
        label: label.to_owned(),
        expect,
        change,
    };
    // A negative step needs something to leave out or spoil in the postback as built.
    let can_change = |change: Change, error: ScenarioError| {
        build
            .request(draft)
            .map_err(|_| error.clone())
            .and_then(|request| change.to_request(draft, request))
            .map(|_| ())
    };
    Ok(match scenario {
        Scenario::Once => vec![step("Fire", Expect::Accepted, Change::AsBuilt)],
        Scenario::Duplicate => vec![
            step("First fire", Expect::Accepted, Change::AsBuilt),
            step(
                "Same transaction ID again",
                Expect::DifferentFromFirst,
                Change::AsBuilt,
            ),
        ],
        Scenario::FreshId => {
            Change::FreshTransactionId.to_draft(draft, build, &mut String::new)?;
            vec![
                step(
                    "First fire, new ID",
                    Expect::Accepted,
                    Change::FreshTransactionId,
                ),
                step(
                    "Second fire, another new ID",
                    Expect::Accepted,
                    Change::FreshTransactionId,
                ),
            ]
        }
        Scenario::MissingClickId => {
            can_change(Change::WithoutClickId, ScenarioError::NoClickId)?;
            vec![step(
                "Without the click ID",
                Expect::Rejected,
                Change::WithoutClickId,
            )]
        }
        Scenario::WrongToken => {
            can_change(Change::WrongToken, ScenarioError::NoToken)?;
            vec![step(
                "With a wrong token",
                Expect::Rejected,
                Change::WrongToken,
            )]
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Values;

    fn draft(preset: Option<&str>, url: &str, values: &[(&str, &str)]) -> Draft {
        Draft {
            preset: preset.map(str::to_owned),
            url: url.to_owned(),
            values: Values::from_pairs(values.iter().copied()),
            ..Draft::default()
        }
    }

    #[test]
    fn each_scenario_plans_its_steps_with_their_changes_and_expectations() {
        let d = draft(
            Some("affise"),
            "https://offers-x.affise.com/postback?clickid={clickid}&action_id={action_id}&secure={secure}#f",
            &[("clickid", "5f7a1c2b3d4e5f6a7b8c9d0e"), ("action_id", "A1"), ("secure", "s3cr3t")],
        );
        let build = d.build();
        use Change::*;
        use Expect::*;
        let cases: [(Scenario, Vec<(Expect, Change)>); 5] = [
            (Scenario::Once, vec![(Accepted, AsBuilt)]),
            (
                Scenario::Duplicate,
                vec![(Accepted, AsBuilt), (DifferentFromFirst, AsBuilt)],
            ),
            (Scenario::FreshId, vec![(Accepted, FreshTransactionId); 2]),
            (Scenario::MissingClickId, vec![(Rejected, WithoutClickId)]),
            (Scenario::WrongToken, vec![(Rejected, Change::WrongToken)]),
        ];
        for (scenario, want) in cases {
            let steps = plan_scenario(scenario, &d, &build).unwrap_or_default();
            let got: Vec<(Expect, Change)> = steps.iter().map(|s| (s.expect, s.change)).collect();
            assert_eq!(got, want, "{scenario:?}");
        }
    }

    #[test]
    fn each_change_leaves_out_spoils_or_refreshes_its_part_of_the_postback() {
        let d = draft(
            Some("affise"),
            "https://offers-x.affise.com/postback?clickid={clickid}&action_id={action_id}&secure={secure}#f",
            &[("clickid", "c1"), ("action_id", "A1"), ("secure", "s3")],
        );
        let build = d.build();
        let mut fresh = || "new-1".to_owned();
        let base = "https://offers-x.affise.com/postback?";
        let cases = [
            (Change::AsBuilt, "clickid=c1&action_id=A1&secure=s3#f"),
            (
                Change::FreshTransactionId,
                "clickid=c1&action_id=new-1&secure=s3#f",
            ),
            (Change::WithoutClickId, "action_id=A1&secure=s3#f"),
            (
                Change::WrongToken,
                "clickid=c1&action_id=A1&secure=wrong-token-test#f",
            ),
        ];
        for (change, want) in cases {
            let changed = change.to_draft(&d, &build, &mut fresh).unwrap();
            let request = changed.build().request(&changed).unwrap();
            let request = change.to_request(&changed, request).unwrap();
            assert_eq!(request.url(), format!("{base}{want}"), "{change:?}");
        }
    }

    fn answer(status: u16, body: &str) -> Delivery {
        Delivery::Read {
            status,
            status_text: String::new(),
            body: Some(crate::BodyText::from_bytes(body.as_bytes(), 1024)),
            headers: Vec::new(),
            final_url: None,
        }
    }

    #[test]
    fn observed_answers_are_judged_against_each_expectation() {
        use Expect::*;
        let (ok, dup, bad) = (
            answer(200, "OK"),
            answer(200, "duplicate"),
            answer(403, "no"),
        );
        let tune_no = answer(200, "success=false; err_msg=Duplicate;");
        let cases: [(Expect, Answers, &Delivery, Option<&Delivery>, &str); 14] = [
            (Accepted, Answers::Undocumented, &ok, None, "met"),
            (Accepted, Answers::ExoClick, &ok, None, "met"),
            (Accepted, Answers::Undocumented, &bad, None, "missed"),
            (Accepted, Answers::Tune, &tune_no, None, "missed"),
            (Accepted, Answers::Tune, &Delivery::Hidden, None, "unknown"),
            (Rejected, Answers::Undocumented, &bad, None, "met"),
            (Rejected, Answers::Tune, &tune_no, None, "met"),
            (Rejected, Answers::ExoClick, &ok, None, "missed"),
            (Rejected, Answers::Undocumented, &ok, None, "unknown"),
            (
                Rejected,
                Answers::Undocumented,
                &Delivery::Blocked,
                None,
                "unknown",
            ),
            (
                DifferentFromFirst,
                Answers::Undocumented,
                &ok,
                Some(&ok),
                "missed",
            ),
            (
                DifferentFromFirst,
                Answers::Undocumented,
                &dup,
                Some(&ok),
                "met",
            ),
            (DifferentFromFirst, Answers::Tune, &tune_no, None, "met"),
            (
                DifferentFromFirst,
                Answers::Undocumented,
                &ok,
                Some(&Delivery::Opaque),
                "unknown",
            ),
        ];
        for (expect, answers, observed, first, want) in cases {
            let got = expect.judge(answers, observed, first);
            assert_eq!(
                got.as_str(),
                want,
                "{expect:?} {answers:?} {observed:?}: {got:?}"
            );
        }
    }

    #[test]
    fn a_scenario_the_draft_cannot_support_says_why() {
        let d = draft(None, "https://t.example/pb?page=1", &[]);
        let build = d.build();
        assert_eq!(
            plan_scenario(Scenario::MissingClickId, &d, &build),
            Err(ScenarioError::NoClickId)
        );
        assert_eq!(
            plan_scenario(Scenario::WrongToken, &d, &build),
            Err(ScenarioError::NoToken)
        );
        assert_eq!(
            plan_scenario(Scenario::FreshId, &d, &build),
            Err(ScenarioError::NoTransactionId)
        );
    }
}
