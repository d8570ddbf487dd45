//! Size budgets for the release build. Sizes are deterministic, so they may be asserted;
//! speed is measured by the benchmark script, not here.

use test_harness::sizes;

use crate::support::{dist, R};

/// What a first visit downloads (html, js, wasm, css), gzip-compressed.
const INITIAL_LOAD_GZIP_BUDGET: u64 = 350 * 1024;

#[test]
fn the_initial_load_fits_the_gzip_budget() -> R {
    let files = sizes::measure(&dist()?)?;
    let wasm = files.iter().filter(|f| f.path.ends_with(".wasm")).count();
    assert_eq!(wasm, 1, "expected one wasm file: {files:#?}");
    let (_, gzip, _) = sizes::initial_load(&files);
    assert!(
        gzip <= INITIAL_LOAD_GZIP_BUDGET,
        "initial load is {gzip} bytes gzip, over the {INITIAL_LOAD_GZIP_BUDGET} budget:\n{}",
        sizes::table(&files)
    );
    Ok(())
}
