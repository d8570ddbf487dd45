//! Building a postback: macros get labelled inputs, values are encoded once, and bad templates
//! get a plain message.

use test_harness::{Endpoint, Route};

use crate::support::{with_app, R};

#[tokio::test]
async fn values_with_reserved_characters_arrive_at_the_endpoint_byte_exact() -> R {
    let endpoint = Endpoint::start([("/pb", Route::text(200, "success=true;"))])?;
    let clickid = "a&b=c#d+e%f g é";
    let note = "50% off + tax=0 #1 é&x";
    with_app(async |app| {
        let template = format!("{}/pb?cid={{clickid}}&note={{note}}", endpoint.origin());
        app.fill_template(&template).await?;
        app.fill_macro("clickid", clickid).await?;
        app.fill_macro("note", note).await?;
        let want = format!(
            "{}/pb?cid=a%26b%3Dc%23d%2Be%25f%20g%20%C3%A9&note=50%25%20off%20%2B%20tax%3D0%20%231%20%C3%A9%26x",
            endpoint.origin()
        );
        app.wait_for("the encoded postback URL", async || {
            let shown = app.value_of("Postback URL").await?;
            Ok((shown == want).then_some(()))
        })
        .await?;
        app.fire().await?;
        app.wait_result("HTTP 200").await?;
        Ok(())
    })
    .await?;

    let arrived = endpoint.requests_to("/pb");
    assert_eq!(arrived.len(), 1, "{arrived:#?}");
    let pairs = arrived[0].query_pairs();
    assert_eq!(
        pairs,
        vec![
            ("cid".to_owned(), clickid.to_owned()),
            ("note".to_owned(), note.to_owned())
        ]
    );
    Ok(())
}

#[tokio::test]
async fn an_empty_template_one_without_macros_and_a_bad_macro_each_get_a_plain_message() -> R {
    with_app(async |app| {
        app.wait_page_text("Paste the postback URL your tracker gave you")
            .await?;

        app.fill_template("https://trk.example/postback?cid=123")
            .await?;
        app.wait_page_text("No macros in this template").await?;
        app.wait_for("the URL used as it is", async || {
            Ok(
                (app.value_of("Postback URL").await? == "https://trk.example/postback?cid=123")
                    .then_some(()),
            )
        })
        .await?;

        app.fill(
            "Postback template",
            "https://trk.example/postback?cid={click id}",
        )
        .await?;
        let page = app.wait_page_text("is not allowed in a macro name").await?;
        assert!(page.contains("Macro names use letters"), "{page}");

        app.fill(
            "Postback template",
            "https://trk.example/postback?cid={clickid",
        )
        .await?;
        app.wait_page_text("Unclosed `{`").await?;
        // The user's text is kept exactly as typed.
        assert_eq!(
            app.value_of("Postback template").await?,
            "https://trk.example/postback?cid={clickid"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn values_survive_when_their_macro_leaves_the_template_and_comes_back() -> R {
    with_app(async |app| {
        app.fill_template("https://trk.example/pb?cid={clickid}")
            .await?;
        app.fill_macro("clickid", "kept-123").await?;
        app.fill_template("https://trk.example/pb?x=1").await?;
        app.wait_page_text("No macros in this template").await?;
        app.fill_template("https://trk.example/pb?id={clickid}")
            .await?;
        app.wait_for("the value typed earlier", async || {
            Ok(
                (app.value_of("Postback URL").await? == "https://trk.example/pb?id=kept-123")
                    .then_some(()),
            )
        })
        .await
    })
    .await
}

#[tokio::test]
async fn a_one_megabyte_template_gets_a_message_and_the_page_stays_responsive() -> R {
    with_app(async |app| {
        // Pasting is one input event; typing a megabyte key by key would take minutes.
        app.client()
            .execute(
                "const t = document.getElementById('template'); \
                 t.value = 'https://trk.example/?a=' + 'x'.repeat(1024 * 1024); \
                 t.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![],
            )
            .await?;
        let page = app.wait_page_text("Template too large").await?;
        assert!(page.contains("Paste only the postback URL"), "{page}");
        app.fill(
            "Paste URLs or text",
            "https://lp.example/?clickid=responsive",
        )
        .await?;
        app.wait_page_text("responsive").await?;
        Ok(())
    })
    .await
}
