//! The coverage of the checked-in specs never drops below the figures in
//! [`FLOORS`], and `sdkgen stats` prints them.
//!
//! **Raise the floors** whenever the specs get better (docs written, enums
//! added): they are the one place that records what has been reached. The
//! targets are 98% of members and every action, type and enum value
//! documented.

use std::path::{Path, PathBuf};
use std::process::Command;

use cloud_sdk_codegen::spec;
use cloud_sdk_codegen::stats::Stats;

/// Lowest accepted figures per spec file: how many are documented (or, for
/// `enums` and `enum_members`, how many there are).
struct Floor {
    spec: &'static str,
    actions_documented: usize,
    members_documented: usize,
    types_documented: usize,
    enums: usize,
    enum_members: usize,
    enum_values_documented: usize,
    actions_with_error_codes: usize,
    error_codes_documented: usize,
}

/// THE FLOORS. Raise them after merging better specs; never lower them
/// without saying why in the commit.
const FLOORS: &[Floor] = &[
    Floor {
        spec: "alibaba-dts-2020-01-01",
        actions_documented: 123,
        members_documented: 2931,
        types_documented: 112,
        enums: 25,
        enum_members: 147,
        enum_values_documented: 74,
        actions_with_error_codes: 19,
        error_codes_documented: 60,
    },
    Floor {
        spec: "tencent-dts-2018-03-30",
        actions_documented: 22,
        members_documented: 243,
        types_documented: 13,
        enums: 23,
        enum_members: 48,
        enum_values_documented: 94,
        actions_with_error_codes: 22,
        error_codes_documented: 165,
    },
    Floor {
        spec: "tencent-dts-2021-12-06",
        actions_documented: 84,
        members_documented: 1128,
        types_documented: 93,
        enums: 61,
        enum_members: 166,
        enum_values_documented: 268,
        actions_with_error_codes: 84,
        error_codes_documented: 1055,
    },
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn stats_of(stem: &str) -> Stats {
    let path = workspace().join(format!("spec/services/{stem}.json"));
    let text = std::fs::read_to_string(&path).unwrap();
    Stats::of(&spec::parse(&path, &text).unwrap_or_else(|e| panic!("{e}")))
}

#[test]
fn coverage_stays_at_or_above_the_floors() {
    let mut below = Vec::new();
    for floor in FLOORS {
        let stats = stats_of(floor.spec);
        let figures = [
            (
                "actions documented",
                stats.actions_documented.done,
                floor.actions_documented,
            ),
            (
                "members documented",
                stats.members_documented.done,
                floor.members_documented,
            ),
            (
                "types documented",
                stats.types_documented.done,
                floor.types_documented,
            ),
            ("enums", stats.enums, floor.enums),
            (
                "members typed by an enum",
                stats.enum_members,
                floor.enum_members,
            ),
            (
                "enum values documented",
                stats.enum_values_documented.done,
                floor.enum_values_documented,
            ),
            (
                "actions with error codes",
                stats.actions_with_error_codes.done,
                floor.actions_with_error_codes,
            ),
            (
                "error codes documented",
                stats.error_codes_documented.done,
                floor.error_codes_documented,
            ),
        ];
        for (what, now, least) in figures {
            if now < least {
                below.push(format!("{}: {what} {now} < {least}", floor.spec));
            }
        }
    }
    assert!(below.is_empty(), "coverage dropped:\n{}", below.join("\n"));
}

#[test]
fn every_spec_file_has_a_floor() {
    let mut stems: Vec<String> = std::fs::read_dir(workspace().join("spec/services"))
        .unwrap()
        .filter_map(|e| {
            let path = e.unwrap().path();
            (path.extension()? == "json")
                .then(|| path.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    stems.sort();
    let floors: Vec<&str> = FLOORS.iter().map(|f| f.spec).collect();
    assert_eq!(stems, floors);
}

#[test]
fn sdkgen_stats_prints_the_figures() {
    let output = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(["stats", "--json"])
        .arg(workspace().join("spec/services"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let printed = printed.as_array().unwrap();
    assert_eq!(printed.len(), FLOORS.len());
    for (entry, floor) in printed.iter().zip(FLOORS) {
        let stats = stats_of(floor.spec);
        assert_eq!(entry["spec"], floor.spec);
        assert_eq!(
            entry["members_documented"]["done"],
            stats.members_documented.done
        );
        assert_eq!(
            entry["members_documented"]["total"],
            stats.members_documented.total
        );
        assert_eq!(entry["enums"], stats.enums);
    }
    let text = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(["stats"])
        .arg(workspace().join("spec/services/tencent-dts-2021-12-06.json"))
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.starts_with("tencent-dts-2021-12-06\n"), "{text}");
    assert!(
        text.contains("actions with error codes 84 of 84 (100.0%)"),
        "{text}"
    );
}
