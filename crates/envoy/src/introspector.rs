//! Token introspection for one VM: answers from the shared record, the
//! call when this thread wins the claim, and requests held until an
//! answer arrives (from this thread's call or another's).

use crate::host::{CallResponse, Host, OutgoingPost};
use crate::shared_introspection::{Record, Shared, SharedIntrospection};
use std::collections::BTreeMap;
use std::rc::Rc;
use tokenward_core::edge::{EdgeConfig, Gateway, IntrospectionDue};
use tokenward_core::introspection::{EndpointAnswer, MAX_RESPONSE_BYTES};

/// Added to the call's timeout for a marker's deadline: the answer has to
/// be written after the call ends.
const MARKER_MARGIN_MS: u64 = 1_000;

/// What became of a due introspection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    /// A verdict is in the gateway now: decide again.
    Recorded,
    /// A call (this thread's or another's) answers before this deadline.
    Wait(u64),
    /// Nothing to do: the request is refused as decided (503).
    Refuse,
}

/// A request held for an introspection answer.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Waiter {
    context_id: u32,
    provider: usize,
    token: String,
    deadline_ms: u64,
}

/// The VM's introspection state.
#[derive(Debug)]
pub struct Introspector {
    shared: SharedIntrospection,
    /// This thread's calls by call token: provider and token.
    calls: BTreeMap<u32, (usize, String)>,
    waiters: Vec<Waiter>,
}

impl Introspector {
    /// The introspector of `config` over `host`'s shared data.
    pub fn new(config: &EdgeConfig, host: Rc<dyn Host>) -> Introspector {
        Introspector {
            shared: SharedIntrospection::new(config, host),
            calls: BTreeMap::new(),
            waiters: Vec::new(),
        }
    }

    /// Brings `due`'s verdict into `gateway`: from the shared record, or by
    /// calling the endpoint when this thread wins the claim (`may_call`).
    pub fn resolve(
        &mut self,
        host: &dyn Host,
        gateway: &mut Gateway,
        due: &IntrospectionDue,
        now_ms: u64,
        may_call: bool,
    ) -> Resolved {
        let (provider, token) = (due.provider, due.token.as_str());
        for _ in 0..2 {
            match self.shared.look(provider, token, now_ms) {
                Shared::Answer(record) => {
                    gateway.record_introspection(
                        provider,
                        token,
                        answer(&record),
                        record.fetched_ms,
                    );
                    return Resolved::Recorded;
                }
                Shared::InFlight { until_ms } if may_call => return Resolved::Wait(until_ms),
                Shared::InFlight { .. } => return Resolved::Refuse,
                Shared::Absent if !may_call => return Resolved::Refuse,
                Shared::Absent => {}
            }
            let Some(settings) = gateway
                .config()
                .providers
                .get(provider)
                .and_then(|p| p.introspection.as_ref())
            else {
                return Resolved::Refuse;
            };
            let deadline = now_ms + settings.timeout_ms + MARKER_MARGIN_MS;
            if !self.shared.claim(provider, token, now_ms, deadline) {
                continue; // another thread was first: read what it wrote
            }
            let (cluster, timeout_ms) = (settings.cluster.clone(), settings.timeout_ms);
            let call =
                gateway
                    .introspection_request(due)
                    .zip(cluster)
                    .and_then(|(request, cluster)| {
                        host.http_post(&OutgoingPost {
                            cluster: &cluster,
                            authority: &request.endpoint.authority,
                            path: &request.endpoint.path,
                            headers: &request.headers,
                            body: request.body.as_bytes(),
                            timeout_ms,
                        })
                    });
            return match call {
                Some(id) => {
                    self.calls.insert(id, (provider, token.to_owned()));
                    Resolved::Wait(deadline)
                }
                None => {
                    host.warn(&format!(
                        "tokenward: introspection for provider {} could not be sent (no endpoint, or Envoy refused the call); refusing with introspection_unavailable",
                        provider_name(gateway, provider)
                    ));
                    let failed = CallResponse::default();
                    self.record(host, gateway, provider, token, &failed, now_ms);
                    Resolved::Recorded
                }
            };
        }
        Resolved::Refuse
    }

    /// Holds request `context_id` for `due` until `deadline_ms`.
    pub fn hold(&mut self, context_id: u32, due: IntrospectionDue, deadline_ms: u64) {
        self.waiters.push(Waiter {
            context_id,
            provider: due.provider,
            token: due.token,
            deadline_ms,
        });
    }

    /// Whether call `token_id` is one of this thread's introspections.
    pub fn owns(&self, token_id: u32) -> bool {
        self.calls.contains_key(&token_id)
    }

    /// The body cap of an answer: one byte more than accepted, so a larger
    /// one is seen and refused.
    pub fn body_limit() -> usize {
        MAX_RESPONSE_BYTES + 1
    }

    /// Records the answer to call `token_id`, for this thread's gateway
    /// and in shared data for the others.
    pub fn on_response(
        &mut self,
        host: &dyn Host,
        gateway: &mut Gateway,
        token_id: u32,
        response: &CallResponse,
    ) {
        let Some((provider, token)) = self.calls.remove(&token_id) else {
            return;
        };
        if response.status != Some(200) {
            // The status only: the request and its credentials stay out of logs.
            let status = response
                .status
                .map_or_else(|| "no answer".to_owned(), |s| format!("status {s}"));
            host.warn(&format!(
                "tokenward: introspection for provider {} failed ({status}); refusing with introspection_unavailable",
                provider_name(gateway, provider)
            ));
        }
        self.record(host, gateway, provider, &token, response, host.now_ms());
    }

    fn record(
        &self,
        host: &dyn Host,
        gateway: &mut Gateway,
        provider: usize,
        token: &str,
        response: &CallResponse,
        fetched_ms: u64,
    ) {
        let record = Record {
            fetched_ms,
            status: response.status,
            body: response.body.clone(),
        };
        let until = gateway.record_introspection(provider, token, answer(&record), fetched_ms);
        if !self.shared.store(provider, token, until, record) {
            host.warn("tokenward: introspection answer not shared (shared data busy)");
        }
    }

    /// Held requests whose answer arrived or whose deadline passed,
    /// removed from the list: the root decides them again, without holding.
    pub fn ready(&mut self, now_ms: u64) -> Vec<u32> {
        let shared = &self.shared;
        let mut ready = Vec::new();
        self.waiters.retain(|w| {
            let done = now_ms >= w.deadline_ms
                || !matches!(
                    shared.look(w.provider, &w.token, now_ms),
                    Shared::InFlight { .. }
                );
            if done {
                ready.push(w.context_id);
            }
            !done
        });
        ready
    }

    /// Forgets a request that ended while held.
    pub fn forget(&mut self, context_id: u32) {
        self.waiters.retain(|w| w.context_id != context_id);
    }
}

fn answer(record: &Record) -> EndpointAnswer<'_> {
    match record.status {
        Some(status) => EndpointAnswer::Response {
            status,
            body: &record.body,
        },
        None => EndpointAnswer::Failed,
    }
}

fn provider_name(gateway: &Gateway, provider: usize) -> &str {
    gateway
        .config()
        .providers
        .get(provider)
        .map_or("?", |p| p.name.as_str())
}
