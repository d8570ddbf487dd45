//! Fuzz target: see `targets::plans`.
#![no_main]

#[path = "../targets.rs"]
#[allow(dead_code, reason = "each target uses one of the bodies")]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::plans(data));
