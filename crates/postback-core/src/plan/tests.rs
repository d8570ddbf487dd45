use proptest::prelude::*;

use super::*;
use crate::{
    judge, Answers, BodyText, ConversionEvent as E, Delivery, Draft, Duplicates, Expect, FreshId,
    Moment, Scheme, Signing, Values, WRONG_TOKEN,
};

fn draft(preset: Option<&str>, url: &str, values: &[(&str, &str)]) -> Draft {
    Draft {
        preset: preset.map(str::to_owned),
        url: url.to_owned(),
        values: Values::from_pairs(values.iter().copied()),
        ..Draft::default()
    }
}

fn keitaro() -> Draft {
    draft(
        Some("keitaro"),
        "https://k.example/abc/postback?subid={subid}&status={status}&tid={tid}",
        &[("subid", "S1"), ("status", "sale"), ("tid", "T0")],
    )
}

fn exoclick() -> Draft {
    draft(
        Some("exoclick"),
        "https://s.example/tag.php?goal={goal}&tag={tag}&skey={skey}&txid={txid}",
        &[
            ("goal", "g1"),
            ("tag", "t1"),
            ("skey", "k1"),
            ("txid", "X0"),
        ],
    )
}

fn binom() -> Draft {
    draft(
        Some("binom"),
        "https://b.example/click.php?cnv_id={cnv_id}&cnv_status={cnv_status}",
        &[("cnv_id", "B1"), ("cnv_status", "")],
    )
}

/// Prepares `cell` of `plan` with a fixed clock and IDs `id-1`, `id-2` … in order.
fn prepared(plan: &Plan, cell: &Cell, first: Option<&str>) -> Result<crate::Prepared, CellError> {
    let mut n = 0;
    let mut fresh = |_: FreshId| {
        n += 1;
        format!("id-{n}")
    };
    let mut moment = Moment {
        now_ms: 1_700_000_000_000,
        fresh_id: &mut fresh,
    };
    plan.prepare_cell(cell, first, &mut moment)
}

fn cell(plan: &Plan, id: &str) -> Cell {
    plan.cell(id)
        .unwrap_or_else(|| panic!("no cell {id} in {:?}", plan.cells()))
}

fn url_of(plan: &Plan, id: &str, first: Option<&str>) -> Result<String, String> {
    prepared(plan, &cell(plan, id), first)
        .map(|p| p.request.url().to_owned())
        .map_err(|e| e.to_string())
}

#[test]
fn each_partner_gets_its_events_then_the_checks_that_apply_to_it() {
    let mut plan = Plan::from_builder("x", "Launch", &keitaro(), &Signing::Off);
    plan.add_partner(&exoclick(), &Signing::Off);
    plan.add_partner(&binom(), &Signing::Off);
    let got: Vec<(String, Expectation)> = plan.cells().iter().map(|c| (c.id(), c.expect)).collect();
    let want: Vec<(&str, Expectation)> = vec![
        ("p1/registration", Expectation::Accepted),
        ("p1/ftd", Expectation::Accepted),
        ("p1/deposit", Expectation::Accepted),
        ("p1/no-click-id", Expectation::Rejected),
        // Keitaro updates a conversion it has: an unchanged repeat answers like the first.
        ("p1/same-transaction-twice", Expectation::CannotTell),
        ("p2/registration", Expectation::Accepted),
        ("p2/ftd", Expectation::Accepted),
        ("p2/deposit", Expectation::Accepted),
        ("p2/no-click-id", Expectation::Rejected),
        ("p2/wrong-token", Expectation::Rejected),
        // ExoClick refuses a repeat within 24 hours and says so.
        ("p2/same-transaction-twice", Expectation::DuplicateRefused),
        ("p3/registration", Expectation::Accepted),
        ("p3/ftd", Expectation::Accepted),
        ("p3/deposit", Expectation::Accepted),
        // Binom's template has no token and no transaction ID.
        ("p3/no-click-id", Expectation::Rejected),
    ];
    let want: Vec<(String, Expectation)> =
        want.into_iter().map(|(i, e)| (i.to_owned(), e)).collect();
    assert_eq!(got, want);
    assert_eq!(
        plan.cell_count(),
        18,
        "an upper bound, before checks that do not apply"
    );
}

#[test]
fn a_repeat_is_expected_as_each_receiver_documents_it() {
    let cases = [
        (Some(Duplicates::Refused), Expectation::DuplicateRefused),
        (Some(Duplicates::Updated), Expectation::CannotTell),
        (Some(Duplicates::Counted), Expectation::Accepted),
        (Some(Duplicates::Silent), Expectation::CannotTell),
        (Some(Duplicates::Undocumented), Expectation::CannotTell),
        (None, Expectation::CannotTell),
    ];
    for (duplicates, want) in cases {
        assert_eq!(
            super::cells::duplicate_expectation(duplicates),
            want,
            "{duplicates:?}"
        );
    }
}

#[test]
fn each_cell_sends_the_postback_it_promises() {
    let mut plan = Plan::from_builder("x", "Launch", &keitaro(), &Signing::Off);
    plan.add_partner(&exoclick(), &Signing::Off);
    let base = "https://k.example/abc/postback";
    let cases: [(&str, Option<&str>, Result<String, String>); 9] = [
        (
            "p1/registration",
            None,
            Ok(format!("{base}?subid=S1&status=lead&tid=id-1")),
        ),
        (
            "p1/ftd",
            None,
            Ok(format!("{base}?subid=S1&status=sale&tid=id-1")),
        ),
        (
            "p1/deposit",
            None,
            Ok(format!("{base}?subid=S1&status=rebill&tid=id-1")),
        ),
        // Checks send the first event's postback, changed, with a transaction ID of their own.
        (
            "p1/no-click-id",
            None,
            Ok(format!("{base}?status=lead&tid=id-1")),
        ),
        (
            "p1/same-transaction-twice",
            Some("id-7"),
            Ok(format!("{base}?subid=S1&status=lead&tid=id-7")),
        ),
        (
            "p1/same-transaction-twice",
            None,
            Err("the first event of Keitaro 1 has not been sent in this run".to_owned()),
        ),
        (
            "p2/ftd",
            None,
            Err("ExoClick 2 has no value of goal for First deposit (FTD)".to_owned()),
        ),
        (
            "p2/registration",
            None,
            Err("ExoClick 2 has no value of goal for Registration".to_owned()),
        ),
        (
            "p2/no-click-id",
            None,
            Err("ExoClick 2 has no value of goal for Registration".to_owned()),
        ),
    ];
    for (id, first, want) in cases {
        assert_eq!(url_of(&plan, id, first), want, "{id}");
    }
    // With the goal typed for the event, the checks work too.
    if let Some(p) = plan.partner_mut("p2") {
        p.event_values.insert(E::Registration, "g-reg".into());
    }
    let exo = "https://s.example/tag.php";
    assert_eq!(
        url_of(&plan, "p2/wrong-token", None),
        Ok(format!(
            "{exo}?goal=g-reg&tag=t1&skey={WRONG_TOKEN}&txid=id-1"
        ))
    );
    assert_eq!(
        url_of(&plan, "p2/no-click-id", None),
        Ok(format!("{exo}?goal=g-reg&skey=k1&txid=id-1"))
    );
}

#[test]
fn a_signed_partner_is_checked_with_a_wrong_secret_and_fires_as_a_test_where_documented() {
    let signing = Signing::Token {
        param: "key".into(),
        value: "right".into(),
    };
    let mut d = binom();
    d.values.set("cnv_status", "x");
    let mut plan = Plan::from_builder("x", "Launch", &d, &signing);
    plan.partners[0]
        .event_values
        .insert(E::Registration, "reg".into());
    plan.as_test = true;
    let base = "https://b.example/click.php?cnv_id=B1&cnv_status=reg&disable_postback=1";
    assert_eq!(
        url_of(&plan, "p1/registration", None),
        Ok(format!("{base}&key=right"))
    );
    assert_eq!(
        url_of(&plan, "p1/wrong-token", None),
        Ok(format!("{base}&key={WRONG_TOKEN}"))
    );
    // An HMAC-signed partner gets a signature made with a wrong secret.
    let hmac = Signing::Hmac {
        scheme: Scheme::StandardWebhooks,
        secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".into(),
    };
    let mut signed = Plan::from_builder("y", "Signed", &exoclick(), &hmac);
    signed.partners[0]
        .event_values
        .insert(E::Registration, "g".into());
    let right = prepared(&signed, &cell(&signed, "p1/registration"), None);
    let wrong = prepared(&signed, &cell(&signed, "p1/wrong-token"), None);
    let header = |p: Result<crate::Prepared, CellError>| {
        p.map(|p| p.request.to_text())
            .unwrap_or_default()
            .lines()
            .find(|l| l.starts_with("webhook-signature"))
            .map(str::to_owned)
    };
    assert!(header(right).is_some());
    // ExoClick's skey is in the URL, so that is what is spoilt; the signature stays right.
    assert!(header(wrong).is_some());
}

#[test]
fn empty_values_are_refused_by_name_before_anything_is_sent() {
    let cases: [(&[(&str, &str)], &str); 3] = [
        (
            &[("subid", ""), ("status", "x"), ("tid", "T")],
            "the click ID of Keitaro 1 is empty",
        ),
        (
            &[("subid", "  "), ("status", "x"), ("tid", "T")],
            "the click ID of Keitaro 1 is empty",
        ),
        (&[("subid", "S"), ("status", "x")], ""),
    ];
    for (values, want) in cases {
        let mut d = keitaro();
        d.values = Values::from_pairs(values.iter().copied());
        let plan = Plan::from_builder("x", "Launch", &d, &Signing::Off);
        let got = url_of(&plan, "p1/registration", None)
            .err()
            .unwrap_or_default();
        assert_eq!(got, want, "{values:?}");
    }
    // A value the event does not set, left empty.
    let d = draft(
        None,
        "https://t.example/pb?cid={cid}&offer={offer}",
        &[("cid", "c"), ("offer", "")],
    );
    let plan = Plan::from_builder("x", "Launch", &d, &Signing::Off);
    assert_eq!(
        url_of(&plan, "p1/registration", None),
        Err("Partner 1 has no value for offer".to_owned())
    );
}

fn read(status: u16, body: &str) -> Delivery {
    Delivery::Read {
        status,
        status_text: String::new(),
        body: Some(BodyText::from_bytes(body.as_bytes(), 1024)),
        headers: vec![],
        final_url: None,
    }
}

#[test]
fn a_cell_gets_the_same_verdict_as_fire_and_the_same_judgement_as_a_scenario_step() {
    let deliveries = [
        read(200, "OK"),
        read(
            200,
            "ERROR: This conversion has already been notified and saved.",
        ),
        read(403, "denied"),
        read(200, "success=false; err_msg=Invalid Trans. ID;"),
        Delivery::Hidden,
        Delivery::Opaque,
        Delivery::Blocked,
        Delivery::PreflightFailed,
        Delivery::Cancelled,
        Delivery::TimedOut { after_secs: 5 },
    ];
    let answers = [Answers::Undocumented, Answers::ExoClick, Answers::Tune];
    let first = read(200, "OK");
    for delivery in &deliveries {
        for answers in answers {
            for (expect, step) in [
                (Expectation::Accepted, Expect::Accepted),
                (Expectation::Rejected, Expect::Rejected),
                (Expectation::DuplicateRefused, Expect::DifferentFromFirst),
            ] {
                let cell = judge_cell(delivery, answers, expect, Some(&first));
                let fire = judge(delivery, answers, Some(step), Some(&first));
                assert_eq!(cell, fire, "{delivery:?} {answers:?} {expect:?}");
            }
            let unknown = judge_cell(delivery, answers, Expectation::CannotTell, Some(&first));
            assert_eq!(
                unknown.verdict,
                judge(delivery, answers, None, None).verdict
            );
            assert_eq!(unknown.judgement.map(|j| j.as_str()), Some("unknown"));
        }
    }
}

#[test]
fn a_plan_file_comes_back_as_it_was_and_keeps_no_secret() {
    let hmac = Signing::Hmac {
        scheme: Scheme::Shopify,
        secret: "hmac-secret-value".into(),
    };
    let mut plan = Plan::from_builder("x", "Launch \"Q4\"", &exoclick(), &hmac);
    plan.add_partner(&keitaro(), &Signing::Off);
    plan.as_test = true;
    let (kept, secrets) = plan.for_keeping();
    let text = plan_json(&kept);
    assert_eq!(read_plan(&text), Ok(kept.clone()));
    for secret in ["k1", "hmac-secret-value"] {
        assert!(
            !text.contains(&format!("\"{secret}\"")),
            "{secret} in {text}"
        );
    }
    assert_eq!(
        secrets.into_iter().collect::<Vec<_>>(),
        [
            ("P1_SECRET".to_owned(), "hmac-secret-value".to_owned()),
            ("P1_SKEY".to_owned(), "k1".to_owned())
        ]
    );
    assert_eq!(
        env_names(&kept),
        Ok(vec!["P1_SKEY".into(), "P1_SECRET".into()])
    );
    // Filled from the run dialog, it is the plan it was.
    let lookup = |name: &str| match name {
        "P1_SKEY" => Some("k1".to_owned()),
        "P1_SECRET" => Some("hmac-secret-value".to_owned()),
        _ => None,
    };
    assert_eq!(fill_env(&kept, &lookup), Ok(plan.clone()));
    // Kept again, nothing changes.
    assert_eq!(kept.for_keeping().0, kept);
}

#[test]
fn files_that_are_not_plans_or_from_a_newer_version_are_refused_by_name() {
    let cases: [(&str, &str); 8] = [
        ("", "the file is empty"),
        ("  \n", "the file is empty"),
        ("[]", "not a Postback Tester plan"),
        (r#"{"format":"postback-evidence","v":1}"#, "not a Postback Tester plan"),
        (r#"{"format":"postback-plan","v":2}"#, "made by a newer version (plan format 2)"),
        (r#"{"format":"postback-plan"}"#, "the plan cannot be read: no format version"),
        (
            r#"{"format":"postback-plan","v":1,"id":"x","name":"n","events":["payday"]}"#,
            "the plan cannot be read: unknown variant `payday`, expected one of `registration`, `ftd`, `deposit`, `qualified-deposit`, `trade`, `challenge-purchase`, `sale`, `upsell`, `refund`, `chargeback`",
        ),
        (r#"{"format":"postback-plan","v":1,"id":"x","name":"n"}"#, ""),
    ];
    for (text, want) in cases {
        let got = read_plan(text)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert_eq!(got, want, "{text}");
    }
    let broken = "{\n  \"format\": \"postback-plan\",\n  oops\n}";
    match read_plan(broken) {
        Err(PlanError::NotJson { span, .. }) => assert_eq!(span.slice(broken), Some("o")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn kept_plans_merge_by_plan_with_the_newest_change_winning() {
    let plan = |id: &str, name: &str, changed_ms| StoredPlan {
        plan: Plan {
            id: id.into(),
            name: name.into(),
            ..Plan::default()
        },
        run: None,
        changed_ms,
    };
    let mut ours = StoredPlans::default();
    ours.put(plan("a", "ours", 5));
    ours.put(plan("b", "ours", 5));
    let mut theirs = StoredPlans::default();
    theirs.put(plan("a", "theirs", 9));
    theirs.put(plan("b", "theirs", 1));
    theirs.put(plan("c", "theirs", 1));
    let merged = ours.merge(theirs);
    let names: Vec<(&str, &str)> = merged
        .plans
        .iter()
        .map(|p| (p.plan.id.as_str(), p.plan.name.as_str()))
        .collect();
    assert_eq!(names, [("b", "ours"), ("a", "theirs"), ("c", "theirs")]);
    assert_eq!(
        load_plans(Some(&merged.to_json())),
        crate::Loaded::Read {
            value: merged,
            from: PLAN_VERSION
        }
    );
}

fn done(judgement: crate::Judgement) -> CellState {
    let prepared = crate::Prepared {
        draft: Draft::default(),
        request: crate::FireRequest::get("https://t.example/").unwrap_or_else(|e| panic!("{e}")),
        secrets: crate::Secrets::default(),
        mode: crate::FetchMode::Read,
    };
    CellState::Done {
        run: Box::new(crate::Run::new(
            "r".into(),
            0,
            &prepared,
            vec![],
            read(200, "OK"),
            1,
        )),
        judgement,
        transaction_id: Some("T-first".into()),
    }
}

#[test]
fn a_resumed_run_skips_what_it_sent_and_never_resends_what_may_have_arrived() {
    let mut plan = Plan::from_builder("x", "Launch", &keitaro(), &Signing::Off);
    plan.add_partner(&exoclick(), &Signing::Off);
    let cells = plan.cells();
    let mut run = PlanRun::new(1);
    assert_eq!(
        run.next(&cells).map(Cell::id),
        Some("p1/registration".into())
    );
    run.file("p1/registration", done(crate::Judgement::Met("ok".into())));
    run.mark_sending("p1/ftd", 2, None);
    // A reload here: ftd may have arrived, so the run goes on after it.
    assert_eq!(run.next(&cells).map(Cell::id), Some("p1/deposit".into()));
    assert_eq!(run.first_transaction(&plan, "p1"), Some("T-first"));
    assert_eq!(run.first_transaction(&plan, "p2"), None);
    let preview = run.preview(&plan);
    // ExoClick 2 has no goal typed for any event: none of its cells can leave yet.
    assert_eq!(
        (
            preview.done,
            preview.may_have_arrived,
            preview.total(),
            preview.not_ready.len()
        ),
        (1, 1, 3, 6)
    );
    assert_eq!(preview.question(), "Send 3 real postbacks: 3 to k.example?");
    run.file(
        "p1/deposit",
        done(crate::Judgement::Missed("HTTP 500".into())),
    );
    run.file(
        "p1/no-click-id",
        CellState::NotSent {
            why: "no".into(),
            hint: "h".into(),
        },
    );
    run.file("p2/ftd", done(crate::Judgement::Unknown("hidden".into())));
    assert_eq!(
        run.summary(&plan).text(),
        "1 of 11 met their expectation; 1 did not; 1 cannot tell; 1 may have arrived; 1 not sent; 6 not reached yet."
    );
    // Only an explicit press sends a cell that may have arrived again.
    run.forget("p1/ftd");
    assert_eq!(run.next(&cells).map(Cell::id), Some("p1/ftd".into()));
    // Taking a partner out takes its cells out of the run.
    let before = plan.clone();
    plan.partners.retain(|p| p.id != "p2");
    assert!(!run.kept_for(&before, &plan, 5).cells.contains_key("p2/ftd"));
}

#[test]
fn the_junit_file_parses_with_one_case_per_cell_and_a_failure_per_unmet_expectation() {
    let mut plan = Plan::from_builder("x", "Launch <Q4> & \"more\"", &keitaro(), &Signing::Off);
    plan.add_partner(&exoclick(), &Signing::Off);
    let mut run = PlanRun::new(1);
    run.file("p1/registration", done(crate::Judgement::Met("ok".into())));
    run.file(
        "p1/ftd",
        done(crate::Judgement::Missed(
            "rejected: <bad> & \"worse\"".into(),
        )),
    );
    run.file(
        "p1/deposit",
        done(crate::Judgement::Unknown("hidden".into())),
    );
    run.mark_sending("p2/registration", 3, None);
    let xml = plan_junit(&plan, &run);
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut cases, mut failures, mut skipped) = (0, Vec::new(), 0);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                match e.name().as_ref() {
                    b"testcase" => cases += 1,
                    b"skipped" => skipped += 1,
                    b"failure" => failures.push(
                        e.try_get_attribute("message")
                            .ok()
                            .flatten()
                            .and_then(|a| a.unescape_value().ok())
                            .map(|v| v.into_owned())
                            .unwrap_or_default(),
                    ),
                    _ => {}
                }
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{e} in {xml}"),
        }
    }
    assert_eq!(cases, plan.cells().len());
    assert_eq!(
        failures,
        [
            "rejected: <bad> & \"worse\"",
            "may have arrived: no answer was filed"
        ]
    );
    assert_eq!(skipped, cases - 3);
    let markdown = plan_markdown(&plan, &run);
    assert!(markdown.contains("| Keitaro 1 | ✅ as expected | ❌ not as expected | ❔ cannot tell | not reached | does not apply | not reached |"), "{markdown}");
}

#[test]
fn every_documented_behaviour_names_its_source_and_only_binom_documents_a_test_flag() {
    for preset in crate::PRESETS {
        let b = preset.behaviour;
        assert!(b.source.starts_with("http"), "{}: no source", preset.id);
        assert_eq!(
            b.test_flag.is_some(),
            preset.id == "binom",
            "{}: a test flag needs a source that documents it",
            preset.id
        );
        for (event, _) in preset.event_values {
            assert!(
                preset.event_param().is_some(),
                "{}: a value for {event:?} with no parameter to carry it",
                preset.id
            );
        }
    }
}

#[test]
fn a_plan_of_ten_thousand_cells_is_counted_and_made_without_trouble() {
    let mut plan = Plan::from_builder("x", "Big", &keitaro(), &Signing::Off);
    plan.events = E::ALL.to_vec();
    for _ in 1..MAX_PARTNERS {
        plan.add_partner(&keitaro(), &Signing::Off);
    }
    assert_eq!(plan.add_partner(&keitaro(), &Signing::Off), None);
    assert_eq!(plan.cell_count(), 13_000);
    assert_eq!(plan.cells().len(), 12_000);
    // Each is prepared for the question: Keitaro documents no status for four of the ten
    // events, so those wait for a value.
    let preview = PlanRun::default().preview(&plan);
    assert_eq!((preview.total(), preview.not_ready.len()), (8_000, 4_000));
    let text = plan_json(&plan);
    assert!(text.len() < MAX_PLAN_BYTES, "{}", text.len());
    assert_eq!(read_plan(&text).map(|p| p.partners.len()), Ok(MAX_PARTNERS));
}

proptest! {
    #[test]
    fn reading_any_text_as_a_plan_never_panics(text in ".{0,400}") {
        let _ = read_plan(&text);
        let _ = load_plans(Some(&text));
    }

    #[test]
    fn any_plan_shaped_json_reads_or_is_refused_and_its_cells_prepare_without_panicking(
        name in ".{0,20}",
        url in "[a-z:/.?=&{}$]{0,40}",
        value in "[a-z${}:_A-Z]{0,20}",
        events in proptest::collection::vec(0usize..10, 0..4),
        as_test in any::<bool>(),
    ) {
        let events: Vec<&str> = events.iter().filter_map(|i| E::ALL.get(*i)).map(|e| e.id()).collect();
        let text = serde_json::json!({
            "format": "postback-plan", "v": 1, "id": "x", "name": name, "as_test": as_test,
            "events": events, "negatives": ["no-click-id", "wrong-token", "same-transaction-twice"],
            "partners": [{"id": "p1", "name": "n", "draft": {"url": url, "values": {"a": value}},
                          "event_param": "a", "event_values": {"ftd": value}}],
        }).to_string();
        if let Ok(plan) = read_plan(&text) {
            let _ = env_names(&plan);
            let _ = fill_env(&plan, &|_| Some("v".to_owned()));
            for cell in plan.cells() {
                let _ = prepared(&plan, &cell, Some("T"));
            }
            let run = PlanRun::default();
            let _ = (plan_markdown(&plan, &run), plan_junit(&plan, &run), plan_json_evidence(&plan, &run));
        }
    }
}

#[test]
fn the_plan_fixtures_and_a_plan_written_today_fit_the_published_json_schema() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/plan.schema.json");
    let schema: serde_json::Value = std::fs::read_to_string(&root)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_else(|| panic!("{} is not JSON", root.display()));
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource("plan.schema.json", schema)
        .unwrap_or_else(|e| panic!("{e}"));
    let index = compiler
        .compile("plan.schema.json", &mut schemas)
        .unwrap_or_else(|e| panic!("{e:#}"));
    let mut plan = Plan::from_builder("x", "Launch", &keitaro(), &Signing::Off);
    plan.add_partner(
        &exoclick(),
        &Signing::Token {
            param: "t".into(),
            value: "v".into(),
        },
    );
    plan.events = E::ALL.to_vec();
    let today: serde_json::Value =
        serde_json::from_str(&plan_json(&plan.for_keeping().0)).unwrap_or_default();
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/plan-v1.json")).unwrap_or_default();
    for value in [today, fixture] {
        if let Err(e) = schemas.validate(&value, index) {
            panic!("{e:#}");
        }
    }
    // And the schema refuses what the reader refuses.
    let newer = serde_json::json!({"format": "postback-plan", "v": 2, "id": "x", "name": "n"});
    assert!(schemas.validate(&newer, index).is_err());
    let unknown_event = serde_json::json!({"format": "postback-plan", "v": 1, "id": "x", "name": "n", "events": ["payday"]});
    assert!(schemas.validate(&unknown_event, index).is_err());
}

#[test]
fn a_plan_link_opens_the_plan_it_was_made_from_and_a_large_one_goes_as_a_file() {
    let plan = Plan::from_builder("x", "Launch", &keitaro(), &Signing::Off)
        .for_keeping()
        .0;
    let fragment = crate::plan_link(&plan).unwrap_or_default();
    assert_eq!(crate::read_plan_link(&fragment), Ok(plan.clone()));
    let crate::Opened::Plan(link) = crate::open_link(&format!("#{fragment}")) else {
        panic!("a plan link opens as a plan link");
    };
    assert_eq!(link.read(), Ok(plan.clone()));
    assert_eq!(
        crate::read_plan_link("pbp=2.AAAA"),
        Err(crate::ShareError::Newer { version: 2 })
    );
    assert_eq!(
        crate::read_plan_link("pbp=1.AAAA"),
        Err(crate::ShareError::Damaged)
    );
    // Click IDs that do not compress: a link holds a few dozen partners, not hundreds.
    let mut big = plan;
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..300 {
        let mut d = exoclick();
        let id: String = (0..4)
            .map(|_| {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                format!("{seed:016x}")
            })
            .collect();
        d.values.set("tag", id);
        big.add_partner(&d, &Signing::Off);
    }
    assert!(matches!(
        crate::plan_link(&big),
        Err(crate::ShareError::TooLarge { .. })
    ));
}

#[test]
fn the_junit_file_parses_whatever_characters_the_names_and_answers_hold() {
    let mut plan = Plan::from_builder("x", "a\u{1}b\u{1b}[31m\u{fffe}", &keitaro(), &Signing::Off);
    plan.partners[0].name = "<x>\u{0}&\"'".into();
    let mut run = PlanRun::new(1);
    run.file(
        "p1/ftd",
        done(crate::Judgement::Missed("\u{7}bell ]]> <!-- -->".into())),
    );
    let xml = plan_junit(&plan, &run);
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut names = Vec::new();
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                if let Ok(Some(a)) = e.try_get_attribute("name") {
                    names.push(
                        a.unescape_value()
                            .map(|v| v.into_owned())
                            .unwrap_or_default(),
                    );
                }
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{e} in {xml}"),
        }
    }
    assert!(
        !xml.chars()
            .any(|c| u32::from(c) < 0x20 && !matches!(c, '\n' | '\t' | '\r')),
        "{xml:?}"
    );
    assert_eq!(
        names.first().map(String::as_str),
        Some("a\u{fffd}b\u{fffd}[31m\u{fffd}")
    );
    assert_eq!(names.get(1).map(String::as_str), Some("<x>\u{fffd}&\"'"));
}

#[test]
fn a_plan_whose_cells_could_not_be_told_apart_is_refused_by_name() {
    let plan = |partners: &str, events: &str| {
        format!(
            r#"{{"format":"postback-plan","v":1,"id":"x","name":"n","events":{events},"partners":{partners}}}"#
        )
    };
    let p = |id: &str| {
        format!(r#"{{"id":"{id}","name":"{id}","draft":{{"url":"https://t.example/pb?cid=c"}}}}"#)
    };
    let cases = [
        (
            plan(&format!("[{},{}]", p("p1"), p("p1")), "[]"),
            "the partner id \"p1\" is listed twice",
        ),
        (
            plan(&format!("[{}]", p("p1")), r#"["ftd","sale","ftd"]"#),
            "the event First deposit (FTD) is listed twice",
        ),
        (
            plan(&format!("[{},{}]", p("p1"), p("p2")), r#"["ftd","sale"]"#),
            "",
        ),
    ];
    for (text, want) in cases {
        assert_eq!(
            read_plan(&text)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default(),
            want,
            "{text}"
        );
    }
}

#[test]
fn a_secret_value_that_holds_a_placeholder_is_asked_for_through_it() {
    let mut d = exoclick();
    d.values.set("skey", "k-${env:AFF_KEY}");
    let plan = Plan::from_builder("x", "Launch", &d, &Signing::Off);
    let (kept, secrets) = plan.for_keeping();
    assert_eq!(
        kept.partners[0].draft.values.get("skey"),
        Some("k-${env:AFF_KEY}")
    );
    assert!(secrets.is_empty(), "{secrets:?}");
    assert_eq!(env_names(&kept), Ok(vec!["AFF_KEY".to_owned()]));
}

#[test]
fn a_partner_keeps_only_the_values_of_its_own_macros() {
    // The builder still holds the last partner's click ID and secret.
    let mut d = keitaro();
    d.values.set("skey", "other-partners-secret");
    d.values.set("clickid", "other-partners-click");
    let plan = Plan::from_builder("x", "Launch", &d, &Signing::Off);
    let names: Vec<&str> = plan.partners[0]
        .draft
        .values
        .iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["status", "subid", "tid"]);
}

#[test]
fn the_event_parameter_is_the_documented_one_or_else_a_macro_named_like_one() {
    let cases: [(Option<&str>, &str, Option<&str>); 6] = [
        (
            Some("keitaro"),
            "https://k.example/pb?subid={subid}&status={status}",
            Some("status"),
        ),
        (
            None,
            "https://t.example/pb?cid={cid}&event={event}",
            Some("event"),
        ),
        (
            None,
            "https://t.example/pb?cid={cid}&Goal={Goal}",
            Some("Goal"),
        ),
        (
            None,
            "https://t.example/pb?cid={cid}&status={status}&goal={goal}",
            Some("goal"),
        ),
        (None, "https://t.example/pb?cid={cid}&payout={payout}", None),
        // A documented parameter the template lacks is not guessed from another name.
        (
            Some("keitaro"),
            "https://k.example/pb?subid={subid}&type={type}",
            Some("type"),
        ),
    ];
    for (preset, url, want) in cases {
        let p = Partner::new("p1", "A", &draft(preset, url, &[]), &Signing::Off);
        assert_eq!(p.event_param.as_deref(), want, "{url}");
        // Values are only prefilled where the platform documents them.
        if preset.is_none() {
            assert!(p.event_values.is_empty(), "{url}");
        }
    }
}

#[test]
fn the_preview_counts_only_what_will_leave_and_names_what_will_not() {
    let mut d = keitaro();
    d.values.set("subid", "");
    let mut plan = Plan::from_builder("x", "Launch", &d, &Signing::Off);
    plan.add_partner(&keitaro(), &Signing::Off);
    let preview = PlanRun::default().preview(&plan);
    // Partner 1 has no click ID: its events and its repeat wait; the check without a
    // click ID is still sent, as it should be refused.
    let labels: Vec<&str> = preview.not_ready.iter().map(|n| n.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Keitaro 1: Registration",
            "Keitaro 1: First deposit (FTD)",
            "Keitaro 1: Deposit",
            "Keitaro 1: Same transaction ID twice",
        ]
    );
    assert_eq!(
        preview.not_ready[0].why,
        "the click ID of Keitaro 1 is empty"
    );
    assert_eq!(preview.total(), 1 + 5);
    assert_eq!(preview.question(), "Send 6 real postbacks: 6 to k.example?");
}

#[test]
fn changing_a_cells_request_forgets_what_its_old_request_got_but_not_what_may_have_arrived() {
    let mut plan = Plan::from_builder("x", "Launch", &keitaro(), &Signing::Off);
    plan.add_partner(&keitaro(), &Signing::Off);
    let mut run = PlanRun::new(1);
    run.file("p1/registration", done(crate::Judgement::Met("ok".into())));
    run.file("p1/ftd", done(crate::Judgement::Met("ok".into())));
    run.file("p2/registration", done(crate::Judgement::Met("ok".into())));
    run.mark_sending("p1/deposit", 2, None);
    type Edit = fn(&mut Plan);
    let all: &[&str] = &["p1/deposit", "p1/ftd", "p1/registration", "p2/registration"];
    let cases: [(&str, Edit, &[&str]); 7] = [
        ("a rename", |p| p.partners[0].name = "New".into(), all),
        // Every cell of the partner sends the click ID: each forgets, but the one in flight.
        (
            "a new click ID",
            |p| p.partners[0].draft.values.set("subid", "S2"),
            &["p1/deposit", "p2/registration"],
        ),
        // Only FTD's request changes.
        (
            "a new event value",
            |p| {
                p.partners[0].event_values.insert(E::Ftd, "dep".into());
            },
            &["p1/deposit", "p1/registration", "p2/registration"],
        ),
        // Keitaro documents no test flag: no request changes.
        ("firing as a test", |p| p.as_test = true, all),
        // An unticked event's results wait for it to be ticked again.
        ("an event unticked", |p| p.set_event(E::Ftd, false), all),
        (
            "a partner taken out",
            |p| p.partners.retain(|x| x.id != "p2"),
            &["p1/deposit", "p1/ftd", "p1/registration"],
        ),
        // The checks then send FTD's postback; the events' own requests stay.
        (
            "the first event changed",
            |p| p.set_event(E::Registration, false),
            all,
        ),
    ];
    for (what, change, want) in cases {
        let mut after = plan.clone();
        change(&mut after);
        let kept = run.kept_for(&plan, &after, 9);
        let ids: Vec<&str> = kept.cells.keys().map(String::as_str).collect();
        assert_eq!(ids, want, "{what}");
        // Forgetting starts a new generation, so another tab's old copy is not merged back.
        assert_eq!(kept.started_ms == 9, ids.len() < all.len(), "{what}");
    }
}

#[test]
fn each_secret_field_is_labelled_with_its_partner_and_value() {
    let mut d = exoclick();
    d.values.set("skey", "${env:AFF_KEY}");
    let mut plan = Plan::from_builder("x", "Launch", &d, &Signing::Off);
    plan.add_partner(&d, &Signing::Off);
    let asks = env_asks(&plan).unwrap_or_default();
    let labels: Vec<(String, String)> = asks.iter().map(|a| (a.name.clone(), a.label())).collect();
    assert_eq!(
        labels,
        [(
            "AFF_KEY".to_owned(),
            "ExoClick 1: skey (and 1 more)".to_owned()
        )]
    );
}

#[test]
fn the_evidence_says_when_the_run_started() {
    let plan = Plan::from_builder("x", "Launch", &keitaro(), &Signing::Off);
    let run = PlanRun::new(1_763_700_000_000);
    assert!(plan_markdown(&plan, &run).contains("Run started 2025-11-21 04:40:00 UTC."));
    assert!(plan_markdown(&plan, &PlanRun::default()).contains("Not run yet."));
    assert!(plan_junit(&plan, &run).contains(r#"timestamp="2025-11-21T04:40:00""#));
}

#[test]
fn a_check_refused_like_the_event_it_changes_cannot_tell() {
    let refused = read(404, "no such route");
    let ok = read(200, "OK");
    let cases: [(&Delivery, Option<&Delivery>, &str); 4] = [
        (&refused, Some(&ok), "met"),
        (&refused, Some(&refused), "unknown"),
        (&refused, None, "met"),
        // A plain OK from a receiver that documents no answers cannot tell either way.
        (&ok, Some(&refused), "unknown"),
    ];
    for (delivery, first, want) in cases {
        let judged = judge_cell(
            delivery,
            Answers::Undocumented,
            Expectation::Rejected,
            first,
        );
        assert_eq!(
            judged.judgement.map(|j| j.as_str()),
            Some(want),
            "{first:?}"
        );
    }
}

#[test]
fn a_placeholder_left_unfilled_is_never_sent_as_written() {
    let mut d = exoclick();
    d.values.set("skey", "${env:EXO_SKEY}");
    let mut plan = Plan::from_builder("x", "Launch", &d, &Signing::Off);
    plan.partners[0]
        .event_values
        .insert(E::Registration, "g".into());
    assert_eq!(
        url_of(&plan, "p1/registration", None),
        Err("the skey of ExoClick 1 was not typed for this run".to_owned())
    );
    let filled = fill_env(&plan, &|_| Some("k1".to_owned())).unwrap_or_default();
    assert!(url_of(&filled, "p1/registration", None).is_ok());
}

#[test]
fn a_cell_marked_sending_keeps_its_transaction_id_for_a_press_to_send_it_again() {
    let mut run = PlanRun::new(1);
    run.mark_sending("p1/ftd", 2, Some("T-1"));
    assert_eq!(run.sent_transaction("p1/ftd"), Some("T-1"));
    assert_eq!(run.sent_transaction("p1/sale"), None);
    run.file("p1/registration", done(crate::Judgement::Met("ok".into())));
    assert_eq!(run.sent_transaction("p1/registration"), Some("T-first"));
}

#[test]
fn a_results_file_opens_the_plan_it_ran() {
    let plan = Plan::from_builder("x", "Launch", &keitaro(), &Signing::Off);
    let (kept, _) = plan.for_keeping();
    let results = plan_json_evidence(&kept, &PlanRun::new(1));
    assert_eq!(read_plan(&results), Ok(kept));
    assert_eq!(
        read_plan("{nope").map_err(|e| e.to_string()),
        Err("not a plan file: it is not JSON (line 1, column 2)".to_owned())
    );
}

#[test]
fn the_question_names_the_host_each_prepared_postback_goes_to() {
    let d = draft(
        None,
        "https://{status}/pb?cid={cid}",
        &[("status", "good.example"), ("cid", "c")],
    );
    let mut plan = Plan::from_builder("x", "Launch", &d, &Signing::Off);
    plan.negatives.clear();
    plan.partners[0].event_param = Some("status".into());
    for e in [E::Registration, E::Ftd, E::Deposit] {
        plan.partners[0]
            .event_values
            .insert(e, "evil.example".into());
    }
    let preview = PlanRun::default().preview(&plan);
    assert_eq!(
        preview.question(),
        "Send 3 real postbacks: 3 to evil.example?"
    );
    assert!(plan.partners[0].receiver_from_values());
    let cases: [(&str, &str, bool); 4] = [
        ("https://{host}/pb", "evil.example/", true),
        ("https://{host}", "evil.example?", true),
        ("https://t.example/pb?h={host}", "evil.example", false),
        ("https://{sub}.t.example/pb", "x", true),
    ];
    for (url, value, want) in cases {
        let name = if url.contains("{sub}") { "sub" } else { "host" };
        let p = Partner::new(
            "p1",
            "A",
            &draft(None, url, &[(name, value)]),
            &Signing::Off,
        );
        assert_eq!(p.receiver_from_values(), want, "{url}");
    }
}

#[test]
fn every_plan_link_made_opens_again() {
    for partners in [1, 50, 200, 500] {
        let mut plan = Plan::from_builder("x", "Many", &keitaro(), &Signing::Off);
        for _ in 1..partners {
            plan.add_partner(&keitaro(), &Signing::Off);
        }
        if let Ok(link) = crate::plan_link(&plan) {
            assert_eq!(
                crate::read_plan_link(&link).map(|p| p.partners.len()),
                Ok(partners),
                "{partners}"
            );
        }
    }
}

#[test]
fn a_refused_repeat_proves_nothing_when_the_event_it_repeats_was_refused_too() {
    let answer = |body: &str| Delivery::Read {
        status: 200,
        status_text: "OK".into(),
        headers: vec![],
        final_url: None,
        body: Some(crate::BodyText::from_bytes(body.as_bytes(), 1024)),
    };
    let refused = answer("ERROR: Secret key is invalid.");
    let taken = answer("OK");
    let cases = [
        // (first event's answer, the repeat's answer, what the repeat check says)
        (&refused, &refused, "unknown"),
        (
            &taken,
            &answer("ERROR: This conversion has already been notified and saved."),
            "met",
        ),
        (&taken, &taken, "missed"),
    ];
    for (first, repeat, want) in cases {
        let judged = judge_cell(
            repeat,
            crate::Answers::ExoClick,
            Expectation::DuplicateRefused,
            Some(first),
        );
        assert_eq!(
            judged.judgement.map(|j| j.as_str()),
            Some(want),
            "{first:?} then {repeat:?}"
        );
    }
}

#[test]
fn a_plan_signed_with_a_kind_this_version_does_not_know_is_refused_not_sent_unsigned() {
    let text = r#"{"format":"postback-plan","v":1,"id":"x","name":"X","events":["ftd"],
        "partners":[{"id":"p1","name":"Exo","draft":{"url":"https://t.example/pb?cid=1"},
        "signing":{"kind":"nope"}}]}"#;
    let read = read_plan(text);
    assert!(
        matches!(&read, Err(PlanError::Broken(why)) if why.contains("\"nope\"")),
        "{read:?}"
    );
    let known = text.replace("\"nope\"", "\"github\"");
    assert!(read_plan(&known).is_ok(), "{known}");
}

#[test]
fn a_plan_name_or_partner_name_of_megabytes_is_cut_to_a_heading_at_a_character_boundary() {
    let long = "é".repeat(100_000);
    let text = serde_json::json!({
        "format": "postback-plan", "v": 1, "id": "x", "name": long,
        "partners": [{"id": "p1", "name": long, "draft": {"url": "https://t.example/pb"}}]
    })
    .to_string();
    let plan = crate::read_plan(&text).unwrap_or_default();
    assert_eq!(plan.name, "é".repeat(crate::MAX_PLAN_NAME_BYTES / 2));
    assert_eq!(
        plan.partners.first().map(|p| p.name.len()),
        Some(crate::MAX_PLAN_NAME_BYTES)
    );
}
