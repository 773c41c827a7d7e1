//! Generates the SDK from `spec/services/*.json` into `OUT_DIR`, with the
//! same library (and so the same bytes) as `sdkgen generate`.
//!
//! The spec files live inside this package (`spec/` here is the workspace's
//! `spec/`), so the crate also builds once packaged.

use std::env;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    let spec_dir = manifest_dir.join("spec").join("services");
    println!("cargo:rerun-if-changed={}", spec_dir.display());

    let (services, files) = match cloud_sdk_codegen::load_dir(&spec_dir) {
        Ok(loaded) => loaded,
        Err(problems) => return fail(&problems.to_string()),
    };
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    if let Err(message) = check_features(&manifest_dir, &services) {
        return fail(&message);
    }
    let enabled = |service: &cloud_sdk_codegen::Service| {
        let variable = format!(
            "CARGO_FEATURE_{}",
            service.feature.to_uppercase().replace('-', "_")
        );
        env::var_os(variable).is_some()
    };
    let generated = match cloud_sdk_codegen::generate(&services, enabled) {
        Ok(generated) => generated,
        Err(message) => return fail(&message),
    };
    for file in generated {
        if let Err(e) = write_if_changed(&out_dir.join(&file.name), &file.contents) {
            return fail(&format!("cannot write {}: {e}", file.name));
        }
    }
    ExitCode::SUCCESS
}

/// Every spec needs a cargo feature of the same name, or its module could
/// never be switched on.
fn check_features(
    manifest_dir: &Path,
    services: &[cloud_sdk_codegen::Service],
) -> Result<(), String> {
    let manifest = std::fs::read_to_string(manifest_dir.join("Cargo.toml"))
        .map_err(|e| format!("cannot read Cargo.toml: {e}"))?;
    let missing: Vec<&str> = services
        .iter()
        .map(|s| s.feature.as_str())
        .filter(|feature| {
            !manifest
                .lines()
                .any(|line| line.trim_start().starts_with(&format!("{feature} = ")))
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(format!(
        "spec files without a cargo feature: add `{}` to [features] in generated/Cargo.toml (and to `default` if it should be on by default)",
        missing
            .iter()
            .map(|f| format!("{f} = []"))
            .collect::<Vec<_>>()
            .join("`, `")
    ))
}

/// Leaves unchanged files alone so their timestamps do not trigger rebuilds.
fn write_if_changed(path: &Path, contents: &str) -> std::io::Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    std::fs::write(path, contents)
}

fn fail(message: &str) -> ExitCode {
    for line in message.lines() {
        println!("cargo::error={line}");
    }
    ExitCode::FAILURE
}
