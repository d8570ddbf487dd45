//! The macro syntax families seen in postback templates, and which of them a parse looks for.

use serde::{Deserialize, Serialize};

/// One family of placeholder syntax.
///
/// ```
/// use postback_core::Syntax;
///
/// assert_eq!(Syntax::Brackets.example(), "[clickid]");
/// assert_eq!(Syntax::from_id("dollar-braces"), Some(Syntax::DollarBraces));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Syntax {
    /// `{name}`, with Keitaro's raw `{_name}` and argument form `{name:args}`.
    Braces,
    /// `{{name}}`.
    DoubleBraces,
    /// `[name]`.
    Brackets,
    /// `#name#`.
    Hashes,
    /// `%%name%%`.
    DoublePercents,
    /// `${NAME}`.
    DollarBraces,
    /// `(name)`: ambiguous in URLs, so only recognised when chosen explicitly.
    Parens,
}

impl Syntax {
    /// Every family, in the order a parse tries them at each position (longest opener first).
    pub const ALL: [Syntax; 7] = [
        Syntax::DollarBraces,
        Syntax::DoubleBraces,
        Syntax::Braces,
        Syntax::DoublePercents,
        Syntax::Brackets,
        Syntax::Hashes,
        Syntax::Parens,
    ];

    /// A stable identifier, used in saved state and share links.
    pub fn id(self) -> &'static str {
        match self {
            Self::Braces => "braces",
            Self::DoubleBraces => "double-braces",
            Self::Brackets => "brackets",
            Self::Hashes => "hashes",
            Self::DoublePercents => "double-percents",
            Self::DollarBraces => "dollar-braces",
            Self::Parens => "parens",
        }
    }

    /// The syntax with this [`Syntax::id`].
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.id() == id)
    }

    /// What a macro named `clickid` looks like in this syntax.
    pub fn example(self) -> &'static str {
        match self {
            Self::Braces => "{clickid}",
            Self::DoubleBraces => "{{clickid}}",
            Self::Brackets => "[clickid]",
            Self::Hashes => "#clickid#",
            Self::DoublePercents => "%%clickid%%",
            Self::DollarBraces => "${CLICKID}",
            Self::Parens => "(clickid)",
        }
    }

    /// The text that opens and the text that closes a macro.
    pub fn delimiters(self) -> (&'static str, &'static str) {
        match self {
            Self::Braces => ("{", "}"),
            Self::DoubleBraces => ("{{", "}}"),
            Self::Brackets => ("[", "]"),
            Self::Hashes => ("#", "#"),
            Self::DoublePercents => ("%%", "%%"),
            Self::DollarBraces => ("${", "}"),
            Self::Parens => ("(", ")"),
        }
    }

    /// Whether a malformed macro of this family is worth reporting. Brace families are never
    /// part of a valid URL, so a broken one is a mistake; `[`, `#`, `%%` and `(` also occur
    /// in ordinary URLs and text, so a non-match is simply text.
    pub(crate) fn reports_malformed(self) -> bool {
        matches!(self, Self::Braces | Self::DoubleBraces | Self::DollarBraces)
    }
}

/// Which syntax families a parse recognises.
///
/// ```
/// use postback_core::{Syntax, SyntaxChoice};
///
/// assert!(SyntaxChoice::Detect.allows(Syntax::Brackets));
/// assert!(!SyntaxChoice::Detect.allows(Syntax::Parens));
/// assert!(SyntaxChoice::Only(Syntax::Parens).allows(Syntax::Parens));
/// assert!(!SyntaxChoice::Only(Syntax::Parens).allows(Syntax::Braces));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "syntax")]
pub enum SyntaxChoice {
    /// Every family that cannot be mistaken for ordinary URL text: all but `(name)`.
    #[default]
    Detect,
    /// Exactly one family, as a platform preset or the user chose.
    Only(Syntax),
}

impl SyntaxChoice {
    /// Whether `syntax` is recognised under this choice.
    pub fn allows(self, syntax: Syntax) -> bool {
        match self {
            Self::Detect => syntax != Syntax::Parens,
            Self::Only(only) => only == syntax,
        }
    }
}
