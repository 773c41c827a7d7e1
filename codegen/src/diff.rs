//! API changelog between two versions of a spec file (`sdkgen diff`).
//!
//! [`diff`] compares two [`SpecFile`]s and lists every change users of the
//! generated SDK may care about, each with a stable [`ChangeKind`], a path
//! naming where it is (`CreateJob.input.JobName`, `types.TagItem.TagKey`,
//! `enums.JobStatus.values."created"`, `CreateJob.errors."FailedOperation.X"`;
//! a segment that is not a plain identifier is quoted), whether it is
//! breaking, and a one-line message.
//!
//! Both files are also built into validated models, and the names the model
//! derives from several items together (error-code variants, see
//! `docs/naming.md`) and the module it places each data type in are
//! compared there.
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
use crate::model;
use crate::naming;
use crate::spec::file::{
    self, Action, Deprecation, EnumDef, EnumKind, EnumValue, ErrorCode, HttpMethod, Member,
    Provider, Signing, SpecFile, Style, TypeDef,
};

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
    /// `endpoint-changed`
    EndpointChanged,
    /// `signing-changed`
    SigningChanged,
    /// `type-moved`: a data type's module (`types` or an action's module).
    TypeMoved,
    /// `rust-type-changed`: the Rust type of a field, as generated.
    RustTypeChanged,
}

impl ChangeKind {
    /// The stable name, as in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::TypeMoved => "type-moved",
            ChangeKind::RustTypeChanged => "rust-type-changed",
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
/// file may have any name (an old version saved from git, say), and the
/// syntax types are returned, as [`diff`] compares them.
pub fn load(path: &Path) -> Result<SpecFile, Diagnostics> {
    load_str(path, &crate::spec::read(path)?)
}

/// Validates the text of a spec file for diffing; `path` names it in problems.
pub fn load_str(path: &Path, text: &str) -> Result<SpecFile, Diagnostics> {
    let spec = crate::spec::parse(path, text)?;
    // The stem the header asks for, so the file-name rule always holds.
    crate::model::build::build(&spec, path, &spec.file_stem())?;
    Ok(spec)
}

/// Compares two versions of a spec file. Works on any parsed files, valid
/// or not, without panicking; duplicate names count once (the first).
pub fn diff(old: &SpecFile, new: &SpecFile) -> Changelog {
    let mut differ = Differ {
        directions: type_directions(old, new),
        changes: Vec::new(),
        documentation_edits: 0,
    };
    differ.service(old, new);
    differ.actions(&old.actions, &new.actions);
    differ.types(&old.types, &new.types);
    differ.enums(&old.enums, &new.enums);
    // What only the validated models know: names derived from several
    // items together (error-code variants) and where each type is emitted.
    if let (Ok(old_model), Ok(new_model)) = (model_of(old), model_of(new)) {
        differ.models(&old_model, &new_model);
    }
    let mut changes = differ.changes;
    changes.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    Changelog {
        old: ServiceVersion::of(old),
        new: ServiceVersion::of(new),
        changes,
        documentation_edits: differ.documentation_edits,
    }
}

/// The validated model of a spec, for the parts of the diff that need it.
fn model_of(spec: &SpecFile) -> Result<model::Service, Diagnostics> {
    crate::model::build::build(spec, Path::new("spec.json"), &spec.file_stem())
}

fn sort_key(change: &Change) -> (bool, &str, ChangeKind, &str) {
    (!change.breaking, &change.path, change.kind, &change.message)
}

impl ServiceVersion {
    /// The service version `spec` describes.
    pub fn of(spec: &SpecFile) -> ServiceVersion {
        ServiceVersion {
            provider: spec.provider,
            service: spec.service.clone(),
            version: spec.version.clone(),
        }
    }
}

/// Which way a structure's members travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
const BOTH: Direction = Direction {
    sent: true,
    received: true,
};

impl Direction {
    fn or(self, other: Direction) -> Direction {
        Direction {
            sent: self.sent || other.sent,
            received: self.received || other.received,
        }
    }
}

/// The direction of every data type, in either version.
fn type_directions(old: &SpecFile, new: &SpecFile) -> BTreeMap<String, Direction> {
    let mut directions = spec_type_directions(old);
    for (name, direction) in spec_type_directions(new) {
        let merged = directions.get(&name).map_or(direction, |d| d.or(direction));
        directions.insert(name, merged);
    }
    directions
}

/// Types reachable from requests are sent, from responses received; a type
/// nothing uses may still be built and read by users, so it is both.
fn spec_type_directions(spec: &SpecFile) -> BTreeMap<String, Direction> {
    let types = by_key(&spec.types, |t| t.name.clone());
    let inputs = spec.actions.iter().flat_map(|a| &a.input);
    let outputs = spec.actions.iter().flat_map(|a| &a.output);
    let sent = reachable_types(inputs, &types);
    let received = reachable_types(outputs, &types);
    types
        .keys()
        .map(|name| {
            let direction = Direction {
                sent: sent.contains(name),
                received: received.contains(name),
            };
            let direction = if direction == Direction::default() {
                BOTH
            } else {
                direction
            };
            (name.clone(), direction)
        })
        .collect()
}

/// Names of the data types the members lead to, directly or through other
/// types. A work list rather than recursion: spec files are not trusted.
fn reachable_types<'a>(
    members: impl Iterator<Item = &'a Member>,
    types: &BTreeMap<String, &TypeDef>,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut pending: Vec<String> = members.map(|m| named_leaf(&m.ty)).collect();
    while let Some(name) = pending.pop() {
        if let Some(def) = types.get(&name) {
            if seen.insert(name) {
                pending.extend(def.members.iter().map(|m| named_leaf(&m.ty)));
            }
        }
    }
    seen
}

/// The innermost name of a type expression: `list<map<Tag>>` → `Tag`.
fn named_leaf(ty: &str) -> String {
    let normal = normal_type(ty);
    let mut rest = normal.as_str();
    while let Some(inner) = rest
        .strip_prefix("list<")
        .or_else(|| rest.strip_prefix("map<"))
        .and_then(|r| r.strip_suffix('>'))
    {
        rest = inner;
    }
    rest.to_owned()
}

/// A type expression without its insignificant spaces, so `list< Tag >`
/// and `list<Tag>` compare equal.
fn normal_type(ty: &str) -> String {
    ty.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The same thing in both versions, or in one only.
enum Pair<'a, T> {
    Removed(&'a T),
    Added(&'a T),
    Both(&'a T, &'a T),
}

/// Matches items by key, in key order; the first of duplicates wins.
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
struct Differ {
    directions: BTreeMap<String, Direction>,
    changes: Vec<Change>,
    documentation_edits: usize,
}

impl Differ {
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

    fn service(&mut self, old: &SpecFile, new: &SpecFile) {
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

    fn endpoints(&mut self, old: &file::Endpoints, new: &file::Endpoints) {
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

    fn endpoint_map(
        &mut self,
        path: &str,
        old: &BTreeMap<String, String>,
        new: &BTreeMap<String, String>,
    ) {
        let regions: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for region in regions {
            self.endpoint(&child(path, region), old.get(region), new.get(region));
        }
    }

    fn endpoint(&mut self, path: &str, old: Option<&String>, new: Option<&String>) {
        if old != new {
            let message = format!("host {} -> {}", or_none(old), or_none(new));
            self.push(ChangeKind::EndpointChanged, path, false, message);
        }
    }

    fn actions(&mut self, old: &[Action], new: &[Action]) {
        for (name, pair) in pair_up(old, new, |a| a.name.clone()) {
            let path = segment(&name);
            match pair {
                Pair::Removed(_) => {
                    self.push(ChangeKind::ActionRemoved, &path, true, "action removed")
                }
                Pair::Added(_) => self.push(ChangeKind::ActionAdded, &path, false, "action added"),
                Pair::Both(old, new) => self.action(&path, old, new),
            }
        }
    }

    fn action(&mut self, path: &str, old: &Action, new: &Action) {
        self.rust_name(path, action_rust_name(old), action_rust_name(new));
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
        self.members(&format!("{path}.input"), &old.input, &new.input, SENT);
        self.members(
            &format!("{path}.output"),
            &old.output,
            &new.output,
            RECEIVED,
        );
        self.error_codes(&format!("{path}.errors"), &old.errors, &new.errors);
        self.documentation(&old.docs, &new.docs);
    }

    fn error_codes(&mut self, path: &str, old: &[ErrorCode], new: &[ErrorCode]) {
        for (code, pair) in pair_up(old, new, |e| e.code.clone()) {
            let path = child(path, &code);
            match pair {
                Pair::Removed(_) => self.push(
                    ChangeKind::ErrorCodeRemoved,
                    &path,
                    true,
                    "error code removed",
                ),
                Pair::Added(_) => {
                    self.push(ChangeKind::ErrorCodeAdded, &path, false, "error code added")
                }
                Pair::Both(old, new) => {
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

    fn members(&mut self, path: &str, old: &[Member], new: &[Member], direction: Direction) {
        for (name, pair) in pair_up(old, new, |m| m.name.clone()) {
            let path = child(path, &name);
            match pair {
                Pair::Removed(member) => {
                    let message = format!("member removed (was {})", describe(member));
                    self.push(ChangeKind::MemberRemoved, &path, true, message);
                }
                Pair::Added(member) => {
                    // A required sent member is a new argument or a new check.
                    let breaking = direction.sent && member.required;
                    let message = format!("member added ({})", describe(member));
                    self.push(ChangeKind::MemberAdded, &path, breaking, message);
                }
                Pair::Both(old, new) => self.member(&path, old, new, direction),
            }
        }
    }

    fn member(&mut self, path: &str, old: &Member, new: &Member, direction: Direction) {
        let (old_type, new_type) = (normal_type(&old.ty), normal_type(&new.ty));
        if old_type != new_type {
            let message = format!("type {old_type} -> {new_type}");
            self.push(ChangeKind::TypeChanged, path, true, message);
        }
        if old.required != new.required {
            let message = format!("{} -> {}", presence(old), presence(new));
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
        self.rust_name(path, member_rust_name(old), member_rust_name(new));
        self.deprecation(path, &old.deprecated, &new.deprecated);
        self.constraints(path, old, new, direction);
        self.wire_details(path, old, new);
        self.documentation(&old.docs, &new.docs);
        self.documentation(&old.example, &new.example);
    }

    /// Tighter bounds reject requests `validate()` used to accept; responses
    /// are not checked, so only sent members can break.
    fn constraints(&mut self, path: &str, old: &Member, new: &Member, direction: Direction) {
        let lengths = |m: &Member| (m.max_length.map(f64::from), m.max_items.map(f64::from));
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
    fn wire_details(&mut self, path: &str, old: &Member, new: &Member) {
        let details = [
            (
                ChangeKind::LocationChanged,
                "location",
                location_name(old.location),
                location_name(new.location),
            ),
            (
                ChangeKind::StyleChanged,
                "style",
                style_name(old.style),
                style_name(new.style),
            ),
            (
                ChangeKind::IdempotencyTokenChanged,
                "idempotency token",
                yes_no(old.idempotency_token),
                yes_no(new.idempotency_token),
            ),
            (
                ChangeKind::SensitiveChanged,
                "sensitive",
                yes_no(old.sensitive.unwrap_or(false)),
                yes_no(new.sensitive.unwrap_or(false)),
            ),
        ];
        for (kind, what, old, new) in details {
            if old != new {
                self.push(kind, path, false, format!("{what} {old} -> {new}"));
            }
        }
    }

    fn types(&mut self, old: &[TypeDef], new: &[TypeDef]) {
        for (name, pair) in pair_up(old, new, |t| t.name.clone()) {
            let path = child("types", &name);
            match pair {
                Pair::Removed(_) => self.push(ChangeKind::TypeRemoved, &path, true, "type removed"),
                Pair::Added(def) => {
                    let message = format!("type added ({} members)", def.members.len());
                    self.push(ChangeKind::TypeAdded, &path, false, message);
                }
                Pair::Both(old, new) => {
                    let direction = self.directions.get(&name).copied().unwrap_or(BOTH);
                    self.type_def(&path, old, new, direction);
                }
            }
        }
    }

    fn type_def(&mut self, path: &str, old: &TypeDef, new: &TypeDef, direction: Direction) {
        let type_name = |t: &TypeDef| rust_type_name(&t.name, t.rust_name.as_deref());
        self.rust_name(path, type_name(old), type_name(new));
        self.deprecation(path, &old.deprecated, &new.deprecated);
        self.members(path, &old.members, &new.members, direction);
        self.documentation(&old.docs, &new.docs);
    }

    fn enums(&mut self, old: &[EnumDef], new: &[EnumDef]) {
        for (name, pair) in pair_up(old, new, |e| e.name.clone()) {
            let path = child("enums", &name);
            match pair {
                Pair::Removed(_) => self.push(ChangeKind::EnumRemoved, &path, true, "enum removed"),
                Pair::Added(def) => {
                    let message = format!(
                        "enum added ({}, {} values)",
                        enum_kind_name(def.kind),
                        def.values.len()
                    );
                    self.push(ChangeKind::EnumAdded, &path, false, message);
                }
                Pair::Both(old, new) => self.enum_def(&path, old, new),
            }
        }
    }

    fn enum_def(&mut self, path: &str, old: &EnumDef, new: &EnumDef) {
        let enum_name = |e: &EnumDef| rust_type_name(&e.name, e.rust_name.as_deref());
        self.rust_name(path, enum_name(old), enum_name(new));
        if old.kind != new.kind {
            let message = format!(
                "values {} -> {}",
                enum_kind_name(old.kind),
                enum_kind_name(new.kind)
            );
            self.push(ChangeKind::EnumTypeChanged, path, true, message);
        }
        self.enum_values(&format!("{path}.values"), &old.values, &new.values);
        self.documentation(&old.docs, &new.docs);
    }

    fn enum_values(&mut self, path: &str, old: &[EnumValue], new: &[EnumValue]) {
        // Keyed by the JSON literal, so `"1"` and `1` differ.
        for (literal, pair) in pair_up(old, new, |v| v.value.to_string()) {
            let path = format!("{path}.{literal}");
            match pair {
                Pair::Removed(_) => {
                    self.push(ChangeKind::EnumValueRemoved, &path, true, "value removed")
                }
                Pair::Added(value) => {
                    let message = format!("value added (variant {})", variant_name(value));
                    self.push(ChangeKind::EnumValueAdded, &path, false, message);
                }
                Pair::Both(old, new) => {
                    self.rust_name(&path, variant_name(old), variant_name(new));
                    self.deprecation(&path, &old.deprecated, &new.deprecated);
                    self.documentation(&old.docs, &new.docs);
                }
            }
        }
    }

    /// The Rust API effects the spec files alone do not show: error-code
    /// variants renamed by the collision rule, and data types moving
    /// between `types` and an action's module (their path changes).
    fn models(&mut self, old: &model::Service, new: &model::Service) {
        for old_action in &old.actions {
            let Some(new_action) = new.actions.iter().find(|a| a.wire == old_action.wire) else {
                continue;
            };
            let errors = format!("{}.errors", segment(&old_action.wire));
            for old_code in &old_action.errors {
                if let Some(new_code) = new_action.errors.iter().find(|e| e.code == old_code.code) {
                    self.rust_name(
                        &child(&errors, &old_code.code),
                        old_code.variant.clone(),
                        new_code.variant.clone(),
                    );
                }
            }
        }
        let module = |service: &model::Service, s: &model::Struct| match s.scope {
            Some(action) => service.actions[action].module.clone(),
            None => "types".to_owned(),
        };
        for old_type in &old.structs {
            let Some(new_type) = new.structs.iter().find(|t| t.wire == old_type.wire) else {
                continue;
            };
            let (from, to) = (module(old, old_type), module(new, new_type));
            if from != to {
                let message = format!(
                    "module {from}::{} -> {to}::{}",
                    old_type.rust, new_type.rust
                );
                self.push(
                    ChangeKind::TypeMoved,
                    &child("types", &old_type.wire),
                    true,
                    message,
                );
            }
        }
        // The field types the emitter writes, beside the wire changes that
        // cause them (`String` -> `Option<String>` when a received type
        // becomes sent too, say).
        let new_types: BTreeMap<(String, String), String> = crate::emit::rust_field_types(new)
            .into_iter()
            .map(|(at, wire, ty)| ((at, wire), ty))
            .collect();
        for (at, wire, old_ty) in crate::emit::rust_field_types(old) {
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

    fn rust_name(&mut self, path: &str, old: String, new: String) {
        if old != new {
            let message = format!("Rust name {old} -> {new}");
            self.push(ChangeKind::RustNameChanged, path, true, message);
        }
    }

    /// `#[deprecated]` only warns, so neither direction breaks a build.
    fn deprecation(&mut self, path: &str, old: &Deprecation, new: &Deprecation) {
        match (old.note(), new.note()) {
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

/// `string, required`: what users see of a member.
fn describe(member: &Member) -> String {
    format!("{}, {}", normal_type(&member.ty), presence(member))
}

fn presence(member: &Member) -> &'static str {
    if member.required {
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

/// The generated method and module name (the model's rule).
fn action_rust_name(action: &Action) -> String {
    action
        .rust_name
        .clone()
        .unwrap_or_else(|| naming::action_module(&action.name))
}

/// The generated field name (the model's rule).
fn member_rust_name(member: &Member) -> String {
    member
        .rust_name
        .clone()
        .unwrap_or_else(|| naming::field_name(&member.name))
}

/// The generated type name of a data type or enum (the model's rule).
fn rust_type_name(name: &str, rust_name: Option<&str>) -> String {
    rust_name.map_or_else(|| naming::type_name(name), str::to_owned)
}

/// The generated variant name; an unnamed integer (invalid) shows its value.
fn variant_name(value: &EnumValue) -> String {
    match (&value.name, &value.value) {
        (Some(name), _) => name.clone(),
        (None, serde_json::Value::String(text)) => naming::camel(text),
        (None, other) => other.to_string(),
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
        })
        .collect();
    names.join(", ")
}

/// `POST` when absent, as the generator reads it.
fn method_name(method: Option<HttpMethod>) -> &'static str {
    match method {
        Some(HttpMethod::Get) => "GET",
        Some(HttpMethod::Post) | None => "POST",
    }
}

/// `query` when absent, as the generator reads it.
fn location_name(location: Option<file::Location>) -> &'static str {
    match location {
        Some(file::Location::Body) => "body",
        Some(file::Location::Query) | None => "query",
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
