//! Where an issuer's metadata document is: OpenID Connect Discovery 1.0 §4
//! appends the well-known path to the issuer; RFC 8414 §3.1 inserts it
//! between the host and the issuer's path.

use alloc::format;
use alloc::string::String;

/// Which metadata document to fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DiscoveryKind {
    /// `<issuer>/.well-known/openid-configuration` (OpenID Connect Discovery).
    #[default]
    Oidc,
    /// `https://host/.well-known/oauth-authorization-server<path>` (RFC 8414).
    OAuth,
}

impl DiscoveryKind {
    /// The configuration spelling: `oidc` or `oauth`.
    pub fn from_name(name: &str) -> Option<DiscoveryKind> {
        match name {
            "oidc" => Some(DiscoveryKind::Oidc),
            "oauth" => Some(DiscoveryKind::OAuth),
            _ => None,
        }
    }
}

const OIDC_SUFFIX: &str = "/.well-known/openid-configuration";
const OAUTH_INFIX: &str = "/.well-known/oauth-authorization-server";

/// The URL of `issuer`'s metadata document of `kind`. A trailing `/` of
/// the issuer is not doubled (OIDC Discovery §4.1) and is dropped before
/// RFC 8414's insertion (§3.1). The result is checked by the caller with
/// the fetch-URL rule, like every URL tokenward fetches.
pub fn discovery_url(issuer: &str, kind: DiscoveryKind) -> String {
    let trimmed = issuer.strip_suffix('/').unwrap_or(issuer);
    match kind {
        DiscoveryKind::Oidc => format!("{trimmed}{OIDC_SUFFIX}"),
        DiscoveryKind::OAuth => {
            let after_scheme = trimmed.find("://").map_or(0, |i| i + 3);
            let path_start = trimmed
                .get(after_scheme..)
                .and_then(|rest| rest.find('/'))
                .map_or(trimmed.len(), |i| after_scheme + i);
            let (origin, path) = trimmed.split_at(path_start);
            format!("{origin}{OAUTH_INFIX}{path}")
        }
    }
}
