//! Which logout-token rule failed: the `reason` of `logout_token_invalid`.

use core::fmt;

/// A rule of OpenID Connect Back-Channel Logout 1.0 §2.6 that a logout
/// token broke (beyond the verifier's own rules, which keep their codes).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoutRule {
    /// `events` is missing, not an object, or lacks the back-channel
    /// logout member with an object value.
    Events,
    /// The token carries a `nonce`, which a logout token never does.
    Nonce,
    /// Neither `sid` nor `sub` names what ended (or one is empty).
    SidOrSub,
    /// `iat` is later than now plus the clock tolerance.
    IatInFuture,
    /// `jti` is an empty string.
    EmptyJti,
}

impl LogoutRule {
    /// The stable reason string (`err.reason` in JS).
    pub fn reason(self) -> &'static str {
        match self {
            LogoutRule::Events => "events",
            LogoutRule::Nonce => "nonce_present",
            LogoutRule::SidOrSub => "no_sid_or_sub",
            LogoutRule::IatInFuture => "iat_in_future",
            LogoutRule::EmptyJti => "empty_jti",
        }
    }

    /// The claim the rule is about (`err.claim` in JS).
    pub fn claim(self) -> &'static str {
        match self {
            LogoutRule::Events => "events",
            LogoutRule::Nonce => "nonce",
            LogoutRule::SidOrSub => "sid",
            LogoutRule::IatInFuture => "iat",
            LogoutRule::EmptyJti => "jti",
        }
    }
}

impl fmt::Display for LogoutRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LogoutRule::Events => {
                "events must be an object with the back-channel logout event as an object member"
            }
            LogoutRule::Nonce => "a logout token must not carry a nonce",
            LogoutRule::SidOrSub => "sid or sub must name the session or user logged out",
            LogoutRule::IatInFuture => "iat is in the future",
            LogoutRule::EmptyJti => "jti must not be empty",
        })
    }
}
