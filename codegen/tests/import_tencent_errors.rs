//! Tencent service error codes: the checked-in specs hold exactly the codes
//! the vendor's SDKs publish per action (the Go client's lists, each code in
//! the Python SDK's error-code module), without the common codes every
//! action carries, and the importer path reproduces them.

use std::path::{Path, PathBuf};

use cloud_sdk_codegen::import::tencent_errors::{self, parse_error_module, parse_go_client};
use cloud_sdk_codegen::import::{import_tencent, merge};
use cloud_sdk_codegen::spec::{self, file::SpecFile};
use cloud_sdk_codegen::TENCENT_COMMON_CODES;

/// (spec stem, SDK version folder).
const VERSIONS: [(&str, &str); 2] = [
    ("tencent-dts-2018-03-30", "v20180330"),
    ("tencent-dts-2021-12-06", "v20211206"),
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn checked_in(stem: &str) -> SpecFile {
    let path = workspace().join(format!("spec/services/{stem}.json"));
    let text = std::fs::read_to_string(&path).unwrap();
    spec::parse(&path, &text).unwrap_or_else(|e| panic!("{e}"))
}

/// The committed extract of the Go SDK's client (see
/// `scripts/extract-tencent-go-errors.py`).
fn go_extract(version: &str) -> String {
    let path = workspace().join(format!(
        "codegen/tests/vendor/tencent-dts-{version}-client-errors.go"
    ));
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn checked_in_specs_hold_exactly_the_vendors_codes() {
    for (stem, version) in VERSIONS {
        let Some(module) = test_support::tencent_dts_error_module(version) else {
            return;
        };
        let module = parse_error_module(&std::fs::read_to_string(module).unwrap()).unwrap();
        let go = parse_go_client(&go_extract(version)).unwrap();
        let spec = checked_in(stem);
        let names: Vec<&str> = spec.actions.iter().map(|a| a.name.as_str()).collect();
        let listed: Vec<&str> = go.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, listed, "{stem}: the Go client lists every action");
        for action in &spec.actions {
            let (_, vendor) = go.iter().find(|(name, _)| *name == action.name).unwrap();
            let expected: Vec<&str> = vendor
                .iter()
                .map(String::as_str)
                .filter(|code| !TENCENT_COMMON_CODES.contains(code))
                .collect();
            let ours: Vec<&str> = action.errors.iter().map(|e| e.code.as_str()).collect();
            assert_eq!(ours, expected, "{stem} {}", action.name);
            for error in &action.errors {
                assert!(
                    module.contains(&error.code),
                    "{stem} {}: {} is not in errorcodes.py",
                    action.name,
                    error.code
                );
                assert!(
                    !error.docs.trim().is_empty(),
                    "{stem} {}: {} has no docs",
                    action.name,
                    error.code
                );
            }
        }
        // Every code of the module is common or some action's.
        for code in &module {
            let used = spec
                .actions
                .iter()
                .any(|a| a.errors.iter().any(|e| &e.code == code));
            assert!(
                used || TENCENT_COMMON_CODES.contains(&code.as_str()),
                "{stem}: {code} of errorcodes.py belongs to no action"
            );
        }
    }
}

/// Importing with the SDKs' codes and merging into the checked-in file
/// changes nothing: the importer path is what made the `errors` arrays.
#[test]
fn importing_the_sdk_codes_reproduces_the_checked_in_errors() {
    for (stem, version) in VERSIONS {
        let (Some(api), Some(module)) = (
            test_support::vendor_meta(&format!("{stem}/api.json")),
            test_support::tencent_dts_error_module(version),
        ) else {
            return;
        };
        let mut imported = import_tencent(&api, &std::fs::read_to_string(&api).unwrap()).unwrap();
        let module_text = std::fs::read_to_string(&module).unwrap();
        tencent_errors::apply(
            &mut imported,
            ("errorcodes.py", &module_text),
            ("client.go", &go_extract(version)),
        )
        .unwrap();
        assert!(imported.actions.iter().any(|a| !a.errors.is_empty()));
        let existing = checked_in(stem);
        let merged = merge(&existing, &imported);
        for (ours, again) in existing.actions.iter().zip(&merged.spec.actions) {
            assert_eq!(ours.errors, again.errors, "{stem} {}", ours.name);
        }
        // A code the module does not know is refused, not imported.
        let broken = module_text.replace("'ResourceNotFound.JobNotExist'", "'Renamed.Code'");
        let error = tencent_errors::apply(
            &mut imported,
            ("errorcodes.py", &broken),
            ("client.go", &go_extract(version)),
        )
        .unwrap_err();
        assert!(error.contains("ResourceNotFound.JobNotExist"), "{error}");
    }
}
