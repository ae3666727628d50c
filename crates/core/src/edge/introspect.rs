//! The gateway's introspection step (RFC 7662): a token its provider
//! introspects is allowed from a cached verdict, or the decision says the
//! adapter must ask the endpoint ([`IntrospectionDue`]) and decide again
//! once it has recorded the answer ([`super::Gateway::record_introspection`]).
//! Until then the decision is a 503 `introspection_unavailable`, so an
//! adapter that never asks fails closed.

use crate::error::{Error, ErrorCode};
use crate::introspection::{Introspected, IntrospectionCache};
use alloc::string::String;

/// Code answered (503) while a token's introspection is due or failed.
pub const INTROSPECTION_UNAVAILABLE: &str = ErrorCode::IntrospectionUnavailable.as_str();

/// A token the adapter must introspect before the request can be decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntrospectionDue {
    /// The provider (index into the configuration's providers).
    pub provider: usize,
    /// The token, as sent.
    pub token: String,
}

/// What the introspection step says about one candidate.
pub(super) enum Introspection {
    /// The provider does not introspect this token: the JWT path decides.
    NotApplicable,
    /// Active; `then_jwt`: the token is a JWT that must pass its own
    /// checks too (`introspect_jwts`).
    Active {
        introspected: Introspected,
        then_jwt: bool,
    },
    /// Refused by a cached verdict.
    Refused(Error),
    /// No verdict yet: the adapter must ask.
    Due,
}

/// The step for `token` of `provider`, from `cache` at `now_ms`.
pub(super) fn look_up(
    provider: &super::Provider,
    cache: Option<&IntrospectionCache>,
    token: &str,
    now_ms: u64,
) -> Introspection {
    let Some(settings) = &provider.introspection else {
        return Introspection::NotApplicable;
    };
    if !settings.applies_to(token) {
        return Introspection::NotApplicable;
    }
    match cache.and_then(|c| c.get(token, now_ms)) {
        None => Introspection::Due,
        Some(Err(error)) => Introspection::Refused(error.clone()),
        Some(Ok(introspected)) => Introspection::Active {
            introspected: introspected.clone(),
            then_jwt: !settings.without_keys && crate::introspection::is_jws_compact(token),
        },
    }
}
