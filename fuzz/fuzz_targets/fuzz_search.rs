//! Any bytes as a search query (the first byte picks a kind filter).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| archdeck::testing::fuzz_search(data));
