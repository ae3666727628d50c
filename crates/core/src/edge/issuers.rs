//! A provider's issuers, checked: each an [`IssuerPattern`] with its own
//! verifier (whose issuer check is that entry's alone) and its own key
//! source. A token's `iss` picks the entry before any key is read
//! ([`Provider::choose_issuer`]); its signature is then checked against that
//! entry's keys only.

use super::config::{KeySource, Provider, remote_from_wire};
use super::error::ConfigError;
use super::fields::{join, refuse};
use super::wire;
use super::wire_issuers::Issuer;
use crate::error::Error;
use crate::key_set::KeySet;
use crate::remote::FetchPolicy;
use crate::verifier::{IssuerChoice, IssuerPattern, OptionsError, ValidationOptions, Verifier};
use alloc::string::ToString;
use alloc::vec::Vec;

/// One issuer of a provider, with the verifier and keys for its tokens.
#[derive(Debug, Clone)]
pub struct IssuerEntry {
    /// The issuer, or the issuer template with its tenants.
    pub issuer: IssuerPattern,
    /// The provider's checks, with this entry's issuer.
    pub verifier: Verifier,
    /// Where this entry's keys come from.
    pub keys: KeySource,
}

impl Provider {
    /// The entry of `issuers` whose issuer `token` names (read unverified,
    /// checked again by that entry's verifier). With one entry, always it.
    ///
    /// # Errors
    /// `bad_issuer` for an `iss` no entry names, `issuer_tenant_mismatch`
    /// and `tenant_not_allowed` for a template's tenant, `malformed`.
    pub fn choose_issuer(&self, token: &str) -> Result<usize, Error> {
        let max = self
            .issuers
            .first()
            .map_or(0, |e| e.verifier.options().max_token_length);
        self.choice.choose_token(token, max)
    }
}

/// The checked entries of provider `name` and the choice among them.
pub(super) fn entries_from_wire(
    name: &str,
    issuers: Vec<Issuer>,
    options: &ValidationOptions,
) -> Result<(Vec<IssuerEntry>, IssuerChoice), ConfigError> {
    let mut entries = Vec::with_capacity(issuers.len());
    for entry in issuers {
        entries.push(entry_from_wire(name, entry, options)?);
    }
    let patterns = entries.iter().map(|e| e.issuer.clone()).collect();
    let choice = IssuerChoice::new(patterns).map_err(|overlap| {
        refuse(
            &alloc::format!("providers.{name}.issuers[{}].issuer", overlap.second),
            alloc::format!(
                "one iss could name both this entry and issuers[{}]: each token must have one \
                 entry, and so one key set",
                overlap.first
            ),
        )
    })?;
    Ok((entries, choice))
}

fn entry_from_wire(
    name: &str,
    entry: Issuer,
    options: &ValidationOptions,
) -> Result<IssuerEntry, ConfigError> {
    if entry.issuer.is_empty() {
        // Refused as the verifier refuses an empty issuer, as before `issuers`.
        let error = OptionsError::Empty { option: "issuer" };
        return Err(ConfigError::BadOptions {
            provider: name.into(),
            error,
        });
    }
    let issuer = IssuerPattern::new(&entry.issuer, entry.tenants)
        .map_err(|error| refuse(&join(&entry.path, "issuer"), error))?;
    let mut options = options.clone();
    match &issuer {
        IssuerPattern::Exact(exact) => options.issuer = Some(exact.clone().into()),
        IssuerPattern::Template(template) => options.issuer_template = Some(template.clone()),
    }
    let verifier = Verifier::new(options).map_err(|error| ConfigError::BadOptions {
        provider: name.into(),
        error,
    })?;
    // The single-issuer form names the provider, as before `issuers`.
    let owner = if entry.listed {
        entry.path.clone()
    } else {
        name.into()
    };
    let keys = match entry.keys {
        wire::Keys::Local(bytes) => {
            let set = KeySet::from_json(&bytes).map_err(|error| ConfigError::BadKeySet {
                provider: owner.clone(),
                code: error.code(),
                message: error.to_string(),
            })?;
            KeySource::Inline(set)
        }
        wire::Keys::Remote(remote) => {
            KeySource::Remote(remote_from_wire(&owner, remote, FetchPolicy::default())?)
        }
        // Discovery of this entry's own issuer: one metadata document, so
        // one issuer (a template's tenants would each need their own).
        wire::Keys::Discovery(discovery) => match &issuer {
            IssuerPattern::Exact(exact) => KeySource::Discovered(discovery.source(&owner, exact)?),
            IssuerPattern::Template(_) => {
                return Err(refuse(
                    &join(&entry.path, "discovery"),
                    "an issuer template has no one metadata document: list each tenant's \
                     issuer as its own entry, or use remote_jwks",
                ));
            }
        },
    };
    Ok(IssuerEntry {
        issuer,
        verifier,
        keys,
    })
}
