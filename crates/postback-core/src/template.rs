//! Postback templates: a URL with `{macro}` placeholders, parsed with byte spans and expanded
//! with each value percent-encoded exactly once.
//!
//! Parsing never rewrites the user's text: a [`Template`] keeps the source as typed, and
//! expansion copies every byte outside a macro unchanged.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{encode, Span};

/// Why a template could not be parsed. Each variant carries the span to underline.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// Nothing was typed.
    #[error("empty template")]
    Empty,
    /// A `{` with no matching `}`.
    #[error("unclosed `{{`")]
    Unclosed {
        /// The opening brace.
        span: Span,
    },
    /// `{}` with nothing inside.
    #[error("macro without a name")]
    EmptyName {
        /// The empty braces.
        span: Span,
    },
    /// A macro name with a character that names cannot hold, such as a space.
    #[error("`{found}` is not allowed in a macro name")]
    InvalidName {
        /// The whole macro, braces included.
        span: Span,
        /// The first character that is not allowed.
        found: char,
    },
}

impl TemplateError {
    /// The span of the template that the error is about, if any.
    pub fn span(&self) -> Option<Span> {
        match self {
            Self::Empty => None,
            Self::Unclosed { span } | Self::EmptyName { span } | Self::InvalidName { span, .. } => {
                Some(*span)
            }
        }
    }

    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Empty => {
                "Paste the postback URL from your tracker, for example \
                 https://trk.example/postback?cid={clickid}&payout={payout}"
            }
            Self::Unclosed { .. } => "Close the macro with `}`, or remove the stray `{`.",
            Self::EmptyName { .. } => "Write the macro's name between the braces, like {clickid}.",
            Self::InvalidName { .. } => {
                "Macro names use letters, digits, `_`, `-` and `.` only, like {click_id}."
            }
        }
    }
}

/// One `{name}` placeholder in a template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Macro {
    /// The name between the braces, exactly as typed.
    pub name: String,
    /// Where the macro stands in the template, braces included.
    pub span: Span,
}

/// A parsed postback template.
///
/// ```
/// use postback_core::Template;
///
/// let template = Template::parse("https://t.example/pb?cid={clickid}&sum={payout}&again={clickid}")?;
/// assert_eq!(template.names(), vec!["clickid", "payout"]);
/// assert_eq!(template.macros().len(), 3);
/// # Ok::<(), postback_core::TemplateError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    source: String,
    macros: Vec<Macro>,
}

impl Template {
    /// Parses `source`, finding every `{name}` macro.
    ///
    /// # Errors
    ///
    /// [`TemplateError`] for an empty (or blank) template, an unclosed `{`, empty braces, or a
    /// name with a character such as a space. A template without any macro is valid.
    pub fn parse(source: &str) -> Result<Self, TemplateError> {
        if source.trim().is_empty() {
            return Err(TemplateError::Empty);
        }
        let mut macros = Vec::new();
        let mut rest = source.char_indices().peekable();
        while let Some((open, c)) = rest.next() {
            if c != '{' {
                continue;
            }
            let mut close = None;
            for (i, inner) in rest.by_ref() {
                if inner == '}' {
                    close = Some(i);
                    break;
                }
                if inner == '{' {
                    break;
                }
            }
            let Some(close) = close else {
                return Err(TemplateError::Unclosed {
                    span: Span::new(open, open + 1),
                });
            };
            let span = Span::new(open, close + 1);
            let name = source.get(open + 1..close).unwrap_or_default();
            if name.is_empty() {
                return Err(TemplateError::EmptyName { span });
            }
            if let Some(found) = name.chars().find(|c| !is_name_char(*c)) {
                return Err(TemplateError::InvalidName { span, found });
            }
            macros.push(Macro {
                name: name.to_owned(),
                span,
            });
        }
        Ok(Self {
            source: source.to_owned(),
            macros,
        })
    }

    /// The template exactly as it was typed.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every macro occurrence, in order.
    pub fn macros(&self) -> &[Macro] {
        &self.macros
    }

    /// The distinct macro names, in order of first appearance.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for m in &self.macros {
            if !names.contains(&m.name.as_str()) {
                names.push(&m.name);
            }
        }
        names
    }

    /// Replaces each macro that has a non-empty value with the value, percent-encoded once
    /// with [`encode::COMPONENT`]. A macro without a value is kept as typed and listed in
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
        let mut text = String::with_capacity(self.source.len());
        let mut unfilled: Vec<String> = Vec::new();
        let mut copied_to = 0;
        for m in &self.macros {
            text.push_str(self.source.get(copied_to..m.span.start).unwrap_or_default());
            match values.get(&m.name).filter(|v| !v.is_empty()) {
                Some(value) => text.push_str(&encode::component(value)),
                None => {
                    text.push_str(m.span.slice(&self.source).unwrap_or_default());
                    if !unfilled.contains(&m.name) {
                        unfilled.push(m.name.clone());
                    }
                }
            }
            copied_to = m.span.end;
        }
        text.push_str(self.source.get(copied_to..).unwrap_or_default());
        Expansion { text, unfilled }
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// The result of [`Template::expand`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expansion {
    /// The template with every filled macro replaced by its encoded value.
    pub text: String,
    /// Names of macros that had no value and were kept as typed, in order of first appearance.
    pub unfilled: Vec<String>,
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use percent_encoding::percent_decode_str;
    use proptest::prelude::*;

    /// A macro's name and the start and end of its span.
    type Found<'a> = (&'a str, usize, usize);

    #[test]
    fn parsing_finds_each_macro_with_its_span() {
        let cases: &[(&str, &[Found])] = &[
            ("https://t.example/pb?cid={clickid}", &[("clickid", 25, 34)]),
            ("{a}{b}", &[("a", 0, 3), ("b", 3, 6)]),
            ("https://t.example/{key}/pb", &[("key", 18, 23)]),
            ("?é={sub.1}", &[("sub.1", 4, 11)]),
            ("no macros here", &[]),
            ("stray } brace", &[]),
        ];
        for (source, want) in cases {
            let template = Template::parse(source);
            let got: Vec<(String, usize, usize)> = template
                .map(|t| {
                    t.macros()
                        .iter()
                        .map(|m| (m.name.clone(), m.span.start, m.span.end))
                        .collect()
                })
                .unwrap_or_default();
            let want: Vec<(String, usize, usize)> = want
                .iter()
                .map(|(n, s, e)| ((*n).to_owned(), *s, *e))
                .collect();
            assert_eq!(got, want, "{source}");
        }
    }

    #[test]
    fn bad_templates_give_an_error_pointing_at_the_spot() {
        let cases = [
            ("", TemplateError::Empty),
            ("   \n", TemplateError::Empty),
            (
                "https://t.example/?a={clickid",
                TemplateError::Unclosed {
                    span: Span::new(21, 22),
                },
            ),
            (
                "a={b{c}",
                TemplateError::Unclosed {
                    span: Span::new(2, 3),
                },
            ),
            (
                "x={}",
                TemplateError::EmptyName {
                    span: Span::new(2, 4),
                },
            ),
            (
                "x={click id}",
                TemplateError::InvalidName {
                    span: Span::new(2, 12),
                    found: ' ',
                },
            ),
        ];
        for (source, want) in cases {
            assert_eq!(Template::parse(source), Err(want), "{source:?}");
        }
    }

    #[test]
    fn every_error_has_a_hint() {
        let errors = [
            TemplateError::Empty,
            TemplateError::Unclosed {
                span: Span::new(0, 1),
            },
            TemplateError::EmptyName {
                span: Span::new(0, 2),
            },
            TemplateError::InvalidName {
                span: Span::new(0, 3),
                found: ' ',
            },
        ];
        for e in errors {
            assert!(!e.hint().is_empty());
            assert_eq!(e.to_string(), e.to_string().to_lowercase(), "{e:?}");
        }
    }

    #[test]
    fn names_are_listed_once_in_order_of_first_appearance() {
        let t = Template::parse("{b}{a}{b}{c}{a}");
        assert_eq!(t.map(|t| t.names().join(",")), Ok("b,a,c".to_owned()));
    }

    #[test]
    fn expansion_keeps_every_byte_outside_macros() {
        let source = "HTTPS://T.example:8443/p%20x/{k}?A=1&b={v}#frag";
        let template = Template::parse(source);
        let out = template.map(|t| t.expand(&Values::from_pairs([("k", "K"), ("v", "V")])));
        assert_eq!(
            out.map(|o| o.text),
            Ok("HTTPS://T.example:8443/p%20x/K?A=1&b=V#frag".to_owned())
        );
    }

    #[test]
    fn an_empty_value_leaves_the_macro_visible_and_reported() {
        let template = Template::parse("?a={x}&b={x}&c={y}");
        let out = template.map(|t| t.expand(&Values::from_pairs([("x", ""), ("y", "1")])));
        assert_eq!(
            out,
            Ok(Expansion {
                text: "?a={x}&b={x}&c=1".to_owned(),
                unfilled: vec!["x".to_owned()],
            })
        );
    }

    fn query_value_pairs(url: &str) -> Vec<(String, String)> {
        let query = url.split_once('?').map(|(_, q)| q).unwrap_or_default();
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| {
                (
                    k.to_owned(),
                    percent_decode_str(v).decode_utf8_lossy().into_owned(),
                )
            })
            .collect()
    }

    proptest! {
        #[test]
        fn expanding_then_parsing_gives_back_every_value_byte_exact(
            a in "\\PC{1,40}",
            b in prop_oneof![Just("& = # + % é".to_owned()), "\\PC{1,40}"],
        ) {
            let template = Template::parse("https://t.example/pb?first={a}&second={b}");
            prop_assert!(template.is_ok());
            let Ok(template) = template else { return Ok(()) };
            let out = template.expand(&Values::from_pairs([("a", a.clone()), ("b", b.clone())]));
            prop_assert!(out.unfilled.is_empty());
            let parsed = url::Url::parse(&out.text);
            prop_assert!(parsed.is_ok(), "url rejected {}", out.text);
            let pairs = query_value_pairs(&out.text);
            prop_assert_eq!(pairs, vec![("first".to_owned(), a), ("second".to_owned(), b)]);
        }

        #[test]
        fn parsing_arbitrary_text_never_panics(source in any::<String>()) {
            if let Ok(template) = Template::parse(&source) {
                for m in template.macros() {
                    prop_assert!(m.span.slice(&source).is_some());
                }
                let _ = template.expand(&Values::default());
            }
        }

        #[test]
        fn expansion_with_no_values_gives_back_the_source(source in any::<String>()) {
            if let Ok(template) = Template::parse(&source) {
                prop_assert_eq!(template.expand(&Values::default()).text, source);
            }
        }
    }
}
