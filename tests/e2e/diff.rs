//! Template vs live request: a parameter-by-parameter comparison with a one-line summary.

use crate::support::{with_app, R};

#[tokio::test]
async fn the_agreed_template_and_a_log_line_are_compared_parameter_by_parameter() -> R {
    with_app(async |app| {
        app.fill(
            "Postback template",
            "https://trk.example/pb?cid={clickid}&payout={payout}&goal=sale&e={email}",
        )
        .await?;
        app.button("Use the template from Build").await?.click().await?;
        app.fill(
            "Live request",
            "203.0.113.7 - - \"GET /pb?goal=lead&payout={payout}&e=me%2540x.example&sub=9 HTTP/1.1\" 200",
        )
        .await?;
        let text = app
            .wait_region_text("Comparison", "0 of 4 parameters as agreed")
            .await?;
        assert!(
            text.contains("cid: missing, payout: macro never replaced, goal: different value, e: encoded twice, sub: extra"),
            "{text}"
        );
        let rows = app
            .table_rows(&["Parameter", "In the template", "Arrived", "Difference"])
            .await?;
        let differences: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r[0].as_str(), r[3].as_str()))
            .collect();
        assert_eq!(
            differences,
            [
                ("cid", "missing"),
                ("payout", "macro never replaced"),
                ("goal", "different value"),
                ("e", "encoded twice"),
                ("sub", "extra"),
            ]
        );
        app.fill("Live request", "https://trk.example/pb").await?;
        app.wait_region_text("Comparison", "The live request has no query parameters")
            .await?;
        Ok(())
    })
    .await
}
