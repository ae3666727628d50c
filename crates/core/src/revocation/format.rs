//! Bounded deserialization of the revocation list's JSON members.
//!
//! Hand-written visitors so that caps apply while parsing (not after a
//! large allocation) and duplicate `sub`/`sid` keys resolve conservatively.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::string::String;
use core::fmt;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// Most entries in one member (`jti`, `sub` or `sid`).
pub(crate) const MAX_ENTRIES: usize = 100_000;
/// Longest identifier (`jti`, `sub`, `sid` value) in bytes.
pub(crate) const MAX_ID_BYTES: usize = 1_024;

/// The document's top-level object; unknown members are rejected so a typo
/// (`"subs"`) cannot silently revoke nothing.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Wire {
    #[serde(default)]
    pub jti: IdSet,
    #[serde(default)]
    pub sub: RevokedBefore,
    #[serde(default)]
    pub sid: RevokedBefore,
}

/// A JSON array of strings.
#[derive(Debug, Default)]
pub(crate) struct IdSet(pub BTreeSet<String>);

/// A JSON object of string -> revoked-before time (finite, non-negative seconds).
#[derive(Debug, Default)]
pub(crate) struct RevokedBefore(pub BTreeMap<String, f64>);

fn check_id<E: de::Error>(id: &str) -> Result<(), E> {
    if id.len() > MAX_ID_BYTES {
        return Err(E::custom("identifier too long"));
    }
    Ok(())
}

impl<'de> Deserialize<'de> for IdSet {
    fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
        struct IdSetVisitor;
        impl<'de> Visitor<'de> for IdSetVisitor {
            type Value = IdSet;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of strings")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<IdSet, A::Error> {
                let mut ids = BTreeSet::new();
                let mut count = 0usize;
                while let Some(id) = seq.next_element::<String>()? {
                    count = count.saturating_add(1);
                    if count > MAX_ENTRIES {
                        return Err(de::Error::custom("too many entries"));
                    }
                    check_id(&id)?;
                    ids.insert(id);
                }
                Ok(IdSet(ids))
            }
        }
        deserializer.deserialize_seq(IdSetVisitor)
    }
}

impl<'de> Deserialize<'de> for RevokedBefore {
    fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
        struct RevokedBeforeVisitor;
        impl<'de> Visitor<'de> for RevokedBeforeVisitor {
            type Value = RevokedBefore;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of revoked-before times in seconds")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RevokedBefore, A::Error> {
                let mut times: BTreeMap<String, f64> = BTreeMap::new();
                let mut count = 0usize;
                while let Some((id, time)) = map.next_entry::<String, f64>()? {
                    count = count.saturating_add(1);
                    if count > MAX_ENTRIES {
                        return Err(de::Error::custom("too many entries"));
                    }
                    check_id(&id)?;
                    if !time.is_finite() || time < 0.0 {
                        return Err(de::Error::custom("time must be a non-negative number"));
                    }
                    // A repeated key keeps the later time: it revokes more.
                    let entry = times.entry(id).or_insert(time);
                    *entry = entry.max(time);
                }
                Ok(RevokedBefore(times))
            }
        }
        deserializer.deserialize_map(RevokedBeforeVisitor)
    }
}
