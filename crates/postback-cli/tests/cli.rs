//! The `postback` binary as a person or a CI job runs it: what it prints, where, and its exit
//! code.

use std::process::Command;

/// Runs `postback` with `args`: its exit code, standard output and standard error.
fn postback(args: &[&str]) -> std::io::Result<(i32, String, String)> {
    let out = Command::new(env!("CARGO_BIN_EXE_postback"))
        .args(args)
        .output()?;
    Ok((
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

#[test]
fn build_prints_the_url_the_values_make_and_lint_findings_on_stderr() -> std::io::Result<()> {
    let cases: [(&[&str], i32, &str, &str); 5] = [
        (
            &[
                "build",
                "https://t.example/pb?cid={clickid}&p={payout}",
                "--value",
                "clickid=abc 1",
                "--value",
                "payout=1.5",
            ],
            0,
            "https://t.example/pb?cid=abc%201&p=1.5\n",
            "",
        ),
        // A Keitaro template with Keitaro's own syntax.
        (
            &[
                "build",
                "https://k.example/pb?subid={subid}&status={status}",
                "--preset",
                "keitaro",
                "--value",
                "subid=s1",
                "--value",
                "status=lead",
            ],
            0,
            "https://k.example/pb?subid=s1&status=lead\n",
            "",
        ),
        // A macro left without a value is printed as it is, and said on stderr.
        (
            &["build", "https://t.example/pb?cid={clickid}"],
            0,
            "https://t.example/pb?cid={clickid}\n",
            "error: the macro `{clickid}` is still in the URL",
        ),
        (
            &["build", "x", "--preset", "nope"],
            2,
            "",
            "no platform preset \"nope\"",
        ),
        (
            &["build", "x", "--value", "novalue"],
            2,
            "",
            "\"novalue\" is not NAME=VALUE",
        ),
    ];
    for (args, code, stdout, stderr) in cases {
        let (got_code, got_out, got_err) = postback(args)?;
        assert_eq!(got_code, code, "{args:?}: {got_err}");
        assert_eq!(got_out, stdout, "{args:?}");
        assert!(got_err.contains(stderr), "{args:?}: {got_err}");
    }
    Ok(())
}

#[test]
fn build_with_request_prints_the_method_url_headers_and_body() -> std::io::Result<()> {
    let (code, out, _) = postback(&[
        "build",
        "https://t.example/pb?cid={c}",
        "--value",
        "c=1",
        "--request",
    ])?;
    assert_eq!(code, 0);
    assert!(out.starts_with("GET https://t.example/pb?cid=1"), "{out}");
    Ok(())
}

#[test]
fn lint_exits_one_on_an_error_and_prints_json_a_program_reads() -> std::io::Result<()> {
    // A macro with no value would arrive literally: an error.
    let (code, out, _) = postback(&["lint", "https://t.example/pb?cid={clickid}"])?;
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error: "), "{out}");
    let (code, out, _) = postback(&[
        "lint",
        "https://t.example/pb?cid={clickid}",
        "--value",
        "clickid=abc",
        "--format",
        "json",
    ])?;
    assert_eq!(code, 0, "{out}");
    let findings: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    assert_eq!(findings, serde_json::json!([]), "{out}");
    let (code, out, _) = postback(&[
        "lint",
        "http://t.example/pb?cid={clickid}",
        "--value",
        "clickid=abc",
        "--format",
        "json",
    ])?;
    assert_eq!(code, 0, "a warning alone passes: {out}");
    let findings: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    assert_eq!(
        findings.get(0).and_then(|f| f.get("severity")),
        Some(&serde_json::json!("Warning")),
        "{out}"
    );
    Ok(())
}

#[test]
fn an_unknown_syntax_is_refused_with_the_ones_there_are() -> std::io::Result<()> {
    let (code, _, err) = postback(&["lint", "x", "--syntax", "curly"])?;
    assert_eq!(code, 2);
    assert!(err.contains("no macro syntax \"curly\""), "{err}");
    assert!(err.contains("braces"), "{err}");
    Ok(())
}
