//! HS256 / HS384 / HS512 (RFC 7518 §3.2), compared in constant time.

use crate::alg::HashAlg;
use crate::error::Error;
use crate::jwk::HmacKey;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Sha256, Sha384, Sha512};

/// Recomputes the MAC and compares it with `verify_slice`, which is
/// constant-time and also refuses a tag of the wrong length.
pub(super) fn verify(
    key: &HmacKey,
    hash: HashAlg,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    match hash {
        HashAlg::Sha256 => check::<Hmac<Sha256>>(key, signing_input, signature),
        HashAlg::Sha384 => check::<Hmac<Sha384>>(key, signing_input, signature),
        HashAlg::Sha512 => check::<Hmac<Sha512>>(key, signing_input, signature),
    }
}

fn check<M: Mac + KeyInit>(key: &HmacKey, signing_input: &[u8], tag: &[u8]) -> Result<(), Error> {
    let mut mac = <M as KeyInit>::new_from_slice(key.secret()).map_err(|_| Error::BadSignature)?;
    mac.update(signing_input);
    mac.verify_slice(tag).map_err(|_| Error::BadSignature)
}
