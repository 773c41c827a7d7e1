//! The re-import workflow end to end, on modified copies of the vendors'
//! metadata: `sdkgen import … --into` reports the items whose vendor docs
//! changed and the new items without docs of ours, keeps hand-maintained
//! items, and `--vendor-docs` fills empty docs from the vendor's text.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Scratch;
use serde_json::{json, Value};

use cloud_sdk_codegen::import::{import_alibaba_report, import_tencent_report, VendorDocs};
use cloud_sdk_codegen::spec::{self, SpecFile};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Runs `sdkgen import <provider> <metadata> --into <spec> [extra]`,
/// returning stdout; panics with the output when it fails.
fn import_into(provider: &str, metadata: &Path, spec: &Path, extra: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(["import", provider])
        .arg(metadata)
        .arg("--into")
        .arg(spec)
        .args(extra)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn parse_spec(path: &Path) -> SpecFile {
    spec::parse(path, &std::fs::read_to_string(path).unwrap()).unwrap_or_else(|e| panic!("{e}"))
}

fn action<'a>(spec: &'a SpecFile, name: &str) -> Option<&'a cloud_sdk_codegen::spec::file::Action> {
    spec.actions.iter().find(|a| a.name == name)
}

/// Asserts that `stdout` holds each of `lines` as a whole line.
fn assert_lines(stdout: &str, lines: &[&str]) {
    for line in lines {
        assert!(
            stdout.lines().any(|l| l == *line),
            "no line {line:?} in:\n{stdout}"
        );
    }
}

/// The checked-in spec `stem`, with hand-maintained additions and one
/// unmarked member the vendor does not list, written to `scratch`.
fn edited_spec(scratch: &Scratch, stem: &str, action: &str, output: Value) -> PathBuf {
    let mut spec = read_json(&workspace().join(format!("spec/services/{stem}.json")));
    let actions = spec["actions"].as_array_mut().unwrap();
    let at = actions.iter().position(|a| a["name"] == action).unwrap();
    let input = actions[at]["input"].as_array_mut().unwrap();
    input.push(json!({
        "name": "OurExtraFlag", "type": "bool", "hand_maintained": true,
        "docs": "Our own flag, sent although the vendor does not list it."
    }));
    input.push(json!({ "name": "StaleFlag", "type": "bool" }));
    actions.insert(
        at + 1,
        json!({
            "name": "DescribeOurExtras", "hand_maintained": true,
            "docs": "An action the vendor's metadata does not list.",
            "output": output
        }),
    );
    spec["types"].as_array_mut().unwrap().push(json!({
        "name": "OurExtra", "hand_maintained": true, "docs": "What our extra action returns.",
        "members": [ { "name": "Value", "type": "string", "docs": "The value." } ]
    }));
    scratch.write(&format!("{stem}.json"), &spec.to_string())
}

fn checks_hand_maintained_items(merged: &SpecFile, action_name: &str) {
    let extras = action(merged, "DescribeOurExtras").expect("hand-maintained action kept");
    assert!(extras.hand_maintained);
    let at = merged
        .actions
        .iter()
        .position(|a| a.name == action_name)
        .unwrap();
    assert_eq!(
        merged.actions[at + 1].name,
        "DescribeOurExtras",
        "kept where it stood"
    );
    let input = &merged.actions[at].input;
    assert!(input
        .iter()
        .any(|m| m.name == "OurExtraFlag" && m.hand_maintained));
    assert!(
        !input.iter().any(|m| m.name == "StaleFlag"),
        "unmarked: removed"
    );
    assert!(merged
        .types
        .iter()
        .any(|t| t.name == "OurExtra" && t.hand_maintained));
}

#[test]
fn tencent_reimport_reports_what_to_rewrite() {
    let Some(vendor_file) = test_support::vendor_meta("tencent-dts-2021-12-06/api.json") else {
        return;
    };
    let scratch = Scratch::new("tencent-workflow");
    let stem = "tencent-dts-2021-12-06";
    let spec_path = edited_spec(
        &scratch,
        stem,
        "CreateMigrationService",
        json!([
            { "name": "Extra", "type": "OurExtra" },
            { "name": "RequestId", "type": "string", "required": true }
        ]),
    );
    let pinned = scratch.write(
        "pinned.json",
        &std::fs::read_to_string(&vendor_file).unwrap(),
    );

    // The first import records what the vendor says; nothing to compare yet.
    let first = import_into("tencent", &pinned, &spec_path, &[]);
    assert_lines(
        &first,
        &[
            "vendor docs: no record of the previous import to compare with; recorded this one",
            "note: kept the hand-maintained action `DescribeOurExtras`: the vendor does not list it",
            "note: kept the hand-maintained member of CreateMigrationService.input `OurExtraFlag`: the vendor does not list it",
            "note: dropped the member of CreateMigrationService.input `StaleFlag`: the vendor no longer lists it (to keep it, restore it with `\"hand_maintained\": true`)",
        ],
    );
    let digests = std::fs::read_to_string(scratch.path(&format!("{stem}.vendor-digests"))).unwrap();
    assert!(digests
        .lines()
        .any(|l| l.starts_with("CreateMigrationService.input.SrcRegion ")));
    checks_hand_maintained_items(&parse_spec(&spec_path), "CreateMigrationService");

    // The vendor rewrites two descriptions, adds an action, removes one.
    let mut metadata = read_json(&vendor_file);
    metadata["actions"]["CreateMigrationService"]["document"] = json!("改写过的说明。");
    let request = &mut metadata["objects"]["CreateMigrationServiceRequest"]["members"];
    let region = request
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|m| m["name"] == "SrcRegion")
        .unwrap();
    region["document"] = json!("改写过的地域说明");
    metadata["actions"]
        .as_object_mut()
        .unwrap()
        .remove("DescribeCompareTasks");
    for object in [
        "DescribeCompareTasksRequest",
        "DescribeCompareTasksResponse",
    ] {
        metadata["objects"].as_object_mut().unwrap().remove(object);
    }
    metadata["actions"]["DescribeWidgets"] = json!({
        "document": "新接口的说明。", "input": "DescribeWidgetsRequest",
        "name": "新接口", "output": "DescribeWidgetsResponse", "status": "online"
    });
    metadata["objects"]["DescribeWidgetsRequest"] = json!({
        "document": "", "type": "object", "members": [
            { "name": "WidgetId", "type": "string", "member": "string", "required": true,
              "document": "部件编号", "example": "w-1" } ] });
    metadata["objects"]["DescribeWidgetsResponse"] = json!({
        "document": "", "type": "object", "members": [
            { "name": "RequestId", "type": "string", "member": "string",
              "document": "请求编号" } ] });
    let modified = scratch.write("api.json", &metadata.to_string());

    let stdout = import_into("tencent", &modified, &spec_path, &[]);
    assert_lines(
        &stdout,
        &[
            "BREAKING  DescribeCompareTasks: action removed (method `describe_compare_tasks` and module `describe_compare_tasks` removed)",
            "vendor docs changed since the previous import: 2 (check that ours still hold)",
            "  changed   CreateMigrationService",
            "  changed   CreateMigrationService.input.SrcRegion",
            "new items without docs of ours: 3 (write them)",
            "  undocumented  DescribeWidgets",
            "  undocumented  DescribeWidgets.input.WidgetId",
            "  undocumented  DescribeWidgets.output.RequestId",
            "note: dropped the action `DescribeCompareTasks` with its documentation: the vendor no longer lists it (to keep it, restore it with `\"hand_maintained\": true`)",
        ],
    );
    let changelog_at = stdout.find("tencent dts 2021-12-06 -> 2021-12-06").unwrap();
    let report_at = stdout.find("vendor docs changed").unwrap();
    assert!(changelog_at < report_at, "the report follows the changelog");

    let merged = parse_spec(&spec_path);
    assert!(action(&merged, "DescribeCompareTasks").is_none());
    let widgets = action(&merged, "DescribeWidgets").expect("new action merged");
    assert!(
        widgets.docs.is_empty(),
        "no vendor prose without --vendor-docs"
    );
    let create = action(&merged, "CreateMigrationService").unwrap();
    let ours = parse_spec(&workspace().join(format!("spec/services/{stem}.json")));
    assert_eq!(
        create.docs,
        action(&ours, "CreateMigrationService").unwrap().docs,
        "our docs are kept, whatever the vendor rewrote"
    );
    checks_hand_maintained_items(&merged, "CreateMigrationService");

    // A second run with the same metadata has nothing new to say; with
    // `--vendor-docs` it fills the empty docs from the vendor's text.
    let again = import_into("tencent", &modified, &spec_path, &["--vendor-docs"]);
    assert_lines(
        &again,
        &[
            "vendor docs changed since the previous import: 0",
            "new items without docs of ours: 0",
        ],
    );
    let filled = parse_spec(&spec_path);
    let widgets = action(&filled, "DescribeWidgets").unwrap();
    assert_eq!(widgets.docs, "新接口的说明。");
    assert_eq!(widgets.input[0].docs, "部件编号");
    assert_eq!(
        action(&filled, "CreateMigrationService").unwrap().docs,
        create.docs,
        "only empty docs are filled"
    );
}

#[test]
fn alibaba_reimport_reports_what_to_rewrite() {
    let Some(vendor_file) = test_support::vendor_meta("alibaba-dts-2020-01-01-meta.json") else {
        return;
    };
    let scratch = Scratch::new("alibaba-workflow");
    let stem = "alibaba-dts-2020-01-01";
    let spec_path = edited_spec(
        &scratch,
        stem,
        "DescribeDtsJobs",
        json!([
            { "name": "Extra", "type": "OurExtra" },
            { "name": "RequestId", "type": "string", "required": true }
        ]),
    );
    let pinned = scratch.write(
        "pinned.json",
        &std::fs::read_to_string(&vendor_file).unwrap(),
    );
    let first = import_into("alibaba", &pinned, &spec_path, &[]);
    assert_lines(
        &first,
        &["vendor docs: no record of the previous import to compare with; recorded this one"],
    );
    checks_hand_maintained_items(&parse_spec(&spec_path), "DescribeDtsJobs");

    let mut metadata = read_json(&vendor_file);
    let apis = metadata["apis"].as_object_mut().unwrap();
    apis["DescribeDtsJobs"]["summary"] = json!("Lists the tasks, in other words.");
    apis["DescribeDtsJobs"]["parameters"][0]["schema"]["description"] =
        json!("A rewritten description of the query type.");
    assert_eq!(apis["DescribeDtsJobs"]["parameters"][0]["name"], "Type");
    apis.remove("ShieldPrecheck").unwrap();
    apis.insert(
        "DescribeWidgets".to_owned(),
        json!({
            "summary": "Describes the widgets.", "methods": ["post"],
            "parameters": [ { "name": "WidgetId", "in": "query", "schema": {
                "description": "The ID of the widget.", "type": "string", "required": true } } ],
            "responses": { "200": { "schema": { "type": "object", "properties": {
                "RequestId": { "description": "The ID of the request.", "type": "string" } } } } }
        }),
    );
    let modified = scratch.write("api-docs.json", &metadata.to_string());

    let stdout = import_into("alibaba", &modified, &spec_path, &[]);
    assert_lines(
        &stdout,
        &[
            "BREAKING  ShieldPrecheck: action removed (method `shield_precheck` and module `shield_precheck` removed)",
            "vendor docs changed since the previous import: 2 (check that ours still hold)",
            "  changed   DescribeDtsJobs",
            "  changed   DescribeDtsJobs.input.Type",
            "new items without docs of ours: 3 (write them)",
            "  undocumented  DescribeWidgets",
            "  undocumented  DescribeWidgets.input.WidgetId",
            "  undocumented  DescribeWidgets.output.RequestId",
        ],
    );
    let merged = parse_spec(&spec_path);
    assert!(action(&merged, "ShieldPrecheck").is_none());
    assert!(action(&merged, "DescribeWidgets").unwrap().docs.is_empty());
    checks_hand_maintained_items(&merged, "DescribeDtsJobs");

    // `--vendor-docs` takes the English text of the EN_US metadata.
    import_into("alibaba", &modified, &spec_path, &["--vendor-docs"]);
    let filled = parse_spec(&spec_path);
    let widgets = action(&filled, "DescribeWidgets").unwrap();
    assert_eq!(widgets.docs, "Describes the widgets.");
    assert_eq!(widgets.input[0].docs, "The ID of the widget.");
}

/// The text of every item's `docs` in `spec`, by the paths [`VendorDocs`]
/// uses.
fn docs_by_path(spec: &SpecFile) -> Vec<(String, &str)> {
    let mut found = Vec::new();
    for action in &spec.actions {
        found.push((action.name.clone(), action.docs.as_str()));
        for (direction, members) in [("input", &action.input), ("output", &action.output)] {
            for m in members {
                found.push((
                    format!("{}.{direction}.{}", action.name, m.name),
                    m.docs.as_str(),
                ));
            }
        }
    }
    for ty in &spec.types {
        found.push((format!("types.{}", ty.name), ty.docs.as_str()));
        for m in &ty.members {
            found.push((format!("types.{}.{}", ty.name, m.name), m.docs.as_str()));
        }
    }
    found
}

fn collapsed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Panics naming every docs text of `spec` that is a vendor description
/// of `vendor` (what `--vendor-docs` would have written), at any path.
fn assert_no_vendor_docs(stem: &str, spec: &SpecFile, vendor: &VendorDocs) {
    let vendor_texts: std::collections::HashSet<String> =
        vendor.iter().map(|(_, text)| collapsed(text)).collect();
    assert!(vendor_texts.len() > 100, "{stem}: too few vendor texts");
    let copied: Vec<String> = docs_by_path(spec)
        .into_iter()
        .filter(|(_, docs)| !docs.is_empty() && vendor_texts.contains(&collapsed(docs)))
        .map(|(path, _)| path)
        .collect();
    assert!(
        copied.is_empty(),
        "{stem}: docs copied from the vendor's descriptions (`--vendor-docs` is for local SDKs only): {copied:?}"
    );
}

/// The project's specs never hold the vendor's descriptions.
#[test]
fn checked_in_specs_hold_no_vendor_descriptions() {
    let checked_in =
        |stem: &str| parse_spec(&workspace().join(format!("spec/services/{stem}.json")));
    for stem in ["tencent-dts-2018-03-30", "tencent-dts-2021-12-06"] {
        let Some(file) = test_support::vendor_meta(&format!("{stem}/api.json")) else {
            return;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        let vendor = import_tencent_report(&file, &text).unwrap().vendor_docs;
        assert_no_vendor_docs(stem, &checked_in(stem), &vendor);
    }
    for language in ["meta.json", "meta.zh-CN.json"] {
        let Some(file) = test_support::vendor_meta(&format!("alibaba-dts-2020-01-01-{language}"))
        else {
            return;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        let vendor = import_alibaba_report(&file, &text).unwrap().vendor_docs;
        assert_no_vendor_docs(language, &checked_in("alibaba-dts-2020-01-01"), &vendor);
    }
}

/// The check above can fail: a spec filled with `--vendor-docs` is caught.
#[test]
fn a_spec_filled_with_vendor_docs_is_caught() {
    let Some(file) = test_support::vendor_meta("alibaba-dts-2020-01-01-meta.json") else {
        return;
    };
    let text = std::fs::read_to_string(&file).unwrap();
    let import = import_alibaba_report(&file, &text).unwrap();
    let mut spec = import.spec;
    assert!(import.vendor_docs.fill_empty_docs(&mut spec) > 1000);
    let caught = std::panic::catch_unwind(|| {
        assert_no_vendor_docs("filled", &spec, &import.vendor_docs);
    });
    assert!(caught.is_err());
}
