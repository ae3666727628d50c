use super::{DurationError, seconds};

#[test]
fn jose_units_and_spellings() {
    let cases = [
        ("30s", 30),
        ("30 sec", 30),
        ("1 second", 1),
        ("2 Seconds", 2),
        ("5m", 300),
        ("5 MIN", 300),
        ("5mins", 300),
        ("1 minute", 60),
        ("1.5 hours", 5400),
        ("2hr", 7200),
        ("3 hrs", 10_800),
        ("1h", 3600),
        ("1d", 86_400),
        ("2 days", 172_800),
        ("1w", 604_800),
        ("1 week", 604_800),
        ("1y", 31_557_600),
        ("1 yr", 31_557_600),
        ("2 years", 63_115_200),
        ("+5s", 5),
        ("+ 5s", 5),
        (" 5s", 5),
        ("5s from now", 5),
        ("0s", 0),
        ("-0s", 0),
        ("1.5s", 2),
        ("0.4s", 0),
    ];
    for (text, expected) in cases {
        assert_eq!(seconds(text), Ok(expected), "{text}");
    }
}

#[test]
fn outside_the_grammar_or_negative_is_refused() {
    for text in [
        "",
        "s",
        "5",
        "5 ",
        "5  s",
        "5 fortnights",
        "5ss",
        "1e3s",
        ".5s",
        "5.s",
        "5,5s",
        "+-5s",
        "++5s",
        "-5s ago",
        "+5s from now",
        "5s ago ",
        "5s  ago",
        "5 s ago now",
        "five seconds",
        "5 millis",
        "5ms",
        "NaN s",
        "Infinity s",
    ] {
        assert_eq!(seconds(text), Err(DurationError::Format), "{text:?}");
    }
    for text in ["-5s", "- 1h", "5 minutes ago"] {
        assert_eq!(seconds(text), Err(DurationError::Negative), "{text:?}");
    }
    assert_eq!(
        seconds("9999999999999999999 years"),
        Err(DurationError::TooLarge)
    );
    assert_eq!(
        seconds(&format!("{}s", "9".repeat(400))),
        Err(DurationError::TooLarge)
    );
}
