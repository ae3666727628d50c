use super::{JsObject, OptionError};

fn object(json: &str) -> JsObject {
    JsObject::parse(json, "options", &["a", "n"]).expect("an object")
}

#[test]
fn absent_members_are_none_and_present_ones_are_read() {
    let mut js = object(r#"{"a":"x","n":3}"#);
    assert_eq!(js.string("a"), Ok(Some("x".into())));
    assert_eq!(js.whole("n", "seconds", 0), Ok(Some(3)));
    let mut empty = object("{}");
    assert_eq!(empty.string("a"), Ok(None));
    assert_eq!(empty.whole("n", "seconds", 0), Ok(None));
}

#[test]
fn the_unrepresentable_marker_is_refused_everywhere() {
    let marker = r#"{"$unrepresentable":"NaN"}"#;
    let mut js = object(&format!(r#"{{"a":{marker},"n":{marker}}}"#));
    assert_eq!(
        js.string("a"),
        Err(OptionError("a must be a non-empty string (got NaN)".into()))
    );
    assert_eq!(
        js.whole("n", "ms", 0),
        Err(OptionError(
            "n must be a whole number of ms ≥ 0 (got NaN)".into()
        ))
    );
    let mut nested = object(&format!(r#"{{"a":{marker}}}"#));
    assert_eq!(
        nested.object("a", "a.", &[]).err(),
        Some(OptionError("a must be an object (got NaN)".into()))
    );
}

#[test]
fn not_an_object_is_refused() {
    for json in ["null", "3", "\"x\"", "not json"] {
        assert!(JsObject::parse(json, "options", &[]).is_err(), "{json}");
    }
}
