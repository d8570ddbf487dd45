//! `postback`: Postback Tester on the command line, on the same core as the page. This first
//! part builds and lints postbacks; running plans, firing and the local relay follow.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = postback_cli::Cli::parse();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    postback_cli::run(cli, &mut out, &mut err)
}
