//! RS* (RSASSA-PKCS1-v1_5) and PS* (RSASSA-PSS, RFC 7518 §3.5).
//!
//! By default with tokenward's own arithmetic ([`crate::montgomery`]); with
//! the `rustcrypto-signatures` feature with the RustCrypto `rsa` crate.

use crate::error::Error;
use crate::jwk::RsaKey;

#[cfg(not(feature = "rustcrypto-signatures"))]
mod own;
#[cfg(feature = "rustcrypto-signatures")]
mod rustcrypto;

#[cfg(not(feature = "rustcrypto-signatures"))]
pub(super) use own::{verify_pkcs1v15, verify_pss};
#[cfg(feature = "rustcrypto-signatures")]
pub(super) use rustcrypto::{verify_pkcs1v15, verify_pss};

/// RFC 8017 §8.2.2 step 1: the signature is exactly `k` octets.
fn check_length(key: &RsaKey, signature: &[u8]) -> Result<(), Error> {
    if signature.len() == key.modulus_len() {
        Ok(())
    } else {
        Err(Error::BadSignature)
    }
}
