//! Walking vendor metadata as JSON values: typed access that records a
//! problem with its JSON path instead of panicking, shared by the importers.

use std::path::Path;

use serde_json::{Map, Value};

use super::tencent::{child, kind};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};

/// Collects the problems of one metadata file.
pub(super) struct Walker<'a> {
    file: &'a Path,
    found: Vec<Diagnostic>,
}

/// Parses metadata text; malformed JSON is reported with line and column.
pub(super) fn parse(path: &Path, text: &str) -> Result<Value, Diagnostics> {
    serde_json::from_str(text).map_err(|e| {
        Diagnostics(vec![Diagnostic {
            file: path.to_path_buf(),
            location: Location::LineColumn(e.line(), e.column()),
            message: format!("not valid JSON: {e}"),
            hint: None,
        }])
    })
}

impl<'a> Walker<'a> {
    pub(super) fn new(file: &'a Path) -> Self {
        Self {
            file,
            found: Vec::new(),
        }
    }

    /// The import's result, or every problem found on the way.
    pub(super) fn finish<T>(mut self, result: Option<T>) -> Result<T, Diagnostics> {
        if self.found.is_empty() {
            if let Some(result) = result {
                return Ok(result);
            }
            self.error("$", "the metadata could not be imported");
        }
        Err(Diagnostics(self.found))
    }

    pub(super) fn error(&mut self, path: &str, message: impl Into<String>) {
        self.found.push(Diagnostic {
            file: self.file.to_path_buf(),
            location: Location::Path(path.to_owned()),
            message: message.into(),
            hint: None,
        });
    }

    pub(super) fn object<'v>(
        &mut self,
        value: &'v Value,
        path: &str,
    ) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            other => {
                self.error(path, format!("expected an object, found {}", kind(other)));
                None
            }
        }
    }

    pub(super) fn array<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v [Value]> {
        match value {
            Value::Array(list) => Some(list),
            other => {
                self.error(path, format!("expected an array, found {}", kind(other)));
                None
            }
        }
    }

    /// A required key of `map`.
    pub(super) fn key<'v>(
        &mut self,
        map: &'v Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Option<&'v Value> {
        let found = map.get(key);
        if found.is_none() {
            self.error(path, format!("missing \"{key}\""));
        }
        found
    }

    /// A required key of `map` holding an object.
    pub(super) fn object_at<'v>(
        &mut self,
        map: &'v Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Option<&'v Map<String, Value>> {
        let value = self.key(map, key, path)?;
        self.object(value, &child(path, key))
    }

    /// A required non-empty string key of `map`.
    pub(super) fn string<'v>(
        &mut self,
        map: &'v Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Option<&'v str> {
        let value = self.key(map, key, path)?;
        self.as_string(value, &child(path, key))
    }

    /// An optional string key of `map` (`null` counts as absent).
    pub(super) fn optional_string<'v>(
        &mut self,
        map: &'v Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Option<Option<&'v str>> {
        match map.get(key) {
            None | Some(Value::Null) => Some(None),
            Some(value) => self.as_string(value, &child(path, key)).map(Some),
        }
    }

    /// A non-empty string.
    pub(super) fn as_string<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v str> {
        match value {
            Value::String(s) if !s.is_empty() => Some(s),
            Value::String(_) => {
                self.error(path, "the string is empty");
                None
            }
            other => {
                self.error(path, format!("expected a string, found {}", kind(other)));
                None
            }
        }
    }

    /// An optional number, given as a JSON number or a numeric string.
    pub(super) fn number(
        &mut self,
        map: &Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Option<f64> {
        let parsed = match map.get(key)? {
            Value::Null => return None,
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.error(&child(path, key), format!("\"{key}\" is not a number"));
        }
        parsed.filter(|n| n.is_finite())
    }
}

/// Lets an importer call the walker's methods on itself.
macro_rules! walks {
    ($importer:ident) => {
        impl<'a> std::ops::Deref for $importer<'a> {
            type Target = super::walk::Walker<'a>;

            fn deref(&self) -> &Self::Target {
                &self.walk
            }
        }

        impl std::ops::DerefMut for $importer<'_> {
            fn deref_mut(&mut self) -> &mut Self::Target {
                &mut self.walk
            }
        }
    };
}

pub(super) use walks;
