//! Phone first: at 360 px (chromedriver's mobile emulation) nothing scrolls sideways in any
//! view, before and after firing, and the verdict comes into view after a press; the same in
//! the dark theme.

use serde_json::Value;
use test_harness::{Endpoint, Route};

use crate::support::{app_url, with_phone, Browser, R};

/// Fails, naming the widest elements, when the page is wider than the screen.
async fn fits(app: &Browser, view: &str) -> R {
    let measured = app
        .client()
        .execute(
            "const d = document.documentElement; \
             const wide = [...document.querySelectorAll('body *')] \
               .filter(e => e.getBoundingClientRect().right > d.clientWidth + 1) \
               .slice(0, 5) \
               .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)); \
             return [d.scrollWidth, d.clientWidth, wide];",
            vec![],
        )
        .await?;
    let width = |i: usize| measured.get(i).and_then(Value::as_u64).unwrap_or(u64::MAX);
    assert!(
        width(0) <= width(1),
        "{view}: the page is {} px wide on a {} px screen; too wide: {}",
        width(0),
        width(1),
        measured.get(2).unwrap_or(&Value::Null)
    );
    Ok(())
}

/// Whether the element `id` is at least partly on the screen.
async fn on_screen(app: &Browser, id: &str) -> R<bool> {
    let seen = app
        .client()
        .execute(
            "const r = document.getElementById(arguments[0]).getBoundingClientRect(); \
             return r.top < window.innerHeight && r.bottom > 0;",
            vec![Value::String(id.to_owned())],
        )
        .await?;
    Ok(seen.as_bool() == Some(true))
}

async fn every_view_fits(flags: &[String], theme: &str) -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "success=true; conversion stored"))])?;
    let link = with_phone(&app_url()?, flags, async |app| {
        let dark = app
            .client()
            .execute("return matchMedia('(prefers-color-scheme: dark)').matches", vec![])
            .await?;
        assert_eq!(dark.as_bool(), Some(theme == "dark"), "the {theme} theme");
        fits(app, "the first screen").await?;
        app.fill("Platform", "Keitaro").await?;
        app.wait_page_text("values to fill").await?;
        fits(app, "a platform chosen").await?;
        let template = endpoint.url(
            "/pb?clickid={clickid}&payout={payout}&status={status}&campaign_name_that_is_long={campaign}",
        );
        app.fill_template(&template).await?;
        app.fill_macro("clickid", "Cj0KCQiA-9x2_a-very-long-click-identifier-without-spaces-1234567890")
            .await?;
        app.fill_macro("payout", "12.50").await?;
        app.fill_macro("status", "sale").await?;
        app.fill_macro("campaign", "spring").await?;
        app.fire().await?;
        app.wait_result("Answer read: HTTP 200").await?;
        app.wait_for("the verdict in view", async || {
            Ok(on_screen(app, "result-heading").await?.then_some(()))
        })
        .await?;
        fits(app, "after Fire").await?;
        app.wait_runs(1).await?;
        fits(app, "the history with a run").await?;
        app.fill(
            "Paste URLs or text",
            "https://lp.example/offer/with/a/long/path?clickid=Cj0KCQiA-9x2_very_long_value_0123456789abcdef&sub1=push&utm_source=network&utm_campaign=spring_sale_with_a_long_name",
        )
        .await?;
        app.table_rows(&["Parameter", "Value"]).await?;
        fits(app, "extract with results").await?;
        app.fill("Agreed template", "https://trk.example/pb?cid={clickid}&payout={payout}&status={status}")
            .await?;
        app.fill("Live request", "https://trk.example/pb?cid=Cj0KCQiA-9x2_very_long_value_0123456789abcdef&payout=12.50&state=sale")
            .await?;
        app.wait_page_text("Template vs live request").await?;
        fits(app, "the comparison table").await?;
        app.open_details("Share this test").await?;
        app.fill("Asked by", "Anna (AffNet)").await?;
        app.make_link("Make partner check link").await
    })
    .await?;
    let result = with_phone(&link, flags, async |app| {
        app.wait_page_text("The link says it comes from").await?;
        fits(app, "the partner view").await?;
        app.button("Fire the test postback").await?.click().await?;
        app.wait_page_text("Your part is done").await?;
        app.wait_for("the partner's verdict in view", async || {
            Ok(on_screen(app, "partner-result-heading")
                .await?
                .then_some(()))
        })
        .await?;
        fits(app, "the partner view after the press").await?;
        app.value_of("Result link").await
    })
    .await?;
    with_phone(&result, flags, async |app| {
        app.wait_page_text("Result from a partner").await?;
        fits(app, "a partner's result").await
    })
    .await
}

#[tokio::test]
async fn at_360_px_no_view_scrolls_sideways_and_the_verdict_comes_into_view() -> R {
    every_view_fits(&[], "light").await
}

#[tokio::test]
async fn at_360_px_in_the_dark_theme_no_view_scrolls_sideways() -> R {
    every_view_fits(
        &["--blink-settings=preferredColorScheme=0".to_owned()],
        "dark",
    )
    .await
}
