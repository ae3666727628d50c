//! Sender-constrained tokens (`cnf`, RFC 7800) are not bearer tokens.
//!
//! A token with a `cnf` claim is bound to a key its holder must prove
//! possession of: a DPoP key (`jkt`, RFC 9449), a TLS client certificate
//! (`x5t#S256`, RFC 8705), or any other confirmation method. tokenward does
//! not check such proofs yet, so accepting the token would let whoever copied
//! it use it as a plain bearer token: the downgrade RFC 9449 §7.1 describes.
//! Any `cnf` member, whatever its value (even `null` or a method we do not
//! know), therefore refuses the token with `binding_not_verified`, unless the
//! caller opted out with
//! [`ValidationOptions::accept_sender_constrained_as_bearer`](crate::verifier::ValidationOptions::accept_sender_constrained_as_bearer).

use crate::error::Error;
use crate::json::JsonObject;

/// The confirmation claim (RFC 7800 §3.1).
const CONFIRMATION: &str = "cnf";

/// Refuses a sender-constrained token unless `accept_as_bearer`.
///
/// # Errors
/// `binding_not_verified` when the claims hold `cnf` and the caller did not
/// opt out.
pub(crate) fn check(claims: &JsonObject, accept_as_bearer: bool) -> Result<(), Error> {
    if claims.contains_key(CONFIRMATION) && !accept_as_bearer {
        return Err(Error::BindingNotVerified);
    }
    Ok(())
}
