//! Giving the browser a turn between parts of long work, so the page stays responsive.

use wasm_bindgen_futures::JsFuture;

/// Resolves in a new task of the event loop, after the browser could paint and handle input.
///
/// A message to oneself, not a zero timer: browsers hold nested timers back by 4 ms each, which
/// a long read that yields every few milliseconds would spend waiting.
pub async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let posted = web_sys::MessageChannel::new().and_then(|channel| {
            channel.port1().set_onmessage(Some(&resolve));
            channel
                .port2()
                .post_message(&wasm_bindgen::JsValue::UNDEFINED)
        });
        if posted.is_err() {
            // No channel: resolve at once rather than never.
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(promise).await;
}
