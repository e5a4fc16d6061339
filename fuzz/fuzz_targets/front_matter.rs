//! Front-matter splitting and parsing: see `faqsite::fuzz::front_matter`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| faqsite::fuzz::front_matter(data));
