//! Compact JWS serialization (RFC 7515 §7.1): split, cap, decode.
//!
//! Nothing here trusts the token: sizes are checked before anything is
//! allocated, and the signature is only decoded, not checked.

use crate::base64url;
use crate::error::{Error, Malformed};
use alloc::vec::Vec;

/// Default cap on the whole compact token, in bytes (16 KiB).
pub const DEFAULT_MAX_TOKEN_LENGTH: usize = 16 * 1024;
/// Cap on the decoded protected header, in bytes.
pub const MAX_HEADER_LENGTH: usize = 4 * 1024;
/// Cap on the decoded signature: an RSA-8192 signature is 1 KiB.
pub const MAX_SIGNATURE_LENGTH: usize = 1024;

/// A compact JWS split into its segments and decoded, not yet verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompactJws<'a> {
    /// `BASE64URL(header) || '.' || BASE64URL(payload)`: the bytes signed.
    pub signing_input: &'a str,
    /// The decoded protected header (JSON text, not yet parsed).
    pub header: Vec<u8>,
    /// The decoded payload (JSON text, not yet parsed).
    pub payload: Vec<u8>,
    /// The decoded signature.
    pub signature: Vec<u8>,
}

impl<'a> CompactJws<'a> {
    /// Splits and decodes `token`, enforcing `max_token_length` first.
    ///
    /// # Errors
    /// `too_large` for oversized input, `malformed` for anything but three
    /// strict base64url segments (a five-segment JWE included).
    pub fn decode(token: &'a str, max_token_length: usize) -> Result<Self, Error> {
        if token.len() > max_token_length {
            return Err(Error::TooLarge {
                limit: max_token_length,
            });
        }
        let mut segments = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) = (
            segments.next(),
            segments.next(),
            segments.next(),
            segments.next(),
        ) else {
            return Err(Error::Malformed(Malformed::Segments));
        };
        if base64url::decoded_len(header.len()) > MAX_HEADER_LENGTH {
            return Err(Error::TooLarge {
                limit: MAX_HEADER_LENGTH,
            });
        }
        if base64url::decoded_len(signature.len()) > MAX_SIGNATURE_LENGTH {
            return Err(Error::Malformed(Malformed::SignatureEncoding));
        }
        // header.len() + 1 + payload.len() is within token, so this slice is in bounds.
        let signing_input = token
            .get(..header.len() + 1 + payload.len())
            .ok_or(Error::Malformed(Malformed::Segments))?;
        Ok(CompactJws {
            signing_input,
            header: base64url::decode(header.as_bytes())?,
            payload: base64url::decode(payload.as_bytes())?,
            signature: base64url::decode(signature.as_bytes())?,
        })
    }
}

#[cfg(test)]
mod tests;
