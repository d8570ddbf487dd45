//! Postback Tester: build, extract and fire affiliate postbacks, entirely in the browser.
//!
//! The domain logic lives in the pure `postback-core` crate. This crate holds the user
//! interface ([`ui`]) and the browser I/O ([`net`], [`clipboard`], [`entropy`], [`files`],
//! [`offline`], [`page`], [`schedule`], [`storage`], [`boot`], [`crash`]): small modules that return
//! `Result` and never panic.

pub mod boot;
pub mod clipboard;
pub mod crash;
pub mod entropy;
pub mod files;
pub mod net;
pub mod offline;
pub mod page;
pub mod relay;
pub mod schedule;
pub mod storage;
pub mod ui;

pub use ui::Page;
