//! The signature backend, chosen here and nowhere else.
//!
//! Two implementations give the same verdicts for RSA (RS*, PS*) and
//! ECDSA over P-256 / P-384 (ES256, ES384):
//!
//! - [`own`] (the default): tokenward's own arithmetic in
//!   [`crate::crypto`], built for wasm.
//! - `rustcrypto` (feature `rustcrypto-signatures`): the RustCrypto `rsa`,
//!   `p256` and `p384` crates, the previous path, kept to compare against
//!   and as a fallback.
//!
//! Both offer the same names (the prepared key types the JWK module
//! stores, the key checks it calls at load, the verifications the
//! signature module calls), and this module re-exports the chosen one, so
//! the rest of the core is written once, without `cfg`. ES512 (P-521) has
//! no RustCrypto counterpart: [`es512`] is tokenward's own arithmetic in
//! both builds.

#[cfg(not(feature = "rustcrypto-signatures"))]
mod own;
#[cfg(feature = "rustcrypto-signatures")]
mod rustcrypto;

mod es512;

#[cfg(not(feature = "rustcrypto-signatures"))]
use own as chosen;
#[cfg(feature = "rustcrypto-signatures")]
use rustcrypto as chosen;

pub(crate) use chosen::{
    P256Verifier, P384Verifier, RsaPrepared, p256_verifier, p384_verifier, prepare_rsa,
    verify_p256, verify_p384, verify_pkcs1v15, verify_pss,
};
pub(crate) use es512::{P521Verifier, p521_verifier, verify_p521};
