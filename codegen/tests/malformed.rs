//! Malformed specs: each case asserts where the problem is reported and
//! what is said, and that every problem of a file is reported at once.

use std::path::Path;

use cloud_sdk_codegen::{load_str, Diagnostic, Location};
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
        "$.actions[0].input[0].requird",
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
        Location::Path("$.actions[0].input[1].type".into())
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
        "$.actions[0].input[0].type",
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
        "$.actions[1].name",
        "action `CreateJob` is already declared at $.actions[0]",
    );
}

#[test]
fn duplicate_member() {
    expect(
        |s| s["actions"][0]["input"][1] = json!({ "name": "JobName", "type": "string" }),
        "$.actions[0].input[1].name",
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
        "$.actions[1].name",
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
        "$.actions[0].input[0].name",
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
        "$.actions[0].input[0].location",
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
        Location::Path("$.actions[0].input[1].style".into())
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
        "$.actions[0].input[0].max_items",
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
            "$.actions[0].input[0].name",
            "$.actions[0].input[1].type",
        ]
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
        "$.actions[0].input[2].name",
        "`PushTags` becomes `push_tags`, the method that adds one item to `Tags`",
    );
}
