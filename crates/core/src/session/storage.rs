//! Where a token may live in a browser application, and why.
//!
//! [`decide_storage`] answers from two reviewable tables in
//! `storage/table.rs`: the first matching row of `LOCATION_RULES` gives the
//! location, then every matching row of `NOTE_RULES` adds a reason or a
//! warning with a stable code and the text it follows — the IETF "OAuth 2.0
//! for Browser-Based Applications" BCP (draft-ietf-oauth-browser-based-apps,
//! cited by section name), RFC 9700 (OAuth 2.0 Security BCP) and OWASP.
//! In short: a backend-for-frontend is preferred; tokens the browser must
//! hold live in memory (a worker's for refresh tokens); refresh tokens only
//! with rotation or sender-constraint; Web Storage only when the caller asks
//! for persistence, localStorage only on an explicit opt-in, both warned (a
//! refresh token only when DPoP-bound, `dpop_bound_refresh_token_persisted`:
//! useless without the non-extractable key, or on the opt-in); never a
//! cookie scripts can read, never a URL.
//!
//! ```
//! use tokenward_core::session::storage::*;
//!
//! let decision = decide_storage(&StorageQuestion {
//!     token_kind: TokenKind::RefreshToken,
//!     rotation: true,
//!     environment: Environment::WebWorker,
//!     ..StorageQuestion::default()
//! });
//! assert_eq!(decision.location, Location::WorkerMemory);
//! assert!(decision.reasons.iter().any(|r| r.code == "refresh_token_rotated"));
//! ```

mod table;

use alloc::vec::Vec;
use table::{Facts, LOCATION_RULES, NOTE_RULES, Severity};

pub use crate::TokenKind;
pub use table::STORAGE_CODES;

/// How the application talks OAuth (the BCP's architecture patterns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Architecture {
    /// The JavaScript application is the OAuth client and holds every token.
    #[default]
    BrowserOnly,
    /// A backend is the client, keeps all tokens, and proxies API calls; the
    /// browser holds only an HttpOnly session cookie.
    BackendForFrontend,
    /// A backend obtains the tokens, keeps the refresh token, and hands
    /// access tokens to the JavaScript application.
    TokenMediatingBackend,
}

/// Where the code holding the token runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Environment {
    /// The page's main thread (a window).
    #[default]
    Browser,
    /// A dedicated or shared Web Worker.
    WebWorker,
    /// A service worker.
    ServiceWorker,
}

/// Where the token may live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A JavaScript variable in the page (a closure, not a global).
    Memory,
    /// A variable inside a (web or service) worker, never handed to the page.
    WorkerMemory,
    /// `sessionStorage`: survives reloads, one tab, readable by scripts.
    SessionStorage,
    /// `localStorage`: persistent, every tab, readable by scripts.
    LocalStorage,
    /// Kept by a backend; the browser holds an HttpOnly session cookie.
    HttpOnlyCookie,
    /// Do not keep this token in the browser at all.
    None,
}

impl Location {
    /// The stable string for bindings: `memory`, `worker-memory`,
    /// `session-storage`, `local-storage`, `http-only-cookie`, `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Memory => "memory",
            Location::WorkerMemory => "worker-memory",
            Location::SessionStorage => "session-storage",
            Location::LocalStorage => "local-storage",
            Location::HttpOnlyCookie => "http-only-cookie",
            Location::None => "none",
        }
    }
}

/// What the caller knows about the token and the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StorageQuestion {
    /// Which token.
    pub token_kind: TokenKind,
    /// The application's OAuth architecture.
    pub architecture: Architecture,
    /// The token's lifetime in seconds, when known.
    pub lifetime_secs: Option<u64>,
    /// The provider rotates refresh tokens (with reuse detection).
    pub rotation: bool,
    /// Tokens are sender-constrained (DPoP, RFC 9449, non-extractable key).
    pub sender_constrained: bool,
    /// The application wants the token to survive a page reload.
    pub persist_across_reload: bool,
    /// Explicit opt-in to `localStorage` for persistence (warned).
    pub allow_local_storage: bool,
    /// Where the code holding the token runs.
    pub environment: Environment,
}

/// Why the decision is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    /// Stable snake_case code, one of [`STORAGE_CODES`].
    pub code: &'static str,
    /// For humans.
    pub message: &'static str,
    /// The guidance followed (document and section name).
    pub source: &'static str,
}

/// A risk the caller accepts with this decision, or should act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Warning {
    /// Stable snake_case code, one of [`STORAGE_CODES`].
    pub code: &'static str,
    /// For humans.
    pub message: &'static str,
    /// The guidance followed (document and section name).
    pub source: &'static str,
}

/// The answer: a location, with reasons and warnings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageDecision {
    /// Where the token may live.
    pub location: Location,
    /// Why, in table order.
    pub reasons: Vec<Reason>,
    /// Risks, in table order.
    pub warnings: Vec<Warning>,
}

/// Decides where a token may live; see the [module docs](self).
pub fn decide_storage(question: &StorageQuestion) -> StorageDecision {
    let mut facts = Facts::from(question);
    let location = LOCATION_RULES
        .iter()
        .find(|(when, _)| when.matches(&facts))
        .map_or(Location::None, |(_, location)| *location);
    facts.location = Some(location);
    let mut decision = StorageDecision {
        location,
        reasons: Vec::new(),
        warnings: Vec::new(),
    };
    for (when, note) in NOTE_RULES {
        if !when.matches(&facts) {
            continue;
        }
        match note.severity {
            Severity::Reason => decision.reasons.push(Reason {
                code: note.code,
                message: note.message,
                source: note.source,
            }),
            Severity::Warning => decision.warnings.push(Warning {
                code: note.code,
                message: note.message,
                source: note.source,
            }),
        }
    }
    decision
}
