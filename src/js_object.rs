//! A JS options object, received as JSON text, read member by member with
//! refusals worded in JavaScript terms (`clockTolerance must be a whole
//! number of seconds ≥ 0 (got -1)`), never in serde's.
//!
//! `JSON.stringify` loses values: `NaN` and `±Infinity` become `null`,
//! functions, symbols and `undefined` vanish. The JS side therefore
//! serialises with a replacer (`optionsJson` in `src/js/options-json.js`)
//! that turns `NaN`, `±Infinity`, functions, symbols and bigints into
//! `{"$unrepresentable": "NaN"}`; every reader here refuses that marker, so
//! such a value is refused, never read as "absent". `undefined` stays
//! absent, as in every JS API. An explicit `null` is refused too: the
//! option is either given a value or left out.

mod duration;

use core::fmt;
use duration::DurationError;
use serde_json::{Map, Value};

/// The member the JS replacer puts in place of a value JSON cannot carry.
pub const UNREPRESENTABLE: &str = "$unrepresentable";

/// The largest whole number JS represents exactly (`Number.MAX_SAFE_INTEGER`).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// A refused member, with the message the JS `OptionsError` carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionError(pub String);

impl fmt::Display for OptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The members of one options object; `prefix` names it in messages
/// (`""` at the top, `"cache."` for a nested one).
#[derive(Debug)]
pub struct JsObject {
    members: Map<String, Value>,
    prefix: &'static str,
}

impl JsObject {
    /// Parses the JSON text of the object `what` (e.g. `Verifier options`),
    /// refusing any member not in `known`: a misspelt `audiance` must not
    /// silently leave a check out.
    ///
    /// # Errors
    /// Not an object, or an unknown member.
    pub fn parse(json: &str, what: &str, known: &[&str]) -> Result<JsObject, OptionError> {
        match serde_json::from_str::<Value>(json) {
            Ok(value) => JsObject::from_value(value, what, "", known),
            Err(_) => Err(OptionError(format!("{what} must be an object"))),
        }
    }

    fn from_value(
        value: Value,
        what: &str,
        prefix: &'static str,
        known: &[&str],
    ) -> Result<JsObject, OptionError> {
        let members = match value {
            Value::Object(members) if !members.contains_key(UNREPRESENTABLE) => members,
            other => {
                return Err(OptionError(format!(
                    "{what} must be an object (got {})",
                    describe(&other)
                )));
            }
        };
        if let Some(name) = members.keys().find(|name| !known.contains(&name.as_str())) {
            return Err(OptionError(format!(
                "unknown option {prefix}{name} in {what} (known: {})",
                known.join(", ")
            )));
        }
        Ok(JsObject { members, prefix })
    }

    fn take(&mut self, name: &str) -> Option<Value> {
        self.members.remove(name)
    }

    fn refuse<T>(&self, name: &str, rule: &str, got: &Value) -> Result<T, OptionError> {
        Err(OptionError(format!(
            "{}{name} must be {rule} (got {})",
            self.prefix,
            describe(got)
        )))
    }

    /// A non-empty string.
    ///
    /// # Errors
    /// Anything else.
    pub fn string(&mut self, name: &str) -> Result<Option<String>, OptionError> {
        match self.take(name) {
            None => Ok(None),
            Some(Value::String(text)) if !text.is_empty() => Ok(Some(text)),
            Some(other) => self.refuse(name, "a non-empty string", &other),
        }
    }

    /// An array of non-empty strings; `non_empty` refuses `[]`.
    ///
    /// # Errors
    /// Anything else.
    pub fn strings(
        &mut self,
        name: &str,
        non_empty: bool,
    ) -> Result<Option<Vec<String>>, OptionError> {
        let rule = if non_empty {
            "a non-empty array of non-empty strings"
        } else {
            "an array of non-empty strings"
        };
        match self.take(name) {
            None => Ok(None),
            Some(value) => match string_list(&value) {
                Some(list) if !(non_empty && list.is_empty()) => Ok(Some(list)),
                _ => self.refuse(name, rule, &value),
            },
        }
    }

    /// One non-empty string, or a non-empty array of them.
    ///
    /// # Errors
    /// Anything else (`""`, `[]`, `[""]` included).
    pub fn one_or_more_strings(&mut self, name: &str) -> Result<Option<Vec<String>>, OptionError> {
        let rule = "a non-empty string or a non-empty array of non-empty strings";
        match self.take(name) {
            None => Ok(None),
            Some(Value::String(text)) if !text.is_empty() => Ok(Some(vec![text])),
            Some(value @ Value::Array(_)) => match string_list(&value) {
                Some(list) if !list.is_empty() => Ok(Some(list)),
                _ => self.refuse(name, rule, &value),
            },
            Some(other) => self.refuse(name, rule, &other),
        }
    }

    /// `true` or `false`.
    ///
    /// # Errors
    /// Anything else.
    pub fn boolean(&mut self, name: &str) -> Result<Option<bool>, OptionError> {
        match self.take(name) {
            None => Ok(None),
            Some(Value::Bool(flag)) => Ok(Some(flag)),
            Some(other) => self.refuse(name, "true or false", &other),
        }
    }

    /// A whole number from `min` to `Number.MAX_SAFE_INTEGER`, counted in
    /// `unit` (`"seconds"`, `"milliseconds"`, `"bytes"`, `"entries"`).
    ///
    /// # Errors
    /// Negative, fractional, too large, `NaN`, `±Infinity`, not a number.
    pub fn whole(&mut self, name: &str, unit: &str, min: u64) -> Result<Option<u64>, OptionError> {
        match self.take(name) {
            None => Ok(None),
            Some(value) => self
                .whole_value(
                    name,
                    &format!("a whole number of {unit} ≥ {min}"),
                    min,
                    &value,
                )
                .map(Some),
        }
    }

    fn whole_value(
        &self,
        name: &str,
        rule: &str,
        min: u64,
        value: &Value,
    ) -> Result<u64, OptionError> {
        match value.as_u64() {
            Some(number) if (min..=MAX_SAFE_INTEGER).contains(&number) => Ok(number),
            Some(number) if number > MAX_SAFE_INTEGER => {
                self.refuse(name, "at most Number.MAX_SAFE_INTEGER", value)
            }
            _ => self.refuse(name, rule, value),
        }
    }

    /// A duration in seconds: a whole number ≥ 0, or a string in jose's
    /// grammar (`"30s"`, `"5 min"`, `"1h"`; see the `duration` module).
    ///
    /// # Errors
    /// A number [`JsObject::whole`] refuses, a string outside the grammar,
    /// a negative duration, anything else.
    pub fn duration(&mut self, name: &str) -> Result<Option<u64>, OptionError> {
        let rule =
            "a whole number of seconds ≥ 0 or a duration string such as \"30s\", \"5 min\", \"1h\"";
        match self.take(name) {
            None => Ok(None),
            Some(Value::String(text)) => match duration::seconds(&text) {
                Ok(seconds) => Ok(Some(seconds)),
                Err(DurationError::Negative) => Err(OptionError(format!(
                    "{}{name} must not be negative (got {})",
                    self.prefix,
                    quoted(&text)
                ))),
                Err(DurationError::TooLarge) => Err(OptionError(format!(
                    "{}{name} must be at most Number.MAX_SAFE_INTEGER seconds (got {})",
                    self.prefix,
                    quoted(&text)
                ))),
                Err(DurationError::Format) => Err(OptionError(format!(
                    "{}{name} must be {rule} (got {})",
                    self.prefix,
                    quoted(&text)
                ))),
            },
            Some(value) => self.whole_value(name, rule, 0, &value).map(Some),
        }
    }

    /// `"any"`, or a non-empty array of non-empty strings: `Some(None)` for
    /// `"any"`, `Some(Some(list))` for a list (`tenants`).
    ///
    /// # Errors
    /// Anything else.
    pub fn any_or_strings(
        &mut self,
        name: &str,
    ) -> Result<Option<Option<Vec<String>>>, OptionError> {
        let rule = "\"any\" or a non-empty array of non-empty strings";
        match self.take(name) {
            None => Ok(None),
            Some(Value::String(text)) if text == "any" => Ok(Some(None)),
            Some(value @ Value::Array(_)) => match string_list(&value) {
                Some(list) if !list.is_empty() => Ok(Some(Some(list))),
                _ => self.refuse(name, rule, &value),
            },
            Some(other) => self.refuse(name, rule, &other),
        }
    }

    /// Whether the object has `name` (a part a build leaves out is refused
    /// by name, never ignored).
    pub fn contains(&self, name: &str) -> bool {
        self.members.contains_key(name)
    }

    /// A nested options object (`cache: { maxEntries }`), with its own
    /// known members.
    ///
    /// # Errors
    /// Not an object, or an unknown member in it.
    pub fn object(
        &mut self,
        name: &'static str,
        prefix: &'static str,
        known: &[&str],
    ) -> Result<Option<JsObject>, OptionError> {
        match self.take(name) {
            None => Ok(None),
            Some(value) => JsObject::from_value(value, name, prefix, known).map(Some),
        }
    }
}

/// [`JsObject::whole`] for a number the JS side passes as an argument
/// (`NaN` and `±Infinity` arrive as themselves there).
///
/// # Errors
/// Negative, fractional, too large, `NaN`, `±Infinity`.
pub fn whole_number(name: &str, unit: &str, min: u64, value: f64) -> Result<u64, OptionError> {
    let whole = value.fract() == 0.0 && value >= min as f64;
    if whole && value <= MAX_SAFE_INTEGER as f64 {
        // Whole and in range: the conversion is exact.
        return Ok(value as u64);
    }
    let rule = if whole {
        String::from("at most Number.MAX_SAFE_INTEGER")
    } else {
        format!("a whole number of {unit} ≥ {min}")
    };
    Err(OptionError(format!(
        "{name} must be {rule} (got {})",
        js_number(value)
    )))
}

/// A number as JS prints it (`NaN`, `Infinity`, `1.5`).
pub fn js_number(number: f64) -> String {
    match number {
        n if n.is_nan() => "NaN".to_owned(),
        n if n == f64::INFINITY => "Infinity".to_owned(),
        n if n == f64::NEG_INFINITY => "-Infinity".to_owned(),
        n => n.to_string(),
    }
}

fn string_list(value: &Value) -> Option<Vec<String>> {
    let Value::Array(items) = value else {
        return None;
    };
    items
        .iter()
        .map(|item| match item {
            Value::String(text) if !text.is_empty() => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// A string the caller wrote, quoted for a message (shortened: an option
/// value may be long, and the message only has to point at it).
fn quoted(text: &str) -> String {
    const SHOWN: usize = 32;
    match text.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{:?}…", &text[..end]),
        None => format!("{text:?}"),
    }
}

/// A received value as a JS developer would name it.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        Value::String(text) if text.is_empty() => "an empty string".to_owned(),
        Value::String(_) => "a string".to_owned(),
        Value::Array(items) if items.is_empty() => "an empty array".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(members) => match members.get(UNREPRESENTABLE) {
            Some(Value::String(what)) => what.clone(),
            _ => "an object".to_owned(),
        },
    }
}

#[cfg(test)]
mod tests;
