//! The host calls the adapter needs, behind small traits so the fetch and
//! request logic runs natively in unit tests with a mock host.

use tokenward_core::edge::CertificateThumbprint;

/// Process-wide services: clock, shared data, outgoing calls, metrics.
pub trait Host {
    /// Unix time in milliseconds, from the host clock.
    fn now_ms(&self) -> u64;
    /// A shared-data value and its CAS token (`None`, `None` when absent).
    fn shared_get(&self, key: &str) -> (Option<Vec<u8>>, Option<u32>);
    /// Writes a shared-data value if `cas` still matches; `false` otherwise.
    fn shared_set(&self, key: &str, value: &[u8], cas: Option<u32>) -> bool;
    /// Starts `GET path` on `cluster`; returns the call's token.
    fn http_get(&self, call: &OutgoingGet<'_>) -> Option<u32>;
    /// Starts `POST path` with `body` on `cluster` (an introspection
    /// request); returns the call's token.
    fn http_post(&self, call: &OutgoingPost<'_>) -> Option<u32>;
    /// Adds `by` to the counter called `name`.
    fn count(&self, name: &str, by: u64);
    /// Logs at warning level.
    fn warn(&self, message: &str);
    /// Logs at info level.
    fn info(&self, message: &str);
}

/// An outgoing fetch of a remote document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutgoingGet<'a> {
    /// Envoy cluster.
    pub cluster: &'a str,
    /// `:authority`.
    pub authority: &'a str,
    /// `:path`.
    pub path: &'a str,
    /// `If-None-Match`, when the machine has an `ETag`.
    pub if_none_match: Option<&'a str>,
    /// Call timeout.
    pub timeout_ms: u64,
}

/// An outgoing POST (token introspection).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutgoingPost<'a> {
    /// Envoy cluster.
    pub cluster: &'a str,
    /// `:authority`.
    pub authority: &'a str,
    /// `:path`.
    pub path: &'a str,
    /// Headers beside the pseudo-headers (may carry credentials: never log).
    pub headers: &'a [(String, String)],
    /// The form body (carries the token: never log).
    pub body: &'a [u8],
    /// Call timeout.
    pub timeout_ms: u64,
}

/// The answer to an outgoing call; `status` is `None` when the call failed
/// without an HTTP answer (connect error, reset, timeout).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallResponse {
    /// `:status`.
    pub status: Option<u16>,
    /// Response headers.
    pub headers: Vec<(String, String)>,
    /// Response body (truncated by the caller past the size cap + 1).
    pub body: Vec<u8>,
}

/// The request being handled (the effective HTTP context).
pub trait RequestHost {
    /// All request headers, pseudo-headers included; `None` if unreadable.
    fn request_headers(&self) -> Option<Vec<(String, String)>>;
    /// Removes a request header; `false` on a host error.
    fn remove_header(&self, name: &str) -> bool;
    /// Sets (replaces) a request header; `false` on a host error.
    fn set_header(&self, name: &str, value: &str) -> bool;
    /// Answers the request locally.
    fn respond(&self, status: u16, headers: &[(String, String)], body: &[u8]);
    /// The downstream connection's TLS client certificate, as Envoy saw
    /// it (never a header): `None` for plain TCP, TLS without one, or a
    /// value that cannot be read.
    fn client_certificate(&self) -> Option<CertificateThumbprint>;
}
