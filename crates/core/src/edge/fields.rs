//! Reading the configuration JSON member by member, with the JSON path of
//! every member, so a refusal says where (`providers.main.remote_jwks.
//! http_uri.timeout: expected a Duration string like "5s"`) rather than a
//! line and column of a one-line string.
//!
//! Envoy's proto3 JSON parser accepts every field as `snake_case` and as
//! `lowerCamelCase`; so does this reader. Members nobody asked for are
//! refused by [`Fields::finish`]: a typo must not silently disable a check.

use super::error::ConfigError;
use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value};

/// The members of one JSON object, and which of them were read.
pub(crate) struct Fields<'a> {
    map: &'a Map<String, Value>,
    path: String,
    read: Vec<&'a str>,
}

/// A refusal at `path`.
pub(crate) fn refuse(path: &str, message: impl ToString) -> ConfigError {
    ConfigError::Field {
        path: path.to_owned(),
        message: message.to_string(),
    }
}

/// `parent.member`, or `member` at the top.
pub(crate) fn join(parent: &str, member: &str) -> String {
    if parent.is_empty() {
        member.to_owned()
    } else {
        format!("{parent}.{member}")
    }
}

/// `from_headers` → `fromHeaders`.
fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

impl<'a> Fields<'a> {
    /// The object at `path`, or a refusal when `value` is not one.
    pub(crate) fn of(value: &'a Value, path: &str) -> Result<Fields<'a>, ConfigError> {
        match value {
            Value::Object(map) => Ok(Fields {
                map,
                path: path.to_owned(),
                read: Vec::new(),
            }),
            _ => Err(refuse(path, "expected an object")),
        }
    }

    /// This object's path.
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    /// The member `snake` (or its camelCase spelling) and its path.
    pub(crate) fn get(&mut self, snake: &str) -> Result<Option<(&'a Value, String)>, ConfigError> {
        let camel = camel(snake);
        let found: Vec<(&'a String, &'a Value)> = self
            .map
            .iter()
            .filter(|(k, _)| k.as_str() == snake || k.as_str() == camel)
            .collect();
        match found.as_slice() {
            [] => Ok(None),
            [(key, value)] => {
                self.read.push(key.as_str());
                Ok(Some((value, join(&self.path, snake))))
            }
            _ => Err(refuse(
                &join(&self.path, snake),
                format!("set both as {snake} and as {camel}"),
            )),
        }
    }

    /// Refuses the member `snake` when present, saying `why`.
    pub(crate) fn refuse_if_set(&mut self, snake: &str, why: &str) -> Result<(), ConfigError> {
        match self.get(snake)? {
            Some((_, path)) => Err(refuse(&path, format!("not supported: {why}"))),
            None => Ok(()),
        }
    }

    /// Accepts the member `snake` only with the value `allowed` (or absent).
    pub(crate) fn only(
        &mut self,
        snake: &str,
        allowed: &Value,
        why: &str,
    ) -> Result<(), ConfigError> {
        match self.get(snake)? {
            Some((value, path)) if value != allowed => {
                Err(refuse(&path, format!("only {allowed} is supported: {why}")))
            }
            _ => Ok(()),
        }
    }

    /// A string member.
    pub(crate) fn string(&mut self, snake: &str) -> Result<Option<String>, ConfigError> {
        match self.get(snake)? {
            None => Ok(None),
            Some((Value::String(s), _)) => Ok(Some(s.clone())),
            Some((_, path)) => Err(refuse(&path, "expected a string")),
        }
    }

    /// A required string member.
    pub(crate) fn required_string(&mut self, snake: &str) -> Result<String, ConfigError> {
        self.string(snake)?
            .ok_or_else(|| refuse(&join(&self.path, snake), "required"))
    }

    /// A boolean member (absent: false).
    pub(crate) fn flag(&mut self, snake: &str) -> Result<bool, ConfigError> {
        match self.get(snake)? {
            None => Ok(false),
            Some((Value::Bool(b), _)) => Ok(*b),
            Some((_, path)) => Err(refuse(&path, "expected true or false")),
        }
    }

    /// A non-negative integer member (proto3 JSON also writes 64-bit
    /// integers as strings: `"600"`).
    pub(crate) fn integer(&mut self, snake: &str) -> Result<Option<u64>, ConfigError> {
        match self.get(snake)? {
            None => Ok(None),
            Some((Value::Number(n), path)) => n
                .as_u64()
                .map(Some)
                .ok_or_else(|| refuse(&path, "expected a non-negative integer")),
            Some((Value::String(s), path)) => s
                .parse()
                .map(Some)
                .map_err(|_| refuse(&path, "expected a non-negative integer")),
            Some((_, path)) => Err(refuse(&path, "expected a non-negative integer")),
        }
    }

    /// A proto3 JSON Duration member (`"5s"`, `"0.5s"`), in milliseconds.
    pub(crate) fn duration_ms(&mut self, snake: &str) -> Result<Option<u64>, ConfigError> {
        match self.get(snake)? {
            None => Ok(None),
            Some((value, path)) => duration_ms(value)
                .map(Some)
                .ok_or_else(|| refuse(&path, "expected a Duration string like \"5s\"")),
        }
    }

    /// An array member of strings.
    pub(crate) fn strings(&mut self, snake: &str) -> Result<Option<Vec<String>>, ConfigError> {
        match self.get(snake)? {
            None => Ok(None),
            Some((value, path)) => strings(value, &path).map(Some),
        }
    }

    /// An array member, each element with its path (`rules[2]`).
    pub(crate) fn array(&mut self, snake: &str) -> Result<Vec<(&'a Value, String)>, ConfigError> {
        match self.get(snake)? {
            None => Ok(Vec::new()),
            Some((Value::Array(items), path)) => Ok(items
                .iter()
                .enumerate()
                .map(|(i, item)| (item, format!("{path}[{i}]")))
                .collect()),
            Some((_, path)) => Err(refuse(&path, "expected an array")),
        }
    }

    /// An object member, read by `Fields`.
    pub(crate) fn object(&mut self, snake: &str) -> Result<Option<Fields<'a>>, ConfigError> {
        match self.get(snake)? {
            None => Ok(None),
            Some((value, path)) => Fields::of(value, &path).map(Some),
        }
    }

    /// Refuses the first member nobody read.
    pub(crate) fn finish(self) -> Result<(), ConfigError> {
        match self.map.keys().find(|k| !self.read.contains(&k.as_str())) {
            Some(key) => Err(refuse(&join(&self.path, key), "unknown field")),
            None => Ok(()),
        }
    }
}

/// An array of strings at `path`.
pub(crate) fn strings(value: &Value, path: &str) -> Result<Vec<String>, ConfigError> {
    let Value::Array(items) = value else {
        return Err(refuse(path, "expected an array of strings"));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item {
            Value::String(s) => Ok(s.clone()),
            _ => Err(refuse(&format!("{path}[{i}]"), "expected a string")),
        })
        .collect()
}

/// A proto3 JSON Duration (`"600s"`, `"0.5s"`, at most nine decimals) in
/// milliseconds, rounded up so a positive duration never becomes zero.
/// The message form Envoy's YAML examples use (`{"seconds": 300}`, with
/// optional `nanos`) is read too.
pub(crate) fn duration_ms(value: &Value) -> Option<u64> {
    if let Value::Object(map) = value {
        let number = |key: &str| match map.get(key) {
            None => Some(0),
            Some(Value::String(s)) => s.parse::<u64>().ok(),
            Some(other) => other.as_u64(),
        };
        let known = map.keys().all(|k| k == "seconds" || k == "nanos");
        let (seconds, nanos) = (number("seconds")?, number("nanos")?);
        if !known || nanos >= 1_000_000_000 {
            return None;
        }
        return Some(
            seconds
                .checked_mul(1_000)?
                .saturating_add(nanos.div_ceil(1_000_000)),
        );
    }
    let text = value.as_str()?.strip_suffix('s')?;
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 9 {
        return None;
    }
    let seconds: u64 = whole.parse().ok()?;
    let mut nanos: u64 = 0;
    for (i, b) in fraction.bytes().enumerate() {
        nanos += u64::from(b - b'0') * 10u64.pow(8 - i as u32);
    }
    let ms = seconds.checked_mul(1_000)?;
    Some(ms.saturating_add(nanos.div_ceil(1_000_000)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn durations_read_as_proto3_json_writes_them() {
        for (text, ms) in [
            ("5s", 5_000),
            ("0.5s", 500),
            ("600s", 600_000),
            ("1.000000001s", 1_001),
            ("0s", 0),
        ] {
            assert_eq!(duration_ms(&json!(text)), Some(ms), "{text}");
        }
        for bad in [
            json!("5"),
            json!("s"),
            json!("-1s"),
            json!("1.5m"),
            json!(5),
            json!("1.0000000001s"),
            json!(".5s"),
        ] {
            assert_eq!(duration_ms(&bad), None, "{bad}");
        }
    }

    #[test]
    fn members_read_in_both_spellings_and_leftovers_refused_with_their_path() {
        let value = json!({"fromHeaders": [], "value_prefix": "x", "typo": 1});
        let mut fields = Fields::of(&value, "providers.main").unwrap();
        assert!(fields.get("from_headers").unwrap().is_some());
        assert_eq!(fields.string("value_prefix").unwrap().as_deref(), Some("x"));
        let error = fields.finish().unwrap_err();
        assert_eq!(error.to_string(), "providers.main.typo: unknown field");
        let both = json!({"from_headers": [], "fromHeaders": []});
        let mut fields = Fields::of(&both, "p").unwrap();
        assert!(fields.get("from_headers").is_err());
    }
}
