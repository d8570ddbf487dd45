//! The "History" card: every run kept, searched, reopened, deleted and exported.

mod history_card;

pub use history_card::HistoryCard;
