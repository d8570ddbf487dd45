//! Building with a platform preset: the preset fills the template, hints and generators
//! appear, the lint explains mistakes and moves focus to them, and the built request arrives
//! exactly as shown.

use fantoccini::Locator;
use test_harness::{Endpoint, Route};

use crate::support::{with_app, R};

#[tokio::test]
async fn choosing_a_preset_and_filling_its_values_gives_the_documented_url() -> R {
    with_app(async |app| {
        app.fill("Platform", "Voluum").await?;
        app.wait_for("the Voluum template", async || {
            let template = app.value_of("Postback template").await?;
            Ok((template == "https://{domain}/postback?cid=REPLACE&payout=OPTIONAL&txid=OPTIONAL").then_some(()))
        })
        .await?;
        // Before a press, values not typed yet are a checklist, not errors.
        app.wait_page_text("4 values to fill: domain, cid, payout, txid")
            .await?;
        let page = app.wait_page_text("Problems").await?;
        assert!(!page.contains("is still in the URL"), "{page}");
        assert!(!page.contains("Error"), "{page}");
        app.fill_macro("domain", "voluum.example").await?;
        app.fill_macro("cid", "c384EFV6JHQODRN70575OK6UG5").await?;
        app.fill_macro("payout", "0.85").await?;
        app.fill_macro("txid", "A-1").await?;
        app.wait_for("the documented URL", async || {
            let url = app.value_of("Postback URL").await?;
            Ok((url == "https://voluum.example/postback?cid=c384EFV6JHQODRN70575OK6UG5&payout=0.85&txid=A-1").then_some(()))
        })
        .await?;
        app.wait_page_text("No problems found.").await?;
        let page = app.wait_page_text("reads the click ID from").await?;
        assert!(page.contains("Its postback documentation"), "{page}");
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_misspelled_key_is_explained_and_activating_the_problem_moves_focus_to_it() -> R {
    with_app(async |app| {
        let template = "https://trk.example/k1/postback?sub_id={subid}&payout={payout}";
        app.fill_template(template).await?;
        app.fill("Platform", "Keitaro").await?;
        app.fill_macro("subid", "abc").await?;
        app.fill_macro("payout", "1,50").await?;
        let problems = app.field_list("Problems").await?;
        let text = app
            .wait_for("both findings", async || {
                let text = problems.text().await?;
                Ok(
                    (text.contains("did you mean `subid`?") && text.contains("has a comma"))
                        .then_some(text),
                )
            })
            .await?;
        assert!(text.contains("Rename `sub_id` to `subid`."), "{text}");

        let key = problems
            .find(Locator::XPath(".//button[contains(., 'did you mean')]"))
            .await?;
        key.click().await?;
        let start = template.find("sub_id").unwrap_or_default() as u64;
        assert_eq!(
            app.focused().await?,
            ("template".to_owned(), Some((start, start + 6)))
        );

        let payout = problems
            .find(Locator::XPath(".//button[contains(., 'has a comma')]"))
            .await?;
        payout.click().await?;
        assert_eq!(app.focused().await?.0, "macro-payout");
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_preset_built_postback_with_a_generated_id_arrives_exactly_as_shown() -> R {
    let endpoint = Endpoint::start([("/k1/postback", Route::text(200, "OK"))])?;
    with_app(async |app| {
        let template =
            endpoint.url("/k1/postback?subid={subid}&payout={payout}&status={status}&tid={tid}");
        app.fill_template(&template).await?;
        app.fill("Platform", "Keitaro").await?;
        app.fill_macro("subid", "Cj0K+x/y=").await?;
        app.fill_macro("payout", "12.50").await?;
        app.fill_macro("status", "sale").await?;
        app.button("New ID for tid").await?.click().await?;
        let tid = app
            .wait_for("a generated transaction ID", async || {
                let v = app.value_of("tid").await?;
                Ok((v.len() == 36).then_some(v))
            })
            .await?;
        let hint = app
            .wait_page_text("Conversion status: one of lead, sale, rejected, rebill.")
            .await?;
        assert!(hint.contains("Payout with a dot for decimals"), "{hint}");
        let shown = app.value_of("Postback URL").await?;
        app.fire().await?;
        app.wait_result("HTTP 200").await?;
        let arrived = endpoint.requests_to("/k1/postback");
        assert_eq!(arrived.len(), 1, "{arrived:#?}");
        assert_eq!(
            arrived[0].query_pairs(),
            [
                ("subid", "Cj0K+x/y="),
                ("payout", "12.50"),
                ("status", "sale"),
                ("tid", tid.as_str())
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .to_vec()
        );
        assert_eq!(
            shown,
            endpoint.url(&format!(
                "/k1/postback?{}",
                arrived[0].query.clone().unwrap_or_default()
            ))
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_post_with_a_json_body_arrives_with_the_body_escaped_once() -> R {
    let endpoint = Endpoint::start([("/json", Route::json(200, r#"{"ok":true}"#))])?;
    with_app(async |app| {
        app.fill_template(&endpoint.url("/json?cid={clickid}"))
            .await?;
        app.open_details("Method, body and headers").await?;
        app.select("Method", "POST").await?;
        app.select("Body", "json").await?;
        app.fill(
            "Body template",
            r#"{"click_id":"{clickid}","note":"{note}"}"#,
        )
        .await?;
        app.fill_macro("clickid", "a&b").await?;
        app.fill_macro("note", "say \"hi\" & 50%").await?;
        app.wait_for("the body", async || {
            let body = app.value_of("Request body").await?;
            Ok((body == r#"{"click_id":"a&b","note":"say \"hi\" & 50%"}"#).then_some(()))
        })
        .await?;
        app.fire().await?;
        app.wait_result("HTTP 200").await?;
        Ok(())
    })
    .await?;
    let arrived = endpoint.requests_to("/json");
    let methods: Vec<&str> = arrived.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(
        methods,
        ["OPTIONS", "POST"],
        "a JSON body needs a preflight"
    );
    let post = &arrived[1];
    assert_eq!(
        String::from_utf8_lossy(&post.body),
        r#"{"click_id":"a&b","note":"say \"hi\" & 50%"}"#
    );
    assert_eq!(post.header("content-type"), Some("application/json"));
    assert_eq!(post.query_pairs(), [("cid".to_owned(), "a&b".to_owned())]);
    Ok(())
}

#[tokio::test]
async fn the_copy_button_puts_the_exact_postback_url_on_the_clipboard() -> R {
    with_app(async |app| {
        app.fill_template("https://trk.example/pb?cid={clickid}")
            .await?;
        app.fill_macro("clickid", "a b&c").await?;
        let copied = app
            .clipboard_after(async || {
                app.button("Copy postback URL").await?.click().await?;
                app.wait_page_text("Copied.").await?;
                Ok(())
            })
            .await?;
        assert_eq!(copied, "https://trk.example/pb?cid=a%20b%26c");
        Ok(())
    })
    .await
}

#[tokio::test]
async fn the_platform_combobox_takes_kei_and_enter_arrows_and_keeps_an_edited_template() -> R {
    with_app(async |app| {
        // Tab through the empty field chooses nothing.
        let platform = app.field("Platform").await?;
        platform.click().await?;
        platform.send_keys("\u{E004}").await?;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        // Focus goes on to the template, not into the list that closes as it leaves.
        assert_eq!(app.focused().await?.0, "template");
        assert_eq!(app.value_of("Platform").await?, "");
        assert_eq!(app.value_of("Postback template").await?, "");
        // `kei` + Enter chooses Keitaro, whose template fills the empty field.
        app.fill("Platform", "kei").await?;
        app.field("Platform").await?.send_keys("\u{E007}").await?;
        app.wait_for("Keitaro chosen", async || {
            let template = app.value_of("Postback template").await?;
            Ok(template.contains("{postback_key}").then_some(()))
        })
        .await?;
        assert_eq!(app.value_of("Platform").await?, "Keitaro");
        app.fill_macro("domain", "trk.example").await?;
        // Arrows move through the matches; the highlighted one is announced.
        app.fill("Platform", "e").await?;
        let field = app.field("Platform").await?;
        let first = field.attr("aria-activedescendant").await?;
        field.send_keys("\u{E015}").await?;
        let second = field.attr("aria-activedescendant").await?;
        assert!(first.is_some() && first != second, "{first:?} {second:?}");
        field.send_keys("\u{E013}").await?;
        assert_eq!(field.attr("aria-activedescendant").await?, first);
        // Keitaro's template was untouched: Voluum's replaces it, and domain carries over.
        app.fill("Platform", "Voluum").await?;
        app.wait_for("Voluum's template", async || {
            let template = app.value_of("Postback template").await?;
            Ok(template.contains("cid=REPLACE").then_some(()))
        })
        .await?;
        assert_eq!(app.value_of("domain").await?, "trk.example");
        // An edited template is kept, and the new platform's is offered.
        let edited = "https://trk.example/postback?cid={cid}&mine=1";
        app.fill_template(edited).await?;
        app.fill("Platform", "Keitaro").await?;
        app.wait_page_text("Your template was kept").await?;
        assert_eq!(app.value_of("Postback template").await?, edited);
        app.button("Use the Keitaro template")
            .await?
            .click()
            .await?;
        app.wait_for("Keitaro's template", async || {
            let template = app.value_of("Postback template").await?;
            Ok(template.contains("{postback_key}").then_some(()))
        })
        .await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_scheme_typed_into_the_domain_is_one_problem_with_its_fix_and_is_never_sent() -> R {
    with_app(async |app| {
        app.fill("Platform", "Keitaro").await?;
        app.wait_page_text("values to fill").await?;
        app.fill_macro("domain", "https://tracker.example/").await?;
        let problems = app.field_list("Problems").await?;
        let text = app
            .wait_for("the domain finding", async || {
                let text = problems.text().await?;
                Ok(text.contains("starts with `https://`").then_some(text))
            })
            .await?;
        assert!(
            text.contains("Type the domain without https://, like trk.example."),
            "{text}"
        );
        assert_eq!(
            problems.find_all(Locator::Css("li")).await?.len(),
            1,
            "{text}"
        );
        assert!(!text.contains("No problems found"), "{text}");
        // Fire names the same cause and sends nothing.
        let result = app.fire_and_wait("Not sent").await?;
        assert!(
            result.contains("The value of domain holds `/`") && result.contains("no https://"),
            "{result}"
        );
        Ok(())
    })
    .await
}
