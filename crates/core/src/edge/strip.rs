//! What the gateway takes out of a request before it goes upstream: the
//! identity headers a client may have forged, and the token itself.
//!
//! Both are computed from the request when the decision starts (a
//! decision may pause for a signature check and resume without it) and
//! applied only if the request is forwarded.

use super::config::TokenSource;
use super::extract::decoded_name_is;
use super::names::same_header_name;
use super::request::Request;
use alloc::borrow::ToOwned;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

/// Header removals and replacements (`:path` for the request target).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Edits {
    /// Header names to remove (lower-case; every field of that name).
    pub(super) remove: Vec<String>,
    /// Headers to set after the removals.
    pub(super) set: Vec<(String, String)>,
}

/// The pseudo-header of the request target.
pub(super) const PATH: &str = ":path";

/// The edits every forwarded request gets, whatever its token.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Always {
    /// Identity headers a client may have forged (`spoofable_headers`).
    pub(super) spoofable: Vec<String>,
    /// The canonical request target, when it differs from the one sent.
    pub(super) rewrite: Option<String>,
    /// Headers a refusal gets (`cors`), kept for a decision resumed after
    /// the host's signature check (boxed: most requests have none, and the
    /// pending state stays small).
    pub(super) refusal_headers: Option<Box<RefusalHeaders>>,
}

/// The headers `cors` adds to a refusal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct RefusalHeaders(pub(super) Vec<(String, String)>);

impl Always {
    /// `:path` set to the canonical target, if it was rewritten.
    pub(super) fn path_edit(&self) -> Option<(String, String)> {
        let target = self.rewrite.clone()?;
        Some((PATH.to_owned(), target))
    }
}

/// `protected` (the headers the edge sets), plus every header the client
/// sent under a name an upstream reads as one of them (`x_tokenward_sub`,
/// `X-TOKENWARD-SUB`), as sent but lower-cased.
pub(super) fn spoofable_headers(protected: &[String], request: &Request<'_>) -> Vec<String> {
    let mut remove = protected.to_vec();
    add_sent_variants(&mut remove, request, |sent| {
        protected.iter().any(|p| same_header_name(sent, p))
    });
    remove
}

/// The edits that take the token `source` found out of `request`: the
/// header (every variant of its name), the cookie (the others stay), or
/// the query parameter (`:path` rewritten without it).
pub(super) fn token_removal(source: &TokenSource, request: &Request<'_>) -> Edits {
    let mut edits = Edits::default();
    match source {
        TokenSource::Header { name, .. } => {
            edits.remove.push(name.clone());
            add_sent_variants(&mut edits.remove, request, |sent| {
                same_header_name(sent, name)
            });
        }
        TokenSource::Cookie(name) => {
            let kept = cookies_without(request, name);
            edits.remove.push("cookie".to_owned());
            if !kept.is_empty() {
                edits.set.push(("cookie".to_owned(), kept.join("; ")));
            }
        }
        TokenSource::Query(name) => {
            edits
                .set
                .push((PATH.to_owned(), path_without(request, name)));
        }
    }
    edits
}

/// Every cookie of every `Cookie` field but `name`, as sent. Pairs split
/// on `;`; a pair is split on `,` only when a part of it is `name` (two
/// fields a host joined with `,`), so a value holding a comma stays whole.
fn cookies_without<'r>(request: &Request<'r>, name: &str) -> Vec<&'r str> {
    let is_token = |part: &str| {
        part.split_once('=')
            .is_some_and(|(key, _)| decoded_name_is(key.trim(), name, false))
    };
    let mut kept = Vec::new();
    let fields = request
        .headers
        .iter()
        .filter(|(header, _)| header.eq_ignore_ascii_case("cookie"));
    for (_, value) in fields {
        for pair in value.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            if pair.split(',').any(is_token) {
                let others = pair.split(',').filter(|part| !is_token(part));
                kept.extend(others.map(str::trim).filter(|p| !p.is_empty()));
            } else {
                kept.push(pair);
            }
        }
    }
    kept
}

/// The request target without query parameter `name`: each of its
/// segments dropped, the others kept with the separator before them.
fn path_without(request: &Request<'_>, name: &str) -> String {
    let mut kept = String::new();
    let mut separator = "";
    let mut rest = request.query();
    loop {
        let end = rest.find(['&', ';']).unwrap_or(rest.len());
        let (segment, tail) = rest.split_at(end);
        let key = segment.split_once('=').map_or(segment, |(key, _)| key);
        if !decoded_name_is(key, name, true) {
            if !kept.is_empty() {
                kept.push_str(separator);
            }
            kept.push_str(segment);
        }
        let Some(next) = tail.get(1..) else { break };
        separator = tail.get(..1).unwrap_or("&");
        rest = next;
    }
    let mut path = request.path_only().to_owned();
    if !kept.is_empty() {
        path.push('?');
        path.push_str(&kept);
    }
    path
}

fn add_sent_variants(
    names: &mut Vec<String>,
    request: &Request<'_>,
    matches: impl Fn(&str) -> bool,
) {
    for (sent, _) in request.headers {
        let lower = sent.to_ascii_lowercase();
        if matches(sent) && !names.contains(&lower) {
            names.push(lower);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request<'r>(path: &'r str, headers: &'r [(&'r str, &'r str)]) -> Request<'r> {
        Request {
            method: "GET",
            path,
            headers,
        }
    }

    #[test]
    fn the_query_parameter_goes_and_the_rest_stays_in_order() {
        let query = TokenSource::Query("access_token".to_owned());
        let cases = [
            ("/a?access_token=t", "/a"),
            ("/a?x=1&access_token=t&y=2", "/a?x=1&y=2"),
            ("/a?access_token=t&y=2", "/a?y=2"),
            ("/a?x=1;access%5Ftoken=t&y=2", "/a?x=1&y=2"),
            ("/a?x=1;y=2&access_token=t", "/a?x=1;y=2"),
            ("/a?x=&&access_token=t", "/a?x=&"),
        ];
        for (path, expected) in cases {
            let edits = token_removal(&query, &request(path, &[]));
            assert_eq!(
                edits.set,
                [(":path".to_owned(), expected.to_owned())],
                "{path}"
            );
        }
    }

    #[test]
    fn only_the_token_cookie_goes() {
        let cookie = TokenSource::Cookie("session".to_owned());
        let headers = [("cookie", "a=1; session=t"), ("Cookie", "b=2")];
        let edits = token_removal(&cookie, &request("/", &headers));
        assert_eq!(edits.remove, ["cookie"]);
        assert_eq!(edits.set, [("cookie".to_owned(), "a=1; b=2".to_owned())]);
        let alone = token_removal(&cookie, &request("/", &[("cookie", "session=t")]));
        assert!(alone.set.is_empty(), "no empty Cookie header");
        let kept = [
            ("cookie", r#"prefs={"a":1,"b":2}; flag; session=t"#),
            ("cookie", "c=3, session=t, d=4"),
        ];
        let edits = token_removal(&cookie, &request("/", &kept));
        let expected = r#"prefs={"a":1,"b":2}; flag; c=3; d=4"#;
        assert_eq!(edits.set, [("cookie".to_owned(), expected.to_owned())]);
    }

    fn pieces() -> impl proptest::strategy::Strategy<Value = String> {
        let piece = proptest::sample::select(alloc::vec![
            "access_token",
            "access%5Ftoken",
            "access+token",
            "session",
            "a",
            "=",
            "&",
            ";",
            ",",
            " ",
            "t.k.n",
            "\"",
            "%",
        ]);
        proptest::collection::vec(piece, 0..12).prop_map(|parts| parts.concat())
    }

    use proptest::strategy::Strategy as _;
    proptest::proptest! {
        /// Whatever the query or cookies look like: once the one token
        /// found is taken out, no token is left for an upstream to read.
        #[test]
        fn no_token_is_left_behind(query in pieces(), cookie in pieces()) {
            use crate::edge::extract::{Tokens, find_tokens};
            let sources = [
                TokenSource::Query("access_token".to_owned()),
                TokenSource::Cookie("session".to_owned()),
            ];
            let path = alloc::format!("/p?{query}");
            let headers = [("cookie", cookie.as_str())];
            let before = request(&path, &headers);
            if let Tokens::One(found) = find_tokens(&before, &sources) {
                let edits = token_removal(found.source, &before);
                let path = edits.set.iter().find(|(h, _)| h == ":path").map_or(path.as_str(), |(_, v)| v);
                let cookie = edits.set.iter().find(|(h, _)| h == "cookie").map(|(_, v)| v.as_str());
                let removed = edits.remove.iter().any(|h| h == "cookie");
                let headers: Vec<(&str, &str)> = match (removed, cookie) {
                    (false, _) => alloc::vec![("cookie", headers[0].1)],
                    (true, Some(kept)) => alloc::vec![("cookie", kept)],
                    (true, None) => alloc::vec![],
                };
                let after = request(path, &headers);
                proptest::prop_assert_eq!(find_tokens(&after, &sources), Tokens::None);
            }
        }
    }

    #[test]
    fn forged_identity_headers_go_under_every_spelling() {
        let protected = ["x-tokenward-sub".to_owned()];
        let headers = [("X_Tokenward_Sub", "root"), ("x-other", "1")];
        let remove = spoofable_headers(&protected, &request("/", &headers));
        assert_eq!(remove, ["x-tokenward-sub", "x_tokenward_sub"]);
    }
}
