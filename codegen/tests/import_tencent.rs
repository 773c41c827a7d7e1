//! The Tencent importer on the real DTS metadata (both versions validate
//! and generate) and on malformed metadata (clear problems, no panic).

mod vendor_prose;

use std::path::{Path, PathBuf};

use cloud_sdk_codegen::import::{import_tencent, import_tencent_report};
use cloud_sdk_codegen::spec::SpecFile;
use cloud_sdk_codegen::{generate, load_str, Diagnostics, Location, Service};
use serde_json::{json, Value};

/// The vendor's metadata of one DTS version, or `None` (the test skips)
/// when it is not beside the repository.
fn metadata_path(version: &str) -> Option<PathBuf> {
    test_support::vendor_meta(&format!("tencent-dts-{version}/api.json"))
}

fn import(version: &str) -> Option<SpecFile> {
    let path = metadata_path(version)?;
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Some(import_tencent(&path, &text).unwrap_or_else(|e| panic!("{e}")))
}

fn validate(spec: &SpecFile) -> Service {
    let text = serde_json::to_string_pretty(spec).unwrap();
    let name = format!("tencent-dts-{}.json", spec.version);
    load_str(Path::new(&name), &text).unwrap_or_else(|e| panic!("{e}"))
}

fn member<'a>(
    members: &'a [cloud_sdk_codegen::spec::file::Member],
    name: &str,
) -> &'a cloud_sdk_codegen::spec::file::Member {
    members
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no member {name}"))
}

#[test]
fn dts_2018_imports_and_validates() {
    let Some(spec) = import("2018-03-30") else {
        return;
    };
    assert_eq!(spec.service, "dts");
    assert_eq!(spec.version, "2018-03-30");
    assert_eq!(spec.actions.len(), 22);
    assert_eq!(spec.types.len(), 13);
    validate(&spec);
    let dst = spec.types.iter().find(|t| t.name == "DstInfo").unwrap();
    assert!(member(&dst.members, "Ip").deprecated.note().is_some());
    let job = spec
        .types
        .iter()
        .find(|t| t.name == "MigrateJobInfo")
        .unwrap();
    assert_eq!(member(&job.members, "CreateTime").ty, "datetime");
    // The source's Alibaba Cloud AccessKey is the secret half of the key.
    let src = spec.types.iter().find(|t| t.name == "SrcInfo").unwrap();
    assert_eq!(member(&src.members, "AccessKey").sensitive, Some(true));
    assert!(spec.actions.iter().all(|a| a.docs.is_empty()));
}

#[test]
fn dts_2021_imports_and_validates() {
    let Some(spec) = import("2021-12-06") else {
        return;
    };
    assert_eq!(spec.actions.len(), 84);
    assert_eq!(spec.types.len(), 93);
    assert_eq!(spec.endpoints.default, "dts.tencentcloudapi.com");
    assert_eq!(
        spec.endpoints.regional.as_deref(),
        Some("dts.{region}.tencentcloudapi.com")
    );
    validate(&spec);

    let create = spec
        .actions
        .iter()
        .find(|a| a.name == "CreateMigrationService")
        .unwrap();
    let src = member(&create.input, "SrcDatabaseType");
    assert!(src.required);
    assert_eq!(src.ty, "string");
    assert_eq!(member(&create.input, "Count").ty, "u64");
    assert!(!member(&create.input, "Count").required);
    assert_eq!(member(&create.input, "Tags").ty, "list<TagItem>");
    let job_ids = member(&create.output, "JobIds");
    assert_eq!(job_ids.ty, "list<string>");
    assert!(job_ids.nullable);
    assert!(member(&create.output, "RequestId").required);

    let compare = spec
        .types
        .iter()
        .find(|t| t.name == "CompareOptions")
        .unwrap();
    assert_eq!(
        member(&compare.members, "Type").rust_name.as_deref(),
        Some("r#type")
    );
    let report = spec
        .actions
        .iter()
        .find(|a| a.name == "DescribeCompareReport")
        .unwrap();
    assert_eq!(
        member(&report.output, "Abstract").rust_name.as_deref(),
        Some("r#abstract")
    );

    let db = spec.types.iter().find(|t| t.name == "DBInfo").unwrap();
    assert_eq!(member(&db.members, "Password").sensitive, Some(true));
    assert_eq!(member(&db.members, "TmpToken").sensitive, Some(true));

    // Types come sorted by name, and no vendor prose is copied.
    let names: Vec<_> = spec.types.iter().map(|t| t.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
    assert_no_prose(&spec, "2021-12-06");
}

/// No document or action title of the metadata reaches the spec, and
/// free-text members keep no message as their example.
fn assert_no_prose(spec: &SpecFile, version: &str) {
    let Some(path) = metadata_path(version) else {
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    let meta: Value = serde_json::from_str(&text).unwrap();
    let mut sentences = vendor_prose::sentences(&meta, &["document", "api_brief"]);
    sentences.extend(
        meta["actions"]
            .as_object()
            .unwrap()
            .values()
            .filter_map(|a| a["name"].as_str().map(str::to_owned)),
    );
    vendor_prose::assert_no_vendor_prose(spec, &sentences);
}

#[test]
fn messages_are_not_examples() {
    let (Some(spec_2018), Some(spec)) = (import("2018-03-30"), import("2021-12-06")) else {
        return;
    };
    assert_no_prose(&spec_2018, "2018-03-30");
    let skip = spec
        .actions
        .iter()
        .find(|a| a.name == "SkipCheckItem")
        .unwrap();
    assert_eq!(member(&skip.output, "Message").example, None);
    let tip = spec
        .types
        .iter()
        .find(|t| t.name == "SubscribeCheckStepTip")
        .unwrap();
    assert_eq!(member(&tip.members, "Message").example, None);
}

#[test]
fn dts_2021_generates() {
    let Some(spec) = import("2021-12-06") else {
        return;
    };
    let service = validate(&spec);
    let files = generate(std::slice::from_ref(&service), |_| true).unwrap();
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    assert!(files.len() == 2, "tree and one service file");
    assert!(lines > 1000, "only {lines} lines generated");
    eprintln!("generated {lines} lines for the imported dts 2021-12-06 spec");
}

const FILE: &str = "api.json";

fn import_value(value: &Value) -> Result<SpecFile, Diagnostics> {
    import_tencent(Path::new(FILE), &value.to_string())
}

fn minimal() -> Value {
    json!({
        "version": "1.0",
        "metadata": { "apiVersion": "2020-01-01", "serviceShortName": "demo" },
        "actions": {
            "DoThing": { "input": "DoThingRequest", "output": "DoThingResponse", "status": "online" },
            "OldThing": { "input": "OldThingRequest", "output": "OldThingResponse", "status": "offline" },
            "Retired": { "input": "RetiredRequest", "output": "RetiredResponse", "status": "deprecated" }
        },
        "objects": {
            "DoThingRequest": { "type": "object", "members": [
                { "name": "Type", "type": "string", "member": "string", "required": 1, "example": "无" },
                { "name": "Option", "type": "object", "member": "Option", "required": false },
                { "name": "UserPassword", "type": "string", "member": "string", "required": true }
            ] },
            "DoThingResponse": { "type": "object", "members": [
                { "name": "Count", "type": "int", "member": "uint64", "output_required": true, "example": "3" },
                { "name": "RequestId", "type": "string", "member": "string" },
                { "name": "Status", "type": "string", "member": "string", "required": true },
                { "name": "Detail", "type": "string", "member": "string", "required": true, "output_required": false }
            ] },
            "OldThingRequest": { "type": "object", "members": [] },
            "OldThingResponse": { "type": "object", "members": [] },
            "RetiredRequest": { "type": "object", "members": [] },
            "RetiredResponse": { "type": "object", "members": [] },
            "Option": { "usage": "both", "members": [
                { "name": "DBName", "type": "string", "member": "string" },
                { "name": "DbName", "type": "string", "member": "string" },
                { "name": "Self", "type": "string", "member": "string" },
                { "name": "NextToken", "type": "string", "member": "string" }
            ] }
        }
    })
}

#[test]
fn small_metadata_fixes_names() {
    let path = Path::new(FILE);
    let import = import_tencent_report(path, &minimal().to_string()).unwrap();
    assert_eq!(import.skipped_offline, ["OldThing"]);
    let spec = import.spec;
    assert_eq!(spec.actions.len(), 2);
    assert!(spec.actions[1].deprecated.note().is_some());
    let input = &spec.actions[0].input;
    assert!(input[0].required, "integer 1 is truthy");
    assert_eq!(input[0].rust_name.as_deref(), Some("r#type"));
    assert_eq!(input[0].example, None);
    assert_eq!(input[2].sensitive, Some(true));
    assert_eq!(spec.actions[0].output[0].example, Some(json!(3)));
    assert!(
        spec.actions[0].output[1].required,
        "RequestId is always required"
    );
    assert!(
        spec.actions[0].output[2].required,
        "older files mark presence in responses with `required`"
    );
    assert!(
        !spec.actions[0].output[3].required,
        "`output_required` wins over `required`"
    );
    let option = &spec.types[0];
    assert_eq!(option.rust_name.as_deref(), Some("OptionInfo"));
    assert_eq!(option.members[1].rust_name.as_deref(), Some("db_name_2"));
    assert_eq!(option.members[2].rust_name.as_deref(), Some("self_"));
    assert_eq!(option.members[3].sensitive, Some(false));
    let text = serde_json::to_string(&spec).unwrap();
    load_str(Path::new("tencent-demo-2020-01-01.json"), &text).unwrap_or_else(|e| panic!("{e}"));
}

fn single_problem(result: Result<SpecFile, Diagnostics>) -> (Location, String) {
    let problems = result.expect_err("the import should fail").0;
    assert_eq!(problems.len(), 1, "{problems:?}");
    let problem = problems.into_iter().next().unwrap();
    assert_eq!(problem.file, Path::new(FILE));
    (problem.location, problem.message)
}

#[test]
fn not_json_reports_line_and_column() {
    let result = import_tencent(Path::new(FILE), "{\n  \"version\": \"1.0\",\n  oops\n}");
    let (location, message) = single_problem(result);
    assert_eq!(location, Location::LineColumn(3, 3));
    assert!(message.contains("not valid JSON"), "{message}");
}

#[test]
fn missing_actions_is_reported() {
    let mut meta = minimal();
    meta.as_object_mut().unwrap().remove("actions");
    let (location, message) = single_problem(import_value(&meta));
    assert_eq!(location, Location::Path("$".into()));
    assert!(message.contains("\"actions\""), "{message}");
}

#[test]
fn missing_input_object_is_reported_with_its_path() {
    let mut meta = minimal();
    meta["objects"]
        .as_object_mut()
        .unwrap()
        .remove("DoThingRequest");
    let (location, message) = single_problem(import_value(&meta));
    assert_eq!(location, Location::Path("$.actions.DoThing.input".into()));
    assert!(message.contains("DoThingRequest"), "{message}");
}

#[test]
fn bad_member_types_are_reported_with_their_paths() {
    let mut meta = minimal();
    meta["objects"]["Option"]["members"][3]["type"] = json!("tuple");
    meta["objects"]["DoThingResponse"]["members"][0]["member"] = json!("Missing");
    let problems = import_value(&meta).unwrap_err().0;
    let at: Vec<_> = problems.iter().map(|p| p.location.clone()).collect();
    assert_eq!(
        at,
        [
            Location::Path("$.objects.DoThingResponse.members[0].member".into()),
            Location::Path("$.objects.Option.members[3].type".into()),
        ]
    );
}

#[test]
fn wrong_shapes_do_not_panic() {
    for text in [
        "[]",
        "null",
        "{\"actions\": [], \"objects\": 3, \"metadata\": {}}",
    ] {
        assert!(import_tencent(Path::new(FILE), text).is_err(), "{text}");
    }
    let mut meta = minimal();
    meta["actions"]["DoThing"] = json!("nope");
    meta["objects"]["Option"]["members"] = json!([1, {"name": 2}]);
    assert!(import_value(&meta).is_err());
}

/// Metadata of one action `Run` whose request holds `members`, with the
/// model objects `objects`, for service `service`.
fn one_action(service: &str, members: Value, objects: Value) -> Value {
    let mut all = json!({
        "RunRequest": { "type": "object", "members": members },
        "RunResponse": { "type": "object", "members": [
            { "name": "RequestId", "type": "string", "member": "string" }
        ] }
    });
    for (name, object) in objects.as_object().unwrap() {
        all[name] = object.clone();
    }
    json!({
        "version": "1.0",
        "metadata": { "apiVersion": "2018-04-19", "serviceShortName": service },
        "actions": { "Run": { "input": "RunRequest", "output": "RunResponse", "status": "online" } },
        "objects": all
    })
}

/// Imports, validates under the name the validator expects, generates and
/// parses every generated file.
fn import_validate_generate(meta: &Value) -> Service {
    let spec = import_value(meta).unwrap_or_else(|e| panic!("{e}"));
    let text = serde_json::to_string_pretty(&spec).unwrap();
    let name = format!("tencent-{}-{}.json", spec.service, spec.version);
    let service = load_str(Path::new(&name), &text).unwrap_or_else(|e| panic!("{e}"));
    let files =
        generate(std::slice::from_ref(&service), |_| true).unwrap_or_else(|e| panic!("{e}"));
    for file in &files {
        syn::parse_file(&file.contents)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.name));
    }
    service
}

/// Tencent's Auto Scaling signs as `as`, a keyword: its module is `as_`.
#[test]
fn keyword_service_name_gets_a_module_it_can_use() {
    let meta = one_action("as", json!([]), json!({}));
    let service = import_validate_generate(&meta);
    assert_eq!(service.module_path, ["tencent", "as_", "v20180419"]);
    assert_eq!(service.service, "as", "the signing service stays `as`");
    assert_eq!(service.feature, "tencent-as-2018-04-19");
}

#[test]
fn service_name_that_makes_no_module_is_reported() {
    let spec = import_value(&one_action("3d", json!([]), json!({}))).unwrap();
    let text = serde_json::to_string(&spec).unwrap();
    let problems = load_str(Path::new("tencent-3d-2018-04-19.json"), &text)
        .unwrap_err()
        .0;
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].location, Location::Path("$.service".into()));
    assert!(
        problems[0].message.contains("module"),
        "{}",
        problems[0].message
    );
}

/// Two models holding each other through lists, with nothing to validate:
/// the generator used to recurse between them until the stack overflowed.
#[test]
fn models_holding_each_other_through_lists_generate() {
    let meta = one_action(
        "demo",
        json!([{ "name": "Rule", "type": "object", "member": "Rule" }]),
        json!({
            "Rule": { "usage": "in", "members": [
                { "name": "Conditions", "type": "list", "member": "Condition" }
            ] },
            "Condition": { "usage": "in", "members": [
                { "name": "Rules", "type": "list", "member": "Rule" },
                { "name": "Value", "type": "string", "member": "string" }
            ] }
        }),
    );
    let service = import_validate_generate(&meta);
    assert_eq!(service.structs.len(), 2);
}
