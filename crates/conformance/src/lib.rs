//! tokenward's correctness checks against an independent implementation:
//! the signature differential (tokenward-core's verdicts against ring's),
//! shared by its `make test` slice and soak (`src/bin/signature-differential.rs`)
//! and by the cargo-fuzz target `signature_differential`.

pub mod differential;
