//! axe-core (from npm, `tools/axe`) run in headless Chromium on every view: the builder, a
//! fire's result, extract with results, the history with runs, the partner view and a
//! partner's result, in the light and the dark theme. No serious or critical violation, and
//! colour contrast to WCAG AA.

use serde_json::json;
use test_harness::{Endpoint, Route};

use crate::support::{app_url, with_page_flags, Browser, R};

/// axe-core's script, as npm installed it.
fn axe_source() -> R<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tools/axe/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "cannot read {}: {e}; run scripts/setup.sh test",
            path.display()
        )
        .into()
    })
}

/// Runs axe on the page as it is, and fails naming every serious or critical violation.
async fn no_serious_violation(app: &Browser, view: &str) -> R {
    app.client()
        .execute(&format!("{}; return true;", axe_source()?), vec![])
        .await?;
    let found = app
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }) \
               .then(r => done(r.violations \
                 .filter(v => v.impact === 'serious' || v.impact === 'critical') \
                 .map(v => ({ id: v.id, impact: v.impact, help: v.help, \
                              nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary) })))) \
               .catch(e => done([{ id: 'axe-error', help: String(e) }]));",
            vec![],
        )
        .await?;
    assert_eq!(found, json!([]), "{view}: {found:#}");
    Ok(())
}

async fn every_view_is_accessible(flags: &[String], theme: &str) -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "success=true;"))])?;
    let link = with_page_flags(&app_url()?, flags, async |app| {
        let dark = app
            .client()
            .execute(
                "return matchMedia('(prefers-color-scheme: dark)').matches",
                vec![],
            )
            .await?;
        assert_eq!(dark.as_bool(), Some(theme == "dark"), "the {theme} theme");
        no_serious_violation(app, "the first screen").await?;
        app.fill("Platform", "Keitaro").await?;
        app.wait_page_text("values to fill").await?;
        no_serious_violation(app, "the builder with a platform").await?;
        app.fill_template(&endpoint.url("/pb?clickid={clickid}&payout={payout}"))
            .await?;
        app.fill_macro("clickid", "c-1").await?;
        app.fill_macro("payout", "12,50").await?;
        app.button("Fire").await?.click().await?;
        app.wait_page_text("Fire with ").await?;
        no_serious_violation(app, "the question before firing").await?;
        app.button("Fire anyway").await?.click().await?;
        app.wait_result("Answer read: HTTP 200").await?;
        app.wait_runs(1).await?;
        no_serious_violation(app, "a fire's result and the history").await?;
        app.fill(
            "Paste URLs or text",
            "https://lp.example/?clickid=abc123&sub1=x&utm_source=network",
        )
        .await?;
        app.table_rows(&["Parameter", "Value"]).await?;
        no_serious_violation(app, "extract with results").await?;
        app.fill("Asked by", "Anna (AffNet)").await?;
        app.make_link("Make partner check link").await
    })
    .await?;
    let result = with_page_flags(&link, flags, async |app| {
        app.wait_page_text("The link says it comes from").await?;
        no_serious_violation(app, "the partner view").await?;
        app.button("Fire the test postback").await?.click().await?;
        app.wait_page_text("Your part is done").await?;
        no_serious_violation(app, "the partner view after the press").await?;
        app.value_of("Result link").await
    })
    .await?;
    with_page_flags(&result, flags, async |app| {
        app.wait_page_text("Result from a partner").await?;
        no_serious_violation(app, "a partner's result").await
    })
    .await?;
    Ok(())
}

#[tokio::test]
async fn axe_finds_no_serious_violation_in_any_view_in_the_light_theme() -> R {
    every_view_is_accessible(&[], "light").await
}

#[tokio::test]
async fn axe_finds_no_serious_violation_in_any_view_in_the_dark_theme() -> R {
    every_view_is_accessible(
        &["--blink-settings=preferredColorScheme=0".to_owned()],
        "dark",
    )
    .await
}
