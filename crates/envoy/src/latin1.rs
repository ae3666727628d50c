//! Header values as the filter reads and writes them: Latin-1, one
//! character per byte, as workerd hands them to the edge worker.
//!
//! Envoy forwards any byte but NUL, CR and LF in a header value, so a value
//! need not be UTF-8 (`X-Note: caf\xe9`). The SDK's `get_map` turns values
//! into `String`s with an `unwrap`: one such request would trap the VM, and
//! every later request on its worker thread would get Envoy's 503. Read as
//! bytes and decoded one byte per character, every value arrives; a value
//! the filter writes back (the `Cookie` header without the token) is encoded
//! the same way, so the other cookies keep their exact bytes.

/// `bytes` as text, one character per byte (ASCII, the usual case, without
/// a copy).
pub fn decode(bytes: Vec<u8>) -> String {
    if bytes.is_ascii() {
        // ASCII is UTF-8: never the fallback.
        String::from_utf8(bytes).unwrap_or_default()
    } else {
        bytes.iter().map(|&byte| char::from(byte)).collect()
    }
}

/// The bytes of `text` written one per character; `None` when a character
/// is beyond U+00FF (not from [`decode`], so not written at all).
pub fn encode(text: &str) -> Option<Vec<u8>> {
    text.chars().map(|c| u8::try_from(c).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};

    #[test]
    fn every_byte_round_trips() {
        let all: Vec<u8> = (0..=255).collect();
        let text = decode(all.clone());
        assert_eq!(text.chars().count(), 256);
        assert_eq!(encode(&text), Some(all));
    }

    #[test]
    fn ascii_is_unchanged_and_wide_characters_are_refused() {
        assert_eq!(decode(b"Bearer abc".to_vec()), "Bearer abc");
        assert_eq!(decode(vec![0x63, 0x61, 0x66, 0xe9]), "caf\u{e9}");
        assert_eq!(encode("\u{20ac}"), None);
    }
}
