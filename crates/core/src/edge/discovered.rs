//! A provider whose keys are found from its issuer: two fetch machines,
//! the metadata document's and the key set's, and the `jwks_uri` the key
//! set is fetched from, which follows the document.

use super::DiscoverySource;
use crate::discovery::{DiscoveryDocument, DiscoveryFetch};
use crate::remote::JwksFetch;
use alloc::string::String;

/// The machines of one discovered provider; the adapter drives both, the
/// key set's only once [`jwks_uri`](Self::jwks_uri) is known.
#[derive(Debug, Clone)]
pub struct DiscoveredKeys {
    /// The issuer's metadata document.
    pub discovery: DiscoveryFetch,
    /// The key set at the document's `jwks_uri`.
    pub keys: JwksFetch,
    jwks_uri: Option<String>,
}

impl DiscoveredKeys {
    /// Empty machines for `source`.
    pub fn new(source: &DiscoverySource) -> DiscoveredKeys {
        DiscoveredKeys {
            discovery: DiscoveryFetch::with_policy(
                &source.issuer,
                source.allow_insecure_http,
                source.document.policy,
            ),
            keys: JwksFetch::new(source.jwks_policy),
            jwks_uri: None,
        }
    }

    /// Where the key set is fetched from: the `jwks_uri` of the last
    /// document followed; `None` before the first accepted document.
    pub fn jwks_uri(&self) -> Option<&str> {
        self.jwks_uri.as_deref()
    }

    /// The last accepted metadata document usable at `now_ms`, for the
    /// endpoints it names (`introspection_endpoint`, ...).
    pub fn document(&self, now_ms: u64) -> Option<&DiscoveryDocument> {
        self.discovery.document(now_ms).ok()
    }

    /// Takes the `jwks_uri` of the current document. When it moved, the
    /// key set machine refetches from the new URL at once; the keys held
    /// keep verifying until the new set arrives. Returns whether it moved.
    pub fn follow(&mut self, now_ms: u64) -> bool {
        let Ok(document) = self.discovery.document(now_ms) else {
            return false;
        };
        let uri = document.jwks_uri();
        match &self.jwks_uri {
            Some(current) if current == uri => false,
            Some(_) => {
                self.jwks_uri = Some(uri.into());
                self.keys.moved(now_ms);
                true
            }
            None => {
                self.jwks_uri = Some(uri.into());
                false
            }
        }
    }
}
