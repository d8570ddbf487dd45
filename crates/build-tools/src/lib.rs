//! Steps the release build runs after Trunk has written the site, before it is served: the
//! strict Content-Security-Policy of `index.html` ([`with_csp`]), and what lets the app open
//! without a network ([`service_worker`], [`with_manifest_link`]). `trunk serve` (a debug
//! build) is left alone: it injects its own reload script and a `ws:` connection.

mod csp;
mod offline;

pub use csp::{with_csp, CspError};
pub use offline::{
    service_worker, with_manifest_link, BuiltFile, CACHE_PREFIX, MANIFEST_FILE, WORKER_FILE,
};
