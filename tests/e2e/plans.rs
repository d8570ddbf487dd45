//! Test plans: every event for every partner in one run, against receivers on 127.0.0.1 that
//! accept, refuse and silently drop repeats; each cell is sent once, a cancelled or reloaded
//! run resumes without sending anything twice, and the JUnit file names the failures.

use std::time::Duration;

use test_harness::{Endpoint, Recorded, Route};

use crate::support::{with_app, with_page, Browser, R};

/// A plan file of three partners (ExoClick, Keitaro, and one with no platform), the first
/// three events, and every check; ExoClick's key is left to the run dialog.
pub fn plan_file(endpoint: &Endpoint) -> String {
    serde_json::json!({
        "format": "postback-plan", "v": 1, "id": "launch", "name": "Launch checklist",
        "events": ["registration", "ftd", "deposit"],
        "negatives": ["no-click-id", "wrong-token", "same-transaction-twice"],
        "partners": [
            {
                "id": "p1", "name": "Exo",
                "draft": {
                    "preset": "exoclick",
                    "url": endpoint.url("/exo/tag.php?goal={goal}&tag={tag}&skey={skey}&txid={txid}"),
                    "values": {"goal": "", "tag": "exo-tag-1", "skey": "${env:EXO_SKEY}", "txid": "T0"}
                },
                "event_param": "goal",
                "event_values": {"registration": "g-reg", "ftd": "g-ftd", "deposit": "g-dep"}
            },
            {
                "id": "p2", "name": "Keitaro",
                "draft": {
                    "preset": "keitaro",
                    "url": endpoint.url("/reject/postback?subid={subid}&status={status}&tid={tid}"),
                    "values": {"subid": "kt-1", "status": "", "tid": "T0"}
                },
                "event_param": "status",
                "event_values": {"registration": "lead", "ftd": "sale", "deposit": "rebill"}
            },
            {
                "id": "p3", "name": "Own tracker",
                "draft": {
                    "url": endpoint.url("/dedupe/pb?cid={cid}&event={event}&txid={txid}"),
                    "values": {"cid": "c3", "event": "", "txid": "T0"}
                },
                "event_param": "event",
                "event_values": {"registration": "reg", "ftd": "ftd", "deposit": "dep"}
            }
        ]
    })
    .to_string()
}

/// An ExoClick-like receiver that answers as its documentation says, one that refuses
/// everything, and one that takes everything, repeats included.
pub fn receivers() -> std::io::Result<Endpoint> {
    Endpoint::start([
        ("/exo/tag.php", Route::like_exoclick("k1")),
        ("/reject/postback", Route::text(403, "Forbidden")),
        ("/dedupe/pb", Route::text(200, "OK")),
    ])
}

pub async fn open_plan(app: &Browser, name: &str, text: &str) -> R {
    let path = std::env::temp_dir().join(format!("pbt-plan-{}-{name}.json", std::process::id()));
    std::fs::write(&path, text)?;
    app.field("Open a plan file (.json)")
        .await?
        .send_keys(&path.display().to_string())
        .await?;
    Ok(())
}

pub async fn summary(app: &Browser, needle: &str) -> R<String> {
    let last = std::sync::Mutex::new(String::new());
    let found = app
        .wait_for(&format!("the plan summary {needle:?}"), async || {
            let found = app
                .client()
                .find_all(fantoccini::Locator::Css(".plan-summary"))
                .await?;
            let Some(line) = found.into_iter().next() else {
                return Ok(None);
            };
            let text = line.text().await?;
            if let Ok(mut last) = last.lock() {
                last.clone_from(&text);
            }
            Ok(text.contains(needle).then_some(text))
        })
        .await;
    found.map_err(|e| {
        let seen = last.lock().map(|l| l.clone()).unwrap_or_default();
        format!("{e}; the summary read {seen:?}").into()
    })
}

/// The value of query parameter `key` in each request, in arrival order.
fn values(requests: &[Recorded], key: &str) -> Vec<String> {
    requests
        .iter()
        .map(|r| {
            r.query_pairs()
                .into_iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .unwrap_or_else(|| "(none)".to_owned())
        })
        .collect()
}

#[tokio::test]
async fn a_plan_of_three_partners_sends_each_cell_once_and_its_verdicts_and_junit_match() -> R {
    let endpoint = receivers()?;
    with_app(async |app| {
        open_plan(app, "launch", &plan_file(&endpoint)).await?;
        app.wait_page_text("Opened Launch checklist. Nothing was sent.")
            .await?;
        app.wait_page_text("Secrets are asked for when the plan runs: skey.")
            .await?;
        app.button("Run the plan").await?.click().await?;
        let asked = app.wait_page_text("Send 16 real postbacks").await?;
        let host = endpoint.origin().trim_start_matches("http://").to_owned();
        assert!(
            asked.contains(&format!("Send 16 real postbacks: 16 to {host}?")),
            "{asked}"
        );
        assert!(asked.contains("Still to type: Exo: skey."), "{asked}");
        // Asked once; a missing secret stops it before anything is sent.
        app.button("Send 16 postbacks").await?.click().await?;
        app.wait_page_text("No value for Exo: skey").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(endpoint.requests().len(), 0);
        app.fill("Exo: skey", "k1").await?;
        app.button("Send 16 postbacks").await?.click().await?;
        let line = summary(app, "4 cannot tell.").await?;
        assert_eq!(
            line,
            "9 of 16 met their expectation; 3 did not; 4 cannot tell."
        );
        // The receiver that refuses everything also refuses the postback without its click
        // ID: that proves nothing, so it cannot tell rather than passing.
        let keitaro = app
            .client()
            .find(fantoccini::Locator::Css("[data-cell='p2/no-click-id']"))
            .await?
            .text()
            .await?;
        assert!(keitaro.contains("Cannot tell"), "{keitaro}");
        assert!(
            keitaro.contains("so was the event's own postback"),
            "{keitaro}"
        );
        Ok(())
    })
    .await?;
    // Each cell arrived once: events, the check without the click ID, the wrong key, and the
    // repeat of the first event's transaction ID, which is the only value seen twice.
    let exo = endpoint.requests_to("/exo/tag.php");
    assert_eq!(
        values(&exo, "goal"),
        ["g-reg", "g-ftd", "g-dep", "g-reg", "g-reg", "g-reg"]
    );
    assert_eq!(
        values(&exo, "tag"),
        [
            "exo-tag-1",
            "exo-tag-1",
            "exo-tag-1",
            "(none)",
            "exo-tag-1",
            "exo-tag-1"
        ]
    );
    assert_eq!(values(&exo, "skey")[4], "wrong-token-test");
    let txids = values(&exo, "txid");
    assert_eq!(
        txids[5], txids[0],
        "the repeat sends the first event's ID: {txids:?}"
    );
    let mut fresh = txids[..3].to_vec();
    fresh.dedup();
    assert_eq!(fresh.len(), 3, "each event has its own ID: {txids:?}");
    let rejected = endpoint.requests_to("/reject/postback");
    assert_eq!(
        values(&rejected, "status"),
        ["lead", "sale", "rebill", "lead", "lead"]
    );
    assert_eq!(values(&rejected, "subid")[3], "(none)");
    let own = endpoint.requests_to("/dedupe/pb");
    assert_eq!(values(&own, "event"), ["reg", "ftd", "dep", "reg", "reg"]);
    assert_eq!(endpoint.requests().len(), 16, "no preflight, nothing twice");
    Ok(())
}

#[tokio::test]
async fn the_results_save_as_junit_with_a_failure_per_unmet_expectation_and_survive_a_reload() -> R
{
    let endpoint = receivers()?;
    with_app(async |app| {
        let mut plan: serde_json::Value = serde_json::from_str(&plan_file(&endpoint))?;
        if let Some(skey) = plan.pointer_mut("/partners/0/draft/values/skey") {
            *skey = "k1".into();
        }
        open_plan(app, "junit", &plan.to_string()).await?;
        app.button("Run the plan").await?.click().await?;
        app.button("Send 16 postbacks").await?.click().await?;
        summary(app, "4 cannot tell.").await?;
        app.button("JUnit XML").await?.click().await?;
        let xml = app.downloaded("launch-checklist-junit.xml").await?;
        let outcomes = junit_outcomes(&xml)?;
        let cases = outcomes.len();
        let skipped = outcomes.iter().filter(|o| o.contains(": skipped")).count();
        // "suite / case: failure message" as "suite: message".
        let failed: Vec<String> = outcomes
            .iter()
            .filter_map(|o| {
                let (case, message) = o.split_once(": failure ")?;
                Some(format!("{}: {message}", case.split(" / ").next()?))
            })
            .collect();
        assert_eq!(cases, 16, "{xml}");
        assert_eq!(skipped, 4, "{xml}");
        assert_eq!(
            failed,
            [
                "Keitaro: HTTP 403",
                "Keitaro: HTTP 403",
                "Keitaro: HTTP 403"
            ],
            "{xml}"
        );
        // Kept in the browser: a reload shows the results and sends nothing.
        app.client().refresh().await?;
        summary(app, "9 of 16 met their expectation").await?;
        app.button("Run again from the start").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(endpoint.requests().len(), 16);
        Ok(())
    })
    .await
}

#[tokio::test]
async fn cancel_then_resume_and_a_reload_mid_send_send_nothing_twice() -> R {
    let endpoint = Endpoint::start([(
        "/slow",
        Route::text(200, "OK").delayed(Duration::from_millis(1500)),
    )])?;
    with_app(async |app| {
        // The plan is made from the builder's postback.
        app.fill_template(&endpoint.url("/slow?cid={clickid}&event={event}&txid={txid}"))
            .await?;
        app.fill_macro("clickid", "c1").await?;
        app.fill_macro("event", "x").await?;
        app.fill_macro("txid", "T0").await?;
        app.button("Make a plan from the builder")
            .await?
            .click()
            .await?;
        app.select("Event parameter", "event").await?;
        for (label, value) in [
            ("Registration: event", "reg"),
            ("First deposit (FTD): event", "ftd"),
            ("Deposit: event", "dep"),
        ] {
            app.fill(label, value).await?;
            // Kept on change: leave the field.
            app.field(label).await?.send_keys("\t").await?;
        }
        for check in ["No click ID", "Same transaction ID twice"] {
            app.field(check).await?.click().await?;
        }
        app.button("Run the plan").await?.click().await?;
        app.button("Send 3 postbacks").await?.click().await?;
        app.wait_for("the first postback to arrive", async || {
            Ok((endpoint.requests().len() == 1).then_some(()))
        })
        .await?;
        app.button("Cancel").await?.click().await?;
        summary(
            app,
            "0 of 3 met their expectation; 1 cannot tell; 2 not reached yet.",
        )
        .await?;
        assert_eq!(endpoint.requests().len(), 1);
        app.button("Resume").await?.click().await?;
        app.wait_page_text("Send 2 real postbacks").await?;
        app.wait_page_text("1 already sent in this run: skipped.")
            .await?;
        app.button("Send 2 postbacks").await?.click().await?;
        app.wait_for("the second postback to arrive", async || {
            Ok((endpoint.requests().len() == 2).then_some(()))
        })
        .await?;
        // The page goes away while the second waits for its answer.
        app.client().refresh().await?;
        summary(
            app,
            "0 of 3 met their expectation; 1 cannot tell; 1 may have arrived; 1 not reached yet.",
        )
        .await?;
        app.wait_page_text("May have arrived").await?;
        app.button("Resume").await?.click().await?;
        let asked = app.wait_page_text("Send 1 real postback").await?;
        assert!(asked.contains("1 may have arrived: left out."), "{asked}");
        app.button("Send 1 postback").await?.click().await?;
        summary(
            app,
            "1 of 3 met their expectation; 1 cannot tell; 1 may have arrived.",
        )
        .await?;
        // Sent again only from its own press, after saying it may arrive twice.
        app.button_starting("Send again").await?.click().await?;
        app.wait_page_text("If it arrived, the receiver may count it twice.")
            .await?;
        assert_eq!(endpoint.requests().len(), 3);
        // Sent again with the transaction ID it went with, so the receiver can refuse it.
        app.button("Yes, send it again").await?.click().await?;
        summary(app, "2 of 3 met their expectation; 1 cannot tell.").await?;
        Ok(())
    })
    .await?;
    let sent = endpoint.requests();
    assert_eq!(values(&sent, "event"), ["reg", "ftd", "dep", "ftd"]);
    let txids = values(&sent, "txid");
    assert_eq!(txids[3], txids[1], "{txids:?}");
    Ok(())
}

#[tokio::test]
async fn a_partner_edited_in_the_builder_comes_back_and_bad_plan_files_change_nothing() -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK"))])?;
    with_app(async |app| {
        // An empty builder is not made into a partner.
        app.button("Make a plan from the builder")
            .await?
            .click()
            .await?;
        app.wait_page_text("The builder has no postback yet")
            .await?;
        app.fill_template(&endpoint.url("/pb?cid={clickid}&txid={txid}"))
            .await?;
        app.fill_macro("clickid", "c1").await?;
        app.button("Make a plan from the builder")
            .await?
            .click()
            .await?;
        app.wait_page_text("Partners (1)").await?;
        app.button("Add the builder's postback as a partner")
            .await?
            .click()
            .await?;
        app.wait_page_text("Partners (2)").await?;
        app.button("Edit in builder").await?.click().await?;
        app.wait_page_text("Editing Partner 1 in the builder above.")
            .await?;
        app.fill_template(&endpoint.url("/pb?cid={clickid}&txid={txid}&via=edited"))
            .await?;
        app.button("Bring back to the plan").await?.click().await?;
        app.wait_page_text("&via=edited").await?;
        // Files that are not plans, or from a newer version, are refused with a next step.
        for (name, text, said) in [
            (
                "runs",
                r#"{"format":"postback-tester-evidence","v":1,"runs":[]}"#,
                "not a Postback Tester plan",
            ),
            (
                "newer",
                r#"{"format":"postback-plan","v":9,"id":"x","name":"n"}"#,
                "made by a newer version (plan format 9)",
            ),
        ] {
            open_plan(app, name, text).await?;
            app.wait_page_text(said).await?;
        }
        app.wait_page_text("Partners (2)").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(
            endpoint.requests().is_empty(),
            "nothing is sent without Run the plan"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_plan_link_adds_the_plan_once_and_sends_nothing_and_a_cut_one_says_what_to_do() -> R {
    let endpoint = receivers()?;
    let link = with_app(async |app| {
        open_plan(app, "linked", &plan_file(&endpoint)).await?;
        app.wait_page_text("Opened Launch checklist. Nothing was sent.")
            .await?;
        app.button("Make plan link").await?.click().await?;
        app.wait_for("the plan link", async || {
            let link = app.value_of("Plan link").await?;
            Ok((!link.is_empty()).then_some(link))
        })
        .await
    })
    .await?;
    assert!(
        link.contains(&format!("#{}1.", postback_core::PLAN_KEY)),
        "{link}"
    );
    with_page(&link, async |app| {
        app.wait_page_text(
            "Opened the test plan Launch checklist: it is under Test plans below. Nothing has been sent.",
        )
        .await?;
        app.wait_page_text("Partners (3)").await?;
        // Taken in: the address no longer carries it, so a reload does not open it again.
        let address = app.client().current_url().await?;
        assert_eq!(address.fragment(), None, "{address}");
        app.client().refresh().await?;
        let text = app.wait_page_text("Partners (3)").await?;
        assert!(!text.contains("Opened the test plan"), "{text}");
        assert!(!text.contains("Launch checklist (2)"), "{text}");
        Ok(())
    })
    .await?;
    let cut = link.get(..link.len() - 12).unwrap_or_default().to_owned();
    with_page(&cut, async |app| {
        let text = app
            .wait_page_text("This link cannot be opened: the link is damaged or cut short")
            .await?;
        assert!(!text.contains("Partners ("), "no plan is kept: {text}");
        Ok(())
    })
    .await?;
    // A plan storage cannot take keeps its link in the address, for a reload to try again.
    with_app(async |app| {
        let newer = serde_json::json!({"format": "postback-plans", "v": 99, "plans": []});
        app.client()
            .execute(
                "localStorage.setItem('postback-tester:plans', arguments[0]);",
                vec![newer.to_string().into()],
            )
            .await?;
        app.client().goto(&link).await?;
        app.wait_page_text("Opened the test plan Launch checklist")
            .await?;
        app.wait_page_text("stored by a newer version of this app (format 99)")
            .await?;
        let address = app.client().current_url().await?;
        assert!(
            address
                .fragment()
                .is_some_and(|f| f.starts_with(postback_core::PLAN_KEY)),
            "{address}"
        );
        Ok(())
    })
    .await?;
    assert!(endpoint.requests().is_empty(), "a plan link sends nothing");
    Ok(())
}

#[tokio::test]
async fn a_plan_of_eleven_thousand_cells_says_how_many_and_sends_nothing_until_ticked() -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK"))])?;
    let partner = |n: usize| {
        serde_json::json!({
            "id": format!("p{n}"), "name": format!("Partner {n}"),
            "draft": {"url": endpoint.url("/pb?cid={cid}&event={event}"), "values": {"cid": format!("c{n}")}},
            "event_param": "event",
            "event_values": {"registration": "r", "ftd": "f", "deposit": "d", "qualified-deposit": "q", "trade": "t",
                             "challenge-purchase": "c", "sale": "s", "upsell": "u", "refund": "rf", "chargeback": "cb"}
        })
    };
    let plan = serde_json::json!({
        "format": "postback-plan", "v": 1, "id": "big", "name": "Every partner",
        "events": ["registration", "ftd", "deposit", "qualified-deposit", "trade", "challenge-purchase", "sale", "upsell", "refund", "chargeback"],
        "negatives": ["no-click-id", "wrong-token", "same-transaction-twice"],
        "partners": (1..=1000).map(partner).collect::<Vec<_>>(),
    });
    with_app(async |app| {
        open_plan(app, "big", &plan.to_string()).await?;
        app.wait_page_text("Opened Every partner. Nothing was sent.")
            .await?;
        app.wait_page_text("Show all 1000 partners").await?;
        app.wait_page_text("950 more partners are not shown here")
            .await?;
        app.button("Run the plan").await?.click().await?;
        let host = endpoint.origin().trim_start_matches("http://").to_owned();
        app.wait_page_text(&format!("Send 11000 real postbacks: 11000 to {host}?"))
            .await?;
        app.button("Send 11000 postbacks").await?.click().await?;
        app.wait_page_text("Tick the box to send this many postbacks")
            .await?;
        app.button("Not now").await?.click().await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(endpoint.requests().is_empty());
        Ok(())
    })
    .await
}

/// A plan of one partner of no platform whose postbacks go to `path` with the click ID
/// `cid`, firing `events` and the checks `negatives`.
fn one_partner_plan(
    endpoint: &Endpoint,
    path: &str,
    cid: &str,
    events: &[&str],
    negatives: &[&str],
) -> String {
    serde_json::json!({
        "format": "postback-plan", "v": 1, "id": "one", "name": "One partner",
        "events": events, "negatives": negatives,
        "partners": [{
            "id": "p1", "name": "Own tracker",
            "draft": {"url": endpoint.url(&format!("{path}?cid={{cid}}&event={{event}}&txid={{txid}}")),
                      "values": {"cid": cid, "event": ""}},
            "event_param": "event",
            "event_values": {"registration": "reg", "ftd": "ftd", "deposit": "dep"}
        }]
    })
    .to_string()
}

#[tokio::test]
async fn two_tabs_never_send_the_same_plan_at_the_same_time() -> R {
    let endpoint = Endpoint::start([(
        "/slow",
        Route::text(200, "OK").delayed(Duration::from_millis(1200)),
    )])?;
    let plan = one_partner_plan(
        &endpoint,
        "/slow",
        "c1",
        &["registration", "ftd", "deposit"],
        &[],
    );
    with_app(async |app| {
        open_plan(app, "tabs", &plan).await?;
        app.wait_page_text("Opened One partner.").await?;
        let (first, second) = app.open_second_tab().await?;
        app.wait_page_text("Partners (1)").await?;
        app.client().switch_to_window(first.clone()).await?;
        app.button("Run the plan").await?.click().await?;
        app.button("Send 3 postbacks").await?.click().await?;
        app.wait_for("the first postback to arrive", async || {
            Ok((!endpoint.requests().is_empty()).then_some(()))
        })
        .await?;
        // The second tab sees the run going and asks to resume it: it is refused.
        app.client().switch_to_window(second.clone()).await?;
        app.button("Resume").await?.click().await?;
        app.client()
            .find(fantoccini::Locator::Css(".plan-question button.primary"))
            .await?
            .click()
            .await?;
        app.wait_page_text("This plan is running in another tab of this browser")
            .await?;
        app.client().switch_to_window(first).await?;
        summary(app, "3 of 3 met their expectation.").await?;
        Ok(())
    })
    .await?;
    assert_eq!(values(&endpoint.requests(), "event"), ["reg", "ftd", "dep"]);
    Ok(())
}

#[tokio::test]
async fn the_question_names_what_cannot_leave_and_typing_in_the_plan_keeps_the_focus() -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK"))])?;
    let plan = one_partner_plan(
        &endpoint,
        "/pb",
        "",
        &["registration", "ftd"],
        &["no-click-id"],
    );
    with_app(async |app| {
        open_plan(app, "not-ready", &plan).await?;
        // A value typed, then Tab: kept, and the focus is on the next field.
        app.fill("Registration: event", "signup").await?;
        app.field("Registration: event")
            .await?
            .send_keys("\t")
            .await?;
        let ftd = app.field("First deposit (FTD): event").await?;
        let ftd_id = ftd.attr("id").await?.unwrap_or_default();
        app.wait_for("the focus on the next field", async || {
            Ok((app.focused().await?.0 == ftd_id).then_some(()))
        })
        .await?;
        // The first press after typing counts.
        app.fill("Plan name", "Renamed").await?;
        app.field("Deposit").await?.click().await?;
        app.wait_page_text("Deposit: event").await?;
        app.field("Deposit").await?.click().await?;
        app.button("Run the plan").await?.click().await?;
        let asked = app.wait_page_text("cannot be sent yet").await?;
        assert!(asked.contains("Send 1 real postback:"), "{asked}");
        assert!(
            asked.contains("2 cannot be sent yet, and will be listed as not sent:"),
            "{asked}"
        );
        assert!(
            asked.contains("Own tracker: Registration: The click ID of Own tracker is empty."),
            "{asked}"
        );
        // Escape closes the question; nothing is sent.
        app.client()
            .find(fantoccini::Locator::Css(".plan-question button.primary"))
            .await?
            .send_keys("\u{e00c}")
            .await?;
        app.wait_for("the question to close", async || {
            let open = app
                .client()
                .find_all(fantoccini::Locator::Css(".plan-question"))
                .await?;
            Ok(open.is_empty().then_some(()))
        })
        .await?;
        assert!(endpoint.requests().is_empty());
        app.button("Run the plan").await?.click().await?;
        app.button("Send 1 postback").await?.click().await?;
        // A receiver of no platform documents no refusal: a plain OK cannot tell.
        summary(
            app,
            "0 of 3 met their expectation; 1 cannot tell; 2 not sent.",
        )
        .await?;
        assert_eq!(app.value_of("Plan name").await?, "Renamed");
        Ok(())
    })
    .await?;
    let sent = endpoint.requests();
    assert_eq!(
        values(&sent, "cid"),
        ["(none)"],
        "only the check without a click ID"
    );
    assert_eq!(values(&sent, "event"), ["signup"]);
    Ok(())
}

#[tokio::test]
async fn the_question_sends_what_it_asked_and_a_plan_never_gets_another_plans_secret() -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK"))])?;
    let with_key = |id: &str, name: &str, key: &str| {
        serde_json::json!({
            "format": "postback-plan", "v": 1, "id": id, "name": name,
            "events": ["registration"], "negatives": [],
            "partners": [{
                "id": "p1", "name": "Own tracker",
                "draft": {"url": endpoint.url(&format!("/pb?plan={id}&cid={{cid}}&key={{key}}")),
                          "values": {"cid": "c1", "key": key}},
            }]
        })
        .to_string()
    };
    with_app(async |app| {
        // Plan A's key is typed for its run.
        open_plan(app, "a", &with_key("a", "Plan A", "${env:SHARED_KEY}")).await?;
        app.wait_page_text("Opened Plan A.").await?;
        app.button("Run the plan").await?.click().await?;
        app.fill("Own tracker: key", "secret-of-a").await?;
        // Nothing in the plan changes under its question.
        let sale = app
            .field("Sale")
            .await?
            .attr("id")
            .await?
            .unwrap_or_default();
        let locked = app
            .client()
            .execute(
                "return document.getElementById(arguments[0]).matches(':disabled');",
                vec![sale.into()],
            )
            .await?;
        assert_eq!(locked, serde_json::Value::Bool(true));
        app.button("Send 1 postback").await?.click().await?;
        summary(app, "of 1 met").await?;
        // Plan B names the same placeholder: its field starts empty.
        open_plan(app, "b", &with_key("b", "Plan B", "${env:SHARED_KEY}")).await?;
        app.wait_page_text("Opened Plan B.").await?;
        app.button("Run the plan").await?.click().await?;
        assert_eq!(app.value_of("Own tracker: key").await?, "");
        app.button("Send 1 postback").await?.click().await?;
        app.wait_page_text("No value for Own tracker: key").await?;
        Ok(())
    })
    .await?;
    assert_eq!(values(&endpoint.requests(), "key"), ["secret-of-a"]);
    Ok(())
}

/// Each test case of a JUnit report: suite, name, and its failure or skip message (or
/// "passed").
fn junit_outcomes(xml: &str) -> R<Vec<String>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut suite, mut out) = (String::new(), Vec::new());
    loop {
        match reader.read_event()? {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let attr = |name: &str| {
                    e.try_get_attribute(name)
                        .ok()
                        .flatten()
                        .and_then(|a| a.unescape_value().ok())
                        .map(|v| v.into_owned())
                        .unwrap_or_default()
                };
                match e.name().as_ref() {
                    b"testsuite" => suite = attr("name"),
                    b"testcase" => out.push(format!("{suite} / {}: passed", attr("name"))),
                    b"failure" | b"skipped" => {
                        if let Some(last) = out.last_mut() {
                            let kind = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                            *last =
                                last.replace(": passed", &format!(": {kind} {}", attr("message")));
                        }
                    }
                    _ => {}
                }
            }
            quick_xml::events::Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

#[tokio::test]
async fn a_plan_saved_in_the_page_and_run_by_the_command_line_gets_the_same_verdicts() -> R {
    let endpoint = receivers()?;
    let (page_xml, saved) = with_app(async |app| {
        open_plan(app, "same", &plan_file(&endpoint)).await?;
        app.button("Run the plan").await?.click().await?;
        app.fill("Exo: skey", "k1").await?;
        app.button("Send 16 postbacks").await?.click().await?;
        summary(app, "4 cannot tell.").await?;
        app.button("JUnit XML").await?.click().await?;
        let xml = app.downloaded("launch-checklist-junit.xml").await?;
        app.button("Save plan").await?.click().await?;
        let saved = app.downloaded("launch-checklist.json").await?;
        Ok((xml, saved))
    })
    .await?;
    assert!(
        saved.contains("${env:EXO_SKEY}"),
        "the saved plan keeps no secret: {saved}"
    );
    let dir = std::env::temp_dir().join(format!("pbt-cli-same-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("plan.json"), &saved)?;
    let run = std::process::Command::new(crate::support::postback_bin()?)
        .args(["run", "plan.json", "--junit", "cli.xml"])
        .env("EXO_SKEY", "k1")
        .current_dir(&dir)
        .output()?;
    let said = String::from_utf8_lossy(&run.stdout).into_owned();
    assert_eq!(run.status.code(), Some(1), "Keitaro refuses: {said}");
    assert_eq!(
        said.trim(),
        "9 of 16 met their expectation; 3 did not; 4 cannot tell."
    );
    let cli_xml = std::fs::read_to_string(dir.join("cli.xml"))?;
    let (page, cli) = (junit_outcomes(&page_xml)?, junit_outcomes(&cli_xml)?);
    assert_eq!(page.len(), 16);
    assert_eq!(page, cli, "the same cell by cell");
    assert_eq!(
        endpoint.requests().len(),
        32,
        "16 from the page, 16 from the command line"
    );
    Ok(())
}
