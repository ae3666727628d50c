//! RS* and PS* with the RustCrypto `rsa` crate (`rustcrypto-signatures`).

use super::check_length;
use crate::alg::HashAlg;
use crate::error::Error;
use crate::jwk::RsaKey;
use rsa::{Pkcs1v15Sign, Pss};
use sha2::{Digest, Sha256, Sha384, Sha512};

/// RSASSA-PKCS1-v1_5 with the DigestInfo prefix of `hash`.
pub(in crate::signature) fn verify_pkcs1v15(
    key: &RsaKey,
    hash: HashAlg,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    check_length(key, signature)?;
    let result = match hash {
        HashAlg::Sha256 => key.prepared().verify(
            Pkcs1v15Sign::new::<Sha256>(),
            &Sha256::digest(signing_input),
            signature,
        ),
        HashAlg::Sha384 => key.prepared().verify(
            Pkcs1v15Sign::new::<Sha384>(),
            &Sha384::digest(signing_input),
            signature,
        ),
        HashAlg::Sha512 => key.prepared().verify(
            Pkcs1v15Sign::new::<Sha512>(),
            &Sha512::digest(signing_input),
            signature,
        ),
    };
    result.map_err(|_| Error::BadSignature)
}

/// RSASSA-PSS with MGF1 over the same hash and a salt exactly as long as
/// the hash output, as RFC 7518 §3.5 fixes (`Pss::new` does both).
pub(in crate::signature) fn verify_pss(
    key: &RsaKey,
    hash: HashAlg,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    check_length(key, signature)?;
    let result = match hash {
        HashAlg::Sha256 => key.prepared().verify(
            Pss::<Sha256>::new(),
            &Sha256::digest(signing_input),
            signature,
        ),
        HashAlg::Sha384 => key.prepared().verify(
            Pss::<Sha384>::new(),
            &Sha384::digest(signing_input),
            signature,
        ),
        HashAlg::Sha512 => key.prepared().verify(
            Pss::<Sha512>::new(),
            &Sha512::digest(signing_input),
            signature,
        ),
    };
    result.map_err(|_| Error::BadSignature)
}
