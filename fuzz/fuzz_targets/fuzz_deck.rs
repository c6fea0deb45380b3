//! Any bytes as a user deck: load, check diagnostics, render every accepted entry.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| archdeck::testing::fuzz_deck(data));
