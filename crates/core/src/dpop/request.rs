//! What a request brings to a DPoP check: the method, the URL it was sent
//! to, its `DPoP` header values and its access token.

/// One HTTP request, as the adapter saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DpopRequest<'a> {
    /// The HTTP method, as sent (`GET`; compared exactly with `htm`).
    pub method: &'a str,
    /// The absolute URL the request was sent to (`https://host/path?…`),
    /// compared with `htu` after [`super::htu::normalise`].
    pub url: &'a str,
    /// Every value of the `DPoP` header, in order: none is a request
    /// without a proof, more than one is refused (RFC 9449 §4.3 item 1).
    pub proofs: &'a [&'a str],
    /// The access token the request presents, whose hash `ath` must be;
    /// `None` where no access token comes with the proof (a token request).
    pub access_token: Option<&'a str>,
    /// A nonce the server issued for this request by its own means (a
    /// stateful server): the proof's `nonce` must equal it, else
    /// `use_dpop_nonce` with this nonce. `None` for no such nonce; the
    /// stateless nonces of [`super::DpopOptions::nonces`] apply either way.
    pub nonce: Option<&'a str>,
}

impl<'a> DpopRequest<'a> {
    /// The access token and the request of an HTTP request's headers, for
    /// an edge adapter: `Authorization: DPoP <token>` comes with its `DPoP`
    /// header values; `Bearer <token>` comes without a proof, whatever
    /// `DPoP` headers it has, so a DPoP-bound token sent as a bearer token
    /// is refused (`dpop_proof_required`, RFC 9449 §7.1). `None` when the
    /// `Authorization` value is neither.
    pub fn from_headers(
        method: &'a str,
        url: &'a str,
        authorization_value: &'a str,
        dpop_values: &'a [&'a str],
    ) -> Option<(&'a str, DpopRequest<'a>)> {
        let (scheme, token) = authorization(authorization_value)?;
        let proofs = match scheme {
            AuthScheme::Dpop => dpop_values,
            AuthScheme::Bearer => &[],
        };
        let request = DpopRequest {
            method,
            url,
            proofs,
            access_token: Some(token),
            nonce: None,
        };
        Some((token, request))
    }
}

/// The proofs among a request's `DPoP` header values: each value split at
/// `,` (a host may join repeated fields so), trimmed, empty ones dropped
/// (an empty `DPoP:` header is no proof). More than one is refused by the
/// rules (RFC 9449 §4.3 item 1).
pub fn proof_values<'a>(
    values: impl IntoIterator<Item = &'a str>,
) -> impl Iterator<Item = &'a str> {
    values
        .into_iter()
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|value| !value.is_empty())
}

/// The scheme of an `Authorization` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthScheme {
    /// `DPoP <token>` (RFC 9449 §7.1).
    Dpop,
    /// `Bearer <token>` (RFC 6750): never proves possession.
    Bearer,
}

/// Splits an `Authorization` header value into its scheme (either case,
/// RFC 9110 §11.1) and its token; `None` for another scheme or no token.
pub fn authorization(value: &str) -> Option<(AuthScheme, &str)> {
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim_start_matches(' ');
    let scheme = if scheme.eq_ignore_ascii_case("DPoP") {
        AuthScheme::Dpop
    } else if scheme.eq_ignore_ascii_case("Bearer") {
        AuthScheme::Bearer
    } else {
        return None;
    };
    (!token.is_empty() && !token.contains([' ', ','])).then_some((scheme, token))
}

#[cfg(test)]
mod tests {
    use super::{AuthScheme, DpopRequest, authorization};

    #[test]
    fn schemes() {
        assert_eq!(
            authorization("DPoP abc.def.ghi"),
            Some((AuthScheme::Dpop, "abc.def.ghi"))
        );
        assert_eq!(authorization("dpop  abc"), Some((AuthScheme::Dpop, "abc")));
        assert_eq!(
            authorization("Bearer abc"),
            Some((AuthScheme::Bearer, "abc"))
        );
        assert_eq!(authorization("Basic abc"), None);
        assert_eq!(authorization("DPoP"), None);
        assert_eq!(authorization("DPoP a b"), None);
    }

    #[test]
    fn a_bearer_request_has_no_proof() {
        let proofs = ["p.r.f"];
        let from = |value| DpopRequest::from_headers("GET", "https://a.example/", value, &proofs);
        let (token, dpop) = from("DPoP t.o.k").expect("DPoP scheme");
        assert_eq!(
            (token, dpop.proofs, dpop.access_token),
            ("t.o.k", &proofs[..], Some("t.o.k"))
        );
        let (token, bearer) = from("Bearer t.o.k").expect("Bearer scheme");
        assert_eq!((token, bearer.proofs.len()), ("t.o.k", 0));
        assert!(from("Basic dXNlcg==").is_none());
    }
}
