//! The storage decision table: one row per combination class, then
//! invariants over every combination of the question's fields.

use tokenward_core::session::storage::{
    Architecture, Environment, Location, STORAGE_CODES, StorageDecision, StorageQuestion,
    TokenKind, decide_storage,
};

use Architecture::{BackendForFrontend as Bff, BrowserOnly, TokenMediatingBackend as Tmb};
use Environment::{Browser, ServiceWorker, WebWorker};
use Location::{HttpOnlyCookie, LocalStorage, Memory, SessionStorage, WorkerMemory};

/// `Location::None`, named apart from `Option::None`.
const NOWHERE: Location = Location::None;
use TokenKind::{AccessToken, IdToken, RefreshToken};

/// A compact question: kind, architecture, environment, and flags as a
/// string of letters: `r` rotation, `d` DPoP, `p` persist, `o` opt in to
/// localStorage. `lifetime_secs` separately.
fn q(
    kind: TokenKind,
    arch: Architecture,
    env: Environment,
    flags: &str,
    lifetime: Option<u64>,
) -> StorageQuestion {
    StorageQuestion {
        token_kind: kind,
        architecture: arch,
        environment: env,
        rotation: flags.contains('r'),
        sender_constrained: flags.contains('d'),
        persist_across_reload: flags.contains('p'),
        allow_local_storage: flags.contains('o'),
        lifetime_secs: lifetime,
    }
}

fn codes(d: &StorageDecision) -> (Vec<&'static str>, Vec<&'static str>) {
    (
        d.reasons.iter().map(|r| r.code).collect(),
        d.warnings.iter().map(|w| w.code).collect(),
    )
}

type Row = (
    TokenKind,
    Architecture,
    Environment,
    &'static str,
    Option<u64>,
    Location,
    &'static [&'static str], // reasons (exactly, in order)
    &'static [&'static str], // warnings (exactly, in order)
);

const ALWAYS: &str = "never_url_or_script_cookie";

#[rustfmt::skip]
const TABLE: &[Row] = &[
    // Backend-for-frontend: tokens stay on the backend.
    (AccessToken, Bff, Browser, "", None, HttpOnlyCookie, &[ALWAYS, "bff_keeps_tokens"], &[]),
    (RefreshToken, Bff, Browser, "", None, HttpOnlyCookie, &[ALWAYS, "bff_keeps_tokens"], &[]),
    (RefreshToken, Bff, WebWorker, "po", None, HttpOnlyCookie, &[ALWAYS, "bff_keeps_tokens"], &[]),
    (IdToken, Bff, Browser, "p", None, NOWHERE, &[ALWAYS, "bff_keeps_tokens", "bff_validates_id_token", "id_token_not_for_apis"], &[]),
    // Token-mediating backend: refresh token on the backend, access token in memory.
    (RefreshToken, Tmb, Browser, "", None, HttpOnlyCookie, &[ALWAYS, "backend_keeps_refresh_token", "bff_preferred"], &[]),
    (AccessToken, Tmb, Browser, "", Some(300), Memory, &[ALWAYS, "bff_preferred", "in_memory"], &[]),
    (AccessToken, Tmb, WebWorker, "", None, WorkerMemory, &[ALWAYS, "bff_preferred", "worker_memory"], &[]),
    // Browser-only access tokens.
    (AccessToken, BrowserOnly, Browser, "", Some(300), Memory, &[ALWAYS, "bff_preferred", "in_memory"], &[]),
    (AccessToken, BrowserOnly, Browser, "d", None, Memory, &[ALWAYS, "bff_preferred", "sender_constrained", "in_memory"], &[]),
    (AccessToken, BrowserOnly, Browser, "", Some(86_400), Memory, &[ALWAYS, "bff_preferred", "in_memory"], &["long_lived_access_token"]),
    (AccessToken, BrowserOnly, Browser, "p", None, SessionStorage, &[ALWAYS, "bff_preferred"], &["session_storage_readable"]),
    (AccessToken, BrowserOnly, Browser, "po", None, LocalStorage, &[ALWAYS, "bff_preferred"], &["local_storage_opt_in"]),
    // Opt-in without asking for persistence changes nothing.
    (AccessToken, BrowserOnly, Browser, "o", None, Memory, &[ALWAYS, "bff_preferred", "in_memory"], &[]),
    (AccessToken, BrowserOnly, WebWorker, "", None, WorkerMemory, &[ALWAYS, "bff_preferred", "worker_memory"], &[]),
    (AccessToken, BrowserOnly, WebWorker, "po", None, WorkerMemory, &[ALWAYS, "bff_preferred", "worker_memory"], &["persistence_declined"]),
    (AccessToken, BrowserOnly, ServiceWorker, "", None, WorkerMemory, &[ALWAYS, "bff_preferred", "worker_memory"], &["service_worker_restarts"]),
    // Browser-only refresh tokens: only with rotation or DPoP.
    (RefreshToken, BrowserOnly, Browser, "", None, NOWHERE, &[ALWAYS, "bff_preferred"], &["refresh_token_unprotected"]),
    (RefreshToken, BrowserOnly, WebWorker, "po", None, NOWHERE, &[ALWAYS, "bff_preferred"], &["refresh_token_unprotected"]),
    (RefreshToken, BrowserOnly, Browser, "r", None, Memory, &[ALWAYS, "bff_preferred", "refresh_token_rotated", "in_memory"], &["refresh_token_in_page"]),
    (RefreshToken, BrowserOnly, Browser, "d", None, Memory, &[ALWAYS, "bff_preferred", "sender_constrained", "in_memory"], &["refresh_token_in_page"]),
    (RefreshToken, BrowserOnly, WebWorker, "r", Some(86_400), WorkerMemory, &[ALWAYS, "bff_preferred", "refresh_token_rotated", "worker_memory"], &[]),
    (RefreshToken, BrowserOnly, WebWorker, "rd", Some(2_592_000), WorkerMemory, &[ALWAYS, "bff_preferred", "refresh_token_rotated", "sender_constrained", "worker_memory"], &["long_lived_refresh_token"]),
    (RefreshToken, BrowserOnly, ServiceWorker, "r", None, WorkerMemory, &[ALWAYS, "bff_preferred", "refresh_token_rotated", "worker_memory"], &["service_worker_restarts"]),
    // Persisting a refresh token: never Web Storage without the opt-in.
    (RefreshToken, BrowserOnly, Browser, "rp", None, Memory, &[ALWAYS, "bff_preferred", "refresh_token_rotated", "in_memory"], &["refresh_token_in_page", "persistence_declined"]),
    (RefreshToken, BrowserOnly, Browser, "rpo", None, LocalStorage, &[ALWAYS, "bff_preferred", "refresh_token_rotated"], &["local_storage_opt_in"]),
    (RefreshToken, BrowserOnly, WebWorker, "rpo", None, WorkerMemory, &[ALWAYS, "bff_preferred", "refresh_token_rotated", "worker_memory"], &["persistence_declined"]),
    // A DPoP-bound refresh token may be persisted: useless without the key.
    (RefreshToken, BrowserOnly, Browser, "rdp", None, SessionStorage, &[ALWAYS, "bff_preferred", "refresh_token_rotated", "sender_constrained", "dpop_bound_refresh_token_persisted"], &["session_storage_readable"]),
    (RefreshToken, BrowserOnly, Browser, "dpo", None, LocalStorage, &[ALWAYS, "bff_preferred", "sender_constrained", "dpop_bound_refresh_token_persisted"], &["local_storage_opt_in"]),
    (RefreshToken, BrowserOnly, WebWorker, "dp", None, WorkerMemory, &[ALWAYS, "bff_preferred", "sender_constrained", "worker_memory"], &["persistence_declined"]),
    // ID tokens.
    (IdToken, BrowserOnly, Browser, "", None, Memory, &[ALWAYS, "bff_preferred", "id_token_not_for_apis", "in_memory"], &[]),
    (IdToken, BrowserOnly, Browser, "p", None, SessionStorage, &[ALWAYS, "bff_preferred", "id_token_not_for_apis"], &["session_storage_readable"]),
    (IdToken, Tmb, WebWorker, "", None, WorkerMemory, &[ALWAYS, "bff_preferred", "id_token_not_for_apis", "worker_memory"], &[]),
];

#[test]
fn decision_table() {
    for (row, &(kind, arch, env, flags, lifetime, location, reasons, warnings)) in
        TABLE.iter().enumerate()
    {
        let decision = decide_storage(&q(kind, arch, env, flags, lifetime));
        let at = format!("row {row}: {kind:?} {arch:?} {env:?} {flags:?} {lifetime:?}");
        assert_eq!(decision.location, location, "{at}");
        assert_eq!(
            codes(&decision),
            (reasons.to_vec(), warnings.to_vec()),
            "{at}"
        );
    }
}

/// Every question the fields allow.
fn every_question() -> Vec<StorageQuestion> {
    let mut all = Vec::new();
    for kind in [AccessToken, RefreshToken, IdToken] {
        for arch in [BrowserOnly, Bff, Tmb] {
            for env in [Browser, WebWorker, ServiceWorker] {
                for bits in 0u8..16 {
                    for lifetime in [None, Some(60), Some(7_200), Some(604_800)] {
                        all.push(StorageQuestion {
                            token_kind: kind,
                            architecture: arch,
                            environment: env,
                            rotation: bits & 1 != 0,
                            sender_constrained: bits & 2 != 0,
                            persist_across_reload: bits & 4 != 0,
                            allow_local_storage: bits & 8 != 0,
                            lifetime_secs: lifetime,
                        });
                    }
                }
            }
        }
    }
    all
}

#[test]
fn invariants_over_every_combination() {
    let questions = every_question();
    assert_eq!(questions.len(), 3 * 3 * 3 * 16 * 4);
    for question in &questions {
        let d = decide_storage(question);
        let at = format!("{question:?} -> {d:?}");
        let (reasons, warnings) = codes(&d);
        let web_storage = matches!(d.location, SessionStorage | LocalStorage);
        // Stable, known, unique codes; the URL/cookie rule always stated.
        for code in reasons.iter().chain(&warnings) {
            assert!(STORAGE_CODES.contains(code), "{at}");
        }
        let mut all: Vec<_> = reasons.iter().chain(&warnings).collect();
        all.sort();
        all.dedup();
        assert_eq!(
            all.len(),
            reasons.len() + warnings.len(),
            "duplicate code: {at}"
        );
        assert_eq!(reasons.first(), Some(&ALWAYS), "{at}");
        for note in d
            .reasons
            .iter()
            .map(|r| (r.message, r.source))
            .chain(d.warnings.iter().map(|w| (w.message, w.source)))
        {
            assert!(!note.0.is_empty() && !note.1.is_empty(), "{at}");
        }
        // localStorage only on the explicit opt-in, always warned.
        if d.location == LocalStorage {
            assert!(
                question.allow_local_storage && question.persist_across_reload,
                "{at}"
            );
            assert!(warnings.contains(&"local_storage_opt_in"), "{at}");
        }
        // Web Storage only when persistence was asked for, on the page, warned.
        if web_storage {
            assert!(question.persist_across_reload, "{at}");
            assert_eq!(question.environment, Browser, "{at}");
            assert!(!warnings.is_empty(), "{at}");
        }
        // A refresh token in the browser needs rotation or sender-constraint.
        if question.token_kind == RefreshToken && question.architecture == BrowserOnly {
            let protected = question.rotation || question.sender_constrained;
            assert_eq!(d.location == NOWHERE, !protected, "{at}");
            // Web Storage only for a DPoP-bound one, or on the opt-in.
            if web_storage {
                assert!(
                    question.sender_constrained || d.location == LocalStorage,
                    "refresh token in sessionStorage: {at}"
                );
            }
            if web_storage && question.sender_constrained {
                assert!(
                    reasons.contains(&"dpop_bound_refresh_token_persisted"),
                    "{at}"
                );
            }
        }
        // A backend-for-frontend never leaves tokens in the page.
        if question.architecture == Bff {
            assert!(
                matches!(d.location, HttpOnlyCookie | Location::None),
                "{at}"
            );
        }
        // A token-mediating backend keeps the refresh token.
        if question.architecture == Tmb && question.token_kind == RefreshToken {
            assert_eq!(d.location, HttpOnlyCookie, "{at}");
        }
        // In a worker there is no Web Storage.
        if question.environment != Browser && question.architecture != Bff {
            assert!(!web_storage, "{at}");
        }
        // Asking for persistence and not getting it is said.
        if question.persist_across_reload && matches!(d.location, Memory | WorkerMemory) {
            assert!(warnings.contains(&"persistence_declined"), "{at}");
        }
    }
}

#[test]
fn location_strings_are_stable() {
    let cases = [
        (Memory, "memory"),
        (WorkerMemory, "worker-memory"),
        (SessionStorage, "session-storage"),
        (LocalStorage, "local-storage"),
        (HttpOnlyCookie, "http-only-cookie"),
        (NOWHERE, "none"),
    ];
    for (location, text) in cases {
        assert_eq!(location.as_str(), text);
    }
}
