//! Re-import: merges freshly imported vendor facts into a spec that people
//! have already edited, so regenerating never throws their work away.
//!
//! The imported spec decides **what exists** and the facts the vendor
//! states: which actions, members and types there are, in the vendor's
//! order, and each member's wire type, requiredness, nullability, location
//! and style. The existing spec keeps **what people wrote**:
//!
//! - every `docs` text, the service `title`, `signing` and `$schema`;
//! - `rust_name` overrides, `sensitive` flags, `example`s, rate limits,
//!   idempotency tokens and the `min`/`max`/`max_length`/`max_items`
//!   constraints, where it has them (the import fills the gaps);
//! - a deprecation note (the import can only say "deprecated"), and a
//!   deprecation the vendor does not state (kept with a note);
//! - enumerations, and member types that **refine** the vendor's type
//!   without contradicting it: an enumeration where the vendor says
//!   `string` or an integer, `date`/`datetime` where it says `string`,
//!   `f64` where it says an integer (values with a fraction have been seen
//!   on the wire), and the same inside `list<..>` and `map<..>`;
//! - error codes the vendor does not list (Tencent's metadata lists none);
//! - finance and per-region hosts the vendor does not list.
//!
//! Types are matched by name, after following renames: a type of the
//! existing spec that the imported spec holds at the same place (the same
//! action, direction and member path) under another name is renamed first
//! (importers name synthesised types after where they sit, so a better
//! naming rule or a shared structure renames them). Types that become one
//! keep the documentation of each.
//!
//! Actions, members and types marked `hand_maintained` are people's work
//! too: the vendor does not list them, so they are kept as written, where
//! they stood (after the entry they followed), with a note. Where the
//! vendor does list one, its facts are merged as for any other item and
//! the mark is kept, with a note that it is no longer needed.
//!
//! What the vendor no longer lists and nobody marked is dropped, as are
//! hand-written types and enumerations nothing refers to any more;
//! [`Merged::notes`] says which hand-written parts were kept over the
//! vendor's facts and which were dropped (and how to keep them), so the
//! person re-importing can check them. The API-level changes themselves are
//! what [`crate::diff`] reports between the old and the merged spec.

use std::collections::{BTreeMap, BTreeSet};

use crate::spec::file::{
    Action, Deprecation, Endpoints, EnumKind, ErrorCode, Member, SpecFile, TypeDef,
};
use crate::spec::type_expr::{self, Primitive, TypeExpr};

/// The merged spec and what the merge decided that a person should check.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The existing spec with the vendor's current facts merged in.
    pub spec: SpecFile,
    /// One line per hand-written part kept over, or lost to, the vendor's
    /// facts, in spec order.
    pub notes: Vec<String>,
    /// Types of the existing spec that the merge renamed: old name to new.
    pub renames: BTreeMap<String, String>,
}

/// Merges `imported` (fresh from the vendor's metadata) into `existing`
/// (the spec as checked in). Both describe the same service version.
pub fn merge(existing: &SpecFile, imported: &SpecFile) -> Merged {
    let mut notes = Vec::new();
    let (renamed, renames) = follow_renames(existing, imported, &mut notes);
    let existing = &renamed;
    let mut merger = Merger {
        enums: existing
            .enums
            .iter()
            .chain(&imported.enums)
            .map(|e| (e.name.as_str(), e.kind))
            .collect(),
        notes,
    };
    let actions = merger.actions(&existing.actions, &imported.actions);
    let types = merger.types(&existing.types, &imported.types);
    let mut spec = SpecFile {
        schema: existing.schema.clone().or_else(|| imported.schema.clone()),
        format: imported.format,
        provider: imported.provider,
        protocol: imported.protocol,
        service: imported.service.clone(),
        version: imported.version.clone(),
        title: prefer_written(&existing.title, &imported.title),
        docs: prefer_written(&existing.docs, &imported.docs),
        signing: if existing.signing.is_empty() {
            imported.signing.clone()
        } else {
            existing.signing.clone()
        },
        endpoints: merge_endpoints(&existing.endpoints, &imported.endpoints),
        actions,
        types,
        enums: union_by_name(&existing.enums, &imported.enums, |e| &e.name),
        waiters: union_by_name(&existing.waiters, &imported.waiters, |w| &w.name),
    };
    merger.drop_unreferenced(&mut spec, existing);
    Merged {
        spec,
        notes: merger.notes,
        renames,
    }
}

struct Merger<'a> {
    /// Wire kind of every enumeration either side declares.
    enums: BTreeMap<&'a str, EnumKind>,
    notes: Vec<String>,
}

impl Merger<'_> {
    fn actions(&mut self, existing: &[Action], imported: &[Action]) -> Vec<Action> {
        let items: fn(&Action) -> Item<'_> = |a| Item {
            name: &a.name,
            documented: !a.docs.is_empty(),
            hand_maintained: a.hand_maintained,
        };
        self.note_dropped(existing, imported, items, "action");
        let mut merged = imported
            .iter()
            .map(
                |fresh| match existing.iter().find(|a| a.name == fresh.name) {
                    Some(old) => self.action(old, fresh),
                    None => fresh.clone(),
                },
            )
            .collect();
        keep_hand_maintained(&mut merged, existing, items);
        merged
    }

    fn action(&mut self, old: &Action, fresh: &Action) -> Action {
        let name = &fresh.name;
        self.note_listed(name, old.hand_maintained);
        Action {
            name: name.clone(),
            rust_name: old.rust_name.clone().or_else(|| fresh.rust_name.clone()),
            docs: prefer_written(&old.docs, &fresh.docs),
            deprecated: self.deprecation(name, &old.deprecated, &fresh.deprecated),
            rate_limit: old.rate_limit.or(fresh.rate_limit),
            method: fresh.method,
            path: fresh.path.clone(),
            input: self.members(&format!("{name}.input"), &old.input, &fresh.input),
            output: self.members(&format!("{name}.output"), &old.output, &fresh.output),
            errors: merge_errors(&old.errors, &fresh.errors),
            hand_maintained: old.hand_maintained,
            // Vendors' metadata says nothing about paging: the spec's word stands.
            paginator: old.paginator.clone().or_else(|| fresh.paginator.clone()),
        }
    }

    fn types(&mut self, existing: &[TypeDef], imported: &[TypeDef]) -> Vec<TypeDef> {
        let mut merged: Vec<TypeDef> = imported
            .iter()
            .map(
                |fresh| match existing.iter().find(|t| t.name == fresh.name) {
                    Some(old) => {
                        self.note_listed(&format!("types.{}", fresh.name), old.hand_maintained);
                        TypeDef {
                            name: fresh.name.clone(),
                            rust_name: old.rust_name.clone().or_else(|| fresh.rust_name.clone()),
                            docs: prefer_written(&old.docs, &fresh.docs),
                            deprecated: self.deprecation(
                                &format!("types.{}", fresh.name),
                                &old.deprecated,
                                &fresh.deprecated,
                            ),
                            members: self.members(
                                &format!("types.{}", fresh.name),
                                &old.members,
                                &fresh.members,
                            ),
                            hand_maintained: old.hand_maintained,
                        }
                    }
                    None => fresh.clone(),
                },
            )
            .collect();
        // Hand-written types the vendor does not have stay for now; the
        // unreferenced ones go in `drop_unreferenced` unless marked.
        for old in existing.iter().filter(|old| old.hand_maintained) {
            if !imported.iter().any(|t| t.name == old.name) {
                self.notes.push(format!(
                    "kept the hand-maintained type `{}`: the vendor does not list it",
                    old.name
                ));
            }
        }
        merged.extend(
            existing
                .iter()
                .filter(|old| !imported.iter().any(|t| t.name == old.name))
                .cloned(),
        );
        merged
    }

    fn members(&mut self, at: &str, existing: &[Member], imported: &[Member]) -> Vec<Member> {
        let items: fn(&Member) -> Item<'_> = |m| Item {
            name: &m.name,
            documented: !m.docs.is_empty(),
            hand_maintained: m.hand_maintained,
        };
        self.note_dropped(existing, imported, items, &format!("member of {at}"));
        let mut merged = imported
            .iter()
            .map(
                |fresh| match existing.iter().find(|m| m.name == fresh.name) {
                    Some(old) => self.member(&format!("{at}.{}", fresh.name), old, fresh),
                    None => fresh.clone(),
                },
            )
            .collect();
        keep_hand_maintained(&mut merged, existing, items);
        merged
    }

    fn member(&mut self, at: &str, old: &Member, fresh: &Member) -> Member {
        self.note_listed(at, old.hand_maintained);
        let ty = if old.ty == fresh.ty {
            fresh.ty.clone()
        } else if self.refines(&old.ty, &fresh.ty) {
            self.notes.push(format!(
                "{at}: kept the hand-written type `{}` (the vendor says `{}`)",
                old.ty, fresh.ty
            ));
            old.ty.clone()
        } else {
            if !old.docs.is_empty() {
                self.notes.push(format!(
                    "{at}: type changed from `{}` to `{}`; check that its docs still hold",
                    old.ty, fresh.ty
                ));
            }
            fresh.ty.clone()
        };
        Member {
            name: fresh.name.clone(),
            rust_name: old.rust_name.clone().or_else(|| fresh.rust_name.clone()),
            ty,
            required: fresh.required,
            nullable: fresh.nullable,
            sensitive: old.sensitive.or(fresh.sensitive),
            docs: prefer_written(&old.docs, &fresh.docs),
            example: old.example.clone().or_else(|| fresh.example.clone()),
            deprecated: self.deprecation(at, &old.deprecated, &fresh.deprecated),
            location: fresh.location,
            style: fresh.style,
            idempotency_token: old.idempotency_token || fresh.idempotency_token,
            root: fresh.root,
            min: old.min.or(fresh.min),
            max: old.max.or(fresh.max),
            max_length: old.max_length.or(fresh.max_length),
            max_items: old.max_items.or(fresh.max_items),
            hand_maintained: old.hand_maintained,
        }
    }

    /// Whether the hand-written type `written` narrows the vendor's type
    /// `stated` without contradicting what travels on the wire.
    fn refines(&self, written: &str, stated: &str) -> bool {
        match (type_expr::parse(written), type_expr::parse(stated)) {
            (Ok(written), Ok(stated)) => self.refines_expr(&written, &stated),
            _ => false,
        }
    }

    fn refines_expr(&self, written: &TypeExpr, stated: &TypeExpr) -> bool {
        match (written, stated) {
            (TypeExpr::List(w), TypeExpr::List(s)) | (TypeExpr::Map(w), TypeExpr::Map(s)) => {
                self.refines_expr(w, s)
            }
            (TypeExpr::Primitive(Primitive::Date | Primitive::DateTime), s) => {
                *s == TypeExpr::Primitive(Primitive::String)
            }
            (TypeExpr::Primitive(Primitive::F64), TypeExpr::Primitive(s)) => {
                s.is_number() && !is_float(*s)
            }
            (TypeExpr::Named(name), TypeExpr::Primitive(p)) => {
                match self.enums.get(name.as_str()) {
                    Some(EnumKind::String) => *p == Primitive::String,
                    Some(EnumKind::Integer) => p.is_number() && !is_float(*p),
                    None => false,
                }
            }
            (w, s) => w == s,
        }
    }

    /// The vendor's deprecation, with our note saying what to use instead.
    /// A deprecation the vendor does not state (the hand-written flag or
    /// note of something the vendor still lists as current) is kept, with a
    /// note, rather than silently dropped.
    fn deprecation(&mut self, at: &str, old: &Deprecation, fresh: &Deprecation) -> Deprecation {
        match (old, old.note(), fresh.note()) {
            (Deprecation::Note(note), _, Some(_)) => Deprecation::Note(note.clone()),
            (_, Some(_), None) => {
                self.notes.push(format!(
                    "{at}: kept the hand-written deprecation (the vendor does not mark it deprecated)"
                ));
                old.clone()
            }
            _ => fresh.clone(),
        }
    }

    /// Drops hand-written types and enumerations nothing refers to any more.
    fn drop_unreferenced(&mut self, spec: &mut SpecFile, existing: &SpecFile) {
        loop {
            let used = referenced_names(spec);
            let before = spec.types.len() + spec.enums.len();
            let hand_written = |name: &str| {
                existing.types.iter().any(|t| t.name == name)
                    || existing.enums.iter().any(|e| e.name == name)
            };
            let mut dropped = Vec::new();
            spec.types.retain(|t| {
                let keep = used.contains(&t.name) || !hand_written(&t.name) || t.hand_maintained;
                if !keep {
                    dropped.push(format!(
                        "dropped the hand-written type `{}`: nothing uses it now{KEEP_HINT}",
                        t.name
                    ));
                }
                keep
            });
            spec.enums.retain(|e| {
                let keep = used.contains(&e.name) || !hand_written(&e.name);
                if !keep {
                    dropped.push(format!(
                        "dropped the hand-written enumeration `{}`: nothing uses it now",
                        e.name
                    ));
                }
                keep
            });
            self.notes.extend(dropped);
            // Dropping a type can leave what only it used unreferenced.
            if spec.types.len() + spec.enums.len() == before {
                break;
            }
        }
    }

    /// Notes the entries that the vendor no longer lists: dropped, or kept
    /// when hand-maintained.
    fn note_dropped<T>(
        &mut self,
        existing: &[T],
        imported: &[T],
        item: fn(&T) -> Item<'_>,
        what: &str,
    ) {
        for old in existing.iter().map(item) {
            if imported.iter().any(|fresh| item(fresh).name == old.name) {
                continue;
            }
            let name = old.name;
            self.notes.push(if old.hand_maintained {
                format!("kept the hand-maintained {what} `{name}`: the vendor does not list it")
            } else if old.documented {
                format!(
                    "dropped the {what} `{name}` with its documentation: the vendor no longer lists it{KEEP_HINT}"
                )
            } else {
                format!("dropped the {what} `{name}`: the vendor no longer lists it{KEEP_HINT}")
            });
        }
    }

    /// Notes a hand-maintained entry that the vendor now lists itself.
    fn note_listed(&mut self, at: &str, hand_maintained: bool) {
        if hand_maintained {
            self.notes.push(format!(
                "{at}: the vendor now lists this hand-maintained entry; its facts were merged, and `hand_maintained` can go"
            ));
        }
    }
}

/// How a note about a dropped entry says to keep it.
const KEEP_HINT: &str = " (to keep it, restore it with `\"hand_maintained\": true`)";

/// What the merge needs to know of an action or member by name.
struct Item<'a> {
    name: &'a String,
    documented: bool,
    hand_maintained: bool,
}

/// Adds to `merged` (the vendor's entries, in its order) the hand-maintained
/// entries of `existing` it lacks, each after the entry it follows in
/// `existing` (first when none of those is left).
fn keep_hand_maintained<T: Clone>(merged: &mut Vec<T>, existing: &[T], item: fn(&T) -> Item<'_>) {
    for (i, old) in existing.iter().enumerate() {
        let old_item = item(old);
        if !old_item.hand_maintained || merged.iter().any(|m| item(m).name == old_item.name) {
            continue;
        }
        let after = existing[..i].iter().rev().find_map(|before| {
            let before = item(before).name;
            merged.iter().position(|m| item(m).name == before)
        });
        merged.insert(after.map_or(0, |at| at + 1), old.clone());
    }
}

fn is_float(primitive: Primitive) -> bool {
    matches!(primitive, Primitive::F32 | Primitive::F64)
}

/// The existing spec with its types renamed to the names the imported spec
/// uses at the same places (see the module documentation), and the
/// renames (old name to new). Hand-maintained types keep their names.
fn follow_renames(
    existing: &SpecFile,
    imported: &SpecFile,
    notes: &mut Vec<String>,
) -> (SpecFile, BTreeMap<String, String>) {
    let old_places = type_places(existing);
    let new_places = type_places(imported);
    let imported_names: BTreeSet<&str> = imported.types.iter().map(|t| t.name.as_str()).collect();
    let hand_maintained: BTreeSet<&str> = existing
        .types
        .iter()
        .filter(|t| t.hand_maintained)
        .map(|t| t.name.as_str())
        .collect();
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    for (place, old) in &old_places {
        match new_places.get(place) {
            Some(new)
                if new != old
                    && !imported_names.contains(old.as_str())
                    && !hand_maintained.contains(old.as_str()) =>
            {
                renames.entry(old.clone()).or_insert_with(|| new.clone());
            }
            _ => {}
        }
    }
    if renames.is_empty() {
        return (existing.clone(), renames);
    }
    let mut spec = existing.clone();
    let rename_member = |member: &mut Member| {
        if let Ok(expr) = type_expr::parse(&member.ty) {
            member.ty = rename_expr(&expr, &renames).to_string();
        }
    };
    for action in &mut spec.actions {
        action
            .input
            .iter_mut()
            .chain(&mut action.output)
            .for_each(rename_member);
    }
    let mut types: Vec<TypeDef> = Vec::new();
    for mut ty in std::mem::take(&mut spec.types) {
        ty.members.iter_mut().for_each(rename_member);
        if let Some(new) = renames.get(&ty.name) {
            ty.name.clone_from(new);
        }
        match types.iter_mut().find(|t| t.name == ty.name) {
            // Several types became one: keep the docs each had.
            Some(first) => {
                if first.docs.is_empty() {
                    first.docs = ty.docs;
                }
                for member in ty.members {
                    match first.members.iter_mut().find(|m| m.name == member.name) {
                        Some(kept) if kept.docs.is_empty() => kept.docs = member.docs,
                        Some(_) => {}
                        None => first.members.push(member),
                    }
                }
            }
            None => types.push(ty),
        }
    }
    spec.types = types;
    let mut by_new: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (old, new) in &renames {
        by_new.entry(new).or_default().push(old);
    }
    for (new, olds) in by_new {
        notes.push(format!(
            "types.{new}: renamed from {}",
            olds.iter()
                .map(|o| format!("`{o}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    (spec, renames)
}

/// The type each place of a spec holds: `Action.input.Member.Nested` →
/// type name, following members into types (each type once per path).
fn type_places(spec: &SpecFile) -> BTreeMap<String, String> {
    let types: BTreeMap<&str, &TypeDef> = spec.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut places = BTreeMap::new();
    for action in &spec.actions {
        for (direction, members) in [("input", &action.input), ("output", &action.output)] {
            let at = format!("{}.{direction}", action.name);
            walk_places(&at, members, &types, &mut places, &mut Vec::new());
        }
    }
    places
}

fn walk_places<'a>(
    at: &str,
    members: &'a [Member],
    types: &BTreeMap<&'a str, &'a TypeDef>,
    places: &mut BTreeMap<String, String>,
    stack: &mut Vec<&'a str>,
) {
    for member in members {
        let Ok(expr) = type_expr::parse(&member.ty) else {
            continue;
        };
        let mut names = BTreeSet::new();
        collect_names(&expr, &mut names);
        for name in names {
            let Some((&name, ty)) = types.get_key_value(name.as_str()) else {
                continue;
            };
            let place = format!("{at}.{}", member.name);
            places.insert(place.clone(), name.to_owned());
            if !stack.contains(&name) {
                stack.push(name);
                walk_places(&place, &ty.members, types, places, stack);
                stack.pop();
            }
        }
    }
}

fn rename_expr(expr: &TypeExpr, renames: &BTreeMap<String, String>) -> TypeExpr {
    match expr {
        TypeExpr::Primitive(p) => TypeExpr::Primitive(*p),
        TypeExpr::List(item) => TypeExpr::List(Box::new(rename_expr(item, renames))),
        TypeExpr::Map(value) => TypeExpr::Map(Box::new(rename_expr(value, renames))),
        TypeExpr::Named(name) => {
            TypeExpr::Named(renames.get(name).cloned().unwrap_or_else(|| name.clone()))
        }
    }
}

/// Every type or enumeration name that a member type mentions.
fn referenced_names(spec: &SpecFile) -> BTreeSet<String> {
    let members = spec
        .actions
        .iter()
        .flat_map(|a| a.input.iter().chain(&a.output))
        .chain(spec.types.iter().flat_map(|t| &t.members));
    let mut names = BTreeSet::new();
    for member in members {
        if let Ok(expr) = type_expr::parse(&member.ty) {
            collect_names(&expr, &mut names);
        }
    }
    names
}

fn collect_names(expr: &TypeExpr, names: &mut BTreeSet<String>) {
    match expr {
        TypeExpr::Primitive(_) => {}
        TypeExpr::List(item) | TypeExpr::Map(item) => collect_names(item, names),
        TypeExpr::Named(name) => {
            names.insert(name.clone());
        }
    }
}

/// Our words win; the import has none, but keep its text if it ever does.
fn prefer_written(written: &str, imported: &str) -> String {
    if written.is_empty() {
        imported
    } else {
        written
    }
    .to_owned()
}

/// The vendor's codes in its order with our docs, then the codes only we list.
fn merge_errors(old: &[ErrorCode], fresh: &[ErrorCode]) -> Vec<ErrorCode> {
    let mut merged: Vec<ErrorCode> = fresh
        .iter()
        .map(|code| match old.iter().find(|o| o.code == code.code) {
            Some(known) => ErrorCode {
                code: code.code.clone(),
                docs: prefer_written(&known.docs, &code.docs),
                http_status: code.http_status.or(known.http_status),
            },
            None => code.clone(),
        })
        .collect();
    merged.extend(
        old.iter()
            .filter(|o| !fresh.iter().any(|c| c.code == o.code))
            .cloned(),
    );
    merged
}

fn merge_endpoints(old: &Endpoints, fresh: &Endpoints) -> Endpoints {
    let union = |old: &BTreeMap<String, String>, fresh: &BTreeMap<String, String>| {
        let mut merged = old.clone();
        merged.extend(fresh.clone());
        merged
    };
    Endpoints {
        default: fresh.default.clone(),
        regional: fresh.regional.clone().or_else(|| old.regional.clone()),
        international: fresh
            .international
            .clone()
            .or_else(|| old.international.clone()),
        finance: union(&old.finance, &fresh.finance),
        regions: union(&old.regions, &fresh.regions),
    }
}

/// Entries of `first`, then those of `second` with a name `first` lacks.
fn union_by_name<T: Clone>(first: &[T], second: &[T], name: impl Fn(&T) -> &String) -> Vec<T> {
    let mut merged = first.to_vec();
    merged.extend(
        second
            .iter()
            .filter(|s| !first.iter().any(|f| name(f) == name(s)))
            .cloned(),
    );
    merged
}
