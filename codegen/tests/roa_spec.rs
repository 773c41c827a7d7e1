//! The ROA rules of the spec format: each broken ROA spec is reported at
//! the right JSON path with a message saying why, and ROA keys are refused
//! in RPC specs.

use std::path::Path;

use cloud_sdk_codegen::{load_str, Location};
use serde_json::{json, Value};

const FILE: &str = "alibaba-demo-2020-01-01.json";

fn base() -> Value {
    json!({
        "format": 1,
        "provider": "alibaba",
        "protocol": "roa",
        "service": "Demo",
        "version": "2020-01-01",
        "signing": ["acs3"],
        "endpoints": { "default": "demo.aliyuncs.com" },
        "actions": [{
            "name": "DescribeCluster",
            "method": "GET",
            "path": "/clusters/{ClusterId}",
            "input": [
                { "name": "ClusterId", "type": "string", "required": true, "location": "path" },
                { "name": "verbose", "type": "bool" }
            ],
            "output": [{ "name": "items", "type": "list<string>", "required": true, "root": true }]
        }]
    })
}

/// Applies `edit` to the base spec and expects one problem at `path`
/// whose message contains `message`.
fn expect(edit: impl FnOnce(&mut Value), path: &str, message: &str) {
    let mut spec = base();
    edit(&mut spec);
    let problems = match load_str(Path::new(FILE), &spec.to_string()) {
        Ok(_) => panic!("expected problems, the spec was accepted"),
        Err(diagnostics) => diagnostics.0,
    };
    assert_eq!(problems.len(), 1, "expected one problem: {problems:#?}");
    assert_eq!(
        problems[0].location,
        Location::Path(path.into()),
        "{}",
        problems[0]
    );
    assert!(
        problems[0].message.contains(message),
        "`{}` lacks `{message}`",
        problems[0].message
    );
}

#[test]
fn the_base_roa_spec_is_valid() {
    let service = load_str(Path::new(FILE), &base().to_string()).unwrap();
    assert_eq!(
        service.actions[0].path.as_deref(),
        Some("/clusters/{ClusterId}")
    );
}

#[test]
fn an_roa_action_needs_a_path_and_a_method() {
    let action = "$.actions[0] (DescribeCluster)";
    expect(
        |s| drop(s["actions"][0].as_object_mut().unwrap().remove("path")),
        action,
        "needs its path template",
    );
    expect(
        |s| drop(s["actions"][0].as_object_mut().unwrap().remove("method")),
        &format!("{action}.method"),
        "needs its HTTP method",
    );
}

#[test]
fn template_and_path_members_must_agree() {
    let mut spec = base();
    spec["actions"][0]["path"] = json!("/clusters/{Id}");
    let problems = load_str(Path::new(FILE), &spec.to_string()).unwrap_err().0;
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`{Id}` has no input member with \"location\": \"path\"",
            "path member `ClusterId` is not in the path template"
        ]
    );
    expect(
        |s| s["actions"][0]["path"] = json!("/clusters/{ClusterId"),
        "$.actions[0] (DescribeCluster).path",
        "without `}`",
    );
    expect(
        |s| s["actions"][0]["input"][0]["required"] = json!(false),
        "$.actions[0] (DescribeCluster).input[0].required",
        "must be required",
    );
    expect(
        |s| s["actions"][0]["input"][0]["type"] = json!("list<string>"),
        "$.actions[0] (DescribeCluster).input[0].type",
        "must be a scalar",
    );
}

#[test]
fn payloads_roots_and_signing_have_their_rules() {
    expect(
        |s| {
            s["actions"][0]["input"][1]["location"] = json!("payload");
        },
        "$.actions[0] (DescribeCluster).method",
        "cannot carry a JSON body",
    );
    expect(
        |s| s["actions"][0]["output"][0]["required"] = json!(false),
        "$.actions[0] (DescribeCluster).output[0].required",
        "always present",
    );
    expect(
        |s| {
            s["actions"][0]["output"]
                .as_array_mut()
                .unwrap()
                .push(json!({ "name": "RequestId", "type": "string" }))
        },
        "$.actions[0] (DescribeCluster).output[0].root",
        "only output member",
    );
    expect(
        |s| s["signing"] = json!(["roa-v1", "acs3", "rpc-v2"]),
        "$.signing[2]",
        "cannot sign ROA requests",
    );
}

#[test]
fn roa_keys_are_refused_outside_roa() {
    let rpc = |s: &mut Value| drop(s.as_object_mut().unwrap().remove("protocol"));
    expect(
        |s| {
            rpc(s);
            s["actions"][0]["input"][0]["location"] = json!("query");
            s["actions"][0]["output"][0]["root"] = json!(false);
        },
        "$.actions[0] (DescribeCluster).path",
        "only to ROA actions",
    );
    expect(
        |s| {
            rpc(s);
            s["actions"][0].as_object_mut().unwrap().remove("path");
            s["actions"][0]["output"][0]["root"] = json!(false);
        },
        "$.actions[0] (DescribeCluster).input[0].location",
        "apply only to ROA actions",
    );
    expect(
        |s| {
            rpc(s);
            s["actions"][0].as_object_mut().unwrap().remove("path");
            s["actions"][0]["input"][0]["location"] = json!("query");
            s["actions"][0]["method"] = json!("DELETE");
            s["actions"][0]["output"][0]["root"] = json!(false);
        },
        "$.actions[0] (DescribeCluster).method",
        "ROA method",
    );
    expect(
        |s| {
            rpc(s);
            s["actions"][0].as_object_mut().unwrap().remove("path");
            s["actions"][0]["input"][0]["location"] = json!("query");
            s["actions"][0]["output"][0]["root"] = json!(false);
            s["signing"] = json!(["acs3", "roa-v1"]);
        },
        "$.signing[1]",
        "signs only ROA services",
    );
    let mut tencent = base();
    tencent["provider"] = json!("tencent");
    let problems = load_str(Path::new(FILE), &tencent.to_string())
        .unwrap_err()
        .0;
    assert!(
        problems
            .iter()
            .any(|p| p.location == Location::Path("$.protocol".into())
                && p.message.contains("only to Alibaba")),
        "{problems:#?}"
    );
}

#[test]
fn a_changed_path_template_is_in_the_changelog() {
    use cloud_sdk_codegen::diff::{diff, load_str as load_spec};
    let old = base();
    let mut new = base();
    new["actions"][0]["path"] = json!("/v2/clusters/{ClusterId}");
    let load = |spec: &Value| load_spec(Path::new(FILE), &spec.to_string()).unwrap();
    let changelog = diff(&load(&old), &load(&new));
    let changes: Vec<(&str, &str, bool)> = changelog
        .changes
        .iter()
        .map(|c| (c.kind.as_str(), c.path.as_str(), c.breaking))
        .collect();
    assert_eq!(changes, [("path-changed", "DescribeCluster", false)]);
    assert!(changelog.changes[0]
        .message
        .contains("/clusters/{ClusterId} -> /v2/clusters/{ClusterId}"));
}
