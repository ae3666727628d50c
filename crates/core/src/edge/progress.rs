//! Where a decision stands among the providers its rule accepts: the
//! tokens found for them, the next one to try, the report so far and the
//! most specific failure. A value, so a decision can pause while the host
//! checks a signature and resume later.

use super::gateway::Report;
use super::proof_input::{DPOP_HEADER, ProofInput};
use super::request::Request;
use super::strip::{Always, Edits, token_removal};
use crate::edge::config::Provider;
use crate::edge::extract::{Tokens, find_tokens};
use crate::error::Error;
use crate::sender_constraint::CertificateThumbprint;
use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

/// A provider of the rule and the token the request carries for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Candidate {
    /// The provider's index in the configuration.
    pub(super) provider: usize,
    /// The token text (not yet verified).
    pub(super) token: String,
    /// The request's DPoP inputs, for a provider with DPoP rules.
    pub(super) proof: Option<ProofInput>,
    /// The connection's client certificate (set by the gateway; read for
    /// a provider with `certificate_bound_tokens`). Kept per candidate,
    /// out of line, so a paused decision stays small.
    pub(super) client_certificate: Option<CertificateThumbprint>,
}

/// What a rule lets through besides a valid token.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Allowance {
    /// A request with no token at all.
    pub(super) missing: bool,
    /// Any request: a missing or invalid token passes without identity.
    pub(super) failed: bool,
}

/// The state of one decision between providers.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Progress {
    pub(super) candidates: Vec<Candidate>,
    next: usize,
    pub(super) report: Report,
    /// The kept failure: provider, issuer entry (0 when none was chosen),
    /// error.
    pub(super) first_error: Option<(usize, usize, Error)>,
    pub(super) allowance: Allowance,
    /// The request carried more than one token: refused whatever the
    /// providers would say.
    pub(super) several_tokens: bool,
    /// Edits for any forwarded request: forged identity headers out, the
    /// canonical path in.
    pub(super) always: Always,
    /// What takes the token out of the request, for a provider that
    /// does not `forward` it.
    pub(super) token_removal: Edits,
}

impl Progress {
    /// The candidates of `providers` (in rule order; providers without a
    /// token in `request` are skipped, as they would be one by one).
    /// Every source of every provider is read first: more than one token
    /// leaves no candidate and `several_tokens` set.
    pub(super) fn new(
        request: &Request<'_>,
        all: &[Provider],
        providers: &[usize],
        allowance: Allowance,
        mut always: Always,
    ) -> Progress {
        let dpop = providers
            .iter()
            .any(|&index| all.get(index).is_some_and(|p| p.dpop.is_some()));
        if dpop {
            // A proof never reaches the upstream, even on a request passed
            // without identity (`allow_missing_or_failed`).
            always.spoofable.push(DPOP_HEADER.to_owned());
        }
        let every_source = providers
            .iter()
            .filter_map(|&index| all.get(index))
            .flat_map(|provider| provider.sources.iter());
        let (candidates, several_tokens, token_removal) = match find_tokens(request, every_source) {
            Tokens::Several => (Vec::new(), true, Edits::default()),
            Tokens::None => (Vec::new(), false, Edits::default()),
            Tokens::One(found) => {
                let candidates = providers
                    .iter()
                    .filter_map(|&provider| {
                        let config = all.get(provider)?;
                        let Tokens::One(own) = find_tokens(request, &config.sources) else {
                            return None;
                        };
                        let proof = config
                            .dpop
                            .as_ref()
                            .map(|_| ProofInput::of(request, own.source));
                        Some(Candidate {
                            provider,
                            token: own.token.to_owned(),
                            proof,
                            client_certificate: None,
                        })
                    })
                    .collect();
                (candidates, false, token_removal(found.source, request))
            }
        };
        Progress {
            candidates,
            next: 0,
            report: Report {
                provider: providers.first().copied(),
                ..Report::default()
            },
            first_error: None,
            allowance,
            several_tokens,
            always,
            token_removal,
        }
    }

    /// Records the connection's client certificate for every candidate.
    pub(super) fn over(&mut self, certificate: Option<CertificateThumbprint>) {
        for candidate in &mut self.candidates {
            candidate.client_certificate = certificate;
        }
    }

    /// Whether the request carried a token for any provider of the rule.
    pub(super) fn any_token(&self) -> bool {
        !self.candidates.is_empty() || self.several_tokens
    }

    /// Moves to the next candidate and returns its position.
    pub(super) fn advance(&mut self) -> Option<usize> {
        let position = self.next;
        if position < self.candidates.len() {
            self.next += 1;
            Some(position)
        } else {
            None
        }
    }

    /// Records the failure of provider `index` (its issuer entry `issuer`).
    /// With several providers, the issuer mismatch of the others is noise:
    /// the most specific failure is kept.
    pub(super) fn fail(&mut self, index: usize, issuer: usize, error: Error) {
        let replace = match &self.first_error {
            None => true,
            Some((_, _, old)) => *old == Error::BadIssuer && error != Error::BadIssuer,
        };
        if replace {
            self.first_error = Some((index, issuer, error));
        }
    }
}
