//! Checks against hostile or careless spec files that the model builder
//! does not need for itself: the wire-name alphabet, calendar dates,
//! examples that fit their type, and required members that contain
//! themselves. They read the parsed file and report into the same
//! [`Reporter`] as the builder.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostics::Reporter;
use crate::spec::file::{EnumKind, Member, SpecFile};
use crate::spec::type_expr::{self, Primitive, TypeExpr};

/// Runs every check of this module on `spec`.
pub(crate) fn run<'a>(spec: &'a SpecFile, report: &mut Reporter<'a>) {
    report.name_actions(spec.actions.iter().map(|a| a.name.as_str()).collect());
    check_version_date(spec, report);
    let names = Names::of(spec);
    for (i, action) in spec.actions.iter().enumerate() {
        for (list, members) in [("input", &action.input), ("output", &action.output)] {
            let path = format!("$.actions[{i}].{list}");
            check_members(&path, members, &names, report);
        }
    }
    for (i, def) in spec.types.iter().enumerate() {
        check_type_name(&format!("$.types[{i}].name"), &def.name, report);
        let path = format!("$.types[{i}].members");
        check_members(&path, &def.members, &names, report);
    }
    for (i, def) in spec.enums.iter().enumerate() {
        check_type_name(&format!("$.enums[{i}].name"), &def.name, report);
    }
    check_required_cycles(spec, &names, report);
}

/// The spec's type to use for a vendor's type name (`Integer`, `Long`...),
/// for the hint on an unknown type.
pub(crate) fn vendor_type_hint(name: &str) -> Option<&'static str> {
    let spec_type = match name.to_ascii_lowercase().as_str() {
        "int" | "integer" | "int32" => "`i32` (or `i64`, `u32`, `u64`)",
        "long" | "int64" | "bigint" => "`i64` (or `u64`)",
        "short" | "int16" => "`i16`",
        "byte" | "int8" => "`i8`",
        "float" | "single" => "`f32`",
        "double" | "number" | "decimal" => "`f64`",
        "str" | "text" => "`string`",
        "boolean" => "`bool`",
        "array" | "vec" => "`list<T>`, e.g. `list<string>`",
        "map" | "dict" | "hashmap" => "`map<T>`, e.g. `map<string>`",
        "object" | "any" => "a type declared under \"types\", or `json`",
        "timestamp" => "`datetime` (or `i64` for epoch numbers)",
        _ => return None,
    };
    Some(spec_type)
}

/// Member wire names: what a v1/V2 string to sign and a form or query
/// encoding can carry unambiguously. The DTS specs and the vendors'
/// metadata use letters, digits, `_` and `.` (`Tag.1.Key`), and `-` in
/// header names (`Content-Type`).
fn is_wire_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// Type and enum names appear in type expressions and become Rust names.
fn is_type_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn check_type_name(path: &str, name: &str, report: &mut Reporter<'_>) {
    if let Some(bad) = name.chars().find(|c| !is_type_name_char(*c)) {
        report.error(
            path,
            format!("type name `{name}` holds {bad:?}, which type names cannot hold"),
            Some("use ASCII letters, digits and `_`".into()),
        );
    }
}

fn check_members(path: &str, members: &[Member], names: &Names<'_>, report: &mut Reporter<'_>) {
    for (i, member) in members.iter().enumerate() {
        let member_path = format!("{path}[{i}]");
        if let Some(bad) = member.name.chars().find(|c| !is_wire_char(*c)) {
            report.error(
                &format!("{member_path}.name"),
                format!(
                    "member name `{}` holds {bad:?}, which wire names cannot hold",
                    member.name
                ),
                Some("wire names use ASCII letters, digits, `_`, `.` and `-`".into()),
            );
        }
        if let (Some(example), Ok(expr)) = (&member.example, type_expr::parse(&member.ty)) {
            if let Err(expected) = fits(example, &expr, names) {
                report.error(
                    &format!("{member_path}.example"),
                    format!(
                        "example `{}` does not fit the type `{}`: expected {expected}",
                        short(example),
                        member.ty
                    ),
                    Some("give an example of the member's type, or remove \"example\"".into()),
                );
            }
        }
    }
}

/// An example value as JSON text, cut to a readable length.
fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// The spec's type and enum names, to resolve type expressions.
struct Names<'a> {
    types: BTreeMap<&'a str, usize>,
    enums: BTreeMap<&'a str, EnumKind>,
}

impl<'a> Names<'a> {
    fn of(spec: &'a SpecFile) -> Self {
        Names {
            types: spec
                .types
                .iter()
                .enumerate()
                .map(|(i, t)| (t.name.as_str(), i))
                .collect(),
            enums: spec
                .enums
                .iter()
                .map(|e| (e.name.as_str(), e.kind))
                .collect(),
        }
    }
}

/// Whether `example` is a value of type `expr`; the error says what was
/// expected. Lists, maps and structures may also be given as their wire
/// text (a string), which depends on the style and is not checked here.
fn fits(example: &Value, expr: &TypeExpr, names: &Names<'_>) -> Result<(), String> {
    let ok = |fits: bool, expected: &str| {
        if fits {
            Ok(())
        } else {
            Err(expected.to_owned())
        }
    };
    match expr {
        TypeExpr::Primitive(p) => fits_primitive(example, *p),
        TypeExpr::List(item) => match example {
            Value::Array(items) => items.iter().try_for_each(|v| fits(v, item, names)),
            other => ok(other.is_string(), "a list"),
        },
        TypeExpr::Map(value) => match example {
            Value::Object(entries) => entries.values().try_for_each(|v| fits(v, value, names)),
            other => ok(other.is_string(), "an object"),
        },
        TypeExpr::Named(name) => match names.enums.get(name.as_str()) {
            Some(EnumKind::String) => ok(example.is_string(), "a string value"),
            Some(EnumKind::Integer) => ok(example.is_i64(), "an integer value"),
            None if names.types.contains_key(name.as_str()) => {
                ok(example.is_object() || example.is_string(), "an object")
            }
            // An unknown name is reported by the model builder.
            None => Ok(()),
        },
    }
}

fn fits_primitive(example: &Value, primitive: Primitive) -> Result<(), String> {
    let in_range = |low: i128, high: i128| {
        let n = example
            .as_i64()
            .map(i128::from)
            .or_else(|| example.as_u64().map(i128::from));
        n.is_some_and(|n| (low..=high).contains(&n))
    };
    let (fits, expected) = match primitive {
        Primitive::String | Primitive::Date | Primitive::DateTime => {
            (example.is_string(), "a string")
        }
        Primitive::Bool => (example.is_boolean(), "`true` or `false`"),
        Primitive::I8 => (in_range(i8::MIN.into(), i8::MAX.into()), "an i8 number"),
        Primitive::I16 => (in_range(i16::MIN.into(), i16::MAX.into()), "an i16 number"),
        Primitive::I32 => (in_range(i32::MIN.into(), i32::MAX.into()), "an i32 number"),
        Primitive::I64 => (in_range(i64::MIN.into(), i64::MAX.into()), "an i64 number"),
        Primitive::U8 => (in_range(0, u8::MAX.into()), "a u8 number"),
        Primitive::U16 => (in_range(0, u16::MAX.into()), "a u16 number"),
        Primitive::U32 => (in_range(0, u32::MAX.into()), "a u32 number"),
        Primitive::U64 => (in_range(0, u64::MAX.into()), "a u64 number"),
        Primitive::F32 | Primitive::F64 => (example.is_number(), "a number"),
        Primitive::Json => (true, "any JSON value"),
    };
    if fits {
        Ok(())
    } else {
        Err(expected.to_owned())
    }
}

/// `2018-02-30` has the shape of a date but is none; the shape itself is
/// checked by the model builder.
fn check_version_date(spec: &SpecFile, report: &mut Reporter<'_>) {
    let parts: Vec<u32> = spec
        .version
        .split('-')
        .map(|p| p.parse().unwrap_or(0))
        .collect();
    let [year, month, day] = parts[..] else {
        return;
    };
    let shaped = spec.version.len() == 10 && spec.version.as_bytes()[4] == b'-';
    if !shaped || year == 0 {
        return;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    if day == 0 || day > days {
        let hint = if days == 0 {
            "the month is 01 to 12".to_owned()
        } else {
            format!("month {month:02} of {year} has {days} days")
        };
        report.error(
            "$.version",
            format!("version `{}` is not a calendar date", spec.version),
            Some(hint),
        );
    }
}

/// A required member whose type contains itself through other required,
/// non-null members that are not lists or maps has no finite value: no
/// request can be built and no response can decode.
fn check_required_cycles(spec: &SpecFile, names: &Names<'_>, report: &mut Reporter<'_>) {
    // edges[i]: (member index, type index) of each required direct member.
    let edges: Vec<Vec<(usize, usize)>> = spec
        .types
        .iter()
        .map(|t| {
            t.members
                .iter()
                .enumerate()
                .filter(|(_, m)| m.required && !m.nullable)
                .filter_map(|(k, m)| match type_expr::parse(&m.ty) {
                    Ok(TypeExpr::Named(name)) => names.types.get(name.as_str()).map(|j| (k, *j)),
                    _ => None,
                })
                .collect()
        })
        .collect();
    // Depth-first search; a member leading back to a type on the current
    // path closes a cycle, which is reported once, at that member.
    let mut state = vec![Visit::New; edges.len()];
    let mut path: Vec<(usize, usize)> = Vec::new();
    for start in 0..edges.len() {
        if state[start] == Visit::New {
            visit(start, &edges, &mut state, &mut path, spec, report);
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    New,
    OnPath,
    Done,
}

fn visit(
    node: usize,
    edges: &[Vec<(usize, usize)>],
    state: &mut [Visit],
    path: &mut Vec<(usize, usize)>,
    spec: &SpecFile,
    report: &mut Reporter<'_>,
) {
    state[node] = Visit::OnPath;
    for &(member, next) in &edges[node] {
        path.push((node, member));
        match state[next] {
            Visit::New => visit(next, edges, state, path, spec, report),
            Visit::OnPath => report_cycle(next, path, spec, report),
            Visit::Done => {}
        }
        path.pop();
    }
    state[node] = Visit::Done;
}

fn report_cycle(to: usize, path: &[(usize, usize)], spec: &SpecFile, report: &mut Reporter<'_>) {
    let start = path.iter().position(|(t, _)| *t == to).unwrap_or(0);
    let cycle = &path[start..];
    let mut named: Vec<String> = cycle
        .iter()
        .map(|&(t, m)| format!("{}.{}", spec.types[t].name, spec.types[t].members[m].name))
        .collect();
    named.push(spec.types[to].name.clone());
    let (t, m) = cycle[cycle.len() - 1];
    report.error(
        &format!("$.types[{t}].members[{m}].required"),
        format!(
            "required members make `{}` contain itself ({}), so no finite value exists",
            spec.types[to].name,
            named.join(" → ")
        ),
        Some("make one member of the cycle optional, or a list".into()),
    );
}
