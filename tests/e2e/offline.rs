//! After one visit the app opens without its site: the service worker keeps the app's own
//! files (and only those, in caches of its own name), the builder, the extractor and the
//! history work, and a fire says plainly that the network is off and sends nothing.

use std::sync::Mutex;

use serde_json::Value;
use test_harness::{Endpoint, Route, Site};

use crate::support::{dist, with_page, Browser, R};

/// Every cache of the page's origin, with the URLs each holds.
async fn caches(app: &Browser) -> R<Vec<(String, Vec<String>)>> {
    let got = app
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             (async () => {
               const out = [];
               for (const name of await caches.keys()) {
                 const cache = await caches.open(name);
                 out.push([name, (await cache.keys()).map(r => r.url)]);
               }
               return out;
             })().then(done, e => done('failed: ' + e));",
            vec![],
        )
        .await?;
    let list: Vec<(String, Vec<String>)> =
        serde_json::from_value(got.clone()).map_err(|e| format!("caches read as {got}: {e}"))?;
    Ok(list)
}

/// The names of the files the release build put in `dist/`.
fn built_files() -> R<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dist()?)? {
        names.push(entry?.file_name().to_string_lossy().into_owned());
    }
    Ok(names)
}

#[tokio::test]
async fn after_one_visit_the_app_works_without_its_site_and_a_fire_says_the_network_is_off() -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK"))])?;
    let site = Site::start(dist()?, crate::support::PREFIX)?;
    let url = site.url();
    let site = Mutex::new(Some(site));
    with_page(&url, async |app| {
        // The worker has kept the app once its cache holds every file it lists.
        let kept = app
            .wait_for("the service worker to keep the app", async || {
                let ready = app
                    .client()
                    .execute_async(
                        "const done = arguments[arguments.length - 1];
                         navigator.serviceWorker.ready.then(
                           () => done(!!navigator.serviceWorker.controller), () => done(false));",
                        vec![],
                    )
                    .await?;
                let caches = caches(app).await?;
                Ok((ready == Value::Bool(true) && !caches.is_empty()).then_some(caches))
            })
            .await?;

        // Only caches named for the app, holding only the app's own files from its site.
        let files = built_files()?;
        for (name, urls) in &kept {
            // Named for the app and for this copy of it (its folder on the origin).
            assert!(
                name.starts_with(&format!("postback-tester:{}/ ", crate::support::PREFIX)),
                "a foreign cache: {name}"
            );
            for kept_url in urls {
                let file = kept_url.strip_prefix(&url).ok_or_else(|| {
                    format!("{kept_url} is not one of the app's files under {url}")
                })?;
                assert!(
                    file.is_empty() || files.iter().any(|f| f == file),
                    "{kept_url} is not a file of the build"
                );
                assert!(
                    !["sw.js", "example-receiver.txt"].contains(&file),
                    "{kept_url} must come from the network"
                );
            }
            assert!(
                urls.iter().any(|u| u.ends_with(".wasm")),
                "the app's wasm is not kept: {urls:?}"
            );
            assert!(urls.contains(&url), "the page itself is not kept: {urls:?}");
        }

        // The worker took the files the page had just downloaded from the browser's cache:
        // a first visit downloads each of the app's hashed files (its script, WebAssembly and
        // style) once, not once for the page and again for the worker.
        let served = site
            .lock()
            .map_err(|e| e.to_string())?
            .as_ref()
            .map(Site::served)
            .unwrap_or_default();
        let hashed = |path: &str| {
            [".js", ".wasm", ".css"].iter().any(|k| path.ends_with(k)) && !path.ends_with("/sw.js")
        };
        let mut downloads: Vec<&str> = served
            .iter()
            .filter(|s| s.status == 200 && hashed(&s.path))
            .map(|s| s.path.as_str())
            .collect();
        assert!(
            downloads.iter().any(|p| p.ends_with(".wasm")),
            "{served:#?}"
        );
        downloads.sort_unstable();
        let twice: Vec<&str> = downloads
            .windows(2)
            .filter(|w| w.first() == w.last())
            .filter_map(|w| w.first().copied())
            .collect();
        assert!(
            twice.is_empty(),
            "downloaded twice on a first visit: {twice:?}"
        );

        // A run in the history, made while online.
        app.fill_template(&endpoint.url("/pb?cid={clickid}"))
            .await?;
        app.fill_macro("clickid", "before-offline").await?;
        app.fire_and_wait("Answer read: HTTP 200").await?;
        app.wait_runs(1).await?;

        // The site stops; the page reloads from what the worker kept.
        drop(site.lock().map_err(|e| e.to_string())?.take());
        app.client().refresh().await?;
        app.wait_page_text("Postback Tester").await?;

        // The builder builds.
        app.fill_template("https://trk.example/postback?cid={clickid}")
            .await?;
        app.fill_macro("clickid", "offline-1").await?;
        app.wait_for("the built URL", async || {
            Ok((app.value_of("Postback URL").await?
                == "https://trk.example/postback?cid=offline-1")
                .then_some(()))
        })
        .await?;
        // The extractor reads.
        app.fill(
            "Paste URLs or text",
            "https://lp.example/offer?clickid=kept-offline&sub1=a",
        )
        .await?;
        app.wait_page_text("kept-offline").await?;
        // The history kept its run.
        let runs = app.wait_runs(1).await?;
        assert!(runs[0].contains("before-offline"), "{runs:?}");

        // With the network off, a fire says so and nothing leaves.
        app.go_offline().await?;
        app.fill_template(&endpoint.url("/pb?cid={clickid}"))
            .await?;
        app.fill_macro("clickid", "while-offline").await?;
        app.fire().await?;
        let said = app
            .wait_result("This device is offline: the postback was not sent")
            .await?;
        assert!(said.contains("Not sent"), "{said}");
        assert!(said.contains("Connect to the internet"), "{said}");
        app.wait_runs(1).await?;
        Ok(())
    })
    .await?;
    let sent: Vec<String> = endpoint
        .requests_to("/pb")
        .iter()
        .flat_map(|r| r.query_pairs())
        .map(|(_, v)| v)
        .collect();
    assert_eq!(sent, ["before-offline"]);
    Ok(())
}
