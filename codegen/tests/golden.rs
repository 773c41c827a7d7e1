//! Golden tests: the fixture specs in `tests/fixtures/valid/` generate
//! exactly the files committed in `tests/golden/`. The integration-tests
//! crate compiles those files with warnings denied.
//!
//! After an intended change, regenerate with `UPDATE_GOLDEN=1 cargo test -p
//! cloud-sdk-codegen --test golden` and review the diff.

use std::path::{Path, PathBuf};

use cloud_sdk_codegen::{generate, load_dir};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid")
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

#[test]
fn generated_code_matches_the_golden_files() {
    let (services, _) = load_dir(&fixtures()).unwrap_or_else(|e| panic!("{e}"));
    let files = generate(&services, |_| true).unwrap();
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut mismatches = Vec::new();
    for file in &files {
        let path = golden_dir().join(&file.name);
        if update {
            std::fs::write(&path, &file.contents).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if expected != file.contents {
            mismatches.push(format!(
                "{}:\n{}",
                file.name,
                first_difference(&expected, &file.contents)
            ));
        }
    }
    let mut committed: Vec<String> = std::fs::read_dir(golden_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    committed.sort();
    let mut produced: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    produced.sort();
    assert_eq!(
        committed, produced,
        "golden folder holds other files than the generator writes"
    );
    assert!(
        mismatches.is_empty(),
        "generated code differs from tests/golden (rerun with UPDATE_GOLDEN=1 if intended):\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn generation_is_deterministic() {
    let generate_once = || {
        let (services, _) = load_dir(&fixtures()).unwrap();
        generate(&services, |_| true).unwrap()
    };
    assert_eq!(generate_once(), generate_once());
}

#[test]
fn the_real_specs_generate() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/services");
    let (services, files) = load_dir(&spec).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(services.len(), files.len());
    assert!(
        services.len() >= 3,
        "expected the three DTS specs, found {}",
        services.len()
    );
    let generated = generate(&services, |_| true).unwrap();
    assert_eq!(generated.len(), services.len() + 1);
}

/// The first differing line with a little context, as a reviewer reads it.
fn first_difference(expected: &str, actual: &str) -> String {
    let expected: Vec<&str> = expected.lines().collect();
    let actual: Vec<&str> = actual.lines().collect();
    let line = expected
        .iter()
        .zip(&actual)
        .position(|(a, b)| a != b)
        .unwrap_or(expected.len().min(actual.len()));
    let from = line.saturating_sub(3);
    let mut out = String::new();
    for i in from..(line + 4) {
        if let Some(e) = expected.get(i) {
            out.push_str(&format!("  -{:>5} {e}\n", i + 1));
        }
        if let Some(a) = actual.get(i) {
            out.push_str(&format!("  +{:>5} {a}\n", i + 1));
        }
    }
    out
}

#[test]
fn generate_each_hands_over_the_files_of_generate_one_at_a_time() {
    let (services, _) = load_dir(&fixtures()).unwrap();
    let mut handed = Vec::new();
    let count = cloud_sdk_codegen::generate_each(
        &services,
        |_| true,
        |file| {
            handed.push(file);
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(count, handed.len());
    assert_eq!(handed, generate(&services, |_| true).unwrap());
    // A failing write stops the run: nothing more is generated.
    let mut calls = 0;
    let result = cloud_sdk_codegen::generate_each(
        &services,
        |_| true,
        |_| {
            calls += 1;
            Err("disk full".to_owned())
        },
    );
    assert_eq!((result, calls), (Err("disk full".to_owned()), 1));
}
