//! Arbitrary bytes as a token: unverified decode, verify (three profiles), lint.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| tokenward_fuzz::token_parse(data));
