//! Paginators and waiters: the workflow helpers a spec declares on top of
//! its actions, resolved against the request and response structures.
//!
//! A member path names response members by wire name, joined by `.`; a
//! `[]` after a list member looks into each of its items. Every step is
//! checked to exist, and the last one to have a type that fits its use.

use std::collections::BTreeMap;

use super::build::{edit_distance, Builder};
use super::{Action, Enum, EnumKind, Field, ItemsMatch, Literal, Primitive, Struct, Ty};
use crate::naming;
use crate::spec::file;

/// How a list action pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Paginator {
    /// What moves from one page to the next.
    pub cursor: Cursor,
    /// Request member holding the page size.
    pub page_size: Option<InputMember>,
    /// Response path of the items of one page (a list).
    pub items: MemberPath,
    /// Response path of the total number of items.
    pub total: Option<MemberPath>,
}

impl Paginator {
    /// Type of one item.
    pub fn item_type(&self) -> &Ty {
        match &self.items.ty {
            Ty::List(item) => item,
            other => other,
        }
    }
}

/// The member that selects a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Cursor {
    /// Index of the first item, from 0; advanced by the items received.
    Offset(InputMember),
    /// Page number, from 1; advanced by one.
    PageNumber(InputMember),
    /// A continuation token read from the response and sent back.
    Token {
        /// Request member the token is sent in.
        input: InputMember,
        /// Response path of the next token.
        output: MemberPath,
    },
}

/// A request member used by a paginator.
#[derive(Debug, Clone, PartialEq)]
pub struct InputMember {
    /// Wire name.
    pub wire: String,
    /// Rust field name.
    pub rust: String,
    /// Type.
    pub ty: Ty,
    /// Held in an `Option` (optional scalar).
    pub optional: bool,
}

/// A path into a response, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberPath {
    /// The path as the spec writes it (`JobList[].Status`).
    pub text: String,
    /// One step per member.
    pub steps: Vec<PathStep>,
    /// Type of the last member.
    pub ty: Ty,
}

impl MemberPath {
    /// Does the path look into the items of a list?
    pub fn projects(&self) -> bool {
        self.steps.iter().any(|s| s.each)
    }
}

/// One member along a path.
#[derive(Debug, Clone, PartialEq)]
pub struct PathStep {
    /// Wire name.
    pub wire: String,
    /// Rust field name.
    pub rust: String,
    /// Held in an `Option`.
    pub optional: bool,
    /// A list whose items the rest of the path looks into (`[]`).
    pub each: bool,
}

/// A waiter: polls an action until an acceptor matches.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    /// UpperCamelCase name (`MigrationCheckFinished`).
    pub name: String,
    /// Method name (`wait_until_migration_check_finished`).
    pub method: String,
    /// Index into [`super::Service::actions`] of the action polled.
    pub action: usize,
    /// Documentation.
    pub docs: String,
    /// The wanted value's argument: Rust name and type.
    pub argument: Option<(String, Ty)>,
    /// Acceptors ending the wait well.
    pub success: Vec<Acceptor>,
    /// Acceptors ending it badly, checked after the success ones.
    pub failure: Vec<Acceptor>,
    /// Error codes after which polling goes on.
    pub retry_errors: Vec<String>,
    /// Shortest pause between calls, in milliseconds.
    pub min_delay_ms: u64,
    /// Longest pause between calls, in milliseconds.
    pub max_delay_ms: u64,
}

/// A condition on a response member.
#[derive(Debug, Clone, PartialEq)]
pub struct Acceptor {
    /// The member, a scalar or an enumeration.
    pub path: MemberPath,
    /// What the value must be.
    pub expect: Expect,
    /// For a path through a list, how items combine; `None` otherwise.
    pub items: Option<ItemsMatch>,
}

/// What an acceptor compares the value with, as `Display` writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    /// One of these values.
    AnyOf(Vec<String>),
    /// The waiter's argument.
    Argument,
}

/// Default shortest pause between two calls of a waiter.
pub const DEFAULT_MIN_DELAY_MS: u64 = 2_000;
/// Default longest pause between two calls of a waiter.
pub const DEFAULT_MAX_DELAY_MS: u64 = 60_000;

/// What a path's last member must be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    List,
    Count,
    Text,
    Scalar,
}

impl Want {
    fn describe(self) -> &'static str {
        match self {
            Want::List => "a list",
            Want::Count => "an integer (or a string holding one)",
            Want::Text => "a string",
            Want::Scalar => "a scalar or an enumeration",
        }
    }

    fn fits(self, ty: &Ty, enums: &[Enum]) -> bool {
        match (self, ty) {
            (Want::List, Ty::List(_)) => true,
            (Want::Count, Ty::Primitive(p)) => is_count(*p),
            (Want::Text, Ty::Primitive(Primitive::String)) => true,
            (Want::Scalar, Ty::Primitive(p)) => !matches!(p, Primitive::Json),
            (Want::Scalar, Ty::Enum(i)) => i < &enums.len(),
            _ => false,
        }
    }
}

fn is_count(p: Primitive) -> bool {
    use Primitive::*;
    matches!(p, I8 | I16 | I32 | I64 | U8 | U16 | U32 | U64 | String)
}

/// A received field is an `Option` unless always present and never `null`
/// (the rule of `emit::structs`; collections are plain).
fn received_optional(field: &Field) -> bool {
    !field.ty.is_collection() && (!field.required || field.nullable)
}

impl Builder<'_> {
    /// Resolves the paginator of every action that declares one.
    pub(super) fn paginators(&mut self, actions: &mut [Action], structs: &[Struct]) {
        let spec = self.spec;
        for (i, declared) in spec.actions.iter().enumerate() {
            let Some(paging) = &declared.paginator else {
                continue;
            };
            let path = format!("$.actions[{i}].paginator");
            let resolved = self.paginator(&path, paging, &actions[i], structs);
            actions[i].paginator = resolved;
        }
    }

    fn paginator(
        &mut self,
        path: &str,
        paging: &file::Paginator,
        action: &Action,
        structs: &[Struct],
    ) -> Option<Paginator> {
        let cursors = [
            paging.offset.is_some(),
            paging.page_number.is_some(),
            paging.next_token.is_some(),
        ];
        if cursors.iter().filter(|c| **c).count() != 1 {
            self.report.error(
                path,
                "a paginator names exactly one cursor",
                Some("set one of \"offset\", \"page_number\" and \"next_token\"".into()),
            );
            return None;
        }
        let numbered = paging.next_token.is_none();
        if numbered && paging.page_size.is_none() {
            self.report.error(
                path,
                "an offset or page-number paginator needs \"page_size\"",
                Some("name the request member holding the page size (`Limit`, `PageSize`)".into()),
            );
        }
        let count = |b: &mut Self, key: &str, wire: &str| {
            b.input_member(&format!("{path}.{key}"), action, wire, Want::Count)
        };
        let cursor = if let Some(offset) = &paging.offset {
            Cursor::Offset(count(self, "offset", offset)?)
        } else if let Some(page) = &paging.page_number {
            Cursor::PageNumber(count(self, "page_number", page)?)
        } else {
            let token = paging.next_token.as_ref()?;
            let input = self.input_member(
                &format!("{path}.next_token.input"),
                action,
                &token.input,
                Want::Text,
            );
            let output = self.member_path(
                &format!("{path}.next_token.output"),
                action,
                structs,
                &token.output,
                Want::Text,
            );
            Cursor::Token {
                input: input?,
                output: output?,
            }
        };
        let page_size = match &paging.page_size {
            Some(wire) => Some(count(self, "page_size", wire)?),
            None => None,
        };
        let items = self.member_path(
            &format!("{path}.items"),
            action,
            structs,
            &paging.items,
            Want::List,
        );
        let total = match &paging.total {
            Some(total) => Some(self.member_path(
                &format!("{path}.total"),
                action,
                structs,
                total,
                Want::Count,
            )?),
            None => None,
        };
        let mut paths = vec![(format!("{path}.items"), items.as_ref()?)];
        if let Some(t) = &total {
            paths.push((format!("{path}.total"), t));
        }
        if let Cursor::Token { output, .. } = &cursor {
            paths.push((format!("{path}.next_token.output"), output));
        }
        for (at, member_path) in &paths {
            if member_path.projects() {
                self.report.error(
                    at,
                    format!("`{}` looks into the items of a list", member_path.text),
                    Some("a paginator reads members of the response and its structures, without `[]`".into()),
                );
            }
        }
        Some(Paginator {
            cursor,
            page_size,
            items: items?,
            total,
        })
    }

    /// The request member `wire` of `action`, whose type fits `want`.
    fn input_member(
        &mut self,
        path: &str,
        action: &Action,
        wire: &str,
        want: Want,
    ) -> Option<InputMember> {
        let Some(field) = action.input.fields.iter().find(|f| f.wire == wire) else {
            let hint = closest(wire, action.input.fields.iter().map(|f| f.wire.as_str()))
                .map_or_else(
                    || "name a member of the action's \"input\"".to_owned(),
                    |close| format!("did you mean `{close}`?"),
                );
            self.report.error(
                path,
                format!("`{}` has no request member `{wire}`", action.wire),
                Some(hint),
            );
            return None;
        };
        if !want.fits(&field.ty, &[]) {
            self.report.error(
                path,
                format!("request member `{wire}` is not {}", want.describe()),
                Some("name a member of a fitting type".into()),
            );
            return None;
        }
        Some(InputMember {
            wire: field.wire.clone(),
            rust: field.rust.clone(),
            ty: field.ty.clone(),
            optional: !field.ty.is_collection() && !field.required,
        })
    }

    /// Resolves a response path of `action`, whose last member fits `want`.
    fn member_path(
        &mut self,
        path: &str,
        action: &Action,
        structs: &[Struct],
        text: &str,
        want: Want,
    ) -> Option<MemberPath> {
        self.member_path_in(path, action, structs, &[], text, want)
    }

    fn member_path_in(
        &mut self,
        path: &str,
        action: &Action,
        structs: &[Struct],
        enums: &[Enum],
        text: &str,
        want: Want,
    ) -> Option<MemberPath> {
        let mut fields: &[Field] = &action.output.fields;
        let mut owner = format!("the response of `{}`", action.wire);
        let mut steps = Vec::new();
        let segments: Vec<&str> = text.split('.').collect();
        let mut last_ty = None;
        for (n, segment) in segments.iter().enumerate() {
            let (wire, each) = match segment.strip_suffix("[]") {
                Some(wire) => (wire, true),
                None => (*segment, false),
            };
            let Some(field) = fields.iter().find(|f| f.wire == wire) else {
                let hint = closest(wire, fields.iter().map(|f| f.wire.as_str())).map_or_else(
                    || {
                        "write wire names joined by `.`, as in `MigrationJobs.MigrationJob`"
                            .to_owned()
                    },
                    |close| format!("did you mean `{close}`?"),
                );
                self.report.error(
                    path,
                    format!("{owner} has no member `{wire}` (in `{text}`)"),
                    Some(hint),
                );
                return None;
            };
            let mut ty = &field.ty;
            if each {
                match ty {
                    Ty::List(item) => ty = item,
                    _ => {
                        self.report.error(
                            path,
                            format!(
                                "`{wire}` is not a list, so `[]` cannot follow it (in `{text}`)"
                            ),
                            Some("remove the `[]`".into()),
                        );
                        return None;
                    }
                }
            }
            steps.push(PathStep {
                wire: field.wire.clone(),
                rust: field.rust.clone(),
                optional: received_optional(field),
                each,
            });
            let is_last = n + 1 == segments.len();
            if is_last {
                last_ty = Some(ty.clone());
                break;
            }
            match ty {
                Ty::Struct(index) => {
                    let structure = structs.get(*index)?;
                    fields = &structure.fields;
                    owner = format!("structure `{}`", structure.wire);
                }
                Ty::List(_) => {
                    self.report.error(
                        path,
                        format!("`{wire}` is a list (in `{text}`)"),
                        Some(format!("write `{wire}[]` to look into each of its items")),
                    );
                    return None;
                }
                _ => {
                    self.report.error(
                        path,
                        format!("`{wire}` is not a structure, so the path cannot go into it (in `{text}`)"),
                        Some("end the path at this member".into()),
                    );
                    return None;
                }
            }
        }
        let ty = last_ty?;
        if !want.fits(&ty, enums) {
            self.report.error(
                path,
                format!("`{text}` is not {}", want.describe()),
                Some("name a member of a fitting type".into()),
            );
            return None;
        }
        Some(MemberPath {
            text: text.to_owned(),
            steps,
            ty,
        })
    }

    /// Resolves every waiter.
    pub(super) fn waiters(
        &mut self,
        actions: &[Action],
        structs: &[Struct],
        enums: &[Enum],
    ) -> Vec<Waiter> {
        let spec = self.spec;
        let mut names: BTreeMap<String, usize> = BTreeMap::new();
        let mut waiters = Vec::new();
        for (i, declared) in spec.waiters.iter().enumerate() {
            let path = format!("$.waiters[{i}]");
            let method = format!("wait_until_{}", naming::snake(&declared.name));
            if !naming::is_identifier(&declared.name)
                || !declared.name.starts_with(|c: char| c.is_ascii_uppercase())
            {
                self.report.error(
                    &format!("{path}.name"),
                    format!(
                        "waiter name `{}` is not an UpperCamelCase identifier",
                        declared.name
                    ),
                    Some("name what is awaited, as in `MigrationCheckFinished`".into()),
                );
                continue;
            }
            if let Some(first) = names.insert(method.clone(), i) {
                self.report.error(
                    &format!("{path}.name"),
                    format!(
                        "waiter `{}` becomes the method `{method}`, as $.waiters[{first}] does",
                        declared.name
                    ),
                    Some("rename one of them".into()),
                );
            }
            if let Some(waiter) = self.waiter(&path, declared, method, actions, structs, enums) {
                waiters.push(waiter);
            }
        }
        waiters
    }

    fn waiter(
        &mut self,
        path: &str,
        declared: &file::Waiter,
        method: String,
        actions: &[Action],
        structs: &[Struct],
        enums: &[Enum],
    ) -> Option<Waiter> {
        let Some(index) = actions.iter().position(|a| a.wire == declared.action) else {
            let hint = closest(&declared.action, actions.iter().map(|a| a.wire.as_str()))
                .map_or_else(
                    || "name an action of this file".to_owned(),
                    |close| format!("did you mean `{close}`?"),
                );
            self.report.error(
                &format!("{path}.action"),
                format!("no action `{}`", declared.action),
                Some(hint),
            );
            return None;
        };
        let action = &actions[index];
        if declared.success.is_empty() {
            self.report.error(
                &format!("{path}.success"),
                "a waiter needs at least one success acceptor",
                Some("say which response value ends the wait".into()),
            );
        }
        let mut argument_ty = None;
        let mut resolve = |b: &mut Self, key: &str, list: &[file::Acceptor]| {
            let mut resolved = Vec::new();
            for (n, acceptor) in list.iter().enumerate() {
                let at = format!("{path}.{key}[{n}]");
                if let Some(a) = b.acceptor(&at, acceptor, action, structs, enums, key == "success")
                {
                    if a.expect == Expect::Argument {
                        argument_ty = Some(a.path.ty.clone());
                    }
                    resolved.push(a);
                }
            }
            resolved
        };
        let success = resolve(self, "success", &declared.success);
        let failure = resolve(self, "failure", &declared.failure);
        let argument = match (&declared.argument, argument_ty) {
            (Some(name), Some(ty)) => {
                if !naming::is_identifier(name)
                    || naming::is_keyword(name)
                    || name != &naming::snake(name)
                {
                    self.report.error(
                        &format!("{path}.argument"),
                        format!("argument name `{name}` is not a snake_case identifier"),
                        Some("name the wanted value, as in `status`".into()),
                    );
                }
                Some((name.clone(), ty))
            }
            (None, Some(_)) => {
                self.report.error(
                    &format!("{path}.argument"),
                    "an acceptor compares with the argument, but the waiter names none",
                    Some("set \"argument\" to the snake_case name of the wanted value".into()),
                );
                None
            }
            (Some(_), None) => {
                self.report.error(
                    &format!("{path}.argument"),
                    "the waiter names an argument that no success acceptor uses",
                    Some("add `\"equals_argument\": true` to a success acceptor, or remove \"argument\"".into()),
                );
                None
            }
            (None, None) => None,
        };
        for (n, code) in declared.retry_errors.iter().enumerate() {
            if code.is_empty()
                || !code
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
            {
                self.report.error(
                    &format!("{path}.retry_errors[{n}]"),
                    format!("`{code}` is not an error code"),
                    Some("codes are letters, digits, `.` and `_`".into()),
                );
            }
        }
        let min_delay_ms = declared.min_delay_ms.unwrap_or(DEFAULT_MIN_DELAY_MS);
        let max_delay_ms = declared
            .max_delay_ms
            .unwrap_or(DEFAULT_MAX_DELAY_MS.max(min_delay_ms));
        if min_delay_ms == 0 || min_delay_ms > max_delay_ms {
            self.report.error(
                &format!("{path}.min_delay_ms"),
                format!(
                    "delays must satisfy 0 < min ({min_delay_ms} ms) <= max ({max_delay_ms} ms)"
                ),
                Some("set \"min_delay_ms\" and \"max_delay_ms\" accordingly".into()),
            );
        }
        Some(Waiter {
            name: declared.name.clone(),
            method,
            action: index,
            docs: declared.docs.clone(),
            argument,
            success,
            failure,
            retry_errors: declared.retry_errors.clone(),
            min_delay_ms,
            max_delay_ms,
        })
    }

    fn acceptor(
        &mut self,
        path: &str,
        acceptor: &file::Acceptor,
        action: &Action,
        structs: &[Struct],
        enums: &[Enum],
        success: bool,
    ) -> Option<Acceptor> {
        let member = self.member_path_in(
            &format!("{path}.path"),
            action,
            structs,
            enums,
            &acceptor.path,
            Want::Scalar,
        )?;
        let kinds = [
            acceptor.equals.is_some(),
            !acceptor.any_of.is_empty(),
            acceptor.equals_argument,
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            self.report.error(
                path,
                "an acceptor compares in exactly one way",
                Some("set one of \"equals\", \"any_of\" and \"equals_argument\"".into()),
            );
            return None;
        }
        if acceptor.equals_argument && !success {
            self.report.error(
                &format!("{path}.equals_argument"),
                "only success acceptors compare with the argument",
                Some("list the failure values with \"any_of\"".into()),
            );
            return None;
        }
        match (member.projects(), acceptor.items) {
            (true, None) => {
                self.report.error(
                    path,
                    format!(
                        "`{}` looks into a list: say how its items combine",
                        member.text
                    ),
                    Some("set \"items\" to \"all\" or \"any\"".into()),
                );
                return None;
            }
            (false, Some(_)) => {
                self.report.error(
                    &format!("{path}.items"),
                    format!("`{}` does not look into a list", member.text),
                    Some("remove \"items\"".into()),
                );
                return None;
            }
            _ => {}
        }
        let expect = if acceptor.equals_argument {
            Expect::Argument
        } else {
            let (key, values): (&str, Vec<&serde_json::Value>) = match &acceptor.equals {
                Some(value) => ("equals", vec![value]),
                None => ("any_of", acceptor.any_of.iter().collect()),
            };
            let mut texts = Vec::new();
            for (n, value) in values.iter().enumerate() {
                let at = if key == "equals" {
                    format!("{path}.equals")
                } else {
                    format!("{path}.any_of[{n}]")
                };
                match value_text(value, &member.ty, enums) {
                    Ok(text) => texts.push(text),
                    Err(problem) => {
                        self.report.error(
                            &at,
                            problem,
                            Some(format!(
                                "`{}` holds {}",
                                member.text,
                                type_words(&member.ty, enums)
                            )),
                        );
                    }
                }
            }
            Expect::AnyOf(texts)
        };
        Some(Acceptor {
            path: member,
            expect,
            items: acceptor.items,
        })
    }
}

/// The text `Display` writes for `value` in a member of type `ty`, or why
/// the value cannot be held there.
fn value_text(value: &serde_json::Value, ty: &Ty, enums: &[Enum]) -> Result<String, String> {
    use serde_json::Value;
    match (ty, value) {
        (Ty::Enum(i), _) => {
            let e = &enums[*i];
            let literal = match (e.kind, value) {
                (EnumKind::String, Value::String(s)) => Literal::Str(s.clone()),
                (EnumKind::Integer, Value::Number(n)) if n.as_i64().is_some() => {
                    Literal::Int(n.as_i64().unwrap_or_default())
                }
                _ => return Err(format!("{value} does not fit the enumeration `{}`", e.wire)),
            };
            if !e.variants.iter().any(|v| v.value == literal) {
                return Err(format!("{value} is not a known value of `{}`", e.wire));
            }
            Ok(match literal {
                Literal::Str(s) => s,
                Literal::Int(n) => n.to_string(),
            })
        }
        (Ty::Primitive(Primitive::Bool), Value::Bool(b)) => Ok(b.to_string()),
        (Ty::Primitive(p), Value::Number(n)) if is_count(*p) && *p != Primitive::String => n
            .as_i64()
            .map(|n| n.to_string())
            .or_else(|| n.as_u64().map(|n| n.to_string()))
            .ok_or_else(|| format!("{value} is not an integer")),
        (Ty::Primitive(Primitive::F32 | Primitive::F64), Value::Number(_)) => {
            Err("floating-point members cannot be compared exactly".into())
        }
        (
            Ty::Primitive(Primitive::String | Primitive::Date | Primitive::DateTime),
            Value::String(s),
        ) => Ok(s.clone()),
        _ => Err(format!("{value} does not fit the member's type")),
    }
}

fn type_words(ty: &Ty, enums: &[Enum]) -> String {
    match ty {
        Ty::Enum(i) => format!("values of the enumeration `{}`", enums[*i].wire),
        Ty::Primitive(p) => format!("a {}", format!("{p:?}").to_lowercase()),
        _ => "a structure".into(),
    }
}

/// The known name closest to `name`, for a "did you mean" hint.
fn closest<'n>(name: &str, known: impl Iterator<Item = &'n str>) -> Option<&'n str> {
    let lower = name.to_lowercase();
    known
        .filter(|k| k.to_lowercase() == lower || edit_distance(k, name) <= 2)
        .min_by_key(|k| edit_distance(k, name))
}
