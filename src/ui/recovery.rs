//! What the page offers when its last start stopped before it was shown.

mod safe_start;

pub use safe_start::SafeStart;
