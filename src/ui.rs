//! The user interface: thin components, one per file, that call the pure core and the
//! browser I/O modules and show what they return.

mod app;
mod builder;
mod chain_view;
mod click_id_extractor;
mod copy_button;
mod error_note;
mod fire_panel;
mod highlight;
mod history_panel;
mod macro_inputs;
mod params_table;
mod partner_result;
mod partner_view;
mod paste_guard;
mod postback_output;
mod preset_card;
mod preset_picker;
mod problem_list;
mod request_options;
mod result_view;
mod run_history;
mod saved_state;
mod scenario_runner;
mod share_panel;
mod signature_check;
mod signing_options;
mod syntax_picker;
mod template_diff;
mod template_editor;
mod template_field;

pub use app::App;
pub use builder::Builder;
