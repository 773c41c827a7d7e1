//! `sdkgen diff`: each rule of the changelog on an edited copy of a fixture
//! spec, the text and JSON forms, and the command line.
//!
//! Every edited spec is validated first, so each case is a spec the
//! generator accepts.

mod common;

use std::path::Path;

use common::Scratch;
use std::process::{Command, Output};

use cloud_sdk_codegen::diff::{diff, diff_files, load_str, Changelog};
use cloud_sdk_codegen::Service;
use serde_json::{json, Value};

const TENCENT: &str = include_str!("fixtures/valid/tencent-fixture-2020-02-02.json");
const ALIBABA: &str = include_str!("fixtures/valid/alibaba-fixture-2020-03-03.json");

fn tencent() -> Value {
    serde_json::from_str(TENCENT).unwrap()
}

fn alibaba() -> Value {
    serde_json::from_str(ALIBABA).unwrap()
}

fn valid(spec: &Value) -> Service {
    load_str(Path::new("edited.json"), &spec.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn changelog(old: &Value, new: &Value) -> Changelog {
    diff(&valid(old), &valid(new))
}

/// `(kind, path, breaking)` of each change, in changelog order.
type Row = (String, String, bool);

fn row(kind: &str, path: &str, breaking: bool) -> Row {
    (kind.to_owned(), path.to_owned(), breaking)
}

/// The rows of the wire-level changes; the `rust-type-changed` rows that
/// accompany them are checked by `rust_types_are_reported_beside_wire_changes`
/// (they follow the emitter's layout rules, not the spec's).
fn rows(changelog: &Changelog) -> Vec<Row> {
    changelog
        .changes
        .iter()
        .filter(|c| c.kind.as_str() != "rust-type-changed")
        .map(|c| row(c.kind.as_str(), &c.path, c.breaking))
        .collect()
}

/// The changes from `base` to `base` edited by `edit`.
fn changes_after(base: Value, edit: impl FnOnce(&mut Value)) -> Vec<Row> {
    let mut new = base.clone();
    edit(&mut new);
    rows(&changelog(&base, &new))
}

fn tencent_changes(edit: impl FnOnce(&mut Value)) -> Vec<Row> {
    changes_after(tencent(), edit)
}

fn list(value: &mut Value) -> &mut Vec<Value> {
    value.as_array_mut().expect("an array")
}

/// The entry of a JSON array whose `key` is `name`.
fn find<'a>(items: &'a mut Value, key: &str, name: &str) -> &'a mut Value {
    list(items)
        .iter_mut()
        .find(|item| item[key] == name)
        .unwrap_or_else(|| panic!("no entry {name}"))
}

fn remove(items: &mut Value, key: &str, name: &str) {
    let items = list(items);
    let before = items.len();
    items.retain(|item| item[key] != name);
    assert_eq!(items.len(), before - 1, "no entry {name}");
}

fn action<'a>(spec: &'a mut Value, name: &str) -> &'a mut Value {
    find(&mut spec["actions"], "name", name)
}

fn type_def<'a>(spec: &'a mut Value, name: &str) -> &'a mut Value {
    find(&mut spec["types"], "name", name)
}

fn enum_def<'a>(spec: &'a mut Value, name: &str) -> &'a mut Value {
    find(&mut spec["enums"], "name", name)
}

/// A member of an action's `input`/`output` or a type's `members`.
fn member<'a>(owner: &'a mut Value, list: &str, name: &str) -> &'a mut Value {
    find(&mut owner[list], "name", name)
}

fn object(value: &mut Value) -> &mut serde_json::Map<String, Value> {
    value.as_object_mut().expect("an object")
}

#[test]
fn identical_versions_have_no_changes() {
    let log = changelog(&tencent(), &tencent());
    assert!(log.changes.is_empty());
    assert_eq!(log.documentation_edits, 0);
    assert_eq!(
        log.to_string(),
        "tencent fixture 2020-02-02 -> 2020-02-02: no changes\n"
    );
}

#[test]
fn reordering_alone_is_not_a_change() {
    for base in [tencent(), alibaba()] {
        let changes = changes_after(base, |spec| {
            for key in ["actions", "types", "enums"] {
                list(&mut spec[key]).reverse();
            }
            for action in list(&mut spec["actions"]) {
                for key in ["input", "output", "errors"] {
                    if let Some(items) = action.get_mut(key).and_then(Value::as_array_mut) {
                        items.reverse();
                    }
                }
            }
            for def in list(&mut spec["types"]) {
                list(&mut def["members"]).reverse();
            }
            for def in list(&mut spec["enums"]) {
                list(&mut def["values"]).reverse();
            }
        });
        assert_eq!(changes, vec![]);
    }
}

#[test]
fn spacing_inside_a_type_expression_is_not_a_change() {
    let changes = tencent_changes(|spec| {
        member(action(spec, "CreateJob"), "input", "Tags")["type"] = json!("list< TagItem >");
    });
    assert_eq!(changes, vec![]);
}

#[test]
fn documentation_edits_are_counted_not_listed() {
    let mut new = tencent();
    new["title"] = json!("Another title");
    action(&mut new, "CreateJob")["docs"] = json!("Reworded.");
    member(action(&mut new, "CreateJob"), "input", "JobName")["docs"] = json!("Reworded.");
    member(action(&mut new, "CreateJob"), "input", "Legacy")["deprecated"] = json!("use `DstInfo`");
    member(type_def(&mut new, "EndpointInfo"), "members", "Password")["example"] = json!("pa55");
    find(
        &mut enum_def(&mut new, "RunMode")["values"],
        "name",
        "Timed",
    )["docs"] = json!("Later.");
    find(
        &mut action(&mut new, "CreateJob")["errors"],
        "code",
        "InvalidParameter.InvalidParameterError",
    )["docs"] = json!("Reworded.");
    let log = changelog(&tencent(), &new);
    assert_eq!(rows(&log), vec![]);
    assert_eq!(log.documentation_edits, 7);
    assert_eq!(
        log.to_string(),
        "tencent fixture 2020-02-02 -> 2020-02-02: no changes; 7 documentation edits not listed\n"
    );
}

#[test]
fn removing_an_action_is_breaking_and_adding_one_is_not() {
    let changes = tencent_changes(|spec| {
        remove(&mut spec["actions"], "name", "OldAction");
        list(&mut spec["actions"]).push(json!({
            "name": "StartJob",
            "input": [{ "name": "JobId", "type": "string", "required": true }],
            "output": [{ "name": "RequestId", "type": "string", "required": true }]
        }));
    });
    assert_eq!(
        changes,
        vec![
            row("action-removed", "OldAction", true),
            row("action-added", "StartJob", false),
        ]
    );
}

#[test]
fn adding_an_optional_input_member_is_not_breaking() {
    let changes = tencent_changes(|spec| {
        list(&mut action(spec, "CreateJob")["input"])
            .push(json!({ "name": "Region", "type": "string" }));
    });
    assert_eq!(
        changes,
        vec![row("member-added", "CreateJob.input.Region", false)]
    );
}

#[test]
fn adding_a_required_input_member_is_breaking() {
    let changes = tencent_changes(|spec| {
        list(&mut action(spec, "CreateJob")["input"])
            .push(json!({ "name": "Region", "type": "string", "required": true }));
    });
    assert_eq!(
        changes,
        vec![row("member-added", "CreateJob.input.Region", true)]
    );
}

#[test]
fn adding_any_output_member_is_not_breaking() {
    let changes = tencent_changes(|spec| {
        let output = list(&mut action(spec, "CreateJob")["output"]);
        output.push(json!({ "name": "Count", "type": "u32", "required": true }));
        output.push(json!({ "name": "Note", "type": "string" }));
    });
    assert_eq!(
        changes,
        vec![
            row("member-added", "CreateJob.output.Count", false),
            row("member-added", "CreateJob.output.Note", false),
        ]
    );
}

#[test]
fn removing_a_member_is_breaking() {
    let changes = tencent_changes(|spec| {
        remove(&mut action(spec, "CreateJob")["input"], "name", "Options");
        remove(&mut action(spec, "CreateJob")["output"], "name", "Scores");
        remove(&mut type_def(spec, "TreeNode")["members"], "name", "ByName");
    });
    assert_eq!(
        changes,
        vec![
            row("member-removed", "CreateJob.input.Options", true),
            row("member-removed", "CreateJob.output.Scores", true),
            row("member-removed", "types.TreeNode.ByName", true),
        ]
    );
}

#[test]
fn changing_a_member_type_is_breaking() {
    let changes = tencent_changes(|spec| {
        member(action(spec, "CreateJob"), "input", "Options")["type"] = json!("map<i64>");
        member(action(spec, "CreateJob"), "output", "Scores")["type"] = json!("list<f64>");
        member(type_def(spec, "EndpointInfo"), "members", "Total")["type"] = json!("u64");
    });
    assert_eq!(
        changes,
        vec![
            row("type-changed", "CreateJob.input.Options", true),
            row("type-changed", "CreateJob.output.Scores", true),
            row("type-changed", "types.EndpointInfo.Total", true),
        ]
    );
}

#[test]
fn requiredness_changes_are_breaking_both_ways_for_inputs_and_outputs() {
    let changes = tencent_changes(|spec| {
        let create = action(spec, "CreateJob");
        object(member(create, "input", "JobName")).remove("required");
        member(create, "input", "InstanceClass")["required"] = json!(true);
        object(member(create, "output", "JobId")).remove("required");
        member(create, "output", "Scores")["required"] = json!(true);
        object(member(type_def(spec, "TreeNode"), "members", "Name")).remove("required");
    });
    assert_eq!(
        changes,
        vec![
            row("required-changed", "CreateJob.input.InstanceClass", true),
            row("required-changed", "CreateJob.input.JobName", true),
            row("required-changed", "CreateJob.output.JobId", true),
            row("required-changed", "CreateJob.output.Scores", true),
            row("required-changed", "types.TreeNode.Name", true),
        ]
    );
}

#[test]
fn nullable_changes_break_only_always_present_received_members() {
    let changes = tencent_changes(|spec| {
        let create = action(spec, "CreateJob");
        member(create, "output", "JobId")["nullable"] = json!(true);
        object(member(create, "output", "Tree")).remove("nullable");
        member(type_def(spec, "TreeNode"), "members", "Name")["nullable"] = json!(true);
        // `EndpointInfo` is only sent: `nullable` changes nothing users see.
        member(type_def(spec, "EndpointInfo"), "members", "Ip")["nullable"] = json!(true);
    });
    assert_eq!(
        changes,
        vec![
            row("nullable-changed", "CreateJob.output.JobId", true),
            row("nullable-changed", "types.TreeNode.Name", true),
            row("nullable-changed", "CreateJob.output.Tree", false),
            row("nullable-changed", "types.EndpointInfo.Ip", false),
        ]
    );
}

#[test]
fn type_members_follow_the_stricter_direction_of_the_type() {
    let required = |name: &str| json!({ "name": name, "type": "string", "required": true });
    let changes = tencent_changes(|spec| {
        // Sent (`CreateJob.input.Tags`) and received (`DescribeDTSIP.output.TagItem`).
        list(&mut type_def(spec, "TagItem")["members"]).push(required("Owner"));
        // Sent only.
        list(&mut type_def(spec, "EndpointInfo")["members"]).push(required("Region"));
        list(&mut type_def(spec, "EndpointInfo")["members"])
            .push(json!({ "name": "Zone", "type": "string" }));
        // Received only.
        list(&mut type_def(spec, "TreeNode")["members"]).push(required("Path"));
    });
    assert_eq!(
        changes,
        vec![
            row("member-added", "types.EndpointInfo.Region", true),
            row("member-added", "types.TagItem.Owner", true),
            row("member-added", "types.EndpointInfo.Zone", false),
            row("member-added", "types.TreeNode.Path", false),
        ]
    );
}

#[test]
fn a_type_sent_in_either_version_counts_as_sent() {
    let changes = tencent_changes(|spec| {
        // `TreeNode` was only received; the new version also sends it.
        list(&mut action(spec, "CreateJob")["input"])
            .push(json!({ "name": "Template", "type": "TreeNode" }));
        list(&mut type_def(spec, "TreeNode")["members"])
            .push(json!({ "name": "Path", "type": "string", "required": true }));
    });
    assert_eq!(
        changes,
        vec![
            row("member-added", "types.TreeNode.Path", true),
            row("member-added", "CreateJob.input.Template", false),
        ]
    );
}

#[test]
fn a_type_nothing_uses_counts_as_sent_and_received() {
    let mut old = tencent();
    list(&mut old["types"]).push(json!({
        "name": "Spare",
        "members": [{ "name": "Id", "type": "string", "required": true }]
    }));
    let changes = changes_after(old, |spec| {
        list(&mut type_def(spec, "Spare")["members"])
            .push(json!({ "name": "Size", "type": "u32", "required": true }));
    });
    assert_eq!(changes, vec![row("member-added", "types.Spare.Size", true)]);
}

#[test]
fn adding_an_enum_value_is_not_breaking_and_removing_one_is() {
    let changes = tencent_changes(|spec| {
        list(&mut enum_def(spec, "JobStatus")["values"])
            .push(json!({ "value": 3, "name": "Finished" }));
        remove(
            &mut enum_def(spec, "InstanceClass")["values"],
            "value",
            "xlarge",
        );
        list(&mut enum_def(spec, "InstanceClass")["values"])
            .push(json!({ "value": "4xlarge", "name": "FourXlarge" }));
    });
    assert_eq!(
        changes,
        vec![
            row(
                "enum-value-removed",
                "enums.InstanceClass.values.\"xlarge\"",
                true
            ),
            row(
                "enum-value-added",
                "enums.InstanceClass.values.\"4xlarge\"",
                false
            ),
            row("enum-value-added", "enums.JobStatus.values.3", false),
        ]
    );
}

#[test]
fn adding_types_and_enums_is_not_breaking_and_removing_them_is() {
    let changes = tencent_changes(|spec| {
        remove(&mut action(spec, "CreateJob")["input"], "name", "Legacy");
        remove(&mut spec["types"], "name", "CreateJobRequest");
        remove(
            &mut action(spec, "CreateJob")["input"],
            "name",
            "InstanceClass",
        );
        remove(&mut spec["enums"], "name", "InstanceClass");
        list(&mut action(spec, "CreateJob")["input"])
            .push(json!({ "name": "Schedule", "type": "Schedule" }));
        list(&mut spec["types"]).push(json!({
            "name": "Schedule",
            "members": [{ "name": "Cron", "type": "string", "required": true }]
        }));
        list(&mut action(spec, "CreateJob")["output"])
            .push(json!({ "name": "Phase", "type": "Phase" }));
        list(&mut spec["enums"]).push(json!({
            "name": "Phase", "type": "string", "values": [{ "value": "full" }, { "value": "incremental" }]
        }));
    });
    assert_eq!(
        changes,
        vec![
            row("member-removed", "CreateJob.input.InstanceClass", true),
            row("member-removed", "CreateJob.input.Legacy", true),
            row("enum-removed", "enums.InstanceClass", true),
            row("type-removed", "types.CreateJobRequest", true),
            row("member-added", "CreateJob.input.Schedule", false),
            row("member-added", "CreateJob.output.Phase", false),
            row("enum-added", "enums.Phase", false),
            row("type-added", "types.Schedule", false),
        ]
    );
}

#[test]
fn adding_an_error_code_is_not_breaking_and_removing_one_is() {
    let changes = tencent_changes(|spec| {
        remove(
            &mut action(spec, "DescribeDTSIP")["errors"],
            "code",
            "FailedOperation.NotAllowOperation",
        );
        list(&mut action(spec, "CreateJob")["errors"])
            .push(json!({ "code": "ResourceNotFound.JobNotFound" }));
    });
    assert_eq!(
        changes,
        vec![
            row(
                "error-code-removed",
                "DescribeDTSIP.errors.\"FailedOperation.NotAllowOperation\"",
                true
            ),
            row(
                "error-code-added",
                "CreateJob.errors.\"ResourceNotFound.JobNotFound\"",
                false
            ),
        ]
    );
}

#[test]
fn deprecation_is_reported_and_never_breaking() {
    let changes = tencent_changes(|spec| {
        action(spec, "DescribeDTSIP")["deprecated"] = json!(true);
        object(action(spec, "OldAction")).remove("deprecated");
        member(action(spec, "CreateJob"), "input", "Tags")["deprecated"] = json!("use `Labels`");
        type_def(spec, "TagItem")["deprecated"] = json!(true);
        find(
            &mut enum_def(spec, "InstanceClass")["values"],
            "value",
            "small",
        )["deprecated"] = json!(true);
    });
    assert_eq!(
        changes,
        vec![
            row("deprecated", "CreateJob.input.Tags", false),
            row("deprecated", "DescribeDTSIP", false),
            row("undeprecated", "OldAction", false),
            row("deprecated", "enums.InstanceClass.values.\"small\"", false),
            row("deprecated", "types.TagItem", false),
        ]
    );
}

#[test]
fn changing_a_generated_rust_name_is_breaking() {
    let changes = tencent_changes(|spec| {
        object(action(spec, "OldAction")).remove("rust_name");
        // Spelling out the name the generator derives anyway is no change.
        action(spec, "CreateJob")["rust_name"] = json!("create_job");
        member(action(spec, "DescribeDTSIP"), "input", "Abstract")["rust_name"] =
            json!("abstract_note");
        type_def(spec, "Option")["rust_name"] = json!("OptionSettings");
        find(
            &mut enum_def(spec, "InstanceClass")["values"],
            "value",
            "2xlarge",
        )["name"] = json!("DoubleXlarge");
    });
    assert_eq!(
        changes,
        vec![
            row("rust-name-changed", "DescribeDTSIP.input.Abstract", true),
            row("rust-name-changed", "OldAction", true),
            // The request, response and error enum follow the method name.
            row("rust-name-changed", "OldAction.errors", true),
            row("rust-name-changed", "OldAction.input", true),
            row("rust-name-changed", "OldAction.output", true),
            row(
                "rust-name-changed",
                "enums.InstanceClass.values.\"2xlarge\"",
                true
            ),
            row("rust-name-changed", "types.Option", true),
        ]
    );
}

#[test]
fn changing_an_enum_between_string_and_integer_is_breaking() {
    let changes = tencent_changes(|spec| {
        let status = enum_def(spec, "JobStatus");
        status["type"] = json!("string");
        status["values"] = json!([{ "value": "created" }, { "value": "running" }]);
    });
    assert_eq!(
        changes,
        vec![
            row("enum-type-changed", "enums.JobStatus", true),
            row("enum-value-removed", "enums.JobStatus.values.1", true),
            row("enum-value-removed", "enums.JobStatus.values.2", true),
            row(
                "enum-value-added",
                "enums.JobStatus.values.\"created\"",
                false
            ),
            row(
                "enum-value-added",
                "enums.JobStatus.values.\"running\"",
                false
            ),
        ]
    );
}

#[test]
fn tighter_constraints_break_sent_members_only() {
    let changes = tencent_changes(|spec| {
        let create = action(spec, "CreateJob");
        member(create, "input", "JobName")["max_length"] = json!(8);
        member(create, "input", "Tags")["max_items"] = json!(5);
        let generation = member(action(spec, "DescribeDTSIP"), "input", "Gen");
        generation["min"] = json!(0);
        object(generation).remove("max");
        member(action(spec, "CreateJob"), "output", "JobId")["max_length"] = json!(32);
        member(type_def(spec, "EndpointInfo"), "members", "Small")["max"] = json!(10);
    });
    assert_eq!(
        changes,
        vec![
            row("constraint-changed", "CreateJob.input.JobName", true),
            row("constraint-changed", "DescribeDTSIP.input.Gen", true),
            row("constraint-changed", "types.EndpointInfo.Small", true),
            row("constraint-changed", "CreateJob.input.Tags", false),
            row("constraint-changed", "CreateJob.output.JobId", false),
            row("constraint-changed", "DescribeDTSIP.input.Gen", false),
        ]
    );
}

#[test]
fn alibaba_placement_and_method_changes_are_listed_and_not_breaking() {
    let changes = changes_after(alibaba(), |spec| {
        let modify = action(spec, "ModifyJob");
        member(modify, "input", "RegionId")["location"] = json!("body");
        member(modify, "input", "Endpoint")["style"] = json!("json");
        object(member(modify, "input", "ClientToken")).remove("idempotency_token");
        member(modify, "input", "SecurityToken")["sensitive"] = json!(false);
        find(
            &mut modify["errors"],
            "code",
            "OperationDenied.TooManyChanges",
        )["http_status"] = json!(429);
        list(&mut modify["input"])
            .push(json!({ "name": "SourceEndpoint.InstanceType", "type": "string" }));
        object(action(spec, "DescribeJobs")).remove("method");
    });
    assert_eq!(
        changes,
        vec![
            row("method-changed", "DescribeJobs", false),
            row(
                "error-status-changed",
                "ModifyJob.errors.\"OperationDenied.TooManyChanges\"",
                false
            ),
            // A quote sorts before letters.
            row(
                "member-added",
                "ModifyJob.input.\"SourceEndpoint.InstanceType\"",
                false
            ),
            row(
                "idempotency-token-changed",
                "ModifyJob.input.ClientToken",
                false
            ),
            row("style-changed", "ModifyJob.input.Endpoint", false),
            row("location-changed", "ModifyJob.input.RegionId", false),
            row("sensitive-changed", "ModifyJob.input.SecurityToken", false),
        ]
    );
}

#[test]
fn service_endpoint_rate_limit_and_signing_changes() {
    let changes = tencent_changes(|spec| {
        spec["endpoints"]["default"] = json!("fixture.example.com");
        object(&mut spec["endpoints"]).remove("international");
        spec["endpoints"]["finance"]["ap-beijing-fsi"] =
            json!("fixture.ap-beijing-fsi.tencentcloudapi.com");
        action(spec, "CreateJob")["rate_limit"] = json!(10);
        action(spec, "OldAction")["rate_limit"] = json!(5);
        spec["signing"] = json!(["tc3"]);
    });
    assert_eq!(
        changes,
        vec![
            row("signing-changed", "signing", true),
            row("rate-limit-changed", "CreateJob", false),
            row("rate-limit-changed", "OldAction", false),
            row("endpoint-changed", "endpoints.default", false),
            row(
                "endpoint-changed",
                "endpoints.finance.\"ap-beijing-fsi\"",
                false
            ),
            row("endpoint-changed", "endpoints.international", false),
        ]
    );
    let reordered = tencent_changes(|spec| spec["signing"] = json!(["tencent-v1", "tc3"]));
    assert_eq!(reordered, vec![row("signing-changed", "signing", false)]);
}

/// A change set with something of each sort the text shows.
fn known_change_set() -> (Value, Value) {
    let old = tencent();
    let mut new = old.clone();
    remove(&mut new["actions"], "name", "OldAction");
    remove(
        &mut action(&mut new, "CreateJob")["output"],
        "name",
        "Scores",
    );
    list(&mut action(&mut new, "CreateJob")["input"])
        .push(json!({ "name": "Region", "type": "string" }));
    action(&mut new, "CreateJob")["rate_limit"] = json!(10);
    member(action(&mut new, "CreateJob"), "input", "JobName")["max_length"] = json!(32);
    list(&mut enum_def(&mut new, "JobStatus")["values"])
        .push(json!({ "value": 3, "name": "Finished" }));
    action(&mut new, "CreateJob")["docs"] = json!("Reworded.");
    (old, new)
}

const KNOWN_CHANGE_SET_TEXT: &str = "\
tencent fixture 2020-02-02 -> 2020-02-02: 6 changes, 2 breaking; 1 documentation edit not listed
BREAKING  CreateJob.output.Scores: member removed (was map<f64>, optional; field `scores` removed)
BREAKING  OldAction: action removed (method `old_action_v1` and module `old_action_v1` removed)
          CreateJob: rate limit 20/s -> 10/s
          CreateJob.input.JobName: max_length 16 -> 32
          CreateJob.input.Region: member added (string, optional; setter and field `region`)
          enums.JobStatus.values.3: value added (variant `Finished`)
";

#[test]
fn text_of_a_known_change_set_is_exact() {
    let (old, new) = known_change_set();
    assert_eq!(changelog(&old, &new).to_string(), KNOWN_CHANGE_SET_TEXT);
}

#[test]
fn json_form_carries_versions_kinds_paths_and_messages() {
    let (old, new) = known_change_set();
    let json = serde_json::to_value(changelog(&old, &new)).unwrap();
    assert_eq!(
        json["old"],
        json!({ "provider": "tencent", "service": "fixture", "version": "2020-02-02" })
    );
    assert_eq!(json["documentation_edits"], json!(1));
    assert_eq!(json["changes"].as_array().map(Vec::len), Some(6));
    assert_eq!(
        json["changes"][0],
        json!({
            "kind": "member-removed",
            "path": "CreateJob.output.Scores",
            "breaking": true,
            "message": "member removed (was map<f64>, optional; field `scores` removed)"
        })
    );
}

#[test]
fn diff_loader_accepts_any_file_name_and_locates_problems() {
    assert!(load_str(Path::new("old.json"), TENCENT).is_ok());
    let mut broken = tencent();
    member(action(&mut broken, "CreateJob"), "input", "JobName")["type"] = json!("list<Missing>");
    let problems = load_str(Path::new("old.json"), &broken.to_string()).unwrap_err();
    let text = problems.to_string();
    assert!(
        text.contains("old.json: $.actions[1] (CreateJob).input[0].type"),
        "{text}"
    );
}

#[test]
fn diff_of_files_refuses_a_spec_that_does_not_validate() {
    let mut broken = tencent();
    member(action(&mut broken, "CreateJob"), "input", "JobName")["type"] = json!("list<Missing>");
    let broken =
        cloud_sdk_codegen::spec::parse(Path::new("old.json"), &broken.to_string()).unwrap();
    let fixture = cloud_sdk_codegen::spec::parse(Path::new("new.json"), TENCENT).unwrap();
    let problems = diff_files(&broken, &fixture).unwrap_err().to_string();
    assert!(
        problems.contains("list<Missing>") || problems.contains("Missing"),
        "{problems}"
    );
    assert!(diff_files(&fixture, &fixture).unwrap().changes.is_empty());
}

#[test]
fn notes_spanning_lines_give_one_line_per_change() {
    let log = changelog(&tencent(), &{
        let mut new = tencent();
        action(&mut new, "CreateJob")["deprecated"] = json!("use\nNewJob\ninstead");
        new
    });
    let rows: Vec<&str> = log.changes.iter().map(|c| c.message.as_str()).collect();
    assert_eq!(rows, ["deprecated: use NewJob instead"]);
    assert_eq!(log.to_string().lines().count(), log.changes.len() + 1);
}

fn sdkgen(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .arg("diff")
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn command_prints_the_changelog_and_succeeds_despite_breaking_changes() {
    let scratch = Scratch::new("text");
    let (old, new) = known_change_set();
    let old = scratch.write("old.json", &old.to_string());
    let new = scratch.write("new.json", &new.to_string());
    let output = sdkgen(&[&old, &new]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), KNOWN_CHANGE_SET_TEXT);
}

#[test]
fn command_json_flag_prints_parsable_json() {
    let scratch = Scratch::new("json");
    let (old, new) = known_change_set();
    let old = scratch.write("old.json", &old.to_string());
    let new = scratch.write("new.json", &new.to_string());
    let output = sdkgen(&[&old, &new, Path::new("--json")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["new"]["version"], json!("2020-02-02"));
    assert_eq!(json["changes"][1]["kind"], json!("action-removed"));
    assert_eq!(json["changes"][1]["path"], json!("OldAction"));
    assert_eq!(json["changes"][1]["breaking"], json!(true));
}

#[test]
fn command_fail_on_breaking_exits_1_only_when_a_change_breaks() {
    let scratch = Scratch::new("fail");
    let (old, breaking) = known_change_set();
    let mut harmless = old.clone();
    list(&mut action(&mut harmless, "CreateJob")["output"])
        .push(json!({ "name": "Note", "type": "string" }));
    let old = scratch.write("old.json", &old.to_string());
    let breaking = scratch.write("breaking.json", &breaking.to_string());
    let harmless = scratch.write("harmless.json", &harmless.to_string());
    let flag = Path::new("--fail-on-breaking");

    let output = sdkgen(&[flag, &old, &breaking]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), KNOWN_CHANGE_SET_TEXT);
    assert!(
        stderr(&output).contains("2 breaking changes"),
        "{}",
        stderr(&output)
    );

    let output = sdkgen(&[&old, &harmless, flag]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = sdkgen(&[&old, &old, flag, Path::new("--json")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn command_reports_an_invalid_spec_with_its_file_and_path() {
    let scratch = Scratch::new("invalid");
    let mut broken = tencent();
    member(action(&mut broken, "CreateJob"), "input", "JobName")["type"] = json!("list<Missing>");
    let old = scratch.write("old.json", TENCENT);
    let new = scratch.write("new.json", &broken.to_string());
    let malformed = scratch.write("malformed.json", "{\n  \"format\": 1,\n}");

    let output = sdkgen(&[&old, &new]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).is_empty());
    let expected = format!("{}: $.actions[1] (CreateJob).input[0].type", new.display());
    assert!(stderr(&output).contains(&expected), "{}", stderr(&output));

    let output = sdkgen(&[&malformed, &old]);
    assert_eq!(output.status.code(), Some(1));
    let expected = format!("{}:3:1: malformed JSON", malformed.display());
    assert!(stderr(&output).contains(&expected), "{}", stderr(&output));

    let output = sdkgen(&[&old, &scratch.path("missing.json")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("missing.json: cannot read the spec file"));
}

#[test]
fn command_rejects_wrong_arguments_with_the_usage() {
    let scratch = Scratch::new("usage");
    let old = scratch.write("old.json", TENCENT);
    let old = old.as_path();
    for args in [
        vec![old],
        vec![old, old, old],
        vec![old, old, Path::new("--yaml")],
    ] {
        let output = sdkgen(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains("sdkgen diff <old.json> <new.json>"));
    }
}

const NAMING: &str = include_str!("fixtures/valid/tencent-naming-2020-04-04.json");

/// Rust API effects only the validated models show: an error-code variant
/// renamed by the collision rule when another code arrives, and a type
/// moving from its action's module to `types` when a second action uses it.
#[test]
fn model_derived_renames_and_moves_are_breaking() {
    let base: Value = serde_json::from_str(NAMING).unwrap();
    let changes = changes_after(base, |spec| {
        let action = find(&mut spec["actions"], "name", "DescribeDDoSGeoIPBlockConfig");
        list(&mut action["errors"]).push(json!({ "code": "ResourceNotFound.ResourceNotFound" }));
        let tags = find(&mut spec["actions"], "name", "DescribeTags");
        list(&mut tags["output"]).push(json!({ "name": "BlockConfig", "type": "BlockConfig" }));
    });
    assert!(
        changes.contains(&row(
            "rust-name-changed",
            "DescribeDDoSGeoIPBlockConfig.errors.\"ResourceNotFound.ResourceNotFoundError\"",
            true
        )),
        "{changes:?}"
    );
    assert!(
        changes.contains(&row("type-moved", "types.BlockConfig", true)),
        "{changes:?}"
    );
    let base: Value = serde_json::from_str(NAMING).unwrap();
    let mut new = base.clone();
    let tags = find(&mut new["actions"], "name", "DescribeTags");
    list(&mut tags["output"]).push(json!({ "name": "BlockConfig", "type": "BlockConfig" }));
    let log = changelog(&base, &new);
    let moved = log
        .changes
        .iter()
        .find(|c| c.kind.as_str() == "type-moved")
        .unwrap();
    assert_eq!(
        moved.message,
        "module describe_ddos_geo_ip_block_config::BlockConfig -> types::BlockConfig"
    );
}

/// Beside a wire change, the diff reports the Rust type the emitter writes
/// for a field when it changes: an always-present response member that
/// becomes optional turns its `String` into `Option<String>`.
#[test]
fn rust_types_are_reported_beside_wire_changes() {
    let base = tencent();
    let mut new = base.clone();
    let name = list(&mut type_def(&mut new, "TreeNode")["members"])
        .iter_mut()
        .find(|m| m["name"] == "Name")
        .unwrap();
    name.as_object_mut().unwrap().remove("required");
    let log = changelog(&base, &new);
    let rust: Vec<(&str, &str)> = log
        .changes
        .iter()
        .filter(|c| c.kind.as_str() == "rust-type-changed")
        .map(|c| (c.path.as_str(), c.message.as_str()))
        .collect();
    assert_eq!(
        rust,
        [("types.TreeNode.Name", "Rust type String -> Option<String>")]
    );
    assert!(log
        .changes
        .iter()
        .all(|c| c.kind.as_str() != "rust-type-changed" || c.breaking));
    // No wire change, no Rust type change.
    let same = changelog(&base, &base);
    assert!(same.changes.is_empty());
}

#[test]
fn messages_name_the_rust_items_each_change_adds_or_removes() {
    let mut new = tencent();
    list(&mut action(&mut new, "CreateJob")["input"])
        .push(json!({ "name": "ZoneId", "type": "string", "required": true }));
    member(action(&mut new, "CreateJob"), "input", "JobName")["required"] = json!(false);
    let log = changelog(&tencent(), &new);
    let message = |path: &str| {
        log.changes
            .iter()
            .find(|c| c.path == path && c.kind.as_str() != "rust-type-changed")
            .map(|c| c.message.clone())
            .unwrap_or_else(|| panic!("no change at {path}: {log}"))
    };
    assert_eq!(
        message("CreateJob.input.ZoneId"),
        "member added (string, required; argument of `new` and field `zone_id`)"
    );
    assert_eq!(
        message("CreateJob.input.JobName"),
        "required -> optional (no longer an argument of `new`: a setter)"
    );
}

const FLOWS: &str = include_str!("fixtures/valid/tencent-flows-2020-05-05.json");

#[test]
fn paginators_and_waiters_are_methods_whose_removal_breaks() {
    let base: Value = serde_json::from_str(FLOWS).unwrap();
    let changes = changes_after(base, |spec| {
        object(action(spec, "ListJobs")).remove("paginator");
        action(spec, "ListEvents")["paginator"]["total"] = json!(null);
        object(&mut action(spec, "ListEvents")["paginator"]).remove("total");
        remove(&mut spec["waiters"], "name", "StepsDone");
        find(&mut spec["waiters"], "name", "JobFinished")["min_delay_ms"] = json!(20);
    });
    assert_eq!(
        changes,
        vec![
            row("paginator-removed", "ListJobs", true),
            row("waiter-removed", "waiters.StepsDone", true),
            row("paginator-changed", "ListEvents", false),
            row("waiter-changed", "waiters.JobFinished", false),
        ]
    );
    let added = changes_after(
        {
            let mut old: Value = serde_json::from_str(FLOWS).unwrap();
            remove(&mut old["waiters"], "name", "JobStatus");
            old
        },
        |spec| *spec = serde_json::from_str(FLOWS).unwrap(),
    );
    assert_eq!(added, vec![row("waiter-added", "waiters.JobStatus", false)]);
}
