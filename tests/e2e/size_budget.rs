//! Size budgets for the release build. Sizes are deterministic, so they may be asserted;
//! speed is measured by the benchmark script, not here.

use test_harness::sizes;

use crate::support::{dist, R};

/// What a first visit downloads (html, js, wasm, css), gzip-compressed (GitHub Pages serves
/// gzip). History: 350 KiB until the signing, signature check and scenario screens landed;
/// they cost 43 KiB, of which erasing component types and dropping float formatting won back
/// 21 KiB, so the budget moved to 370 KiB. The largest lever left is url's IDNA tables
/// (about 45 KiB), which would cost support for non-ASCII domain names.
const INITIAL_LOAD_GZIP_BUDGET: u64 = 370 * 1024;

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
