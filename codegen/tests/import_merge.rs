//! Re-import: merging vendor facts into a spec people have edited.

mod common;

use std::path::{Path, PathBuf};

use common::Scratch;
use std::process::Command;

use cloud_sdk_codegen::import::{import_alibaba, import_tencent, merge};
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

/// Re-importing unchanged metadata changes nothing: the checked-in specs
/// are exactly the vendor's facts merged with our own words.
#[test]
fn checked_in_specs_are_stable_under_reimport() {
    type Import = fn(&Path, &str) -> Result<SpecFile, Diagnostics>;
    let (Some(tencent_2018), Some(tencent_2021), Some(alibaba)) = (
        vendor("tencent-dts-2018-03-30/api.json"),
        vendor("tencent-dts-2021-12-06/api.json"),
        vendor("alibaba-dts-2020-01-01-meta.json"),
    ) else {
        return;
    };
    let cases: [(&str, PathBuf, Import); 3] = [
        ("tencent-dts-2018-03-30", tencent_2018, import_tencent),
        ("tencent-dts-2021-12-06", tencent_2021, import_tencent),
        ("alibaba-dts-2020-01-01", alibaba, import_alibaba),
    ];
    for (stem, metadata, import) in cases {
        let text = std::fs::read_to_string(&metadata).unwrap();
        let imported = import(&metadata, &text).unwrap_or_else(|e| panic!("{e}"));
        let existing = checked_in(stem);
        let merged = merge(&existing, &imported).spec;
        // Same actions, members and types, in the same order, with the same
        // facts; compared as text so a failure shows where.
        let (want, got) = (spec::to_text(&existing), spec::to_text(&merged));
        if want != got {
            let line = want
                .lines()
                .zip(got.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "{stem}: re-import changes the checked-in spec at line {}:\n  checked in: {}\n  re-import:  {}\nrun `sdkgen import ... --into spec/services/{stem}.json` and review",
                line + 1,
                want.lines().nth(line).unwrap_or("<end>"),
                got.lines().nth(line).unwrap_or("<end>")
            );
        }
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
