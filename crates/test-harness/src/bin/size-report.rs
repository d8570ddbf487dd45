//! Prints raw, gzip and brotli sizes of every file of a build folder (default `dist`).
#![allow(
    clippy::print_stdout,
    reason = "a report printed for people is this binary's purpose"
)]

use std::{path::PathBuf, process::ExitCode};

fn main() -> ExitCode {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "dist".to_owned()));
    match test_harness::sizes::measure(&dir) {
        Ok(files) => {
            print!("{}", test_harness::sizes::table(&files));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "size-report: cannot measure {}: {e}. Build it first with scripts/test.",
                dir.display()
            );
            ExitCode::FAILURE
        }
    }
}
