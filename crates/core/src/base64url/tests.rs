use super::*;

#[test]
fn round_trips_every_length() {
    for len in 0..40u8 {
        let data: Vec<u8> = (0..len).collect();
        let text = encode(&data);
        assert_eq!(decode(text.as_bytes()).unwrap(), data);
        assert_eq!(decoded_len(text.len()), data.len());
    }
}

#[test]
fn rejects_padding_whitespace_and_standard_alphabet() {
    for bad in ["YQ==", "YQ=", "Y Q", "YQ\n", "a+b/", "YQ%", "A", "YR"] {
        assert_eq!(
            decode(bad.as_bytes()),
            Err(Error::Malformed(Malformed::Base64)),
            "{bad:?}"
        );
    }
}

#[test]
fn accepts_url_safe_alphabet() {
    assert_eq!(decode(b"-_8").unwrap(), [0xfb, 0xff]);
}
