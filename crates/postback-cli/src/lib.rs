//! The command line's commands, as functions that write to the streams they are given and
//! return the exit code (0 done, 1 a check failed, 2 bad input): `build` prints the postback a
//! template and values make, `lint` checks it as the page does, `extract` finds the click IDs
//! in what it reads, `fire` sends one postback and reads its answer, `run` runs a test plan
//! made in the page, `verify` checks a signature, and `relay` lets the page read every answer.
//! Everything they judge comes from `postback-core`; only sending, the clock and the random
//! IDs are here.

use std::{io::Write, path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand, ValueEnum};

mod entropy;
mod extract;
mod fire;
mod input;
mod net;
mod plan;
mod relay;
mod show;
mod template;
mod verify;

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
        file: Option<PathBuf>,
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
    /// Sends one postback, once, and prints the verdict, status, headers and body; exits 0
    /// when the receiver answered with success, 1 otherwise.
    Fire {
        /// The template.
        template: String,
        /// What to build it with.
        #[command(flatten)]
        with: With,
        /// The request's method, body and headers.
        #[command(flatten)]
        request: RequestArgs,
        /// How long to wait for the whole answer, in seconds.
        #[arg(long, value_name = "S", default_value_t = net::DEFAULT_TIMEOUT_SECS, value_parser = clap::value_parser!(u32).range(1..=600))]
        timeout: u32,
        /// Send it even though the builder found problems (a macro left unfilled, say).
        #[arg(long)]
        anyway: bool,
        /// Print the answer as JSON, for a program.
        #[arg(long)]
        json: bool,
    },
    /// Runs a test plan exported from the page: every event for every partner, once each.
    /// Exits 0 when every cell met its expectation, 1 when one did not, 2 for bad input.
    Run {
        /// The plan file (or a results file, which holds its plan).
        plan: PathBuf,
        #[command(flatten)]
        options: plan::RunOptions,
    },
    /// Checks a signed body against its signature header, as the page's Check a signature
    /// does; exits 1 when it does not match.
    Verify {
        /// The scheme, by ID: stripe, github, shopify or standard-webhooks.
        #[arg(long)]
        scheme: String,
        /// The signing secret (or set POSTBACK_SECRET, which keeps it out of the shell's
        /// history).
        #[arg(long, env = "POSTBACK_SECRET", hide_env_values = true)]
        secret: String,
        /// The signature header's value, such as `sha256=…`.
        #[arg(long)]
        header: String,
        /// The message ID (Standard Webhooks' `webhook-id`).
        #[arg(long, default_value = "")]
        id: String,
        /// The timestamp in Unix seconds (Standard Webhooks' `webhook-timestamp`).
        #[arg(long, default_value_t = 0)]
        timestamp: u64,
        /// The file holding the body exactly as received; `-` or nothing reads standard input.
        file: Option<PathBuf>,
    },
    /// Relays the page's fires from this machine, so the page reads every answer, even from
    /// a receiver that lets no web page read it. Listens on 127.0.0.1 only.
    Relay {
        #[command(flatten)]
        options: relay::RelayOptions,
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

/// The method, body and headers of a postback that is more than a GET.
#[derive(Debug, clap::Args)]
pub struct RequestArgs {
    /// The HTTP method: GET, POST, PUT, PATCH, DELETE or HEAD.
    #[arg(long, default_value = "GET")]
    pub method: String,
    /// The body template (for POST, PUT and PATCH); JSON when it starts with `{` or `[`.
    #[arg(long)]
    pub body: Option<String>,
    /// A header line, as `Name: value`; repeat for each. Macros are filled in here too.
    #[arg(long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
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

/// The runtime the sending commands wait in.
fn runtime(err: &mut dyn Write) -> Result<tokio::runtime::Runtime, ExitCode> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            bad_input(
                err,
                &format!("cannot start: {e}"),
                "Check the machine's limits on threads and open files, then run it again.",
            )
        })
}

/// Runs `cli`, writing what it prints to `out` and what it reports to `err`; gives back the
/// exit code (0 done, 1 a check failed, 2 bad input).
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    match cli.command {
        Command::Build {
            template,
            with,
            request,
        } => template::build(&template, &with, request, out, err),
        Command::Extract { file, format } => extract::extract(file.as_deref(), format, out, err),
        Command::Lint {
            template,
            with,
            format,
        } => template::lint(&template, &with, format, out, err),
        Command::Fire {
            template,
            with,
            request,
            timeout,
            anyway,
            json,
        } => match runtime(err) {
            Ok(rt) => rt.block_on(fire::fire(
                fire::FireArgs {
                    template: &template,
                    with: &with,
                    request: &request,
                    timeout,
                    anyway,
                    json,
                },
                out,
                err,
            )),
            Err(code) => code,
        },
        Command::Run { plan, options } => match runtime(err) {
            Ok(rt) => rt.block_on(plan::run(&plan, &options, out, err)),
            Err(code) => code,
        },
        Command::Verify {
            scheme,
            secret,
            header,
            id,
            timestamp,
            file,
        } => verify::verify(
            &verify::VerifyArgs {
                scheme: &scheme,
                secret: &secret,
                header: &header,
                id: &id,
                timestamp,
                file: file.as_deref(),
            },
            out,
            err,
        ),
        Command::Relay { options } => match runtime(err) {
            Ok(rt) => rt.block_on(relay::relay(&options, out, err)),
            Err(code) => code,
        },
    }
}
