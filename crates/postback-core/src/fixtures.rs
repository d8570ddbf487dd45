//! The version rule, enforced: a fixture of every version of every stored or shared format
//! lives in `src/fixtures/`, every one of them is read by the current build, and a sample of
//! each format written today must equal the current version's fixture byte for byte in
//! meaning, so a change to a format that forgets to bump its version fails here.
//!
//! After a deliberate change: bump the format's version by adding an upgrade step, keep the
//! old fixtures, and write the new version's with
//! `WRITE_FIXTURES=1 cargo test -p postback-core fixtures`.

use std::path::PathBuf;

use serde_json::Value;

use crate::{
    evidence_json, load_history, load_saved, read_evidence, read_result_link, read_share_link,
    BodyKind, BodyText, Delivery, Draft, FetchMode, FireRequest, History, LeftOut, Loaded, Method,
    PartnerCheck, Prepared, Run, SavedDraft, SavedSecrets, Scenario, Scheme, Secrets, SentLinks,
    Shared, SharedResult, Signing, Syntax, SyntaxChoice, Values, EVIDENCE_VERSION, SHARE_VERSION,
    STORE_VERSION,
};
use crate::{
    load_plans, plan_json, read_plan, CellState, Plan, PlanRun, StoredPlan, StoredPlans,
    PLAN_VERSION,
};

/// A stored or shared format, its current version, and a sample of it written today.
struct Format {
    name: &'static str,
    /// The version it first appeared in.
    first: u32,
    version: u32,
    sample: fn() -> Value,
    /// Reads a fixture's text as the app would; `Err` says why it could not.
    read: fn(&str) -> Result<(), String>,
}

fn formats() -> [Format; 9] {
    [
        Format {
            name: "runs",
            first: 1,
            version: STORE_VERSION,
            sample: || to_value(&history()),
            read: |text| match load_history(Some(text)) {
                Loaded::Read { .. } => Ok(()),
                other => Err(format!("{other:?}")),
            },
        },
        Format {
            name: "draft",
            first: 1,
            version: STORE_VERSION,
            sample: || {
                to_value(&SavedDraft::new(
                    &draft(),
                    &Secrets::default(),
                    &LeftOut::default(),
                ))
            },
            read: |text| match load_saved::<SavedDraft>(Some(text)) {
                Loaded::Read { .. } => Ok(()),
                other => Err(format!("{other:?}")),
            },
        },
        Format {
            name: "secrets",
            first: 1,
            version: STORE_VERSION,
            sample: || {
                let draft = draft();
                let signing = signing();
                to_value(&SavedSecrets::new(
                    &draft,
                    &Secrets::of(&draft, &signing),
                    &signing,
                ))
            },
            read: |text| match load_saved::<SavedSecrets>(Some(text)) {
                Loaded::Read { .. } => Ok(()),
                other => Err(format!("{other:?}")),
            },
        },
        Format {
            name: "sent-links",
            first: 4,
            version: STORE_VERSION,
            sample: || {
                let mut sent = SentLinks::new();
                sent.record(&SentLinks::mark_of("pbt=4.sample"), 1_763_700_000_000);
                sent.record(&SentLinks::mark_of("pbt=4.sample"), 1_763_700_060_000);
                to_value(&sent)
            },
            read: |text| match load_saved::<SentLinks>(Some(text)) {
                Loaded::Read { .. } => Ok(()),
                other => Err(format!("{other:?}")),
            },
        },
        Format {
            name: "share",
            first: 1,
            version: SHARE_VERSION,
            sample: || to_value(&shared()),
            read: |text| {
                let shared: Shared = serde_json::from_str(text).map_err(|e| e.to_string())?;
                let fragment = shared.to_fragment().map_err(|e| e.to_string())?;
                read_share_link(&fragment)
                    .map(drop)
                    .map_err(|e| e.to_string())
            },
        },
        Format {
            name: "result",
            first: 1,
            version: SHARE_VERSION,
            sample: || to_value(&SharedResult::new("Anna (AffNet)", runs().remove(0), 2)),
            read: |text| {
                let result: SharedResult = serde_json::from_str(text).map_err(|e| e.to_string())?;
                let fragment = result.to_fragment().map_err(|e| e.to_string())?;
                read_result_link(&fragment)
                    .map(drop)
                    .map_err(|e| e.to_string())
            },
        },
        Format {
            name: "evidence",
            first: 1,
            version: EVIDENCE_VERSION,
            sample: || serde_json::from_str(&evidence_json(&runs())).unwrap_or(Value::Null),
            read: |text| read_evidence(text).map(drop).map_err(|e| e.to_string()),
        },
        Format {
            name: "plan",
            first: 1,
            version: PLAN_VERSION,
            sample: || serde_json::from_str(&plan_json(&plan())).unwrap_or(Value::Null),
            read: |text| read_plan(text).map(drop).map_err(|e| e.to_string()),
        },
        Format {
            name: "plans",
            first: 1,
            version: PLAN_VERSION,
            sample: || serde_json::from_str(&stored_plans().to_json()).unwrap_or(Value::Null),
            read: |text| match load_plans(Some(text)) {
                Loaded::Read { .. } => Ok(()),
                other => Err(format!("{other:?}")),
            },
        },
    ]
}

/// A plan with every field set away from its default, secrets kept out.
fn plan() -> Plan {
    let mut plan = Plan::from_builder("plan-1", "Launch checklist", &draft(), &signing());
    plan.add_partner(
        &Draft {
            preset: Some("binom".into()),
            url: "https://b.example/click.php?cnv_id={cnv_id}&cnv_status={cnv_status}".into(),
            values: Values::from_pairs([("cnv_id", "B1")]),
            ..Draft::default()
        },
        &Signing::Off,
    );
    plan.events.push(crate::ConversionEvent::Refund);
    plan.as_test = true;
    plan.for_keeping().0
}

/// The kept plans: one plan, with a run that reached a cell of each state.
fn stored_plans() -> StoredPlans {
    let mut run = PlanRun::new(1_763_700_000_000);
    run.file(
        "p1/registration",
        CellState::Done {
            run: Box::new(runs().remove(0)),
            judgement: crate::Judgement::Met("accepted".into()),
            transaction_id: Some("T-1".into()),
        },
    );
    run.mark_sending("p1/ftd", 1_763_700_001_000, None);
    run.file(
        "p2/registration",
        CellState::NotSent {
            why: "Binom 2 has no value of cnv_status for Registration".into(),
            hint: "Type the value.".into(),
        },
    );
    let mut plans = StoredPlans::default();
    plans.put(StoredPlan {
        plan: plan(),
        run: Some(run),
        changed_ms: 1_763_700_002_000,
    });
    plans
}

fn to_value<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A draft with every field set away from its default.
fn draft() -> Draft {
    Draft {
        preset: Some("affise".into()),
        syntax: SyntaxChoice::Only(Syntax::Braces),
        method: Method::Post,
        url: "https://t.example/pb?clickid={clickid}&secure={secure}#f".into(),
        body_kind: BodyKind::Json,
        body: r#"{"sum":"{sum}"}"#.into(),
        headers: "X-Click: {clickid}".into(),
        values: Values::from_pairs([("clickid", "c1"), ("secure", "s3"), ("sum", "1.5")]),
    }
}

fn signing() -> Signing {
    Signing::Hmac {
        scheme: Scheme::StandardWebhooks,
        secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".into(),
    }
}

fn shared() -> Shared {
    Shared::new(
        &draft(),
        &signing(),
        Some(Scenario::Duplicate),
        false,
        Some(PartnerCheck {
            asked_by: "Anna (AffNet)".into(),
            note: "Please press Fire once.".into(),
        }),
    )
}

/// One run of every kind of delivery.
fn runs() -> Vec<Run> {
    let draft = draft();
    let prepared = Prepared {
        secrets: Secrets::of(&draft, &Signing::Off),
        request: FireRequest::new(
            Method::Post,
            "https://t.example/pb?clickid=c1&secure=s3#f",
            "Content-Type: application/json\nX-Click: c1",
            Some(r#"{"sum":"1.5"}"#.into()),
        )
        .unwrap_or_else(|e| panic!("{e}")),
        draft,
        mode: FetchMode::Read,
    };
    let read = Delivery::Read {
        status: 200,
        status_text: "OK".into(),
        body: Some(BodyText::from_bytes(b"{\"ok\":true}", 1024)),
        headers: vec![("content-type".into(), "application/json".into())],
        final_url: Some("https://t.example/done".into()),
    };
    let deliveries = [
        read,
        Delivery::Hidden,
        Delivery::TimedOut { after_secs: 10 },
        Delivery::Blocked,
        Delivery::Opaque,
        Delivery::Unreachable,
        Delivery::Cancelled,
        Delivery::PreflightFailed,
    ];
    deliveries
        .into_iter()
        .enumerate()
        .map(|(i, delivery)| {
            let run = Run::new(
                format!("run-{i}"),
                1_763_700_000_000 + i as u64,
                &prepared,
                vec!["A note from the check before sending.".into()],
                delivery,
                42,
            );
            // Every field set somewhere: the second run came back from a partner, the first
            // was fired with a problem.
            let problems = if i == 0 {
                vec!["payout: `12,50` is not a plain decimal number".to_owned()]
            } else {
                Vec::new()
            };
            Run {
                from_partner: (i == 1).then(|| "Anna (AffNet)".to_owned()),
                ..run.with_problems(problems)
            }
        })
        .collect()
}

fn history() -> History {
    let mut history = History::new();
    for run in runs() {
        history.push(run);
    }
    history
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/fixtures")
}

#[test]
fn every_fixture_of_every_version_of_every_format_is_read() {
    let formats = formats();
    let mut seen: Vec<(&str, u32)> = Vec::new();
    let entries = std::fs::read_dir(dir()).unwrap_or_else(|e| panic!("{e}"));
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = file.strip_suffix(".json") else {
            continue;
        };
        // `{format}-v{version}` or `{format}-v{version}-{what it is}`.
        let (name, rest) = stem.split_once("-v").unwrap_or((stem, ""));
        let version: u32 = rest
            .split('-')
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let format = formats
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("{file}: no format named {name}"));
        assert!(
            (format.first..=format.version).contains(&version),
            "{file}: {name} has versions {} to {}",
            format.first,
            format.version
        );
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        if let Err(why) = (format.read)(&text) {
            panic!("{file} no longer reads: {why}");
        }
        seen.push((format.name, version));
    }
    for format in &formats {
        for version in format.first..=format.version {
            assert!(
                seen.contains(&(format.name, version)),
                "no fixture of {} version {version}: every version keeps one",
                format.name
            );
        }
    }
}

#[test]
fn todays_formats_equal_their_current_fixtures_so_a_change_bumps_the_version() {
    let write = std::env::var_os("WRITE_FIXTURES").is_some();
    for format in formats() {
        let sample = (format.sample)();
        let path = dir().join(format!("{}-v{}.json", format.name, format.version));
        if write && !path.exists() {
            let text = serde_json::to_string_pretty(&sample).unwrap_or_default();
            std::fs::write(&path, text + "\n").unwrap_or_else(|e| panic!("{e}"));
        }
        let fixture: Value = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or(Value::Null);
        assert_eq!(
            sample,
            fixture,
            "the {name} format changed, but its version is still {v}: add an upgrade step \
             (making it {next}), keep {path}, and write the new fixture with \
             `WRITE_FIXTURES=1 cargo test -p postback-core fixtures`",
            name = format.name,
            v = format.version,
            next = format.version + 1,
            path = path.display(),
        );
    }
}

#[test]
fn a_link_made_by_the_first_version_still_opens() {
    // Made by the build that introduced share links, and kept as it was.
    let link = include_str!("fixtures/share-v1.link").trim();
    let shared = read_share_link(link).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(shared.draft.url, "https://t.example/pb?cid={clickid}");
}
