//! Strict JSON for token segments: UTF-8, one object, no duplicate member
//! names (RFC 7515 §4 / RFC 8725 §3.4 ask parsers to reject them or use a
//! "last wins" rule that differs between libraries — we reject), finite
//! numbers only, and a nesting cap so hostile input cannot exhaust the stack.

use crate::error::{Error, Malformed};
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::Cell;
use core::fmt;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// A parsed JSON object (header or claims set).
pub type JsonObject = Map<String, Value>;

/// Default nesting cap for token segments, counting the top-level object as
/// one level. Real tokens nest 2–4 levels.
pub const DEFAULT_MAX_DEPTH: usize = 16;

/// Parses `bytes` as a single JSON object under the strict rules above.
///
/// # Errors
/// `malformed` (`Json` or `JsonDepth`).
pub fn parse_object(bytes: &[u8], max_depth: usize) -> Result<JsonObject, Error> {
    let too_deep = Cell::new(false);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let parsed = StrictValue {
        depth_left: max_depth,
        too_deep: &too_deep,
    }
    .deserialize(&mut deserializer)
    .and_then(|value| deserializer.end().map(|()| value));
    match parsed {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(Error::Malformed(Malformed::Json)),
        Err(_) if too_deep.get() => Err(Error::Malformed(Malformed::JsonDepth)),
        Err(_) => Err(Error::Malformed(Malformed::Json)),
    }
}

/// A `Value` builder that enforces the depth cap and unique member names.
struct StrictValue<'a> {
    depth_left: usize,
    too_deep: &'a Cell<bool>,
}

impl StrictValue<'_> {
    /// Called as a container opens: the container itself uses one level.
    fn open_container<E: de::Error>(&self) -> Result<Self, E> {
        match self.depth_left.checked_sub(1) {
            Some(depth_left) => Ok(StrictValue {
                depth_left,
                too_deep: self.too_deep,
            }),
            None => {
                self.too_deep.set(true);
                Err(E::custom("JSON nesting too deep"))
            }
        }
    }

    fn child(&self) -> Self {
        StrictValue {
            depth_left: self.depth_left,
            too_deep: self.too_deep,
        }
    }
}

impl<'de> DeserializeSeed<'de> for StrictValue<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Value, E> {
        Number::from_f64(value)
            .map(Value::Number)
            .ok_or_else(|| E::custom("non-finite number"))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(String::from(value)))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = self.open_container()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(inner.child())? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let inner = self.open_container()?;
        let mut object = Map::new();
        while let Some(name) = map.next_key::<String>()? {
            let value = map.next_value_seed(inner.child())?;
            if object.insert(name, value).is_some() {
                return Err(de::Error::custom("duplicate member name"));
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests;
