//! The README's screenshot, taken from the real app after a real fire. `scripts/screenshot`
//! runs this test with `SCREENSHOT_TO=docs/screenshot.png`; otherwise it writes under target/.

use std::path::PathBuf;

use test_harness::{Endpoint, Route};

use crate::support::{with_app, R};

#[tokio::test]
async fn a_screenshot_of_a_built_and_fired_postback_is_saved() -> R {
    let endpoint = Endpoint::start([("/postback", Route::text(200, "success=true;"))])?;
    let png = with_app(async |app| {
        app.client().set_window_size(1280, 1200).await?;
        let template = endpoint.url("/postback?cid={clickid}&payout={payout}&status={status}");
        app.fill("Postback template", &template).await?;
        app.fill("clickid", "Cj0KCQiA-9x2&test").await?;
        app.fill("payout", "12.50").await?;
        app.fill("status", "sale").await?;
        app.button("Fire").await?.click().await?;
        app.wait_region_text("Result", "Answer read: HTTP 200")
            .await?;
        app.fill(
            "Paste URLs or text",
            "https://lp.example/offer?clickid=Cj0KCQiA-9x2&sub1=push&utm_source=network",
        )
        .await?;
        app.table_rows(&["Parameter", "Value"]).await?;
        Ok(app.client().screenshot().await?)
    })
    .await?;
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let to = std::env::var_os("SCREENSHOT_TO")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/e2e/screenshot.png")
        });
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&to, png)?;
    Ok(())
}
