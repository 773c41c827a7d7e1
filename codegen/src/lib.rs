//! Generates a typed Rust cloud SDK from JSON spec files.
//!
//! The public API is small:
//! - **load**: [`load`], [`load_str`], [`load_dir`] read and validate spec
//!   files into a [`Service`] (the [`model`]), or report every problem as
//!   [`Diagnostics`];
//! - **generate**: [`generate`] turns services into [`GeneratedFile`]s;
//! - **import**: [`import`] turns vendor metadata into a [`spec::SpecFile`]
//!   and merges it into an existing one;
//! - **crate**: [`crate_writer`] adds what makes the generated files a
//!   standalone crate (`Cargo.toml`, `README.md`, `src/lib.rs`);
//! - **diff**: [`diff`](mod@diff) compares two versions of a spec file into
//!   an API changelog.
//!
//! The data types of spec files ([`spec::file`]) and of the validated model
//! ([`model`]) are public because the functions above return them. The
//! stages in between (the emitter, the formatter, the naming rules) are
//! private: their behaviour is documented in `spec/README.md` and
//! `docs/naming.md`, not their items. The build script of the generated
//! crate and the `sdkgen` command line both call [`generate`], so they
//! write the same bytes.

pub mod crate_writer;
mod diagnostics;
pub mod diff;
mod emit;
mod format;
pub mod import;
pub mod model;
mod naming;
pub mod spec;
pub mod stats;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use diagnostics::{Diagnostic, Diagnostics, Location};
pub use model::Service;
pub use naming::{ALIBABA_COMMON_CODES, TENCENT_COMMON_CODES};

/// Name of the generated file that holds the module tree.
pub const TREE_FILE: &str = "services.rs";

/// One generated source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// File name, relative to the output folder.
    pub name: String,
    /// Formatted Rust source.
    pub contents: String,
}

/// Reads and validates one spec file.
pub fn load(path: &Path) -> Result<Service, Diagnostics> {
    load_str(path, &spec::read(path)?)
}

/// Validates the text of a spec file; `path` names it in problems and its
/// stem must match the provider, service and version.
pub fn load_str(path: &Path, text: &str) -> Result<Service, Diagnostics> {
    let spec = spec::parse(path, text)?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    model::build::build(&spec, path, stem)
}

/// Reads and validates every spec file of a folder, reporting the problems
/// of all files together. Returns the services and the files read.
pub fn load_dir(dir: &Path) -> Result<(Vec<Service>, Vec<PathBuf>), Diagnostics> {
    let files = spec::list(dir)?;
    let mut services = Vec::new();
    let mut problems = Diagnostics::default();
    for file in &files {
        match load(file) {
            Ok(service) => services.push(service),
            Err(found) => problems.extend(found),
        }
    }
    problems.extend(cross_file_checks(&services, &files));
    if problems.is_empty() {
        Ok((services, files))
    } else {
        Err(problems)
    }
}

/// Two files describing the same service version would emit one module twice.
fn cross_file_checks(services: &[Service], files: &[PathBuf]) -> Diagnostics {
    let mut seen: BTreeMap<&[String; 3], &str> = BTreeMap::new();
    let mut problems = Vec::new();
    for service in services {
        if let Some(first) = seen.insert(&service.module_path, &service.feature) {
            let file = files
                .iter()
                .find(|f| f.file_stem().and_then(|s| s.to_str()) == Some(service.feature.as_str()))
                .cloned()
                .unwrap_or_default();
            problems.push(Diagnostic {
                file,
                location: Location::Path("$".into()),
                message: format!(
                    "describes the same module `{}` as `{first}.json`",
                    service.module_path.join("::")
                ),
                hint: Some("keep one file per provider, service and version".into()),
            });
        }
    }
    Diagnostics(problems)
}

/// Generates the module tree and the file of every service for which
/// `wanted` holds. The tree always names every service, each behind its
/// feature, so it is the same whichever services are wanted.
pub fn generate(
    services: &[Service],
    wanted: impl Fn(&Service) -> bool,
) -> Result<Vec<GeneratedFile>, String> {
    let mut files = Vec::new();
    generate_each(services, wanted, |file| {
        files.push(file);
        Ok(())
    })?;
    Ok(files)
}

/// Like [`generate`], but hands each file to `write` as soon as it is
/// formatted and keeps none, so memory is bounded by the largest service
/// rather than by the whole run. Returns how many files were written.
pub fn generate_each(
    services: &[Service],
    wanted: impl Fn(&Service) -> bool,
    mut write: impl FnMut(GeneratedFile) -> Result<(), String>,
) -> Result<usize, String> {
    write(GeneratedFile {
        name: TREE_FILE.to_owned(),
        contents: format::format(emit::tree(services), "every spec file")?,
    })?;
    let mut count = 1;
    for service in services.iter().filter(|s| wanted(s)) {
        write(GeneratedFile {
            name: emit::file_name(service),
            contents: format::format(
                emit::service::file(service),
                &format!("{}.json", service.feature),
            )?,
        })?;
        count += 1;
    }
    Ok(count)
}
