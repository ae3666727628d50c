//! Introspection answers shared by every worker thread of the proxy, so a
//! token is introspected once per cache period per proxy, not once per
//! thread.
//!
//! Per provider, [`SHARDS`] entries named
//! `tokenward.introspection.<provider>.<shard>`, the shard chosen by a hash
//! of the token; each holds a list of records that carry the whole token
//! (the hash only picks the shard: a record is found by comparing the
//! token's bytes). A record is either an answer (when it was received, the
//! HTTP status or none for a failed call, the body) or an in-flight marker:
//! the thread that wrote it with a compare-and-swap is calling the
//! endpoint, the others wait for its answer until the marker's deadline.
//! Each shard holds at most its share of `cache_size` records: expired
//! ones go first, then the oldest. Shards are created when a VM is
//! configured, as the DPoP replay record's are (see `shared_replay`).

use crate::host::Host;
use std::rc::Rc;
use tokenward_core::edge::EdgeConfig;

/// Shards per provider.
pub const SHARDS: usize = 64;
/// Compare-and-swap attempts before giving up (the request is then 503).
const ATTEMPTS: usize = 16;

/// What shared data says about a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shared {
    /// An answer, still standing.
    Answer(Record),
    /// Another thread is calling; its answer is due before `until_ms`.
    InFlight {
        /// The marker's deadline.
        until_ms: u64,
    },
    /// Nothing: this thread may claim the call.
    Absent,
}

/// A stored answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// When the answer arrived (the verdict's clock, on every thread).
    pub fetched_ms: u64,
    /// `:status`; `None` when the call failed without an answer.
    pub status: Option<u16>,
    /// The body.
    pub body: Vec<u8>,
}

/// One entry of a shard.
#[derive(Debug, Clone)]
struct Entry {
    token: Vec<u8>,
    /// Answer: until when it stands; marker: its deadline.
    until_ms: u64,
    /// `None` for an in-flight marker.
    record: Option<Record>,
}

/// The shared answers of every introspecting provider.
pub struct SharedIntrospection {
    host: Rc<dyn Host>,
    /// Per provider: name prefix (`None`: it does not introspect) and the
    /// room of one shard.
    providers: Vec<(Option<String>, usize)>,
}

impl core::fmt::Debug for SharedIntrospection {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SharedIntrospection")
            .field("providers", &self.providers.len())
            .finish_non_exhaustive()
    }
}

impl SharedIntrospection {
    /// The record of `config`'s introspecting providers, creating absent
    /// shards.
    pub fn new(config: &EdgeConfig, host: Rc<dyn Host>) -> SharedIntrospection {
        let providers: Vec<(Option<String>, usize)> = config
            .providers
            .iter()
            .map(|p| match &p.introspection {
                Some(i) => (
                    Some(format!("tokenward.introspection.{}.", p.name)),
                    i.cache_size.div_ceil(SHARDS).max(1),
                ),
                None => (None, 1),
            })
            .collect();
        for (prefix, _) in &providers {
            let Some(prefix) = prefix else { continue };
            for shard in 0..SHARDS {
                let name = format!("{prefix}{shard}");
                if host.shared_get(&name).0.is_none() {
                    host.shared_set(&name, &[], None);
                }
            }
        }
        SharedIntrospection { host, providers }
    }

    /// What is known of `token` at `now_ms`.
    pub fn look(&self, provider: usize, token: &str, now_ms: u64) -> Shared {
        let Some(name) = self.shard(provider, token) else {
            return Shared::Absent;
        };
        let (value, _) = self.host.shared_get(&name);
        let entries = decode(value.as_deref().unwrap_or(&[]));
        match entries
            .into_iter()
            .find(|e| e.token == token.as_bytes() && now_ms < e.until_ms)
        {
            Some(Entry {
                record: Some(record),
                ..
            }) => Shared::Answer(record),
            Some(Entry { until_ms, .. }) => Shared::InFlight { until_ms },
            None => Shared::Absent,
        }
    }

    /// Marks `token` in flight until `until_ms`, unless another thread has
    /// an answer or a call for it: `true` when this thread must call.
    pub fn claim(&self, provider: usize, token: &str, now_ms: u64, until_ms: u64) -> bool {
        self.write(provider, token, now_ms, |entries| {
            let live = entries
                .iter()
                .any(|e| e.token == token.as_bytes() && now_ms < e.until_ms);
            (!live).then(|| Entry {
                token: token.as_bytes().to_vec(),
                until_ms,
                record: None,
            })
        })
    }

    /// Stores the answer on `token`, standing until `until_ms`.
    pub fn store(&self, provider: usize, token: &str, until_ms: u64, record: Record) -> bool {
        let now_ms = record.fetched_ms;
        self.write(provider, token, now_ms, |_| {
            Some(Entry {
                token: token.as_bytes().to_vec(),
                until_ms,
                record: Some(record.clone()),
            })
        })
    }

    /// Read, replace `token`'s entry with what `change` returns (nothing:
    /// leave the shard as it is, `false`), bound the shard, CAS write.
    fn write(
        &self,
        provider: usize,
        token: &str,
        now_ms: u64,
        change: impl Fn(&[Entry]) -> Option<Entry>,
    ) -> bool {
        let (Some(name), Some((_, room))) =
            (self.shard(provider, token), self.providers.get(provider))
        else {
            return false;
        };
        for _ in 0..ATTEMPTS {
            let (value, cas) = self.host.shared_get(&name);
            let mut entries = decode(value.as_deref().unwrap_or(&[]));
            let Some(entry) = change(&entries) else {
                return false;
            };
            entries.retain(|e| e.token != token.as_bytes() && now_ms < e.until_ms);
            while entries.len() >= *room {
                // The oldest: the one that stops standing first.
                let oldest = entries
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, e)| e.until_ms)
                    .map(|(i, _)| i);
                match oldest {
                    Some(i) => {
                        entries.remove(i);
                    }
                    None => break,
                }
            }
            entries.push(entry);
            if self.host.shared_set(&name, &encode(&entries), cas) {
                return true;
            }
        }
        false
    }

    fn shard(&self, provider: usize, token: &str) -> Option<String> {
        let (Some(prefix), _) = self.providers.get(provider)? else {
            return None;
        };
        Some(format!(
            "{prefix}{}",
            fnv1a(token.as_bytes()) % SHARDS as u64
        ))
    }
}

/// FNV-1a: spreads tokens over shards (not a security boundary: records
/// are matched by the whole token).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

// An entry: u32 token length, token, u64 until, u8 kind (0 marker,
// 1 answer, 2 failed call); an answer then u64 fetched, u16 status, u32
// body length, body. Big-endian.

fn encode(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    for e in entries {
        out.extend_from_slice(&(e.token.len() as u32).to_be_bytes());
        out.extend_from_slice(&e.token);
        out.extend_from_slice(&e.until_ms.to_be_bytes());
        match &e.record {
            None => out.push(0),
            Some(r) => {
                out.push(if r.status.is_some() { 1 } else { 2 });
                out.extend_from_slice(&r.fetched_ms.to_be_bytes());
                out.extend_from_slice(&r.status.unwrap_or(0).to_be_bytes());
                out.extend_from_slice(&(r.body.len() as u32).to_be_bytes());
                out.extend_from_slice(&r.body);
            }
        }
    }
    out
}

fn decode(mut bytes: &[u8]) -> Vec<Entry> {
    let mut entries = Vec::new();
    while !bytes.is_empty() {
        match decode_one(bytes) {
            Some((entry, rest)) => {
                entries.push(entry);
                bytes = rest;
            }
            // Unreadable: the rest is dropped (a lost record costs a call).
            None => break,
        }
    }
    entries
}

fn take(bytes: &[u8], n: usize) -> Option<(&[u8], &[u8])> {
    (bytes.len() >= n).then(|| bytes.split_at(n))
}

fn decode_one(bytes: &[u8]) -> Option<(Entry, &[u8])> {
    let (len, rest) = take(bytes, 4)?;
    let len = u32::from_be_bytes(len.try_into().ok()?) as usize;
    let (token, rest) = take(rest, len)?;
    let (until, rest) = take(rest, 8)?;
    let until_ms = u64::from_be_bytes(until.try_into().ok()?);
    let (kind, rest) = take(rest, 1)?;
    let entry = |record| Entry {
        token: token.to_vec(),
        until_ms,
        record,
    };
    if kind == [0] {
        return Some((entry(None), rest));
    }
    let (fetched, rest) = take(rest, 8)?;
    let (status, rest) = take(rest, 2)?;
    let (body_len, rest) = take(rest, 4)?;
    let body_len = u32::from_be_bytes(body_len.try_into().ok()?) as usize;
    let (body, rest) = take(rest, body_len)?;
    let record = Record {
        fetched_ms: u64::from_be_bytes(fetched.try_into().ok()?),
        status: (kind == [1]).then(|| u16::from_be_bytes([status[0], status[1]])),
        body: body.to_vec(),
    };
    Some((entry(Some(record)), rest))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::{Record, Shared, SharedIntrospection};
    use crate::tests::MockHost;
    use std::rc::Rc;
    use tokenward_core::edge::EdgeConfig;

    const CONFIG: &str = r#"{"providers": {"main": {"issuer": "https://issuer.example",
        "introspection": {"endpoint": "https://issuer.example/i", "cluster": "op",
          "client_id": "edge", "client_secret": "pw", "cache_size": 64}}}}"#;

    fn record(at: u64) -> Record {
        Record {
            fetched_ms: at,
            status: Some(200),
            body: br#"{"active":true}"#.to_vec(),
        }
    }

    #[test]
    fn introspection_one_thread_claims_the_call_the_others_wait_then_read() {
        let config = EdgeConfig::from_json(CONFIG.as_bytes()).expect("valid");
        let host: Rc<MockHost> = Rc::new(MockHost::default());
        let first = SharedIntrospection::new(&config, host.clone());
        let second = SharedIntrospection::new(&config, host.clone());
        assert_eq!(first.look(0, "tok", 100), Shared::Absent);
        assert!(first.claim(0, "tok", 100, 5_100));
        assert!(!second.claim(0, "tok", 150, 5_150), "one call per token");
        assert_eq!(
            second.look(0, "tok", 150),
            Shared::InFlight { until_ms: 5_100 }
        );
        assert!(first.store(0, "tok", 30_200, record(200)));
        assert_eq!(second.look(0, "tok", 300), Shared::Answer(record(200)));
        assert_eq!(second.look(0, "to", 300), Shared::Absent, "the whole token");
        assert!(!second.claim(0, "tok", 300, 5_300));
        assert_eq!(second.look(0, "tok", 30_200), Shared::Absent, "expired");
        assert!(second.claim(0, "tok", 30_200, 35_200));
    }

    #[test]
    fn introspection_a_full_shard_evicts_the_oldest() {
        let config = EdgeConfig::from_json(CONFIG.as_bytes()).expect("valid");
        let host: Rc<MockHost> = Rc::new(MockHost::default());
        let shared = SharedIntrospection::new(&config, host);
        // 64 / 64 shards: one record per shard. Find two tokens sharing one.
        let shard = |t: &str| super::fnv1a(t.as_bytes()) % super::SHARDS as u64;
        let other = (0..1_000)
            .map(|i| format!("t{i}"))
            .find(|t| t != "t0" && shard(t) == shard("t0"))
            .unwrap();
        assert!(shared.store(0, "t0", 1_000, record(0)));
        assert!(shared.store(0, &other, 2_000, record(1)));
        assert_eq!(shared.look(0, "t0", 10), Shared::Absent);
        assert_eq!(shared.look(0, &other, 10), Shared::Answer(record(1)));
    }
}
