//! The reference side: the RustCrypto crates called directly, the way
//! tokenward-core called them before its own arithmetic (same crate
//! versions, same schemes: PKCS#1 v1.5 and PSS with the salt as long as the
//! hash, ECDSA over raw `R || S`, Ed25519 `verify_strict`).

use crate::fixture::RawKey;
use p256::ecdsa::signature::Verifier as _;
use rsa::traits::SignatureScheme;
use rsa::{BoxedUint, Pkcs1v15Sign, Pss};
use sha2::{Digest, Sha256, Sha384, Sha512};
use tokenward_core::Algorithm;

/// A key ready for its crate's verify.
#[derive(Debug)]
pub enum CrateKey {
    Rsa(rsa::PublicKey),
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    Ed25519(ed25519_dalek::VerifyingKey),
}

/// Builds the key from raw bytes: for RSA the Montgomery parameters, for
/// ECDSA the on-curve check, for Ed25519 the point decompression.
pub fn prepare(raw: &RawKey) -> CrateKey {
    match raw {
        RawKey::Rsa { n, e } => {
            let n = BoxedUint::from_be_slice_vartime(n);
            let e = BoxedUint::from_be_slice(e, 64).expect("exponent fits 64 bits");
            CrateKey::Rsa(rsa::PublicKey::new(n, e).expect("rsa accepts the fixture key"))
        }
        RawKey::Sec1(point) if point.len() == 65 => CrateKey::P256(
            p256::ecdsa::VerifyingKey::from_sec1_bytes(point).expect("p256 accepts the key"),
        ),
        RawKey::Sec1(point) => CrateKey::P384(
            p384::ecdsa::VerifyingKey::from_sec1_bytes(point).expect("p384 accepts the key"),
        ),
        RawKey::Ed25519(bytes) => CrateKey::Ed25519(
            ed25519_dalek::VerifyingKey::from_bytes(bytes).expect("dalek accepts the key"),
        ),
    }
}

pub fn verify(key: &CrateKey, alg: Algorithm, signing_input: &[u8], signature: &[u8]) -> bool {
    use Algorithm::*;
    match (key, alg) {
        (CrateKey::Rsa(key), RS256) => {
            rsa_verify::<Sha256>(key, Pkcs1v15Sign::new::<Sha256>(), signing_input, signature)
        }
        (CrateKey::Rsa(key), RS384) => {
            rsa_verify::<Sha384>(key, Pkcs1v15Sign::new::<Sha384>(), signing_input, signature)
        }
        (CrateKey::Rsa(key), RS512) => {
            rsa_verify::<Sha512>(key, Pkcs1v15Sign::new::<Sha512>(), signing_input, signature)
        }
        (CrateKey::Rsa(key), PS256) => {
            rsa_verify::<Sha256>(key, Pss::<Sha256>::new(), signing_input, signature)
        }
        (CrateKey::Rsa(key), PS384) => {
            rsa_verify::<Sha384>(key, Pss::<Sha384>::new(), signing_input, signature)
        }
        (CrateKey::Rsa(key), PS512) => {
            rsa_verify::<Sha512>(key, Pss::<Sha512>::new(), signing_input, signature)
        }
        (CrateKey::P256(key), ES256) => p256::ecdsa::Signature::from_slice(signature)
            .is_ok_and(|signature| key.verify(signing_input, &signature).is_ok()),
        (CrateKey::P384(key), ES384) => p384::ecdsa::Signature::from_slice(signature)
            .is_ok_and(|signature| key.verify(signing_input, &signature).is_ok()),
        (CrateKey::Ed25519(key), EdDSA) => <&[u8; 64]>::try_from(signature).is_ok_and(|bytes| {
            let signature = ed25519_dalek::Signature::from_bytes(bytes);
            key.verify_strict(signing_input, &signature).is_ok()
        }),
        _ => false,
    }
}

/// `scheme` over the `D` digest of `signing_input`, as the core did.
fn rsa_verify<D: Digest>(
    key: &rsa::PublicKey,
    scheme: impl SignatureScheme,
    signing_input: &[u8],
    signature: &[u8],
) -> bool {
    key.verify(scheme, &D::digest(signing_input), signature)
        .is_ok()
}
