//! DPoP proofs (RFC 9449 §4.3): every rule refuses what breaks it and
//! accepts what keeps it; RFC 9449's own example proofs.

mod dpop_support;
mod support;

use dpop_support::{
    claims, client_ed_key, client_jkt, client_key, es256_header, other_key, proof, public_ed_jwk,
    public_jwk, request, sign_ed, sign_p256,
};
use serde_json::{Value, json};
use tokenward_core::dpop::{
    DpopChallenge, DpopOptions, DpopOptionsError, DpopProblem, DpopRequest, DpopRules,
    ServerNonces, access_token_hash,
};
use tokenward_core::{Algorithm, ERROR_CODES, Error};

const NOW: i64 = support::NOW;
const TOKEN: &str = "an-access-token";

fn rules() -> DpopRules {
    DpopRules::new(DpopOptions::default()).expect("valid options")
}

fn check(rules: &DpopRules, proof: &str, now: i64) -> Result<String, Error> {
    let proofs = [proof];
    let checked = rules.check_proof(&request(&proofs, TOKEN), now)?;
    Ok(checked.expect("a proof").thumbprint().to_owned())
}

fn problem(rules: &DpopRules, proof: &str) -> Option<DpopProblem> {
    match check(rules, proof, NOW) {
        Err(Error::InvalidDpopProof(problem)) => Some(problem),
        Err(other) => panic!("not invalid_dpop_proof: {other:?}"),
        Ok(_) => None,
    }
}

/// A proof by the client key with `edit` applied to its header and claims.
fn edited(edit: impl FnOnce(&mut Value, &mut Value)) -> String {
    let key = client_key();
    let mut header = es256_header(public_jwk(&key));
    let mut claims = claims(NOW, "jti-1", TOKEN);
    edit(&mut header, &mut claims);
    sign_p256(&key, &header, &claims)
}

#[test]
fn a_valid_proof_gives_its_key_thumbprint() {
    assert_eq!(
        check(&rules(), &proof(NOW, "jti-1", TOKEN), NOW),
        Ok(client_jkt())
    );
    let key = client_ed_key();
    let header = json!({"typ": "dpop+jwt", "alg": "EdDSA", "jwk": public_ed_jwk(&key)});
    let ed = sign_ed(&key, &header, &claims(NOW, "jti-2", TOKEN));
    assert!(check(&rules(), &ed, NOW).is_ok());
}

/// RFC 9449 §4.2 (Figure 3): the example proof for a token request.
#[test]
fn rfc_9449_token_request_example() {
    let proof = "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19.eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ.2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg";
    let proofs = [proof];
    let token_request = DpopRequest {
        method: "POST",
        url: "https://server.example.com/token",
        proofs: &proofs,
        access_token: None,
        nonce: None,
    };
    let checked = rules().check_proof(&token_request, 1_562_262_616);
    let thumbprint = checked.map(|proof| proof.map(|p| p.thumbprint().to_owned()));
    assert_eq!(
        thumbprint,
        Ok(Some("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I".into()))
    );
    let resource = DpopRequest {
        method: "GET",
        ..token_request
    };
    assert_eq!(
        rules().check_proof(&resource, 1_562_262_616).err(),
        Some(Error::InvalidDpopProof(DpopProblem::Htm))
    );
}

/// RFC 9449 §7.1 (Figure 13): the example proof with `ath`, for a resource.
#[test]
fn rfc_9449_protected_resource_example() {
    let proof = "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19.eyJqdGkiOiJlMWozVl9iS2ljOC1MQUVCIiwiaHRtIjoiR0VUIiwiaHR1IjoiaHR0cHM6Ly9yZXNvdXJjZS5leGFtcGxlLm9yZy9wcm90ZWN0ZWRyZXNvdXJjZSIsImlhdCI6MTU2MjI2MjYxOCwiYXRoIjoiZlVIeU8ycjJaM0RaNTNFc05yV0JiMHhXWG9hTnk1OUlpS0NBcWtzbVFFbyJ9.2oW9RP35yRqzhrtNP86L-Ey71EOptxRimPPToA1plemAgR6pxHF8y6-yqyVnmcw6Fy1dqd-jfxSYoMxhAJpLjA";
    let access_token = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
    assert_eq!(
        access_token_hash(access_token),
        "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo"
    );
    let proofs = [proof];
    let resource = DpopRequest {
        method: "GET",
        url: "https://resource.example.org/protectedresource",
        proofs: &proofs,
        access_token: Some(access_token),
        nonce: None,
    };
    assert!(matches!(
        rules().check_proof(&resource, 1_562_262_618),
        Ok(Some(_))
    ));
    let other_token = DpopRequest {
        access_token: Some("another"),
        ..resource
    };
    assert_eq!(
        rules().check_proof(&other_token, 1_562_262_618).err(),
        Some(Error::InvalidDpopProof(DpopProblem::Ath))
    );
}

#[test]
fn exactly_one_proof() {
    let one = proof(NOW, "jti-1", TOKEN);
    let two = [one.as_str(), one.as_str()];
    assert_eq!(
        rules().check_proof(&request(&two, TOKEN), NOW).err(),
        Some(Error::InvalidDpopProof(DpopProblem::Count))
    );
    assert_eq!(rules().check_proof(&request(&[], TOKEN), NOW), Ok(None));
}

#[test]
fn malformed_proofs() {
    for junk in ["", "abc", "a.b.c", "a.b.c.d.e", &"A".repeat(9000)] {
        assert_eq!(
            problem(&rules(), junk),
            Some(DpopProblem::Malformed),
            "{junk:.20}"
        );
    }
    let crit = edited(|header, _| header["crit"] = json!(["b64"]));
    assert_eq!(problem(&rules(), &crit), Some(DpopProblem::Malformed));
}

#[test]
fn typ_must_be_dpop_jwt() {
    for typ in [json!("jwt"), json!("at+jwt"), json!("dpop"), json!("")] {
        let proof = edited(|header, _| header["typ"] = typ.clone());
        assert_eq!(problem(&rules(), &proof), Some(DpopProblem::Typ), "{typ}");
    }
    let no_typ = edited(|header, _| {
        header.as_object_mut().expect("object").remove("typ");
    });
    assert_eq!(problem(&rules(), &no_typ), Some(DpopProblem::Typ));
    // A header member of the wrong type is a malformed header, as for tokens.
    let not_string = edited(|header, _| header["typ"] = json!(null));
    assert_eq!(problem(&rules(), &not_string), Some(DpopProblem::Malformed));
    let media_type = edited(|header, _| header["typ"] = json!("application/DPoP+JWT"));
    assert_eq!(problem(&rules(), &media_type), None);
}

#[test]
fn alg_must_be_asymmetric_and_allowed() {
    for alg in ["none", "None", "HS256", "ES256K", "RS256"] {
        let proof = edited(|header, _| header["alg"] = json!(alg));
        let expected = if alg == "RS256" {
            DpopProblem::Jwk
        } else {
            DpopProblem::Alg
        };
        assert_eq!(problem(&rules(), &proof), Some(expected), "{alg}");
    }
    let eddsa_only = DpopRules::new(DpopOptions {
        algorithms: vec![Algorithm::EdDSA],
        ..DpopOptions::default()
    })
    .expect("valid");
    assert_eq!(
        problem(&eddsa_only, &proof(NOW, "j", TOKEN)),
        Some(DpopProblem::Alg)
    );
}

#[test]
fn symmetric_allowlists_are_refused() {
    for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
        let options = DpopOptions {
            algorithms: vec![Algorithm::ES256, alg],
            ..DpopOptions::default()
        };
        assert_eq!(
            DpopRules::new(options).err(),
            Some(DpopOptionsError::SymmetricAlgorithm(alg))
        );
    }
    let empty = DpopOptions {
        algorithms: vec![],
        ..DpopOptions::default()
    };
    assert_eq!(
        DpopRules::new(empty).err(),
        Some(DpopOptionsError::NoAlgorithms)
    );
}

#[test]
fn the_jwk_must_be_a_public_key_for_alg() {
    for member in ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] {
        let proof = edited(|header, _| header["jwk"][member] = json!("AQAB"));
        assert_eq!(
            problem(&rules(), &proof),
            Some(DpopProblem::PrivateKey),
            "{member}"
        );
    }
    let missing = edited(|header, _| {
        header.as_object_mut().expect("object").remove("jwk");
    });
    assert_eq!(problem(&rules(), &missing), Some(DpopProblem::Jwk));
    let not_object = edited(|header, _| header["jwk"] = json!("key"));
    assert_eq!(problem(&rules(), &not_object), Some(DpopProblem::Jwk));
    let off_curve = edited(|header, _| header["jwk"]["y"] = header["jwk"]["x"].clone());
    assert_eq!(problem(&rules(), &off_curve), Some(DpopProblem::Jwk));
    let oct = edited(|header, _| header["jwk"] = json!({"kty": "oct", "k": "c2VjcmV0"}));
    assert_eq!(problem(&rules(), &oct), Some(DpopProblem::PrivateKey));
    let wrong_use = edited(|header, _| header["jwk"]["use"] = json!("enc"));
    assert_eq!(problem(&rules(), &wrong_use), Some(DpopProblem::Jwk));
}

/// The identity point, a small-order Ed25519 key: refused like in a key set.
#[test]
fn small_order_ed25519_keys_are_refused() {
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let key = client_ed_key();
    let jwk =
        json!({"kty": "OKP", "crv": "Ed25519", "x": tokenward_core::base64url::encode(&identity)});
    let header = json!({"typ": "dpop+jwt", "alg": "EdDSA", "jwk": jwk});
    let proof = sign_ed(&key, &header, &claims(NOW, "j", TOKEN));
    assert_eq!(problem(&rules(), &proof), Some(DpopProblem::Jwk));
}

#[test]
fn the_signature_must_be_by_the_jwk() {
    let header = es256_header(public_jwk(&client_key()));
    let forged = sign_p256(&other_key(), &header, &claims(NOW, "j", TOKEN));
    assert_eq!(problem(&rules(), &forged), Some(DpopProblem::Signature));
    let honest = sign_p256(&client_key(), &header, &claims(NOW, "j", TOKEN));
    assert_eq!(problem(&rules(), &honest), None);
}

#[test]
fn htm_is_the_request_method_exactly() {
    for htm in [json!("GET"), json!("post"), json!(null), json!(1)] {
        let proof = edited(|_, claims| claims["htm"] = htm.clone());
        assert_eq!(problem(&rules(), &proof), Some(DpopProblem::Htm), "{htm}");
    }
}

#[test]
fn htu_is_the_request_url_without_query_or_fragment() {
    for same in [
        "https://API.example.com/orders",
        "HTTPS://api.example.com:443/orders",
        "https://api.example.com/orders?page=2",
        "https://api.example.com/orders#x",
    ] {
        let proof = edited(|_, claims| claims["htu"] = json!(same));
        assert_eq!(problem(&rules(), &proof), None, "{same}");
    }
    for other in [
        "https://api.example.com/orders/1",
        "https://api.example.com/Orders",
        "http://api.example.com/orders",
        "https://api.example.com:8443/orders",
        "https://evil.example/orders",
        "/orders",
    ] {
        let proof = edited(|_, claims| claims["htu"] = json!(other));
        assert_eq!(problem(&rules(), &proof), Some(DpopProblem::Htu), "{other}");
    }
    let proof = proof(NOW, "j", TOKEN);
    let proofs = [proof.as_str()];
    let with_query = DpopRequest {
        url: "https://api.example.com/orders?id=3",
        ..request(&proofs, TOKEN)
    };
    assert!(rules().check_proof(&with_query, NOW).is_ok());
}

#[test]
fn iat_within_the_window() {
    let at = |iat: Value| edited(|_, claims| claims["iat"] = iat);
    assert_eq!(problem(&rules(), &at(json!(NOW - 60))), None);
    assert_eq!(problem(&rules(), &at(json!(NOW + 5))), None);
    for refused in [
        json!(NOW - 61),
        json!(NOW + 6),
        json!("1767225600"),
        json!(null),
    ] {
        assert_eq!(
            problem(&rules(), &at(refused.clone())),
            Some(DpopProblem::Iat),
            "{refused}"
        );
    }
    let wide = DpopRules::new(DpopOptions {
        max_age: 300,
        max_future: 30,
        ..DpopOptions::default()
    })
    .expect("valid");
    assert_eq!(problem(&wide, &at(json!(NOW - 300))), None);
    assert_eq!(problem(&wide, &at(json!(NOW + 30))), None);
    assert_eq!(
        problem(&wide, &at(json!(NOW - 301))),
        Some(DpopProblem::Iat)
    );
}

/// A proof is a JWT: an `exp` or `nbf` its client set binds it (RFC 7519
/// §4.1.4–4.1.5), with the clock skew `max_future` allows (5 s here).
/// Found by the oauth4webapi differential (tests/differential/dpop/).
#[test]
fn exp_and_nbf_bind_when_present() {
    let with = |name: &str, value: Value| edited(|_, claims| claims[name] = value);
    for (name, value) in [
        ("exp", json!(NOW + 1)),
        ("exp", json!(NOW - 4)),
        ("nbf", json!(NOW)),
        ("nbf", json!(NOW + 5)),
    ] {
        assert_eq!(
            problem(&rules(), &with(name, value.clone())),
            None,
            "{name} {value}"
        );
    }
    for (name, value, refused) in [
        ("exp", json!(NOW - 5), DpopProblem::Exp),
        ("exp", json!(NOW - 600), DpopProblem::Exp),
        ("exp", json!("1767225900"), DpopProblem::Exp),
        ("exp", json!(null), DpopProblem::Exp),
        ("nbf", json!(NOW + 6), DpopProblem::Nbf),
        ("nbf", json!(true), DpopProblem::Nbf),
    ] {
        assert_eq!(
            problem(&rules(), &with(name, value.clone())),
            Some(refused),
            "{name} {value}"
        );
    }
    assert_eq!(DpopProblem::Exp.reason(), "exp");
    assert_eq!(DpopProblem::Nbf.reason(), "nbf");
}

#[test]
fn jti_is_a_bounded_string() {
    for jti in [json!(null), json!(""), json!(7), json!("j".repeat(257))] {
        let proof = edited(|_, claims| claims["jti"] = jti.clone());
        assert_eq!(
            problem(&rules(), &proof),
            Some(DpopProblem::Jti),
            "{jti:.20}"
        );
    }
    let longest = edited(|_, claims| claims["jti"] = json!("j".repeat(256)));
    assert_eq!(problem(&rules(), &longest), None);
}

#[test]
fn ath_is_the_hash_of_the_access_token() {
    let wrong = edited(|_, claims| claims["ath"] = json!(access_token_hash("other")));
    assert_eq!(problem(&rules(), &wrong), Some(DpopProblem::Ath));
    let missing = edited(|_, claims| {
        claims.as_object_mut().expect("object").remove("ath");
    });
    assert_eq!(problem(&rules(), &missing), Some(DpopProblem::Ath));
    // Without an access token (a token request), `ath` is not asked for.
    let proofs = [missing.as_str()];
    let token_request = DpopRequest {
        access_token: None,
        ..request(&proofs, TOKEN)
    };
    assert!(rules().check_proof(&token_request, NOW).is_ok());
}

#[test]
fn required_nonces_are_issued_and_checked() {
    let nonces = ServerNonces::new(&[5; 32], 300).expect("valid");
    let rules = DpopRules::new(DpopOptions {
        nonces: Some(nonces.clone()),
        ..DpopOptions::default()
    })
    .expect("valid");
    let fresh = nonces.issue(NOW);
    assert_eq!(rules.fresh_nonce(NOW), Some(fresh.clone()));
    let use_nonce = Err(Error::UseDpopNonce {
        nonce: fresh.clone(),
    });
    assert_eq!(check(&rules, &proof(NOW, "j", TOKEN), NOW), use_nonce);
    let wrong = edited(|_, claims| claims["nonce"] = json!("made-up"));
    assert_eq!(check(&rules, &wrong, NOW), use_nonce);
    let with_nonce = |nonce: String| edited(|_, claims| claims["nonce"] = json!(nonce));
    assert!(check(&rules, &with_nonce(fresh.clone()), NOW).is_ok());
    let previous = nonces.issue(NOW - 300);
    assert!(check(&rules, &with_nonce(previous), NOW).is_ok());
    let stale = nonces.issue(NOW - 600);
    assert_eq!(check(&rules, &with_nonce(stale), NOW), use_nonce);
    let error = Error::UseDpopNonce {
        nonce: fresh.clone(),
    };
    assert_eq!(DpopChallenge::of(&error).nonce(), Some(fresh.as_str()));
    assert_eq!(DpopChallenge::of(&error).error(), "use_dpop_nonce");
}

#[test]
fn every_code_is_listed_with_its_challenge() {
    let errors = [
        (
            Error::DpopProofRequired,
            "dpop_proof_required",
            "invalid_token",
        ),
        (
            Error::InvalidDpopProof(DpopProblem::Iat),
            "invalid_dpop_proof",
            "invalid_dpop_proof",
        ),
        (
            Error::UseDpopNonce { nonce: "n".into() },
            "use_dpop_nonce",
            "use_dpop_nonce",
        ),
        (Error::DpopReplay, "dpop_replay", "invalid_dpop_proof"),
        (
            Error::DpopReplayCacheFull,
            "dpop_replay_cache_full",
            "invalid_dpop_proof",
        ),
        (Error::DpopKeyMismatch, "dpop_key_mismatch", "invalid_token"),
        (
            Error::DpopTokenUnbound,
            "dpop_token_unbound",
            "invalid_token",
        ),
    ];
    for (error, code, challenge) in errors {
        assert_eq!(error.code(), code);
        assert!(ERROR_CODES.contains(&code), "{code}");
        assert!(
            error.to_string().starts_with(&format!("{code}: ")),
            "{error}"
        );
        assert_eq!(DpopChallenge::of(&error).error(), challenge, "{code}");
    }
    assert_eq!(
        Error::InvalidDpopProof(DpopProblem::Htu).reason(),
        Some("htu")
    );
}

#[test]
fn a_nonce_of_the_request_must_be_in_the_proof() {
    let expected = "server-chosen-nonce";
    let refused = Err(Error::UseDpopNonce {
        nonce: expected.into(),
    });
    for proof in [
        proof(NOW, "j", TOKEN),
        edited(|_, claims| claims["nonce"] = json!("another")),
    ] {
        let proofs = [proof.as_str()];
        let with_nonce = DpopRequest {
            nonce: Some(expected),
            ..request(&proofs, TOKEN)
        };
        assert_eq!(rules().check_proof(&with_nonce, NOW).map(|_| ()), refused);
    }
    let proof = edited(|_, claims| claims["nonce"] = json!(expected));
    let proofs = [proof.as_str()];
    let with_nonce = DpopRequest {
        nonce: Some(expected),
        ..request(&proofs, TOKEN)
    };
    assert!(rules().check_proof(&with_nonce, NOW).is_ok());
}

/// The proof's signature takes the token's host seam: the host's "no" is
/// final, and where the host may not verify (EdDSA) its "yes" is not asked.
#[test]
fn the_host_seam_follows_the_core_rule() {
    let proof = proof(NOW, "j", TOKEN);
    let proofs = [proof.as_str()];
    let host_says_no = rules().check_proof_with(&request(&proofs, TOKEN), NOW, |check| {
        assert!(check.host_may_verify());
        check.host_verified(false)
    });
    assert_eq!(
        host_says_no,
        Err(Error::InvalidDpopProof(DpopProblem::Signature))
    );
    let host_says_yes = rules().check_proof_with(&request(&proofs, TOKEN), NOW, |check| {
        check.host_verified(true)
    });
    assert!(matches!(host_says_yes, Ok(Some(_))));

    let key = client_ed_key();
    let header = json!({"typ": "dpop+jwt", "alg": "EdDSA", "jwk": public_ed_jwk(&key)});
    let forged = sign_ed(
        &ed25519_dalek::SigningKey::from_bytes(&[14; 32]),
        &header,
        &claims(NOW, "j", TOKEN),
    );
    let proofs = [forged.as_str()];
    let lenient_host = rules().check_proof_with(&request(&proofs, TOKEN), NOW, |check| {
        assert!(!check.host_may_verify());
        check.host_verified(true)
    });
    assert_eq!(
        lenient_host,
        Err(Error::InvalidDpopProof(DpopProblem::Signature))
    );
}

/// The replay entry lives as long as the `iat` rule accepts the proof:
/// `iat + maxAge`, floored for a fractional `iat`.
#[test]
fn a_proof_is_remembered_until_its_window_ends() {
    for (iat, until) in [(json!(NOW), NOW + 60), (json!(NOW as f64 - 0.5), NOW + 59)] {
        let proof = edited(|_, claims| claims["iat"] = iat.clone());
        let proofs = [proof.as_str()];
        let checked = rules().check_proof(&request(&proofs, TOKEN), NOW);
        let checked = checked.expect("accepted").expect("a proof");
        assert_eq!(checked.acceptable_until(), until, "{iat}");
        let at_the_end = rules().check_proof(&request(&proofs, TOKEN), until);
        assert!(at_the_end.is_ok(), "{iat}");
        let after = rules().check_proof(&request(&proofs, TOKEN), until + 1);
        assert_eq!(after.err(), Some(Error::InvalidDpopProof(DpopProblem::Iat)));
    }
}
