//! Speed of the core's hot paths, printed as a Markdown table. Run with `scripts/bench`
//! (release build); tests never time things.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use postback_core::{
    diff, evidence_markdown, extract, load_history, read_share_link, verify_signature, BodyText,
    Delivery, Draft, FetchMode, FireRequest, History, Prepared, Run, Scheme, Secrets, Shared,
    SignContext, Signing, Values,
};

/// Runs `f` repeatedly for about half a second and gives the median time of one call.
fn time(mut f: impl FnMut()) -> (Duration, usize) {
    f();
    let mut samples = Vec::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(500) || samples.len() < 5 {
        let t = Instant::now();
        f();
        samples.push(t.elapsed());
    }
    samples.sort();
    let median = samples.get(samples.len() / 2).copied().unwrap_or_default();
    (median, samples.len())
}

fn draft() -> Draft {
    Draft {
        preset: Some("keitaro".into()),
        url: "https://trk.example/postback?subid={subid}&status={status}&payout={payout}&tid={tid}&currency=USD".into(),
        values: Values::from_pairs([
            ("subid", "5f7a1c2b3d4e5f6a7b8c9d0e"),
            ("status", "sale"),
            ("payout", "12.50"),
            ("tid", "T-1&2"),
        ]),
        ..Draft::default()
    }
}

fn run(i: usize) -> Run {
    let request =
        FireRequest::get(&format!("https://trk.example/postback?subid=s{i}&payout=1")).unwrap();
    let delivery = Delivery::Read {
        status: 200,
        status_text: "OK".into(),
        body: Some(BodyText::from_bytes(&vec![b'x'; 4096], 4096)),
        headers: vec![("content-type".into(), "text/plain".into())],
        final_url: None,
    };
    let prepared = Prepared {
        draft: draft(),
        request,
        secrets: Secrets::default(),
        mode: FetchMode::Read,
    };
    Run::new(
        format!("run-{i}"),
        1_763_700_000_000 + i as u64,
        &prepared,
        vec![],
        delivery,
        42,
    )
}

fn main() {
    let d = draft();
    let log: String = (0..100_000)
        .map(|i| format!("203.0.113.{} - - [21/Nov/2026:10:00:00 +0000] \"GET /lp?gclid=Cj0KCQiA{i}&utm_source=google HTTP/1.1\" 200 512\n", i % 250))
        .collect();
    let mut history = History::new();
    for i in 0..500 {
        history.push(run(i));
    }
    let stored = history.to_json();
    let fragment = Shared::new(&d, &Signing::Off, None, false, None)
        .to_fragment()
        .unwrap();
    let body = vec![b'{'; 64 * 1024];
    let header = "sha256=00";
    let runs = history.runs.clone();

    let rows: Vec<(&str, String, (Duration, usize))> = vec![
        (
            "build a draft (parse, expand, lint)",
            "5 macros".into(),
            time(|| {
                std::hint::black_box(d.build());
            }),
        ),
        (
            "extract click IDs from an access log",
            format!("{} lines, {} MB", 100_000, log.len() / 1_000_000),
            time(|| {
                std::hint::black_box(extract(&log).unwrap());
            }),
        ),
        (
            "verify a signature, explaining a mismatch",
            "64 KiB body".into(),
            time(|| {
                std::hint::black_box(
                    verify_signature(
                        Scheme::GitHub,
                        "secret",
                        &body,
                        header,
                        &SignContext::default(),
                    )
                    .unwrap(),
                );
            }),
        ),
        (
            "load the stored history",
            format!("500 runs, {} KB", stored.len() / 1000),
            time(|| {
                std::hint::black_box(load_history(Some(&stored)));
            }),
        ),
        (
            "save the history",
            "500 runs".into(),
            time(|| {
                std::hint::black_box(history.to_json());
            }),
        ),
        (
            "export evidence as Markdown",
            "500 runs".into(),
            time(|| {
                std::hint::black_box(evidence_markdown(&runs, 0));
            }),
        ),
        (
            "read a share link",
            format!("{} characters", fragment.len()),
            time(|| {
                std::hint::black_box(read_share_link(&fragment).unwrap());
            }),
        ),
        (
            "compare a template with a live request",
            "5 parameters".into(),
            time(|| {
                std::hint::black_box(
                    diff(
                        &d.url,
                        "GET /postback?status=sale&subid=abc&payout={payout}&x=1 HTTP/1.1",
                    )
                    .unwrap(),
                );
            }),
        ),
    ];
    println!("| operation (native, release) | input | median | samples |");
    println!("|---|---|---:|---:|");
    for (name, input, (median, n)) in rows {
        println!("| {name} | {input} | {median:.2?} | {n} |");
    }
}
