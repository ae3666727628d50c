//! A token's introspection as the decision JSON carries it to the script
//! (`introspect`), and the answer the script hands back.
//!
//! ```json
//! "introspect":{"provider":0,"name":"main","token":"...","url":"https://op/token/introspection",
//!   "headers":[["content-type","application/x-www-form-urlencoded"],...],
//!   "body":"token=...","timeout_ms":5000}
//! ```
//!
//! The headers and body may carry the client's credentials: the script
//! sends them and never shows or logs them.

use serde::Serialize;
use tokenward_core::edge::{Gateway, IntrospectionDue};

/// The request the script sends before deciding again.
#[derive(Serialize)]
pub(crate) struct Introspect<'d> {
    provider: usize,
    /// The provider's name, for the log line of a failed call.
    name: &'d str,
    token: &'d str,
    /// `null` while the endpoint is unknown: the script records a failure.
    url: Option<String>,
    headers: Vec<(String, String)>,
    body: String,
    timeout_ms: u64,
}

/// The `introspect` member for `due`.
pub(crate) fn introspect<'d>(gateway: &'d Gateway, due: &'d IntrospectionDue) -> Introspect<'d> {
    let request = gateway.introspection_request(due);
    let provider = gateway.config().providers.get(due.provider);
    let name = provider.map_or("", |p| p.name.as_str());
    let timeout_ms = provider
        .and_then(|p| p.introspection.as_ref())
        .map_or(0, |i| i.timeout_ms);
    let (url, headers, body) = match request {
        Some(r) => (Some(r.endpoint.uri), r.headers, r.body),
        None => (None, Vec::new(), String::new()),
    };
    Introspect {
        provider: due.provider,
        name,
        token: &due.token,
        url,
        headers,
        body,
        timeout_ms,
    }
}
