//! The "Check a signature" card, for the receiving side of signed webhooks.

mod signature_check;

pub use signature_check::SignatureCheck;
