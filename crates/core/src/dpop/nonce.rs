//! Stateless server nonces (RFC 9449 §8).
//!
//! A nonce is base64url(HMAC-SHA256(secret, label || bucket)), where
//! `bucket = floor(now / period)`. A proof's `nonce` is accepted when it is
//! the nonce of the current or the previous bucket, so a nonce lives
//! between one and two periods. Nothing is stored: every process (isolate,
//! worker, Envoy thread) given the same secret issues and accepts the same
//! nonces, without a shared store, and a proof can only have been made
//! after its nonce was issued, whatever its `iat` says.

use crate::base64url;
use alloc::string::String;
use alloc::vec::Vec;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// Shortest secret accepted: 32 bytes, the HMAC-SHA256 output.
pub const MIN_SECRET_LENGTH: usize = 32;
/// Default nonce period: 5 minutes.
pub const DEFAULT_NONCE_PERIOD: u64 = 300;

/// Separates these MACs from any other use of the same secret.
const LABEL: &[u8] = b"tokenward dpop nonce v1\0";

/// A secret and a period: issues and checks stateless nonces.
#[derive(Clone)]
pub struct ServerNonces {
    secret: Vec<u8>,
    period: u64,
}

impl core::fmt::Debug for ServerNonces {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never the secret.
        f.debug_struct("ServerNonces")
            .field("period", &self.period)
            .finish_non_exhaustive()
    }
}

impl PartialEq for ServerNonces {
    fn eq(&self, other: &Self) -> bool {
        self.period == other.period && bool::from(self.secret.ct_eq(&other.secret))
    }
}

impl Eq for ServerNonces {}

impl ServerNonces {
    /// Nonces under `secret` (at least [`MIN_SECRET_LENGTH`] bytes), one
    /// per `period` seconds (at least 1). `None` otherwise.
    pub fn new(secret: &[u8], period: u64) -> Option<ServerNonces> {
        (secret.len() >= MIN_SECRET_LENGTH && period > 0).then(|| ServerNonces {
            secret: secret.to_vec(),
            period,
        })
    }

    /// The nonce to send in `DPoP-Nonce` at `now` (Unix seconds).
    pub fn issue(&self, now: i64) -> String {
        base64url::encode(&self.mac(self.bucket(now)))
    }

    /// True when `nonce` is the nonce of the current or previous bucket.
    pub fn accepts(&self, nonce: &str, now: i64) -> bool {
        let Ok(given) = base64url::decode(nonce.as_bytes()) else {
            return false;
        };
        let bucket = self.bucket(now);
        let current = given.ct_eq(&self.mac(bucket));
        let previous = given.ct_eq(&self.mac(bucket.wrapping_sub(1)));
        bool::from(current | previous)
    }

    fn bucket(&self, now: i64) -> i64 {
        // `period` ≥ 1 and fits: a period beyond i64 is one bucket.
        now.div_euclid(i64::try_from(self.period).unwrap_or(i64::MAX))
    }

    fn mac(&self, bucket: i64) -> [u8; 32] {
        let mut mac = match Hmac::<Sha256>::new_from_slice(&self.secret) {
            Ok(mac) => mac,
            // HMAC takes a key of any length; kept total without a panic.
            Err(_) => return [0; 32],
        };
        mac.update(LABEL);
        mac.update(&bucket.to_be_bytes());
        mac.finalize().into_bytes().into()
    }
}

#[cfg(test)]
mod tests {
    use super::ServerNonces;

    const SECRET: [u8; 32] = [9; 32];

    #[test]
    fn current_and_previous_bucket_only() {
        let nonces = ServerNonces::new(&SECRET, 300).expect("valid");
        let issued = nonces.issue(1_000_000);
        assert!(nonces.accepts(&issued, 1_000_000));
        // 1_000_000 is in bucket 3333 (999_900..1_000_200).
        assert!(nonces.accepts(&issued, 1_000_199));
        assert!(nonces.accepts(&issued, 1_000_499));
        assert!(!nonces.accepts(&issued, 1_000_500));
        assert!(!nonces.accepts(&issued, 999_899));
    }

    #[test]
    fn other_secret_or_junk_refused() {
        let nonces = ServerNonces::new(&SECRET, 300).expect("valid");
        let other = ServerNonces::new(&[8; 32], 300).expect("valid");
        assert!(!nonces.accepts(&other.issue(0), 0));
        for junk in ["", "abc", "not base64!", "AAAA"] {
            assert!(!nonces.accepts(junk, 0), "{junk}");
        }
    }

    #[test]
    fn short_secrets_and_zero_period_refused() {
        assert!(ServerNonces::new(&[1; 31], 300).is_none());
        assert!(ServerNonces::new(&SECRET, 0).is_none());
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let nonces = ServerNonces::new(&SECRET, 300).expect("valid");
        assert!(!alloc::format!("{nonces:?}").contains('9'));
    }
}
