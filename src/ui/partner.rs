//! What a partner sees: the guided "Postback check" a partner link opens, and the "Result from a
//! partner" a result link opens.

mod partner_result;
mod postback_check;

pub use partner_result::PartnerResult;
pub use postback_check::PostbackCheck;
