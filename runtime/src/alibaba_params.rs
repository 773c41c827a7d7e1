//! Alibaba wire parameters straight from a typed request, without building
//! a `serde_json::Value` of it first.
//!
//! [`flatten_request`] walks the request's `Serialize` output member by
//! member. Members of the `repeatList` and `flat` styles (and those with
//! no style) are flattened as they are serialised, by the same rules as
//! [`flatten_alibaba`]: object members joined with `.`, list items by a
//! 1-based index, scalars as their JSON text, `null` left out. The rare
//! `json` and delimited styles go through a `Value` of that one member and
//! [`flatten_alibaba`] itself, so their output is the same by construction.
//! Leaves go through `serde_json::Value` too (a number's text is
//! serde_json's), so the pairs are byte for byte those of the `Value`
//! path; `tests` compares the two.

use serde::ser::{self, Impossible, Serialize};
use serde_json::Value;

use crate::operation::{ActionInfo, ParamLocation, ParamStyle};
use crate::request::alibaba_style;
use crate::sign::flatten::{flatten_alibaba, AlibabaStyle, Pairs};
use crate::sign::SignError;

/// Nesting deeper than this is rejected (as by [`flatten_alibaba`]).
const MAX_DEPTH: usize = 32;

/// The query and form pairs of one request, and which top-level members
/// were present (not `null`).
#[derive(Debug, Default)]
pub(crate) struct Flattened {
    pub query: Pairs,
    pub form: Pairs,
    pub present: Vec<String>,
}

/// Why a request could not be flattened.
#[derive(Debug)]
pub(crate) enum FlattenError {
    /// A shape the parameter style cannot express, or too deep.
    Sign(SignError),
    /// The request is not a struct or map.
    NotAnObject,
    /// Its `Serialize` failed (the message is not kept: it may quote a
    /// value).
    Serialise,
}

impl ser::Error for FlattenError {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        FlattenError::Serialise
    }
}

impl std::fmt::Display for FlattenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request cannot be flattened")
    }
}

impl std::error::Error for FlattenError {}

/// Flattens `request` for `action`: each member to the query or the form
/// by its [`ParamInfo`](crate::operation::ParamInfo) (unknown members: the
/// query, no style).
pub(crate) fn flatten_request<T: Serialize + ?Sized>(
    action: &'static ActionInfo,
    request: &T,
) -> Result<Flattened, FlattenError> {
    let mut out = Flattened::default();
    request.serialize(Top {
        action,
        out: &mut out,
    })?;
    Ok(out)
}

/// The request itself: a struct or map whose members are parameters.
struct Top<'a> {
    action: &'static ActionInfo,
    out: &'a mut Flattened,
}

impl Top<'_> {
    fn member<V: Serialize + ?Sized>(&mut self, name: &str, value: &V) -> Result<(), FlattenError> {
        let info = self.action.params.iter().find(|p| p.name == name);
        let (location, style) = info
            .map(|p| (p.location, p.style))
            .unwrap_or((ParamLocation::Query, ParamStyle::Scalar));
        let out = match location {
            ParamLocation::Body => &mut self.out.form,
            // Path, header and payload members are ROA only (the spec
            // checks it), and ROA requests are not flattened here.
            ParamLocation::Query
            | ParamLocation::Path
            | ParamLocation::Header
            | ParamLocation::Payload => &mut self.out.query,
        };
        let present = match alibaba_style(style) {
            AlibabaStyle::Plain | AlibabaStyle::RepeatList | AlibabaStyle::Flat => value
                .serialize(Nested {
                    prefix: &mut name.to_owned(),
                    depth: 0,
                    out,
                })?,
            style => {
                let value = serde_json::to_value(value).map_err(|_| FlattenError::Serialise)?;
                flatten_alibaba(name, style, &value, out).map_err(FlattenError::Sign)?;
                !value.is_null()
            }
        };
        if present {
            self.out.present.push(name.to_owned());
        }
        Ok(())
    }
}

/// Where a nested value's pairs go: `prefix` is its flattened name, grown
/// and truncated back as members and items are visited. Serialising
/// returns whether the value was anything but `null`.
struct Nested<'a> {
    prefix: &'a mut String,
    depth: usize,
    out: &'a mut Pairs,
}

impl Nested<'_> {
    fn check_depth(&self) -> Result<(), FlattenError> {
        if self.depth > MAX_DEPTH {
            return Err(FlattenError::Sign(SignError::TooDeep(self.prefix.clone())));
        }
        Ok(())
    }

    /// A scalar leaf, as its JSON text through `serde_json::Value` (a
    /// non-finite float becomes `null` there, and is left out).
    fn leaf(self, value: Value) -> Result<bool, FlattenError> {
        self.check_depth()?;
        let text = match value {
            Value::Null => return Ok(false),
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => if b { "true" } else { "false" }.to_owned(),
            // A container from a leaf (bytes): flatten it as a value.
            other => return self.value(&other),
        };
        self.out.push((self.prefix.clone(), text));
        Ok(true)
    }

    /// A value with no direct form here (enum variants with data, bytes):
    /// through `serde_json::Value` and the same rules.
    fn value(self, value: &Value) -> Result<bool, FlattenError> {
        self.check_depth()?;
        match value {
            Value::Null => Ok(false),
            Value::Object(map) => {
                let mut object = NestedCompound::new(self);
                for (key, item) in map {
                    object.push_member(key, item)?;
                }
                Ok(true)
            }
            Value::Array(items) => {
                let mut list = NestedCompound::new(self);
                for item in items {
                    list.push_item(item)?;
                }
                Ok(true)
            }
            scalar => self.leaf(scalar.clone()),
        }
    }
}

/// An object or list being flattened: the members and items under it.
struct NestedCompound<'a> {
    prefix: &'a mut String,
    depth: usize,
    out: &'a mut Pairs,
    /// The next 1-based list index.
    index: usize,
    /// The key of a map entry whose value comes next.
    key: Option<String>,
}

impl<'a> NestedCompound<'a> {
    fn new(nested: Nested<'a>) -> Self {
        Self {
            prefix: nested.prefix,
            depth: nested.depth,
            out: nested.out,
            index: 1,
            key: None,
        }
    }

    fn under<V: Serialize + ?Sized>(&mut self, part: &str, value: &V) -> Result<(), FlattenError> {
        let len = self.prefix.len();
        self.prefix.push('.');
        self.prefix.push_str(part);
        let result = value.serialize(Nested {
            prefix: self.prefix,
            depth: self.depth + 1,
            out: self.out,
        });
        self.prefix.truncate(len);
        result.map(|_| ())
    }

    fn push_member<V: Serialize + ?Sized>(
        &mut self,
        key: &str,
        value: &V,
    ) -> Result<(), FlattenError> {
        self.under(key, value)
    }

    fn push_item<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), FlattenError> {
        let index = self.index.to_string();
        self.index += 1;
        self.under(&index, value)
    }
}

/// A map key as text, as serde_json writes keys (numbers and booleans as
/// their text).
fn key_text<K: Serialize + ?Sized>(key: &K) -> Result<String, FlattenError> {
    match serde_json::to_value(key).map_err(|_| FlattenError::Serialise)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err(FlattenError::Serialise),
    }
}

macro_rules! leaves {
    ($($method:ident: $ty:ty),* $(,)?) => {$(
        fn $method(self, v: $ty) -> Result<bool, FlattenError> {
            self.leaf(Value::from(v))
        }
    )*};
}

impl<'a> ser::Serializer for Nested<'a> {
    type Ok = bool;
    type Error = FlattenError;
    type SerializeSeq = NestedCompound<'a>;
    type SerializeTuple = NestedCompound<'a>;
    type SerializeTupleStruct = NestedCompound<'a>;
    type SerializeTupleVariant = Impossible<bool, FlattenError>;
    type SerializeMap = NestedCompound<'a>;
    type SerializeStruct = NestedCompound<'a>;
    type SerializeStructVariant = Impossible<bool, FlattenError>;

    leaves!(
        serialize_bool: bool,
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_f32: f32,
        serialize_f64: f64,
        serialize_str: &str,
    );

    fn serialize_i128(self, v: i128) -> Result<bool, FlattenError> {
        let value = serde_json::to_value(v).map_err(|_| FlattenError::Serialise)?;
        self.leaf(value)
    }

    fn serialize_u128(self, v: u128) -> Result<bool, FlattenError> {
        let value = serde_json::to_value(v).map_err(|_| FlattenError::Serialise)?;
        self.leaf(value)
    }

    fn serialize_char(self, v: char) -> Result<bool, FlattenError> {
        self.leaf(Value::String(v.to_string()))
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<bool, FlattenError> {
        let value = serde_json::to_value(v).map_err(|_| FlattenError::Serialise)?;
        self.value(&value)
    }

    fn serialize_none(self) -> Result<bool, FlattenError> {
        self.check_depth()?;
        Ok(false)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<bool, FlattenError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<bool, FlattenError> {
        self.check_depth()?;
        Ok(false)
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<bool, FlattenError> {
        Ok(false)
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<bool, FlattenError> {
        self.leaf(Value::String(variant.to_owned()))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<bool, FlattenError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<bool, FlattenError> {
        let value = serde_json::value::Serializer
            .serialize_newtype_variant(name, index, variant, value)
            .map_err(|_| FlattenError::Serialise)?;
        self.value(&value)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<NestedCompound<'a>, FlattenError> {
        self.check_depth()?;
        Ok(NestedCompound::new(self))
    }

    fn serialize_tuple(self, len: usize) -> Result<NestedCompound<'a>, FlattenError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<NestedCompound<'a>, FlattenError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, FlattenError> {
        Err(FlattenError::Serialise)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<NestedCompound<'a>, FlattenError> {
        self.check_depth()?;
        Ok(NestedCompound::new(self))
    }

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<NestedCompound<'a>, FlattenError> {
        self.serialize_map(None)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, FlattenError> {
        Err(FlattenError::Serialise)
    }
}

impl ser::SerializeSeq for NestedCompound<'_> {
    type Ok = bool;
    type Error = FlattenError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FlattenError> {
        self.push_item(value)
    }

    fn end(self) -> Result<bool, FlattenError> {
        Ok(true)
    }
}

impl ser::SerializeTuple for NestedCompound<'_> {
    type Ok = bool;
    type Error = FlattenError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FlattenError> {
        self.push_item(value)
    }

    fn end(self) -> Result<bool, FlattenError> {
        Ok(true)
    }
}

impl ser::SerializeTupleStruct for NestedCompound<'_> {
    type Ok = bool;
    type Error = FlattenError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FlattenError> {
        self.push_item(value)
    }

    fn end(self) -> Result<bool, FlattenError> {
        Ok(true)
    }
}

impl ser::SerializeMap for NestedCompound<'_> {
    type Ok = bool;
    type Error = FlattenError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), FlattenError> {
        self.key = Some(key_text(key)?);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FlattenError> {
        let key = self.key.take().ok_or(FlattenError::Serialise)?;
        self.push_member(&key, value)
    }

    fn end(self) -> Result<bool, FlattenError> {
        Ok(true)
    }
}

impl ser::SerializeStruct for NestedCompound<'_> {
    type Ok = bool;
    type Error = FlattenError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), FlattenError> {
        self.push_member(key, value)
    }

    fn end(self) -> Result<bool, FlattenError> {
        Ok(true)
    }
}

/// The request's own members.
struct TopCompound<'a> {
    top: Top<'a>,
    key: Option<String>,
}

impl ser::SerializeStruct for TopCompound<'_> {
    type Ok = ();
    type Error = FlattenError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), FlattenError> {
        self.top.member(key, value)
    }

    fn end(self) -> Result<(), FlattenError> {
        Ok(())
    }
}

impl ser::SerializeMap for TopCompound<'_> {
    type Ok = ();
    type Error = FlattenError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), FlattenError> {
        self.key = Some(key_text(key)?);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FlattenError> {
        let key = self.key.take().ok_or(FlattenError::Serialise)?;
        self.top.member(&key, value)
    }

    fn end(self) -> Result<(), FlattenError> {
        Ok(())
    }
}

/// Anything but a struct or map at the top is not a request.
macro_rules! not_an_object {
    ($($method:ident($($arg:ty),*)),* $(,)?) => {$(
        fn $method(self, $(_: $arg),*) -> Result<(), FlattenError> {
            Err(FlattenError::NotAnObject)
        }
    )*};
}

impl<'a> ser::Serializer for Top<'a> {
    type Ok = ();
    type Error = FlattenError;
    type SerializeSeq = Impossible<(), FlattenError>;
    type SerializeTuple = Impossible<(), FlattenError>;
    type SerializeTupleStruct = Impossible<(), FlattenError>;
    type SerializeTupleVariant = Impossible<(), FlattenError>;
    type SerializeMap = TopCompound<'a>;
    type SerializeStruct = TopCompound<'a>;
    type SerializeStructVariant = Impossible<(), FlattenError>;

    not_an_object!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), FlattenError> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), FlattenError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), FlattenError> {
        Err(FlattenError::NotAnObject)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, FlattenError> {
        Err(FlattenError::NotAnObject)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, FlattenError> {
        Err(FlattenError::NotAnObject)
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, FlattenError> {
        Err(FlattenError::NotAnObject)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, FlattenError> {
        Err(FlattenError::NotAnObject)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<TopCompound<'a>, FlattenError> {
        Ok(TopCompound {
            top: self,
            key: None,
        })
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<TopCompound<'a>, FlattenError> {
        self.serialize_map(None)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, FlattenError> {
        Err(FlattenError::NotAnObject)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;
    use serde_json::json;

    use super::*;
    use crate::operation::{HttpMethod, ParamInfo};

    static PARAMS: [ParamInfo; 6] = [
        ParamInfo {
            name: "Tag",
            location: ParamLocation::Query,
            style: ParamStyle::RepeatList,
        },
        ParamInfo {
            name: "Config",
            location: ParamLocation::Body,
            style: ParamStyle::Flat,
        },
        ParamInfo {
            name: "DbList",
            location: ParamLocation::Body,
            style: ParamStyle::Json,
        },
        ParamInfo {
            name: "Password",
            location: ParamLocation::Body,
            style: ParamStyle::Scalar,
        },
        ParamInfo {
            name: "Ids",
            location: ParamLocation::Query,
            style: ParamStyle::RepeatList,
        },
        ParamInfo {
            name: "Zones",
            location: ParamLocation::Query,
            style: ParamStyle::Simple,
        },
    ];

    static ACTION: ActionInfo = ActionInfo {
        name: "ModifyThing",
        method: HttpMethod::Post,
        rate_limit: None,
        idempotency_token: None,
        params: &PARAMS,
        path: None,
    };

    #[derive(Serialize)]
    enum Mode {
        #[serde(rename = "fast")]
        Fast,
    }

    #[derive(Serialize)]
    struct Tag {
        #[serde(rename = "Key")]
        key: String,
        #[serde(rename = "Value", skip_serializing_if = "Option::is_none")]
        value: Option<String>,
    }

    #[derive(Serialize)]
    struct Config {
        #[serde(rename = "Ratio")]
        ratio: f64,
        #[serde(rename = "Small")]
        small: f32,
        #[serde(rename = "On")]
        on: bool,
        #[serde(rename = "Mode")]
        mode: Mode,
        #[serde(rename = "Limits")]
        limits: BTreeMap<String, Vec<u64>>,
        #[serde(rename = "Missing")]
        missing: Option<u8>,
        #[serde(rename = "NotANumber")]
        not_a_number: f64,
    }

    #[derive(Serialize)]
    struct Request {
        #[serde(rename = "Name")]
        name: &'static str,
        #[serde(rename = "Count")]
        count: i64,
        #[serde(rename = "Tag")]
        tags: Vec<Tag>,
        #[serde(rename = "Config")]
        config: Config,
        #[serde(rename = "DbList")]
        db_list: serde_json::Value,
        #[serde(rename = "Password")]
        password: String,
        #[serde(rename = "Ids")]
        ids: Vec<Vec<i32>>,
        #[serde(rename = "Zones")]
        zones: Vec<&'static str>,
        #[serde(rename = "Empty")]
        empty: Vec<String>,
        #[serde(rename = "Skipped", skip_serializing_if = "Option::is_none")]
        skipped: Option<String>,
        #[serde(rename = "Null")]
        null: Option<String>,
    }

    /// The `Value` path this module replaces: the request as a `Value`,
    /// `null` members dropped, each member through `flatten_alibaba`.
    fn through_value<T: Serialize>(request: &T) -> (Pairs, Pairs, Vec<String>) {
        let Value::Object(mut params) = serde_json::to_value(request).unwrap() else {
            panic!("not an object");
        };
        params.retain(|_, v| !v.is_null());
        let (mut query, mut form) = (Vec::new(), Vec::new());
        for (name, value) in &params {
            let info = ACTION.params.iter().find(|p| p.name == name);
            let (location, style) = info
                .map(|p| (p.location, p.style))
                .unwrap_or((ParamLocation::Query, ParamStyle::Scalar));
            let out = match location {
                ParamLocation::Body => &mut form,
                _ => &mut query,
            };
            flatten_alibaba(name, alibaba_style(style), value, out).unwrap();
        }
        (query, form, params.keys().cloned().collect())
    }

    fn request() -> Request {
        Request {
            name: "数据 迁移 & a+b=c",
            count: -7,
            tags: vec![
                Tag {
                    key: "env".into(),
                    value: Some("prod".into()),
                },
                Tag {
                    key: "team".into(),
                    value: None,
                },
            ],
            config: Config {
                ratio: 0.1 + 0.2,
                small: 1.1,
                on: true,
                mode: Mode::Fast,
                limits: BTreeMap::from([("b".into(), vec![1, u64::MAX]), ("a".into(), vec![])]),
                missing: None,
                not_a_number: f64::NAN,
            },
            db_list: json!({"shop": {"name": "shop", "all": false, "名": [1.5, null]}}),
            password: "hunter2".into(),
            ids: vec![vec![1, 2], vec![], vec![3]],
            zones: vec!["cn-a", "cn b"],
            empty: Vec::new(),
            skipped: None,
            null: None,
        }
    }

    #[test]
    fn pairs_match_the_value_path_byte_for_byte() {
        let request = request();
        let flattened = flatten_request(&ACTION, &request).unwrap();
        let (query, form, present) = through_value(&request);
        assert_eq!(flattened.query, query);
        assert_eq!(flattened.form, form);
        assert_eq!(flattened.present, present);
        // And what that is, spelled out for a few pairs.
        assert!(query.contains(&("Tag.2.Key".into(), "team".into())));
        assert!(query.contains(&("Ids.3.1".into(), "3".into())));
        assert!(query.contains(&("Zones".into(), "cn-a,cn b".into())));
        assert!(form.contains(&("Config.Ratio".into(), "0.30000000000000004".into())));
        assert!(form.contains(&("Config.Small".into(), "1.100000023841858".into())));
        assert!(form.contains(&("Config.Mode".into(), "fast".into())));
        assert!(form.contains(&("Config.Limits.b.2".into(), u64::MAX.to_string())));
        assert!(!form.iter().any(|(n, _)| n.contains("NotANumber")));
        assert!(!present.iter().any(|n| n == "Null" || n == "Skipped"));
        assert!(present.iter().any(|n| n == "Empty"));
    }

    #[test]
    fn a_json_value_request_matches_too() {
        let request = json!({
            "RegionId": "cn-hangzhou",
            "Tag": [{"Key": "k", "Value": ["a", {"b": true}]}],
            "DbList": "{\"already\":\"json\"}",
            "Unknown": {"Nested": [null, 2]},
        });
        let flattened = flatten_request(&ACTION, &request).unwrap();
        let (query, form, present) = through_value(&request);
        assert_eq!(
            (flattened.query, flattened.form, flattened.present),
            (query, form, present)
        );
    }

    #[test]
    fn too_deep_and_not_an_object_are_errors() {
        let mut deep = json!(1);
        for _ in 0..40 {
            deep = json!([deep]);
        }
        let error = flatten_request(&ACTION, &json!({"Tag": deep})).unwrap_err();
        assert!(
            matches!(&error, FlattenError::Sign(SignError::TooDeep(name)) if name.starts_with("Tag.1.1")),
            "{error:?}"
        );
        assert!(matches!(
            flatten_request(&ACTION, &json!([1])),
            Err(FlattenError::NotAnObject)
        ));
    }
}
