//! The npm package's copies of the core's error codes, generated from
//! `tokenward_core::ErrorCode` (the single source) and checked here: the
//! `ErrorCode` union of `src/js/index.d.ts` and the error-code table of
//! `src/js/README.md`. A stale file fails this test; regenerate with
//!
//! ```sh
//! TOKENWARD_REGENERATE=1 cargo test -p tokenward --test generated_codes
//! ```
//!
//! (`ERROR_CODES` itself needs no file: the core derives it from
//! `ErrorCode::ALL`, and the package's `codes.js` is read from the wasm at
//! build time.)
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use tokenward::core::ErrorCode;

const REGENERATE: &str = "TOKENWARD_REGENERATE=1 cargo test -p tokenward --test generated_codes";

/// What each code means to a JS caller, in the words of the package's
/// options. A new code without its line here falls through to `_` and
/// fails `every_code_has_its_own_meaning`.
fn meaning(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::Malformed => {
            "not a compact JWS: three base64url segments of JSON objects (`reason` says which part)"
        }
        ErrorCode::TooLarge => {
            "the token (or a key set, a revocation list) is larger than its cap (`maxTokenLength`, default 16384 bytes)"
        }
        ErrorCode::AlgNotAllowed => {
            "the header's `alg` is not in `algorithms` (`none` never is; HMAC only with `allowSymmetric`)"
        }
        ErrorCode::CritUnsupported => {
            "the header has `crit`: no extension is supported, so the token is refused"
        }
        ErrorCode::BadTyp => {
            "the header's `typ` is not the expected one (`typ` option, `at+jwt` profile)"
        }
        ErrorCode::UnknownKid => {
            "no key in the set has the header's `kid`, also after the refetch it may trigger"
        }
        ErrorCode::AmbiguousKey => {
            "several keys could verify the token (same `kid`, or no `kid` and several candidates)"
        }
        ErrorCode::KeyAlgMismatch => "the key's type or `alg` does not fit the header's `alg`",
        ErrorCode::KeyUseMismatch => {
            "the key's `use` / `key_ops` do not allow verifying signatures"
        }
        ErrorCode::WeakKey => "an RSA key under 2048 bits",
        ErrorCode::BadSignature => "the signature does not verify (deliberately without detail)",
        ErrorCode::BadClaimType => {
            "a registered claim has the wrong JSON type (`exp` a string, `aud` a number, ...); `claim` names it"
        }
        ErrorCode::MissingClaim => {
            "a required claim is absent (`exp` by default, `requiredClaims`, `iat` with `maxTokenAge`, `at_hash` with `accessToken`); `claim` names it"
        }
        ErrorCode::Expired => "`now ≥ exp + clockTolerance`",
        ErrorCode::NotYetValid => "`nbf > now + clockTolerance`",
        ErrorCode::TokenTooOld => "`now - iat > maxTokenAge + clockTolerance`",
        ErrorCode::BadIssuer => "`iss` is none of `issuer` (or of the `issuers` entries)",
        ErrorCode::IssuerTenantMismatch => {
            "an issuer template's `iss` is not the template with `{tenantid}` replaced by the token's `tid`, or `tid` is not a tenant id ([several issuers](#several-issuers-and-tenants))"
        }
        ErrorCode::TenantNotAllowed => {
            "the token's tenant (`tid`) is not in the issuer template's `tenants`"
        }
        ErrorCode::BadAudience => {
            "`aud` holds none of `audience` (or the `clientId` of an ID token)"
        }
        ErrorCode::BadSubject => "`sub` is not `subject`",
        ErrorCode::NonceMismatch => {
            "the ID token's `nonce` is not the call's `nonce` (or is absent)"
        }
        ErrorCode::BadAzp => "ID token: `azp` missing with several audiences, or not `clientId`",
        ErrorCode::AuthTimeTooOld => "`now - auth_time > maxAge + clockTolerance`",
        ErrorCode::AtHashMismatch => {
            "`at_hash` (or `c_hash`) does not match the access token (or code)"
        }
        ErrorCode::BindingNotVerified => {
            "a sender-constrained token (`cnf`: DPoP, mTLS) taken as a bearer token is refused; see `acceptSenderConstrainedAsBearer`"
        }
        ErrorCode::DpopProofRequired => {
            "a DPoP-bound token (`cnf.jkt`) came without a proof to a Verifier with `dpop` ([DPoP](#dpop-sender-constrained-tokens))"
        }
        ErrorCode::InvalidDpopProof => {
            "the DPoP proof breaks a rule of RFC 9449 §4.3; `reason` names it (`htm`, `htu`, `iat`, `ath`, `signature`, ...)"
        }
        ErrorCode::UseDpopNonce => {
            "nonces are required and the proof has no current one; send `dpopNonce` back in `DPoP-Nonce`"
        }
        ErrorCode::DpopReplay => "this proof was already accepted once",
        ErrorCode::DpopReplayCacheFull => {
            "the replay cache holds `replayCacheSize` proofs still in their window: refused rather than forgetting one"
        }
        ErrorCode::DpopKeyMismatch => {
            "the proof is signed by another key than the one `cnf.jkt` names"
        }
        ErrorCode::DpopTokenUnbound => {
            "a proof came with a token that has no `cnf.jkt` (see `allowUnboundTokens`)"
        }
        ErrorCode::CertificateMismatch => {
            "the token's `cnf[\"x5t#S256\"]` is not the SHA-256 of the connection's client certificate (the call's `certificateThumbprint`; [certificate-bound tokens](#certificate-bound-tokens-mtls))"
        }
        ErrorCode::CertificateRequired => {
            "a certificate-bound token (`cnf[\"x5t#S256\"]`) came without a client certificate (`certificateThumbprint`) where certificates are checked (`certificateBoundTokens`, `certificate_bound_tokens`)"
        }
        ErrorCode::CertificateTokenUnbound => {
            "`required: true` in `certificateBoundTokens` (`certificate_bound_tokens` at the edge) and the token has no `cnf[\"x5t#S256\"]`"
        }
        ErrorCode::Revoked => "the token is on the `revocation` list",
        ErrorCode::TokenInactive => {
            "edge only (`tokenward/edge`, Envoy): the provider's token introspection endpoint (RFC 7662) answered that the token is not active"
        }
        ErrorCode::JwksUnavailable => {
            "no usable key set: never fetched, or the fetch failed with nothing cached (`cause` says why)"
        }
        ErrorCode::JwksInvalid => {
            "the key set (or a key in it) cannot be parsed, or it publishes private key material"
        }
        ErrorCode::DiscoveryInvalid => {
            "the issuer's discovery document is not one (no `issuer` or `jwks_uri` string, too large, too deep), or names an endpoint that is not `https://` (or `http://` to loopback) ([discovery](#verify-with-only-the-issuer))"
        }
        ErrorCode::DiscoveryIssuerMismatch => {
            "the discovery document names another `issuer` than the configured one (compared exactly): refused, and no key is fetched from it"
        }
        ErrorCode::RevocationListInvalid => {
            "a revocation list is not in the documented format (never a verdict on a token)"
        }
        ErrorCode::RevocationUnavailable => {
            "the `Verifier` follows a `RemoteRevocationList` that has no usable list (not fetched yet, or stale past `staleIfError`): every token is refused until one arrives, unless `failOpen: true`"
        }
        ErrorCode::IntrospectionUnavailable => {
            "edge only: the provider's token introspection endpoint gave no usable answer (down, timed out, not 200, not JSON): answered 503, never allowed"
        }
        ErrorCode::LogoutTokenInvalid => {
            "a back-channel logout token breaks a logout rule: `reason` is `events`, `nonce_present`, `no_sid_or_sub`, `iat_in_future` or `empty_jti` ([back-channel logout](#back-channel-logout-for-a-fleet))"
        }
        ErrorCode::LogoutTokenReplayed => {
            "a back-channel logout token whose `jti` was already accepted"
        }
        // `ErrorCode` is non-exhaustive for other crates; every code it has
        // today is listed above, and `every_code_has_its_own_meaning` fails
        // on one that falls through to here.
        _ => "",
    }
}

fn ts_union() -> String {
    let mut out = String::from(
        "/** A stable verification error code (the core's `ERROR_CODES`). */\nexport type ErrorCode =\n",
    );
    for code in ErrorCode::ALL {
        out.push_str(&format!("  | \"{code}\"\n"));
    }
    out.pop();
    out.push_str(";\n");
    out
}

fn readme_table() -> String {
    let mut out = String::from("| code | meaning |\n|---|---|\n");
    for code in ErrorCode::ALL {
        out.push_str(&format!("| `{code}` | {} |\n", meaning(*code)));
    }
    out
}

/// `file` with the text between its `BEGIN GENERATED: <what>` and
/// `END GENERATED: <what>` lines replaced by `body`.
fn with_region(file: &str, text: &str, what: &str, body: &str) -> String {
    let begin = format!("BEGIN GENERATED: {what}");
    let end = format!("END GENERATED: {what}");
    let start = text
        .find(&begin)
        .and_then(|at| text[at..].find('\n').map(|nl| at + nl + 1))
        .unwrap_or_else(|| panic!("{file}: no `{begin}` line"));
    let stop = text[start..]
        .find(&end)
        .and_then(|at| text[..start + at].rfind('\n').map(|nl| nl + 1))
        .unwrap_or_else(|| panic!("{file}: no `{end}` line after `{begin}`"));
    format!("{}{body}{}", &text[..start], &text[stop..])
}

fn check(file: &str, what: &str, body: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    let generated = with_region(file, &text, what, body);
    if generated == text {
        return;
    }
    if std::env::var_os("TOKENWARD_REGENERATE").is_some() {
        std::fs::write(&path, generated).unwrap_or_else(|e| panic!("{file}: {e}"));
        return;
    }
    panic!("{file} is out of date with tokenward-core's ErrorCode ({what}); run\n  {REGENERATE}");
}

#[test]
fn index_d_ts_lists_every_error_code() {
    check("src/js/index.d.ts", "error codes", &ts_union());
}

#[test]
fn readme_table_lists_every_error_code() {
    check("src/js/README.md", "error codes", &readme_table());
}

#[test]
fn every_code_has_its_own_meaning() {
    assert!(ErrorCode::ALL.len() >= 28, "ErrorCode::ALL lost codes");
    for code in ErrorCode::ALL {
        let meaning = meaning(*code);
        assert!(meaning.len() > 10, "{code} has no meaning for the README");
    }
}

#[test]
fn regions_are_replaced_between_their_markers_only() {
    let text = "a\n<!-- BEGIN GENERATED: x -->\nold\n<!-- END GENERATED: x -->\nb\n";
    assert_eq!(
        with_region("t", text, "x", "new\n"),
        "a\n<!-- BEGIN GENERATED: x -->\nnew\n<!-- END GENERATED: x -->\nb\n"
    );
}
