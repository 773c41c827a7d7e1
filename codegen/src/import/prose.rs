//! Keeping the vendors' prose out of `example`s.
//!
//! Metadata examples are meant to be facts (IDs, hosts, numbers, JSON), but
//! the vendors often fill them with their own text: the description of
//! another field, the action's error message, or a sentence of free text.
//! An importer drops a string example when
//!
//! - it equals (after trimming) a prose string of the metadata file, one of
//!   at least two words: any description, summary, title or error message
//!   ([`Prose::ALIBABA_KEYS`], [`Prose::TENCENT_KEYS`] and Tencent's action
//!   titles). Single-word descriptions are left alone: some vendor
//!   descriptions are misplaced values (`rm-bp1i99e8l7913****`);
//! - it reads as a sentence: at least three words and either ending in `.`
//!   or holding `. ` (JSON text, starting with `{` or `[`, is not prose);
//! - it belongs to a free-text member (name ending in `Message`, `Msg`,
//!   `Reason` or `Log`) and holds at least three words: such examples are
//!   messages, never values.
//!
//! A word is a whitespace-separated piece made of ASCII letters (and
//! apostrophes) once surrounding punctuation is stripped, so ids, dates,
//! hostnames, numbers and SQL identifiers do not count.

use std::collections::HashSet;

use serde_json::Value;

/// Name endings of free-text members, lower case.
const FREE_TEXT_MEMBERS: &[&str] = &["message", "msg", "reason", "log"];

/// The prose strings of one metadata file.
#[derive(Debug, Clone, Default)]
pub(super) struct Prose {
    strings: HashSet<String>,
}

impl Prose {
    /// Keys whose strings are prose in Alibaba's OpenAPI metadata.
    pub(super) const ALIBABA_KEYS: &'static [&'static str] = &[
        "description",
        "summary",
        "title",
        "errorMessage",
        "requestParamsDescription",
        "responseParamsDescription",
        "extraInfo",
    ];

    /// Keys whose strings are prose in Tencent's `api.json` (action `name`s,
    /// the action titles, are added by [`Prose::tencent`]).
    pub(super) const TENCENT_KEYS: &'static [&'static str] =
        &["document", "api_brief", "serviceNameCN"];

    /// Every string under one of `keys`, anywhere in `root`.
    pub(super) fn collect(root: &Value, keys: &[&str]) -> Self {
        let mut prose = Prose::default();
        prose.walk(root, keys);
        prose
    }

    /// The prose of a Tencent `api.json`: its documents and action titles.
    pub(super) fn tencent(root: &Value) -> Self {
        let mut prose = Prose::collect(root, Self::TENCENT_KEYS);
        if let Some(actions) = root.get("actions").and_then(Value::as_object) {
            for action in actions.values() {
                if let Some(title) = action.get("name").and_then(Value::as_str) {
                    prose.add(title);
                }
            }
        }
        prose
    }

    fn walk(&mut self, value: &Value, keys: &[&str]) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    match value {
                        Value::String(text) if keys.contains(&key.as_str()) => self.add(text),
                        _ => self.walk(value, keys),
                    }
                }
            }
            Value::Array(list) => list.iter().for_each(|v| self.walk(v, keys)),
            _ => {}
        }
    }

    fn add(&mut self, text: &str) {
        let text = text.trim();
        if text.split_whitespace().nth(1).is_some() {
            self.strings.insert(text.to_owned());
        }
    }

    /// Whether a string example of the member `member` is prose, not a fact.
    pub(super) fn rejects(&self, member: &str, text: &str) -> bool {
        let text = text.trim();
        self.strings.contains(text)
            || is_sentence(text)
            || (is_free_text(member) && words(text) >= 3)
    }

    /// Whether an example value holds prose: a string that
    /// [`Prose::rejects`], or, inside JSON, a string that is a vendor prose
    /// string or a sentence.
    pub(super) fn rejects_value(&self, member: &str, value: &Value) -> bool {
        match value {
            Value::String(text) => self.rejects(member, text),
            Value::Array(list) => list.iter().any(|v| self.rejects_value("", v)),
            Value::Object(map) => map.values().any(|v| self.rejects_value("", v)),
            _ => false,
        }
    }
}

/// Whether `name` is a free-text member (a message, a reason, a log).
fn is_free_text(name: &str) -> bool {
    let lower = name.to_lowercase();
    FREE_TEXT_MEMBERS.iter().any(|end| lower.ends_with(end))
}

/// A sentence: three words or more, ending in `.` or holding `. `.
pub(super) fn is_sentence(text: &str) -> bool {
    let text = text.trim();
    !text.starts_with(['{', '['])
        && words(text) >= 3
        && (text.ends_with('.') || text.contains(". "))
}

/// How many whitespace-separated pieces are words of letters.
fn words(text: &str) -> usize {
    text.split_whitespace()
        .map(|piece| piece.trim_matches(|c: char| "(),.:;!?\"'".contains(c)))
        .filter(|word| {
            !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic() || c == '\'')
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sentences_are_prose_values_are_not() {
        let prose = Prose::collect(
            &json!({"apis": {"A": {"description": "Some words here.", "errorCodes": {"400": [
                {"errorCode": "X", "errorMessage": "It broke badly"}
            ]}, "title": "rm-bp1****"}}}),
            Prose::ALIBABA_KEYS,
        );
        assert!(prose.rejects("Name", "Some words here."));
        assert!(prose.rejects("Name", " It broke badly "));
        assert!(prose.rejects("Name", "The task failed. Retry it"));
        assert!(!prose.rejects("InstanceId", "rm-bp1****"));
        for fact in [
            "dts-1kl0iy0v",
            "2021-06-28 17:34:53.0",
            "mysql",
            "MySQL migration",
            "default resource group",
            "rm-bp1i99e8l7913****",
            "dts.cn-hangzhou.aliyuncs.com",
            "Starting DTS-ETL...",
            "state = IDLE",
            "[{\"DBName\": \"dtstestdata\"}]",
            "CREATE TABLE `db`.`t` (id int) COMMENT 'x'",
        ] {
            assert!(!prose.rejects("Value", fact), "{fact}");
        }
        assert!(prose.rejects("ErrMessage", "get metric list fail"));
        assert!(!prose.rejects("ErrMessage", "InvalidParameter"));
        assert!(!prose.rejects("ErrMessage", "Unexpected error"));
        assert!(!prose.rejects("DynamicMessage", "DtsJobId"));
        assert!(prose.rejects_value("Tags", &json!([{"note": "Some words here."}])));
        assert!(!prose.rejects_value("Tags", &json!([{"key": "testK"}])));
    }
}
