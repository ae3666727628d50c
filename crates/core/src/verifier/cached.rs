//! The cached path: a token verified once is not verified again until it
//! expires or the key set changes — but revocation is checked every time.

use crate::cache::VerifiedCache;
use crate::claims::numeric_date;
use crate::error::Error;
use crate::key_set::KeySet;
use crate::oidc::IdTokenBinding;
use crate::revocation::RevocationList;
use crate::verifier::{VerifiedToken, Verifier};

impl Verifier {
    /// Verifies `token`, reusing an earlier result from `cache` when one is
    /// there for the same token bytes and the same `key_generation` (bump it
    /// whenever the key set changes; [`crate::remote::RemoteDocument::generation`]
    /// does). `revocation`, when given, is checked on hits and misses alike.
    ///
    /// Entries live until `exp` (+ leeway), or until `iat + max_token_age`
    /// when that comes first. For ID tokens, whose checks depend on a
    /// per-call nonce, use [`Verifier::verify`].
    ///
    /// # Errors
    /// As [`Verifier::verify`], plus `revoked`.
    pub fn verify_cached(
        &self,
        token: &str,
        keys: &KeySet,
        key_generation: u64,
        revocation: Option<&RevocationList>,
        cache: &mut VerifiedCache<VerifiedToken>,
        now: i64,
    ) -> Result<VerifiedToken, Error> {
        if let Some(hit) = self.cached(token, key_generation, revocation, cache, now) {
            return hit;
        }
        let verified = self.verify(token, keys, now, &IdTokenBinding::default())?;
        self.remember(token, verified, key_generation, revocation, cache, now)
    }

    /// The cache half of [`Verifier::verify_cached`]: the earlier result
    /// for `token` with `revocation` checked again, or `None` on a miss
    /// (then verify, and hand the result to [`Verifier::remember`]).
    ///
    /// # Errors
    /// `revoked`, on a hit.
    pub fn cached(
        &self,
        token: &str,
        key_generation: u64,
        revocation: Option<&RevocationList>,
        cache: &mut VerifiedCache<VerifiedToken>,
        now: i64,
    ) -> Option<Result<VerifiedToken, Error>> {
        let hit = cache
            .get(token.as_bytes(), now as f64, key_generation)?
            .clone();
        Some(check_revocation(hit, revocation))
    }

    /// The other half: caches `verified` (just verified from `token` with
    /// the keys of `key_generation`) and checks `revocation`.
    ///
    /// # Errors
    /// A malformed `exp` or `iat` (not cached then), or `revoked`.
    pub fn remember(
        &self,
        token: &str,
        verified: VerifiedToken,
        key_generation: u64,
        revocation: Option<&RevocationList>,
        cache: &mut VerifiedCache<VerifiedToken>,
        now: i64,
    ) -> Result<VerifiedToken, Error> {
        let now_secs = now as f64;
        let valid_until = self.valid_until(&verified)?;
        cache.insert(
            token.as_bytes(),
            verified.clone(),
            valid_until,
            now_secs,
            key_generation,
        );
        check_revocation(verified, revocation)
    }

    /// The last instant (exclusive) at which `verified` still passes the
    /// time rules; `None` when nothing bounds it (then it is not cached).
    fn valid_until(&self, verified: &VerifiedToken) -> Result<Option<f64>, Error> {
        let leeway = self.options.clock_tolerance as f64;
        let expiry = numeric_date(&verified.claims, "exp")?.map(|exp| exp + leeway);
        let age_limit = match (
            self.options.max_token_age,
            numeric_date(&verified.claims, "iat")?,
        ) {
            // `now - iat <= max + leeway` holds while `now < iat + max + leeway + 1`;
            // stop one second early rather than late.
            (Some(max_age), Some(iat)) => Some(iat + max_age as f64 + leeway),
            _ => None,
        };
        Ok(match (expiry, age_limit) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (one, other) => one.or(other),
        })
    }
}

fn check_revocation(
    verified: VerifiedToken,
    revocation: Option<&RevocationList>,
) -> Result<VerifiedToken, Error> {
    if let Some(list) = revocation {
        list.check(&verified.claims)?;
    }
    Ok(verified)
}
