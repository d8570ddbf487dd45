//! The pure core of Postback Tester: everything that can be decided without a browser.
//!
//! This crate has no browser dependency, so the compiler keeps it pure and its tests run
//! natively in seconds. It never panics: a panic in WebAssembly kills the page, so every
//! fallible step returns a typed error whose `Display` is a short lowercase message and
//! whose `hint()` says what the user can do next.
//!
//! - [`template`]: postback templates with `{macro}` placeholders, parsed with byte spans and
//!   expanded with each value percent-encoded exactly once.
//! - [`extract`]: query parameters pulled out of whatever text a user pastes.
//! - [`request`]: the request a user is about to fire, validated before anything is sent.
//! - [`verdict`]: what happened to a fired request, in plain words.
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

pub mod encode;
pub mod extract;
pub mod lint;
pub mod preset;
pub mod request;
pub mod span;
pub mod template;
pub mod verdict;

pub use extract::{extract, ExtractError, Extraction, Param};
pub use lint::{lint, Finding, Rule, Severity, Spot};
pub use preset::{Preset, PRESETS};
pub use request::{FireRequest, RequestError};
pub use span::Span;
pub use template::{Expansion, Macro, Template, TemplateError, Values};
pub use verdict::{BodyText, Delivery, Tone, Verdict};
