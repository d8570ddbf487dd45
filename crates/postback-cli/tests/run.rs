//! `postback run` of plans made with the core as the page makes them, against endpoints on
//! 127.0.0.1 the tests start: each cell sent once, the exit code, and the JUnit report as a CI
//! tool parses it.

mod support;

use std::collections::BTreeMap;

use postback_core::{plan_json, ConversionEvent, Draft, Negative, Plan, Signing, Values};
use support::{postback_in, temp_dir};
use test_harness::{Endpoint, Route};

/// A partner's postback to `url`, with `values`, for `preset`.
fn draft(preset: Option<&str>, url: &str, values: &[(&str, &str)]) -> Draft {
    Draft {
        preset: preset.map(str::to_owned),
        url: url.to_owned(),
        values: Values::from_pairs(values.iter().copied()),
        ..Draft::default()
    }
}

/// A plan of `drafts`, one partner each named as given, with Registration, FTD and Deposit
/// (each sending its own `goal`) and `negatives`.
fn plan(drafts: &[(&str, Draft)], negatives: &[Negative]) -> Plan {
    let Some((first_name, first)) = drafts.first() else {
        return Plan::default();
    };
    let mut plan = Plan::from_builder("plan-cli", "Launch", first, &Signing::Off);
    for (_, d) in drafts.iter().skip(1) {
        plan.add_partner(d, &Signing::Off);
    }
    plan.events = vec![
        ConversionEvent::Registration,
        ConversionEvent::Ftd,
        ConversionEvent::Deposit,
    ];
    plan.negatives = negatives.to_vec();
    for (partner, (name, _)) in plan.partners.iter_mut().zip(drafts) {
        partner.name = (*name).to_owned();
        partner.event_param = Some("goal".to_owned());
        partner.event_values = BTreeMap::from([
            (ConversionEvent::Registration, "reg".to_owned()),
            (ConversionEvent::Ftd, "ftd".to_owned()),
            (ConversionEvent::Deposit, "dep".to_owned()),
        ]);
    }
    let _ = first_name;
    plan
}

/// The test cases of a JUnit report: (suite, name, "passed" / "failure" / "skipped").
fn junit_cases(xml: &str) -> Result<Vec<(String, String, String)>, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut cases = Vec::new();
    let mut current: Option<(String, String, String)> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let attr = |name: &[u8]| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == name)
                        .and_then(|a| a.unescape_value().ok())
                        .map(|v| v.into_owned())
                        .unwrap_or_default()
                };
                match e.name().as_ref() {
                    b"testcase" => {
                        if let Some(done) = current.take() {
                            cases.push(done);
                        }
                        current = Some((attr(b"classname"), attr(b"name"), "passed".to_owned()));
                    }
                    b"failure" | b"skipped" => {
                        if let Some(c) = current.as_mut() {
                            c.2 = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                        }
                    }
                    _ => {}
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(format!("the JUnit report does not parse: {e}\n{xml}")),
            _ => {}
        }
    }
    cases.extend(current);
    Ok(cases)
}

#[test]
fn run_sends_each_cell_once_and_reports_what_each_receiver_did() -> std::io::Result<()> {
    let endpoint = Endpoint::start([
        ("/exo/tag.php", Route::like_exoclick("k1")),
        ("/reject", Route::text(403, "Forbidden")),
        ("/dedupe", Route::text(200, "OK")),
    ])?;
    let plan = plan(
        &[
            (
                "Exo",
                draft(
                    Some("exoclick"),
                    &endpoint.url("/exo/tag.php?goal={goal}&tag={tag}&skey={skey}&txid={txid}"),
                    &[("tag", "t-1"), ("skey", "k1")],
                ),
            ),
            (
                "Refuser",
                draft(
                    None,
                    &endpoint.url("/reject?goal={goal}&cid={cid}&txid={txid}"),
                    &[("cid", "c-2")],
                ),
            ),
            (
                "Silent",
                draft(
                    None,
                    &endpoint.url("/dedupe?goal={goal}&cid={cid}&txid={txid}"),
                    &[("cid", "c-3")],
                ),
            ),
        ],
        &[Negative::SameTransactionTwice],
    );
    let dir = temp_dir("run")?;
    std::fs::write(dir.join("plan.json"), plan_json(&plan))?;
    let (code, out, err) = postback_in(
        &[
            "run",
            "plan.json",
            "--junit",
            "report.xml",
            "--markdown",
            "report.md",
            "--json",
            "results.json",
        ],
        "",
        Some(&dir),
        &[],
    )?;
    assert_eq!(code, 1, "one partner refuses everything: {out}{err}");
    assert_eq!(
        out.trim(),
        "7 of 12 met their expectation; 3 did not; 2 cannot tell.",
        "{err}"
    );
    assert!(err.contains("Sending 12 postbacks, each once"), "{err}");
    assert!(
        err.contains("[12/12] "),
        "progress is plain lines off a terminal: {err}"
    );
    // Each cell reached its receiver once: three events and the repeat of the first.
    for path in ["/exo/tag.php", "/reject", "/dedupe"] {
        let got = endpoint.requests_to(path);
        assert_eq!(got.len(), 4, "{path}: {got:?}");
        let goals: Vec<String> = got
            .iter()
            .filter_map(|r| {
                r.query_pairs()
                    .into_iter()
                    .find(|(k, _)| k == "goal")
                    .map(|(_, v)| v)
            })
            .collect();
        assert_eq!(goals, ["reg", "ftd", "dep", "reg"], "{path}");
        let txids: Vec<String> = got
            .iter()
            .filter_map(|r| {
                r.query_pairs()
                    .into_iter()
                    .find(|(k, _)| k == "txid")
                    .map(|(_, v)| v)
            })
            .collect();
        assert_eq!(
            txids.get(3),
            txids.first(),
            "{path}: the repeat sends the first event's ID"
        );
    }
    let xml = std::fs::read_to_string(dir.join("report.xml"))?;
    assert!(
        xml.contains(r#"tests="12" failures="3" skipped="2""#),
        "{xml}"
    );
    let cases = junit_cases(&xml).map_err(std::io::Error::other)?;
    let outcome = |suite: &str, starts: &str| {
        cases
            .iter()
            .find(|(s, n, _)| s == suite && n.starts_with(starts))
            .map(|c| c.2.clone())
    };
    assert_eq!(cases.len(), 12, "{cases:?}");
    assert_eq!(outcome("Exo", "First deposit"), Some("passed".into()));
    assert_eq!(
        outcome("Exo", "Same transaction ID twice"),
        Some("passed".into()),
        "ExoClick refuses a repeat and says so"
    );
    assert_eq!(outcome("Refuser", "Registration"), Some("failure".into()));
    assert_eq!(outcome("Silent", "Deposit"), Some("passed".into()));
    assert_eq!(
        outcome("Silent", "Same transaction ID twice"),
        Some("skipped".into()),
        "a silent receiver cannot tell"
    );
    let markdown = std::fs::read_to_string(dir.join("report.md"))?;
    assert!(markdown.starts_with("# Test plan: Launch"), "{markdown}");
    // The results file is one the page opens: it holds the plan.
    let results = std::fs::read_to_string(dir.join("results.json"))?;
    assert_eq!(
        postback_core::read_plan(&results).map(|p| p.partners.len()),
        Ok(3)
    );
    Ok(())
}

#[test]
fn run_fills_env_placeholders_from_the_environment_and_sends_nothing_without_them(
) -> std::io::Result<()> {
    let endpoint = Endpoint::start([("/exo/tag.php", Route::like_exoclick("k1"))])?;
    let plan = plan(
        &[(
            "Exo",
            draft(
                Some("exoclick"),
                &endpoint
                    .url("/exo/tag.php?goal={goal}&tag={tag}&skey={skey}&txid={txid}&aff={aff}"),
                &[
                    ("tag", "t-1"),
                    ("skey", "${env:PBT_TEST_EXO_KEY}"),
                    ("aff", "${env:PBT_TEST_AFF}"),
                ],
            ),
        )],
        &[],
    );
    let dir = temp_dir("env")?;
    std::fs::write(dir.join("plan.json"), plan_json(&plan))?;
    let (code, _, err) = postback_in(&["run", "plan.json"], "", Some(&dir), &[])?;
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("no value for PBT_TEST_AFF, PBT_TEST_EXO_KEY"),
        "{err}"
    );
    assert!(endpoint.requests().is_empty(), "nothing sent");
    let (code, out, err) = postback_in(
        &[
            "run",
            "plan.json",
            "--junit",
            "r.xml",
            "--markdown",
            "r.md",
            "--json",
            "r.json",
        ],
        "",
        Some(&dir),
        &[
            ("PBT_TEST_EXO_KEY", "k1"),
            ("PBT_TEST_AFF", "PRIVATE-AFF-99"),
        ],
    )?;
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.trim(), "3 of 3 met their expectation.");
    let skeys: Vec<String> = endpoint
        .requests()
        .iter()
        .filter_map(|r| {
            r.query_pairs()
                .into_iter()
                .find(|(k, _)| k == "skey")
                .map(|(_, v)| v)
        })
        .collect();
    assert_eq!(skeys, ["k1", "k1", "k1"]);
    for report in ["r.xml", "r.md", "r.json"] {
        let text = std::fs::read_to_string(dir.join(report))?;
        assert!(
            !text.contains("k1") && !text.contains("PRIVATE-AFF-99"),
            "{report}: {text}"
        );
    }
    assert!(!err.contains("PRIVATE-AFF-99"), "{err}");
    Ok(())
}

#[test]
fn run_only_sends_the_partner_or_the_cell_it_names() -> std::io::Result<()> {
    let endpoint = Endpoint::start([
        ("/a", Route::text(200, "OK")),
        ("/b", Route::text(200, "OK")),
    ])?;
    let plan = plan(
        &[
            (
                "Alpha",
                draft(None, &endpoint.url("/a?goal={goal}&cid=1"), &[]),
            ),
            (
                "Beta",
                draft(None, &endpoint.url("/b?goal={goal}&cid=2"), &[]),
            ),
        ],
        &[],
    );
    let dir = temp_dir("only")?;
    std::fs::write(dir.join("plan.json"), plan_json(&plan))?;
    let (code, out, err) = postback_in(
        &["run", "plan.json", "--only", "beta/ftd"],
        "",
        Some(&dir),
        &[],
    )?;
    assert_eq!(code, 0, "{out}{err}");
    assert!(endpoint.requests_to("/a").is_empty());
    assert_eq!(endpoint.requests_to("/b").len(), 1);
    let (code, _, err) = postback_in(
        &["run", "plan.json", "--only", "Gamma"],
        "",
        Some(&dir),
        &[],
    )?;
    assert_eq!(code, 2);
    assert!(err.contains("the plan has no partner \"Gamma\""), "{err}");
    assert!(err.contains("\"Alpha\" (p1)"), "{err}");
    assert_eq!(endpoint.requests().len(), 1, "nothing more sent");
    Ok(())
}

#[test]
fn run_as_test_adds_the_flag_the_platform_documents() -> std::io::Result<()> {
    let endpoint = Endpoint::start([("/binom/click.php", Route::text(200, "OK"))])?;
    let mut plan = plan(
        &[(
            "Binom",
            draft(
                Some("binom"),
                &endpoint.url("/binom/click.php?cnv_id={cnv_id}&goal={goal}"),
                &[("cnv_id", "b-1")],
            ),
        )],
        &[],
    );
    plan.events.truncate(1);
    let dir = temp_dir("as-test")?;
    std::fs::write(dir.join("plan.json"), plan_json(&plan))?;
    let (code, out, err) = postback_in(&["run", "plan.json", "--as-test"], "", Some(&dir), &[])?;
    assert_eq!(code, 0, "{out}{err}");
    let got = endpoint.requests_to("/binom/click.php");
    assert_eq!(got.len(), 1);
    assert!(
        got.iter().all(|r| r
            .query_pairs()
            .contains(&("disable_postback".into(), "1".into()))),
        "{got:?}"
    );
    Ok(())
}

#[test]
fn run_refuses_a_file_that_is_not_a_plan_of_ours_or_is_newer() -> std::io::Result<()> {
    let dir = temp_dir("bad")?;
    let cases = [
        (
            "other.json",
            r#"{"info":{"name":"a Postman collection"}}"#,
            "not a Postback Tester plan",
        ),
        (
            "newer.json",
            r#"{"format":"postback-plan","v":99}"#,
            "newer",
        ),
        ("broken.json", "{\n  \"format\": ", "line 2"),
    ];
    for (name, text, says) in cases {
        std::fs::write(dir.join(name), text)?;
        let (code, _, err) = postback_in(&["run", name], "", Some(&dir), &[])?;
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains(says), "{name}: {err}");
    }
    let (code, _, err) = postback_in(&["run", "missing.json"], "", Some(&dir), &[])?;
    assert_eq!(code, 2);
    assert!(err.contains("missing.json cannot be read"), "{err}");
    Ok(())
}
