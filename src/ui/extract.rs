//! The "Extract" card: click IDs and tracking parameters from pasted text or a file, and the
//! redirect chain they describe.

mod extract_card;
mod params_table;
mod redirect_chain;

pub use extract_card::ExtractCard;
