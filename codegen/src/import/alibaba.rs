//! Importer for Alibaba Cloud's OpenAPI metadata (`api-docs.json`).
//!
//! The file's shape (see the project's Alibaba reference, §3.2) is:
//!
//! ```text
//! { "version": "1.0",
//!   "info":      { "style": "RPC", "product": "Dts", "version": "2020-01-01" },
//!   "apis":      { "<Action>": { "methods", "deprecated"?, "parameters",
//!                                "responses": { "200": { "schema" } },
//!                                "errorCodes"?: { "<status>": [ ... ] } } },
//!   "endpoints": [ { "regionId", "endpoint" } ] }
//! ```
//!
//! Like the Tencent importer, the walk is over [`serde_json::Value`] so that
//! every problem is reported with a JSON path into the metadata
//! (`$.apis.ModifyDtsJob.parameters[4].schema`) and all problems of a file
//! come back together; bad input never panics.
//!
//! What is imported (facts only, never the vendor's prose, so `docs` and
//! `title` stay empty and error messages are dropped):
//!
//! - service `info.product`, version `info.version`, signing `acs3` then
//!   `rpc-v2`, endpoints `<product>.aliyuncs.com` and
//!   `<product>.{region}.aliyuncs.com` (product in lower case), plus every
//!   `endpoints` entry whose host differs from the regional pattern;
//! - actions sorted by name, `GET` when `methods` allows only `get` and no
//!   parameter travels in the form body (otherwise `POST`, the default, left
//!   out), `deprecated` as a flag;
//! - input members from `parameters`: `in: query` is the default location,
//!   `formData`/`body` become `body`; styles `repeatList`, `flat` and `json`
//!   map to `repeat-list`, `flat` and `json`; a `json`-style member is of
//!   type `json` whatever its schema says. A list or object without a style
//!   gets `repeat-list` or `flat` (`json` for free-form objects). `required`,
//!   `minimum`/`maximum`, `maxLength` and `maxItems` are kept; `ClientToken`
//!   is the idempotency token; `enum` values are not imported;
//! - `example`s, unless they are the vendor's prose (Chinese text, a
//!   description, summary, title or error message of the file, a sentence,
//!   a message: see `prose.rs`);
//! - output members from `responses."200".schema`'s properties; only
//!   `RequestId` is required (the metadata's response types drift, and the
//!   runtime decodes leniently); the business-status members (`Success`,
//!   `HttpStatusCode`, `ErrMessage`, ...) get one type in every action;
//! - objects with properties become `types` named after the member that
//!   holds them (`DtsJobList`; list items after the list member), at most 40
//!   characters, one type per distinct structure, qualified by the holder or
//!   numbered when the name is taken (`naming::nested_type_names`);
//!   `additionalProperties` become `map<..>`; objects without either, and
//!   `any`, become `json`;
//! - `errorCodes` become `errors` with their HTTP status, deduplicated by
//!   code (first status wins), except the gateway's common codes
//!   (`naming::ALIBABA_COMMON_CODES`), which every action carries anyway.
//!
//! Names are fixed the way the Tencent importer fixes them: keywords become
//! `r#kw`, collisions get a numeric suffix, type names shadowing std get
//! `Info`, action module names that are keywords or reserved get `_action`;
//! secret-looking members get an explicit `sensitive` flag.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde_json::{Map, Value};

use super::prose::Prose;
use super::tencent::{child, example, is_cjk, kind, sensitive, truthy};
use super::vendor_docs::VendorDocs;
use super::walk::{self, walks, Walker};
use crate::diagnostics::Diagnostics;
use crate::naming::{self, unique};
use crate::spec::file::{
    Action, Deprecation, Endpoints, ErrorCode, HttpMethod, Location, Member, Provider, Signing,
    SpecFile, Style, TypeDef,
};

/// The parameter the client fills with a fresh token (idempotency).
const CLIENT_TOKEN: &str = "ClientToken";

/// DTS's business-status members and the one type each gets in every
/// response: the metadata's types for them drift between actions (the
/// project's Alibaba reference, §8: `Success` is a string in 68 actions and
/// a boolean in 51, one action types `ErrMessage` as a boolean). The runtime
/// decodes `"true"` and `"200"` leniently, so one type serves both forms.
const STATUS_MEMBERS: &[(&str, &str)] = &[
    ("Success", "bool"),
    ("HttpStatusCode", "i32"),
    ("Code", "string"),
    ("ErrCode", "string"),
    ("ErrMessage", "string"),
    ("DynamicCode", "string"),
    ("DynamicMessage", "string"),
];

/// The result of an import: the spec and the vendor's descriptions.
#[derive(Debug, Clone, PartialEq)]
pub struct AlibabaImport {
    /// The imported spec, ready to serialise.
    pub spec: SpecFile,
    /// The vendor's descriptions, in the metadata's language (English in
    /// the `language=EN_US` metadata), for the re-import report and
    /// `--vendor-docs`.
    pub vendor_docs: VendorDocs,
}

/// Imports an Alibaba `api-docs.json`; `path` names the file in problems.
pub fn import_alibaba(path: &Path, text: &str) -> Result<SpecFile, Diagnostics> {
    import_alibaba_report(path, text).map(|import| import.spec)
}

/// Like [`import_alibaba`], also returning the vendor's descriptions.
pub fn import_alibaba_report(path: &Path, text: &str) -> Result<AlibabaImport, Diagnostics> {
    let root = walk::parse(path, text)?;
    if super::alibaba_roa::is_roa(&root) {
        // The ROA importer records no vendor descriptions yet, so a ROA
        // re-import reports no documentation changes.
        return super::alibaba_roa::import_roa(path, &root).map(|spec| AlibabaImport {
            spec,
            vendor_docs: VendorDocs::default(),
        });
    }
    let mut importer = Importer {
        walk: Walker::new(path),
        prose: Prose::collect(&root, Prose::ALIBABA_KEYS),
        types: Vec::new(),
        type_names: HashSet::new(),
        vendor_docs: VendorDocs::default(),
        schemas: root
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        resolving: Vec::new(),
    };
    let spec = importer.root(&root);
    let vendor_docs = std::mem::take(&mut importer.vendor_docs);
    importer
        .walk
        .finish(spec)
        .map(|spec| AlibabaImport { spec, vendor_docs })
}

/// Whether members are read as request or response members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Request,
    Response,
}

struct Importer<'a> {
    walk: Walker<'a>,
    /// The metadata's prose, kept out of examples.
    prose: Prose,
    /// Generated types, in the order they were found.
    types: Vec<TypeDef>,
    /// Names of the generated types so far.
    type_names: HashSet<String>,
    /// The vendor's descriptions, by spec path.
    vendor_docs: VendorDocs,
    /// `components.schemas`, what `$ref`s point to.
    schemas: Map<String, Value>,
    /// The `$ref` names being resolved, outermost first (to refuse cycles).
    resolving: Vec<String>,
}

walks!(Importer);

impl Importer<'_> {
    /// An optional count (`maxLength`, `maxItems`).
    fn count(&mut self, map: &Map<String, Value>, key: &str, path: &str) -> Option<u32> {
        let n = self.number(map, key, path)?;
        if n > f64::from(u32::MAX) && n.fract() == 0.0 {
            // `9223372036854775807` (i64::MAX) and the like: no limit.
            return None;
        }
        if n < 0.0 || n.fract() != 0.0 {
            self.error(&child(path, key), format!("\"{key}\" is not a count: {n}"));
            return None;
        }
        Some(n as u32)
    }

    fn root(&mut self, root: &Value) -> Option<SpecFile> {
        let root = self.object(root, "$")?;
        let info = self.object_at(root, "info", "$");
        if let Some(style) = info
            .and_then(|info| info.get("style"))
            .and_then(Value::as_str)
        {
            if style != "RPC" {
                self.error(
                    "$.info.style",
                    format!(
                        "info.style: {style}: {style} products are not supported yet \
                         (only RPC and ROA; this would otherwise import as RPC and call the wrong protocol)"
                    ),
                );
                return None;
            }
        }
        let (product, version) = match info {
            Some(info) => (
                self.string(info, "product", "$.info"),
                self.string(info, "version", "$.info"),
            ),
            None => (None, None),
        };
        let apis = self.object_at(root, "apis", "$");
        let (product, version, apis) = (product?, version?, apis?);
        if !is_date(version) {
            self.error(
                "$.info.version",
                format!(
                    "version `{version}` is not a calendar date (YYYY-MM-DD), which spec \
                     versions must be"
                ),
            );
            return None;
        }

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
            protocol: None,
            service: product.to_owned(),
            version: version.to_owned(),
            title: String::new(),
            docs: String::new(),
            signing: vec![Signing::Acs3, Signing::RpcV2],
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
        let list = match root.get("endpoints") {
            None | Some(Value::Null) => return regions,
            Some(list) => match self.array(list, "$.endpoints") {
                Some(list) => list,
                None => return regions,
            },
        };
        for (i, entry) in list.iter().enumerate() {
            let path = format!("$.endpoints[{i}]");
            let Some(entry) = self.object(entry, &path) else {
                continue;
            };
            let region = self.string(entry, "regionId", &path);
            let host = self.string(entry, "endpoint", &path);
            // Some hosts end in a tab or a space.
            let host = host.map(str::trim);
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
        if !naming::is_identifier(name) || !name.starts_with(|c: char| c.is_ascii_uppercase()) {
            // The name goes on the wire as is, and spec action names are
            // UpperCamelCase identifiers: such an action cannot be written.
            self.error(
                path,
                format!(
                    "action name `{name}` is not an UpperCamelCase identifier, which spec \
                     action names must be"
                ),
            );
            return None;
        }
        self.vendor_docs.insert(
            name.to_owned(),
            description(api, "summary"),
            description(api, "description"),
        );
        let mut method = self.method(api, path);
        let deprecated = api.get("deprecated").is_some_and(truthy);
        let input = self.parameters(name, api, path);
        let output = self.response(name, api, path);
        let errors = self.errors(api, path);
        // A GET request has no body: members the metadata puts in the form
        // body keep the action on POST.
        let has_body = input
            .iter()
            .flatten()
            .any(|m| m.location == Some(Location::Body));
        if has_body {
            method = method.map(|_| None);
        }

        let fixed = naming::importer_action_module(name);
        let module = unique(&fixed, modules);
        modules.insert(module.clone());
        Some(Action {
            name: name.to_owned(),
            rust_name: (module != naming::action_module(name)).then_some(module),
            docs: String::new(),
            deprecated: Deprecation::Flag(deprecated),
            rate_limit: None,
            method: method?,
            path: None,
            input: input?,
            output: output?,
            errors: errors?,
            hand_maintained: false,
            paginator: None,
        })
    }

    /// `Some(Some(GET))` when only `get` is allowed, `Some(None)` for POST.
    fn method(&mut self, api: &Map<String, Value>, path: &str) -> Option<Option<HttpMethod>> {
        let list = match api.get("methods") {
            None | Some(Value::Null) => return Some(None),
            Some(list) => self.array(list, &child(path, "methods"))?,
        };
        let mut methods = Vec::new();
        for (i, method) in list.iter().enumerate() {
            let method_path = format!("{}[{i}]", child(path, "methods"));
            methods.push(self.as_string(method, &method_path)?.to_ascii_lowercase());
        }
        let get_only = !methods.is_empty() && methods.iter().all(|m| m == "get");
        Some(get_only.then_some(HttpMethod::Get))
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
        let mut members = Vec::new();
        let mut wire_names = HashSet::new();
        let mut rust_names = HashSet::new();
        let mut ok = true;
        for (i, parameter) in list.iter().enumerate() {
            let path = format!("{list_path}[{i}]");
            if is_content_type_header(parameter) {
                // The runtime writes the body and so its content type: a
                // caller's `Content-Type` could only contradict it.
                continue;
            }
            match self.parameter(action, parameter, &path) {
                Some(mut member) => {
                    if !wire_names.insert(member.name.clone()) {
                        if !merge_duplicate(&mut members, &member) {
                            self.error(
                                &child(&path, "name"),
                                format!(
                                    "parameter `{}` is declared twice, and the declarations \
                                     differ (in type, location, style or limits): fix the \
                                     metadata so that one remains",
                                    member.name
                                ),
                            );
                            ok = false;
                        }
                        continue;
                    }
                    member.rust_name = setter_name(&member.name, &mut rust_names);
                    members.push(member);
                }
                None => ok = false,
            }
        }
        ok.then_some(members)
    }

    fn parameter(&mut self, action: &str, parameter: &Value, path: &str) -> Option<Member> {
        let parameter = self.object(parameter, path)?;
        let name = self.string(parameter, "name", path);
        let location = match self.optional_string(parameter, "in", path) {
            Some(None | Some("query")) => Some(None),
            Some(Some("formData" | "body")) => Some(Some(Location::Body)),
            Some(Some("header")) => {
                self.error(
                    &child(path, "in"),
                    "header parameters are not supported yet (only `Content-Type`, which the \
                     runtime sets itself, is left out): only query, formData and body",
                );
                None
            }
            Some(Some(other)) => {
                self.error(
                    &child(path, "in"),
                    format!(
                        "parameters in `{other}` are not supported (only query, formData and body)"
                    ),
                );
                None
            }
            None => None,
        };
        let style = match self.optional_string(parameter, "style", path) {
            Some(None) => Some(None),
            Some(Some("repeatList")) => Some(Some(Style::RepeatList)),
            Some(Some("flat")) => Some(Some(Style::Flat)),
            Some(Some("json")) => Some(Some(Style::Json)),
            Some(Some("simple")) => Some(Some(Style::Simple)),
            Some(Some(other)) => {
                self.error(
                    &child(path, "style"),
                    format!(
                        "style `{other}` is not supported (only repeatList, flat, json and simple)"
                    ),
                );
                None
            }
            None => None,
        };
        let schema_path = child(path, "schema");
        let schema = self
            .key(parameter, "schema", path)
            .and_then(|s| self.object(s, &schema_path));
        let (name, location, style, schema) = (name?, location?, style?, schema?);
        self.vendor_docs.insert(
            format!("{action}.input.{name}"),
            description(schema, "description"),
            "",
        );

        let ty = if style == Some(Style::Json) {
            // One parameter holding compact JSON, whatever the schema says.
            "json".to_owned()
        } else {
            let holder = Holder::new(name, action);
            match self.schema_type(schema, &schema_path, &holder, Role::Request)? {
                // A free-form object written `flat` (`Name.Key=v`): a map of
                // JSON values, which the runtime flattens the same way.
                ty if ty == "json" && style == Some(Style::Flat) => "map<json>".to_owned(),
                ty => ty,
            }
        };
        let style = match style {
            // `flat` on a list is written like `repeatList` (`Name.1.Field`:
            // the vendor SDKs flatten both the same way).
            Some(Style::Flat) if ty.starts_with("list<") => Some(Style::RepeatList),
            Some(style) => {
                let fits = match style {
                    Style::RepeatList => ty.starts_with("list<"),
                    Style::Flat => !is_scalar(&ty) && !ty.starts_with("list<"),
                    Style::Json => true,
                    Style::Simple => ty
                        .strip_prefix("list<")
                        .and_then(|item| item.strip_suffix('>'))
                        .is_some_and(is_scalar),
                };
                if !fits {
                    self.error(
                        &child(path, "style"),
                        format!("style does not fit the parameter's type `{ty}`"),
                    );
                    return None;
                }
                Some(style)
            }
            None if ty.starts_with("list<") => Some(Style::RepeatList),
            None if ty == "json" => Some(Style::Json),
            None if !is_scalar(&ty) => Some(Style::Flat),
            None => None,
        };
        let token = name == CLIENT_TOKEN;
        let mut member = self.member(name, &ty, schema, &schema_path, Role::Request);
        member.location = location;
        member.style = style;
        member.idempotency_token = token && ty == "string" && !member.required;
        if token {
            member.sensitive = Some(false);
        }
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
        let required = match role {
            Role::Request => schema.get("required").is_some_and(truthy),
            Role::Response => name == "RequestId",
        };
        let example = match schema.get("example") {
            Some(Value::String(text)) if ty == "json" => serde_json::from_str::<Value>(text)
                .ok()
                .filter(|v| !v.to_string().chars().any(is_cjk)),
            _ if !is_scalar(ty) => None,
            value => example(value, ty),
        }
        .filter(|value| !self.prose.rejects_value(name, value));
        Member {
            name: name.to_owned(),
            rust_name: None,
            ty: ty.to_owned(),
            required,
            nullable: false,
            sensitive: sensitive(name),
            docs: String::new(),
            example,
            deprecated: Deprecation::Flag(schema.get("deprecated").is_some_and(truthy)),
            location: None,
            style: None,
            idempotency_token: false,
            // The metadata puts limits on members they cannot apply to
            // (`minimum` on a string, `maxItems` on a JSON-style member):
            // only the ones that fit the member's type are kept.
            min: self
                .number(schema, "minimum", path)
                .filter(|_| is_number(ty)),
            max: self
                .number(schema, "maximum", path)
                .filter(|_| is_number(ty)),
            max_length: self
                .count(schema, "maxLength", path)
                .filter(|_| ty == "string"),
            max_items: self
                .count(schema, "maxItems", path)
                .filter(|_| ty.starts_with("list<")),
            root: false,
            hand_maintained: false,
        }
    }

    /// Our type expression for `schema`; objects with properties become a
    /// type named after `holder`.
    fn schema_type(
        &mut self,
        schema: &Map<String, Value>,
        path: &str,
        holder: &Holder,
        role: Role,
    ) -> Option<String> {
        if let Some(reference) = schema.get("$ref") {
            return self.reference(reference, path, holder, role);
        }
        // Some schemas leave out `type`: it follows from `properties` or
        // `items` where they are there; otherwise any JSON value is the one
        // type that cannot reject what the service means.
        let ty = match schema.get("type") {
            None | Some(Value::Null) if schema.contains_key("properties") => "object",
            None | Some(Value::Null) if schema.contains_key("items") => "array",
            None | Some(Value::Null) => "any",
            Some(_) => self.string(schema, "type", path)?,
        };
        let format = schema.get("format").and_then(Value::as_str);
        Some(match ty {
            "string" => "string".to_owned(),
            "integer" if format == Some("int32") => "i32".to_owned(),
            "integer" => "i64".to_owned(),
            "number" => "f64".to_owned(),
            "boolean" => "bool".to_owned(),
            "any" => "json".to_owned(),
            // An array without `items`: a list of any JSON values.
            "array" if matches!(schema.get("items"), None | Some(Value::Null)) => {
                "list<json>".to_owned()
            }
            "array" => {
                let items_path = child(path, "items");
                let items = self
                    .key(schema, "items", path)
                    .and_then(|i| self.object(i, &items_path))?;
                format!(
                    "list<{}>",
                    self.schema_type(items, &items_path, holder, role)?
                )
            }
            "object" => match (schema.get("properties"), schema.get("additionalProperties")) {
                (Some(Value::Object(properties)), _) if !properties.is_empty() => {
                    let about = description(schema, "description");
                    self.define(properties, about, &child(path, "properties"), holder, role)?
                }
                (_, Some(Value::Object(values))) => {
                    let values_path = child(path, "additionalProperties");
                    let values_holder = Holder {
                        member: format!("{}Value", holder.member),
                        parent: holder.parent.clone(),
                    };
                    format!(
                        "map<{}>",
                        self.schema_type(values, &values_path, &values_holder, role)?
                    )
                }
                (
                    Some(
                        other @ (Value::Bool(_)
                        | Value::Number(_)
                        | Value::String(_)
                        | Value::Array(_)),
                    ),
                    _,
                ) => {
                    self.error(
                        &child(path, "properties"),
                        format!("expected an object, found {}", kind(other)),
                    );
                    return None;
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

    /// The type of a `$ref` schema: the one in `components.schemas` it names
    /// (`#/components/schemas/<Name>`). A schema that refers to itself,
    /// directly or not, is refused: our types are built from the metadata's
    /// structure, which would then never end.
    fn reference(
        &mut self,
        reference: &Value,
        path: &str,
        holder: &Holder,
        role: Role,
    ) -> Option<String> {
        let ref_path = child(path, "$ref");
        let target = self.as_string(reference, &ref_path)?;
        let Some(name) = target.strip_prefix("#/components/schemas/") else {
            self.error(
                &ref_path,
                format!("`$ref` `{target}` does not point into #/components/schemas/"),
            );
            return None;
        };
        if self.resolving.iter().any(|n| n == name) {
            let chain = self.resolving.join(" -> ");
            self.error(
                &ref_path,
                format!(
                    "`$ref` cycle: {chain} -> {name}; recursive schemas are not supported \
                     (type the member as json by hand)"
                ),
            );
            return None;
        }
        let Some(schema) = self.schemas.get(name).cloned() else {
            self.error(
                &ref_path,
                format!("`$ref` `{target}`: no schema `{name}` in components.schemas"),
            );
            return None;
        };
        let schema_path = child("$.components.schemas", name);
        let schema = self.object(&schema, &schema_path)?.clone();
        self.resolving.push(name.to_owned());
        let ty = self.schema_type(&schema, &schema_path, holder, role);
        self.resolving.pop();
        ty
    }

    /// Declares a type for an object with `properties`, held by `holder`,
    /// and returns its name: the name of an equal type declared before, or
    /// the first free name of [`naming::nested_type_names`].
    fn define(
        &mut self,
        properties: &Map<String, Value>,
        about: &str,
        path: &str,
        holder: &Holder,
        role: Role,
    ) -> Option<String> {
        let preferred = naming::nested_type_names(&holder.member, &holder.parent)
            .next()
            .unwrap_or_default();
        let members = self.properties(properties, path, &preferred, role)?;
        let shape = structure(&members);
        let equal = self
            .types
            .iter()
            .find(|t| structure(&t.members) == shape)
            .map(|t| t.name.clone());
        let type_name = match &equal {
            Some(equal) => equal.clone(),
            None => naming::nested_type_names(&holder.member, &holder.parent)
                .find(|name| !self.type_names.contains(name))
                .unwrap_or_default(),
        };
        // An equal type declared before keeps its descriptions; this one
        // fills only what it lacks.
        self.record_properties(&format!("types.{type_name}"), about, properties);
        if equal.is_some() {
            return Some(type_name);
        }
        self.type_names.insert(type_name.clone());
        self.types.push(TypeDef {
            name: type_name.clone(),
            rust_name: None,
            docs: String::new(),
            deprecated: Deprecation::default(),
            members,
            hand_maintained: false,
        });
        Some(type_name)
    }

    /// Members from a schema's `properties`; nested objects become types
    /// named after their member, within `parent`.
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
            let nested = Holder::new(name, parent);
            let Some(ty) = self.schema_type(schema, &path, &nested, role) else {
                ok = false;
                continue;
            };
            let mut member = self.member(name, &ty, schema, &path, role);
            if role == Role::Response {
                // Limits describe requests; responses are decoded leniently.
                (member.min, member.max, member.max_length, member.max_items) =
                    (None, None, None, None);
            }
            member.rust_name = match role {
                Role::Request => setter_name(name, &mut rust_names),
                Role::Response => rust_name(name, &mut rust_names),
            };
            members.push(member);
        }
        ok.then_some(members)
    }

    fn response(
        &mut self,
        action: &str,
        api: &Map<String, Value>,
        path: &str,
    ) -> Option<Vec<Member>> {
        let responses_path = child(path, "responses");
        let responses = match api.get("responses") {
            None | Some(Value::Null) => return Some(Vec::new()),
            Some(r) => self.object(r, &responses_path)?,
        };
        let ok_path = child(&responses_path, "200");
        let Some(ok) = responses.get("200") else {
            return Some(Vec::new());
        };
        let ok = self.object(ok, &ok_path)?;
        let schema_path = child(&ok_path, "schema");
        let Some(schema) = ok.get("schema") else {
            return Some(Vec::new());
        };
        let schema = self.object(schema, &schema_path)?;
        let properties = match schema.get("properties") {
            None | Some(Value::Null) => return Some(Vec::new()),
            Some(p) => self.object(p, &child(&schema_path, "properties"))?,
        };
        let mut members = self.properties(
            properties,
            &child(&schema_path, "properties"),
            &naming::type_name(action),
            Role::Response,
        )?;
        members.iter_mut().for_each(settle_status_type);
        self.record_properties(&format!("{action}.output"), "", properties);
        Some(members)
    }

    /// Records the descriptions of an object (`about`, under `at`; none for a
    /// response) and of its `properties` (under `at.<property>`).
    fn record_properties(&mut self, at: &str, about: &str, properties: &Map<String, Value>) {
        self.vendor_docs.insert(at.to_owned(), about, "");
        for (name, schema) in properties {
            if let Value::Object(schema) = schema {
                self.vendor_docs.insert(
                    format!("{at}.{name}"),
                    description(schema, "description"),
                    "",
                );
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
        let mut ok = true;
        for (status, list) in by_status {
            let status_path = child(&codes_path, status);
            // A few products file codes under a made-up status (`999999`):
            // the codes are kept, without a status.
            let http_status = match status.parse::<u32>() {
                Ok(code) => u16::try_from(code).ok().filter(|c| (100..=599).contains(c)),
                Err(_) => {
                    self.error(&status_path, format!("`{status}` is not an HTTP status"));
                    ok = false;
                    continue;
                }
            };
            let Some(list) = self.array(list, &status_path) else {
                ok = false;
                continue;
            };
            for (i, entry) in list.iter().enumerate() {
                let entry_path = format!("{status_path}[{i}]");
                let Some(code) = self
                    .object(entry, &entry_path)
                    .and_then(|e| self.string(e, "errorCode", &entry_path))
                else {
                    ok = false;
                    continue;
                };
                let common = crate::naming::ALIBABA_COMMON_CODES.contains(&code);
                if !common && errors.iter().all(|e| e.code != code) {
                    errors.push(ErrorCode {
                        code: code.to_owned(),
                        docs: String::new(),
                        http_status,
                    });
                }
            }
        }
        // Codes that make no variant name, or a reserved one (`Other`),
        // are left out: the enum's catch-all variant takes them at runtime.
        let codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
        let named: Vec<bool> = naming::error_variants(&codes)
            .iter()
            .map(Result::is_ok)
            .collect();
        let mut named = named.into_iter();
        errors.retain(|_| named.next().unwrap_or(false));
        ok.then_some(errors)
    }
}

/// Whether `version` is a calendar date, `YYYY-MM-DD`, as spec versions
/// are (one product's version is `2021-09-31`: it cannot be imported).
fn is_date(version: &str) -> bool {
    let parts: Vec<&str> = version.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return false;
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(year, 4) && digits(month, 2) && digits(day, 2)) {
        return false;
    }
    let number = |s: &str| s.parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(year), number(month), number(day));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Whether a parameter is the HTTP `Content-Type` header (`in: header`).
fn is_content_type_header(parameter: &Value) -> bool {
    parameter.get("in").and_then(Value::as_str) == Some("header")
        && parameter
            .get("name")
            .and_then(Value::as_str)
            .is_some_and(|name| name.eq_ignore_ascii_case("content-type"))
}

/// Folds a second declaration of a parameter into the first one in
/// `members`, when the two agree: the metadata repeats some parameters word
/// for word, or differing only in `required` (then the member is required,
/// since the service may insist on it). Whether they agreed.
fn merge_duplicate(members: &mut [Member], second: &Member) -> bool {
    let Some(first) = members.iter_mut().find(|m| m.name == second.name) else {
        return false;
    };
    let facts = |m: &Member| Member {
        rust_name: None,
        example: None,
        required: false,
        idempotency_token: false,
        ..m.clone()
    };
    if facts(first) != facts(second) {
        return false;
    }
    if second.required {
        first.required = true;
        first.idempotency_token = false;
    }
    true
}

/// Where a nested object sits: the member holding it and the name of the
/// type (or action) that member belongs to.
struct Holder {
    member: String,
    parent: String,
}

impl Holder {
    fn new(member: &str, parent: &str) -> Self {
        Holder {
            member: member.to_owned(),
            parent: parent.to_owned(),
        }
    }
}

/// What makes two synthesised types the same type: their members without
/// examples (facts about one occurrence, not about the structure).
fn structure(members: &[Member]) -> Vec<Member> {
    members
        .iter()
        .map(|m| Member {
            example: None,
            ..m.clone()
        })
        .collect()
}

/// The `rust_name` override for a member, if its snake case needs a fix;
/// records the name used in `taken`.
fn rust_name(wire: &str, taken: &mut HashSet<String>) -> Option<String> {
    override_name(naming::importer_field_name(wire), wire, taken)
}

/// [`rust_name`] for a member with a setter (requests, and the types they
/// hold): see [`naming::importer_setter_name`].
fn setter_name(wire: &str, taken: &mut HashSet<String>) -> Option<String> {
    override_name(naming::importer_setter_name(wire), wire, taken)
}

/// `fixed`, made unique in `taken` and recorded there, when it is not the
/// name the generator derives from `wire` anyway.
fn override_name(fixed: String, wire: &str, taken: &mut HashSet<String>) -> Option<String> {
    let rust = unique(&fixed, taken);
    taken.insert(rust.clone());
    (rust != naming::field_name(wire)).then_some(rust)
}

/// Whether a type expression is a scalar that takes no style.
/// Gives a business-status member its one type (see [`STATUS_MEMBERS`]),
/// converting the example with it.
fn settle_status_type(member: &mut Member) {
    let Some((_, ty)) = STATUS_MEMBERS.iter().find(|(name, _)| *name == member.name) else {
        return;
    };
    if member.ty != *ty {
        member.ty = (*ty).to_owned();
        let text = member.example.as_ref().map(|value| match value {
            Value::String(text) => Value::String(text.clone()),
            other => Value::String(other.to_string()),
        });
        member.example = example(text.as_ref(), ty);
    }
}

/// A description string of the metadata (`""` when absent).
fn description<'v>(map: &'v Map<String, Value>, key: &str) -> &'v str {
    map.get(key).and_then(Value::as_str).unwrap_or("")
}

fn is_number(ty: &str) -> bool {
    matches!(ty, "i32" | "i64" | "f64")
}

fn is_scalar(ty: &str) -> bool {
    matches!(ty, "string" | "i32" | "i64" | "f64" | "bool")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_names() {
        let mut taken = HashSet::new();
        assert_eq!(rust_name("Type", &mut taken).as_deref(), Some("r#type"));
        assert_eq!(rust_name("Self", &mut taken).as_deref(), Some("self_"));
        assert_eq!(rust_name("JobId", &mut taken), None);
        assert_eq!(rust_name("JobID", &mut taken).as_deref(), Some("job_id_2"));
        assert_eq!(rust_name("SourceEndpoint.InstanceType", &mut taken), None);
        assert!(is_scalar("i32"));
        assert!(!is_scalar("json"));
    }
}
