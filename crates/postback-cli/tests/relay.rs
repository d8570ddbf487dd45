//! `postback relay` as the page meets it: the checks before anything is fired, each refusal
//! as JSON the page reads, and one fire per accepted ask, against endpoints on 127.0.0.1.

mod support;

use postback_core::{FireRequest, Method, RelayAsk};
use support::{postback, raw_http, RelayProcess};
use test_harness::{Endpoint, Route};

const PAGE: &str = "http://127.0.0.1:8080";

/// The JSON of an ask to fire `request`.
fn ask(request: FireRequest) -> String {
    serde_json::to_string(&RelayAsk {
        request,
        timeout_secs: 5,
    })
    .unwrap_or_default()
}

/// The `refused` field of a refusal.
fn refused(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("refused").and_then(|r| r.as_str()).map(str::to_owned))
        .unwrap_or_default()
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn the_relay_fires_an_accepted_ask_once_and_returns_the_whole_answer() -> std::io::Result<()> {
    let endpoint = Endpoint::start([(
        "/nocors",
        Route::text(200, "OK")
            .without_cors()
            .header("X-Receiver", "r1"),
    )])?;
    let relay = RelayProcess::start(&[])?;
    assert_eq!(relay.code.len(), 32, "128 bits in hex: {}", relay.code);
    let host = format!("127.0.0.1:{}", relay.port);
    let body =
        ask(FireRequest::get(&endpoint.url("/nocors?cid=c-1")).map_err(std::io::Error::other)?);
    let (status, headers, answer) = raw_http(
        relay.port,
        "POST",
        "/relay",
        &[
            ("Host", host.as_str()),
            ("Origin", PAGE),
            ("Content-Type", "application/json"),
            ("X-Relay-Code", relay.code.as_str()),
        ],
        body.as_bytes(),
    )?;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(header(&headers, "access-control-allow-origin"), Some(PAGE));
    let value: serde_json::Value = serde_json::from_str(&answer).unwrap_or_default();
    let read = &value["delivery"]["Read"];
    assert_eq!(read["status"], 200, "{answer}");
    assert_eq!(read["body"]["text"], "OK", "{answer}");
    assert!(
        read["headers"]
            .as_array()
            .is_some_and(|h| h.contains(&serde_json::json!(["x-receiver", "r1"]))),
        "every header comes back: {answer}"
    );
    assert_eq!(endpoint.requests_to("/nocors").len(), 1, "fired once");
    Ok(())
}

#[test]
fn the_relay_refuses_a_wrong_code_a_foreign_page_a_rebound_host_its_own_port_and_a_huge_ask(
) -> std::io::Result<()> {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK"))])?;
    let relay = RelayProcess::start(&["--allow-origin", PAGE])?;
    let host = format!("127.0.0.1:{}", relay.port);
    let good = ask(FireRequest::get(&endpoint.url("/pb?cid=1")).map_err(std::io::Error::other)?);
    let itself = ask(FireRequest::new(
        Method::Post,
        &format!("http://localhost:{}/relay", relay.port),
        "",
        Some("{}".into()),
    )
    .map_err(std::io::Error::other)?);
    let huge = format!("{{\"pad\":\"{}\"}}", "x".repeat(2 * 1024 * 1024));
    let code = relay.code.as_str();
    // What, the headers sent, the ask, the status, the refusal, whether the page reads it.
    type Case<'a> = (
        &'a str,
        Vec<(&'a str, &'a str)>,
        &'a str,
        u16,
        &'a str,
        bool,
    );
    let cases: [Case; 6] = [
        (
            "wrong code",
            vec![("Host", &host), ("Origin", PAGE), ("X-Relay-Code", "0123")],
            &good,
            401,
            "code",
            true,
        ),
        (
            "no code",
            vec![("Host", &host), ("Origin", PAGE)],
            &good,
            401,
            "code",
            true,
        ),
        (
            "foreign page",
            vec![
                ("Host", &host),
                ("Origin", "https://evil.example"),
                ("X-Relay-Code", code),
            ],
            &good,
            403,
            "origin",
            true,
        ),
        (
            "no origin",
            vec![("Host", &host), ("X-Relay-Code", code)],
            &good,
            403,
            "no-origin",
            false,
        ),
        (
            "rebound host",
            vec![
                ("Host", "evil.example"),
                ("Origin", PAGE),
                ("X-Relay-Code", code),
            ],
            &good,
            403,
            "host",
            false,
        ),
        (
            "its own port",
            vec![("Host", &host), ("Origin", PAGE), ("X-Relay-Code", code)],
            &itself,
            403,
            "own-port",
            true,
        ),
    ];
    for (what, headers, body, status, kind, readable) in cases {
        let (got, answer_headers, answer) =
            raw_http(relay.port, "POST", "/relay", &headers, body.as_bytes())?;
        assert_eq!(got, status, "{what}: {answer}");
        assert_eq!(refused(&answer), kind, "{what}: {answer}");
        assert_eq!(
            header(&answer_headers, "access-control-allow-origin").is_some(),
            readable,
            "{what}: the page reads the refusal only from a page origin on the right host"
        );
    }
    let (got, _, answer) = raw_http(
        relay.port,
        "POST",
        "/relay",
        &[("Host", &host), ("Origin", PAGE), ("X-Relay-Code", code)],
        huge.as_bytes(),
    )?;
    assert_eq!(
        (got, refused(&answer).as_str()),
        (413, "too-large"),
        "{answer}"
    );
    assert!(
        endpoint.requests().is_empty(),
        "nothing reached the receiver"
    );
    Ok(())
}

#[test]
fn the_relay_answers_the_browsers_preflight_itself() -> std::io::Result<()> {
    let relay = RelayProcess::start(&[])?;
    let host = format!("localhost:{}", relay.port);
    let (status, headers, _) = raw_http(
        relay.port,
        "OPTIONS",
        "/relay",
        &[
            ("Host", host.as_str()),
            ("Origin", PAGE),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "content-type,x-relay-code",
            ),
            ("Access-Control-Request-Private-Network", "true"),
        ],
        b"",
    )?;
    assert_eq!(status, 204);
    assert_eq!(header(&headers, "access-control-allow-origin"), Some(PAGE));
    assert_eq!(
        header(&headers, "access-control-allow-methods"),
        Some("POST")
    );
    assert_eq!(
        header(&headers, "access-control-allow-headers"),
        Some("content-type, x-relay-code")
    );
    assert_eq!(
        header(&headers, "access-control-allow-private-network"),
        Some("true")
    );
    Ok(())
}

#[test]
fn a_relay_port_in_use_is_said_with_what_to_do() -> std::io::Result<()> {
    let taken = std::net::TcpListener::bind("127.0.0.1:0")?;
    let port = taken.local_addr()?.port().to_string();
    let (code, _, err) = postback(&["relay", "--port", port.as_str()])?;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(&format!("port {port} is in use")), "{err}");
    assert!(err.contains("--port"), "{err}");
    let (code, _, err) = postback(&["relay", "--allow-origin", "owner.github.io"])?;
    assert_eq!(code, 2);
    assert!(err.contains("is not a page's address"), "{err}");
    Ok(())
}

#[test]
fn the_relay_follows_no_redirect_back_to_itself_and_refuses_headers_a_page_cannot_set(
) -> std::io::Result<()> {
    let relay = RelayProcess::start(&[])?;
    let back = format!("http://[::ffff:127.0.0.1]:{}/relay", relay.port);
    let endpoint = Endpoint::start([("/bounce", Route::redirect(307, &back))])?;
    let host = format!("127.0.0.1:{}", relay.port);
    let headers = [
        ("Host", host.as_str()),
        ("Origin", PAGE),
        ("X-Relay-Code", relay.code.as_str()),
    ];
    let bounce = ask(FireRequest::new(
        Method::Post,
        &endpoint.url("/bounce"),
        "",
        Some("{}".into()),
    )
    .map_err(std::io::Error::other)?);
    let (status, _, answer) = raw_http(relay.port, "POST", "/relay", &headers, bounce.as_bytes())?;
    assert_eq!(status, 200, "{answer}");
    assert!(answer.contains("BrokeOff"), "{answer}");
    assert!(answer.contains("back to the relay itself"), "{answer}");
    assert_eq!(endpoint.requests_to("/bounce").len(), 1);
    let direct = ask(FireRequest::get(&back).map_err(std::io::Error::other)?);
    let (status, _, answer) = raw_http(relay.port, "POST", "/relay", &headers, direct.as_bytes())?;
    assert_eq!(
        (status, refused(&answer).as_str()),
        (403, "own-port"),
        "{answer}"
    );
    let framed = ask(FireRequest::new(
        Method::Get,
        &endpoint.url("/bounce"),
        "Host: evil.example",
        None,
    )
    .map_err(std::io::Error::other)?);
    let (status, _, answer) = raw_http(relay.port, "POST", "/relay", &headers, framed.as_bytes())?;
    assert_eq!(
        (status, refused(&answer).as_str()),
        (400, "unreadable"),
        "{answer}"
    );
    assert_eq!(
        endpoint.requests_to("/bounce").len(),
        1,
        "nothing more sent"
    );
    Ok(())
}
