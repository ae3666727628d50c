//! A JWK Set (RFC 7517 §5), parsed once, and key selection for a token.

use crate::alg::Algorithm;
use crate::error::Error;
use crate::json;
use crate::jwk::{self, Jwk, kid_for_message, private_member};
use alloc::vec::Vec;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// JSON nesting cap for a key set: set -> keys -> key -> key_ops/x5c.
const MAX_DEPTH: usize = 5;

/// Limits and opt-ins for parsing a JWK Set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeySetOptions {
    /// Keep `oct` (HMAC) keys. Off by default: a symmetric key in a public
    /// key set is almost always a mistake, and HS/RS confusion starts there.
    /// Without it, a set holding a secret (`k`) is refused as a leak.
    pub allow_symmetric: bool,
    /// Largest document accepted, in bytes (default 256 KiB).
    pub max_document_bytes: usize,
    /// Most entries in `keys` (default 100).
    pub max_keys: usize,
}

impl Default for KeySetOptions {
    fn default() -> Self {
        KeySetOptions {
            allow_symmetric: false,
            max_document_bytes: 256 * 1024,
            max_keys: 100,
        }
    }
}

/// A parsed JWK Set.
#[derive(Debug, Clone)]
pub struct KeySet {
    keys: Vec<Jwk>,
    skipped: usize,
    fingerprint: [u8; 32],
}

impl Default for KeySet {
    fn default() -> Self {
        KeySet::from_keys(Vec::new())
    }
}

impl KeySet {
    /// Parses a JWK Set document (`{"keys": [...]}`) with default options.
    ///
    /// # Errors
    /// See [`KeySet::from_json_with`].
    pub fn from_json(document: &[u8]) -> Result<KeySet, Error> {
        KeySet::from_json_with(document, &KeySetOptions::default())
    }

    /// Parses a JWK Set document. Keys that cannot be used (unsupported
    /// type or curve, malformed members) are skipped and counted in
    /// [`KeySet::skipped`]; RSA keys under 2048 bits are kept so that
    /// selecting one reports `weak_key`.
    ///
    /// A key with private material is never skipped: the whole set is
    /// refused ([`Error::JwksPrivateKey`]), whatever the key's type. A
    /// private key in a published set is compromised; serving the rest of
    /// the set as if nothing happened would hide the incident.
    ///
    /// # Errors
    /// `too_large` when the document exceeds `max_document_bytes`;
    /// `jwks_invalid` when it is not a JSON object with a `keys` array,
    /// holds more than `max_keys` entries, any entry carries a private
    /// member (`d`, `p`, `q`, `dp`, `dq`, `qi`, `oth`, and `k` unless
    /// `allow_symmetric`), or holds a key no honest publisher produces (a
    /// small-order or non-canonical Ed25519 key): a published-key incident
    /// refuses the set rather than skipping the key.
    pub fn from_json_with(document: &[u8], options: &KeySetOptions) -> Result<KeySet, Error> {
        if document.len() > options.max_document_bytes {
            return Err(Error::TooLarge {
                limit: options.max_document_bytes,
            });
        }
        // The same strict JSON as tokens: a duplicated `n` or `kid` must not
        // mean one thing here and another in the provider's library.
        let set = json::parse_object(document, MAX_DEPTH)
            .map_err(|_| Error::JwksInvalid("key set is not a JSON object with unique members"))?;
        let Some(Value::Array(entries)) = set.get("keys") else {
            return Err(Error::JwksInvalid(
                "key set is not an object with a keys array",
            ));
        };
        if entries.len() > options.max_keys {
            return Err(Error::JwksInvalid("key set holds too many keys"));
        }
        refuse_private_keys(entries, options.allow_symmetric)?;
        let mut keys = Vec::with_capacity(entries.len());
        for entry in entries {
            // A provider's set often holds keys we cannot use (encryption
            // keys on other curves, new key types): skip, don't fail.
            match Jwk::from_json_value(entry, options.allow_symmetric) {
                Ok(key) => keys.push(key),
                Err(error) if jwk::refuses_set(&error) => return Err(error),
                Err(_) => {}
            }
        }
        let skipped = entries.len() - keys.len();
        let mut set = KeySet::from_keys(keys);
        set.skipped = skipped;
        Ok(set)
    }

    /// A key set of already parsed keys.
    pub fn from_keys(keys: Vec<Jwk>) -> KeySet {
        // Sorted per-key digests: the fingerprint ignores key order.
        let mut digests: Vec<[u8; 32]> = keys.iter().map(Jwk::fingerprint).collect();
        digests.sort_unstable();
        let mut hasher = Sha256::new();
        hasher.update(b"tokenward key set v1");
        hasher.update((digests.len() as u64).to_be_bytes());
        for digest in &digests {
            hasher.update(digest);
        }
        KeySet {
            keys,
            skipped: 0,
            fingerprint: hasher.finalize().into(),
        }
    }

    /// The number of keys kept (usable or not for a given `alg`).
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when no key was kept.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The number of entries skipped while parsing (unsupported or
    /// malformed), for diagnostics.
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// The keys kept, in document order.
    pub fn iter(&self) -> core::slice::Iter<'_, Jwk> {
        self.keys.iter()
    }

    /// SHA-256 over the canonical encodings of the kept keys, independent
    /// of their order and of JSON formatting: two sets with the same keys
    /// have the same fingerprint. Caches keyed on a key set use it to see
    /// a key change. With opted-in `oct` keys the digest covers the
    /// secrets too: keep it out of logs and responses in that case (a weak
    /// secret could be guessed offline against it).
    pub fn fingerprint(&self) -> [u8; 32] {
        self.fingerprint
    }

    /// Selects the key that verifies a token with this `alg` and `kid`.
    ///
    /// With a `kid`, only keys with exactly that `kid` are candidates (a
    /// key without `kid` never matches). Without one, the set must hold
    /// exactly one key that can verify `alg`.
    ///
    /// # Errors
    /// - `unknown_kid`: no key has this `kid` (or, without `kid`, the set is empty);
    /// - `ambiguous_key`: several keys fit;
    /// - otherwise the reason no key fits: `weak_key`, then
    ///   `key_use_mismatch`, then `key_alg_mismatch`, the most specific
    ///   first (see [`Jwk::check_usable_for`]).
    pub fn select(&self, alg: Algorithm, kid: Option<&str>) -> Result<&Jwk, Error> {
        match kid {
            Some(kid) => {
                let mut candidates = self
                    .keys
                    .iter()
                    .filter(move |key| key.kid.as_deref() == Some(kid))
                    .peekable();
                if candidates.peek().is_none() {
                    return Err(Error::UnknownKid);
                }
                // With one candidate, `pick` reports that key's own reason.
                pick(candidates, alg)
            }
            None if self.keys.is_empty() => Err(Error::UnknownKid),
            None => pick(self.keys.iter(), alg),
        }
    }
}

/// Refuses the set when any entry carries private key material, naming the
/// first such entry (position, `kid` and member).
fn refuse_private_keys(entries: &[Value], allow_symmetric: bool) -> Result<(), Error> {
    for (index, entry) in entries.iter().enumerate() {
        let Value::Object(members) = entry else {
            continue;
        };
        if let Some(member) = private_member(members, allow_symmetric) {
            return Err(Error::JwksPrivateKey {
                index,
                kid: kid_for_message(members),
                member,
            });
        }
    }
    Ok(())
}

/// Exactly one usable key among `candidates` -> it; several ->
/// `ambiguous_key`; none -> the most specific reason among the keys whose
/// type fits `alg` (`key_alg_mismatch` when no type fits).
fn pick<'a>(candidates: impl Iterator<Item = &'a Jwk>, alg: Algorithm) -> Result<&'a Jwk, Error> {
    let mut chosen = None;
    let mut reason = Error::KeyAlgMismatch;
    for key in candidates {
        match key.check_usable_for(alg) {
            Ok(()) if chosen.is_some() => return Err(Error::AmbiguousKey),
            Ok(()) => chosen = Some(key),
            Err(error) => {
                if rank(&error) > rank(&reason) {
                    reason = error;
                }
            }
        }
    }
    chosen.ok_or(reason)
}

fn rank(error: &Error) -> u8 {
    match error {
        Error::WeakKey { .. } => 3,
        Error::KeyUseMismatch => 2,
        _ => 1,
    }
}

mod leaked;
#[cfg(test)]
mod tests;
