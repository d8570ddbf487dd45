//! Share links and the guided partner check: a link fills the page and never fires; a partner
//! fires once and sends the result back in a link of its own.

use std::time::Duration;

use test_harness::{Endpoint, Route};

use crate::support::{with_app, with_page, R};

#[tokio::test]
async fn a_share_link_opens_prefilled_without_secrets_and_fires_nothing() -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK"))])?;
    let link = with_app(async |app| {
        app.fill(
            "Postback template",
            &endpoint.url("/pb?cid={clickid}&secure={secure}"),
        )
        .await?;
        app.fill_macro("clickid", "c-42").await?;
        app.fill_macro("secure", "hush").await?;
        app.open_details("Share this test").await?;
        app.make_link("Make share link").await
    })
    .await?;
    assert!(
        link.contains(&format!(
            "/postback-tester/#pbt={}.",
            postback_core::SHARE_VERSION
        )),
        "{link}"
    );
    assert!(!link.contains("hush"));
    with_page(&link, async |app| {
        app.wait_page_text("Opened a shared test. Nothing has been sent")
            .await?;
        assert_eq!(
            app.value_of("Postback template").await?,
            endpoint.url("/pb?cid={clickid}&secure={secure}")
        );
        assert_eq!(app.value_of("clickid").await?, "c-42");
        assert_eq!(app.value_of("secure").await?, "");
        tokio::time::sleep(Duration::from_millis(500)).await;
        Ok(())
    })
    .await?;
    assert_eq!(endpoint.requests(), []);
    Ok(())
}

#[tokio::test]
async fn a_link_with_secrets_says_so_and_a_damaged_or_newer_link_is_explained() -> R {
    let link = with_app(async |app| {
        app.fill_template("https://trk.example/pb?token={token}")
            .await?;
        app.fill_macro("token", "s3cr3t").await?;
        app.open_details("Share this test").await?;
        app.field("Include secrets in the link")
            .await?
            .click()
            .await?;
        app.wait_page_text("anyone who gets it can send conversions as you")
            .await?;
        app.make_link("Make share link").await
    })
    .await?;
    with_page(&link, async |app| {
        app.wait_page_text("This link includes secrets").await?;
        assert_eq!(app.value_of("token").await?, "s3cr3t");
        Ok(())
    })
    .await?;
    let cut = link.get(..link.len() - 12).unwrap_or_default().to_owned();
    with_page(&cut, async |app| {
        let text = app
            .wait_page_text("This link cannot be opened: the link is damaged or cut short")
            .await?;
        assert!(text.contains("Copy the whole link again"), "{text}");
        assert_eq!(app.value_of("Postback template").await?, "");
        Ok(())
    })
    .await?;
    let base = link.split('#').next().unwrap_or_default();
    with_page(&format!("{base}#pbt=7.AAAA"), async |app| {
        app.wait_page_text("made by a newer version (format 7)")
            .await?;
        Ok(())
    })
    .await?;
    // A result link is read by its own card, which says what is wrong with it.
    with_page(&format!("{base}#pbr=1.AAAA"), async |app| {
        let text = app
            .wait_page_text("This link cannot be opened: the link is damaged or cut short")
            .await?;
        assert!(text.contains("Result from a partner"), "{text}");
        assert!(!text.contains("Keep in history"), "{text}");
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_partner_fires_once_from_the_simple_view_and_sends_the_result_back() -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "success=true;"))])?;
    let link = with_app(async |app| {
        app.fill_template(&endpoint.url("/pb?cid={clickid}"))
            .await?;
        app.fill_macro("clickid", "p-1").await?;
        app.open_details("Share this test").await?;
        app.fill("Note for the partner", "Use this on the staging offer.")
            .await?;
        let made = app.make_link("Make partner check link").await?;
        // Typed after the link was made: the link follows what is typed.
        app.fill("Asked by", "Ana at Acme Media").await?;
        app.wait_for("the partner link to follow Asked by", async || {
            let link = app.value_of("Partner link").await?;
            Ok((link != made).then_some(link))
        })
        .await
    })
    .await?;
    let result_link = with_page(&link, async |app| {
        let text = app
            .wait_page_text("The link says it comes from Ana at Acme Media")
            .await?;
        assert!(text.contains("Use this on the staging offer."), "{text}");
        assert!(text.contains(&endpoint.url("/pb?cid=p-1")), "{text}");
        assert!(endpoint.requests().is_empty(), "fired before the press");
        app.button("Fire the test postback").await?.click().await?;
        app.wait_result("Answer read: HTTP 200").await?;
        app.wait_page_text("Send the result back").await?;
        let summary = app.value_of("Summary").await?;
        assert!(summary.contains("# Postback test evidence"), "{summary}");
        app.value_of("Result link").await
    })
    .await?;
    assert_eq!(endpoint.requests_to("/pb").len(), 1);
    assert!(
        result_link.contains(&format!("#pbr={}.", postback_core::SHARE_VERSION)),
        "{result_link}"
    );
    with_page(&result_link, async |app| {
        let text = app.wait_page_text("Result from a partner").await?;
        assert!(
            text.contains("the link says for Ana at Acme Media"),
            "{text}"
        );
        assert!(text.contains("Answer read: HTTP 200"), "{text}");
        app.button("Keep in history").await?.click().await?;
        app.wait_page_text("Kept in the history below.").await?;
        Ok(())
    })
    .await?;
    assert_eq!(endpoint.requests_to("/pb").len(), 1);
    Ok(())
}

#[tokio::test]
async fn a_partner_who_presses_twice_or_reloads_sends_once_and_again_only_after_saying_so() -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "success=true;"))])?;
    let link = with_app(async |app| {
        app.fill_template(&endpoint.url("/pb?cid=p-2")).await?;
        app.open_details("Share this test").await?;
        app.fill("Asked by", "Anna (AffNet)").await?;
        app.make_link("Make partner check link").await
    })
    .await?;
    let result_link = with_page(&link, async |app| {
        app.button("Fire the test postback").await?.click().await?;
        app.wait_page_text("Your part is done. Send this result to Anna (AffNet).")
            .await?;
        let sent = app.wait_page_text("Sent at ").await?;
        assert!(!sent.contains("Nothing has been sent"), "{sent}");
        // The sent button does nothing; a reload remembers the send.
        app.button_starting("Sent at").await?.click().await?;
        app.client().refresh().await?;
        app.button_starting("Sent at").await?;
        // The reload shows the result kept with the send, ready to send back.
        app.wait_page_text("The result of the press at").await?;
        app.wait_result("Answer read: HTTP 200").await?;
        assert!(app.value_of("Result link").await?.contains("#pbr="));
        let page = app.wait_page_text("Your part is done").await?;
        assert!(!page.contains("Nothing has been sent"), "{page}");
        assert_eq!(endpoint.requests_to("/pb").len(), 1);
        // Sending again asks first, and says why.
        app.button("Send again").await?.click().await?;
        app.wait_page_text("may count a second, duplicate conversion")
            .await?;
        app.button("No, keep the one sent").await?.click().await?;
        app.button("Send again").await?.click().await?;
        app.button("Yes, send it again").await?.click().await?;
        app.wait_page_text("Sent 2 times, last at").await?;
        app.wait_page_text("This postback was sent 2 times from this browser")
            .await?;
        app.value_of("Result link").await
    })
    .await?;
    assert_eq!(endpoint.requests_to("/pb").len(), 2);
    let fragment = result_link.split('#').nth(1).unwrap_or_default();
    let result = postback_core::read_result_link(fragment)?;
    assert_eq!(result.sent, 2);
    Ok(())
}

#[tokio::test]
async fn a_partner_reads_plain_words_when_the_receiver_hides_its_answer_and_can_check_the_address(
) -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK").without_cors())])?;
    let link = with_app(async |app| {
        app.fill_template(&endpoint.url("/pb?cid=plain")).await?;
        app.fill("Asked by", "Anna (AffNet)").await?;
        app.make_link("Make partner check link").await
    })
    .await?;
    with_page(&link, async |app| {
        app.button("Fire the test postback").await?.click().await?;
        app.wait_result("No readable answer: it may or may not have arrived")
            .await?;
        let text = app
            .wait_page_text("Your part is done. Send this result to Anna (AffNet).")
            .await?;
        // Everything technical waits in closed disclosures: the visible text is plain.
        for jargon in ["CORS", "preflight", "no-cors", "Markdown", "fetch"] {
            assert!(!text.contains(jargon), "{jargon} in {text}");
        }
        // Whether it arrived is not known: the button says it was pressed, not sent.
        app.button_starting("Pressed at").await?;
        assert!(!text.contains("Sent at"), "{text}");
        app.button("Check the address").await?.click().await?;
        app.wait_result("Something answers at").await?;
        Ok(())
    })
    .await?;
    // The postback once, and the check's HEAD of the root: never the postback again.
    assert_eq!(endpoint.requests_to("/pb").len(), 1);
    Ok(())
}

#[tokio::test]
async fn a_partner_link_open_in_two_tabs_sends_once_and_the_other_tab_says_it_was_sent() -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "success=true;"))])?;
    let link = with_app(async |app| {
        app.fill_template(&endpoint.url("/pb?cid=two-tabs")).await?;
        app.fill("Asked by", "Anna (AffNet)").await?;
        app.make_link("Make partner check link").await
    })
    .await?;
    with_page(&link, async |app| {
        let first = app.client().window().await?;
        let second = app.client().new_window(true).await?;
        app.client().switch_to_window(second.handle.clone()).await?;
        app.client().goto(&link).await?;
        app.button("Fire the test postback").await?;
        // The first tab sends; the second, already open, shows it as sent without a press.
        app.client().switch_to_window(first.clone()).await?;
        app.button("Fire the test postback").await?.click().await?;
        app.wait_page_text("Your part is done").await?;
        app.client().switch_to_window(second.handle.clone()).await?;
        app.button_starting("Sent at").await?;
        assert_eq!(endpoint.requests_to("/pb").len(), 1);
        // Sending again from the second tab still asks first.
        app.button("Send again").await?.click().await?;
        app.wait_page_text("may count a second, duplicate conversion")
            .await?;
        app.button("No, keep the one sent").await?.click().await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(endpoint.requests_to("/pb").len(), 1);
        Ok(())
    })
    .await
}

#[tokio::test]
async fn opening_a_link_does_not_replace_the_work_saved_from_the_last_visit() -> R {
    with_app(async |app| {
        app.fill_template("https://trk.example/shared?cid={c}")
            .await?;
        app.open_details("Share this test").await?;
        let link = app.make_link("Make share link").await?;
        app.fill_template("https://trk.example/my-work?cid={c}")
            .await?;
        // Let the edit reach storage before leaving.
        app.wait_for("the work saved", async || {
            let stored = app
                .client()
                .execute(
                    "return localStorage.getItem('postback-tester:draft') || ''",
                    vec![],
                )
                .await?;
            Ok(stored.to_string().contains("my-work").then_some(()))
        })
        .await?;
        app.client().goto(&link).await?;
        app.wait_page_text("Opened a shared test").await?;
        assert_eq!(
            app.value_of("Postback template").await?,
            "https://trk.example/shared?cid={c}"
        );
        let base = link.split('#').next().unwrap_or_default().to_owned();
        app.client().goto("about:blank").await?;
        app.client().goto(&base).await?;
        app.wait_for("the saved work", async || {
            let v = app.value_of("Postback template").await?;
            Ok(v.contains("my-work").then_some(()))
        })
        .await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_link_that_signs_opens_with_its_signing_shown() -> R {
    let link = with_app(async |app| {
        app.fill_template("https://trk.example/hook").await?;
        app.open_details("Signature or token").await?;
        app.select("Signing", "shopify").await?;
        app.fill("Signing secret", "shpss_demo").await?;
        app.open_details("Share this test").await?;
        app.field("Include secrets in the link")
            .await?
            .click()
            .await?;
        app.make_link("Make share link").await
    })
    .await?;
    with_page(&link, async |app| {
        app.wait_page_text("This link includes secrets").await?;
        let open = app
            .client()
            .execute(
                "return [...document.querySelectorAll('details')].some(d => d.open && d.querySelector('#signing'))",
                vec![],
            )
            .await?;
        assert_eq!(open, serde_json::Value::Bool(true));
        assert_eq!(app.value_of("Signing").await?, "shopify");
        assert_eq!(app.value_of("Signing secret").await?, "shpss_demo");
        app.wait_page_text("the header X-Shopify-Hmac-Sha256").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_partner_sees_everything_that_will_be_sent_and_where_before_pressing() -> R {
    let body: String = (1..=12).map(|i| format!("line{i}=x\n")).collect();
    let link = with_app(async |app| {
        app.fill_template("https://192.168.1.1/apply.cgi?action=reboot")
            .await?;
        app.open_details("Method, body and headers").await?;
        app.select("Method", "POST").await?;
        app.select("Body", "form").await?;
        app.fill("Body template", body.trim_end()).await?;
        app.fill("Headers", "X-Note: hello").await?;
        app.open_details("Share this test").await?;
        app.fill("Asked by", "\u{202e}Google Ads Support (official)")
            .await?;
        app.make_link("Make partner check link").await
    })
    .await?;
    with_page(&link, async |app| {
        let text = app
            .wait_page_text("This sends a request to a device on your own network")
            .await?;
        for shown in [
            "POST https://192.168.1.1/apply.cgi?action=reboot",
            "X-Note: hello",
            "line1=x",
            "and 6 more lines",
        ] {
            assert!(text.contains(shown), "{shown:?} not in {text}");
        }
        assert!(!text.contains("line12=x"), "folded lines show: {text}");
        app.client()
            .find(fantoccini::Locator::Css("details.more-lines summary"))
            .await?
            .click()
            .await?;
        app.wait_page_text("line12=x").await?;
        // The technical notes are there, folded away.
        app.open_details("Details for the technical team").await?;
        app.wait_page_text("Before sending").await?;
        // The name the link gives is shown as the link's words, isolated from the sentence.
        let isolated = app
            .client()
            .execute(
                "const b = document.querySelector('.lead bdi.from'); return b ? b.textContent : null;",
                vec![],
            )
            .await?;
        assert_eq!(
            isolated,
            serde_json::Value::String("\u{202e}Google Ads Support (official)".into())
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_partner_link_without_its_secrets_says_so_when_made_and_sends_nothing_when_opened() -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "OK"))])?;
    let link = with_app(async |app| {
        app.fill_template(&endpoint.url("/pb?cid=c-1&token={tk}"))
            .await?;
        app.fill_macro("tk", "TOKEN-123").await?;
        app.fill("Asked by", "Anna (AffNet)").await?;
        let link = app.make_link("Make partner check link").await?;
        let said = app.wait_page_text("Not in this link: tk").await?;
        assert!(said.contains("A partner cannot type them"), "{said}");
        Ok(link)
    })
    .await?;
    with_page(&link, async |app| {
        app.wait_page_text("This link is incomplete: it has no value for tk")
            .await?;
        app.wait_page_text("Ask Anna (AffNet) for a new link.")
            .await?;
        app.button("Fire the test postback").await?.click().await?;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        Ok(())
    })
    .await?;
    assert!(endpoint.requests().is_empty(), "{:#?}", endpoint.requests());
    Ok(())
}
