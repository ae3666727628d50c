//! An introspection endpoint found by discovery: a provider with
//! `discovery` and `introspection` without `endpoint` introspects at the
//! `introspection_endpoint` of its metadata document, the one usable now,
//! so the endpoint follows the document as it refreshes. Without a usable
//! document (none accepted yet, or too stale), or when the document names
//! no endpoint (or one the introspection's URL rule refuses), there is no
//! endpoint and every token the provider would introspect is refused 503
//! `introspection_unavailable`.

use super::config::{EdgeConfig, KeySource};
use super::sources::Sources;
use alloc::vec::Vec;

/// The providers whose introspection endpoint comes from their metadata
/// document: they introspect, name no `endpoint`, and their one issuer's
/// keys are discovered (the configuration refuses `introspection` beside
/// `issuers`, and an `endpoint`-less one without `discovery`).
pub(super) fn discovered_endpoints(config: &EdgeConfig) -> Vec<usize> {
    config
        .providers
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.introspection
                .as_ref()
                .is_some_and(|i| i.endpoint.is_none())
                && matches!(
                    p.issuers.as_slice(),
                    [entry] if matches!(entry.keys, KeySource::Discovered(_))
                )
        })
        .map(|(index, _)| index)
        .collect()
}

/// Points each of `providers`' introspection at the endpoint its metadata
/// document usable at `now_ms` names, or at none.
pub(super) fn follow(config: &mut EdgeConfig, providers: &[usize], sources: &Sources, now_ms: u64) {
    for &index in providers {
        let named = sources
            .discovered(index, 0)
            .and_then(|keys| keys.document(now_ms))
            .and_then(|document| document.introspection_endpoint());
        let Some(settings) = config
            .providers
            .get_mut(index)
            .and_then(|p| p.introspection.as_mut())
        else {
            continue;
        };
        let current = settings.endpoint.as_ref().map(|e| e.uri.as_str());
        if current == named {
            continue;
        }
        match named {
            // Refused by the introspection's own URL rule: no endpoint.
            Some(uri) if settings.set_endpoint(uri).is_ok() => {}
            _ => settings.endpoint = None,
        }
    }
}
