//! Private key members: a JWK that carries one is a published secret.
//!
//! RFC 7518 §6.2.2 and §6.3.2 name the private members of EC, OKP (RFC 8037
//! §2) and RSA keys; `k` is the whole secret of an `oct` key (§6.4.1). A
//! provider that serves any of them in its JWK Set has leaked the key to
//! everyone who fetched the set: that is an incident to stop at, not a key
//! to skip. Symmetric keys are the one exception, and only when the caller
//! opted in to them (then `k` is the expected member of an `oct` key).

use super::members::Members;
use alloc::string::{String, ToString};

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

/// The `kid` of a refused key, for the error message: only a string one,
/// cut at a character boundary.
pub(crate) fn kid_for_message(members: &Members) -> Option<String> {
    let kid = members.get("kid")?.as_str()?;
    let end = kid
        .char_indices()
        .map(|(at, c)| at + c.len_utf8())
        .take_while(|end| *end <= MAX_KID_IN_MESSAGE)
        .last()
        .unwrap_or(0);
    Some(kid[..end].to_string())
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
    fn kid_in_messages_is_short() {
        let long = "é".repeat(100);
        let key = members(json!({ "kid": long }));
        let kid = kid_for_message(&key).unwrap_or_default();
        assert!(kid.len() <= 64 && kid.chars().all(|c| c == 'é'));
        assert_eq!(kid_for_message(&members(json!({ "kid": 7 }))), None);
    }
}
