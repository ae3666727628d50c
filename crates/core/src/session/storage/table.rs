//! The storage decision tables. Reviewing a rule means reading one row.
//!
//! Sources: "BCP: `<section>`" is a section (by name, as numbers moved between
//! drafts) of the IETF "OAuth 2.0 for Browser-Based Applications" BCP
//! (draft-ietf-oauth-browser-based-apps); RFC 9700 is the OAuth 2.0
//! Security BCP; OWASP cheat sheets by name.

use super::{Architecture, Environment, Location, StorageQuestion, TokenKind};

/// Access tokens living longer than this are warned about (seconds).
const LONG_ACCESS_TOKEN_SECS: u64 = 3_600;
/// Refresh tokens living longer than this are warned about (seconds).
const LONG_REFRESH_TOKEN_SECS: u64 = 86_400;

/// What the tables look at, derived from the question.
#[derive(Debug, Clone, Copy)]
pub(super) struct Facts {
    kind: TokenKind,
    arch: Architecture,
    env: Environment,
    /// Runs in a worker (no Web Storage there).
    worker: bool,
    persist: bool,
    opt_in: bool,
    rotation: bool,
    dpop: bool,
    /// Rotation or sender-constraint: what a refresh token needs.
    protected: bool,
    long_lived: bool,
    /// Set once the location is decided, for the note rules.
    pub(super) location: Option<Location>,
}

impl From<&StorageQuestion> for Facts {
    fn from(q: &StorageQuestion) -> Self {
        let long_lived = match (q.token_kind, q.lifetime_secs) {
            (TokenKind::AccessToken, Some(s)) => s > LONG_ACCESS_TOKEN_SECS,
            (RefreshToken, Some(s)) => s > LONG_REFRESH_TOKEN_SECS,
            _ => false,
        };
        Facts {
            kind: q.token_kind,
            arch: q.architecture,
            env: q.environment,
            worker: q.environment != Environment::Browser,
            persist: q.persist_across_reload,
            opt_in: q.allow_local_storage,
            rotation: q.rotation,
            dpop: q.sender_constrained,
            protected: q.rotation || q.sender_constrained,
            long_lived,
            location: None,
        }
    }
}

/// A row's condition: every `Some` field must equal the fact.
#[derive(Debug, Clone, Copy)]
pub(super) struct When {
    kind: Option<TokenKind>,
    arch: Option<Architecture>,
    env: Option<Environment>,
    worker: Option<bool>,
    persist: Option<bool>,
    opt_in: Option<bool>,
    rotation: Option<bool>,
    dpop: Option<bool>,
    protected: Option<bool>,
    long_lived: Option<bool>,
    location: Option<Location>,
}

const ANY: When = When {
    kind: None,
    arch: None,
    env: None,
    worker: None,
    persist: None,
    opt_in: None,
    rotation: None,
    dpop: None,
    protected: None,
    long_lived: None,
    location: None,
};

fn fits<T: PartialEq>(want: Option<T>, have: T) -> bool {
    want.is_none_or(|w| w == have)
}

impl When {
    pub(super) fn matches(&self, f: &Facts) -> bool {
        fits(self.kind, f.kind)
            && fits(self.arch, f.arch)
            && fits(self.env, f.env)
            && fits(self.worker, f.worker)
            && fits(self.persist, f.persist)
            && fits(self.opt_in, f.opt_in)
            && fits(self.rotation, f.rotation)
            && fits(self.dpop, f.dpop)
            && fits(self.protected, f.protected)
            && fits(self.long_lived, f.long_lived)
            && self.location.is_none_or(|l| f.location == Some(l))
    }
}

use Architecture::{BackendForFrontend as Bff, BrowserOnly, TokenMediatingBackend as Tmb};
use Location::{HttpOnlyCookie, LocalStorage, Memory, SessionStorage, WorkerMemory};
use TokenKind::{IdToken, RefreshToken};

/// First match wins. The last row matches everything.
#[rustfmt::skip]
pub(super) const LOCATION_RULES: &[(When, Location)] = &[
    // A BFF keeps every token; the browser has a session cookie. The ID
    // token is validated by the BFF and not needed in the browser.
    (When { arch: Some(Bff), kind: Some(IdToken), ..ANY }, Location::None),
    (When { arch: Some(Bff), ..ANY }, HttpOnlyCookie),
    // A token-mediating backend keeps the refresh token.
    (When { arch: Some(Tmb), kind: Some(RefreshToken), ..ANY }, HttpOnlyCookie),
    // A refresh token without rotation or sender-constraint is not kept.
    (When { kind: Some(RefreshToken), protected: Some(false), ..ANY }, Location::None),
    // Persistence in localStorage only on explicit opt-in (Web Storage
    // exists only on the page).
    (When { persist: Some(true), opt_in: Some(true), worker: Some(false), ..ANY }, LocalStorage),
    // In a worker: the worker's memory.
    (When { worker: Some(true), ..ANY }, WorkerMemory),
    // A DPoP-bound refresh token is useless without the non-extractable
    // private key, so it may survive a reload (tab-scoped without opt-in).
    (When { kind: Some(RefreshToken), dpop: Some(true), persist: Some(true), ..ANY }, SessionStorage),
    // A refresh token is never put in Web Storage without the opt-in.
    (When { kind: Some(RefreshToken), ..ANY }, Memory),
    // Short-lived, tab-scoped persistence for access and ID tokens.
    (When { persist: Some(true), ..ANY }, SessionStorage),
    (ANY, Memory),
];

/// Whether a note explains the decision or warns about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Severity {
    Reason,
    Warning,
}

/// One reason or warning.
#[derive(Debug, Clone, Copy)]
pub(super) struct Note {
    pub(super) code: &'static str,
    pub(super) severity: Severity,
    pub(super) message: &'static str,
    pub(super) source: &'static str,
}

macro_rules! note {
    ($code:literal, $severity:ident, $message:literal, $source:expr) => {
        Note {
            code: $code,
            severity: Severity::$severity,
            message: $message,
            source: $source,
        }
    };
}

/// Every matching row adds its note, in this order.
#[rustfmt::skip]
pub(super) const NOTE_RULES: &[(When, Note)] = &[
    (ANY, note!("never_url_or_script_cookie", Reason,
        "Tokens never go in a URL (history, logs, Referer) nor in a cookie scripts can read.",
        "RFC 6750 §5.3; OWASP JSON Web Token Cheat Sheet, Token Storage on Client Side")),
    (When { arch: Some(Bff), ..ANY }, note!("bff_keeps_tokens", Reason,
        "The backend-for-frontend is the OAuth client and keeps the tokens; the browser holds only an HttpOnly, Secure, SameSite session cookie (add CSRF defences).",
        "BCP: Backend For Frontend (BFF); OWASP Session Management Cheat Sheet")),
    (When { arch: Some(Bff), kind: Some(IdToken), ..ANY }, note!("bff_validates_id_token", Reason,
        "The backend validates the ID token; the page needs only the user's claims, from a backend endpoint.",
        "BCP: Backend For Frontend (BFF)")),
    (When { arch: Some(Tmb), kind: Some(RefreshToken), ..ANY }, note!("backend_keeps_refresh_token", Reason,
        "The token-mediating backend keeps the refresh token behind an HttpOnly cookie; the page only receives access tokens.",
        "BCP: Token-Mediating Backend")),
    (When { arch: Some(BrowserOnly), ..ANY }, note!("bff_preferred", Reason,
        "The BCP prefers a backend-for-frontend: any token in the browser can be stolen or abused by injected scripts.",
        "BCP: Application Architecture Patterns")),
    (When { arch: Some(Tmb), ..ANY }, note!("bff_preferred", Reason,
        "The BCP prefers a backend-for-frontend: any token in the browser can be stolen or abused by injected scripts.",
        "BCP: Application Architecture Patterns")),
    (When { kind: Some(RefreshToken), location: Some(Location::None), ..ANY }, note!("refresh_token_unprotected", Warning,
        "Without rotation or sender-constraint a stolen refresh token keeps working: do not keep it (discard it and sign in again, silently if possible), or turn on rotation or DPoP at the provider.",
        "BCP: Refresh Tokens; RFC 9700 §4.14.2 Refresh Token Protection")),
    (When { kind: Some(RefreshToken), rotation: Some(true), ..ANY }, note!("refresh_token_rotated", Reason,
        "Rotation with reuse detection: each refresh token works once, and a stolen one is detected when either party uses it again.",
        "RFC 9700 §4.14.2 Refresh Token Protection; BCP: Refresh Tokens")),
    (When { dpop: Some(true), ..ANY }, note!("sender_constrained", Reason,
        "DPoP binds the token to a key: a copy alone is useless, as long as the private key is non-extractable.",
        "RFC 9449; BCP: Sender-Constrained Tokens")),
    (When { kind: Some(RefreshToken), dpop: Some(true), location: Some(SessionStorage), ..ANY }, note!("dpop_bound_refresh_token_persisted", Reason,
        "A DPoP-bound refresh token may be kept across reloads: the provider accepts it only with a proof signed by the client's key, which is non-extractable (WebCrypto, kept in IndexedDB), so a copy read by a script is useless elsewhere.",
        "BCP: Sender-Constrained Tokens; BCP: Persistent Token Storage; RFC 9449 §5")),
    (When { kind: Some(RefreshToken), dpop: Some(true), location: Some(LocalStorage), ..ANY }, note!("dpop_bound_refresh_token_persisted", Reason,
        "A DPoP-bound refresh token may be kept across reloads: the provider accepts it only with a proof signed by the client's key, which is non-extractable (WebCrypto, kept in IndexedDB), so a copy read by a script is useless elsewhere.",
        "BCP: Sender-Constrained Tokens; BCP: Persistent Token Storage; RFC 9449 §5")),
    (When { kind: Some(IdToken), ..ANY }, note!("id_token_not_for_apis", Reason,
        "An ID token tells the client who signed in; never send it to an API as an access token.",
        "OpenID Connect Core 1.0 §2")),
    (When { location: Some(Memory), ..ANY }, note!("in_memory", Reason,
        "Kept in a variable (a closure, not a global): gone on reload, and not in any storage an injected script can read later.",
        "BCP: In-Memory Token Storage")),
    (When { location: Some(WorkerMemory), ..ANY }, note!("worker_memory", Reason,
        "Kept inside the worker, which makes the token requests itself and never hands a refresh token to the page.",
        "BCP: Token Storage in a Web Worker")),
    (When { location: Some(Memory), kind: Some(RefreshToken), ..ANY }, note!("refresh_token_in_page", Warning,
        "A refresh token in the page's memory is reachable by injected scripts; prefer a worker that owns it.",
        "BCP: Token Storage in a Web Worker; BCP: Acquisition and Extraction of New Tokens")),
    (When { env: Some(Environment::ServiceWorker), location: Some(WorkerMemory), ..ANY }, note!("service_worker_restarts", Warning,
        "Browsers stop idle service workers and their memory is lost: be ready to refresh or sign in again.",
        "BCP: Token Storage in a Service Worker")),
    (When { location: Some(SessionStorage), ..ANY }, note!("session_storage_readable", Warning,
        "sessionStorage survives reloads but any script on the origin can read it; it is limited to the tab and cleared when the tab closes.",
        "BCP: Persistent Token Storage; OWASP HTML5 Security Cheat Sheet, Local Storage")),
    (When { location: Some(LocalStorage), ..ANY }, note!("local_storage_opt_in", Warning,
        "localStorage was explicitly allowed: it persists after the tab closes and any script on the origin can read it, so a single injection steals the token.",
        "BCP: Persistent Token Storage; OWASP HTML5 Security Cheat Sheet, Local Storage")),
    (When { persist: Some(true), location: Some(Memory), ..ANY }, note!("persistence_declined", Warning,
        "Not kept across reloads: after a reload, obtain tokens again (silent sign-in or the worker/backend).",
        "BCP: In-Memory Token Storage")),
    (When { persist: Some(true), location: Some(WorkerMemory), ..ANY }, note!("persistence_declined", Warning,
        "Not kept across reloads: after a reload, obtain tokens again (silent sign-in or the worker/backend).",
        "BCP: In-Memory Token Storage")),
    (When { kind: Some(TokenKind::AccessToken), long_lived: Some(true), ..ANY }, note!("long_lived_access_token", Warning,
        "Access tokens in a browser should live minutes, not hours: a stolen one works until it expires.",
        "BCP: Single-Execution Token Theft; RFC 9700 §4.10")),
    (When { kind: Some(RefreshToken), long_lived: Some(true), ..ANY }, note!("long_lived_refresh_token", Warning,
        "A browser refresh token should have a bounded lifetime (ask the provider for a maximum session length).",
        "BCP: Refresh Tokens; RFC 9700 §4.14.2")),
];

/// Every stable code a decision can carry.
pub const STORAGE_CODES: &[&str] = &[
    "never_url_or_script_cookie",
    "bff_keeps_tokens",
    "bff_validates_id_token",
    "backend_keeps_refresh_token",
    "bff_preferred",
    "refresh_token_unprotected",
    "refresh_token_rotated",
    "sender_constrained",
    "dpop_bound_refresh_token_persisted",
    "id_token_not_for_apis",
    "in_memory",
    "worker_memory",
    "refresh_token_in_page",
    "service_worker_restarts",
    "session_storage_readable",
    "local_storage_opt_in",
    "persistence_declined",
    "long_lived_access_token",
    "long_lived_refresh_token",
];
