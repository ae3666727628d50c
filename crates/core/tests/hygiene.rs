//! Token hygiene: `redact` on real-looking logs, `scrub_url` on real-looking
//! redirect URLs.

use tokenward_core::session::hygiene::{redact, scrub_url};

const JWT: &str = "eyJhbGciOiJFZERTQSIsInR5cCI6ImF0K2p3dCIsImtpZCI6IjIwMjYtMTEifQ.eyJpc3MiOiJodHRwczovL2xvZ2luLmV4YW1wbGUuY29tIiwic3ViIjoiYWxpY2UifQ.IzicAWvk-28bNPhtVL-azQoaSNWzlPAuVqTV2JaZm4Nqi3dxIK1T-FNAUfQZJjhUHcO11-d-o5Ss7J68mDrhAw";

#[test]
fn redact_table() {
    let jwt_line = format!("verify failed for {JWT}: expired");
    let jwe = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGeipsEdY3mx_etLbbWSrFr05kLzcSr4qKAq7YN7e9jwQRb23nfa6c9d-StnImGyFDbSv04uVuxIp5Zms1gNxKKK2Da14B8S4rzVRltdYwam_lDp5XnZAYpQdb76FdIKLaVmqgfwX7XWRxv2322i-vDxRfqNzo_tETKzpVLzfiwQyeyPGLBIO56YJ7eObdv0je81860ppamavo35UgoRdbYaBcoh9QcfylQr66oc6vFWXRcZ_ZT2LawVCWTIy3brGPi6UklfCpIMfIjf7iGdXKHzg.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6jiSdiwkIr3ajwQzaBtQD_A.XFBoMYUZodetZdvTiFvSkQ";
    let jwe_line = format!("token={jwe}");
    let sentence = format!("got {JWT}.");
    let json_array = format!("[\"{JWT}\"]");
    let lower_header = format!("authorization: bearer {JWT}");
    let cases: Vec<(&str, String)> = vec![
        // Compact JWS anywhere in text; a sentence's final dot is kept.
        (&jwt_line, "verify failed for eyJh[redacted]: expired".into()),
        (&sentence, "got eyJh[redacted].".into()),
        (&json_array, "[\"eyJh[redacted]\"]".into()),
        // JWE (five segments), as a `token=` value.
        (&jwe_line, "token=eyJh[redacted]".into()),
        // Authorization headers.
        (
            "Authorization: Bearer mF_9.B5f-4.1JqM",
            "Authorization: Bearer mF_[redacted]".into(),
        ),
        (
            &lower_header,
            "authorization: bearer eyJh[redacted]".into(),
        ),
        (
            "Authorization: DPoP Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU",
            "Authorization: DPoP Kz~8[redacted]".into(),
        ),
        ("Authorization: Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW", "Authorization: Basic czZC[redacted]".into()),
        // Prose is not a credential.
        ("the bearer of this token", "the bearer of this token".into()),
        ("use Basic authentication", "use Basic authentication".into()),
        // Query and fragment values.
        (
            "GET /callback?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj HTTP/1.1",
            "GET /callback?code=Splx[redacted]&state=af0ifjsldkj HTTP/1.1".into(),
        ),
        (
            "https://app.example/cb#access_token=2YotnFZFEjr1zCsicMWpAA&token_type=Bearer&expires_in=3600",
            "https://app.example/cb#access_token=2Yot[redacted]&token_type=Bearer&expires_in=3600".into(),
        ),
        (
            "POST /token grant_type=refresh_token&refresh_token=tGzv3JOkF0XG5Qx2TlKWIA&client_id=spa",
            "POST /token grant_type=refresh_token&refresh_token=tGzv[redacted]&client_id=spa".into(),
        ),
        ("id_token=abc", "id_token=[redacted]".into()),
        // JSON bodies, as logged token responses.
        (
            r#"{"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"Bearer","expires_in":3600,"refresh_token": "tGzv3JOkF0XG5Qx2TlKWIA"}"#,
            r#"{"access_token":"2Yot[redacted]","token_type":"Bearer","expires_in":3600,"refresh_token": "tGzv[redacted]"}"#.into(),
        ),
        // Not secrets: similar names, other words.
        ("error_code=42 postcode=1234 barcode=77", "error_code=42 postcode=1234 barcode=77".into()),
        ("token_type=Bearer", "token_type=Bearer".into()),
        ("eyJust kidding", "eyJust kidding".into()),
        ("version 1.2.3", "version 1.2.3".into()),
        ("", "".into()),
        // Non-ASCII text around secrets is kept intact.
        ("café code=Ünïcødé-value ✓", "café code=Ünï[redacted] ✓".into()),
    ];
    for (input, expected) in &cases {
        assert_eq!(&redact(input), expected, "input: {input}");
    }
}

#[test]
fn redact_is_stable_on_its_own_output() {
    let log = format!(
        "Authorization: Bearer {JWT}\ncode=SplxlOBeZQQYbYS6WxSbIA {{\"id_token\":\"{JWT}\"}}"
    );
    let once = redact(&log);
    assert!(!once.contains("SplxlOBeZQQYbYS6WxSbIA"));
    assert!(!once.contains(&JWT[10..]));
    assert_eq!(redact(&once), once);
}

#[test]
fn scrub_url_table() {
    let jwt_fragment = format!("https://app.example/#id_token={JWT}&state=xyz");
    let jarm = format!("https://app.example/cb?response={JWT}&lang=de");
    let cases: Vec<(&str, Option<&str>)> = vec![
        // Authorization code response (RFC 6749 §4.1.2, RFC 9207 `iss`).
        (
            "https://app.example/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj&iss=https%3A%2F%2Flogin.example.com",
            Some("https://app.example/callback"),
        ),
        // Application parameters, order and encoding kept exactly.
        (
            "https://app.example/callback?tab=2&code=abc&q=a+b%20c&state=s&iss=x&Z=%2F",
            Some("https://app.example/callback?tab=2&q=a+b%20c&Z=%2F"),
        ),
        // `iss` alone is an application parameter.
        ("https://app.example/search?iss=42&page=3", None),
        // Keycloak adds session_state.
        (
            "http://127.0.0.1:5173/?state=e3b0c442&session_state=8f1c-4b&code=7d0a.c1e9.44",
            Some("http://127.0.0.1:5173/"),
        ),
        // Implicit / hybrid response in the fragment, with its companions.
        (
            "https://app.example/cb#access_token=2YotnFZFEjr1zCsicMWpAA&token_type=Bearer&expires_in=3600&scope=openid&state=xyz",
            Some("https://app.example/cb"),
        ),
        (&jwt_fragment, Some("https://app.example/")),
        // Query and fragment both scrubbed; other fragment kept.
        (
            "https://app.example/cb?code=abc&lang=en#state=xyz&view=list",
            Some("https://app.example/cb?lang=en#view=list"),
        ),
        // A hash router's query.
        (
            "https://app.example/#/callback?code=abc&state=xyz&from=%2Fhome",
            Some("https://app.example/#/callback?from=%2Fhome"),
        ),
        (
            "https://app.example/#/callback?code=abc",
            Some("https://app.example/#/callback"),
        ),
        // A plain anchor is kept.
        (
            "https://app.example/cb?code=abc#section-2",
            Some("https://app.example/cb#section-2"),
        ),
        // Error responses lose their error details next to state.
        (
            "https://app.example/cb?error=access_denied&error_description=User%20cancelled&state=xyz&x=1",
            Some("https://app.example/cb?x=1"),
        ),
        // Any parameter holding a JWT (JARM `response=`).
        (&jarm, Some("https://app.example/cb?lang=de")),
        // Encoded or oddly cased names still count.
        (
            "https://app.example/cb?%63ode=abc&Access_Token=t&keep=1",
            Some("https://app.example/cb?keep=1"),
        ),
        // Names alone (no value) still count; empty pieces are kept.
        (
            "https://app.example/cb?code&a=1&&b=2",
            Some("https://app.example/cb?a=1&&b=2"),
        ),
        // Nothing to remove.
        (
            "https://app.example/cb?codec=h264&token_type=x&state_id=3",
            None,
        ),
        ("https://app.example/home", None),
        ("https://app.example/home?", None),
        ("https://app.example/home#", None),
        ("/relative/path?q=1#top", None),
        ("", None),
        // Only secrets: no dangling ? or #.
        (
            "https://app.example/cb?code=abc#id_token=x",
            Some("https://app.example/cb"),
        ),
    ];
    for (input, expected) in &cases {
        assert_eq!(scrub_url(input).as_deref(), *expected, "input: {input}");
    }
}

#[test]
fn scrubbed_urls_hold_no_secret_and_scrub_again_to_none() {
    let urls = [
        format!(
            "https://app.example/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj&x=1#id_token={JWT}"
        ),
        format!("https://app.example/#/cb?access_token={JWT}&refresh_token=tGzv3JOkF0XG5Qx2TlKWIA"),
    ];
    for url in &urls {
        let scrubbed = scrub_url(url).expect("something to remove");
        for secret in [
            JWT,
            "SplxlOBeZQQYbYS6WxSbIA",
            "tGzv3JOkF0XG5Qx2TlKWIA",
            "af0ifjsldkj",
        ] {
            assert!(!scrubbed.contains(secret), "{scrubbed}");
        }
        assert_eq!(scrub_url(&scrubbed), None, "{scrubbed}");
    }
}
