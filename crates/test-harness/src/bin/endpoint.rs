//! Runs a recording test endpoint on 127.0.0.1 for trying the app by hand, and prints every
//! request it receives. Routes: `/cors` (200, CORS), `/nocors` (200, no CORS), `/teapot` (418),
//! and receivers for test plans: `/exo/tag.php` (answers like ExoClick: `OK`, or `ERROR: …`
//! without `tag`, with an `skey` other than `k1`, or a `txid` seen before), `/reject` (403 to
//! everything), `/dedupe` (200 `OK` to everything, repeats included) and `/slow` (200 after 3 s).

use std::{thread, time::Duration};

use test_harness::{Endpoint, Route};

fn main() -> std::io::Result<()> {
    let endpoint = Endpoint::start([
        ("/cors", Route::text(200, "success=true;")),
        ("/nocors", Route::text(200, "OK").without_cors()),
        ("/teapot", Route::text(418, "I'm a teapot")),
        ("/exo/tag.php", Route::like_exoclick("k1")),
        ("/reject", Route::text(403, "Forbidden")),
        ("/dedupe", Route::text(200, "OK")),
        (
            "/slow",
            Route::text(200, "OK").delayed(Duration::from_secs(3)),
        ),
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
