//! Importer for the metadata of Alibaba Cloud ROA ("RESTful") products
//! (`info.style: "ROA"`: CS / ACK, SAE, EDAS, ...).
//!
//! The file has the RPC shape (see [`super::alibaba`]) plus, per API, a
//! `path` template, and `components.schemas` that `$ref`s point into. What
//! is imported (facts only, as for RPC: no docs, no error messages):
//!
//! - `"protocol": "roa"`, signing `acs3` then `roa-v1`, the same
//!   endpoints as RPC;
//! - per API its `path` and the first of its `methods`;
//! - parameters by `in`: `path` (always required: the template needs it),
//!   `header`, `query` (default), `formData` (form body) and `body`: the
//!   whole JSON body, a `payload` member of the body's own type. Lists and
//!   objects in the query or form take the metadata's `style` (`json`,
//!   `flat`, `repeatList`), `json` when it gives none (as the vendor's
//!   SDKs write them);
//! - the `200` schema: an object's properties become output members, all
//!   optional (ROA bodies drift and are decoded leniently); a list or a
//!   scalar becomes one required `root` member named `body`;
//! - `$ref: "#/components/schemas/<Name>"` resolved (a cycle is an error
//!   naming the schema); objects become types named after their holder, one
//!   type per distinct structure;
//! - `errorCodes` with their HTTP status, first status per code.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde_json::{Map, Value};

use super::prose::Prose;
use super::tencent::{child, example, sensitive, truthy};
use super::walk::{walks, Walker};
use crate::diagnostics::Diagnostics;
use crate::naming::{self, unique};
use crate::spec::file::{
    Action, Deprecation, Endpoints, ErrorCode, HttpMethod, Location, Member, Protocol, Provider,
    Signing, SpecFile, Style, TypeDef,
};

/// Whether the parsed metadata describes an ROA product.
pub(super) fn is_roa(root: &Value) -> bool {
    root.pointer("/info/style")
        .and_then(Value::as_str)
        .is_some_and(|style| style.eq_ignore_ascii_case("roa"))
}

/// Imports ROA metadata already parsed from `path`.
pub(super) fn import_roa(path: &Path, root: &Value) -> Result<SpecFile, Diagnostics> {
    let empty = Map::new();
    let schemas = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut importer = Importer {
        walk: Walker::new(path),
        prose: Prose::collect(root, Prose::ALIBABA_KEYS),
        schemas,
        resolving: Vec::new(),
        types: Vec::new(),
        type_names: HashSet::new(),
    };
    let spec = importer.root(root);
    importer.walk.finish(spec)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Request,
    Response,
}

struct Importer<'a> {
    walk: Walker<'a>,
    prose: Prose,
    /// `components.schemas`, the targets of `$ref`.
    schemas: &'a Map<String, Value>,
    /// The `$ref`s being expanded, innermost last (cycle guard).
    resolving: Vec<String>,
    types: Vec<TypeDef>,
    type_names: HashSet<String>,
}

walks!(Importer);

impl<'a> Importer<'a> {
    fn root(&mut self, root: &Value) -> Option<SpecFile> {
        let root = self.object(root, "$")?;
        let info = self.object_at(root, "info", "$")?;
        let product = self.string(info, "product", "$.info");
        let version = self.string(info, "version", "$.info");
        let apis = self.object_at(root, "apis", "$");
        let (product, version, apis) = (product?, version?, apis?);
        let host = product.to_lowercase();
        let regional = format!("{host}.{{region}}.aliyuncs.com");
        let regions = self.regions(root, &regional);

        let mut names: Vec<&String> = apis.keys().collect();
        names.sort();
        let mut actions = Vec::new();
        let mut modules = HashSet::new();
        for name in names {
            let path = child("$.apis", name);
            let Some(api) = self.object(&apis[name], &path) else {
                continue;
            };
            if let Some(action) = self.action(name, api, &path, &mut modules) {
                actions.push(action);
            }
        }
        let mut types = std::mem::take(&mut self.types);
        types.sort_by(|a, b| a.name.cmp(&b.name));
        Some(SpecFile {
            schema: Some("../spec.schema.json".to_owned()),
            format: 1,
            provider: Provider::Alibaba,
            protocol: Some(Protocol::Roa),
            service: product.to_owned(),
            version: version.to_owned(),
            title: String::new(),
            docs: String::new(),
            signing: vec![Signing::Acs3, Signing::RoaV1],
            endpoints: Endpoints {
                default: format!("{host}.aliyuncs.com"),
                regional: Some(regional),
                international: None,
                finance: BTreeMap::new(),
                regions,
            },
            actions,
            types,
            enums: Vec::new(),
            waiters: Vec::new(),
        })
    }

    /// Hosts of the regions that do not follow the regional pattern.
    fn regions(&mut self, root: &Map<String, Value>, regional: &str) -> BTreeMap<String, String> {
        let mut regions = BTreeMap::new();
        let Some(list) = root.get("endpoints").and_then(Value::as_array) else {
            return regions;
        };
        for (i, entry) in list.iter().enumerate() {
            let path = format!("$.endpoints[{i}]");
            let Some(entry) = self.object(entry, &path) else {
                continue;
            };
            let region = self.string(entry, "regionId", &path);
            let host = self.string(entry, "endpoint", &path);
            if let (Some(region), Some(host)) = (region, host) {
                if host != regional.replace("{region}", region) {
                    regions.insert(region.to_owned(), host.to_owned());
                }
            }
        }
        regions
    }

    fn action(
        &mut self,
        name: &str,
        api: &Map<String, Value>,
        path: &str,
        modules: &mut HashSet<String>,
    ) -> Option<Action> {
        let template = self.string(api, "path", path).map(str::to_owned);
        let method = self.method(api, path);
        let input = self.parameters(name, api, path);
        let output = self.response(name, api, path);
        let errors = self.errors(api, path);
        let module = unique(&naming::importer_action_module(name), modules);
        modules.insert(module.clone());
        Some(Action {
            name: name.to_owned(),
            rust_name: (module != naming::action_module(name)).then_some(module),
            docs: String::new(),
            deprecated: Deprecation::Flag(api.get("deprecated").is_some_and(truthy)),
            rate_limit: None,
            method: Some(method?),
            path: Some(template?),
            input: input?,
            output: output?,
            errors: errors?,
            hand_maintained: false,
            paginator: None,
        })
    }

    /// The first of `methods`: the one the vendor's SDKs send.
    fn method(&mut self, api: &Map<String, Value>, path: &str) -> Option<HttpMethod> {
        let methods_path = child(path, "methods");
        let list = self.key(api, "methods", path)?;
        let first = self
            .array(list, &methods_path)?
            .first()
            .and_then(Value::as_str);
        Some(match first.map(str::to_ascii_lowercase).as_deref() {
            Some("get") => HttpMethod::Get,
            Some("post") => HttpMethod::Post,
            Some("put") => HttpMethod::Put,
            Some("delete") => HttpMethod::Delete,
            Some("patch") => HttpMethod::Patch,
            _ => {
                self.error(
                    &methods_path,
                    "expected a list starting with an HTTP method",
                );
                return None;
            }
        })
    }

    fn parameters(
        &mut self,
        action: &str,
        api: &Map<String, Value>,
        path: &str,
    ) -> Option<Vec<Member>> {
        let list_path = child(path, "parameters");
        let list = match api.get("parameters") {
            None | Some(Value::Null) => return Some(Vec::new()),
            Some(list) => self.array(list, &list_path)?,
        };
        let mut members: Vec<Member> = Vec::new();
        let mut rust_names = HashSet::new();
        let mut ok = true;
        for (i, parameter) in list.iter().enumerate() {
            let path = format!("{list_path}[{i}]");
            let Some(mut member) = self.parameter(action, parameter, &path) else {
                ok = false;
                continue;
            };
            if members.iter().any(|m| m.name == member.name) {
                self.error(
                    &child(&path, "name"),
                    format!("parameter `{}` is declared twice", member.name),
                );
                ok = false;
                continue;
            }
            member.rust_name = rust_name(&member.name, &mut rust_names);
            members.push(member);
        }
        ok.then_some(members)
    }

    fn parameter(&mut self, action: &str, parameter: &Value, path: &str) -> Option<Member> {
        let parameter = self.object(parameter, path)?;
        let name = self.string(parameter, "name", path)?;
        let location = match self.optional_string(parameter, "in", path)? {
            None | Some("query") => Location::Query,
            Some("path") => Location::Path,
            Some("header") => Location::Header,
            Some("formData") => Location::Body,
            Some("body") => Location::Payload,
            Some(other) => {
                self.error(
                    &child(path, "in"),
                    format!("parameters in `{other}` are not supported"),
                );
                return None;
            }
        };
        let schema_path = child(path, "schema");
        let schema = self.object_at(parameter, "schema", path)?;
        let ty = self.schema_type(schema, &schema_path, name, action, Role::Request)?;
        let mut member = self.member(name, &ty, schema, &schema_path, Role::Request);
        member.location = (location != Location::Query).then_some(location);
        if location == Location::Path {
            member.required = true;
        }
        let structured = !is_scalar(&ty);
        member.style = match (location, structured) {
            (Location::Query | Location::Body, true) => {
                Some(match parameter.get("style").and_then(Value::as_str) {
                    Some("repeatList") if ty.starts_with("list<") => Style::RepeatList,
                    Some("flat") if !ty.starts_with("list<") => Style::Flat,
                    _ => Style::Json,
                })
            }
            _ => None,
        };
        Some(member)
    }

    /// A member of type `ty` with the facts of its `schema`.
    fn member(
        &mut self,
        name: &str,
        ty: &str,
        schema: &Map<String, Value>,
        path: &str,
        role: Role,
    ) -> Member {
        let request = role == Role::Request;
        let example = if is_scalar(ty) {
            example(schema.get("example"), ty).filter(|v| !self.prose.rejects_value(name, v))
        } else {
            None
        };
        Member {
            hand_maintained: false,
            name: name.to_owned(),
            rust_name: None,
            ty: ty.to_owned(),
            required: request && schema.get("required").is_some_and(truthy),
            nullable: false,
            sensitive: sensitive(name),
            docs: String::new(),
            example,
            deprecated: Deprecation::Flag(schema.get("deprecated").is_some_and(truthy)),
            location: None,
            style: None,
            idempotency_token: false,
            root: false,
            // Limits describe requests; responses are decoded leniently.
            min: self.number(schema, "minimum", path).filter(|_| request),
            max: self.number(schema, "maximum", path).filter(|_| request),
            max_length: self.count(schema, "maxLength", path).filter(|_| request),
            max_items: self.count(schema, "maxItems", path).filter(|_| request),
        }
    }

    fn count(&mut self, map: &Map<String, Value>, key: &str, path: &str) -> Option<u32> {
        let n = self.number(map, key, path)?;
        if n < 0.0 || n.fract() != 0.0 || n > f64::from(u32::MAX) {
            self.error(&child(path, key), format!("\"{key}\" is not a count: {n}"));
            return None;
        }
        Some(n as u32)
    }

    /// Our type expression for `schema`, held by the member `holder` of
    /// `parent`; objects with properties become types.
    fn schema_type(
        &mut self,
        schema: &Map<String, Value>,
        path: &str,
        holder: &str,
        parent: &str,
        role: Role,
    ) -> Option<String> {
        if let Some(reference) = schema.get("$ref") {
            return self.reference(reference, path, holder, parent, role);
        }
        let ty = match schema.get("type") {
            Some(Value::String(ty)) => ty.as_str(),
            // An untyped schema holds whatever the service sends.
            None | Some(Value::Null) => return Some("json".to_owned()),
            Some(_) => {
                self.error(&child(path, "type"), "expected a string");
                return None;
            }
        };
        let format = schema.get("format").and_then(Value::as_str);
        Some(match ty {
            "string" => "string".to_owned(),
            "integer" if format == Some("int32") => "i32".to_owned(),
            "integer" => "i64".to_owned(),
            "number" => "f64".to_owned(),
            "boolean" => "bool".to_owned(),
            "any" => "json".to_owned(),
            "array" => match schema.get("items") {
                Some(Value::Object(items)) => {
                    let item =
                        self.schema_type(items, &child(path, "items"), holder, parent, role)?;
                    format!("list<{item}>")
                }
                _ => "list<json>".to_owned(),
            },
            "object" => match (schema.get("properties"), schema.get("additionalProperties")) {
                (Some(Value::Object(properties)), _) if !properties.is_empty() => {
                    self.define(properties, &child(path, "properties"), holder, parent, role)?
                }
                (_, Some(Value::Object(values))) => {
                    let values_path = child(path, "additionalProperties");
                    let value_holder = format!("{holder}Value");
                    let value =
                        self.schema_type(values, &values_path, &value_holder, parent, role)?;
                    format!("map<{value}>")
                }
                _ => "json".to_owned(),
            },
            other => {
                self.error(
                    &child(path, "type"),
                    format!("unknown schema type `{other}`"),
                );
                return None;
            }
        })
    }

    /// Resolves `#/components/schemas/<Name>`; the type is named after the
    /// holder, as inline objects are, so equal structures stay one type.
    fn reference(
        &mut self,
        reference: &Value,
        path: &str,
        holder: &str,
        parent: &str,
        role: Role,
    ) -> Option<String> {
        let ref_path = child(path, "$ref");
        let target = self.as_string(reference, &ref_path)?;
        let Some(name) = target.strip_prefix("#/components/schemas/") else {
            self.error(
                &ref_path,
                format!("`{target}` is not in `#/components/schemas/`"),
            );
            return None;
        };
        let schemas: &'a Map<String, Value> = self.schemas;
        let Some(Value::Object(schema)) = schemas.get(name) else {
            self.error(&ref_path, format!("`{target}` names no schema"));
            return None;
        };
        if self.resolving.iter().any(|n| n == name) {
            self.error(&ref_path, format!("schema `{name}` contains itself"));
            return None;
        }
        self.resolving.push(name.to_owned());
        let schema_path = child("$.components.schemas", name);
        let ty = self.schema_type(schema, &schema_path, holder, parent, role);
        self.resolving.pop();
        ty
    }

    /// Declares a type for an object's `properties` and returns its name
    /// (that of an equal type declared before, if any).
    fn define(
        &mut self,
        properties: &Map<String, Value>,
        path: &str,
        holder: &str,
        parent: &str,
        role: Role,
    ) -> Option<String> {
        let preferred = naming::nested_type_names(holder, parent)
            .next()
            .unwrap_or_default();
        let members = self.properties(properties, path, &preferred, role)?;
        let shape = structure(&members);
        if let Some(equal) = self.types.iter().find(|t| structure(&t.members) == shape) {
            return Some(equal.name.clone());
        }
        let name = naming::nested_type_names(holder, parent)
            .find(|name| !self.type_names.contains(name))
            .unwrap_or_default();
        self.type_names.insert(name.clone());
        self.types.push(TypeDef {
            hand_maintained: false,
            name: name.clone(),
            rust_name: None,
            docs: String::new(),
            deprecated: Deprecation::default(),
            members,
        });
        Some(name)
    }

    fn properties(
        &mut self,
        properties: &Map<String, Value>,
        path: &str,
        parent: &str,
        role: Role,
    ) -> Option<Vec<Member>> {
        let mut members = Vec::new();
        let mut rust_names = HashSet::new();
        let mut ok = true;
        for (name, schema) in properties {
            let path = child(path, name);
            let Some(schema) = self.object(schema, &path) else {
                ok = false;
                continue;
            };
            let Some(ty) = self.schema_type(schema, &path, name, parent, role) else {
                ok = false;
                continue;
            };
            let mut member = self.member(name, &ty, schema, &path, role);
            member.rust_name = rust_name(name, &mut rust_names);
            members.push(member);
        }
        ok.then_some(members)
    }

    /// Output members: an object's properties, or one `root` member.
    fn response(
        &mut self,
        action: &str,
        api: &Map<String, Value>,
        path: &str,
    ) -> Option<Vec<Member>> {
        let schema_path = format!("{}.200.schema", child(path, "responses"));
        let Some(schema) = api.pointer_get(&["responses", "200", "schema"]) else {
            return Some(Vec::new());
        };
        let schema = self.object(schema, &schema_path)?;
        let schema = match schema.get("$ref") {
            Some(_) => {
                // A named body: read it through its reference.
                let ty = self.schema_type(schema, &schema_path, "body", action, Role::Response)?;
                return Some(vec![root_member(&ty)]);
            }
            None => schema,
        };
        match schema.get("properties") {
            Some(Value::Object(properties)) => self.properties(
                properties,
                &child(&schema_path, "properties"),
                &naming::type_name(action),
                Role::Response,
            ),
            _ if schema.get("type").is_none() => Some(Vec::new()),
            _ => {
                let ty = self.schema_type(schema, &schema_path, "body", action, Role::Response)?;
                Some(
                    if ty == "json" && schema.get("type").and_then(Value::as_str) == Some("object")
                    {
                        // An object without properties: nothing to declare.
                        Vec::new()
                    } else {
                        vec![root_member(&ty)]
                    },
                )
            }
        }
    }

    fn errors(&mut self, api: &Map<String, Value>, path: &str) -> Option<Vec<ErrorCode>> {
        let codes_path = child(path, "errorCodes");
        let by_status = match api.get("errorCodes") {
            None | Some(Value::Null) => return Some(Vec::new()),
            Some(codes) => self.object(codes, &codes_path)?,
        };
        let mut errors: Vec<ErrorCode> = Vec::new();
        for (status, list) in by_status {
            let status_path = child(&codes_path, status);
            let http_status = status.parse::<u16>().ok();
            let Some(list) = self.array(list, &status_path) else {
                continue;
            };
            for (i, entry) in list.iter().enumerate() {
                let entry_path = format!("{status_path}[{i}]");
                let Some(code) = self
                    .object(entry, &entry_path)
                    .and_then(|e| self.string(e, "errorCode", &entry_path))
                else {
                    continue;
                };
                if errors.iter().all(|e| e.code != code) {
                    errors.push(ErrorCode {
                        code: code.to_owned(),
                        docs: String::new(),
                        http_status,
                    });
                }
            }
        }
        Some(errors)
    }
}

/// `map.pointer`-like access by keys.
trait PointerGet {
    fn pointer_get(&self, keys: &[&str]) -> Option<&Value>;
}

impl PointerGet for Map<String, Value> {
    fn pointer_get(&self, keys: &[&str]) -> Option<&Value> {
        let (first, rest) = keys.split_first()?;
        rest.iter()
            .try_fold(self.get(*first)?, |value, key| value.get(key))
            .filter(|value| !value.is_null())
    }
}

/// The one output member of a body that is a list or a scalar.
fn root_member(ty: &str) -> Member {
    Member {
        hand_maintained: false,
        name: "body".to_owned(),
        rust_name: None,
        ty: ty.to_owned(),
        required: true,
        nullable: false,
        sensitive: None,
        docs: String::new(),
        example: None,
        deprecated: Deprecation::default(),
        location: None,
        style: None,
        idempotency_token: false,
        root: true,
        min: None,
        max: None,
        max_length: None,
        max_items: None,
    }
}

/// What makes two synthesised types the same: members without examples.
fn structure(members: &[Member]) -> Vec<Member> {
    members
        .iter()
        .map(|m| Member {
            example: None,
            ..m.clone()
        })
        .collect()
}

/// The `rust_name` override of a member, if its snake case needs a fix.
fn rust_name(wire: &str, taken: &mut HashSet<String>) -> Option<String> {
    let rust = unique(&naming::importer_field_name(wire), taken);
    taken.insert(rust.clone());
    (rust != naming::field_name(wire)).then_some(rust)
}

fn is_scalar(ty: &str) -> bool {
    matches!(ty, "string" | "i32" | "i64" | "f64" | "bool")
}
