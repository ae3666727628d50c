//! The algorithms under test, and what each one means to tokenward and ring.

use ring::digest;
use ring::signature::{self, RsaParameters, VerificationAlgorithm};
use tokenward_core::Algorithm;

/// A JWS algorithm with a native reference in ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Alg {
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    EdDSA,
}

/// The key type an algorithm needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Rsa,
    P256,
    P384,
    Ed25519,
}

/// A SHA-2 hash, with what PKCS#1 v1.5 and PSS need to know about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

impl Alg {
    pub const ALL: [Alg; 9] = [
        Alg::RS256,
        Alg::RS384,
        Alg::RS512,
        Alg::PS256,
        Alg::PS384,
        Alg::PS512,
        Alg::ES256,
        Alg::ES384,
        Alg::EdDSA,
    ];

    pub fn name(self) -> &'static str {
        self.core().name()
    }

    pub fn from_name(name: &str) -> Option<Alg> {
        Alg::ALL.into_iter().find(|alg| alg.name() == name)
    }

    /// tokenward's algorithm.
    pub fn core(self) -> Algorithm {
        match self {
            Alg::RS256 => Algorithm::RS256,
            Alg::RS384 => Algorithm::RS384,
            Alg::RS512 => Algorithm::RS512,
            Alg::PS256 => Algorithm::PS256,
            Alg::PS384 => Algorithm::PS384,
            Alg::PS512 => Algorithm::PS512,
            Alg::ES256 => Algorithm::ES256,
            Alg::ES384 => Algorithm::ES384,
            Alg::EdDSA => Algorithm::EdDSA,
        }
    }

    pub fn family(self) -> Family {
        match self {
            Alg::RS256 | Alg::RS384 | Alg::RS512 | Alg::PS256 | Alg::PS384 | Alg::PS512 => {
                Family::Rsa
            }
            Alg::ES256 => Family::P256,
            Alg::ES384 => Family::P384,
            Alg::EdDSA => Family::Ed25519,
        }
    }

    pub fn is_pss(self) -> bool {
        matches!(self, Alg::PS256 | Alg::PS384 | Alg::PS512)
    }

    /// The hash of an RSA algorithm (SHA-256 for the others; unused there).
    pub fn hash(self) -> Hash {
        match self {
            Alg::RS384 | Alg::PS384 | Alg::ES384 => Hash::Sha384,
            Alg::RS512 | Alg::PS512 => Hash::Sha512,
            _ => Hash::Sha256,
        }
    }

    /// The RSA algorithm with the other padding or another hash.
    pub fn rsa_siblings(self) -> impl Iterator<Item = Alg> {
        Alg::ALL[..6]
            .iter()
            .copied()
            .filter(move |&alg| alg != self)
    }

    /// ring's RSA verification parameters (2048 to 8192 bits, as tokenward).
    pub fn ring_rsa(self) -> Option<&'static RsaParameters> {
        Some(match self {
            Alg::RS256 => &signature::RSA_PKCS1_2048_8192_SHA256,
            Alg::RS384 => &signature::RSA_PKCS1_2048_8192_SHA384,
            Alg::RS512 => &signature::RSA_PKCS1_2048_8192_SHA512,
            Alg::PS256 => &signature::RSA_PSS_2048_8192_SHA256,
            Alg::PS384 => &signature::RSA_PSS_2048_8192_SHA384,
            Alg::PS512 => &signature::RSA_PSS_2048_8192_SHA512,
            _ => return None,
        })
    }

    /// ring's verification algorithm for the point-keyed families.
    pub fn ring_point(self) -> Option<&'static dyn VerificationAlgorithm> {
        Some(match self {
            Alg::ES256 => &signature::ECDSA_P256_SHA256_FIXED,
            Alg::ES384 => &signature::ECDSA_P384_SHA384_FIXED,
            Alg::EdDSA => &signature::ED25519,
            _ => return None,
        })
    }
}

impl Hash {
    pub const ALL: [Hash; 3] = [Hash::Sha256, Hash::Sha384, Hash::Sha512];

    pub fn ring(self) -> &'static digest::Algorithm {
        match self {
            Hash::Sha256 => &digest::SHA256,
            Hash::Sha384 => &digest::SHA384,
            Hash::Sha512 => &digest::SHA512,
        }
    }

    pub fn output_len(self) -> usize {
        self.ring().output_len()
    }

    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        digest::digest(self.ring(), data).as_ref().to_vec()
    }

    /// The other two hashes.
    pub fn others(self) -> impl Iterator<Item = Hash> {
        Hash::ALL.into_iter().filter(move |&hash| hash != self)
    }

    /// The DER DigestInfo header that precedes the hash in PKCS#1 v1.5
    /// (RFC 8017 §9.2, note 1): SEQUENCE { SEQUENCE { OID, NULL }, OCTET
    /// STRING }.
    pub fn digest_info_prefix(self) -> Vec<u8> {
        let len = self.output_len() as u8;
        let mut prefix = vec![0x30, 17 + len, 0x30, 0x0d, 0x06, 0x09];
        prefix.extend_from_slice(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02]);
        prefix.push(self.oid_last());
        prefix.extend_from_slice(&[0x05, 0x00, 0x04, len]);
        prefix
    }

    /// The same DigestInfo with the NULL parameters left out, an encoding
    /// RFC 8017 mentions but tokenward and ring refuse.
    pub fn digest_info_prefix_without_null(self) -> Vec<u8> {
        let len = self.output_len() as u8;
        let mut prefix = vec![0x30, 15 + len, 0x30, 0x0b, 0x06, 0x09];
        prefix.extend_from_slice(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02]);
        prefix.push(self.oid_last());
        prefix.extend_from_slice(&[0x04, len]);
        prefix
    }

    fn oid_last(self) -> u8 {
        match self {
            Hash::Sha256 => 1,
            Hash::Sha384 => 2,
            Hash::Sha512 => 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Alg, Hash};

    #[test]
    fn digest_info_matches_rfc_8017() {
        // RFC 8017 §9.2 note 1, SHA-256.
        let expected = [
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ];
        assert_eq!(Hash::Sha256.digest_info_prefix(), expected);
        assert_eq!(Hash::Sha512.digest_info_prefix()[1], 0x51);
        assert_eq!(Hash::Sha384.digest_info_prefix_without_null()[1], 0x3f);
    }

    #[test]
    fn names_round_trip() {
        for alg in Alg::ALL {
            assert_eq!(Alg::from_name(alg.name()), Some(alg));
        }
        assert_eq!(Alg::RS256.rsa_siblings().count(), 5);
    }
}
