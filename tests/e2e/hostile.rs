//! A hostile corpus fed through every field, a file, links and endpoint answers: nothing
//! executes, nothing renders as HTML, and the page stays responsive.

use fantoccini::Locator;
use serde_json::{json, Value};
use test_harness::{Endpoint, Route};

use crate::support::{har, with_app, with_page, Browser, R};

/// Inputs that have broken pages like this one: markup and script, URL tricks, encodings,
/// control and bidi characters, formula and Markdown injection, our own link prefixes.
const HOSTILE: [&str; 60] = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=\"window.__pwned=2\">",
    "<svg onload=\"window.__pwned=3\">",
    "\"><script>window.__pwned=4</script>",
    "'><img src=x onerror=window.__pwned=5>",
    "javascript:window.__pwned=6",
    "<iframe src=\"javascript:window.parent.__pwned=7\"></iframe>",
    "<a href=\"javascript:window.__pwned=8\">x</a>",
    "{{constructor.constructor('window.__pwned=9')()}}",
    "${window.__pwned=10}",
    "<style>*{display:none}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=12>",
    "\u{202e}gnp.exe",
    "\u{200b}\u{200c}\u{200d}\u{feff}",
    "NUL\u{0}byte",
    "a\r\nX-Injected: 1",
    "%0d%0aSet-Cookie:%20a=1",
    "%00%ff%fe%e2%80%ae",
    "%%%%%%%",
    "%7Bclickid%7D",
    "{clickid",
    "}}}}{{{{",
    "[[[[[",
    "##########",
    "\u{1}\u{7}\u{1b}[31mred",
    "😀👨‍👩‍👧‍👦🏳️‍🌈",
    "ﷺ𒐫",
    "Z̸̧̛̤̰͎͍̍̿͒à̶̡̛̼̲͉̣̐̈́l̷͇̬̆g̷o̸",
    "../../../../etc/passwd",
    "' OR '1'='1",
    "%s%s%s%n",
    "{0}{1}{}",
    "<!--",
    "<![CDATA[ ]]>",
    "</textarea><script>window.__pwned=36</script>",
    "</title><script>window.__pwned=37</script>",
    "<base href=\"https://evil.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "data:text/html,<script>window.__pwned=41</script>",
    "https://evil.example/?cid=<script>window.__pwned=42</script>",
    "http://[::ffff:127.0.0.1]/",
    "https://user:pass@evil.example/",
    "{\"a\":",
    "{\"__proto__\":{\"polluted\":1}}",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(1,1)",
    "-2+3",
    "\t=1",
    "[x](javascript:window.__pwned=51) **bold** # h",
    "```\n</pre><script>window.__pwned=52</script>",
    "\u{fffd}\u{fffe}\u{ffff}",
    "a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1&a=1",
    "pbt=1.AAAA",
    "#pbr=3.%%%",
    "{\"log\":{\"entries\":[{\"request\":{\"url\":\"javascript:window.__pwned=57\"}}]}}",
    "https://t.example/pb?cid={clickid}&x=<img src=x onerror=window.__pwned=58>",
    "&#x3C;script&#x3E;window.__pwned=59&#x3C;/script&#x3E;",
    "\\u003cscript\\u003ewindow.__pwned=60\\u003c/script\\u003e",
];

/// The fields a person types into, by label, and whether they live in a closed disclosure.
const FIELDS: [(&str, Option<&str>); 17] = [
    ("Postback template", None),
    ("Platform", None),
    ("Headers", Some("Method, body and headers")),
    ("Body template", Some("Method, body and headers")),
    ("Token parameter", Some("Signature or token")),
    ("Token value", Some("Signature or token")),
    ("Paste URLs or text", None),
    ("Agreed template", None),
    ("Live request", None),
    ("Signed body", None),
    ("Signature header", None),
    ("Secret", None),
    ("Search runs", None),
    ("Asked by", Some("Share this test")),
    ("Note for the partner", Some("Share this test")),
    ("Timeout (seconds)", None),
    ("clickid", None),
];

/// What could only be there if a payload had become markup: counted before and after.
const MARKUP: &str = "script, img, svg, iframe, object, embed, style, base, math, \
                      meta[http-equiv], link[rel=stylesheet]";

async fn markup_count(app: &Browser) -> R<u64> {
    let n = app
        .client()
        .execute(
            "return document.querySelectorAll(arguments[0]).length",
            vec![Value::String(MARKUP.to_owned())],
        )
        .await?;
    Ok(n.as_u64().unwrap_or(u64::MAX))
}

/// Nothing ran and nothing became markup.
async fn untouched(app: &Browser, before: u64, what: &str) -> R {
    let pwned = app
        .client()
        .execute(
            "return [window.__pwned === undefined, ({}).polluted === undefined]",
            vec![],
        )
        .await?;
    assert_eq!(pwned, json!([true, true]), "a payload ran, through {what}");
    assert_eq!(
        markup_count(app).await?,
        before,
        "a payload became markup, through {what}"
    );
    Ok(())
}

/// Nothing ran, nothing became markup, and the builder still answers input.
async fn unharmed(app: &Browser, before: u64, what: &str) -> R {
    untouched(app, before, what).await?;
    app.fill_template("https://trk.example/alive?cid={clickid}")
        .await?;
    app.wait_for(&format!("the page to answer after {what}"), async || {
        let url = app.value_of("Postback URL").await?;
        Ok(url.contains("alive").then_some(()))
    })
    .await
}

/// Types every payload into the field `id`, one after another, letting the page render each.
async fn feed(app: &Browser, id: &str) -> R {
    app.client()
        .execute_async(
            "const [id, payloads, done] = arguments; const el = document.getElementById(id); \
             (async () => { for (const p of payloads) { el.value = p; \
               el.dispatchEvent(new Event('input', { bubbles: true })); \
               el.dispatchEvent(new Event('change', { bubbles: true })); \
               await new Promise(r => setTimeout(r, 5)); } done(true); })();",
            vec![Value::String(id.to_owned()), json!(HOSTILE.to_vec())],
        )
        .await?;
    Ok(())
}

#[tokio::test]
async fn hostile_input_in_every_field_and_file_neither_runs_nor_renders_as_html() -> R {
    with_app(async |app| {
        let before = markup_count(app).await?;
        app.fill_template("https://trk.example/pb?cid={clickid}")
            .await?;
        // Show the fields that wait behind a choice: a body, and a static token.
        app.open_details("Method, body and headers").await?;
        app.select("Method", "POST").await?;
        app.select("Body", "form").await?;
        app.open_details("Signature or token").await?;
        app.select("Signing", "token").await?;
        for (label, disclosure) in FIELDS {
            if let Some(summary) = disclosure {
                app.open_details(summary).await?;
            }
            let id = app
                .field(label)
                .await?
                .attr("id")
                .await?
                .ok_or("a field without an id")?;
            feed(app, &id).await?;
            unharmed(app, before, label).await?;
            if label == "Postback template" || label == "Timeout (seconds)" {
                app.fill_template("https://trk.example/pb?cid={clickid}")
                    .await?;
            }
        }
        // The same corpus as a log file and as a HAR file's URLs.
        let dir = std::env::temp_dir();
        let log = dir.join(format!("pbt-hostile-{}.log", std::process::id()));
        let lines: Vec<String> = HOSTILE
            .iter()
            .map(|p| format!("GET https://lp.example/?clickid={p} HTTP/1.1"))
            .collect();
        std::fs::write(&log, lines.join("\n"))?;
        let file = dir.join(format!("pbt-hostile-{}.har", std::process::id()));
        let entries: Vec<String> = HOSTILE
            .iter()
            .map(|p| format!("https://lp.example/?clickid={p}"))
            .collect();
        let har = har(&entries
            .iter()
            .map(|u| (u.as_str(), 200, ""))
            .collect::<Vec<_>>());
        std::fs::write(&file, har)?;
        for path in [&log, &file] {
            app.field("Open a file (.har, .txt, .log)")
                .await?
                .send_keys(&path.display().to_string())
                .await?;
            app.wait_page_text("From the file").await?;
            unharmed(app, before, "an opened file").await?;
        }
        let _ = std::fs::remove_file(&log);
        let _ = std::fs::remove_file(&file);
        Ok(())
    })
    .await
}

#[tokio::test]
async fn hostile_answers_are_shown_as_text_and_hostile_links_open_as_words() -> R {
    let routes: Vec<(String, Route)> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("/a{i}"), Route::html(200, p)))
        .collect();
    let endpoint = Endpoint::start(routes.iter().map(|(p, r)| (p.as_str(), r.clone())))?;
    let link = with_app(async |app| {
        let before = markup_count(app).await?;
        for (i, _) in HOSTILE.iter().enumerate() {
            app.fill_template(&endpoint.url(&format!("/a{i}"))).await?;
            app.fire().await?;
            app.wait_for(&format!("the answer of /a{i}"), async || {
                let result = app.region("Result").await?.text().await?;
                Ok(
                    (result.contains(&format!("/a{i}")) && result.contains("HTTP 200"))
                        .then_some(()),
                )
            })
            .await?;
        }
        unharmed(app, before, "the receivers' answers").await?;
        // The whole history, with every answer, exported as Markdown.
        app.button("Markdown report").await?.click().await?;
        let report = app.downloaded("postback-evidence.md").await?;
        for i in 0..HOSTILE.len() {
            assert!(
                report.contains(&format!("/a{i}\n")),
                "/a{i} missing from the report"
            );
        }
        for heading in report.lines().filter(|l| l.starts_with('#')) {
            assert!(
                !heading.contains('<') || heading.contains("\\<"),
                "markup in a heading: {heading}"
            );
        }
        app.open_details("Share this test").await?;
        app.fill("Asked by", &HOSTILE[..20].concat()).await?;
        app.fill("Note for the partner", &HOSTILE[20..40].concat())
            .await?;
        app.make_link("Make partner check link").await
    })
    .await?;
    let base = link.split('#').next().unwrap_or_default().to_owned();
    with_page(&link, async |app| {
        app.wait_page_text("The link says it comes from").await?;
        let before = markup_count(app).await?;
        untouched(app, before, "a partner link's words").await?;
        app.button("Fire the test postback").await?;
        // Damaged and crafted fragments of every kind say so and change nothing.
        for p in HOSTILE.iter().take(12) {
            let url = format!("{base}#pbt=3.{}", p.replace(' ', "%20"));
            app.client().goto(&url).await?;
            app.wait_page_text("link cannot be opened").await?;
            let crashes = app.client().find_all(Locator::Css(".crash")).await?;
            assert!(crashes.is_empty(), "a crafted link stopped the page");
        }
        unharmed(app, before, "crafted links").await
    })
    .await?;
    Ok(())
}
