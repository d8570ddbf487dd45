//! Copying text to the clipboard. Fails with a reason instead of throwing when the browser
//! has no clipboard access (an insecure page, an old browser, or a denied permission).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Why text could not be copied.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClipboardError {
    /// The page has no clipboard access.
    #[error("this browser gives the page no clipboard access")]
    Unavailable,
    /// The browser refused to write.
    #[error("the browser refused to copy")]
    Refused,
}

impl ClipboardError {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        "Select the text and copy it with Ctrl+C (⌘C on a Mac)."
    }
}

/// Writes `text` to the clipboard.
///
/// # Errors
///
/// [`ClipboardError`] when the browser offers no clipboard or refuses the write.
pub async fn copy_text(text: &str) -> Result<(), ClipboardError> {
    let navigator = web_sys::window()
        .ok_or(ClipboardError::Unavailable)?
        .navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .ok()
        .filter(|c| !c.is_undefined() && !c.is_null())
        .and_then(|c| c.dyn_into::<web_sys::Clipboard>().ok())
        .ok_or(ClipboardError::Unavailable)?;
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| ClipboardError::Refused)
}

/// The length in UTF-16 units of the text a paste carries, read in JavaScript so a huge paste
/// is never copied into the page's memory; `None` when the event carries no text.
pub fn pasted_len(ev: &web_sys::ClipboardEvent) -> Option<u32> {
    let data = ev.clipboard_data()?;
    let get_data = js_sys::Reflect::get(&data, &"getData".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let text = get_data.call1(&data, &"text".into()).ok()?;
    text.dyn_ref::<js_sys::JsString>()
        .map(js_sys::JsString::length)
}
