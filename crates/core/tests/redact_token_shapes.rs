//! `redact` finds every compact JWS / JWE, whatever its header's spelling
//! (`eyJ`, `eyAi`, `ewog`, `IHsi`, a BOM) and whatever sits right before or
//! after it (`--`, `=`, quotes, escapes), and leaves ordinary dotted text
//! (versions, hostnames, file names, decimals) alone. `scrub_url` uses the
//! same shape for parameters that hold a token.

mod support;

use proptest::prelude::*;
use support::*;
use tokenward_core::base64url::encode;
use tokenward_core::oidc::IdTokenBinding;
use tokenward_core::session::hygiene::{redact, scrub_url};
use tokenward_core::verifier::{ValidationOptions, Verifier};

/// JOSE headers the core accepts, spelled so that their base64url does not
/// start with `eyJ` (the base64url start is given beside each).
const HEADERS: &[(&str, &str)] = &[
    (r#"{"alg":"ES256","kid":"ec"}"#, "eyJ"),
    (r#"{ "alg":"ES256","kid":"ec"}"#, "eyAi"),
    (" {\"alg\":\"ES256\",\"kid\":\"ec\"}", "IHsi"),
    ("{\n  \"alg\": \"ES256\",\n  \"kid\": \"ec\"\n}", "ewog"),
    ("\n{\"alg\":\"ES256\",\"kid\":\"ec\"}", "Cnsi"),
    ("\t{\t\"alg\":\"ES256\",\"kid\":\"ec\"}", "CXsJ"),
];

fn tokens() -> Vec<String> {
    HEADERS
        .iter()
        .map(|(header, _)| sign_es256(header, &claims("")))
        .collect()
}

/// `token` with its first four characters kept, as `redact` writes it.
fn masked(token: &str) -> String {
    format!("{}[redacted]", &token[..4])
}

#[test]
fn every_header_spelling_is_a_token_the_core_accepts() {
    let verifier = Verifier::new(ValidationOptions::default()).expect("default options");
    for ((header, start), token) in HEADERS.iter().zip(tokens()) {
        assert!(token.starts_with(start), "{header:?} encodes to {token}");
        verifier
            .verify(&token, &keys(), NOW, &IdTokenBinding::default())
            .unwrap_or_else(|error| panic!("{header:?}: {error:?}"));
    }
}

#[test]
fn tokens_are_masked_in_every_context() {
    for token in tokens() {
        let m = masked(&token);
        let cases = [
            // A token typed where a flag goes, as parseArgs quotes it.
            (
                format!("Unknown option '--{token}'"),
                format!("Unknown option '--{m}'"),
            ),
            (
                format!("Unknown option '-{token}'"),
                format!("Unknown option '-{m}'"),
            ),
            (
                format!("unknown command \"{token}\""),
                format!("unknown command \"{m}\""),
            ),
            (format!("--issuer={token}"), format!("--issuer={m}")),
            (format!("(got \"{token}\")"), format!("(got \"{m}\")")),
            (
                format!("GET /api?jwt={token}&page=2"),
                format!("GET /api?jwt={m}&page=2"),
            ),
            (
                format!("GET /api?token={token}"),
                format!("GET /api?token={m}"),
            ),
            (
                format!("https://127.0.0.1:1/{token}"),
                format!("https://127.0.0.1:1/{m}"),
            ),
            (format!("Bearer {token}"), format!("Bearer {m}")),
            (format!("got {token}."), format!("got {m}.")),
            (format!("<{token}>, ({token})"), format!("<{m}>, ({m})")),
            // Escapes just before or after: URL, JSON / safe terminal text.
            (format!("q=%22{token}%22"), format!("q=%22{m}%22")),
            (format!("line\\n{token}\\n"), format!("line\\n{m}\\n")),
            (
                format!("\\u0022{token}\\u0022"),
                format!("\\u0022{m}\\u0022"),
            ),
            (format!("\u{feff}{token}"), format!("\u{feff}{m}")),
            // Glued to a word by a dot.
            (format!("token.{token}"), format!("token.{m}")),
        ];
        for (input, expected) in &cases {
            assert_eq!(&redact(input), expected, "input: {input}");
        }
    }
}

#[test]
fn jwe_and_unsigned_shapes_are_masked() {
    let header = encode(br#"{ "alg":"RSA-OAEP","enc":"A256GCM"}"#);
    let jwe = format!(
        "{header}.OKOawDo13gRp2ojaHV7LF.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rp.XFBoMYUZodetZdvTiFvSkQ"
    );
    assert_eq!(redact(&format!("--{jwe}")), format!("--{}", masked(&jwe)));
    let unsigned = format!(
        "{}.{}.",
        encode(b"{\"alg\":\"none\"}"),
        encode(b"{\"sub\":\"a\"}")
    );
    assert_eq!(
        redact(&format!("x={unsigned} y")),
        format!("x={} y", masked(&unsigned))
    );
}

#[test]
fn secret_parameters_typed_as_flags_are_masked() {
    let cases = [
        ("--code=SplxlOBeZQQYbYS6WxSbIA", "--code=Splx[redacted]"),
        (
            "-refresh_token=tGzv3JOkF0XG5Qx2TlKWIA",
            "-refresh_token=tGzv[redacted]",
        ),
        // Still a word boundary: `error_code` is not `code`.
        ("--error_code=42", "--error_code=42"),
    ];
    for (input, expected) in cases {
        assert_eq!(redact(input), expected, "input: {input}");
    }
}

#[test]
fn ordinary_dotted_text_is_kept() {
    let kept = [
        "version 1.2.3",
        "tokenward 0.1.0, node v22.11.0, v1.2.3-beta.4",
        "a.b.c",
        "api.example.com and eyes.example.com, ex.ample.org, e0.example.net",
        "https://login.example.com/.well-known/openid-configuration",
        "10.0.0.1:8443 and 127.0.0.1",
        "tokenward-0.1.0.tgz, archive.tar.gz, keyId.jwk.json, surveyJan.2024.csv",
        "crates/core/src/session/hygiene/redact.rs",
        "pi is 3.14159, -1.5e10, 2.5.",
        "--max-token-age=3600 --now 2026-01-01T00:30:00Z",
        "--eyebrow.x.y",
        "eyJust kidding. eyJ.only-two",
        // `{}` has no member: no JOSE header is empty.
        "e30.e30.e30",
    ];
    for text in kept {
        assert_eq!(redact(text), text);
    }
}

#[test]
fn scrub_url_removes_a_parameter_holding_any_header_spelling() {
    for token in tokens() {
        let url = format!("https://app.example/cb?response={token}&lang=de");
        assert_eq!(
            scrub_url(&url).as_deref(),
            Some("https://app.example/cb?lang=de")
        );
    }
    assert_eq!(scrub_url("https://app.example/cb?v=1.2.3&host=a.b.c"), None);
}

/// Text a token may be typed or logged after, and before.
const BEFORE: &[&str] = &[
    "",
    "-",
    "--",
    "=",
    "'",
    "\"",
    "?token=",
    "?t=",
    "--issuer=",
    "Bearer ",
    "%22",
    "\\n",
    "\\u0022",
    "x.",
    "(",
    "<",
    ": ",
    "\u{feff}",
];
const AFTER: &[&str] = &[
    "", ".", "'", "\"", ",", ")", "&x=1", " end", "%22", "\\n", ">",
];

/// A header: one of the spellings above, or `{`, a member and whitespace
/// chosen at random.
fn header() -> impl Strategy<Value = String> {
    let spaces = || prop::sample::select(vec!["", " ", "\n", "\t", "\r\n  ", "   "]);
    (
        prop::bool::ANY,
        spaces(),
        spaces(),
        prop::sample::select(vec!["ES256", "RS256", "EdDSA", "PS512"]),
    )
        .prop_map(|(bom, before, after, alg)| {
            let bom = if bom { "\u{feff}" } else { "" };
            format!("{bom}{before}{{{after}\"alg\":\"{alg}\",\"kid\":\"k\"}}")
        })
}

/// A compact JWS (3 segments) or JWE (5), random past its header.
fn token() -> impl Strategy<Value = String> {
    (
        header(),
        prop::collection::vec(prop::collection::vec(any::<u8>(), 8..200), 4),
        prop::bool::ANY,
    )
        .prop_map(|(header, segments, jwe)| {
            let count = if jwe { 4 } else { 2 };
            let mut token = encode(header.as_bytes());
            for segment in &segments[..count] {
                token.push('.');
                token.push_str(&encode(segment));
            }
            token
        })
}

/// Dotted text that is no token: versions, addresses, hostnames, decimals.
fn not_a_token() -> impl Strategy<Value = String> {
    let label = "[a-z][a-z0-9-]{0,14}";
    prop_oneof![
        prop::collection::vec(0u32..10_000, 2..6).prop_map(|parts| {
            parts
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(".")
        }),
        prop::collection::vec(label, 2..6).prop_map(|labels| labels.join(".")),
        (any::<f64>()).prop_map(|x| format!("{x:e} {x}")),
    ]
}

proptest! {
    #[test]
    fn a_token_never_survives_redaction(
        token in token(),
        before in prop::sample::select(BEFORE),
        after in prop::sample::select(AFTER),
    ) {
        let text = format!("error: {before}{token}{after} (retry)");
        let out = redact(&text);
        for segment in token.split('.').filter(|segment| segment.len() >= 8) {
            prop_assert!(!out.contains(segment), "{out}");
        }
        let kept = format!("error: {before}{}", masked(&token));
        // A `token=` value or `Bearer` credential runs to the next delimiter
        // of its own (a `%22`, a final dot included): masked from its start,
        // so only the start is known.
        if before.ends_with("token=") || before.starts_with("Bearer") {
            prop_assert!(out.starts_with(&kept), "{out}");
        } else {
            prop_assert_eq!(out, format!("{kept}{after} (retry)"));
        }
    }

    #[test]
    fn ordinary_dotted_text_survives(text in not_a_token()) {
        // The only lower-case spellings of a header's start: `ewoi`, `ewki`,
        // `ew0i` decode to `{\n"`, `{\t"`, `{\r"`.
        prop_assume!(!text.split('.').any(|label| ["ewoi", "ewki", "ew0i"].iter().any(|start| label.starts_with(start))));
        prop_assert_eq!(redact(&text), text);
    }
}
