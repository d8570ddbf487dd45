use proptest::prelude::*;

use super::*;

/// A macro's name, its span, and whether it is raw.
type Found<'a> = (&'a str, usize, usize);

fn found(source: &str, choice: SyntaxChoice) -> Vec<(String, usize, usize)> {
    Template::parse_with(source, TextKind::Url, choice)
        .map(|t| {
            t.macros()
                .iter()
                .map(|m| (m.name.clone(), m.span.start, m.span.end))
                .collect()
        })
        .unwrap_or_default()
}

fn owned(want: &[Found]) -> Vec<(String, usize, usize)> {
    want.iter()
        .map(|(n, s, e)| ((*n).to_owned(), *s, *e))
        .collect()
}

#[test]
fn every_syntax_family_is_found_with_its_span() {
    let cases: &[(&str, SyntaxChoice, &[Found])] = &[
        (
            "?cid={clickid}",
            SyntaxChoice::Detect,
            &[("clickid", 5, 14)],
        ),
        (
            "?cid={{click_id}}",
            SyntaxChoice::Detect,
            &[("click_id", 5, 17)],
        ),
        (
            "?cid=[CLICK_ID]",
            SyntaxChoice::Detect,
            &[("CLICK_ID", 5, 15)],
        ),
        ("?r=#reqid#", SyntaxChoice::Detect, &[("reqid", 3, 10)]),
        (
            "?v=%%custom_var%%",
            SyntaxChoice::Detect,
            &[("custom_var", 3, 17)],
        ),
        ("?s=${SUBID}", SyntaxChoice::Detect, &[("SUBID", 3, 11)]),
        (
            "?idfa=(idfa)",
            SyntaxChoice::Only(Syntax::Parens),
            &[("idfa", 6, 12)],
        ),
        ("?raw={_subid}", SyntaxChoice::Detect, &[("subid", 5, 13)]),
        (
            "?st={status:lead=0 sale=1}",
            SyntaxChoice::Detect,
            &[("status", 4, 26)],
        ),
        (
            "?a={a}&b=[b]&c=${C}",
            SyntaxChoice::Detect,
            &[("a", 3, 6), ("b", 9, 12), ("C", 15, 19)],
        ),
        (
            "https://t.example/{key}/pb",
            SyntaxChoice::Detect,
            &[("key", 18, 23)],
        ),
        ("?é={sub.1}", SyntaxChoice::Detect, &[("sub.1", 4, 11)]),
    ];
    for (source, choice, want) in cases {
        assert_eq!(found(source, *choice), owned(want), "{source}");
    }
}

#[test]
fn ambiguous_forms_are_text_unless_the_chosen_syntax_says_otherwise() {
    let cases: &[(&str, SyntaxChoice, &[Found])] = &[
        ("https://t.example/p(x)?a=1", SyntaxChoice::Detect, &[]),
        (
            "https://t.example/p(x)?a=1",
            SyntaxChoice::Only(Syntax::Parens),
            &[("x", 19, 22)],
        ),
        ("?cid={clickid}", SyntaxChoice::Only(Syntax::Brackets), &[]),
        ("https://t.example/#section", SyntaxChoice::Detect, &[]),
        ("http://[::1]:8080/?a=1", SyntaxChoice::Detect, &[]),
        ("?a=100%25&b=%%", SyntaxChoice::Detect, &[]),
        ("stray } brace", SyntaxChoice::Detect, &[]),
        ("no macros here", SyntaxChoice::Detect, &[]),
    ];
    for (source, choice, want) in cases {
        assert_eq!(found(source, *choice), owned(want), "{source}");
    }
}

#[test]
fn sentinels_standing_as_whole_values_become_macros_named_by_their_key() {
    let template = Template::parse(
        "https://t.example/postback?cid=REPLACE&payout=OPTIONAL&txid=OPTIONAL&x=REPLACEMENT&t=_CLICKID_#f",
    );
    let got: Vec<(String, MacroKind)> = template
        .map(|t| {
            t.macros()
                .iter()
                .map(|m| (m.name.clone(), m.kind))
                .collect()
        })
        .unwrap_or_default();
    let want = ["cid", "payout", "txid", "t"]
        .map(|n| (n.to_owned(), MacroKind::Sentinel))
        .to_vec();
    assert_eq!(got, want);
}

#[test]
fn redtrack_replace_me_is_a_sentinel_for_its_key() {
    let template = Template::parse("https://t.example/postback?clickid={replace_me}&sum=1");
    let first = template.ok().and_then(|t| t.macros().first().cloned());
    assert_eq!(first.as_ref().map(|m| m.name.as_str()), Some("clickid"));
    assert_eq!(first.map(|m| m.kind), Some(MacroKind::Sentinel));
}

#[test]
fn each_macro_knows_its_place_and_key() {
    let template = Template::parse("https://{domain}/{path}?{k}={v}&sub={s}#{frag}");
    let got: Vec<(String, Place, Option<String>)> = template
        .map(|t| {
            t.macros()
                .iter()
                .map(|m| (m.name.clone(), m.place, m.key.clone()))
                .collect()
        })
        .unwrap_or_default();
    let want = vec![
        ("domain".to_owned(), Place::Authority, None),
        ("path".to_owned(), Place::Path, None),
        ("k".to_owned(), Place::QueryKey, None),
        ("v".to_owned(), Place::QueryValue, Some("{k}".to_owned())),
        ("s".to_owned(), Place::QueryValue, Some("sub".to_owned())),
        ("frag".to_owned(), Place::Fragment, None),
    ];
    assert_eq!(got, want);
}

#[test]
fn malformed_macros_stay_text_and_are_reported_where_they_are() {
    let cases = [
        (
            "https://t.example/?a={clickid",
            TemplateError::Unclosed {
                span: Span::new(21, 22),
                opener: "{".to_owned(),
            },
        ),
        (
            "a={b{c}",
            TemplateError::Unclosed {
                span: Span::new(2, 3),
                opener: "{".to_owned(),
            },
        ),
        (
            "x={}",
            TemplateError::EmptyName {
                span: Span::new(2, 4),
            },
        ),
        (
            "x={click id}",
            TemplateError::InvalidName {
                span: Span::new(2, 12),
                found: ' ',
            },
        ),
        (
            "x=${A B}",
            TemplateError::InvalidName {
                span: Span::new(2, 8),
                found: ' ',
            },
        ),
    ];
    for (source, want) in cases {
        let template = Template::parse(source);
        let problems = template.as_ref().map(|t| t.problems().to_vec());
        assert_eq!(problems, Ok(vec![want]), "{source:?}");
        let text = template.map(|t| t.expand(&Values::default()).text);
        assert_eq!(text.as_deref(), Ok(source), "the text is kept as typed");
    }
}

#[test]
fn only_an_empty_or_huge_template_fails_to_parse() {
    assert_eq!(Template::parse(""), Err(TemplateError::Empty));
    assert_eq!(Template::parse("  \n"), Err(TemplateError::Empty));
    let huge = "a".repeat(1024 * 1024);
    assert_eq!(
        Template::parse(&huge),
        Err(TemplateError::TooLarge { len: 1024 * 1024 })
    );
}

#[test]
fn every_error_has_a_hint_and_a_lowercase_message() {
    let errors = [
        TemplateError::Empty,
        TemplateError::TooLarge { len: 1 },
        TemplateError::Unclosed {
            span: Span::new(0, 1),
            opener: "{".to_owned(),
        },
        TemplateError::EmptyName {
            span: Span::new(0, 2),
        },
        TemplateError::InvalidName {
            span: Span::new(0, 3),
            found: ' ',
        },
    ];
    for e in errors {
        assert!(!e.hint().is_empty());
        assert_eq!(e.to_string(), e.to_string().to_lowercase(), "{e:?}");
    }
}

#[test]
fn names_are_listed_once_in_order_of_first_appearance() {
    let t = Template::parse("{b}{a}{b}{c}{a}");
    assert_eq!(t.map(|t| t.names().join(",")), Ok("b,a,c".to_owned()));
}

#[test]
fn values_are_encoded_for_the_place_they_stand_in() {
    let cases = [
        (
            TextKind::Url,
            "https://{h}/p/{p}?k={v}#{f}",
            "https://a.example:81/p/x%2Fy?k=a%26b%20c#%23",
        ),
        (
            TextKind::Url,
            "https://t.example/?raw={_v}",
            "https://t.example/?raw=a&b c",
        ),
        (TextKind::Form, "cid={v}&sum={n}", "cid=a%26b%20c&sum=1.5"),
        (
            TextKind::Json,
            r#"{"cid":"{v}","sum":{n}}"#,
            r#"{"cid":"a&b c","sum":1.5}"#,
        ),
        (TextKind::Json, r#"{"q":"{q}"}"#, r#"{"q":"say \"hi\""}"#),
        (TextKind::Header, "X-Token: {v}", "X-Token: a&b c"),
    ];
    let values = Values::from_pairs([
        ("h", "a.example:81"),
        ("p", "x/y"),
        ("v", "a&b c"),
        ("f", "#"),
        ("n", "1.5"),
        ("q", "say \"hi\""),
    ]);
    for (kind, source, want) in cases {
        let out = Template::parse_with(source, kind, SyntaxChoice::Detect)
            .map(|t| t.expand(&values).text);
        assert_eq!(out.as_deref(), Ok(want), "{source}");
    }
}

#[test]
fn expansion_keeps_every_byte_outside_macros() {
    let source = "HTTPS://T.example:8443/p%20x/{k}?A=1&b={v}#frag";
    let template = Template::parse(source);
    let out = template.map(|t| t.expand(&Values::from_pairs([("k", "K"), ("v", "V")])));
    assert_eq!(
        out.map(|o| o.text),
        Ok("HTTPS://T.example:8443/p%20x/K?A=1&b=V#frag".to_owned())
    );
}

#[test]
fn an_empty_value_leaves_the_macro_visible_and_reported() {
    let template = Template::parse("?a={x}&b={x}&c={y}");
    let out = template.map(|t| t.expand(&Values::from_pairs([("x", ""), ("y", "1")])));
    assert_eq!(
        out.as_ref().map(|o| o.text.as_str()),
        Ok("?a={x}&b={x}&c=1")
    );
    assert_eq!(out.map(|o| o.unfilled), Ok(vec!["x".to_owned()]));
}

#[test]
fn output_spans_map_back_to_the_template() {
    let template = Template::parse("https://t.example/?a={x}&b=1");
    let out = template.map(|t| t.expand(&Values::from_pairs([("x", "é é")])));
    let Ok(out) = out else {
        unreachable!("the template parses")
    };
    let filled = out.text.find("%C3").unwrap_or_default();
    assert_eq!(
        out.to_template(Span::new(filled, filled + 3)),
        Some(Span::new(21, 24))
    );
    assert_eq!(
        out.filled_at(Span::new(filled, filled + 1))
            .map(|f| f.name.as_str()),
        Some("x")
    );
    assert_eq!(out.to_template(Span::new(0, 5)), Some(Span::new(0, 5)));
    let end = out.text.len();
    assert_eq!(
        out.to_template(Span::new(end, end)),
        Some(Span::new(28, 28))
    );
}

fn query_value_pairs(url: &str) -> Vec<(String, String)> {
    crate::query_pairs(url)
        .into_iter()
        .map(|p| (p.key.to_owned(), p.decoded_value()))
        .collect()
}

#[test]
fn a_macro_stands_in_the_query_or_the_fragment_by_the_same_rule_as_the_query_module() {
    // The parser decides where a macro stands while it reads; the query module decides where
    // the query is. Both follow the URL Standard: the fragment starts at the first `#`.
    let cases = [
        "https://t.example/pb?a={x}",
        "https://t.example/pb?a=1#{x}",
        "https://t.example/pb#top?a={x}",
        "https://t.example/pb?a=1&b={x}#f",
        "https://t.example/pb#a={x}",
        "https://t.example/{x}?a=1",
    ];
    for source in cases {
        let template = Template::parse(source).unwrap();
        let place = template.macros()[0].place;
        let span = template.macros()[0].span;
        let layout = crate::QueryLayout::of(source);
        let in_query = layout
            .query
            .is_some_and(|q| q.start <= span.start && span.end <= q.end);
        let in_fragment = layout.fragment.is_some_and(|f| f.start <= span.start);
        assert_eq!(
            matches!(place, Place::QueryKey | Place::QueryValue),
            in_query,
            "{source}: {place:?}"
        );
        assert_eq!(place == Place::Fragment, in_fragment, "{source}: {place:?}");
    }
}

fn syntax_strategy() -> impl Strategy<Value = Syntax> {
    prop::sample::select(Syntax::ALL.to_vec())
}

proptest! {
    #[test]
    fn expanding_then_parsing_gives_back_every_value_byte_exact(
        a in any::<String>(),
        b in prop_oneof![Just("& = # + % é".to_owned()), "\\PC{0,40}"],
        syntax in syntax_strategy(),
    ) {
        let (open, close) = syntax.delimiters();
        let source = format!("https://t.example/pb?first={open}a{close}&second={open}b{close}");
        let template = Template::parse_with(&source, TextKind::Url, SyntaxChoice::Only(syntax));
        prop_assert!(template.is_ok());
        let Ok(template) = template else { return Ok(()) };
        prop_assert_eq!(template.names(), vec!["a", "b"]);
        let out = template.expand(&Values::from_pairs([("a", a.clone()), ("b", b.clone())]));
        if a.is_empty() || b.is_empty() {
            return Ok(());
        }
        prop_assert!(out.unfilled.is_empty());
        let parsed = url::Url::parse(&out.text);
        prop_assert!(parsed.is_ok(), "url rejected {}", out.text);
        let pairs = query_value_pairs(&out.text);
        prop_assert_eq!(pairs, vec![("first".to_owned(), a), ("second".to_owned(), b)]);
    }

    #[test]
    fn parsing_arbitrary_text_never_panics_and_spans_fit(source in any::<String>(), parens in any::<bool>()) {
        let choice = if parens { SyntaxChoice::Only(Syntax::Parens) } else { SyntaxChoice::Detect };
        for kind in [TextKind::Url, TextKind::Form, TextKind::Json, TextKind::Header] {
            if let Ok(template) = Template::parse_with(&source, kind, choice) {
                for m in template.macros() {
                    prop_assert!(m.span.slice(&source).is_some());
                }
                for p in template.problems() {
                    prop_assert!(p.span().and_then(|s| s.slice(&source)).is_some());
                }
                let out = template.expand(&Values::from_pairs([("a", "x&y")]));
                for s in &out.segments {
                    prop_assert!(s.output.slice(&out.text).is_some());
                }
            }
        }
    }

    #[test]
    fn expansion_with_no_values_gives_back_the_source(source in any::<String>()) {
        if let Ok(template) = Template::parse(&source) {
            prop_assert_eq!(template.expand(&Values::default()).text, source);
        }
    }

    #[test]
    fn unknown_macros_are_kept_never_dropped(name in "[a-z][a-z_]{0,11}") {
        let source = format!("https://t.example/?a={{{name}}}&b=[{name}]");
        let out = Template::parse(&source).map(|t| t.expand(&Values::default()));
        prop_assert_eq!(out.as_ref().map(|o| o.text.as_str()), Ok(source.as_str()));
        prop_assert_eq!(out.map(|o| o.unfilled), Ok(vec![name]));
    }
}
