//! Speed of the core's hot paths, printed as a Markdown table: each the median of its samples
//! with the interquartile range, and the extraction beside a plain loop over `url::Url`'s
//! query pairs on the same log. Run with `scripts/bench` (release build); tests never time
//! things.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use postback_core::{
    diff, evidence_markdown, extract, load_history, read_share_link, verify_signature, BodyText,
    Delivery, Draft, FetchMode, FireRequest, History, Prepared, Run, Scheme, Secrets, Shared,
    SignContext, Signing, Values,
};

/// The median time of one call, the interquartile range, and how many calls were timed.
struct Timed {
    median: Duration,
    low: Duration,
    high: Duration,
    samples: usize,
}

/// Runs `f` repeatedly for about half a second and times each call.
fn time(mut f: impl FnMut()) -> Timed {
    f();
    let mut samples = Vec::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(500) || samples.len() < 5 {
        let t = Instant::now();
        f();
        samples.push(t.elapsed());
    }
    samples.sort();
    let at = |q: f64| {
        let i = ((samples.len() - 1) as f64 * q).round() as usize;
        samples.get(i).copied().unwrap_or_default()
    };
    Timed {
        median: at(0.5),
        low: at(0.25),
        high: at(0.75),
        samples: samples.len(),
    }
}

/// The plain alternative to `extract`: every URL on every line, its query pairs, and those of
/// a URL nested in a value.
/// A request path in a log line (`GET /lp?x=1`) is read against a placeholder host.
fn plain_loop(log: &str) -> usize {
    let base = url::Url::parse("http://log.invalid/").unwrap();
    let mut params = 0;
    for line in log.lines() {
        for word in line.split_whitespace() {
            let word = word.trim_matches('"');
            let parsed = if word.starts_with('/') {
                base.join(word)
            } else {
                url::Url::parse(word)
            };
            let Ok(url) = parsed else {
                continue;
            };
            for (_, value) in url.query_pairs() {
                params += 1;
                if let Ok(nested) = url::Url::parse(&value) {
                    params += nested.query_pairs().count();
                }
            }
        }
    }
    params
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

    let rows: Vec<(&str, String, Timed)> = vec![
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
            "the same, as a plain loop over url::Url query pairs",
            format!("{} lines, {} MB", 100_000, log.len() / 1_000_000),
            time(|| {
                std::hint::black_box(plain_loop(&log));
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
    println!("| operation (native, release) | input | median | interquartile range | samples |");
    println!("|---|---|---:|---:|---:|");
    for (name, input, t) in rows {
        println!(
            "| {name} | {input} | {:.2?} | {:.2?}–{:.2?} | {} |",
            t.median, t.low, t.high, t.samples
        );
    }
}
