//! Opaque access tokens checked by token introspection (RFC 7662), sans I/O.
//!
//! The core builds the request ([`Introspection::request`]), judges the
//! answer ([`judge`]) and says how long that verdict may be reused
//! ([`Introspection::cache_until_ms`]); the adapter only sends the request
//! and hands the answer back. Every rule that decides whether a token is
//! allowed lives here, so the Envoy filter and `tokenward/edge` agree.
//!
//! Fail closed: an answer that is not a 200 JSON object with `active: true`
//! never allows; a transport failure is [`Error::IntrospectionUnavailable`]
//! (503), a negative answer [`Error::TokenInactive`] (401).
//!
//! [`Error::IntrospectionUnavailable`]: crate::Error::IntrospectionUnavailable
//! [`Error::TokenInactive`]: crate::Error::TokenInactive

mod cache;
mod client_auth;
mod form;
mod judge;
mod settings;

#[cfg(test)]
mod tests;

pub use cache::IntrospectionCache;
pub use client_auth::{ClientAuth, Secret};
pub use form::form_urlencode;
pub use judge::{EndpointAnswer, Introspected, MAX_RESPONSE_BYTES, judge};
pub use settings::{
    DEFAULT_CACHE_DURATION_MS, DEFAULT_CACHE_SIZE, DEFAULT_INACTIVE_CACHE_MS, DEFAULT_TIMEOUT_MS,
    Endpoint, FAILURE_CACHE_MS, Introspection, IntrospectionRequest, is_jws_compact,
};
