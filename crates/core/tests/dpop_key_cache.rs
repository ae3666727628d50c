//! The prepared-proof-key cache never changes a verdict: random sequences
//! of proofs (three client keys of two kinds, a proof signed by another
//! key than its `jwk`, a `jwk` with an `alg` or `use` member that forbids
//! the proof, a broken point, a tampered signature, a time outside the
//! window) are checked with one cache, small enough to evict, and without
//! one; every request gets the same answer. Also the scheme rule both
//! edges and the npm Verifier share (`check_proof_under`).

mod dpop_support;

use dpop_support::{
    URL, claims, client_ed_key, client_key, es256_header, other_key, public_ed_jwk, public_jwk,
    request, sign_ed, sign_p256,
};
use proptest::prelude::*;
use serde_json::{Value, json};
use tokenward_core::Error;
use tokenward_core::dpop::{AuthScheme, DpopOptions, DpopRequest, DpopRules, ProofKeyCache};

const NOW: i64 = 1_700_000_000;
const TOKEN: &str = "t.o.k";

fn rules() -> DpopRules {
    let options = DpopOptions {
        algorithms: vec![
            tokenward_core::Algorithm::ES256,
            tokenward_core::Algorithm::EdDSA,
        ],
        ..DpopOptions::default()
    };
    DpopRules::new(options).expect("valid options")
}

/// How one request's proof is made.
#[derive(Debug, Clone, Copy)]
enum Shape {
    /// Signed by client key `n` (0, 1: P-256; 2: Ed25519) with its own jwk.
    Valid(u8),
    /// Signed by the other P-256 key, carrying client key `n`'s jwk.
    ForeignSignature(u8),
    /// Client key `n`'s jwk with `"alg":"ES384"` (forbids ES256).
    AlgForbids(u8),
    /// Client key `n`'s jwk with `"use":"enc"`.
    UseForbids(u8),
    /// Client key `n`'s jwk with its `y` one bit off (not on the curve).
    OffCurve(u8),
    /// A valid proof with a byte of its signature changed.
    Tampered(u8),
    /// A valid proof, but stale.
    Stale(u8),
}

fn shape() -> impl Strategy<Value = Shape> {
    (0u8..7, 0u8..3).prop_map(|(kind, key)| {
        let p256 = key % 2;
        match kind {
            0 => Shape::Valid(key),
            1 => Shape::ForeignSignature(p256),
            2 => Shape::AlgForbids(p256),
            3 => Shape::UseForbids(key),
            4 => Shape::OffCurve(p256),
            5 => Shape::Tampered(key),
            _ => Shape::Stale(key),
        }
    })
}

fn p256_key(n: u8) -> p256::ecdsa::SigningKey {
    if n == 0 { client_key() } else { other_key() }
}

fn with_member(mut jwk: Value, name: &str, value: Value) -> Value {
    jwk.as_object_mut()
        .expect("object")
        .insert(name.into(), value);
    jwk
}

fn make(shape: Shape, jti: &str) -> String {
    let fresh = claims(NOW, jti, TOKEN);
    let valid = |n: u8, jwk_of: &dyn Fn(Value) -> Value| -> String {
        if n == 2 {
            let key = client_ed_key();
            let header =
                json!({"typ": "dpop+jwt", "alg": "EdDSA", "jwk": jwk_of(public_ed_jwk(&key))});
            sign_ed(&key, &header, &fresh)
        } else {
            let key = p256_key(n);
            sign_p256(&key, &es256_header(jwk_of(public_jwk(&key))), &fresh)
        }
    };
    match shape {
        Shape::Valid(n) => valid(n, &|jwk| jwk),
        Shape::ForeignSignature(n) => {
            let signer = p256_key(1 - n);
            sign_p256(&signer, &es256_header(public_jwk(&p256_key(n))), &fresh)
        }
        Shape::AlgForbids(n) => valid(n, &|jwk| with_member(jwk, "alg", json!("ES384"))),
        Shape::UseForbids(n) => valid(n, &|jwk| with_member(jwk, "use", json!("enc"))),
        Shape::OffCurve(n) => valid(n, &|jwk| {
            let y = jwk["y"].as_str().expect("y").to_owned();
            let last = if y.ends_with('A') { "B" } else { "A" };
            with_member(jwk, "y", json!(format!("{}{last}", &y[..y.len() - 1])))
        }),
        Shape::Tampered(n) => {
            let proof = valid(n, &|jwk| jwk);
            let (rest, signature) = proof.rsplit_once('.').expect("three parts");
            let flipped = if signature.starts_with('A') { "B" } else { "A" };
            format!("{rest}.{flipped}{}", &signature[1..])
        }
        Shape::Stale(n) => {
            let key = p256_key(n % 2);
            sign_p256(
                &key,
                &es256_header(public_jwk(&key)),
                &claims(NOW - 3_600, jti, TOKEN),
            )
        }
    }
}

type Verdict = Result<Option<String>, Error>;

fn uncached(proof: &str) -> Verdict {
    let proofs = [proof];
    let checked = rules().check_proof(&request(&proofs, TOKEN), NOW)?;
    Ok(checked.map(|proof| proof.thumbprint().to_owned()))
}

fn cached(proof: &str, keys: &mut ProofKeyCache) -> Verdict {
    let proofs = [proof];
    let request = request(&proofs, TOKEN);
    let checked = rules().check_proof_cached(&request, NOW, keys, |check| check.verify())?;
    Ok(checked.map(|proof| proof.thumbprint().to_owned()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn the_key_cache_never_changes_a_verdict(
        shapes in proptest::collection::vec(shape(), 1..16),
        capacity in 1usize..4,
    ) {
        let mut keys = ProofKeyCache::new(capacity);
        for (index, shape) in shapes.iter().enumerate() {
            let proof = make(*shape, &format!("jti-{index}"));
            prop_assert_eq!(cached(&proof, &mut keys), uncached(&proof), "{:?}", shape);
            prop_assert!(keys.len() <= capacity);
        }
    }
}

#[test]
fn a_client_key_is_prepared_once() {
    let mut keys = ProofKeyCache::new(8);
    for index in 0..5 {
        let proof = make(Shape::Valid(0), &format!("jti-{index}"));
        assert!(cached(&proof, &mut keys).expect("valid").is_some());
    }
    assert_eq!((keys.len(), keys.counters()), (1, (4, 1)));
    // A jwk that does not parse is never kept.
    let broken = make(Shape::OffCurve(1), "jti-x");
    assert!(cached(&broken, &mut keys).is_err());
    assert!(cached(&broken, &mut keys).is_err());
    assert_eq!(keys.len(), 1);
}

#[test]
fn the_scheme_decides_whether_a_proof_counts() {
    let proof = make(Shape::Valid(0), "jti-s");
    let proofs = [proof.as_str()];
    let mut keys = ProofKeyCache::default();
    let under = |scheme, proofs: &[&str], keys: &mut ProofKeyCache| {
        let request = DpopRequest {
            url: URL,
            ..request(proofs, TOKEN)
        };
        rules()
            .check_proof_under(scheme, &request, NOW, keys, |check| check.verify())
            .map(|proof| proof.is_some())
    };
    // RFC 9449 §7.2: under Bearer the proof does not count (a bound token
    // then needs one: dpop_proof_required at the binding rule).
    assert_eq!(under(AuthScheme::Bearer, &proofs, &mut keys), Ok(false));
    assert_eq!(under(AuthScheme::Dpop, &proofs, &mut keys), Ok(true));
    // §7.1: the DPoP scheme comes with a proof.
    assert_eq!(
        under(AuthScheme::Dpop, &[], &mut keys),
        Err(Error::DpopProofRequired)
    );
}
