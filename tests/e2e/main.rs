//! End-to-end tests: the release build in `dist/`, served under `/postback-tester/` as GitHub
//! Pages serves it, driven in headless Chromium through chromedriver, against endpoints on
//! 127.0.0.1 that each test starts and stops itself.
//!
//! Run with `scripts/test`, which builds `dist/` first; by hand:
//! `trunk build --release --public-url /postback-tester/ && cargo test --test e2e`.
#![cfg(not(target_arch = "wasm32"))]

mod accessibility;
mod boot;
mod builder;
mod diff;
mod extractor;
mod fire;
mod history;
mod hostile;
mod lazy;
mod offline;
mod phone;
mod plans;
mod presets;
mod relay;
mod robust;
mod scenarios;
mod screenshot;
mod share;
mod signing;
mod size_budget;
mod support;
