//! Size budgets for the release build. Sizes are deterministic, so they may be asserted;
//! speed is measured by the benchmark script, not here.

use test_harness::sizes;

use crate::support::{dist, R};

/// What a first visit downloads (html, js, wasm, css), gzip-compressed (GitHub Pages serves
/// gzip). History of the budget:
/// - 350 KiB until the signing, signature check and scenario screens landed (they cost
///   43 KiB; erasing component types and dropping float formatting won back 21 KiB);
/// - 490 KiB with the keep-and-share work: the run history read back with serde, evidence
///   export and import, share and result links (deflate), the partner view and the
///   template-vs-live comparison took the load to 478 KiB.
/// - 512 KiB with the hardening of issue 11 (secrets by placement, reading answers as a
///   stream, clamping what is read back, the start-safely and crash views, the partner's view
///   of the whole request): 499 KiB, after the refactor of issue 10 had brought it to 467.
///   The size work of issue 15 takes it down from here.
/// - 548 KiB with the first five minutes of issue 12 (the address check, the partner's
///   send-once flow, fire-time problems in every export, the evidence summary table, the
///   calm checklist): 531 KiB, 507 before it.
/// - 560 KiB with the rest of issue 12 (the combobox, the plain and technical verdicts, the
///   partner's kept result and live second tab, the lint's pasted-URL, spaced-macro and
///   missing-domain rules): 549 KiB.
/// - 680 KiB with issue 13's test plans (the plan model, cells, kept runs and their evidence in
///   the core: 27 KiB; the Test plans card, its matrix, run dialog and run hook: 84 KiB):
///   662 KiB, 551 before it. The card is only needed once a plan is made: loading it on demand
///   (split wasm) is the first lever for issue 15 to claim this back.
/// - 710 KiB after issue 13's two rounds of review (the card drawn once per plan with a
///   signal per part, per-plan secrets, the run's question preparing each cell and naming
///   what cannot leave, the Web Lock, the secret fields in Send again): 693 KiB.
/// - 716 KiB with issue 14's local relay in Fire (the relay protocol and its checks in the
///   core, the relay's fetch, the switch and its fields, Before sending and the verdict
///   through the relay, answers judged with secrets hidden): 710.2 KiB, its JSON read through
///   the `Value` reader the page already had (7 KiB less than reading it directly).
/// - 480 KiB with issue 15: the cards a first visit does not need (Test plans, History,
///   Template vs live request, Check a signature, Extract, and the partner's views) arrive in
///   WebAssembly parts fetched after start-up (599 KiB with the first four, 515 with the
///   rest), and url's Unicode tables left the page, which asks the browser's URL parser for
///   Unicode host names instead (46 KiB): 471.2 KiB.
/// - 360 KiB once the Fire card arrived after start-up too (78 KiB less: 394.8 KiB), and the
///   test plans, kept and opened from a link, were read by their own card's part rather than
///   at start-up (43 KiB less): 351.4 KiB.
/// - 345 KiB once the stored runs were read by the first card that keeps or shows them and a
///   partner's result link by its own card, not at start-up (15 KiB less): 336.6 KiB. The
///   issue's 315 KiB is not reached: what remains is the builder (its lint, templates, drafts
///   and their saved state, the signing of the preview) and Leptos itself.
const INITIAL_LOAD_GZIP_BUDGET: u64 = 345 * 1024;

#[test]
fn the_initial_load_fits_the_gzip_budget() -> R {
    let files = sizes::measure(&dist()?)?;
    let first = files
        .iter()
        .filter(|f| f.path.ends_with(".wasm") && f.is_initial_load())
        .count();
    let later = files.iter().filter(|f| f.is_fetched_later()).count();
    assert_eq!(first, 1, "expected one wasm file at start-up: {files:#?}");
    assert!(
        later >= 3,
        "expected the cards' parts beside it: {files:#?}"
    );
    let (_, gzip, _) = sizes::initial_load(&files);
    assert!(
        gzip <= INITIAL_LOAD_GZIP_BUDGET,
        "initial load is {gzip} bytes gzip, over the {INITIAL_LOAD_GZIP_BUDGET} budget:\n{}",
        sizes::table(&files)
    );
    Ok(())
}
