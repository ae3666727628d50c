//! Test and benchmark support shared by the bench binaries and the fuzz
//! targets: tokenward-core checked against a native reference (ring).

pub mod differential;
