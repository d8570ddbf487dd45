//! `relay`: placeholder.
use std::{io::Write, process::ExitCode};

/// How the relay listens.
#[derive(Debug, clap::Args)]
pub struct RelayOptions {}

pub async fn relay(
    _options: &RelayOptions,
    _out: &mut dyn Write,
    _err: &mut dyn Write,
) -> ExitCode {
    ExitCode::FAILURE
}
