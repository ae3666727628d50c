//! When two header names are the same header for someone downstream.
//!
//! HTTP compares field names case-insensitively. CGI-style servers (WSGI,
//! Rack, PHP, and the frameworks on them) go further: they turn every `-`
//! into `_` before they look a header up (`X-Tokenward-Sub` becomes
//! `HTTP_X_TOKENWARD_SUB`), so `x_tokenward_sub` reaches them as the very
//! header the gateway sets. Every name the edge strips, sets or reads a
//! token from is therefore compared with `_` read as `-`.

/// Whether `a` and `b` name the same header for a CGI-style upstream:
/// equal ignoring ASCII case, with `_` and `-` interchangeable.
pub fn same_header_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| fold(x) == fold(y))
}

fn fold(byte: u8) -> u8 {
    match byte {
        b'_' => b'-',
        other => other.to_ascii_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::same_header_name;

    #[test]
    fn underscores_and_case_do_not_make_a_new_header() {
        for sent in ["x-tokenward-sub", "X_Tokenward_Sub", "x_tokenward-sub"] {
            assert!(same_header_name(sent, "x-tokenward-sub"), "{sent}");
        }
        for other in ["x-tokenward-su", "x-tokenward.sub", "xx-tokenward-sub"] {
            assert!(!same_header_name(other, "x-tokenward-sub"), "{other}");
        }
    }
}
