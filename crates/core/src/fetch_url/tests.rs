//! The fetch URL rule: https everywhere, http only to loopback or opted in,
//! and no parser-confusion tricks.

use super::{Scheme, UrlError, check_fetch_url, is_loopback};

fn verdict(url: &str) -> Result<(), UrlError> {
    check_fetch_url(url, false).map(|_| ())
}

#[test]
fn https_is_accepted_in_parts() {
    let url = check_fetch_url("https://login.example.com:8443/keys?v=2", false);
    let url = url.expect("accepted");
    assert_eq!(url.scheme, Scheme::Https);
    assert_eq!(url.authority, "login.example.com:8443");
    assert_eq!(url.host, "login.example.com");
    assert_eq!(url.path, "/keys?v=2");
    assert!(!url.loopback);
    assert_eq!(
        check_fetch_url("https://a.example", false).map(|u| u.path),
        Ok("/".into())
    );
    assert_eq!(
        check_fetch_url("https://a.example?x", false).map(|u| u.path),
        Ok("/?x".into())
    );
}

#[test]
fn the_scheme_is_case_insensitive() {
    assert_eq!(verdict("HTTPS://login.example.com/jwks"), Ok(()));
    assert_eq!(verdict("HtTp://127.0.0.1:8080/jwks"), Ok(()));
    assert_eq!(
        verdict("HTTP://login.example.com/jwks"),
        Err(UrlError::InsecureHttp)
    );
}

#[test]
fn plain_http_only_to_loopback() {
    for url in [
        "http://127.0.0.1:4000/jwks.json",
        "http://127.255.3.4/jwks",
        "http://localhost/jwks",
        "http://LOCALHOST:99/jwks",
        "http://[::1]:8080/jwks",
    ] {
        assert_eq!(verdict(url), Ok(()), "{url}");
    }
    for url in [
        "http://login.example.com/jwks",
        "http://10.0.0.1/jwks",
        "http://128.0.0.1/jwks",
        "http://[::2]/jwks",
        "http://[::ffff:127.0.0.1]/jwks",
        "http://[0:0:0:0:0:0:0:1]/jwks",
        "http://[::0001]/jwks",
        "http://localhost.example.com/jwks",
        "http://127.0.0.1.example.com/jwks",
    ] {
        assert_eq!(verdict(url), Err(UrlError::InsecureHttp), "{url}");
    }
}

#[test]
fn the_opt_in_allows_http_anywhere() {
    let url = check_fetch_url("http://keys.internal:8080/jwks", true).expect("opted in");
    assert_eq!(url.scheme, Scheme::Http);
    assert!(!url.loopback);
    // The opt-in is about the scheme only: every other rule still holds.
    assert_eq!(
        check_fetch_url("http://user@keys.internal/jwks", true).err(),
        Some(UrlError::UserInfo)
    );
}

#[test]
fn user_information_is_refused() {
    for url in [
        "http://127.0.0.1@evil.example/jwks",
        "https://127.0.0.1@evil.example/jwks",
        "http://localhost:80@evil.example/jwks",
        "https://user:pass@login.example.com/jwks",
        "https://@login.example.com/jwks",
    ] {
        assert_eq!(verdict(url), Err(UrlError::UserInfo), "{url}");
    }
}

#[test]
fn characters_parsers_disagree_on_are_refused() {
    for url in [
        "http://127.0.0.1\\@evil.example/jwks",
        "https://login.example.com\\jwks",
        "https://login.example.com/ jwks",
        " https://login.example.com/jwks",
        "https://login.example.com/jwks\n",
        "https://logín.example.com/jwks",
        "https://login.example.com/\u{0}",
    ] {
        assert_eq!(verdict(url), Err(UrlError::BadCharacter), "{url:?}");
    }
    assert_eq!(
        verdict("https://login.example.com/jwks#x"),
        Err(UrlError::Fragment)
    );
}

#[test]
fn other_schemes_are_refused() {
    for url in [
        "ftp://login.example.com/jwks",
        "file:///etc/jwks.json",
        "//login.example.com/jwks",
        "login.example.com/jwks",
        "https:/login.example.com/jwks",
        "httpss://login.example.com/jwks",
        "",
    ] {
        assert_eq!(verdict(url), Err(UrlError::NotHttp), "{url}");
    }
}

#[test]
fn hosts_are_names_or_plain_addresses() {
    for url in [
        "https:///jwks",
        "https://:443/jwks",
        "https://a..b/jwks",
        "http://localhost./jwks",
        "https://.example.com/jwks",
        "https://exa%6dple.com/jwks",
        "http://127.1/jwks",
        "http://0x7f.0.0.1/jwks",
        "http://0x7f000001/jwks",
        "http://2130706433/jwks",
        "http://127.0.0.01/jwks",
        "http://[::1/jwks",
        "http://[not-v6]/jwks",
        "http://[]/jwks",
        "http://[1.2.3.4]/jwks",
        "http://256.0.0.1/jwks",
        "http://127.0.0.1.1/jwks",
    ] {
        assert_eq!(verdict(url), Err(UrlError::BadHost), "{url}");
    }
    for url in [
        "https://login.example.com:0/jwks",
        "https://login.example.com:65536/jwks",
        "https://login.example.com:/jwks",
        "https://login.example.com:+80/jwks",
        "https://login.example.com:000443/jwks",
        "http://[::1]x/jwks",
        "https://a:b:c/jwks",
    ] {
        assert_eq!(verdict(url), Err(UrlError::BadPort), "{url}");
    }
}

#[test]
fn loopback_hosts() {
    assert!(is_loopback("127.0.0.1"));
    assert!(is_loopback("127.8.9.10"));
    assert!(is_loopback("::1"));
    assert!(is_loopback("LocalHost"));
    assert!(!is_loopback("[::1]"));
    assert!(!is_loopback("0.0.0.0"));
    assert!(!is_loopback("::"));
    assert!(!is_loopback("127.0.0"));
    assert!(!is_loopback("127.00.0.1"));
}
