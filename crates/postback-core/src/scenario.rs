//! Test scenarios: short lists of fires, each with what the receiver should answer, so expected
//! and observed results can stand side by side. Each step is fired by its own press.

use serde::{Deserialize, Serialize};

use crate::{
    answer::{read, Reading},
    draft::{Build, Draft},
    generate::Generator,
    preset::Answers,
    request::rewrite_query,
    verdict::Delivery,
    FireRequest, RequestError,
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
    /// The request to fire, or why it cannot be made.
    pub request: Result<FireRequest, RequestError>,
}

/// How an observed answer compares with what its step expected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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

/// Compares what a step observed with what it expected. `answers` are the platform's documented
/// answers; `first` is what the scenario's first step observed, for the duplicate test.
///
/// ```
/// use postback_core::{preset::Answers, scenario::{judge, Expect, Judgement}, BodyText, Delivery};
///
/// let answer = |status, body: &str| Delivery::Read {
///     status, status_text: String::new(), body: Some(BodyText::from_bytes(body.as_bytes(), 1024)),
///     headers: vec![], final_url: None,
/// };
/// let ok = answer(200, "success=true;");
/// assert!(matches!(judge(Expect::Accepted, Answers::Tune, &ok, None), Judgement::Met(_)));
/// assert!(matches!(judge(Expect::DifferentFromFirst, Answers::Tune, &ok, Some(&ok)), Judgement::Missed(_)));
/// assert!(matches!(judge(Expect::Rejected, Answers::Tune, &Delivery::Hidden, None), Judgement::Unknown(_)));
/// ```
pub fn judge(
    expect: Expect,
    answers: Answers,
    observed: &Delivery,
    first: Option<&Delivery>,
) -> Judgement {
    let Some((status, text)) = answer(observed) else {
        return Judgement::Unknown(match observed {
            Delivery::Blocked | Delivery::PreflightFailed => {
                "it was not sent, so there is no answer to compare".to_owned()
            }
            _ => {
                "the browser did not show the answer; compare with the tracker's report".to_owned()
            }
        });
    };
    let success = (200..300).contains(&status);
    let reading = read(answers, text);
    match (expect, reading) {
        (Expect::Accepted, Reading::Accepted) => Judgement::Met("accepted".to_owned()),
        (Expect::Accepted, Reading::Unknown) if success => {
            Judgement::Met(format!("HTTP {status}, accepted over HTTP"))
        }
        (Expect::Accepted, Reading::Unknown) => Judgement::Missed(format!("HTTP {status}")),
        (_, Reading::Rejected(why)) if expect != Expect::Accepted => {
            Judgement::Met(format!("rejected: {why}"))
        }
        (Expect::Accepted, Reading::Rejected(why)) => Judgement::Missed(format!("rejected: {why}")),
        (Expect::Rejected, Reading::Accepted) => {
            Judgement::Missed("accepted, though it should have been refused".to_owned())
        }
        (Expect::Rejected, _) if success => Judgement::Unknown(format!(
            "HTTP {status} like a success; check that the tracker's report shows no conversion"
        )),
        (Expect::Rejected, _) => Judgement::Met(format!("refused with HTTP {status}")),
        (Expect::DifferentFromFirst, _) => match first.and_then(answer) {
            None => Judgement::Unknown(
                "fire the first step, with an answer the browser shows, to compare".to_owned(),
            ),
            Some((first_status, first_text)) if first_status != status || first_text != text => {
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

/// The steps of `scenario` for `draft` (already built as `build`). `fresh` makes a new
/// transaction ID each time it is called.
///
/// # Errors
///
/// [`ScenarioError`] when the draft has nothing the scenario needs.
///
/// ```
/// use postback_core::{draft::Draft, scenario::{plan, Expect, Scenario}, Values};
///
/// let draft = Draft {
///     preset: Some("keitaro".into()),
///     url: "https://t.example/k/postback?subid={subid}&tid={tid}".into(),
///     values: Values::from_pairs([("subid", "abc"), ("tid", "T1")]),
///     ..Draft::default()
/// };
/// let steps = plan(Scenario::MissingClickId, &draft, &draft.build(), &mut || "x".into())?;
/// assert_eq!(steps[0].expect, Expect::Rejected);
/// assert_eq!(steps[0].request.as_ref().map(|r| r.url()), Ok("https://t.example/k/postback?tid=T1"));
/// # Ok::<(), postback_core::scenario::ScenarioError>(())
/// ```
pub fn plan(
    scenario: Scenario,
    draft: &Draft,
    build: &Build,
    fresh: &mut dyn FnMut() -> String,
) -> Result<Vec<Step>, ScenarioError> {
    let request = build.request(draft);
    let preset = draft.preset();
    let step = |label: &str, expect: Expect, request: Result<FireRequest, RequestError>| Step {
        label: label.to_owned(),
        expect,
        request,
    };
    Ok(match scenario {
        Scenario::Once => vec![step("Fire", Expect::Accepted, request)],
        Scenario::Duplicate => vec![
            step("First fire", Expect::Accepted, request.clone()),
            step(
                "Same transaction ID again",
                Expect::DifferentFromFirst,
                request,
            ),
        ],
        Scenario::FreshId => {
            let field = build
                .fields
                .iter()
                .find(|f| f.generator == Some(Generator::TransactionId))
                .ok_or(ScenarioError::NoTransactionId)?;
            let mut steps = Vec::new();
            for label in ["First fire, new ID", "Second fire, another new ID"] {
                let mut fresh_draft = draft.clone();
                fresh_draft.values.set(field.name.clone(), fresh());
                let built = fresh_draft.build();
                steps.push(step(label, Expect::Accepted, built.request(&fresh_draft)));
            }
            steps
        }
        Scenario::MissingClickId => {
            let keys: Vec<&str> = match preset {
                Some(p) => p.click_id_keys.to_vec(),
                None => crate::extract::known::KNOWN
                    .iter()
                    .filter(|k| k.group.is_click_id())
                    .map(|k| k.name)
                    .collect(),
            };
            let request = request.map_err(|_| ScenarioError::NoClickId)?;
            let (url, touched) = rewrite_query(request.url(), |k| keys.contains(&k), |_| None);
            if !touched {
                return Err(ScenarioError::NoClickId);
            }
            vec![step(
                "Without the click ID",
                Expect::Rejected,
                Ok(request.with_url(url)),
            )]
        }
        Scenario::WrongToken => {
            let key = preset
                .and_then(|p| p.token_key)
                .ok_or(ScenarioError::NoToken)?;
            let request = request.map_err(|_| ScenarioError::NoToken)?;
            let (url, touched) = rewrite_query(
                request.url(),
                |k| k == key,
                |_| Some(format!("{key}=wrong-token-test")),
            );
            if !touched {
                return Err(ScenarioError::NoToken);
            }
            vec![step(
                "With a wrong token",
                Expect::Rejected,
                Ok(request.with_url(url)),
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

    fn urls(steps: &[Step]) -> Vec<String> {
        steps
            .iter()
            .map(|s| {
                s.request
                    .as_ref()
                    .map(|r| r.url().to_owned())
                    .unwrap_or_default()
            })
            .collect()
    }

    #[test]
    fn each_scenario_plans_its_fires_with_expectations() {
        let d = draft(
            Some("affise"),
            "https://offers-x.affise.com/postback?clickid={clickid}&action_id={action_id}&secure={secure}#f",
            &[("clickid", "5f7a1c2b3d4e5f6a7b8c9d0e"), ("action_id", "A1"), ("secure", "s3cr3t")],
        );
        let build = d.build();
        let mut n = 0;
        let mut fresh = || {
            n += 1;
            format!("new-{n}")
        };
        let base = "https://offers-x.affise.com/postback?clickid=5f7a1c2b3d4e5f6a7b8c9d0e";
        let cases: [(Scenario, Vec<Expect>, Vec<String>); 5] = [
            (
                Scenario::Once,
                vec![Expect::Accepted],
                vec![format!("{base}&action_id=A1&secure=s3cr3t#f")],
            ),
            (
                Scenario::Duplicate,
                vec![Expect::Accepted, Expect::DifferentFromFirst],
                vec![format!("{base}&action_id=A1&secure=s3cr3t#f"); 2],
            ),
            (
                Scenario::FreshId,
                vec![Expect::Accepted, Expect::Accepted],
                vec![
                    format!("{base}&action_id=new-1&secure=s3cr3t#f"),
                    format!("{base}&action_id=new-2&secure=s3cr3t#f"),
                ],
            ),
            (
                Scenario::MissingClickId,
                vec![Expect::Rejected],
                vec![
                    "https://offers-x.affise.com/postback?action_id=A1&secure=s3cr3t#f".to_owned(),
                ],
            ),
            (
                Scenario::WrongToken,
                vec![Expect::Rejected],
                vec![format!("{base}&action_id=A1&secure=wrong-token-test#f")],
            ),
        ];
        for (scenario, expects, want) in cases {
            let steps = plan(scenario, &d, &build, &mut fresh).unwrap_or_default();
            assert_eq!(
                steps.iter().map(|s| s.expect).collect::<Vec<_>>(),
                expects,
                "{scenario:?}"
            );
            assert_eq!(urls(&steps), want, "{scenario:?}");
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
            let got = judge(expect, answers, observed, first);
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
        let mut fresh = || String::new();
        assert_eq!(
            plan(Scenario::MissingClickId, &d, &build, &mut fresh),
            Err(ScenarioError::NoClickId)
        );
        assert_eq!(
            plan(Scenario::WrongToken, &d, &build, &mut fresh),
            Err(ScenarioError::NoToken)
        );
        assert_eq!(
            plan(Scenario::FreshId, &d, &build, &mut fresh),
            Err(ScenarioError::NoTransactionId)
        );
    }
}
