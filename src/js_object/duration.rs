//! Durations as jose writes them: `"30s"`, `"5 min"`, `"1.5 hours"`,
//! `"2d"`, `"1 year"`, so that options copied from a jose `jwtVerify` call
//! (`clockTolerance`, `maxTokenAge`) mean the same here.
//!
//! jose's grammar, case-insensitive: an optional sign (`+` or `-`) and one
//! optional space, a number (`5` or `1.5`), one optional space, a unit, and
//! optionally ` ago` or ` from now` (not together with a sign). Units: `s`,
//! `sec(s)`, `second(s)`; `m`, `min(s)`, `minute(s)`; `h`, `hr(s)`,
//! `hour(s)`; `d`, `day(s)`; `w`, `week(s)`; `y`, `yr(s)`, `year(s)` (365.25
//! days). The result is rounded to whole seconds as jose rounds it. A
//! negative result (`-` or `ago`) is refused, as jose refuses a negative
//! tolerance or age.

use super::MAX_SAFE_INTEGER;

/// Why a duration string was refused (the caller words the message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationError {
    /// Not in jose's grammar.
    Format,
    /// `-` or `ago`: a negative duration.
    Negative,
    /// More seconds than JS counts exactly.
    TooLarge,
}

const UNITS: &[(&[&str], f64)] = &[
    (&["s", "sec", "secs", "second", "seconds"], 1.0),
    (&["m", "min", "mins", "minute", "minutes"], 60.0),
    (&["h", "hr", "hrs", "hour", "hours"], 3600.0),
    (&["d", "day", "days"], 86_400.0),
    (&["w", "week", "weeks"], 604_800.0),
    (&["y", "yr", "yrs", "year", "years"], 31_557_600.0),
];

/// The whole seconds `text` stands for.
///
/// # Errors
/// [`DurationError`].
pub fn seconds(text: &str) -> Result<u64, DurationError> {
    let lower = text.to_ascii_lowercase();
    let (sign, rest) = match lower.as_bytes().first() {
        Some(b'+') => (1.0, &lower[1..]),
        Some(b'-') => (-1.0, &lower[1..]),
        _ => (0.0, lower.as_str()),
    };
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let digits = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let (number, rest) = rest.split_at(digits);
    let value = number_value(number).ok_or(DurationError::Format)?;
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let (unit, suffix) = rest.split_at(rest.find(' ').unwrap_or(rest.len()));
    let multiplier = UNITS
        .iter()
        .find(|(names, _)| names.contains(&unit))
        .map(|(_, multiplier)| *multiplier)
        .ok_or(DurationError::Format)?;
    let negative = match suffix {
        "" => sign < 0.0,
        " ago" if sign == 0.0 => true,
        " from now" if sign == 0.0 => false,
        _ => return Err(DurationError::Format),
    };
    // Math.round, as jose; positive here, so f64::round agrees.
    let total = (value * multiplier).round();
    if negative && total != 0.0 {
        return Err(DurationError::Negative);
    }
    // Infinity (a number too long for f64) is out of range too.
    if !(0.0..=MAX_SAFE_INTEGER as f64).contains(&total) {
        return Err(DurationError::TooLarge);
    }
    // Whole, finite, 0..=2^53-1: the conversion is exact.
    Ok(total as u64)
}

/// `5` or `1.5`: digits, optionally a dot and more digits.
fn number_value(number: &str) -> Option<f64> {
    let (whole, fraction) = match number.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (number, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit());
    if !digits(whole) || fraction.is_some_and(|fraction| !digits(fraction)) {
        return None;
    }
    number.parse().ok()
}

#[cfg(test)]
mod tests;
