//! The browser fixture: a static site for `dist/`, a chromedriver per test, helpers that find
//! controls the way a person does, by their visible labels and names, and the steps every user
//! path shares (fill the template, fill a value, fire, wait for the result, paste, make a link).

use std::{
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::OnceLock,
    time::{Duration, Instant},
};

use fantoccini::{
    elements::Element,
    wd::{WebDriverCompatibleCommand, WindowHandle},
    Client, Locator,
};
use serde_json::json;
pub use test_harness::chromium::{free_port, PHONE};
use test_harness::{chromium::Chromium, Site};

/// A test's result; any error fails the test with its message.
pub type R<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The path GitHub Pages serves a project site under, as in the release build.
pub const PREFIX: &str = "/postback-tester";

/// How long to wait for the page to show something before failing.
const WAIT: Duration = Duration::from_secs(15);

/// The built app. Fails with the command to run when it has not been built.
pub fn dist() -> R<PathBuf> {
    let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist");
    if dist.join("index.html").is_file() {
        Ok(dist)
    } else {
        Err(format!(
            "{} has no index.html: run scripts/test, or first \
             `trunk build --release --public-url {PREFIX}/`",
            dist.display()
        )
        .into())
    }
}

/// The site shared by the tests that do not inspect what it served.
fn shared_site() -> R<&'static Site> {
    static SITE: OnceLock<Result<Site, String>> = OnceLock::new();
    SITE.get_or_init(|| {
        dist()
            .map_err(|e| e.to_string())
            .and_then(|d| Site::start(d, PREFIX).map_err(|e| e.to_string()))
    })
    .as_ref()
    .map_err(|e| e.clone().into())
}

/// One headless Chromium with the app open.
pub struct Browser {
    client: Client,
    chromium: Chromium,
}

/// Opens the app from the shared site, runs `test`, and closes the browser whatever happened.
pub async fn with_app<T>(test: impl AsyncFnOnce(&Browser) -> R<T>) -> R<T> {
    with_page(&app_url()?, test).await
}

/// The address of the release build the tests serve.
pub fn app_url() -> R<String> {
    Ok(shared_site()?.url())
}

/// Opens `url`, waits for the app to boot, runs `test`, and closes the browser.
pub async fn with_page<T>(url: &str, test: impl AsyncFnOnce(&Browser) -> R<T>) -> R<T> {
    with_page_flags(url, &[], test).await
}

/// As [`with_page`], with more Chromium command-line flags, such as `--host-resolver-rules`.
pub async fn with_page_flags<T>(
    url: &str,
    flags: &[String],
    test: impl AsyncFnOnce(&Browser) -> R<T>,
) -> R<T> {
    run_in(Browser::open(url, flags, None).await?, test).await
}

/// As [`with_page_flags`], on an emulated phone ([`PHONE`]).
pub async fn with_phone<T>(
    url: &str,
    flags: &[String],
    test: impl AsyncFnOnce(&Browser) -> R<T>,
) -> R<T> {
    run_in(Browser::open(url, flags, Some(PHONE)).await?, test).await
}

async fn run_in<T>(browser: Browser, test: impl AsyncFnOnce(&Browser) -> R<T>) -> R<T> {
    let outcome = test(&browser).await;
    browser.chromium.close().await;
    outcome
}

impl Browser {
    async fn open(url: &str, flags: &[String], phone: Option<(u32, u32)>) -> R<Self> {
        let chromium = Chromium::start(flags, phone).await?;
        let browser = Self {
            client: chromium.client().clone(),
            chromium,
        };
        browser.client.goto(url).await?;
        // The app has booted once its heading is rendered (index.html holds none).
        browser
            .first("the app's heading", "//header[@class='masthead']/h1")
            .await?;
        Ok(browser)
    }

    /// The WebDriver client, for anything the helpers do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Opens the address this tab shows in a second tab of the same browser and switches to
    /// it; gives back both tabs' handles, this one first.
    pub async fn open_second_tab(&self) -> R<(WindowHandle, WindowHandle)> {
        let first = self.client.window().await?;
        let url = self.client.current_url().await?;
        let second = self.client.new_window(true).await?.handle;
        self.client.switch_to_window(second.clone()).await?;
        self.client.goto(url.as_str()).await?;
        Ok((first, second))
    }

    /// Waits until `probe` gives `Some`, and returns it; fails after a while saying `what`.
    pub async fn wait_for<T>(
        &self,
        what: &str,
        mut probe: impl AsyncFnMut() -> R<Option<T>>,
    ) -> R<T> {
        let deadline = Instant::now() + WAIT;
        let mut last_error = String::new();
        loop {
            match probe().await {
                Ok(Some(found)) => return Ok(found),
                Ok(None) => {}
                Err(e) => last_error = e.to_string(),
            }
            if Instant::now() > deadline {
                return Err(format!("timed out waiting for {what} {last_error}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The control whose `<label>` reads exactly `label`, found through the label's `for`.
    pub async fn field(&self, label: &str) -> R<Element> {
        self.wait_for(&format!("a control labelled {label:?}"), async || {
            let labels = self
                .client
                .find_all(Locator::XPath(&format!(
                    "//label[normalize-space()={}]",
                    xpath_literal(label)
                )))
                .await?;
            let Some(label_el) = labels.first() else {
                return Ok(None);
            };
            let Some(id) = label_el.attr("for").await? else {
                return Err(format!("the label {label:?} has no `for`").into());
            };
            let found = self.client.find_all(Locator::Id(&id)).await?;
            Ok(found.into_iter().next())
        })
        .await
    }

    /// Types `text` into the control labelled `label`, replacing what it held.
    pub async fn fill(&self, label: &str, text: &str) -> R {
        let field = self.field(label).await?;
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    /// Opens the disclosure whose summary reads `summary`, unless it is open.
    pub async fn open_details(&self, summary: &str) -> R {
        let xpath = format!(
            "//details[not(@open)]/summary[normalize-space()={}]",
            xpath_literal(summary)
        );
        if let Some(closed) = self
            .client
            .find_all(Locator::XPath(&xpath))
            .await?
            .into_iter()
            .next()
        {
            closed.click().await?;
        }
        Ok(())
    }

    /// Chooses the option with `value` in the menu labelled `label`.
    pub async fn select(&self, label: &str, value: &str) -> R {
        self.field(label).await?.select_by_value(value).await?;
        Ok(())
    }

    /// The `id` of the element that has focus, and its selected text range if it has one.
    pub async fn focused(&self) -> R<(String, Option<(u64, u64)>)> {
        let got = self
            .client
            .execute(
                "const e = document.activeElement; \
                 return [e ? e.id : '', e && 'selectionStart' in e ? [e.selectionStart, e.selectionEnd] : null];",
                vec![],
            )
            .await?;
        let id = got
            .get(0)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned();
        let range = got
            .get(1)
            .and_then(|v| v.as_array())
            .and_then(|r| Some((r.first()?.as_u64()?, r.get(1)?.as_u64()?)));
        Ok((id, range))
    }

    /// The value of the control labelled `label`, or its text for an `<output>`.
    pub async fn value_of(&self, label: &str) -> R<String> {
        let field = self.field(label).await?;
        Ok(field.prop("value").await?.unwrap_or_default())
    }

    /// The button whose accessible name is exactly `name`: its `aria-label`, or else its text.
    pub async fn button(&self, name: &str) -> R<Element> {
        let literal = xpath_literal(name);
        let xpath = format!(
            "//button[@aria-label={literal} or (not(@aria-label) and normalize-space()={literal})]"
        );
        self.first(&format!("a button named {name:?}"), &xpath)
            .await
    }

    /// The first button whose name starts with `start`, for names that carry a time.
    pub async fn button_starting(&self, start: &str) -> R<Element> {
        let literal = xpath_literal(start);
        let xpath = format!("//button[starts-with(normalize-space(), {literal})]");
        self.first(&format!("a button named {start:?}…"), &xpath)
            .await
    }

    /// Waits for the first element matching `xpath`; fails after a while saying `what`.
    async fn first(&self, what: &str, xpath: &str) -> R<Element> {
        self.wait_for(what, async || {
            let found = self.client.find_all(Locator::XPath(xpath)).await?;
            Ok(found.into_iter().next())
        })
        .await
    }

    /// The region labelled `name` through `aria-labelledby`.
    pub async fn region(&self, name: &str) -> R<Element> {
        let xpath = format!(
            "//*[@role='region'][@aria-labelledby=//*[normalize-space()={}]/@id]",
            xpath_literal(name)
        );
        self.first(&format!("a region labelled {name:?}"), &xpath)
            .await
    }

    /// The list labelled `name` through `aria-labelledby`.
    pub async fn field_list(&self, name: &str) -> R<Element> {
        let xpath = format!(
            "//ul[@aria-labelledby=//*[normalize-space()={}]/@id]",
            xpath_literal(name)
        );
        self.first(&format!("a list labelled {name:?}"), &xpath)
            .await
    }

    /// Waits until the visible text of the region labelled `name` contains `needle`, and
    /// returns that text.
    pub async fn wait_region_text(&self, name: &str, needle: &str) -> R<String> {
        let region = self.region(name).await?;
        self.wait_for(&format!("{needle:?} in the {name:?} region"), async || {
            let text = region.text().await?;
            Ok(text.contains(needle).then_some(text))
        })
        .await
    }

    /// Waits until the page's visible text contains `needle`.
    pub async fn wait_page_text(&self, needle: &str) -> R<String> {
        self.wait_for(&format!("{needle:?} on the page"), async || {
            let text = self.page_text().await?;
            Ok(text.contains(needle).then_some(text))
        })
        .await
    }

    /// The text the page shows now.
    pub async fn page_text(&self) -> R<String> {
        Ok(self.client.find(Locator::Css("body")).await?.text().await?)
    }

    /// Waits until the extractor's table lists a parameter with this value.
    pub async fn wait_extracted(&self, value: &str) -> R {
        self.wait_for(&format!("{value:?} in the extracted table"), async || {
            let rows = self.table_rows(&["Parameter", "Value"]).await?;
            Ok(rows
                .iter()
                .any(|r| r.get(1).is_some_and(|v| v == value))
                .then_some(()))
        })
        .await
    }

    /// The rows of the table whose column headers are exactly `headers`, as cell texts.
    pub async fn table_rows(&self, headers: &[&str]) -> R<Vec<Vec<String>>> {
        let condition = headers
            .iter()
            .map(|h| format!("thead/tr/th[normalize-space()={}]", xpath_literal(h)))
            .collect::<Vec<_>>()
            .join(" and ");
        let xpath = format!("//table[{condition}]");
        let table = self
            .first(&format!("a table with headers {headers:?}"), &xpath)
            .await?;
        let mut rows = Vec::new();
        for row in table.find_all(Locator::XPath("tbody/tr[td]")).await? {
            let mut cells = Vec::new();
            for cell in row
                .find_all(Locator::XPath("*[self::th or self::td]"))
                .await?
            {
                cells.push(cell.text().await?);
            }
            rows.push(cells);
        }
        Ok(rows)
    }

    /// Grants the page the permission `name` (as the W3C Permissions API names it), as a
    /// person answering the browser's question with Allow.
    pub async fn grant(&self, name: &'static str) -> R {
        self.client.issue_cmd(SessionPost::grant(name)).await?;
        Ok(())
    }

    /// Turns the browser's network off, as flight mode does on a phone: `navigator.onLine`
    /// reads false and no request leaves (chromedriver's network emulation).
    pub async fn go_offline(&self) -> R {
        self.client.issue_cmd(SessionPost::offline()).await?;
        Ok(())
    }

    /// Grants the page clipboard access, and returns what the clipboard holds after `act`.
    pub async fn clipboard_after(&self, act: impl AsyncFnOnce() -> R) -> R<String> {
        for name in ["clipboard-read", "clipboard-write"] {
            self.client.issue_cmd(SessionPost::grant(name)).await?;
        }
        act().await?;
        let text = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 navigator.clipboard.readText().then(done, e => done('read failed: ' + e));",
                vec![],
            )
            .await?;
        Ok(text.as_str().unwrap_or_default().to_owned())
    }

    /// Waits for a finished download named `name`, and returns its text.
    pub async fn downloaded(&self, name: &str) -> R<String> {
        let dir = self.chromium.profile().join("downloads");
        let path = dir.join(name);
        // Chromium may show the file before it has written it: wait until it holds text and
        // no download is still in progress.
        self.wait_for(&format!("the download {name}"), async || {
            let busy = std::fs::read_dir(&dir)
                .into_iter()
                .flatten()
                .flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".crdownload"));
            Ok(std::fs::read_to_string(&path)
                .ok()
                .filter(|text| !busy && !text.is_empty()))
        })
        .await
    }

    /// Console messages at error level since the page opened.
    pub async fn console_errors(&self) -> R<Vec<String>> {
        let entries = self.client.issue_cmd(SessionPost::browser_log()).await?;
        Ok(entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_owned())
            .collect())
    }
}

/// The steps of a person's path through the page, shared by every test.
impl Browser {
    /// Types `template` into "Postback template".
    pub async fn fill_template(&self, template: &str) -> R {
        self.fill("Postback template", template).await
    }

    /// Types `value` into the input of the macro named `name` (its label is the name).
    pub async fn fill_macro(&self, name: &str, value: &str) -> R {
        self.fill(name, value).await
    }

    /// Presses "Fire" once; when the page asks first about the builder's problems ("Fire with
    /// 1 problem?"), answers "Fire anyway", as these tests mean to fire what they built. The
    /// question is drawn in the same turn as the press; it is looked for twice.
    pub async fn fire(&self) -> R {
        self.button("Fire").await?.click().await?;
        for _ in 0..2 {
            let asked = self
                .client
                .find_all(Locator::XPath("//button[normalize-space()='Fire anyway']"))
                .await?;
            if let Some(anyway) = asked.into_iter().next() {
                anyway.click().await?;
                return Ok(());
            }
            tokio::time::sleep(std::time::Duration::from_millis(60)).await;
        }
        Ok(())
    }

    /// Waits until the "Result" region holds `needle`, and returns its text.
    pub async fn wait_result(&self, needle: &str) -> R<String> {
        self.wait_region_text("Result", needle).await
    }

    /// Presses "Fire" once and waits until the result holds `needle`.
    pub async fn fire_and_wait(&self, needle: &str) -> R<String> {
        self.fire().await?;
        self.wait_result(needle).await
    }

    /// Types `template` and fires it, waiting for an answer (`HTTP`) in the result.
    pub async fn fire_template(&self, template: &str) -> R<String> {
        self.fill_template(template).await?;
        self.fire_and_wait("HTTP").await
    }

    /// Puts `text` in "Paste URLs or text" the way a paste does: one input event.
    pub async fn paste(&self, text: &str) -> R {
        self.client
            .execute(
                "const t = document.getElementById('paste'); t.value = arguments[0]; \
                 t.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![serde_json::Value::String(text.to_owned())],
            )
            .await?;
        Ok(())
    }

    /// Presses `button` under "Share this test" and waits for the link it makes.
    pub async fn make_link(&self, button: &str) -> R<String> {
        self.button(button).await?.click().await?;
        let made = if button.contains("partner") {
            "Partner link"
        } else {
            "Share link"
        };
        self.wait_for(&format!("the {made}"), async || {
            let link = self.value_of(made).await?;
            Ok((!link.is_empty()).then_some(link))
        })
        .await
    }

    /// The text of each run in the history, newest first.
    pub async fn run_texts(&self) -> R<Vec<String>> {
        let mut texts = Vec::new();
        for item in self.client.find_all(Locator::Css("ol.runs li.run")).await? {
            texts.push(item.text().await?);
        }
        Ok(texts)
    }

    /// Waits until the history lists `count` runs, and returns their texts.
    pub async fn wait_runs(&self, count: usize) -> R<Vec<String>> {
        let waited = self
            .wait_for(&format!("{count} runs in the history"), async || {
                let texts = self.run_texts().await?;
                Ok((texts.len() == count).then_some(texts))
            })
            .await;
        match waited {
            Ok(texts) => Ok(texts),
            Err(e) => Err(format!("{e}; the list shows {:#?}", self.run_texts().await?).into()),
        }
    }
}

/// A HAR 1.2 file of `entries` (URL, status, redirect target), as a browser saves it.
pub fn har(entries: &[(&str, u16, &str)]) -> String {
    let entries: Vec<serde_json::Value> = entries
        .iter()
        .map(|(url, status, redirect)| {
            json!({
                "startedDateTime": "2026-11-21T10:00:00.000Z",
                "time": 12,
                "request": { "method": "GET", "url": url, "httpVersion": "HTTP/1.1", "headers": [],
                             "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0 },
                "response": { "status": status, "statusText": "", "httpVersion": "HTTP/1.1",
                              "headers": [{ "name": "Location", "value": redirect }], "cookies": [],
                              "content": { "size": 0, "mimeType": "text/html" },
                              "redirectURL": redirect, "headersSize": -1, "bodySize": 0 },
                "cache": {},
                "timings": { "send": 0, "wait": 10, "receive": 2 }
            })
        })
        .collect();
    json!({ "log": { "version": "1.2", "creator": { "name": "e2e", "version": "1" },
                     "entries": entries } })
    .to_string()
}

/// A WebDriver command fantoccini does not wrap: a POST of `body` to `session/{id}/{path}`.
/// Used for the W3C permissions extension (`permissions`), chromedriver's network emulation
/// (`chromium/network_conditions`) and its browser log (`se/log`).
#[derive(Debug)]
struct SessionPost {
    path: &'static str,
    body: serde_json::Value,
}

impl SessionPost {
    /// Grants the permission `name`, as a person answering Allow.
    fn grant(name: &'static str) -> Self {
        Self {
            path: "permissions",
            body: json!({ "descriptor": { "name": name }, "state": "granted" }),
        }
    }

    /// Turns the network off.
    fn offline() -> Self {
        Self {
            path: "chromium/network_conditions",
            body: json!({ "network_conditions": {
                "offline": true, "latency": 0, "download_throughput": 0, "upload_throughput": 0,
            } }),
        }
    }

    /// Reads the browser's console log since the last read.
    fn browser_log() -> Self {
        Self {
            path: "se/log",
            body: json!({ "type": "browser" }),
        }
    }
}

impl WebDriverCompatibleCommand for SessionPost {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/{}",
            session.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// `text` as an XPath 1.0 string literal.
fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

/// The `postback` binary the relay tests start: `POSTBACK_BIN`, or the workspace's debug
/// build, which `scripts/test` makes before the browser tests.
pub fn postback_bin() -> R<PathBuf> {
    let bin = std::env::var_os("POSTBACK_BIN").map_or_else(
        || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target/debug")
                .join(format!("postback{}", std::env::consts::EXE_SUFFIX))
        },
        PathBuf::from,
    );
    if bin.is_file() {
        Ok(bin)
    } else {
        Err(format!(
            "{} is missing: run `cargo build -p postback-cli` (scripts/test does)",
            bin.display()
        )
        .into())
    }
}

/// `postback relay` running for a test, stopped when dropped.
pub struct LocalRelay {
    child: Child,
    /// Its address, as it printed it.
    pub address: String,
    /// The pairing code it printed.
    pub code: String,
}

impl LocalRelay {
    /// Starts `postback relay --port 0` with `args` and reads its address and code.
    pub fn start(args: &[&str]) -> R<Self> {
        use std::io::BufRead;
        let mut child = Command::new(postback_bin()?)
            .args(["relay", "--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = child.stdout.take().ok_or("the relay has no stdout")?;
        let mut lines = std::io::BufReader::new(stdout).lines();
        let (mut address, mut code) = (String::new(), String::new());
        while code.is_empty() {
            let Some(line) = lines.next().transpose()? else {
                let _ = child.kill();
                return Err("the relay ended before printing its code".into());
            };
            if let Some(a) = line.strip_prefix("Postback Tester relay at ") {
                address = a.trim().to_owned();
            }
            if let Some(c) = line.strip_prefix("Relay code: ") {
                code = c.trim().to_owned();
            }
        }
        Ok(Self {
            child,
            address,
            code,
        })
    }
}

impl Drop for LocalRelay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    /// Turns on "Read the answer through the local relay" and types `relay`'s address and
    /// `code`.
    pub async fn use_relay(&self, relay: &LocalRelay, code: &str) -> R {
        let switch = self
            .field("Read the answer through the local relay")
            .await?;
        if switch.prop("checked").await?.as_deref() != Some("true") {
            switch.click().await?;
        }
        self.fill("Relay address", &relay.address).await?;
        self.fill("Relay code", code).await
    }
}
