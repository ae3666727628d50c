//! The cached state as a small JSON string, for short-lived isolates.
//!
//! ```json
//! {"v":1,"body":"<base64url of the raw body>","fetched_at":1767225600000,
//!  "expires_at":1767226200000,"etag":"\"abc\""}
//! ```
//!
//! The body is stored raw (base64url, so any bytes round-trip) and parsed
//! again on import: a snapshot is only as trusted as a fresh response.

use crate::error::Error;
use alloc::string::String;
use alloc::vec::Vec;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

const VERSION: u32 = 1;

/// The error for a snapshot that is not one we wrote.
const BAD_SNAPSHOT: Error = Error::JwksInvalid("cached state is not a valid snapshot");

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    v: u32,
    body: String,
    fetched_at: u64,
    expires_at: u64,
    etag: Option<String>,
}

/// The decoded fields of a snapshot (body not yet parsed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Snapshot {
    pub body: Vec<u8>,
    pub fetched_at_ms: u64,
    pub expires_at_ms: u64,
    pub etag: Option<String>,
}

impl Snapshot {
    /// Serializes to the JSON form; `None` only if serialization fails.
    pub(crate) fn to_json(&self) -> Option<String> {
        let wire = Wire {
            v: VERSION,
            body: URL_SAFE_NO_PAD.encode(&self.body),
            fetched_at: self.fetched_at_ms,
            expires_at: self.expires_at_ms,
            etag: self.etag.clone(),
        };
        serde_json::to_string(&wire).ok()
    }

    /// Decodes the JSON form, bounded by `max_body_bytes` for the body.
    pub(crate) fn from_json(text: &str, max_body_bytes: usize) -> Result<Snapshot, Error> {
        // base64 inflates by 4/3; anything much longer cannot hold an allowed body.
        let limit = max_body_bytes.saturating_mul(2).saturating_add(1024);
        if text.len() > limit {
            return Err(Error::TooLarge { limit });
        }
        // A derived struct also deserializes from an array; we only write objects.
        if !text.trim_start().starts_with('{') {
            return Err(BAD_SNAPSHOT);
        }
        let wire: Wire = serde_json::from_str(text).map_err(|_| BAD_SNAPSHOT)?;
        if wire.v != VERSION || wire.expires_at < wire.fetched_at {
            return Err(BAD_SNAPSHOT);
        }
        let body = URL_SAFE_NO_PAD
            .decode(wire.body.as_bytes())
            .map_err(|_| BAD_SNAPSHOT)?;
        if body.len() > max_body_bytes {
            return Err(Error::TooLarge {
                limit: max_body_bytes,
            });
        }
        Ok(Snapshot {
            body,
            fetched_at_ms: wire.fetched_at,
            expires_at_ms: wire.expires_at,
            etag: wire.etag,
        })
    }
}
