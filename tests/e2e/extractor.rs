//! Extracting: pasted text gives a table of every query parameter, or a plain message.

use crate::support::{with_app, R};

#[tokio::test]
async fn the_parameters_of_a_pasted_url_are_listed_with_case_and_order_kept() -> R {
    with_app(async |app| {
        app.fill(
            "Paste URLs or text",
            "Landing: https://lp.example/offer?clickid=AbC123&sub1=news%20feed&Sub1=X&gclid=Cj0KCQ",
        )
        .await?;
        let rows = app
            .wait_for("four rows", async || {
                let rows = app.table_rows(&["Parameter", "Value"]).await?;
                Ok((rows.len() == 4).then_some(rows))
            })
            .await?;
        let want = [
            ["clickid", "AbC123"],
            ["sub1", "news feed"],
            ["Sub1", "X"],
            ["gclid", "Cj0KCQ"],
        ];
        assert_eq!(rows, want.map(|r| r.map(str::to_owned).to_vec()).to_vec());
        Ok(())
    })
    .await
}

#[tokio::test]
async fn text_without_a_url_gets_a_plain_message_with_a_next_step() -> R {
    with_app(async |app| {
        app.fill("Paste URLs or text", "clickid=abc&payout=1")
            .await?;
        let page = app.wait_page_text("No url found").await?;
        assert!(page.contains("starting with http:// or https://"), "{page}");
        // The paste is kept as typed.
        assert_eq!(
            app.value_of("Paste URLs or text").await?,
            "clickid=abc&payout=1"
        );
        Ok(())
    })
    .await
}
