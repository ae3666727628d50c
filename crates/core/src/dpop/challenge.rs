//! Which `WWW-Authenticate: DPoP` challenge a refusal maps to (RFC 9449
//! §7.1, §12.2), for adapters that answer HTTP requests.

use crate::error::Error;
use alloc::string::String;

/// The challenge for a refused request under DPoP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DpopChallenge<'e> {
    /// `error="invalid_dpop_proof"`: the proof is wrong (every
    /// `invalid_dpop_proof` problem, a replayed proof, a full replay cache).
    InvalidDpopProof,
    /// `error="use_dpop_nonce"`, with the nonce to send in `DPoP-Nonce`.
    UseDpopNonce {
        /// The fresh server nonce.
        nonce: &'e str,
    },
    /// `error="invalid_token"`: the token itself, or its binding, is the
    /// problem (a bound token without a proof, a proof by another key, a
    /// proof with an unbound token, and every token refusal).
    InvalidToken,
}

impl<'e> DpopChallenge<'e> {
    /// The challenge for `error`.
    pub fn of(error: &'e Error) -> DpopChallenge<'e> {
        match error {
            Error::InvalidDpopProof(_) | Error::DpopReplay | Error::DpopReplayCacheFull => {
                DpopChallenge::InvalidDpopProof
            }
            Error::UseDpopNonce { nonce } => DpopChallenge::UseDpopNonce { nonce },
            _ => DpopChallenge::InvalidToken,
        }
    }

    /// The `error` parameter of the challenge.
    pub fn error(&self) -> &'static str {
        match self {
            DpopChallenge::InvalidDpopProof => "invalid_dpop_proof",
            DpopChallenge::UseDpopNonce { .. } => "use_dpop_nonce",
            DpopChallenge::InvalidToken => "invalid_token",
        }
    }

    /// The `DPoP-Nonce` response header's value, when there is one.
    pub fn nonce(&self) -> Option<&'e str> {
        match self {
            DpopChallenge::UseDpopNonce { nonce } => Some(nonce),
            _ => None,
        }
    }

    /// `DPoP error="…", algs="ES256 EdDSA"`: the `WWW-Authenticate` value
    /// (RFC 9449 §7.1), `algs` the space-separated DPoP allowlist.
    pub fn www_authenticate(&self, algs: &str) -> String {
        let mut value = String::from("DPoP error=\"");
        value.push_str(self.error());
        value.push_str("\", algs=\"");
        value.push_str(algs);
        value.push('"');
        value
    }
}

#[cfg(test)]
mod tests {
    use super::DpopChallenge;
    use crate::dpop::DpopProblem;
    use crate::error::Error;

    #[test]
    fn each_dpop_code_has_its_challenge() {
        let nonce = Error::UseDpopNonce { nonce: "n".into() };
        let cases = [
            (
                Error::InvalidDpopProof(DpopProblem::Htu),
                "invalid_dpop_proof",
            ),
            (Error::DpopReplay, "invalid_dpop_proof"),
            (Error::DpopReplayCacheFull, "invalid_dpop_proof"),
            (nonce.clone(), "use_dpop_nonce"),
            (Error::DpopProofRequired, "invalid_token"),
            (Error::DpopKeyMismatch, "invalid_token"),
            (Error::DpopTokenUnbound, "invalid_token"),
            (Error::Expired, "invalid_token"),
        ];
        for (error, challenge) in cases {
            assert_eq!(DpopChallenge::of(&error).error(), challenge, "{error:?}");
        }
        assert_eq!(DpopChallenge::of(&nonce).nonce(), Some("n"));
        assert_eq!(
            DpopChallenge::of(&nonce).www_authenticate("ES256"),
            r#"DPoP error="use_dpop_nonce", algs="ES256""#
        );
    }
}
