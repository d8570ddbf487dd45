//! The browser's storage, through `Result`: `localStorage` for what every tab shares,
//! `sessionStorage` for what one tab keeps for itself (its draft, so two tabs do not replace
//! each other's work). A browser that has no storage (private modes, blocked cookies, a
//! sandboxed frame) or a full one gives an error the app shows once while it keeps working in
//! memory. Only keys under the app's prefix are ever touched. Changes that read, merge and
//! write run under a Web Lock, so two tabs take turns; other tabs' writes are reported.

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

fn session() -> Result<web_sys::Storage, StorageError> {
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
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
    // This tab's own copy of the draft goes too.
    if let Ok(tab) = session() {
        for key in Key::ALL {
            let _ = tab.remove_item(key.name());
        }
    }
    Ok(())
}

/// The text this tab alone keeps under `key` (in `sessionStorage`), if any.
///
/// # Errors
///
/// [`StorageError`] when storage is unavailable or refuses.
pub fn read_tab(key: Key) -> Result<Option<String>, StorageError> {
    session()?.get_item(key.name()).map_err(refused)
}

/// Keeps `value` under `key` for this tab alone (in `sessionStorage`).
///
/// # Errors
///
/// [`StorageError::Full`] past the quota; others when storage is unavailable or refuses.
pub fn write_tab(key: Key, value: &str) -> Result<(), StorageError> {
    session()?.set_item(key.name(), value).map_err(refused)
}

/// Removes what this tab alone keeps under `key`.
///
/// # Errors
///
/// [`StorageError`] when storage is unavailable or refuses.
pub fn remove_tab(key: Key) -> Result<(), StorageError> {
    session()?.remove_item(key.name()).map_err(refused)
}

/// Runs `change` while this tab holds the Web Lock named after `key`, so a read, merge and
/// write of the same key in two tabs cannot interleave. Where the browser has no Web Locks
/// (an old browser, an insecure page) `change` runs at once.
pub fn with_lock(key: Key, change: impl FnOnce() + 'static) {
    match lock_manager() {
        Some((locks, request)) => {
            // The lock is held while the callback runs; it returns nothing, so it is released
            // as soon as the change is made.
            let callback = wasm_bindgen::closure::Closure::once_into_js(change);
            let _ = request.call2(&locks, &key.name().into(), &callback);
        }
        _ => change(),
    }
}

/// Why this tab could not take a Web Lock for itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LockError {
    /// Another tab of this browser holds it.
    #[error("another tab holds it")]
    Taken,
    /// The browser has no Web Locks (an old browser, an insecure page).
    #[error("this browser has no Web Locks")]
    Unsupported,
}

/// A Web Lock this tab holds until this is dropped (or the tab closes, when the browser
/// lets it go).
pub struct HeldLock {
    release: Option<js_sys::Function>,
}

impl Drop for HeldLock {
    fn drop(&mut self) {
        if let Some(release) = self.release.take() {
            let _ = release.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    }
}

/// The browser's `navigator.locks` and its `request`, when it has them.
fn lock_manager() -> Option<(wasm_bindgen::JsValue, js_sys::Function)> {
    let locks = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"locks".into()).ok())
        .filter(|l| !l.is_undefined() && !l.is_null())?;
    let request = js_sys::Reflect::get(&locks, &"request".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())?;
    Some((locks, request))
}

/// Takes the Web Lock `name` for as long as the result is kept, without waiting: a run of
/// a plan holds one, so a second tab cannot send the same plan's cells at the same time.
///
/// # Errors
///
/// [`LockError::Taken`] when another tab holds it; [`LockError::Unsupported`] when the
/// browser has no Web Locks.
pub async fn hold_lock(name: &str) -> Result<HeldLock, LockError> {
    use wasm_bindgen::JsValue;
    let (locks, request) = lock_manager().ok_or(LockError::Unsupported)?;
    let mut grant = None;
    let granted = js_sys::Promise::new(&mut |resolve, _| grant = Some(resolve));
    let grant = grant.ok_or(LockError::Unsupported)?;
    let refuse = grant.clone();
    // The callback hears the lock, or null when another tab has it; the lock is held
    // until the promise it returns settles, which the `HeldLock` does when dropped.
    let callback = wasm_bindgen::closure::Closure::once_into_js(move |lock: JsValue| -> JsValue {
        if lock.is_null() || lock.is_undefined() {
            let _ = grant.call1(&JsValue::UNDEFINED, &JsValue::NULL);
            return JsValue::UNDEFINED;
        }
        let mut release = None;
        let held = js_sys::Promise::new(&mut |resolve, _| release = Some(resolve));
        let release = release.map_or(JsValue::NULL, JsValue::from);
        let _ = grant.call1(&JsValue::UNDEFINED, &release);
        held.into()
    });
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let asked = request
        .call3(&locks, &name.into(), &options, &callback)
        .map_err(|_| LockError::Unsupported)?;
    // Where the browser refuses the request itself (a sandboxed frame), the callback never
    // runs: the refusal settles the wait instead, as no Web Locks.
    if let Ok(asked) = asked.dyn_into::<js_sys::Promise>() {
        let on_refused = wasm_bindgen::closure::Closure::once(move |_: JsValue| {
            let _ = refuse.call1(&JsValue::UNDEFINED, &JsValue::from("refused"));
        });
        let _ = asked.catch(&on_refused);
        // One small closure per run, alive until the browser settles the request.
        on_refused.forget();
    }
    let got = wasm_bindgen_futures::JsFuture::from(granted)
        .await
        .map_err(|_| LockError::Unsupported)?;
    if got.as_string().as_deref() == Some("refused") {
        return Err(LockError::Unsupported);
    }
    got.dyn_into::<js_sys::Function>()
        .map(|release| HeldLock {
            release: Some(release),
        })
        .map_err(|_| LockError::Taken)
}

/// Calls `changed` with the key each time another tab of this site changes one of the app's
/// keys (the browser's `storage` event). The listener lives as long as the page.
pub fn on_other_tab_change(changed: impl Fn(Key) + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::StorageEvent)>::new(
        move |e: web_sys::StorageEvent| {
            let name = e.key();
            if let Some(key) = Key::ALL
                .into_iter()
                .find(|k| name.as_deref() == Some(k.name()))
            {
                changed(key);
            }
        },
    );
    if window
        .add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref())
        .is_ok()
    {
        listener.forget();
    }
}

/// Moves everything the app stored under its prefix into the backup key, leaving the app's
/// other keys empty, for "Start safely"; how many keys were moved.
///
/// # Errors
///
/// [`StorageError`] when storage is unavailable or refuses, in which case nothing is removed
/// (when storage is too full to hold the backup beside the data, the data is removed first
/// to make room, and put back if the backup still does not fit).
pub fn move_all_to_backup() -> Result<usize, StorageError> {
    let store = storage()?;
    let len = store.length().map_err(refused)?;
    let mut items = Vec::new();
    for index in 0..len {
        if let Some(name) = store.key(index).map_err(refused)? {
            if name.starts_with(Key::PREFIX)
                && name != Key::Backup.name()
                && name != Key::Boot.name()
            {
                if let Some(value) = store.get_item(&name).map_err(refused)? {
                    items.push((name, value));
                }
            }
        }
    }
    let pairs: Vec<(&str, &str)> = items
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let backup = postback_core::with_backup(
        store
            .get_item(Key::Backup.name())
            .map_err(refused)?
            .as_deref(),
        &pairs,
    );
    if store.set_item(Key::Backup.name(), &backup).is_err() {
        // Full: the backup holds everything twice for a moment. Make room by removing the
        // originals first; if the backup still does not fit, put them back as they were.
        for (name, _) in &items {
            store.remove_item(name).map_err(refused)?;
        }
        if let Err(e) = store.set_item(Key::Backup.name(), &backup) {
            for (name, value) in &items {
                let _ = store.set_item(name, value);
            }
            return Err(refused(e));
        }
    }
    for (name, _) in &items {
        store.remove_item(name).map_err(refused)?;
    }
    if let Ok(tab) = session() {
        for key in Key::ALL {
            let _ = tab.remove_item(key.name());
        }
    }
    Ok(items.len())
}

/// Removes `key`.
///
/// # Errors
///
/// [`StorageError`] when storage is unavailable or refuses.
pub fn remove(key: Key) -> Result<(), StorageError> {
    storage()?.remove_item(key.name()).map_err(refused)
}
