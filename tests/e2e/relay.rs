//! Firing through the local relay (`postback relay`): the page reads the answer of a receiver
//! that hides it from web pages, and a wrong code or a page the relay was not started for is
//! refused in plain words, with nothing reaching the receiver.
//!
//! The page is served from 127.0.0.1, where Chromium asks no Local Network Access
//! permission; one test makes Chromium treat that address as public
//! (`--ip-address-space-overrides`), so the relay is reached only once the permission is
//! granted, as a person answering the browser's question with Allow. The question itself is
//! browser UI, which a headless test cannot show.

use test_harness::{Endpoint, Route};

use crate::support::{app_url, with_app, LocalRelay, R};

/// The page's origin, as the relay must be told it.
fn page_origin() -> R<String> {
    let url = url::Url::parse(&app_url()?)?;
    Ok(url.origin().ascii_serialization())
}

#[tokio::test]
async fn the_page_fires_through_the_relay_and_reads_an_answer_the_browser_would_hide() -> R {
    let endpoint = Endpoint::start([(
        "/nocors",
        Route::text(200, "OK: conversion 42 stored")
            .without_cors()
            .header("X-Receiver", "r1"),
    )])?;
    let origin = page_origin()?;
    let relay = LocalRelay::start(&["--allow-origin", &origin])?;
    with_app(async |app| {
        app.fill_template(&endpoint.url("/nocors?cid={clickid}"))
            .await?;
        app.fill_macro("clickid", "abc").await?;
        app.use_relay(&relay, &relay.code).await?;
        // The command to start it names this page's own address.
        app.wait_page_text(&format!("postback relay --allow-origin {origin}"))
            .await?;
        app.fire().await?;
        let result = app
            .wait_result("Answer read through the local relay: HTTP 200 OK")
            .await?;
        assert!(result.contains("OK: conversion 42 stored"), "{result}");
        assert!(result.contains("Headers the receiver sent"), "{result}");
        assert!(result.contains("x-receiver"), "every header: {result}");
        Ok(())
    })
    .await?;
    assert_eq!(endpoint.requests_to("/nocors").len(), 1, "fired once");
    Ok(())
}

#[tokio::test]
async fn a_wrong_code_and_a_page_the_relay_was_not_started_for_are_refused_and_nothing_is_sent() -> R
{
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK"))])?;
    let mine = LocalRelay::start(&["--allow-origin", &page_origin()?])?;
    let theirs = LocalRelay::start(&["--allow-origin", "https://owner.github.io"])?;
    with_app(async |app| {
        app.fill_template(&endpoint.url("/pb?cid=1")).await?;
        app.use_relay(&mine, "0123456789abcdef0123456789abcdef")
            .await?;
        app.fire().await?;
        let result = app
            .wait_result("The relay code is missing or wrong")
            .await?;
        assert!(result.contains("Not sent"), "{result}");
        assert!(
            result.contains("Copy the code the relay printed"),
            "{result}"
        );
        app.use_relay(&theirs, &theirs.code).await?;
        app.fire().await?;
        let result = app
            .wait_result(&format!(
                "The relay does not accept pages from {}",
                page_origin()?
            ))
            .await?;
        assert!(
            result.contains("start it again with the command shown"),
            "{result}"
        );
        Ok(())
    })
    .await?;
    assert!(
        endpoint.requests().is_empty(),
        "nothing reached the receiver"
    );
    Ok(())
}

#[tokio::test]
async fn a_public_page_reaches_the_relay_only_once_the_browser_is_allowed_to() -> R {
    let endpoint = Endpoint::start([("/nocors", Route::text(200, "OK").without_cors())])?;
    let origin = page_origin()?;
    let relay = LocalRelay::start(&["--allow-origin", &origin])?;
    let host = origin.trim_start_matches("http://").to_owned();
    // Chromium treats the page's address as a public one, as if it came from the internet:
    // reaching 127.0.0.1 from it needs the Local Network Access permission.
    let flags = [format!("--ip-address-space-overrides={host}=public")];
    crate::support::with_page_flags(&app_url()?, &flags, async |app| {
        app.fill_template(&endpoint.url("/nocors?cid=1")).await?;
        app.use_relay(&relay, &relay.code).await?;
        app.fire().await?;
        let refused = app.wait_result("The relay does not answer at").await?;
        assert!(refused.contains("if the browser asks"), "{refused}");
        assert!(endpoint.requests().is_empty());
        // Answering the browser's question with Allow.
        app.grant("loopback-network").await?;
        app.fire().await?;
        app.wait_result("Answer read through the local relay: HTTP 200 OK")
            .await?;
        Ok(())
    })
    .await?;
    assert_eq!(
        endpoint.requests_to("/nocors").len(),
        1,
        "fired once, once allowed"
    );
    Ok(())
}
