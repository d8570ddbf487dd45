//! The postback being built: the template, the values typed for its macros, and what they
//! give. One value shared by the editor, the output and the fire panel.

use leptos::prelude::*;
use postback_core::{Expansion, Template, TemplateError, Values};

/// The builder's state. Values are kept for macros that leave the template, so editing the
/// template never loses what was typed.
#[derive(Clone, Copy)]
pub struct Draft {
    /// The template as typed.
    pub template: RwSignal<String>,
    /// The value typed for each macro name.
    pub values: RwSignal<Values>,
    /// The parsed template, or why it does not parse.
    pub parsed: Memo<Result<Template, TemplateError>>,
    /// The template with its values filled in, when it parses.
    pub expansion: Memo<Option<Expansion>>,
}

impl Draft {
    /// An empty draft.
    pub fn new() -> Self {
        let template = RwSignal::new(String::new());
        let values = RwSignal::new(Values::default());
        let parsed = Memo::new(move |_| template.with(|t| Template::parse(t)));
        let expansion = Memo::new(move |_| {
            parsed.with(|p| p.as_ref().ok().map(|t| values.with(|v| t.expand(v))))
        });
        Self {
            template,
            values,
            parsed,
            expansion,
        }
    }

    /// The URL that Fire sends: the expansion's text, or the template itself while it does not
    /// parse (so the check before sending explains the problem).
    pub fn url(&self) -> String {
        self.expansion
            .get()
            .map(|e| e.text)
            .unwrap_or_else(|| self.template.get())
    }
}

impl Default for Draft {
    fn default() -> Self {
        Self::new()
    }
}
