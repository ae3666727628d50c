//! RS* (RSASSA-PKCS1-v1_5) and PS* (RSASSA-PSS, RFC 7518 §3.5), by the
//! chosen backend (see [`super::backend`]).

use crate::error::Error;
use crate::jwk::RsaKey;

pub(super) use super::backend::{verify_pkcs1v15, verify_pss};

/// RFC 8017 §8.2.2 step 1: the signature is exactly `k` octets.
pub(in crate::signature) fn check_length(key: &RsaKey, signature: &[u8]) -> Result<(), Error> {
    if signature.len() == key.modulus_len() {
        Ok(())
    } else {
        Err(Error::BadSignature)
    }
}
