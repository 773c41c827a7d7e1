//! The request object, from `--cli-input-json` and the member flags.
//!
//! The result is plain JSON under wire names; the typed request is made
//! from it (and validated) in [`crate::call`].

use std::path::Path;

use clap::ArgMatches;
use serde_json::{Map, Value};

use crate::call::Failure;
use crate::catalog::{ActionCommand, Member, Shape};

/// Reads the file (if any), applies the flags over it and checks that every
/// required member is there and no unknown one is.
pub(crate) fn request(
    action: &ActionCommand,
    matches: &ArgMatches,
    file: Option<&str>,
) -> Result<Value, Failure> {
    let mut object = match file {
        Some(path) => read_file(action, path)?,
        None => Map::new(),
    };
    for member in action.members {
        let Some(raw) = matches.get_many::<String>(member.wire) else {
            continue;
        };
        let values = raw
            .map(|text| flag_value(member, text))
            .collect::<Result<Vec<_>, _>>()?;
        let value = if member.list {
            Value::Array(values)
        } else {
            values.into_iter().next().unwrap_or(Value::Null)
        };
        object.insert(member.wire.to_owned(), value);
    }
    let missing: Vec<String> = action
        .members
        .iter()
        .filter(|m| m.required && object.get(m.wire).is_none_or(Value::is_null))
        .map(|m| format!("--{}", m.wire))
        .collect();
    if !missing.is_empty() {
        return Err(Failure::usage(format!(
            "{} needs {} (required member{}); nothing was sent",
            action.name,
            missing.join(", "),
            if missing.len() == 1 { "" } else { "s" }
        )));
    }
    Ok(Value::Object(object))
}

fn read_file(action: &ActionCommand, path: &str) -> Result<Map<String, Value>, Failure> {
    let text = if path == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(Path::new(path))
    }
    .map_err(|e| Failure::usage(format!("cannot read --cli-input-json {path}: {e}")))?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| Failure::usage(format!("--cli-input-json {path} is not JSON: {e}")))?;
    let Value::Object(object) = value else {
        return Err(Failure::usage(format!(
            "--cli-input-json {path} must hold a JSON object of request members"
        )));
    };
    // The SDK's decoder ignores unknown fields (responses drift); a typo in
    // a request file must not silently drop a member.
    if let Some(unknown) = object
        .keys()
        .find(|key| !action.members.iter().any(|m| m.wire == key.as_str()))
    {
        return Err(Failure::usage(format!(
            "--cli-input-json {path}: `{unknown}` is not a member of the {} request",
            action.wire
        )));
    }
    Ok(object)
}

/// The JSON value of one flag occurrence; the error names the flag, and
/// not the value when it may be secret.
fn flag_value(member: &Member, text: &str) -> Result<Value, Failure> {
    let shown = if member.sensitive {
        "the value".to_owned()
    } else {
        format!("`{text}`")
    };
    let wrong = |what: &str| Failure::usage(format!("--{}: {shown} is not {what}", member.wire));
    match member.shape {
        Shape::Text => Ok(Value::String(text.to_owned())),
        Shape::Integer => text
            .parse::<i64>()
            .map(Value::from)
            .or_else(|_| text.parse::<u64>().map(Value::from))
            .map_err(|_| wrong("an integer")),
        Shape::Float => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| wrong("a number")),
        Shape::Bool => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(wrong("`true` or `false`")),
        },
        Shape::Json => serde_json::from_str(text).map_err(|e| {
            Failure::usage(format!(
                "--{}: {shown} is not JSON ({e}); structures and maps are given as JSON text",
                member.wire
            ))
        }),
    }
}
