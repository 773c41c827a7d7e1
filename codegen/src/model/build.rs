//! Turns a parsed spec file into the validated model, reporting every
//! problem it finds (not just the first) with its JSON path and a fix.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use super::roa;
use super::{Action, Endpoints, Enum, ErrorCode, Field, Literal, Service, Struct, Ty, Variant};
use crate::diagnostics::{Diagnostics, Reporter};
use crate::naming::{self, VariantProblem};
use crate::spec::file::{self, EnumKind, HttpMethod, Location, Provider, Signing, SpecFile, Style};
use crate::spec::type_expr::{self, Primitive, TypeExpr};

/// The spec format revision this generator reads.
pub const FORMAT: u32 = 1;

/// Builds the model of `spec`, read from `file` whose stem is `stem`.
pub fn build(spec: &SpecFile, file: &Path, stem: &str) -> Result<Service, Diagnostics> {
    let mut builder = Builder {
        spec,
        report: Reporter::new(file),
        names: BTreeMap::new(),
    };
    super::checks::run(spec, &mut builder.report);
    let service = builder.service(stem);
    let diagnostics = builder.report.finish();
    if diagnostics.is_empty() {
        Ok(service)
    } else {
        Err(diagnostics)
    }
}

/// What a named type resolves to.
#[derive(Clone, Copy)]
enum Named {
    Struct(usize),
    Enum(usize),
}

pub(super) struct Builder<'a> {
    pub(super) spec: &'a SpecFile,
    pub(super) report: Reporter<'a>,
    names: BTreeMap<&'a str, Named>,
}

impl<'a> Builder<'a> {
    fn service(&mut self, stem: &str) -> Service {
        let spec = self.spec;
        if spec.format != FORMAT {
            self.report.error(
                "$.format",
                format!("format revision {} is not supported", spec.format),
                Some(format!("this generator reads revision {FORMAT}")),
            );
        }
        self.check_header(stem);
        roa::check_service(&mut self.report, spec);
        let endpoints = self.endpoints();
        self.declare_names();
        let enums: Vec<Enum> = spec
            .enums
            .iter()
            .enumerate()
            .map(|(i, e)| self.enumeration(i, e))
            .collect();
        let mut structs: Vec<Struct> = spec
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let path = format!("$.types[{i}]");
                let rust = self.type_name(&path, &t.name, t.rust_name.as_deref());
                let members_path = format!("{path}.members");
                self.structure(
                    &members_path,
                    &t.name,
                    rust,
                    &t.docs,
                    &t.deprecated,
                    &t.members,
                    Role::Data,
                )
            })
            .collect();
        let mut actions = self.actions();
        self.paginators(&mut actions, &structs);
        let waiters = self.waiters(&actions, &structs, &enums);
        mark_directions(&mut structs, &actions);
        mark_scopes(&mut structs, &actions);
        mark_boxes(&mut structs);
        let module_path = [
            naming::snake(&format!("{:?}", spec.provider)),
            naming::service_module(&spec.service),
            format!("v{}", spec.version.replace('-', "")),
        ];
        Service {
            feature: stem.to_owned(),
            provider: spec.provider,
            service: spec.service.clone(),
            version: spec.version.clone(),
            client_name: format!(
                "{}{}Client",
                naming::camel(&format!("{:?}", spec.provider)),
                naming::camel(&spec.service)
            ),
            module_path,
            title: spec.title.clone(),
            docs: spec.docs.clone(),
            signing: spec.signing.clone(),
            endpoints,
            actions,
            structs,
            enums,
            waiters,
        }
    }

    fn check_header(&mut self, stem: &str) {
        let spec = self.spec;
        let service_ok = !spec.service.is_empty()
            && spec
                .service
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !service_ok {
            self.report.error(
                "$.service",
                format!("service name `{}` is not a short name", spec.service),
                Some("use letters, digits and `-`, as in `dts`".into()),
            );
        } else if !naming::is_identifier(&naming::service_module(&spec.service)) {
            self.report.error(
                "$.service",
                format!(
                    "service name `{}` does not make a Rust module name (`{}`)",
                    spec.service,
                    naming::service_module(&spec.service)
                ),
                Some("start the service name with a letter".into()),
            );
        }
        let version_ok = spec.version.len() == 10
            && spec.version.char_indices().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if !version_ok {
            self.report.error(
                "$.version",
                format!("version `{}` is not a date", spec.version),
                Some("write it as YYYY-MM-DD, e.g. `2021-12-06`".into()),
            );
        }
        let expected_stem = spec.file_stem();
        if stem != expected_stem {
            self.report.error(
                "$",
                format!("file name `{stem}.json` does not match the provider, service and version"),
                Some(format!("rename the file to `{expected_stem}.json`")),
            );
        }
        if spec.signing.is_empty() {
            self.report.error(
                "$.signing",
                "no signature algorithm listed",
                Some("list at least one; the first is the default".into()),
            );
        }
        let mut seen = BTreeSet::new();
        for (i, signing) in spec.signing.iter().enumerate() {
            let fits = matches!(
                (spec.provider, signing),
                (Provider::Tencent, Signing::Tc3 | Signing::TencentV1)
                    | (
                        Provider::Alibaba,
                        Signing::Acs3 | Signing::RpcV2 | Signing::RoaV1
                    )
            );
            if !fits {
                self.report.error(
                    &format!("$.signing[{i}]"),
                    format!("{signing:?} signing is not used by {:?}", spec.provider),
                    Some(match spec.provider {
                        Provider::Tencent => "Tencent uses `tc3` or `tencent-v1`".into(),
                        Provider::Alibaba => {
                            "Alibaba uses `acs3`, `rpc-v2` (RPC) or `roa-v1` (ROA)".into()
                        }
                    }),
                );
            }
            if !seen.insert(*signing) {
                self.report.error(
                    &format!("$.signing[{i}]"),
                    format!("{signing:?} is listed twice"),
                    None,
                );
            }
        }
    }

    fn endpoints(&mut self) -> Endpoints {
        let given = &self.spec.endpoints;
        self.check_host("$.endpoints.default", &given.default);
        if let Some(regional) = &given.regional {
            self.check_host("$.endpoints.regional", regional);
            if !regional.contains("{region}") {
                self.report.error(
                    "$.endpoints.regional",
                    format!("regional pattern `{regional}` has no `{{region}}` placeholder"),
                    Some("write it like `dts.{region}.tencentcloudapi.com`".into()),
                );
            }
        }
        if let Some(international) = &given.international {
            self.check_host("$.endpoints.international", international);
        }
        for (region, host) in given.finance.iter().chain(&given.regions) {
            let path = if given.finance.contains_key(region) {
                format!("$.endpoints.finance.{region}")
            } else {
                format!("$.endpoints.regions.{region}")
            };
            self.check_host(&path, host);
        }
        Endpoints {
            default: given.default.clone(),
            regional: given.regional.clone(),
            international: given.international.clone(),
            finance: given.finance.clone().into_iter().collect(),
            regions: given.regions.clone().into_iter().collect(),
        }
    }

    fn check_host(&mut self, path: &str, host: &str) {
        let valid = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '{' | '}'));
        if !valid {
            self.report.error(
                path,
                format!("`{host}` is not a host name"),
                Some("give the bare host, without scheme, port or path".into()),
            );
        }
    }

    /// Records every type and enum name, reporting duplicates.
    fn declare_names(&mut self) {
        let spec = self.spec;
        let declared = spec
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| {
                (
                    t.name.as_str(),
                    format!("$.types[{i}].name"),
                    Named::Struct(i),
                )
            })
            .chain(spec.enums.iter().enumerate().map(|(i, e)| {
                (
                    e.name.as_str(),
                    format!("$.enums[{i}].name"),
                    Named::Enum(i),
                )
            }))
            .collect::<Vec<_>>();
        for (name, path, named) in declared {
            if self.names.insert(name, named).is_some() {
                self.report.error(
                    &path,
                    format!("`{name}` is declared more than once"),
                    Some("types and enums share one namespace: rename or remove one".into()),
                );
            }
        }
        // Distinct spec names that end up as the same Rust name.
        let mut rust_names: HashMap<String, String> = HashMap::new();
        let all = spec
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| (&t.name, &t.rust_name, format!("$.types[{i}]")))
            .chain(
                spec.enums
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (&e.name, &e.rust_name, format!("$.enums[{i}]"))),
            );
        for (name, rust_name, path) in all {
            let rust = rust_name.clone().unwrap_or_else(|| naming::type_name(name));
            if let Some(other) = rust_names.get(&rust) {
                if other != name {
                    self.report.error(
                        &path,
                        format!("`{name}` and `{other}` both become the Rust type `{rust}`"),
                        Some("set \"rust_name\" on one of them".into()),
                    );
                }
            } else {
                rust_names.insert(rust, name.clone());
            }
        }
    }

    /// Rust name of a type or enum, checked.
    fn type_name(&mut self, path: &str, name: &str, rust_name: Option<&str>) -> String {
        let rust = rust_name.map_or_else(|| naming::type_name(name), str::to_owned);
        let field = if rust_name.is_some() {
            "rust_name"
        } else {
            "name"
        };
        if !naming::is_identifier(&rust) || rust.starts_with("r#") {
            self.report.error(
                &format!("{path}.{field}"),
                format!("`{rust}` is not a valid Rust type name"),
                Some("set \"rust_name\" to an UpperCamelCase identifier".into()),
            );
        } else if naming::shadows_std(&rust) {
            self.report.error(
                &format!("{path}.{field}"),
                format!("type name `{rust}` would shadow the standard `{rust}`"),
                Some(format!("set \"rust_name\", for example \"{rust}Info\"")),
            );
        }
        rust
    }

    fn enumeration(&mut self, index: usize, def: &file::EnumDef) -> Enum {
        let path = format!("$.enums[{index}]");
        let rust = self.type_name(&path, &def.name, def.rust_name.as_deref());
        if def.values.is_empty() {
            self.report.error(
                &format!("{path}.values"),
                format!("enum `{}` has no values", def.name),
                Some("list at least one value, or use a plain type".into()),
            );
        }
        let mut seen_values = BTreeSet::new();
        let mut seen_variants: BTreeMap<String, usize> = BTreeMap::new();
        let mut variants = Vec::new();
        for (i, value) in def.values.iter().enumerate() {
            let value_path = format!("{path}.values[{i}]");
            let literal = match (def.kind, &value.value) {
                (EnumKind::String, serde_json::Value::String(s)) => Literal::Str(s.clone()),
                (EnumKind::Integer, serde_json::Value::Number(n)) if n.as_i64().is_some() => {
                    Literal::Int(n.as_i64().unwrap_or_default())
                }
                (kind, other) => {
                    self.report.error(
                        &format!("{value_path}.value"),
                        format!(
                            "`{other}` is not a{} value",
                            match kind {
                                EnumKind::String => " string",
                                EnumKind::Integer => "n integer",
                            }
                        ),
                        Some(
                            format!("enum `{}` is declared with type {kind:?}", def.name)
                                .to_lowercase(),
                        ),
                    );
                    continue;
                }
            };
            if !seen_values.insert(literal.clone()) {
                self.report.error(
                    &format!("{value_path}.value"),
                    format!("value {literal} is listed twice"),
                    None,
                );
            }
            let variant = match (&value.name, &literal) {
                (Some(name), _) => name.clone(),
                (None, Literal::Str(s)) => naming::camel(s),
                (None, Literal::Int(_)) => {
                    self.report.error(
                        &value_path,
                        format!("integer value {literal} has no name"),
                        Some("add \"name\": an UpperCamelCase variant name".into()),
                    );
                    continue;
                }
            };
            if !naming::is_identifier(&variant) || variant.starts_with("r#") {
                self.report.error(
                    &value_path,
                    format!("value {literal} gives the variant name `{variant}`, which is not an identifier"),
                    Some("add \"name\": an UpperCamelCase variant name".into()),
                );
            } else if variant == "Unknown" {
                self.report.error(
                    &value_path,
                    "variant name `Unknown` is reserved for values the spec does not list",
                    Some("add \"name\" with another variant name".into()),
                );
            } else if let Some(other) = seen_variants.insert(variant.clone(), i) {
                self.report.error(
                    &value_path,
                    format!("values [{other}] and [{i}] both become the variant `{variant}`"),
                    Some("add \"name\" to one of them".into()),
                );
            }
            variants.push(Variant {
                value: literal,
                rust: variant,
                docs: value.docs.clone(),
                deprecated: value.deprecated.note().map(str::to_owned),
            });
        }
        Enum {
            wire: def.name.clone(),
            rust,
            docs: def.docs.clone(),
            kind: def.kind,
            variants,
        }
    }

    fn actions(&mut self) -> Vec<Action> {
        let spec = self.spec;
        let mut wire_names: BTreeMap<&str, usize> = BTreeMap::new();
        let mut modules: BTreeMap<String, usize> = BTreeMap::new();
        let mut actions = Vec::new();
        for (i, action) in spec.actions.iter().enumerate() {
            let path = format!("$.actions[{i}]");
            let duplicate = wire_names.insert(&action.name, i);
            if let Some(first) = duplicate {
                self.report.error(
                    &format!("{path}.name"),
                    format!(
                        "action `{}` is already declared at $.actions[{first}]",
                        action.name
                    ),
                    Some("remove or rename one of them".into()),
                );
            }
            if !naming::is_identifier(&action.name)
                || !action.name.starts_with(|c: char| c.is_ascii_uppercase())
            {
                self.report.error(
                    &format!("{path}.name"),
                    format!(
                        "action name `{}` is not an UpperCamelCase identifier",
                        action.name
                    ),
                    None,
                );
            }
            let module = action
                .rust_name
                .clone()
                .unwrap_or_else(|| naming::action_module(&action.name));
            let field = if action.rust_name.is_some() {
                "rust_name"
            } else {
                "name"
            };
            if !naming::is_identifier(&module) || module.starts_with("r#") {
                self.report.error(
                    &format!("{path}.{field}"),
                    format!("`{module}` is not usable as a method and module name"),
                    Some(
                        "set \"rust_name\" to a snake_case identifier that is not a keyword".into(),
                    ),
                );
            } else if naming::is_reserved_module(&module) {
                self.report.error(
                    &format!("{path}.{field}"),
                    format!("`{module}` is reserved by the generated code"),
                    Some("set \"rust_name\" to another snake_case name".into()),
                );
            } else if let Some(other) = modules
                .insert(module.clone(), i)
                .filter(|_| duplicate.is_none())
            {
                self.report.error(
                    &format!("{path}.name"),
                    format!(
                        "`{}` and `{}` both become the method `{module}`",
                        action.name, spec.actions[other].name
                    ),
                    Some("set \"rust_name\" on one of them".into()),
                );
            }
            let base = naming::camel(&module);
            let method = action.method.unwrap_or(HttpMethod::Post);
            if action.method.is_some() && spec.provider == Provider::Tencent {
                self.report.error(
                    &format!("{path}.method"),
                    "Tencent actions are always sent as POST with TC3",
                    Some("remove \"method\"".into()),
                );
            }
            let input = self.structure(
                &format!("{path}.input"),
                &action.name,
                format!("{base}Request"),
                &action.docs,
                &file::Deprecation::default(),
                &action.input,
                Role::Request,
            );
            let output = self.structure(
                &format!("{path}.output"),
                &action.name,
                format!("{base}Response"),
                "",
                &file::Deprecation::default(),
                &action.output,
                Role::Response,
            );
            if method == HttpMethod::Get
                && input
                    .fields
                    .iter()
                    .any(|f| matches!(f.placement, Some((Location::Body, _))))
            {
                self.report.error(
                    &format!("{path}.method"),
                    "a GET action cannot carry members in the body",
                    Some("use POST, or move the members to the query".into()),
                );
            }
            roa::check_action(&mut self.report, spec, &path, action, &input, &output);
            let idempotency_token = self.idempotency_token(&path, action);
            let errors = self.error_codes(&path, &action.errors);
            actions.push(Action {
                wire: action.name.clone(),
                module,
                docs: action.docs.clone(),
                deprecated: action.deprecated.note().map(str::to_owned),
                rate_limit: action.rate_limit,
                method,
                path: action.path.clone(),
                input,
                output,
                error_enum: format!("{base}ErrorCode"),
                errors,
                idempotency_token,
                paginator: None,
            });
        }
        actions
    }

    fn idempotency_token(&mut self, path: &str, action: &file::Action) -> Option<String> {
        let tokens: Vec<_> = action
            .input
            .iter()
            .enumerate()
            .filter(|(_, m)| m.idempotency_token)
            .collect();
        for (i, member) in &tokens {
            if member.ty.trim() != "string" || member.required {
                self.report.error(
                    &format!("{path}.input[{i}].idempotency_token"),
                    format!(
                        "idempotency token `{}` must be an optional string",
                        member.name
                    ),
                    Some("the client fills it in when the caller leaves it empty".into()),
                );
            }
        }
        if tokens.len() > 1 {
            self.report.error(
                &format!("{path}.input"),
                "more than one member is marked as the idempotency token",
                Some("keep \"idempotency_token\" on one member".into()),
            );
        }
        for (i, member) in action.output.iter().enumerate() {
            if member.idempotency_token {
                self.report.error(
                    &format!("{path}.output[{i}].idempotency_token"),
                    "idempotency tokens belong to requests",
                    Some("remove \"idempotency_token\"".into()),
                );
            }
        }
        tokens.first().map(|(_, m)| m.name.clone())
    }

    fn error_codes(&mut self, path: &str, codes: &[file::ErrorCode]) -> Vec<ErrorCode> {
        let wire: Vec<&str> = codes.iter().map(|e| e.code.as_str()).collect();
        let mut result = Vec::new();
        for (i, (error, variant)) in codes.iter().zip(naming::error_variants(&wire)).enumerate() {
            let code_path = format!("{path}.errors[{i}].code");
            if naming::common_codes(self.spec.provider).contains(&error.code.as_str()) {
                self.report.error(
                    &code_path,
                    format!(
                        "error code `{}` is a common code of every {:?} action",
                        error.code, self.spec.provider
                    ),
                    Some("remove it: the error-code enum carries common codes in `Common`".into()),
                );
                continue;
            }
            let variant = match variant {
                Ok(variant) => variant,
                Err(problem) => {
                    let (message, hint) = match problem {
                        VariantProblem::Duplicate(first) => (
                            format!("error code `{}` is listed twice (first at [{first}])", error.code),
                            "remove one of them",
                        ),
                        VariantProblem::NotAnIdentifier => (
                            format!("error code `{}` does not make a variant name", error.code),
                            "codes are letters, digits, `.` and `_`",
                        ),
                        VariantProblem::Reserved(name) => (
                            format!(
                                "error code `{}` becomes the variant `{name}`, which the error-code enum reserves",
                                error.code
                            ),
                            "documented codes cannot be named `Common`, `Other` or `Unknown`",
                        ),
                    };
                    self.report.error(&code_path, message, Some(hint.into()));
                    continue;
                }
            };
            result.push(ErrorCode {
                code: error.code.clone(),
                variant,
                docs: error.docs.clone(),
                http_status: error.http_status,
            });
        }
        result
    }

    #[allow(clippy::too_many_arguments)]
    fn structure(
        &mut self,
        path: &str,
        wire: &str,
        rust: String,
        docs: &str,
        deprecated: &file::Deprecation,
        members: &[file::Member],
        role: Role,
    ) -> Struct {
        let mut wire_names: BTreeMap<&str, usize> = BTreeMap::new();
        let mut rust_names: BTreeMap<String, usize> = BTreeMap::new();
        let mut fields = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let member_path = format!("{path}[{i}]");
            if let Some(first) = wire_names.insert(&member.name, i) {
                self.report.error(
                    &format!("{member_path}.name"),
                    format!(
                        "member `{}` is already declared at index {first}",
                        member.name
                    ),
                    Some("remove or rename one of them".into()),
                );
            }
            let field = self.field(&member_path, member, role);
            if let Some(first) = rust_names.insert(field.rust.clone(), i) {
                if members[first].name != member.name {
                    self.report.error(
                        &format!("{member_path}.name"),
                        format!(
                            "`{}` and `{}` both become the field `{}`",
                            members[first].name, member.name, field.rust
                        ),
                        Some("set \"rust_name\" on one of them".into()),
                    );
                }
            }
            fields.push(field);
        }
        self.appending_methods(path, &fields);
        Struct {
            wire: wire.to_owned(),
            rust,
            docs: docs.to_owned(),
            deprecated: deprecated.note().map(str::to_owned),
            fields,
            sent: role == Role::Request,
            received: role == Role::Response,
            scope: None,
        }
    }

    /// A list member `tags` has the appending setter `push_tags` (a map
    /// `insert_tags`); a member of that name would collide with it.
    fn appending_methods(&mut self, path: &str, fields: &[Field]) {
        for collection in fields.iter().filter(|f| f.ty.is_collection()) {
            let prefix = if matches!(collection.ty, Ty::List(_)) {
                "push_"
            } else {
                "insert_"
            };
            let method = format!("{prefix}{}", collection.rust.trim_start_matches("r#"));
            if let Some(i) = fields.iter().position(|f| f.rust == method) {
                self.report.error(
                    &format!("{path}[{i}].name"),
                    format!(
                        "`{}` becomes `{method}`, the method that adds one item to `{}`",
                        fields[i].wire, collection.wire
                    ),
                    Some("set \"rust_name\" on one of them".into()),
                );
            }
        }
    }

    fn field(&mut self, path: &str, member: &file::Member, role: Role) -> Field {
        let rust = member
            .rust_name
            .clone()
            .unwrap_or_else(|| naming::field_name(&member.name));
        if member.name.is_empty() {
            self.report
                .error(&format!("{path}.name"), "member name is empty", None);
        }
        match &member.rust_name {
            Some(name) if !naming::is_identifier(name) => self.report.error(
                &format!("{path}.rust_name"),
                format!("`{name}` is not a valid Rust field name"),
                Some("use a snake_case identifier (raw identifiers like `r#type` are fine)".into()),
            ),
            Some(name) if naming::is_reserved_method(name) => self.report.error(
                &format!("{path}.rust_name"),
                format!("`{name}` clashes with a method of the generated structure"),
                Some(format!("use another name, for example \"{name}_value\"")),
            ),
            None if naming::is_keyword(&rust) => self.report.error(
                &format!("{path}.name"),
                format!("member `{}` becomes the Rust keyword `{rust}`", member.name),
                Some(format!(
                    "set \"rust_name\", for example \"r#{rust}\" or \"{rust}_value\""
                )),
            ),
            None if !naming::is_identifier(&rust) => self.report.error(
                &format!("{path}.name"),
                format!(
                    "member `{}` does not make a Rust field name (`{rust}`)",
                    member.name
                ),
                Some("set \"rust_name\" to a snake_case identifier".into()),
            ),
            _ => {}
        }
        let ty = match type_expr::parse(&member.ty) {
            Ok(expr) => self.resolve(&format!("{path}.type"), &expr),
            Err(message) => {
                self.report.error(&format!("{path}.type"), message, None);
                None
            }
        };
        // An unknown type is reported once: rules that depend on the type
        // would only add wrong hints about the `json` stand-in.
        let resolved = ty.is_some();
        let ty = ty.unwrap_or(Ty::Primitive(Primitive::Json));
        self.check_sensitive(path, member);
        let placement = self.placement(path, member, role, &ty, resolved);
        if resolved {
            self.check_constraints(path, member, &ty);
        }
        if member.root && role != Role::Response {
            self.report.error(
                &format!("{path}.root"),
                "\"root\" marks the member that is a whole response body",
                Some("remove \"root\"; it applies only to action outputs".into()),
            );
        }
        if member.nullable && role == Role::Request {
            self.report.error(
                &format!("{path}.nullable"),
                "\"nullable\" describes responses; requests skip absent members",
                Some("remove \"nullable\"".into()),
            );
        }
        Field {
            wire: member.name.clone(),
            rust,
            ty,
            required: member.required,
            nullable: member.nullable,
            sensitive: member.sensitive.unwrap_or(false),
            docs: member.docs.clone(),
            example: member.example.clone(),
            deprecated: member.deprecated.note().map(str::to_owned),
            placement,
            min: member.min,
            max: member.max,
            max_length: member.max_length,
            max_items: member.max_items,
            root: member.root,
            boxed: false,
        }
    }

    fn resolve(&mut self, path: &str, expr: &TypeExpr) -> Option<Ty> {
        Some(match expr {
            TypeExpr::Primitive(p) => Ty::Primitive(*p),
            TypeExpr::List(item) => Ty::List(Box::new(self.resolve(path, item)?)),
            TypeExpr::Map(value) => Ty::Map(Box::new(self.resolve(path, value)?)),
            TypeExpr::Named(name) => match self.names.get(name.as_str()) {
                Some(Named::Struct(i)) => Ty::Struct(*i),
                Some(Named::Enum(i)) => Ty::Enum(*i),
                None => {
                    if let Some(spec_type) = super::checks::vendor_type_hint(name) {
                        let hint = format!("the spec's type for this is {spec_type}");
                        self.report
                            .error(path, format!("unknown type `{name}`"), Some(hint));
                        return None;
                    }
                    let hint = self.closest_name(name).map_or_else(
                        || "declare it under \"types\" or \"enums\"".to_owned(),
                        |close| format!("did you mean `{close}`? Otherwise declare it under \"types\" or \"enums\""),
                    );
                    self.report
                        .error(path, format!("unknown type `{name}`"), Some(hint));
                    return None;
                }
            },
        })
    }

    fn closest_name(&self, name: &str) -> Option<&'a str> {
        let lower = name.to_lowercase();
        self.names
            .keys()
            .copied()
            .find(|known| known.to_lowercase() == lower || edit_distance(known, name) <= 2)
    }

    fn check_sensitive(&mut self, path: &str, member: &file::Member) {
        if member.sensitive.is_some() {
            return;
        }
        if let Some(hint) = naming::secret_hint(&member.name) {
            self.report.error(
                &format!("{path}.sensitive"),
                format!("member `{}` looks secret (`{hint}`) but is not marked", member.name),
                Some("set \"sensitive\": true to redact it from Debug output, or false if it is not secret".into()),
            );
        }
    }

    fn placement(
        &mut self,
        path: &str,
        member: &file::Member,
        role: Role,
        ty: &Ty,
        resolved: bool,
    ) -> Option<(Location, Option<Style>)> {
        let rpc_request = role == Role::Request && self.spec.provider == Provider::Alibaba;
        if !rpc_request {
            for (given, key) in [
                (member.location.is_some(), "location"),
                (member.style.is_some(), "style"),
            ] {
                if given {
                    self.report.error(
                        &format!("{path}.{key}"),
                        format!("\"{key}\" applies only to Alibaba RPC request members"),
                        Some(format!("remove \"{key}\"")),
                    );
                }
            }
            return None;
        }
        if let Some(location @ (Location::Path | Location::Header | Location::Payload)) =
            member.location
        {
            // Their own rules, in `roa.rs`.
            return Some((location, member.style));
        }
        let style_fits = match (member.style, ty) {
            (None, Ty::Primitive(p)) => *p != Primitive::Json,
            (None, Ty::Enum(_)) => true,
            (None, _) => false,
            (Some(Style::Json), _) => true,
            (Some(Style::RepeatList), Ty::List(_)) => true,
            (Some(Style::Simple), Ty::List(item)) => {
                matches!(**item, Ty::Enum(_))
                    || matches!(**item, Ty::Primitive(p) if p != Primitive::Json)
            }
            (Some(Style::Flat), Ty::Struct(_) | Ty::Map(_)) => true,
            (Some(_), _) => false,
        };
        if !style_fits && resolved {
            let hint = match ty {
                Ty::List(_) => {
                    "lists take \"repeat-list\" or \"json\" (\"simple\" only for lists of scalars)"
                }
                Ty::Struct(_) | Ty::Map(_) => "objects take \"flat\" or \"json\"",
                Ty::Primitive(Primitive::Json) => "JSON values take \"json\"",
                _ => "scalars take no style",
            };
            let message = match member.style {
                Some(style) => format!("style {style:?} does not fit the type `{}`", member.ty),
                None => format!("member of type `{}` needs a \"style\"", member.ty),
            };
            self.report
                .error(&format!("{path}.style"), message, Some(hint.into()));
        }
        Some((member.location.unwrap_or(Location::Query), member.style))
    }

    fn check_constraints(&mut self, path: &str, member: &file::Member, ty: &Ty) {
        let number = matches!(ty, Ty::Primitive(p) if p.is_number());
        let text = matches!(ty, Ty::Primitive(p) if p.is_text());
        let list = matches!(ty, Ty::List(_));
        for (given, key, fits, what) in [
            (member.min.is_some(), "min", number, "numbers"),
            (member.max.is_some(), "max", number, "numbers"),
            (member.max_length.is_some(), "max_length", text, "strings"),
            (member.max_items.is_some(), "max_items", list, "lists"),
        ] {
            if given && !fits {
                self.report.error(
                    &format!("{path}.{key}"),
                    format!("\"{key}\" applies to {what}, not `{}`", member.ty),
                    Some(format!("remove \"{key}\"")),
                );
            }
        }
        if let (Some(min), Some(max)) = (member.min, member.max) {
            if min > max {
                self.report.error(
                    &format!("{path}.min"),
                    format!("min {min} is larger than max {max}"),
                    None,
                );
            }
        }
    }
}

/// Which kind of structure a member list belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Request,
    Response,
    Data,
}

/// Marks data types reachable from requests as sent and from responses as
/// received; a type nothing uses gets both, since users may still build it.
fn mark_directions(structs: &mut [Struct], actions: &[Action]) {
    let mut sent = vec![false; structs.len()];
    let mut received = vec![false; structs.len()];
    for action in actions {
        for field in &action.input.fields {
            reach(&field.ty, structs, &mut sent);
        }
        for field in &action.output.fields {
            reach(&field.ty, structs, &mut received);
        }
    }
    for (i, s) in structs.iter_mut().enumerate() {
        let unused = !sent[i] && !received[i];
        s.sent = sent[i] || unused;
        s.received = received[i] || unused;
    }
}

/// Scopes each data type that exactly one action reaches to that action.
/// A type named like the action's request, response or error-code enum
/// stays shared (it would clash in the module), and a type reachable from
/// a shared (or unused) type is shared too, so code in `types` never names
/// an action's module.
fn mark_scopes(structs: &mut [Struct], actions: &[Action]) {
    let mut users: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); structs.len()];
    for (a, action) in actions.iter().enumerate() {
        let mut seen = vec![false; structs.len()];
        for field in action.input.fields.iter().chain(&action.output.fields) {
            reach(&field.ty, structs, &mut seen);
        }
        for (i, reached) in seen.into_iter().enumerate() {
            if reached {
                users[i].insert(a);
            }
        }
    }
    let mut scope: Vec<Option<usize>> = users
        .iter()
        .map(|u| match u.iter().collect::<Vec<_>>().as_slice() {
            [only] => Some(**only),
            _ => None,
        })
        .collect();
    for (s, scope) in structs.iter().zip(scope.iter_mut()) {
        if let Some(a) = *scope {
            let action = &actions[a];
            if [&action.input.rust, &action.output.rust, &action.error_enum].contains(&&s.rust) {
                *scope = None;
            }
        }
    }
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..structs.len() {
            if scope[i].is_some() {
                continue;
            }
            let mut shared = vec![false; structs.len()];
            for field in &structs[i].fields {
                reach(&field.ty, structs, &mut shared);
            }
            for (j, reached) in shared.into_iter().enumerate() {
                if reached && scope[j].is_some() {
                    scope[j] = None;
                    changed = true;
                }
            }
        }
    }
    for (s, scope) in structs.iter_mut().zip(scope) {
        s.scope = scope;
    }
}

fn reach(ty: &Ty, structs: &[Struct], seen: &mut [bool]) {
    match ty {
        Ty::List(inner) | Ty::Map(inner) => reach(inner, structs, seen),
        Ty::Struct(i) if !seen[*i] => {
            seen[*i] = true;
            for field in &structs[*i].fields {
                reach(&field.ty, structs, seen);
            }
        }
        _ => {}
    }
}

/// Boxes every direct (not list or map) structure field that leads back to
/// its own structure, so recursive types have a finite size.
fn mark_boxes(structs: &mut [Struct]) {
    let direct: Vec<Vec<usize>> = structs
        .iter()
        .map(|s| {
            s.fields
                .iter()
                .filter_map(|f| match f.ty {
                    Ty::Struct(j) => Some(j),
                    _ => None,
                })
                .collect()
        })
        .collect();
    for (i, s) in structs.iter_mut().enumerate() {
        for field in &mut s.fields {
            if let Ty::Struct(j) = field.ty {
                field.boxed = leads_to(&direct, j, i);
            }
        }
    }
}

fn leads_to(edges: &[Vec<usize>], from: usize, to: usize) -> bool {
    let mut seen = vec![false; edges.len()];
    let mut stack = vec![from];
    while let Some(node) = stack.pop() {
        if node == to {
            return true;
        }
        if !std::mem::replace(&mut seen[node], true) {
            stack.extend(&edges[node]);
        }
    }
    false
}

/// Levenshtein distance, for "did you mean" hints.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}
