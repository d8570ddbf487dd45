//! The browser half of `scripts/bench`: start-up and extraction of the release build in
//! headless Chromium, each beside a plain alternative measured in the same run, printed as
//! Markdown tables. `bench DIST [ROUNDS]`.
//!
//! - Start-up: from navigation to the template field on screen (the app's
//!   `postback-tester:ready` mark), against a static page holding the same markup and CSS
//!   (its `DOMContentLoaded`), first visit and repeat visit, interleaved, a fresh browser a
//!   round.
//! - Extraction: from choosing a 100,000-line log file to the summary line, through the app's
//!   own Open a file, against a plain JavaScript loop over `URL`/`URLSearchParams` with one
//!   nested level, on the same file in the same browser; with the longest main-thread task.
//!
//! Every figure is the median of its samples with the interquartile range beside it.
#![allow(
    clippy::print_stdout,
    reason = "a report printed for people is this binary's purpose"
)]

use std::{
    fmt::Write as _,
    path::{Path, PathBuf},
    process::ExitCode,
    time::{Duration, Instant},
};

use fantoccini::{Client, Locator};
use serde_json::Value;
use test_harness::{
    chromium::{BoxError, Chromium},
    Site,
};

/// The path the app is served under, as on GitHub Pages.
const PREFIX: &str = "/postback-tester";

/// Lines in the extraction file.
const LOG_LINES: usize = 100_000;

/// Rounds of extraction, each the app and the loop once.
const EXTRACT_ROUNDS: usize = 5;

/// The plain alternative for extraction: read the file, find each URL on each line, list its
/// query parameters and those of a URL nested in a value, and show the count.
const ANCHOR_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Plain loop</title></head>
<body>
<label for="open-file">Open a file</label> <input id="open-file" type="file">
<p id="summary"></p>
<script>
document.getElementById("open-file").addEventListener("change", async (event) => {
  const text = await event.target.files[0].text();
  const url = /https?:\/\/[^\s"'<>]+/g;
  let params = 0, urls = 0;
  for (const line of text.split("\n")) {
    for (const found of line.matchAll(url)) {
      let parsed;
      try { parsed = new URL(found[0]); } catch { continue; }
      urls++;
      for (const [, value] of parsed.searchParams) {
        params++;
        if (/^https?:\/\//.test(value)) {
          try { for (const _ of new URL(value).searchParams) params++; } catch {}
        }
      }
    }
  }
  document.getElementById("summary").textContent = `${params} parameters in ${urls} URLs`;
});
</script>
</body></html>
"#;

/// Times from a file input's `change` to a summary line, and records the long tasks (over
/// 50 ms) of the main thread. Set up before the file is chosen; read from `window.__bench`.
const WATCH: &str = r#"
const [input, summary] = arguments;
const bench = window.__bench = { start: 0, end: 0, tasks: [] };
document.getElementById(input).addEventListener("change", () => {
  bench.start = performance.now();
}, { capture: true, once: true });
new PerformanceObserver((list) => {
  for (const task of list.getEntries()) bench.tasks.push([task.startTime, task.duration]);
}).observe({ type: "longtask" });
const done = new RegExp(summary);
const watcher = new MutationObserver(() => {
  if (bench.start && !bench.end && done.test(document.body.textContent)) {
    bench.end = performance.now();
    watcher.disconnect();
  }
});
watcher.observe(document.body, { subtree: true, childList: true, characterData: true });
"#;

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let dist = PathBuf::from(args.next().unwrap_or_else(|| "dist".to_owned()));
    let rounds = args.next().and_then(|r| r.parse().ok()).unwrap_or(20);
    match run(&dist, rounds).await {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(dist: &Path, rounds: usize) -> Result<String, BoxError> {
    let work = std::env::temp_dir().join(format!("pbt-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let outcome = measure(dist, &work, rounds).await;
    let _ = std::fs::remove_dir_all(&work);
    outcome
}

async fn measure(dist: &Path, work: &Path, rounds: usize) -> Result<String, BoxError> {
    let app = Site::start(dist, PREFIX)?;
    write_static_copy(&app, dist, work).await?;
    std::fs::write(work.join("anchor.html"), ANCHOR_PAGE)?;
    let log = work.join("day.log");
    std::fs::write(&log, log_lines(LOG_LINES))?;
    let plain = Site::start(work, "")?;

    let mut report = String::new();
    let startup = startup(&app.url(), &format!("{}static.html", plain.url()), rounds).await?;
    let _ = writeln!(
        report,
        "### Start-up: navigation to the template field on screen\n\n\
         {rounds} rounds, each in a fresh browser, the app and the static page in turns; \
         milliseconds, median (interquartile range).\n"
    );
    report.push_str(&startup);

    let extraction = extraction(&app.url(), &format!("{}anchor.html", plain.url()), &log).await?;
    let size = std::fs::metadata(&log)?.len();
    let _ = writeln!(
        report,
        "\n### Extraction: a {LOG_LINES}-line log file ({:.1} MB), from choosing it to the summary line\n\n\
         {EXTRACT_ROUNDS} rounds in one browser, the app and the plain loop in turns; \
         milliseconds, median (interquartile range).\n",
        size as f64 / 1e6
    );
    report.push_str(&extraction);
    Ok(report)
}

/// A day of tracker logs, about 104 bytes a line: a click with its ID, a sub-ID and a nested
/// landing URL.
fn log_lines(count: usize) -> String {
    (0..count)
        .map(|i| {
            format!(
                "12:{:02}:{:02} GET https://trk.example/c?clickid=c{i:08x}&sub1=news&url=https%3A%2F%2Flp.example%2F%3Fref%3D{i}\n",
                (i / 60) % 60,
                i % 60,
            )
        })
        .collect()
}

/// Writes `static.html`: the app's first view as plain HTML with its CSS, and no script.
async fn write_static_copy(app: &Site, dist: &Path, work: &Path) -> Result<(), BoxError> {
    let browser = Chromium::start(&[], None).await?;
    let client = browser.client().clone();
    client.goto(&app.url()).await?;
    wait_ready(&client).await?;
    let body = client
        .execute("return document.body.innerHTML", vec![])
        .await?;
    browser.close().await;
    let css = std::fs::read_dir(dist)?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".css"))
        .ok_or("no CSS file in the build")?;
    std::fs::copy(dist.join(&css), work.join(&css))?;
    std::fs::write(
        work.join("static.html"),
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>Static copy</title><link rel=\"stylesheet\" href=\"{css}\"></head>\
             <body>{}</body></html>\n",
            body.as_str().unwrap_or_default()
        ),
    )?;
    Ok(())
}

/// Milliseconds from navigation to the app's ready mark, once it is set.
async fn wait_ready(client: &Client) -> Result<f64, BoxError> {
    poll(client, "the app's ready mark", "const m = performance.getEntriesByName('postback-tester:ready')[0]; return m ? m.startTime : null;").await
}

/// Milliseconds from navigation to the static page's `DOMContentLoaded`, once it ended.
async fn wait_loaded(client: &Client) -> Result<f64, BoxError> {
    poll(client, "the static page", "const n = performance.getEntriesByType('navigation')[0]; return n && n.domContentLoadedEventEnd > 0 ? n.domContentLoadedEventEnd : null;").await
}

async fn poll(client: &Client, what: &str, script: &str) -> Result<f64, BoxError> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(ms) = client.execute(script, vec![]).await?.as_f64() {
            return Ok(ms);
        }
        if Instant::now() > deadline {
            return Err(format!("timed out waiting for {what}").into());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[derive(Default)]
struct Startup {
    app_first: Vec<f64>,
    app_repeat: Vec<f64>,
    static_first: Vec<f64>,
    static_repeat: Vec<f64>,
}

async fn startup(app: &str, plain: &str, rounds: usize) -> Result<String, BoxError> {
    let mut s = Startup::default();
    for round in 0..rounds {
        let browser = Chromium::start(&[], None).await?;
        let client = browser.client().clone();
        let app_first = round % 2 == 0;
        for turn in 0..2 {
            if (turn == 0) == app_first {
                client.goto(app).await?;
                s.app_first.push(wait_ready(&client).await?);
                // The repeat visit is served by the service worker once it holds the app.
                client
                    .execute_async(
                        "const done = arguments[arguments.length - 1];
                         navigator.serviceWorker.ready.then(() => done(true), () => done(false));",
                        vec![],
                    )
                    .await?;
                client.goto(app).await?;
                s.app_repeat.push(wait_ready(&client).await?);
            } else {
                client.goto(plain).await?;
                s.static_first.push(wait_loaded(&client).await?);
                client.goto(plain).await?;
                s.static_repeat.push(wait_loaded(&client).await?);
            }
        }
        browser.close().await;
    }
    let mut out =
        String::from("| visit | app | static page | app ÷ static |\n|---|---:|---:|---:|\n");
    for (visit, app, plain) in [
        ("first", &mut s.app_first, &mut s.static_first),
        ("repeat", &mut s.app_repeat, &mut s.static_repeat),
    ] {
        let (a, p) = (Spread::of(app), Spread::of(plain));
        let _ = writeln!(
            out,
            "| {visit} | {a} | {p} | {:.2}× |",
            a.median / p.median.max(0.001)
        );
    }
    Ok(out)
}

async fn extraction(app: &str, plain: &str, log: &Path) -> Result<String, BoxError> {
    let browser = Chromium::start(&[], None).await?;
    let client = browser.client().clone();
    let path = log.display().to_string();
    let (mut app_ms, mut app_longest, mut plain_ms, mut plain_longest) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..EXTRACT_ROUNDS {
        client.goto(app).await?;
        wait_ready(&client).await?;
        let (ms, longest) =
            time_file(&client, &path, r"[\d,]+ parameters? in [\d,]+ URLs?").await?;
        app_ms.push(ms);
        app_longest.push(longest);
        client.goto(plain).await?;
        let (ms, longest) = time_file(&client, &path, r"\d+ parameters in \d+ URLs").await?;
        plain_ms.push(ms);
        plain_longest.push(longest);
    }
    browser.close().await;
    let (a, p) = (Spread::of(&mut app_ms), Spread::of(&mut plain_ms));
    let (al, pl) = (Spread::of(&mut app_longest), Spread::of(&mut plain_longest));
    let mut out =
        String::from("| path | to the summary | longest main-thread task |\n|---|---:|---:|\n");
    let _ = writeln!(out, "| the app's Open a file | {a} | {al} |");
    let _ = writeln!(out, "| plain JavaScript loop | {p} | {pl} |");
    let _ = writeln!(
        out,
        "| **app ÷ loop** | {:.2}× | |",
        a.median / p.median.max(0.001)
    );
    Ok(out)
}

/// Chooses `path` in the page's `#open-file` and times it to the summary matching `summary`.
async fn time_file(client: &Client, path: &str, summary: &str) -> Result<(f64, f64), BoxError> {
    // The app's Extract card arrives in a part of its own, after the ready mark.
    client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Id("open-file"))
        .await?;
    client
        .execute(WATCH, vec![Value::from("open-file"), Value::from(summary)])
        .await?;
    client
        .find(Locator::Id("open-file"))
        .await?
        .send_keys(path)
        .await?;
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let bench = client.execute("return window.__bench", vec![]).await?;
        let ms = |key: &str| bench.get(key).and_then(Value::as_f64).unwrap_or_default();
        if ms("end") > 0.0 {
            // Long tasks are reported after they end: give the last one time to arrive.
            tokio::time::sleep(Duration::from_millis(300)).await;
            let longest = client
                .execute(
                    "const b = window.__bench; return Math.max(0, ...b.tasks \
                     .filter(([s, d]) => s + d >= b.start && s <= b.end).map(([, d]) => d));",
                    vec![],
                )
                .await?;
            return Ok((
                ms("end") - ms("start"),
                longest.as_f64().unwrap_or_default(),
            ));
        }
        if Instant::now() > deadline {
            return Err(format!("no summary within two minutes: {bench}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The median of samples with their interquartile range.
struct Spread {
    median: f64,
    low: f64,
    high: f64,
}

impl Spread {
    fn of(samples: &mut [f64]) -> Self {
        samples.sort_by(f64::total_cmp);
        let at = |q: f64| {
            let i = ((samples.len().saturating_sub(1)) as f64 * q).round() as usize;
            samples.get(i).copied().unwrap_or_default()
        };
        Self {
            median: at(0.5),
            low: at(0.25),
            high: at(0.75),
        }
    }
}

impl std::fmt::Display for Spread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.0} ({:.0}–{:.0})", self.median, self.low, self.high)
    }
}
