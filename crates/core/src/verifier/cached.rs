//! The cached path: the signature check of a token is done once per key-set
//! generation; every claim rule and revocation run again on every call.
//!
//! Why a cached verifier gives exactly the verdict (and error) of an
//! uncached one. The uncached path is: checks before the signature
//! (`prepare`) → signature → payload parse → claim rules → revocation, and
//! stops at the first failure. The first three steps depend only on the
//! token bytes, the options and the key set. An entry is written only after
//! all three passed, for those token bytes (by SHA-256), under those options
//! ([`TokenCache`] empties itself for other options) and that key-set
//! generation (a changed set is a new generation). So on a hit, the uncached
//! path would also pass those three steps and hold the same parsed header
//! and claims; both paths then run the same claim rules
//! ([`Verifier::accept`], with this call's `now` and binding) and the same
//! revocation check, and fail with the same first error or accept the same
//! token. On a miss the cached path *is* the uncached path. Entries leave
//! the cache (expiry, eviction, generation change) only to cause a miss,
//! which cannot change a verdict either. The verdict-only hit
//! ([`Verifier::cached_verdict_confirmed`]) runs the same rules, in the same
//! order, on the cached entry in place of a copy of it.

use crate::claims::numeric_date;
use crate::error::Error;
use crate::json::JsonObject;
use crate::key_set::KeySet;
use crate::oidc::IdTokenBinding;
use crate::revocation::RevocationList;
use crate::verifier::{
    Confirmation, SignedPayload, SignedToken, TokenCache, VerifiedToken, Verifier,
};

/// What one call brings besides the token: the time, the ID-token binding
/// and the revocation list. The cached path applies all three on every call.
#[derive(Debug, Clone, Copy, Default)]
pub struct CallContext<'a> {
    /// Unix seconds, from the caller's clock.
    pub now: i64,
    /// Per-call ID token values (nonce, access token, code).
    pub binding: IdTokenBinding<'a>,
    /// The revocation list, when one is checked.
    pub revocation: Option<&'a RevocationList>,
}

impl Verifier {
    /// [`Verifier::verify`] then revocation, with the signature check
    /// skipped when `cache` holds these token bytes from an earlier check
    /// under the same `key_generation` (bump it whenever the key set
    /// changes; [`crate::remote::RemoteDocument::generation`] does).
    ///
    /// The result is always the one the uncached path gives: every claim
    /// rule (time with `call.now`, issuer, audience, profile, the ID token's
    /// nonce / `at_hash` / `auth_time`, required claims) and revocation run
    /// on every call, hit or miss. So ID tokens and per-call bindings are
    /// cached like any other token. Entries live until `exp` + leeway (or
    /// `iat` + `max_token_age` + leeway when earlier), a key-set generation
    /// change or eviction, whichever comes first; a token without `exp` or
    /// `max_token_age` bound is not cached.
    ///
    /// # Errors
    /// As [`Verifier::verify`], plus `revoked`.
    pub fn verify_cached(
        &self,
        token: &str,
        keys: &KeySet,
        key_generation: u64,
        cache: &mut TokenCache,
        call: &CallContext<'_>,
    ) -> Result<VerifiedToken, Error> {
        if let Some(hit) = self.cached(token, key_generation, cache, call) {
            return hit;
        }
        let signed = self.prepare(token, keys)?.verify()?;
        self.remember(token, signed, key_generation, cache, call)
    }

    /// The cache half of [`Verifier::verify_cached`]: on a hit, the claim
    /// rules and revocation applied to the cached token for `call`; `None`
    /// on a miss (then check the signature, and hand the result to
    /// [`Verifier::remember`]).
    ///
    /// # Errors
    /// Any claim error, or `revoked`, on a hit.
    pub fn cached(
        &self,
        token: &str,
        key_generation: u64,
        cache: &mut TokenCache,
        call: &CallContext<'_>,
    ) -> Option<Result<VerifiedToken, Error>> {
        self.cached_confirmed(token, key_generation, cache, call, Confirmation::Bearer)
    }

    /// [`Verifier::cached`] with the call's proof of possession (see
    /// [`Verifier::finish_confirmed`]). Like the binding, `confirmation` is
    /// a per-call value the rules read on every call, so a hit gives the
    /// verdict of a miss.
    ///
    /// # Errors
    /// Any claim error, or `revoked`, on a hit.
    pub fn cached_confirmed(
        &self,
        token: &str,
        key_generation: u64,
        cache: &mut TokenCache,
        call: &CallContext<'_>,
        confirmation: Confirmation<'_>,
    ) -> Option<Result<VerifiedToken, Error>> {
        let signed = cache
            .entries_for(&self.options)
            .get(token.as_bytes(), call.now as f64, key_generation)?
            .clone();
        Some(self.accept_call(signed, call, confirmation))
    }

    /// [`Verifier::cached_confirmed`]'s verdict alone, for a caller that
    /// already holds the result of these token bytes (the result is a
    /// function of the bytes; the verdict is not): on a hit, the same claim
    /// rules and revocation for `call`, run on the cached token in place
    /// instead of a copy of it, then its claims by reference (DPoP's replay
    /// rule reads them). `None` on a miss, as `cached_confirmed`.
    ///
    /// # Errors
    /// Any claim error, or `revoked`, on a hit.
    pub fn cached_verdict_confirmed<'c>(
        &self,
        token: &str,
        key_generation: u64,
        cache: &'c mut TokenCache,
        call: &CallContext<'_>,
        confirmation: Confirmation<'_>,
    ) -> Option<Result<&'c JsonObject, Error>> {
        let signed = cache.entries_for(&self.options).get(
            token.as_bytes(),
            call.now as f64,
            key_generation,
        )?;
        let verdict = self
            .check_rules(signed, call.now, &call.binding, confirmation)
            .and_then(|_| match call.revocation {
                Some(list) => list.check(&signed.claims),
                None => Ok(()),
            });
        Some(verdict.map(|()| &signed.claims))
    }

    /// The other half: parses `signed` (whose signature just held for
    /// `token` with the keys of `key_generation`), caches it, then applies
    /// the claim rules and revocation for `call`.
    ///
    /// # Errors
    /// As [`Verifier::finish`], plus `revoked`.
    pub fn remember(
        &self,
        token: &str,
        signed: SignedPayload,
        key_generation: u64,
        cache: &mut TokenCache,
        call: &CallContext<'_>,
    ) -> Result<VerifiedToken, Error> {
        let bearer = Confirmation::Bearer;
        self.remember_confirmed(token, signed, key_generation, cache, call, bearer)
    }

    /// [`Verifier::remember`] with the call's proof of possession (see
    /// [`Verifier::cached_confirmed`]).
    ///
    /// # Errors
    /// As [`Verifier::finish_confirmed`], plus `revoked`.
    pub fn remember_confirmed(
        &self,
        token: &str,
        signed: SignedPayload,
        key_generation: u64,
        cache: &mut TokenCache,
        call: &CallContext<'_>,
        confirmation: Confirmation<'_>,
    ) -> Result<VerifiedToken, Error> {
        let signed = self.parse_signed(signed)?;
        let until = self.cacheable_until(&signed);
        cache.entries_for(&self.options).insert(
            token.as_bytes(),
            signed.clone(),
            until,
            call.now as f64,
            key_generation,
        );
        self.accept_call(signed, call, confirmation)
    }

    /// Claim rules, then revocation: the order of the uncached path.
    fn accept_call(
        &self,
        signed: SignedToken,
        call: &CallContext<'_>,
        confirmation: Confirmation<'_>,
    ) -> Result<VerifiedToken, Error> {
        let verified = self.accept(signed, call.now, &call.binding, confirmation)?;
        if let Some(list) = call.revocation {
            list.check(&verified.claims)?;
        }
        Ok(verified)
    }

    /// When keeping `signed` stops being useful: at a `now` past `exp` +
    /// leeway (or past `iat` + `max_token_age` + leeway) every call fails on
    /// time, whatever else holds. Only memory depends on this, never a
    /// verdict: a dropped entry is a miss. `None` (not cached) when nothing
    /// bounds it or a time claim is not a number (the claim rules say so).
    fn cacheable_until(&self, signed: &SignedToken) -> Option<f64> {
        let leeway = self.options.clock_tolerance as f64;
        let time = |name: &str| numeric_date(&signed.claims, name).ok().flatten();
        let expiry = time("exp").map(|exp| exp + leeway);
        let age_limit = self
            .options
            .max_token_age
            .zip(time("iat"))
            .map(|(max_age, iat)| iat + max_age as f64 + leeway);
        match (expiry, age_limit) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (one, other) => one.or(other),
        }
    }
}
