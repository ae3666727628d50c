//! Drives the core's fetch machines from `on_tick` for every remote
//! document (one key set per remote issuer entry of each provider, the
//! revocation list), with
//! one fetch per host: the lease picks the fetching thread, shared data
//! carries the result (the machine's own snapshot) to the other threads.
//! An issuer entry configured by `discovery` has two slots: its issuer's
//! metadata document, then the key set at the `jwks_uri` it names, whose
//! URL follows the document.

use crate::host::{CallResponse, Host, OutgoingGet};
use crate::lease::Lease;
use crate::machine::Machine;
use tokenward_core::edge::{EdgeConfig, KeySource, Metric, RemoteSource, Sources, metric_name};
use tokenward_core::fetch_url::check_fetch_url;
use tokenward_core::remote::Outcome;

/// Which machine of [`Sources`] a slot drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The key set of issuer entry `.1` of provider `.0`.
    Jwks(usize, usize),
    /// The metadata document of issuer entry `.1` of provider `.0` (keys
    /// by `discovery`).
    Discovery(usize, usize),
    /// The revocation list.
    Revocation,
}

/// One remote document and its fetch bookkeeping in this VM.
#[derive(Debug)]
struct Slot {
    target: Target,
    /// Metrics prefix: the provider name or `revocation`.
    name: String,
    remote: RemoteSource,
    cluster: String,
    snapshot_key: String,
    lease_key: String,
    /// The shared snapshot last imported or written, to skip re-parsing it.
    last_seen: Vec<u8>,
    /// The call in flight from this VM: host token and machine fetch id.
    in_flight: Option<(u32, u64, u64)>,
    /// A discovered key set: `remote`'s URL is the `jwks_uri` of the
    /// provider's metadata document, and nothing is fetched before one.
    follows_discovery: bool,
}

/// All remote documents of one configuration.
#[derive(Debug, Default)]
pub struct Fetcher {
    slots: Vec<Slot>,
}

/// A remote source without an Envoy cluster cannot be fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingCluster(pub String);

fn machine(sources: &mut Sources, target: Target) -> Option<&mut dyn Machine> {
    match target {
        Target::Jwks(index, issuer) => sources
            .jwks_mut(index, issuer)
            .map(|m| m as &mut dyn Machine),
        Target::Discovery(index, issuer) => sources
            .discovery_mut(index, issuer)
            .map(|m| m as &mut dyn Machine),
        Target::Revocation => sources.revocation_mut().map(|m| m as &mut dyn Machine),
    }
}

/// Points a discovered key set's slot at the `jwks_uri` its provider
/// follows now; `false` while there is none (no document accepted yet).
fn follow(slot: &mut Slot, sources: &Sources) -> bool {
    let Target::Jwks(index, issuer) = slot.target else {
        return true;
    };
    if !slot.follows_discovery {
        return true;
    }
    let Some(uri) = sources.discovered(index, issuer).and_then(|d| d.jwks_uri()) else {
        return false;
    };
    if uri != slot.remote.uri {
        // The core checked it when it accepted the document.
        let Ok(url) = check_fetch_url(uri, true) else {
            return false;
        };
        slot.remote.authority = url.authority.to_owned();
        slot.remote.path = url.path;
        slot.remote.uri = uri.to_owned();
    }
    true
}

impl Fetcher {
    /// Slots for every remote source of `config`.
    ///
    /// # Errors
    /// The owner of a remote source without `cluster`.
    pub fn new(config: &EdgeConfig) -> Result<Fetcher, MissingCluster> {
        let mut slots = Vec::new();
        let mut add = |target,
                       name: String,
                       remote: RemoteSource,
                       cluster: Option<String>,
                       key_suffix: &str| {
            let cluster = cluster.ok_or_else(|| MissingCluster(name.clone()))?;
            // Keyed by what is fetched, so equal sources share one fetch.
            let key = format!("tokenward/{cluster}/{}{key_suffix}", remote.uri);
            slots.push(Slot {
                target,
                name,
                remote,
                cluster,
                snapshot_key: format!("{key}/snapshot"),
                lease_key: format!("{key}/lease"),
                last_seen: Vec::new(),
                in_flight: None,
                follows_discovery: !key_suffix.is_empty(),
            });
            Ok(())
        };
        // Metrics stay per provider: every entry counts under its name.
        for (index, p) in config.providers.iter().enumerate() {
            for (issuer, entry) in p.issuers.iter().enumerate() {
                match &entry.keys {
                    KeySource::Remote(remote) => {
                        add(
                            Target::Jwks(index, issuer),
                            p.name.clone(),
                            remote.clone(),
                            remote.cluster.clone(),
                            "",
                        )?;
                    }
                    KeySource::Discovered(source) => {
                        let document = source.document.clone();
                        let cluster = document.cluster.clone();
                        add(
                            Target::Discovery(index, issuer),
                            format!("{}.discovery", p.name),
                            document,
                            cluster,
                            "",
                        )?;
                        // Keyed by the metadata document: the key set's URL may move.
                        let keys = RemoteSource {
                            policy: source.jwks_policy,
                            cluster: source.jwks_cluster.clone(),
                            ..source.document.clone()
                        };
                        add(
                            Target::Jwks(index, issuer),
                            p.name.clone(),
                            keys,
                            source.jwks_cluster.clone(),
                            "#jwks",
                        )?;
                    }
                    KeySource::Inline(_) => {}
                }
            }
        }
        if let Some(r) = &config.revocation {
            add(
                Target::Revocation,
                "revocation".to_owned(),
                r.remote.clone(),
                r.remote.cluster.clone(),
                "",
            )?;
        }
        Ok(Fetcher { slots })
    }

    /// Adopts documents other threads fetched, then starts the fetches that
    /// are due and that no other thread is running. Call on every tick.
    pub fn tick(&mut self, host: &dyn Host, sources: &mut Sources) {
        let now = host.now_ms();
        for slot in &mut self.slots {
            let Some(shared) = machine(sources, slot.target) else {
                continue;
            };
            sync(slot, host, shared, now);
            sources.follow_discovery(now);
            if !follow(slot, sources) {
                continue; // no metadata document yet: no key set URL
            }
            let Some(machine) = machine(sources, slot.target) else {
                continue;
            };
            if let Some((_, _, started)) = slot.in_flight {
                // Envoy answers every call (at worst with its timeout); this
                // only guards against a lost callback.
                if now < started.saturating_add(slot.remote.policy.timeout_ms + 5_000) {
                    continue;
                }
                slot.in_flight = None;
                // The machine abandoned the fetch at its timeout (or does
                // so on the next poll): still a failed fetch.
                fetch_failed(slot, host, "no answer from Envoy");
                let until = machine.next_wakeup();
                end_lease(slot, host, now, until);
            }
            start_fetch(slot, host, machine, now);
        }
    }

    /// Imports what other threads fetched and learns of their fetches
    /// (cooldown, in flight, ended), without starting fetches: for a
    /// request that found no usable key before this VM's next tick.
    pub fn adopt(&mut self, host: &dyn Host, sources: &mut Sources) {
        let now = host.now_ms();
        for slot in &mut self.slots {
            if let Some(machine) = machine(sources, slot.target) {
                sync(slot, host, machine, now);
            }
        }
        sources.follow_discovery(now);
    }

    /// Whether `token` is one of this fetcher's calls.
    pub fn owns(&self, token: u32) -> bool {
        self.slots
            .iter()
            .any(|s| s.in_flight.is_some_and(|(t, _, _)| t == token))
    }

    /// The largest body worth reading for call `token` (cap + 1 so an
    /// oversized body is still seen as oversized).
    pub fn body_limit(&self, token: u32) -> usize {
        self.slots
            .iter()
            .find(|s| s.in_flight.is_some_and(|(t, _, _)| t == token))
            .map_or(0, |s| s.remote.policy.max_body_bytes.saturating_add(1))
    }

    /// Feeds the answer to call `token` to its machine, publishes a new
    /// document to the other threads and releases (or extends) the lease.
    pub fn on_response(
        &mut self,
        host: &dyn Host,
        sources: &mut Sources,
        token: u32,
        response: &CallResponse,
    ) {
        let now = host.now_ms();
        let Some(slot) = self
            .slots
            .iter_mut()
            .find(|s| s.in_flight.is_some_and(|(t, _, _)| t == token))
        else {
            return;
        };
        let Some((_, id, started)) = slot.in_flight.take() else {
            return;
        };
        let Some(machine) = machine(sources, slot.target) else {
            return;
        };
        let headers: Vec<(&str, &str)> = response
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let outcome = match response.status {
            Some(status) => machine.on_response(now, id, status, &headers, &response.body),
            None => machine.on_failure(now, id),
        };
        match outcome {
            Outcome::Updated | Outcome::Unchanged => {
                host.count(&metric_name(&slot.name, Metric::JwksFetchSuccess), 1);
                // Snapshot first, then the lease's end: a thread that sees
                // the end reads the new snapshot too.
                if let Some(snapshot) = machine.export() {
                    publish(slot, host, snapshot.into_bytes());
                }
                end_lease(slot, host, now, 0);
                // A new metadata document may move the key set's URL.
                sources.follow_discovery(now);
            }
            Outcome::Failed(error) => {
                fetch_failed(slot, host, &format!("{} ({error})", error.code()));
                // The other threads wait for our backoff rather than retry at once.
                end_lease(slot, host, now, machine.next_wakeup());
            }
            // The answer to the fetch this VM has in flight is ignored only
            // when the machine already abandoned that fetch at `timeout_ms`
            // (the fetch failed inside the machine, which backs off). Envoy's
            // own timeout for the call is the same `timeout_ms`, so its 504
            // (or a real answer just as late) lands here rather than as
            // `Failed`: it is a failed fetch all the same.
            Outcome::Ignored => {
                fetch_failed(
                    slot,
                    host,
                    &format!(
                        "timed out after {} ms ({} ms)",
                        slot.remote.policy.timeout_ms,
                        now.saturating_sub(started)
                    ),
                );
                end_lease(slot, host, now, machine.next_wakeup());
            }
        }
    }
}

/// Brings the machine in step with the other threads: the lease first,
/// then the snapshot (imported before the machine hears of the fetch's
/// end, so the requests that end releases see the new keys). A lease read
/// first and showing an end means its snapshot was already published.
fn sync(slot: &mut Slot, host: &dyn Host, machine: &mut dyn Machine, now: u64) {
    let (stored, _) = host.shared_get(&slot.lease_key);
    let lease = Lease::parse(stored.as_deref());
    adopt_shared(slot, host, machine, now);
    machine.on_shared_fetch(now, lease.shared_fetch());
}

/// Imports the shared snapshot when another thread wrote a new one.
fn adopt_shared(slot: &mut Slot, host: &dyn Host, machine: &mut dyn Machine, now: u64) {
    let (value, _) = host.shared_get(&slot.snapshot_key);
    let Some(value) = value else { return };
    if value == slot.last_seen {
        return;
    }
    if let Ok(text) = core::str::from_utf8(&value)
        && let Err(error) = machine.import(now, text)
    {
        host.warn(&format!(
            "tokenward: shared {} snapshot refused: {}",
            slot.name,
            error.code()
        ));
    }
    slot.last_seen = value;
}

/// Takes the lease and starts the fetch, when one is due.
fn start_fetch(slot: &mut Slot, host: &dyn Host, machine: &mut dyn Machine, now: u64) {
    let wakeup = machine.next_wakeup();
    if wakeup > now {
        return;
    }
    let (stored, cas) = host.shared_get(&slot.lease_key);
    let lease = Lease::parse(stored.as_deref());
    if lease.until_ms > now {
        return;
    }
    // `next_wakeup() == 0` with a document means an unknown-kid refetch:
    // the cooldown holds across threads, not only within this one.
    let early = wakeup == 0 && machine.has_document();
    if early
        && now
            < lease
                .last_start_ms
                .saturating_add(slot.remote.policy.cooldown_ms)
    {
        return;
    }
    let taken = Lease {
        until_ms: now.saturating_add(slot.remote.policy.timeout_ms + 1_000),
        last_start_ms: now,
        ..lease
    };
    if !host.shared_set(&slot.lease_key, &taken.to_bytes(), cas) {
        return; // another thread won the race
    }
    let Some(request) = machine.poll(now) else {
        set_lease(slot, host, |lease| lease.until_ms = 0);
        return;
    };
    let call = OutgoingGet {
        cluster: &slot.cluster,
        authority: &slot.remote.authority,
        path: &slot.remote.path,
        if_none_match: request.if_none_match.as_deref(),
        timeout_ms: slot.remote.policy.timeout_ms,
    };
    match host.http_get(&call) {
        Some(token) => slot.in_flight = Some((token, request.id, now)),
        None => {
            let _ = machine.on_failure(now, request.id);
            let why = format!("cannot call cluster {}", slot.cluster);
            fetch_failed(slot, host, &why);
            end_lease(slot, host, now, machine.next_wakeup());
        }
    }
}

/// Counts and logs a failed fetch of `slot`'s document.
fn fetch_failed(slot: &Slot, host: &dyn Host, why: &str) {
    host.count(&metric_name(&slot.name, Metric::JwksFetchFailed), 1);
    host.warn(&format!(
        "tokenward: fetching {} for {} failed: {why}; keeping the last good document",
        slot.remote.uri, slot.name
    ));
}

/// Writes the snapshot with the CAS just read (one retry on a race).
fn publish(slot: &mut Slot, host: &dyn Host, snapshot: Vec<u8>) {
    for _ in 0..2 {
        let (_, cas) = host.shared_get(&slot.snapshot_key);
        if host.shared_set(&slot.snapshot_key, &snapshot, cas) {
            slot.last_seen = snapshot;
            return;
        }
    }
    host.warn(&format!(
        "tokenward: could not share the {} document",
        slot.name
    ));
}

/// Marks the fetch ended at `now` (every thread releases its waiters) and
/// holds the other threads off until `until` (0 after a success).
fn end_lease(slot: &Slot, host: &dyn Host, now: u64, until: u64) {
    set_lease(slot, host, |lease| {
        lease.until_ms = until;
        lease.last_end_ms = now;
    });
}

/// Read-modify-write of the lease with its CAS (one retry on a race).
fn set_lease(slot: &Slot, host: &dyn Host, change: impl Fn(&mut Lease)) {
    for _ in 0..2 {
        let (stored, cas) = host.shared_get(&slot.lease_key);
        let mut lease = Lease::parse(stored.as_deref());
        change(&mut lease);
        if host.shared_set(&slot.lease_key, &lease.to_bytes(), cas) {
            return;
        }
    }
}
