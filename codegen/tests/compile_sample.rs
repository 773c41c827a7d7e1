//! A fixed sample of vendor services, imported and generated, must compile
//! with warnings denied: the Tencent service versions that once failed to
//! (a sensitive member holding a structure; request members named
//! `Default`, `New` or `Validate`), and Alibaba RPC products with the
//! metadata shapes beyond DTS (`flat` and `simple` lists, `$ref` schemas,
//! untyped schemas, a `Content-Type` header parameter).
//!
//! All of them go into one throwaway crate, checked by one `cargo clippy --
//! -D warnings` run, so the runtime and the dependencies are checked once,
//! into `target/compile-sample/` (kept between runs: later runs check only
//! the generated code). `scripts/sweep-tencent.sh` does the same for every
//! Tencent service version; `COMPILE_SAMPLE_ALIBABA=all` takes every Alibaba
//! RPC product instead of the four. Skips (one line) without the vendor data.

use std::path::{Path, PathBuf};
use std::process::Command;

use cloud_sdk_codegen::import::{import_alibaba, import_tencent_report};
use cloud_sdk_codegen::spec::SpecFile;
use cloud_sdk_codegen::{generate, load_str, Service};

/// Tencent `service/version` folders of the tccli metadata.
const TENCENT: &[&str] = &[
    "sts/v20180813",
    "cam/v20190116",
    "tke/v20180525",
    "iotvideo/v20191126",
    "monitor/v20180724",
    "vod/v20180717",
];

/// Files of `alibaba-more/`.
const ALIBABA: &[&str] = &[
    "dyplsapi-2017-05-25.json",
    "hbr-2017-09-08.json",
    "emr-2021-03-20.json",
    "aiccs-2019-10-15.json",
];

/// The sample's Alibaba files, or with `COMPILE_SAMPLE_ALIBABA=all` every
/// RPC product of `alibaba-more/` and DTS (about 1,900 actions; to measure).
fn alibaba_files(dir: &Path) -> Vec<PathBuf> {
    if std::env::var("COMPILE_SAMPLE_ALIBABA").as_deref() != Ok("all") {
        return ALIBABA.iter().map(|file| dir.join(file)).collect();
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let meta: serde_json::Value = serde_json::from_str(&read(path)).unwrap();
            meta["info"]["style"] == "RPC"
        })
        .collect();
    files.sort();
    files.extend(test_support::vendor_meta(
        "alibaba-dts-2020-01-01-meta.json",
    ));
    files
}

fn validate(spec: &SpecFile) -> Service {
    let name = format!("{}.json", spec.file_stem());
    let json = serde_json::to_string_pretty(spec).unwrap();
    load_str(Path::new(&name), &json).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The throwaway crate's manifest: the runtime by path, one feature per
/// service, all on by default.
fn manifest(runtime: &Path, features: &[String]) -> String {
    let mut text = format!(
        "[package]\nname = \"compile-sample\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
         publish = false\n\n[workspace]\n\n[dependencies]\n\
         cloud-sdk-runtime = {{ path = {runtime:?} }}\n\
         serde = \"1\"\nserde_json = \"1\"\n\n\
         [features]\ndefault = [{}]\n",
        features
            .iter()
            .map(|f| format!("{f:?}"))
            .collect::<Vec<_>>()
            .join(", "),
        runtime = runtime.display().to_string(),
    );
    for feature in features {
        text.push_str(&format!("{feature} = []\n"));
    }
    text
}

#[test]
fn sample_services_compile_without_warnings() {
    let Some(tccli) = test_support::tccli_services() else {
        return;
    };
    let Some(alibaba) = test_support::vendor_meta("alibaba-more") else {
        return;
    };
    let mut services = Vec::new();
    for folder in TENCENT {
        let path = tccli.join(folder).join("api.json");
        let spec = import_tencent_report(&path, &read(&path))
            .unwrap_or_else(|e| panic!("{folder}: {e}"))
            .spec;
        services.push(validate(&spec));
    }
    for path in alibaba_files(&alibaba) {
        let text = read(&path);
        let spec =
            import_alibaba(&path, &text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        services.push(validate(&spec));
    }
    let actions: usize = services.iter().map(|s| s.actions.len()).sum();

    let root = test_support::vendor_data::workspace_root();
    let dir = root.join("target/compile-sample");
    let krate = dir.join("crate");
    let src = krate.join("src");
    if src.exists() {
        std::fs::remove_dir_all(&src).unwrap();
    }
    std::fs::create_dir_all(&src).unwrap();
    for file in generate(&services, |_| true).unwrap_or_else(|e| panic!("{e}")) {
        std::fs::write(src.join(&file.name), file.contents).unwrap();
    }
    std::fs::write(
        src.join("lib.rs"),
        "//! Generated sample services (codegen/tests/compile_sample.rs).\n\
         #![deny(missing_docs)]\n\npub use cloud_sdk_runtime as runtime;\n\n\
         include!(\"services.rs\");\n",
    )
    .unwrap();
    let features: Vec<String> = services.iter().map(|s| s.feature.clone()).collect();
    std::fs::write(
        krate.join("Cargo.toml"),
        manifest(&root.join("runtime"), &features),
    )
    .unwrap();
    // The workspace's lock file: the same dependency versions as the SDK.
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    #[allow(clippy::disallowed_methods)] // a duration for the log line only
    let start = std::time::Instant::now();
    let output = Command::new(cargo)
        .args(["clippy", "--quiet", "--offline", "--", "-D", "warnings"])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        // No incremental cache: it would keep gigabytes for a crate that
        // is rewritten on every run.
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the sample ({} services, {actions} actions) does not compile cleanly:\n{stderr}",
        services.len()
    );
    assert!(
        !stderr.contains("warning"),
        "the sample compiled with warnings:\n{stderr}"
    );
    eprintln!(
        "compiled {} services, {actions} actions, in {:.1} s",
        services.len(),
        start.elapsed().as_secs_f64()
    );
}
