//! Discovery from the issuer alone: the provider's metadata document
//! (OpenID Connect Discovery 1.0, or RFC 8414 for an OAuth authorization
//! server) names the key set's URL, so a configuration needs only the
//! issuer.
//!
//! The document is one more remote document: the same fetch machine as
//! key sets fetches and caches it ([`DiscoveryFetch`]), with its own
//! policy ([`DiscoveryDocument::fetch_policy`]). It is accepted only when
//! its `issuer` is the configured issuer exactly (OIDC Discovery §4.3,
//! RFC 8414 §3.3: otherwise a document served at one issuer's URL could
//! send tokens to another's keys) and every endpoint it names passes the
//! fetch-URL rule ([`crate::fetch_url`]: `https://`, or `http://` to
//! loopback or with the caller's opt-in).
//!
//! ```
//! use tokenward_core::discovery::{DiscoveryKind, DiscoveryFetch, discovery_url};
//! use tokenward_core::remote::Outcome;
//! let issuer = "https://login.example/tenant";
//! assert_eq!(
//!     discovery_url(issuer, DiscoveryKind::OAuth),
//!     "https://login.example/.well-known/oauth-authorization-server/tenant",
//! );
//! let mut machine = DiscoveryFetch::for_issuer(issuer, false);
//! let fetch = machine.poll(0).expect("first fetch");
//! let body = br#"{"issuer":"https://login.example/tenant","jwks_uri":"https://login.example/keys"}"#;
//! assert_eq!(machine.on_response(10, fetch.id, 200, &[], body), Outcome::Updated);
//! assert_eq!(machine.document(10).unwrap().jwks_uri(), "https://login.example/keys");
//! ```

mod document;
mod url;

#[cfg(test)]
mod tests;

pub use document::{DiscoveryDocument, DiscoveryFetch, MAX_DOCUMENT_BYTES};
pub use url::{DiscoveryKind, discovery_url};
