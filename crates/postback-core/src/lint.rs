//! The lint: every mistake in a built postback URL, explained in plain words, with the spot to
//! underline and a suggested fix. It reads the URL exactly as it will be sent, and maps each
//! spot back to the template, or to the value that caused it.

mod finding;
mod rules;

pub use finding::{Finding, LintInput, Rule, Severity, Spot};

/// Every finding for `input`, errors first, then in the order they stand in the template.
///
/// ```
/// use postback_core::{lint, LintInput, Preset, Rule, Template, Values};
///
/// let template = Template::parse("http://trk.example/postback?sub_id={clickid}&payout={payout}")?;
/// let expansion = template.expand(&Values::from_pairs([("clickid", "abc"), ("payout", "1,5")]));
/// let findings = lint(LintInput { template: &template, expansion: &expansion, preset: Preset::by_id("keitaro") });
/// let rules: Vec<Rule> = findings.iter().map(|f| f.rule).collect();
/// assert!(rules.contains(&Rule::ClickIdMissing));
/// assert!(rules.contains(&Rule::PayoutFormat));
/// assert!(rules.contains(&Rule::InsecureHttp));
/// # Ok::<(), postback_core::TemplateError>(())
/// ```
pub fn lint(input: LintInput<'_>) -> Vec<Finding> {
    let mut findings = rules::check(input);
    findings.sort_by_key(|f| {
        let at = match &f.spot {
            Spot::Template(span) => span.start,
            Spot::Value { name } => input
                .template
                .macros()
                .iter()
                .find(|m| &m.name == name)
                .map_or(usize::MAX, |m| m.span.start),
        };
        (f.severity, at)
    });
    findings.dedup();
    findings
}

#[cfg(test)]
mod tests;
