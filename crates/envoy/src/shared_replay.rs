//! The DPoP replay record shared by every worker thread of the proxy.
//!
//! Each Envoy worker thread runs its own VM, so a record in VM memory would
//! let a proof replayed on another connection (another thread) pass. This
//! ledger keeps the record in proxy-wasm shared data instead: per provider,
//! [`SHARDS`] entries named `tokenward.dpop.<provider>.<shard>`, each a
//! list of (replay key, last acceptable second), 40 bytes an entry. A
//! proof is recorded with a compare-and-swap on its shard (read, check,
//! append, write with the CAS token read), retried on a conflict, so two
//! threads can never both accept the same proof. Expired entries are
//! dropped on each write. A shard full of live entries, or a CAS that keeps
//! losing, refuses the proof (`dpop_replay_cache_full`): fail closed.
//!
//! Shards are created when a VM is configured, before it serves requests:
//! Envoy's shared data has no "create if absent", so a shard created by a
//! request could overwrite one another thread created a moment before.

use crate::host::Host;
use std::rc::Rc;
use tokenward_core::Error;
use tokenward_core::dpop::ReplayKey;
use tokenward_core::edge::{EdgeConfig, ReplayLedger};

/// Shards per provider: a write copies one shard, not the whole record.
pub const SHARDS: usize = 64;
/// Compare-and-swap attempts before the proof is refused.
const ATTEMPTS: usize = 16;
/// Bytes of one entry: the replay key, then the second (big-endian).
const ENTRY: usize = 40;

/// Per provider: its shared-data name prefix and the room of one shard.
struct Room {
    prefix: Option<String>,
    per_shard: usize,
}

/// The replay ledger over the host's shared data.
pub struct SharedReplay {
    host: Rc<dyn Host>,
    providers: Vec<Room>,
}

impl core::fmt::Debug for SharedReplay {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SharedReplay")
            .field("providers", &self.providers.len())
            .finish_non_exhaustive()
    }
}

impl SharedReplay {
    /// The ledger of `config`'s DPoP providers, creating absent shards.
    pub fn new(config: &EdgeConfig, host: Rc<dyn Host>) -> SharedReplay {
        let providers = config
            .providers
            .iter()
            .map(|p| Room {
                prefix: p
                    .dpop
                    .as_ref()
                    .map(|_| format!("tokenward.dpop.{}.", p.name)),
                per_shard: p
                    .dpop
                    .as_ref()
                    .map_or(1, |d| d.replay_cache_size.div_ceil(SHARDS).max(1)),
            })
            .collect();
        let ledger = SharedReplay { host, providers };
        for room in &ledger.providers {
            let Some(prefix) = &room.prefix else { continue };
            for shard in 0..SHARDS {
                let name = format!("{prefix}{shard}");
                if ledger.host.shared_get(&name).0.is_none() {
                    ledger.host.shared_set(&name, &[], None);
                }
            }
        }
        ledger
    }
}

impl ReplayLedger for SharedReplay {
    fn record(
        &mut self,
        provider: usize,
        key: ReplayKey,
        until: i64,
        now: i64,
    ) -> Result<(), Error> {
        let Some(Room {
            prefix: Some(prefix),
            per_shard,
        }) = self.providers.get(provider)
        else {
            return Err(Error::DpopReplayCacheFull);
        };
        let name = format!("{prefix}{}", usize::from(key[0]) % SHARDS);
        for _ in 0..ATTEMPTS {
            let (value, cas) = self.host.shared_get(&name);
            let mut entries: Vec<([u8; 32], i64)> = decode(value.as_deref().unwrap_or(&[]))
                .filter(|(_, seen_until)| *seen_until >= now)
                .collect();
            if entries.iter().any(|(seen, _)| *seen == key) {
                return Err(Error::DpopReplay);
            }
            if entries.len() >= *per_shard {
                return Err(Error::DpopReplayCacheFull);
            }
            entries.push((key, until));
            if self.host.shared_set(&name, &encode(&entries), cas) {
                return Ok(());
            }
        }
        Err(Error::DpopReplayCacheFull)
    }
}

fn decode(bytes: &[u8]) -> impl Iterator<Item = ([u8; 32], i64)> + '_ {
    bytes.chunks_exact(ENTRY).filter_map(|entry| {
        let (key, until) = entry.split_at(32);
        Some((
            key.try_into().ok()?,
            i64::from_be_bytes(until.try_into().ok()?),
        ))
    })
}

fn encode(entries: &[([u8; 32], i64)]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(entries.len() * ENTRY);
    for (key, until) in entries {
        bytes.extend_from_slice(key);
        bytes.extend_from_slice(&until.to_be_bytes());
    }
    bytes
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::SharedReplay;
    use crate::tests::MockHost;
    use std::rc::Rc;
    use tokenward_core::Error;
    use tokenward_core::edge::{EdgeConfig, ReplayLedger};

    const CONFIG: &str = r#"{"providers": {"main": {"issuer": "https://issuer.example",
        "local_jwks": {"inline_string": "{\"keys\":[]}"}, "dpop": {"replay_cache_size": 64}}}}"#;

    #[test]
    fn a_proof_recorded_by_one_thread_is_a_replay_on_another() {
        let config = EdgeConfig::from_json(CONFIG.as_bytes()).expect("valid");
        let host: Rc<MockHost> = Rc::new(MockHost::default());
        let mut first = SharedReplay::new(&config, host.clone());
        let mut second = SharedReplay::new(&config, host.clone());
        assert_eq!(first.record(0, [7; 32], 160, 100), Ok(()));
        assert_eq!(second.record(0, [7; 32], 160, 120), Err(Error::DpopReplay));
        assert_eq!(first.record(0, [7; 32], 160, 150), Err(Error::DpopReplay));
        // Past its window the entry goes; the iat rule refuses the proof.
        assert_eq!(second.record(0, [7; 32], 230, 161), Ok(()));
    }

    #[test]
    fn a_full_shard_refuses_rather_than_forgets() {
        let config = EdgeConfig::from_json(CONFIG.as_bytes()).expect("valid");
        let host: Rc<MockHost> = Rc::new(MockHost::default());
        let mut ledger = SharedReplay::new(&config, host);
        // 64 / 64 shards: one live entry per shard.
        assert_eq!(ledger.record(0, [1; 32], 160, 100), Ok(()));
        let mut same_shard = [1; 32];
        same_shard[1] = 2;
        assert_eq!(
            ledger.record(0, same_shard, 160, 100),
            Err(Error::DpopReplayCacheFull)
        );
        assert_eq!(ledger.record(0, same_shard, 230, 161), Ok(()));
    }
}
