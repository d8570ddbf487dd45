//! The "Build" card: platform, macro syntax, template, method, signing, values, the built
//! postback and its problems.

mod build_card;
mod highlight;
mod platform_card;
mod platform_picker;
mod postback_url;
mod problem_list;
mod request_options;
mod signing_options;
mod syntax_picker;
mod template_field;
mod value_inputs;

pub use build_card::BuildCard;
