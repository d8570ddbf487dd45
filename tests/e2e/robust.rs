//! Promises kept at the edges: a bug shows a plain message and loses nothing, a start that
//! stopped offers to start safely, crafted stored data opens, two tabs keep each other's runs,
//! data a newer version or a damaged write left is never lost, and a request goes out as the
//! page says it does.

use fantoccini::Locator;
use serde_json::Value;
use test_harness::{Endpoint, Route};

use crate::support::{har, with_app, Browser, R};

async fn stored(app: &Browser, key: &str) -> R<Option<String>> {
    let got = app
        .client()
        .execute(
            "return localStorage.getItem(arguments[0])",
            vec![Value::String(key.to_owned())],
        )
        .await?;
    Ok(got.as_str().map(str::to_owned))
}

/// Keeps `value` under `key` in the tab's own `sessionStorage`.
async fn store_in_tab(app: &Browser, key: &str, value: &str) -> R {
    set_item(app, "sessionStorage", key, value).await
}

/// Keeps `value` under `key` in the site's `localStorage`.
async fn store(app: &Browser, key: &str, value: &str) -> R {
    set_item(app, "localStorage", key, value).await
}

async fn set_item(app: &Browser, area: &str, key: &str, value: &str) -> R {
    app.client()
        .execute(
            "window[arguments[0]].setItem(arguments[1], arguments[2])",
            vec![
                Value::String(area.to_owned()),
                Value::String(key.to_owned()),
                Value::String(value.to_owned()),
            ],
        )
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_bug_shows_a_plain_message_with_a_reload_link_and_the_typed_work_survives() -> R {
    with_app(async |app| {
        app.fill_template("https://trk.example/pb?cid={clickid}&kept=1")
            .await?;
        app.fill_macro("clickid", "typed-before-the-bug").await?;
        // Give the save a moment, then stop the page the way a bug would.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        app.client()
            .execute(
                "try { window.wasmBindings.stopLikeABug(); } catch (e) {} return true;",
                vec![],
            )
            .await?;
        app.wait_page_text("Something broke. Reload — your work is saved.")
            .await?;
        let alert = app
            .client()
            .find(Locator::Css("[role='alert'].crash"))
            .await?;
        alert
            .find(Locator::LinkText("Reload the page"))
            .await?
            .click()
            .await?;
        app.wait_for("the page to come back with the typed work", async || {
            let url = app.value_of("Postback URL").await?;
            Ok(url.contains("typed-before-the-bug").then_some(()))
        })
        .await?;
        let crashes = app.client().find_all(Locator::Css(".crash")).await?;
        assert!(crashes.is_empty(), "the message stays after the reload");
        Ok(())
    })
    .await
}

#[tokio::test]
async fn after_a_start_that_stopped_the_page_offers_to_start_safely_and_keeps_the_data_aside() -> R
{
    let endpoint = Endpoint::start([("/ok", Route::text(200, "OK"))])?;
    with_app(async |app| {
        app.fire_template(&endpoint.url("/ok?first=1")).await?;
        app.wait_runs(1).await?;
        let runs = stored(app, "postback-tester:runs")
            .await?
            .unwrap_or_default();
        assert!(runs.contains("first=1"), "{runs}");
        // The last start stopped while the page opened (as a bug would leave it).
        store_in_tab(app, "postback-tester:boot", "opening").await?;
        // Another tab opening the page meanwhile is not told its start stopped.
        let (first, _) = app.open_second_tab().await?;
        app.field("Postback template").await?;
        let text = app.page_text().await?;
        assert!(!text.contains("stopped while it opened"), "{text}");
        app.client().close_window().await?;
        app.client().switch_to_window(first).await?;
        app.client().refresh().await?;
        app.wait_page_text("The page stopped while it opened last time")
            .await?;
        let fields = app.client().find_all(Locator::Id("template")).await?;
        assert!(
            fields.is_empty(),
            "the app opened before the choice was made"
        );
        // Open as usual: nothing moves.
        app.button("Open as usual").await?.click().await?;
        app.wait_runs(1).await?;
        // Once more, and this time start safely.
        store_in_tab(app, "postback-tester:boot", "opening").await?;
        app.client().refresh().await?;
        app.button("Start safely").await?.click().await?;
        app.wait_page_text("No runs yet").await?;
        assert_eq!(stored(app, "postback-tester:runs").await?, None);
        let backup: Value = serde_json::from_str(
            &stored(app, "postback-tester:backup")
                .await?
                .unwrap_or_default(),
        )?;
        assert_eq!(
            backup["items"]["postback-tester:runs"],
            Value::String(runs),
            "{backup}"
        );
        // The next start is a normal one.
        app.client().refresh().await?;
        app.field("Postback template").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn stored_runs_with_a_time_past_the_year_9999_and_huge_parts_open_without_stopping_the_page(
) -> R {
    let endpoint = Endpoint::start([("/ok", Route::text(200, "OK"))])?;
    with_app(async |app| {
        app.fire_template(&endpoint.url("/ok?a=1")).await?;
        app.wait_runs(1).await?;
        app.client()
            .execute(
                "const k = 'postback-tester:runs'; const h = JSON.parse(localStorage.getItem(k)); \
                 h.runs[0].at_ms = 253402300800000; h.runs[0].notes = Array(500).fill('n'.repeat(2000)); \
                 localStorage.setItem(k, JSON.stringify(h));",
                vec![],
            )
            .await?;
        app.client().refresh().await?;
        let runs = app.wait_runs(1).await?;
        assert!(runs[0].contains("9999-12-31 23:59:59 UTC"), "{runs:?}");
        let crashes = app.client().find_all(Locator::Css(".crash")).await?;
        assert!(crashes.is_empty());
        Ok(())
    })
    .await
}

#[tokio::test]
async fn two_tabs_that_fire_keep_each_others_runs() -> R {
    let endpoint = Endpoint::start([("/ok", Route::text(200, "OK"))])?;
    with_app(async |app| {
        let (first, second) = app.open_second_tab().await?;
        app.field("Postback template").await?;
        // Both tabs are open; each fires once.
        app.client().switch_to_window(first.clone()).await?;
        app.fire_template(&endpoint.url("/ok?tab=1")).await?;
        app.client().switch_to_window(second.clone()).await?;
        app.fire_template(&endpoint.url("/ok?tab=2")).await?;
        app.wait_runs(2).await?;
        app.client().switch_to_window(first.clone()).await?;
        app.client().refresh().await?;
        let runs = app.wait_runs(2).await?;
        assert!(runs.iter().any(|r| r.contains("tab=1")), "{runs:?}");
        assert!(runs.iter().any(|r| r.contains("tab=2")), "{runs:?}");
        // Deleting everything in one tab empties the other's list, and its next fire does not
        // write the deleted runs back.
        app.client().switch_to_window(second).await?;
        app.button("Delete all my data in this browser")
            .await?
            .click()
            .await?;
        app.button("Yes, delete").await?.click().await?;
        app.wait_runs(0).await?;
        app.client().switch_to_window(first).await?;
        app.wait_runs(0).await?;
        app.fire_template(&endpoint.url("/ok?tab=3")).await?;
        app.client().refresh().await?;
        let runs = app.wait_runs(1).await?;
        assert!(runs[0].contains("tab=3"), "{runs:?}");
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_draft_saved_by_a_newer_version_is_left_untouched_and_a_damaged_one_is_backed_up() -> R {
    with_app(async |app| {
        let newer = r#"{"v":99,"draft":{"url":"https://newer.example/"}}"#;
        store(app, "postback-tester:draft", newer).await?;
        app.client()
            .execute("sessionStorage.clear()", vec![])
            .await?;
        app.client().refresh().await?;
        app.wait_page_text("saved by a newer version (format 99) and is left untouched")
            .await?;
        app.fill_template("https://mine.example/pb?cid=1").await?;
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        assert_eq!(
            stored(app, "postback-tester:draft").await?.as_deref(),
            Some(newer)
        );
        // A damaged draft is kept in the backup before the new one replaces it.
        store(app, "postback-tester:draft", "{damaged").await?;
        app.client()
            .execute("sessionStorage.clear()", vec![])
            .await?;
        app.client().refresh().await?;
        app.wait_page_text("The saved draft could not be read")
            .await?;
        app.fill_template("https://mine.example/pb?cid=2").await?;
        app.wait_for("the new draft saved", async || {
            let draft = stored(app, "postback-tester:draft")
                .await?
                .unwrap_or_default();
            Ok(draft.contains("cid=2").then_some(()))
        })
        .await?;
        let backup: Value = serde_json::from_str(
            &stored(app, "postback-tester:backup")
                .await?
                .unwrap_or_default(),
        )?;
        assert_eq!(
            backup["items"]["postback-tester:draft"],
            Value::String("{damaged".into()),
            "{backup}"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn the_request_goes_out_as_the_page_says_and_addresses_that_change_are_refused() -> R {
    let endpoint = Endpoint::start([("/log", Route::text(200, "OK"))])?;
    let origin = endpoint.origin();
    let host = origin.trim_start_matches("http://").to_owned();
    with_app(async |app| {
        // `..` is resolved the way fetch resolves it, and the page says where it went.
        let result = app
            .fire_template(&format!("{origin}/deep/../../log?x=1"))
            .await?;
        assert!(
            result.contains(&format!("GET {origin}/log?x=1")),
            "{result}"
        );
        // A user name in the address: refused with the reason, nothing sent.
        app.fill_template(&format!("http://user:pw@{host}/log?y=1"))
            .await?;
        let result = app.fire_and_wait("Not sent").await?;
        assert!(result.contains("user name or password"), "{result}");
        // A host value that carries a path would send the request elsewhere: refused by name.
        app.fill_template("http://{host}/pb?z=1").await?;
        app.fill_macro("host", &format!("{host}/log?")).await?;
        let result = app.fire_and_wait("Not sent").await?;
        assert!(
            result.contains("The value of host holds `/`, which changes where the request goes"),
            "{result}"
        );
        // A host still waiting for its value goes nowhere: no request at all.
        app.fill_template("http://{domain}/log?w=1").await?;
        let result = app.fire_and_wait("Not sent").await?;
        assert!(result.contains("Fill domain first"), "{result}");
        // "Not sent" is an alert, announced at once.
        let alert = app
            .client()
            .find(Locator::Css(".result [role='alert'].verdict"))
            .await?;
        assert_eq!(alert.text().await?, "Not sent");
        // A header value fetch cannot carry is refused by name, and Fire works again after.
        app.fill_template(&format!("{origin}/log?v=1")).await?;
        app.open_details("Method, body and headers").await?;
        app.fill("Headers", "X-Campaign: Sommer–Sale").await?;
        let result = app.fire_and_wait("Not sent").await?;
        assert!(
            result.contains("holds `–`, which a header cannot carry"),
            "{result}"
        );
        app.fill("Headers", "X-Campaign: Sommer-Sale").await?;
        app.fire_and_wait("HTTP 200").await?;
        // An IPv4-mapped address is named as a device on the local network.
        app.fill_template("https://[::ffff:c0a8:101]/pb").await?;
        app.wait_page_text("Goes to this computer or your own network")
            .await?;
        Ok(())
    })
    .await?;
    let arrived: Vec<Option<String>> = endpoint
        .requests_to("/log")
        .into_iter()
        .filter(|r| r.method == "GET")
        .map(|r| r.query)
        .collect();
    assert_eq!(arrived, [Some("x=1".to_owned()), Some("v=1".to_owned())]);
    Ok(())
}

#[tokio::test]
async fn an_opened_file_is_read_without_passing_through_the_paste_box() -> R {
    let path = std::env::temp_dir().join(format!("pbt-open-{}.har", std::process::id()));
    std::fs::write(
        &path,
        har(&[("https://lp.example/?gclid=FromTheFile", 200, "")]),
    )?;
    let outcome = with_app(async |app| {
        app.field("Open a file (.har, .txt, .log)")
            .await?
            .send_keys(&path.display().to_string())
            .await?;
        app.wait_page_text("FromTheFile").await?;
        app.wait_page_text("From the file").await?;
        assert_eq!(app.value_of("Paste URLs or text").await?, "");
        // Typing in the box reads that instead.
        app.fill("Paste URLs or text", "https://lp.example/?clickid=typed")
            .await?;
        app.wait_page_text("typed").await?;
        Ok(())
    })
    .await;
    let _ = std::fs::remove_file(&path);
    outcome
}

#[tokio::test]
async fn a_partners_result_kept_in_the_history_is_marked_as_theirs() -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK"))])?;
    let link = with_app(async |app| {
        app.fill_template(&endpoint.url("/pb?cid=1")).await?;
        app.open_details("Share this test").await?;
        app.fill("Asked by", "Ana at Acme").await?;
        app.make_link("Make partner check link").await
    })
    .await?;
    let result_link = crate::support::with_page(&link, async |app| {
        app.button("Fire the test postback").await?.click().await?;
        app.wait_result("Answer read").await?;
        app.value_of("Result link").await
    })
    .await?;
    crate::support::with_page(&result_link, async |app| {
        app.button("Keep in history").await?.click().await?;
        app.wait_page_text("Kept in the history below.").await?;
        let runs = app.wait_runs(1).await?;
        assert!(
            runs[0].contains("From a partner's result link, for Ana at Acme"),
            "{runs:?}"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn secrets_are_kept_out_by_where_they_land_and_asked_for_again_after_a_reload() -> R {
    let endpoint = Endpoint::start([("/k", Route::text(200, "OK"))])?;
    let leaks = ["TOK123", "BEAR456", "LITERALKEY", "LITERAL2"];
    with_app(async |app| {
        let origin = endpoint.origin();
        app.fill_template(&format!(
            "{origin}/k?cid={{cid}}&token={{tk}}&api_key=LITERALKEY"
        ))
        .await?;
        app.open_details("Method, body and headers").await?;
        app.fill("Headers", "Authorization: Bearer {bearer}\nX-Api-Key: LITERAL2")
            .await?;
        app.fill_macro("cid", "c1").await?;
        app.fill_macro("tk", "TOK123").await?;
        app.fill_macro("bearer", "BEAR456").await?;
        app.fire_and_wait("HTTP 200").await?;
        app.wait_runs(1).await?;
        app.open_details("Share this test").await?;
        let link = app.make_link("Make share link").await?;
        app.button("JSON").await?.click().await?;
        let exported = app.downloaded("postback-evidence.json").await?;
        let everything = app
            .client()
            .execute(
                "return JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])",
                vec![],
            )
            .await?
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let fragment = link.split('#').nth(1).unwrap_or_default();
        let shared = postback_core::read_share_link(fragment)?;
        let shared = serde_json::to_string(&shared)?;
        for leak in leaks {
            assert!(!everything.contains(leak), "{leak} stored: {everything}");
            assert!(!exported.contains(leak), "{leak} exported: {exported}");
            assert!(!shared.contains(leak), "{leak} shared: {shared}");
        }
        // After a reload the page asks for what it left out, and shows where a typed one was.
        app.client().refresh().await?;
        app.wait_page_text("Secret left out when it was saved or shared: type it again.")
            .await?;
        app.wait_page_text("A secret typed in the template").await?;
        let template = app.value_of("Postback template").await?;
        assert!(template.ends_with("api_key=***"), "{template}");
        assert_eq!(app.value_of("cid").await?, "c1");
        assert_eq!(app.value_of("tk").await?, "");
        // And after every later reload, until it is typed again.
        app.client().refresh().await?;
        app.wait_page_text("Secret left out when it was saved or shared: type it again.")
            .await?;
        app.wait_page_text("A secret typed in the template").await?;
        Ok(())
    })
    .await?;
    let arrived: Vec<_> = endpoint
        .requests_to("/k")
        .into_iter()
        .filter(|r| r.method == "GET")
        .collect();
    assert_eq!(arrived.len(), 1);
    assert_eq!(arrived[0].header("authorization"), Some("Bearer BEAR456"));
    Ok(())
}

#[tokio::test]
async fn a_damaged_record_of_sends_is_left_alone_and_the_partner_is_told_a_reload_cannot_know() -> R
{
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK"))])?;
    with_app(async |app| {
        app.fill_template(&endpoint.url("/pb?cid=damaged")).await?;
        app.fill("Asked by", "Anna (AffNet)").await?;
        let link = app.make_link("Make partner check link").await?;
        store(app, "postback-tester:sent-links", "{damaged").await?;
        app.client().goto(&link).await?;
        app.client().refresh().await?;
        app.wait_page_text("This browser cannot keep a record of what this page sent")
            .await?;
        app.button("Fire the test postback").await?.click().await?;
        app.wait_page_text("Your part is done").await?;
        assert_eq!(endpoint.requests_to("/pb").len(), 1);
        // The damaged record is not overwritten with this tab's one send.
        assert_eq!(
            stored(app, "postback-tester:sent-links").await?.as_deref(),
            Some("{damaged")
        );
        Ok(())
    })
    .await
}
