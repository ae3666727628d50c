//! What the fetch machine tells its adapter: state, requests, outcomes.

use crate::error::Error;
use alloc::string::String;

/// Where the machine is, named after what it waits for (for adapters and metrics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchState {
    /// Never had a document and no fetch in flight: `poll` will ask for one.
    Empty,
    /// A document within its max age; nothing due until it expires (or an
    /// unknown `kid` asks for an early refetch).
    Fresh,
    /// Past max age (or an early refetch was requested): `poll` will ask
    /// for a refetch. The document is still served within `stale_if_error_ms`.
    Stale,
    /// Waiting for the answer to the one fetch in flight.
    AwaitingResponse,
    /// The last fetch failed: waiting for the backoff delay to pass.
    BackingOff,
}

/// Why a fetch is requested (for logs and metrics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchReason {
    /// No document yet.
    Initial,
    /// The document passed its max age.
    Expired,
    /// A token carried a `kid` the current key set does not have.
    UnknownKid,
    /// A previous attempt failed and the backoff delay has passed.
    Retry,
}

/// A fetch the adapter must perform, then answer with
/// [`on_response`](super::RemoteDocument::on_response) or
/// [`on_failure`](super::RemoteDocument::on_failure) carrying the same `id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchRequest {
    /// Identifies this fetch; answers for any other id are ignored.
    pub id: u64,
    /// Send as `If-None-Match` when present (the cached document's `ETag`).
    pub if_none_match: Option<String>,
    /// Why this fetch is due.
    pub reason: FetchReason,
}

/// What an answer did to the machine.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A new document replaced the old one; the generation was incremented.
    Updated,
    /// `304 Not Modified` or an identical body: freshness renewed, same generation.
    Unchanged,
    /// The fetch failed (status, size, parse, timeout); the last good
    /// document is kept and the machine backs off.
    Failed(Error),
    /// Not the fetch in flight (late after a timeout, or unknown id): ignored.
    Ignored,
}

/// Counters for metrics, monotonically increasing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FetchCounters {
    /// Fetches handed out by `poll`.
    pub fetches_started: u64,
    /// Answers that replaced the document.
    pub fetches_updated: u64,
    /// `304` answers and `200` answers with an identical body.
    pub fetches_not_modified: u64,
    /// Failed fetches (including timeouts).
    pub fetches_failed: u64,
    /// Failed fetches that were abandoned after `timeout_ms`.
    pub fetches_timed_out: u64,
    /// Answers ignored because they did not match the fetch in flight.
    pub answers_ignored: u64,
}
