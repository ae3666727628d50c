//! EMSA-PKCS1-v1_5 encoding (RFC 8017 §9.2), for comparison with the
//! decrypted signature as a whole: the block is never parsed.

use crate::alg::HashAlg;
use alloc::vec::Vec;

/// The DER `DigestInfo` prefixes of RFC 8017 §9.2 note 1 (with the NULL
/// parameters: the form without them is not accepted).
const SHA256_PREFIX: &[u8] = &[
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];
const SHA384_PREFIX: &[u8] = &[
    0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05,
    0x00, 0x04, 0x30,
];
const SHA512_PREFIX: &[u8] = &[
    0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05,
    0x00, 0x04, 0x40,
];

/// `EM = 0x00 || 0x01 || PS (0xff...) || 0x00 || DigestInfo` of `len`
/// octets. `len` is the modulus length (at least 256 octets here), far
/// above the 11 + 19 + 64 octets the longest `DigestInfo` needs.
pub(super) fn encode(hash: HashAlg, message_hash: &[u8], len: usize) -> Vec<u8> {
    let prefix = match hash {
        HashAlg::Sha256 => SHA256_PREFIX,
        HashAlg::Sha384 => SHA384_PREFIX,
        HashAlg::Sha512 => SHA512_PREFIX,
    };
    let digest_info_len = prefix.len() + message_hash.len();
    let padding_len = len.saturating_sub(3 + digest_info_len);
    let mut encoded = Vec::with_capacity(len);
    encoded.extend_from_slice(&[0x00, 0x01]);
    encoded.resize(2 + padding_len, 0xff);
    encoded.push(0x00);
    encoded.extend_from_slice(prefix);
    encoded.extend_from_slice(message_hash);
    encoded
}
