//! What a JWS / JWE compact serialization looks like inside free text.
//!
//! A token is recognised by its header, not by a fixed prefix: the first
//! segment must base64url-decode to the opening of a JSON object with a
//! member (`{"`), after an optional UTF-8 BOM and JSON whitespace. `eyJ` is
//! only the most common spelling; `{ "alg"` encodes to `eyAi`, a
//! pretty-printed `{\n  "` to `ewog`, ` {"` to `IHsi`. Two or more dots
//! must follow (JWS has three segments, JWE five). Version strings,
//! hostnames, file names and decimals never decode to `{"`, so ordinary
//! text is left alone.

use super::is_base64url;

/// The end of the token whose header segment starts at `start`, or `None`.
/// `run_end` ends the run of base64url characters and dots `start` is in.
/// A trailing dot after a complete token ends a sentence: it is left out.
pub(crate) fn token_end(bytes: &[u8], start: usize, run_end: usize) -> Option<usize> {
    let run = &bytes[start..run_end];
    let header_len = run.iter().position(|&b| b == b'.')?;
    if !is_header_segment(&run[..header_len]) {
        return None;
    }
    let dots = run.iter().filter(|&&b| b == b'.').count();
    if dots < 2 {
        return None;
    }
    let trailing_dot = dots > 2 && run.last() == Some(&b'.');
    Some(run_end - usize::from(trailing_dot))
}

/// Whether the whole of `value` is a compact JWS / JWE.
pub(crate) fn is_token(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.iter().all(|&b| is_base64url(b) || b == b'.')
        && token_end(bytes, 0, bytes.len()).is_some()
}

/// Whether base64url `segment` decodes to `[BOM] ws* { ws* "`: the start of
/// a JOSE header. Decodes only as far as needed to tell.
fn is_header_segment(segment: &[u8]) -> bool {
    let mut state = Opening::Start;
    let mut bits: u32 = 0;
    let mut bit_count = 0;
    for &c in segment {
        let Some(sextet) = sextet(c) else {
            return false;
        };
        bits = (bits << 6) | u32::from(sextet);
        bit_count += 6;
        if bit_count >= 8 {
            bit_count -= 8;
            // Eight bits, masked: the cast cannot truncate anything kept.
            let byte = ((bits >> bit_count) & 0xff) as u8;
            state = state.next(byte);
            match state {
                Opening::Member => return true,
                Opening::Mismatch => return false,
                _ => {}
            }
        }
    }
    false
}

/// How far the decoded bytes have matched `[BOM] ws* { ws* "`.
#[derive(Clone, Copy)]
enum Opening {
    Start,
    /// After 0xEF, 0xEF 0xBB of the BOM.
    Bom1,
    Bom2,
    BeforeBrace,
    AfterBrace,
    Member,
    Mismatch,
}

impl Opening {
    fn next(self, byte: u8) -> Opening {
        let space = matches!(byte, b' ' | b'\t' | b'\n' | b'\r');
        match (self, byte) {
            (Opening::Start, 0xEF) => Opening::Bom1,
            (Opening::Bom1, 0xBB) => Opening::Bom2,
            (Opening::Bom2, 0xBF) => Opening::BeforeBrace,
            (Opening::Start | Opening::BeforeBrace, b'{') => Opening::AfterBrace,
            (Opening::Start | Opening::BeforeBrace, _) if space => Opening::BeforeBrace,
            (Opening::AfterBrace, b'"') => Opening::Member,
            (Opening::AfterBrace, _) if space => Opening::AfterBrace,
            _ => Opening::Mismatch,
        }
    }
}

/// The 6-bit value of a base64url character.
fn sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    }
}
