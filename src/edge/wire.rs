//! The text the JS side hands in: a request as lines. Lines beat JS objects
//! across the wasm boundary: the JS encodes one string with
//! `TextEncoder.encodeInto` straight into the input buffer (~0.1 µs for
//! 1 KiB, against ~3 µs for a wasm-bindgen `&str` or object walk).
//!
//! Format: `METHOD\nPATH\nname:value\nname:value...`. Fetch `Headers` never
//! hold `\n` or `\r` in a value, nor `:` in a name, so the split is exact.
//! The JS side adds `:scheme` and `:authority` from the request URL (the
//! names Envoy gives them), which DPoP's `htu` check reads; a name that
//! starts with `:` splits at its second `:`. No client header can have such
//! a name, so none can pose as them.

/// A request as borrowed slices of the input text.
pub(crate) struct RequestText<'t> {
    pub method: &'t str,
    pub path: &'t str,
    pub headers: Vec<(&'t str, &'t str)>,
}

/// Splits the request text; `None` without a method and path line.
pub(crate) fn request(text: &str) -> Option<RequestText<'_>> {
    let mut lines = text.split('\n');
    let method = lines.next()?;
    let path = lines.next()?;
    Some(RequestText {
        method,
        path,
        headers: header_lines(lines),
    })
}

fn header_lines<'t>(lines: impl Iterator<Item = &'t str>) -> Vec<(&'t str, &'t str)> {
    lines
        .filter_map(|line| match line.strip_prefix(':') {
            Some(rest) => {
                let (name, value) = rest.split_once(':')?;
                Some((line.get(..=name.len())?, value))
            }
            None => line.split_once(':'),
        })
        .map(|(name, value)| (name.trim(), value.trim()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudo_headers_keep_their_colon() {
        let text = request("GET\n/\n:scheme:https\n:authority:a.example:8443\nx:1").unwrap();
        assert_eq!(
            text.headers,
            [
                (":scheme", "https"),
                (":authority", "a.example:8443"),
                ("x", "1")
            ]
        );
    }

    #[test]
    fn splits_request_lines() {
        let r = request("GET\n/a?b=1\nauthorization:Bearer x.y.z\ncookie:a=1; b=2").unwrap();
        assert_eq!((r.method, r.path), ("GET", "/a?b=1"));
        assert_eq!(
            r.headers,
            vec![("authorization", "Bearer x.y.z"), ("cookie", "a=1; b=2")]
        );
    }

    #[test]
    fn needs_method_and_path() {
        assert!(request("GET").is_none());
        assert!(request("GET\n/").is_some_and(|r| r.headers.is_empty()));
    }

    #[test]
    fn values_keep_their_colons() {
        let r = request("GET\n/\netag:\"a:b\"").unwrap();
        assert_eq!(r.headers, vec![("etag", "\"a:b\"")]);
    }
}
