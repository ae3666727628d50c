//! Masks token-shaped strings in free text (logs, error messages).

use super::token_shape::token_end;
use super::{REDACTED, is_base64url};
use alloc::string::String;

/// Longest prefix kept of a secret; never more than a quarter of it.
const KEEP_CHARS: usize = 4;

/// Query, form and JSON members whose values are secrets.
const SECRET_KEYS: &[&str] = &[
    "access_token",
    "refresh_token",
    "id_token",
    "code",
    "code_verifier",
    "client_secret",
    "client_assertion",
    "device_code",
    "token",
];

/// Authorization schemes whose credentials are secrets.
const SCHEMES: &[&str] = &["Bearer", "DPoP", "Basic"];

/// Masks token-shaped strings: JWS/JWE compact serializations (whatever
/// their header's spelling: `eyJ...`, `eyAi...`, `ewog...`; also right
/// after `-`, `--`, `=`, quotes, a `%XX` or `\n` escape, or a dot),
/// `Authorization` credentials (`Bearer`, `DPoP`, `Basic`), and values of
/// `access_token=`, `refresh_token=`, `id_token=`, `code=` (and other
/// secret parameters) in queries, fragments, forms and JSON members. Each
/// keeps a short prefix (at most 4 characters, at most a quarter of the
/// secret) followed by `[redacted]`; everything else is copied unchanged.
pub fn redact(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0; // text[..copied] is already in `out`
    let mut i = 0;
    while i < bytes.len() {
        // Every pattern starts with an ASCII byte, so only char boundaries.
        let boundary = text.is_char_boundary(i) && (i == 0 || !is_word(bytes[i - 1]));
        let found = if boundary {
            let after_dashes = i + dashes_at(bytes, i);
            jwt_at(text, i)
                .or_else(|| scheme_at(text, i))
                .or_else(|| key_value_at(text, after_dashes))
        } else {
            None
        };
        match found {
            Some((start, end)) => {
                out.push_str(&text[copied..start]);
                mask(&mut out, &text[start..end]);
                copied = end;
                i = end;
            }
            None => i += 1,
        }
    }
    out.push_str(&text[copied..]);
    out
}

fn is_word(b: u8) -> bool {
    is_base64url(b) || b == b'.'
}

/// Writes a secret's short prefix and the marker.
fn mask(out: &mut String, secret: &str) {
    let keep = KEEP_CHARS.min(secret.chars().count() / 4);
    out.extend(secret.chars().take(keep));
    out.push_str(REDACTED);
}

/// A secret to mask spans `start..end`, unless it is already masked.
fn secret(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    (end > start && !text[end..].starts_with(REDACTED)).then_some((start, end))
}

/// A token in the run of base64url characters and dots that starts at
/// `at`. `-` and `_` are base64url characters, so `--eyJ...` is one run:
/// the token may start after leading dashes (`--<token>` typed where a flag
/// goes), after the hex digits of an escape just before the run (`%22eyJ`,
/// `\neyJ`, `\u0022eyJ`), or after any dot in the run (`x.eyJ...`).
fn jwt_at(text: &str, at: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let run = &bytes[at..];
    let run_len = run.iter().position(|&b| !is_word(b)).unwrap_or(run.len());
    // Fewer than two dots: no token (and most words end here).
    run[..run_len].iter().filter(|&&b| b == b'.').nth(1)?;
    let run_end = at + run_len;
    let in_first_segment = [at, at + dashes_at(bytes, at), at + escape_len(bytes, at)];
    let after_dots = (at..run_end).filter(|&i| bytes[i] == b'.').map(|i| i + 1);
    let (start, end) = in_first_segment
        .into_iter()
        .chain(after_dots)
        .find_map(|start| Some((start, token_end(bytes, start, run_end)?)))?;
    secret(text, start, end)
}

/// How many `-` / `_` start `bytes[at..]`. Neither can start a token: the
/// byte they would decode to (0xF8 and above) never starts UTF-8 JSON.
fn dashes_at(bytes: &[u8], at: usize) -> usize {
    bytes[at..]
        .iter()
        .take_while(|&&b| b == b'-' || b == b'_')
        .count()
}

/// The characters at `at` that belong to an escape begun just before it:
/// `%XX` (URL), `\uXXXX`, `\xXX`, `\n` (JSON, JavaScript, safe terminal
/// text). 0 when there is none.
fn escape_len(bytes: &[u8], at: usize) -> usize {
    let hex_at = |from: usize, len: usize| {
        bytes
            .get(from..from + len)
            .is_some_and(|digits| digits.iter().all(u8::is_ascii_hexdigit))
    };
    let before = at.checked_sub(1).map(|i| bytes[i]);
    match (before, bytes.get(at)) {
        (Some(b'%'), _) if hex_at(at, 2) => 2,
        (Some(b'\\'), Some(b'u')) if hex_at(at + 1, 4) => 5,
        (Some(b'\\'), Some(b'x')) if hex_at(at + 1, 2) => 3,
        (Some(b'\\'), Some(c)) if c.is_ascii_alphabetic() => 1,
        _ => 0,
    }
}

/// `Bearer <token68>` (scheme case-insensitive): the credentials part.
fn scheme_at(text: &str, at: usize) -> Option<(usize, usize)> {
    let rest = &text[at..];
    let scheme = SCHEMES.iter().find(|s| {
        rest.get(..s.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(s))
    })?;
    let after = &rest[scheme.len()..];
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    if spaces == 0 {
        return None;
    }
    let start = at + scheme.len() + spaces;
    let end = start
        + text[start..]
            .bytes()
            .take_while(|&b| b.is_ascii_alphanumeric() || b"-._~+/=".contains(&b))
            .count();
    if !looks_random(&text[start..end]) {
        return None; // prose: "the bearer of", "Basic authentication"
    }
    secret(text, start, end)
}

/// Credentials, not a word: 8+ characters with a digit, a symbol, or an
/// upper-case letter after the first.
fn looks_random(s: &str) -> bool {
    s.len() >= 8
        && s.bytes().enumerate().any(|(i, b)| {
            b.is_ascii_digit() || !b.is_ascii_alphabetic() || (i > 0 && b.is_ascii_uppercase())
        })
}

/// `key=value` (query, fragment, form) or `"key": "value"` (JSON).
fn key_value_at(text: &str, at: usize) -> Option<(usize, usize)> {
    let rest = &text[at..];
    let quoted = rest.starts_with('"');
    let name_at = usize::from(quoted);
    let key = SECRET_KEYS.iter().find(|k| {
        rest[name_at..].starts_with(*k)
            && !rest
                .as_bytes()
                .get(name_at + k.len())
                .is_some_and(|&b| is_base64url(b))
    })?;
    let after_key = at + name_at + key.len();
    if quoted {
        let tail = text[after_key..].strip_prefix('"')?;
        let tail = tail.trim_start().strip_prefix(':')?.trim_start();
        let value = tail.strip_prefix('"')?;
        let start = text.len() - value.len();
        let end = start + value.find(['"', '\\', '[']).unwrap_or(value.len());
        return secret(text, start, end);
    }
    let value = text[after_key..].strip_prefix('=')?;
    let start = text.len() - value.len();
    let end = start
        + value
            .find(|c: char| c.is_whitespace() || "&#\"'<>;,)[".contains(c))
            .unwrap_or(value.len());
    secret(text, start, end)
}
