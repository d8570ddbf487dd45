//! What a lint finding is: its rule, severity, message, fix and spot, and what the lint reads.

use serde::{Deserialize, Serialize};

use crate::{template::Expansion, Preset, Span, Template};

/// Which rule a finding comes from. The id is stable, for tests and saved reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Rule {
    /// A malformed macro in the template.
    TemplateSyntax,
    /// A macro still in the URL, as written or percent-encoded.
    UnreplacedMacro,
    /// A platform's placeholder word (`REPLACE`, `OPTIONAL` …) still in the URL.
    SentinelLeft,
    /// The platform's click-ID key is missing or misspelled.
    ClickIdMissing,
    /// The click ID is empty.
    ClickIdEmpty,
    /// The click ID does not have the platform's documented shape.
    ClickIdShape,
    /// A value was percent-encoded twice.
    DoubleEncoding,
    /// A character that must be encoded stands unencoded.
    UnencodedCharacter,
    /// A `+` that a receiver may read as a space.
    PlusInValue,
    /// Personal data in the URL.
    PersonalData,
    /// An `http://` URL, which an https page cannot fire.
    InsecureHttp,
    /// A payout a receiver may misread.
    PayoutFormat,
    /// A status outside the platform's vocabulary.
    StatusVocabulary,
    /// The same key twice.
    DuplicateKey,
    /// A `#` before the `?`, which hides the query from the server.
    FragmentBeforeQuery,
    /// The URL parser rejects the URL.
    InvalidUrl,
    /// A value typed into the scheme or host holds a scheme, a slash or a path.
    AddressValue,
    /// A whole web address pasted where one value goes, such as the click ID.
    PastedUrl,
}

impl Rule {
    /// The rule's stable id.
    pub fn id(self) -> &'static str {
        match self {
            Self::TemplateSyntax => "template-syntax",
            Self::UnreplacedMacro => "unreplaced-macro",
            Self::SentinelLeft => "sentinel-left",
            Self::ClickIdMissing => "click-id-missing",
            Self::ClickIdEmpty => "click-id-empty",
            Self::ClickIdShape => "click-id-shape",
            Self::DoubleEncoding => "double-encoding",
            Self::UnencodedCharacter => "unencoded-character",
            Self::PlusInValue => "plus-in-value",
            Self::PersonalData => "personal-data",
            Self::InsecureHttp => "insecure-http",
            Self::PayoutFormat => "payout-format",
            Self::StatusVocabulary => "status-vocabulary",
            Self::DuplicateKey => "duplicate-key",
            Self::FragmentBeforeQuery => "fragment-before-query",
            Self::InvalidUrl => "invalid-url",
            Self::AddressValue => "address-value",
            Self::PastedUrl => "pasted-url",
        }
    }
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// The postback will not be recorded as intended.
    Error,
    /// The postback may be misread or rejected.
    Warning,
}

impl Severity {
    /// A short lowercase word, usable as a CSS class.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

/// Where a finding points.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Spot {
    /// These bytes of the template.
    Template(Span),
    /// The value typed for this macro.
    Value {
        /// The macro's name.
        name: String,
    },
}

/// One problem, with what to do about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule it comes from.
    pub rule: Rule,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, in plain words.
    pub message: String,
    /// What to do about it.
    pub fix: String,
    /// Where it is.
    pub spot: Spot,
    /// When the finding only says that a value has not been typed yet: the macro's name. The
    /// page lists such findings as values to fill, not as errors, until the user fires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting_for: Option<String>,
}

impl Finding {
    /// Whether the finding only says that a value has not been typed yet.
    pub fn waits_for_a_value(&self) -> bool {
        self.waiting_for.is_some()
    }
}

/// Everything the lint reads.
#[derive(Clone, Copy, Debug)]
pub struct LintInput<'a> {
    /// The parsed URL template.
    pub template: &'a Template,
    /// Its expansion with the current values.
    pub expansion: &'a Expansion,
    /// The receiving platform, when one is chosen.
    pub preset: Option<&'a Preset>,
}
