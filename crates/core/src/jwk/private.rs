//! Private key members: a JWK that carries one is a published secret.
//!
//! RFC 7518 §6.2.2 and §6.3.2 name the private members of EC, OKP (RFC 8037
//! §2) and RSA keys; `k` is the whole secret of an `oct` key (§6.4.1). A
//! provider that serves any of them in its JWK Set has leaked the key to
//! everyone who fetched the set: that is an incident to stop at, not a key
//! to skip. Symmetric keys are the one exception, and only when the caller
//! opted in to them (then `k` is the expected member of an `oct` key).

use super::members::Members;
use alloc::string::String;

/// Private members of RSA (`d`, `p`, `q`, `dp`, `dq`, `qi`, `oth`) and of
/// EC / OKP keys (`d`), whatever the key type says.
const PRIVATE_MEMBERS: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "oth"];

/// The longest `kid` repeated in an error message: enough to find the key,
/// short enough for a log line.
const MAX_KID_IN_MESSAGE: usize = 64;

/// The first private member of a JWK, if it has one. `k` counts unless
/// symmetric keys are allowed.
pub(crate) fn private_member(members: &Members, allow_symmetric: bool) -> Option<&'static str> {
    let symmetric = (!allow_symmetric).then_some("k");
    PRIVATE_MEMBERS
        .into_iter()
        .chain(symmetric)
        .find(|name| members.contains_key(*name))
}

/// The public part of a JWK: its members less the RSA / EC / OKP private
/// ones (`k`, the whole of an `oct` key, stays and is refused as usual).
pub(crate) fn public_part(members: &Members) -> Members {
    let mut public = members.clone();
    public.retain(|name, _| !PRIVATE_MEMBERS.contains(&name.as_str()));
    public
}

/// The `kid` of a refused key, for the error message: only a string one,
/// at most [`MAX_KID_IN_MESSAGE`] characters, anything but printable ASCII
/// (and quotes, backslashes) shown as `?`, so a hostile `kid` cannot forge
/// log lines.
pub(crate) fn kid_for_message(members: &Members) -> Option<String> {
    let kid = members.get("kid")?.as_str()?;
    let printable = |c: char| (c.is_ascii_graphic() || c == ' ') && c != '"' && c != '\\';
    Some(
        kid.chars()
            .take(MAX_KID_IN_MESSAGE)
            .map(|c| if printable(c) { c } else { '?' })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::{kid_for_message, private_member};
    use serde_json::{Value, json};

    fn members(value: Value) -> super::Members {
        match value {
            Value::Object(map) => map,
            _ => unreachable!("test JWKs are objects"),
        }
    }

    #[test]
    fn every_private_member_is_found() {
        for name in ["d", "p", "q", "dp", "dq", "qi", "oth"] {
            let key = members(json!({"kty": "RSA", "n": "AQAB", "e": "AQAB", name: "AQAB"}));
            assert_eq!(private_member(&key, true), Some(name));
            assert_eq!(private_member(&key, false), Some(name));
        }
    }

    #[test]
    fn k_is_private_unless_symmetric_keys_are_allowed() {
        let oct = members(json!({"kty": "oct", "k": "c2VjcmV0"}));
        assert_eq!(private_member(&oct, false), Some("k"));
        assert_eq!(private_member(&oct, true), None);
    }

    #[test]
    fn public_keys_have_none() {
        let ec = members(json!({"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA", "kid": "a"}));
        assert_eq!(private_member(&ec, false), None);
    }

    #[test]
    fn kid_in_messages_is_short_and_printable() {
        let long = "é".repeat(100);
        let key = members(json!({ "kid": long }));
        assert_eq!(kid_for_message(&key), Some("?".repeat(64)));
        let hostile = members(json!({ "kid": "a\"b\\c\nd e" }));
        assert_eq!(kid_for_message(&hostile), Some("a?b?c?d e".into()));
        assert_eq!(kid_for_message(&members(json!({ "kid": 7 }))), None);
    }
}
