//! One VM's filter state, shared by its root and HTTP contexts: the core's
//! gateway and documents, the fetcher, and requests waiting for a refetch.

use crate::counters::{ProviderCounters, provider_counters};
use crate::fetch::Fetcher;
use crate::host::{Host, RequestHost};
use crate::introspector::{Introspector, Resolved};
use crate::shared_replay::SharedReplay;
use tokenward_core::ErrorCode;
use tokenward_core::edge::{
    CORS_PREFLIGHT_BYPASSED, ConfigError, Connection, Denial, EdgeConfig, Gateway, Metric, Report,
    Request, Sources, Verdict, metric_name,
};
use tokenward_core::remote::Ticket;

/// The denial of a missing key set.
const UNAVAILABLE: Denial = Denial::Token(ErrorCode::JwksUnavailable);
/// The denial of a token whose `kid` the key set lacks.
const UNKNOWN_KID: Denial = Denial::Token(ErrorCode::UnknownKid);

/// What the HTTP context does after handling its request headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Forward the request (headers already adjusted).
    Continue,
    /// A local response was sent (or the stream must stop).
    Stop,
    /// Hold the request: a refetch of its provider's keys will end soon.
    Wait,
}

/// A request paused until its provider's refetch ends (the core's ticket
/// says when).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiter {
    /// The HTTP context id.
    pub context_id: u32,
    /// The provider whose keys it waits for.
    pub provider: usize,
    /// The issuer entry of `provider` whose keys it waits for.
    pub issuer: usize,
    /// The core's permission to wait, and what releases it.
    pub ticket: Ticket,
}

/// The state of one VM.
#[derive(Debug)]
pub struct Filter {
    /// The core's edge rules.
    pub gateway: Gateway,
    /// Key sets and revocation list.
    pub sources: Sources,
    /// Their fetching.
    pub fetcher: Fetcher,
    /// Paused requests.
    pub waiters: Vec<Waiter>,
    /// Metric names per provider.
    counters: Vec<ProviderCounters>,
    /// Token introspection, once shared data is at hand (without it, a
    /// token due for introspection is refused 503).
    pub introspector: Option<Introspector>,
    /// A provider checks certificate-bound tokens: only then is the
    /// connection's certificate read.
    checks_certificates: bool,
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
        let fetcher =
            Fetcher::new(&config).map_err(|missing| StartError::MissingCluster(missing.0))?;
        if let Some(p) = config.providers.iter().find(|p| {
            p.introspection
                .as_ref()
                .is_some_and(|i| i.cluster.is_none())
        }) {
            return Err(StartError::MissingCluster(format!(
                "providers.{}.introspection",
                p.name
            )));
        }
        let checks_certificates = config
            .providers
            .iter()
            .any(|provider| provider.certificate_bound_tokens.is_some());
        Ok(Filter {
            checks_certificates,
            sources: Sources::new(&config),
            counters: provider_counters(&config),
            gateway: Gateway::new(config),
            fetcher,
            waiters: Vec::new(),
            introspector: None,
        })
    }

    /// Introspects tokens through the host's shared data, so one call per
    /// token serves every worker thread.
    pub fn share_introspection(&mut self, host: std::rc::Rc<dyn Host>) {
        self.introspector = Some(Introspector::new(self.gateway.config(), host));
    }

    /// Records accepted DPoP proofs in the host's shared data, so a proof
    /// replayed to another worker thread is refused too.
    pub fn share_dpop_replay(&mut self, host: std::rc::Rc<dyn Host>) {
        let ledger = SharedReplay::new(self.gateway.config(), host);
        self.gateway.set_replay_ledger(Box::new(ledger));
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
        let connection = Connection {
            client_certificate: self
                .checks_certificates
                .then(|| request.client_certificate())
                .flatten(),
        };
        let now = host.now_ms();
        let mut decision =
            self.gateway
                .decide_with_connection(&view, &connection, &mut self.sources, now);
        let waitable = |denial| matches!(denial, Some(UNAVAILABLE | UNKNOWN_KID));
        let denied = decision.report.denial;
        // An unknown kid in this VM's cooldown or backoff is refused at
        // once: the shared state cannot change that (it only moves the
        // cooldown later), so it is not read for each request of a flood.
        let may_refetch = decision.report.refetch_due;
        if matches!(
            denied,
            Some(UNAVAILABLE | Denial::Token(ErrorCode::RevocationUnavailable))
        ) || (may_wait && may_refetch && denied == Some(UNKNOWN_KID))
        {
            // Another thread may have fetched, or be fetching, since this
            // VM's last tick: learn of it before deciding to wait.
            self.fetcher.adopt(host, &mut self.sources);
            decision =
                self.gateway
                    .decide_with_connection(&view, &connection, &mut self.sources, now);
        }
        if let Some(due) = decision.introspect.take()
            && let Some(introspector) = self.introspector.as_mut()
        {
            match introspector.resolve(host, &mut self.gateway, &due, now, may_wait) {
                Resolved::Recorded => decision = self.gateway.decide(&view, &mut self.sources, now),
                Resolved::Wait(deadline) => {
                    introspector.hold(context_id, due, deadline);
                    return Next::Wait;
                }
                Resolved::Refuse => {}
            }
        }
        let report = decision.report;
        if may_wait
            && waitable(report.denial)
            && let Some(provider) = report.provider
            && let Some(issuer) = report.issuer
            && let Some(ticket) = self.park(provider, issuer, now)
        {
            self.waiters.push(Waiter {
                context_id,
                provider,
                issuer,
                ticket,
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

    /// Whether a request may wait for its provider's refetch: the core
    /// decides (only when a fetch will end soon, and within the cap of
    /// waiting requests per issuer entry and worker thread).
    fn park(&mut self, provider: usize, issuer: usize, now: u64) -> Option<Ticket> {
        let parked = self
            .waiters
            .iter()
            .filter(|w| w.provider == provider && w.issuer == issuer)
            .count();
        self.sources
            .jwks_mut(provider, issuer)?
            .park(now, parked)
            .ok()
    }

    /// Waiters whose refetch ended or whose deadline passed, removed from
    /// the list: the root decides them again, without waiting.
    pub fn ready_waiters(&mut self, now_ms: u64) -> Vec<u32> {
        let mut ready = Vec::new();
        let sources = &mut self.sources;
        self.waiters.retain(|w| {
            let done = sources
                .jwks_mut(w.provider, w.issuer)
                .is_none_or(|m| m.released(&w.ticket, now_ms));
            if done {
                ready.push(w.context_id);
            }
            !done
        });
        if let Some(introspector) = self.introspector.as_mut() {
            ready.extend(introspector.ready(now_ms));
        }
        ready
    }

    /// Forgets a request that ended while waiting.
    pub fn forget(&mut self, context_id: u32) {
        self.waiters.retain(|w| w.context_id != context_id);
        if let Some(introspector) = self.introspector.as_mut() {
            introspector.forget(context_id);
        }
    }

    fn count(&self, host: &dyn Host, report: &Report) {
        if report.cors_preflight_bypassed {
            host.count(CORS_PREFLIGHT_BYPASSED, 1);
        }
        let (Some(index), Some(counters)) = (
            report.provider,
            report.provider.and_then(|i| self.counters.get(i)),
        ) else {
            return;
        };
        if report.allowed {
            host.count(&counters.allowed, 1);
        }
        if let Some(denial) = report.denial {
            host.count(&counters.denied, 1);
            // Formatted per refusal: refusals are not the hot path.
            if let Some(provider) = self.gateway.config().providers.get(index) {
                host.count(
                    &metric_name(&provider.name, Metric::DeniedWith(denial.as_str())),
                    1,
                );
            }
        }
        if report.cache_hits > 0 {
            host.count(&counters.cache_hit, report.cache_hits.into());
        }
        if report.cache_misses > 0 {
            host.count(&counters.cache_miss, report.cache_misses.into());
        }
    }
}
