//! What the command line's tests share: running the `postback` binary as a person or a CI
//! job would, and plans made with the core as the page makes them.

#![allow(dead_code, reason = "each test file uses a part of the support module")]

use std::{path::Path, process::Command};

/// Runs `postback` with `args` and nothing on standard input: its exit code, standard
/// output and standard error.
pub fn postback(args: &[&str]) -> std::io::Result<(i32, String, String)> {
    postback_with_input(args, "")
}

/// Runs `postback` with `args`, `stdin` piped in.
pub fn postback_with_input(args: &[&str], stdin: &str) -> std::io::Result<(i32, String, String)> {
    postback_in(args, stdin, None, &[])
}

/// Runs `postback` with `args`, `stdin` piped in, in `dir` (or here), with `env` set and
/// every `${env:…}`-looking variable of the test's own environment left out.
pub fn postback_in(
    args: &[&str],
    stdin: &str,
    dir: Option<&Path>,
    env: &[(&str, &str)],
) -> std::io::Result<(i32, String, String)> {
    use std::io::Write;
    let mut command = Command::new(env!("CARGO_BIN_EXE_postback"));
    command
        .args(args)
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let mut child = command.spawn()?;
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin.as_bytes())?;
    }
    let out = child.wait_with_output()?;
    Ok((
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

/// A fresh empty folder for one test's files.
pub fn temp_dir(name: &str) -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "postback-cli-{name}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
