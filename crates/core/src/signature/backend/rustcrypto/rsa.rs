//! RS* and PS* with the RustCrypto `rsa` crate (`rustcrypto-signatures`).

use crate::alg::HashAlg;
use crate::error::Error;
use crate::jwk::RsaKey;
use crate::signature::rsa::check_length;
use rsa::traits::SignatureScheme;
use rsa::{Pkcs1v15Sign, Pss};
use sha2::{Sha256, Sha384, Sha512};

/// The RustCrypto key.
pub(crate) type RsaPrepared = rsa::PublicKey;

/// Checks n odd, e odd, 3 <= e < 2^33 and e < n, and precomputes the
/// Montgomery parameters once. `n` has 2048 to 8192 bits, `e` 1 to 8 octets.
pub(crate) fn prepare_rsa(n: &[u8], e: &[u8]) -> Result<RsaPrepared, Error> {
    let modulus = rsa::BoxedUint::from_be_slice_vartime(n);
    let exponent = rsa::BoxedUint::from_be_slice(e, 64)
        .map_err(|_| Error::JwksInvalid("RSA exponent out of range"))?;
    rsa::PublicKey::new(modulus, exponent).map_err(|_| Error::JwksInvalid("invalid RSA public key"))
}

/// RSASSA-PKCS1-v1_5 with the DigestInfo prefix of `hash`.
pub(crate) fn verify_pkcs1v15(
    key: &RsaKey,
    hash: HashAlg,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    let scheme = match hash {
        HashAlg::Sha256 => Pkcs1v15Sign::new::<Sha256>(),
        HashAlg::Sha384 => Pkcs1v15Sign::new::<Sha384>(),
        HashAlg::Sha512 => Pkcs1v15Sign::new::<Sha512>(),
    };
    verify_with(key, scheme, hash, signing_input, signature)
}

/// RSASSA-PSS with MGF1 over the same hash and a salt exactly as long as
/// the hash output, as RFC 7518 §3.5 fixes (`Pss::new` does both).
pub(crate) fn verify_pss(
    key: &RsaKey,
    hash: HashAlg,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    // One `Pss` type per digest, so one call each.
    match hash {
        HashAlg::Sha256 => verify_with(key, Pss::<Sha256>::new(), hash, signing_input, signature),
        HashAlg::Sha384 => verify_with(key, Pss::<Sha384>::new(), hash, signing_input, signature),
        HashAlg::Sha512 => verify_with(key, Pss::<Sha512>::new(), hash, signing_input, signature),
    }
}

fn verify_with(
    key: &RsaKey,
    scheme: impl SignatureScheme,
    hash: HashAlg,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    check_length(key, signature)?;
    key.prepared()
        .verify(scheme, &hash.digest(&[signing_input]), signature)
        .map_err(|_| Error::BadSignature)
}
