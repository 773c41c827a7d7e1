//! The Alibaba importer on the real DTS metadata (it validates and
//! generates) and on malformed metadata (clear problems, no panic).

mod vendor_prose;

use std::path::Path;

use cloud_sdk_codegen::import::import_alibaba;
use cloud_sdk_codegen::spec::file::{HttpMethod, Location as Placement, Member, Style};
use cloud_sdk_codegen::spec::SpecFile;
use cloud_sdk_codegen::{generate, load_str, Diagnostics, Location, Service};
use serde_json::{json, Value};

/// The imported DTS metadata, or `None` (the test skips) when the vendor
/// file is not beside the repository.
fn import() -> Option<SpecFile> {
    let path = test_support::vendor_meta("alibaba-dts-2020-01-01-meta.json")?;
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Some(import_alibaba(&path, &text).unwrap_or_else(|e| panic!("{e}")))
}

fn validate(spec: &SpecFile) -> Service {
    let text = serde_json::to_string_pretty(spec).unwrap();
    load_str(Path::new("alibaba-dts-2020-01-01.json"), &text).unwrap_or_else(|e| panic!("{e}"))
}

fn member<'a>(members: &'a [Member], name: &str) -> &'a Member {
    members
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no member {name}"))
}

fn action<'a>(spec: &'a SpecFile, name: &str) -> &'a cloud_sdk_codegen::spec::file::Action {
    spec.actions
        .iter()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("no action {name}"))
}

#[test]
fn dts_imports_and_validates() {
    let Some(spec) = import() else { return };
    assert_eq!(spec.service, "Dts");
    assert_eq!(spec.version, "2020-01-01");
    assert_eq!(spec.actions.len(), 123);
    assert_eq!(spec.endpoints.default, "dts.aliyuncs.com");
    assert_eq!(
        spec.endpoints.regional.as_deref(),
        Some("dts.{region}.aliyuncs.com")
    );
    assert_eq!(
        spec.endpoints
            .regions
            .get("cn-shanghai-finance-1")
            .map(String::as_str),
        Some("dts.cn-hangzhou.aliyuncs.com")
    );
    assert!(!spec.endpoints.regions.contains_key("cn-hangzhou"));
    validate(&spec);

    // Sorted by name, no prose.
    let names: Vec<_> = spec.actions.iter().map(|a| a.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
    assert!(spec.actions.iter().all(|a| a.docs.is_empty()));
    assert!(spec
        .actions
        .iter()
        .flat_map(|a| &a.errors)
        .all(|e| e.docs.is_empty()));
    // No description, summary, title or error message of the metadata
    // (the English file and its Chinese twin) reaches the spec.
    for file in [
        "alibaba-dts-2020-01-01-meta.json",
        "alibaba-dts-2020-01-01-meta.zh-CN.json",
    ] {
        let Some(path) = test_support::vendor_meta(file) else {
            return;
        };
        let meta: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let sentences =
            vendor_prose::sentences(&meta, &["description", "summary", "title", "errorMessage"]);
        vendor_prose::assert_no_vendor_prose(&spec, &sentences);
    }
    assert_eq!(
        member(
            &action(&spec, "ConfigureMigrationJob").input,
            "MigrationJobId"
        )
        .example,
        None,
        "a description is not an example"
    );

    let modify = action(&spec, "ModifyDtsJob");
    assert_eq!(modify.method, None, "post and get allowed: POST");
    let id = member(&modify.input, "DtsInstanceId");
    assert!(id.required);
    assert_eq!(id.ty, "string");
    assert_eq!(id.location, None, "query is the default");
    assert_eq!(id.style, None);
    let db_list = member(&modify.input, "DbList");
    assert_eq!(db_list.ty, "json");
    assert_eq!(db_list.location, Some(Placement::Body));
    assert_eq!(db_list.style, Some(Style::Json));
    assert_eq!(
        db_list.example,
        Some(json!({"dtstest": {"name": "dtstest", "all": true}}))
    );
    let token = member(&modify.input, "ClientToken");
    assert!(token.idempotency_token);
    assert_eq!(token.sensitive, Some(false));
    assert!(!token.required);
    assert_eq!(
        member(&modify.input, "StructureInitialization").example,
        Some(json!(true))
    );
    assert!(member(&modify.output, "RequestId").required);
    // Business-status members get one type whatever the action says.
    assert_eq!(member(&modify.output, "ErrMessage").ty, "string");
    for api in &spec.actions {
        for (name, ty) in [("Success", "bool"), ("HttpStatusCode", "i32")] {
            if let Some(found) = api.output.iter().find(|m| m.name == name) {
                assert_eq!(found.ty, ty, "{}.{name}", api.name);
            }
        }
    }
    assert!(!member(&modify.output, "DtsJobId").required);
    // The gateway's common codes are carried by every error-code enum, not
    // listed per action; the action's own codes keep their status.
    assert!(
        modify.errors.iter().all(|e| e.code != "Throttling.User"),
        "common codes are left out"
    );
    let own = modify
        .errors
        .iter()
        .find(|e| e.code == "OperationDenied.JobStatusModifying")
        .expect("OperationDenied.JobStatusModifying");
    assert_eq!(own.http_status, Some(403));
    let mut codes: Vec<_> = modify.errors.iter().map(|e| &e.code).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), modify.errors.len(), "errors are deduplicated");

    // repeatList parameters become lists.
    let tag = action(&spec, "TagResources");
    let resource_id = member(&tag.input, "ResourceId");
    assert_eq!(resource_id.ty, "list<string>");
    assert_eq!(resource_id.style, Some(Style::RepeatList));
    assert!(resource_id.max_items.is_some());
    let tags = member(&tag.input, "Tag");
    // `Tag` is an earlier action's different structure: qualified.
    assert_eq!(tags.ty, "list<TagResourcesTag>");
    assert_eq!(tags.style, Some(Style::RepeatList));
    assert!(spec.types.iter().any(|t| t.name == "Tag"));
    assert!(spec.types.iter().any(|t| t.name == "TagResourcesTag"));

    // Nested objects become types named after the member holding them.
    let jobs = action(&spec, "DescribeDtsJobs");
    assert_eq!(member(&jobs.output, "DtsJobList").ty, "list<DtsJobList>");
    // The longest name is the one a test in `tests/` checks for the
    // checked-in spec too; no two types share a name.
    let longest = spec.types.iter().map(|t| t.name.len()).max().unwrap();
    assert!(longest <= 40, "a type name has {longest} characters");
    let mut unique: Vec<_> = spec.types.iter().map(|t| &t.name).collect();
    unique.dedup();
    assert_eq!(unique.len(), spec.types.len());
    // Equal structures are one type: no two types have the same members.
    for (i, a) in spec.types.iter().enumerate() {
        for b in &spec.types[i + 1..] {
            let strip = |t: &cloud_sdk_codegen::spec::file::TypeDef| {
                t.members
                    .iter()
                    .map(|m| (m.name.clone(), m.ty.clone(), m.required))
                    .collect::<Vec<_>>()
            };
            assert!(
                strip(a) != strip(b)
                    || a.members.iter().zip(&b.members).any(|(x, y)| {
                        let mut x = x.clone();
                        x.example = y.example.clone();
                        x != *y
                    }),
                "{} and {} are the same structure",
                a.name,
                b.name
            );
        }
    }
    let names: Vec<_> = spec.types.iter().map(|t| t.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
}

#[test]
fn dts_generates() {
    let Some(spec) = import() else { return };
    let service = validate(&spec);
    let files = generate(std::slice::from_ref(&service), |_| true).unwrap();
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    assert_eq!(files.len(), 2, "tree and one service file");
    assert!(lines > 1000, "only {lines} lines generated");
    eprintln!("generated {lines} lines for the imported Dts 2020-01-01 spec");
}

const FILE: &str = "api-docs.json";

fn import_value(value: &Value) -> Result<SpecFile, Diagnostics> {
    import_alibaba(Path::new(FILE), &value.to_string())
}

fn minimal() -> Value {
    json!({
        "version": "1.0",
        "info": { "style": "RPC", "product": "Demo", "version": "2020-01-01" },
        "apis": {
            "GetThing": {
                "methods": ["get"],
                "deprecated": true,
                "parameters": [
                    { "name": "Type", "in": "query", "schema": { "type": "string", "required": true } },
                    { "name": "Count", "in": "query", "schema": { "type": "integer", "format": "int32", "minimum": "1", "maximum": "100" } },
                    { "name": "Self", "in": "query", "schema": { "type": "number" } },
                    { "name": "Password", "in": "query", "schema": { "type": "string" } },
                    { "name": "Filter", "in": "query", "style": "flat", "schema": { "type": "object", "properties": {
                        "Name": { "type": "string" } } } },
                    { "name": "Ids", "in": "query", "style": "json", "schema": { "type": "string" } },
                    { "name": "Outer.Name", "in": "query", "schema": { "type": "string" } },
                    { "name": "OuterName", "in": "query", "schema": { "type": "string" } }
                ],
                "responses": { "200": { "schema": { "type": "object", "properties": {
                    "RequestId": { "type": "string" },
                    "Data": { "type": "object", "properties": {
                        "Items": { "type": "array", "items": { "type": "object", "properties": {
                            "Value": { "type": "any" } } } },
                        "Labels": { "type": "object", "additionalProperties": { "type": "string" } }
                    } }
                } } } },
                "errorCodes": {
                    "400": [ { "errorCode": "Bad", "errorMessage": "prose" } ],
                    "403": [ { "errorCode": "Bad", "errorMessage": "prose" }, { "errorCode": "Denied" } ]
                }
            },
            "PostForm": {
                "methods": ["get"],
                "parameters": [
                    { "name": "Body", "in": "formData", "schema": { "type": "string" } },
                    { "name": "ClientToken", "in": "query", "schema": { "type": "string" } }
                ]
            }
        },
        "endpoints": [
            { "regionId": "cn-hangzhou", "endpoint": "demo.cn-hangzhou.aliyuncs.com" },
            { "regionId": "cn-odd", "endpoint": "demo.aliyuncs.com" }
        ]
    })
}

/// Nested objects: named after their member, equal structures shared, a
/// different structure under a taken name qualified by its holder, then
/// numbered when that would be longer than 40 characters.
#[test]
fn nested_types_are_short_shared_and_distinct() {
    let endpoint = json!({ "type": "object", "properties": {
        "Host": { "type": "string", "example": "a.example" } } });
    let other_endpoint = json!({ "type": "object", "properties": {
        "Port": { "type": "integer" } } });
    let third_endpoint = json!({ "type": "object", "properties": {
        "Region": { "type": "string" } } });
    let response = |properties: Value| json!({ "200": { "schema": { "type": "object", "properties": properties } } });
    let metadata = json!({
        "version": "1.0",
        "info": { "style": "RPC", "product": "Demo", "version": "2020-01-01" },
        "apis": {
            "DescribeA": { "responses": response(json!({ "SourceEndpoint": endpoint })) },
            "DescribeB": { "responses": response(json!({ "SourceEndpoint": {
                "type": "object", "properties": { "Host": { "type": "string", "example": "b.example" } } } })) },
            "DescribeC": { "responses": response(json!({ "Job": { "type": "object", "properties": {
                "SourceEndpoint": other_endpoint } } })) },
            "DescribeAVeryLongActionNameForTheTest": { "responses": response(json!({
                "SourceEndpoint": third_endpoint })) }
        }
    });
    let spec = import_value(&metadata).unwrap_or_else(|e| panic!("{e}"));
    let ty = |action_name: &str, member_name: &str| {
        member(&action(&spec, action_name).output, member_name)
            .ty
            .clone()
    };
    // Shared although the examples differ.
    assert_eq!(ty("DescribeA", "SourceEndpoint"), "SourceEndpoint");
    assert_eq!(ty("DescribeB", "SourceEndpoint"), "SourceEndpoint");
    let job = spec.types.iter().find(|t| t.name == "Job").unwrap();
    assert_eq!(
        member(&job.members, "SourceEndpoint").ty,
        "JobSourceEndpoint"
    );
    assert_eq!(
        ty("DescribeAVeryLongActionNameForTheTest", "SourceEndpoint"),
        "SourceEndpoint2"
    );
    let names: Vec<&str> = spec.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Job",
            "JobSourceEndpoint",
            "SourceEndpoint",
            "SourceEndpoint2"
        ]
    );
    validate_as(&spec, "alibaba-demo-2020-01-01.json");
}

fn validate_as(spec: &SpecFile, file: &str) -> Service {
    let text = serde_json::to_string_pretty(spec).unwrap();
    load_str(Path::new(file), &text).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn small_metadata_maps_facts() {
    let spec = import_value(&minimal()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(spec.endpoints.default, "demo.aliyuncs.com");
    assert_eq!(spec.endpoints.regions.len(), 1);
    let get = &spec.actions[0];
    assert_eq!(get.method, Some(HttpMethod::Get));
    assert!(get.deprecated.note().is_some());
    let input = &get.input;
    assert_eq!(input[0].rust_name.as_deref(), Some("r#type"));
    assert!(input[0].required);
    assert_eq!(input[1].ty, "i32");
    assert_eq!((input[1].min, input[1].max), (Some(1.0), Some(100.0)));
    assert_eq!(input[2].rust_name.as_deref(), Some("self_"));
    assert_eq!(input[2].ty, "f64");
    assert_eq!(input[3].sensitive, Some(true));
    assert_eq!(input[4].ty, "Filter");
    assert_eq!(input[4].style, Some(Style::Flat));
    assert_eq!(input[5].ty, "json");
    assert_eq!(input[5].style, Some(Style::Json));
    assert_eq!(input[6].rust_name, None);
    assert_eq!(input[7].rust_name.as_deref(), Some("outer_name_2"));
    let data = member(&get.output, "Data");
    assert_eq!(data.ty, "Data");
    assert!(!data.required);
    assert!(member(&get.output, "RequestId").required);
    let data_type = spec.types.iter().find(|t| t.name == "Data").unwrap();
    assert_eq!(member(&data_type.members, "Items").ty, "list<Items>");
    assert_eq!(member(&data_type.members, "Labels").ty, "map<string>");
    let codes: Vec<_> = get
        .errors
        .iter()
        .map(|e| (e.code.as_str(), e.http_status))
        .collect();
    assert_eq!(codes, [("Bad", Some(400)), ("Denied", Some(403))]);
    let form = &spec.actions[1];
    assert_eq!(form.method, None, "a form body keeps the action on POST");
    assert_eq!(form.input[0].location, Some(Placement::Body));
    assert!(form.input[1].idempotency_token);
    let text = serde_json::to_string(&spec).unwrap();
    load_str(Path::new("alibaba-demo-2020-01-01.json"), &text).unwrap_or_else(|e| panic!("{e}"));
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
    let result = import_alibaba(Path::new(FILE), "{\n  \"version\": \"1.0\",\n  oops\n}");
    let (location, message) = single_problem(result);
    assert_eq!(location, Location::LineColumn(3, 3));
    assert!(message.contains("not valid JSON"), "{message}");
}

#[test]
fn missing_apis_is_reported() {
    let mut meta = minimal();
    meta.as_object_mut().unwrap().remove("apis");
    let (location, message) = single_problem(import_value(&meta));
    assert_eq!(location, Location::Path("$".into()));
    assert!(message.contains("\"apis\""), "{message}");
}

#[test]
fn parameter_without_schema_is_reported_with_its_path() {
    let mut meta = minimal();
    meta["apis"]["GetThing"]["parameters"][1]
        .as_object_mut()
        .unwrap()
        .remove("schema");
    let (location, message) = single_problem(import_value(&meta));
    assert_eq!(
        location,
        Location::Path("$.apis.GetThing.parameters[1]".into())
    );
    assert!(message.contains("\"schema\""), "{message}");
}

#[test]
fn bad_types_are_reported_with_their_paths() {
    let mut meta = minimal();
    meta["apis"]["GetThing"]["parameters"][0]["schema"]["type"] = json!("tuple");
    meta["apis"]["GetThing"]["parameters"][2]["in"] = json!("header");
    let problems = import_value(&meta).unwrap_err().0;
    let at: Vec<_> = problems.iter().map(|p| p.location.clone()).collect();
    assert_eq!(
        at,
        [
            Location::Path("$.apis.GetThing.parameters[0].schema.type".into()),
            Location::Path("$.apis.GetThing.parameters[2].in".into()),
        ]
    );
}

#[test]
fn wrong_shapes_do_not_panic() {
    for text in [
        "[]",
        "null",
        "{\"apis\": [], \"info\": 3}",
        "{\"apis\": {\"A\": 1}, \"info\": {\"product\": \"X\", \"version\": \"1\"}}",
    ] {
        assert!(import_alibaba(Path::new(FILE), text).is_err(), "{text}");
    }
    let mut meta = minimal();
    meta["apis"]["GetThing"]["parameters"] = json!([1, {"name": 2}]);
    meta["apis"]["GetThing"]["errorCodes"] = json!({"abc": []});
    meta["apis"]["GetThing"]["responses"]["200"]["schema"]["properties"]["Data"] =
        json!({"type": "array"});
    meta["endpoints"] = json!([{"regionId": 1}]);
    assert!(import_value(&meta).is_err());
}
