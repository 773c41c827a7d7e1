//! Writes the command catalog (`commands.rs` in `OUT_DIR`) from the
//! validated specs: one entry per service version and action, with the
//! request's members and a function that sends the typed request.
//!
//! The specs are read through the generator's public API (`load_dir`), the
//! same validation and names as the SDK the entries call into.

use std::env;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use cloud_sdk_codegen::model::{
    Acceptor, Cursor, EnumKind, Expect, Field, ItemsMatch, Literal, MemberPath, Paginator,
    Primitive, Service, Ty,
};

/// Options of the tool itself; a member's kebab-case alias that would
/// collide with one of these is left out (its wire-name flag still works).
const TOOL_OPTIONS: &[&str] = &[
    "region",
    "endpoint",
    "profile",
    "dry-run",
    "cli-input-json",
    "paginate",
    "wait",
    "max-wait",
    "wait-for",
    "wait-min-delay-ms",
    "wait-max-delay-ms",
    "help",
];

fn main() -> ExitCode {
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    let spec_dir = manifest_dir.join("..").join("spec").join("services");
    println!("cargo:rerun-if-changed={}", spec_dir.display());
    let (services, files) = match cloud_sdk_codegen::load_dir(&spec_dir) {
        Ok(loaded) => loaded,
        Err(problems) => {
            for line in problems.to_string().lines() {
                println!("cargo::error={line}");
            }
            return ExitCode::FAILURE;
        }
    };
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    let mut out = String::from("// Written by build.rs from spec/services; do not edit.\n\n");
    out.push_str("/// Every service version, in spec-file order.\n");
    out.push_str("pub(crate) static SERVICES: &[ServiceCommand] = &[\n");
    for service in &services {
        write_service(&mut out, service);
    }
    out.push_str("];\n");
    let path = out_dir.join("commands.rs");
    if std::fs::read_to_string(&path).is_ok_and(|old| old == out) {
        return ExitCode::SUCCESS;
    }
    if let Err(e) = std::fs::write(&path, out) {
        println!("cargo::error=cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn write_service(out: &mut String, service: &Service) {
    let [provider, module, version] = &service.module_path;
    let name = format!("{}-{}", service.service.to_lowercase(), service.version);
    let about = if service.title.is_empty() {
        format!("{} version {}", service.service, service.version)
    } else {
        format!("{} version {}", service.title, service.version)
    };
    let _ = writeln!(
        out,
        "    ServiceCommand {{\n        provider: {provider:?},\n        name: {name:?},\n        about: {about:?},\n        actions: &["
    );
    for (index, action) in service.actions.iter().enumerate() {
        let request = format!(
            "::dts_sdk::{provider}::{module}::{version}::{}::{}",
            action.module, action.input.rust
        );
        let kebab = action.module.trim_start_matches("r#").replace('_', "-");
        let _ = writeln!(
            out,
            "            ActionCommand {{\n                name: {kebab:?},\n                wire: {:?},\n                about: {:?},\n                docs: {:?},\n                members: &[",
            action.wire,
            first_sentence(&action.docs),
            action.docs.trim(),
        );
        for field in &action.input.fields {
            write_member(out, service, field);
        }
        let _ = writeln!(
            out,
            "                ],\n                paginator: {},\n                waiters: &[",
            action
                .paginator
                .as_ref()
                .map_or("None".to_owned(), |p| format!("Some({})", paginator(p)))
        );
        for waiter in service.waiters.iter().filter(|w| w.action == index) {
            let kebab = waiter
                .method
                .trim_start_matches("wait_until_")
                .replace('_', "-");
            let _ = writeln!(
                out,
                "                    WaiterCommand {{ name: {kebab:?}, about: {:?}, argument: {}, success: &[{}], failure: &[{}], retry_errors: &{:?}, min_delay_ms: {}, max_delay_ms: {} }},",
                first_sentence(&waiter.docs),
                waiter
                    .argument
                    .as_ref()
                    .map_or("None".to_owned(), |(name, _)| format!("Some({name:?})")),
                waiter.success.iter().map(acceptor).collect::<Vec<_>>().join(", "),
                waiter.failure.iter().map(acceptor).collect::<Vec<_>>().join(", "),
                waiter.retry_errors,
                waiter.min_delay_ms,
                waiter.max_delay_ms,
            );
        }
        let _ = writeln!(
            out,
            "                ],\n                run: crate::call::run::<{request}>,\n            }},"
        );
    }
    out.push_str("        ],\n    },\n");
}

fn write_member(out: &mut String, service: &Service, field: &Field) {
    let kebab = field.rust.trim_start_matches("r#").replace('_', "-");
    let alias = if TOOL_OPTIONS.contains(&kebab.as_str()) || kebab == field.wire {
        "None".to_owned()
    } else {
        format!("Some({kebab:?})")
    };
    let (shape, list, values) = match &field.ty {
        Ty::List(item) => match scalar(service, item) {
            Some((shape, values)) => (shape, true, values),
            None => ("Json", false, Vec::new()),
        },
        ty => scalar(service, ty).map_or(("Json", false, Vec::new()), |(s, v)| (s, false, v)),
    };
    let _ = writeln!(
        out,
        "                    Member {{ wire: {:?}, alias: {alias}, shape: Shape::{shape}, list: {list}, required: {}, sensitive: {}, help: {:?}, values: &{values:?} }},",
        field.wire,
        field.required,
        field.sensitive,
        member_help(field),
    );
}

/// `Pages { .. }` for a paginator.
fn paginator(p: &Paginator) -> String {
    let (cursor, input) = match &p.cursor {
        Cursor::Offset(input) => ("CursorKind::Offset".to_owned(), input),
        Cursor::PageNumber(input) => ("CursorKind::PageNumber".to_owned(), input),
        Cursor::Token { input, output } => (format!("CursorKind::Token({})", path(output)), input),
    };
    let text = matches!(&input.ty, Ty::Primitive(p) if p.is_text());
    format!(
        "Pages {{ cursor: {cursor}, input: {:?}, input_is_text: {text}, page_size: {:?}, items: {}, total: {} }}",
        input.wire,
        p.page_size.as_ref().map(|m| m.wire.as_str()),
        path(&p.items),
        p.total.as_ref().map_or("None".to_owned(), |t| format!("Some({})", path(t))),
    )
}

/// `Path { .. }` for a response path.
fn path(p: &MemberPath) -> String {
    let steps = p
        .steps
        .iter()
        .map(|s| format!("Step {{ wire: {:?}, each: {} }}", s.wire, s.each))
        .collect::<Vec<_>>()
        .join(", ");
    format!("Path {{ text: {:?}, steps: &[{steps}] }}", p.text)
}

/// `Condition { .. }` for an acceptor.
fn acceptor(a: &Acceptor) -> String {
    let values = match &a.expect {
        Expect::AnyOf(values) => format!("Some(&{values:?})"),
        Expect::Argument => "None".to_owned(),
    };
    let all = match a.items {
        Some(ItemsMatch::All) => "true",
        _ => "false",
    };
    format!(
        "Condition {{ path: {}, values: {values}, all: {all} }}",
        path(&a.path)
    )
}

/// The flag shape of a scalar type and its known values (enumerations);
/// `None` for what travels as JSON.
fn scalar(service: &Service, ty: &Ty) -> Option<(&'static str, Vec<String>)> {
    match ty {
        Ty::Primitive(Primitive::Bool) => Some(("Bool", Vec::new())),
        Ty::Primitive(Primitive::F32 | Primitive::F64) => Some(("Float", Vec::new())),
        Ty::Primitive(Primitive::Json) => None,
        Ty::Primitive(p) if p.is_number() => Some(("Integer", Vec::new())),
        Ty::Primitive(_) => Some(("Text", Vec::new())),
        Ty::Enum(index) => {
            let e = &service.enums[*index];
            let values = e
                .variants
                .iter()
                .map(|v| match &v.value {
                    Literal::Str(s) => s.clone(),
                    Literal::Int(i) => i.to_string(),
                })
                .collect();
            match e.kind {
                EnumKind::Integer => Some(("Integer", values)),
                _ => Some(("Text", values)),
            }
        }
        Ty::List(_) | Ty::Map(_) | Ty::Struct(_) => None,
    }
}

/// One line of help: the docs' first sentence, else the spec's example.
fn member_help(field: &Field) -> String {
    let sentence = first_sentence(&field.docs);
    match &field.example {
        Some(example) if sentence.is_empty() => {
            let shown = match example {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            format!("Example: {shown}")
        }
        _ => sentence,
    }
}

/// The first sentence of the first paragraph, for one-line help.
fn first_sentence(docs: &str) -> String {
    let paragraph = docs.trim().split("\n\n").next().unwrap_or_default();
    let text = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    // A sentence ends at ". " before a capital letter or a backtick,
    // which skips abbreviations such as "e.g. x".
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices(". ") {
        if bytes
            .get(i + 2)
            .is_some_and(|b| b.is_ascii_uppercase() || *b == b'`')
        {
            return text[..=i].to_owned();
        }
    }
    text
}
