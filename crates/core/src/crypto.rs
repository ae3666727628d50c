//! Hazardous materials: tokenward's own RSA and elliptic-curve arithmetic.
//!
//! Everything below this module is hand-written big-number arithmetic. It
//! is fenced here so that the rest of the core never touches it directly:
//! [`crate::signature`] (through its `backend`) is the only caller, and
//! `crates/core/tests/hazmat_fence.rs` fails the build's tests if another
//! module names `crypto`.
//!
//! # What it is for, and what it is not
//!
//! - **Verification only.** The RSA public operation `s^e mod n`
//!   ([`montgomery`]) and ECDSA verification over P-256, P-384 and P-521
//!   ([`curve`]). There is no signing, no key generation, no decryption and
//!   no private key anywhere in here; nothing may ever be added that takes
//!   one.
//! - **Public inputs only.** Every input is public: the key comes from a
//!   published JWK Set, the signature and the signed bytes from the token
//!   itself. An attacker who times a verification learns only what they
//!   already hold.
//! - **Variable time, on purpose.** Nothing here is constant time: the
//!   exponent ladder, the table lookups, the binary inversion and every
//!   early return depend on the values. That is acceptable because of the
//!   two points above (there is no secret to leak), and it buys speed in
//!   wasm, where these loops are the whole cost of a verify. Reusing any of
//!   this with secret data would be a vulnerability.
//!
//! # Invariants each type keeps
//!
//! - `Modulus` (`curve/modulus.rs`): an odd modulus `m` below
//!   `R = 2^(32N)` with its Montgomery constants, built at compile time
//!   from its hex spelling.
//! - `Plain` and `Mont` (`curve/modulus/form.rs`): a residue below the
//!   modulus it was made for, as itself (`Plain`, `x`) or in Montgomery
//!   form (`Mont`, `x R mod m`), fully reduced. Only the modulus's
//!   arithmetic reaches their limbs and converts between them, so mixing
//!   the two forms does not compile.
//! - `Affine`, `Jacobian` (`curve/point.rs`): coordinates are `Mont`; a
//!   checked key's point lies on its curve (`x, y < p`, the curve
//!   equation) and is never the point at infinity (`Z = 0`).
//! - `Plain` and `Mont` (`montgomery/form.rs`): the same split for the RSA
//!   limbs, where a value may stay up to one `n` above its residue between
//!   products and is fully reduced only on its way out.
//! - `FixedPower` (`montgomery/power.rs`): an odd modulus of 2 to 8192
//!   bits and an exponent of at least 1, checked before any
//!   precomputation.
//! - [`built_once`]: precomputation (tables, Montgomery constants) is built
//!   on a key's first verification and only read after.
//!
//! The arithmetic is checked against slow reference constructions in its
//! unit tests (`curve/tests.rs`, `montgomery/tests.rs`), against the
//! Wycheproof vectors and against ring in the signature differential
//! (`crates/conformance`).

pub(crate) mod built_once;
pub(crate) mod curve;
pub(crate) mod montgomery;
