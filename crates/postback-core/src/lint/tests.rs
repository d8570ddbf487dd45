use proptest::prelude::*;

use super::*;
use crate::{Preset, Span, SyntaxChoice, Template, TextKind, Values};

fn findings(preset: Option<&str>, source: &str, values: &[(&str, &str)]) -> Vec<Finding> {
    let preset = preset.and_then(Preset::by_id);
    let choice = preset
        .and_then(|p| p.syntax)
        .map_or(SyntaxChoice::Detect, SyntaxChoice::Only);
    let Ok(template) = Template::parse_with(source, TextKind::Url, choice) else {
        return Vec::new();
    };
    let expansion = template.expand(&Values::from_pairs(values.iter().copied()));
    lint(LintInput {
        template: &template,
        expansion: &expansion,
        preset,
    })
}

fn rules(preset: Option<&str>, source: &str, values: &[(&str, &str)]) -> Vec<&'static str> {
    let mut ids: Vec<&str> = findings(preset, source, values)
        .iter()
        .map(|f| f.rule.id())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// A preset id, a template, values, and the rule ids that must fire (and no others).
type Case<'a> = (
    Option<&'a str>,
    &'a str,
    &'a [(&'a str, &'a str)],
    &'a [&'a str],
);

#[test]
fn each_rule_fires_on_its_mistake_and_only_then() {
    let cases: &[Case] = &[
        (
            None,
            "https://t.example/pb?cid={clickid}",
            &[("clickid", "abc")],
            &[],
        ),
        (
            None,
            "https://t.example/pb?cid={clickid}",
            &[],
            &["unreplaced-macro"],
        ),
        (
            None,
            "https://t.example/pb?cid={clickid",
            &[],
            &["template-syntax"],
        ),
        (
            None,
            "https://t.example/pb?cid=%7Bclickid%7D",
            &[],
            &["unreplaced-macro"],
        ),
        (
            None,
            "https://t.example/pb?cid=%5BCLICK_ID%5D",
            &[],
            &["unreplaced-macro"],
        ),
        (
            None,
            "https://t.example/pb?cid=%24%7BSUBID%7D",
            &[],
            &["unreplaced-macro"],
        ),
        (
            None,
            "https://t.example/pb?cid={c}",
            &[("c", "{clickid}")],
            &["unreplaced-macro"],
        ),
        (
            None,
            "https://t.example/pb?cid=REPLACE",
            &[],
            &["sentinel-left"],
        ),
        (
            None,
            "https://t.example/pb?cid=%257Bclickid%257D",
            &[],
            &["double-encoding"],
        ),
        (
            None,
            "https://t.example/pb?cid={c}",
            &[("c", "%41")],
            &["double-encoding"],
        ),
        (
            None,
            "https://t.example/pb?note=a b",
            &[],
            &["unencoded-character"],
        ),
        (
            None,
            "https://t.example/pb?cid={_c}",
            &[("c", "a&b")],
            &["unencoded-character"],
        ),
        (
            None,
            "https://t.example/pb?cid=a+b",
            &[],
            &["plus-in-value"],
        ),
        (
            None,
            "https://t.example/pb?email={e}",
            &[("e", "x")],
            &["personal-data"],
        ),
        (
            None,
            "https://t.example/pb?sub2={e}",
            &[("e", "jane@mail.example")],
            &["personal-data"],
        ),
        (
            None,
            "https://t.example/pb?sub2={e}",
            &[("e", "+44 20 7946 0958")],
            &["personal-data"],
        ),
        (None, "http://t.example/pb?cid=1", &[], &["insecure-http"]),
        (None, "http://127.0.0.1:8080/pb?cid=1", &[], &[]),
        (
            None,
            "https://t.example/pb?payout={p}",
            &[("p", "1,000.50")],
            &["payout-format"],
        ),
        (
            None,
            "https://t.example/pb?sum={p}",
            &[("p", "$10")],
            &["payout-format"],
        ),
        (
            None,
            "https://t.example/pb?amount={p}",
            &[("p", "ten")],
            &["payout-format"],
        ),
        (
            None,
            "https://t.example/pb?payout={p}",
            &[("p", "12.50")],
            &[],
        ),
        (None, "https://t.example/pb?payout=-3", &[], &[]),
        (None, "https://t.example/pb?payout=7", &[], &[]),
        (
            None,
            "https://t.example/pb?payout=1e3",
            &[],
            &["payout-format"],
        ),
        (
            None,
            "https://t.example/pb?payout=inf",
            &[],
            &["payout-format"],
        ),
        (
            None,
            "https://t.example/pb?payout=1.",
            &[],
            &["payout-format"],
        ),
        (
            None,
            "https://t.example/pb?payout=.5",
            &[],
            &["payout-format"],
        ),
        (
            None,
            "https://t.example/pb?a=1&a=2",
            &[],
            &["duplicate-key"],
        ),
        // Bytes that are not UTF-8 after decoding, and broken escapes, are read without panic.
        (None, "https://t.example/pb?cid=%ff%fe&x=%zz", &[], &[]),
        (
            None,
            "https://t.example/pb#top?cid=1",
            &[],
            &["fragment-before-query"],
        ),
        (None, "t.example/pb?cid=1", &[], &["invalid-url"]),
        (
            None,
            "https://{domain}/pb?cid=1",
            &[],
            &["unreplaced-macro"],
        ),
        (
            Some("keitaro"),
            "https://t.example/k/postback?sub_id={c}",
            &[("c", "x")],
            &["click-id-missing"],
        ),
        (
            Some("keitaro"),
            "https://t.example/k/postback?cid={c}",
            &[("c", "x")],
            &["click-id-missing"],
        ),
        (
            Some("keitaro"),
            "https://t.example/k/postback?subid=",
            &[],
            &["click-id-empty"],
        ),
        (
            Some("keitaro"),
            "https://t.example/k/postback?subid=x&status=Sale",
            &[],
            &["status-vocabulary"],
        ),
        (
            Some("keitaro"),
            "https://t.example/k/postback?subid=x&status=sale",
            &[],
            &[],
        ),
        (
            Some("bemob"),
            "https://t.example/postback?cid=short",
            &[],
            &["click-id-shape"],
        ),
        (
            Some("taboola"),
            "https://trc.taboola.com/a?click-id=x&name=purchase",
            &[],
            &[],
        ),
        (
            Some("taboola"),
            "https://trc.taboola.com/a?clickid=x",
            &[],
            &["click-id-missing"],
        ),
    ];
    for (preset, source, values, want) in cases {
        let got = rules(*preset, source, values);
        assert_eq!(
            &got,
            want,
            "{preset:?} {source} {values:?}: {:#?}",
            findings(*preset, source, values)
        );
    }
}

#[test]
fn a_misspelled_click_id_key_suggests_the_right_one_at_the_key() {
    let source = "https://t.example/k/postback?sub_id={c}&payout=1";
    let found = findings(Some("keitaro"), source, &[("c", "x")]);
    let finding = found.iter().find(|f| f.rule == Rule::ClickIdMissing);
    assert!(
        finding.is_some_and(|f| f.message.contains("did you mean `subid`")),
        "{found:#?}"
    );
    assert_eq!(
        finding.map(|f| f.spot.clone()),
        Some(Spot::Template(Span::new(29, 35)))
    );
}

#[test]
fn a_problem_caused_by_a_value_points_at_that_value() {
    let found = findings(None, "https://t.example/pb?payout={p}&x=1", &[("p", "1,5")]);
    assert_eq!(
        found.iter().map(|f| f.spot.clone()).collect::<Vec<_>>(),
        vec![Spot::Value {
            name: "p".to_owned()
        }]
    );
}

#[test]
fn an_unreplaced_macro_points_at_the_macro_in_the_template() {
    let found = findings(None, "https://t.example/pb?a=1&cid={clickid}", &[]);
    assert_eq!(
        found.iter().map(|f| f.spot.clone()).collect::<Vec<_>>(),
        vec![Spot::Template(Span::new(29, 38))]
    );
}

#[test]
fn every_preset_example_is_free_of_errors() {
    for preset in crate::PRESETS {
        let found = findings(Some(preset.id), preset.template, preset.example_values);
        let errors: Vec<&Finding> = found
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", preset.id);
    }
}

#[test]
fn every_finding_has_a_message_and_a_fix() {
    let found = findings(
        Some("keitaro"),
        "http://t.example/#x?sub_id={_c}&payout=$1&email=a@b.example&a=1&a=2&s=REPLACE&t={t}",
        &[("c", "a b")],
    );
    assert!(found.len() >= 6, "{found:#?}");
    for f in found {
        assert!(!f.message.is_empty() && !f.fix.is_empty(), "{f:?}");
        assert!(f.fix.ends_with('.'), "{f:?}");
    }
}

proptest! {
    #[test]
    fn lint_never_panics_and_template_spots_fit_the_template(
        source in "\\PC{0,80}",
        value in any::<String>(),
        preset in prop::sample::select(crate::PRESETS.iter().map(|p| p.id).collect::<Vec<_>>()),
    ) {
        let Ok(template) = Template::parse(&source) else { return Ok(()) };
        let names: Vec<String> = template.names().into_iter().map(str::to_owned).collect();
        let values = Values::from_pairs(names.iter().map(|n| (n.clone(), value.clone())));
        let expansion = template.expand(&values);
        for with_preset in [None, Preset::by_id(preset)] {
            for f in lint(LintInput { template: &template, expansion: &expansion, preset: with_preset }) {
                if let Spot::Template(span) = f.spot {
                    prop_assert!(span.end <= source.len(), "{f:?}");
                }
            }
        }
    }
}

#[test]
fn a_scheme_or_a_slash_typed_into_the_domain_is_the_one_finding_with_its_fix() {
    // (value typed into Keitaro's domain, the message it gives; None for a clean value)
    let cases: [(&str, Option<&str>); 5] = [
        (
            "https://tracker.example/",
            Some("the value of domain starts with `https://`, so the URL would hold it twice"),
        ),
        (
            "tracker.example/",
            Some("the value of domain ends with a slash"),
        ),
        (
            "tracker.example/x?",
            Some("the value of domain holds `/`, which changes where the request goes"),
        ),
        (
            "tracker .example",
            Some("the value of domain holds a space, which changes where the request goes"),
        ),
        ("tracker.example", None),
    ];
    for (value, want) in cases {
        let found = findings(
            Some("keitaro"),
            "https://{domain}/cb?subid={subid}",
            &[("domain", value), ("subid", "abc123")],
        );
        match want {
            Some(message) => {
                assert_eq!(found.len(), 1, "{value}: {found:#?}");
                assert_eq!(found[0].message, message, "{value}");
                assert_eq!(found[0].rule, Rule::AddressValue);
                assert!(found[0].fix.contains("like trk.example"), "{value}");
            }
            None => assert!(
                found.iter().all(|f| f.rule != Rule::AddressValue),
                "{value}: {found:#?}"
            ),
        }
    }
}

#[test]
fn a_macro_not_typed_yet_waits_for_a_value_and_an_encoded_one_does_not() {
    let found = findings(None, "https://t.example/pb?cid={cid}&x=%7Bsub%7D", &[]);
    let waiting: Vec<Option<&str>> = found.iter().map(|f| f.waiting_for.as_deref()).collect();
    assert_eq!(waiting, [Some("cid"), None], "{found:#?}");
}

#[test]
fn a_placeholder_left_from_another_platforms_template_is_named_as_that_platforms() {
    let voluum = "https://{domain}/postback?cid=REPLACE";
    let cases = [
        (Some("voluum"), "it is Voluum's placeholder"),
        (Some("keitaro"), "it is a placeholder of BeMob, "),
        (None, "it is a placeholder of BeMob, "),
    ];
    for (preset, want) in cases {
        let found = findings(preset, voluum, &[("domain", "t.example")]);
        let sentinel = found
            .iter()
            .find(|f| f.rule == Rule::SentinelLeft)
            .map(|f| f.message.clone())
            .unwrap_or_default();
        assert!(sentinel.contains(want), "{preset:?}: {sentinel}");
        assert!(!sentinel.contains("Keitaro"), "{preset:?}: {sentinel}");
    }
}

#[test]
fn a_macro_written_with_spaces_is_one_finding_and_its_value_goes_under_the_trimmed_name() {
    // (template, value typed for payout, the one message)
    let cases = [
        (
            "https://t.example/pb?cid={cid}&payout={ payout }",
            "`{ payout }` has a space inside it: the platform replaces only `{payout}`, so it \
             would arrive as it is",
        ),
        (
            "https://t.example/pb?cid={cid}&payout={payout  }",
            "`{payout  }` has a space inside it: the platform replaces only `{payout}`, so it \
             would arrive as it is",
        ),
        (
            "https://t.example/pb?cid={cid}&payout={\u{a0}payout\t}",
            "`{⟨U+00A0⟩payout⟨U+0009⟩}` has a space inside it: the platform replaces only \
             `{payout}`, so it would arrive as it is",
        ),
        (
            "https://t.example/pb?cid={cid}&payout=${ payout }",
            "`${ payout }` has a space inside it: the platform replaces only `${payout}`, so it \
             would arrive as it is",
        ),
    ];
    for (source, message) in cases {
        let template = Template::parse(source).unwrap();
        assert_eq!(template.names(), ["cid", "payout"], "{source}");
        let found = findings(None, source, &[("cid", "abc"), ("payout", "12.50")]);
        assert_eq!(found.len(), 1, "{source}: {found:#?}");
        assert_eq!(found[0].message, message);
        assert_eq!(found[0].rule, Rule::TemplateSyntax);
        assert!(found[0].fix.starts_with("Remove the spaces: write "));
        let filled = template.expand(&Values::from_pairs([("cid", "abc"), ("payout", "12.50")]));
        assert!(filled.text.ends_with("payout=12.50"), "{}", filled.text);
    }
    // A space that is not around the name stays a malformed macro, kept as text.
    let inside = Template::parse("https://t.example/?p={pay out}").unwrap();
    assert!(inside.names().is_empty());
    assert_eq!(inside.problems().len(), 1);
}

#[test]
fn a_whole_web_address_pasted_into_a_value_is_named_with_the_click_id_it_holds() {
    let source = "https://t.example/pb?cid={clickid}&payout={payout}&back={return_url}";
    // (value pasted for clickid, the fix's end; None when no finding is due)
    let cases: [(&str, Option<&str>); 4] = [
        (
            "https://shop.example/land?gclid=Cj0KCQiA-9x2&utm_source=x",
            Some("holds gclid=Cj0KCQiA-9x2, so type Cj0KCQiA-9x2."),
        ),
        (
            " http://shop.example/land ",
            Some("not the whole address: the Extract card finds values in a pasted URL."),
        ),
        ("Cj0KCQiA-9x2", None),
        ("mailto:a@b.example", None),
    ];
    // A name that only contains a URL word is still a click ID.
    let found = findings(
        None,
        "https://t.example/pb?r={clickref}",
        &[("clickref", "https://shop.example/?gclid=abc123")],
    );
    assert!(
        found.iter().any(|f| f.rule == Rule::PastedUrl),
        "{found:#?}"
    );
    for (pasted, want) in cases {
        let found = findings(
            None,
            source,
            &[
                ("clickid", pasted),
                ("payout", "1"),
                ("return_url", "https://shop.example/thanks"),
            ],
        );
        let pasted_url: Vec<&Finding> =
            found.iter().filter(|f| f.rule == Rule::PastedUrl).collect();
        match want {
            Some(end) => {
                assert_eq!(pasted_url.len(), 1, "{pasted}: {found:#?}");
                assert_eq!(
                    pasted_url[0].message,
                    "the value of clickid is a whole web address"
                );
                assert_eq!(pasted_url[0].severity, Severity::Warning);
                assert!(pasted_url[0].fix.ends_with(end), "{}", pasted_url[0].fix);
            }
            None => assert!(pasted_url.is_empty(), "{pasted}: {found:#?}"),
        }
    }
}

#[test]
fn a_template_without_its_domain_is_one_finding_not_a_request_to_the_path() {
    for source in [
        "https:///postback?clickid={c}",
        "https:/postback?clickid={c}",
    ] {
        let found = findings(None, source, &[("c", "abc")]);
        let invalid: Vec<&Finding> = found
            .iter()
            .filter(|f| f.rule == Rule::InvalidUrl)
            .collect();
        assert_eq!(invalid.len(), 1, "{source}: {found:#?}");
        assert!(
            invalid[0]
                .message
                .starts_with("there is no domain right after https://"),
            "{source}"
        );
    }
}

#[test]
fn one_character_repeated_sixty_thousand_times_is_one_finding_with_its_count() {
    let source = format!("https://t.example/pb?cid=1&x=a{}b", " ".repeat(60_000));
    let found = findings(None, &source, &[]);
    assert_eq!(
        found.len(),
        1,
        "{:?}",
        found.iter().map(|f| &f.message).collect::<Vec<_>>()
    );
    assert!(found[0]
        .message
        .ends_with("(60000 places; the first is shown)"));
}
