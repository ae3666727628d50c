//! tokenward-core against ring on fuzzed RS*/PS*/ES*/EdDSA signatures: edits
//! of valid signatures, raw bytes, and (RSA) edited encoded messages signed
//! with the raw private operation. Panics on any disagreement.
//! The body is `tokenward_conformance::differential::fuzz` (shared with the soak).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tokenward_conformance::differential::fuzz::signature_differential(data)
});
