//! Claims as header values: one unambiguous text per value, and nothing
//! outside printable ASCII ever reaches a header.
//!
//! The rule, as an upstream decodes it:
//! - a value starting with `"`, `[` or `{` is JSON (a string, an array,
//!   an object) — parse it;
//! - any other value is the claim verbatim: a string, or a number or a
//!   boolean as JSON prints it (`42`, `true`).
//!
//! So a string is sent verbatim only when it is printable ASCII
//! (`0x20..=0x7E`), has no leading or trailing space (which HTTP would
//! trim) and does not start with `"`, `[` or `{`; every other string is
//! sent as a JSON string. Arrays and objects are always JSON:
//! `["user,admin"]` and `["user","admin"]` stay two different headers.
//! JSON text is written with every byte outside printable ASCII escaped
//! (`\n`, `\u00e9`, `\u007f`), so CR, LF, NUL, DEL, other controls and
//! non-ASCII never reach the wire.

use alloc::string::{String, ToString};
use core::fmt::Write as _;
use serde_json::Value;

/// The header text of a claim value (`None` for `null`).
pub fn claim_header_value(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(string_value(text)),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(_) | Value::Object(_) => ascii_json(value),
    }
}

/// The header text of a string: verbatim when that cannot be misread,
/// else a JSON string.
pub fn string_value(text: &str) -> String {
    if is_verbatim(text) {
        return text.into();
    }
    // Serialising a string cannot fail; an empty JSON string is the
    // fail-safe fallback (still starts with `"`, still printable).
    ascii_json(&Value::String(text.into())).unwrap_or_else(|| "\"\"".into())
}

/// Whether `text` can be sent as is (see the module rule).
fn is_verbatim(text: &str) -> bool {
    let printable = text.bytes().all(|b| (0x20..=0x7e).contains(&b));
    let trimmed = !text.starts_with(' ') && !text.ends_with(' ');
    let looks_like_json = text.starts_with(['"', '[', '{']);
    printable && trimmed && !looks_like_json
}

/// Compact JSON with every char outside printable ASCII as `\uXXXX`.
/// serde_json escapes controls in strings but leaves DEL and non-ASCII
/// as they are; those only ever occur inside strings, where an escape
/// means the same.
fn ascii_json(value: &Value) -> Option<String> {
    let json = serde_json::to_string(value).ok()?;
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if (' '..='~').contains(&c) {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        }
    }
    Some(out)
}

/// Whether `value` may be put in a header as is: printable ASCII only.
pub fn is_header_safe(value: &str) -> bool {
    value.bytes().all(|b| (0x20..=0x7e).contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn arrays_are_json_so_commas_cannot_merge_elements() {
        let one = claim_header_value(&json!(["user,admin"]));
        let two = claim_header_value(&json!(["user", "admin"]));
        assert_eq!(one.as_deref(), Some(r#"["user,admin"]"#));
        assert_eq!(two.as_deref(), Some(r#"["user","admin"]"#));
        assert_ne!(one, two);
    }

    #[test]
    fn plain_strings_numbers_and_booleans_stay_verbatim() {
        assert_eq!(string_value("alice"), "alice");
        assert_eq!(string_value("12345"), "12345");
        assert_eq!(claim_header_value(&json!(42)).as_deref(), Some("42"));
        assert_eq!(claim_header_value(&json!(true)).as_deref(), Some("true"));
        assert_eq!(claim_header_value(&json!(null)), None);
    }

    #[test]
    fn control_characters_and_non_ascii_are_escaped() {
        let cases = [
            (
                "a\r\nx-tokenward-sub: root",
                r#""a\r\nx-tokenward-sub: root""#,
            ),
            ("nul\0", r#""nul\u0000""#),
            ("del\u{7f}", r#""del\u007f""#),
            ("José", r#""Jos\u00e9""#),
            ("𝄞", r#""\ud834\udd1e""#),
            (" padded ", r#"" padded ""#),
            ("[\"admin\"]", r#""[\"admin\"]""#),
            ("\"quoted\"", r#""\"quoted\"""#),
        ];
        for (claim, header) in cases {
            let value = string_value(claim);
            assert_eq!(value, header, "{claim:?}");
            assert!(is_header_safe(&value), "{claim:?}");
            let back: Value = serde_json::from_str(&value).expect("JSON");
            assert_eq!(back, json!(claim), "decodes to the claim");
        }
        let nested = claim_header_value(&json!({"n": "a\u{1}b", "é": [1]})).unwrap();
        assert!(is_header_safe(&nested), "{nested}");
    }

    proptest::proptest! {
        /// Any claim value: printable ASCII out, and the decoding rule
        /// gives the value back (strings, arrays, objects).
        #[test]
        fn every_string_round_trips(text in ".*") {
            let header = string_value(&text);
            proptest::prop_assert!(is_header_safe(&header));
            let decoded = if header.starts_with(['"', '[', '{']) {
                serde_json::from_str::<String>(&header).ok()
            } else {
                Some(header.clone())
            };
            proptest::prop_assert_eq!(decoded.as_deref(), Some(text.as_str()));
        }

        #[test]
        fn arrays_of_strings_round_trip(items in proptest::collection::vec(".*", 0..4)) {
            let value = json!(items);
            let header = claim_header_value(&value).unwrap();
            proptest::prop_assert!(is_header_safe(&header));
            let back: Value = serde_json::from_str(&header).unwrap();
            proptest::prop_assert_eq!(back, value);
        }
    }
}
