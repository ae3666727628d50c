//! One object-safe interface over every `RemoteDocument`, whatever document
//! it holds, so an adapter drives the key sets and the revocation list with
//! the same code (`&mut dyn FetchMachine`).

use super::{Document, FetchRequest, Outcome, RemoteDocument, SharedFetch};
use crate::error::Error;
use alloc::string::String;

/// The calls an adapter makes on a fetch machine, document type erased.
pub trait FetchMachine {
    /// See [`RemoteDocument::poll`].
    fn poll(&mut self, now_ms: u64) -> Option<FetchRequest>;
    /// See [`RemoteDocument::on_response`].
    fn on_response(
        &mut self,
        now_ms: u64,
        id: u64,
        status: u16,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Outcome;
    /// See [`RemoteDocument::on_failure`].
    fn on_failure(&mut self, now_ms: u64, id: u64) -> Outcome;
    /// See [`RemoteDocument::on_unknown_kid`].
    fn on_unknown_kid(&mut self, now_ms: u64) -> bool;
    /// See [`RemoteDocument::on_shared_fetch`].
    fn on_shared_fetch(&mut self, now_ms: u64, shared: SharedFetch);
    /// See [`RemoteDocument::next_wakeup`].
    fn next_wakeup(&self) -> u64;
    /// Whether a document was ever stored (fresh, stale or too old to use).
    fn has_document(&self) -> bool;
    /// Whether [`RemoteDocument::document`] would serve one at `now_ms`.
    fn usable(&self, now_ms: u64) -> bool;
    /// See [`RemoteDocument::generation`].
    fn generation(&self) -> u64;
    /// See [`RemoteDocument::export`].
    fn export(&self) -> Option<String>;
    /// See [`RemoteDocument::import`].
    ///
    /// # Errors
    /// As [`RemoteDocument::import`].
    fn import(&mut self, now_ms: u64, snapshot: &str) -> Result<bool, Error>;
}

impl<D: Document> FetchMachine for RemoteDocument<D> {
    fn poll(&mut self, now_ms: u64) -> Option<FetchRequest> {
        RemoteDocument::poll(self, now_ms)
    }
    fn on_response(
        &mut self,
        now_ms: u64,
        id: u64,
        status: u16,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Outcome {
        RemoteDocument::on_response(self, now_ms, id, status, headers, body)
    }
    fn on_failure(&mut self, now_ms: u64, id: u64) -> Outcome {
        RemoteDocument::on_failure(self, now_ms, id)
    }
    fn on_unknown_kid(&mut self, now_ms: u64) -> bool {
        RemoteDocument::on_unknown_kid(self, now_ms)
    }
    fn on_shared_fetch(&mut self, now_ms: u64, shared: SharedFetch) {
        RemoteDocument::on_shared_fetch(self, now_ms, shared);
    }
    fn next_wakeup(&self) -> u64 {
        RemoteDocument::next_wakeup(self)
    }
    fn has_document(&self) -> bool {
        // The generation moves from 0 when the first document is stored.
        RemoteDocument::generation(self) > 0
    }
    fn usable(&self, now_ms: u64) -> bool {
        self.document(now_ms).is_ok()
    }
    fn generation(&self) -> u64 {
        RemoteDocument::generation(self)
    }
    fn export(&self) -> Option<String> {
        RemoteDocument::export(self)
    }
    fn import(&mut self, now_ms: u64, snapshot: &str) -> Result<bool, Error> {
        RemoteDocument::import(self, now_ms, snapshot)
    }
}
