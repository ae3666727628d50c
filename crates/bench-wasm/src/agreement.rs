//! Before anything is timed, both sides must give the same, right answers:
//! every valid signature verifies, and altered ones fail on both sides.
//! Otherwise a side could be measured short-circuiting.

use crate::fixture::{Case, Message};

/// How one side answers "does this signature verify over this input?".
pub type Verify<'a> = &'a dyn Fn(&[u8], &[u8]) -> bool;

/// Runs every check on both sides; returns how many verifies were done, or
/// what went wrong.
pub fn check(case: &Case, tokenward: Verify, rustcrypto: Verify) -> Result<usize, Vec<String>> {
    let mut problems = Vec::new();
    let mut verifies = 0;
    let mut expect = |what: &str, message: &Message, valid: bool| {
        for (side, verify) in [("tokenward", tokenward), ("rustcrypto", rustcrypto)] {
            verifies += 1;
            if verify(&message.signing_input, &message.signature) != valid {
                let verdict = if valid { "refused" } else { "accepted" };
                problems.push(format!("{}: {side} {verdict} {what}", case.name));
            }
        }
    };
    for (index, message) in case.messages.iter().enumerate() {
        expect(&format!("valid signature {index}"), message, true);
    }
    for (what, altered) in altered_signatures(&case.messages) {
        expect(what, &altered, false);
    }
    if problems.is_empty() {
        Ok(verifies)
    } else {
        Err(problems)
    }
}

/// Signatures that must fail: one bit flipped in the middle, the last
/// byte's low bit flipped, another message's signature, one byte short.
fn altered_signatures(messages: &[Message]) -> Vec<(&'static str, Message)> {
    let first = &messages[0];
    let flipped = |index: usize| {
        let mut altered = first.clone();
        altered.signature[index] ^= 0x01;
        altered
    };
    let middle = first.signature.len() / 2;
    let last = first.signature.len() - 1;
    let mut swapped = first.clone();
    swapped.signature.clone_from(&messages[1].signature);
    let mut short = first.clone();
    short.signature.pop();
    vec![
        (
            "a signature with a bit flipped in the middle",
            flipped(middle),
        ),
        ("a signature with its last bit flipped", flipped(last)),
        ("another message's signature", swapped),
        ("a signature one byte short", short),
    ]
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::{fixture, rustcrypto_side, tokenward_side};

    /// The harness itself, natively: every fixture case has 16 signatures
    /// and both sides give the right answer on each check.
    #[test]
    fn both_sides_agree_on_every_fixture_case() {
        let cases = fixture::load();
        let names: Vec<&str> = cases.iter().map(|case| case.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "RS256",
                "RS256-4096",
                "RS384",
                "RS512",
                "PS256",
                "PS384",
                "PS512",
                "ES256",
                "ES384",
                "EdDSA"
            ]
        );
        for case in &cases {
            assert_eq!(case.messages.len(), 16, "{}", case.name);
            let tokenward_key = tokenward_side::prepare(case);
            let crate_key = rustcrypto_side::prepare(&case.raw);
            let verifies = check(
                case,
                &|input, signature| {
                    tokenward_side::verify(&tokenward_key, case.alg, input, signature)
                },
                &|input, signature| rustcrypto_side::verify(&crate_key, case.alg, input, signature),
            )
            .unwrap_or_else(|problems| panic!("{problems:#?}"));
            assert_eq!(verifies, 2 * (16 + 4), "{}", case.name);
        }
    }

    /// A side that says yes to everything, or no to everything, is caught.
    #[test]
    fn a_short_circuiting_side_is_caught() {
        let cases = fixture::load();
        let case = &cases[0];
        let crate_key = rustcrypto_side::prepare(&case.raw);
        let honest = |input: &[u8], signature: &[u8]| {
            rustcrypto_side::verify(&crate_key, case.alg, input, signature)
        };
        let problems = check(case, &|_, _| true, &honest).expect_err("always-yes caught");
        assert_eq!(problems.len(), 4, "{problems:#?}");
        let problems = check(case, &honest, &|_, _| false).expect_err("always-no caught");
        assert_eq!(problems.len(), 16, "{problems:#?}");
    }
}
