//! Lenient decoding of response members.
//!
//! The vendors' services drift from their own documents: a boolean arrives as
//! `"true"`, a number as `"200"`, a string as `[]`, a value as `null`. A call
//! should not fail over that, so generated response fields decode through
//! [`Lenient`], which keeps the value as faithfully as the declared type
//! allows and falls back to the type's default only when nothing sensible is
//! left (`null` for a number). Generated structures reach it member by
//! member through [`Fields`].

mod fields;
mod serde_bridge;

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

pub use fields::{fields, value, Fields};
pub use serde_bridge::{decode, null_as_empty, Decode, Partial};

/// Decodes a field leniently; use as `#[serde(default, deserialize_with = "lenient")]`.
pub fn lenient<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient,
{
    T::deserialize_lenient(deserializer)
}

/// A type that accepts the vendors' drifting encodings of itself.
pub trait Lenient: Sized {
    /// Decodes `Self` from whatever JSON shape the service sent.
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

impl<T: Lenient> Lenient for Option<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

struct OptionVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        T::deserialize_lenient(deserializer).map(Some)
    }
}

impl<T: Lenient> Lenient for Box<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_lenient(deserializer).map(Box::new)
    }
}

impl<T: Lenient> Lenient for std::collections::BTreeMap<String, T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MapVisitor(PhantomData))
    }
}

/// Accepts an object, or `null`, `""` and `[]` as an empty map.
struct MapVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for MapVisitor<T> {
    type Value = std::collections::BTreeMap<String, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = std::collections::BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(LenientSeed::<T>(PhantomData))?;
            entries.insert(key, value);
        }
        Ok(entries)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Default::default())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Default::default())
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        if value.is_empty() {
            return Ok(Default::default());
        }
        Err(E::invalid_type(de::Unexpected::Str(value), &self))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        match seq.next_element::<serde::de::IgnoredAny>()? {
            None => Ok(Default::default()),
            Some(_) => Err(de::Error::invalid_type(de::Unexpected::Seq, &self)),
        }
    }
}

/// Decodes a structure, reading `null` as its default: what a generated
/// structure's [`Lenient`] impl uses.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

impl<T: Lenient> Lenient for Vec<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ListVisitor(PhantomData))
    }
}

/// Accepts a list, `null` or `""` (empty list), or a lone value (a list of one).
struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for ListVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element_seed(LenientSeed::<T>(PhantomData))? {
            items.push(item);
        }
        Ok(items)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        if value.is_empty() {
            return Ok(Vec::new());
        }
        let item = T::deserialize_lenient(de::value::StrDeserializer::<E>::new(value))?;
        Ok(vec![item])
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(vec![T::deserialize_lenient(
            de::value::BoolDeserializer::<E>::new(value),
        )?])
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(vec![T::deserialize_lenient(
            de::value::I64Deserializer::<E>::new(value),
        )?])
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(vec![T::deserialize_lenient(
            de::value::U64Deserializer::<E>::new(value),
        )?])
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Ok(vec![T::deserialize_lenient(
            de::value::F64Deserializer::<E>::new(value),
        )?])
    }
}

struct LenientSeed<T>(PhantomData<T>);

impl<'de, T: Lenient> de::DeserializeSeed<'de> for LenientSeed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_lenient(deserializer)
    }
}

impl Lenient for String {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StringVisitor)
    }
}

/// Keeps scalars as their JSON text and structures as compact JSON.
struct StringVisitor;

impl<'de> Visitor<'de> for StringVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<String, E> {
        Ok(value)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<String, A::Error> {
        let value = serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(match value {
            serde_json::Value::Array(items) if items.is_empty() => String::new(),
            other => other.to_string(),
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
        let value = serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(value.to_string())
    }
}

impl Lenient for bool {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BoolVisitor)
    }
}

/// Accepts `true`, `"true"`, `"True"`, `1`, `"1"` (and their false twins).
struct BoolVisitor;

impl<'de> Visitor<'de> for BoolVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<bool, E> {
        Ok(value)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<bool, E> {
        Ok(value != 0)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<bool, E> {
        Ok(value != 0)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<bool, E> {
        match value.trim() {
            v if v.eq_ignore_ascii_case("true") || v == "1" => Ok(true),
            v if v.eq_ignore_ascii_case("false") || v == "0" || v.is_empty() => Ok(false),
            _ => Err(E::invalid_value(de::Unexpected::Str(value), &self)),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_none<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
}

/// Numbers accept JSON numbers of any kind that fit, numeric strings, and
/// `null`/`""` as zero.
macro_rules! lenient_number {
    ($($ty:ty),*) => {$(
        impl Lenient for $ty {
            fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any(NumberVisitor::<$ty>(PhantomData))
            }
        }

        impl<'de> Visitor<'de> for NumberVisitor<$ty> {
            type Value = $ty;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!("a number fitting ", stringify!($ty)))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<$ty, E> {
                number_from_i128(value as i128).ok_or_else(|| E::invalid_value(de::Unexpected::Signed(value), &self))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<$ty, E> {
                number_from_i128(value as i128).ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(value), &self))
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<$ty, E> {
                number_from_f64(value).ok_or_else(|| E::invalid_value(de::Unexpected::Float(value), &self))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<$ty, E> {
                let trimmed = value.trim();
                if trimmed.is_empty() {
                    return Ok(<$ty>::default());
                }
                trimmed.parse::<$ty>().ok()
                    .or_else(|| trimmed.parse::<f64>().ok().and_then(number_from_f64))
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(value), &self))
            }

            fn visit_bool<E: de::Error>(self, value: bool) -> Result<$ty, E> {
                Ok(if value { 1 as $ty } else { <$ty>::default() })
            }

            fn visit_unit<E: de::Error>(self) -> Result<$ty, E> {
                Ok(<$ty>::default())
            }

            fn visit_none<E: de::Error>(self) -> Result<$ty, E> {
                Ok(<$ty>::default())
            }
        }
    )*};
}

struct NumberVisitor<T>(PhantomData<T>);

lenient_number!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

/// Conversions shared by the number visitors; `None` when the value does not fit.
trait FromWide: Sized {
    fn from_i128(value: i128) -> Option<Self>;
    fn from_f64(value: f64) -> Option<Self>;
}

macro_rules! from_wide_int {
    ($($ty:ty),*) => {$(
        impl FromWide for $ty {
            fn from_i128(value: i128) -> Option<Self> {
                <$ty>::try_from(value).ok()
            }

            fn from_f64(value: f64) -> Option<Self> {
                // Only whole numbers in range: `1.0` is an integer sent as a float.
                (value.fract() == 0.0 && value >= <$ty>::MIN as f64 && value <= <$ty>::MAX as f64)
                    .then_some(value as $ty)
            }
        }
    )*};
}

from_wide_int!(i8, i16, i32, i64, u8, u16, u32, u64);

impl FromWide for f32 {
    fn from_i128(value: i128) -> Option<Self> {
        Some(value as f32)
    }

    fn from_f64(value: f64) -> Option<Self> {
        Some(value as f32)
    }
}

impl FromWide for f64 {
    fn from_i128(value: i128) -> Option<Self> {
        Some(value as f64)
    }

    fn from_f64(value: f64) -> Option<Self> {
        Some(value)
    }
}

fn number_from_i128<T: FromWide>(value: i128) -> Option<T> {
    T::from_i128(value)
}

fn number_from_f64<T: FromWide>(value: f64) -> Option<T> {
    T::from_f64(value)
}

impl Lenient for serde_json::Value {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Sample {
        #[serde(default, deserialize_with = "lenient")]
        success: bool,
        #[serde(default, deserialize_with = "lenient")]
        status: Option<i64>,
        #[serde(default, deserialize_with = "lenient")]
        message: String,
        #[serde(default, deserialize_with = "lenient")]
        ids: Vec<String>,
        #[serde(default, deserialize_with = "lenient")]
        count: u32,
    }

    fn decode(json: &str) -> Sample {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn strings_that_hold_booleans_and_numbers() {
        let sample =
            decode(r#"{"success":"true","status":"200","message":"ok","ids":["a"],"count":"3"}"#);
        assert!(sample.success);
        assert_eq!(sample.status, Some(200));
        assert_eq!(sample.count, 3);
    }

    #[test]
    fn nulls_and_absent_members() {
        let sample = decode(r#"{"success":null,"status":null,"message":null,"ids":null}"#);
        assert_eq!(
            sample,
            Sample {
                success: false,
                status: None,
                message: String::new(),
                ids: vec![],
                count: 0
            }
        );
        assert_eq!(decode("{}").ids, Vec::<String>::new());
    }

    #[test]
    fn shapes_that_drift() {
        let sample = decode(r#"{"message":[],"ids":"one","status":200.0,"success":1}"#);
        assert_eq!(sample.message, "");
        assert_eq!(sample.ids, vec!["one".to_string()]);
        assert_eq!(sample.status, Some(200));
        assert!(sample.success);
        assert_eq!(decode(r#"{"message":true}"#).message, "true");
        assert_eq!(decode(r#"{"message":{"a":1}}"#).message, r#"{"a":1}"#);
    }

    #[test]
    fn values_that_cannot_fit_are_errors() {
        assert!(serde_json::from_str::<Sample>(r#"{"count":-1}"#).is_err());
        assert!(serde_json::from_str::<Sample>(r#"{"count":1.5}"#).is_err());
        assert!(serde_json::from_str::<Sample>(r#"{"success":"maybe"}"#).is_err());
    }
}
