//! Re-importing unchanged Tencent metadata changes nothing: the two causes
//! that the sweep of every tccli service version found (dead types of
//! offline actions; float examples rewritten in their last digit), each on
//! small metadata. `scripts/sweep-tencent.sh` checks all 300 versions.

use std::path::Path;

use cloud_sdk_codegen::import::{import_tencent_report, merge};
use cloud_sdk_codegen::spec;
use serde_json::{json, Value};

const FILE: &str = "api.json";

fn metadata() -> Value {
    json!({
        "version": "1.0",
        "metadata": { "apiVersion": "2020-01-01", "serviceShortName": "demo" },
        "actions": {
            "Measure": { "input": "MeasureRequest", "output": "MeasureResponse", "status": "online" },
            "Gone": { "input": "GoneRequest", "output": "GoneResponse", "status": "offline" }
        },
        "objects": {
            "MeasureRequest": { "type": "object", "members": [
                { "name": "Point", "type": "object", "member": "Point", "required": true }
            ] },
            "MeasureResponse": { "type": "object", "members": [
                { "name": "Score", "type": "float", "member": "float", "example": "-0.16999949956523785" },
                { "name": "RequestId", "type": "string", "member": "string" }
            ] },
            "GoneRequest": { "type": "object", "members": [
                { "name": "Old", "type": "object", "member": "OldThing" }
            ] },
            "GoneResponse": { "type": "object", "members": [] },
            "Point": { "usage": "in", "members": [
                { "name": "Inner", "type": "list", "member": "Inner" }
            ] },
            "Inner": { "usage": "in", "members": [
                { "name": "X", "type": "float", "member": "float", "example": "0.30000000000000004" }
            ] },
            "OldThing": { "usage": "in", "members": [
                { "name": "Kept", "type": "object", "member": "OldPart" }
            ] },
            "OldPart": { "usage": "in", "members": [] }
        }
    })
}

#[test]
fn types_only_offline_actions_use_are_left_out() {
    let import = import_tencent_report(Path::new(FILE), &metadata().to_string()).unwrap();
    assert_eq!(import.skipped_offline, ["Gone"]);
    let types: Vec<&str> = import.spec.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        types,
        ["Inner", "Point"],
        "reached through Point, not OldThing"
    );
}

#[test]
fn a_reimport_of_the_written_spec_is_byte_for_byte_the_same() {
    let spec = import_tencent_report(Path::new(FILE), &metadata().to_string())
        .unwrap()
        .spec;
    let written = serde_json::to_string_pretty(&spec).unwrap();
    assert!(written.contains("-0.16999949956523785"), "{written}");
    let path = Path::new("tencent-demo-2020-01-01.json");
    let read = spec::parse(path, &written).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read, spec, "the float examples read back as written");
    let merged = merge(&read, &spec);
    assert_eq!(
        serde_json::to_string_pretty(&merged.spec).unwrap(),
        written,
        "merging the same metadata again rewrote the spec"
    );
}
