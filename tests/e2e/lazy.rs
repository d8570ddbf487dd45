//! The cards a first visit does not need arrive in WebAssembly parts of their own after the
//! page has started: each opens, after a reload too, with no failed request and no refusal by
//! the Content-Security-Policy; a part that cannot be fetched says so, and Try again brings it
//! once it can be.

use std::{fs, path::Path};

use test_harness::Site;

use crate::support::{dist, with_page, Browser, PREFIX, R};

/// Waits for a control of each card that arrives after start-up.
async fn every_later_card(app: &Browser) -> R {
    app.button("Make a plan from the builder").await?;
    app.field("Paste URLs or text").await?;
    app.field("Agreed template").await?;
    app.field("Signed body").await?;
    app.field("Search runs").await?;
    Ok(())
}

/// The wasm files the page has fetched, by name.
async fn fetched_wasm(app: &Browser) -> R<Vec<String>> {
    let names = app
        .client()
        .execute(
            "return performance.getEntriesByType('resource')
                .map(e => e.name.split('/').pop()).filter(n => n.endsWith('.wasm'));",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(names)?)
}

#[tokio::test]
async fn every_card_fetched_after_start_up_opens_after_a_reload_with_no_failed_request_or_refusal(
) -> R {
    let site = Site::start(dist()?, PREFIX)?;
    with_page(&site.url(), async |app| {
        every_later_card(app).await?;
        let first = fetched_wasm(app).await?;
        assert!(
            first.iter().filter(|n| n.contains("_later_")).count() >= 3,
            "the cards did not come in parts of their own: {first:?}"
        );
        app.client().refresh().await?;
        every_later_card(app).await?;
        // A refused script, style or fetch, or a part that failed, is a console error.
        let errors = app.console_errors().await?;
        assert!(errors.is_empty(), "console errors: {errors:#?}");
        Ok(())
    })
    .await?;
    for s in site.served() {
        assert!(s.status < 400, "failed request: {s:?}");
    }
    Ok(())
}

/// A copy of the release build in a folder of its own.
fn copy_of_dist(to: &Path) -> R {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(dist()?)? {
        let entry = entry?;
        fs::copy(entry.path(), to.join(entry.file_name()))?;
    }
    Ok(())
}

#[tokio::test]
async fn a_card_whose_part_cannot_be_fetched_says_so_and_try_again_brings_it() -> R {
    let dir = std::env::temp_dir().join(format!("postback-lazy-{}", std::process::id()));
    copy_of_dist(&dir)?;
    let part = fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with("_later_split_cards.wasm"))
        .ok_or("no split_cards part in dist/")?;
    let kept = dir.join("kept-aside");
    fs::rename(&part, &kept)?;
    let site = Site::start(&dir, PREFIX)?;
    // A plan link waits for the card that reads it, however late it arrives.
    let draft = postback_core::Draft {
        url: "https://trk.example/postback?cid={clickid}".to_owned(),
        ..postback_core::Draft::default()
    };
    let plan = postback_core::Plan::from_builder(
        "late",
        "Late plan",
        &draft,
        &postback_core::Signing::Off,
    );
    let link = format!("{}#{}", site.url(), postback_core::plan_link(&plan)?);
    let outcome = with_page(&link, async |app| {
        // The builder works while the part is missing.
        app.fill_template("https://trk.example/postback?cid={clickid}")
            .await?;
        let said = app
            .wait_page_text("This part of the page could not be loaded")
            .await?;
        assert!(said.contains("Try again"), "{said}");
        fs::rename(&kept, &part)?;
        // Each card of the part says it; the first one's press brings it.
        assert!(said.contains("Opening the test plan in the link"), "{said}");
        assert!(!said.contains("Opened the test plan"), "{said}");
        app.button("Try again").await?.click().await?;
        app.button("Make a plan from the builder").await?;
        app.wait_page_text("Opened the test plan Late plan: it is under Test plans below.")
            .await?;
        app.wait_page_text("Partners (1)").await?;
        Ok(())
    })
    .await;
    drop(site);
    let _ = fs::remove_dir_all(&dir);
    outcome
}
