//! One differential case, and the verdicts of tokenward and of ring on it.

use super::alg::{Alg, Family};
use super::keys::Keys;
use ring::signature::{RsaPublicKeyComponents, UnparsedPublicKey};
use tokenward_core::Jwk;

/// A message, a signature, a key and an algorithm to verify them with; the
/// kind names the corruption (or `valid`) that produced it.
#[derive(Debug, Clone)]
pub struct Case {
    pub kind: &'static str,
    pub alg: Alg,
    /// Index into the key list of `alg`'s family.
    pub key: usize,
    pub message: Vec<u8>,
    pub signature: Vec<u8>,
}

/// The cases derived from one valid signature, all over its key and message
/// unless a corruption says otherwise.
#[derive(Debug)]
pub struct Cases<'a> {
    pub alg: Alg,
    pub key: usize,
    pub message: &'a [u8],
    pub signature: &'a [u8],
    pub out: Vec<Case>,
}

impl<'a> Cases<'a> {
    pub fn new(alg: Alg, key: usize, message: &'a [u8], signature: &'a [u8]) -> Cases<'a> {
        Cases {
            alg,
            key,
            message,
            signature,
            out: Vec::new(),
        }
    }

    /// Another signature over the same message, key and algorithm.
    pub fn signature(&mut self, kind: &'static str, signature: Vec<u8>) {
        self.out.push(Case {
            kind,
            alg: self.alg,
            key: self.key,
            message: self.message.to_vec(),
            signature,
        });
    }

    /// Anything else about the case changed.
    pub fn case(&mut self, case: Case) {
        self.out.push(case);
    }
}

impl Case {
    /// tokenward's key for this case.
    pub fn jwk<'k>(&self, keys: &'k Keys) -> &'k Result<Jwk, tokenward_core::Error> {
        match self.alg.family() {
            Family::Rsa => &keys.rsa[self.key].jwk,
            Family::P256 => &keys.p256[self.key].jwk,
            Family::P384 => &keys.p384[self.key].jwk,
            Family::Ed25519 => &keys.ed25519[self.key].jwk,
        }
    }

    /// The key as JWK JSON, to print a failing case.
    pub fn jwk_json<'k>(&self, keys: &'k Keys) -> &'k str {
        match self.alg.family() {
            Family::Rsa => &keys.rsa[self.key].jwk_json,
            Family::P256 => &keys.p256[self.key].jwk_json,
            Family::P384 => &keys.p384[self.key].jwk_json,
            Family::Ed25519 => &keys.ed25519[self.key].jwk_json,
        }
    }

    /// tokenward's verdict, through the public API a key set uses.
    pub fn core_verdict(&self, keys: &Keys) -> Result<(), tokenward_core::Error> {
        let jwk = self.jwk(keys).as_ref().map_err(Clone::clone)?;
        jwk.verify(self.alg.core(), &self.message, &self.signature)
    }

    /// ring's verdict.
    pub fn ring_verdict(&self, keys: &Keys) -> bool {
        let (message, signature) = (self.message.as_slice(), self.signature.as_slice());
        if let Some(params) = self.alg.ring_rsa() {
            let key = &keys.rsa[self.key];
            let public = RsaPublicKeyComponents {
                n: &key.n,
                e: &key.e,
            };
            return public.verify(params, message, signature).is_ok();
        }
        let point = match self.alg.family() {
            Family::P256 => &keys.p256[self.key].public,
            Family::P384 => &keys.p384[self.key].public,
            _ => &keys.ed25519[self.key].public,
        };
        let algorithm = self.alg.ring_point().expect("a point-keyed algorithm");
        UnparsedPublicKey::new(algorithm, point)
            .verify(message, signature)
            .is_ok()
    }
}
