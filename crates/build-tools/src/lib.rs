//! Steps the release build runs after Trunk has written the site, before it is served: the
//! split of the WebAssembly into what the page starts with and what it fetches after start-up
//! ([`split`]), the strict Content-Security-Policy of `index.html` ([`with_csp`]), and what lets the app open
//! without a network ([`service_worker`], [`with_manifest_link`]). `trunk serve` (a debug
//! build) is left alone: it injects its own reload script and a `ws:` connection.

mod csp;
mod offline;
mod split;

pub use csp::{with_csp, CspError};
pub use offline::{
    carries_hash, service_worker, with_manifest_link, BuiltFile, CACHE_PREFIX, MANIFEST_FILE,
    WORKER_FILE,
};
pub use split::{
    has_relocations, split, with_fresh_integrity, with_split_preload, Paths, Split, SplitError,
    LATER, RUSTFLAGS_VAR,
};
