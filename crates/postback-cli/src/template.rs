//! `build` and `lint`: the postback a template and its values make, and what the page's lint
//! says of it. The draft is made here once, the way the page's builder makes it, for every
//! command that starts from a template (`fire` too).

use std::{io::Write, process::ExitCode};

use postback_core::{Draft, Finding, Severity, Syntax, SyntaxChoice, Values};

use crate::{bad_input, Format, With};

/// The draft `template` and `with` describe, or what is wrong with them.
pub(crate) fn draft(template: &str, with: &With) -> Result<Draft, (String, String)> {
    let mut draft = Draft {
        url: template.to_owned(),
        ..Draft::default()
    };
    // The platform is chosen as the page chooses it: its syntax comes with it.
    if let Some(id) = &with.preset {
        if draft.choose_platform(id).is_none() {
            let ids: Vec<&str> = postback_core::PRESETS.iter().map(|p| p.id).collect();
            return Err((
                format!("no platform preset {id:?}"),
                format!("Use one of: {}.", ids.join(", ")),
            ));
        }
    }
    if let Some(id) = &with.syntax {
        let syntax = Syntax::from_id(id).ok_or_else(|| {
            let ids: Vec<&str> = Syntax::ALL.iter().map(|s| s.id()).collect();
            (
                format!("no macro syntax {id:?}"),
                format!("Use one of: {}.", ids.join(", ")),
            )
        })?;
        draft.syntax = SyntaxChoice::Only(syntax);
    }
    let mut values = Values::default();
    for pair in &with.values {
        let (name, value) = pair.split_once('=').ok_or_else(|| {
            (
                format!("{pair:?} is not NAME=VALUE"),
                "Write each value as --value NAME=VALUE, such as --value clickid=abc123."
                    .to_owned(),
            )
        })?;
        values.set(name.trim(), value);
    }
    draft.values = values;
    Ok(draft)
}

/// One finding as a line: its severity, message and fix.
pub(crate) fn finding_line(f: &Finding) -> String {
    format!("{}: {}. {}", f.severity.as_str(), f.message, f.fix)
}

/// `postback build`: the URL, or with `request` the whole request, on `out`; findings on `err`.
pub(crate) fn build(
    template: &str,
    with: &With,
    request: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let draft = match draft(template, with) {
        Ok(d) => d,
        Err((message, hint)) => return bad_input(err, &message, &hint),
    };
    let built = draft.build();
    for f in &built.findings {
        let _ = writeln!(err, "{}", finding_line(f));
    }
    if request {
        match built.request(&draft) {
            Ok(r) => {
                let _ = writeln!(out, "{}", r.to_text());
                ExitCode::SUCCESS
            }
            Err(e) => bad_input(err, &e.to_string(), "Fix the template, then build again."),
        }
    } else {
        match built.url_text() {
            Some(url) => {
                let _ = writeln!(out, "{url}");
                ExitCode::SUCCESS
            }
            None => bad_input(
                err,
                "the template cannot be read",
                "Run postback lint on it to see why.",
            ),
        }
    }
}

/// `postback lint`: the findings on `out`, as text or JSON; exit 1 when one is an error.
pub(crate) fn lint(
    template: &str,
    with: &With,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let draft = match draft(template, with) {
        Ok(d) => d,
        Err((message, hint)) => return bad_input(err, &message, &hint),
    };
    let findings = draft.build().findings;
    match format {
        Format::Text => {
            for f in &findings {
                let _ = writeln!(out, "{}", finding_line(f));
            }
        }
        Format::Json => {
            let text = serde_json::to_string_pretty(&findings).unwrap_or_default();
            let _ = writeln!(out, "{text}");
        }
    }
    if findings.iter().any(|f| f.severity == Severity::Error) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
