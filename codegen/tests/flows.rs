//! Paginators and waiters in spec files: what the model resolves them to,
//! and where and why a wrong declaration is reported.

use std::path::Path;

use cloud_sdk_codegen::model::{Cursor, Expect, ItemsMatch};
use cloud_sdk_codegen::{load_str, Diagnostic, Location, Service};
use serde_json::{json, Value};

const FILE: &str = "tencent-demo-2020-01-01.json";

/// A list action with a paginator, a describe action with two waiters.
fn base() -> Value {
    json!({
        "format": 1,
        "provider": "tencent",
        "service": "demo",
        "version": "2020-01-01",
        "signing": ["tc3"],
        "endpoints": { "default": "demo.tencentcloudapi.com" },
        "actions": [{
            "name": "ListJobs",
            "input": [
                { "name": "Offset", "type": "u64" },
                { "name": "Limit", "type": "u64" },
                { "name": "Marker", "type": "string" }
            ],
            "output": [
                { "name": "TotalCount", "type": "u64" },
                { "name": "Page", "type": "JobPage" },
                { "name": "NextMarker", "type": "string" },
                { "name": "RequestId", "type": "string", "required": true }
            ],
            "paginator": { "offset": "Offset", "page_size": "Limit", "items": "Page.Jobs", "total": "TotalCount" }
        }, {
            "name": "DescribeJob",
            "input": [{ "name": "JobId", "type": "string", "required": true }],
            "output": [
                { "name": "Status", "type": "JobStatus" },
                { "name": "Steps", "type": "list<Job>" },
                { "name": "Done", "type": "bool" },
                { "name": "RequestId", "type": "string", "required": true }
            ]
        }],
        "types": [
            { "name": "JobPage", "members": [{ "name": "Jobs", "type": "list<Job>" }] },
            { "name": "Job", "members": [{ "name": "State", "type": "string" }] }
        ],
        "enums": [{
            "name": "JobStatus", "type": "string",
            "values": [{ "value": "running" }, { "value": "done" }, { "value": "failed" }]
        }],
        "waiters": [{
            "name": "JobDone",
            "action": "DescribeJob",
            "success": [{ "path": "Status", "equals": "done" }],
            "failure": [{ "path": "Steps[].State", "any_of": ["broken"], "items": "any" }],
            "retry_errors": ["ResourceNotFound.JobNotExist"],
            "min_delay_ms": 10,
            "max_delay_ms": 100
        }, {
            "name": "JobStatus",
            "action": "DescribeJob",
            "argument": "status",
            "success": [{ "path": "Status", "equals_argument": true }]
        }]
    })
}

fn load(spec: &Value) -> Result<Service, Vec<Diagnostic>> {
    load_str(Path::new(FILE), &spec.to_string()).map_err(|d| d.0)
}

/// Breaks the base spec with `edit` and expects exactly one problem at
/// `path` whose message contains `message`.
fn expect(edit: impl FnOnce(&mut Value), path: &str, message: &str) {
    let mut spec = base();
    edit(&mut spec);
    let problems = load(&spec).expect_err("the broken spec was accepted");
    assert_eq!(problems.len(), 1, "expected one problem: {problems:#?}");
    let problem = &problems[0];
    assert_eq!(problem.location, Location::Path(path.into()), "{problem}");
    assert!(
        problem.message.contains(message),
        "message `{}` lacks `{message}`",
        problem.message
    );
    assert!(problem.hint.is_some(), "no hint for {problem}");
}

#[test]
fn a_paginator_resolves_its_members_and_nested_items() {
    let service = load(&base()).unwrap();
    let paginator = service.actions[0].paginator.as_ref().unwrap();
    match &paginator.cursor {
        Cursor::Offset(member) => {
            assert_eq!(member.rust, "offset");
            assert!(member.optional);
        }
        other => panic!("unexpected cursor {other:?}"),
    }
    assert_eq!(paginator.page_size.as_ref().unwrap().wire, "Limit");
    let steps: Vec<_> = paginator
        .items
        .steps
        .iter()
        .map(|s| (s.rust.as_str(), s.optional))
        .collect();
    assert_eq!(steps, [("page", true), ("jobs", false)]);
    assert_eq!(paginator.total.as_ref().unwrap().text, "TotalCount");
    assert!(service.actions[1].paginator.is_none());
}

#[test]
fn waiters_resolve_acceptors_arguments_and_delays() {
    let service = load(&base()).unwrap();
    let done = service.waiter("JobDone").unwrap();
    assert_eq!(done.method, "wait_until_job_done");
    assert_eq!(done.action, 1);
    assert_eq!(done.success[0].expect, Expect::AnyOf(vec!["done".into()]));
    assert_eq!(done.failure[0].items, Some(ItemsMatch::Any));
    assert!(done.failure[0].path.steps[0].each);
    assert_eq!((done.min_delay_ms, done.max_delay_ms), (10, 100));
    let status = service.waiter("JobStatus").unwrap();
    assert_eq!(status.argument.as_ref().unwrap().0, "status");
    assert_eq!(status.success[0].expect, Expect::Argument);
    assert_eq!((status.min_delay_ms, status.max_delay_ms), (2_000, 60_000));
    assert!(service.waiter("Nothing").is_none());
}

#[test]
fn a_paginator_names_exactly_one_cursor() {
    expect(
        |s| s["actions"][0]["paginator"]["page_number"] = json!("Limit"),
        "$.actions[0] (ListJobs).paginator",
        "exactly one cursor",
    );
}

#[test]
fn a_numbered_paginator_needs_a_page_size() {
    expect(
        |s| {
            s["actions"][0]["paginator"]
                .as_object_mut()
                .unwrap()
                .remove("page_size");
        },
        "$.actions[0] (ListJobs).paginator",
        "needs \"page_size\"",
    );
}

#[test]
fn an_unknown_request_member_is_reported_with_a_suggestion() {
    let mut spec = base();
    spec["actions"][0]["paginator"]["offset"] = json!("Ofset");
    let problems = load(&spec).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(
        problems[0].location,
        Location::Path("$.actions[0] (ListJobs).paginator.offset".into())
    );
    assert!(problems[0].message.contains("no request member `Ofset`"));
    assert_eq!(problems[0].hint.as_deref(), Some("did you mean `Offset`?"));
}

#[test]
fn a_cursor_of_the_wrong_type_is_reported() {
    expect(
        |s| s["actions"][0]["input"][0]["type"] = json!("bool"),
        "$.actions[0] (ListJobs).paginator.offset",
        "is not an integer",
    );
}

#[test]
fn items_must_be_a_list() {
    expect(
        |s| s["actions"][0]["paginator"]["items"] = json!("TotalCount"),
        "$.actions[0] (ListJobs).paginator.items",
        "is not a list",
    );
}

#[test]
fn a_path_into_a_missing_nested_member_names_the_structure() {
    expect(
        |s| s["actions"][0]["paginator"]["items"] = json!("Page.Job"),
        "$.actions[0] (ListJobs).paginator.items",
        "structure `JobPage` has no member `Job`",
    );
}

#[test]
fn a_path_cannot_go_into_a_scalar() {
    expect(
        |s| s["actions"][0]["paginator"]["total"] = json!("TotalCount.Value"),
        "$.actions[0] (ListJobs).paginator.total",
        "not a structure",
    );
}

#[test]
fn a_token_paginator_needs_string_members() {
    expect(
        |s| {
            s["actions"][0]["paginator"] = json!({
                "next_token": { "input": "Marker", "output": "TotalCount" },
                "items": "Page.Jobs"
            })
        },
        "$.actions[0] (ListJobs).paginator.next_token.output",
        "is not a string",
    );
    let mut spec = base();
    spec["actions"][0]["paginator"] = json!({
        "next_token": { "input": "Marker", "output": "NextMarker" },
        "items": "Page.Jobs"
    });
    let service = load(&spec).unwrap();
    let paginator = service.actions[0].paginator.as_ref().unwrap();
    assert!(matches!(&paginator.cursor, Cursor::Token { input, .. } if input.wire == "Marker"));
}

#[test]
fn a_waiter_on_an_unknown_action_is_reported() {
    expect(
        |s| s["waiters"][0]["action"] = json!("DescribeJobs"),
        "$.waiters[0].action",
        "no action `DescribeJobs`",
    );
}

#[test]
fn an_acceptor_value_must_be_a_known_enum_value() {
    expect(
        |s| s["waiters"][0]["success"][0]["equals"] = json!("finished"),
        "$.waiters[0].success[0].equals",
        "not a known value of `JobStatus`",
    );
}

#[test]
fn an_acceptor_compares_in_exactly_one_way() {
    expect(
        |s| s["waiters"][0]["success"][0]["any_of"] = json!(["running"]),
        "$.waiters[0].success[0]",
        "exactly one way",
    );
}

#[test]
fn a_path_through_a_list_says_how_items_combine() {
    expect(
        |s| {
            s["waiters"][0]["failure"][0]
                .as_object_mut()
                .unwrap()
                .remove("items");
        },
        "$.waiters[0].failure[0]",
        "say how its items combine",
    );
    expect(
        |s| s["waiters"][0]["failure"][0]["path"] = json!("Steps.State"),
        "$.waiters[0].failure[0].path",
        "`Steps` is a list",
    );
}

#[test]
fn an_argument_must_be_named_and_used() {
    expect(
        |s| {
            s["waiters"][1].as_object_mut().unwrap().remove("argument");
        },
        "$.waiters[1].argument",
        "names none",
    );
    expect(
        |s| s["waiters"][0]["argument"] = json!("status"),
        "$.waiters[0].argument",
        "no success acceptor uses",
    );
}

#[test]
fn delays_must_be_ordered() {
    expect(
        |s| s["waiters"][0]["min_delay_ms"] = json!(500),
        "$.waiters[0].min_delay_ms",
        "0 < min (500 ms) <= max (100 ms)",
    );
}

#[test]
fn waiter_names_are_unique_and_upper_camel_case() {
    expect(
        |s| s["waiters"][1]["name"] = json!("JobDone"),
        "$.waiters[1].name",
        "becomes the method `wait_until_job_done`",
    );
    expect(
        |s| s["waiters"][1]["name"] = json!("job_done"),
        "$.waiters[1].name",
        "not an UpperCamelCase identifier",
    );
}

#[test]
fn unknown_keys_in_a_waiter_are_errors() {
    let mut spec = base();
    spec["waiters"][0]["sucess"] = json!([]);
    assert!(load(&spec).is_err());
}
