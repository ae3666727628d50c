//! One VM's filter state, shared by its root and HTTP contexts: the core's
//! gateway and documents, the refresher, and requests waiting for a refetch.

use crate::host::{Host, RequestHost};
use crate::refresh::Refresher;
use tokenward_core::edge::{
    ConfigError, EdgeConfig, Gateway, Metric, REVOCATION_UNAVAILABLE, Report, Request, Sources,
    Verdict, metric_name,
};
use tokenward_core::remote::RefreshState;

/// The code of a missing key set.
const UNAVAILABLE: &str = "jwks_unavailable";

/// Longest a request waits for a cooldown to end before its refetch.
const MAX_COOLDOWN_WAIT_MS: u64 = 5_000;

/// What the HTTP context does after handling its request headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Forward the request (headers already adjusted).
    Continue,
    /// A local response was sent (or the stream must stop).
    Stop,
    /// Hold the request: a refetch for an unknown `kid` is due.
    Wait,
}

/// A request paused until its provider's keys change or the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiter {
    /// The HTTP context id.
    pub context_id: u32,
    /// The provider whose keys it waits for.
    pub provider: usize,
    /// That provider's key generation when it started waiting.
    pub generation: u64,
    /// When to give up and answer with the current keys.
    pub deadline_ms: u64,
}

/// The state of one VM.
#[derive(Debug)]
pub struct Filter {
    /// The core's edge rules.
    pub gateway: Gateway,
    /// Key sets and revocation list.
    pub sources: Sources,
    /// Their fetching.
    pub refresher: Refresher,
    /// Paused requests.
    pub waiters: Vec<Waiter>,
    /// Providers with an unknown-`kid` refetch to ask for once the
    /// cooldown allows it.
    pub pending_refetch: Vec<usize>,
}

/// A configuration that cannot start the filter.
#[derive(Debug)]
pub enum StartError {
    /// The edge configuration is invalid.
    Config(ConfigError),
    /// A remote source lacks its Envoy cluster.
    MissingCluster(String),
}

impl core::fmt::Display for StartError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            StartError::Config(error) => error.fmt(f),
            StartError::MissingCluster(owner) => {
                write!(f, "{owner}: a remote source needs \"cluster\" in Envoy")
            }
        }
    }
}

impl Filter {
    /// Builds the filter from the plugin configuration bytes.
    ///
    /// # Errors
    /// [`StartError`] with a message for the log.
    pub fn from_json(json: &[u8]) -> Result<Filter, StartError> {
        let config = EdgeConfig::from_json(json).map_err(StartError::Config)?;
        let refresher =
            Refresher::new(&config).map_err(|missing| StartError::MissingCluster(missing.0))?;
        Ok(Filter {
            sources: Sources::new(&config),
            gateway: Gateway::new(config),
            refresher,
            waiters: Vec::new(),
            pending_refetch: Vec::new(),
        })
    }

    /// Handles the request headers of the effective HTTP context.
    /// `may_wait` is false once a request has already waited.
    pub fn handle(
        &mut self,
        host: &dyn Host,
        request: &dyn RequestHost,
        context_id: u32,
        may_wait: bool,
    ) -> Next {
        let Some(headers) = request.request_headers() else {
            host.warn("tokenward: cannot read request headers; refusing");
            request.respond(500, &[], b"");
            return Next::Stop;
        };
        let pairs: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let find = |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map_or("", |(_, v)| *v)
        };
        let view = Request {
            method: find(":method"),
            path: find(":path"),
            headers: &pairs,
        };
        let now = host.now_ms();
        let mut decision = self.gateway.decide(&view, &mut self.sources, now);
        if matches!(
            decision.report.denied,
            Some(UNAVAILABLE | REVOCATION_UNAVAILABLE)
        ) {
            // Another thread may have fetched since this VM's last tick.
            self.refresher.adopt(host, &mut self.sources);
            decision = self.gateway.decide(&view, &mut self.sources, now);
        }
        let report = decision.report;
        let deadline = match (may_wait, report.denied, report.provider) {
            (true, Some("unknown_kid"), Some(provider)) => self
                .wait_for_refetch(provider, report.refetch_due, now)
                .map(|deadline| (provider, deadline)),
            (true, Some(UNAVAILABLE), Some(provider)) => self
                .wait_for_first_keys(provider, now)
                .map(|deadline| (provider, deadline)),
            _ => None,
        };
        if let Some((provider, deadline_ms)) = deadline {
            let generation = self
                .sources
                .jwks_mut(provider)
                .map_or(0, |m| m.generation());
            self.waiters.push(Waiter {
                context_id,
                provider,
                generation,
                deadline_ms,
            });
            return Next::Wait;
        }
        self.count(host, &report);
        match decision.verdict {
            Verdict::Allow { set, remove } => {
                // One host call per header the client actually sent.
                let sent = |name: &String| pairs.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
                let stripped = remove
                    .iter()
                    .filter(|name| sent(name))
                    .all(|name| request.remove_header(name));
                // `set` may hold `:path` (the token's query parameter taken
                // out) and `cookie` (the token's cookie taken out).
                let added = set.iter().all(|(n, v)| request.set_header(n, v));
                if stripped && added {
                    Next::Continue
                } else {
                    // Never forward a request whose identity headers we
                    // could not control.
                    host.warn("tokenward: cannot rewrite identity headers; refusing");
                    request.respond(500, &[], b"");
                    Next::Stop
                }
            }
            Verdict::Deny(response) => {
                request.respond(response.status, &response.headers, response.body.as_bytes());
                Next::Stop
            }
        }
    }

    /// Whether a request with an unknown `kid` should wait for a refetch,
    /// and until when. A refetch is due, or will be once the cooldown ends
    /// (then it is remembered in `pending_refetch`); not during a backoff,
    /// where waiting cannot help.
    fn wait_for_refetch(&mut self, provider: usize, due: bool, now: u64) -> Option<u64> {
        let machine = self.sources.jwks_mut(provider)?;
        let policy = *machine.policy();
        if !due {
            if machine.state(now) == RefreshState::BackingOff {
                return None;
            }
            if !self.pending_refetch.contains(&provider) {
                self.pending_refetch.push(provider);
            }
        }
        // A long cooldown is not worth holding a request for.
        let wait = policy.cooldown_ms.min(MAX_COOLDOWN_WAIT_MS) + policy.timeout_ms + 1_000;
        Some(now.saturating_add(wait))
    }

    /// Whether a request that came before the first key set should wait
    /// for the fetch in progress, and until when (not after a failure).
    fn wait_for_first_keys(&mut self, provider: usize, now: u64) -> Option<u64> {
        let machine = self.sources.jwks_mut(provider)?;
        let first = machine.generation() == 0 && machine.state(now) != RefreshState::BackingOff;
        first.then(|| now.saturating_add(machine.policy().timeout_ms + 1_000))
    }

    /// Asks for the refetches that waited for their cooldown. Call on
    /// every tick, before the refresher's.
    pub fn request_pending_refetches(&mut self, now_ms: u64) {
        let sources = &mut self.sources;
        self.pending_refetch.retain(|&provider| {
            let Some(machine) = sources.jwks_mut(provider) else {
                return false;
            };
            if machine.state(now_ms) == RefreshState::BackingOff {
                return false;
            }
            !machine.on_unknown_kid(now_ms)
        });
    }

    /// Waiters whose keys changed or whose deadline passed, removed from
    /// the list: the root resumes them.
    pub fn ready_waiters(&mut self, now_ms: u64) -> Vec<u32> {
        let mut ready = Vec::new();
        let sources = &mut self.sources;
        self.waiters.retain(|w| {
            let generation = sources.jwks_mut(w.provider).map_or(0, |m| m.generation());
            let done = generation != w.generation || now_ms >= w.deadline_ms;
            if done {
                ready.push(w.context_id);
            }
            !done
        });
        ready
    }

    /// Forgets a request that ended while waiting.
    pub fn forget(&mut self, context_id: u32) {
        self.waiters.retain(|w| w.context_id != context_id);
    }

    fn count(&self, host: &dyn Host, report: &Report) {
        let Some(provider) = report
            .provider
            .and_then(|i| self.gateway.config().providers.get(i))
        else {
            return;
        };
        let name = provider.name.as_str();
        if report.allowed {
            host.count(&metric_name(name, Metric::Allowed), 1);
        }
        if let Some(code) = report.denied {
            host.count(&metric_name(name, Metric::Denied(code)), 1);
        }
        if report.cache_hits > 0 {
            host.count(
                &metric_name(name, Metric::CacheHit),
                report.cache_hits.into(),
            );
        }
        if report.cache_misses > 0 {
            host.count(
                &metric_name(name, Metric::CacheMiss),
                report.cache_misses.into(),
            );
        }
    }
}
