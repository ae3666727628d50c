//! Arbitrary bytes as a JWK Set document.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| tokenward_fuzz::jwks_parse(data));
