//! The SHA-2 function a JWS algorithm names, over several parts.

use crate::alg::HashAlg;
use alloc::vec::Vec;
use sha2::{Digest, Sha256, Sha384, Sha512};

/// `Hash(parts[0] || parts[1] || ...)`.
pub(super) fn digest(hash: HashAlg, parts: &[&[u8]]) -> Vec<u8> {
    match hash {
        HashAlg::Sha256 => digest_with::<Sha256>(parts),
        HashAlg::Sha384 => digest_with::<Sha384>(parts),
        HashAlg::Sha512 => digest_with::<Sha512>(parts),
    }
}

fn digest_with<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
    let mut hasher = D::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize().to_vec()
}

/// The output length in octets.
pub(super) fn output_len(hash: HashAlg) -> usize {
    match hash {
        HashAlg::Sha256 => 32,
        HashAlg::Sha384 => 48,
        HashAlg::Sha512 => 64,
    }
}
