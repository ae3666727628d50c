//! The per-request decision: rule by path, token by provider, verification
//! with the cache and revocation, then headers to set or a refusal.

use super::config::{EdgeConfig, Requirement};
use super::extract::find_token;
use super::identity::identity_headers;
use super::request::Request;
use super::response::{self, DenyResponse};
use super::sources::{RevocationView, Sources};
use crate::cache::VerifiedCache;
use crate::error::Error;
use crate::verifier::VerifiedToken;
use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

/// What to do with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Forward it: remove `remove` (every identity header, whatever the
    /// client sent), then set `set`.
    Allow {
        /// Headers to set after the removals.
        set: Vec<(String, String)>,
        /// Header names to remove first.
        remove: Vec<String>,
    },
    /// Answer with this response instead.
    Deny(DenyResponse),
}

/// What happened, for metrics and logs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// The provider the outcome is counted under, if a rule required one.
    pub provider: Option<usize>,
    /// `None` when allowed; else the code (`expired`, `missing`, ...).
    pub denied: Option<&'static str>,
    /// Whether a verified token was allowed (a pass-through is not).
    pub allowed: bool,
    /// Verified-token cache hits and misses during this request.
    pub cache_hits: u32,
    /// See `cache_hits`.
    pub cache_misses: u32,
    /// A token named an unknown `kid` and a refetch is due: the adapter
    /// should drive the provider's machine now rather than at its next tick.
    pub refetch_due: bool,
}

/// The decision and its report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// What to do.
    pub verdict: Verdict,
    /// What happened.
    pub report: Report,
}

/// The edge: configuration plus one verified-token cache per provider.
#[derive(Debug)]
pub struct Gateway {
    config: EdgeConfig,
    caches: Vec<VerifiedCache<VerifiedToken>>,
}

/// Code reported when no token was sent.
pub const MISSING: &str = "missing";
/// Code reported when the revocation list is configured but unavailable.
pub const REVOCATION_UNAVAILABLE: &str = "revocation_unavailable";

impl Gateway {
    /// A gateway for a checked configuration.
    pub fn new(config: EdgeConfig) -> Gateway {
        let caches = config
            .providers
            .iter()
            .map(|_| VerifiedCache::new(config.cache_size))
            .collect();
        Gateway { config, caches }
    }

    /// The configuration.
    pub fn config(&self) -> &EdgeConfig {
        &self.config
    }

    /// Decides on `request` at `now_ms` (Unix milliseconds) with the
    /// documents in `sources` (mutable: an unknown `kid` asks for a refetch).
    pub fn decide(
        &mut self,
        request: &Request<'_>,
        sources: &mut Sources,
        now_ms: u64,
    ) -> Decision {
        let path = request.path_only();
        let rule = self
            .config
            .rules
            .iter()
            .find(|r| path.starts_with(&r.prefix));
        let (providers, allow_missing) = match rule.map(|r| &r.requirement) {
            Some(Requirement::Providers {
                providers,
                allow_missing,
            }) => (providers.clone(), *allow_missing),
            _ => return self.pass(Report::default()),
        };
        let mut report = Report {
            provider: providers.first().copied(),
            ..Report::default()
        };
        let mut first_error: Option<(usize, Error)> = None;
        let mut any_token = false;
        for index in providers {
            let Some(provider) = self.config.providers.get(index) else {
                continue;
            };
            let Some(found) = find_token(request, &provider.sources) else {
                continue;
            };
            any_token = true;
            let keys = match sources.keys(index, now_ms) {
                Ok(keys) => keys,
                Err(_) if self.config.fail_open_before_keys => {
                    report.provider = Some(index);
                    return self.pass(report);
                }
                Err(error) => {
                    report.provider = Some(index);
                    return deny(report, error.code(), response::unavailable(error.code()));
                }
            };
            let revocation = match sources.revocation(now_ms) {
                RevocationView::NotConfigured => None,
                RevocationView::List(list) => Some(list),
                RevocationView::Unavailable => {
                    let fail_open = self.config.revocation.as_ref().is_some_and(|r| r.fail_open);
                    if !fail_open {
                        report.provider = Some(index);
                        let body = response::unavailable(REVOCATION_UNAVAILABLE);
                        return deny(report, REVOCATION_UNAVAILABLE, body);
                    }
                    None
                }
            };
            let Some(cache) = self.caches.get_mut(index) else {
                continue;
            };
            let before = cache.counters();
            let (set, generation) = keys;
            let now_s = (now_ms / 1_000) as i64;
            let result = provider.verifier.verify_cached(
                found.token,
                set,
                generation,
                revocation,
                cache,
                now_s,
            );
            let after = cache.counters();
            report.cache_hits += after.hits.saturating_sub(before.hits) as u32;
            report.cache_misses += after.misses.saturating_sub(before.misses) as u32;
            match result {
                Ok(verified) => {
                    report.provider = Some(index);
                    report.allowed = true;
                    let set = identity_headers(provider, &verified);
                    let mut remove = self.config.identity_headers.clone();
                    if let (false, Some(header)) = (provider.forward, found.header) {
                        remove.push(header.to_ascii_lowercase());
                    }
                    return Decision {
                        verdict: Verdict::Allow { set, remove },
                        report,
                    };
                }
                Err(error) => {
                    if error == Error::UnknownKid && sources.on_unknown_kid(index, now_ms) {
                        report.refetch_due = true;
                    }
                    // With several providers, the issuer mismatch of the
                    // others is noise: report the most specific failure.
                    let replace = match &first_error {
                        None => true,
                        Some((_, old)) => *old == Error::BadIssuer && error != Error::BadIssuer,
                    };
                    if replace {
                        first_error = Some((index, error));
                    }
                }
            }
        }
        match first_error {
            Some((index, error)) => {
                report.provider = Some(index);
                let code = error.code();
                deny(
                    report,
                    code,
                    response::invalid_token(&self.config.realm, code),
                )
            }
            None if allow_missing && !any_token => self.pass(report),
            None => deny(report, MISSING, response::missing_token(&self.config.realm)),
        }
    }

    /// Forward without identity: only the strip list.
    fn pass(&self, report: Report) -> Decision {
        Decision {
            verdict: Verdict::Allow {
                set: Vec::new(),
                remove: self.config.identity_headers.to_owned(),
            },
            report,
        }
    }
}

fn deny(mut report: Report, code: &'static str, response: DenyResponse) -> Decision {
    report.denied = Some(code);
    Decision {
        verdict: Verdict::Deny(response),
        report,
    }
}
