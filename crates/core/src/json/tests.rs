use super::*;
use alloc::format;

fn parse(text: &str) -> Result<JsonObject, Error> {
    parse_object(text.as_bytes(), DEFAULT_MAX_DEPTH)
}

#[test]
fn parses_a_plain_object() {
    let object = parse(r#"{"a":1,"b":[true,null,"x"],"c":{"d":1.5}}"#).unwrap();
    assert_eq!(object.len(), 3);
}

#[test]
fn rejects_duplicate_members_at_any_depth() {
    let json = Err(Error::Malformed(Malformed::Json));
    assert_eq!(parse(r#"{"alg":"RS256","alg":"none"}"#), json);
    assert_eq!(parse(r#"{"a":{"b":1,"b":2}}"#), json);
    assert_eq!(parse(r#"{"a":[{"b":1,"b":1}]}"#), json);
}

#[test]
fn rejects_non_objects_bom_and_trailing_data() {
    for bad in [
        "[]",
        "1",
        "\"x\"",
        "null",
        "\u{feff}{}",
        "{} {}",
        "{}x",
        "",
        "{",
    ] {
        assert_eq!(
            parse(bad),
            Err(Error::Malformed(Malformed::Json)),
            "{bad:?}"
        );
    }
}

#[test]
fn rejects_invalid_utf8() {
    assert_eq!(
        parse_object(b"{\"a\":\"\xff\"}", 4),
        Err(Error::Malformed(Malformed::Json))
    );
}

#[test]
fn rejects_numbers_out_of_range() {
    assert_eq!(
        parse(r#"{"exp":1e400}"#),
        Err(Error::Malformed(Malformed::Json))
    );
}

#[test]
fn caps_depth_exactly() {
    let nested = |levels: usize| format!("{}{}", "[".repeat(levels), "]".repeat(levels));
    let at_cap = format!("{{\"a\":{}}}", nested(DEFAULT_MAX_DEPTH - 1));
    assert!(parse(&at_cap).is_ok());
    let over_cap = format!("{{\"a\":{}}}", nested(DEFAULT_MAX_DEPTH));
    assert_eq!(
        parse(&over_cap),
        Err(Error::Malformed(Malformed::JsonDepth))
    );
    // Far deeper than serde_json's own recursion limit: still our error, no stack overflow.
    let hostile = format!("{{\"a\":{}}}", nested(100_000));
    assert_eq!(parse(&hostile), Err(Error::Malformed(Malformed::JsonDepth)));
}
