//! The pure core of Postback Tester: everything that can be decided without a browser.
//!
//! This crate has no browser dependency, so the compiler keeps it pure and its tests run
//! natively in seconds. It never panics: a panic in WebAssembly kills the page, so every
//! fallible step returns a typed error whose `Display` is a short lowercase message and
//! whose `hint()` says what the user can do next.
//!
//! - [`template`]: postback templates in every macro syntax seen in the wild, parsed with
//!   byte spans and expanded with each value encoded exactly once for its place.
//! - [`extract`]: query parameters pulled out of whatever text a user pastes.
//! - [`request`]: the request a user is about to fire, validated before anything is sent.
//! - [`preset`]: what each receiving platform expects and answers.
//! - [`lint`]: every mistake in a built postback, with its spot and a fix.
//! - [`generate`]: fresh transaction IDs, timestamps and sample values.
//! - [`draft`]: the builder's whole state as one serialisable value, and what it builds.
//! - [`verdict`]: what happened to a fired request, in plain words.
//! - [`share`]: a prepared test packed into a link's fragment, and read back safely.
//! - [`store`]: the run history as stored, versioned, bounded, migrated.
//! - [`evidence`]: runs as a Markdown report, JSON to import back, and CSV.
//! - [`diff`]: the agreed template beside a live request, parameter by parameter.
//!
//! ```
//! use postback_core::{Template, Values};
//!
//! let template = Template::parse("https://trk.example/pb?cid={clickid}&payout={payout}")?;
//! let values = Values::from_pairs([("clickid", "a&b"), ("payout", "1.5")]);
//! let url = template.expand(&values);
//! assert_eq!(url.text, "https://trk.example/pb?cid=a%26b&payout=1.5");
//! # Ok::<(), postback_core::TemplateError>(())
//! ```
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]
#![warn(missing_docs)]

pub mod answer;
pub mod classify;
pub mod copy_as;
pub mod diff;
pub mod draft;
pub mod encode;
pub mod evidence;
pub mod extract;
pub mod generate;
pub mod lint;
pub mod preset;
pub mod request;
pub mod scenario;
pub mod share;
pub mod sign;
pub mod span;
pub mod store;
pub mod template;
pub mod verdict;

pub use draft::{Build, Draft};
pub use extract::{extract, ExtractError, Extraction, Param};
pub use lint::{lint, Finding, Rule, Severity, Spot};
pub use preset::{Preset, PRESETS};
pub use request::{FireRequest, RequestError};
pub use span::Span;
pub use template::{Expansion, Macro, Template, TemplateError, Values};
pub use verdict::{BodyText, Delivery, Tone, Verdict};
