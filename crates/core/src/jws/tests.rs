use super::*;

const TOKEN: &str = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.AAEC";

#[test]
fn splits_three_segments() {
    let jws = CompactJws::decode(TOKEN, DEFAULT_MAX_TOKEN_LENGTH).unwrap();
    assert_eq!(jws.header, br#"{"alg":"ES256"}"#);
    assert_eq!(jws.payload, br#"{"sub":"a"}"#);
    assert_eq!(jws.signature, [0, 1, 2]);
    assert_eq!(jws.signing_input, "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0");
}

#[test]
fn rejects_wrong_segment_counts_including_jwe() {
    for bad in ["", "a", "a.b", "a.b.c.d", "a.b.c.d.e", "...."] {
        let result = CompactJws::decode(bad, DEFAULT_MAX_TOKEN_LENGTH);
        assert!(result.is_err(), "{bad:?}");
    }
    assert_eq!(
        CompactJws::decode("a.b.c.d.e", DEFAULT_MAX_TOKEN_LENGTH),
        Err(Error::Malformed(Malformed::Segments))
    );
}

#[test]
fn caps_size_before_decoding() {
    let huge = "a".repeat(DEFAULT_MAX_TOKEN_LENGTH + 1);
    assert_eq!(
        CompactJws::decode(&huge, DEFAULT_MAX_TOKEN_LENGTH),
        Err(Error::TooLarge {
            limit: DEFAULT_MAX_TOKEN_LENGTH
        })
    );
    let big_header = alloc::format!("{}.e30.AA", "e".repeat(6000));
    assert_eq!(
        CompactJws::decode(&big_header, DEFAULT_MAX_TOKEN_LENGTH),
        Err(Error::TooLarge {
            limit: MAX_HEADER_LENGTH
        })
    );
}

#[test]
fn rejects_padding_and_whitespace_in_any_segment() {
    for bad in [
        "eyJhbGciOiJFUzI1NiJ9=.eyJzdWIiOiJhIn0.AAEC",
        "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0=.AAEC",
        "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.AAEC==",
        "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJh In0.AAEC",
        "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.AAE+",
    ] {
        assert_eq!(
            CompactJws::decode(bad, DEFAULT_MAX_TOKEN_LENGTH),
            Err(Error::Malformed(Malformed::Base64)),
            "{bad:?}"
        );
    }
}
