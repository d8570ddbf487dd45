//! The browser's `localStorage`, through `Result`: a browser that has no storage (private
//! modes, blocked cookies, a sandboxed frame) or a full one gives an error the app shows once
//! while it keeps working in memory. Only keys under the app's prefix are ever touched.

use postback_core::StorageKey as Key;
use wasm_bindgen::JsCast;

/// Why storage could not be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// The browser offers this page no storage.
    #[error("this browser gives the page no storage")]
    Unavailable,
    /// The storage is full.
    #[error("the browser's storage for this site is full")]
    Full,
    /// The browser refused for another reason.
    #[error("the browser refused to store: {0}")]
    Refused(String),
}

impl StorageError {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Unavailable => {
                "Runs are kept in this tab until it closes. Export them to keep them."
            }
            Self::Full => {
                "Runs are kept in this tab until it closes. Delete old runs, or export them and clear the history."
            }
            Self::Refused(_) => "Runs are kept in this tab until it closes. Export them to keep them.",
        }
    }
}

fn storage() -> Result<web_sys::Storage, StorageError> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or(StorageError::Unavailable)
}

fn refused(e: wasm_bindgen::JsValue) -> StorageError {
    match e
        .dyn_ref::<web_sys::DomException>()
        .map(web_sys::DomException::name)
    {
        Some(name) if name == "QuotaExceededError" => StorageError::Full,
        Some(name) => StorageError::Refused(name),
        None => StorageError::Refused("unknown error".to_owned()),
    }
}

/// The text stored under `key`, if any.
///
/// # Errors
///
/// [`StorageError`] when storage is unavailable or refuses.
pub fn read(key: Key) -> Result<Option<String>, StorageError> {
    storage()?.get_item(key.name()).map_err(refused)
}

/// Stores `value` under `key`.
///
/// # Errors
///
/// [`StorageError::Full`] past the quota; others when storage is unavailable or refuses.
pub fn write(key: Key, value: &str) -> Result<(), StorageError> {
    storage()?.set_item(key.name(), value).map_err(refused)
}

/// Removes every key the app uses, and any other key under its prefix.
///
/// # Errors
///
/// [`StorageError`] when storage is unavailable or refuses.
pub fn forget_everything() -> Result<(), StorageError> {
    let store = storage()?;
    let mut ours: Vec<String> = Key::ALL.iter().map(|k| k.name().to_owned()).collect();
    let len = store.length().map_err(refused)?;
    for index in 0..len {
        if let Some(name) = store.key(index).map_err(refused)? {
            if name.starts_with(Key::PREFIX) && !ours.contains(&name) {
                ours.push(name);
            }
        }
    }
    for name in ours {
        store.remove_item(&name).map_err(refused)?;
    }
    Ok(())
}

/// Removes `key`.
///
/// # Errors
///
/// [`StorageError`] when storage is unavailable or refuses.
pub fn remove(key: Key) -> Result<(), StorageError> {
    storage()?.remove_item(key.name()).map_err(refused)
}
