//! One interface over the two refresh machines (key sets, revocation list)
//! so the adapter drives both with the same code.

use tokenward_core::Error;
use tokenward_core::remote::{Document, FetchRequest, Outcome, RemoteDocument};

/// What the adapter needs of a [`RemoteDocument`].
pub trait Machine {
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
    /// See [`RemoteDocument::next_wakeup`].
    fn next_wakeup(&self) -> u64;
    /// Whether a document is held (fresh or stale).
    fn has_document(&self) -> bool;
    /// See [`RemoteDocument::generation`].
    fn generation(&self) -> u64;
    /// See [`RemoteDocument::export`].
    fn export(&self) -> Option<String>;
    /// See [`RemoteDocument::import`].
    fn import(&mut self, now_ms: u64, snapshot: &str) -> Result<bool, Error>;
}

impl<D: Document> Machine for RemoteDocument<D> {
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
    fn next_wakeup(&self) -> u64 {
        RemoteDocument::next_wakeup(self)
    }
    fn has_document(&self) -> bool {
        // The generation moves from 0 when the first document is stored.
        self.generation() > 0
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
