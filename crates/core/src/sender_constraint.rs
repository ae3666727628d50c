//! Sender-constrained tokens (`cnf`, RFC 7800) are not bearer tokens.
//!
//! A token with a `cnf` claim is bound to a key its holder must prove
//! possession of: a DPoP key (`jkt`, RFC 9449), a TLS client certificate
//! (`x5t#S256`, RFC 8705), or any other confirmation method. Accepting such
//! a token without its proof would let whoever copied it use it as a plain
//! bearer token: the downgrade RFC 9449 §7.1 describes.
//!
//! Two bindings are checked here. DPoP's: when the call brings a DPoP
//! proof that held ([`crate::dpop`]), `cnf.jkt` must be that proof key's
//! thumbprint. The certificate's (RFC 8705 §3): when the caller says which
//! client certificate the TLS connection presented
//! ([`Confirmation::Certificate`]), `cnf["x5t#S256"]` must be the base64url
//! SHA-256 of its DER, compared exactly (a padded or `+/` spelling is
//! another value). A token is accepted only when every `cnf` member was
//! proven: one carrying `jkt` and `x5t#S256` needs both proofs. Any other
//! `cnf` member, whatever its value (even `null` or a method we do not
//! know), refuses the token with `binding_not_verified`, unless the caller
//! opted out with
//! [`ValidationOptions::accept_sender_constrained_as_bearer`](crate::verifier::ValidationOptions::accept_sender_constrained_as_bearer).
//! A proof that names another key or certificate is refused whatever the
//! opt-out says.

use crate::base64url;
use crate::error::Error;
use crate::json::JsonObject;
use serde_json::Value;

/// The confirmation claim (RFC 7800 §3.1).
const CONFIRMATION: &str = "cnf";
/// The DPoP confirmation method: the proof key's thumbprint (RFC 9449 §6.1).
const JWK_THUMBPRINT: &str = "jkt";
/// The certificate confirmation method: base64url SHA-256 of the client
/// certificate's DER (RFC 8705 §3.1).
pub const CERTIFICATE_THUMBPRINT: &str = "x5t#S256";

/// SHA-256 of a client certificate's DER encoding: what RFC 8705 binds a
/// token to, and what proxies report of a TLS connection (Envoy's
/// `connection.sha256_peer_certificate_digest`, Cloudflare's
/// `certFingerprintSHA256`, both in hex).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CertificateThumbprint(pub [u8; 32]);

impl CertificateThumbprint {
    /// The thumbprint of a DER-encoded certificate.
    pub fn of_der(der: &[u8]) -> CertificateThumbprint {
        use sha2::{Digest, Sha256};
        CertificateThumbprint(Sha256::digest(der).into())
    }

    /// Reads 64 hex digits (either case), the form proxies report; a
    /// `:`-separated spelling (`AB:CD:…`, OpenSSL's and Node's) is
    /// accepted too. `None` for anything else.
    pub fn from_hex(hex: &str) -> Option<CertificateThumbprint> {
        let mut digits = hex.bytes().filter(|&b| b != b':');
        let mut bytes = [0u8; 32];
        for byte in &mut bytes {
            let high = hex_digit(digits.next()?)?;
            let low = hex_digit(digits.next()?)?;
            *byte = (high << 4) | low;
        }
        let separators_ok = !hex.contains(':') || hex.split(':').all(|pair| pair.len() == 2);
        (digits.next().is_none() && separators_ok).then_some(CertificateThumbprint(bytes))
    }

    /// The `cnf["x5t#S256"]` value a token bound to this certificate carries.
    pub fn to_base64url(&self) -> alloc::string::String {
        base64url::encode(&self.0)
    }
}

/// Whether `claims` bind the token to a certificate (`cnf["x5t#S256"]`
/// present, whatever its value): what `required` options ask of a token.
pub fn is_certificate_bound(claims: &JsonObject) -> bool {
    claims
        .get(CONFIRMATION)
        .and_then(|cnf| cnf.get(CERTIFICATE_THUMBPRINT))
        .is_some()
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

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
    /// The caller checks certificate binding (RFC 8705): the TLS
    /// connection presented this client certificate, or none (`None`: a
    /// `cnf["x5t#S256"]` token is refused with `certificate_required`).
    Certificate {
        /// SHA-256 of the client certificate's DER, as the connection saw it.
        certificate: Option<CertificateThumbprint>,
        /// What the call proves of DPoP beside it ([`Confirmation::Bearer`]
        /// when DPoP is not checked).
        dpop: &'a Confirmation<'a>,
    },
}

impl<'a> Confirmation<'a> {
    /// The DPoP part, and the certificate part (`None`: not checked).
    fn split(self) -> (Confirmation<'a>, Option<Option<CertificateThumbprint>>) {
        match self {
            Confirmation::Certificate { certificate, dpop } => (dpop.split().0, Some(certificate)),
            dpop => (dpop, None),
        }
    }
}

/// Refuses a sender-constrained token whose binding this call does not
/// prove, unless `accept_as_bearer`.
///
/// # Errors
/// `dpop_key_mismatch` (a proof by another key than `cnf.jkt`, opt-out or
/// not), `dpop_proof_required` (a `cnf.jkt` token without a proof, where
/// DPoP is checked), `certificate_mismatch` (a `cnf["x5t#S256"]` naming
/// another certificate than the connection's, opt-out or not),
/// `certificate_required` (a `cnf["x5t#S256"]` token over a connection
/// without a client certificate, where certificates are checked),
/// `binding_not_verified` (any other `cnf` the caller did not opt out of).
pub(crate) fn check(
    claims: &JsonObject,
    accept_as_bearer: bool,
    confirmation: Confirmation<'_>,
) -> Result<(), Error> {
    let Some(cnf) = claims.get(CONFIRMATION) else {
        return Ok(());
    };
    let (dpop, certificate) = confirmation.split();
    let methods = cnf.as_object();
    let member = |name| methods.and_then(|methods| methods.get(name));
    let mut proven = 0;
    match (dpop, member(JWK_THUMBPRINT)) {
        (Confirmation::Dpop { thumbprint }, Some(jkt)) => {
            if jkt != &Value::from(thumbprint) {
                return Err(Error::DpopKeyMismatch);
            }
            proven += 1;
        }
        (Confirmation::DpopMissing, Some(_)) => return Err(Error::DpopProofRequired),
        _ => {}
    }
    match (certificate, member(CERTIFICATE_THUMBPRINT)) {
        (Some(Some(presented)), Some(x5t)) => {
            if x5t.as_str() != Some(presented.to_base64url().as_str()) {
                return Err(Error::CertificateMismatch);
            }
            proven += 1;
        }
        (Some(None), Some(_)) => return Err(Error::CertificateRequired),
        _ => {}
    }
    // A member beside the proven ones is a binding nobody checked.
    if proven > 0 && methods.is_some_and(|methods| methods.len() == proven) {
        return Ok(());
    }
    if accept_as_bearer {
        Ok(())
    } else {
        Err(Error::BindingNotVerified)
    }
}
