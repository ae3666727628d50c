//! One JSON Web Key (RFC 7517), parsed once into a ready-to-use verifying key.
//!
//! Everything expensive (base64url, big integers, curve-point decoding,
//! Montgomery parameters) happens here, at key-set load; verification only
//! uses the prepared key.

mod ec;
mod export;
mod members;
mod oct;
mod okp;
mod private;
mod rsa;

pub use self::ec::{P256Key, P384Key, P521Key};
pub use self::oct::HmacKey;
pub use self::rsa::{MIN_RSA_BITS, RsaKey};
pub(crate) use private::{kid_for_message, private_member, public_part};

use crate::alg::Algorithm;
use crate::error::Error;
use crate::signature;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use members::{Members, optional_str, optional_str_array, required_str};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The key material of a [`Jwk`], ready to verify.
#[non_exhaustive]
#[derive(Debug, Clone)]
pub enum PublicKey {
    /// An RSA key of at least 2048 bits (RS256/384/512, PS256/384/512).
    Rsa(RsaKey),
    /// An RSA key under 2048 bits: kept so selecting it reports `weak_key`,
    /// never used to verify.
    WeakRsa {
        /// The modulus size in bits.
        bits: usize,
    },
    /// A P-256 key (ES256).
    P256(P256Key),
    /// A P-384 key (ES384).
    P384(P384Key),
    /// A P-521 key (ES512).
    P521(P521Key),
    /// An Ed25519 key (EdDSA).
    Ed25519(ed25519_dalek::VerifyingKey),
    /// An HMAC secret (HS256/384/512), only with an explicit opt-in.
    Hmac(HmacKey),
}

/// A parsed public (or, with opt-in, symmetric) key with its JWK metadata.
#[derive(Debug, Clone)]
pub struct Jwk {
    /// The `kid`, when the JWK has one.
    pub kid: Option<String>,
    /// The JWK `alg`, when present: the only algorithm this key may verify
    /// (`EdDSA` and `Ed25519` name the same one, see
    /// [`Algorithm::fits_jwk_alg`]).
    pub alg: Option<String>,
    /// The JWK `use`, when present.
    pub key_use: Option<String>,
    /// The JWK `key_ops`, when present.
    pub key_ops: Option<Vec<String>>,
    /// The key itself.
    pub key: PublicKey,
    /// SHA-256 of the canonical key material (see [`Jwk::fingerprint`]).
    fingerprint: [u8; 32],
    /// SHA-256 of the key material alone (see [`Jwk::material_fingerprint`]).
    material: [u8; 32],
}

impl Jwk {
    /// Parses one JWK object. `oct` keys are refused unless `allow_symmetric`.
    ///
    /// # Errors
    /// `jwks_invalid` when the value is not a JWK, uses an unsupported key
    /// type or curve (`EC` secp256k1, `OKP` X25519 or Ed448, ...),
    /// or has malformed members (not strict base64url, wrong length, point
    /// not on the curve), or carries private key material (`d`, `p`, `q`,
    /// `dp`, `dq`, `qi`, `oth`; `k` without `allow_symmetric`). An RSA key
    /// under 2048 bits is not an error: it parses as [`PublicKey::WeakRsa`].
    pub fn from_json_value(value: &Value, allow_symmetric: bool) -> Result<Jwk, Error> {
        let Value::Object(members) = value else {
            return Err(Error::JwksInvalid("a JWK is not a JSON object"));
        };
        if private_member(members, allow_symmetric).is_some() {
            return Err(Error::JwksInvalid("a JWK carries private key material"));
        }
        let mut hasher = Sha256::new();
        // Key types this build cannot verify with (`select-algorithms`) are
        // skipped like any unsupported type; their parsers are not linked.
        let key = match required_str(members, "kty")? {
            "RSA" if Algorithm::RS256.is_available() => {
                let (parsed, n, e) = rsa::parse(members)?;
                field(&mut hasher, b"RSA");
                field(&mut hasher, &n);
                field(&mut hasher, &e);
                match parsed {
                    rsa::ParsedRsa::Usable(key) => PublicKey::Rsa(key),
                    rsa::ParsedRsa::Weak { bits } => PublicKey::WeakRsa { bits },
                }
            }
            "EC" => {
                let (key, point) = ec::parse(members)?;
                field(&mut hasher, b"EC");
                field(&mut hasher, &point);
                key
            }
            "OKP" if Algorithm::EdDSA.is_available() => {
                let (key, bytes) = okp::parse(members)?;
                field(&mut hasher, b"OKP");
                field(&mut hasher, &bytes);
                PublicKey::Ed25519(key)
            }
            "oct" if allow_symmetric && Algorithm::HS256.is_available() => {
                let key = oct::parse(members)?;
                field(&mut hasher, b"oct");
                field(&mut hasher, key.secret());
                PublicKey::Hmac(key)
            }
            "oct" => return Err(Error::JwksInvalid("symmetric keys need an explicit opt-in")),
            _ => return Err(Error::JwksInvalid("unsupported key type")),
        };
        Jwk::with_metadata(key, members, hasher)
    }

    fn with_metadata(key: PublicKey, members: &Members, mut hasher: Sha256) -> Result<Jwk, Error> {
        let material = hasher.clone().finalize().into();
        let kid = optional_str(members, "kid")?.map(ToString::to_string);
        let alg = optional_str(members, "alg")?.map(ToString::to_string);
        let key_use = optional_str(members, "use")?.map(ToString::to_string);
        let key_ops = optional_str_array(members, "key_ops")?;
        // Metadata is part of the identity: a changed `kid` or `alg` must
        // invalidate caches just like changed key material.
        for member in [&kid, &alg, &key_use] {
            optional_field(&mut hasher, member.as_deref().map(str::as_bytes));
        }
        match &key_ops {
            None => hasher.update([0]),
            Some(ops) => {
                hasher.update([1]);
                hasher.update(len_prefix(ops.len()));
                for op in ops {
                    field(&mut hasher, op.as_bytes());
                }
            }
        }
        Ok(Jwk {
            kid,
            alg,
            key_use,
            key_ops,
            key,
            fingerprint: hasher.finalize().into(),
            material,
        })
    }

    /// SHA-256 over a canonical encoding of the key material and metadata
    /// (`kid`, `alg`, `use`, `key_ops`): equal for equal keys however the
    /// JSON was written (member order, whitespace, leading zeros in `n`).
    pub fn fingerprint(&self) -> [u8; 32] {
        self.fingerprint
    }

    /// SHA-256 over the canonical key material alone, without metadata:
    /// equal for the same public key whatever its `kid`, `alg` or `use`.
    /// A leaked key is recognised by it even when republished under
    /// another `kid`.
    pub fn material_fingerprint(&self) -> [u8; 32] {
        self.material
    }

    /// True when the key type and curve fit `alg` (RSA for RS*/PS*, P-256
    /// for ES256, P-384 for ES384, P-521 for ES512, Ed25519 for EdDSA / Ed25519, oct for
    /// HS*), whatever the metadata says.
    pub fn type_fits(&self, alg: Algorithm) -> bool {
        use Algorithm::*;
        match &self.key {
            PublicKey::Rsa(_) | PublicKey::WeakRsa { .. } => {
                matches!(alg, RS256 | RS384 | RS512 | PS256 | PS384 | PS512)
            }
            PublicKey::P256(_) => alg == ES256,
            PublicKey::P384(_) => alg == ES384,
            PublicKey::P521(_) => alg == ES512,
            PublicKey::Ed25519(_) => alg.is_ed25519(),
            PublicKey::Hmac(_) => alg.is_symmetric(),
        }
    }

    /// Checks that this key may verify `alg` (type, curve, strength, `use`,
    /// `key_ops`, `alg`), in that order, so that a key with several problems
    /// reports the most specific one.
    ///
    /// # Errors
    /// `key_alg_mismatch` (type, curve or JWK `alg`), `weak_key` (RSA under
    /// 2048 bits, HMAC secret shorter than the hash output, RFC 7518 §3.2),
    /// `key_use_mismatch` (`use` other than `sig`, `key_ops` without `verify`).
    pub fn check_usable_for(&self, alg: Algorithm) -> Result<(), Error> {
        if !self.type_fits(alg) {
            return Err(Error::KeyAlgMismatch);
        }
        match &self.key {
            PublicKey::WeakRsa { bits } => return Err(Error::WeakKey { bits: *bits }),
            PublicKey::Hmac(key) if key.bits() < alg.hash().output_len() * 8 => {
                return Err(Error::WeakKey { bits: key.bits() });
            }
            _ => {}
        }
        if self
            .key_use
            .as_deref()
            .is_some_and(|key_use| key_use != "sig")
        {
            return Err(Error::KeyUseMismatch);
        }
        if let Some(ops) = &self.key_ops
            && !ops.iter().any(|op| op == "verify")
        {
            return Err(Error::KeyUseMismatch);
        }
        if self
            .alg
            .as_deref()
            .is_some_and(|own| !alg.fits_jwk_alg(own))
        {
            return Err(Error::KeyAlgMismatch);
        }
        Ok(())
    }

    /// The exact signature length `alg` produces with this key, where the
    /// format fixes one: the modulus length for RSA, `2 ×` the field size
    /// for ECDSA (raw `R || S`), 64 for Ed25519, the hash length for HMAC.
    pub fn signature_length(&self, alg: Algorithm) -> Option<usize> {
        match &self.key {
            PublicKey::Rsa(key) => Some(key.modulus_len()),
            PublicKey::WeakRsa { .. } => None,
            PublicKey::P256(_) => Some(64),
            PublicKey::P384(_) => Some(96),
            PublicKey::P521(_) => Some(132),
            PublicKey::Ed25519(_) => Some(64),
            PublicKey::Hmac(_) => Some(alg.hash().output_len()),
        }
    }

    /// Verifies `signature` over `signing_input` with `alg`.
    ///
    /// # Errors
    /// `bad_signature` (opaque), or the errors of [`Jwk::check_usable_for`].
    pub fn verify(
        &self,
        alg: Algorithm,
        signing_input: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        self.check_usable_for(alg)?;
        signature::verify(&self.key, alg, signing_input, signature)
    }
}

/// True when `error`, from [`Jwk::from_json_value`], refuses the whole key
/// set instead of skipping the one key (see [`crate::KeySet::from_json_with`]).
pub(crate) fn refuses_set(error: &Error) -> bool {
    okp::refuses_set(error)
}

/// Length-prefixed, so that field boundaries are unambiguous.
fn field(hasher: &mut Sha256, bytes: &[u8]) {
    hasher.update(len_prefix(bytes.len()));
    hasher.update(bytes);
}

fn optional_field(hasher: &mut Sha256, bytes: Option<&[u8]>) {
    match bytes {
        None => hasher.update([0]),
        Some(bytes) => {
            hasher.update([1]);
            field(hasher, bytes);
        }
    }
}

fn len_prefix(len: usize) -> [u8; 8] {
    (len as u64).to_be_bytes()
}
