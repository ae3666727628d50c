//! How the edge authenticates to the introspection endpoint (RFC 7662 §2.1
//! requires it): `client_secret_basic` or `client_secret_post` (RFC 6749
//! §2.3.1). The secret never appears in `Debug` output, so no log line the
//! adapters write can carry it.

use super::form::form_urlencode;
use alloc::format;
use alloc::string::String;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use core::fmt;

/// A client secret: readable only through [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret read from the configuration.
    pub fn new(secret: String) -> Secret {
        Secret(secret)
    }

    /// The secret itself, to build the request with.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// The client authentication method and credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientAuth {
    /// `Authorization: Basic base64(urlencode(id) ":" urlencode(secret))`.
    Basic {
        /// The client id.
        client_id: String,
        /// The client secret.
        client_secret: Secret,
    },
    /// `client_id` and `client_secret` in the form body.
    Post {
        /// The client id.
        client_id: String,
        /// The client secret.
        client_secret: Secret,
    },
}

impl ClientAuth {
    /// The `Authorization` header value, for `client_secret_basic`.
    pub fn authorization(&self) -> Option<String> {
        let ClientAuth::Basic {
            client_id,
            client_secret,
        } = self
        else {
            return None;
        };
        // RFC 6749 §2.3.1: each part form-urlencoded before base64, so a
        // `:` in the id cannot move the split.
        let pair = format!(
            "{}:{}",
            form_urlencode(client_id),
            form_urlencode(client_secret.expose())
        );
        Some(format!("Basic {}", STANDARD.encode(pair)))
    }

    /// Form members to append to the body, for `client_secret_post`.
    pub fn form_members(&self) -> Option<String> {
        let ClientAuth::Post {
            client_id,
            client_secret,
        } = self
        else {
            return None;
        };
        Some(format!(
            "&client_id={}&client_secret={}",
            form_urlencode(client_id),
            form_urlencode(client_secret.expose())
        ))
    }
}
