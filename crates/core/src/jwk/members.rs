//! Reading JWK members: strict base64url and typed optional members.

use crate::error::Error;
use alloc::string::String;
use alloc::vec::Vec;
use base64::Engine;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use serde_json::{Map, Value};

/// base64url as RFC 7515 §2 defines it: no padding, no whitespace and no
/// stray trailing bits, so every key has exactly one encoding.
pub(crate) const STRICT_BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(false),
);

/// A JWK object, seen as its member map.
pub(crate) type Members = Map<String, Value>;

/// The string member `name`, `None` when absent.
pub(crate) fn optional_str<'a>(members: &'a Members, name: &str) -> Result<Option<&'a str>, Error> {
    match members.get(name) {
        None => Ok(None),
        Some(Value::String(value)) => Ok(Some(value.as_str())),
        Some(_) => Err(Error::JwksInvalid("a JWK member has the wrong type")),
    }
}

/// The string member `name`, which must be present.
pub(crate) fn required_str<'a>(members: &'a Members, name: &str) -> Result<&'a str, Error> {
    optional_str(members, name)?.ok_or(Error::JwksInvalid("a required JWK member is missing"))
}

/// `key_ops`: an array of strings when present.
pub(crate) fn optional_str_array(
    members: &Members,
    name: &str,
) -> Result<Option<Vec<String>>, Error> {
    let Some(value) = members.get(name) else {
        return Ok(None);
    };
    let Value::Array(items) = value else {
        return Err(Error::JwksInvalid("a JWK member has the wrong type"));
    };
    items
        .iter()
        .map(|item| match item {
            Value::String(op) => Ok(op.clone()),
            _ => Err(Error::JwksInvalid("a JWK member has the wrong type")),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// The base64url member `name`, decoded strictly.
pub(crate) fn required_bytes(members: &Members, name: &str) -> Result<Vec<u8>, Error> {
    decode(required_str(members, name)?)
}

/// Strict base64url decoding of one key member.
pub(crate) fn decode(text: &str) -> Result<Vec<u8>, Error> {
    STRICT_BASE64URL
        .decode(text)
        .map_err(|_| Error::JwksInvalid("a JWK member is not strict base64url"))
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn strict_base64url() {
        assert_eq!(decode("AQAB").ok(), Some(alloc::vec![1, 0, 1]));
        assert!(decode("AQ").is_ok());
        // Padding, the standard alphabet and non-canonical trailing bits are refused.
        assert!(decode("AQ==").is_err());
        assert!(decode("+/8").is_err());
        assert!(decode("AR").is_err());
        assert!(decode("AQ B").is_err());
        assert!(decode("A").is_err());
    }
}
