//! The Alibaba importer on ROA metadata: the real CS, SAE and EDAS files
//! (skipped with a line when `shared/vendor-meta` is missing) import as
//! valid ROA specs, and small inline files pin `$ref`, locations, methods,
//! root responses and the problems reported.

mod vendor_prose;

use std::path::Path;

use cloud_sdk_codegen::import::import_alibaba;
use cloud_sdk_codegen::spec::file::{HttpMethod, Location as Placement, Member, Protocol, Style};
use cloud_sdk_codegen::spec::SpecFile;
use cloud_sdk_codegen::{load_str, Location, Service};
use serde_json::{json, Value};

fn validate(spec: &SpecFile) -> Service {
    let text = serde_json::to_string_pretty(spec).unwrap();
    load_str(Path::new(&format!("{}.json", spec.file_stem())), &text)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn action<'a>(spec: &'a SpecFile, name: &str) -> &'a cloud_sdk_codegen::spec::file::Action {
    spec.actions
        .iter()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("no action {name}"))
}

fn member<'a>(members: &'a [Member], name: &str) -> &'a Member {
    members
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no member {name}"))
}

/// Imports `alibaba-more/<file>` and checks it validates, or `None` when
/// the vendor data is missing.
fn vendor(file: &str, actions: usize) -> Option<SpecFile> {
    let path = test_support::vendor_meta(&format!("alibaba-more/{file}"))?;
    let text = std::fs::read_to_string(&path).unwrap();
    let spec = import_alibaba(&path, &text).unwrap_or_else(|e| panic!("{file}: {e}"));
    assert_eq!(spec.protocol, Some(Protocol::Roa), "{file}");
    assert_eq!(spec.actions.len(), actions, "{file}");
    validate(&spec);
    let meta: Value = serde_json::from_str(&text).unwrap();
    let sentences =
        vendor_prose::sentences(&meta, &["description", "summary", "title", "errorMessage"]);
    vendor_prose::assert_no_vendor_prose(&spec, &sentences);
    Some(spec)
}

#[test]
fn cs_imports_as_a_valid_roa_spec() {
    let Some(spec) = vendor("cs-2015-12-15.json", 117) else {
        return;
    };
    let detail = action(&spec, "DescribeClusterDetail");
    assert_eq!(detail.method, Some(HttpMethod::Get));
    assert_eq!(detail.path.as_deref(), Some("/clusters/{ClusterId}"));
    let id = member(&detail.input, "ClusterId");
    assert_eq!((id.location, id.required), (Some(Placement::Path), true));

    let create = action(&spec, "CreateCluster");
    assert_eq!(create.method, Some(HttpMethod::Post));
    let body = member(&create.input, "body");
    assert_eq!(body.location, Some(Placement::Payload));
    assert_eq!(body.style, None);
    assert!(spec.types.iter().any(|t| t.name == body.ty), "{}", body.ty);

    let delete = action(&spec, "DeleteCluster");
    assert_eq!(delete.method, Some(HttpMethod::Delete));
    let retain = member(&delete.input, "retain_resources");
    assert_eq!((retain.location, retain.style), (None, Some(Style::Json)));

    // A body that is a list is one root member.
    let logs = action(&spec, "DescribeClusterLogs");
    assert_eq!(logs.output.len(), 1);
    assert!(logs.output[0].root && logs.output[0].required);
    assert!(
        logs.output[0].ty.starts_with("list<"),
        "{}",
        logs.output[0].ty
    );
    assert!(spec
        .actions
        .iter()
        .any(|a| a.method == Some(HttpMethod::Put)));
}

#[test]
fn sae_and_edas_import_with_form_bodies() {
    if let Some(spec) = vendor("sae-2019-05-06.json", 100) {
        let form = spec
            .actions
            .iter()
            .flat_map(|a| &a.input)
            .filter(|m| m.location == Some(Placement::Body))
            .count();
        assert!(form > 0, "sae has formData parameters");
    }
    if let Some(spec) = vendor("edas-2017-08-01.json", 158) {
        assert!(spec.errors_declared() > 0);
    }
}

trait Errors {
    fn errors_declared(&self) -> usize;
}

impl Errors for SpecFile {
    fn errors_declared(&self) -> usize {
        self.actions.iter().map(|a| a.errors.len()).sum()
    }
}

/// A small ROA file with every shape the importer handles.
fn small() -> Value {
    json!({
        "version": "1.0",
        "info": { "style": "ROA", "product": "Demo", "version": "2021-02-02" },
        "components": { "schemas": {
            "node": { "type": "object", "properties": {
                "name": { "type": "string" },
                "labels": { "type": "array", "items": { "$ref": "#/components/schemas/label" } }
            } },
            "label": { "type": "object", "properties": { "key": { "type": "string" } } }
        } },
        "apis": {
            "PatchNode": {
                "path": "/nodes/{NodeId}",
                "methods": ["patch", "put"],
                "parameters": [
                    { "name": "NodeId", "in": "path", "schema": { "type": "integer", "format": "int32" } },
                    { "name": "x-acs-trace", "in": "header", "schema": { "type": "string" } },
                    { "name": "names", "in": "query", "schema": { "type": "array", "items": { "type": "string" } } },
                    { "name": "body", "in": "body", "schema": { "$ref": "#/components/schemas/node" } }
                ],
                "responses": { "200": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/label" } } } },
                "errorCodes": { "404": [{ "errorCode": "NodeNotFound", "errorMessage": "gone" }] }
            },
            "GetCount": {
                "path": "/count",
                "methods": ["get"],
                "responses": { "200": { "schema": { "type": "integer" } } }
            }
        }
    })
}

fn import_value(value: &Value) -> Result<SpecFile, cloud_sdk_codegen::Diagnostics> {
    import_alibaba(Path::new("demo.json"), &value.to_string())
}

#[test]
fn a_small_roa_file_imports_every_location_and_root() {
    let spec = import_value(&small()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(spec.protocol, Some(Protocol::Roa));
    use cloud_sdk_codegen::spec::file::Signing;
    assert_eq!(spec.signing, [Signing::Acs3, Signing::RoaV1]);
    let patch = action(&spec, "PatchNode");
    assert_eq!(patch.method, Some(HttpMethod::Patch), "the first method");
    assert_eq!(patch.path.as_deref(), Some("/nodes/{NodeId}"));
    let id = member(&patch.input, "NodeId");
    assert_eq!(
        (id.ty.as_str(), id.location, id.required),
        ("i32", Some(Placement::Path), true)
    );
    assert_eq!(
        member(&patch.input, "x-acs-trace").location,
        Some(Placement::Header)
    );
    let names = member(&patch.input, "names");
    assert_eq!((names.location, names.style), (None, Some(Style::Json)));
    let body = member(&patch.input, "body");
    assert_eq!(body.location, Some(Placement::Payload));
    let node = spec.types.iter().find(|t| t.name == body.ty).unwrap();
    let labels = member(&node.members, "labels");
    assert!(labels.ty.starts_with("list<"), "{}", labels.ty);
    assert_eq!(patch.output.len(), 1);
    assert!(patch.output[0].root);
    assert_eq!(patch.errors[0].code, "NodeNotFound");
    assert_eq!(patch.errors[0].http_status, Some(404));
    assert!(patch.errors[0].docs.is_empty(), "no vendor message");
    let count = action(&spec, "GetCount");
    assert_eq!(count.output[0].ty, "i64");
    assert!(count.output[0].root);
    validate(&spec);
}

#[test]
fn broken_roa_files_say_where_and_why() {
    let mut looping = small();
    looping["components"]["schemas"]["label"] = json!({ "$ref": "#/components/schemas/label" });
    let problems = import_value(&looping).unwrap_err().0;
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("schema `label` contains itself")),
        "{problems:#?}"
    );

    let mut missing = small();
    missing["apis"]["GetCount"]
        .as_object_mut()
        .unwrap()
        .remove("path");
    let problems = import_value(&missing).unwrap_err().0;
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(
        problems[0].location,
        Location::Path("$.apis.GetCount".into())
    );
    assert!(
        problems[0].message.contains("path"),
        "{}",
        problems[0].message
    );

    let mut cookie = small();
    cookie["apis"]["PatchNode"]["parameters"][1]["in"] = json!("cookie");
    let problems = import_value(&cookie).unwrap_err().0;
    assert_eq!(
        problems[0].location,
        Location::Path("$.apis.PatchNode.parameters[1].in".into())
    );

    let mut dangling = small();
    dangling["apis"]["PatchNode"]["parameters"][3]["schema"] =
        json!({ "$ref": "#/components/schemas/nope" });
    let problems = import_value(&dangling).unwrap_err().0;
    assert!(
        problems[0].message.contains("names no schema"),
        "{problems:#?}"
    );
}
