//! Trunk's post-build hook: gives the release build's `index.html` its
//! Content-Security-Policy. In a debug build (`trunk serve`) it does nothing.

use std::{env, fs, path::PathBuf, process::ExitCode};

fn main() -> ExitCode {
    if env::var("TRUNK_PROFILE").as_deref() != Ok("release") {
        return ExitCode::SUCCESS;
    }
    let Some(dir) = env::var_os("TRUNK_STAGING_DIR").map(PathBuf::from) else {
        eprintln!("csp: TRUNK_STAGING_DIR is not set: run this as Trunk's post_build hook");
        return ExitCode::FAILURE;
    };
    let index = dir.join("index.html");
    let written = fs::read_to_string(&index)
        .map_err(|e| format!("cannot read {}: {e}", index.display()))
        .and_then(|page| build_tools::with_csp(&page).map_err(|e| e.to_string()))
        .and_then(|strict| {
            fs::write(&index, strict).map_err(|e| format!("cannot write {}: {e}", index.display()))
        });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("csp: {e}");
            ExitCode::FAILURE
        }
    }
}
