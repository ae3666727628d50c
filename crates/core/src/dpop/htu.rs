//! The `htu` comparison (RFC 9449 §4.3 item 9): the proof's URL against the
//! request's, "ignoring any query and fragment parts", after the syntax-
//! and scheme-based normalisation of RFC 3986 §6.2.2 / §6.2.3 that §4.3
//! points to.
//!
//! Both sides go through [`normalise`]:
//! - only `http` and `https`, scheme in any case, written lower case;
//! - the host lower case (a reg-name or an `[IPv6]` literal), never with
//!   userinfo (`user@host` is refused: nothing honest signs one);
//! - the port dropped when it is the scheme's default (80, 443) or empty,
//!   otherwise kept as its decimal value;
//! - the path exactly as given, `/` when empty; no dot-segment removal, no
//!   percent-decoding, no case change: a proof is signed by the client for
//!   the path it sent, and a server that rewrites paths passes the URL it
//!   received;
//! - query (`?…`) and fragment (`#…`) removed, on both sides.
//!
//! Anything but printable ASCII (spaces, controls, non-ASCII) makes the URL
//! unusable: clients send URLs percent-encoded.

use alloc::format;
use alloc::string::String;

/// The normalised form of `url`, or `None` when it is not an absolute
/// `http(s)` URL under the rules above.
pub fn normalise(url: &str) -> Option<String> {
    if url.is_empty() || !url.bytes().all(|byte| byte.is_ascii_graphic()) {
        return None;
    }
    let without_fragment = url.split('#').next()?;
    let without_query = without_fragment.split('?').next()?;
    let (scheme, rest) = without_query.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    let (authority, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, "/"),
    };
    if authority.contains('@') {
        return None;
    }
    let (host, port) = split_host_port(authority)?;
    let port = match port {
        None | Some("") => None,
        Some(digits) => Some(parse_port(digits)?).filter(|port| *port != default_port),
    };
    let host = host.to_ascii_lowercase();
    Some(match port {
        Some(port) => format!("{scheme}://{host}:{port}{path}"),
        None => format!("{scheme}://{host}{path}"),
    })
}

/// `host[:port]` or `[v6][:port]`; the host must not be empty.
fn split_host_port(authority: &str) -> Option<(&str, Option<&str>)> {
    let (host, port) = if authority.starts_with('[') {
        let close = authority.find(']')?;
        let (host, after) = authority.split_at(close + 1);
        match after {
            "" => (host, None),
            _ => (host, Some(after.strip_prefix(':')?)),
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let valid_host = match host.strip_prefix('[') {
        Some(literal) => literal.len() > 1,
        None => !host.is_empty() && !host.contains(['[', ']']),
    };
    valid_host.then_some((host, port))
}

fn parse_port(digits: &str) -> Option<u16> {
    if !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::normalise;

    fn same(a: &str, b: &str) -> bool {
        normalise(a).is_some() && normalise(a) == normalise(b)
    }

    #[test]
    fn scheme_and_host_case_default_port_query_and_fragment() {
        let url = "https://api.example.com/orders";
        for equal in [
            "HTTPS://API.Example.COM/orders",
            "https://api.example.com:443/orders",
            "https://api.example.com:/orders",
            "https://api.example.com/orders?id=7",
            "https://api.example.com/orders#top",
            "https://api.example.com/orders?x=1#y",
        ] {
            assert!(same(url, equal), "{equal}");
        }
        assert!(same("http://example.com", "http://example.com:80/"));
        assert!(same(
            "https://example.com:08443/",
            "https://example.com:8443/"
        ));
    }

    #[test]
    fn path_port_scheme_and_host_differences_stay() {
        let url = "https://api.example.com/orders";
        for other in [
            "https://api.example.com/Orders",
            "https://api.example.com/orders/",
            "https://api.example.com/%6Frders",
            "https://api.example.com/a/../orders",
            "https://api.example.com:8443/orders",
            "http://api.example.com/orders",
            "https://api.example.org/orders",
            "https://api.example.com:80/orders",
        ] {
            assert!(!same(url, other), "{other}");
        }
    }

    #[test]
    fn ipv6_literals() {
        assert_eq!(
            normalise("https://[::1]:443/a").as_deref(),
            Some("https://[::1]/a")
        );
        assert_eq!(
            normalise("http://[::1]:8080/a").as_deref(),
            Some("http://[::1]:8080/a")
        );
        assert_eq!(normalise("http://[::1/a"), None);
        assert_eq!(normalise("http://[::1]x/a"), None);
    }

    #[test]
    fn unusable_urls() {
        for url in [
            "",
            "/orders",
            "api.example.com/orders",
            "ftp://example.com/",
            "https:///orders",
            "https://user@example.com/",
            "https://example.com:65536/",
            "https://example.com:-1/",
            "https://example.com:1:2/",
            "https://exa mple.com/",
            "https://example.com/caf\u{e9}",
            "https://example.com/\n",
        ] {
            assert_eq!(normalise(url), None, "{url:?}");
        }
    }
}
