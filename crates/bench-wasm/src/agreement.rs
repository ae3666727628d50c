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
