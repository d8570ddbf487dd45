//! The "Template vs live request" card.

mod template_comparison;

pub use template_comparison::TemplateComparison;
