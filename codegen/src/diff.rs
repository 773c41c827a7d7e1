//! API changelog between two versions of a spec file (`sdkgen diff`).
//!
//! [`diff`] compares two validated models ([`Service`], what the generator
//! emits from) and lists every change users of the generated SDK may care
//! about, each with a stable [`ChangeKind`], a path
//! naming where it is (`CreateJob.input.JobName`, `types.TagItem.TagKey`,
//! `enums.JobStatus.values."created"`, `CreateJob.errors."FailedOperation.X"`;
//! a segment that is not a plain identifier is quoted), whether it is
//! breaking, and a one-line message.
//!
//! Every Rust name, type and module placement is the one the model derived
//! (and the emitter writes), never re-derived here, so each change also
//! says what it does to the Rust API: the method, setter, field or type it
//! adds, removes or renames.
//!
//! Things are matched by wire name, never by position, so reordering alone
//! is not a change. Documentation (`title`, `docs`, `example`, the text of a
//! deprecation note) is ours, not the vendor's: edits are only counted.
//!
//! # When a change is breaking
//!
//! A change is breaking when code written against the old generated SDK may
//! stop compiling, a request that was valid may now be rejected, or a
//! response field users read may disappear or change type:
//!
//! | change | breaking |
//! |---|---|
//! | action, member, type, enum, enum value or error code removed | yes |
//! | action, type, enum, enum value or error code added | no (enums and error codes keep unknown values) |
//! | member added | only when required and sent (a new argument or check) |
//! | member type changed | yes |
//! | `required` changed, either way | yes (the constructor, or `T` ↔ `Option<T>`) |
//! | `nullable` changed | only on a received member required in both versions (`T` ↔ `Option<T>`) |
//! | `min`, `max`, `max_length`, `max_items` tightened or added | only on a sent member |
//! | constraint loosened or removed | no |
//! | Rust name (`rust_name`, enum value `name`, derived error-code variant) changed | yes |
//! | data type moved between `types` and an action's module | yes (its path changes) |
//! | Rust type of a field, as the emitter writes it, changed | yes |
//! | enum type changed (string ↔ integer) | yes |
//! | signing algorithm removed | yes; added or reordered, no |
//! | deprecated, no longer deprecated | no |
//! | rate limit, method, endpoint, location, style, idempotency token, sensitive, HTTP status | no (the regenerated SDK follows them) |
//!
//! A member of a data type is sent when the type is reachable from some
//! request member, received when reachable from some response member, in
//! either version; a type used by neither counts as both, as the generator
//! treats it. The stricter rule applies.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use serde::{Serialize, Serializer};

use crate::diagnostics::Diagnostics;
use crate::model::{
    Action, Endpoints, Enum, EnumKind, ErrorCode, Field, HttpMethod, Location, Provider, Service,
    Signing, Struct, Style, Ty, Variant,
};
use crate::spec::file::SpecFile;

/// Every change between two versions, breaking ones first, then by path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changelog {
    /// The version compared from.
    pub old: ServiceVersion,
    /// The version compared to.
    pub new: ServiceVersion,
    /// The changes, in the order they are shown.
    pub changes: Vec<Change>,
    /// How many documentation texts changed (not listed).
    pub documentation_edits: usize,
}

/// Which service version a spec file describes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceVersion {
    /// Cloud provider.
    pub provider: Provider,
    /// Service short name.
    pub service: String,
    /// API version.
    pub version: String,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// Where: wire names joined by `.`.
    pub path: String,
    /// Whether code or requests made for the old version may fail.
    pub breaking: bool,
    /// One line for people, with the old and new values.
    pub message: String,
}

/// What a [`Change`] is; its [`as_str`](ChangeKind::as_str) form is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// `action-added`
    ActionAdded,
    /// `action-removed`
    ActionRemoved,
    /// `member-added`
    MemberAdded,
    /// `member-removed`
    MemberRemoved,
    /// `type-changed`: a member's type expression.
    TypeChanged,
    /// `required-changed`
    RequiredChanged,
    /// `nullable-changed`
    NullableChanged,
    /// `constraint-changed`: `min`, `max`, `max_length` or `max_items`.
    ConstraintChanged,
    /// `sensitive-changed`
    SensitiveChanged,
    /// `location-changed` (Alibaba)
    LocationChanged,
    /// `style-changed` (Alibaba)
    StyleChanged,
    /// `idempotency-token-changed` (Alibaba)
    IdempotencyTokenChanged,
    /// `type-added`: a data type.
    TypeAdded,
    /// `type-removed`
    TypeRemoved,
    /// `enum-added`
    EnumAdded,
    /// `enum-removed`
    EnumRemoved,
    /// `enum-type-changed`: string ↔ integer.
    EnumTypeChanged,
    /// `enum-value-added`
    EnumValueAdded,
    /// `enum-value-removed`
    EnumValueRemoved,
    /// `error-code-added`
    ErrorCodeAdded,
    /// `error-code-removed`
    ErrorCodeRemoved,
    /// `error-status-changed`: the HTTP status documented with a code.
    ErrorStatusChanged,
    /// `deprecated`
    Deprecated,
    /// `undeprecated`
    Undeprecated,
    /// `rust-name-changed`: a generated name (`rust_name`, variant `name`).
    RustNameChanged,
    /// `rate-limit-changed`
    RateLimitChanged,
    /// `method-changed` (Alibaba)
    MethodChanged,
    /// `path-changed` (Alibaba ROA: the path template)
    PathChanged,
    /// `endpoint-changed`
    EndpointChanged,
    /// `signing-changed`
    SigningChanged,
    /// `type-moved`: a data type's module (`types` or an action's module).
    TypeMoved,
    /// `rust-type-changed`: the Rust type of a field, as generated.
    RustTypeChanged,
    /// `paginator-added`: an action gains `<action>_paginator`.
    PaginatorAdded,
    /// `paginator-removed`
    PaginatorRemoved,
    /// `paginator-changed`: its cursor, page size, items or total.
    PaginatorChanged,
    /// `waiter-added`: a `wait_until_<name>` method.
    WaiterAdded,
    /// `waiter-removed`
    WaiterRemoved,
    /// `waiter-changed`: its action, argument, acceptors or delays.
    WaiterChanged,
}

impl ChangeKind {
    /// The stable name, as in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::TypeMoved => "type-moved",
            ChangeKind::RustTypeChanged => "rust-type-changed",
            ChangeKind::PaginatorAdded => "paginator-added",
            ChangeKind::PaginatorRemoved => "paginator-removed",
            ChangeKind::PaginatorChanged => "paginator-changed",
            ChangeKind::WaiterAdded => "waiter-added",
            ChangeKind::WaiterRemoved => "waiter-removed",
            ChangeKind::WaiterChanged => "waiter-changed",
            ChangeKind::ActionAdded => "action-added",
            ChangeKind::ActionRemoved => "action-removed",
            ChangeKind::MemberAdded => "member-added",
            ChangeKind::MemberRemoved => "member-removed",
            ChangeKind::TypeChanged => "type-changed",
            ChangeKind::RequiredChanged => "required-changed",
            ChangeKind::NullableChanged => "nullable-changed",
            ChangeKind::ConstraintChanged => "constraint-changed",
            ChangeKind::SensitiveChanged => "sensitive-changed",
            ChangeKind::LocationChanged => "location-changed",
            ChangeKind::StyleChanged => "style-changed",
            ChangeKind::IdempotencyTokenChanged => "idempotency-token-changed",
            ChangeKind::TypeAdded => "type-added",
            ChangeKind::TypeRemoved => "type-removed",
            ChangeKind::EnumAdded => "enum-added",
            ChangeKind::EnumRemoved => "enum-removed",
            ChangeKind::EnumTypeChanged => "enum-type-changed",
            ChangeKind::EnumValueAdded => "enum-value-added",
            ChangeKind::EnumValueRemoved => "enum-value-removed",
            ChangeKind::ErrorCodeAdded => "error-code-added",
            ChangeKind::ErrorCodeRemoved => "error-code-removed",
            ChangeKind::ErrorStatusChanged => "error-status-changed",
            ChangeKind::Deprecated => "deprecated",
            ChangeKind::Undeprecated => "undeprecated",
            ChangeKind::RustNameChanged => "rust-name-changed",
            ChangeKind::RateLimitChanged => "rate-limit-changed",
            ChangeKind::MethodChanged => "method-changed",
            ChangeKind::PathChanged => "path-changed",
            ChangeKind::EndpointChanged => "endpoint-changed",
            ChangeKind::SigningChanged => "signing-changed",
        }
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ChangeKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Changelog {
    /// How many changes are breaking.
    pub fn breaking_count(&self) -> usize {
        self.changes.iter().filter(|c| c.breaking).count()
    }

    /// Whether any change is breaking.
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.breaking)
    }

    /// `tencent dts 2018-03-30 -> 2021-12-06: 3 changes, 1 breaking`.
    fn headline(&self) -> String {
        let span =
            if (self.old.provider, &self.old.service) == (self.new.provider, &self.new.service) {
                format!("{} -> {}", self.old, self.new.version)
            } else {
                format!("{} -> {}", self.old, self.new)
            };
        let counts = match self.changes.len() {
            0 => "no changes".to_owned(),
            n => format!(
                "{n} change{}, {} breaking",
                plural(n),
                self.breaking_count()
            ),
        };
        let edits = match self.documentation_edits {
            0 => String::new(),
            n => format!("; {n} documentation edit{} not listed", plural(n)),
        };
        format!("{span}: {counts}{edits}")
    }
}

/// The headline, then one line per change, breaking ones marked.
impl fmt::Display for Changelog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.headline())?;
        for change in &self.changes {
            let marker = if change.breaking { "BREAKING" } else { "" };
            writeln!(f, "{marker:<10}{}: {}", change.path, change.message)?;
        }
        Ok(())
    }
}

impl fmt::Display for ServiceVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let provider = self.provider.as_str();
        write!(f, "{provider} {} {}", self.service, self.version)
    }
}

/// Reads and validates a spec file for diffing. Unlike [`crate::load`], the
/// file may have any name (an old version saved from git, say).
pub fn load(path: &Path) -> Result<Service, Diagnostics> {
    load_str(path, &crate::spec::read(path)?)
}

/// Validates the text of a spec file for diffing; `path` names it in problems.
pub fn load_str(path: &Path, text: &str) -> Result<Service, Diagnostics> {
    let spec = crate::spec::parse(path, text)?;
    // The stem the header asks for, so the file-name rule always holds.
    crate::model::build::build(&spec, path, &spec.file_stem())
}

/// Validates two parsed spec files and compares them (`sdkgen import` uses
/// it to print what a merge changed).
pub fn diff_files(old: &SpecFile, new: &SpecFile) -> Result<Changelog, Diagnostics> {
    let model = |spec: &SpecFile| {
        crate::model::build::build(spec, Path::new("spec.json"), &spec.file_stem())
    };
    Ok(diff(&model(old)?, &model(new)?))
}

/// Compares two validated versions of a service.
pub fn diff(old: &Service, new: &Service) -> Changelog {
    let mut differ = Differ {
        old,
        new,
        changes: Vec::new(),
        documentation_edits: 0,
    };
    differ.service();
    differ.actions();
    differ.structs();
    differ.enums();
    differ.waiters();
    differ.rust_types();
    let mut changes = differ.changes;
    changes.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    Changelog {
        old: ServiceVersion::of_model(old),
        new: ServiceVersion::of_model(new),
        changes,
        documentation_edits: differ.documentation_edits,
    }
}

fn sort_key(change: &Change) -> (bool, &str, ChangeKind, &str) {
    (!change.breaking, &change.path, change.kind, &change.message)
}

impl ServiceVersion {
    /// The service version a parsed spec file describes.
    pub fn of(spec: &SpecFile) -> ServiceVersion {
        ServiceVersion {
            provider: spec.provider,
            service: spec.service.clone(),
            version: spec.version.clone(),
        }
    }

    /// The service version a model describes.
    pub fn of_model(service: &Service) -> ServiceVersion {
        ServiceVersion {
            provider: service.provider,
            service: service.service.clone(),
            version: service.version.clone(),
        }
    }
}

/// Which way a structure's members travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Direction {
    sent: bool,
    received: bool,
}

const SENT: Direction = Direction {
    sent: true,
    received: false,
};
const RECEIVED: Direction = Direction {
    sent: false,
    received: true,
};

impl Direction {
    /// A data type's direction in either version (the model marks a type
    /// nothing uses as both, as users may still build and read it).
    fn of_types(old: &Struct, new: &Struct) -> Direction {
        Direction {
            sent: old.sent || new.sent,
            received: old.received || new.received,
        }
    }
}

/// The same thing in both versions, or in one only.
enum Pair<'a, T> {
    Removed(&'a T),
    Added(&'a T),
    Both(&'a T, &'a T),
}

/// Matches items by key, in key order (the model has no duplicates).
fn pair_up<'a, T>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&T) -> String,
) -> Vec<(String, Pair<'a, T>)> {
    let old = by_key(old, &key);
    let mut new = by_key(new, &key);
    let mut pairs: Vec<(String, Pair<'a, T>)> = old
        .into_iter()
        .map(|(name, before)| match new.remove(&name) {
            Some(after) => (name, Pair::Both(before, after)),
            None => (name, Pair::Removed(before)),
        })
        .collect();
    pairs.extend(
        new.into_iter()
            .map(|(name, after)| (name, Pair::Added(after))),
    );
    pairs
}

fn by_key<T>(items: &[T], key: impl Fn(&T) -> String) -> BTreeMap<String, &T> {
    let mut map = BTreeMap::new();
    for item in items {
        map.entry(key(item)).or_insert(item);
    }
    map
}

/// A path segment: the name itself, or quoted when it is not a plain
/// identifier (Alibaba `SourceEndpoint.InstanceType`, error codes).
fn segment(name: &str) -> String {
    let plain = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        name.to_owned()
    } else {
        serde_json::Value::String(name.to_owned()).to_string()
    }
}

fn child(parent: &str, name: &str) -> String {
    format!("{parent}.{}", segment(name))
}

/// Collects the changes as the two versions are walked side by side.
struct Differ<'a> {
    old: &'a Service,
    new: &'a Service,
    changes: Vec<Change>,
    documentation_edits: usize,
}

impl Differ<'_> {
    fn push(&mut self, kind: ChangeKind, path: &str, breaking: bool, message: impl Into<String>) {
        // Notes and names come from the files: keep the message on one line.
        let message = message
            .into()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        self.changes.push(Change {
            kind,
            path: path.to_owned(),
            breaking,
            message,
        });
    }

    fn documentation<T: PartialEq>(&mut self, old: &T, new: &T) {
        if old != new {
            self.documentation_edits += 1;
        }
    }

    fn service(&mut self) {
        let (old, new) = (self.old, self.new);
        self.documentation(&old.title, &new.title);
        self.documentation(&old.docs, &new.docs);
        self.signing(&old.signing, &new.signing);
        self.endpoints(&old.endpoints, &new.endpoints);
    }

    /// Dropping an algorithm breaks clients configured to use it.
    fn signing(&mut self, old: &[Signing], new: &[Signing]) {
        if old == new {
            return;
        }
        let breaking = old.iter().any(|s| !new.contains(s));
        let message = format!("signing {} -> {}", signing_list(old), signing_list(new));
        self.push(ChangeKind::SigningChanged, "signing", breaking, message);
    }

    fn endpoints(&mut self, old: &Endpoints, new: &Endpoints) {
        self.endpoint("endpoints.default", Some(&old.default), Some(&new.default));
        self.endpoint(
            "endpoints.regional",
            old.regional.as_ref(),
            new.regional.as_ref(),
        );
        self.endpoint(
            "endpoints.international",
            old.international.as_ref(),
            new.international.as_ref(),
        );
        self.endpoint_map("endpoints.finance", &old.finance, &new.finance);
        self.endpoint_map("endpoints.regions", &old.regions, &new.regions);
    }

    fn endpoint_map(&mut self, path: &str, old: &[(String, String)], new: &[(String, String)]) {
        let (old, new): (BTreeMap<_, _>, BTreeMap<_, _>) = (
            old.iter().map(|(r, h)| (r, h)).collect(),
            new.iter().map(|(r, h)| (r, h)).collect(),
        );
        let regions: BTreeSet<&String> = old.keys().chain(new.keys()).copied().collect();
        for region in regions {
            self.endpoint(
                &child(path, region),
                old.get(region).copied(),
                new.get(region).copied(),
            );
        }
    }

    fn endpoint(&mut self, path: &str, old: Option<&String>, new: Option<&String>) {
        if old != new {
            let message = format!("host {} -> {}", or_none(old), or_none(new));
            self.push(ChangeKind::EndpointChanged, path, false, message);
        }
    }

    fn actions(&mut self) {
        let (old, new) = (self.old, self.new);
        for (name, pair) in pair_up(&old.actions, &new.actions, |a| a.wire.clone()) {
            let path = segment(&name);
            match pair {
                Pair::Removed(action) => {
                    let message = format!(
                        "action removed (method `{0}` and module `{0}` removed)",
                        action.module
                    );
                    self.push(ChangeKind::ActionRemoved, &path, true, message)
                }
                Pair::Added(action) => {
                    let message =
                        format!("action added (method `{0}`, module `{0}`)", action.module);
                    self.push(ChangeKind::ActionAdded, &path, false, message)
                }
                Pair::Both(old, new) => self.action(&path, old, new),
            }
        }
    }

    fn action(&mut self, path: &str, old: &Action, new: &Action) {
        self.rust_name(path, "method", &old.module, &new.module);
        self.rust_name(
            &format!("{path}.input"),
            "request type",
            &old.input.rust,
            &new.input.rust,
        );
        self.rust_name(
            &format!("{path}.output"),
            "response type",
            &old.output.rust,
            &new.output.rust,
        );
        self.rust_name(
            &format!("{path}.errors"),
            "error-code enum",
            &old.error_enum,
            &new.error_enum,
        );
        self.deprecation(path, &old.deprecated, &new.deprecated);
        if old.rate_limit != new.rate_limit {
            let message = format!(
                "rate limit {} -> {}",
                rate(old.rate_limit),
                rate(new.rate_limit)
            );
            self.push(ChangeKind::RateLimitChanged, path, false, message);
        }
        let (old_method, new_method) = (method_name(old.method), method_name(new.method));
        if old_method != new_method {
            let message = format!("method {old_method} -> {new_method}");
            self.push(ChangeKind::MethodChanged, path, false, message);
        }
        if old.path != new.path {
            let shown = |p: &Option<String>| p.clone().unwrap_or_else(|| "none".to_owned());
            let message = format!("path {} -> {}", shown(&old.path), shown(&new.path));
            self.push(ChangeKind::PathChanged, path, false, message);
        }
        self.idempotency_token(path, old, new);
        self.paginator(path, old, new);
        self.fields(&format!("{path}.input"), &old.input, &new.input, SENT);
        self.fields(
            &format!("{path}.output"),
            &old.output,
            &new.output,
            RECEIVED,
        );
        self.error_codes(&format!("{path}.errors"), &old.errors, &new.errors);
        self.documentation(&old.docs, &new.docs);
    }

    /// A paginator is one client method; what it reads is compared by wire
    /// names (the items' Rust type is reported as the field's own change).
    fn paginator(&mut self, path: &str, old: &Action, new: &Action) {
        let method = crate::emit::paginator_method(new);
        match (&old.paginator, &new.paginator) {
            (None, None) => {}
            (Some(_), None) => {
                let method = crate::emit::paginator_method(old);
                let message = format!("paginator removed (method `{method}` removed)");
                self.push(ChangeKind::PaginatorRemoved, path, true, message);
            }
            (None, Some(_)) => {
                let message = format!("paginator added (method `{method}`)");
                self.push(ChangeKind::PaginatorAdded, path, false, message);
            }
            (Some(before), Some(after)) => {
                let (before, after) = (paginator_text(before), paginator_text(after));
                if before != after {
                    let message = format!("paginator {before} -> {after}");
                    self.push(ChangeKind::PaginatorChanged, path, false, message);
                }
            }
        }
    }

    /// Reported on the member that is (or was) the token.
    fn idempotency_token(&mut self, path: &str, old: &Action, new: &Action) {
        let (before, after) = (&old.idempotency_token, &new.idempotency_token);
        if before == after {
            return;
        }
        // The old token member stops being one, the new one starts.
        let path = format!("{path}.input");
        if let Some(member) = before {
            let message = "idempotency token yes -> no";
            self.push(
                ChangeKind::IdempotencyTokenChanged,
                &child(&path, member),
                false,
                message,
            );
        }
        if let Some(member) = after {
            let message = "idempotency token no -> yes";
            self.push(
                ChangeKind::IdempotencyTokenChanged,
                &child(&path, member),
                false,
                message,
            );
        }
    }

    fn error_codes(&mut self, path: &str, old: &[ErrorCode], new: &[ErrorCode]) {
        for (code, pair) in pair_up(old, new, |e| e.code.clone()) {
            let path = child(path, &code);
            match pair {
                Pair::Removed(e) => {
                    let message = format!("error code removed (variant `{}` removed)", e.variant);
                    self.push(ChangeKind::ErrorCodeRemoved, &path, true, message)
                }
                Pair::Added(e) => {
                    let message = format!("error code added (variant `{}`)", e.variant);
                    self.push(ChangeKind::ErrorCodeAdded, &path, false, message)
                }
                Pair::Both(old, new) => {
                    // Variants can be renamed by the collision rule when
                    // another code of the action appears (docs/naming.md).
                    self.rust_name(&path, "variant", &old.variant, &new.variant);
                    if old.http_status != new.http_status {
                        let message = format!(
                            "HTTP status {} -> {}",
                            or_none(old.http_status),
                            or_none(new.http_status)
                        );
                        self.push(ChangeKind::ErrorStatusChanged, &path, false, message);
                    }
                    self.documentation(&old.docs, &new.docs);
                }
            }
        }
    }

    fn fields(&mut self, path: &str, old: &Struct, new: &Struct, direction: Direction) {
        let (old_service, new_service) = (self.old, self.new);
        for (name, pair) in pair_up(&old.fields, &new.fields, |f| f.wire.clone()) {
            let path = child(path, &name);
            match pair {
                Pair::Removed(field) => {
                    let message = format!(
                        "member removed (was {}; {} removed)",
                        describe(old_service, field),
                        rust_items(field, direction)
                    );
                    self.push(ChangeKind::MemberRemoved, &path, true, message);
                }
                Pair::Added(field) => {
                    // A required sent member is a new argument or a new check.
                    let breaking = direction.sent && field.required;
                    let message = format!(
                        "member added ({}; {})",
                        describe(new_service, field),
                        rust_items(field, direction)
                    );
                    self.push(ChangeKind::MemberAdded, &path, breaking, message);
                }
                Pair::Both(old, new) => self.field(&path, old, new, direction),
            }
        }
    }

    fn field(&mut self, path: &str, old: &Field, new: &Field, direction: Direction) {
        let (old_type, new_type) = (type_expr(self.old, &old.ty), type_expr(self.new, &new.ty));
        if old_type != new_type {
            let message = format!("type {old_type} -> {new_type}");
            self.push(ChangeKind::TypeChanged, path, true, message);
        }
        if old.required != new.required {
            let mut message = format!("{} -> {}", presence(old), presence(new));
            if direction.sent {
                message.push_str(if new.required {
                    " (now an argument of `new`)"
                } else {
                    " (no longer an argument of `new`: a setter)"
                });
            }
            self.push(ChangeKind::RequiredChanged, path, true, message);
        }
        if old.nullable != new.nullable {
            // Only an always-present received value moves between `T` and `Option<T>`.
            let breaking = direction.received && old.required && new.required;
            let message = format!(
                "nullable {} -> {}",
                yes_no(old.nullable),
                yes_no(new.nullable)
            );
            self.push(ChangeKind::NullableChanged, path, breaking, message);
        }
        self.rust_name(path, "field", &old.rust, &new.rust);
        self.deprecation(path, &old.deprecated, &new.deprecated);
        self.constraints(path, old, new, direction);
        self.wire_details(path, old, new);
        self.documentation(&old.docs, &new.docs);
        self.documentation(&old.example, &new.example);
    }

    /// Tighter bounds reject requests `validate()` used to accept; responses
    /// are not checked, so only sent members can break.
    fn constraints(&mut self, path: &str, old: &Field, new: &Field, direction: Direction) {
        let lengths = |f: &Field| (f.max_length.map(f64::from), f.max_items.map(f64::from));
        let ((old_length, old_items), (new_length, new_items)) = (lengths(old), lengths(new));
        let bounds = [
            ("min", old.min, new.min, Bound::Lower),
            ("max", old.max, new.max, Bound::Upper),
            ("max_length", old_length, new_length, Bound::Upper),
            ("max_items", old_items, new_items, Bound::Upper),
        ];
        for (name, old, new, bound) in bounds {
            if old != new {
                let breaking = direction.sent && bound.tightened(old, new);
                let message = format!("{name} {} -> {}", or_none(old), or_none(new));
                self.push(ChangeKind::ConstraintChanged, path, breaking, message);
            }
        }
    }

    /// How a value travels and is shown; the regenerated SDK follows these.
    fn wire_details(&mut self, path: &str, old: &Field, new: &Field) {
        let location = |f: &Field| location_name(f.placement.map(|(location, _)| location));
        let style = |f: &Field| style_name(f.placement.and_then(|(_, style)| style));
        let details = [
            (
                ChangeKind::LocationChanged,
                "location",
                location(old),
                location(new),
            ),
            (ChangeKind::StyleChanged, "style", style(old), style(new)),
            (
                ChangeKind::SensitiveChanged,
                "sensitive",
                yes_no(old.sensitive),
                yes_no(new.sensitive),
            ),
        ];
        for (kind, what, old, new) in details {
            if old != new {
                self.push(kind, path, false, format!("{what} {old} -> {new}"));
            }
        }
    }

    fn structs(&mut self) {
        let (old, new) = (self.old, self.new);
        for (name, pair) in pair_up(&old.structs, &new.structs, |s| s.wire.clone()) {
            let path = child("types", &name);
            match pair {
                Pair::Removed(s) => {
                    let message =
                        format!("type removed (`{}::{}` removed)", module_of(old, s), s.rust);
                    self.push(ChangeKind::TypeRemoved, &path, true, message)
                }
                Pair::Added(s) => {
                    let message = format!(
                        "type added (`{}::{}`, {} members)",
                        module_of(new, s),
                        s.rust,
                        s.fields.len()
                    );
                    self.push(ChangeKind::TypeAdded, &path, false, message);
                }
                Pair::Both(before, after) => {
                    self.rust_name(&path, "type", &before.rust, &after.rust);
                    let (from, to) = (module_of(old, before), module_of(new, after));
                    if from != to {
                        let message =
                            format!("module {from}::{} -> {to}::{}", before.rust, after.rust);
                        self.push(ChangeKind::TypeMoved, &path, true, message);
                    }
                    self.deprecation(&path, &before.deprecated, &after.deprecated);
                    let direction = Direction::of_types(before, after);
                    self.fields(&path, before, after, direction);
                    self.documentation(&before.docs, &after.docs);
                }
            }
        }
    }

    fn enums(&mut self) {
        let (old, new) = (self.old, self.new);
        for (name, pair) in pair_up(&old.enums, &new.enums, |e| e.wire.clone()) {
            let path = child("enums", &name);
            match pair {
                Pair::Removed(e) => {
                    let message = format!("enum removed (`types::{}` removed)", e.rust);
                    self.push(ChangeKind::EnumRemoved, &path, true, message)
                }
                Pair::Added(e) => {
                    let message = format!(
                        "enum added (`types::{}`, {}, {} values)",
                        e.rust,
                        enum_kind_name(e.kind),
                        e.variants.len()
                    );
                    self.push(ChangeKind::EnumAdded, &path, false, message);
                }
                Pair::Both(old, new) => self.enum_def(&path, old, new),
            }
        }
    }

    fn enum_def(&mut self, path: &str, old: &Enum, new: &Enum) {
        self.rust_name(path, "type", &old.rust, &new.rust);
        if old.kind != new.kind {
            let message = format!(
                "values {} -> {}",
                enum_kind_name(old.kind),
                enum_kind_name(new.kind)
            );
            self.push(ChangeKind::EnumTypeChanged, path, true, message);
        }
        self.variants(&format!("{path}.values"), &old.variants, &new.variants);
        self.documentation(&old.docs, &new.docs);
    }

    fn variants(&mut self, path: &str, old: &[Variant], new: &[Variant]) {
        // Keyed by the JSON literal, so `"1"` and `1` differ.
        for (literal, pair) in pair_up(old, new, |v| v.value.to_string()) {
            let path = format!("{path}.{literal}");
            match pair {
                Pair::Removed(v) => {
                    let message = format!("value removed (variant `{}` removed)", v.rust);
                    self.push(ChangeKind::EnumValueRemoved, &path, true, message)
                }
                Pair::Added(v) => {
                    let message = format!("value added (variant `{}`)", v.rust);
                    self.push(ChangeKind::EnumValueAdded, &path, false, message);
                }
                Pair::Both(old, new) => {
                    self.rust_name(&path, "variant", &old.rust, &new.rust);
                    self.deprecation(&path, &old.deprecated, &new.deprecated);
                    self.documentation(&old.docs, &new.docs);
                }
            }
        }
    }

    /// Waiters are methods: removing one or changing its argument breaks
    /// callers; what it polls for and how long it waits do not.
    fn waiters(&mut self) {
        let (old, new) = (self.old, self.new);
        for (name, pair) in pair_up(&old.waiters, &new.waiters, |w| w.name.clone()) {
            let path = child("waiters", &name);
            match pair {
                Pair::Removed(w) => {
                    let message = format!("waiter removed (method `{}` removed)", w.method);
                    self.push(ChangeKind::WaiterRemoved, &path, true, message);
                }
                Pair::Added(w) => {
                    let message = format!("waiter added (method `{}`)", w.method);
                    self.push(ChangeKind::WaiterAdded, &path, false, message);
                }
                Pair::Both(before, after) => {
                    let (from, to) = (waiter_text(old, before), waiter_text(new, after));
                    let argument = |w: &crate::model::Waiter, s: &Service| {
                        w.argument
                            .as_ref()
                            .map(|(name, ty)| format!("{name}: {}", type_expr(s, ty)))
                    };
                    let signature_changed = before.method != after.method
                        || argument(before, old) != argument(after, new)
                        || old.actions[before.action].wire != new.actions[after.action].wire;
                    if from != to || signature_changed {
                        let message = format!("waiter {from} -> {to}");
                        self.push(ChangeKind::WaiterChanged, &path, signature_changed, message);
                    }
                    self.documentation(&before.docs, &after.docs);
                }
            }
        }
    }

    /// The field types the emitter writes, beside the wire changes that
    /// cause them (`String` -> `Option<String>` when a received type
    /// becomes sent too, say).
    fn rust_types(&mut self) {
        let new_types: BTreeMap<(String, String), String> = crate::emit::rust_field_types(self.new)
            .into_iter()
            .map(|(at, wire, ty)| ((at, wire), ty))
            .collect();
        for (at, wire, old_ty) in crate::emit::rust_field_types(self.old) {
            let Some(new_ty) = new_types.get(&(at.clone(), wire.clone())) else {
                continue;
            };
            if *new_ty != old_ty {
                let path = at
                    .split_once('.')
                    .map(|(head, tail)| format!("{}.{tail}", segment(head)))
                    .unwrap_or_default();
                let message = format!("Rust type {old_ty} -> {new_ty}");
                self.push(
                    ChangeKind::RustTypeChanged,
                    &child(&path, &wire),
                    true,
                    message,
                );
            }
        }
    }

    fn rust_name(&mut self, path: &str, what: &str, old: &str, new: &str) {
        if old != new {
            let message = format!("Rust name of the {what} {old} -> {new}");
            self.push(ChangeKind::RustNameChanged, path, true, message);
        }
    }

    /// `#[deprecated]` only warns, so neither direction breaks a build.
    fn deprecation(&mut self, path: &str, old: &Option<String>, new: &Option<String>) {
        match (old.as_deref(), new.as_deref()) {
            (None, Some("")) => self.push(ChangeKind::Deprecated, path, false, "deprecated"),
            (None, Some(note)) => {
                let message = format!("deprecated: {note}");
                self.push(ChangeKind::Deprecated, path, false, message);
            }
            (Some(_), None) => self.push(
                ChangeKind::Undeprecated,
                path,
                false,
                "no longer deprecated",
            ),
            (Some(old), Some(new)) => self.documentation(&old, &new),
            (None, None) => {}
        }
    }
}

/// Which way a bound tightens.
#[derive(Clone, Copy)]
enum Bound {
    /// `min`: tighter when raised.
    Lower,
    /// `max`, `max_length`, `max_items`: tighter when lowered.
    Upper,
}

impl Bound {
    fn tightened(self, old: Option<f64>, new: Option<f64>) -> bool {
        match (old, new, self) {
            (_, None, _) => false,
            (None, Some(_), _) => true,
            (Some(old), Some(new), Bound::Lower) => new > old,
            (Some(old), Some(new), Bound::Upper) => new < old,
        }
    }
}

/// `offset Offset, page size Limit, items JobList, total TotalCount`.
fn paginator_text(p: &crate::model::Paginator) -> String {
    use crate::model::Cursor;
    let cursor = match &p.cursor {
        Cursor::Offset(m) => format!("offset {}", m.wire),
        Cursor::PageNumber(m) => format!("page number {}", m.wire),
        Cursor::Token { input, output } => format!("token {} <- {}", input.wire, output.text),
    };
    let mut parts = vec![cursor];
    if let Some(size) = &p.page_size {
        parts.push(format!("page size {}", size.wire));
    }
    parts.push(format!("items {}", p.items.text));
    if let Some(total) = &p.total {
        parts.push(format!("total {}", total.text));
    }
    parts.join(", ")
}

/// What a waiter polls and when it stops, for its changelog line.
fn waiter_text(service: &Service, w: &crate::model::Waiter) -> String {
    let mut text = format!(
        "`{}` polling {}, delays {}-{} ms",
        w.method, service.actions[w.action].wire, w.min_delay_ms, w.max_delay_ms
    );
    if let Some((name, ty)) = &w.argument {
        text.push_str(&format!(", argument {name}: {}", type_expr(service, ty)));
    }
    let acceptors = |list: &[crate::model::Acceptor]| {
        list.iter()
            .map(acceptor_text)
            .collect::<Vec<_>>()
            .join(" or ")
    };
    text.push_str(&format!(
        ", success when {}, failure when {}",
        acceptors(&w.success),
        match acceptors(&w.failure) {
            none if none.is_empty() => "never".to_owned(),
            some => some,
        }
    ));
    if !w.retry_errors.is_empty() {
        text.push_str(&format!(", retrying on {}", w.retry_errors.join(", ")));
    }
    text
}

/// `Status in [finished, failed]`, `JobList[].Status (all) = argument`.
fn acceptor_text(a: &crate::model::Acceptor) -> String {
    let items = match a.items {
        Some(crate::model::ItemsMatch::All) => " (all)",
        Some(crate::model::ItemsMatch::Any) => " (any)",
        None => "",
    };
    match &a.expect {
        crate::model::Expect::AnyOf(values) => {
            format!("{}{items} in [{}]", a.path.text, values.join(", "))
        }
        crate::model::Expect::Argument => format!("{}{items} = argument", a.path.text),
    }
}

/// The module a data type is emitted in: `types` or its action's module.
fn module_of(service: &Service, s: &Struct) -> String {
    match s.scope {
        Some(action) => service.actions[action].module.clone(),
        None => "types".to_owned(),
    }
}

/// The Rust items a member gives users: an argument of `new` and a field
/// for a required sent member, a setter and a field for an optional one, a
/// field for a received one.
fn rust_items(field: &Field, direction: Direction) -> String {
    let name = field.rust.trim_start_matches("r#");
    match (direction.sent, field.required) {
        (true, true) => format!("argument of `new` and field `{name}`"),
        (true, false) => format!("setter and field `{name}`"),
        (false, _) => format!("field `{name}`"),
    }
}

/// The type expression of a field, as a spec file writes it.
fn type_expr(service: &Service, ty: &Ty) -> String {
    match ty {
        Ty::Primitive(p) => p.keyword().to_owned(),
        Ty::List(item) => format!("list<{}>", type_expr(service, item)),
        Ty::Map(value) => format!("map<{}>", type_expr(service, value)),
        Ty::Struct(i) => service.structs[*i].wire.clone(),
        Ty::Enum(i) => service.enums[*i].wire.clone(),
    }
}

/// `string, required`: what users see of a member.
fn describe(service: &Service, field: &Field) -> String {
    format!("{}, {}", type_expr(service, &field.ty), presence(field))
}

fn presence(field: &Field) -> &'static str {
    if field.required {
        "required"
    } else {
        "optional"
    }
}

fn yes_no(flag: bool) -> &'static str {
    if flag {
        "yes"
    } else {
        "no"
    }
}

fn or_none<T: fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "none".to_owned(), |v| v.to_string())
}

fn rate(limit: Option<u32>) -> String {
    limit.map_or_else(|| "none".to_owned(), |n| format!("{n}/s"))
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

fn signing_list(signing: &[Signing]) -> String {
    if signing.is_empty() {
        return "none".to_owned();
    }
    let names: Vec<&str> = signing
        .iter()
        .map(|s| match s {
            Signing::Tc3 => "tc3",
            Signing::TencentV1 => "tencent-v1",
            Signing::Acs3 => "acs3",
            Signing::RpcV2 => "rpc-v2",
            Signing::RoaV1 => "roa-v1",
        })
        .collect();
    names.join(", ")
}

fn method_name(method: HttpMethod) -> &'static str {
    match method {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
        HttpMethod::Put => "PUT",
        HttpMethod::Delete => "DELETE",
        HttpMethod::Patch => "PATCH",
    }
}

/// `query` outside RPC requests, as the generator reads it.
fn location_name(location: Option<Location>) -> &'static str {
    match location {
        Some(Location::Body) => "body",
        Some(Location::Query) | None => "query",
        Some(Location::Path) => "path",
        Some(Location::Header) => "header",
        Some(Location::Payload) => "payload",
    }
}

fn style_name(style: Option<Style>) -> &'static str {
    match style {
        None => "none",
        Some(Style::RepeatList) => "repeat-list",
        Some(Style::Flat) => "flat",
        Some(Style::Json) => "json",
        Some(Style::Simple) => "simple",
    }
}

fn enum_kind_name(kind: EnumKind) -> &'static str {
    match kind {
        EnumKind::String => "string",
        EnumKind::Integer => "integer",
    }
}
