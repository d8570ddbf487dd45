//! The user interface: thin components, one per file, that call the pure core and the
//! browser I/O modules and show what they return.

mod app;
mod click_id_extractor;
mod draft;
mod error_note;
mod fire_panel;
mod macro_inputs;
mod postback_output;
mod result_view;
mod span_echo;
mod template_editor;

pub use app::App;
pub use draft::Draft;
