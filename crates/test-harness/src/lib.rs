//! Test support for Postback Tester's browser tests and benchmarks.
//!
//! - [`chromium`]: headless Chromium through chromedriver, with a fresh profile.
//! - [`endpoint`]: a recording HTTP endpoint whose routes can send or omit CORS headers,
//!   answer preflights or not, delay, redirect, return any status and body, and refuse a
//!   request as a receiver does (a missing or wrong parameter, a repeated value).
//! - [`site`]: a static file server for the built `dist/`, under the path prefix GitHub Pages
//!   uses, that records the status of every request it answers.
//! - [`sizes`]: raw, gzip and brotli sizes of the files of a build.
//! - [`modules`]: the module graph of a crate's sources, to keep it free of cycles.
//!
//! Every server binds `127.0.0.1` on a free port, runs on its own thread, and stops when its
//! handle is dropped: tests start and stop their own endpoints, and no test traffic leaves the
//! machine.

pub mod chromium;
pub mod endpoint;
pub mod modules;
mod server;
pub mod site;
pub mod sizes;
mod tls;

pub use endpoint::{Endpoint, Recorded, Refuse, Route};
pub use site::{Served, Site};
