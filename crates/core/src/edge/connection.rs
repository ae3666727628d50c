//! What the adapter knows of the downstream connection a request came
//! over: read from the proxy's own connection state (Envoy's
//! `connection.sha256_peer_certificate_digest`, the platform's TLS client
//! authentication record), never from a request header a client or an
//! earlier hop could write (`X-Forwarded-Client-Cert` is not read).

use crate::sender_constraint::CertificateThumbprint;

/// The downstream connection of a request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Connection {
    /// SHA-256 of the DER client certificate the TLS handshake presented
    /// (and the proxy validated); `None` for plain TCP or TLS without one.
    pub client_certificate: Option<CertificateThumbprint>,
}
