//! Which kind of token: one enum for every module that asks (the lint, the
//! storage advisor), so "access token" means the same thing everywhere.

/// An OAuth / OpenID Connect token's kind.
///
/// Where the kind may be unknown (the lint, when neither the caller nor the
/// token says), the field is an `Option<TokenKind>`: `None` is "could not
/// tell", never a variant of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TokenKind {
    /// An OAuth 2.0 access token: sent to APIs, logged by proxies; should be
    /// lean, typed `at+jwt` (RFC 9068), revocable by `jti`.
    #[default]
    AccessToken,
    /// An OAuth 2.0 refresh token: sent only to the token endpoint.
    RefreshToken,
    /// An OpenID Connect ID token: who signed in, for the client only; may
    /// carry profile claims.
    IdToken,
}

impl TokenKind {
    /// `"access_token"`, `"refresh_token"` or `"id_token"` (the OAuth
    /// `token_type_hint` spelling).
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::AccessToken => "access_token",
            TokenKind::RefreshToken => "refresh_token",
            TokenKind::IdToken => "id_token",
        }
    }
}
