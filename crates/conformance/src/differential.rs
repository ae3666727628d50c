//! The signature differential: tokenward-core's verdict against ring's on
//! valid and corrupted signatures for every asymmetric JWS algorithm,
//! through tokenward's public API only (`Jwk::from_json_value` and
//! `Jwk::verify`), so the same harness checks whichever arithmetic the core
//! was built with.
//!
//! Run by `src/bin/signature-differential.rs` (soak and `make test` slice)
//! and by the cargo-fuzz target `signature_differential`.

pub mod alg;
pub mod bigint;
pub mod case;
pub mod corrupt;
pub mod encoding;
pub mod engine;
pub mod fuzz;
pub mod keys;
pub mod prng;
pub mod sign;
