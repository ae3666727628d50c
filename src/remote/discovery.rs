//! `RemoteKeySet.discover`'s engine (feature `remote-key-set`): the core's
//! metadata-document machine in wasm. The core refuses a document naming
//! another issuer, or an endpoint its fetch-URL rule refuses; the JS side
//! performs the fetches and moves the key set to the `jwks_uri` it names.

use super::driver::machine_driver_exports;
use super::{WasmKeySetFetch, ms};
use tokenward_core::discovery::{DiscoveryDocument, DiscoveryFetch, DiscoveryKind, discovery_url};
use wasm_bindgen::prelude::*;

/// One issuer's metadata document, kept fresh; the JS side fetches it.
#[wasm_bindgen]
#[derive(Debug)]
pub struct WasmDiscoveryFetch {
    machine: DiscoveryFetch,
    url: String,
}

machine_driver_exports!(WasmDiscoveryFetch);

#[wasm_bindgen]
impl WasmDiscoveryFetch {
    /// A machine for `issuer`'s document of `kind` (`oidc` or `oauth`),
    /// refreshing every `max_age_ms` without a server `max-age` (negative:
    /// the default 10 minutes), with the key set's fetch `timeout_ms`.
    /// `undefined` with the last error set (`invalid_options`, naming the
    /// option) for a kind or discovery URL that is refused.
    pub fn create(
        issuer: &str,
        kind: &str,
        allow_insecure_http: bool,
        max_age_ms: f64,
        timeout_ms: f64,
    ) -> Option<WasmDiscoveryFetch> {
        let Some(kind) = DiscoveryKind::from_name(kind) else {
            crate::output::set_error(
                crate::verifier::INVALID_OPTIONS,
                format!("discovery must be \"oidc\" or \"oauth\" (got {kind:?})"),
            );
            return None;
        };
        let url = discovery_url(issuer, kind);
        if !super::check_remote_url(&url, allow_insecure_http, "discovery URL") {
            return None;
        }
        let mut policy = DiscoveryDocument::fetch_policy();
        if max_age_ms >= 0.0 {
            policy = policy.fetching_every(ms(max_age_ms));
        }
        policy.timeout_ms = ms(timeout_ms).max(1);
        Some(WasmDiscoveryFetch {
            machine: DiscoveryFetch::with_policy(issuer, allow_insecure_http, policy),
            url,
        })
    }

    /// The metadata document's URL.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// Whether an accepted document is usable at `clock_ms`.
    pub fn usable(&self, clock_ms: f64) -> bool {
        self.machine.document(ms(clock_ms)).is_ok()
    }

    /// The accepted document's `jwks_uri`, or `undefined`.
    #[wasm_bindgen(js_name = jwksUri)]
    pub fn jwks_uri(&self, clock_ms: f64) -> Option<String> {
        self.document(clock_ms).map(|d| d.jwks_uri().to_owned())
    }

    /// The accepted document's `introspection_endpoint`, or `undefined`.
    #[wasm_bindgen(js_name = introspectionEndpoint)]
    pub fn introspection_endpoint(&self, clock_ms: f64) -> Option<String> {
        self.document(clock_ms)?
            .introspection_endpoint()
            .map(str::to_owned)
    }

    /// The accepted document's `revocation_endpoint`, or `undefined`.
    #[wasm_bindgen(js_name = revocationEndpoint)]
    pub fn revocation_endpoint(&self, clock_ms: f64) -> Option<String> {
        self.document(clock_ms)?
            .revocation_endpoint()
            .map(str::to_owned)
    }
}

impl WasmDiscoveryFetch {
    fn document(&self, clock_ms: f64) -> Option<&DiscoveryDocument> {
        self.machine.document(ms(clock_ms)).ok()
    }
}

#[wasm_bindgen]
impl WasmKeySetFetch {
    /// The key set's URL moved (a new `jwks_uri`): refetch at once without
    /// the old `ETag`; the keys held serve until the new set arrives.
    pub fn moved(&mut self, clock_ms: f64) {
        self.machine.moved(ms(clock_ms));
    }
}
