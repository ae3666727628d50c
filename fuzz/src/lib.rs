//! What the cargo-fuzz targets run; each target is a one-liner over one of
//! these functions. Besides "never panics", each checks a few invariants of
//! the public API (an `assert!` failing is a finding, like a panic).

use std::sync::OnceLock;
use tokenward_core::jws::DEFAULT_MAX_TOKEN_LENGTH;
use tokenward_core::lint::{self, LINT_CODES, LintOptions, Severity, TokenKind};
use tokenward_core::oidc::{IdTokenBinding, IdTokenRules};
use tokenward_core::verifier::{Profile, ValidationOptions, Verifier};
use tokenward_core::{Algorithm, ERROR_CODES, KeySet, unverified};

/// The key set the seed tokens are signed with (fuzz/gen_corpus.py).
pub const JWKS: &[u8] = include_bytes!("../keys/jwks.json");
/// `now` for verification: the seed tokens are valid at this time.
pub const NOW: i64 = 1_700_000_100;

struct Fixtures {
    keys: KeySet,
    verifiers: Vec<Verifier>,
}

fn fixtures() -> &'static Fixtures {
    static FIXTURES: OnceLock<Fixtures> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        // The seed tokens are signed with these keys: a set that does not
        // load (or loads empty) would leave every signature path unfuzzed
        // while the target still "passes", so it stops the run instead.
        let keys = match KeySet::from_json(JWKS) {
            Ok(keys) if !keys.is_empty() => keys,
            other => panic!("fuzz/keys/jwks.json must load with keys: {other:?}"),
        };
        let issuer: Option<tokenward_core::verifier::Issuers> = Some("https://issuer.example".into());
        let profiles = [
            ValidationOptions::default(),
            ValidationOptions {
                issuer: issuer.clone(),
                audiences: Some(vec!["https://api.example".to_string()]),
                profile: Profile::AccessToken,
                clock_tolerance: 30,
                ..ValidationOptions::default()
            },
            ValidationOptions {
                issuer,
                algorithms: Algorithm::ALL.to_vec(),
                max_age: Some(600),
                profile: Profile::IdToken(IdTokenRules {
                    client_id: "web-app".to_string(),
                }),
                ..ValidationOptions::default()
            },
        ];
        let verifiers = profiles
            .into_iter()
            .map(|options| Verifier::new(options).expect("fixture options are valid"))
            .collect();
        Fixtures { keys, verifiers }
    })
}

/// `token_parse`: arbitrary bytes (lossily as UTF-8) through
/// `unverified::decode`, `Verifier::verify` and `lint::lint`.
pub fn token_parse(data: &[u8]) {
    let token = String::from_utf8_lossy(data);
    let token = token.as_ref();
    let decoded = unverified::decode(token, DEFAULT_MAX_TOKEN_LENGTH);
    let fixtures = fixtures();
    let binding = IdTokenBinding {
        nonce: Some("n-1"),
        access_token: Some(token),
        code: None,
    };
    for verifier in &fixtures.verifiers {
        match verifier.verify(token, &fixtures.keys, NOW, &binding) {
            Ok(verified) => {
                // Whatever verifies also decodes, to the same claims.
                let decoded = decoded.as_ref().expect("verified but undecodable");
                assert_eq!(verified.claims, decoded.claims);
            }
            Err(error) => assert!(ERROR_CODES.contains(&error.code()), "{error:?}"),
        }
    }
    check_lint(token, &decoded, &LintOptions::default());
    let access = LintOptions {
        token_kind: Some(TokenKind::AccessToken),
        max_lifetime_secs: Some(0),
        min_lifetime_secs: Some(u64::MAX),
        ..LintOptions::default()
    };
    check_lint(token, &decoded, &access);
}

fn check_lint(
    token: &str,
    decoded: &Result<unverified::UnverifiedToken, tokenward_core::Error>,
    options: &LintOptions,
) {
    let report = lint::lint_with(token, options);
    assert_eq!(report.token_length, token.len());
    for pair in report.findings.windows(2) {
        assert!(pair[0].severity >= pair[1].severity, "not worst first");
    }
    for finding in &report.findings {
        assert!(LINT_CODES.contains(&finding.code), "{}", finding.code);
        assert!(!finding.message.is_empty());
    }
    match decoded {
        Err(error) => {
            assert_eq!(report.findings.len(), 1);
            assert_eq!(report.findings[0].code, error.code());
            assert_eq!(report.findings[0].severity, Severity::Error);
        }
        Ok(_) => assert!(
            !report
                .findings
                .iter()
                .any(|f| f.code == "malformed" || f.code == "too_large"),
            "decodable token reported as undecodable"
        ),
    }
}

/// `jwks_parse`: arbitrary bytes as a JWK Set, then key selection for every
/// algorithm, with and without a `kid`.
pub fn jwks_parse(data: &[u8]) {
    match KeySet::from_json(data) {
        Ok(keys) => {
            for alg in Algorithm::ALL {
                for kid in [None, Some("es-1"), Some("")] {
                    if let Err(error) = keys.select(alg, kid) {
                        assert!(ERROR_CODES.contains(&error.code()), "{error:?}");
                    }
                }
            }
        }
        Err(error) => assert!(ERROR_CODES.contains(&error.code()), "{error:?}"),
    }
}
