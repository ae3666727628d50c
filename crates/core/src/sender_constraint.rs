//! Sender-constrained tokens (`cnf`, RFC 7800) are not bearer tokens.
//!
//! A token with a `cnf` claim is bound to a key its holder must prove
//! possession of: a DPoP key (`jkt`, RFC 9449), a TLS client certificate
//! (`x5t#S256`, RFC 8705), or any other confirmation method. Accepting such
//! a token without its proof would let whoever copied it use it as a plain
//! bearer token: the downgrade RFC 9449 §7.1 describes.
//!
//! The one binding checked here is DPoP's: when the call brings a DPoP
//! proof that held ([`crate::dpop`]), a token whose `cnf` is exactly
//! `{"jkt": <the proof key's thumbprint>}` is accepted. Any other `cnf`
//! member, whatever its value (even `null` or a method we do not know),
//! refuses the token with `binding_not_verified`, unless the caller opted
//! out with
//! [`ValidationOptions::accept_sender_constrained_as_bearer`](crate::verifier::ValidationOptions::accept_sender_constrained_as_bearer).

use crate::error::Error;
use crate::json::JsonObject;
use serde_json::Value;

/// The confirmation claim (RFC 7800 §3.1).
const CONFIRMATION: &str = "cnf";
/// The DPoP confirmation method: the proof key's thumbprint (RFC 9449 §6.1).
const JWK_THUMBPRINT: &str = "jkt";

/// What the call proves about the key its token is bound to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Confirmation<'a> {
    /// The caller checks no proof of possession: a `cnf` token is refused
    /// with `binding_not_verified`.
    #[default]
    Bearer,
    /// The caller checks DPoP but the request brought no proof (or sent the
    /// token with the `Bearer` scheme): a `cnf.jkt` token is refused with
    /// `dpop_proof_required`.
    DpopMissing,
    /// A DPoP proof held, signed by the key of this RFC 7638 thumbprint.
    Dpop {
        /// base64url SHA-256 thumbprint of the proof key.
        thumbprint: &'a str,
    },
}

/// Refuses a sender-constrained token whose binding this call does not
/// prove, unless `accept_as_bearer`.
///
/// # Errors
/// `dpop_key_mismatch` (a proof by another key than `cnf.jkt`, opt-out or
/// not), `dpop_proof_required` (a `cnf.jkt` token without a proof, where
/// DPoP is checked), `binding_not_verified` (any other `cnf` the caller did
/// not opt out of).
pub(crate) fn check(
    claims: &JsonObject,
    accept_as_bearer: bool,
    confirmation: Confirmation<'_>,
) -> Result<(), Error> {
    let Some(cnf) = claims.get(CONFIRMATION) else {
        return Ok(());
    };
    let methods = cnf.as_object();
    let jkt = methods.and_then(|methods| methods.get(JWK_THUMBPRINT));
    match (confirmation, jkt) {
        (Confirmation::Dpop { thumbprint }, Some(jkt)) => {
            if jkt != &Value::from(thumbprint) {
                return Err(Error::DpopKeyMismatch);
            }
            // A second method beside `jkt` would be a binding nobody checked.
            if methods.is_some_and(|methods| methods.len() == 1) {
                return Ok(());
            }
        }
        (Confirmation::DpopMissing, Some(_)) => return Err(Error::DpopProofRequired),
        _ => {}
    }
    if accept_as_bearer {
        Ok(())
    } else {
        Err(Error::BindingNotVerified)
    }
}
