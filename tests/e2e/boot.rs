//! The app boots from the release build with no console error and no failed request, under the
//! same path GitHub Pages serves it from.

use test_harness::Site;

use crate::support::{dist, with_app, with_page, PREFIX, R};

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

#[tokio::test]
async fn every_script_the_page_starts_with_is_preloaded_so_none_waits_for_another() -> R {
    // The app's module imports the split's loader: without a preload of its own, the browser
    // asks for it only once the app's module has arrived, one round trip later.
    let site = Site::start(dist()?, PREFIX)?;
    with_page(&site.url(), async |app| {
        app.field("Paste URLs or text").await?;
        let errors = app.console_errors().await?;
        assert!(
            errors.is_empty(),
            "a preload that does not match its file is a console error: {errors:#?}"
        );
        Ok(())
    })
    .await?;
    let index = std::fs::read_to_string(dist()?.join("index.html"))?;
    let scripts: Vec<String> = site
        .served()
        .into_iter()
        .map(|s| s.path)
        .filter(|p| p.ends_with(".js") && !p.ends_with("/sw.js"))
        .collect();
    assert!(
        scripts.len() >= 2,
        "expected the app's module and the split's loader: {scripts:?}"
    );
    for script in &scripts {
        assert!(
            index.contains(&format!("<link rel=\"modulepreload\" href=\"{script}\"")),
            "{script} is not preloaded: {index}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn the_page_says_it_is_opening_while_its_files_arrive_and_the_app_takes_its_place() -> R {
    // On a slow phone network the WebAssembly takes seconds: the page is not blank meanwhile.
    let index = std::fs::read_to_string(dist()?.join("index.html"))?;
    let body = index.split("<body>").nth(1).unwrap_or_default();
    assert!(body.contains("<h1>Postback Tester</h1>"), "{body}");
    assert!(body.contains("Opening the page…"), "{body}");
    let site = Site::start(dist()?, PREFIX)?;
    with_page(&site.url(), async |app| {
        app.field("Postback template").await?;
        let headings = app
            .client()
            .execute("return document.querySelectorAll('h1').length", vec![])
            .await?;
        assert_eq!(headings, 1, "one title once the app is on screen");
        let text = app.page_text().await?;
        assert!(!text.contains("Opening the page"), "{text}");
        Ok(())
    })
    .await
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

#[tokio::test]
async fn the_strict_csp_refuses_nothing_the_app_does_and_stops_an_injected_script() -> R {
    let endpoint =
        test_harness::Endpoint::start([("/pb", test_harness::Route::text(200, "{\"ok\":true}"))])?;
    let index = std::fs::read_to_string(dist()?.join("index.html"))?;
    let policy_at = index
        .find("Content-Security-Policy")
        .ok_or("no policy in index.html")?;
    assert!(
        policy_at < index.find("<script").ok_or("no script")?,
        "the policy must come before every script"
    );
    with_app(async |app| {
        // Build, fire, extract, keep and export: everything a visit does.
        app.fill_template(&endpoint.url("/pb?cid={clickid}"))
            .await?;
        app.fill_macro("clickid", "c1").await?;
        app.fire_and_wait("Answer read: HTTP 200").await?;
        app.paste(&"10.0.0.1 - - \"GET /lp?clickid=c HTTP/1.1\" 200 1\n".repeat(5_000))
            .await?;
        app.wait_page_text("Download CSV").await?;
        app.button("Markdown report").await?.click().await?;
        app.downloaded("postback-evidence.md").await?;
        let errors = app.console_errors().await?;
        assert!(errors.is_empty(), "refused or failed: {errors:#?}");
        // A script put into the page by anyone but the build does not run, and is reported.
        let ran = app
            .client()
            .execute(
                "const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; \
                 document.body.appendChild(s); return window.__ran === 1;",
                vec![],
            )
            .await?;
        assert_eq!(
            ran,
            serde_json::Value::Bool(false),
            "an injected script ran"
        );
        let errors = app.console_errors().await?;
        assert!(
            errors.iter().any(|e| e.contains("Content Security Policy")),
            "the refusal is not in the log: {errors:#?}"
        );
        Ok(())
    })
    .await
}
