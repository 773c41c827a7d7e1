//! Every example response the vendors ship (`../shared/vendor-meta`: tccli's
//! `examples.json` for Tencent, `responseDemo` of the Alibaba metadata)
//! decodes into the generated response type of its action, the way the
//! runtime decodes a body: Tencent the object inside `Response`, Alibaba the
//! flat object, through the type's lenient `Deserialize`; the decoded
//! response serialises and decodes again to an equal value.
//!
//! Where an example contradicts the spec (a member the spec lacks, another
//! JSON kind, a required member missing, an unexpected `null`, a value no
//! enumeration lists) is listed in `tests/fixtures/vendor-example-mismatches.txt`;
//! a new or vanished line fails, and `UPDATE_GOLDEN=1 cargo test -p
//! integration-tests --test vendor_examples` rewrites the file.
//!
//! The vendor files are read from `$SHARED_DIR/vendor-meta` (or
//! `$SHARED_DIR` itself if it holds them), else `<repo>/../shared/vendor-meta`
//! (`test_support::vendor_meta`); if they are missing the tests skip with one
//! line each, and fail under `scripts/test.sh`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cloud_sdk_codegen::model::{Action, Provider};
use cloud_sdk_codegen::Service;
use integration_tests::example_check::{check_response, sensitive_values, Mismatch, MismatchKind};
use serde_json::Value;

/// Examples per spec in the vendor files as shipped (tccli 3.1.189.1; the
/// Alibaba metadata of 2025-12-19, JSON demos only): a loader that finds
/// fewer (or none) fails here rather than passing on nothing.
const EXPECTED_EXAMPLES: [(&str, usize); 3] = [
    ("alibaba-dts-2020-01-01", 123),
    ("tencent-dts-2018-03-30", 25),
    ("tencent-dts-2021-12-06", 87),
];

/// Examples whose body the generated type cannot hold even leniently:
/// `(spec, example, JSON path of the failing member, why)`. The fix belongs
/// in the spec or in the runtime's lenient decoding (runtime/src/de.rs), not
/// here; an entry that decodes again, or fails elsewhere, fails the test.
/// (Decoding stops at the first failure, so an entry can hide a later one.)
const KNOWN_UNDECODABLE: &[(&str, &str, &str, &str)] = &[];

/// `Err((JSON path, message))` when the body does not fit.
type DecodeResult = Result<(), (String, String)>;

/// Decodes the way the runtime does (`serde_json::from_value` into the
/// response type), through `serde_path_to_error` to name the failing field;
/// then serialises the decoded response and decodes that again, which must
/// give an equal value (responses can be stored as JSON and read back).
fn decode<T>(body: Value) -> DecodeResult
where
    T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
{
    let decoded: T = serde_path_to_error::deserialize(body)
        .map_err(|e| (e.path().to_string(), e.inner().to_string()))?;
    let wire = serde_json::to_value(&decoded)
        .map_err(|e| ("(re-serialised)".to_owned(), e.to_string()))?;
    let again: T = serde_json::from_value(wire.clone())
        .map_err(|e| ("(re-serialised)".to_owned(), format!("{e} in {wire}")))?;
    if again != decoded {
        // Debug output redacts sensitive members.
        return Err((
            "(re-serialised)".to_owned(),
            format!("decodes to another value: {decoded:?} became {again:?}"),
        ));
    }
    Ok(())
}

// `decode_response(feature, action, body)`: one arm per action of every
// spec, written by tests/build.rs.
include!(concat!(env!("OUT_DIR"), "/response_decoders.rs"));

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// JSON held as text inside a vendor file.
fn parse_text(value: &Value, what: &str) -> Value {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("{what} is not a string"));
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{what} is not JSON: {e}"))
}

/// One example response.
struct Example {
    /// Spec file stem, also the cargo feature (`tencent-dts-2021-12-06`).
    spec: String,
    /// Action wire name.
    action: String,
    /// The action, with `#2`, `#3` for its later examples.
    label: String,
    /// The body as the vendor shows it.
    body: Value,
    /// Shown by the vendor as an error response (Alibaba `errorExample`).
    error_demo: bool,
}

/// The examples of one spec.
struct Examples {
    examples: Vec<Example>,
    /// Alibaba XML demos, not decoded: the runtime asks for JSON (it reads
    /// XML only for the code and message of an error).
    skipped_xml: usize,
}

fn label(action: &str, index: usize) -> String {
    match index {
        0 => action.to_owned(),
        i => format!("{action}#{}", i + 1),
    }
}

/// tccli's `examples.json`: `{"actions": {"<Action>": [{"output": "<JSON
/// text of {\"Response\": ...}>", ...}]}}`.
fn tencent_examples(spec: &str, path: &Path) -> Examples {
    let file = read_json(path);
    let actions = file["actions"]
        .as_object()
        .unwrap_or_else(|| panic!("{}: no \"actions\" object", path.display()));
    let mut examples = Vec::new();
    for (action, list) in actions {
        let list = list
            .as_array()
            .unwrap_or_else(|| panic!("{spec} {action}: examples are not a list"));
        for (i, example) in list.iter().enumerate() {
            let what = format!("{spec} {action} example {} output", i + 1);
            examples.push(Example {
                spec: spec.to_owned(),
                action: action.clone(),
                label: label(action, i),
                body: parse_text(&example["output"], &what),
                error_demo: false,
            });
        }
    }
    Examples {
        examples,
        skipped_xml: 0,
    }
}

/// The Alibaba metadata: `apis.<Action>.responseDemo` is JSON text of
/// `[{"type": "json" | "xml", "example": "<text>", "errorExample": "<text>"}]`.
fn alibaba_examples(spec: &str, path: &Path) -> Examples {
    let file = read_json(path);
    let apis = file["apis"]
        .as_object()
        .unwrap_or_else(|| panic!("{}: no \"apis\" object", path.display()));
    let mut examples = Vec::new();
    let mut skipped_xml = 0;
    for (action, api) in apis {
        let demos = parse_text(
            &api["responseDemo"],
            &format!("{spec} {action} responseDemo"),
        );
        let demos = demos
            .as_array()
            .unwrap_or_else(|| panic!("{spec} {action}: responseDemo is not a list"));
        for demo in demos {
            if demo["type"] == "xml" {
                skipped_xml += 1;
                continue;
            }
            assert_eq!(demo["type"], "json", "{spec} {action}: unknown demo type");
            for key in ["example", "errorExample"] {
                if demo[key]
                    .as_str()
                    .is_some_and(|text| !text.trim().is_empty())
                {
                    let index = examples
                        .iter()
                        .filter(|e: &&Example| e.action == *action)
                        .count();
                    examples.push(Example {
                        spec: spec.to_owned(),
                        action: action.clone(),
                        label: label(action, index),
                        body: parse_text(&demo[key], &format!("{spec} {action} {key}")),
                        error_demo: key == "errorExample",
                    });
                }
            }
        }
    }
    Examples {
        examples,
        skipped_xml,
    }
}

/// Every spec with its vendor examples, or `None` (the test skips) when a
/// vendor file is not beside the repository.
fn load() -> Option<Vec<(Service, Examples)>> {
    let (services, _) = cloud_sdk_codegen::load_dir(&manifest_dir().join("../spec/services"))
        .unwrap_or_else(|problems| panic!("{problems}"));
    let mut loaded = Vec::new();
    for service in services {
        let spec = &service.feature;
        let examples = match service.provider {
            Provider::Tencent => tencent_examples(
                spec,
                &test_support::vendor_meta(&format!("{spec}/examples.json"))?,
            ),
            Provider::Alibaba => alibaba_examples(
                spec,
                &test_support::vendor_meta(&format!("{spec}-meta.json"))?,
            ),
        };
        loaded.push((service, examples));
    }
    Some(loaded)
}

/// What the runtime makes of an example body. Its decoding
/// (runtime/src/envelope.rs) is private, so its rules are restated here.
enum Outcome<'a> {
    /// Decoded into the response type: the object, and the JSON path of
    /// its members in the example.
    Response(&'a Value, &'static str),
    /// A service error with this code (none: the runtime would report an
    /// empty code).
    ServiceError(Option<String>),
}

/// A code or message field as the runtime reads it: strings, numbers and
/// booleans as text.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn outcome(provider: Provider, example: &Example) -> Outcome<'_> {
    let body = &example.body;
    match provider {
        // `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`.
        Provider::Tencent => match body["Response"].get("Error") {
            Some(error @ Value::Object(_)) => Outcome::ServiceError(text(&error["Code"])),
            _ => Outcome::Response(&body["Response"], "Response"),
        },
        // An error demo is a 4xx/5xx body (`Code` first); an HTTP 200 with
        // `Success` false is an error too (`ErrCode` first).
        Provider::Alibaba => {
            let failed = match &body["Success"] {
                Value::Bool(success) => !success,
                Value::String(s) => s.trim().eq_ignore_ascii_case("false"),
                _ => false,
            };
            let keys = match (example.error_demo, failed) {
                (true, _) => ["Code", "ErrCode"],
                (false, true) => ["ErrCode", "Code"],
                (false, false) => return Outcome::Response(body, ""),
            };
            Outcome::ServiceError(keys.iter().find_map(|k| text(&body[*k])))
        }
    }
}

fn action_of<'a>(service: &'a Service, example: &Example) -> &'a Action {
    service
        .actions
        .iter()
        .find(|a| a.wire == example.action)
        .unwrap_or_else(|| panic!("{} has no action {}", service.feature, example.action))
}

/// `prefix` and a path below it, either possibly empty (`.` is the root).
fn join_path(prefix: &str, path: &str) -> String {
    match (prefix, path.trim_start_matches('.')) {
        ("", "") => "(root)".to_owned(),
        (prefix, "") => prefix.to_owned(),
        ("", path) => path.to_owned(),
        (prefix, path) => format!("{prefix}.{path}"),
    }
}

#[test]
fn every_vendor_example_decodes_and_round_trips_through_serialize() {
    let mut failures = Vec::new();
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut report = Vec::new();
    let Some(specs) = load() else {
        return;
    };
    for (service, loaded) in specs {
        let (mut decoded, mut errors) = (0, 0);
        for example in &loaded.examples {
            let id = format!("{} {}", example.spec, example.label);
            let (body, prefix) = match outcome(service.provider, example) {
                Outcome::Response(body, prefix) => (body, prefix),
                Outcome::ServiceError(Some(_)) => {
                    errors += 1;
                    continue;
                }
                Outcome::ServiceError(None) => {
                    failures.push(format!("{id}: error body without a code"));
                    continue;
                }
            };
            if !body.is_object() {
                failures.push(format!("{id}: the body is not a JSON object"));
                continue;
            }
            let known = KNOWN_UNDECODABLE
                .iter()
                .find(|(spec, label, _, _)| *spec == example.spec && *label == example.label)
                .map(|(_, _, path, _)| *path);
            match decode_response(&example.spec, &example.action, body.clone()) {
                None => failures.push(format!("{id}: the specs have no such action")),
                Some(Ok(())) if known.is_some() => failures.push(format!(
                    "{id}: decodes now; take it out of KNOWN_UNDECODABLE"
                )),
                Some(Ok(())) => decoded += 1,
                Some(Err((path, mut message))) => {
                    let path = join_path(prefix, &path);
                    if known != Some(path.as_str()) {
                        // serde quotes the value it rejects: keep secrets out.
                        let output = &action_of(&service, example).output;
                        for secret in sensitive_values(&service, output, body) {
                            message = message.replace(&secret, "<redacted>");
                        }
                        failures.push(format!("{id} {path}: {message}"));
                    }
                }
            }
        }
        report.push(format!(
            "{}: {decoded} decoded, {errors} error bodies, {} XML demos skipped, {} known undecodable",
            service.feature,
            loaded.skipped_xml,
            known_undecodable(&service.feature)
        ));
        counts.push((service.feature.clone(), decoded + errors));
    }
    println!("{}", report.join("\n"));
    assert!(
        failures.is_empty(),
        "{} vendor examples do not decode:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let expected: Vec<(String, usize)> = EXPECTED_EXAMPLES
        .iter()
        .map(|(spec, n)| (spec.to_string(), n - known_undecodable(spec)))
        .collect();
    assert_eq!(
        counts, expected,
        "examples decoded per spec differ from the number in the vendor files"
    );
}

fn known_undecodable(spec: &str) -> usize {
    KNOWN_UNDECODABLE
        .iter()
        .filter(|(s, _, _, _)| *s == spec)
        .count()
}

fn golden_path() -> PathBuf {
    manifest_dir().join("fixtures/vendor-example-mismatches.txt")
}

const GOLDEN_HEADER: &str = "\
# Where the vendors' example responses contradict the specs in spec/services,
# found by tests/tests/vendor_examples.rs: one line per mismatch, sorted.
# Regenerate with `UPDATE_GOLDEN=1 cargo test -p integration-tests --test vendor_examples`.
";

#[test]
fn example_mismatches_match_the_checked_in_list() {
    let mut lines = Vec::new();
    let mut by_kind: BTreeMap<MismatchKind, usize> = BTreeMap::new();
    let Some(specs) = load() else {
        return;
    };
    for (service, loaded) in specs {
        for example in &loaded.examples {
            let Outcome::Response(body, prefix) = outcome(service.provider, example) else {
                continue;
            };
            let output = &action_of(&service, example).output;
            for Mismatch { kind, path, detail } in check_response(&service, output, prefix, body) {
                *by_kind.entry(kind).or_default() += 1;
                lines.push(format!(
                    "{} {} {path}: {detail}",
                    example.spec, example.label
                ));
            }
        }
    }
    lines.sort();
    let by_kind: Vec<String> = MismatchKind::ALL
        .iter()
        .map(|kind| format!("{kind:?} {}", by_kind.get(kind).unwrap_or(&0)))
        .collect();
    println!("mismatches by kind: {}", by_kind.join(", "));

    let path = golden_path();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let mut text = GOLDEN_HEADER.to_owned();
        for line in &lines {
            text.push_str(line);
            text.push('\n');
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let committed = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
    let committed: Vec<&str> = committed
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let new: Vec<&str> = lines
        .iter()
        .map(String::as_str)
        .filter(|l| !committed.contains(l))
        .collect();
    let vanished: Vec<&str> = committed
        .iter()
        .copied()
        .filter(|l| !lines.iter().any(|line| line == l))
        .collect();
    assert!(
        committed == lines,
        "the example mismatches differ from {} (+ new, - vanished; rerun with UPDATE_GOLDEN=1 if intended):\n{}{}",
        path.display(),
        new.iter().map(|l| format!("+ {l}\n")).collect::<String>(),
        vanished.iter().map(|l| format!("- {l}\n")).collect::<String>(),
    );
}
