//! Where the vendors' metadata is, and what a test does when it is missing.
//!
//! The metadata is the vendors' and is not committed: it lives in
//! `shared/vendor-meta/` beside the repository (or `$SHARED_DIR/vendor-meta`,
//! or `$SHARED_DIR` itself if it holds the files), and
//! `scripts/fetch-tccli.sh` downloads Tencent's `tccli` wheel into
//! `target/vendor-meta/` (or `$TCCLI_SERVICES`). A test that needs a file
//! asks for it here and returns early on `None`:
//!
//! ```ignore
//! let Some(path) = test_support::vendor_meta("alibaba-dts-2020-01-01-meta.json") else {
//!     return;
//! };
//! ```
//!
//! A missing file prints one line on stderr saying how to fetch it; with
//! [`REQUIRE_VAR`] set (`scripts/test.sh` and so CI set it) it panics
//! instead, so a run that has the data skips nothing.

use std::cell::Cell;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Set (to anything but `0`) to make a missing vendor file a failure.
pub const REQUIRE_VAR: &str = "CLOUD_SDK_REQUIRE_VENDOR_DATA";

const VENDOR_META_HOW: &str = "put the vendors' metadata in shared/vendor-meta beside \
     the repository or point SHARED_DIR at it (CONTRIBUTING.md, \"Vendor metadata\")";

const TCCLI_HOW: &str = "run `bash scripts/fetch-tccli.sh` (the pinned tccli wheel from PyPI)";

/// The repository root (this crate's parent folder).
pub fn workspace_root() -> &'static Path {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest)
}

/// The folder the vendors' metadata is read from, whether or not it exists.
pub fn vendor_meta_dir() -> PathBuf {
    match std::env::var_os("SHARED_DIR") {
        Some(shared) => {
            let shared = PathBuf::from(shared);
            if shared.join("vendor-meta").is_dir() {
                shared.join("vendor-meta")
            } else {
                shared
            }
        }
        None => {
            let root = workspace_root();
            root.parent().unwrap_or(root).join("shared/vendor-meta")
        }
    }
}

/// `relative` inside [`vendor_meta_dir`], or `None` after the skip line when
/// it is missing (a panic when [`REQUIRE_VAR`] is set).
pub fn vendor_meta(relative: &str) -> Option<PathBuf> {
    present_or_skip(vendor_meta_dir().join(relative), VENDOR_META_HOW)
}

/// The `tccli/services` folder of the pinned wheel (`$TCCLI_SERVICES`, else
/// `target/vendor-meta/tccli/services`), or `None` after the skip line.
pub fn tccli_services() -> Option<PathBuf> {
    let dir = match std::env::var_os("TCCLI_SERVICES") {
        Some(dir) => PathBuf::from(dir),
        None => workspace_root().join("target/vendor-meta/tccli/services"),
    };
    present_or_skip(dir, TCCLI_HOW)
}

/// `tencentcloud/dts/<version>/errorcodes.py` of the pinned Tencent Python
/// SDK (`target/vendor-meta/`, fetched by `scripts/fetch-tccli.sh`), or
/// `None` after the skip line.
pub fn tencent_dts_error_module(version: &str) -> Option<PathBuf> {
    let path = workspace_root()
        .join("target/vendor-meta/tencentcloud/dts")
        .join(version)
        .join("errorcodes.py");
    present_or_skip(path, TCCLI_HOW)
}

/// Whether a missing vendor file must fail the test rather than skip it.
pub fn required() -> bool {
    std::env::var_os(REQUIRE_VAR).is_some_and(|v| !v.is_empty() && v != "0")
}

fn present_or_skip(path: PathBuf, how: &str) -> Option<PathBuf> {
    if path.exists() {
        return Some(path);
    }
    // libtest names each test's thread after the test.
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("test");
    if required() {
        panic!(
            "{test}: {} is missing and {REQUIRE_VAR} is set, so the test may not skip; {how}",
            path.display()
        );
    }
    // One line per test, however many files it asked for; straight to
    // stderr, past libtest's capture, so a passing run shows it.
    if !SKIP_REPORTED.replace(true) {
        let _ = writeln!(
            std::io::stderr(),
            "skipped {test}: {} is missing; {how}",
            path.display()
        );
    }
    None
}

thread_local! {
    /// Whether this test (thread) has printed its skip line.
    static SKIP_REPORTED: Cell<bool> = const { Cell::new(false) };
}
