use proptest::prelude::*;

use super::*;

fn pairs(text: &str) -> Vec<(String, String)> {
    extract(text)
        .map(|e| e.params.into_iter().map(|p| (p.name, p.value)).collect())
        .unwrap_or_default()
}

fn owned(want: &[(&str, &str)]) -> Vec<(String, String)> {
    want.iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn parameters_come_out_in_order_with_case_and_duplicates_kept() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "https://lp.example/?gclid=EAIaIQ&GCLID=x&gclid=2",
            &[("gclid", "EAIaIQ"), ("GCLID", "x"), ("gclid", "2")],
        ),
        (
            "see https://a.example/x?ScCid=Ab-9_z, thanks",
            &[("ScCid", "Ab-9_z")],
        ),
        ("<https://a.example/?q=%C3%A9%20x>", &[("q", "é x")]),
        ("https://a.example/?flag&v=", &[("flag", ""), ("v", "")]),
        (
            "https://a.example/?a=1#b=2&c=3",
            &[("a", "1"), ("b", "2"), ("c", "3")],
        ),
        ("https://a.example/?a=1#section", &[("a", "1")]),
        ("https://a.example/?a=1+2", &[("a", "1+2")]),
        (
            "https://a.example/?a=%zz&b=%ff",
            &[("a", "%zz"), ("b", "\u{fffd}")],
        ),
        (
            "one https://a.example/?x=1\nand HTTPS://B.example/?y=2",
            &[("x", "1"), ("y", "2")],
        ),
    ];
    for (text, want) in cases {
        assert_eq!(pairs(text), owned(want), "{text}");
    }
}

#[test]
fn real_click_id_shapes_are_named_with_their_platform() {
    let cases = [
        ("https://shop.example/?gclid=Cj0KCQjw8O-VBhCpARIsACMvVLN", "gclid", Some("Google Ads")),
        ("https://shop.example/?fbclid=IwAR2F4-dbP0l7Mn1IawQQGCINEz7PYXQvwjNwB_qa2ofrHyiLjcbCRxTDGrc", "fbclid", Some("Meta")),
        ("https://shop.example/?dclid=CJKu8LrQxd4CFQ1qwQodmJIElw", "dclid", Some("Google Campaign Manager 360")),
        ("https://shop.example/?ttclid=E.C.P.abc", "ttclid", Some("TikTok")),
        ("https://shop.example/?msclkid=6b3a7c9d", "msclkid", Some("Microsoft Advertising")),
        ("https://shop.example/?_kx=Px4LLJWg%3D.SfDmgw", "_kx", Some("Klaviyo")),
        ("https://trk.example/pb?cnv_id=0000G3B17KPI0FF7", "cnv_id", Some("Binom")),
        ("https://trk.example/pb?click-id=GiBx7Yk3", "click-id", Some("Taboola postback")),
        ("https://shop.example/?utm_campaign=spring", "utm_campaign", Some("Campaign tag")),
        ("https://shop.example/?page=2", "page", None),
    ];
    for (text, name, platform) in cases {
        let found = extract(text);
        let param = found
            .as_ref()
            .ok()
            .and_then(|f| f.params.iter().find(|p| p.name == name));
        assert_eq!(param.and_then(Param::platform), platform, "{text}");
    }
}

#[test]
fn access_log_and_curl_lines_give_their_request_targets() {
    let combined = r#"203.0.113.9 - - [21/Nov/2026:10:00:00 +0000] "GET /postback?subid=abc&payout=1.5 HTTP/1.1" 200 2 "https://lp.example/?gclid=XyZ" "Mozilla/5.0""#;
    assert_eq!(
        pairs(combined),
        owned(&[("subid", "abc"), ("payout", "1.5"), ("gclid", "XyZ")])
    );
    let curl = "> GET /pb?cid=c384 HTTP/2\n> Host: trk.example\n< HTTP/2 302\n< location: https://next.example/?cid=c384\n";
    let found = extract(curl);
    let origins: Vec<UrlOrigin> = found
        .iter()
        .flat_map(|f| f.urls.iter().map(|u| u.origin))
        .collect();
    assert_eq!(origins, [UrlOrigin::RequestLine, UrlOrigin::Location]);
}

#[test]
fn nested_urls_are_followed_whether_encoded_once_or_twice() {
    let once = "https://r.example/go?url=https%3A%2F%2Flp.example%2F%3Fgclid%3DAbC%26x%3D1";
    let twice = "https://r.example/go?url=https%253A%252F%252Flp.example%252F%253Fgclid%253DAbC%2526x%253D1";
    for text in [once, twice] {
        let found = extract(text);
        let nested: Vec<(String, String, usize, Option<String>)> = found
            .iter()
            .flat_map(|f| &f.params)
            .filter(|p| p.depth > 0)
            .map(|p| (p.name.clone(), p.value.clone(), p.depth, p.via.clone()))
            .collect();
        assert_eq!(
            nested,
            vec![
                (
                    "gclid".to_owned(),
                    "AbC".to_owned(),
                    1,
                    Some("url".to_owned())
                ),
                ("x".to_owned(), "1".to_owned(), 1, Some("url".to_owned())),
            ],
            "{text}"
        );
    }
}

#[test]
fn nesting_stops_at_its_depth_limit() {
    let mut url = "https://end.example/?gclid=deep".to_owned();
    for _ in 0..6 {
        url = format!(
            "https://hop.example/?u={}",
            crate::encode::url_component(&url)
        );
    }
    let found = extract(&url);
    let deepest = found.iter().flat_map(|f| &f.params).map(|p| p.depth).max();
    assert_eq!(deepest, Some(MAX_NESTING));
}

#[test]
fn macros_never_replaced_are_flagged() {
    let found =
        extract("https://t.example/pb?cid={clickid}&a=%7Bsub1%7D&b=REPLACE&c=[CLICK_ID]&d=ok");
    let flagged: Vec<(String, bool)> = found
        .iter()
        .flat_map(|f| &f.params)
        .map(|p| (p.name.clone(), p.unreplaced))
        .collect();
    let want = [
        ("cid", true),
        ("a", true),
        ("b", true),
        ("c", true),
        ("d", false),
    ];
    assert_eq!(flagged, want.map(|(n, b)| (n.to_owned(), b)).to_vec());
}

#[test]
fn differences_in_case_or_encoding_between_repeats_are_pointed_out() {
    let text = "https://a.example/?cid=Ab%2B1\nhttps://b.example/?cid=Ab+1\nhttps://c.example/?cid=Ab%2b1\nhttps://d.example/?cid=ab%2B1";
    let remarks: Vec<Option<String>> = extract(text)
        .map(|f| f.params.into_iter().map(|p| p.remark).collect())
        .unwrap_or_default();
    assert_eq!(remarks.first(), Some(&None));
    // `+` and `%2B` decode alike, but a form decoder reads `+` as a space: worth pointing out.
    assert!(remarks.get(1).is_some_and(|r| r
        .as_deref()
        .is_some_and(|r| r.starts_with("encoded differently than on line 1"))));
    assert!(remarks.get(2).is_some_and(|r| r
        .as_deref()
        .is_some_and(|r| r.starts_with("encoded differently than on line 1"))));
    assert!(remarks.get(3).is_some_and(|r| r
        .as_deref()
        .is_some_and(|r| r.starts_with("case differs from line 1"))));
}

#[test]
fn each_value_knows_its_line_and_span_in_the_paste() {
    let text = "first line\nGET https://a.example/p?cid=AbC&x=1 HTTP/1.1";
    let found = extract(text);
    let cid = found.as_ref().ok().and_then(|f| f.params.first());
    assert_eq!(cid.map(|p| p.line), Some(2));
    assert_eq!(cid.and_then(|p| p.span.slice(text)), Some("AbC"));
    assert_eq!(cid.map(Param::where_text).as_deref(), Some("query, line 2"));
}

#[test]
fn text_without_a_url_or_too_large_says_so() {
    assert_eq!(extract(""), Err(ExtractError::Empty));
    assert_eq!(extract("  \n\t"), Err(ExtractError::Empty));
    assert_eq!(extract("clickid=abc&payout=1"), Err(ExtractError::NoUrl));
    assert_eq!(extract("http:// nothing"), Err(ExtractError::NoUrl));
    assert_eq!(extract("{\"not\": \"har\"}"), Err(ExtractError::NoUrl));
    let huge = "a".repeat(MAX_INPUT_BYTES + 1);
    assert_eq!(
        extract(&huge),
        Err(ExtractError::TooLarge {
            len: MAX_INPUT_BYTES + 1
        })
    );
}

#[test]
fn a_url_without_parameters_is_found_with_no_rows() {
    let found = extract("https://lp.example/landing");
    assert_eq!(found.map(|f| (f.urls.len(), f.params.len())), Ok((1, 0)));
}

#[test]
fn curl_il_output_gives_the_chain_and_the_hop_where_the_click_id_was_lost() {
    let text = "$ curl -IL 'https://ad.example/c?gclid=AbC&utm_source=fb'\n\
                HTTP/2 302\nlocation: https://trk.example/r?gclid=AbC&utm_source=fb\n\n\
                HTTP/2 301\nLocation: /lp?utm_source=fb\n\nHTTP/2 200\ncontent-type: text/html\n";
    let chain = extract(text).ok().and_then(|f| f.chain);
    let Some(chain) = chain else {
        panic!("no chain found")
    };
    let hops: Vec<(&str, Option<u16>)> = chain
        .hops
        .iter()
        .map(|h| (h.url.as_str(), h.status))
        .collect();
    assert_eq!(
        hops,
        [
            ("https://ad.example/c?gclid=AbC&utm_source=fb", Some(302)),
            ("https://trk.example/r?gclid=AbC&utm_source=fb", Some(301)),
            ("https://trk.example/lp?utm_source=fb", Some(200)),
        ]
    );
    assert_eq!(chain.tracked, ["gclid", "utm_source"]);
    assert_eq!(chain.fates[2], [Fate::Lost, Fate::Kept]);
    assert_eq!(chain.first_loss(), Some(2));
    assert_eq!(chain.lost_at(1), None);
}

#[test]
fn pasted_hops_form_a_chain_only_when_asked() {
    let text = "https://a.example/?cid=Ab\nhttps://b.example/?cid=ab\nhttps://c.example/?cid=Ab%20";
    assert_eq!(extract(text).ok().and_then(|f| f.chain), None);
    let chain = extract_with(text, true).ok().and_then(|f| f.chain);
    let fates = chain.map(|c| c.fates.into_iter().flatten().collect::<Vec<_>>());
    assert_eq!(
        fates,
        Some(vec![
            Fate::Start,
            Fate::Recased("ab".into()),
            Fate::Changed("Ab ".into())
        ])
    );
}

/// A HAR 1.2 file of a redirect chain, as the spec shapes it.
fn har(entries: &[(&str, u16, &str)]) -> String {
    let entries: Vec<serde_json::Value> = entries
        .iter()
        .map(|(url, status, redirect)| {
            serde_json::json!({
                "startedDateTime": "2026-11-21T10:00:00.000Z",
                "time": 12,
                "request": { "method": "GET", "url": url, "httpVersion": "HTTP/1.1", "headers": [], "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0 },
                "response": { "status": status, "statusText": "", "httpVersion": "HTTP/1.1", "headers": [], "cookies": [], "content": { "size": 0, "mimeType": "text/html" }, "redirectURL": redirect, "headersSize": -1, "bodySize": 0 },
                "cache": {}, "timings": { "send": 0, "wait": 10, "receive": 2 }
            })
        })
        .collect();
    serde_json::json!({ "log": { "version": "1.2", "creator": { "name": "test", "version": "1" }, "entries": entries } }).to_string()
}

#[test]
fn a_har_file_gives_its_request_parameters_and_redirect_chain() {
    let text = har(&[
        (
            "https://ad.example/c?ttclid=E.C.P&clickid=k1",
            302,
            "https://trk.example/r?ttclid=E.C.P&clickid=k1",
        ),
        (
            "https://trk.example/r?ttclid=E.C.P&clickid=k1",
            302,
            "https://lp.example/?ttclid=E.C.P",
        ),
        ("https://lp.example/?ttclid=E.C.P", 200, ""),
        ("https://cdn.example/app.js?v=3", 200, ""),
    ]);
    let found = extract(&text);
    let Ok(found) = found else {
        panic!("{found:?}")
    };
    assert_eq!(found.urls.len(), 4);
    assert!(found.urls.iter().all(|u| u.origin == UrlOrigin::Har));
    let chain = found.chain.as_ref();
    assert_eq!(chain.map(|c| c.hops.len()), Some(3));
    assert_eq!(
        chain.map(|c| c.tracked.clone()),
        Some(vec!["ttclid".to_owned(), "clickid".to_owned()])
    );
    assert_eq!(chain.and_then(|c| c.lost_at(1)), Some(2));
    assert_eq!(chain.and_then(|c| c.lost_at(0)), None);
}

#[test]
fn json_that_is_not_har_is_searched_as_text_with_a_note() {
    let found = extract(r#"{"log": {"oops": 1}, "link": "https://a.example/?gclid=1"}"#);
    let notes = found.as_ref().map(|f| f.notes.clone()).unwrap_or_default();
    assert!(
        notes.first().is_some_and(|n| n.contains("not a HAR file")),
        "{notes:?}"
    );
    assert_eq!(found.map(|f| f.params.len()), Ok(1));
}

#[test]
fn feeding_in_chunks_gives_the_same_result_as_one_go() {
    let text: String = (0..50)
        .map(|i| format!("{i} https://a.example/?clickid=c{i}&n={}\n", i % 7))
        .collect();
    let whole = extract(&text);
    let mut extractor = Extractor::default();
    let mut offset = 0;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for chunk in lines.chunks(7) {
        let chunk: String = chunk.concat();
        extractor.feed(chunk.trim_end_matches('\n'), offset);
        offset += chunk.len();
    }
    assert_eq!(Ok(extractor.finish(false)), whole);
}

#[test]
fn a_chunked_reading_shows_progress_stops_part_way_and_reads_a_har_file_in_one_go() {
    let text: String = (1..=10)
        .map(|i| format!("line {i} https://a.example/?clickid=c{i}\n"))
        .collect();
    let mut reading = ChunkedExtraction::new(&text, false).unwrap();
    let mut progress = Vec::new();
    while reading.read(4) {
        progress.push(reading.lines());
    }
    assert_eq!(progress, [(4, 10), (8, 10)]);
    assert_eq!(reading.lines(), (10, 10));
    assert_eq!(reading.finish().map(|f| f.params.len()), Ok(10));

    // Stopped after the first chunk: what was read so far, with its lines.
    let mut stopped = ChunkedExtraction::new(&text, false).unwrap();
    assert!(stopped.read(3));
    let found = stopped.finish().unwrap();
    let lines: Vec<usize> = found.params.iter().map(|p| p.line).collect();
    assert_eq!(lines, [1, 2, 3]);

    let file = har(&[("https://a.example/?gclid=G1", 200, "")]);
    let mut reading = ChunkedExtraction::new(&file, false).unwrap();
    assert!(!reading.read(1), "a HAR file is one chunk");
    let found = reading.finish().unwrap();
    assert_eq!(found.urls[0].origin, UrlOrigin::Har);
    assert_eq!(found.params[0].name, "gclid");

    let cases = [
        ("   \n ", ExtractError::Empty),
        ("no link here\nnor here", ExtractError::NoUrl),
    ];
    for (text, want) in cases {
        let got = ChunkedExtraction::new(text, false).and_then(|mut r| {
            while r.read(1) {}
            r.finish()
        });
        assert_eq!(got, Err(want), "{text:?}");
    }
}

proptest! {
    #[test]
    fn reading_in_chunks_of_any_size_gives_what_reading_in_one_go_gives(
        lines in prop::collection::vec(
            prop_oneof![
                "[a-z ]{0,12}",
                "https://[a-z]{1,5}\\.example/\\?clickid=[A-Za-z0-9]{1,6}&n=[0-9]{1,2}",
                Just("HTTP/1.1 302 Found".to_owned()),
                Just("Location: https://b.example/?clickid=x".to_owned()),
            ],
            1..30,
        ),
        chunk in 1usize..12,
        crlf in any::<bool>(),
    ) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        let whole = extract(&text);
        let chunked = ChunkedExtraction::new(&text, false).and_then(|mut r| {
            while r.read(chunk) {}
            r.finish()
        });
        prop_assert_eq!(chunked, whole);
    }

    #[test]
    fn extraction_never_panics_and_top_level_spans_point_at_raw_values(text in any::<String>()) {
        if let Ok(found) = extract(&text) {
            for p in found.params.iter().filter(|p| p.depth == 0 && !p.span.is_empty()) {
                prop_assert_eq!(p.span.slice(&text), Some(p.raw_value.as_str()));
            }
        }
    }

    #[test]
    fn the_result_does_not_depend_on_parameter_order(
        params in prop::collection::btree_map("[a-z]{1,6}", "[A-Za-z0-9_-]{1,12}", 1..6),
        seed in any::<u64>(),
    ) {
        let mut list: Vec<(String, String)> = params.into_iter().collect();
        let url_a = format!("https://a.example/?{}", list.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&"));
        let len = list.len();
        list.rotate_left((seed as usize) % len);
        let url_b = format!("https://a.example/?{}", list.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&"));
        let mut a = pairs(&url_a);
        let mut b = pairs(&url_b);
        a.sort();
        b.sort();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn a_nested_url_gives_the_same_ids_encoded_once_or_twice(
        id in "[A-Za-z0-9_-]{1,20}",
        key in prop::sample::select(vec!["url", "u", "redirect", "dest", "r", "lp"]),
    ) {
        let inner = format!("https://lp.example/?gclid={id}&x=1");
        let once = crate::encode::url_component(&inner);
        let twice = crate::encode::url_component(&once);
        let nested = |outer: String| -> Vec<(String, String)> {
            extract(&outer)
                .map(|f| f.params.into_iter().filter(|p| p.depth == 1).map(|p| (p.name, p.value)).collect())
                .unwrap_or_default()
        };
        let a = nested(format!("https://r.example/?{key}={once}"));
        let b = nested(format!("https://r.example/?{key}={twice}"));
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(a.first().map(|(_, v)| v.clone()), Some(id));
    }

    #[test]
    fn urls_embedded_in_prose_are_found(
        prefix in "[a-z ]{0,20}",
        value in "[A-Za-z0-9_-]{1,30}",
    ) {
        let text = format!("{prefix} https://lp.example/?clickid={value} end");
        prop_assert_eq!(pairs(&text), vec![("clickid".to_owned(), value)]);
    }
}

#[test]
fn binary_data_read_as_text_is_refused_as_not_text_and_text_with_a_few_odd_bytes_is_read() {
    let png = "\u{fffd}PNG\r\n\u{1a}\n\0\0\0\rIHDR https://lp.example/?clickid=x";
    let zipped: String = "\u{fffd}\u{fffd}x".repeat(100);
    let cases = [
        (png.to_owned(), Err(ExtractError::NotText)),
        (zipped, Err(ExtractError::NotText)),
        (
            format!(
                "{}https://lp.example/?clickid=x",
                "caf\u{fffd} ok line\n".repeat(3)
            ),
            Ok(1),
        ),
        ("https://lp.example/?clickid=\u{fffd}".to_owned(), Ok(1)),
    ];
    for (text, want) in cases {
        assert_eq!(extract(&text).map(|e| e.params.len()), want, "{text:?}");
    }
}

/// What a value is by a full parse, with no shortcut: the macro check's reference.
fn unreplaced_by_full_parse(value: &str) -> bool {
    let value = value.trim();
    crate::template::SENTINELS.contains(&value)
        || crate::Template::parse(value).is_ok_and(|t| {
            t.macros()
                .first()
                .is_some_and(|m| m.span.start == 0 && m.span.end == value.len())
        })
}

#[test]
fn urls_are_found_whatever_the_case_of_their_scheme_and_request_lines_need_their_protocol() {
    let cases: &[(&str, &[&str])] = &[
        ("HTTPS://A.example/?x=1", &["HTTPS://A.example/?x=1"]),
        (
            "see hTtP://a.example/?x=1 and https://b.example/",
            &["hTtP://a.example/?x=1", "https://b.example/"],
        ),
        (
            "h http: https:/ https://c.example/?y=2",
            &["https://c.example/?y=2"],
        ),
        ("GET /pb?cid=1 HTTP/1.1", &["/pb?cid=1"]),
        ("GET /pb?cid=1 HTTPS/1.1", &[]),
        (
            "12:00 GET https://t.example/c?cid=1",
            &["https://t.example/c?cid=1"],
        ),
    ];
    for (line, want) in cases {
        let got: Vec<&str> = scan::urls_in_line(line)
            .into_iter()
            .map(|(_, t, _)| t)
            .collect();
        assert_eq!(&got, want, "{line:?}");
    }
}

proptest! {
    #[test]
    fn the_quick_macro_check_agrees_with_a_full_parse(
        value in prop_oneof![
            any::<String>(),
            "[{}\\[\\]#%$ a-zA-Z_]{0,16}",
            Just("{clickid}".to_owned()),
            Just("%%CLICK%%".to_owned()),
            Just(" ${sub1} ".to_owned()),
            Just("REPLACE".to_owned()),
        ],
    ) {
        prop_assert_eq!(is_unreplaced(&value), unreplaced_by_full_parse(&value), "{:?}", value);
    }
}

/// The URLs of a line as they were found before tokens were checked against request lines
/// alone: every token against everything found so far.
fn urls_by_comparing_all(line: &str) -> Vec<(usize, &str, UrlOrigin)> {
    let mut found: Vec<(usize, &str, UrlOrigin)> = scan::request_targets(line).collect();
    for (start, token) in scan::url_tokens(line) {
        let overlaps = found
            .iter()
            .any(|(s, t, _)| start < s + t.len() && *s < start + token.len());
        if !overlaps {
            found.push((start, token, UrlOrigin::Text));
        }
    }
    found.sort_by_key(|(start, _, _)| *start);
    found
}

proptest! {
    #[test]
    fn a_line_gives_the_same_urls_as_comparing_each_with_all_found_before(
        parts in prop::collection::vec(prop_oneof![
            Just("GET "), Just("POST "), Just("\"GET "), Just(" HTTP/1.1"), Just(" HTTP/1.1\" 200"),
            Just("/pb?cid=1"), Just("https://a.example/?c=1"), Just("HTTP://B.example/x?u=https://c.example/?d=2"),
            Just("http://"), Just(" "), Just("\t"), Just("\""), Just(">"), Just("é"), Just("\r"),
            Just("GET https://t.example/c?cid=9 HTTP/1.1"),
        ], 0..40),
    ) {
        let line = parts.concat();
        prop_assert_eq!(scan::urls_in_line(&line), urls_by_comparing_all(&line), "{:?}", line);
    }
}

#[test]
fn a_single_line_holding_thousands_of_urls_and_request_lines_gives_each_of_them_once() {
    // A log whose lines end in bare carriage returns, or a minified document, is one line.
    let entry = "\"GET /c?clickid=r1 HTTP/1.1\" 302 https://lp.example/?clickid=t1\r";
    let line = entry.repeat(5_000);
    let found = scan::urls_in_line(&line);
    assert_eq!(found.len(), 10_000);
    let from_requests = found
        .iter()
        .filter(|(_, _, origin)| *origin == UrlOrigin::RequestLine)
        .count();
    assert_eq!(from_requests, 5_000);
    assert_eq!(found, urls_by_comparing_all(&line));
}
