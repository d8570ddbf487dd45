//! Runs a recording test endpoint on 127.0.0.1 for trying the app by hand, and prints every
//! request it receives. Routes: `/cors` (200, CORS), `/nocors` (200, no CORS), `/teapot` (418).

use std::{thread, time::Duration};

use test_harness::{Endpoint, Route};

fn main() -> std::io::Result<()> {
    let endpoint = Endpoint::start([
        ("/cors", Route::text(200, "success=true;")),
        ("/nocors", Route::text(200, "OK").without_cors()),
        ("/teapot", Route::text(418, "I'm a teapot")),
    ])?;
    eprintln!("endpoint: {} (Ctrl-C stops it)", endpoint.origin());
    let mut seen = 0;
    loop {
        thread::sleep(Duration::from_millis(200));
        let requests = endpoint.requests();
        for r in requests.iter().skip(seen) {
            eprintln!(
                "{} {}?{}",
                r.method,
                r.path,
                r.query.as_deref().unwrap_or_default()
            );
        }
        seen = requests.len();
    }
}
