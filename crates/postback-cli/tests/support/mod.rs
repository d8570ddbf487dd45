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

/// A `postback relay` running as a child process, stopped when dropped.
pub struct RelayProcess {
    child: std::process::Child,
    /// Its address, such as `http://127.0.0.1:40123`.
    pub address: String,
    /// Its port.
    pub port: u16,
    /// The pairing code it printed.
    pub code: String,
}

impl RelayProcess {
    /// Starts `postback relay --port 0` with `args`, and reads its address and code from what
    /// it prints.
    pub fn start(args: &[&str]) -> std::io::Result<Self> {
        use std::io::BufRead;
        let mut child = Command::new(env!("CARGO_BIN_EXE_postback"))
            .args(["relay", "--port", "0"])
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("no stdout"))?;
        let mut lines = std::io::BufReader::new(stdout).lines();
        let mut address = String::new();
        let mut code = String::new();
        while code.is_empty() {
            let Some(line) = lines.next().transpose()? else {
                return Err(std::io::Error::other(
                    "the relay ended before printing its code",
                ));
            };
            if let Some(a) = line.strip_prefix("Postback Tester relay at ") {
                address = a.trim().to_owned();
            }
            if let Some(c) = line.strip_prefix("Relay code: ") {
                code = c.trim().to_owned();
            }
        }
        let port = address
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("no port in {address:?}")))?;
        Ok(Self {
            child,
            address,
            port,
            code,
        })
    }
}

impl Drop for RelayProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer read off a socket: status, headers (names lowercase) and body.
pub type Answered = (u16, Vec<(String, String)>, String);

/// An HTTP/1.1 exchange over a plain socket to 127.0.0.1:`port`, exactly as written:
/// `method`, `path`, `headers` (Host included by the caller) and `body`. Gives the status,
/// the headers (names lowercase) and the body.
pub fn raw_http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<Answered> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(20)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut raw = Vec::new();
    // The relay may answer before it read a body it refuses; what it sent is what counts.
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((text.as_str(), ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Ok((status, headers, body.to_owned()))
}
