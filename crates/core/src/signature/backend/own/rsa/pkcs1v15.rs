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

#[cfg(test)]
mod tests {
    use super::encode;
    use crate::alg::HashAlg;

    #[test]
    fn encodes_the_rfc_8017_layout() {
        for (hash, h_len, second) in [
            (HashAlg::Sha256, 32, 0x31),
            (HashAlg::Sha384, 48, 0x41),
            (HashAlg::Sha512, 64, 0x51),
        ] {
            let message_hash = [0xab; 64];
            let encoded = encode(hash, &message_hash[..h_len], 257);
            assert_eq!(encoded.len(), 257);
            let t_len = 19 + h_len;
            let padding = 257 - 3 - t_len;
            assert_eq!(&encoded[..2], &[0x00, 0x01]);
            assert!(encoded[2..2 + padding].iter().all(|&byte| byte == 0xff));
            assert_eq!(encoded[2 + padding], 0x00);
            // DigestInfo: SEQUENCE of the whole, then the hash at the end.
            assert_eq!(&encoded[3 + padding..5 + padding], &[0x30, second]);
            assert_eq!(usize::from(encoded[4 + padding]), t_len - 2);
            assert_eq!(&encoded[257 - h_len..], &message_hash[..h_len]);
        }
    }
}
