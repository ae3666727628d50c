//! Strict base64url (RFC 7515 §2): URL-safe alphabet, no padding, no
//! whitespace, canonical trailing bits. One engine for every segment and JWK
//! member, so "lenient somewhere" cannot happen.

use crate::error::{Error, Malformed};
use alloc::string::String;
use alloc::vec::Vec;
use base64::Engine as _;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

const STRICT: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(false),
);

/// Decodes strict base64url.
///
/// # Errors
/// `malformed` for padding, whitespace, a foreign alphabet, an impossible
/// length or non-zero trailing bits.
pub fn decode(input: &[u8]) -> Result<Vec<u8>, Error> {
    STRICT
        .decode(input)
        .map_err(|_| Error::Malformed(Malformed::Base64))
}

/// Decodes strict base64url into `out`, which is cleared first; lets hot
/// paths reuse one buffer.
///
/// # Errors
/// As [`decode`].
pub fn decode_into(input: &[u8], out: &mut Vec<u8>) -> Result<(), Error> {
    out.clear();
    STRICT
        .decode_vec(input, out)
        .map_err(|_| Error::Malformed(Malformed::Base64))
}

/// Encodes without padding.
pub fn encode(input: &[u8]) -> String {
    STRICT.encode(input)
}

/// The decoded length of `encoded_len` base64url characters, without
/// decoding; lets callers check size caps before allocating.
pub fn decoded_len(encoded_len: usize) -> usize {
    encoded_len / 4 * 3 + (encoded_len % 4).saturating_sub(1)
}

#[cfg(test)]
mod tests;
