//! The user interface: thin components, one per file, grouped by the card a person sees.
//! Each card's folder holds the card and the parts only it shows; `widgets` holds the small
//! parts several cards use, and `state` the builder's signals and the run history the cards
//! share. Components call the pure core and the browser I/O modules and show what they return.

mod app;
mod build;
mod compare;
mod extract;
mod fire;
mod history;
mod partner;
mod plan;
mod recovery;
mod signature;
mod state;
mod widgets;

pub use app::Page;
