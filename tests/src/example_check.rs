//! Where an example response contradicts its spec: walks the example JSON
//! alongside the validated model of the action's response and lists every
//! place the two disagree.
//!
//! The generated types decode leniently, so none of these stop a response
//! from decoding; they show where the vendor's own examples drift from its
//! metadata (and so from our spec). Values are cut short, and never shown
//! for members the spec marks sensitive (nor anything below them) or for
//! members the spec does not know.

use std::fmt;

use cloud_sdk_codegen::model::{EnumKind, Literal, Primitive, Service, Struct, Ty};
use serde_json::{Map, Value};

/// Longest example value shown, in characters.
const MAX_SHOWN: usize = 40;

/// What kind of disagreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MismatchKind {
    /// A member the spec does not declare.
    NotInSpec,
    /// A JSON kind other than the declared type's (a string for an integer,
    /// an integer out of the declared range, ...).
    WrongKind,
    /// A response member the spec says is always present, absent.
    MissingRequired,
    /// `null` for a member the spec does not mark nullable.
    UnexpectedNull,
    /// A value the member's enumeration does not list.
    UnknownEnumValue,
}

impl MismatchKind {
    /// Every kind, for reports.
    pub const ALL: [MismatchKind; 5] = [
        MismatchKind::NotInSpec,
        MismatchKind::WrongKind,
        MismatchKind::MissingRequired,
        MismatchKind::UnexpectedNull,
        MismatchKind::UnknownEnumValue,
    ];
}

/// One disagreement: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// What kind of disagreement.
    pub kind: MismatchKind,
    /// JSON path in the example (`Response.JobList[0].Status`).
    pub path: String,
    /// The declared type against what the example has.
    pub detail: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.detail)
    }
}

/// Checks `body` against `output`, a response structure of `service`.
/// `root` is the path of `body` in the example (`Response` for Tencent,
/// empty for Alibaba's flat bodies).
pub fn check_response(
    service: &Service,
    output: &Struct,
    root: &str,
    body: &Value,
) -> Vec<Mismatch> {
    walk(service, output, root, body).found
}

/// The scalar values (as text) under members of `body` that the spec marks
/// sensitive, so that a report built from elsewhere (a decoding error
/// quotes the value it rejects) can keep them out.
pub fn sensitive_values(service: &Service, output: &Struct, body: &Value) -> Vec<String> {
    walk(service, output, "", body).secrets
}

fn walk<'a>(service: &'a Service, output: &Struct, root: &str, body: &Value) -> Walker<'a> {
    let mut walker = Walker {
        service,
        found: Vec::new(),
        secrets: Vec::new(),
    };
    match body {
        Value::Object(members) => walker.object(output, true, root, members, false),
        other => walker.push(
            MismatchKind::WrongKind,
            root,
            format!(
                "declared {}, example has {}",
                output.wire,
                shown(other, false)
            ),
        ),
    }
    walker
}

struct Walker<'a> {
    service: &'a Service,
    found: Vec<Mismatch>,
    secrets: Vec<String>,
}

impl Walker<'_> {
    fn push(&mut self, kind: MismatchKind, path: &str, detail: String) {
        self.found.push(Mismatch {
            kind,
            path: path.to_owned(),
            detail,
        });
    }

    /// `response_only`: the structure is never sent, so `required` means
    /// "always present in responses". A type used in both directions keeps
    /// the request's requirement (spec/README.md), which says nothing about
    /// responses.
    fn object(
        &mut self,
        s: &Struct,
        response_only: bool,
        path: &str,
        members: &Map<String, Value>,
        sensitive: bool,
    ) {
        for (name, value) in members {
            let at = member_path(path, name);
            match s.fields.iter().find(|f| f.wire == *name) {
                Some(field) if field.sensitive && !sensitive => {
                    scalars(value, &mut self.secrets);
                    self.value(&field.ty, field.nullable, &at, value, true);
                }
                Some(field) => self.value(
                    &field.ty,
                    field.nullable,
                    &at,
                    value,
                    sensitive || field.sensitive,
                ),
                None => self.push(
                    MismatchKind::NotInSpec,
                    &at,
                    format!("not in the spec, example has {}", kind_of(value)),
                ),
            }
        }
        if response_only {
            for field in s.fields.iter().filter(|f| f.required) {
                if !members.contains_key(&field.wire) {
                    self.push(
                        MismatchKind::MissingRequired,
                        &member_path(path, &field.wire),
                        format!(
                            "declared {}, required, example lacks it",
                            self.type_name(&field.ty)
                        ),
                    );
                }
            }
        }
    }

    fn value(&mut self, ty: &Ty, nullable: bool, path: &str, value: &Value, sensitive: bool) {
        if value.is_null() {
            if !nullable {
                self.push(
                    MismatchKind::UnexpectedNull,
                    path,
                    format!(
                        "declared {}, not nullable, example has null",
                        self.type_name(ty)
                    ),
                );
            }
            return;
        }
        let fits = match (ty, value) {
            (Ty::Primitive(p), _) => primitive_fits(*p, value),
            (Ty::List(item), Value::Array(items)) => {
                for (i, v) in items.iter().enumerate() {
                    self.value(item, false, &format!("{path}[{i}]"), v, sensitive);
                }
                true
            }
            (Ty::Map(item), Value::Object(entries)) => {
                for (key, v) in entries {
                    self.value(item, false, &member_path(path, key), v, sensitive);
                }
                true
            }
            (Ty::Struct(index), Value::Object(members)) => {
                let s = &self.service.structs[*index];
                self.object(s, !s.sent, path, members, sensitive);
                true
            }
            (Ty::Enum(index), _) => {
                let e = &self.service.enums[*index];
                let literal = match (e.kind, value) {
                    (EnumKind::String, Value::String(s)) => Some(Literal::Str(s.clone())),
                    (EnumKind::Integer, Value::Number(n)) => n.as_i64().map(Literal::Int),
                    _ => None,
                };
                match &literal {
                    Some(literal) if !e.variants.iter().any(|v| v.value == *literal) => self.push(
                        MismatchKind::UnknownEnumValue,
                        path,
                        format!("{} is not a value of {}", shown(value, sensitive), e.wire),
                    ),
                    _ => {}
                }
                literal.is_some()
            }
            _ => false,
        };
        if !fits {
            self.push(
                MismatchKind::WrongKind,
                path,
                format!(
                    "declared {}, example has {}",
                    self.type_name(ty),
                    shown(value, sensitive)
                ),
            );
        }
    }

    /// The type as a spec file writes it (`list<JobItem>`, `i64`), enums
    /// with their wire kind.
    fn type_name(&self, ty: &Ty) -> String {
        match ty {
            Ty::Primitive(p) => p.keyword().to_owned(),
            Ty::List(item) => format!("list<{}>", self.type_name(item)),
            Ty::Map(item) => format!("map<{}>", self.type_name(item)),
            Ty::Struct(index) => self.service.structs[*index].wire.clone(),
            Ty::Enum(index) => {
                let e = &self.service.enums[*index];
                let kind = match e.kind {
                    EnumKind::String => "string",
                    EnumKind::Integer => "integer",
                };
                format!("{} ({kind} enum)", e.wire)
            }
        }
    }
}

fn member_path(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}.{name}")
    }
}

/// Does a non-null JSON value have the declared primitive's kind (and, for
/// integers, fit its range)?
fn primitive_fits(p: Primitive, value: &Value) -> bool {
    let integer = |min: i128, max: i128| {
        let n = value
            .as_i64()
            .map(i128::from)
            .or_else(|| value.as_u64().map(i128::from));
        n.is_some_and(|n| (min..=max).contains(&n))
    };
    match p {
        Primitive::String | Primitive::Date | Primitive::DateTime => value.is_string(),
        Primitive::Bool => value.is_boolean(),
        Primitive::I8 => integer(i8::MIN.into(), i8::MAX.into()),
        Primitive::I16 => integer(i16::MIN.into(), i16::MAX.into()),
        Primitive::I32 => integer(i32::MIN.into(), i32::MAX.into()),
        Primitive::I64 => integer(i64::MIN.into(), i64::MAX.into()),
        Primitive::U8 => integer(0, u8::MAX.into()),
        Primitive::U16 => integer(0, u16::MAX.into()),
        Primitive::U32 => integer(0, u32::MAX.into()),
        Primitive::U64 => integer(0, u64::MAX.into()),
        Primitive::F32 | Primitive::F64 => value.is_number(),
        Primitive::Json => true,
    }
}

/// Every scalar in `value`, as text.
fn scalars(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Null => {}
        Value::String(s) => out.push(s.clone()),
        Value::Bool(_) | Value::Number(_) => out.push(value.to_string()),
        Value::Array(items) => items.iter().for_each(|v| scalars(v, out)),
        Value::Object(members) => members.values().for_each(|v| scalars(v, out)),
    }
}

/// The JSON kind of a value, without the value.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The kind and, for scalars that are not secret, the value cut short.
fn shown(value: &Value, sensitive: bool) -> String {
    let kind = kind_of(value);
    if sensitive {
        return format!("{kind} (sensitive, not shown)");
    }
    match value {
        Value::String(s) => {
            let mut cut: String = s.chars().take(MAX_SHOWN).collect();
            if cut.len() < s.len() {
                cut.push('…');
            }
            format!("{kind} {}", Value::String(cut))
        }
        Value::Bool(_) | Value::Number(_) => format!("{kind} {value}"),
        Value::Array(items) if items.is_empty() => "empty array".to_owned(),
        Value::Object(members) if members.is_empty() => "empty object".to_owned(),
        _ => kind.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SPEC: &str = r#"{
      "format": 1, "provider": "tencent", "service": "dts", "version": "2020-02-02",
      "signing": ["tc3"], "endpoints": {"default": "dts.tencentcloudapi.com"},
      "actions": [{
        "name": "DescribeJobs",
        "output": [
          {"name": "Total", "type": "i64", "required": true, "docs": "Jobs in all."},
          {"name": "Jobs", "type": "list<Job>", "docs": "The jobs."},
          {"name": "RequestId", "type": "string", "required": true, "docs": "Request ID."}
        ]
      }],
      "types": [{
        "name": "Job", "docs": "A job.",
        "members": [
          {"name": "Status", "type": "Status", "required": true, "docs": "Status."},
          {"name": "Size", "type": "u8", "required": true, "docs": "Size."},
          {"name": "Note", "type": "string", "nullable": true, "docs": "Note."},
          {"name": "Password", "type": "string", "sensitive": true, "docs": "Secret."}
        ]
      }],
      "enums": [{
        "name": "Status", "type": "integer", "docs": "Status.",
        "values": [{"value": 1, "name": "Running", "docs": "Running."}]
      }]
    }"#;

    fn check(body: Value) -> Vec<String> {
        let path = std::path::Path::new("tencent-dts-2020-02-02.json");
        let service = cloud_sdk_codegen::load_str(path, SPEC).unwrap_or_else(|e| panic!("{e}"));
        let output = &service.actions[0].output;
        let mut lines: Vec<String> = check_response(&service, output, "Response", &body)
            .iter()
            .map(Mismatch::to_string)
            .collect();
        lines.sort();
        lines
    }

    #[test]
    fn a_conforming_example_has_no_mismatches() {
        let body =
            json!({"Total": 1, "Jobs": [{"Status": 1, "Size": 3, "Note": null}], "RequestId": "r"});
        assert_eq!(check(body), Vec::<String>::new());
    }

    #[test]
    fn every_kind_of_mismatch_is_reported_with_its_path() {
        let long = "x".repeat(60);
        let body = json!({
            "Total": "2",
            "Jobs": [{"Status": 7, "Size": 300, "Note": 5, "Extra": "hidden value"},
                     {"Status": "1", "Size": null, "Note": long}],
            "RequestId": null,
        });
        assert_eq!(
            check(body),
            [
                "Response.Jobs[0].Extra: not in the spec, example has string",
                "Response.Jobs[0].Note: declared string, example has integer 5",
                "Response.Jobs[0].Size: declared u8, example has integer 300",
                "Response.Jobs[0].Status: integer 7 is not a value of Status",
                "Response.Jobs[1].Size: declared u8, not nullable, example has null",
                "Response.Jobs[1].Status: declared Status (integer enum), example has string \"1\"",
                "Response.RequestId: declared string, not nullable, example has null",
                "Response.Total: declared i64, example has string \"2\"",
            ]
        );
    }

    #[test]
    fn missing_members_only_count_where_required_means_always_present() {
        // `Job` is only received, so its required members must be there.
        let body = json!({"Jobs": [{}]});
        assert_eq!(
            check(body),
            [
                "Response.Jobs[0].Size: declared u8, required, example lacks it",
                "Response.Jobs[0].Status: declared Status (integer enum), required, example lacks it",
                "Response.RequestId: declared string, required, example lacks it",
                "Response.Total: declared i64, required, example lacks it",
            ]
        );
    }

    #[test]
    fn secrets_and_long_values_are_not_shown_whole() {
        let body = json!({"Total": 1, "RequestId": "r", "Jobs": [
            {"Status": 1, "Size": 1, "Password": 123456, "Note": ["a"]}
        ]});
        let lines = check(body);
        assert_eq!(
            lines,
            [
                "Response.Jobs[0].Note: declared string, example has array",
                "Response.Jobs[0].Password: declared string, example has integer (sensitive, not shown)",
            ]
        );
        let path = std::path::Path::new("tencent-dts-2020-02-02.json");
        let service = cloud_sdk_codegen::load_str(path, SPEC).unwrap();
        let body = json!({"Jobs": [{"Password": "hunter2"}, {"Password": ["p", 1]}]});
        assert_eq!(
            sensitive_values(&service, &service.actions[0].output, &body),
            ["hunter2", "p", "1"]
        );
        let long = json!({"Total": "y".repeat(60), "RequestId": "r"});
        let line = &check(long)[0];
        assert!(
            line.ends_with(&format!("\"{}…\"", "y".repeat(MAX_SHOWN))),
            "{line}"
        );
    }
}
