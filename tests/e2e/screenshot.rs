//! The README's screenshots, taken from the real app after real input, at 1280 px, on a 360 px
//! phone and in the dark theme. They are not part of the test command: `scripts/screenshot`
//! runs them (`--ignored`) with `SCREENSHOT_DIR=docs`; without it they write under target/e2e/.

use std::path::PathBuf;

use test_harness::{Endpoint, Route};

use crate::support::{app_url, har, with_app, with_page_flags, with_phone, R};

fn save(name: &str, png: Vec<u8>) -> R {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let dir = std::env::var_os("SCREENSHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/e2e"));
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(name), png)?;
    Ok(())
}

#[tokio::test]
#[ignore = "makes the README's screenshots: run by scripts/screenshot"]
async fn a_screenshot_of_a_built_and_fired_postback_is_saved() -> R {
    let endpoint = Endpoint::start([("/postback", Route::text(200, "success=true;"))])?;
    let png = with_app(async |app| {
        app.client().set_window_size(1280, 1250).await?;
        let template = endpoint.url("/postback?cid={clickid}&payout={payout}&status={status}");
        app.fill_template(&template).await?;
        app.fill_macro("clickid", "Cj0KCQiA-9x2&test").await?;
        app.fill_macro("payout", "12.50").await?;
        app.fill_macro("status", "sale").await?;
        app.fire().await?;
        app.wait_result("Answer read: HTTP 200").await?;
        app.fill(
            "Paste URLs or text",
            "https://lp.example/offer?clickid=Cj0KCQiA-9x2&sub1=push&utm_source=network",
        )
        .await?;
        app.table_rows(&["Parameter", "Value"]).await?;
        app.client()
            .execute("window.scrollTo(0, 0)", vec![])
            .await?;
        Ok(app.client().screenshot().await?)
    })
    .await?;
    save("screenshot.png", png)
}

#[tokio::test]
#[ignore = "makes the README's screenshots: run by scripts/screenshot"]
async fn a_screenshot_of_the_builder_explaining_mistakes_is_saved() -> R {
    let png = with_app(async |app| {
        app.client().set_window_size(1280, 1300).await?;
        app.fill(
            "Postback template",
            "http://trk.example/a1b2c3d/postback?sub_id={subid}&payout={payout}&status={status}&tid={tid}",
        )
        .await?;
        app.fill("Platform", "Keitaro").await?;
        app.fill_macro("subid", "21abc9f8e7").await?;
        app.fill_macro("payout", "1,250.00").await?;
        app.fill_macro("status", "Sale").await?;
        app.button("New ID for tid").await?.click().await?;
        app.wait_page_text("did you mean `subid`?").await?;
        app.client()
            .execute("document.getElementById('macro-payout').scrollIntoView()", vec![])
            .await?;
        Ok(app.client().screenshot().await?)
    })
    .await?;
    save("build.png", png)
}

#[tokio::test]
#[ignore = "makes the README's screenshots: run by scripts/screenshot"]
async fn a_screenshot_of_a_redirect_chain_losing_its_click_id_is_saved() -> R {
    let har = har(&[
        (
            "https://ad.example/c?gclid=Cj0KCQiA-9x2&utm_source=google&utm_campaign=spring",
            302,
            "https://trk.example/r?gclid=Cj0KCQiA-9x2&utm_source=google&utm_campaign=spring",
        ),
        (
            "https://trk.example/r?gclid=Cj0KCQiA-9x2&utm_source=google&utm_campaign=spring",
            301,
            "https://lp.example/offer?utm_source=Google&utm_campaign=spring",
        ),
        (
            "https://lp.example/offer?utm_source=Google&utm_campaign=spring",
            200,
            "",
        ),
    ]);
    let png = with_app(async |app| {
        app.client().set_window_size(1280, 1100).await?;
        app.paste(&har).await?;
        app.wait_page_text("gclid is lost at hop 3").await?;
        app.client()
            .execute(
                "document.getElementById('extract-heading').scrollIntoView()",
                vec![],
            )
            .await?;
        Ok(app.client().screenshot().await?)
    })
    .await?;
    save("extract.png", png)
}

#[tokio::test]
#[ignore = "makes the README's screenshots: run by scripts/screenshot"]
async fn a_screenshot_of_the_partner_view_on_a_phone_after_the_press_is_saved() -> R {
    let endpoint = Endpoint::start([("/postback", Route::text(200, "success=true;"))])?;
    let link = with_app(async |app| {
        app.fill_template(&endpoint.url("/postback?cid=Cj0KCQiA-9x2&payout=12.50&status=sale"))
            .await?;
        app.fill("Asked by", "Anna (AffNet)").await?;
        app.fill("Note for the partner", "The staging offer, please.")
            .await?;
        app.make_link("Make partner check link").await
    })
    .await?;
    let png = with_phone(&link, &[], async |app| {
        app.button("Fire the test postback").await?.click().await?;
        app.wait_page_text("Your part is done").await?;
        app.client()
            .execute(
                "document.querySelector('.partner-fire').scrollIntoView()",
                vec![],
            )
            .await?;
        Ok(app.client().screenshot().await?)
    })
    .await?;
    save("phone.png", png)
}

#[tokio::test]
#[ignore = "makes the README's screenshots: run by scripts/screenshot"]
async fn a_screenshot_of_the_example_fired_in_the_dark_theme_is_saved() -> R {
    let dark = ["--blink-settings=preferredColorScheme=0".to_owned()];
    let png = with_page_flags(&app_url()?, &dark, async |app| {
        app.client().set_window_size(1280, 1300).await?;
        app.button("Try an example").await?.click().await?;
        app.fire().await?;
        app.wait_result("Answer read: HTTP 200").await?;
        app.client()
            .execute("window.scrollTo(0, 0)", vec![])
            .await?;
        Ok(app.client().screenshot().await?)
    })
    .await?;
    save("dark.png", png)
}

/// A plan of three partners after its run, with the card alone in the picture.
async fn plan_card_after_a_run(app: &crate::support::Browser, width: u32) -> R<Vec<u8>> {
    use crate::plans::{open_plan, plan_file, receivers, summary};
    let endpoint = receivers()?;
    app.client().set_window_size(width, 3000).await?;
    let mut plan: serde_json::Value = serde_json::from_str(&plan_file(&endpoint))?;
    if let Some(skey) = plan.pointer_mut("/partners/0/draft/values/skey") {
        *skey = "k1".into();
    }
    open_plan(app, "shot", &plan.to_string()).await?;
    app.button("Run the plan").await?.click().await?;
    app.button("Send 16 postbacks").await?.click().await?;
    summary(app, "4 cannot tell.").await?;
    let card = app
        .client()
        .find(fantoccini::Locator::Css("section.job-plans"))
        .await?;
    Ok(card.screenshot().await?)
}

#[tokio::test]
#[ignore = "makes the README's screenshots: run by scripts/screenshot"]
async fn a_screenshot_of_a_test_plan_after_its_run_is_saved() -> R {
    let png = with_app(async |app| plan_card_after_a_run(app, 1280).await).await?;
    save("plans.png", png)
}

#[tokio::test]
#[ignore = "for review: the test plan card on a phone and in the dark theme"]
async fn screenshots_of_a_test_plan_on_a_phone_and_in_the_dark_theme_are_saved() -> R {
    let png = with_phone(&app_url()?, &[], async |app| {
        plan_card_after_a_run(app, 360).await
    })
    .await?;
    save("plans-phone.png", png)?;
    let dark = ["--blink-settings=preferredColorScheme=0".to_owned()];
    let png = with_page_flags(&app_url()?, &dark, async |app| {
        plan_card_after_a_run(app, 1280).await
    })
    .await?;
    save("plans-dark.png", png)
}

/// The Fire card after a fire through the local relay at a receiver that hides its answer
/// from web pages.
async fn fire_card_through_the_relay(app: &crate::support::Browser, width: u32) -> R<Vec<u8>> {
    let endpoint = Endpoint::start([(
        "/postback",
        Route::text(200, "OK: conversion recorded").without_cors(),
    )])?;
    let origin = url::Url::parse(&app_url()?)?.origin().ascii_serialization();
    let relay = crate::support::LocalRelay::start(&["--allow-origin", &origin])?;
    app.client().set_window_size(width, 1500).await?;
    app.fill_template(&endpoint.url("/postback?cid={clickid}&payout={payout}"))
        .await?;
    app.fill_macro("clickid", "Cj0KCQiA-9x2").await?;
    app.fill_macro("payout", "12.50").await?;
    app.use_relay(&relay, &relay.code).await?;
    app.fire().await?;
    app.wait_result("Answer read through the local relay")
        .await?;
    // The press scrolled to the verdict; the picture starts at the relay's switch.
    app.client()
        .execute(
            "document.querySelector('.relay').scrollIntoView({block: 'start', behavior: 'instant'})",
            vec![],
        )
        .await?;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    Ok(app.client().screenshot().await?)
}

#[tokio::test]
#[ignore = "makes the README's screenshots: run by scripts/screenshot"]
async fn a_screenshot_of_a_fire_through_the_local_relay_is_saved() -> R {
    let png = with_app(async |app| fire_card_through_the_relay(app, 1280).await).await?;
    save("relay.png", png)
}

#[tokio::test]
#[ignore = "for review: the relay in Fire on a phone and in the dark theme"]
async fn screenshots_of_the_local_relay_on_a_phone_and_in_the_dark_theme_are_saved() -> R {
    let png = with_phone(&app_url()?, &[], async |app| {
        fire_card_through_the_relay(app, 360).await
    })
    .await?;
    save("relay-phone.png", png)?;
    let dark = ["--blink-settings=preferredColorScheme=0".to_owned()];
    let png = with_page_flags(&app_url()?, &dark, async |app| {
        fire_card_through_the_relay(app, 1280).await
    })
    .await?;
    save("relay-dark.png", png)
}
