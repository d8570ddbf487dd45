//! Mounts the page, then keeps it for offline use; everything else lives in the library.

fn main() {
    postback_tester::crash::install();
    postback_core::set_host_to_ascii(postback_tester::page::host_to_ascii);
    postback_tester::page::remove_opening_note();
    leptos::mount::mount_to_body(postback_tester::Page);
    leptos::task::spawn_local(async {
        if let Err(e) = postback_tester::offline::keep_for_offline().await {
            leptos::logging::warn!("{e}. {}", e.hint());
        }
    });
}
