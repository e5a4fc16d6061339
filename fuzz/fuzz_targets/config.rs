//! `faqsite.yaml` parsing and CGU registry validation: see `faqsite::fuzz::config`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| faqsite::fuzz::config(data));
