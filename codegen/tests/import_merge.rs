//! Re-import: merging vendor facts into a spec people have edited.

mod common;

use std::path::{Path, PathBuf};

use common::Scratch;
use std::process::Command;

use cloud_sdk_codegen::import::{
    digest_path, import_alibaba_report, import_tencent_report, merge, VendorDocs,
};
use cloud_sdk_codegen::spec;
use cloud_sdk_codegen::spec::file::{Deprecation, Member, SpecFile};
use cloud_sdk_codegen::Diagnostics;
use serde_json::{json, Value};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn checked_in(stem: &str) -> SpecFile {
    let path = workspace().join(format!("spec/services/{stem}.json"));
    let text = std::fs::read_to_string(&path).unwrap();
    spec::parse(&path, &text).unwrap_or_else(|e| panic!("{e}"))
}

/// A file of the vendors' metadata, or `None` (the test skips) when it is
/// not beside the repository.
fn vendor(relative: &str) -> Option<PathBuf> {
    test_support::vendor_meta(relative)
}

fn spec_from(value: Value) -> SpecFile {
    serde_json::from_value(value).unwrap()
}

fn member<'a>(members: &'a [Member], name: &str) -> &'a Member {
    members
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no member {name}"))
}

/// The pinned metadata of each checked-in spec, and its importer.
type Import = fn(&Path, &str) -> Result<(SpecFile, VendorDocs), Diagnostics>;

fn pinned() -> Option<[(&'static str, PathBuf, Import); 3]> {
    let tencent: Import = |path, text| {
        import_tencent_report(path, text).map(|import| (import.spec, import.vendor_docs))
    };
    let alibaba: Import = |path, text| {
        import_alibaba_report(path, text).map(|import| (import.spec, import.vendor_docs))
    };
    Some([
        (
            "tencent-dts-2018-03-30",
            vendor("tencent-dts-2018-03-30/api.json")?,
            tencent,
        ),
        (
            "tencent-dts-2021-12-06",
            vendor("tencent-dts-2021-12-06/api.json")?,
            tencent,
        ),
        (
            "alibaba-dts-2020-01-01",
            vendor("alibaba-dts-2020-01-01-meta.json")?,
            alibaba,
        ),
    ])
}

fn import_pinned(metadata: &Path, import: Import) -> (SpecFile, VendorDocs) {
    let text = std::fs::read_to_string(metadata).unwrap();
    import(metadata, &text).unwrap_or_else(|e| panic!("{e}"))
}

/// What re-importing `imported` would change in `existing`: the first line
/// that differs, or `None`. Compared as text so a failure shows where.
fn reimport_changes(existing: &SpecFile, imported: &SpecFile) -> Option<String> {
    let merged = merge(existing, imported).spec;
    let (want, got) = (spec::to_text(existing), spec::to_text(&merged));
    if want == got {
        return None;
    }
    let line = want
        .lines()
        .zip(got.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(0);
    Some(format!(
        "line {}:\n  checked in: {}\n  re-import:  {}",
        line + 1,
        want.lines().nth(line).unwrap_or("<end>"),
        got.lines().nth(line).unwrap_or("<end>")
    ))
}

/// Re-importing unchanged metadata changes nothing: the checked-in specs
/// are exactly the vendor's facts merged with our own words, and their
/// digest files are the record of that metadata.
#[test]
fn checked_in_specs_are_stable_under_reimport() {
    let Some(cases) = pinned() else {
        return;
    };
    for (stem, metadata, import) in cases {
        let (imported, vendor_docs) = import_pinned(&metadata, import);
        let spec_path = workspace().join(format!("spec/services/{stem}.json"));
        let rerun = format!("run `sdkgen import ... --into spec/services/{stem}.json` and review");
        if let Some(change) = reimport_changes(&checked_in(stem), &imported) {
            panic!("{stem}: re-import changes the checked-in spec at {change}\n{rerun}");
        }
        let digests = digest_path(&spec_path);
        let recorded = std::fs::read_to_string(&digests)
            .unwrap_or_else(|e| panic!("{}: {e}; {rerun}", digests.display()));
        assert!(
            recorded == vendor_docs.digests().to_text(),
            "{}: not the record of the pinned metadata; {rerun}",
            digests.display()
        );
    }
}

/// The guard above keeps a user's legitimate edits (docs, enumerations,
/// overrides, hand-maintained items) and catches what a re-import would
/// undo: an unmarked item the vendor does not list, a contradicting type.
#[test]
fn the_stability_guard_keeps_legitimate_edits() {
    let Some([(stem, metadata, import), ..]) = pinned() else {
        return;
    };
    let (imported, _) = import_pinned(&metadata, import);
    let edit = |change: &dyn Fn(&mut Value)| {
        let mut value = serde_json::to_value(checked_in(stem)).unwrap();
        change(&mut value);
        spec_from(value)
    };
    let first_string_member = |value: &mut Value| -> (usize, usize) {
        let actions = value["actions"].as_array().unwrap();
        actions
            .iter()
            .enumerate()
            .find_map(|(a, action)| {
                let input = action["input"].as_array()?;
                let m = input
                    .iter()
                    .position(|m| m["type"] == "string" && m.get("rust_name").is_none())?;
                Some((a, m))
            })
            .unwrap()
    };
    let legitimate = edit(&|spec| {
        let (a, m) = first_string_member(spec);
        let member = &mut spec["actions"][a]["input"][m];
        member["docs"] = json!("Our rewritten words.");
        member["type"] = json!("OurChoice");
        spec["actions"][a]["rust_name"] = json!("our_renamed_action");
        spec["actions"][a]["input"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "name": "OurFlag", "type": "bool", "hand_maintained": true }));
        spec["enums"].as_array_mut().unwrap().push(json!({
            "name": "OurChoice", "type": "string", "values": [ { "value": "a" } ]
        }));
        spec["actions"].as_array_mut().unwrap().push(json!({
            "name": "DescribeOurExtras", "hand_maintained": true,
            "output": [ { "name": "Extra", "type": "OurExtra" } ]
        }));
        spec["types"].as_array_mut().unwrap().push(json!({
            "name": "OurExtra", "hand_maintained": true,
            "members": [ { "name": "Value", "type": "string" } ]
        }));
    });
    assert_eq!(reimport_changes(&legitimate, &imported), None);

    let unmarked_action = edit(&|spec| {
        spec["actions"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "name": "DescribeOurExtras" }));
    });
    let contradicting_type = edit(&|spec| {
        let (a, m) = first_string_member(spec);
        spec["actions"][a]["input"][m]["type"] = json!("bool");
    });
    for caught in [unmarked_action, contradicting_type] {
        assert!(reimport_changes(&caught, &imported).is_some());
    }
}

/// The checked-in specs cover every action the metadata lists.
#[test]
fn checked_in_specs_are_complete() {
    for (stem, actions) in [
        ("tencent-dts-2018-03-30", 22),
        ("tencent-dts-2021-12-06", 84),
        ("alibaba-dts-2020-01-01", 123),
    ] {
        assert_eq!(checked_in(stem).actions.len(), actions, "{stem}");
    }
}

fn existing() -> SpecFile {
    spec_from(json!({
        "$schema": "../spec.schema.json",
        "format": 1, "provider": "tencent", "service": "demo", "version": "2020-01-01",
        "title": "Demo", "docs": "Our words about the service.",
        "signing": ["tc3"],
        "endpoints": {
            "default": "demo.tencentcloudapi.com",
            "finance": { "ap-shanghai-fsi": "demo.ap-shanghai-fsi.tencentcloudapi.com" }
        },
        "actions": [
            {
                "name": "DescribeJobs", "rust_name": "list_jobs", "docs": "Lists jobs.",
                "deprecated": "use DescribeTasks", "rate_limit": 50,
                "input": [
                    { "name": "Limit", "type": "i64", "docs": "Page size.", "min": 1, "max": 100, "example": 20 },
                    { "name": "Order", "type": "SortOrder", "docs": "Sort order." },
                    { "name": "Kind", "type": "JobKind" },
                    { "name": "Gone", "type": "string", "docs": "Removed by the vendor." },
                    { "name": "AccessKey", "type": "string", "sensitive": true }
                ],
                "output": [
                    { "name": "Jobs", "type": "list<Job>" },
                    { "name": "RequestId", "type": "string", "required": true }
                ],
                "errors": [ { "code": "FailedOperation.Busy", "docs": "Try later." } ]
            },
            { "name": "Retired", "docs": "The vendor dropped it." }
        ],
        "types": [
            { "name": "Job", "docs": "A job.", "members": [
                { "name": "Status", "type": "JobStatus", "docs": "Where the job is." },
                { "name": "Created", "type": "datetime" },
                { "name": "Load", "type": "f64", "docs": "Percent, with a fraction." }
            ] },
            { "name": "OnlyRetiredUsedThis", "members": [ { "name": "X", "type": "string" } ] }
        ],
        "enums": [
            { "name": "SortOrder", "type": "string", "values": [ { "value": "ASC" }, { "value": "DESC" } ] },
            { "name": "JobStatus", "type": "integer", "values": [ { "value": 1, "name": "Running" } ] },
            { "name": "JobKind", "type": "integer", "values": [ { "value": 1, "name": "Full" } ] },
            { "name": "Unused", "type": "string", "values": [ { "value": "a" } ] }
        ]
    }))
}

fn imported() -> SpecFile {
    spec_from(json!({
        "$schema": "../spec.schema.json",
        "format": 1, "provider": "tencent", "service": "demo", "version": "2020-01-01",
        "signing": ["tc3", "tencent-v1"],
        "endpoints": {
            "default": "demo.tencentcloudapi.com",
            "regional": "demo.{region}.tencentcloudapi.com"
        },
        "actions": [
            { "name": "CreateJob", "input": [ { "name": "Name", "type": "string", "required": true } ] },
            {
                "name": "DescribeJobs", "deprecated": true,
                "input": [
                    { "name": "Offset", "type": "i64", "example": 0 },
                    { "name": "Limit", "type": "i64", "required": true, "example": 10 },
                    { "name": "Order", "type": "string" },
                    { "name": "Kind", "type": "string" },
                    { "name": "AccessKey", "type": "string", "sensitive": false }
                ],
                "output": [
                    { "name": "Jobs", "type": "list<Job>", "nullable": true },
                    { "name": "RequestId", "type": "string", "required": true }
                ]
            }
        ],
        "types": [
            { "name": "Job", "members": [
                { "name": "Created", "type": "string", "required": true },
                { "name": "Status", "type": "u64" },
                { "name": "Load", "type": "i64" }
            ] }
        ]
    }))
}

#[test]
fn vendor_decides_what_exists_and_its_facts() {
    let merged = merge(&existing(), &imported()).spec;
    let names: Vec<_> = merged.actions.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        ["CreateJob", "DescribeJobs"],
        "vendor order, Retired gone"
    );
    let describe = &merged.actions[1];
    let inputs: Vec<_> = describe.input.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(inputs, ["Offset", "Limit", "Order", "Kind", "AccessKey"]);
    assert!(
        member(&describe.input, "Limit").required,
        "requiredness is the vendor's"
    );
    assert!(member(&describe.output, "Jobs").nullable);
    assert!(member(&merged.types[0].members, "Created").required);
    assert_eq!(
        merged.endpoints.regional.as_deref(),
        Some("demo.{region}.tencentcloudapi.com")
    );
}

#[test]
fn our_words_and_choices_survive() {
    let merged = merge(&existing(), &imported()).spec;
    assert_eq!(merged.title, "Demo");
    assert_eq!(merged.docs, "Our words about the service.");
    assert_eq!(merged.signing.len(), 1, "signing is our choice");
    assert!(merged.endpoints.finance.contains_key("ap-shanghai-fsi"));

    let describe = &merged.actions[1];
    assert_eq!(describe.docs, "Lists jobs.");
    assert_eq!(describe.rust_name.as_deref(), Some("list_jobs"));
    assert_eq!(describe.rate_limit, Some(50));
    assert_eq!(
        describe.deprecated,
        Deprecation::Note("use DescribeTasks".into()),
        "our note says what to use instead"
    );
    assert_eq!(
        describe.errors.len(),
        1,
        "codes the vendor does not list stay"
    );
    assert_eq!(describe.errors[0].docs, "Try later.");

    let limit = member(&describe.input, "Limit");
    assert_eq!(limit.docs, "Page size.");
    assert_eq!((limit.min, limit.max), (Some(1.0), Some(100.0)));
    assert_eq!(limit.example, Some(json!(20)), "our example wins");
    assert_eq!(member(&describe.input, "Offset").example, Some(json!(0)));
    assert_eq!(member(&describe.input, "AccessKey").sensitive, Some(true));
}

#[test]
fn refining_types_survive_and_contradicting_ones_do_not() {
    let merged = merge(&existing(), &imported());
    let spec = &merged.spec;
    let describe = &spec.actions[1];
    assert_eq!(
        member(&describe.input, "Order").ty,
        "SortOrder",
        "string enum over string"
    );
    assert_eq!(
        member(&describe.input, "Kind").ty,
        "string",
        "integer enum is not a string"
    );
    let job = &spec.types[0].members;
    assert_eq!(
        member(job, "Status").ty,
        "JobStatus",
        "integer enum over u64"
    );
    assert_eq!(
        member(job, "Created").ty,
        "datetime",
        "datetime over string"
    );
    assert_eq!(member(job, "Load").ty, "f64", "f64 over an integer");
    assert_eq!(spec.types[0].docs, "A job.");
    assert!(merged
        .notes
        .iter()
        .any(|n| n.contains("DescribeJobs.input.Order") && n.contains("kept")));
}

#[test]
fn what_nothing_uses_any_more_is_dropped_and_noted() {
    let merged = merge(&existing(), &imported());
    let types: Vec<_> = merged.spec.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(types, ["Job"]);
    let enums: Vec<_> = merged.spec.enums.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        enums,
        ["SortOrder", "JobStatus"],
        "JobKind lost its member, Unused had none"
    );
    for expected in [
        "action `Retired`",
        "member of DescribeJobs.input `Gone`",
        "type `OnlyRetiredUsedThis`",
        "enumeration `JobKind`",
        "enumeration `Unused`",
    ] {
        assert!(
            merged.notes.iter().any(|n| n.contains(expected)),
            "no note about {expected}: {:#?}",
            merged.notes
        );
    }
}

#[test]
fn merging_twice_changes_nothing() {
    let once = merge(&existing(), &imported()).spec;
    let twice = merge(&once, &imported());
    assert_eq!(twice.spec, once);
}

/// The user's path: the vendor changes its metadata, `import --into`
/// merges it into the checked-in spec and reports the changes.
#[test]
fn reimport_of_modified_metadata_reports_and_keeps_our_docs() {
    let Some(vendor_file) = vendor("tencent-dts-2021-12-06/api.json") else {
        return;
    };
    let scratch = Scratch::new("cli");
    let mut metadata: Value =
        serde_json::from_str(&std::fs::read_to_string(vendor_file).unwrap()).unwrap();
    let request = metadata["objects"]["CreateMigrationServiceRequest"]["members"]
        .as_array_mut()
        .unwrap();
    request.push(json!({
        "name": "ProjectName", "type": "string", "member": "string", "required": true,
        "document": "", "example": "demo"
    }));
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
    let metadata_path = scratch.write("api.json", &metadata.to_string());
    let spec_path = scratch.path("tencent-dts-2021-12-06.json");
    std::fs::copy(
        workspace().join("spec/services/tencent-dts-2021-12-06.json"),
        &spec_path,
    )
    .unwrap();

    let output = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(["import", "tencent"])
        .arg(&metadata_path)
        .arg("--into")
        .arg(&spec_path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("tencent dts 2021-12-06 -> 2021-12-06: 3 changes, 3 breaking"),
        "{stdout}"
    );
    // With `DescribeCompareTasks` gone, only one action uses the type.
    assert!(
        stdout.contains(
            "BREAKING  types.CompareTaskItem: module types::CompareTaskItem -> describe_sync_compare_tasks::CompareTaskItem"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("BREAKING  DescribeCompareTasks: action removed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("BREAKING  CreateMigrationService.input.ProjectName: member added"),
        "{stdout}"
    );

    let written = std::fs::read_to_string(&spec_path).unwrap();
    let merged = spec::parse(&spec_path, &written).unwrap();
    assert!(!merged
        .actions
        .iter()
        .any(|a| a.name == "DescribeCompareTasks"));
    let create = merged
        .actions
        .iter()
        .find(|a| a.name == "CreateMigrationService")
        .unwrap();
    assert!(member(&create.input, "ProjectName").required);
    assert!(
        !create.docs.is_empty(),
        "our docs of the seed action survive"
    );
    assert_eq!(member(&create.input, "SrcDatabaseType").ty, "DatabaseType");
}

#[test]
fn an_invalid_merge_leaves_the_spec_file_alone() {
    let Some(other_version) = vendor("tencent-dts-2018-03-30/api.json") else {
        return;
    };
    let scratch = Scratch::new("invalid");
    let original =
        std::fs::read_to_string(workspace().join("spec/services/tencent-dts-2021-12-06.json"))
            .unwrap();
    let spec_path = scratch.write("tencent-dts-2021-12-06.json", &original);
    // A metadata file for another version: the merged spec no longer
    // matches the file name, so it must not be written.
    let output = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(["import", "tencent"])
        .arg(other_version)
        .arg("--into")
        .arg(&spec_path)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is unchanged"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&spec_path).unwrap(), original);
}

/// A deprecation people wrote where the vendor states none is kept, with a
/// note, on actions, types and members alike.
#[test]
fn hand_written_deprecations_survive_with_a_note() {
    let mut old = existing();
    old.actions[0].input[0].deprecated = Deprecation::Note("use PageSize".into());
    old.types[0].members[1].deprecated = Deprecation::Flag(true);
    old.types[0].deprecated = Deprecation::Flag(true);
    let mut fresh = imported();
    fresh.actions[1].deprecated = Deprecation::Flag(false);

    let merged = merge(&old, &fresh);
    let describe = &merged.spec.actions[1];
    assert_eq!(
        describe.deprecated,
        Deprecation::Note("use DescribeTasks".into())
    );
    assert_eq!(
        member(&describe.input, "Limit").deprecated,
        Deprecation::Note("use PageSize".into())
    );
    let job = &merged.spec.types[0];
    assert_eq!(job.deprecated, Deprecation::Flag(true));
    assert_eq!(
        member(&job.members, "Created").deprecated,
        Deprecation::Flag(true)
    );
    for at in [
        "DescribeJobs:",
        "DescribeJobs.input.Limit:",
        "types.Job:",
        "types.Job.Created:",
    ] {
        assert!(
            merged
                .notes
                .iter()
                .any(|n| n.starts_with(at) && n.contains("kept the hand-written deprecation")),
            "no note for {at}: {:#?}",
            merged.notes
        );
    }

    // Where the vendor deprecates too, no note is needed.
    let merged = merge(&existing(), &imported());
    assert!(!merged.notes.iter().any(|n| n.contains("deprecation")));
}

/// A type the import now names differently (a better naming rule, or two
/// equal structures shared) keeps what people wrote: types are followed by
/// where they are used, not only by name.
#[test]
fn renamed_types_keep_their_docs() {
    let spec = |types: Value, first: &str, second: &str| {
        spec_from(json!({
            "format": 1, "provider": "alibaba", "service": "Demo", "version": "2020-01-01",
            "signing": ["acs3"], "endpoints": { "default": "demo.aliyuncs.com" },
            "actions": [
                { "name": "DescribeA", "output": [ { "name": "Endpoint", "type": first } ] },
                { "name": "DescribeB", "output": [ { "name": "Endpoint", "type": second } ] }
            ],
            "types": types
        }))
    };
    let existing = spec(
        json!([
            { "name": "DescribeAResponseEndpoint", "docs": "Where A connects.", "members": [
                { "name": "Host", "type": "string", "docs": "Host name." },
                { "name": "Port", "type": "i64" } ] },
            { "name": "DescribeBResponseEndpoint", "members": [
                { "name": "Host", "type": "string" },
                { "name": "Port", "type": "i64", "docs": "Port number." } ] }
        ]),
        "DescribeAResponseEndpoint",
        "DescribeBResponseEndpoint",
    );
    let imported = spec(
        json!([ { "name": "Endpoint", "members": [
            { "name": "Host", "type": "string" }, { "name": "Port", "type": "i64" } ] } ]),
        "Endpoint",
        "Endpoint",
    );
    let merged = merge(&existing, &imported);
    assert_eq!(merged.spec.types.len(), 1);
    let endpoint = &merged.spec.types[0];
    assert_eq!(endpoint.name, "Endpoint");
    assert_eq!(endpoint.docs, "Where A connects.");
    assert_eq!(member(&endpoint.members, "Host").docs, "Host name.");
    assert_eq!(member(&endpoint.members, "Port").docs, "Port number.");
    assert!(
        merged.notes.iter().any(|n| n
            == "types.Endpoint: renamed from `DescribeAResponseEndpoint`, `DescribeBResponseEndpoint`"),
        "{:?}",
        merged.notes
    );
}

/// Hand-maintained actions, members and types the vendor does not list
/// stay where they stood, with a note; one the vendor lists takes its facts.
#[test]
fn hand_maintained_items_survive_with_a_note() {
    let mut old = existing();
    old.actions[1].hand_maintained = true; // Retired
    old.actions[0].input[3].hand_maintained = true; // Gone
    old.types[1].hand_maintained = true; // OnlyRetiredUsedThis
    old.actions[0].input[1].hand_maintained = true; // Order, which the vendor lists
    let merged = merge(&old, &imported());
    let names: Vec<_> = merged
        .spec
        .actions
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, ["CreateJob", "DescribeJobs", "Retired"]);
    let inputs: Vec<_> = merged.spec.actions[1]
        .input
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(
        inputs,
        ["Offset", "Limit", "Order", "Kind", "Gone", "AccessKey"]
    );
    assert!(merged
        .spec
        .types
        .iter()
        .any(|t| t.name == "OnlyRetiredUsedThis"));
    for expected in [
        "kept the hand-maintained action `Retired`: the vendor does not list it",
        "kept the hand-maintained member of DescribeJobs.input `Gone`: the vendor does not list it",
        "kept the hand-maintained type `OnlyRetiredUsedThis`: the vendor does not list it",
        "DescribeJobs.input.Order: the vendor now lists this hand-maintained entry",
    ] {
        assert!(
            merged.notes.iter().any(|n| n.contains(expected)),
            "no note {expected:?}: {:#?}",
            merged.notes
        );
    }
    assert!(
        !merged
            .notes
            .iter()
            .any(|n| n.starts_with("dropped the hand-written type")),
        "{:#?}",
        merged.notes
    );
    assert_eq!(merge(&merged.spec, &imported()).spec, merged.spec);
}
