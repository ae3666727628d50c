//! `application/x-www-form-urlencoded` (WHATWG URL §5.2, the encoding RFC
//! 6749 §2.3.1 asks for client credentials and RFC 7662 for the request).

use alloc::string::String;

/// Encodes `text` as one form value: unreserved bytes as they are, space
/// as `+`, every other byte `%XX`.
pub fn form_urlencode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0x0f)]));
            }
        }
    }
    out
}
