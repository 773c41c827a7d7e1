//! The metadata shapes of Alibaba RPC products beyond DTS, one test each,
//! and every RPC product of `../shared/vendor-meta/alibaba-more/` (plus DTS)
//! through import, validation and generation.

use std::path::Path;

use cloud_sdk_codegen::import::import_alibaba;
use cloud_sdk_codegen::spec::file::{Location as Placement, Member, Style};
use cloud_sdk_codegen::spec::SpecFile;
use cloud_sdk_codegen::{generate, load_str, Diagnostics, Location, Service};
use serde_json::{json, Value};

const FILE: &str = "api-docs.json";

/// Metadata of one action `Act` with `parameters`, plus `extra` at the root.
fn metadata(parameters: Value, extra: Value) -> Value {
    let mut meta = json!({
        "version": "1.0",
        "info": { "style": "RPC", "product": "Demo", "version": "2020-01-01" },
        "apis": { "Act": {
            "methods": ["post"],
            "parameters": parameters,
            "responses": { "200": { "schema": { "type": "object", "properties": {
                "RequestId": { "type": "string" } } } } }
        } }
    });
    if let (Some(meta), Some(extra)) = (meta.as_object_mut(), extra.as_object()) {
        meta.extend(extra.clone());
    }
    meta
}

fn import(meta: &Value) -> Result<SpecFile, Diagnostics> {
    import_alibaba(Path::new(FILE), &meta.to_string())
}

/// Imports, then validates as the spec file the importer's output becomes.
fn import_valid(meta: &Value) -> (SpecFile, Service) {
    let spec = import(meta).unwrap_or_else(|e| panic!("{e}"));
    let text = serde_json::to_string_pretty(&spec).unwrap();
    let service = load_str(Path::new("alibaba-demo-2020-01-01.json"), &text)
        .unwrap_or_else(|e| panic!("the importer's output fails check: {e}"));
    (spec, service)
}

fn input<'a>(spec: &'a SpecFile, name: &str) -> &'a Member {
    spec.actions[0]
        .input
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no input member {name}"))
}

/// The one problem of a failed import: its JSON path and message.
fn problem(result: Result<SpecFile, Diagnostics>) -> (String, String) {
    let problems = result.expect_err("the import should fail").0;
    assert_eq!(problems.len(), 1, "{problems:?}");
    let problem = &problems[0];
    let Location::Path(path) = &problem.location else {
        panic!("no JSON path: {problem:?}");
    };
    (path.clone(), problem.message.clone())
}

#[test]
fn flat_lists_are_written_like_repeat_lists() {
    let (spec, _) = import_valid(&metadata(
        json!([
            { "name": "Ids", "in": "query", "style": "flat",
              "schema": { "type": "array", "items": { "type": "string" } } },
            { "name": "Instances", "in": "query", "style": "flat",
              "schema": { "type": "array", "items": { "type": "object", "properties": {
                  "Uuid": { "type": "string" } } } } },
            { "name": "Config", "in": "query", "style": "flat",
              "schema": { "type": "object", "properties": { "Size": { "type": "integer" } } } }
        ]),
        json!({}),
    ));
    assert_eq!(input(&spec, "Ids").style, Some(Style::RepeatList));
    assert_eq!(input(&spec, "Instances").ty, "list<Instances>");
    assert_eq!(input(&spec, "Instances").style, Some(Style::RepeatList));
    // `flat` on an object keeps its meaning: `Config.Size=1`.
    assert_eq!(input(&spec, "Config").style, Some(Style::Flat));
}

#[test]
fn simple_lists_of_scalars_are_comma_joined() {
    let (spec, _) = import_valid(&metadata(
        json!([{ "name": "AgentIds", "in": "query", "style": "simple",
                 "schema": { "type": "array", "items": { "type": "integer", "format": "int64" } } }]),
        json!({}),
    ));
    let ids = input(&spec, "AgentIds");
    assert_eq!(
        (ids.ty.as_str(), ids.style),
        ("list<i64>", Some(Style::Simple))
    );

    let objects = metadata(
        json!([{ "name": "Things", "in": "query", "style": "simple",
                 "schema": { "type": "array", "items": { "type": "object", "properties": {
                     "A": { "type": "string" } } } } }]),
        json!({}),
    );
    let (path, message) = problem(import(&objects));
    assert_eq!(path, "$.apis.Act.parameters[0].style");
    assert!(message.contains("does not fit"), "{message}");
}

#[test]
fn a_parameter_declared_twice_is_merged_or_refused() {
    let name = |required: bool, ty: &str| json!({ "name": "RegionId", "in": "query", "schema": { "type": ty, "required": required } });
    let (spec, _) = import_valid(&metadata(
        json!([name(false, "string"), name(false, "string")]),
        json!({}),
    ));
    assert_eq!(spec.actions[0].input.len(), 1);
    assert!(!spec.actions[0].input[0].required);
    // Differing only in `required`: the member is required.
    let (spec, _) = import_valid(&metadata(
        json!([name(true, "string"), name(false, "string")]),
        json!({}),
    ));
    assert_eq!(spec.actions[0].input.len(), 1);
    assert!(spec.actions[0].input[0].required);
    let (spec, _) = import_valid(&metadata(
        json!([name(false, "string"), name(true, "string")]),
        json!({}),
    ));
    assert!(spec.actions[0].input[0].required);
    // Differing in type: refused, at the second declaration.
    let (path, message) = problem(import(&metadata(
        json!([name(false, "string"), name(false, "integer")]),
        json!({}),
    )));
    assert_eq!(path, "$.apis.Act.parameters[1].name");
    assert!(
        message.contains("`RegionId` is declared twice") && message.contains("differ"),
        "{message}"
    );
}

#[test]
fn refs_resolve_against_components_and_cycles_are_refused() {
    let components = json!({ "components": { "schemas": {
        "Application": { "type": "object", "properties": {
            "Name": { "type": "string" }, "Version": { "type": "string" } } },
        "Config": { "type": "object", "properties": {
            "Period": { "type": "integer", "format": "int32" } } },
        "Node": { "type": "object", "properties": {
            "Children": { "type": "array", "items": { "$ref": "#/components/schemas/Node" } } } }
    } } });
    let (spec, service) = import_valid(&metadata(
        json!([
            { "name": "Applications", "in": "query", "style": "flat",
              "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Application" } } },
            { "name": "SubscriptionConfig", "in": "query", "style": "flat",
              "schema": { "required": true, "$ref": "#/components/schemas/Config" } }
        ]),
        components.clone(),
    ));
    assert_eq!(input(&spec, "Applications").ty, "list<Applications>");
    let config = input(&spec, "SubscriptionConfig");
    assert_eq!(
        (config.ty.as_str(), config.style),
        ("SubscriptionConfig", Some(Style::Flat))
    );
    assert!(config.required, "`required` beside `$ref` is kept");
    let types: Vec<&str> = spec.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(types, ["Applications", "SubscriptionConfig"]);
    assert_eq!(spec.types[1].members[0].ty, "i32");
    assert!(service.structs.iter().any(|s| s.wire == "Applications"));

    let cycle = metadata(
        json!([{ "name": "Tree", "in": "query", "style": "json",
                 "schema": { "type": "string" } },
               { "name": "Root", "in": "query", "style": "flat",
                 "schema": { "$ref": "#/components/schemas/Node" } }]),
        components.clone(),
    );
    let (path, message) = problem(import(&cycle));
    assert_eq!(
        path,
        "$.components.schemas.Node.properties.Children.items[\"$ref\"]"
    );
    assert!(message.contains("cycle: Node -> Node"), "{message}");

    let dangling = metadata(
        json!([{ "name": "X", "in": "query", "style": "flat",
                 "schema": { "$ref": "#/components/schemas/Missing" } }]),
        components,
    );
    let (path, message) = problem(import(&dangling));
    assert_eq!(path, "$.apis.Act.parameters[0].schema[\"$ref\"]");
    assert!(message.contains("no schema `Missing`"), "{message}");
}

#[test]
fn untyped_schemas_and_arrays_without_items_become_json() {
    let (spec, _) = import_valid(&metadata(
        json!([
            { "name": "Anything", "in": "query", "schema": { "required": false } },
            { "name": "Values", "in": "query", "schema": { "type": "array" } },
            { "name": "Shaped", "in": "query", "style": "flat",
              "schema": { "properties": { "A": { "type": "string" } } } },
            { "name": "Loose", "in": "query", "style": "flat", "schema": { "type": "object" } }
        ]),
        json!({}),
    ));
    let anything = input(&spec, "Anything");
    assert_eq!(
        (anything.ty.as_str(), anything.style),
        ("json", Some(Style::Json))
    );
    let values = input(&spec, "Values");
    assert_eq!(
        (values.ty.as_str(), values.style),
        ("list<json>", Some(Style::RepeatList))
    );
    assert_eq!(input(&spec, "Shaped").ty, "Shaped");
    // A free-form object written flat: a map, flattened `Loose.Key=v`.
    let loose = input(&spec, "Loose");
    assert_eq!(
        (loose.ty.as_str(), loose.style),
        ("map<json>", Some(Style::Flat))
    );
}

#[test]
fn content_type_headers_are_left_to_the_runtime_and_other_headers_refused() {
    let (spec, _) = import_valid(&metadata(
        json!([
            { "name": "Content-Type", "in": "header", "schema": { "type": "string" } },
            { "name": "Id", "in": "formData", "schema": { "type": "string" } }
        ]),
        json!({}),
    ));
    assert_eq!(spec.actions[0].input.len(), 1);
    assert_eq!(input(&spec, "Id").location, Some(Placement::Body));
    let (path, message) = problem(import(&metadata(
        json!([{ "name": "x-acs-thing", "in": "header", "schema": { "type": "string" } }]),
        json!({}),
    )));
    assert_eq!(path, "$.apis.Act.parameters[0].in");
    assert!(
        message.contains("header parameters are not supported yet"),
        "{message}"
    );
}

#[test]
fn limits_that_do_not_fit_the_type_are_left_out() {
    let (spec, _) = import_valid(&metadata(
        json!([
            { "name": "Name", "in": "query", "schema": { "type": "string", "minimum": "1", "maxLength": 8 } },
            { "name": "On", "in": "query", "schema": { "type": "boolean", "maximum": "1" } },
            { "name": "Doc", "in": "query", "style": "json",
              "schema": { "type": "array", "items": { "type": "string" }, "maxItems": 5 } },
            { "name": "Tags", "in": "query", "style": "repeatList",
              "schema": { "type": "array", "items": { "type": "string" }, "maxItems": 5 } },
            { "name": "Size", "in": "query", "schema": { "type": "integer", "minimum": "1", "maxLength": 3 } }
        ]),
        json!({}),
    ));
    let limits = |name: &str| {
        let m = input(&spec, name);
        (m.min, m.max, m.max_length, m.max_items)
    };
    assert_eq!(limits("Name"), (None, None, Some(8), None));
    assert_eq!(limits("On"), (None, None, None, None));
    assert_eq!(limits("Doc"), (None, None, None, None));
    assert_eq!(limits("Tags"), (None, None, None, Some(5)));
    assert_eq!(limits("Size"), (Some(1.0), None, None, None));
}

#[test]
fn codes_without_a_variant_name_are_left_out() {
    let mut meta = metadata(json!([]), json!({}));
    meta["apis"]["Act"]["errorCodes"] = json!({
        "400": [ { "errorCode": "Bad.Thing" }, { "errorCode": "Other" }, { "errorCode": "..." } ],
        "404": [ { "errorCode": "Bad.Thing" }, { "errorCode": "NotFound" } ]
    });
    let (spec, _) = import_valid(&meta);
    let codes: Vec<&str> = spec.actions[0]
        .errors
        .iter()
        .map(|e| e.code.as_str())
        .collect();
    assert_eq!(codes, ["Bad.Thing", "NotFound"]);
}

#[test]
fn versions_that_are_not_dates_are_refused() {
    for version in [
        "2.0",
        "2019-13-01",
        "2021-09-31",
        "2019-02-29",
        "20190101",
        "2019-1-01",
    ] {
        let mut meta = metadata(json!([]), json!({}));
        meta["info"]["version"] = json!(version);
        let (path, message) = problem(import(&meta));
        assert_eq!(path, "$.info.version");
        assert!(
            message.contains("not a calendar date"),
            "{version}: {message}"
        );
    }
}

#[test]
fn non_rpc_metadata_is_refused_naming_its_style() {
    let mut meta = metadata(json!([]), json!({}));
    // ROA has its own importer (`import_alibaba_roa.rs`); other styles
    // would import as RPC and call the wrong protocol.
    meta["info"]["style"] = json!("V3");
    let (path, message) = problem(import(&meta));
    assert_eq!(path, "$.info.style");
    assert!(
        message.contains("info.style: V3") && message.contains("V3 products are not supported yet"),
        "{message}"
    );
}

/// Every RPC product of the extra metadata, and DTS: each imports, passes
/// `check` and generates. (`compile_sample.rs` compiles a sample of them.)
#[test]
fn every_rpc_product_imports_checks_and_generates() {
    let Some(dir) = test_support::vendor_meta("alibaba-more") else {
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files.extend(test_support::vendor_meta(
        "alibaba-dts-2020-01-01-meta.json",
    ));
    let mut rpc = 0;
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let style: Value = serde_json::from_str(&text).unwrap();
        if style["info"]["style"] != "RPC" {
            continue;
        }
        rpc += 1;
        let label = path.file_name().unwrap().to_string_lossy().into_owned();
        let spec = match import_alibaba(path, &text) {
            Ok(spec) => spec,
            Err(problems) => {
                failures.push(format!("{label}: import: {problems}"));
                continue;
            }
        };
        let name = format!("{}.json", spec.file_stem());
        let json = serde_json::to_string_pretty(&spec).unwrap();
        let service = match load_str(Path::new(&name), &json) {
            Ok(service) => service,
            Err(problems) => {
                failures.push(format!("{label}: check: {problems}"));
                continue;
            }
        };
        match generate(std::slice::from_ref(&service), |_| true) {
            Ok(files) if files.len() == 2 => {}
            Ok(files) => failures.push(format!("{label}: {} files generated", files.len())),
            Err(e) => failures.push(format!("{label}: generate: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(rpc, 13, "12 RPC products besides DTS");
}

#[test]
fn examples_out_of_their_integer_range_are_left_out() {
    let (spec, _) = import_valid(&metadata(
        json!([
            { "name": "Small", "in": "query",
              "schema": { "type": "integer", "format": "int32", "example": "3517972480" } },
            { "name": "Number", "in": "query",
              "schema": { "type": "integer", "format": "int32", "example": 9141300000_i64 } },
            { "name": "Big", "in": "query",
              "schema": { "type": "integer", "format": "int64", "example": "3517972480" } }
        ]),
        json!({}),
    ));
    assert_eq!(input(&spec, "Small").example, None);
    assert_eq!(input(&spec, "Number").example, None);
    assert_eq!(input(&spec, "Big").example, Some(json!(3517972480_i64)));
}

/// Oddities seen across the vendor's products, each of which used to make
/// an import fail or its output fail `check`.
#[test]
fn vendor_oddities_import_cleanly() {
    let mut meta = metadata(
        json!([{ "name": "Key", "in": "query",
                 "schema": { "type": "string", "maxLength": 9223372036854775807_i64 } }]),
        json!({ "endpoints": [
            { "regionId": "ap-southeast-3", "endpoint": "demo.ap-southeast-1.aliyuncs.com\t" }
        ] }),
    );
    meta["apis"]["Act"]["errorCodes"] = json!({ "999999": [ { "errorCode": "Weird" } ] });
    let (spec, _) = import_valid(&meta);
    assert_eq!(input(&spec, "Key").max_length, None, "no limit");
    assert_eq!(
        spec.endpoints
            .regions
            .get("ap-southeast-3")
            .map(String::as_str),
        Some("demo.ap-southeast-1.aliyuncs.com")
    );
    let error = &spec.actions[0].errors[0];
    assert_eq!((error.code.as_str(), error.http_status), ("Weird", None));
}

#[test]
fn action_names_a_spec_cannot_hold_are_refused() {
    let mut meta = metadata(json!([]), json!({}));
    let act = meta["apis"]["Act"].clone();
    meta["apis"]["createThing"] = act;
    let (path, message) = problem(import(&meta));
    assert_eq!(path, "$.apis.createThing");
    assert!(
        message.contains("not an UpperCamelCase identifier"),
        "{message}"
    );
}
