//! Firing: one request per press, and a verdict that says what the browser let the page see.

use std::time::Duration;

use fantoccini::Locator;
use test_harness::{Endpoint, Route, Site};

use crate::support::{dist, free_port, with_app, with_page, with_page_flags, PREFIX, R};

#[tokio::test]
async fn an_endpoint_with_cors_shows_its_status_and_body() -> R {
    let endpoint =
        Endpoint::start([("/cors", Route::text(202, "success=true; conversion stored"))])?;
    with_app(async |app| {
        app.fill_template(&endpoint.url("/cors?cid={clickid}"))
            .await?;
        app.fill_macro("clickid", "abc").await?;
        app.fire().await?;
        let result = app.wait_result("Answer read: HTTP 202").await?;
        assert!(
            result.contains("success=true; conversion stored"),
            "{result}"
        );
        assert!(
            result.contains(&format!("GET {}", endpoint.url("/cors?cid=abc"))),
            "{result}"
        );
        Ok(())
    })
    .await?;
    assert_eq!(endpoint.requests_to("/cors").len(), 1);
    Ok(())
}

#[tokio::test]
async fn an_endpoint_without_cors_is_reached_exactly_once_and_the_hidden_answer_is_explained() -> R
{
    let endpoint = Endpoint::start([("/nocors", Route::text(200, "OK").without_cors())])?;
    with_app(async |app| {
        app.fill_template(&endpoint.url("/nocors?cid=1")).await?;
        app.fire().await?;
        let result = app
            .wait_result("No readable answer: it may or may not have arrived")
            .await?;
        assert!(
            result.contains("so the postback probably arrived"),
            "{result}"
        );
        // One press tells a hidden answer from nothing there, without the postback.
        app.button("Check the address").await?.click().await?;
        app.wait_result(&format!(
            "Something answers at {}, so the postback probably arrived",
            endpoint.origin()
        ))
        .await?;
        // Give a wrongly automatic second attempt the time to show up.
        tokio::time::sleep(Duration::from_millis(500)).await;
        Ok(())
    })
    .await?;
    let checks: Vec<_> = endpoint
        .requests()
        .into_iter()
        .filter(|r| r.path == "/")
        .map(|r| r.method)
        .collect();
    assert_eq!(checks, ["HEAD"]);
    let arrived = endpoint.requests_to("/nocors");
    assert_eq!(arrived.len(), 1, "{arrived:#?}");
    assert_eq!(arrived[0].method, "GET");
    assert_eq!(arrived[0].header("cookie"), None);
    assert_eq!(arrived[0].header("referer"), None);
    Ok(())
}

#[tokio::test]
async fn a_closed_port_is_never_called_sent_and_the_address_check_says_nothing_answered() -> R {
    let port = free_port()?;
    with_app(async |app| {
        app.fill_template(&format!("http://127.0.0.1:{port}/pb?cid=1"))
            .await?;
        app.fire().await?;
        let result = app
            .wait_result("No readable answer: it may or may not have arrived")
            .await?;
        assert!(!result.contains("Sent,"), "{result}");
        // The headline is a live region, so a screen reader announces it.
        let status = app
            .client()
            .find(Locator::Css(".result [role='status'].verdict"))
            .await?;
        assert_eq!(
            status.text().await?,
            "No readable answer: it may or may not have arrived"
        );
        app.button("Check the address").await?.click().await?;
        app.wait_result(&format!(
            "Nothing answered at http://127.0.0.1:{port}, or the browser refused the connection"
        ))
        .await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn an_html_body_is_shown_as_text_and_never_runs() -> R {
    let hostile =
        r#"<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>"#;
    let endpoint = Endpoint::start([("/html", Route::html(200, hostile))])?;
    with_app(async |app| {
        app.fill_template(&endpoint.url("/html")).await?;
        app.fire().await?;
        let result = app.wait_result("HTTP 200").await?;
        assert!(result.contains(hostile), "{result}");
        let pwned = app
            .client()
            .execute("return window.__pwned === undefined", vec![])
            .await?;
        assert_eq!(pwned, serde_json::Value::Bool(true), "the body ran as HTML");
        let bold = app.client().find_all(Locator::Css(".result b")).await?;
        assert!(bold.is_empty(), "the body became elements");
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_url_that_is_not_one_is_not_sent_and_says_why() -> R {
    with_app(async |app| {
        app.fill_template("trk.example/postback?cid={clickid}")
            .await?;
        app.fire().await?;
        let result = app.wait_result("Not sent").await?;
        assert!(
            result.contains("not a full web address: it must start with https://"),
            "{result}"
        );
        assert!(
            result.contains("Start the template with https://"),
            "{result}"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn an_unreachable_address_gets_a_plain_message_and_the_page_keeps_working() -> R {
    let closed = free_port()?;
    with_app(async |app| {
        app.fill(
            "Postback template",
            &format!("http://127.0.0.1:{closed}/pb?cid=1"),
        )
        .await?;
        app.fire().await?;
        let result = app.wait_result("nothing answers at this address").await?;
        assert!(!result.to_lowercase().contains("panicked"), "{result}");
        // The page still answers input after the failure.
        app.fill(
            "Paste URLs or text",
            "https://lp.example/?clickid=still-alive",
        )
        .await?;
        app.wait_page_text("still-alive").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn the_check_before_sending_says_simple_or_preflight_and_why() -> R {
    with_app(async |app| {
        app.fill_template("https://trk.example/pb?cid=1").await?;
        app.wait_page_text(
            "Goes out without asking the receiver first (a simple request): it is sent even if the browser cannot show the answer.",
        )
        .await?;
        app.open_details("Method, body and headers").await?;
        app.fill("Headers", "X-Signature: abc").await?;
        app.wait_page_text("Asks the receiver first (a CORS preflight) because of the header X-Signature")
            .await?;
        app.fill("Headers", "Cookie: a=1").await?;
        app.wait_page_text("A browser refuses to send Cookie: it is left out.")
            .await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_failed_preflight_is_reported_as_probably_not_sent_and_only_options_arrived() -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK").without_preflight())])?;
    with_app(async |app| {
        app.fill_template(&endpoint.url("/pb?cid=1")).await?;
        app.open_details("Method, body and headers").await?;
        app.fill("Headers", "X-Signature: t=1,v1=abc").await?;
        app.fire().await?;
        let result = app
            .wait_result("Probably not sent: the receiver may not allow this request")
            .await?;
        assert!(!result.contains("may have been recorded"), "{result}");
        Ok(())
    })
    .await?;
    let methods: Vec<String> = endpoint
        .requests_to("/pb")
        .into_iter()
        .map(|r| r.method)
        .collect();
    assert_eq!(methods, ["OPTIONS"]);
    Ok(())
}

#[tokio::test]
async fn a_documented_rejection_in_a_200_body_is_read_as_rejected() -> R {
    let endpoint = Endpoint::start([("/tag.php", Route::text(200, "ERROR: Tag is invalid!"))])?;
    with_app(async |app| {
        app.fill(
            "Postback template",
            &endpoint.url("/tag.php?goal={goal}&tag={tag}"),
        )
        .await?;
        app.fill("Platform", "ExoClick").await?;
        app.fill_macro("goal", "0123456789abcdef0123456789abcdef")
            .await?;
        app.fill_macro("tag", "nope").await?;
        app.fire().await?;
        let result = app.wait_result("Rejected: Tag is invalid!").await?;
        assert!(result.contains("HTTP 200"), "{result}");
        Ok(())
    })
    .await
}

#[tokio::test]
async fn copy_as_curl_gives_a_command_that_sends_the_same_bytes() -> R {
    with_app(async |app| {
        app.fill_template("https://trk.example/pb?cid={clickid}")
            .await?;
        app.fill_macro("clickid", "it's").await?;
        app.open_details("Method, body and headers").await?;
        app.fill("Headers", "X-Token: a'b").await?;
        let copied = app
            .clipboard_after(async || {
                app.button("Copy as curl").await?.click().await?;
                app.wait_page_text("Copied.").await?;
                Ok(())
            })
            .await?;
        assert_eq!(
            copied,
            "curl -X GET 'https://trk.example/pb?cid=it%27s' -H 'X-Token: a'\\''b'"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn firing_without_reading_the_answer_arrives_once_without_the_custom_header() -> R {
    let endpoint = Endpoint::start([("/nocors", Route::text(200, "OK").without_cors())])?;
    with_app(async |app| {
        app.fill_template(&endpoint.url("/nocors?cid=1")).await?;
        app.open_details("Method, body and headers").await?;
        app.fill("Headers", "X-Custom: dropped").await?;
        app.button("Send without reading the answer")
            .await?
            .click()
            .await?;
        let result = app.wait_result("Sent without reading the answer").await?;
        assert!(result.contains("cannot be known here"), "{result}");
        Ok(())
    })
    .await?;
    let arrived = endpoint.requests_to("/nocors");
    assert_eq!(arrived.len(), 1, "{arrived:#?}");
    assert_eq!(arrived[0].method, "GET");
    assert_eq!(
        arrived[0].header("x-custom"),
        None,
        "no-cors drops custom headers"
    );
    Ok(())
}

#[tokio::test]
async fn firing_without_reading_the_answer_at_a_closed_port_says_nothing_answered() -> R {
    let closed = free_port()?;
    with_app(async |app| {
        app.fill(
            "Postback template",
            &format!("http://127.0.0.1:{closed}/pb"),
        )
        .await?;
        app.button("Send without reading the answer")
            .await?
            .click()
            .await?;
        app.wait_result("No answer came back: most likely nothing answers at this address")
            .await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_slow_receiver_times_out_with_may_have_been_delivered() -> R {
    let endpoint = Endpoint::start([(
        "/slow",
        Route::text(200, "late").delayed(Duration::from_secs(4)),
    )])?;
    with_app(async |app| {
        app.fill_template(&endpoint.url("/slow")).await?;
        app.fill("Timeout (seconds)", "1").await?;
        app.fire().await?;
        let result = app.wait_result("No answer within 1 s").await?;
        assert!(result.contains("may have been delivered"), "{result}");
        Ok(())
    })
    .await?;
    assert_eq!(endpoint.requests_to("/slow").len(), 1);
    Ok(())
}

#[tokio::test]
async fn cancel_stops_the_wait_and_says_the_request_may_have_arrived() -> R {
    let endpoint = Endpoint::start([(
        "/slow",
        Route::text(200, "late").delayed(Duration::from_secs(8)),
    )])?;
    with_app(async |app| {
        app.fill_template(&endpoint.url("/slow")).await?;
        app.fire().await?;
        app.button("Cancel").await?.click().await?;
        let result = app.wait_result("Cancelled while waiting").await?;
        assert!(
            result.contains("may have been delivered and recorded"),
            "{result}"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn error_statuses_are_answers_not_network_errors() -> R {
    let endpoint = Endpoint::start([
        ("/404", Route::text(404, "no such offer")),
        ("/429", Route::text(429, "slow down")),
        ("/500", Route::text(500, "boom")),
        ("/503", Route::text(503, "maintenance")),
    ])?;
    with_app(async |app| {
        for (path, body) in [
            ("/404", "no such offer"),
            ("/429", "slow down"),
            ("/500", "boom"),
            ("/503", "maintenance"),
        ] {
            app.fill_template(&endpoint.url(path)).await?;
            app.fire().await?;
            let code = path.trim_start_matches('/');
            let result = app
                .wait_result(&format!("Answer read: HTTP {code}"))
                .await?;
            assert!(result.contains(body), "{result}");
            assert!(
                result.contains(&format!("Not accepted: HTTP {code}")),
                "{result}"
            );
        }
        Ok(())
    })
    .await
}

#[tokio::test]
async fn json_is_pretty_printed_exposed_headers_are_listed_and_binary_gets_hex() -> R {
    let endpoint = Endpoint::start([
        (
            "/json",
            Route::json(200, r#"{"status":"ok","id":7}"#).header("X-Trace", "abc123"),
        ),
        (
            "/bin",
            Route::bytes(200, vec![0, 1, 0x41, 0x42, 0xff, 0xfe]),
        ),
    ])?;
    with_app(async |app| {
        app.fill_template(&endpoint.url("/json")).await?;
        app.fire().await?;
        let result = app.wait_result("Headers the browser exposed").await?;
        assert!(
            result.contains("\"status\": \"ok\",\n  \"id\": 7"),
            "{result}"
        );
        assert!(
            result.contains("x-trace") && result.contains("abc123"),
            "{result}"
        );
        app.fill_template(&endpoint.url("/bin")).await?;
        app.fire().await?;
        let result = app.wait_result("First bytes in hex").await?;
        assert!(result.contains("00 01 41 42 ff fe"), "{result}");
        assert!(result.contains("not valid UTF-8"), "{result}");
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_fifty_megabyte_body_is_capped_and_its_size_reported() -> R {
    let endpoint = Endpoint::start([("/big", Route::large(200, 50 * 1024 * 1024))])?;
    with_app(async |app| {
        app.fill_template(&endpoint.url("/big")).await?;
        app.fill("Timeout (seconds)", "60").await?;
        app.fire().await?;
        let result = app.wait_result("Showing the first").await?;
        assert!(
            result.contains(&format!(
                "Showing the first 262144 of {} bytes.",
                50 * 1024 * 1024
            )),
            "{result}"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_redirect_is_followed_and_the_final_url_shown() -> R {
    let endpoint = Endpoint::start([
        ("/start", Route::redirect(302, "/final?kept=1")),
        ("/final", Route::text(200, "landed")),
    ])?;
    with_app(async |app| {
        app.fill_template(&endpoint.url("/start?cid=1")).await?;
        app.fire().await?;
        let result = app.wait_result("Redirected to").await?;
        assert!(result.contains(&endpoint.url("/final?kept=1")), "{result}");
        assert!(result.contains("landed"), "{result}");
        Ok(())
    })
    .await?;
    assert_eq!(endpoint.requests_to("/start").len(), 1);
    assert_eq!(endpoint.requests_to("/final").len(), 1);
    Ok(())
}

#[tokio::test]
async fn from_an_https_page_an_http_target_is_blocked_before_sending_and_nothing_arrives() -> R {
    let site = Site::start_https(dist()?, PREFIX)?;
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK"))])?;
    let port = endpoint
        .origin()
        .rsplit(':')
        .next()
        .unwrap_or_default()
        .to_owned();
    // An http host name that is not loopback to the browser, mapped to the endpoint.
    let flags = [
        "--ignore-certificate-errors".to_owned(),
        "--host-resolver-rules=MAP tracker.test 127.0.0.1".to_owned(),
    ];
    with_page_flags(&site.url(), &flags, async |app| {
        let origin = app
            .client()
            .execute("return location.origin", vec![])
            .await?;
        assert_eq!(origin, serde_json::Value::String(site.origin()));
        app.fill(
            "Postback template",
            &format!("http://tracker.test:{port}/pb?cid=1"),
        )
        .await?;
        app.wait_page_text("Will be blocked before sending").await?;
        app.fire().await?;
        let result = app.wait_result("Blocked before sending").await?;
        assert!(!result.contains("mixed content"), "{result}");
        // The technical term waits in its disclosure.
        app.open_details("Details for the technical team").await?;
        let result = app.wait_result("Mixed content").await?;
        assert!(result.contains("copy it as curl"), "{result}");
        app.button("Send without reading the answer")
            .await?
            .click()
            .await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        app.wait_result("Blocked before sending").await?;
        Ok(())
    })
    .await?;
    assert_eq!(endpoint.requests(), []);
    // The same URL from the same app served over http does arrive: the mapping works, so the
    // silence above is the block.
    let plain = Site::start(dist()?, PREFIX)?;
    with_page_flags(&plain.url(), &flags, async |app| {
        app.fill(
            "Postback template",
            &format!("http://tracker.test:{port}/pb?cid=1"),
        )
        .await?;
        app.fire().await?;
        app.wait_result("Answer read: HTTP 200").await?;
        Ok(())
    })
    .await?;
    assert_eq!(endpoint.requests_to("/pb").len(), 1);
    Ok(())
}

#[tokio::test]
async fn a_hundred_megabyte_paste_a_large_body_and_a_header_value_with_a_line_break_are_refused(
) -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK"))])?;
    with_app(async |app| {
        app.fill_template(&endpoint.url("/pb?cid=1"))
            .await?;
        app.open_details("Method, body and headers").await?;
        app.fill("Headers", "X-Click: {clickid}").await?;
        // A click ID whose value decodes to a line break, sent to the builder from a pasted
        // URL, would start a header of its own.
        app.fill(
            "Paste URLs or text",
            "https://lp.example/?clickid=a%0AX-Injected:%201",
        )
        .await?;
        app.button("Use in builder").await?.click().await?;
        let text = app
            .wait_page_text(
                "Cannot be sent: header line 1: the value of clickid holds a line break",
            )
            .await?;
        assert!(text.contains("Write one header per line"), "{text}");
        app.fire().await?;
        app.wait_result("Not sent").await?;
        app.fill("Headers", "").await?;
        app.select("Method", "POST").await?;
        app.select("Body", "form").await?;
        app.fill("Body template", "a=1").await?;
        // A hundred megabytes pasted: refused before the text area takes it (a text area that
        // large crashes the tab), with a note; what was typed stays.
        let prevented = app
            .client()
            .execute(
                "const e = document.getElementById('body'); \
                 const data = new DataTransfer(); \
                 data.setData('text/plain', 'x'.repeat(100 * 1024 * 1024)); \
                 const paste = new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}); \
                 e.dispatchEvent(paste); return paste.defaultPrevented;",
                vec![],
            )
            .await?;
        assert_eq!(prevented, serde_json::Value::Bool(true));
        let text = app
            .wait_page_text("Not pasted: 100.0 M characters is more than a body can hold (64 K characters)")
            .await?;
        assert!(text.contains("send a large payload from a terminal"), "{text}");
        assert_eq!(app.value_of("Body template").await?, "a=1");
        // Typed or set past the limit another way, the body is refused, never dropped.
        app.client()
            .execute(
                "const e = document.getElementById('body'); \
                 e.value = 'x'.repeat(70 * 1024); \
                 e.dispatchEvent(new Event('input', {bubbles: true}));",
                vec![],
            )
            .await?;
        app.wait_page_text("Cannot be sent: the body is too large (71680 bytes)")
            .await?;
        app.fire().await?;
        let result = app.wait_result("Not sent").await?;
        assert!(result.contains("keep each under 64 KiB"), "{result}");
        assert_eq!(app.console_errors().await?, Vec::<String>::new());
        Ok(())
    })
    .await?;
    assert_eq!(endpoint.requests(), []);
    Ok(())
}

#[tokio::test]
async fn fire_a_scenario_step_and_the_partner_button_send_the_same_request_and_read_it_alike() -> R
{
    // The one fire pipeline: the same postback, signed, fired three ways, arrives three
    // times byte for byte alike and is read with the same verdict.
    let endpoint = Endpoint::start([("/tag.php", Route::text(200, "ERROR: Tag is invalid!"))])?;
    let body = r#"{"goal":"{goal}"}"#;
    let (link, fired, stepped) = with_app(async |app| {
        app.fill_template(&endpoint.url("/tag.php?goal={goal}&tag={tag}"))
            .await?;
        app.fill("Platform", "ExoClick").await?;
        app.fill_macro("goal", "0123456789abcdef0123456789abcdef")
            .await?;
        app.fill_macro("tag", "t-1").await?;
        app.open_details("Method, body and headers").await?;
        app.select("Method", "POST").await?;
        app.select("Body", "json").await?;
        app.fill("Body template", body).await?;
        app.open_details("Signature or token").await?;
        app.select("Signing", "github").await?;
        app.fill("Signing secret", "s3cr3t").await?;
        let fired = app.fire_and_wait("Rejected: Tag is invalid!").await?;
        app.open_details("Scenarios").await?;
        app.select("Scenario", "Fire once").await?;
        app.button("Fire step 1").await?.click().await?;
        let stepped = app
            .wait_for("the step's answer", async || {
                let rows = app
                    .table_rows(&["Step", "Expected", "Observed", "Match"])
                    .await?;
                let row = rows.into_iter().next().unwrap_or_default();
                Ok(row.get(3).is_some_and(|m| !m.is_empty()).then_some(row))
            })
            .await?;
        app.open_details("Share this test").await?;
        app.field("Include secrets in the link")
            .await?
            .click()
            .await?;
        app.fill("Asked by", "Anna").await?;
        let link = app.make_link("Make partner check link").await?;
        Ok((link, fired, stepped))
    })
    .await?;
    let partner = with_page(&link, async |app| {
        app.button("Fire the test postback").await?.click().await?;
        app.wait_result("Answer read: HTTP 200").await
    })
    .await?;
    let posts: Vec<_> = endpoint
        .requests_to("/tag.php")
        .into_iter()
        .filter(|r| r.method == "POST")
        .collect();
    assert_eq!(posts.len(), 3, "{posts:#?}");
    let sent = |r: &test_harness::Recorded| {
        (
            r.query.clone(),
            r.body.clone(),
            r.header("content-type").map(str::to_owned),
            r.header("x-hub-signature-256").map(str::to_owned),
        )
    };
    assert!(sent(&posts[0]).3.is_some(), "{:?}", posts[0]);
    assert_eq!(
        sent(&posts[0]),
        sent(&posts[1]),
        "Fire and the scenario step"
    );
    assert_eq!(
        sent(&posts[0]),
        sent(&posts[2]),
        "Fire and the partner's button"
    );
    // The same verdict, in each place's words.
    let headline = "Answer read: HTTP 200";
    assert!(fired.contains(headline), "{fired}");
    assert!(stepped[2].contains(headline), "{stepped:?}");
    assert!(partner.contains(headline), "{partner}");
    assert!(
        stepped[3].contains("rejected: Tag is invalid!"),
        "{stepped:?}"
    );
    Ok(())
}

#[tokio::test]
async fn every_press_reaches_the_receiver_even_when_its_answer_may_be_cached() -> R {
    // A receiver that lets caches keep its answer for ten minutes: a browser that answered
    // the second press from its cache would report an answer for a postback that never left.
    let endpoint = Endpoint::start([(
        "/pb",
        Route::text(200, "OK").header("Cache-Control", "public, max-age=600"),
    )])?;
    with_app(async |app| {
        app.fill_template(&endpoint.url("/pb?cid=1")).await?;
        app.fire_and_wait("Answer read: HTTP 200").await?;
        app.fire().await?;
        app.wait_for("the second press to arrive", async || {
            Ok((endpoint.requests_to("/pb").len() == 2).then_some(()))
        })
        .await
    })
    .await?;
    assert_eq!(endpoint.requests_to("/pb").len(), 2);
    Ok(())
}

#[tokio::test]
async fn an_endless_answer_is_read_only_to_the_display_cap_and_says_its_size_is_unknown() -> R {
    let endpoint = Endpoint::start([("/endless", Route::endless(200))])?;
    with_app(async |app| {
        app.fill_template(&endpoint.url("/endless")).await?;
        let result = app.fire_and_wait("Showing the first").await?;
        assert!(
            result.contains("Showing the first 262144 bytes; the receiver sent more"),
            "{result}"
        );
        assert!(result.contains("Answer read: HTTP 200"), "{result}");
        // The page is still there and answers input.
        app.fill_template(&endpoint.url("/endless?again=1")).await?;
        app.wait_page_text("again=1").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn try_an_example_fires_at_the_file_shipped_with_the_page_and_reads_a_real_200() -> R {
    with_app(async |app| {
        app.button("Try an example").await?.click().await?;
        app.wait_for("the example filled in", async || {
            let url = app.value_of("Postback URL").await?;
            Ok(url
                .contains("example-receiver.txt?clickid=example-click-1")
                .then_some(()))
        })
        .await?;
        let page = app.wait_page_text("Problems").await?;
        assert!(page.contains("No problems found."), "{page}");
        app.fire().await?;
        let result = app.wait_result("Answer read: HTTP 200").await?;
        assert!(
            result.contains("Postback Tester's example receiver answered"),
            "{result}"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn firing_with_a_problem_asks_once_in_the_page_and_every_record_keeps_the_problem() -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK"))])?;
    with_app(async |app| {
        app.fill_template(&endpoint.url("/pb?clickid={clickid}&payout={payout}"))
            .await?;
        app.fill_macro("clickid", "c-1").await?;
        app.fill_macro("payout", "12,50").await?;
        app.button("Fire").await?.click().await?;
        let asked = app.wait_page_text("Fire with 1 problem?").await?;
        assert!(asked.contains("12,50"), "{asked}");
        assert!(
            endpoint.requests_to("/pb").is_empty(),
            "sent before the answer"
        );
        // "Fix first" sends nothing; asked again, "Fire anyway" sends once.
        app.button("Fix first").await?.click().await?;
        app.button("Fire").await?.click().await?;
        app.button("Fire anyway").await?.click().await?;
        app.wait_result("HTTP 200").await?;
        app.wait_runs(1).await?;
        // The same problem is not asked about again.
        app.button("Fire").await?.click().await?;
        app.wait_runs(2).await?;
        app.wait_page_text("Problems at fire time:").await?;
        app.button("Markdown report").await?.click().await?;
        let report = app.downloaded("postback-evidence.md").await?;
        assert!(report.contains("Problems at fire time"), "{report}");
        assert!(report.contains("12,50"), "{report}");
        assert!(report.contains("| # | When ("), "{report}");
        Ok(())
    })
    .await?;
    assert_eq!(endpoint.requests_to("/pb").len(), 2);
    Ok(())
}

#[tokio::test]
async fn before_sending_names_the_host_a_lookalike_name_really_goes_to() -> R {
    with_app(async |app| {
        // A Cyrillic "а" in place of the Latin one: the browser sends it to punycode.
        app.fill_template("https://\u{430}pple.example/pb?cid=1")
            .await?;
        let page = app.wait_page_text("Goes to the host xn--pple-").await?;
        assert!(
            page.contains("how the browser reads the name written \u{430}pple.example"),
            "{page}"
        );
        // A name written plainly gets no such note.
        app.fill_template("https://apple.example/pb?cid=1").await?;
        app.wait_for("the note to go", async || {
            Ok((!app.page_text().await?.contains("Goes to the host")).then_some(()))
        })
        .await
    })
    .await
}
