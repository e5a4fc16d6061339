//! The slug function and per-page unique ids: see `faqsite::fuzz::slug`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| faqsite::fuzz::slug(data));
