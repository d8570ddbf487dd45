//! Extracting: pasted text gives a table of every query parameter, or a plain message.

use crate::support::{har, with_app, R};

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
                let rows = app
                    .table_rows(&["Parameter", "Value", "Platform", "Where"])
                    .await?;
                Ok((rows.len() == 4).then_some(rows))
            })
            .await?;
        let want = [
            [
                "clickid",
                "AbC123",
                "RedTrack, Affise, generic",
                "query, line 1",
            ],
            ["sub1", "news feed", "Affise sub-ID", "query, line 1"],
            ["Sub1", "X", "", "query, line 1"],
            ["gclid", "Cj0KCQ", "Google Ads", "query, line 1"],
        ];
        let got: Vec<Vec<String>> = rows
            .into_iter()
            .map(|r| r.into_iter().take(4).collect())
            .collect();
        assert_eq!(got, want.map(|r| r.map(str::to_owned).to_vec()).to_vec());
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_link_with_a_host_name_in_another_script_is_read_through_the_browsers_own_parser() -> R {
    with_app(async |app| {
        // The page carries no Unicode tables: the browser turns the host into punycode.
        app.fill(
            "Paste URLs or text",
            "https://Bücher.example/offer?clickid=uni1 and http://пример.испытание/?sub1=ru",
        )
        .await?;
        let rows = app
            .wait_for("two rows", async || {
                let rows = app.table_rows(&["Parameter", "Value"]).await?;
                Ok((rows.len() == 2).then_some(rows))
            })
            .await?;
        let got: Vec<(String, String)> = rows
            .into_iter()
            .map(|r| (r[0].clone(), r[1].clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("clickid".into(), "uni1".into()),
                ("sub1".into(), "ru".into())
            ]
        );
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

#[tokio::test]
async fn an_opened_har_file_shows_the_chain_and_the_hop_where_the_click_id_was_lost() -> R {
    let path = std::env::temp_dir().join(format!("pbt-chain-{}.har", std::process::id()));
    std::fs::write(
        &path,
        har(&[
            (
                "https://ad.example/c?gclid=Cj0KCQ&utm_source=google",
                302,
                "https://trk.example/r?gclid=Cj0KCQ&utm_source=google",
            ),
            (
                "https://trk.example/r?gclid=Cj0KCQ&utm_source=google",
                301,
                "https://lp.example/offer?utm_source=google",
            ),
            ("https://lp.example/offer?utm_source=google", 200, ""),
        ]),
    )?;
    let outcome = with_app(async |app| {
        let input = app.field("Open a file (.har, .txt, .log)").await?;
        input.send_keys(&path.display().to_string()).await?;
        let page = app.wait_page_text("gclid is lost at hop 3").await?;
        assert!(page.contains("3 (lost here)"), "{page}");
        let rows = app.table_rows(&["Hop", "Status", "URL"]).await?;
        let hops: Vec<(String, String)> =
            rows.iter().map(|r| (r[0].clone(), r[1].clone())).collect();
        assert_eq!(
            hops,
            [("1", "302"), ("2", "301"), ("3 (lost here)", "200")]
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
                .to_vec()
        );
        let params = app
            .table_rows(&["Parameter", "Value", "Platform", "Where"])
            .await?;
        assert_eq!(params.len(), 5, "{params:?}");
        Ok(())
    })
    .await;
    let _ = std::fs::remove_file(&path);
    outcome
}

#[tokio::test]
async fn a_click_id_goes_from_the_table_into_the_builders_click_id_macro() -> R {
    with_app(async |app| {
        app.fill_template("https://trk.example/postback?cid={cid}&payout={payout}")
            .await?;
        app.fill(
            "Paste URLs or text",
            "203.0.113.9 - - [21/Nov/2026:10:00:00 +0000] \"GET /lp?utm_source=x&fbclid=IwAR2F4-dbP0 HTTP/1.1\" 200 512",
        )
        .await?;
        app.button("Use in builder").await?.click().await?;
        app.wait_page_text("Sent IwAR2F4-dbP0 to cid in the builder.").await?;
        assert_eq!(app.value_of("cid").await?, "IwAR2F4-dbP0");
        assert_eq!(app.focused().await?.0, "macro-cid");
        app.wait_for("the URL with the click ID", async || {
            let url = app.value_of("Postback URL").await?;
            Ok((url == "https://trk.example/postback?cid=IwAR2F4-dbP0&payout={payout}").then_some(()))
        })
        .await
    })
    .await
}

#[tokio::test]
async fn a_hundred_thousand_lines_are_read_and_only_the_visible_rows_are_rendered() -> R {
    let text: String = (0..100_000)
        .map(|i| format!("10.0.0.1 - - \"GET /lp?clickid=c{i} HTTP/1.1\" 200 1\n"))
        .collect();
    with_app(async |app| {
        app.paste(&text).await?;
        app.wait_page_text("100,000 parameters in 100,000 URLs")
            .await?;
        let rendered = app
            .client()
            .find_all(fantoccini::Locator::Css(
                ".params-scroll tbody tr td:first-child",
            ))
            .await?
            .len();
        assert!((1..=60).contains(&rendered), "{rendered} rows rendered");
        // The page still answers: the builder reacts to typing.
        app.fill_template("https://trk.example/?x={x}").await?;
        app.field("x").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn cancelling_the_read_of_a_large_file_stops_it_keeps_what_was_found_and_the_page_answers(
) -> R {
    // 60 MB, near the largest file the page reads: seconds of work, so Cancel comes mid-way.
    let path = std::env::temp_dir().join(format!("pbt-large-{}.log", std::process::id()));
    let lines = 1_600_000;
    let text: String = (0..lines)
        .map(|i| format!("https://lp.example/?clickid=c{i:08}\n"))
        .collect();
    assert!(text.len() > 55_000_000 && text.len() < 64 * 1024 * 1024);
    std::fs::write(&path, text)?;
    let outcome = with_app(async |app| {
        app.fill("Paste URLs or text", "https://lp.example/?clickid=earlier")
            .await?;
        app.wait_extracted("earlier").await?;
        app.field("Open a file (.har, .txt, .log)")
            .await?
            .send_keys(&path.display().to_string())
            .await?;
        let cancel = app.button("Cancel").await?;
        // While the file is read, what the earlier text gave is not shown as if it were the
        // file's.
        let meanwhile = app.wait_page_text("Reading").await?;
        assert!(!meanwhile.contains("earlier"), "{meanwhile}");
        cancel.click().await?;
        let page = app.wait_page_text("Cancelled after").await?;
        assert!(page.contains("what was found so far is shown"), "{page}");
        assert!(
            page.contains("of 1,600,000 lines"),
            "the total is not named: {page}"
        );
        let kept = app
            .table_rows(&["Parameter", "Value", "Platform", "Where"])
            .await?;
        assert!(!kept.is_empty());
        assert!(
            !page.contains("1,600,000 parameters"),
            "the read went on after Cancel"
        );
        // The page answers: the builder reacts to typing.
        app.fill_template("https://trk.example/?x={x}").await?;
        app.field("x").await?;
        Ok(())
    })
    .await;
    let _ = std::fs::remove_file(&path);
    outcome
}

#[tokio::test]
async fn the_table_downloads_as_csv_with_every_row() -> R {
    with_app(async |app| {
        app.fill(
            "Paste URLs or text",
            "https://lp.example/?gclid=A,b&note=say%20%22hi%22\nhttps://lp.example/?utm_source=x",
        )
        .await?;
        app.button("Download CSV").await?.click().await?;
        let csv = app.downloaded("click-ids.csv").await?;
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines,
            [
                "parameter,value,platform,where,url,note",
                "gclid,\"A,b\",Google Ads,\"query, line 1\",\"https://lp.example/?gclid=A,b&note=say%20%22hi%22\",",
                "note,\"say \"\"hi\"\"\",,\"query, line 1\",\"https://lp.example/?gclid=A,b&note=say%20%22hi%22\",",
                "utm_source,x,Campaign tag,\"query, line 2\",https://lp.example/?utm_source=x,",
            ]
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_file_too_large_to_read_gets_a_message_and_the_paste_is_kept() -> R {
    let path = std::env::temp_dir().join(format!("pbt-huge-{}.log", std::process::id()));
    // A sparse file: 200 MB on paper, nothing written.
    std::fs::File::create(&path)?.set_len(200 * 1024 * 1024)?;
    let outcome = with_app(async |app| {
        app.fill("Paste URLs or text", "https://lp.example/?clickid=kept")
            .await?;
        app.table_rows(&["Parameter", "Value", "Platform", "Where"])
            .await?;
        app.field("Open a file (.har, .txt, .log)")
            .await?
            .send_keys(&path.display().to_string())
            .await?;
        let page = app.wait_page_text("is too large to read").await?;
        assert!(
            page.contains("Open a file of at most 64 MB (67,108,864 bytes)"),
            "{page}"
        );
        assert!(
            page.contains("The file pbt-huge-") && page.contains("(209,715,200 bytes)"),
            "the name as it is, the size as the disk has it: {page}"
        );
        assert_eq!(
            app.value_of("Paste URLs or text").await?,
            "https://lp.example/?clickid=kept"
        );
        Ok(())
    })
    .await;
    let _ = std::fs::remove_file(&path);
    outcome
}

#[tokio::test]
async fn a_file_that_is_not_text_gets_a_message_and_the_page_keeps_working() -> R {
    let path = std::env::temp_dir().join(format!("pbt-picture-{}.png", std::process::id()));
    let mut picture = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    picture.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    std::fs::write(&path, picture)?;
    let outcome = with_app(async |app| {
        app.field("Open a file (.har, .txt, .log)")
            .await?
            .send_keys(&path.display().to_string())
            .await?;
        let page = app.wait_page_text("This is not text").await?;
        // Its size on disk, not the length of its bytes read as text.
        assert!(page.contains("(4,112 bytes)"), "{page}");
        assert!(
            page.contains("Open a log, a .txt file or a HAR file"),
            "{page}"
        );
        // Pasting still reads.
        app.fill("Paste URLs or text", "https://lp.example/?clickid=after")
            .await?;
        app.wait_extracted("after").await?;
        Ok(())
    })
    .await;
    let _ = std::fs::remove_file(&path);
    outcome
}

#[tokio::test]
async fn a_reload_in_the_middle_of_reading_a_large_file_says_so_and_brings_the_page_back_as_it_was(
) -> R {
    let path = std::env::temp_dir().join(format!("pbt-reload-{}.log", std::process::id()));
    let text: String = (0..1_600_000)
        .map(|i| format!("https://lp.example/?clickid=r{i:08}\n"))
        .collect();
    std::fs::write(&path, text)?;
    let outcome = with_app(async |app| {
        app.fill_template("https://trk.example/pb?cid={clickid}")
            .await?;
        app.field("Open a file (.har, .txt, .log)")
            .await?
            .send_keys(&path.display().to_string())
            .await?;
        // Mid-way: its Cancel button is shown.
        app.button("Cancel").await?;
        app.client().refresh().await?;
        // No "start safely" offer: the page had started; the builder kept its template.
        app.wait_for("the template after the reload", async || {
            let value = app.value_of("Postback template").await?;
            Ok((value == "https://trk.example/pb?cid={clickid}").then_some(()))
        })
        .await?;
        let page = app
            .wait_page_text("The page was reloaded while it read the file pbt-reload-")
            .await?;
        assert!(page.contains("Open the file again to read it."), "{page}");
        assert!(!page.contains("stopped while it opened"), "{page}");
        app.fill("Paste URLs or text", "https://lp.example/?clickid=next")
            .await?;
        app.wait_extracted("next").await?;
        // Said once: the next reload, with nothing being read, does not say it again.
        app.client().refresh().await?;
        app.field("Paste URLs or text").await?;
        let page = app.wait_page_text("Postback template").await?;
        assert!(!page.contains("reloaded while it read"), "{page}");
        Ok(())
    })
    .await;
    let _ = std::fs::remove_file(&path);
    outcome
}
