//! The `postback` binary as a person or a CI job runs it: what it prints, where, and its exit
//! code.

mod support;

use support::{postback, postback_with_input};

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

#[test]
fn extract_finds_the_click_ids_in_what_it_reads_in_each_format() -> std::io::Result<()> {
    let log =
        "GET /lp?gclid=Cj0KCQ&sub1={sub1} HTTP/1.1\nvisit https://lp.example/?fbclid=IwAR1 done\n";
    let (code, out, _) = postback_with_input(&["extract"], log)?;
    assert_eq!(code, 0, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines.first().is_some_and(|l| l.starts_with("parameter")),
        "{out}"
    );
    assert!(out.contains("Google Ads"), "{out}");
    assert!(out.contains("never replaced"), "{out}");
    let (code, out, _) = postback_with_input(&["extract", "-", "--format", "csv"], log)?;
    assert_eq!(code, 0);
    assert_eq!(
        out.lines().next(),
        Some("parameter,value,platform,where,url,note")
    );
    let (code, out, _) = postback_with_input(&["extract", "--format", "json"], log)?;
    assert_eq!(code, 0);
    let found: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    let names: Vec<&str> = found
        .get("params")
        .and_then(|p| p.as_array())
        .map(|p| p.iter().filter_map(|x| x.get("name")?.as_str()).collect())
        .unwrap_or_default();
    assert!(
        names.contains(&"gclid") && names.contains(&"fbclid"),
        "{out}"
    );
    // Nothing to find, or no file: a clear message and exit 2.
    let (code, _, err) = postback_with_input(&["extract"], "no links here")?;
    assert_eq!(code, 2);
    assert!(err.contains("postback: "), "{err}");
    let (code, _, err) = postback(&["extract", "/nonexistent/file.har"])?;
    assert_eq!(code, 2);
    assert!(err.contains("the input cannot be read"), "{err}");
    Ok(())
}

#[test]
fn the_scheduled_workflow_runs_postback_with_flags_it_has() -> std::io::Result<()> {
    use clap::Parser;
    let workflow = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/ci/postback-plan.yml"
    ))?;
    let mut command = String::new();
    let mut lines = workflow.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line.starts_with("postback run ") {
            let mut line = line;
            loop {
                command.push_str(line.trim_end_matches('\\'));
                command.push(' ');
                if !line.ends_with('\\') {
                    break;
                }
                line = lines.next().unwrap_or_default();
            }
        }
    }
    let words: Vec<&str> = command.split_whitespace().collect();
    assert!(words.contains(&"--junit"), "{command}");
    let parsed = postback_cli::Cli::try_parse_from(&words);
    assert!(parsed.is_ok(), "{command}: {parsed:?}");
    Ok(())
}
