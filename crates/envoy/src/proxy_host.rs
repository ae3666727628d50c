//! [`Host`] and [`RequestHost`] over proxy-wasm host calls. Every call's
//! error is handled: a trap would kill the VM and fail every request.

use crate::host::{CallResponse, Host, OutgoingGet, OutgoingPost, RequestHost};
use crate::latin1;
use core::cell::RefCell;
use core::time::Duration;
use proxy_wasm::hostcalls;
use proxy_wasm::types::{BufferType, LogLevel, MapType, MetricType, Status};
use std::collections::BTreeMap;
use std::time::UNIX_EPOCH;
use tokenward_core::edge::CertificateThumbprint;

/// The proxy-wasm host of this VM.
#[derive(Debug, Default)]
pub struct ProxyHost {
    /// Counter ids by name, defined on first use.
    metrics: RefCell<BTreeMap<String, u32>>,
}

impl Host for ProxyHost {
    fn now_ms(&self) -> u64 {
        hostcalls::get_current_time()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    }

    fn shared_get(&self, key: &str) -> (Option<Vec<u8>>, Option<u32>) {
        hostcalls::get_shared_data(key).unwrap_or((None, None))
    }

    fn shared_set(&self, key: &str, value: &[u8], cas: Option<u32>) -> bool {
        hostcalls::set_shared_data(key, Some(value), cas).is_ok()
    }

    fn http_get(&self, call: &OutgoingGet<'_>) -> Option<u32> {
        let mut headers = vec![
            (":method", "GET"),
            (":path", call.path),
            (":authority", call.authority),
            ("accept", "application/json"),
        ];
        if let Some(etag) = call.if_none_match {
            headers.push(("if-none-match", etag));
        }
        let timeout = Duration::from_millis(call.timeout_ms);
        hostcalls::dispatch_http_call(call.cluster, headers, None, vec![], timeout).ok()
    }

    fn http_post(&self, call: &OutgoingPost<'_>) -> Option<u32> {
        let mut headers = vec![
            (":method", "POST"),
            (":path", call.path),
            (":authority", call.authority),
        ];
        headers.extend(call.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        let timeout = Duration::from_millis(call.timeout_ms);
        hostcalls::dispatch_http_call(call.cluster, headers, Some(call.body), vec![], timeout).ok()
    }

    fn count(&self, name: &str, by: u64) {
        let Ok(mut metrics) = self.metrics.try_borrow_mut() else {
            return;
        };
        let id = match metrics.get(name) {
            Some(id) => *id,
            None => match hostcalls::define_metric(MetricType::Counter, name) {
                Ok(id) => {
                    metrics.insert(name.to_owned(), id);
                    id
                }
                Err(_) => return,
            },
        };
        let _ = hostcalls::increment_metric(id, i64::try_from(by).unwrap_or(i64::MAX));
    }

    fn warn(&self, message: &str) {
        let _ = hostcalls::log(LogLevel::Warn, message);
    }

    fn info(&self, message: &str) {
        let _ = hostcalls::log(LogLevel::Info, message);
    }
}

impl ProxyHost {
    /// Reads the answer of the outgoing call being reported.
    pub fn call_response(&self, body_size: usize, body_limit: usize) -> CallResponse {
        // Values as bytes, as for requests (see `latin1`).
        let headers: Vec<(String, String)> =
            hostcalls::get_map_bytes(MapType::HttpCallResponseHeaders)
                .unwrap_or_default()
                .into_iter()
                .map(|(name, value)| (name, latin1::decode(value)))
                .collect();
        let status = headers
            .iter()
            .find(|(n, _)| n == ":status")
            .and_then(|(_, v)| v.parse::<u16>().ok());
        let body = hostcalls::get_buffer(
            BufferType::HttpCallResponseBody,
            0,
            body_size.min(body_limit),
        )
        .ok()
        .flatten()
        .unwrap_or_default();
        CallResponse {
            status,
            headers,
            body,
        }
    }
}

/// The effective HTTP context's request.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProxyRequest;

impl RequestHost for ProxyRequest {
    fn request_headers(&self) -> Option<Vec<(String, String)>> {
        // Values as bytes: `get_map` would trap on one that is not UTF-8.
        let headers = hostcalls::get_map_bytes(MapType::HttpRequestHeaders).ok()?;
        Some(
            headers
                .into_iter()
                .map(|(name, value)| (name, latin1::decode(value)))
                .collect(),
        )
    }

    fn remove_header(&self, name: &str) -> bool {
        ok_or_absent(hostcalls::set_map_value(
            MapType::HttpRequestHeaders,
            name,
            None,
        ))
    }

    fn set_header(&self, name: &str, value: &str) -> bool {
        let result = if value.is_ascii() {
            hostcalls::set_map_value(MapType::HttpRequestHeaders, name, Some(value))
        } else {
            // A value read from the request (a cookie kept): its own bytes.
            let Some(bytes) = latin1::encode(value) else {
                return false;
            };
            hostcalls::set_map_value_bytes(MapType::HttpRequestHeaders, name, Some(&bytes))
        };
        ok_or_absent(result)
    }

    fn respond(&self, status: u16, headers: &[(String, String)], body: &[u8]) {
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let _ = hostcalls::send_http_response(u32::from(status), headers, Some(body));
    }

    fn client_certificate(&self) -> Option<CertificateThumbprint> {
        // Hex of SHA-256 over the DER the handshake presented (Envoy's
        // attribute docs); absent without a client certificate.
        let path = vec!["connection", "sha256_peer_certificate_digest"];
        let digest = hostcalls::get_property(path).ok()??;
        CertificateThumbprint::from_hex(core::str::from_utf8(&digest).ok()?)
    }
}

impl ProxyRequest {
    /// A bare 500, when nothing better can be said.
    pub fn respond_error(&self) {
        self.respond(500, &[], b"");
    }
}

fn ok_or_absent(result: Result<(), Status>) -> bool {
    matches!(result, Ok(()) | Err(Status::NotFound))
}
