//! History: every fire is kept, survives a reload, reopens in the builder, can be searched,
//! filtered, deleted and exported; a storage that is full or refuses never stops the app.

use fantoccini::Locator;
use test_harness::{Endpoint, Route};

use crate::support::{with_app, R};

#[tokio::test]
async fn fires_are_kept_across_a_reload_reopen_in_the_builder_and_can_be_deleted() -> R {
    let endpoint = Endpoint::start([
        ("/ok", Route::text(200, "OK")),
        ("/bad", Route::text(400, "Broken clickid")),
    ])?;
    with_app(async |app| {
        app.fire_template(&endpoint.url("/ok?cid={clickid}"))
            .await?;
        app.fire_template(&endpoint.url("/bad?cid=2")).await?;
        let texts = app.wait_runs(2).await?;
        assert!(
            texts[0].contains("/bad?cid=2") && texts[0].contains("HTTP 400"),
            "{texts:?}"
        );
        assert!(texts[1].contains("/ok?cid={clickid}"), "{texts:?}");

        app.client().refresh().await?;
        app.field("Postback template").await?;
        let texts = app.wait_runs(2).await?;
        assert!(texts[0].contains("/bad?cid=2"), "{texts:?}");

        // Search and filter.
        app.fill("Search runs", "broken").await?;
        app.wait_runs(1).await?;
        app.fill("Search runs", "127.0.0.1").await?;
        app.wait_runs(2).await?;
        app.select("Filter by outcome", "success").await?;
        let texts = app.wait_runs(1).await?;
        assert!(texts[0].contains("/ok"), "{texts:?}");
        app.select("Filter by outcome", "").await?;
        app.wait_runs(2).await?;

        // The older run reopens in the builder with its template.
        let reopen = app
            .client()
            .find_all(Locator::XPath(
                "//ol[@aria-label='Runs']/li[2]//button[normalize-space()='Open in builder']",
            ))
            .await?;
        reopen[0].click().await?;
        app.wait_for("the reopened template", async || {
            let v = app.value_of("Postback template").await?;
            Ok(v.ends_with("/ok?cid={clickid}").then_some(()))
        })
        .await?;

        // Delete one, then all (with a confirmation).
        app.button("Delete").await?.click().await?;
        let texts = app.wait_runs(1).await?;
        assert!(texts[0].contains("/ok"), "{texts:?}");
        app.button("Delete all runs").await?.click().await?;
        app.button("Yes, delete").await?.click().await?;
        app.wait_runs(0).await?;
        // Saved under a Web Lock, a moment after the list changes: reload once it is stored.
        app.wait_for("the deletion stored", async || {
            let stored = app
                .client()
                .execute(
                    "const r = localStorage.getItem('postback-tester:runs'); \
                     return r === null || JSON.parse(r).runs.length === 0",
                    vec![],
                )
                .await?;
            Ok((stored.as_bool() == Some(true)).then_some(()))
        })
        .await?;
        app.client().refresh().await?;
        app.wait_page_text("No runs yet").await?;
        Ok(())
    })
    .await
}

/// Fills what is left of this origin's storage with another app's data, to the last KiB.
const FILL_STORAGE: &str = "const chunk = 'x'.repeat(1024 * 1024); let i = 0; \
     try { for (;;) { localStorage.setItem('other-app:' + i, chunk); i++; } } catch (e) {} \
     let small = 'x'.repeat(1024); \
     try { for (;;) { localStorage.setItem('other-app:s' + i, small); i++; } } catch (e) {} \
     return i;";

#[tokio::test]
async fn when_storage_fills_up_the_oldest_runs_leave_storage_but_stay_listed_in_the_tab() -> R {
    let endpoint = Endpoint::start([("/ok", Route::text(200, "OK"))])?;
    with_app(async |app| {
        for i in 1..=4 {
            app.fire_template(&endpoint.url(&format!("/ok?n={i}")))
                .await?;
            app.wait_runs(i).await?;
        }
        app.client().execute(FILL_STORAGE, vec![]).await?;
        app.fire_template(&endpoint.url("/ok?n=5")).await?;
        app.wait_page_text("the 2 oldest runs were taken out of it")
            .await?;
        app.wait_runs(5).await?;
        // The next run is stored beside the newer half; the two older ones are still listed.
        app.fire_template(&endpoint.url("/ok?n=6")).await?;
        let runs = app.wait_runs(6).await?;
        for i in 1..=6 {
            assert!(
                runs.iter().any(|r| r.contains(&format!("n={i}"))),
                "n={i}: {runs:?}"
            );
        }
        let stored = app
            .client()
            .execute(
                "return JSON.parse(localStorage.getItem('postback-tester:runs')).runs.length",
                vec![],
            )
            .await?;
        assert_eq!(stored.as_u64(), Some(4));
        Ok(())
    })
    .await
}

#[tokio::test]
async fn with_storage_full_the_app_keeps_runs_in_memory_and_says_so_once() -> R {
    let endpoint = Endpoint::start([("/ok", Route::text(200, "OK"))])?;
    with_app(async |app| {
        // Fill this origin's storage to the quota with another app's data.
        app.client()
            .execute(&format!("localStorage.clear(); {FILL_STORAGE}"), vec![])
            .await?;
        app.fire_template(&endpoint.url("/ok?a=1")).await?;
        let text = app.wait_page_text("storage for this site is full").await?;
        assert!(text.contains("Runs are kept in this tab"), "{text}");
        app.fire_template(&endpoint.url("/ok?a=2")).await?;
        app.wait_runs(2).await?;
        let body = app.client().find(Locator::Css("body")).await?.text().await?;
        assert_eq!(body.matches("storage for this site is full").count(), 1, "{body}");
        // Deleting all my data removes only this app's keys.
        app.button("Delete all my data in this browser").await?.click().await?;
        app.button("Yes, delete").await?.click().await?;
        app.wait_runs(0).await?;
        let others = app
            .client()
            .execute(
                "return Object.keys(localStorage).filter(k => k.startsWith('other-app:')).length > 0",
                vec![],
            )
            .await?;
        assert_eq!(others, serde_json::Value::Bool(true));
        app.client().execute("localStorage.clear()", vec![]).await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn runs_stored_by_a_newer_version_are_left_untouched() -> R {
    let endpoint = Endpoint::start([("/ok", Route::text(200, "OK"))])?;
    let newer = r#"{"v":99,"runs":"from the future"}"#;
    with_app(async |app| {
        app.client()
            .execute(
                "localStorage.setItem('postback-tester:runs', arguments[0]);",
                vec![serde_json::Value::String(newer.into())],
            )
            .await?;
        app.client().refresh().await?;
        app.wait_page_text("stored by a newer version (format 99) are left untouched")
            .await?;
        app.fire_template(&endpoint.url("/ok?a=1")).await?;
        app.wait_runs(1).await?;
        let stored = app
            .client()
            .execute(
                "return localStorage.getItem('postback-tester:runs')",
                vec![],
            )
            .await?;
        assert_eq!(stored, serde_json::Value::String(newer.into()));
        // Broken data is kept under the backup key and reported.
        app.client()
            .execute(
                "localStorage.setItem('postback-tester:runs', '{broken');",
                vec![],
            )
            .await?;
        app.client().refresh().await?;
        app.wait_page_text("Stored runs could not be read").await?;
        let backup = app
            .client()
            .execute(
                "return localStorage.getItem('postback-tester:backup')",
                vec![],
            )
            .await?;
        let backup: serde_json::Value = serde_json::from_str(backup.as_str().unwrap_or_default())?;
        assert_eq!(
            backup["items"]["postback-tester:runs"],
            serde_json::Value::String("{broken".into()),
            "{backup}"
        );
        app.client().execute("localStorage.clear()", vec![]).await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn export_then_import_gives_the_same_runs() -> R {
    let endpoint = Endpoint::start([("/ok", Route::text(200, "success=true;"))])?;
    with_app(async |app| {
        app.fire_template(&endpoint.url("/ok?a=1")).await?;
        app.fire_template(&endpoint.url("/ok?a=2")).await?;
        app.wait_runs(2).await?;
        let before = app.run_texts().await?;
        app.button("JSON").await?.click().await?;
        let json = app.downloaded("postback-evidence.json").await?;
        assert!(
            json.contains("\"format\": \"postback-tester-evidence\""),
            "{json}"
        );
        app.button("Markdown report").await?.click().await?;
        let md = app.downloaded("postback-evidence.md").await?;
        assert!(md.contains("## 2. Answer read: HTTP 200"), "{md}");
        app.button("Delete all runs").await?.click().await?;
        app.button("Yes, delete").await?.click().await?;
        app.wait_runs(0).await?;
        let path = std::env::temp_dir().join(format!("pbt-import-{}.json", std::process::id()));
        std::fs::write(&path, &json)?;
        app.field("Import runs (.json)")
            .await?
            .send_keys(&path.display().to_string())
            .await?;
        app.wait_page_text("Imported 2 of 2 runs").await?;
        assert_eq!(app.wait_runs(2).await?, before);
        // A file that is not ours changes nothing.
        std::fs::write(&path, r#"{"log":{"entries":[]}}"#)?;
        app.field("Import runs (.json)")
            .await?
            .send_keys(&path.display().to_string())
            .await?;
        app.wait_page_text("Not a postback tester evidence file")
            .await?;
        app.wait_runs(2).await?;
        // Fifty megabytes are refused before they are read.
        let file = std::fs::File::create(&path)?;
        file.set_len(50 * 1024 * 1024)?;
        app.field("Import runs (.json)")
            .await?
            .send_keys(&path.display().to_string())
            .await?;
        app.wait_page_text("The file is too large (52428800 bytes)")
            .await?;
        app.wait_runs(2).await?;
        let _ = std::fs::remove_file(&path);
        app.client().execute("localStorage.clear()", vec![]).await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn the_draft_survives_a_reload_and_secrets_only_when_remembered() -> R {
    with_app(async |app| {
        app.fill(
            "Postback template",
            "https://trk.example/pb?cid={clickid}&secure={secure}",
        )
        .await?;
        app.fill_macro("clickid", "keep-me").await?;
        app.fill_macro("secure", "s3cr3t").await?;
        let stored = async || -> R<String> {
            Ok(app
                .client()
                .execute("return JSON.stringify(localStorage)", vec![])
                .await?
                .to_string())
        };
        app.wait_for("the draft in storage", async || {
            Ok(stored().await?.contains("keep-me").then_some(()))
        })
        .await?;
        assert!(!stored().await?.contains("s3cr3t"));
        app.client().refresh().await?;
        app.wait_for("the restored value", async || {
            Ok((app.value_of("clickid").await? == "keep-me").then_some(()))
        })
        .await?;
        assert_eq!(app.value_of("secure").await?, "");

        app.fill_macro("secure", "s3cr3t").await?;
        app.open_details("Signature or token").await?;
        app.field("Remember secrets on this device")
            .await?
            .click()
            .await?;
        app.wait_page_text("written to this browser's storage")
            .await?;
        app.wait_for("the secret in storage", async || {
            Ok(stored().await?.contains("s3cr3t").then_some(()))
        })
        .await?;
        app.client().refresh().await?;
        app.wait_for("the remembered secret", async || {
            Ok((app.value_of("secure").await? == "s3cr3t").then_some(()))
        })
        .await?;
        app.open_details("Signature or token").await?;
        app.field("Remember secrets on this device")
            .await?
            .click()
            .await?;
        app.wait_for("the secret gone from storage", async || {
            Ok((!stored().await?.contains("s3cr3t")).then_some(()))
        })
        .await?;
        app.button("Delete all my data in this browser")
            .await?
            .click()
            .await?;
        app.button("Yes, delete").await?.click().await?;
        app.client().refresh().await?;
        app.field("Postback template").await?;
        assert!(!stored().await?.contains("keep-me"), "{}", stored().await?);
        Ok(())
    })
    .await
}
