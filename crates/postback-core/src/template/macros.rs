//! A macro as the parser finds it: how it is written, where it stands and so how its value is
//! encoded, the placeholder words platforms use, and the errors of reading one.

use serde::{Deserialize, Serialize};

use super::syntax::Syntax;
use crate::{encode, Span};

/// The largest template accepted, in bytes. Postback URLs are rarely over a few KiB.
pub const MAX_TEMPLATE_BYTES: usize = 64 * 1024;

/// Literal placeholder words that platforms put where a value must go
/// (Voluum's `cid=REPLACE&payout=OPTIONAL`, TUNE's `TRANSACTION_ID`, TikTok's `_CLICKID_`).
/// They are recognised when they stand as a whole query or form value.
pub const SENTINELS: [&str; 5] = [
    "REPLACE",
    "OPTIONAL",
    "TRANSACTION_ID",
    "AFFSESSIONID",
    "_CLICKID_",
];

/// RedTrack's braces placeholder that must be replaced by the network's own macro.
pub const REPLACE_ME: &str = "replace_me";

/// Why a template, or a piece of it, could not be read. Each variant with a span says where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TemplateError {
    /// Nothing was typed.
    #[error("empty template")]
    Empty,
    /// The template is larger than [`MAX_TEMPLATE_BYTES`].
    #[error("template too large ({len} bytes)")]
    TooLarge {
        /// Its size in bytes.
        len: usize,
    },
    /// An opening delimiter with no matching close.
    #[error("unclosed `{opener}`")]
    Unclosed {
        /// The opening delimiter.
        span: Span,
        /// The delimiter that was opened, such as `{` or `${`.
        opener: String,
    },
    /// A macro with nothing between its delimiters.
    #[error("macro without a name")]
    EmptyName {
        /// The empty macro.
        span: Span,
    },
    /// A macro name with a character that names cannot hold, such as a space.
    #[error("`{}` is not allowed in a macro name", found.escape_default())]
    InvalidName {
        /// The whole macro, delimiters included.
        span: Span,
        /// The first character that is not allowed.
        found: char,
    },
}

impl TemplateError {
    /// The span of the template that the error is about, if any.
    pub fn span(&self) -> Option<Span> {
        match self {
            Self::Empty | Self::TooLarge { .. } => None,
            Self::Unclosed { span, .. }
            | Self::EmptyName { span }
            | Self::InvalidName { span, .. } => Some(*span),
        }
    }

    /// What the user can do next.
    pub fn hint(&self) -> String {
        match self {
            Self::Empty => "Paste the postback URL from your tracker, for example \
                 https://trk.example/postback?cid={clickid}&payout={payout}"
                .to_owned(),
            Self::TooLarge { .. } => format!(
                "Paste only the postback URL; templates up to {} KiB are read.",
                MAX_TEMPLATE_BYTES / 1024
            ),
            Self::Unclosed { opener, .. } => {
                format!("Close the macro, or remove the stray `{opener}` if it is not one.")
            }
            Self::EmptyName { .. } => {
                "Write the macro's name between the delimiters, like {clickid}.".to_owned()
            }
            Self::InvalidName { .. } => {
                "Macro names use letters, digits, `_`, `-` and `.` only, like {click_id}."
                    .to_owned()
            }
        }
    }
}

/// What kind of text a template is, which decides how values are encoded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextKind {
    /// A URL: values are percent-encoded for their part of it.
    #[default]
    Url,
    /// An `application/x-www-form-urlencoded` body.
    Form,
    /// A JSON body: values inside strings are JSON-escaped, never percent-encoded.
    Json,
    /// HTTP header lines: values are inserted as they are.
    Header,
}

/// Where a macro stands, which decides how its value is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Place {
    /// Before `://`.
    Scheme,
    /// The host and port.
    Authority,
    /// A path segment.
    Path,
    /// A query parameter's name.
    QueryKey,
    /// A query parameter's value.
    QueryValue,
    /// After `#`.
    Fragment,
    /// A form field's name.
    FormKey,
    /// A form field's value.
    FormValue,
    /// Inside a JSON string.
    JsonString,
    /// In JSON outside a string, such as a number.
    JsonBare,
    /// In a header line.
    Header,
}

impl Place {
    /// `value` encoded once for this place; a raw macro (`{_name}`) inserts it as it is.
    ///
    /// ```
    /// use postback_core::Place;
    ///
    /// assert_eq!(Place::QueryValue.encode("a&b", false), "a%26b");
    /// assert_eq!(Place::QueryValue.encode("a&b", true), "a&b");
    /// assert_eq!(Place::JsonString.encode("say \"hi\"", false), "say \\\"hi\\\"");
    /// assert_eq!(Place::Authority.encode("trk.example:8443", false), "trk.example:8443");
    /// ```
    pub fn encode(self, value: &str, raw: bool) -> String {
        if raw {
            return value.to_owned();
        }
        match self {
            Self::Path | Self::QueryKey | Self::QueryValue | Self::Fragment => {
                encode::url_component(value)
            }
            Self::FormKey | Self::FormValue => encode::form_value(value),
            Self::JsonString => encode::json_string_content(value),
            Self::Scheme | Self::Authority | Self::JsonBare | Self::Header => value.to_owned(),
        }
    }

    /// Whether the place is a query or form value, where sentinels stand.
    pub fn is_value(self) -> bool {
        matches!(self, Self::QueryValue | Self::FormValue)
    }
}

/// How a macro is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "of")]
pub enum MacroKind {
    /// A placeholder in one of the syntax families.
    Placeholder(Syntax),
    /// A literal word such as `REPLACE`, or RedTrack's `{replace_me}`, standing for a value.
    Sentinel,
}

/// One placeholder in a template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Macro {
    /// The name a value is typed under: the name between the delimiters (without Keitaro's
    /// `_` raw prefix or `:args`), or for a sentinel the parameter it is the value of.
    pub name: String,
    /// Where the macro stands in the template, delimiters included.
    pub span: Span,
    /// How it is written.
    pub kind: MacroKind,
    /// Whether the value goes in unencoded (Keitaro's `{_name}`).
    pub raw: bool,
    /// Keitaro's arguments after `:`, such as `lead=0 sale=1` in `{status:lead=0 sale=1}`.
    pub args: Option<String>,
    /// Where it stands, which decides the encoding.
    pub place: Place,
    /// For a query or form value, the parameter name it is the value of.
    pub key: Option<String>,
}
