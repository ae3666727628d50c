//! What the edge hands the core's DPoP rules for one request: its method,
//! the URL it was sent to and its `DPoP` header values, kept as values so a
//! decision can pause for a signature and resume.
//!
//! The URL is formed from what the proxy itself received, never from
//! headers a client or an earlier hop could write: the `:scheme` and
//! `:authority` pseudo-headers (Envoy sets them from the connection and
//! the request line; the worker adapter passes its request URL's scheme and
//! host under the same names), else `Host` for the authority, then the
//! canonical path the gateway forwards. `X-Forwarded-Proto` is not read.

use super::config::{DPOP_PREFIX, TokenSource};
use super::names::same_header_name;
use super::request::Request;
use crate::dpop::{AuthScheme, DpopRequest, proof_values};
use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// The header a proof comes in (RFC 9449 §4.1).
pub const DPOP_HEADER: &str = "dpop";

/// One request's DPoP inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ProofInput {
    method: String,
    url: String,
    /// Every `DPoP` value (repeated fields, or elements a host joined with
    /// `,`): more than one is refused.
    proofs: Vec<String>,
    /// The token came with the `DPoP` scheme: only then does a proof count
    /// (a bound token sent as `Bearer` is `dpop_proof_required`).
    dpop_scheme: bool,
}

impl ProofInput {
    /// The inputs of `request`, whose token was found through `source`.
    pub(super) fn of(request: &Request<'_>, source: &TokenSource) -> ProofInput {
        let dpop_scheme = matches!(
            source,
            TokenSource::Header { name, prefix }
                if name == "authorization" && prefix.eq_ignore_ascii_case(DPOP_PREFIX)
        );
        let values = request
            .headers
            .iter()
            .filter(|(name, _)| same_header_name(name, DPOP_HEADER))
            .map(|(_, value)| value.as_ref());
        let proofs = proof_values(values).map(ToOwned::to_owned).collect();
        ProofInput {
            method: request.method.to_owned(),
            url: request_url(request),
            proofs,
            dpop_scheme,
        }
    }

    /// The core's view, for `token` (the rules drop the proofs of a
    /// `Bearer` request, [`Self::scheme`]).
    pub(super) fn with<'a>(&'a self, token: &'a str, proofs: &'a [&'a str]) -> DpopRequest<'a> {
        DpopRequest {
            method: &self.method,
            url: &self.url,
            proofs,
            access_token: Some(token),
            nonce: None,
        }
    }

    /// The scheme the token came under: anything but `DPoP` counts as
    /// `Bearer` (no proof).
    pub(super) fn scheme(&self) -> AuthScheme {
        if self.dpop_scheme {
            AuthScheme::Dpop
        } else {
            AuthScheme::Bearer
        }
    }

    /// The proofs as borrowed strings, for [`Self::with`].
    pub(super) fn proofs(&self) -> Vec<&str> {
        self.proofs.iter().map(String::as_str).collect()
    }
}

/// `scheme://authority/path` of `request` (query left out: `htu` ignores
/// it). An absent `:scheme` is `https`.
fn request_url(request: &Request<'_>) -> String {
    let value = |name: &str| request.header_entry(name).map(|(_, v)| v.trim());
    let scheme = value(":scheme").unwrap_or("https");
    let authority = value(":authority").or_else(|| value("host")).unwrap_or("");
    format!("{scheme}://{authority}{}", request.path_only())
}
