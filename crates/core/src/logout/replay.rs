//! Replay protection for logout tokens: each `jti` is accepted once.

use super::LogoutToken;
use crate::error::Error;
use alloc::collections::BTreeMap;
use alloc::string::String;

/// The `jti`s accepted, each until its [`LogoutToken::remember_until`].
///
/// Sans-I/O: a receiver that persists or shares its memory (a journal, a
/// database) restores it with [`SeenJtis::remember`] at start and makes its
/// store's insert the authority across instances; this type is the rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeenJtis {
    until: BTreeMap<String, i64>,
}

impl SeenJtis {
    /// An empty memory.
    pub fn new() -> Self {
        SeenJtis::default()
    }

    /// Accepts `token` once: remembers its `jti`, or refuses a `jti` still
    /// remembered at `now`. Forgets what expired first.
    ///
    /// # Errors
    /// `logout_token_replayed`.
    pub fn admit(&mut self, token: &LogoutToken, now: i64) -> Result<(), Error> {
        self.prune(now);
        if self.until.contains_key(&token.jti) {
            return Err(Error::LogoutTokenReplayed);
        }
        self.until.insert(token.jti.clone(), token.remember_until);
        Ok(())
    }

    /// Remembers `jti` until `until` (Unix seconds), keeping the later time
    /// of a `jti` already held: for restoring a persisted memory.
    pub fn remember(&mut self, jti: &str, until: i64) {
        let entry = self.until.entry(String::from(jti)).or_insert(until);
        *entry = (*entry).max(until);
    }

    /// Forgets `jti`: a receiver that could not persist an admitted token
    /// answers with an error, and the provider's retry must not be a replay.
    pub fn forget(&mut self, jti: &str) {
        self.until.remove(jti);
    }

    /// Forgets every `jti` whose window ended before `now`.
    pub fn prune(&mut self, now: i64) {
        self.until.retain(|_, until| *until >= now);
    }

    /// Number of `jti`s remembered.
    pub fn len(&self) -> usize {
        self.until.len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.until.is_empty()
    }
}
