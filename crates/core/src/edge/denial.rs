//! Why the edge refused a request (or would have, under
//! `allow_missing_or_failed`): a verification [`ErrorCode`], or one of the
//! edge's own reasons. Adapters match on it; its string is the code in
//! metrics (`denied.<code>`), in logs and in the worker's decision.

use crate::error::ErrorCode;
use core::fmt;

/// The reason of a refusal, typed.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Denial {
    /// The token was refused by a verification rule (or no key set was
    /// available: [`ErrorCode::JwksUnavailable`]; or the revocation list is
    /// configured but unavailable: [`ErrorCode::RevocationUnavailable`]).
    Token(ErrorCode),
    /// No token was sent.
    Missing,
    /// The request carried more than one token (RFC 6750 §2), answered with
    /// 400 `invalid_request`.
    MultipleTokens,
    /// The request path cannot be made unambiguous (400 `invalid_request`).
    InvalidPath,
    /// The canonical request target is over `MAX_TARGET_BYTES` (414).
    PathTooLong,
}

impl Denial {
    /// The code's string: the token's [`ErrorCode::as_str`], or `missing`,
    /// `multiple_tokens`, `invalid_path`,
    /// `path_too_long`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Denial::Token(code) => code.as_str(),
            Denial::Missing => "missing",
            Denial::MultipleTokens => "multiple_tokens",
            Denial::InvalidPath => "invalid_path",
            Denial::PathTooLong => "path_too_long",
        }
    }
}

impl From<ErrorCode> for Denial {
    fn from(code: ErrorCode) -> Self {
        Denial::Token(code)
    }
}

impl fmt::Display for Denial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ERROR_CODES;

    #[test]
    fn edge_codes_never_collide_with_verification_codes() {
        let own = [
            Denial::Missing,
            Denial::MultipleTokens,
            Denial::InvalidPath,
            Denial::PathTooLong,
        ];
        for own in own {
            assert!(!ERROR_CODES.contains(&own.as_str()), "{own}");
        }
        for code in ErrorCode::ALL {
            assert_eq!(Denial::from(*code).as_str(), code.as_str());
        }
    }
}
