//! Postback templates: text with placeholders in any syntax seen in the wild, parsed with byte
//! spans, and expanded with each value encoded exactly once for the place it stands in.
//!
//! Parsing never rewrites the user's text: a [`Template`] keeps the source as typed, a
//! malformed macro is kept as text and reported in [`Template::problems`], and expansion copies
//! every byte outside a macro unchanged.

mod macros;
mod parse;
mod syntax;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use macros::{
    Macro, MacroKind, Place, TemplateError, TextKind, MAX_TEMPLATE_BYTES, REPLACE_ME, SENTINELS,
};
pub use syntax::{Syntax, SyntaxChoice};

use crate::Span;

/// A parsed template.
///
/// ```
/// use postback_core::Template;
///
/// let template = Template::parse("https://t.example/pb?cid={clickid}&sum=[payout]&x=REPLACE&again={clickid}")?;
/// assert_eq!(template.names(), vec!["clickid", "payout", "x"]);
/// assert_eq!(template.macros().len(), 4);
/// # Ok::<(), postback_core::TemplateError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    source: String,
    kind: TextKind,
    macros: Vec<Macro>,
    problems: Vec<TemplateError>,
}

impl Template {
    /// Parses a URL template, recognising every unambiguous syntax family.
    ///
    /// # Errors
    ///
    /// [`TemplateError::Empty`] for a blank template, [`TemplateError::TooLarge`] past
    /// [`MAX_TEMPLATE_BYTES`]. Malformed macros are not errors: see [`Template::problems`].
    pub fn parse(source: &str) -> Result<Self, TemplateError> {
        Self::parse_with(source, TextKind::Url, SyntaxChoice::Detect)
    }

    /// Parses a template of `kind` with the syntax families `choice` allows.
    ///
    /// # Errors
    ///
    /// As [`Template::parse`].
    pub fn parse_with(
        source: &str,
        kind: TextKind,
        choice: SyntaxChoice,
    ) -> Result<Self, TemplateError> {
        if source.trim().is_empty() {
            return Err(TemplateError::Empty);
        }
        if source.len() > MAX_TEMPLATE_BYTES {
            return Err(TemplateError::TooLarge { len: source.len() });
        }
        let (macros, problems) = parse::parse(source, kind, choice);
        Ok(Self {
            source: source.to_owned(),
            kind,
            macros,
            problems,
        })
    }

    /// The template exactly as it was typed.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// What kind of text it is.
    pub fn kind(&self) -> TextKind {
        self.kind
    }

    /// Every macro occurrence, in order.
    pub fn macros(&self) -> &[Macro] {
        &self.macros
    }

    /// Malformed macros, kept as text: each with the span to underline.
    pub fn problems(&self) -> &[TemplateError] {
        &self.problems
    }

    /// The distinct macro names, in order of first appearance.
    pub fn names(&self) -> Vec<&str> {
        // A set beside the list: a template of thousands of macros stays linear.
        let mut seen = std::collections::HashSet::new();
        self.macros
            .iter()
            .map(|m| m.name.as_str())
            .filter(|name| seen.insert(*name))
            .collect()
    }

    /// Replaces each macro that has a non-empty value with the value, encoded once for its
    /// place (see [`Place::encode`]). A macro without a value is kept as typed and listed in
    /// [`Expansion::unfilled`], never dropped.
    ///
    /// ```
    /// use postback_core::{Template, Values};
    ///
    /// let template = Template::parse("https://t.example/pb?cid={clickid}&sum={payout}")?;
    /// let out = template.expand(&Values::from_pairs([("clickid", "x y")]));
    /// assert_eq!(out.text, "https://t.example/pb?cid=x%20y&sum={payout}");
    /// assert_eq!(out.unfilled, vec!["payout".to_owned()]);
    /// # Ok::<(), postback_core::TemplateError>(())
    /// ```
    pub fn expand(&self, values: &Values) -> Expansion {
        let mut out = Expansion::default();
        let mut copied_to = 0;
        for m in &self.macros {
            let literal = Span::new(copied_to, m.span.start);
            out.push(
                literal,
                literal.slice(&self.source).unwrap_or_default(),
                None,
            );
            match values.get(&m.name).filter(|v| !v.is_empty()) {
                Some(value) => {
                    let filled = Filled {
                        name: m.name.clone(),
                        value: value.to_owned(),
                        raw: m.raw,
                        place: m.place,
                    };
                    out.push(m.span, &m.place.encode(value, m.raw), Some(filled));
                }
                None => {
                    out.push(m.span, m.span.slice(&self.source).unwrap_or_default(), None);
                    if !out.unfilled.contains(&m.name) {
                        out.unfilled.push(m.name.clone());
                    }
                }
            }
            copied_to = m.span.end;
        }
        let rest = Span::new(copied_to, self.source.len());
        out.push(rest, rest.slice(&self.source).unwrap_or_default(), None);
        out
    }
}

/// A macro that a value replaced, as recorded in an [`Expansion`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filled {
    /// The macro's name.
    pub name: String,
    /// The value as typed, before encoding.
    pub value: String,
    /// Whether it was inserted unencoded.
    pub raw: bool,
    /// Where it stood.
    pub place: Place,
}

/// One stretch of an expansion: where it came from in the template and where it landed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// The bytes of the template.
    pub template: Span,
    /// The bytes of the output.
    pub output: Span,
    /// The macro a value replaced, for a filled macro; `None` for text copied as it is.
    pub filled: Option<Filled>,
}

/// The result of [`Template::expand`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expansion {
    /// The template with every filled macro replaced by its encoded value.
    pub text: String,
    /// Names of macros that had no value and were kept as typed, in order of first appearance.
    pub unfilled: Vec<String>,
    /// How the output maps back to the template, in order.
    pub segments: Vec<Segment>,
}

impl Expansion {
    fn push(&mut self, template: Span, text: &str, filled: Option<Filled>) {
        if template.is_empty() && text.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(text);
        self.segments.push(Segment {
            template,
            output: Span::new(start, self.text.len()),
            filled,
        });
    }

    /// The template span that produced the output span `output`: exact for copied text, the
    /// whole macro for a filled one.
    ///
    /// ```
    /// use postback_core::{Span, Template, Values};
    ///
    /// let template = Template::parse("https://t.example/?a={x}&b=1")?;
    /// let out = template.expand(&Values::from_pairs([("x", "long value")]));
    /// let b = out.text.find("b=1").unwrap_or_default();
    /// assert_eq!(out.to_template(Span::new(b, b + 3)), Some(Span::new(25, 28)));
    /// # Ok::<(), postback_core::TemplateError>(())
    /// ```
    pub fn to_template(&self, output: Span) -> Option<Span> {
        let start = self.map_offset(output.start, false)?;
        let end = self.map_offset(output.end, true)?;
        Some(Span::new(start, end))
    }

    fn map_offset(&self, offset: usize, is_end: bool) -> Option<usize> {
        let segment = self.segments.iter().find(|s| {
            if is_end {
                s.output.start < offset && offset <= s.output.end
            } else {
                s.output.start <= offset && offset < s.output.end
            }
        });
        let Some(segment) = segment else {
            // An empty span at the very end maps to the end of the template.
            return self
                .segments
                .last()
                .filter(|s| s.output.end == offset)
                .map(|s| s.template.end);
        };
        if segment.filled.is_some() {
            return Some(if is_end {
                segment.template.end
            } else {
                segment.template.start
            });
        }
        Some(segment.template.start + (offset - segment.output.start))
    }

    /// The filled macro whose value covers any of `output`, if one does.
    pub fn filled_at(&self, output: Span) -> Option<&Filled> {
        self.segments
            .iter()
            .filter(|s| s.output.start < output.end.max(output.start + 1))
            .filter(|s| output.start < s.output.end)
            .find_map(|s| s.filled.as_ref())
    }
}

/// The value typed for each macro name. Values are kept for names that leave the template,
/// so a user who edits the template loses nothing they typed.
///
/// ```
/// use postback_core::Values;
///
/// let mut values = Values::default();
/// values.set("clickid", "abc");
/// assert_eq!(values.get("clickid"), Some("abc"));
/// assert_eq!(values.get("payout"), None);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Values(BTreeMap<String, String>);

impl Values {
    /// Values from `(name, value)` pairs; a later pair wins over an earlier one.
    pub fn from_pairs<N, V>(pairs: impl IntoIterator<Item = (N, V)>) -> Self
    where
        N: Into<String>,
        V: Into<String>,
    {
        Self(
            pairs
                .into_iter()
                .map(|(n, v)| (n.into(), v.into()))
                .collect(),
        )
    }

    /// The value typed for `name`, if any.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// Sets the value for `name`.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.insert(name.into(), value.into());
    }

    /// Keeps only the values for which `keep(name, value)` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &str) -> bool) {
        self.0.retain(|n, v| keep(n, v));
    }

    /// Keeps at most `count` values, each name and value cut to `max_bytes`.
    pub(crate) fn cap(&mut self, count: usize, max_bytes: usize) {
        let kept: BTreeMap<String, String> = std::mem::take(&mut self.0)
            .into_iter()
            .take(count)
            .map(|(mut name, mut value)| {
                crate::span::cut_at_char(&mut name, max_bytes);
                crate::span::cut_at_char(&mut value, max_bytes);
                (name, value)
            })
            .collect();
        self.0 = kept;
    }

    /// Every `(name, value)`, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }
}

#[cfg(test)]
mod tests;
