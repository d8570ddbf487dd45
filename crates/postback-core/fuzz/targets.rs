//! The bodies of the core's fuzz targets. Each takes arbitrary bytes, reads them the way the
//! page reads what a person pastes, opens or follows, and must never panic: a panic in
//! WebAssembly stops the page. `scripts/fuzz` runs them under libFuzzer (cargo +nightly
//! fuzz); the core's tests replay the minimised corpus in `corpus/` through the same bodies.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use postback_core::{
    copy_as, evidence_csv, evidence_json, evidence_markdown, extract_with, load_history,
    load_saved, open_link, plan_scenario, prepare, read_evidence, read_result_link,
    read_share_link, sign_body, verify_signature, with_backup, BodyKind, Change, ChunkedExtraction,
    CopyTarget, Draft, FetchMode, FreshId, Loaded, Method, Moment, SavedDraft, SavedSecrets,
    Scenario, Scheme, Secrets, SignContext, Signing, Syntax, SyntaxChoice, Values, RESULT_KEY,
    SHARE_KEY, SHARE_VERSION,
};

/// Cuts `data` into four texts at zero bytes (the last takes the rest), lossily as UTF-8.
fn parts(data: &[u8]) -> [String; 4] {
    let mut pieces = data
        .splitn(4, |b| *b == 0)
        .map(|p| String::from_utf8_lossy(p).into_owned());
    let mut next = || pieces.next().unwrap_or_default();
    [next(), next(), next(), next()]
}

/// The first byte, as a choice among `n`.
fn choice(data: &[u8], n: usize) -> usize {
    data.first().map_or(0, |b| usize::from(*b) % n.max(1))
}

/// A draft from bytes (URL, body, headers, values as `name=value` lines), built, linted,
/// prepared for every scenario change and every signing, redacted and copied as commands.
pub fn template(data: &[u8]) {
    let [url, body, headers, typed] = parts(data.get(1..).unwrap_or_default());
    let syntax = match choice(data, 9) {
        0 => SyntaxChoice::Detect,
        n => Syntax::ALL
            .get(n - 1)
            .copied()
            .map_or(SyntaxChoice::Detect, SyntaxChoice::Only),
    };
    let values = Values::from_pairs(
        typed
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(n, v)| (n.to_owned(), v.to_owned())),
    );
    let draft = Draft {
        preset: postback_core::PRESETS
            .get(choice(data, 20))
            .map(|p| p.id.to_owned()),
        syntax,
        method: Method::ALL
            .get(choice(data, 5))
            .copied()
            .unwrap_or_default(),
        url,
        body_kind: BodyKind::ALL
            .get(choice(data, 3))
            .copied()
            .unwrap_or_default(),
        body,
        headers,
        values,
    };
    let built = draft.build();
    let _ = built.request(&draft);
    for scenario in Scenario::ALL {
        let _ = plan_scenario(scenario, &draft, &built);
    }
    let signings = [
        Signing::Off,
        Signing::Token {
            param: "token".into(),
            value: typed.clone(),
        },
        Signing::Hmac {
            scheme: Scheme::StandardWebhooks,
            secret: typed.clone(),
        },
    ];
    for signing in &signings {
        let secrets = Secrets::of(&draft, signing);
        let _ = secrets.split(&draft);
        let _ = secrets.left_out(&draft);
        for change in [
            Change::AsBuilt,
            Change::FreshTransactionId,
            Change::WithoutClickId,
            Change::WrongToken,
        ] {
            for mode in [FetchMode::Read, FetchMode::NoCors] {
                let mut moment = Moment {
                    now_ms: u64::MAX,
                    fresh_id: &mut |_: FreshId| "id".to_owned(),
                };
                if let Ok(prepared) = prepare(&draft, signing, change, mode, &mut moment) {
                    let hidden = secrets.redact(prepared.request.clone());
                    let _ = hidden.to_text();
                    for target in CopyTarget::ALL {
                        let _ = copy_as(&prepared.request, target);
                    }
                    let _ = postback_core::classify("https://owner.github.io", &prepared.request)
                        .notes();
                }
            }
        }
    }
}

/// Text, logs, curl output or a HAR file: read in one go and in chunks of any size.
pub fn extract(data: &[u8]) {
    let text = String::from_utf8_lossy(data.get(1..).unwrap_or_default());
    let as_hops = choice(data, 2) == 1;
    if let Ok(found) = extract_with(&text, as_hops) {
        let _ = found.to_csv();
    }
    if let Ok(mut reading) = ChunkedExtraction::new(&text, as_hops) {
        let lines = 1 + choice(data, 7);
        while reading.read(lines) {}
        let _ = reading.finish();
    }
}

/// A link's fragment: as typed, and as a link of ours carrying the bytes (deflated or not).
pub fn links(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = open_link(&text);
    let packed = URL_SAFE_NO_PAD.encode(data);
    for key in [SHARE_KEY, RESULT_KEY] {
        for version in [1, 2, SHARE_VERSION] {
            let fragment = format!("{key}{version}.{packed}");
            let _ = open_link(&fragment);
        }
    }
    let _ = read_share_link(&text);
    if let Ok(result) = read_result_link(&text) {
        let _ = result.run.when();
        let _ = evidence_markdown(std::slice::from_ref(&result.run), 60);
    }
}

/// What storage, an imported file or a backup may hold.
pub fn storage(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Loaded::Read { value, .. } = load_history(Some(&text)) {
        for run in &value.runs {
            let _ = (run.when(), run.when_exact(), run.delivery.verdict());
        }
        let _ = evidence_markdown(&value.runs, -300);
        let _ = evidence_csv(&value.runs);
        let _ = read_evidence(&evidence_json(&value.runs));
    }
    let _ = load_saved::<SavedDraft>(Some(&text));
    let _ = load_saved::<SavedSecrets>(Some(&text));
    if let Ok(runs) = read_evidence(&text) {
        let _ = evidence_markdown(&runs, 0);
        let _ = evidence_csv(&runs);
    }
    let _ = with_backup(Some(&text), &[("postback-tester:draft", &text)]);
}

/// A body, a signature header and a secret, checked under every scheme.
pub fn verify(data: &[u8]) {
    let [secret, body, header, id] = parts(data);
    let timestamp = id.trim().parse::<u64>().unwrap_or(u64::MAX);
    let context = SignContext { timestamp, id };
    for scheme in Scheme::ALL {
        let _ = verify_signature(scheme, &secret, body.as_bytes(), &header, &context);
        let _ = sign_body(scheme, &secret, body.as_bytes(), &context);
    }
}

/// What a plan file, a plan link or the kept plans may hold: read, every cell prepared and
/// judged against nothing, placeholders filled, and the evidence written.
pub fn plans(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let packed = URL_SAFE_NO_PAD.encode(data);
    let _ = postback_core::read_plan_link(&format!("{}1.{packed}", postback_core::PLAN_KEY));
    let mut plans: Vec<postback_core::Plan> = postback_core::read_plan(&text).into_iter().collect();
    let mut runs = vec![postback_core::PlanRun::default()];
    if let Loaded::Read { value, .. } = postback_core::load_plans(Some(&text)) {
        for stored in value.plans {
            runs.extend(stored.run);
            plans.push(stored.plan);
        }
    }
    for plan in plans {
        let _ = postback_core::env_names(&plan);
        let plan = postback_core::fill_known_env(&plan, &|_| Some("v".to_owned()));
        let _ = plan.for_keeping();
        for cell in plan.cells() {
            let mut fresh = |_: FreshId| "id-1".to_owned();
            let mut moment = Moment {
                now_ms: 1_700_000_000_000,
                fresh_id: &mut fresh,
            };
            let _ = plan.prepare_cell(&cell, Some("T"), &mut moment);
        }
        for run in &runs {
            let mut run = run.clone();
            run.resume();
            let _ = (run.summary(&plan).text(), run.preview(&plan).question());
            let _ = postback_core::plan_markdown(&plan, &run);
            let _ = postback_core::plan_junit(&plan, &run);
            let _ = postback_core::plan_json_evidence(&plan, &run);
        }
        let _ = postback_core::plan_link(&plan);
    }
}
