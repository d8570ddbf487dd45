//! Scenarios: each step is one press, and expected and observed answers stand side by side.

use std::time::Duration;

use test_harness::{Endpoint, Route};

use crate::support::{with_app, Browser, R};

const HEADERS: [&str; 4] = ["Step", "Expected", "Observed", "Match"];

async fn wait_rows(app: &Browser, row: usize, needle: &str) -> R<Vec<Vec<String>>> {
    app.wait_for(&format!("{needle:?} in step {}", row + 1), async || {
        let rows = app.table_rows(&HEADERS).await?;
        let hit = rows
            .get(row)
            .is_some_and(|cells| cells.iter().any(|c| c.contains(needle)));
        Ok(hit.then_some(rows))
    })
    .await
}

#[tokio::test]
async fn a_duplicate_answered_like_the_first_is_flagged_and_each_step_fires_once() -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK"))])?;
    with_app(async |app| {
        app.fill(
            "Postback template",
            &endpoint.url("/pb?cid={clickid}&txid={txid}"),
        )
        .await?;
        app.fill_macro("clickid", "c1").await?;
        app.fill_macro("txid", "T-1").await?;
        app.open_details("Scenarios").await?;
        app.select("Scenario", "Duplicate: the same transaction ID twice")
            .await?;
        app.button("Fire step 1").await?.click().await?;
        wait_rows(app, 0, "As expected").await?;
        // Nothing fires on its own: one press, one request.
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(endpoint.requests_to("/pb").len(), 1);
        app.button("Fire step 2").await?.click().await?;
        let rows = wait_rows(app, 1, "Not as expected").await?;
        assert!(
            rows[1][3].contains("answered exactly like the first"),
            "{rows:?}"
        );
        assert!(rows[1][2].contains("Answer read: HTTP 200"), "{rows:?}");
        Ok(())
    })
    .await?;
    let arrived = endpoint.requests_to("/pb");
    assert_eq!(arrived.len(), 2);
    assert!(arrived
        .iter()
        .all(|r| r.query.as_deref() == Some("cid=c1&txid=T-1")));
    Ok(())
}

#[tokio::test]
async fn a_negative_test_without_the_click_id_is_met_when_refused() -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(400, "missing clickid"))])?;
    with_app(async |app| {
        app.fill(
            "Postback template",
            &endpoint.url("/pb?clickid={clickid}&payout=1"),
        )
        .await?;
        app.fill_macro("clickid", "c1").await?;
        app.open_details("Scenarios").await?;
        app.select("Scenario", "Negative: no click ID").await?;
        let rows = wait_rows(app, 0, "payout=1").await?;
        assert!(!rows[0][0].contains("clickid="), "{rows:?}");
        app.button("Fire step 1").await?.click().await?;
        let rows = wait_rows(app, 0, "As expected").await?;
        assert!(rows[0][3].contains("refused with HTTP 400"), "{rows:?}");
        app.select("Scenario", "Negative: wrong token").await?;
        app.wait_page_text("No token parameter to spoil").await?;
        Ok(())
    })
    .await?;
    let arrived = endpoint.requests_to("/pb");
    assert_eq!(arrived.len(), 1);
    assert_eq!(arrived[0].query.as_deref(), Some("payout=1"));
    Ok(())
}

#[tokio::test]
async fn a_fresh_transaction_id_shown_in_a_step_is_the_one_that_arrives() -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK"))])?;
    let (first_shown, second_shown) = with_app(async |app| {
        app.fill_template(&endpoint.url("/pb?cid={clickid}&txid={txid}"))
            .await?;
        app.fill_macro("clickid", "c1").await?;
        app.fill_macro("txid", "typed").await?;
        app.open_details("Scenarios").await?;
        app.select("Scenario", "Fresh transaction ID each time")
            .await?;
        let shown = async || -> R<String> {
            let rows = wait_rows(app, 0, "txid=").await?;
            let cell = &rows[0][0];
            let at = cell.find("txid=").unwrap_or_default();
            Ok(cell
                .get(at + 5..)
                .unwrap_or_default()
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned())
        };
        let first_shown = shown().await?;
        assert_ne!(first_shown, "typed");
        app.button("Fire step 1").await?.click().await?;
        wait_rows(app, 0, "As expected").await?;
        let second_shown = shown().await?;
        assert_ne!(second_shown, first_shown, "the next press shows a new ID");
        app.button("Fire step 1").await?.click().await?;
        app.wait_for("the second fire", async || {
            Ok((endpoint.requests_to("/pb").len() == 2).then_some(()))
        })
        .await?;
        Ok((first_shown, second_shown))
    })
    .await?;
    let arrived: Vec<Option<String>> = endpoint
        .requests_to("/pb")
        .into_iter()
        .map(|r| r.query)
        .collect();
    assert_eq!(
        arrived,
        [
            Some(format!("cid=c1&txid={first_shown}")),
            Some(format!("cid=c1&txid={second_shown}")),
        ]
    );
    Ok(())
}
