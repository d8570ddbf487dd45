//! Headless Chromium driven through chromedriver, with a fresh profile each time and the flags
//! that keep it from talking to anything but the pages it is sent to: the one way the browser
//! tests and the benchmark start a browser.

use std::{
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use fantoccini::{Client, ClientBuilder};
use serde_json::json;

/// Any error, with its message.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A phone's screen for chromedriver's mobile emulation: 360 CSS px wide, at 2× pixels.
pub const PHONE: (u32, u32) = (360, 740);

/// How long chromedriver gets to accept a session.
const START_WAIT: Duration = Duration::from_secs(15);

/// A free port on 127.0.0.1.
///
/// # Errors
///
/// When no port can be bound.
pub fn free_port() -> Result<u16, BoxError> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A running headless Chromium. Its chromedriver is killed, and its profile deleted, when it
/// is dropped; call [`Chromium::close`] first to end the session politely.
pub struct Chromium {
    client: Client,
    driver: Child,
    profile: PathBuf,
}

impl Chromium {
    /// Starts chromedriver and a headless Chromium with a fresh profile, the extra command-line
    /// `flags`, and `phone` as the emulated screen (`None`: a 1280 × 1000 window).
    /// `CHROMEDRIVER` and `CHROMIUM` name other binaries than `chromedriver` and
    /// `/usr/bin/chromium`.
    ///
    /// # Errors
    ///
    /// When chromedriver cannot start or never accepts a session.
    pub async fn start(flags: &[String], phone: Option<(u32, u32)>) -> Result<Self, BoxError> {
        let port = free_port()?;
        let driver_bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let driver = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {driver_bin}: {e}; run scripts/setup.sh test"))?;
        let profile =
            std::env::temp_dir().join(format!("pbt-chromium-{}-{port}", std::process::id()));
        match Self::connect(port, &profile, flags, phone).await {
            Ok(client) => Ok(Self {
                client,
                driver,
                profile,
            }),
            Err(e) => {
                let mut driver = driver;
                let _ = driver.kill();
                let _ = driver.wait();
                Err(e)
            }
        }
    }

    async fn connect(
        port: u16,
        profile: &Path,
        flags: &[String],
        phone: Option<(u32, u32)>,
    ) -> Result<Client, BoxError> {
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let mut args: Vec<String> = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,1000",
        ]
        .map(String::from)
        .into();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.extend_from_slice(flags);
        let mut options = json!({
            "binary": chromium,
            "args": args,
            "prefs": {
                "download.default_directory": profile.join("downloads").display().to_string(),
                "download.prompt_for_download": false,
            },
        });
        if let (Some((width, height)), Some(o)) = (phone, options.as_object_mut()) {
            o.insert(
                "mobileEmulation".into(),
                json!({ "deviceMetrics": { "width": width, "height": height, "pixelRatio": 2.0, "touch": true } }),
            );
        }
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), options);
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let webdriver = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + START_WAIT;
        loop {
            match ClientBuilder::native()
                .capabilities(caps.clone())
                .connect(&webdriver)
                .await
            {
                Ok(client) => return Ok(client),
                Err(e) if Instant::now() > deadline => {
                    return Err(format!("chromedriver never accepted a session: {e}").into())
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// The WebDriver client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The browser's profile folder (downloads go to its `downloads` folder).
    pub fn profile(&self) -> &Path {
        &self.profile
    }

    /// Ends the session, stops the browser and deletes its profile.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
