//! Link extraction with spans, and the render pass's link numbering: see `faqsite::fuzz::links`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| faqsite::fuzz::links(data));
