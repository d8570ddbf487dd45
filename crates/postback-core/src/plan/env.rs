//! `${env:NAME}` placeholders: a value or a secret of a plan may name an environment variable
//! (on the command line) or a field of the run dialog (in the page, kept in memory only),
//! filled in when the plan runs. Templates keep their own macro syntaxes, so placeholders are
//! read only in values and secrets.

use crate::{Plan, Span};

/// Where a placeholder was found: the partner, and the value or secret that holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvSpot {
    /// The partner's name.
    pub partner: String,
    /// The macro whose value holds it, or `signing secret`.
    pub field: String,
}

/// Why a plan's placeholders cannot be filled.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EnvError {
    /// A placeholder is opened and never closed, or names nothing usable.
    #[error("`{text}` in {} of {} is not a placeholder like ${{env:NAME}}", .spot.field, .spot.partner)]
    Malformed {
        /// Where it is.
        spot: EnvSpot,
        /// The value's text.
        text: String,
        /// The bytes of the broken placeholder in the value.
        span: Span,
    },
    /// Placeholders that have no value to fill them.
    #[error("no value for {}", .names.join(", "))]
    Missing {
        /// The names, each once, in order.
        names: Vec<String>,
    },
}

impl EnvError {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Malformed { .. } => {
                "Write it as ${env:NAME}, with a name of letters, digits and _, or take the $ out."
            }
            Self::Missing { .. } => {
                "Type each value in the run dialog, or set the environment variables before running."
            }
        }
    }
}

/// One placeholder in a value: the name, and the bytes `${env:NAME}` takes.
fn placeholders(text: &str) -> Result<Vec<(String, Span)>, Span> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|rest| rest.find("${env:")) {
        let start = from + at;
        let name_start = start + "${env:".len();
        let rest = text.get(name_start..).unwrap_or("");
        let Some(len) = rest.find('}') else {
            return Err(Span::new(start, text.len()));
        };
        let name = rest.get(..len).unwrap_or("");
        let end = name_start + len + 1;
        let good = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !good {
            return Err(Span::new(start, end));
        }
        found.push((name.to_owned(), Span::new(start, end)));
        from = end;
    }
    Ok(found)
}

/// Every value and secret of `plan` with the partner and field it belongs to.
fn fields(plan: &Plan) -> Vec<(EnvSpot, String)> {
    let mut all = Vec::new();
    for partner in &plan.partners {
        for (name, value) in partner.draft.values.iter() {
            all.push((
                EnvSpot {
                    partner: partner.name.clone(),
                    field: name.to_owned(),
                },
                value.to_owned(),
            ));
        }
        if let Some(secret) = &partner.signing.secret {
            all.push((
                EnvSpot {
                    partner: partner.name.clone(),
                    field: "signing secret".to_owned(),
                },
                secret.clone(),
            ));
        }
    }
    all
}

/// A name `plan`'s placeholders ask for, with where it is first used: what the run dialog
/// labels its field with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvAsk {
    /// The name, as in `${env:NAME}`.
    pub name: String,
    /// The first value or secret that holds it.
    pub spot: EnvSpot,
    /// How many values and secrets hold it.
    pub uses: usize,
}

impl EnvAsk {
    /// The field's label in plain words: the partner and the value, and how many others
    /// share it.
    ///
    /// ```
    /// use postback_core::{EnvAsk, EnvSpot};
    ///
    /// let ask = EnvAsk {
    ///     name: "P1_SKEY".into(),
    ///     spot: EnvSpot { partner: "ExoClick 1".into(), field: "skey".into() },
    ///     uses: 3,
    /// };
    /// assert_eq!(ask.label(), "ExoClick 1: skey (and 2 more)");
    /// ```
    pub fn label(&self) -> String {
        let more = self.uses.saturating_sub(1);
        let base = format!("{}: {}", self.spot.partner, self.spot.field);
        if more == 0 {
            base
        } else {
            format!("{base} (and {more} more)")
        }
    }
}

/// What `plan`'s placeholders ask for, each name once, in order.
///
/// # Errors
///
/// [`EnvError::Malformed`] for the first placeholder that is not one.
pub fn env_asks(plan: &Plan) -> Result<Vec<EnvAsk>, EnvError> {
    let mut asks: Vec<EnvAsk> = Vec::new();
    for (spot, value) in fields(plan) {
        let found = placeholders(&value).map_err(|span| EnvError::Malformed {
            spot: spot.clone(),
            text: value.clone(),
            span,
        })?;
        for (name, _) in found {
            match asks.iter_mut().find(|a| a.name == name) {
                Some(ask) => ask.uses += 1,
                None => asks.push(EnvAsk {
                    name,
                    spot: spot.clone(),
                    uses: 1,
                }),
            }
        }
    }
    Ok(asks)
}

/// The names `plan`'s placeholders ask for, each once, in order.
///
/// # Errors
///
/// [`EnvError::Malformed`] for the first placeholder that is not one.
///
/// ```
/// use postback_core::{env_names, Draft, Plan, Signing, Values};
///
/// let draft = Draft {
///     url: "https://t.example/pb?cid={cid}&key={key}".into(),
///     values: Values::from_pairs([("cid", "c"), ("key", "${env:AFF_KEY}")]),
///     ..Draft::default()
/// };
/// let plan = Plan::from_builder("x", "Launch", &draft, &Signing::Off);
/// assert_eq!(env_names(&plan)?, ["AFF_KEY"]);
/// # Ok::<(), postback_core::EnvError>(())
/// ```
pub fn env_names(plan: &Plan) -> Result<Vec<String>, EnvError> {
    Ok(env_asks(plan)?.into_iter().map(|a| a.name).collect())
}

/// `plan` with every placeholder replaced by what `lookup` gives for its name. An empty
/// value counts as none.
///
/// # Errors
///
/// [`EnvError::Malformed`] for a broken placeholder; [`EnvError::Missing`] naming every
/// placeholder `lookup` has no value for.
///
/// ```
/// use postback_core::{fill_env, Draft, EnvError, Plan, Signing, Values};
///
/// let draft = Draft {
///     url: "https://t.example/pb?cid={cid}&key={key}".into(),
///     values: Values::from_pairs([("cid", "c"), ("key", "k-${env:AFF_KEY}")]),
///     ..Draft::default()
/// };
/// let plan = Plan::from_builder("x", "Launch", &draft, &Signing::Off);
/// let filled = fill_env(&plan, &|name| (name == "AFF_KEY").then(|| "42".to_owned()))?;
/// assert_eq!(filled.partners[0].draft.values.get("key"), Some("k-42"));
/// let missing = fill_env(&plan, &|_| None);
/// assert_eq!(missing, Err(EnvError::Missing { names: vec!["AFF_KEY".into()] }));
/// # Ok::<(), EnvError>(())
/// ```
pub fn fill_env(plan: &Plan, lookup: &dyn Fn(&str) -> Option<String>) -> Result<Plan, EnvError> {
    let mut missing = Vec::new();
    for name in env_names(plan)? {
        if lookup(&name).is_none_or(|v| v.is_empty()) {
            missing.push(name);
        }
    }
    if !missing.is_empty() {
        return Err(EnvError::Missing { names: missing });
    }
    Ok(fill_known_env(plan, lookup))
}

/// `plan` with each placeholder `lookup` has a value for filled, and the others left as
/// they are: for a partner opened in the builder before every secret was typed.
///
/// ```
/// use postback_core::{fill_known_env, Draft, Plan, Signing, Values};
///
/// let draft = Draft {
///     url: "https://t.example/pb?a={a}&b={b}".into(),
///     values: Values::from_pairs([("a", "${env:A}"), ("b", "${env:B}")]),
///     ..Draft::default()
/// };
/// let plan = Plan::from_builder("x", "Launch", &draft, &Signing::Off);
/// let filled = fill_known_env(&plan, &|name| (name == "A").then(|| "1".to_owned()));
/// assert_eq!(filled.partners[0].draft.values.get("a"), Some("1"));
/// assert_eq!(filled.partners[0].draft.values.get("b"), Some("${env:B}"));
/// ```
pub fn fill_known_env(plan: &Plan, lookup: &dyn Fn(&str) -> Option<String>) -> Plan {
    let fill = |text: &str| -> String {
        let Ok(found) = placeholders(text) else {
            return text.to_owned();
        };
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (name, span) in found {
            out.push_str(text.get(at..span.start).unwrap_or(""));
            match lookup(&name).filter(|v| !v.is_empty()) {
                Some(value) => out.push_str(&value),
                None => out.push_str(span.slice(text).unwrap_or("")),
            }
            at = span.end;
        }
        out.push_str(text.get(at..).unwrap_or(""));
        out
    };
    let mut filled = plan.clone();
    for partner in &mut filled.partners {
        let names: Vec<(String, String)> = partner
            .draft
            .values
            .iter()
            .map(|(n, v)| (n.to_owned(), fill(v)))
            .collect();
        for (name, value) in names {
            partner.draft.values.set(name, value);
        }
        if let Some(secret) = &partner.signing.secret {
            partner.signing.secret = Some(fill(secret));
        }
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_with_their_spans_and_broken_ones_refused_with_theirs() {
        type Found<'a> = Result<Vec<(&'a str, (usize, usize))>, (usize, usize)>;
        let cases: [(&str, Found); 7] = [
            ("plain", Ok(vec![])),
            ("${env:A}", Ok(vec![("A", (0, 8))])),
            (
                "x${env:A_1}y${env:_B}",
                Ok(vec![("A_1", (1, 11)), ("_B", (12, 21))]),
            ),
            ("$env:A", Ok(vec![])),
            ("${env:A", Err((0, 7))),
            ("${env:}", Err((0, 7))),
            ("a ${env:1X} b", Err((2, 11))),
        ];
        for (text, want) in cases {
            let got = placeholders(text).map(|v| {
                v.into_iter()
                    .map(|(n, s)| (n, (s.start, s.end)))
                    .collect::<Vec<_>>()
            });
            let want = want
                .map(|v| {
                    v.into_iter()
                        .map(|(n, s)| (n.to_owned(), s))
                        .collect::<Vec<_>>()
                })
                .map_err(|(a, b)| Span::new(a, b));
            assert_eq!(got, want, "{text}");
        }
    }
}
