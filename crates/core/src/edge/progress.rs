//! Where a decision stands among the providers its rule accepts: the
//! tokens found for them, the next one to try, the report so far and the
//! most specific failure. A value, so a decision can pause while the host
//! checks a signature and resume later.

use super::gateway::Report;
use super::request::Request;
use crate::edge::config::Provider;
use crate::edge::extract::find_token;
use crate::error::Error;
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
    /// The header it came from, when it came from a header.
    pub(super) header: Option<String>,
}

/// The state of one decision between providers.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Progress {
    pub(super) candidates: Vec<Candidate>,
    next: usize,
    pub(super) report: Report,
    pub(super) first_error: Option<(usize, Error)>,
    pub(super) allow_missing: bool,
}

impl Progress {
    /// The candidates of `providers` (in rule order; providers without a
    /// token in `request` are skipped, as they would be one by one).
    pub(super) fn new(
        request: &Request<'_>,
        all: &[Provider],
        providers: &[usize],
        allow_missing: bool,
    ) -> Progress {
        let candidates = providers
            .iter()
            .filter_map(|&provider| {
                let found = find_token(request, &all.get(provider)?.sources)?;
                Some(Candidate {
                    provider,
                    token: found.token.to_owned(),
                    header: found.header.map(str::to_owned),
                })
            })
            .collect();
        Progress {
            candidates,
            next: 0,
            report: Report {
                provider: providers.first().copied(),
                ..Report::default()
            },
            first_error: None,
            allow_missing,
        }
    }

    /// Whether the request carried a token for any provider of the rule.
    pub(super) fn any_token(&self) -> bool {
        !self.candidates.is_empty()
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

    /// Records the failure of provider `index`. With several providers,
    /// the issuer mismatch of the others is noise: the most specific
    /// failure is kept.
    pub(super) fn fail(&mut self, index: usize, error: Error) {
        let replace = match &self.first_error {
            None => true,
            Some((_, old)) => *old == Error::BadIssuer && error != Error::BadIssuer,
        };
        if replace {
            self.first_error = Some((index, error));
        }
    }
}
