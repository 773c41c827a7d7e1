//! Checks that an imported spec holds none of the vendor's prose: no
//! `docs` or `example` equals or contains a sentence of the metadata's
//! descriptions, titles or error messages.

use serde_json::Value;

use cloud_sdk_codegen::spec::file::Member;
use cloud_sdk_codegen::spec::SpecFile;

/// The sentences of every string under one of `keys` in `root`: pieces
/// split at `. ` and `。` with at least three words (or, for Chinese text,
/// at least six characters).
pub fn sentences(root: &Value, keys: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    collect(root, keys, &mut found);
    found.sort();
    found.dedup();
    found
}

fn collect(value: &Value, keys: &[&str], found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match value {
                    Value::String(text) if keys.contains(&key.as_str()) => {
                        found.extend(
                            text.split(". ")
                                .flat_map(|s| s.split('。'))
                                .map(|s| s.trim().trim_end_matches('.').trim())
                                .filter(|s| {
                                    s.split_whitespace().count() >= 3
                                        || s.chars().filter(|c| !c.is_ascii()).count() >= 6
                                })
                                .map(str::to_owned),
                        );
                    }
                    _ => collect(value, keys, found),
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|v| collect(v, keys, found)),
        _ => {}
    }
}

/// Panics naming the first `docs` or `example` that equals or contains one
/// of `sentences`.
pub fn assert_no_vendor_prose(spec: &SpecFile, sentences: &[String]) {
    assert!(
        !sentences.is_empty(),
        "the metadata has no prose to look for"
    );
    let mut texts: Vec<(String, String)> = vec![("docs".into(), spec.docs.clone())];
    let mut members = |at: &str, list: &[Member]| {
        for m in list {
            texts.push((format!("{at}.{}.docs", m.name), m.docs.clone()));
            if let Some(example) = &m.example {
                strings(example, &mut |s| {
                    texts.push((format!("{at}.{}.example", m.name), s.to_owned()))
                });
            }
        }
    };
    for action in &spec.actions {
        members(&format!("{}.input", action.name), &action.input);
        members(&format!("{}.output", action.name), &action.output);
    }
    for ty in &spec.types {
        members(&format!("types.{}", ty.name), &ty.members);
    }
    for action in &spec.actions {
        texts.push((format!("{}.docs", action.name), action.docs.clone()));
        for error in &action.errors {
            texts.push((
                format!("{}.errors.{}", action.name, error.code),
                error.docs.clone(),
            ));
        }
    }
    for (at, text) in &texts {
        if let Some(sentence) = sentences.iter().find(|s| text.contains(s.as_str())) {
            panic!("vendor prose copied into {at}: {text:?} holds {sentence:?}");
        }
    }
}

/// Every string inside an example value (JSON examples included).
fn strings(value: &Value, each: &mut impl FnMut(&str)) {
    match value {
        Value::String(s) => each(s),
        Value::Array(list) => list.iter().for_each(|v| strings(v, each)),
        Value::Object(map) => map.values().for_each(|v| strings(v, each)),
        _ => {}
    }
}
