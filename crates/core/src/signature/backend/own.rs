//! tokenward's own backend: RSA and ECDSA over [`crate::crypto`].

mod ecdsa;
mod rsa;

pub(crate) use ecdsa::{
    P256Verifier, P384Verifier, p256_verifier, p384_verifier, verify_p256, verify_p384,
};
pub(crate) use rsa::{RsaPrepared, prepare_rsa, verify_pkcs1v15, verify_pss};
