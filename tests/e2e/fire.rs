//! Firing: one request per press, and a verdict that says what the browser let the page see.

use std::time::Duration;

use fantoccini::Locator;
use test_harness::{Endpoint, Route};

use crate::support::{free_port, with_app, R};

#[tokio::test]
async fn an_endpoint_with_cors_shows_its_status_and_body() -> R {
    let endpoint =
        Endpoint::start([("/cors", Route::text(202, "success=true; conversion stored"))])?;
    with_app(async |app| {
        app.fill("Postback template", &endpoint.url("/cors?cid={clickid}"))
            .await?;
        app.fill("clickid", "abc").await?;
        app.button("Fire").await?.click().await?;
        let result = app
            .wait_region_text("Result", "Answer read: HTTP 202")
            .await?;
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
        app.fill("Postback template", &endpoint.url("/nocors?cid=1"))
            .await?;
        app.button("Fire").await?.click().await?;
        let result = app
            .wait_region_text("Result", "Sent, but the browser hid the answer")
            .await?;
        assert!(result.contains("may have been recorded"), "{result}");
        // Give a wrongly automatic second attempt the time to show up.
        tokio::time::sleep(Duration::from_millis(500)).await;
        Ok(())
    })
    .await?;
    let arrived = endpoint.requests_to("/nocors");
    assert_eq!(arrived.len(), 1, "{arrived:#?}");
    assert_eq!(arrived[0].method, "GET");
    assert_eq!(arrived[0].header("cookie"), None);
    assert_eq!(arrived[0].header("referer"), None);
    Ok(())
}

#[tokio::test]
async fn an_html_body_is_shown_as_text_and_never_runs() -> R {
    let hostile =
        r#"<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>"#;
    let endpoint = Endpoint::start([("/html", Route::html(200, hostile))])?;
    with_app(async |app| {
        app.fill("Postback template", &endpoint.url("/html"))
            .await?;
        app.button("Fire").await?.click().await?;
        let result = app.wait_region_text("Result", "HTTP 200").await?;
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
        app.fill("Postback template", "trk.example/postback?cid={clickid}")
            .await?;
        app.button("Fire").await?.click().await?;
        let result = app.wait_region_text("Result", "Not sent").await?;
        assert!(result.contains("relative URL without a base"), "{result}");
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
        app.button("Fire").await?.click().await?;
        let result = app
            .wait_region_text("Result", "wrong address or a server that is down")
            .await?;
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
