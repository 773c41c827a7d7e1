//! Reading spec files: the on-disk format ([`file`](mod@file)), member type
//! expressions (`type_expr`, private) and loading with located errors.

mod duplicates;
pub mod file;
pub(crate) mod type_expr;

use std::path::{Path, PathBuf};

pub use file::SpecFile;

use crate::diagnostics::{name_action, Diagnostic, Diagnostics, Location};

/// Reads the text of a spec file; failure is a problem located at the file.
/// A UTF-16 file (its byte-order mark says so) gets a fix, not only
/// "invalid UTF-8".
pub(crate) fn read(file: &Path) -> Result<String, Diagnostics> {
    let problem = |message: String, hint: Option<&str>| {
        Diagnostics(vec![Diagnostic {
            file: file.to_path_buf(),
            location: Location::File,
            message,
            hint: hint.map(str::to_owned),
        }])
    };
    let bytes = std::fs::read(file)
        .map_err(|e| problem(format!("cannot read the spec file: {e}"), None))?;
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(problem(
            "the spec file is UTF-16 text".to_owned(),
            Some("save it as UTF-8"),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        problem(
            format!("the spec file is not UTF-8: {e}"),
            Some("save it as UTF-8"),
        )
    })
}

/// Parses the text of a spec file. Syntax errors carry line and column,
/// shape errors (a missing key, a misspelt one, a wrong type) a JSON path.
/// A key given twice in one object is an error (JSON readers silently keep
/// one of them); a leading UTF-8 byte-order mark is skipped.
pub fn parse(file: &Path, text: &str) -> Result<SpecFile, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let error = |location, message: String, hint: Option<&str>| {
        Diagnostics(vec![Diagnostic {
            file: file.to_path_buf(),
            location,
            message,
            hint: hint.map(str::to_owned),
        }])
    };
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        error(
            Location::LineColumn(e.line(), e.column()),
            format!("malformed JSON: {}", strip_position(&e.to_string())),
            Some("fix the JSON syntax at this position"),
        )
    })?;
    let actions = action_names(&value);
    let action_name = |i: usize| actions.get(i).map(String::as_str);
    let repeated = duplicates::find(text);
    if !repeated.is_empty() {
        return Err(Diagnostics(
            repeated
                .into_iter()
                .map(|key| Diagnostic {
                    file: file.to_path_buf(),
                    location: Location::LineColumn(key.line, key.column),
                    message: format!(
                        "duplicate key `{}` at {}",
                        key.key,
                        name_action(&key.path, action_name)
                    ),
                    hint: Some(
                        "remove one of them: JSON readers silently keep only one".to_owned(),
                    ),
                })
                .collect(),
        ));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = match e.path().to_string() {
            dot if dot == "." => "$".to_owned(),
            path => format!("$.{path}"),
        };
        let path = name_action(&path, action_name);
        error(
            Location::Path(path),
            e.into_inner().to_string(),
            Some("see spec/README.md for the format"),
        )
    })
}

/// The name of each action, by index, to name actions in JSON paths.
fn action_names(value: &serde_json::Value) -> Vec<String> {
    let actions = value.get("actions").and_then(|a| a.as_array());
    actions.map_or_else(Vec::new, |actions| {
        actions
            .iter()
            .map(|a| {
                a.get("name")
                    .and_then(|n| n.as_str())
                    .unwrap_or("")
                    .to_owned()
            })
            .collect()
    })
}

/// The text of a spec file in the project's layout: pretty-printed with
/// two-space indentation, keys in the order of [`file`](mod@file), and a
/// final newline. [`parse`] reads it back to an equal value.
pub fn to_text(spec: &SpecFile) -> String {
    // Serialising these types cannot fail: every map key is a string.
    let mut text = serde_json::to_string_pretty(spec).unwrap_or_default();
    text.push('\n');
    text
}

/// serde_json appends " at line L column C"; the location is reported apart.
fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |at| &message[..at])
}

/// The spec files of a folder (`*.json`, not `*.schema.json`), sorted by
/// name so every run sees them in the same order.
pub(crate) fn list(dir: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Diagnostics(vec![Diagnostic {
            file: dir.to_path_buf(),
            location: Location::File,
            message: format!("cannot read the spec folder: {e}"),
            hint: None,
        }])
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".json") && !name.ends_with(".schema.json")
        })
        .collect();
    files.sort();
    Ok(files)
}
