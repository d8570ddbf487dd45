//! Reading a file the user opened or dropped, and saving text as a download.

use postback_core::{grouped, MAX_INPUT_BYTES};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Why a file could not be read or saved.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// The file is larger than the app reads.
    #[error("the file {name} is too large to read ({} bytes)", grouped(*size))]
    TooLarge {
        /// The file's name.
        name: String,
        /// Its size in bytes.
        size: u64,
    },
    /// The browser could not read the file.
    #[error("the file {name} could not be read")]
    Unreadable {
        /// The file's name.
        name: String,
    },
    /// The browser refused to make the download.
    #[error("the browser refused to save the file")]
    NotSaved,
}

impl FileError {
    /// What the user can do next.
    pub fn hint(&self) -> String {
        match self {
            Self::TooLarge { .. } => format!(
                "Open a file of at most {} MB ({} bytes): split it, or keep only the lines you \
                 need (for example with grep).",
                MAX_INPUT_BYTES / (1024 * 1024),
                grouped(MAX_INPUT_BYTES as u64)
            ),
            Self::Unreadable { .. } => {
                "Check that the file still exists and is readable, then open it again.".to_owned()
            }
            Self::NotSaved => "Select the table and copy it instead.".to_owned(),
        }
    }
}

/// The size of `file` on disk, in bytes.
pub fn size_of(file: &web_sys::File) -> u64 {
    file.size() as u64
}

/// The text of `file`, refused before reading when it is too large.
///
/// # Errors
///
/// [`FileError::TooLarge`] or [`FileError::Unreadable`].
pub async fn read_text(file: &web_sys::File) -> Result<String, FileError> {
    let name = file.name();
    let size = size_of(file);
    if size > MAX_INPUT_BYTES as u64 {
        return Err(FileError::TooLarge { name, size });
    }
    JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|text| text.as_string())
        .ok_or(FileError::Unreadable { name })
}

/// Offers `text` as a download named `filename`.
///
/// # Errors
///
/// [`FileError::NotSaved`] when the browser refuses.
pub fn save_text(filename: &str, mime: &str, text: &str) -> Result<(), FileError> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| FileError::NotSaved)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| FileError::NotSaved)?;
    let anchor = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .ok_or(FileError::NotSaved)?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
