//! Importer for Tencent Cloud's `tccli` metadata (`api.json`).
//!
//! The file has no published schema; its shape (see the project's Tencent
//! reference, §1) is:
//!
//! ```text
//! { "version": "1.0",
//!   "metadata": { "apiVersion", "serviceShortName", ... },
//!   "actions":  { "<Action>": { "input", "output", "status"?, ... } },
//!   "objects":  { "<Object>": { "type"?, "usage"?, "members": [ ... ] } } }
//! ```
//!
//! The walk is over [`serde_json::Value`] so that every problem is reported
//! with a JSON path into the metadata (`$.objects.MigrateOption.members[3].type`)
//! and all problems of a file come back together; bad input never panics.
//!
//! What is imported (facts only, never the vendor's prose, so `docs` and
//! `title` stay empty):
//!
//! - service `metadata.serviceShortName`, version `metadata.apiVersion`,
//!   signing `tc3` then `tencent-v1`, endpoints `<svc>.tencentcloudapi.com`,
//!   `<svc>.{region}.tencentcloudapi.com` and `<svc>.intl.tencentcloudapi.com`;
//! - actions in the order of the metadata object, with `status: deprecated`
//!   marked deprecated and `status: offline` left out (listed in
//!   [`TencentImport::skipped_offline`]);
//! - input members from the action's `input` object: `required` when the
//!   metadata's `required` is truthy (`true` or a non-zero number);
//! - output members from the `output` object: `required` from
//!   `output_required` (the older `required` when absent; always for
//!   `RequestId`), `nullable` from
//!   `value_allowed_null`;
//! - every other object becomes a `types` entry, sorted by name. Its members
//!   follow the object's `usage`: `out` like response members, `in` like
//!   request members, `both` (or none) takes `required` from the request
//!   flag and `nullable` from `value_allowed_null`;
//! - `disabled` members are deprecated; `example` is kept unless empty or
//!   the placeholder `无`, and dropped when it holds Chinese text or is
//!   otherwise the vendor's prose (a document or action title of the file,
//!   a sentence, a message: see `prose.rs`) rather than a fact; it is
//!   converted to a number or boolean when the member is one and the text
//!   parses as one, otherwise kept as the string.
//!
//! Names the validator would reject are fixed with `rust_name`: members
//! whose snake case is a keyword become `r#kw` (`kw_` for `self`, `Self`,
//! `super`, `crate`), members colliding after snake case within one object
//! get a numeric suffix (`_2`, `_3`, ...), types shadowing a std name get
//! `<Name>Info`, actions whose snake case is a keyword or reserved by the
//! generated code get `<name>_action`.
//!
//! Sensitive members: a member whose name looks secret to the validator
//! must say so explicitly. Both importers use [`naming::is_secret`]: names
//! containing `password`, `passwd`, `secret`, `privatekey`, `private_key`
//! or `credential` are sensitive; names containing `token` are sensitive
//! unless they are pagination or idempotency tokens (ending in `NextToken`,
//! `PageToken`, `ContinuationToken`, `ClientToken`, `IdempotencyToken`);
//! `AccessKey` names are sensitive unless they end in `Id` (`AccessKeyId`
//! is the public half of the key and explicitly not sensitive).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use serde_json::{Map, Value};

use super::prose::Prose;
use super::vendor_docs::VendorDocs;
use super::walk::{self, walks, Walker};
use crate::diagnostics::Diagnostics;
use crate::naming::{self, unique};
use crate::spec::file::{
    Action, Deprecation, Endpoints, Member, Provider, Signing, SpecFile, TypeDef,
};

/// Placeholder the metadata uses for "no example".
const NO_EXAMPLE: &str = "无";

/// The result of an import: the spec and what was left out.
#[derive(Debug, Clone, PartialEq)]
pub struct TencentImport {
    /// The imported spec, ready to serialise.
    pub spec: SpecFile,
    /// Actions left out because their `status` is `offline`, in metadata order.
    pub skipped_offline: Vec<String>,
    /// The vendor's descriptions (Chinese: the metadata has no other
    /// language), for the re-import report and `--vendor-docs`.
    pub vendor_docs: VendorDocs,
}

/// Imports a Tencent `api.json`; `path` names the file in problems.
pub fn import_tencent(path: &Path, text: &str) -> Result<SpecFile, Diagnostics> {
    import_tencent_report(path, text).map(|import| import.spec)
}

/// Like [`import_tencent`], also saying which actions were left out.
pub fn import_tencent_report(path: &Path, text: &str) -> Result<TencentImport, Diagnostics> {
    let root = walk::parse(path, text)?;
    let mut importer = Importer {
        walk: Walker::new(path),
        prose: Prose::tencent(&root),
        vendor_docs: VendorDocs::default(),
    };
    let import = importer.root(&root);
    importer.walk.finish(import)
}

/// How a member's flags are read, by the kind of object holding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Usage {
    /// Request object or `usage: in` model.
    In,
    /// Response object or `usage: out` model.
    Out,
    /// `usage: both` model, or a model without `usage`.
    Both,
}

struct Importer<'a> {
    walk: Walker<'a>,
    /// The metadata's prose, kept out of examples.
    prose: Prose,
    /// The vendor's descriptions, by spec path.
    vendor_docs: VendorDocs,
}

walks!(Importer);

impl Importer<'_> {
    fn root(&mut self, root: &Value) -> Option<TencentImport> {
        let root = self.object(root, "$")?;
        let metadata = self.object_at(root, "metadata", "$");
        let (service, version) = match metadata {
            Some(m) => (
                self.string(m, "serviceShortName", "$.metadata"),
                self.string(m, "apiVersion", "$.metadata"),
            ),
            None => (None, None),
        };
        let actions = self.object_at(root, "actions", "$");
        let objects = self.object_at(root, "objects", "$");
        let (actions, objects) = (actions?, objects?);

        // Which objects are requests and responses: every `input`/`output`,
        // offline actions included, so their objects do not become types.
        let mut io_objects = BTreeSet::new();
        let mut wanted = Vec::new();
        let mut skipped_offline = Vec::new();
        for (name, action) in actions {
            let path = child("$.actions", name);
            let Some(action) = self.object(action, &path) else {
                continue;
            };
            let input = self.string(action, "input", &path);
            let output = self.string(action, "output", &path);
            io_objects.extend(input.iter().chain(output.iter()).map(|s| s.to_owned()));
            let status = match action.get("status") {
                None | Some(Value::Null) => "online",
                Some(Value::String(s)) => s.as_str(),
                Some(other) => {
                    self.error(
                        &child(&path, "status"),
                        format!("expected a string, found {}", kind(other)),
                    );
                    continue;
                }
            };
            if status == "offline" {
                skipped_offline.push(name.clone());
                continue;
            }
            if let (Some(input), Some(output)) = (input, output) {
                wanted.push((name, input, output, status == "deprecated"));
            }
        }
        let models: BTreeSet<&str> = objects
            .keys()
            .map(String::as_str)
            .filter(|name| !io_objects.contains(*name))
            .collect();

        let mut spec_actions = Vec::new();
        let mut modules = HashSet::new();
        for (name, input, output, deprecated) in wanted {
            if let Some(Value::Object(action)) = actions.get(name) {
                let text = |key: &str| action.get(key).and_then(Value::as_str).unwrap_or("");
                self.vendor_docs
                    .insert(name.clone(), text("document"), text("name"));
            }
            let input = self.io_members(objects, &models, name, "input", input, Usage::In);
            let output = self.io_members(objects, &models, name, "output", output, Usage::Out);
            let fixed = naming::importer_action_module(name);
            let module = unique(&fixed, &modules);
            modules.insert(module.clone());
            spec_actions.push(Action {
                name: name.clone(),
                rust_name: (module != naming::action_module(name)).then_some(module),
                docs: String::new(),
                deprecated: Deprecation::Flag(deprecated),
                rate_limit: None,
                method: None,
                path: None,
                input: input.unwrap_or_default(),
                output: output.unwrap_or_default(),
                errors: Vec::new(),
                hand_maintained: false,
                paginator: None,
            });
        }

        let mut types = Vec::new();
        let mut type_names = HashSet::new();
        for name in &models {
            let path = child("$.objects", name);
            let Some(object) = self.object(&objects[*name], &path) else {
                continue;
            };
            let usage = match object.get("usage") {
                Some(Value::String(u)) if u == "in" => Usage::In,
                Some(Value::String(u)) if u == "out" => Usage::Out,
                _ => Usage::Both,
            };
            let at = format!("types.{name}");
            let document = object.get("document").and_then(Value::as_str);
            self.vendor_docs
                .insert(at.clone(), document.unwrap_or(""), "");
            let members = self.members(object, &models, &path, &at, usage);
            let fixed = naming::importer_type_name(name);
            let rust = unique(&fixed, &type_names);
            type_names.insert(rust.clone());
            types.push(TypeDef {
                name: (*name).to_owned(),
                rust_name: (rust != naming::type_name(name)).then_some(rust),
                docs: String::new(),
                deprecated: Deprecation::default(),
                members: members.unwrap_or_default(),
                hand_maintained: false,
            });
        }

        let types = reachable_types(&spec_actions, types);
        let (service, version) = (service?, version?);
        Some(TencentImport {
            spec: SpecFile {
                schema: Some("../spec.schema.json".to_owned()),
                format: 1,
                provider: Provider::Tencent,
                protocol: None,
                service: service.to_owned(),
                version: version.to_owned(),
                title: String::new(),
                docs: String::new(),
                signing: vec![Signing::Tc3, Signing::TencentV1],
                endpoints: Endpoints {
                    default: format!("{service}.tencentcloudapi.com"),
                    regional: Some(format!("{service}.{{region}}.tencentcloudapi.com")),
                    international: Some(format!("{service}.intl.tencentcloudapi.com")),
                    finance: BTreeMap::new(),
                    regions: BTreeMap::new(),
                },
                actions: spec_actions,
                types,
                enums: Vec::new(),
                waiters: Vec::new(),
            },
            skipped_offline,
            vendor_docs: std::mem::take(&mut self.vendor_docs),
        })
    }

    /// Members of the request or response object `object` of an action.
    fn io_members(
        &mut self,
        objects: &Map<String, Value>,
        models: &BTreeSet<&str>,
        action: &str,
        key: &str,
        object: &str,
        usage: Usage,
    ) -> Option<Vec<Member>> {
        let Some(value) = objects.get(object) else {
            self.error(
                &child(&child("$.actions", action), key),
                format!("{key} object `{object}` is not declared under $.objects"),
            );
            return None;
        };
        let path = child("$.objects", object);
        let map = self.object(value, &path)?;
        self.members(map, models, &path, &format!("{action}.{key}"), usage)
    }

    /// Members of a metadata object; `at` is their spec path (`Action.input`,
    /// `types.Type`), under which their descriptions are recorded.
    fn members(
        &mut self,
        object: &Map<String, Value>,
        models: &BTreeSet<&str>,
        path: &str,
        at: &str,
        usage: Usage,
    ) -> Option<Vec<Member>> {
        let list_path = child(path, "members");
        let list = match self.key(object, "members", path)? {
            Value::Array(list) => list,
            other => {
                self.error(
                    &list_path,
                    format!("expected an array, found {}", kind(other)),
                );
                return None;
            }
        };
        let mut members = Vec::new();
        let mut wire_names = HashSet::new();
        let mut rust_names = HashSet::new();
        let mut ok = true;
        for (i, member) in list.iter().enumerate() {
            let path = format!("{list_path}[{i}]");
            let Some(member) = self.object(member, &path) else {
                ok = false;
                continue;
            };
            let name = self.string(member, "name", &path);
            let ty = self.member_type(member, models, &path);
            let (Some(name), Some(ty)) = (name, ty) else {
                ok = false;
                continue;
            };
            if !wire_names.insert(name) {
                self.error(
                    &child(&path, "name"),
                    format!("member `{name}` is declared twice"),
                );
                ok = false;
                continue;
            }
            let document = member.get("document").and_then(Value::as_str);
            self.vendor_docs
                .insert(format!("{at}.{name}"), document.unwrap_or(""), "");
            let fixed = match usage {
                Usage::In | Usage::Both => naming::importer_setter_name(name),
                Usage::Out => naming::importer_field_name(name),
            };
            let rust = unique(&fixed, &rust_names);
            rust_names.insert(rust.clone());
            let flag = |key: &str| member.get(key).is_some_and(truthy);
            let (required, nullable) = match usage {
                Usage::In => (flag("required"), false),
                // Older files mark presence in responses with `required`.
                Usage::Out => (
                    name == "RequestId"
                        || match member.get("output_required") {
                            Some(value) => truthy(value),
                            None => flag("required"),
                        },
                    flag("value_allowed_null"),
                ),
                Usage::Both => (flag("required"), flag("value_allowed_null")),
            };
            members.push(Member {
                name: name.to_owned(),
                rust_name: (rust != naming::field_name(name)).then_some(rust),
                example: example(member.get("example"), &ty)
                    .filter(|e| !self.prose.rejects_value(name, e)),
                ty,
                required,
                nullable,
                sensitive: sensitive(name),
                docs: String::new(),
                deprecated: Deprecation::Flag(flag("disabled")),
                location: None,
                style: None,
                idempotency_token: false,
                root: false,
                min: None,
                max: None,
                max_length: None,
                max_items: None,
                hand_maintained: false,
            });
        }
        ok.then_some(members)
    }

    /// Our type expression for a metadata member's `type` and `member`.
    fn member_type(
        &mut self,
        member: &Map<String, Value>,
        models: &BTreeSet<&str>,
        path: &str,
    ) -> Option<String> {
        let ty = self.string(member, "type", path)?;
        let item = self.string(member, "member", path)?;
        let item_path = child(path, "member");
        let resolved = match primitive(item) {
            Some(p) => p.to_owned(),
            None if models.contains(item) => item.to_owned(),
            None => {
                self.error(
                    &item_path,
                    format!("`{item}` is neither a primitive type nor a model object"),
                );
                return None;
            }
        };
        match ty {
            "list" => Some(format!("list<{resolved}>")),
            "object" if primitive(item).is_some() => {
                self.error(
                    &child(path, "type"),
                    format!("type `object` with the primitive member type `{item}`"),
                );
                None
            }
            "object" | "string" | "int" | "float" | "bool" | "binary" => Some(resolved),
            other => {
                self.error(
                    &child(path, "type"),
                    format!("unknown member type `{other}`"),
                );
                None
            }
        }
    }
}

/// Our primitive for a metadata primitive (`BASE_TYPE` of tccli).
fn primitive(member: &str) -> Option<&'static str> {
    Some(match member {
        "string" | "binary" => "string",
        "int64" => "i64",
        "uint64" => "u64",
        "float" => "f64",
        "bool" => "bool",
        "date" => "date",
        "datetime" | "datetime_iso" => "datetime",
        _ => return None,
    })
}

/// The types that the actions' members use, directly or through other
/// types, in their order. Objects that only offline actions use (the
/// metadata keeps them) would otherwise become dead types, which a merge
/// into the spec then reports as removed.
fn reachable_types(actions: &[Action], types: Vec<TypeDef>) -> Vec<TypeDef> {
    let index: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut reached = BTreeSet::new();
    let mut pending: Vec<&str> = actions
        .iter()
        .flat_map(|a| a.input.iter().chain(&a.output))
        .map(|m| named_type(&m.ty))
        .collect();
    while let Some(name) = pending.pop() {
        if let Some(ty) = index.get(name) {
            if reached.insert(name.to_owned()) {
                pending.extend(ty.members.iter().map(|m| named_type(&m.ty)));
            }
        }
    }
    drop(index);
    types
        .into_iter()
        .filter(|t| reached.contains(&t.name))
        .collect()
}

/// The innermost name of a type expression: `Foo` of `list<map<Foo>>`.
fn named_type(ty: &str) -> &str {
    let mut ty = ty;
    while let Some(inner) = ty
        .strip_prefix("list<")
        .or_else(|| ty.strip_prefix("map<"))
        .and_then(|t| t.strip_suffix('>'))
    {
        ty = inner;
    }
    ty
}

/// The example of a member, converted to its scalar type when it parses.
pub(super) fn example(value: Option<&Value>, ty: &str) -> Option<Value> {
    let text = match value? {
        Value::String(s) => s.trim(),
        Value::Null => return None,
        other => return Some(other.clone()).filter(|v| in_range(v, ty)),
    };
    if text.is_empty() || text == NO_EXAMPLE || text.chars().any(is_cjk) {
        return None;
    }
    let converted = match ty {
        "i8" | "i16" | "i32" | "i64" => text.parse::<i64>().ok().map(Value::from),
        "u8" | "u16" | "u32" | "u64" => text.parse::<u64>().ok().map(Value::from),
        "f32" | "f64" => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
        "bool" => text
            .to_ascii_lowercase()
            .parse::<bool>()
            .ok()
            .map(Value::Bool),
        _ => return Some(Value::String(text.to_owned())),
    };
    // A number or bool example that does not convert (`1111****`, a date,
    // `3517972480` for an i32) would not fit the member's type, which
    // `check` refuses.
    converted.filter(|v| in_range(v, ty))
}

/// Whether an integer example fits the integer type `ty` (anything else
/// passes here).
fn in_range(value: &Value, ty: &str) -> bool {
    let (min, max): (i128, i128) = match ty {
        "i8" => (i8::MIN.into(), i8::MAX.into()),
        "i16" => (i16::MIN.into(), i16::MAX.into()),
        "i32" => (i32::MIN.into(), i32::MAX.into()),
        "i64" => (i64::MIN.into(), i64::MAX.into()),
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" => (0, u64::MAX.into()),
        _ => return true,
    };
    let n = match value {
        Value::Number(n) => n.as_i64().map(i128::from).or(n.as_u64().map(i128::from)),
        _ => None,
    };
    n.is_some_and(|n| (min..=max).contains(&n))
}

/// Chinese, Japanese or Korean text, or full-width punctuation: an example
/// holding it is the vendor's prose (messages, descriptions), not a fact.
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}' | '\u{ff00}'..='\u{ffef}')
}

/// The explicit `sensitive` flag for a member name, `None` when the name does
/// not look secret (the rule is [`naming::is_secret`]).
pub(super) fn sensitive(name: &str) -> Option<bool> {
    naming::is_secret(name)
}

/// Metadata flags are `true`/`false`, sometimes `1`/`0`.
pub(super) fn truthy(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
        Value::String(s) => s == "true" || s == "1",
        _ => false,
    }
}

/// JSON path of `key` under `path`: `.key`, or `["key"]` when the key is not
/// a plain name.
pub(super) fn child(path: &str, key: &str) -> String {
    if !key.is_empty() && key.chars().all(|c| c == '_' || c.is_ascii_alphanumeric()) {
        format!("{path}.{key}")
    } else {
        format!("{path}[{}]", Value::String(key.to_owned()))
    }
}

pub(super) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets() {
        assert_eq!(sensitive("Password"), Some(true));
        assert_eq!(sensitive("TmpSecretKey"), Some(true));
        assert_eq!(sensitive("TmpToken"), Some(true));
        assert_eq!(sensitive("SessionToken"), Some(true));
        assert_eq!(sensitive("NextToken"), Some(false));
        assert_eq!(sensitive("ClientToken"), Some(false));
        assert_eq!(sensitive("AccessKeyId"), Some(false));
        assert_eq!(sensitive("AccessKey"), Some(true));
        assert_eq!(sensitive("JobId"), None);
    }

    #[test]
    fn examples() {
        let s = |t: &str| Some(Value::String(t.to_owned()));
        assert_eq!(example(s("无").as_ref(), "string"), None);
        assert_eq!(example(s("实例名称").as_ref(), "string"), None);
        assert_eq!(example(s("").as_ref(), "u64"), None);
        assert_eq!(example(s("3306").as_ref(), "u64"), Some(3306.into()));
        assert_eq!(example(s("-1").as_ref(), "i32"), Some((-1).into()));
        assert_eq!(example(s("3306").as_ref(), "string"), s("3306"));
        assert_eq!(example(s("true").as_ref(), "bool"), Some(true.into()));
        assert_eq!(example(s("many").as_ref(), "i64"), None);
        assert_eq!(example(s("True").as_ref(), "bool"), Some(true.into()));
    }

    #[test]
    fn names() {
        assert_eq!(child("$.objects", "A.B"), "$.objects[\"A.B\"]");
        assert!(truthy(&Value::from(1)));
        assert!(!truthy(&Value::from(0)));
    }
}
