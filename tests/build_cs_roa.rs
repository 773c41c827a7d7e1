//! Imports the vendor's CS 2015-12-15 (ACK) ROA metadata and generates its
//! client into `$OUT_DIR/cs_roa.rs`, for `tests/cs_roa_end_to_end.rs`.
//!
//! The metadata is the vendor's and not committed (nor is the 230 KB spec
//! made from it): with `shared/vendor-meta/alibaba-more/cs-2015-12-15.json`
//! beside the repository (or under `$SHARED_DIR`), the cfg `cs_roa` is set
//! and the test compiles the generated client; without it the test says it
//! skipped. An import or generation failure fails the build, naming why.

use std::path::{Path, PathBuf};

const FILE: &str = "alibaba-more/cs-2015-12-15.json";

/// Where the metadata would be, as `test_support::vendor_meta_dir` finds it.
fn metadata(manifest_dir: &Path) -> PathBuf {
    match std::env::var_os("SHARED_DIR") {
        Some(shared) => {
            let shared = PathBuf::from(shared);
            if shared.join("vendor-meta").is_dir() {
                shared.join("vendor-meta").join(FILE)
            } else {
                shared.join(FILE)
            }
        }
        None => manifest_dir.join("../../shared/vendor-meta").join(FILE),
    }
}

pub fn generate(manifest_dir: &Path, out: &Path) {
    println!("cargo::rustc-check-cfg=cfg(cs_roa)");
    println!("cargo:rerun-if-env-changed=SHARED_DIR");
    let path = metadata(manifest_dir);
    println!("cargo:rerun-if-changed={}", path.display());
    let Ok(text) = std::fs::read_to_string(&path) else {
        return;
    };
    let spec = cloud_sdk_codegen::import::import_alibaba(&path, &text)
        .unwrap_or_else(|problems| panic!("{problems}"));
    let json = serde_json::to_string_pretty(&spec).expect("a spec serialises");
    let name = format!("{}.json", spec.file_stem());
    let service = cloud_sdk_codegen::load_str(Path::new(&name), &json)
        .unwrap_or_else(|problems| panic!("{problems}"));
    let files = cloud_sdk_codegen::generate(&[service], |_| true)
        .unwrap_or_else(|e| panic!("generating {name}: {e}"));
    let module = files
        .iter()
        .find(|f| f.name != "services.rs")
        .expect("one module per service");
    let target = out.join("cs_roa.rs");
    if std::fs::read_to_string(&target).ok().as_deref() != Some(module.contents.as_str()) {
        std::fs::write(&target, &module.contents)
            .unwrap_or_else(|e| panic!("{}: {e}", target.display()));
    }
    println!("cargo:rustc-cfg=cs_roa");
}
