//! Typed request parameters (nested `serde_json` values, in model order) to
//! the flat `name=value` pairs that the RPC-style protocols send and sign.
//!
//! * Tencent ([`flatten_tencent`]): object members joined with `.`, list items
//!   by a **0-based** index (`Tags.0.TagKey`). Used by signature v1 and by
//!   TC3 GET query strings.
//! * Alibaba ([`flatten_alibaba`]): per parameter style; `repeatList` uses a
//!   **1-based** index (`Tag.1.Key`), `json` one compact JSON string.
//!
//! Scalars: strings unchanged (a string holding JSON is passed through),
//! numbers in decimal (floats in serde_json's shortest round-trip form),
//! booleans as `true`/`false`, `null` absent. Empty lists and objects produce
//! no pairs. Key order follows the `serde_json::Map`, which this crate builds
//! with `preserve_order` so it is the model's order.

use super::SignError;
use serde_json::Value;

/// Flat wire parameters: `(name, value)` in the order produced.
pub type Pairs = Vec<(String, String)>;

/// Nesting deeper than this is rejected rather than recursed into, so a
/// hostile value cannot exhaust the stack. Real API models nest 3–4 levels.
const MAX_DEPTH: usize = 32;

/// How an Alibaba parameter is serialised: the `style` of its metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AlibabaStyle {
    /// No style: a scalar, or a nested value flattened like `repeatList`.
    Plain,
    /// `Name.1=a&Name.2=b`, recursively `Tag.1.Key=k` (1-based).
    RepeatList,
    /// `Name.Field=v`, recursively; lists inside are 1-based.
    Flat,
    /// One parameter whose value is compact JSON (`DbList`). A string value
    /// is taken to be JSON already and passed through.
    Json,
    /// A list of scalars joined with `,`.
    Simple,
    /// A list of scalars joined with a space.
    SpaceDelimited,
    /// A list of scalars joined with `|`.
    PipeDelimited,
}

/// Flattens a Tencent request object into pairs in model order.
///
/// Errors if `params` is not an object or nests too deeply.
pub fn flatten_tencent(params: &Value) -> Result<Pairs, SignError> {
    let map = params.as_object().ok_or(SignError::NotAnObject)?;
    let mut out = Vec::new();
    for (name, value) in map {
        flatten_tencent_into(name, value, &mut out)?;
    }
    Ok(out)
}

/// Flattens one Tencent parameter named `name`, appending to `out`.
pub fn flatten_tencent_into(name: &str, value: &Value, out: &mut Pairs) -> Result<(), SignError> {
    nest(&mut name.to_owned(), value, 0, 0, out)
}

/// Flattens one Alibaba parameter with wire name `name` and `style`,
/// appending to `out`.
pub fn flatten_alibaba(
    name: &str,
    style: AlibabaStyle,
    value: &Value,
    out: &mut Pairs,
) -> Result<(), SignError> {
    let separator = match style {
        AlibabaStyle::Plain | AlibabaStyle::RepeatList | AlibabaStyle::Flat => {
            return nest(&mut name.to_owned(), value, 1, 0, out);
        }
        AlibabaStyle::Json => {
            match value {
                Value::Null => {}
                Value::String(s) => out.push((name.to_owned(), s.clone())),
                // Compact, keys in map order, non-ASCII as raw UTF-8. The
                // serialiser recurses, so bound the depth first.
                _ if !within_depth(value, MAX_DEPTH) => {
                    return Err(SignError::TooDeep(name.to_owned()));
                }
                _ => out.push((name.to_owned(), value.to_string())),
            }
            return Ok(());
        }
        AlibabaStyle::Simple => ",",
        AlibabaStyle::SpaceDelimited => " ",
        AlibabaStyle::PipeDelimited => "|",
    };
    let joined = match value {
        Value::Null => return Ok(()),
        Value::Array(items) => {
            // Joined like the vendor SDKs' `separator.join(items)`: an
            // empty item still takes its place (`["", "a"]` is `,a`).
            let texts = items
                .iter()
                .filter(|v| !v.is_null())
                .map(|item| {
                    scalar(item).ok_or_else(|| SignError::UnsupportedValue {
                        name: name.to_owned(),
                        reason: "a delimited list may hold only scalars",
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            texts.join(separator)
        }
        other => scalar(other).ok_or_else(|| SignError::UnsupportedValue {
            name: name.to_owned(),
            reason: "a delimited style needs a list of scalars",
        })?,
    };
    out.push((name.to_owned(), joined));
    Ok(())
}

/// Whether `value` nests at most `limit` levels (recursion bounded by `limit`).
fn within_depth(value: &Value, limit: usize) -> bool {
    match value {
        Value::Array(items) => limit > 0 && items.iter().all(|v| within_depth(v, limit - 1)),
        Value::Object(map) => limit > 0 && map.values().all(|v| within_depth(v, limit - 1)),
        _ => true,
    }
}

/// The wire text of a scalar; `None` for `null`, lists and objects.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "true" } else { "false" }.to_owned()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// Depth-first flattening with a shared name buffer: `prefix` is extended
/// for each member and truncated back, so no intermediate names are built.
/// List items are numbered from `base`.
fn nest(
    prefix: &mut String,
    value: &Value,
    base: usize,
    depth: usize,
    out: &mut Pairs,
) -> Result<(), SignError> {
    if depth > MAX_DEPTH {
        return Err(SignError::TooDeep(prefix.clone()));
    }
    let len = prefix.len();
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                prefix.push('.');
                prefix.push_str(key);
                nest(prefix, item, base, depth + 1, out)?;
                prefix.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                prefix.push('.');
                prefix.push_str(&(i + base).to_string());
                nest(prefix, item, base, depth + 1, out)?;
                prefix.truncate(len);
            }
        }
        scalar_value => {
            if let Some(text) = scalar(scalar_value) {
                out.push((prefix.clone(), text));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pairs(list: &[(&str, &str)]) -> Pairs {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn tencent_nesting_and_scalars() {
        let v = json!({
            "MigrateOption": {"RunMode": 1, "ConsistencyParams": {"TablesSelectAll": 1}},
            "TagFilters": [{"TagKey": "k", "TagValue": ["a", "b"]}],
            "Flag": true, "Ratio": 0.5, "Skip": null, "Empty": [], "Blank": "",
            "DatabaseInfo": "[{\"Database\":\"x\"}]"
        });
        assert_eq!(
            flatten_tencent(&v).unwrap(),
            pairs(&[
                ("MigrateOption.RunMode", "1"),
                ("MigrateOption.ConsistencyParams.TablesSelectAll", "1"),
                ("TagFilters.0.TagKey", "k"),
                ("TagFilters.0.TagValue.0", "a"),
                ("TagFilters.0.TagValue.1", "b"),
                ("Flag", "true"),
                ("Ratio", "0.5"),
                ("Blank", ""),
                ("DatabaseInfo", "[{\"Database\":\"x\"}]"),
            ])
        );
        assert_eq!(flatten_tencent(&json!([1])), Err(SignError::NotAnObject));
    }

    #[test]
    fn alibaba_styles() {
        let mut out = Vec::new();
        let tags = json!([{"Key": "env", "Value": "prod"}, {"Key": "k2", "Value": "v2"}]);
        flatten_alibaba("Tag", AlibabaStyle::RepeatList, &tags, &mut out).unwrap();
        flatten_alibaba("Id", AlibabaStyle::RepeatList, &json!(["a"]), &mut out).unwrap();
        flatten_alibaba("Cfg", AlibabaStyle::Flat, &json!({"A": {"B": 2}}), &mut out).unwrap();
        let db = json!({"shop": {"name": "shop", "all": false, "名": "值"}});
        flatten_alibaba("DbList", AlibabaStyle::Json, &db, &mut out).unwrap();
        flatten_alibaba("Raw", AlibabaStyle::Json, &json!("{\"a\":1}"), &mut out).unwrap();
        flatten_alibaba(
            "Ids",
            AlibabaStyle::Simple,
            &json!(["a", 2, true]),
            &mut out,
        )
        .unwrap();
        flatten_alibaba(
            "P",
            AlibabaStyle::PipeDelimited,
            &json!(["", "a", "", "b"]),
            &mut out,
        )
        .unwrap();
        flatten_alibaba(
            "S",
            AlibabaStyle::SpaceDelimited,
            &json!(["a", "b"]),
            &mut out,
        )
        .unwrap();
        flatten_alibaba("N", AlibabaStyle::Plain, &json!(20), &mut out).unwrap();
        flatten_alibaba("Gone", AlibabaStyle::Json, &Value::Null, &mut out).unwrap();
        assert_eq!(
            out,
            pairs(&[
                ("Tag.1.Key", "env"),
                ("Tag.1.Value", "prod"),
                ("Tag.2.Key", "k2"),
                ("Tag.2.Value", "v2"),
                ("Id.1", "a"),
                ("Cfg.A.B", "2"),
                (
                    "DbList",
                    "{\"shop\":{\"name\":\"shop\",\"all\":false,\"名\":\"值\"}}"
                ),
                ("Raw", "{\"a\":1}"),
                ("Ids", "a,2,true"),
                ("P", "|a||b"),
                ("S", "a b"),
                ("N", "20"),
            ])
        );
    }

    #[test]
    fn delimited_lists_reject_containers() {
        let mut out = Vec::new();
        let err = flatten_alibaba("X", AlibabaStyle::Simple, &json!([[1]]), &mut out);
        assert!(matches!(err, Err(SignError::UnsupportedValue { .. })));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let mut v = json!(1);
        for _ in 0..100 {
            v = Value::Array(vec![v]);
        }
        let err = flatten_tencent(&json!({"Deep": v.clone()})).unwrap_err();
        assert!(matches!(err, SignError::TooDeep(_)));
        for style in [AlibabaStyle::RepeatList, AlibabaStyle::Json] {
            let err = flatten_alibaba("Deep", style, &v, &mut Vec::new());
            assert!(matches!(err, Err(SignError::TooDeep(_))), "{style:?}");
        }
    }
}
