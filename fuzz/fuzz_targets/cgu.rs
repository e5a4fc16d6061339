//! CGU mentions and outdated-CGU diagnostics, with their fixes: see `faqsite::fuzz::cgu`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| faqsite::fuzz::cgu(data));
