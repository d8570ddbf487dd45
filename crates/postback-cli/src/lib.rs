//! The command line's commands, as functions that write to the streams they are given and
//! return the exit code: `build` prints the postback a template and values make, `lint`
//! checks it as the page does, `extract` finds the click IDs in what it reads. Everything they say comes from `postback-core`.

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
    /// Finds the URLs and click IDs in text, a log, curl output or a HAR file, as the page's
    /// Extract card does.
    Extract {
        /// The file to read; `-` or nothing reads standard input.
        file: Option<std::path::PathBuf>,
        /// How to print what was found.
        #[arg(long, value_enum, default_value_t = Table::Table)]
        format: Table,
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

/// How found parameters are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Table {
    /// Aligned columns, for a person.
    Table,
    /// CSV, one row per parameter, as the page exports it.
    Csv,
    /// Everything found as JSON, for a program.
    Json,
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
        Command::Extract { file, format } => {
            let text = match read_input(file.as_deref()) {
                Ok(text) => text,
                Err(e) => {
                    return bad_input(
                        err,
                        &format!("the input cannot be read: {e}"),
                        "Name a readable text, log or HAR file, or pipe the text in.",
                    )
                }
            };
            let found = match postback_core::extract(&text) {
                Ok(found) => found,
                Err(e) => return bad_input(err, &e.to_string(), &e.hint()),
            };
            let printed = match format {
                Table::Json => serde_json::to_string_pretty(&found).map_err(|e| e.to_string()),
                Table::Csv => found.to_csv().map_err(|e| e.to_string()),
                Table::Table => Ok(table(&found)),
            };
            match printed {
                Ok(text) => {
                    let _ = write!(out, "{text}");
                    if !text.ends_with('\n') {
                        let _ = writeln!(out);
                    }
                    for note in &found.notes {
                        let _ = writeln!(err, "note: {note}");
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => bad_input(err, &e, "Use another --format."),
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

/// The text of `file`, or of standard input for `-` or none, up to the extractor's limit.
fn read_input(file: Option<&std::path::Path>) -> std::io::Result<String> {
    use std::io::Read;
    let limit = u64::try_from(postback_core::MAX_INPUT_BYTES).unwrap_or(u64::MAX);
    let mut bytes = Vec::new();
    match file {
        Some(path) if path.as_os_str() != "-" => {
            std::fs::File::open(path)?
                .take(limit)
                .read_to_end(&mut bytes)?;
        }
        _ => {
            std::io::stdin()
                .lock()
                .take(limit)
                .read_to_end(&mut bytes)?;
        }
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The parameters found as aligned columns: name, value, platform, where, note.
fn table(found: &postback_core::Extraction) -> String {
    let mut rows: Vec<[String; 5]> = vec![[
        "parameter".into(),
        "value".into(),
        "platform".into(),
        "where".into(),
        "note".into(),
    ]];
    for p in &found.params {
        rows.push([
            p.name.clone(),
            p.value.clone(),
            p.platform().unwrap_or_default().to_owned(),
            p.where_text(),
            p.note().to_owned(),
        ]);
    }
    let mut widths = [0_usize; 5];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        text.push_str(cells.join("  ").trim_end());
        text.push('\n');
    }
    text
}
