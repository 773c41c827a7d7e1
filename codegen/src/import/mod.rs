//! Importers: turn vendors' published API metadata into spec files.
//!
//! An importer takes **facts** only (names, types, requirement flags,
//! examples, deprecation); it never copies the vendor's prose, so `docs`
//! stays empty until someone writes our own words. The vendor's
//! descriptions come back apart, as [`VendorDocs`]: a re-import records
//! their digests to tell what changed, and `sdkgen import --vendor-docs`
//! fills empty docs with them for an SDK generated locally. The result is a
//! [`SpecFile`](crate::spec::file::SpecFile) that passes
//! [`load_str`](crate::load_str) once serialised.

mod alibaba;
mod alibaba_roa;
mod merge;
mod prose;
mod tencent;
pub mod tencent_errors;
mod vendor_docs;
mod walk;

pub use alibaba::{import_alibaba, import_alibaba_report, AlibabaImport};
pub use merge::{merge, Merged};
pub use tencent::{import_tencent, import_tencent_report, TencentImport};
pub use vendor_docs::{digest_path, Digests, DocsReport, VendorDocs};
