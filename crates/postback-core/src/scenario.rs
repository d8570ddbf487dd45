//! Test scenarios: short lists of fires, each with what the receiver should answer, so expected
//! and observed results can stand side by side. Each step is fired by its own press.

use serde::Serialize;

use crate::{
    draft::{Build, Draft},
    generate::Generator,
    FireRequest, RequestError,
};

/// A scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
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

/// The URL with every query pair whose key is in `keys` changed by `change` (`None` drops it).
fn rewrite_query(
    url: &str,
    keys: &[&str],
    change: impl Fn(&str) -> Option<String>,
) -> (String, bool) {
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let Some((path, query)) = base.split_once('?') else {
        return (url.to_owned(), false);
    };
    let mut touched = false;
    let pairs: Vec<String> = query
        .split('&')
        .filter_map(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            if keys.contains(&key) {
                touched = true;
                change(pair)
            } else {
                Some(pair.to_owned())
            }
        })
        .collect();
    let mut out = format!("{path}?{}", pairs.join("&"));
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    (out, touched)
}

fn with_url(request: &FireRequest, url: &str) -> Result<FireRequest, RequestError> {
    let headers: String = request
        .headers()
        .iter()
        .map(|(n, v)| format!("{n}: {v}\n"))
        .collect();
    FireRequest::new(
        request.method(),
        url,
        &headers,
        request.body().map(str::to_owned),
    )
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
            let (url, touched) = rewrite_query(request.url(), &keys, |_| None);
            if !touched {
                return Err(ScenarioError::NoClickId);
            }
            vec![step(
                "Without the click ID",
                Expect::Rejected,
                with_url(&request, &url),
            )]
        }
        Scenario::WrongToken => {
            let key = preset
                .and_then(|p| p.token_key)
                .ok_or(ScenarioError::NoToken)?;
            let request = request.map_err(|_| ScenarioError::NoToken)?;
            let (url, touched) = rewrite_query(request.url(), &[key], |_| {
                Some(format!("{key}=wrong-token-test"))
            });
            if !touched {
                return Err(ScenarioError::NoToken);
            }
            vec![step(
                "With a wrong token",
                Expect::Rejected,
                with_url(&request, &url),
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
