//! What stands in for secrets in `Debug` output: one marker everywhere, and
//! for optional secrets whether one is set (`None` or `Some("<redacted>")`),
//! never what it is; and the redaction of server text (service messages,
//! error pages) that may echo a request's secrets.

use std::collections::BTreeMap;
use std::fmt;

use zeroize::Zeroizing;

/// The text printed in place of a secret.
pub const MARKER: &str = "<redacted>";

/// Prints as `"<redacted>"`, quoted like the string it replaces.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

/// Put in place of a secret by hand-written `Debug` impls.
pub const REDACTED: Redacted = Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(MARKER, f)
    }
}

/// What generated `Debug` impls print for a sensitive field.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Redaction {
    /// An optional secret that is not set: `None`.
    Unset,
    /// An optional secret that is set: `Some("<redacted>")`.
    Set,
    /// A secret that is always there: `"<redacted>"`.
    Value,
}

impl fmt::Debug for Redaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Redaction::Unset => f.write_str("None"),
            Redaction::Set => f.debug_tuple("Some").field(&REDACTED).finish(),
            Redaction::Value => REDACTED.fmt(f),
        }
    }
}

/// How a field type shows up redacted.
pub trait Redact {
    /// The stand-in for this value.
    fn redaction(&self) -> Redaction;
}

/// The stand-in for a sensitive field, for `Debug` output.
pub fn redacted<T: Redact + ?Sized>(value: &T) -> Redaction {
    value.redaction()
}

impl<T: Redact> Redact for Option<T> {
    fn redaction(&self) -> Redaction {
        match self {
            Some(_) => Redaction::Set,
            None => Redaction::Unset,
        }
    }
}

impl<T: Redact + ?Sized> Redact for Box<T> {
    fn redaction(&self) -> Redaction {
        (**self).redaction()
    }
}

macro_rules! always_present {
    ($($ty:ty),*) => {$(
        impl Redact for $ty {
            fn redaction(&self) -> Redaction {
                Redaction::Value
            }
        }
    )*};
}

always_present!(
    str,
    String,
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    serde_json::Value
);

impl<T> Redact for Vec<T> {
    fn redaction(&self) -> Redaction {
        Redaction::Value
    }
}

impl<T> Redact for BTreeMap<String, T> {
    fn redaction(&self) -> Redaction {
        Redaction::Value
    }
}

/// Whether a key names a secret whatever the spec says (`AdminPassword`,
/// `db_password`, `SessionToken`, `secret`, `AccessKeySecret`).
fn secret_like(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    [
        "password",
        "passwd",
        "secret",
        "token",
        "credential",
        "privatekey",
    ]
    .iter()
    .any(|hint| key.contains(hint))
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.'
}

/// Where a value written after `key` ends: at the closing quote of a quoted
/// value, at `<` in XML, else at the first separator.
fn value_end(text: &[u8], start: usize, quote: Option<&[u8]>, xml: bool) -> usize {
    let rest = &text[start..];
    let end = match quote {
        Some(quote) => rest.windows(quote.len()).position(|w| w == quote),
        None if xml => rest.iter().position(|&b| b == b'<'),
        None => rest
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b"&,;}]<>'\"".contains(&b)),
    };
    start + end.unwrap_or(rest.len())
}

/// `text` with the value of every `Key=Value`, `Key: Value`,
/// `"Key":"Value"` (also JSON-escaped) and `<Key>Value</Key>` replaced by
/// the marker when `Key` is one of `sensitive` (wire names, any case) or
/// looks like a secret's name.
pub(crate) fn redact_pairs(text: &str, sensitive: &[&str]) -> String {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !is_key_byte(bytes[i]) || (i > 0 && is_key_byte(bytes[i - 1])) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_key_byte(bytes[i]) {
            i += 1;
        }
        let key = &text[start..i];
        let xml = start > 0 && bytes[start - 1] == b'<' && bytes.get(i) == Some(&b'>');
        let mut j = i;
        if !xml {
            // The closing quote of a quoted key: `"`, `'` or `\"`.
            if bytes[j..].starts_with(b"\\\"") {
                j += 2;
            } else if matches!(bytes.get(j), Some(b'"' | b'\'')) {
                j += 1;
            }
            while bytes.get(j).is_some_and(|b| *b == b' ') {
                j += 1;
            }
            if !matches!(bytes.get(j), Some(b'=' | b':')) {
                continue;
            }
        }
        j += 1;
        while !xml && bytes.get(j).is_some_and(|b| *b == b' ') {
            j += 1;
        }
        let sensitive = sensitive.iter().any(|name| name.eq_ignore_ascii_case(key));
        if !(sensitive || secret_like(key)) {
            continue;
        }
        let quote: Option<&[u8]> = if bytes[j..].starts_with(b"\\\"") {
            Some(b"\\\"")
        } else if bytes.get(j) == Some(&b'"') {
            Some(b"\"")
        } else if bytes.get(j) == Some(&b'\'') {
            Some(b"'")
        } else {
            None
        };
        let value_start = j + quote.map_or(0, <[u8]>::len);
        let end = value_end(bytes, value_start, quote, xml);
        if end > value_start {
            out.push_str(&text[copied..value_start]);
            out.push_str(MARKER);
            copied = end;
        }
        i = end.max(i);
    }
    out.push_str(&text[copied..]);
    out
}

/// `text` with every occurrence of one of `values` replaced by the marker.
pub(crate) fn redact_values(text: &str, values: &[Zeroizing<String>]) -> String {
    let mut text = text.to_owned();
    for value in values {
        if text.contains(value.as_str()) {
            text = text.replace(value.as_str(), MARKER);
        }
    }
    text
}

/// The values of a request's sensitive members (`sensitive` wire names, or
/// secret-like names), nested ones included, to be kept out of errors.
/// Values shorter than 4 characters are left out: replacing them would
/// garble messages without protecting much.
pub(crate) fn request_secrets<T: serde::Serialize>(
    request: &T,
    sensitive: &[&str],
) -> Vec<Zeroizing<String>> {
    let mut found = Vec::new();
    if let Ok(mut value) = serde_json::to_value(request) {
        collect(&value, false, sensitive, &mut found);
        wipe(&mut value);
    }
    found
}

/// Overwrites every string of `value` before it is dropped: the copy made
/// to find secrets must not leave them in freed memory.
fn wipe(value: &mut serde_json::Value) {
    use serde_json::Value;
    use zeroize::Zeroize;
    match value {
        Value::Object(members) => members.values_mut().for_each(wipe),
        Value::Array(items) => items.iter_mut().for_each(wipe),
        Value::String(text) => text.zeroize(),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

fn collect(
    value: &serde_json::Value,
    secret: bool,
    sensitive: &[&str],
    found: &mut Vec<Zeroizing<String>>,
) {
    use serde_json::Value;
    match value {
        Value::Object(members) => {
            for (key, value) in members {
                let secret = secret || sensitive.contains(&key.as_str()) || secret_like(key);
                collect(value, secret, sensitive, found);
            }
        }
        Value::Array(items) => {
            for item in items {
                collect(item, secret, sensitive, found);
            }
        }
        Value::String(text) if secret && text.chars().count() >= 4 => {
            found.push(Zeroizing::new(text.clone()));
        }
        Value::Number(n) if secret && n.to_string().len() >= 4 => {
            found.push(Zeroizing::new(n.to_string()));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_secrets_show_presence_only() {
        let set = Some("hunter2".to_owned());
        let unset: Option<String> = None;
        assert_eq!(format!("{:?}", redacted(&set)), "Some(\"<redacted>\")");
        assert_eq!(format!("{:?}", redacted(&unset)), "None");
        assert_eq!(format!("{:?}", redacted("hunter2")), "\"<redacted>\"");
        assert_eq!(format!("{REDACTED:?}"), "\"<redacted>\"");
    }

    #[test]
    fn pairs_with_secret_names_lose_their_values() {
        let cases = [
            (
                "AdminPassword=pw1&User=root",
                "AdminPassword=<redacted>&User=root",
            ),
            (
                r#"{"Password":"p w","User":"u"}"#,
                r#"{"Password":"<redacted>","User":"u"}"#,
            ),
            (
                r#"{\"Password\":\"pw\",\"X\":1}"#,
                r#"{\"Password\":\"<redacted>\",\"X\":1}"#,
            ),
            ("token: abc, next", "token: <redacted>, next"),
            (
                "<Password>pw</Password><User>u</User>",
                "<Password><redacted></Password><User>u</User>",
            ),
            ("Custom='x y'", "Custom='<redacted>'"),
            ("Password, please", "Password, please"),
            ("数据 Secret=值 end", "数据 Secret=<redacted> end"),
        ];
        for (text, expected) in cases {
            assert_eq!(redact_pairs(text, &["Custom"]), expected, "{text}");
        }
    }

    #[test]
    fn request_secrets_are_found_nested() {
        let request = serde_json::json!({"SrcInfo": {"Pass": "hunter22", "User": "root"},
            "List": [{"Pass": "second1"}], "Pass": "x", "AccessKeySecret": "s3cr3t"});
        let found = request_secrets(&request, &["Pass"]);
        let found: Vec<&str> = found.iter().map(|s| s.as_str()).collect();
        assert_eq!(found, ["hunter22", "second1", "s3cr3t"]);
        let values = request_secrets(&request, &["Pass"]);
        assert_eq!(
            redact_values("login hunter22 failed", &values),
            "login <redacted> failed"
        );
    }
}
