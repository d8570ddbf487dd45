//! Whether the last start of the page in this tab got as far as showing it. The page notes
//! "opening" as it starts and "shown" once the first view is on screen; a page that stopped
//! while it opened (data it could not handle, say) left "opening", and its reload offers to
//! start without the stored data. The mark is the tab's own (`sessionStorage`): a tab still
//! opening beside this one, as when the same link opens in two tabs at once or the browser
//! restores several, is not a start that stopped. The moment the page is shown is marked for
//! the start-up benchmark.

use postback_core::StorageKey;

use crate::storage;

/// The performance mark set when the first view is on screen, for measuring start-up
/// (`performance.getEntriesByName` in the benchmark, or in the browser's own tools).
pub const READY_MARK: &str = "postback-tester:ready";

const OPENING: &str = "opening";
const SHOWN: &str = "shown";

/// Whether this tab's last start stopped before the page was shown; then notes that this one
/// starts.
pub fn last_start_stopped() -> bool {
    let stopped = storage::read_tab(StorageKey::Boot)
        .ok()
        .flatten()
        .is_some_and(|state| state == OPENING);
    let _ = storage::write_tab(StorageKey::Boot, OPENING);
    stopped
}

/// Notes that the page is on screen, and marks the moment ([`READY_MARK`]).
pub fn shown() {
    let _ = storage::write_tab(StorageKey::Boot, SHOWN);
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(READY_MARK);
    }
}
