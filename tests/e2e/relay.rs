//! Firing through the local relay (`postback relay`): the page reads the answer of a receiver
//! that hides it from web pages, and a wrong code or a page the relay was not started for is
//! refused in plain words, with nothing reaching the receiver.
//!
//! The page is served from 127.0.0.1, where Chromium asks no Local Network Access
//! permission; what a public page meets is documented in the README, not tested here.

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
