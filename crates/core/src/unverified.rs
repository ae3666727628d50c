//! Reading a token WITHOUT verifying it — for display, lint and debugging.
//!
//! Nothing returned here may be trusted: anyone can write any header and
//! claims. The module name says so at every call site
//! (`unverified::decode`), as RustCrypto's `hazmat` does.

use crate::error::Error;
use crate::json::{self, JsonObject};
use crate::jws::CompactJws;

/// A token's header and claims, decoded but NOT verified.
#[derive(Debug, Clone, PartialEq)]
pub struct UnverifiedToken {
    /// The protected header, as sent.
    pub header: JsonObject,
    /// The claims set, as sent.
    pub claims: JsonObject,
    /// Length of the compact token in bytes.
    pub token_length: usize,
    /// Length of the decoded signature in bytes.
    pub signature_length: usize,
}

/// Decodes header and claims with the same strict parsing as verification
/// (size caps, base64url, duplicate members, depth) but checks nothing else.
///
/// # Errors
/// `too_large` or `malformed`.
pub fn decode(token: &str, max_token_length: usize) -> Result<UnverifiedToken, Error> {
    let jws = CompactJws::decode(token, max_token_length)?;
    Ok(UnverifiedToken {
        header: json::parse_object(&jws.header, json::DEFAULT_MAX_DEPTH)?,
        claims: json::parse_object(&jws.payload, json::DEFAULT_MAX_DEPTH)?,
        token_length: token.len(),
        signature_length: jws.signature.len(),
    })
}
