//! The app boots from the release build with no console error and no failed request, under the
//! same path GitHub Pages serves it from.

use test_harness::Site;

use crate::support::{dist, with_page, PREFIX, R};

#[tokio::test]
async fn the_app_boots_under_the_pages_path_with_no_console_error_and_no_failed_request() -> R {
    let site = Site::start(dist()?, PREFIX)?;
    with_page(&site.url(), async |app| {
        app.field("Paste URLs or text").await?;
        app.button("Fire").await?;
        app.region("Result").await?;
        let errors = app.console_errors().await?;
        assert!(errors.is_empty(), "console errors: {errors:#?}");
        Ok(())
    })
    .await?;

    let served = site.served();
    let kinds = [".html", ".js", ".wasm", ".css"];
    for kind in kinds {
        assert!(
            served
                .iter()
                .any(|s| s.path.ends_with(kind) || (kind == ".html" && s.path.ends_with('/'))),
            "no {kind} was requested: {served:#?}"
        );
    }
    for s in &served {
        assert!(s.status < 400, "failed request: {s:?}");
        assert!(
            s.path.starts_with(&format!("{PREFIX}/")),
            "asset outside the Pages path: {s:?}"
        );
    }
    Ok(())
}

#[test]
fn every_asset_the_release_page_names_lives_under_the_pages_path() -> R {
    let index = std::fs::read_to_string(dist()?.join("index.html"))?;
    let mut found = 0;
    for attr in ["href=\"", "src=\""] {
        for (at, _) in index.match_indices(attr) {
            let value: String = index
                .get(at + attr.len()..)
                .unwrap_or_default()
                .chars()
                .take_while(|c| *c != '"')
                .collect();
            if value.starts_with("data:") {
                continue;
            }
            found += 1;
            assert!(
                value.starts_with(&format!("{PREFIX}/")),
                "{value} is outside {PREFIX}/"
            );
        }
    }
    assert!(
        found >= 3,
        "expected the js, wasm and css links, found {found}: {index}"
    );
    Ok(())
}

#[tokio::test]
async fn the_console_check_sees_an_error_the_page_logs() -> R {
    // Pins the boot test above: its "no console error" must be able to fail.
    crate::support::with_app(async |app| {
        app.client()
            .execute("console.error('planted by the test')", vec![])
            .await?;
        let errors = app.console_errors().await?;
        assert!(
            errors.iter().any(|e| e.contains("planted by the test")),
            "{errors:#?}"
        );
        Ok(())
    })
    .await
}
