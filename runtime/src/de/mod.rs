//! Lenient decoding of response members.
//!
//! The vendors' services drift from their own documents: a boolean arrives as
//! `"true"`, a number as `"200"`, a string as `[]`, a value as `null`. A call
//! should not fail over that, so generated response fields decode through
//! [`Lenient`], which keeps the value as faithfully as the declared type
//! allows and falls back to the type's default only when nothing sensible is
//! left (`null` for a number). Generated structures reach it member by
//! member through [`Fields`].
//!
//! Lenient never means lossy. Strings and numbers are decoded from their
//! JSON text (`serde_json`'s `RawValue`), not from the `u64`/`i64`/`f64` a
//! serde visitor sees, so a string member keeps every digit of a big number
//! and an integer member never goes through `f64`. A number out of range, a
//! fraction for an integer (`200.0` is fine, `1.5` and `1e3` are not),
//! `NaN` or infinity for a float, a boolean other than `true`/`false`,
//! `0`/`1` and their strings, and a key twice are errors. (The alternative,
//! serde_json's `arbitrary_precision`, would change `Value` for every crate
//! in the build.) The input must be a `serde_json` deserializer: text or a
//! `Value`.

mod fields;
mod serde_bridge;

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

pub use fields::{fields, read, Fields};
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
            if entries.insert(key, value).is_some() {
                // The key is data: leave it out of the message.
                return Err(de::Error::custom(format_args!(
                    "{DUPLICATE}of a map appears more than once"
                )));
            }
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
        lone(serde_json::Value::from(value))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        lone(serde_json::Value::from(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        lone(serde_json::Value::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        lone(serde_json::Value::from(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        lone(serde_json::Value::from(value))
    }
}

/// A list of one from a lone scalar, decoded through a `Value` (which,
/// unlike serde's plain value deserializers, can hand over JSON text).
fn lone<T: Lenient, E: de::Error>(value: serde_json::Value) -> Result<Vec<T>, E> {
    T::deserialize_lenient(value)
        .map(|item| vec![item])
        .map_err(|e| E::custom(describe(&e.to_string())))
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
        let raw = raw_json(deserializer)?;
        string_from_json(raw.get()).map_err(de::Error::custom)
    }
}

/// The JSON text of the next value, so that a number reaches the member
/// exactly as the service wrote it: serde's visitors only see a number as
/// `u64`, `i64` or `f64`, which loses the digits of anything wider.
fn raw_json<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Box<RawValue>, D::Error> {
    Box::<RawValue>::deserialize(deserializer)
}

/// Scalars as their JSON text (every digit of a number kept), `null` and
/// `[]` as empty, other lists and objects as compact JSON.
fn string_from_json(json: &str) -> Result<String, serde_json::Error> {
    let json = json.trim();
    match json.as_bytes().first() {
        Some(b'"') => serde_json::from_str(json),
        Some(b'n') => Ok(String::new()),
        Some(b'[' | b'{') => Ok(match serde_json::from_str::<serde_json::Value>(json)? {
            serde_json::Value::Array(items) if items.is_empty() => String::new(),
            other => other.to_string(),
        }),
        _ => Ok(json.to_owned()),
    }
}

impl Lenient for bool {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BoolVisitor)
    }
}

/// Accepts `true`, `"true"`, `"True"`, `1`, `"1"` (and their false twins);
/// any other number is no boolean (`2` is not `true`).
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
        match value {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::invalid_value(de::Unexpected::Signed(value), &self)),
        }
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<bool, E> {
        match value {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::invalid_value(de::Unexpected::Unsigned(value), &self)),
        }
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

/// Numbers accept JSON numbers and numeric strings whose value the type
/// holds exactly, `true`/`false` as 1/0, and `null`/`""` as zero. They are
/// read from their JSON text, never through `f64` for an integer type: a
/// number out of range, a fraction for an integer, and `NaN` or infinity
/// for a float are errors, not saturated, rounded or kept.
macro_rules! lenient_number {
    ($($ty:ty => $parse:ident),*) => {$(
        impl Lenient for $ty {
            fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = raw_json(deserializer)?;
                number_from_json(raw.get(), $parse).ok_or_else(|| {
                    de::Error::invalid_value(
                        de::Unexpected::Other(found(raw.get())),
                        &concat!("a number fitting ", stringify!($ty)),
                    )
                })
            }
        }
    )*};
}

lenient_number!(
    i8 => integer, i16 => integer, i32 => integer, i64 => integer,
    u8 => integer, u16 => integer, u32 => integer, u64 => integer,
    f32 => float, f64 => float
);

/// What a number member found instead, named without its value.
fn found(json: &str) -> &'static str {
    match json.trim().as_bytes().first() {
        Some(b'"') => "a string",
        Some(b'[') => "a list",
        Some(b'{') => "an object",
        _ => "a number out of range or not exact",
    }
}

/// The number in `json` (a number, a numeric string, a boolean or `null`).
fn number_from_json<T: Default + From<bool>>(
    json: &str,
    parse: fn(&str) -> Option<T>,
) -> Option<T> {
    let json = json.trim();
    match json.as_bytes().first()? {
        b'"' => {
            let text: String = serde_json::from_str(json).ok()?;
            let text = text.trim();
            if text.is_empty() {
                Some(T::default())
            } else {
                parse(text)
            }
        }
        b'n' => Some(T::default()),
        b't' => Some(T::from(true)),
        b'f' => Some(T::from(false)),
        b'-' | b'0'..=b'9' => parse(json),
        _ => None,
    }
}

/// An integer exactly: digits, or digits with a fraction of zeros (`200.0`).
fn integer<T: std::str::FromStr>(text: &str) -> Option<T> {
    match text.split_once('.') {
        None => text.parse().ok(),
        Some((whole, zeros)) if !zeros.is_empty() && zeros.bytes().all(|b| b == b'0') => {
            whole.parse().ok()
        }
        Some(_) => None,
    }
}

/// A finite float (`NaN`, `inf` and overflow to infinity are refused).
fn float<T: std::str::FromStr + Into<f64> + Copy>(text: &str) -> Option<T> {
    let value: T = text.parse().ok()?;
    value.into().is_finite().then_some(value)
}

/// A decoding error's message without the value it may quote (a value can
/// be a secret): `invalid value: string "hunter2", expected a boolean`
/// becomes `string, expected a boolean`. Messages of other shapes are
/// replaced by a generic one unless they are this module's own.
pub(crate) fn describe(message: &str) -> String {
    // serde_json appends the position when decoding from text.
    let message = match message.rfind(" at line ") {
        Some(at) => &message[..at],
        None => message,
    };
    let unexpected = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "));
    if let Some((found, expected)) = unexpected.and_then(|rest| rest.rsplit_once(", expected ")) {
        // `Unexpected` prints a kind, then the value quoted or in backticks.
        let kind = found.split(['"', '`']).next().unwrap_or_default().trim();
        return format!("{kind}, expected {expected}");
    }
    if message.starts_with(DUPLICATE) {
        return message.to_owned();
    }
    "does not fit the member's type".to_owned()
}

/// How this module's duplicate-key errors start (their rest is a wire name
/// from the generated code, never data).
pub(crate) const DUPLICATE: &str = "the key ";

impl Lenient for serde_json::Value {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

/// A free-form member: any JSON, as `Value` builds it, except that an
/// object with a key twice is an error at any depth (`Value` keeps the
/// last). Numbers are `Value`'s: beyond 64 bits they are `f64`.
struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(LenientSeed::<serde_json::Value>(PhantomData))?;
            if members.insert(key, value).is_some() {
                return Err(de::Error::custom(format_args!(
                    "{DUPLICATE}of an object appears more than once"
                )));
            }
        }
        Ok(serde_json::Value::Object(members))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) =
            seq.next_element_seed(LenientSeed::<serde_json::Value>(PhantomData))?
        {
            items.push(item);
        }
        Ok(serde_json::Value::Array(items))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(value.into())
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(value.into())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(value.into())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Ok(value.into())
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(value.into())
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(value.into())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
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
        assert!(!decode(r#"{"success":0}"#).success);
        assert!(!decode(r#"{"success":"0"}"#).success);
        assert!(!decode(r#"{"success":"False"}"#).success);
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

    #[test]
    fn free_form_values_refuse_a_key_twice_at_any_depth() {
        let decode = |json: &str| {
            serde_json::Value::deserialize_lenient(&mut serde_json::Deserializer::from_str(json))
        };
        assert_eq!(
            decode(r#"{"a":[1,{"b":null}],"c":"d"}"#).unwrap(),
            serde_json::json!({"a": [1, {"b": null}], "c": "d"})
        );
        assert!(decode(r#"{"a":1,"a":2}"#).is_err());
        assert!(decode(r#"{"a":[{"b":1,"b":1}]}"#).is_err());
    }

    #[test]
    fn only_zero_and_one_are_booleans() {
        for bad in ["2", "-1", "1.0", r#""2""#, r#""yes""#] {
            let json = format!(r#"{{"success":{bad}}}"#);
            assert!(serde_json::from_str::<Sample>(&json).is_err(), "{bad}");
        }
    }

    #[test]
    fn described_errors_leave_the_value_out() {
        let error = serde_json::from_str::<Sample>(r#"{"success":"hunter2, expected x"}"#)
            .unwrap_err()
            .to_string();
        assert!(error.contains("hunter2"), "serde quotes it: {error}");
        assert_eq!(describe(&error), "string, expected a boolean");
        let error = serde_json::from_str::<Sample>(r#"{"count":-1}"#).unwrap_err();
        assert_eq!(
            describe(&error.to_string()),
            "a number out of range or not exact, expected a number fitting u32"
        );
        assert_eq!(
            describe("something else: hunter2"),
            "does not fit the member's type"
        );
    }
}
