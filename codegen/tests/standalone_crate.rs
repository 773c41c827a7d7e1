//! `sdkgen generate --crate` writes a crate that builds on its own: the
//! DTS specs into a folder, a small user program beside it, then `cargo
//! check` of that crate, offline, depending on `runtime/` by path.
//!
//! Kept lean for CI: one service version (the smallest), checked rather
//! than built, in the workspace's `target/` (through `CARGO_TARGET_DIR`)
//! with the workspace's `Cargo.lock`, so no dependency is compiled twice.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A user of the written crate, as its README tells them to write it.
const USER_PROGRAM: &str = r#"
use dts_sdk_static::runtime::{Client, Credentials};
use dts_sdk_static::tencent::dts::v20180330::{
    describe_migrate_jobs::DescribeMigrateJobsRequest, TencentDtsClient,
};

fn main() {
    let runtime = Client::builder()
        .credentials(Credentials::new("AKID", "secret"))
        .region("ap-guangzhou")
        .build()
        .expect("a client");
    let dts = TencentDtsClient::new(runtime);
    let _call = dts.describe_migrate_jobs(DescribeMigrateJobsRequest::new().limit(10));
}
"#;

#[test]
fn the_written_crate_builds_without_the_generator() {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let out = tmp.join(format!("standalone-crate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let written = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .arg("generate")
        .arg(workspace().join("spec/services"))
        .arg(&out)
        .args(["--crate", "--name", "dts-sdk-static", "--runtime-path"])
        .arg(workspace().join("runtime"))
        .output()
        .unwrap();
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    for file in [
        "Cargo.toml",
        "README.md",
        "src/lib.rs",
        "src/services.rs",
        "src/tencent_dts_v20180330.rs",
        "src/tencent_dts_v20211206.rs",
        "src/alibaba_dts_v20200101.rs",
    ] {
        assert!(out.join(file).is_file(), "{file} written");
    }
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("cloud-sdk-runtime = { path = \"../../../runtime\""),
        "{manifest}"
    );
    std::fs::create_dir_all(out.join("examples")).unwrap();
    std::fs::write(out.join("examples/user.rs"), USER_PROGRAM).unwrap();
    // The same versions as the workspace, so the shared target dir's
    // artifacts are reused; cargo drops the entries the crate does not use.
    std::fs::copy(workspace().join("Cargo.lock"), out.join("Cargo.lock")).unwrap();

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target_dir = tmp.parent().expect("CARGO_TARGET_TMPDIR is <target>/tmp");
    let checked = Command::new(cargo)
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", target_dir)
        .args([
            "check",
            "--offline",
            "--quiet",
            "--examples",
            "--no-default-features",
            "--features",
            "tencent-dts-2018-03-30",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert!(checked.status.success(), "cargo check failed:\n{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");

    // Nothing of the generator is in the crate's dependency graph.
    let lock = std::fs::read_to_string(out.join("Cargo.lock")).unwrap();
    for generator in ["cloud-sdk-codegen", "prettyplease"] {
        assert!(
            !lock.contains(&format!("name = \"{generator}\"")),
            "{generator} in the written crate's Cargo.lock"
        );
    }
    assert!(lock.contains("name = \"cloud-sdk-runtime\""));
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn bad_crate_options_are_refused_before_anything_is_written() {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let out = tmp.join(format!("standalone-refused-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let specs = workspace().join("spec/services");
    let cases: [(&[&str], &str); 3] = [
        (&["--name", "x"], "usage:"),
        (&["--crate", "--name", "2 bad"], "is not a package name"),
        (
            &["--crate", "--runtime-path", "/nonexistent/runtime"],
            "--runtime-path /nonexistent/runtime",
        ),
    ];
    for (extra, expected) in cases {
        let run = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
            .arg("generate")
            .arg(&specs)
            .arg(&out)
            .args(extra)
            .output()
            .unwrap();
        assert!(!run.status.success(), "{extra:?}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(expected), "{extra:?}: {stderr}");
        assert!(!out.exists(), "{extra:?} wrote {}", out.display());
    }
}
