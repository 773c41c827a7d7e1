//! Importers: turn vendors' published API metadata into spec files.
//!
//! An importer takes **facts** only (names, types, requirement flags,
//! examples, deprecation); it never copies the vendor's prose, so `docs`
//! stays empty until someone writes our own words. The result is a
//! [`SpecFile`](crate::spec::file::SpecFile) that passes
//! [`load_str`](crate::load_str) once serialised.

mod alibaba;
mod merge;
mod prose;
mod tencent;
pub mod tencent_errors;
mod walk;

pub use alibaba::import_alibaba;
pub use merge::{merge, Merged};
pub use tencent::{import_tencent, import_tencent_report, TencentImport};
