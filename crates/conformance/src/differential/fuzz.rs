//! The body of the cargo-fuzz target `signature_differential`: the fuzz
//! input picks a key and algorithm, then either edits a valid signature (or
//! the message), supplies raw message and signature bytes, or (RSA) edits a
//! valid encoded message that the raw private operation then signs, so the
//! fuzzer steers exactly what the verifier decrypts. tokenward's verdict
//! must equal ring's; a disagreement panics with the full case.

use super::alg::{Alg, Family};
use super::case::Case;
use super::encoding::{self, Pss};
use super::keys::Keys;
use super::prng::Prng;
use super::sign::sign;
use std::sync::OnceLock;

/// The message every pre-made signature signs: a JWS signing input.
pub const MESSAGE: &[u8] = b"eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlIiwic3ViIjoiZnV6eiJ9";

/// One algorithm over one key, with a valid signature of `MESSAGE` and, for
/// RSA, the valid encoded message behind it.
#[derive(Debug)]
struct Target {
    alg: Alg,
    key: usize,
    signature: Vec<u8>,
    encoded: Option<Vec<u8>>,
}

#[derive(Debug)]
struct Fixture {
    keys: Keys,
    targets: Vec<Target>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let keys = Keys::load(1);
        let mut rng = Prng::new(1);
        // RSA: a common key, an odd size and e = 3; one key per curve.
        let find = |bits: usize, e: &[u8]| {
            keys.rsa
                .iter()
                .position(|key| key.bits == bits && key.e == e)
                .expect("fixture has the key")
        };
        let rsa_keys = [
            find(2048, &[1, 0, 1]),
            find(2049, &[1, 0, 1]),
            find(2048, &[3]),
        ];
        let mut targets = Vec::new();
        for alg in Alg::ALL {
            let keys_of_alg: &[usize] = if alg.family() == Family::Rsa {
                &rsa_keys
            } else {
                &[0]
            };
            for &key in keys_of_alg {
                let (signature, encoded) = match alg.family() {
                    Family::Rsa => {
                        let em = valid_encoding(&keys, alg, key);
                        let signature = encoding::raw_sign(&keys.rsa[key], &em).expect("below n");
                        (signature, Some(em))
                    }
                    _ => (sign(&keys, alg, key, MESSAGE, &mut rng), None),
                };
                targets.push(Target {
                    alg,
                    key,
                    signature,
                    encoded,
                });
            }
        }
        Fixture { keys, targets }
    })
}

fn valid_encoding(keys: &Keys, alg: Alg, key: usize) -> Vec<u8> {
    let key = &keys.rsa[key];
    let hash = alg.hash();
    if !alg.is_pss() {
        return encoding::pkcs1(key.modulus_len(), 1, &encoding::digest_info(hash, MESSAGE));
    }
    let salt = vec![0x5a; hash.output_len()];
    let em = Pss {
        mod_bits: key.bits,
        hash,
        mgf_hash: hash,
        m_hash: &hash.digest(MESSAGE),
        salt: &salt,
    }
    .encode(|_, _| {});
    encoding::to_modulus_len(&em, key.modulus_len())
}

/// One fuzz input: panics when tokenward and ring disagree.
pub fn signature_differential(data: &[u8]) {
    let [pick, mode, rest @ ..] = data else {
        return;
    };
    let fixture = fixture();
    let target = &fixture.targets[usize::from(*pick) % fixture.targets.len()];
    let mut case = Case {
        kind: "fuzz",
        alg: target.alg,
        key: target.key,
        message: MESSAGE.to_vec(),
        signature: target.signature.clone(),
    };
    match mode % 4 {
        0 => edit(&mut case, rest),
        1 => {
            // Raw bytes: a length byte, the message, the signature.
            let (len, rest) = rest.split_first().unwrap_or((&0, &[]));
            let len = usize::from(*len).min(rest.len());
            case.message = rest[..len].to_vec();
            case.signature = rest[len..].to_vec();
        }
        2 => {
            // A signature of exactly the right length, over the fixed message.
            let len = case.signature.len();
            case.signature = rest
                .iter()
                .copied()
                .chain(core::iter::repeat(0))
                .take(len)
                .collect();
        }
        _ => match &target.encoded {
            Some(encoded) => {
                let key = &fixture.keys.rsa[target.key];
                let mut em = encoded.clone();
                edit_bytes(&mut em, rest);
                em.resize(key.modulus_len(), 0);
                // Not below n: no signature encodes it.
                let Some(signature) = encoding::raw_sign(key, &em) else {
                    return;
                };
                case.signature = signature;
            }
            None => edit(&mut case, rest),
        },
    }
    let core = case.core_verdict(&fixture.keys);
    let ring = case.ring_verdict(&fixture.keys);
    // An input that left the valid signature untouched must verify in both:
    // "both reject" there means a broken fixture or key, not agreement.
    let untouched = case.message == MESSAGE && case.signature == target.signature;
    assert!(
        !untouched || (core.is_ok() && ring),
        "the untouched valid {} signature: tokenward {core:?}, ring {ring}",
        case.alg.name()
    );
    assert!(
        core.is_ok() == ring,
        "tokenward {core:?} but ring {ring} for {} jwk={} message={} signature={}",
        case.alg.name(),
        case.jwk_json(&fixture.keys),
        super::engine::to_hex(&case.message),
        super::engine::to_hex(&case.signature)
    );
}

/// Edits of four bytes each: `[op, position high, position low, value]`.
/// Ops 0-3 change the signature, 4-5 the message.
fn edit(case: &mut Case, ops: &[u8]) {
    let (signature_ops, message_ops): (Vec<&[u8]>, Vec<&[u8]>) =
        ops.chunks_exact(4).partition(|op| op[0] % 6 < 4);
    edit_bytes(&mut case.signature, &signature_ops.concat());
    for op in message_ops {
        let at = usize::from(u16::from_be_bytes([op[1], op[2]]));
        if op[0] % 6 == 4 && !case.message.is_empty() {
            let len = case.message.len();
            case.message[at % len] ^= op[3].max(1);
        } else {
            case.message.push(op[3]);
        }
    }
}

/// Byte edits of four bytes each: `[op, position high, position low, value]`,
/// op (mod 4): xor, set, truncate, insert.
fn edit_bytes(bytes: &mut Vec<u8>, ops: &[u8]) {
    for op in ops.chunks_exact(4) {
        let at = usize::from(u16::from_be_bytes([op[1], op[2]]));
        let len = bytes.len();
        match op[0] % 4 {
            0 if len > 0 => bytes[at % len] ^= op[3].max(1),
            1 if len > 0 => bytes[at % len] = op[3],
            2 => bytes.truncate(at % (len + 1)),
            _ => bytes.insert(at % (len + 1), op[3]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::case::Case;
    use super::super::prng::Prng;
    use super::{MESSAGE, fixture, signature_differential};

    /// Random inputs through every mode: no disagreement, no panic.
    #[test]
    fn random_inputs_agree() {
        let mut rng = Prng::new(3);
        for round in 0..60u32 {
            let len = rng.below(64);
            let mut input = rng.bytes(len + 2);
            input[1] = (round % 4) as u8;
            signature_differential(&input);
        }
        // The untouched valid signatures, through mode 0 with no edits: each
        // must verify in both (asserted inside).
        for pick in 0..fixture().targets.len() as u8 {
            signature_differential(&[pick, 0]);
        }
    }

    /// Every algorithm has valid targets, and each verifies in both: the
    /// edits of the fuzz start from signatures known good, never from a pair
    /// both sides reject.
    #[test]
    fn every_valid_target_verifies_in_both() {
        let fixture = fixture();
        // 6 RSA algorithms over 3 keys, then one key per ECDSA / EdDSA alg.
        assert_eq!(fixture.targets.len(), 6 * 3 + 3);
        for target in &fixture.targets {
            let case = Case {
                kind: "valid",
                alg: target.alg,
                key: target.key,
                message: MESSAGE.to_vec(),
                signature: target.signature.clone(),
            };
            let name = target.alg.name();
            assert!(
                case.core_verdict(&fixture.keys).is_ok(),
                "tokenward refuses {name}"
            );
            assert!(case.ring_verdict(&fixture.keys), "ring refuses {name}");
        }
    }
}
