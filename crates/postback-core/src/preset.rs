//! Platform presets: how each receiving platform's postback looks, which keys it reads, which
//! values it accepts and what it answers. One typed table, easy to extend; each entry is tested
//! against the example in its documentation.

mod table;

use serde::{Deserialize, Serialize};

pub use table::PRESETS;

use crate::template::Syntax;

/// What kind of platform receives the postback.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlatformKind {
    /// A tracker the media buyer runs (Keitaro, Voluum …).
    Tracker,
    /// An affiliate network platform (Everflow, TUNE …).
    Network,
    /// An ad platform's conversion endpoint (Taboola, ExoClick …).
    AdPlatform,
}

impl PlatformKind {
    /// A short label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Self::Tracker => "tracker",
            Self::Network => "network",
            Self::AdPlatform => "ad platform",
        }
    }
}

/// The characters a click ID is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Charset {
    /// Letters and digits.
    Alphanumeric,
    /// Hexadecimal digits.
    Hex,
    /// Decimal digits.
    Digits,
}

impl Charset {
    fn admits(self, c: char) -> bool {
        match self {
            Self::Alphanumeric => c.is_ascii_alphanumeric(),
            Self::Hex => c.is_ascii_hexdigit(),
            Self::Digits => c.is_ascii_digit(),
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Alphanumeric => "letters and digits",
            Self::Hex => "hexadecimal digits",
            Self::Digits => "digits",
        }
    }
}

/// The documented shape of a platform's click ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shape {
    /// Exact length in characters, when documented.
    pub len: Option<usize>,
    /// Allowed characters, when documented.
    pub charset: Option<Charset>,
}

impl Shape {
    /// Whether `value` has this shape.
    ///
    /// ```
    /// use postback_core::{Charset, Shape};
    ///
    /// let bemob = Shape { len: Some(22), charset: Some(Charset::Alphanumeric) };
    /// assert!(bemob.fits("a1B2c3D4e5F6g7H8i9J0kL"));
    /// assert!(!bemob.fits("too-short"));
    /// ```
    pub fn fits(&self, value: &str) -> bool {
        self.len.is_none_or(|len| value.chars().count() == len)
            && self
                .charset
                .is_none_or(|charset| value.chars().all(|c| charset.admits(c)))
    }

    /// The shape in plain words, such as "22 letters and digits".
    pub fn describe(&self) -> String {
        match (self.len, self.charset) {
            (Some(len), Some(charset)) => format!("{len} {}", charset.label()),
            (Some(len), None) => format!("{len} characters"),
            (None, Some(charset)) => charset.label().to_owned(),
            (None, None) => "any characters".to_owned(),
        }
    }
}

/// The answer bodies a platform documents, so a fire can say accepted or rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answers {
    /// No documented body: a 2xx only says the request arrived.
    Undocumented,
    /// TUNE: `success=true;` or `success=false; err_msg=…`.
    Tune,
    /// ExoClick: `OK` or `ERROR: …`.
    ExoClick,
    /// Keitaro: whatever `return=` asks for.
    KeitaroReturn,
    /// Everflow: numbered rejection codes.
    EverflowCodes,
    /// Affise: `Access denied`, `Broken clickid` …
    Affise,
    /// Offer18: `invalid transaction`, `auth_token mismatch` …
    Offer18,
    /// Trackier: `DUPLICATE_CLICK_ID`, `INVALID_CLICK_ID` …
    Trackier,
}

/// What a query key means to a platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// The click ID that ties the conversion to a click.
    ClickId,
    /// The payout or revenue.
    Payout,
    /// The event or goal.
    Event,
    /// The conversion status.
    Status,
    /// The transaction ID used to tell conversions apart.
    TransactionId,
    /// The currency code.
    Currency,
    /// A security token.
    Token,
}

/// A kind of conversion a test plan fires, one column of its matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConversionEvent {
    /// A sign-up or lead.
    Registration,
    /// The first deposit.
    Ftd,
    /// A later deposit.
    Deposit,
    /// A deposit that meets the offer's qualifying rules (a CPA).
    QualifiedDeposit,
    /// A trade executed.
    Trade,
    /// A prop-trading challenge bought.
    ChallengePurchase,
    /// A sale.
    Sale,
    /// A second sale on top of the first.
    Upsell,
    /// Money given back: the conversion is taken back.
    Refund,
    /// A payment disputed: the conversion is taken back.
    Chargeback,
}

impl ConversionEvent {
    /// Every event, in the order a plan lists them.
    pub const ALL: [ConversionEvent; 10] = [
        Self::Registration,
        Self::Ftd,
        Self::Deposit,
        Self::QualifiedDeposit,
        Self::Trade,
        Self::ChallengePurchase,
        Self::Sale,
        Self::Upsell,
        Self::Refund,
        Self::Chargeback,
    ];

    /// A stable identifier, as plan files write it.
    ///
    /// ```
    /// use postback_core::ConversionEvent;
    ///
    /// assert!(ConversionEvent::ALL.iter().all(|e| ConversionEvent::from_id(e.id()) == Some(*e)));
    /// assert_eq!(ConversionEvent::QualifiedDeposit.id(), "qualified-deposit");
    /// ```
    pub fn id(self) -> &'static str {
        match self {
            Self::Registration => "registration",
            Self::Ftd => "ftd",
            Self::Deposit => "deposit",
            Self::QualifiedDeposit => "qualified-deposit",
            Self::Trade => "trade",
            Self::ChallengePurchase => "challenge-purchase",
            Self::Sale => "sale",
            Self::Upsell => "upsell",
            Self::Refund => "refund",
            Self::Chargeback => "chargeback",
        }
    }

    /// The event with this [`ConversionEvent::id`].
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.id() == id)
    }

    /// The event's name in plain words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Registration => "Registration",
            Self::Ftd => "First deposit (FTD)",
            Self::Deposit => "Deposit",
            Self::QualifiedDeposit => "Qualified deposit",
            Self::Trade => "Trade",
            Self::ChallengePurchase => "Challenge purchase",
            Self::Sale => "Sale",
            Self::Upsell => "Upsell",
            Self::Refund => "Refund",
            Self::Chargeback => "Chargeback",
        }
    }
}

/// What a receiver documents doing with a conversion whose transaction ID it has seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Duplicates {
    /// It refuses the repeat, with an answer that says so.
    Refused,
    /// It updates the conversion it has (its status or payout) instead of adding one.
    Updated,
    /// It counts the repeat as another conversion.
    Counted,
    /// It drops the repeat and answers as if it had taken it.
    Silent,
    /// Its documentation does not say.
    Undocumented,
}

impl Duplicates {
    /// What the receiver does, in plain words.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Refused => "refuses a repeated transaction ID and says so",
            Self::Updated => "updates the conversion it has when a transaction ID comes again",
            Self::Counted => "counts a repeated transaction ID as another conversion",
            Self::Silent => "drops a repeated transaction ID without saying so",
            Self::Undocumented => "does not document what it does with a repeated transaction ID",
        }
    }
}

/// What a receiver documents about repeats, tests and taking a test conversion back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Behaviour {
    /// What it does with a repeated transaction ID.
    pub duplicates: Duplicates,
    /// The parameter and value that mark a postback as a test, when it documents one.
    pub test_flag: Option<(&'static str, &'static str)>,
    /// How a test conversion is taken back, in plain words; `None` when it documents no way.
    pub cleanup: Option<&'static str>,
    /// Where these facts are documented.
    pub source: &'static str,
}

/// One receiving platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// A stable identifier, used in saved state and share links.
    pub id: &'static str,
    /// The platform's name.
    pub name: &'static str,
    /// What kind of platform it is.
    pub kind: PlatformKind,
    /// The postback URL template, written as the platform documents it.
    pub template: &'static str,
    /// The macro syntax of the template; `None` to detect (for sentinel templates).
    pub syntax: Option<Syntax>,
    /// The key or keys the click ID must be sent under (any one of them).
    pub click_id_keys: &'static [&'static str],
    /// The documented shape of the click ID.
    pub click_id_shape: Option<Shape>,
    /// The key of the payout or revenue.
    pub payout_key: Option<&'static str>,
    /// The key of the event or goal.
    pub event_key: Option<&'static str>,
    /// The key of the status.
    pub status_key: Option<&'static str>,
    /// The statuses the platform accepts, exactly as written.
    pub statuses: &'static [&'static str],
    /// The key of the transaction ID.
    pub transaction_key: Option<&'static str>,
    /// The key of the currency.
    pub currency_key: Option<&'static str>,
    /// The key of the security token.
    pub token_key: Option<&'static str>,
    /// The answer bodies it documents.
    pub answers: Answers,
    /// Where its postback is documented.
    pub docs: &'static str,
    /// Values for the documented example, as `(macro, value)`.
    pub example_values: &'static [(&'static str, &'static str)],
    /// The URL the documented example gives.
    pub example_url: &'static str,
    /// The value its event or status parameter takes for each event, where it documents one.
    pub event_values: &'static [(ConversionEvent, &'static str)],
    /// What it does with repeats and tests.
    pub behaviour: Behaviour,
}

impl Preset {
    /// The preset with this id.
    ///
    /// ```
    /// use postback_core::Preset;
    ///
    /// assert_eq!(Preset::by_id("voluum").map(|p| p.name), Some("Voluum"));
    /// assert!(Preset::by_id("nope").is_none());
    /// ```
    pub fn by_id(id: &str) -> Option<&'static Preset> {
        PRESETS.iter().find(|p| p.id == id)
    }

    /// Presets whose name or id contains `query`, ignoring case; all of them for a blank query.
    pub fn search(query: &str) -> Vec<&'static Preset> {
        let query = query.trim().to_lowercase();
        PRESETS
            .iter()
            .filter(|p| {
                query.is_empty() || p.name.to_lowercase().contains(&query) || p.id.contains(&query)
            })
            .collect()
    }

    /// The macro a plan sets for each event: the event parameter, or else the status one.
    ///
    /// ```
    /// use postback_core::{ConversionEvent, Preset};
    ///
    /// let keitaro = Preset::by_id("keitaro").unwrap();
    /// assert_eq!(keitaro.event_param(), Some("status"));
    /// assert_eq!(keitaro.event_value(ConversionEvent::Registration), Some("lead"));
    /// ```
    pub fn event_param(&self) -> Option<&'static str> {
        self.event_key.or(self.status_key)
    }

    /// The documented value of [`Preset::event_param`] for `event`.
    pub fn event_value(&self, event: ConversionEvent) -> Option<&'static str> {
        self.event_values
            .iter()
            .find(|(e, _)| *e == event)
            .map(|(_, v)| *v)
    }

    /// How to take a test conversion back on this platform, in plain words: as it documents
    /// it, or that it does not.
    ///
    /// ```
    /// use postback_core::Preset;
    ///
    /// let keitaro = Preset::by_id("keitaro").unwrap();
    /// assert!(keitaro.cleanup_step().starts_with("Keitaro cannot delete a conversion"));
    /// let peerclick = Preset::by_id("peerclick").unwrap();
    /// assert_eq!(peerclick.cleanup_step(), "PeerClick does not document how to remove a test conversion: look for it in its report and ask its support.");
    /// ```
    pub fn cleanup_step(&self) -> String {
        self.behaviour.cleanup.map_or_else(
            || {
                format!(
                    "{} does not document how to remove a test conversion: look for it in its \
                     report and ask its support.",
                    self.name
                )
            },
            str::to_owned,
        )
    }

    /// What `key` means to this platform, if it is one of its documented keys.
    pub fn role_of(&self, key: &str) -> Option<Role> {
        let is = |k: Option<&str>| k == Some(key);
        if self.click_id_keys.contains(&key) {
            Some(Role::ClickId)
        } else if is(self.payout_key) {
            Some(Role::Payout)
        } else if is(self.status_key) {
            Some(Role::Status)
        } else if is(self.event_key) {
            Some(Role::Event)
        } else if is(self.transaction_key) {
            Some(Role::TransactionId)
        } else if is(self.currency_key) {
            Some(Role::Currency)
        } else if is(self.token_key) {
            Some(Role::Token)
        } else {
            None
        }
    }

    /// What to type for a macro of this platform's template that has no documented role:
    /// the domain, the postback key, or else a pointer to the platform's documentation.
    ///
    /// ```
    /// use postback_core::Preset;
    ///
    /// let keitaro = Preset::by_id("keitaro").unwrap();
    /// assert!(keitaro.value_hint("domain").contains("without https://"));
    /// assert!(keitaro.value_hint("postback_key").contains("postback key"));
    /// assert!(keitaro.value_hint("sub9").contains("Keitaro"));
    /// ```
    pub fn value_hint(&self, name: &str) -> String {
        let lower = name.to_ascii_lowercase();
        if let Some(hint) = self.hint_for(name) {
            hint
        } else if lower.contains("domain") || lower == "host" {
            "Your tracker's domain, like trk.example: without https:// and without a / at the end."
                .to_owned()
        } else if lower.contains("postback_key") || lower.ends_with("key") {
            format!(
                "The postback key from {}'s settings: it is in the postback URL it gave you.",
                self.name
            )
        } else {
            format!(
                "The value {} expects here: see its postback documentation, linked above.",
                self.name
            )
        }
    }

    /// What the platform expects under `key`, in plain words, for the input's hint.
    ///
    /// ```
    /// use postback_core::Preset;
    ///
    /// let keitaro = Preset::by_id("keitaro");
    /// let hint = keitaro.and_then(|p| p.hint_for("status"));
    /// assert_eq!(hint.as_deref(), Some("Conversion status: one of lead, sale, rejected, rebill."));
    /// ```
    pub fn hint_for(&self, key: &str) -> Option<String> {
        let role = self.role_of(key)?;
        Some(match role {
            Role::ClickId => match self.click_id_shape {
                Some(shape) => format!(
                    "The click ID from the tracking link, exactly as received: {}.",
                    shape.describe()
                ),
                None => "The click ID from the tracking link, exactly as received (case matters)."
                    .to_owned(),
            },
            Role::Payout => {
                "Payout with a dot for decimals, no currency sign or thousands separator, like 12.50."
                    .to_owned()
            }
            Role::Status if !self.statuses.is_empty() => {
                format!("Conversion status: one of {}.", self.statuses.join(", "))
            }
            Role::Status => "Conversion status, as the platform names it.".to_owned(),
            Role::Event => "The event or goal, exactly as set up on the platform.".to_owned(),
            Role::TransactionId => {
                "A unique ID per conversion, so duplicates can be told apart.".to_owned()
            }
            Role::Currency => "A three-letter ISO 4217 currency code, like USD.".to_owned(),
            Role::Token => "The security token the platform gave you.".to_owned(),
        })
    }
}

#[cfg(test)]
mod tests;
