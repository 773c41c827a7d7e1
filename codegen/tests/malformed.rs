//! Malformed specs: each case asserts where the problem is reported and
//! what is said, and that every problem of a file is reported at once.

use std::path::Path;

use cloud_sdk_codegen::{generate, load_str, Diagnostic, Location};
use serde_json::{json, Value};

const FILE: &str = "tencent-demo-2020-01-01.json";

/// A small valid spec each case breaks in one place.
fn base() -> Value {
    json!({
        "format": 1,
        "provider": "tencent",
        "service": "demo",
        "version": "2020-01-01",
        "signing": ["tc3"],
        "endpoints": { "default": "demo.tencentcloudapi.com", "regional": "demo.{region}.tencentcloudapi.com" },
        "actions": [{
            "name": "CreateJob",
            "input": [
                { "name": "JobName", "type": "string", "required": true },
                { "name": "Tags", "type": "list<TagItem>" }
            ],
            "output": [{ "name": "RequestId", "type": "string", "required": true }]
        }],
        "types": [{
            "name": "TagItem",
            "members": [{ "name": "TagKey", "type": "string", "required": true }]
        }],
        "enums": [{
            "name": "RunMode", "type": "integer",
            "values": [{ "value": 1, "name": "Immediate" }]
        }]
    })
}

fn problems_of(text: &str, file: &str) -> Vec<Diagnostic> {
    match load_str(Path::new(file), text) {
        Ok(_) => panic!("expected problems, the spec was accepted"),
        Err(diagnostics) => diagnostics.0,
    }
}

/// Breaks the base spec with `edit` and expects exactly one problem at
/// `path` whose message contains `message`.
fn expect(edit: impl FnOnce(&mut Value), path: &str, message: &str) {
    let mut spec = base();
    edit(&mut spec);
    let problems = problems_of(&spec.to_string(), FILE);
    assert_eq!(
        problems.len(),
        1,
        "expected one problem, got: {problems:#?}"
    );
    let problem = &problems[0];
    assert_eq!(problem.location, Location::Path(path.into()), "{problem}");
    assert!(
        problem.message.contains(message),
        "message `{}` lacks `{message}`",
        problem.message
    );
    let shown = problem.to_string();
    assert!(shown.starts_with(&format!("{FILE}: {path}: ")), "{shown}");
}

#[test]
fn the_base_spec_is_valid() {
    load_str(Path::new(FILE), &base().to_string()).unwrap();
}

#[test]
fn malformed_json_reports_line_and_column() {
    let text = "{\n  \"format\": 1,\n  \"provider\" \"tencent\"\n}";
    let problems = problems_of(text, FILE);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].location, Location::LineColumn(3, 14));
    assert!(
        problems[0]
            .message
            .starts_with("malformed JSON: expected `:`"),
        "{}",
        problems[0].message
    );
    assert!(problems[0]
        .to_string()
        .starts_with(&format!("{FILE}:3:14: malformed JSON")));
}

#[test]
fn misspelt_key() {
    expect(
        |s| s["actions"][0]["input"][0]["requird"] = json!(true),
        "$.actions[0] (CreateJob).input[0].requird",
        "unknown field `requird`",
    );
}

#[test]
fn missing_key() {
    expect(
        |s| {
            s.as_object_mut().unwrap().remove("provider");
        },
        "$",
        "missing field `provider`",
    );
}

#[test]
fn wrong_json_type() {
    expect(
        |s| s["format"] = json!("1"),
        "$.format",
        "invalid type: string \"1\", expected u32",
    );
}

#[test]
fn unknown_type_reference_suggests_the_close_name() {
    let mut spec = base();
    spec["actions"][0]["input"][1]["type"] = json!("list<TagIten>");
    let problems = problems_of(&spec.to_string(), FILE);
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].location,
        Location::Path("$.actions[0] (CreateJob).input[1].type".into())
    );
    assert_eq!(problems[0].message, "unknown type `TagIten`");
    assert!(problems[0]
        .hint
        .as_deref()
        .unwrap()
        .contains("did you mean `TagItem`?"));
}

#[test]
fn malformed_type_expression() {
    expect(
        |s| s["actions"][0]["input"][0]["type"] = json!("list<string"),
        "$.actions[0] (CreateJob).input[0].type",
        "`list<string` is not a type",
    );
}

#[test]
fn duplicate_action() {
    expect(
        |s| {
            let action = s["actions"][0].clone();
            s["actions"].as_array_mut().unwrap().push(action);
        },
        "$.actions[1] (CreateJob).name",
        "action `CreateJob` is already declared at $.actions[0]",
    );
}

#[test]
fn duplicate_member() {
    expect(
        |s| s["actions"][0]["input"][1] = json!({ "name": "JobName", "type": "string" }),
        "$.actions[0] (CreateJob).input[1].name",
        "member `JobName` is already declared at index 0",
    );
}

#[test]
fn members_colliding_after_case_conversion() {
    expect(
        |s| {
            let members = s["types"][0]["members"].as_array_mut().unwrap();
            members.push(json!({ "name": "TAGKey", "type": "string" }));
        },
        "$.types[0].members[1].name",
        "`TagKey` and `TAGKey` both become the field `tag_key`",
    );
}

#[test]
fn actions_colliding_after_case_conversion() {
    expect(
        |s| {
            let mut other = s["actions"][0].clone();
            other["name"] = json!("CreateJOB");
            other["rust_name"] = json!("create_job");
            s["actions"].as_array_mut().unwrap().push(other);
        },
        "$.actions[1] (CreateJOB).name",
        "`CreateJOB` and `CreateJob` both become the method `create_job`",
    );
}

#[test]
fn member_named_like_a_keyword() {
    expect(
        |s| s["types"][0]["members"][0]["name"] = json!("Type"),
        "$.types[0].members[0].name",
        "member `Type` becomes the Rust keyword `type`",
    );
}

#[test]
fn member_named_gen_is_reserved_in_edition_2024() {
    expect(
        |s| s["actions"][0]["input"][0]["name"] = json!("Gen"),
        "$.actions[0] (CreateJob).input[0].name",
        "member `Gen` becomes the Rust keyword `gen`",
    );
}

#[test]
fn type_shadowing_the_prelude() {
    expect(
        |s| {
            s["types"][0]["name"] = json!("Option");
            s["actions"][0]["input"][1]["type"] = json!("list<Option>");
        },
        "$.types[0].name",
        "type name `Option` would shadow the standard `Option`",
    );
}

#[test]
fn type_and_enum_with_one_name() {
    expect(
        |s| s["enums"][0]["name"] = json!("TagItem"),
        "$.enums[0].name",
        "`TagItem` is declared more than once",
    );
}

#[test]
fn secret_looking_member_without_a_sensitive_flag() {
    expect(
        |s| s["types"][0]["members"][0]["name"] = json!("AdminPassword"),
        "$.types[0].members[0].sensitive",
        "member `AdminPassword` looks secret (`password`) but is not marked",
    );
}

#[test]
fn explicit_sensitive_flag_silences_the_secret_check() {
    let mut spec = base();
    spec["types"][0]["members"][0]["name"] = json!("NextToken");
    spec["types"][0]["members"][0]["sensitive"] = json!(false);
    load_str(Path::new(FILE), &spec.to_string()).unwrap();
}

#[test]
fn integer_enum_value_without_a_name() {
    expect(
        |s| s["enums"][0]["values"][0] = json!({ "value": 1 }),
        "$.enums[0].values[0]",
        "integer value 1 has no name",
    );
}

#[test]
fn enum_value_of_the_wrong_kind() {
    expect(
        |s| s["enums"][0]["values"][0]["value"] = json!("1"),
        "$.enums[0].values[0].value",
        "`\"1\"` is not an integer value",
    );
}

#[test]
fn string_value_that_makes_no_identifier() {
    expect(
        |s| {
            s["enums"][0] =
                json!({ "name": "Size", "type": "string", "values": [{ "value": "2xlarge" }] });
        },
        "$.enums[0].values[0]",
        "value \"2xlarge\" gives the variant name `2xlarge`, which is not an identifier",
    );
}

#[test]
fn signing_of_another_provider() {
    expect(
        |s| s["signing"] = json!(["tc3", "acs3"]),
        "$.signing[1]",
        "Acs3 signing is not used by Tencent",
    );
}

#[test]
fn rpc_placement_on_a_tencent_member() {
    expect(
        |s| s["actions"][0]["input"][0]["location"] = json!("body"),
        "$.actions[0] (CreateJob).input[0].location",
        "\"location\" applies only to Alibaba RPC request members",
    );
}

#[test]
fn rpc_style_that_does_not_fit_the_type() {
    let mut spec = base();
    spec["provider"] = json!("alibaba");
    spec["signing"] = json!(["acs3"]);
    spec["actions"][0]["input"][1]["style"] = json!("flat");
    let problems = problems_of(&spec.to_string(), "alibaba-demo-2020-01-01.json");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(
        problems[0].location,
        Location::Path("$.actions[0] (CreateJob).input[1].style".into())
    );
    assert_eq!(
        problems[0].message,
        "style Flat does not fit the type `list<TagItem>`"
    );
}

#[test]
fn constraint_on_the_wrong_type() {
    expect(
        |s| s["actions"][0]["input"][0]["max_items"] = json!(3),
        "$.actions[0] (CreateJob).input[0].max_items",
        "\"max_items\" applies to lists, not `string`",
    );
}

#[test]
fn regional_pattern_without_placeholder() {
    expect(
        |s| s["endpoints"]["regional"] = json!("demo.ap-guangzhou.tencentcloudapi.com"),
        "$.endpoints.regional",
        "has no `{region}` placeholder",
    );
}

#[test]
fn host_with_a_scheme() {
    expect(
        |s| s["endpoints"]["default"] = json!("https://demo.tencentcloudapi.com"),
        "$.endpoints.default",
        "is not a host name",
    );
}

#[test]
fn version_that_is_not_a_date() {
    let mut spec = base();
    spec["version"] = json!("2020-1-1");
    let problems = problems_of(&spec.to_string(), "tencent-demo-2020-1-1.json");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].location, Location::Path("$.version".into()));
    assert_eq!(problems[0].message, "version `2020-1-1` is not a date");
}

#[test]
fn file_name_that_does_not_match() {
    let problems = problems_of(&base().to_string(), "demo.json");
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].hint.as_deref(),
        Some("rename the file to `tencent-demo-2020-01-01.json`")
    );
}

#[test]
fn every_problem_of_a_file_is_reported_at_once() {
    let mut spec = base();
    spec["actions"][0]["input"][0]["name"] = json!("Type");
    spec["actions"][0]["input"][1]["type"] = json!("Missing");
    spec["types"][0]["members"][0]["name"] = json!("Secret");
    spec["enums"][0]["values"][0] = json!({ "value": 1 });
    let problems = problems_of(&spec.to_string(), FILE);
    let paths: Vec<String> = problems
        .iter()
        .map(|p| match &p.location {
            Location::Path(path) => path.clone(),
            other => panic!("unexpected location {other:?}"),
        })
        .collect();
    assert_eq!(
        paths,
        [
            "$.enums[0].values[0]",
            "$.types[0].members[0].sensitive",
            "$.actions[0] (CreateJob).input[0].name",
            "$.actions[0] (CreateJob).input[1].type",
        ]
    );
}

/// Expects problems of which one is at `path` and contains `message`;
/// returns it. For hostile inputs that may break more than one rule.
fn expect_among(spec: &Value, file: &str, path: &str, message: &str) -> Diagnostic {
    let problems = problems_of(&spec.to_string(), file);
    problems
        .iter()
        .find(|p| p.location == Location::Path(path.into()) && p.message.contains(message))
        .cloned()
        .unwrap_or_else(|| panic!("no problem at {path} with `{message}` in {problems:#?}"))
}

#[test]
fn duplicate_keys_are_refused_with_line_column_and_path() {
    // A second `"sensitive": false` would silently un-redact a password.
    let text = base().to_string().replacen(
        r#""name":"JobName","#,
        r#""name":"JobName","sensitive":true,"sensitive":false,"#,
        1,
    );
    // A first, empty `actions` the second one would silently replace.
    let text = format!("{{\"actions\": [],\n{}", &text[1..]);
    let column = text.lines().nth(1).unwrap().find(r#""actions""#).unwrap() + 1;
    let problems = problems_of(&text, FILE);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_eq!(problems[0].location, Location::LineColumn(2, column));
    assert_eq!(problems[0].message, "duplicate key `actions` at $.actions");
    assert!(matches!(problems[1].location, Location::LineColumn(2, _)));
    assert_eq!(
        problems[1].message,
        "duplicate key `sensitive` at $.actions[0] (CreateJob).input[0].sensitive"
    );
    assert!(problems[1].hint.as_deref().unwrap().contains("remove one"));
}

#[test]
fn duplicate_keys_hidden_by_escapes_are_refused() {
    let text = base().to_string().replacen(
        r#""name":"JobName","#,
        r#""name":"JobName","sensitive":true,"sens\u0069tive":false,"#,
        1,
    );
    let problems = problems_of(&text, FILE);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].message.contains("duplicate key `sensitive`"));
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let text = format!("\u{feff}{}", base());
    load_str(Path::new(FILE), &text).unwrap();
}

#[test]
fn a_utf16_file_is_reported_as_such() {
    let dir = std::env::temp_dir().join(format!("malformed-utf16-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(FILE);
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(base().to_string().encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&file, bytes).unwrap();
    let problems = cloud_sdk_codegen::load(&file).unwrap_err().0;
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].location, Location::File);
    assert_eq!(problems[0].message, "the spec file is UTF-16 text");
    assert_eq!(problems[0].hint.as_deref(), Some("save it as UTF-8"));
}

#[test]
fn problems_inside_an_action_name_it() {
    let mut spec = base();
    spec["actions"][0]["input"][1]["type"] = json!("Missing");
    let problems = problems_of(&spec.to_string(), FILE);
    assert_eq!(
        problems[0].location,
        Location::Path("$.actions[0] (CreateJob).input[1].type".into())
    );
    // Shape errors too.
    let mut spec = base();
    spec["actions"][0]["input"][0]["requird"] = json!(true);
    let problems = problems_of(&spec.to_string(), FILE);
    assert_eq!(
        problems[0].location,
        Location::Path("$.actions[0] (CreateJob).input[0].requird".into())
    );
}

#[test]
fn wire_names_outside_the_alphabet_are_refused() {
    for bad in [
        "Job=Name",
        "Job&Name",
        "Job Name",
        "Job\u{0}Name",
        "Job\nName",
    ] {
        let mut spec = base();
        spec["actions"][0]["input"][0]["name"] = json!(bad);
        expect_among(
            &spec,
            FILE,
            "$.actions[0] (CreateJob).input[0].name",
            "which wire names cannot hold",
        );
    }
    let mut spec = base();
    spec["types"][0]["members"][0]["name"] = json!("Tag.1-Key_x");
    load_str(Path::new(FILE), &spec.to_string()).unwrap();
    let mut spec = base();
    spec["types"][0]["name"] = json!("Tag Item");
    expect_among(
        &spec,
        FILE,
        "$.types[0].name",
        "which type names cannot hold",
    );
    let mut spec = base();
    spec["enums"][0]["name"] = json!("Run-Mode");
    expect_among(
        &spec,
        FILE,
        "$.enums[0].name",
        "which type names cannot hold",
    );
}

#[test]
fn control_characters_are_escaped_in_messages() {
    let mut spec = base();
    spec["actions"][0]["input"][0]["name"] = json!("Job\nName\u{1b}[31m\u{202e}");
    let problem = expect_among(
        &spec,
        FILE,
        "$.actions[0] (CreateJob).input[0].name",
        "which wire names cannot hold",
    );
    let shown = problem.to_string();
    assert!(
        !shown.contains(|c: char| c.is_control() || c == '\u{202e}'),
        "{shown:?}"
    );
    assert!(shown.contains(r"Job\u{a}Name\u{1b}[31m\u{202e}"), "{shown}");
}

#[test]
fn impossible_dates_are_refused() {
    for (version, hint) in [
        ("2018-02-30", "month 02 of 2018 has 28 days"),
        ("2019-02-29", "month 02 of 2019 has 28 days"),
        ("2020-04-31", "month 04 of 2020 has 30 days"),
        ("2020-13-01", "the month is 01 to 12"),
        ("2020-01-00", "month 01 of 2020 has 31 days"),
    ] {
        let mut spec = base();
        spec["version"] = json!(version);
        let file = format!("tencent-demo-{version}.json");
        let problem = expect_among(&spec, &file, "$.version", "is not a calendar date");
        assert_eq!(problem.hint.as_deref(), Some(hint));
    }
    let mut spec = base();
    spec["version"] = json!("2020-02-29");
    load_str(Path::new("tencent-demo-2020-02-29.json"), &spec.to_string()).unwrap();
}

#[test]
fn examples_must_fit_their_type() {
    let cases = [
        ("string", json!(12), "expected a string"),
        ("i32", json!("12"), "expected an i32 number"),
        ("i32", json!(3_000_000_000_u64), "expected an i32 number"),
        ("u64", json!(-1), "expected a u64 number"),
        ("i64", json!(1.5), "expected an i64 number"),
        ("bool", json!("True"), "expected `true` or `false`"),
        ("f64", json!("1.5"), "expected a number"),
        ("list<i32>", json!([1, "2"]), "expected an i32 number"),
        ("list<string>", json!(true), "expected a list"),
        ("TagItem", json!(3), "expected an object"),
        ("RunMode", json!("1"), "expected an integer value"),
    ];
    for (ty, example, expected) in cases {
        let mut spec = base();
        spec["actions"][0]["input"][0]["type"] = json!(ty);
        spec["actions"][0]["input"][0]["example"] = example.clone();
        let problem = expect_among(
            &spec,
            FILE,
            "$.actions[0] (CreateJob).input[0].example",
            expected,
        );
        assert!(problem.message.contains(&format!("`{ty}`")), "{problem}");
    }
    let fitting = [
        ("string", json!("x")),
        ("i32", json!(-12)),
        ("u64", json!(18_446_744_073_709_551_615_u64)),
        ("f64", json!(2)),
        ("bool", json!(false)),
        ("list<i32>", json!([1, 2])),
        ("list<i32>", json!("[1,2]")),
        ("TagItem", json!({ "TagKey": "k" })),
        ("RunMode", json!(1)),
        ("json", json!({ "any": [1] })),
    ];
    for (ty, example) in fitting {
        let mut spec = base();
        spec["actions"][0]["input"][0]["type"] = json!(ty);
        spec["actions"][0]["input"][0]["example"] = example;
        load_str(Path::new(FILE), &spec.to_string()).unwrap_or_else(|e| panic!("{ty}: {e}"));
    }
}

#[test]
fn required_members_that_contain_their_own_type_are_refused() {
    let mut spec = base();
    spec["types"] = json!([
        { "name": "Node", "members": [
            { "name": "Id", "type": "string", "required": true },
            { "name": "Next", "type": "Link", "required": true }
        ]},
        { "name": "Link", "members": [{ "name": "Target", "type": "Node", "required": true }] },
        { "name": "TagItem", "members": [{ "name": "TagKey", "type": "string", "required": true }] }
    ]);
    expect(
        |s| *s = spec.clone(),
        "$.types[1].members[0].required",
        "required members make `Node` contain itself (Node.Next → Link.Target → Node)",
    );
    // Optional, nullable or list members end the chain: those are finite.
    for (key, value) in [("required", json!(false)), ("type", json!("list<Node>"))] {
        let mut finite = spec.clone();
        finite["types"][1]["members"][0][key] = value;
        load_str(Path::new(FILE), &finite.to_string()).unwrap();
    }
}

#[test]
fn vendor_type_names_get_the_spec_type() {
    for (vendor, suggested) in [
        ("Integer", "`i32`"),
        ("Long", "`i64`"),
        ("Boolean", "`bool`"),
        ("Double", "`f64`"),
        ("Array", "`list<T>`"),
    ] {
        let mut spec = base();
        spec["actions"][0]["input"][0]["type"] = json!(vendor);
        spec["actions"][0]["input"][0]["max_length"] = json!(3);
        let problems = problems_of(&spec.to_string(), FILE);
        // Only the type is reported: no cascade from the unknown type.
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(problems[0].message, format!("unknown type `{vendor}`"));
        let hint = problems[0].hint.as_deref().unwrap();
        assert!(hint.contains(suggested), "{hint}");
    }
    // On an Alibaba request, the `json` stand-in for the unknown type used
    // to add "needs a style" with a hint about JSON values.
    let mut spec = base();
    spec["provider"] = json!("alibaba");
    spec["signing"] = json!(["acs3"]);
    spec["actions"][0]["input"][0]["type"] = json!("Integer");
    spec["actions"][0]["input"][1]["style"] = json!("repeat-list");
    let problems = problems_of(&spec.to_string(), "alibaba-demo-2020-01-01.json");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].message, "unknown type `Integer`");
}

/// The generated service file of `spec`.
fn generated_service(spec: &Value) -> String {
    let service = load_str(Path::new(FILE), &spec.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let files = generate(std::slice::from_ref(&service), |_| true).unwrap();
    files.into_iter().last().unwrap().contents
}

/// Runs `rustdoc --test` on the doc comments of `source`, each run of
/// `///` lines attached to an item of its own, and returns its output.
fn doctests_of(source: &str, name: &str) -> String {
    let mut crate_text = String::new();
    let mut in_docs = false;
    for line in source.lines().map(str::trim_start) {
        if let Some(doc) = line.strip_prefix("///") {
            crate_text.push_str(&format!("///{doc}\n"));
            in_docs = true;
        } else if in_docs {
            crate_text.push_str(&format!("pub struct Item{};\n", crate_text.len()));
            in_docs = false;
        }
    }
    let dir =
        std::env::temp_dir().join(format!("malformed-doctests-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("lib.rs");
    std::fs::write(&file, crate_text).unwrap();
    let output = std::process::Command::new(std::env::var("RUSTDOC").unwrap_or("rustdoc".into()))
        .args([
            "--test",
            "--edition",
            "2021",
            "--crate-type",
            "lib",
            "--crate-name",
            "docs",
        ])
        .arg(&file)
        .output()
        .expect("rustdoc runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn code_blocks_in_spec_docs_never_run_as_doctests() {
    let hostile = "Before.\n\n```rust\nstd::process::abort();\n```\n\n    std::process::abort();\n\n- ~~~\n  std::process::abort();\n  ~~~\n\n```";
    let mut spec = base();
    spec["docs"] = json!(hostile);
    spec["actions"][0]["docs"] = json!(hostile);
    spec["actions"][0]["input"][0]["docs"] = json!(hostile);
    spec["types"][0]["docs"] = json!(hostile);
    spec["enums"][0]["values"][0]["docs"] = json!(hostile);
    let source = generated_service(&spec);
    assert!(
        source.contains("/// ```text"),
        "the blocks are kept, as text"
    );
    assert!(source.contains("std::process::abort();"));
    let output = doctests_of(&source, "spec");
    assert!(output.contains("running 0 tests"), "{output}");
    // The harness does see a doctest where there is one.
    let control = doctests_of("/// ```\n/// let _ = 1;\n/// ```\nfn x() {}", "control");
    assert!(control.contains("running 1 test"), "{control}");
}

#[test]
fn nothing_in_a_spec_can_inject_code() {
    // Docs are string literals in `#[doc = ".."]`: comment ends, quotes,
    // brackets and attributes stay text.
    let sneaky = "*/ \"] #[cfg(any())] fn evil() {} /* \\\" \u{0}\r\u{202e}";
    let mut spec = base();
    spec["actions"][0]["docs"] = json!(sneaky);
    spec["types"][0]["members"][0]["docs"] = json!(sneaky);
    let source = generated_service(&spec);
    let carrying: Vec<&str> = source.lines().filter(|l| l.contains("fn evil")).collect();
    assert_eq!(carrying.len(), 3, "{source}");
    for line in carrying {
        let line = line.trim_start();
        assert!(line.starts_with("///"), "docs became code: {line}");
        // rustc refuses a bare CR and direction controls in doc comments.
        assert!(line.ends_with(r#"/* \" \u{0}\u{d}\u{202e}"#), "{line}");
    }
    // Names reach the code only as validated identifiers.
    let mut spec = base();
    spec["actions"][0]["input"][0]["rust_name"] = json!("a::b");
    expect_among(
        &spec,
        FILE,
        "$.actions[0] (CreateJob).input[0].rust_name",
        "is not a valid Rust field name",
    );
    let mut spec = base();
    spec["types"][0]["rust_name"] = json!("r#TagItem");
    expect_among(
        &spec,
        FILE,
        "$.types[0].rust_name",
        "is not a valid Rust type name",
    );
    let mut spec = base();
    spec["actions"][0]["rust_name"] = json!("std::process::exit");
    expect_among(
        &spec,
        FILE,
        "$.actions[0] (CreateJob).rust_name",
        "is not usable as a method and module name",
    );
    let mut spec = base();
    spec["types"][0]["members"][0]["name"] = json!("Tag::Key");
    expect_among(
        &spec,
        FILE,
        "$.types[0].members[0].name",
        "which wire names cannot hold",
    );
    let mut spec = base();
    spec["enums"][0]["values"][0]["name"] = json!("r#Immediate");
    expect_among(
        &spec,
        FILE,
        "$.enums[0].values[0]",
        "which is not an identifier",
    );
}

#[test]
fn member_colliding_with_an_appending_setter() {
    // `Tags` (a list) has the setter `push_tags`, which `PushTags` would
    // also become.
    expect(
        |s| {
            let input = s["actions"][0]["input"].as_array_mut().unwrap();
            input.push(json!({ "name": "PushTags", "type": "string" }));
        },
        "$.actions[0] (CreateJob).input[2].name",
        "`PushTags` becomes `push_tags`, the method that adds one item to `Tags`",
    );
}
