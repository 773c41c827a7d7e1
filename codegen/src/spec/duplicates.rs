//! Finds keys given twice in one JSON object. `serde_json::Value` keeps the
//! last of them silently, so a second `"sensitive": false` could un-redact a
//! password; spec files must say everything once.
//!
//! The scan runs on text that has already parsed as JSON, so it only needs
//! to track strings, nesting and commas.

use std::collections::HashSet;

/// A key that repeats an earlier key of the same object.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Duplicate {
    /// The key, unescaped.
    pub key: String,
    /// JSON path of the repeated member, e.g. `$.actions[0].input[1].sensitive`.
    pub path: String,
    /// 1-based line and column (in characters) of the repeated key.
    pub line: usize,
    pub column: usize,
}

enum Frame {
    Object {
        keys: HashSet<String>,
        current: Option<String>,
        expecting_key: bool,
    },
    Array {
        index: usize,
    },
}

/// Every repeated key of `text`, which must be valid JSON, in text order.
pub(crate) fn find(text: &str) -> Vec<Duplicate> {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'{' => stack.push(Frame::Object {
                keys: HashSet::new(),
                current: None,
                expecting_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { expecting_key, .. }) => *expecting_key = true,
                None => {}
            },
            b'"' => {
                let end = string_end(bytes, at);
                if let Some(Frame::Object {
                    expecting_key: expecting @ true,
                    ..
                }) = stack.last_mut()
                {
                    *expecting = false;
                    // Escapes (`"sens\u0069tive"`) must not hide a repeat.
                    let key: String = serde_json::from_str(&text[at..end]).unwrap_or_default();
                    let repeated = match stack.last_mut() {
                        Some(Frame::Object { keys, current, .. }) => {
                            *current = Some(key.clone());
                            !keys.insert(key.clone())
                        }
                        _ => false,
                    };
                    if repeated {
                        let (line, column) = line_column(text, at);
                        found.push(Duplicate {
                            path: path(&stack),
                            key,
                            line,
                            column,
                        });
                    }
                }
                at = end;
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    found
}

/// Index just past the closing quote of the string starting at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

fn path(stack: &[Frame]) -> String {
    let mut path = String::from("$");
    for frame in stack {
        match frame {
            Frame::Object {
                current: Some(key), ..
            } => {
                path.push('.');
                path.push_str(key);
            }
            Frame::Object { current: None, .. } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_repeats_at_any_depth_and_ignores_strings_that_are_values() {
        let text = "{\"a\": [{\"k\": \"a\", \"k\": 1}],\n \"b\": {}, \"a\": \"{\\\"a\\\"\"}";
        let found = find(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!((found[0].path.as_str(), found[0].line), ("$.a[0].k", 1));
        assert_eq!(found[0].column, 19);
        assert_eq!((found[1].path.as_str(), found[1].line), ("$.a", 2));
        assert_eq!(found[1].column, 11);
    }

    #[test]
    fn escaped_keys_are_compared_unescaped() {
        let found = find(r#"{"sensitive": true, "sens\u0069tive": false}"#);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].key, "sensitive");
    }
}
