//! Mounts the page; everything else lives in the library.

fn main() {
    postback_tester::crash::install();
    leptos::mount::mount_to_body(postback_tester::Page);
}
