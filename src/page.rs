//! The page itself: its origin, the fragment a share link carries, the address to put a new
//! fragment on, and bringing a part of it into view. Reading never fails: a missing window
//! reads as an empty address.

/// The page's own origin, such as `https://user.github.io`.
pub fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The fragment after `#`, without the `#`; empty when there is none.
pub fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_owned())
        .unwrap_or_default()
}

/// The page's address without its fragment, to build a link on.
pub fn base_url() -> String {
    web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(format!(
                "{}{}{}",
                l.origin().ok()?,
                l.pathname().ok()?,
                l.search().ok()?
            ))
        })
        .unwrap_or_default()
}

/// The page's address up to the last `/` of its path: where files shipped beside it live.
pub fn dir_url() -> String {
    web_sys::window()
        .and_then(|w| {
            let l = w.location();
            let path = l.pathname().ok()?;
            let dir = path
                .rfind('/')
                .map_or("/", |i| path.get(..=i).unwrap_or("/"));
            Some(format!("{}{dir}", l.origin().ok()?))
        })
        .unwrap_or_default()
}

/// Reloads the page when its fragment changes to one of our links, so a link pasted into the
/// address bar of an open tab opens like a fresh visit.
pub fn reload_on_link_change(is_ours: fn(&str) -> bool) {
    use wasm_bindgen::{closure::Closure, JsCast};
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_change = Closure::<dyn Fn()>::new(move || {
        if is_ours(&fragment()) {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
    });
    if window
        .add_event_listener_with_callback("hashchange", on_change.as_ref().unchecked_ref())
        .is_ok()
    {
        // The listener lives as long as the page.
        on_change.forget();
    }
}

/// Brings the element `id` into view once the page has drawn it: the result after a press,
/// which on a phone starts below the screen.
pub fn scroll_to(id: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
        {
            el.scroll_into_view_with_bool(true);
        }
    });
}

/// The `id` of what `index.html` shows while the app's files arrive.
const OPENING_ID: &str = "opening";

/// Takes away what `index.html` shows while the app's files arrive (the title and "Opening the
/// page…"), as the app draws itself in its place.
pub fn remove_opening_note() {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(OPENING_ID))
    {
        el.remove();
    }
}

/// Takes the fragment off the address without reloading or adding a history entry: after a
/// plan link was taken in, so a reload does not take it in again.
pub fn forget_fragment() {
    if let Some(w) = web_sys::window() {
        if let Ok(history) = w.history() {
            let _ =
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&base_url()));
        }
    }
}

/// Moves the focus to the element `id` once the page has drawn it: back to the button that
/// opened a question after it closes.
pub fn focus(id: &'static str) {
    use wasm_bindgen::JsCast;
    leptos::prelude::request_animation_frame(move || {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// A host name in ASCII (punycode), as the browser's own URL parser writes it: the page's
/// WebAssembly carries no Unicode tables (`postback_core::parse_url`).
pub fn host_to_ascii(host: &str) -> Option<String> {
    web_sys::Url::new(&format!("http://{host}/"))
        .ok()
        .map(|url| url.hostname())
        .filter(|h| !h.is_empty())
}
