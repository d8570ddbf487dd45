//! The command line's commands, as functions that write to the streams they are given and
//! return the exit code: `build` prints the postback a template and values make, `lint`
//! checks it as the page does. Everything they say comes from `postback-core`.

use std::{io::Write, process::ExitCode};

use clap::{Parser, Subcommand, ValueEnum};
use postback_core::{Draft, Finding, Severity, Syntax, SyntaxChoice, Values};

/// Exit code when the input cannot be used.
const BAD_INPUT: u8 = 2;

/// Postback Tester on the command line.
#[derive(Debug, Parser)]
#[command(name = "postback", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Prints the URL a postback template and its values make; findings go to stderr.
    Build {
        /// The template, such as `https://trk.example/pb?cid={clickid}`.
        template: String,
        /// What to build it with.
        #[command(flatten)]
        with: With,
        /// Print the whole request: method, URL, headers and body.
        #[arg(long)]
        request: bool,
    },
    /// Checks a postback template as the page does; exits 1 when there is an error.
    Lint {
        /// The template.
        template: String,
        /// What to check it with.
        #[command(flatten)]
        with: With,
        /// How to print the findings.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// The platform, macro syntax and values a template is built with.
#[derive(Debug, clap::Args)]
pub struct With {
    /// The platform preset, by ID (such as `keitaro` or `voluum`).
    #[arg(long)]
    pub preset: Option<String>,
    /// The macro syntax, by ID (such as `braces` or `brackets`); detected when left out.
    #[arg(long)]
    pub syntax: Option<String>,
    /// A macro's value, as NAME=VALUE; repeat for each.
    #[arg(long = "value", value_name = "NAME=VALUE")]
    pub values: Vec<String>,
}

/// How findings are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per finding, for a person.
    Text,
    /// A JSON array of findings, for a program.
    Json,
}

/// Why the input cannot be used, with what to do.
fn bad_input(err: &mut dyn Write, message: &str, hint: &str) -> ExitCode {
    let _ = writeln!(err, "postback: {message}\n  {hint}");
    ExitCode::from(BAD_INPUT)
}

/// The draft `template` and `with` describe, or what is wrong with them.
fn draft(template: &str, with: &With) -> Result<Draft, (String, String)> {
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
fn finding_line(f: &Finding) -> String {
    format!("{}: {}. {}", f.severity.as_str(), f.message, f.fix)
}

/// Runs `cli`, writing what it prints to `out` and what it reports to `err`; gives back the
/// exit code (0 done, 1 an error found, 2 bad input).
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    match cli.command {
        Command::Build {
            template,
            with,
            request,
        } => {
            let draft = match draft(&template, &with) {
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
        Command::Lint {
            template,
            with,
            format,
        } => {
            let draft = match draft(&template, &with) {
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
    }
}
