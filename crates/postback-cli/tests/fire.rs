//! `postback fire` against endpoints on 127.0.0.1 that each test starts: what it prints, its
//! exit code, and that the receiver got the postback exactly once.

mod support;

use std::time::Duration;

use support::postback;
use test_harness::{Endpoint, Route};

/// A port nothing listens on: bound, then let go.
fn closed_port() -> std::io::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

#[test]
fn fire_reads_the_answer_of_any_receiver_and_judges_it_as_the_page_does() -> std::io::Result<()> {
    let endpoint = Endpoint::start([
        ("/cors", Route::text(200, "success=true;")),
        // A browser hides this answer from the page; the command line reads it.
        ("/nocors", Route::text(200, "OK").without_cors()),
        ("/broken", Route::text(500, "database down")),
        ("/exo/tag.php", Route::like_exoclick("k1")),
    ])?;
    let cases: [(&str, &[&str], i32, &[&str]); 4] = [
        (
            "/cors?cid={cid}",
            &[],
            0,
            &["Answer read: HTTP 200 OK", "success=true;"],
        ),
        (
            "/nocors?cid={cid}",
            &[],
            0,
            &["Answer read: HTTP 200 OK", "\nOK\n"],
        ),
        (
            "/broken?cid={cid}",
            &[],
            1,
            &[
                "Answer read: HTTP 500 Internal Server Error",
                "database down",
            ],
        ),
        // ExoClick answers 200 with its refusal in the body: the platform's reading says so.
        (
            "/exo/tag.php?goal=g&tag={cid}&skey=wrong",
            &["--preset", "exoclick"],
            1,
            &["Rejected: Secret key is invalid."],
        ),
    ];
    for (path, extra, code, says) in cases {
        let url = endpoint.url(path);
        let mut args = vec!["fire", url.as_str(), "--value", "cid=c-1"];
        args.extend_from_slice(extra);
        let before = endpoint.requests().len();
        let (got, out, err) = postback(&args)?;
        assert_eq!(got, code, "{path}: {out}{err}");
        for said in says {
            assert!(out.contains(said), "{path}: {said:?} in {out}");
        }
        assert_eq!(endpoint.requests().len(), before + 1, "{path}: sent once");
    }
    Ok(())
}

#[test]
fn fire_json_gives_the_verdict_and_the_answer_to_a_program() -> std::io::Result<()> {
    let endpoint = Endpoint::start([(
        "/pb",
        Route::json(201, r#"{"ok":true}"#).header("X-Id", "7"),
    )])?;
    let url = endpoint.url("/pb?cid=1");
    let (code, out, _) = postback(&["fire", url.as_str(), "--json"])?;
    assert_eq!(code, 0, "{out}");
    let value: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    assert_eq!(value["outcome"], "success", "{out}");
    assert_eq!(value["delivery"]["Read"]["status"], 201, "{out}");
    assert_eq!(
        value["delivery"]["Read"]["body"]["text"], r#"{"ok":true}"#,
        "{out}"
    );
    let headers = value["delivery"]["Read"]["headers"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(headers.contains(&serde_json::json!(["x-id", "7"])), "{out}");
    Ok(())
}

#[test]
fn fire_waits_no_longer_than_its_limit_and_never_sends_again() -> std::io::Result<()> {
    let endpoint = Endpoint::start([(
        "/slow",
        Route::text(200, "OK").delayed(Duration::from_secs(5)),
    )])?;
    let url = endpoint.url("/slow?cid=1");
    let started = std::time::Instant::now();
    let (code, out, _) = postback(&["fire", url.as_str(), "--timeout", "1"])?;
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("No answer within 1 s"), "{out}");
    assert!(out.contains("may have been delivered"), "{out}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "it stopped waiting"
    );
    assert_eq!(
        endpoint.requests_to("/slow").len(),
        1,
        "sent once, never retried"
    );
    Ok(())
}

#[test]
fn fire_says_nothing_answered_at_a_closed_port() -> std::io::Result<()> {
    let url = format!("http://127.0.0.1:{}/pb?cid=1", closed_port()?);
    let (code, out, _) = postback(&["fire", url.as_str()])?;
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with("No answer came back: most likely nothing answers at this address"),
        "{out}"
    );
    Ok(())
}

#[test]
fn fire_stops_reading_an_endless_or_huge_answer_at_the_display_cap() -> std::io::Result<()> {
    let endpoint = Endpoint::start([
        ("/endless", Route::endless(200)),
        ("/huge", Route::announced(200, 1 << 30)),
    ])?;
    for (path, size) in [
        ("/endless", "a body of unknown size"),
        ("/huge", "1073741824 bytes"),
    ] {
        let url = endpoint.url(path);
        let started = std::time::Instant::now();
        let (code, out, _) = postback(&["fire", url.as_str()])?;
        assert_eq!(code, 0, "{path}");
        assert!(
            out.contains(&format!("(only the first 256 KiB of {size} shown)")),
            "{path}: {}",
            out.get(out.len().saturating_sub(300)..).unwrap_or_default()
        );
        assert!(
            started.elapsed() < Duration::from_secs(8),
            "{path}: it stopped reading"
        );
    }
    Ok(())
}

#[test]
fn fire_sends_nothing_while_a_macro_has_no_value_unless_told_anyway() -> std::io::Result<()> {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK"))])?;
    let url = endpoint.url("/pb?cid={clickid}");
    let (code, _, err) = postback(&["fire", url.as_str()])?;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("nothing was sent"), "{err}");
    assert!(err.contains("--value"), "{err}");
    assert!(endpoint.requests().is_empty());
    let (code, out, _) = postback(&["fire", url.as_str(), "--anyway"])?;
    assert_eq!(code, 0, "{out}");
    assert_eq!(endpoint.requests_to("/pb").len(), 1);
    Ok(())
}

#[test]
fn fire_sends_the_method_body_and_headers_it_is_given() -> std::io::Result<()> {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK"))])?;
    let url = endpoint.url("/pb");
    let (code, out, err) = postback(&[
        "fire",
        url.as_str(),
        "--method",
        "post",
        "--body",
        r#"{"click_id":"{cid}"}"#,
        "--header",
        "X-Token: {tk}",
        "--value",
        "cid=c-9",
        "--value",
        "tk=t-1",
    ])?;
    assert_eq!(code, 0, "{out}{err}");
    let got = endpoint.requests_to("/pb");
    assert_eq!(got.len(), 1);
    let request = got.first().cloned().unwrap_or_else(|| unreachable!());
    assert_eq!(request.method, "POST");
    assert_eq!(request.body, br#"{"click_id":"c-9"}"#);
    assert_eq!(request.header("x-token"), Some("t-1"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    Ok(())
}

#[test]
fn a_redirect_is_followed_without_telling_the_next_host_the_postback_and_its_token(
) -> std::io::Result<()> {
    let endpoint = Endpoint::start([("/landed", Route::text(200, "OK"))])?;
    let next = endpoint.url("/landed");
    let first = Endpoint::start([("/pb", Route::redirect(302, &next))])?;
    let url = first.url("/pb?cid=c-1&token={token}");
    let (code, out, _) = postback(&["fire", url.as_str(), "--value", "token=S3CR3T"])?;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("Redirected to {next}")), "{out}");
    assert!(
        !out.contains("S3CR3T"),
        "the token is hidden in what is printed: {out}"
    );
    let landed = endpoint.requests_to("/landed");
    assert_eq!(landed.len(), 1);
    assert!(
        landed.iter().all(|r| r.header("referer").is_none()),
        "no Referer: {landed:?}"
    );
    Ok(())
}

#[test]
fn a_token_the_receiver_echoes_back_stays_hidden_in_the_reading_too() -> std::io::Result<()> {
    let endpoint = Endpoint::start([(
        "/tag.php",
        Route::text(200, "ERROR: invalid request goal=g&skey=S3CR3T-777"),
    )])?;
    let url = endpoint.url("/tag.php?goal=g&tag=t&skey={skey}");
    for extra in [&[][..], &["--json"][..]] {
        let mut args = vec![
            "fire",
            url.as_str(),
            "--preset",
            "exoclick",
            "--value",
            "skey=S3CR3T-777",
        ];
        args.extend_from_slice(extra);
        let (code, out, err) = postback(&args)?;
        assert_eq!(code, 1, "{out}");
        assert!(out.contains("invalid request goal=g&skey=***"), "{out}");
        assert!(
            !out.contains("S3CR3T") && !err.contains("S3CR3T"),
            "{out}{err}"
        );
    }
    Ok(())
}

#[test]
fn a_header_the_http_client_sets_itself_is_refused_and_nothing_is_sent() -> std::io::Result<()> {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK"))])?;
    let url = endpoint.url("/pb");
    let (code, _, err) = postback(&[
        "fire",
        url.as_str(),
        "--method",
        "POST",
        "--body",
        "a=1",
        "--header",
        "Content-Length: 0",
    ])?;
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("the header Content-Length is set by the HTTP client itself"),
        "{err}"
    );
    assert!(endpoint.requests().is_empty());
    Ok(())
}
