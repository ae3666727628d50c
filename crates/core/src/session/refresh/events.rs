//! What the adapter reports to the planner, and what the planner asks for.

/// What the adapter learned from a token endpoint response (the tokens
/// themselves never enter the planner; only their times).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TokenResponse {
    /// `expires_in` of the response, in seconds (RFC 6749 §5.1).
    pub expires_in: Option<u64>,
    /// The access token's `exp` (Unix seconds), when it is a JWT.
    pub access_token_exp: Option<f64>,
    /// The access token's `iat` (Unix seconds), when it is a JWT.
    pub access_token_iat: Option<f64>,
    /// The token endpoint's `Date` header, in Unix milliseconds.
    pub server_date_ms: Option<u64>,
    /// The response carried a `refresh_token`. In a refresh response, `false`
    /// keeps the previous refresh token (RFC 6749 §6: rotation is optional).
    pub has_refresh_token: bool,
    /// Refresh-token lifetime in seconds when the provider states it
    /// (`refresh_expires_in`, `refresh_token_expires_in`).
    pub refresh_token_expires_in: Option<u64>,
}

/// Why a refresh failed, as the adapter classified the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FailureKind {
    /// No HTTP answer: offline, DNS, CORS, connection reset, timeout.
    Network,
    /// An HTTP status without a grant error the planner acts on; 408, 429
    /// and 5xx are retried, other statuses require re-authentication.
    Server {
        /// The HTTP status.
        status: u16,
    },
    /// `error=invalid_grant`: the refresh token is expired, revoked or
    /// already used. Tokens must be cleared.
    InvalidGrant,
    /// The provider said the refresh token was reused (reuse detection
    /// revoked the whole token family). Tokens must be cleared.
    RefreshTokenReused,
    /// `error=invalid_client` / `unauthorized_client`: the client itself is
    /// refused; retrying cannot help. Tokens must be cleared.
    InvalidClient,
}

/// A failed refresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failure {
    /// What went wrong.
    pub kind: FailureKind,
    /// The `Retry-After` header in seconds (delta-seconds), if any.
    pub retry_after_secs: Option<u64>,
}

impl Failure {
    /// A failure without `Retry-After`.
    pub fn new(kind: FailureKind) -> Self {
        Failure {
            kind,
            retry_after_secs: None,
        }
    }
}

/// Why the user has to sign in again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReauthReason {
    /// The token set has no refresh token and the refresh point came.
    NoRefreshToken,
    /// The provider answered `invalid_grant`.
    InvalidGrant,
    /// The provider detected refresh-token reuse.
    RefreshTokenReused,
    /// The provider refused the client.
    InvalidClient,
    /// The provider refused the refresh with a non-retryable status.
    RefreshRejected {
        /// The HTTP status.
        status: u16,
    },
    /// The refresh token's lifetime (stated or policy maximum) has passed.
    RefreshTokenExpired,
    /// `max_attempts` consecutive refreshes failed.
    AttemptsExhausted,
}

impl ReauthReason {
    /// A stable snake_case code for bindings and logs.
    pub fn code(self) -> &'static str {
        match self {
            ReauthReason::NoRefreshToken => "no_refresh_token",
            ReauthReason::InvalidGrant => "invalid_grant",
            ReauthReason::RefreshTokenReused => "refresh_token_reused",
            ReauthReason::InvalidClient => "invalid_client",
            ReauthReason::RefreshRejected { .. } => "refresh_rejected",
            ReauthReason::RefreshTokenExpired => "refresh_token_expired",
            ReauthReason::AttemptsExhausted => "attempts_exhausted",
        }
    }

    /// Whether the tokens must be discarded now. A dead grant (and with reuse
    /// detection, the whole token family) is revoked at the provider; the
    /// other reasons leave the access token usable until it expires.
    pub fn clears_tokens(self) -> bool {
        matches!(
            self,
            ReauthReason::InvalidGrant
                | ReauthReason::RefreshTokenReused
                | ReauthReason::InvalidClient
        )
    }
}

/// What the adapter must do now. Call `poll` until it returns `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Perform one refresh (`grant_type=refresh_token`), then report with
    /// `on_refresh_succeeded` or `on_refresh_failed`. `attempt` is 1 for the
    /// first try, 2 for the first retry, ...
    Refresh {
        /// Which try this is.
        attempt: u32,
    },
    /// The session cannot be refreshed: start a sign-in. When
    /// `clear_tokens`, discard every stored token first.
    Reauthenticate {
        /// Why.
        reason: ReauthReason,
        /// Tokens must be discarded now.
        clear_tokens: bool,
    },
    /// The access token expires soon and no refresh has landed (raised once
    /// per token set).
    Expiring {
        /// Local-clock expiry, Unix ms.
        expires_at_ms: u64,
    },
}

/// Where the planner is, named after what it waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlannerState {
    /// No token set: waiting for a sign-in (`on_tokens_received`).
    NoTokens,
    /// Tokens held: waiting for the planned refresh point.
    WaitingForRefreshPoint,
    /// A refresh was handed out: waiting for its answer.
    AwaitingRefresh,
    /// The last refresh failed: waiting out the retry delay.
    BackingOff,
    /// A refresh is due but the browser is offline: waiting for `on_online`.
    WaitingForNetwork,
    /// The session cannot be refreshed: waiting for a new sign-in.
    ReauthenticationRequired,
}

/// Where the clock-skew estimate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkewSource {
    /// Neither a `Date` header nor an `iat`: assumed zero.
    None,
    /// The token endpoint's `Date` header.
    DateHeader,
    /// The access token's `iat`.
    IssuedAt,
}

/// Where the expiry came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LifetimeSource {
    /// `expires_in`, counted from receipt on the local clock.
    ExpiresIn,
    /// The JWT `exp`, moved onto the local clock by the skew estimate.
    ExpClaim,
    /// Neither was given: `assumed_lifetime_ms`.
    Assumed,
}

/// The current token set's timeline on the local clock (Unix ms), for
/// displays such as the demo's picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeline {
    /// When the token set arrived.
    pub received_at_ms: u64,
    /// When the lifetime starts (`iat` moved to the local clock, or receipt).
    pub issued_at_ms: u64,
    /// The `refresh_fraction` point of the lifetime.
    pub fraction_point_ms: u64,
    /// `min_margin_ms` before expiry.
    pub margin_point_ms: u64,
    /// The planned refresh: the earlier point, floored, less jitter.
    pub refresh_at_ms: u64,
    /// The next retry, while backing off.
    pub retry_at_ms: Option<u64>,
    /// When the access token expires.
    pub expires_at_ms: u64,
    /// When the refresh token stops working, if known.
    pub refresh_token_expires_at_ms: Option<u64>,
    /// Estimated server clock minus local clock.
    pub skew_ms: i64,
    /// Where the skew estimate came from.
    pub skew_source: SkewSource,
    /// Where the expiry came from.
    pub lifetime_source: LifetimeSource,
}
