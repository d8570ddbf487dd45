//! Keeping the app for a visit without a network: registers the service worker the release
//! build writes beside `index.html` (`sw.js`, whose scope is the app's folder). A debug build
//! (`trunk serve`) has no worker and registers none.

use wasm_bindgen_futures::JsFuture;

/// Why the service worker could not be registered. The app works as before, only not offline.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OfflineError {
    /// The browser has no service workers here (an old browser, or a private window).
    #[error("this browser keeps no copy of the page for offline use")]
    Unsupported,
    /// The browser refused the worker.
    #[error("the browser refused to keep the page for offline use: {0}")]
    Refused(String),
}

impl OfflineError {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Unsupported => "Everything works while you are online; open the page in a current browser to use it offline.",
            Self::Refused(_) => "Everything works while you are online; reload the page to try again.",
        }
    }
}

/// Registers the service worker so that the next visit opens without a network.
///
/// # Errors
///
/// [`OfflineError`] when the browser has no service workers or refuses this one.
pub async fn keep_for_offline() -> Result<(), OfflineError> {
    if cfg!(debug_assertions) {
        return Ok(());
    }
    let container = web_sys::window()
        .map(|w| w.navigator())
        .filter(|n| js_sys::Reflect::has(n, &"serviceWorker".into()).unwrap_or(false))
        .map(|n| n.service_worker())
        .ok_or(OfflineError::Unsupported)?;
    JsFuture::from(container.register("sw.js"))
        .await
        .map(|_| ())
        .map_err(|e| {
            OfflineError::Refused(
                js_sys::Error::from(e)
                    .message()
                    .as_string()
                    .unwrap_or_default(),
            )
        })
}
