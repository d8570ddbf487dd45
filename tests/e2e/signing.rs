//! Signing a fire (HMAC headers, a static token) and checking a pasted signature.

use postback_core::{verify_signature, Scheme, SignContext, Verification};
use test_harness::{Endpoint, Route};

use crate::support::{with_app, R};

#[tokio::test]
async fn a_github_signature_header_arrives_after_the_preflight_and_verifies() -> R {
    let endpoint = Endpoint::start([("/hook", Route::text(200, "OK"))])?;
    let body = r#"{"click_id":"abc","payout":1.5}"#;
    with_app(async |app| {
        app.fill_template(&endpoint.url("/hook")).await?;
        app.open_details("Method, body and headers").await?;
        app.select("Method", "POST").await?;
        app.select("Body", "json").await?;
        app.fill("Body template", body).await?;
        app.open_details("Signature or token").await?;
        app.select("Signing", "github").await?;
        app.wait_page_text("Signing secret").await?;
        app.fill("Signing secret", "It's a Secret to Everybody")
            .await?;
        app.wait_page_text("the header X-Hub-Signature-256: the browser sends an OPTIONS request")
            .await?;
        app.fire().await?;
        app.wait_result("Answer read: HTTP 200").await?;
        Ok(())
    })
    .await?;
    let arrived = endpoint.requests_to("/hook");
    let methods: Vec<&str> = arrived.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(methods, ["OPTIONS", "POST"]);
    let post = &arrived[1];
    assert_eq!(post.body, body.as_bytes());
    let header = post.header("x-hub-signature-256").unwrap_or_default();
    assert_eq!(
        verify_signature(
            Scheme::GitHub,
            "It's a Secret to Everybody",
            &post.body,
            header,
            &SignContext::default()
        ),
        Ok(Verification::Match),
        "{header}"
    );
    Ok(())
}

#[tokio::test]
async fn a_static_token_joins_the_query_and_the_secret_never_reaches_storage() -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK"))])?;
    with_app(async |app| {
        app.fill_template(&endpoint.url("/pb?cid={clickid}"))
            .await?;
        app.fill_macro("clickid", "c1").await?;
        app.open_details("Signature or token").await?;
        app.select("Signing", "token").await?;
        // A name that does not say "token": the value is still kept out of storage.
        app.fill("Token parameter", "t").await?;
        app.fill("Token value", "s3cr&t").await?;
        app.wait_page_text("Goes out without asking the receiver first")
            .await?;
        app.fire().await?;
        app.wait_result("Answer read: HTTP 200").await?;
        let stored = app
            .client()
            .execute(
                "return JSON.stringify(localStorage) + JSON.stringify(sessionStorage)",
                vec![],
            )
            .await?;
        assert!(!stored.to_string().contains("s3cr"), "{stored}");
        Ok(())
    })
    .await?;
    let arrived = endpoint.requests_to("/pb");
    assert_eq!(arrived.len(), 1);
    assert_eq!(
        arrived[0].query_pairs(),
        [("cid".into(), "c1".into()), ("t".into(), "s3cr&t".into())]
    );
    Ok(())
}

#[tokio::test]
async fn a_missing_secret_is_named_before_anything_is_sent() -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK"))])?;
    with_app(async |app| {
        app.fill_template(&endpoint.url("/pb")).await?;
        app.open_details("Signature or token").await?;
        app.select("Signing", "stripe").await?;
        app.wait_page_text("No secret").await?;
        app.fire().await?;
        let result = app.wait_result("Not sent").await?;
        assert!(result.contains("Paste the signing secret"), "{result}");
        Ok(())
    })
    .await?;
    assert!(endpoint.requests().is_empty());
    Ok(())
}

#[tokio::test]
async fn a_pasted_signature_is_checked_and_a_mismatch_explained() -> R {
    with_app(async |app| {
        // GitHub's published example.
        app.select("Scheme", "github").await?;
        app.fill("Signed body", "Hello, World!").await?;
        app.fill("Secret", "It's a Secret to Everybody").await?;
        app.fill(
            "Signature header",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        )
        .await?;
        app.wait_region_text("Signature check", "The signature matches")
            .await?;
        app.fill("Signed body", "Hello, World!\n").await?;
        let text = app
            .wait_region_text("Signature check", "The signature does not match")
            .await?;
        assert!(text.contains("trailing newline"), "{text}");
        app.fill(
            "Signature header",
            "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        )
        .await?;
        app.fill("Signed body", "Hello, World!").await?;
        app.wait_region_text("Signature check", "prefix is missing")
            .await?;
        app.select("Scheme", "standard-webhooks").await?;
        app.fill("Secret", "whsec_***not base64***").await?;
        app.fill("Timestamp (Unix seconds)", "1700000000").await?;
        let text = app
            .wait_region_text("Signature check", "not base64")
            .await?;
        assert!(text.contains("Paste the secret exactly as shown"), "{text}");
        app.fill("Timestamp (Unix seconds)", "soon").await?;
        app.wait_region_text("Signature check", "not a whole number of seconds")
            .await?;
        Ok(())
    })
    .await
}
