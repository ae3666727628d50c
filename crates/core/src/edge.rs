//! Edge rules shared by the Envoy filter and the edge worker, so both give
//! the same verdict on the same request.
//!
//! Pure and host-agnostic: the adapter hands in the method, path and
//! headers, the time and the [`Sources`] it keeps fresh, and gets back a
//! [`Decision`]: forward with headers to remove and set, or a response.
//!
//! ```
//! use tokenward_core::edge::{EdgeConfig, Gateway, Request, Sources, Verdict};
//! let config = EdgeConfig::from_json(br#"{
//!   "providers": {"demo": {"issuer": "https://issuer.example",
//!     "local_jwks": {"keys": []}}},
//!   "rules": [{"match": {"prefix": "/"}, "requires": {"provider_name": "demo"}}]
//! }"#).expect("valid configuration");
//! let mut sources = Sources::new(&config);
//! let mut gateway = Gateway::new(config);
//! let request = Request { method: "GET", path: "/", headers: &[] };
//! let decision = gateway.decide(&request, &mut sources, 1_767_225_600_000);
//! let Verdict::Deny(response) = decision.verdict else { panic!("no token") };
//! assert_eq!(response.status, 401);
//! ```

mod config;
mod connection;
mod cors;
mod denial;
mod discovered;
mod discovered_introspection;
mod dpop_response;
mod error;
mod extract;
mod fields;
mod gateway;
mod header_names;
mod header_value;
mod identity;
mod introspect;
mod issuers;
mod metrics;
mod names;
mod path;
mod progress;
mod proof_input;
mod replay;
mod request;
mod response;
mod sources;
mod step;
mod strip;
mod subjects;
mod wire;
mod wire_certificate;
mod wire_discovery;
mod wire_dpop;
mod wire_introspection;
mod wire_issuers;
mod wire_keys;
mod wire_rules;

#[cfg(test)]
mod tests;

pub use crate::sender_constraint::CertificateThumbprint;
pub use config::{
    ClaimHeader, EdgeConfig, IssuerEntry, KIND_HEADER, KeySource, PROVIDER_HEADER, PathMatch,
    Provider, RemoteSource, Requirement, RevocationSource, Rule, SUBJECT_HEADER, TokenSource,
};
pub use connection::Connection;
pub use cors::Cors;
pub use denial::Denial;
pub use discovered::DiscoveredKeys;
pub use error::ConfigError;
pub use extract::{FoundToken, Tokens, find_tokens};
pub use gateway::{
    Decision, Gateway, MISSING, MULTIPLE_TOKENS, REVOCATION_UNAVAILABLE, Report, Verdict,
};
pub use header_value::{claim_header_value, string_value};
pub use identity::{identity_headers, identity_headers_of};
pub use introspect::{INTROSPECTION_UNAVAILABLE, IntrospectionDue};
pub use metrics::{CORS_PREFLIGHT_BYPASSED, Metric, metric_name};
pub use names::same_header_name;
pub use path::{INVALID_PATH, MAX_TARGET_BYTES, PATH_TOO_LONG, canonical_target};
pub use proof_input::DPOP_HEADER;
pub use replay::{LocalReplay, ReplayLedger};
pub use request::Request;
pub use response::{DenyResponse, invalid_request, invalid_token, missing_token, unavailable};
pub use sources::{ProviderKeys, RevocationView, Sources};
pub use step::{PendingSignature, Step};
pub use subjects::SubjectMatch;
pub use wire_certificate::EdgeCertificates;
pub use wire_discovery::DiscoverySource;
pub use wire_dpop::EdgeDpop;
