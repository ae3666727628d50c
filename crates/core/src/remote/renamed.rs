//! The remote-document machine's former names ("refresh", now "fetch":
//! "refresh" is the OAuth token refresh's word, `session::RefreshPlanner`),
//! kept one release as deprecated aliases.
#![allow(deprecated)]

use super::{FetchCounters, FetchPolicy, FetchState, JwksFetch, MIN_FETCH_INTERVAL_MS};
use crate::revocation::{RevocationFetch, RevocationList};

/// Former name of [`FetchPolicy`].
#[deprecated(since = "0.2.0", note = "renamed FetchPolicy")]
pub type RefreshPolicy = FetchPolicy;
/// Former name of [`FetchState`].
#[deprecated(since = "0.2.0", note = "renamed FetchState")]
pub type RefreshState = FetchState;
/// Former name of [`FetchCounters`].
#[deprecated(since = "0.2.0", note = "renamed FetchCounters")]
pub type RefreshCounters = FetchCounters;
/// Former name of [`JwksFetch`].
#[deprecated(since = "0.2.0", note = "renamed JwksFetch")]
pub type JwksRefresh = JwksFetch;
/// Former name of [`RevocationFetch`].
#[deprecated(since = "0.2.0", note = "renamed RevocationFetch")]
pub type RevocationRefresh = RevocationFetch;
/// Former name of [`MIN_FETCH_INTERVAL_MS`].
#[deprecated(since = "0.2.0", note = "renamed MIN_FETCH_INTERVAL_MS")]
pub const MIN_REFRESH_INTERVAL_MS: u64 = MIN_FETCH_INTERVAL_MS;

impl FetchPolicy {
    /// Former name of [`FetchPolicy::fetching_every`].
    #[deprecated(since = "0.2.0", note = "renamed fetching_every")]
    pub fn refreshing_every(self, interval_ms: u64) -> Self {
        self.fetching_every(interval_ms)
    }
}

impl RevocationList {
    /// Former name of [`RevocationList::fetch_policy`].
    #[deprecated(since = "0.2.0", note = "renamed fetch_policy")]
    pub fn refresh_policy() -> FetchPolicy {
        Self::fetch_policy()
    }

    /// Former name of [`RevocationList::fetch_policy_every`].
    #[deprecated(since = "0.2.0", note = "renamed fetch_policy_every")]
    pub fn refresh_policy_every(interval_ms: u64) -> FetchPolicy {
        Self::fetch_policy_every(interval_ms)
    }
}

// The former names at their public paths, as a user's code names them.
#[cfg(test)]
#[allow(unused_qualifications)]
mod tests {
    use super::*;

    #[test]
    fn the_former_names_name_the_same_things_where_they_were() {
        let policy: crate::remote::RefreshPolicy =
            RefreshPolicy::default().refreshing_every(60_000);
        assert_eq!(policy, FetchPolicy::default().fetching_every(60_000));
        assert_eq!(
            RevocationList::refresh_policy(),
            RevocationList::fetch_policy()
        );
        assert_eq!(
            RevocationList::refresh_policy_every(5_000),
            RevocationList::fetch_policy_every(5_000)
        );
        assert_eq!(
            crate::remote::MIN_REFRESH_INTERVAL_MS,
            MIN_FETCH_INTERVAL_MS
        );
        let machine: crate::revocation::RevocationRefresh =
            RevocationFetch::new(RevocationList::fetch_policy());
        assert_eq!(machine.state(0), crate::remote::RefreshState::Empty);
        let keys: crate::remote::JwksRefresh = JwksFetch::new(FetchPolicy::default());
        let counters: crate::remote::RefreshCounters = keys.counters();
        assert_eq!(counters, FetchCounters::default());
    }
}
