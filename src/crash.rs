//! What a person sees when the page breaks. A panic in WebAssembly stops the page for good
//! (the release build aborts), so the hook writes a plain message into the page with the DOM
//! alone, before the module stops: the draft is saved on every change, so a reload loses
//! nothing typed.

use wasm_bindgen::prelude::wasm_bindgen;

/// Installs the hook: the panic goes to the console as before, and the page says what to do.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show();
    }));
}

/// Puts the message on top of the page. A link, not a button: nothing of the page's code
/// runs after a panic, and a link reloads without it (and without a fragment that may have
/// caused it).
fn show() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Ok(note), Some(body)) = (document.create_element("div"), document.body()) else {
        return;
    };
    note.set_class_name("crash");
    let _ = note.set_attribute("role", "alert");
    // Built node by node, never parsed from HTML.
    let built = (|| {
        let said = document.create_element("p")?;
        let strong = document.create_element("strong")?;
        strong.set_text_content(Some("Something broke."));
        said.append_with_node_1(&strong)?;
        said.append_with_str_1(" Reload — your work is saved.")?;
        let action = document.create_element("p")?;
        let link = document.create_element("a")?;
        link.set_attribute("href", "")?;
        link.set_text_content(Some("Reload the page"));
        action.append_with_node_1(&link)?;
        note.append_with_node_2(&said, &action)
    })();
    if built.is_ok() {
        let _ = body.prepend_with_node_1(&note);
    }
}

/// Stops the page as a bug would, so the browser tests can check what a person then sees.
/// Nothing in the page calls it.
#[wasm_bindgen(js_name = stopLikeABug)]
pub fn stop_like_a_bug() {
    #[expect(clippy::panic, reason = "the one deliberate panic, for the crash test")]
    {
        panic!("stopped on purpose by the crash test");
    }
}
