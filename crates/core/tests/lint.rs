//! Token lint: one test per finding (present when it should be, absent on a
//! lean token), kind guessing, and undecodable input.
//!
//! Test tokens are unsigned (a dummy signature): the lint does not verify.

use serde_json::{Map, Value, json};
use tokenward_core::base64url;
use tokenward_core::lint::{
    self, HeaderLimits, LINT_CODES, LintOptions, LintReport, Severity, TokenKind,
};

const NOW: i64 = 1_700_000_000;

fn token(header: &Value, claims: &Value) -> String {
    let header = serde_json::to_vec(header).unwrap();
    let claims = serde_json::to_vec(claims).unwrap();
    format!(
        "{}.{}.{}",
        base64url::encode(&header),
        base64url::encode(&claims),
        base64url::encode(&[7u8; 64])
    )
}

fn at_header() -> Value {
    json!({"alg": "ES256", "typ": "at+jwt", "kid": "2026-01"})
}

/// A lean RFC 9068 access token: 15 minutes, every required claim.
fn at_claims() -> Value {
    json!({
        "iss": "https://issuer.example",
        "sub": "user-42",
        "aud": "https://api.example",
        "client_id": "web-app",
        "iat": NOW,
        "exp": NOW + 900,
        "jti": "4f1c0b7e-3b0a-4c59-9d1b",
        "scope": "orders:read orders:write",
    })
}

fn id_header() -> Value {
    json!({"alg": "RS256", "kid": "2026-01"})
}

/// An OIDC ID token with profile claims (fine in an ID token).
fn id_claims() -> Value {
    json!({
        "iss": "https://issuer.example",
        "sub": "user-42",
        "aud": "web-app",
        "iat": NOW,
        "exp": NOW + 3600,
        "nonce": "n-0S6_WzA2Mj",
        "email": "ada@example.com",
        "email_verified": true,
        "name": "Ada Lovelace",
    })
}

/// `base` with `changes` merged in; a `null` in `changes` removes the member.
fn with(base: Value, changes: Value) -> Value {
    let mut object: Map<String, Value> = match base {
        Value::Object(object) => object,
        _ => panic!("base must be an object"),
    };
    if let Value::Object(changes) = changes {
        for (name, value) in changes {
            if value.is_null() {
                object.remove(&name);
            } else {
                object.insert(name, value);
            }
        }
    }
    Value::Object(object)
}

fn access(changes: Value) -> LintReport {
    lint::lint(&token(&at_header(), &with(at_claims(), changes)))
}

fn access_header(changes: Value) -> LintReport {
    lint::lint(&token(&with(at_header(), changes), &at_claims()))
}

fn id(changes: Value) -> LintReport {
    lint::lint(&token(&id_header(), &with(id_claims(), changes)))
}

fn severity_of(report: &LintReport, code: &str) -> Severity {
    let found: Vec<_> = report.with_code(code).collect();
    assert_eq!(found.len(), 1, "expected one {code}: {report:#?}");
    assert!(LINT_CODES.contains(&code), "{code} not in LINT_CODES");
    assert!(!found[0].message.is_empty());
    found[0].severity
}

fn assert_clean(report: &LintReport) {
    assert!(
        report.findings.is_empty(),
        "expected no findings: {report:#?}"
    );
}

fn filler(len: usize) -> String {
    "x".repeat(len)
}

// --- clean tokens ---------------------------------------------------------

#[test]
fn lean_access_token_has_no_findings() {
    let compact = token(&at_header(), &at_claims());
    let report = lint::lint(&compact);
    assert_clean(&report);
    assert_eq!(report.token_kind, Some(TokenKind::AccessToken));
    assert_eq!(report.token_length, compact.len());
    assert_eq!(
        report.header_bytes,
        serde_json::to_vec(&at_header()).unwrap().len()
    );
    assert_eq!(
        report.claims_bytes,
        serde_json::to_vec(&at_claims()).unwrap().len()
    );
    assert_eq!(report.worst(), None);
    assert!(!report.has_errors());
}

#[test]
fn id_token_with_profile_claims_has_no_findings() {
    let report = id(json!({}));
    assert_eq!(report.token_kind, Some(TokenKind::IdToken));
    assert_clean(&report);
}

// --- undecodable ------------------------------------------------------------

#[test]
fn garbage_gives_a_single_malformed_error() {
    let header = base64url::encode(br#"{"alg":"ES256"}"#);
    let array = base64url::encode(b"[1,2]");
    let inputs = [
        String::new(),
        "not a token".into(),
        "a.b".into(),
        "..".into(),
        "a.b.c.d.e".into(),
        format!("{header}=.{header}.AAAA"),
        format!("{header}.{array}.AAAA"),
        format!("{header}.{}.AAAA", base64url::encode(b"{\"a\":1,\"a\":2}")),
        format!("{header}.{}.AAAA", base64url::encode(&[0xff, 0xfe])),
        "\u{0}\u{7f}\u{10ffff}.é.ü".into(),
    ];
    for input in inputs {
        let report = lint::lint(&input);
        assert_eq!(report.findings.len(), 1, "{input:?}: {report:#?}");
        let finding = &report.findings[0];
        assert_eq!(finding.code, "malformed", "{input:?}");
        assert_eq!(finding.severity, Severity::Error);
        assert!(
            finding.message.starts_with("malformed: "),
            "{}",
            finding.message
        );
        assert_eq!(report.token_length, input.len());
        assert_eq!((report.header_bytes, report.claims_bytes), (0, 0));
        assert_eq!(report.token_kind, None);
    }
}

#[test]
fn token_over_the_hard_cap_is_too_large() {
    let report = access(json!({"blob": filler(20_000)}));
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].code, "too_large");
    assert_eq!(report.findings[0].severity, Severity::Error);
    assert!(report.token_length > 16 * 1024);
}

// --- size -------------------------------------------------------------------

#[test]
fn token_over_4k_is_a_warning() {
    // Several small claims so no single claim is flagged as large.
    let mut changes = Map::new();
    for i in 0..8 {
        changes.insert(format!("x{i}"), Value::String(filler(400)));
    }
    let report = access(Value::Object(changes));
    assert!(report.token_length + 22 > 4096 && report.token_length + 22 <= 8192);
    assert_eq!(severity_of(&report, "large_token"), Severity::Warning);
    assert!(!report.has("oversized_token"));
    let message = &report.with_code("large_token").next().unwrap().message;
    assert!(
        message.contains(&report.token_length.to_string()),
        "{message}"
    );
}

#[test]
fn authorization_prefix_counts_toward_the_limit() {
    // Find a token whose length is just under 4096 but whose header line is over.
    let base = token(&at_header(), &at_claims()).len();
    let target = 4096 - 22 + 1; // header line of 4097 bytes
    let pad = (target - base) * 3 / 4;
    let mut report = access(json!({"pad": filler(pad)}));
    for extra in 0..8 {
        if report.token_length + 22 > 4096 {
            break;
        }
        report = access(json!({"pad": filler(pad + extra)}));
    }
    assert!(report.token_length <= 4096, "{}", report.token_length);
    assert!(report.has("large_token"));
}

#[test]
fn token_over_8k_is_an_error() {
    let mut changes = Map::new();
    for i in 0..16 {
        changes.insert(format!("x{i}"), Value::String(filler(400)));
    }
    let report = access(Value::Object(changes));
    assert!(report.token_length + 22 > 8192);
    assert_eq!(severity_of(&report, "oversized_token"), Severity::Error);
    assert!(!report.has("large_token"));
    assert_eq!(report.findings[0].code, "oversized_token", "worst first");
}

#[test]
fn header_limits_are_configurable() {
    let compact = token(&at_header(), &at_claims());
    let options = LintOptions {
        header_limits: HeaderLimits {
            warning_bytes: 100,
            error_bytes: 200,
        },
        ..LintOptions::default()
    };
    assert!(lint::lint_with(&compact, &options).has("oversized_token"));
}

// --- claim bloat ------------------------------------------------------------

fn names(count: usize) -> Vec<String> {
    (0..count).map(|i| format!("role-{i}")).collect()
}

#[test]
fn permission_lists_are_bloat() {
    for name in [
        "permissions",
        "roles",
        "groups",
        "entitlements",
        "scp",
        "cognito:groups",
    ] {
        let report = access(json!({ name: names(11) }));
        assert_eq!(
            severity_of(&report, "authorization_claim_bloat"),
            Severity::Warning,
            "{name}"
        );
        let finding = report
            .with_code("authorization_claim_bloat")
            .next()
            .unwrap();
        assert_eq!(finding.claim.as_deref(), Some(name));
        assert!(
            finding.message.contains("11 entries"),
            "{}",
            finding.message
        );
        // Ten entries are fine.
        assert!(!access(json!({ name: names(10) })).has("authorization_claim_bloat"));
    }
}

#[test]
fn long_scope_string_is_bloat() {
    let scope = names(15).join(" ");
    let report = access(json!({ "scope": scope }));
    assert_eq!(
        severity_of(&report, "authorization_claim_bloat"),
        Severity::Warning
    );
}

#[test]
fn namespaced_and_nested_role_claims_are_bloat() {
    let namespaced = access(json!({"https://example.com/roles": names(12)}));
    assert!(namespaced.has("authorization_claim_bloat"));
    let realm = access(json!({"realm_access": {"roles": names(12)}}));
    assert!(realm.has("authorization_claim_bloat"));
    let resource = access(json!({"resource_access": {
        "api-a": {"roles": names(6)},
        "api-b": {"roles": names(6)},
    }}));
    assert!(resource.has("authorization_claim_bloat"));
    let small = access(json!({"realm_access": {"roles": names(3)}}));
    assert!(!small.has("authorization_claim_bloat"));
}

#[test]
fn few_but_long_authorization_entries_are_bloat() {
    let report = access(json!({"permissions": [filler(300), filler(300)]}));
    assert!(report.has("authorization_claim_bloat"));
}

#[test]
fn large_other_claim_is_flagged() {
    let report = access(json!({"preferences": {"theme": filler(1100)}}));
    assert_eq!(severity_of(&report, "large_claim"), Severity::Warning);
    assert!(!access(json!({"preferences": {"theme": "dark"}})).has("large_claim"));
}

// --- registered claims ------------------------------------------------------

#[test]
fn missing_exp_is_an_error() {
    let report = access(json!({"exp": null}));
    assert_eq!(severity_of(&report, "missing_exp"), Severity::Error);
    assert!(report.has_errors());
    assert_eq!(
        severity_of(&id(json!({"exp": null})), "missing_exp"),
        Severity::Error
    );
}

#[test]
fn missing_jti_is_a_warning_for_access_tokens_only() {
    assert_eq!(
        severity_of(&access(json!({"jti": null})), "missing_jti"),
        Severity::Warning
    );
    assert!(!id(json!({})).has("missing_jti"));
}

#[test]
fn missing_iat_is_info() {
    assert_eq!(
        severity_of(&access(json!({"iat": null})), "missing_iat"),
        Severity::Info
    );
}

#[test]
fn missing_iss_and_aud_are_warnings() {
    let report = access(json!({"iss": null, "aud": null}));
    assert_eq!(severity_of(&report, "missing_iss"), Severity::Warning);
    assert_eq!(severity_of(&report, "missing_aud"), Severity::Warning);
    assert_eq!(
        severity_of(&id(json!({"aud": null})), "missing_aud"),
        Severity::Warning
    );
}

#[test]
fn access_token_without_sub_or_client_id_is_a_warning() {
    let report = access(json!({"sub": null, "client_id": null}));
    assert_eq!(severity_of(&report, "missing_sub"), Severity::Warning);
    assert_eq!(severity_of(&report, "missing_client_id"), Severity::Warning);
}

#[test]
fn registered_claim_of_wrong_type_is_an_error() {
    let report = access(json!({"exp": "1700000900", "aud": 5}));
    assert_eq!(report.with_code("bad_claim_type").count(), 2, "{report:#?}");
    assert!(
        report
            .with_code("bad_claim_type")
            .all(|f| f.severity == Severity::Error)
    );
    let claims: Vec<_> = report
        .with_code("bad_claim_type")
        .filter_map(|f| f.claim.as_deref())
        .collect();
    assert!(
        claims.contains(&"exp") && claims.contains(&"aud"),
        "{claims:?}"
    );
    assert!(!report.has("missing_exp"));
}

// --- lifetime ---------------------------------------------------------------

#[test]
fn access_token_over_an_hour_is_a_warning() {
    let report = access(json!({"exp": NOW + 2 * 3600}));
    assert_eq!(severity_of(&report, "lifetime_too_long"), Severity::Warning);
    assert!(!access(json!({"exp": NOW + 3600})).has("lifetime_too_long"));
}

#[test]
fn access_token_over_a_day_is_an_error() {
    let report = access(json!({"exp": NOW + 48 * 3600}));
    assert_eq!(severity_of(&report, "lifetime_too_long"), Severity::Error);
}

#[test]
fn id_token_limits_are_longer() {
    assert!(!id(json!({"exp": NOW + 10 * 3600})).has("lifetime_too_long"));
    assert_eq!(
        severity_of(&id(json!({"exp": NOW + 48 * 3600})), "lifetime_too_long"),
        Severity::Warning
    );
    assert_eq!(
        severity_of(
            &id(json!({"exp": NOW + 8 * 24 * 3600})),
            "lifetime_too_long"
        ),
        Severity::Error
    );
}

#[test]
fn lifetime_limits_are_configurable() {
    let compact = token(
        &at_header(),
        &with(at_claims(), json!({"exp": NOW + 2 * 3600})),
    );
    let relaxed = LintOptions {
        max_lifetime_secs: Some(4 * 3600),
        ..LintOptions::default()
    };
    assert!(!lint::lint_with(&compact, &relaxed).has("lifetime_too_long"));
    let strict = LintOptions {
        max_lifetime_secs: Some(600),
        hard_max_lifetime_secs: Some(3600),
        ..LintOptions::default()
    };
    let report = lint::lint_with(&compact, &strict);
    assert_eq!(severity_of(&report, "lifetime_too_long"), Severity::Error);
}

#[test]
fn very_short_lifetime_is_info() {
    let report = access(json!({"exp": NOW + 30}));
    assert_eq!(severity_of(&report, "lifetime_too_short"), Severity::Info);
    assert!(!access(json!({"exp": NOW + 60})).has("lifetime_too_short"));
}

#[test]
fn fractional_times_are_compared_as_reals() {
    let report = access(json!({"iat": 1_700_000_000.5, "exp": 1_700_000_060.25}));
    assert!(report.has("lifetime_too_short"));
}

#[test]
fn exp_not_after_iat_is_an_error() {
    let report = access(json!({"exp": NOW - 1}));
    assert_eq!(severity_of(&report, "exp_not_after_iat"), Severity::Error);
    assert!(!report.has("lifetime_too_short"));
}

#[test]
fn nbf_after_exp_is_an_error() {
    let report = access(json!({"nbf": NOW + 901}));
    assert_eq!(severity_of(&report, "nbf_after_exp"), Severity::Error);
    assert!(!access(json!({"nbf": NOW})).has("nbf_after_exp"));
}

// --- personal data ----------------------------------------------------------

#[test]
fn personal_data_in_access_token_is_a_warning_per_claim() {
    let report = access(json!({
        "email": "ada@example.com",
        "email_verified": true,
        "phone_number": "+1 555 0100",
        "given_name": "Ada",
        "family_name": "Lovelace",
        "address": {"country": "UK"},
        "birthdate": "1815-12-10",
        "picture": "https://example.com/ada.png",
        "https://example.com/name": "Ada Lovelace",
    }));
    let flagged: Vec<_> = report
        .with_code("personal_data")
        .map(|f| {
            assert_eq!(f.severity, Severity::Warning);
            f.claim.clone().unwrap()
        })
        .collect();
    assert_eq!(flagged.len(), 9, "{flagged:?}");
    assert!(flagged.contains(&"https://example.com/name".to_string()));
}

#[test]
fn personal_data_in_id_token_is_fine() {
    let report = id(json!({"phone_number": "+1 555 0100", "birthdate": "1815-12-10"}));
    assert!(!report.has("personal_data"));
}

#[test]
fn personal_data_in_unknown_token_is_info() {
    let report = lint::lint(&token(
        &id_header(),
        &json!({"iss": "i", "aud": "a", "iat": NOW, "exp": NOW + 60, "jti": "j", "email": "e"}),
    ));
    assert_eq!(report.token_kind, None);
    assert_eq!(severity_of(&report, "personal_data"), Severity::Info);
}

// --- header -----------------------------------------------------------------

#[test]
fn alg_none_is_an_error() {
    for none in ["none", "None", "NONE"] {
        let report = access_header(json!({"alg": none}));
        assert_eq!(severity_of(&report, "alg_none"), Severity::Error);
    }
}

#[test]
fn missing_or_unsupported_alg_is_an_error() {
    assert_eq!(
        severity_of(&access_header(json!({"alg": null})), "alg_missing"),
        Severity::Error
    );
    assert_eq!(
        severity_of(&access_header(json!({"alg": 256})), "alg_missing"),
        Severity::Error
    );
    assert_eq!(
        severity_of(&access_header(json!({"alg": "es256"})), "alg_unsupported"),
        Severity::Error
    );
}

#[test]
fn hmac_alg_is_info() {
    let report = access_header(json!({"alg": "HS256"}));
    assert_eq!(severity_of(&report, "alg_symmetric"), Severity::Info);
    for alg in ["RS256", "PS384", "ES384", "EdDSA"] {
        assert_clean(&access_header(json!({"alg": alg})));
    }
}

#[test]
fn key_references_in_the_header_are_warnings() {
    let report = access_header(json!({
        "jku": "https://attacker.example/jwks",
        "x5u": "https://attacker.example/cert",
        "jwk": {"kty": "EC"},
        "x5c": ["MIIB"],
    }));
    let members: Vec<_> = report
        .with_code("header_key_reference")
        .map(|f| {
            assert_eq!(f.severity, Severity::Warning);
            f.claim.clone().unwrap()
        })
        .collect();
    assert_eq!(members, ["jku", "x5u", "jwk", "x5c"]);
}

#[test]
fn crit_is_an_error() {
    let report = access_header(json!({"crit": ["b64"], "b64": false}));
    assert_eq!(severity_of(&report, "crit_present"), Severity::Error);
}

#[test]
fn non_string_kid_or_typ_is_an_error() {
    let report = access_header(json!({"kid": 1}));
    assert_eq!(severity_of(&report, "header_member_type"), Severity::Error);
}

#[test]
fn missing_kid_is_info() {
    assert_eq!(
        severity_of(&access_header(json!({"kid": null})), "missing_kid"),
        Severity::Info
    );
    assert!(!id(json!({})).has("missing_kid"));
}

#[test]
fn access_token_without_typ_is_info() {
    let compact = token(&json!({"alg": "ES256", "kid": "k"}), &at_claims());
    let report = lint::lint(&compact);
    // Guessed from `scope` / `client_id` without `typ`.
    assert_eq!(report.token_kind, Some(TokenKind::AccessToken));
    assert_eq!(severity_of(&report, "missing_typ"), Severity::Info);
    assert!(!id(json!({})).has("missing_typ"));
}

#[test]
fn access_token_typed_otherwise_is_a_warning() {
    let compact = token(&with(at_header(), json!({"typ": "JWT"})), &at_claims());
    let options = LintOptions {
        token_kind: Some(TokenKind::AccessToken),
        ..LintOptions::default()
    };
    let report = lint::lint_with(&compact, &options);
    assert_eq!(severity_of(&report, "unexpected_typ"), Severity::Warning);
    let prefixed = access_header(json!({"typ": "application/AT+JWT"}));
    assert_clean(&prefixed);
}

// --- kind guessing ----------------------------------------------------------

#[test]
fn token_kind_is_guessed() {
    let guess = |header: Value, claims: Value| lint::lint(&token(&header, &claims)).token_kind;
    let plain = json!({"alg": "ES256"});
    assert_eq!(guess(at_header(), json!({})), Some(TokenKind::AccessToken));
    assert_eq!(
        guess(plain.clone(), json!({"nonce": "n"})),
        Some(TokenKind::IdToken)
    );
    assert_eq!(
        guess(plain.clone(), json!({"at_hash": "h"})),
        Some(TokenKind::IdToken)
    );
    assert_eq!(
        guess(plain.clone(), json!({"azp": "c"})),
        Some(TokenKind::IdToken)
    );
    assert_eq!(
        guess(plain.clone(), json!({"azp": "c", "scope": "openid"})),
        Some(TokenKind::AccessToken)
    );
    assert_eq!(
        guess(plain.clone(), json!({"token_use": "id"})),
        Some(TokenKind::IdToken)
    );
    assert_eq!(
        guess(plain.clone(), json!({"token_use": "access"})),
        Some(TokenKind::AccessToken)
    );
    assert_eq!(
        guess(plain.clone(), json!({"typ": "Bearer"})),
        Some(TokenKind::AccessToken)
    );
    assert_eq!(guess(plain, json!({"sub": "s"})), None);
}

#[test]
fn given_kind_overrides_the_guess() {
    let compact = token(&id_header(), &id_claims());
    let options = LintOptions {
        token_kind: Some(TokenKind::AccessToken),
        ..LintOptions::default()
    };
    let report = lint::lint_with(&compact, &options);
    assert_eq!(report.token_kind, Some(TokenKind::AccessToken));
    assert!(report.has("personal_data"));
    assert!(report.has("missing_jti"));
}

// --- report -----------------------------------------------------------------

#[test]
fn findings_are_worst_first_and_codes_are_listed() {
    let report = lint::lint(&token(
        &json!({"alg": "HS256", "jku": "https://x"}),
        &json!({"email": "e", "scope": names(20).join(" "), "iat": NOW}),
    ));
    let severities: Vec<_> = report.findings.iter().map(|f| f.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(severities, sorted);
    assert_eq!(report.worst(), Some(Severity::Error));
    for finding in &report.findings {
        assert!(LINT_CODES.contains(&finding.code), "{}", finding.code);
        assert!(finding.to_string().starts_with(finding.severity.as_str()));
    }
    let mut codes = LINT_CODES.to_vec();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), LINT_CODES.len(), "codes are unique");
    assert!(
        LINT_CODES
            .iter()
            .all(|code| code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
    );
}
