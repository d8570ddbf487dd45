//! `postback`: Postback Tester on the command line, on the same core as the page.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = postback_cli::Cli::parse();
    // Not locked: the relay's tasks write their log lines to stderr while it serves.
    let mut out = std::io::stdout();
    let mut err = std::io::stderr();
    postback_cli::run(cli, &mut out, &mut err)
}
