//! The Tencent importer over every service of Tencent's `tccli` metadata:
//! each service version must import, serialise and validate, and a sample of
//! diverse and large services must also generate code that parses.
//!
//! The metadata comes from the pinned `tccli` wheel; `bash
//! scripts/fetch-tccli.sh` puts it in `target/vendor-meta/tccli/services`
//! (`TCCLI_SERVICES` points elsewhere). Without it the test skips with one
//! line (and fails under `scripts/test.sh`). Every problem of every service is
//! collected and reported in one failure. `TCCLI_GENERATE_ALL=1` generates
//! every service version instead of the sample (slower).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use cloud_sdk_codegen::import::import_tencent_report;
use cloud_sdk_codegen::{generate, load_str, Diagnostics, Location, Service};

/// Services generated in full, besides the largest ones: compute, databases,
/// networking, logs, containers, identity and mail, with different shapes,
/// and Auto Scaling, whose short name `as` is a keyword.
const GENERATED: &[&str] = &[
    "cvm", "cdb", "vpc", "cls", "tke", "postgres", "mongodb", "cam", "ses", "as",
];

/// How many of the services with the most actions are generated too.
const LARGEST: usize = 4;

/// Problems shown per service version in the failure message.
const SHOWN: usize = 5;

/// Metadata known to be malformed, as (service folder, action, reason): a
/// failed import of that service is accepted when every problem's JSON path
/// names one of its listed actions (or their `<Action>Request` objects).
/// None is needed for tccli 3.1.189.1.
const KNOWN_BAD: &[(&str, &str, &str)] = &[];

/// One `api.json`: its service and version folders and its path.
struct MetaFile {
    service: String,
    version: String,
    path: PathBuf,
}

impl MetaFile {
    fn label(&self) -> String {
        format!("{} {}", self.service, self.version)
    }
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    let mut dirs: Vec<PathBuf> = entries
        .map(|entry| entry.unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())))
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn folder_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned()
}

/// Every `<service>/<version>/api.json` below `dir`, sorted.
fn meta_files(dir: &Path) -> Vec<MetaFile> {
    assert!(
        dir.is_dir(),
        "the tccli metadata is missing: {} is not a folder. Run `bash scripts/fetch-tccli.sh` \
         (or set TCCLI_SERVICES to a tccli/services folder).",
        dir.display()
    );
    let mut files = Vec::new();
    for service in sorted_dirs(dir) {
        for version in sorted_dirs(&service) {
            let path = version.join("api.json");
            if path.is_file() {
                files.push(MetaFile {
                    service: folder_name(&service),
                    version: folder_name(&version),
                    path,
                });
            }
        }
    }
    assert!(
        !files.is_empty(),
        "no <service>/<version>/api.json under {}; rerun `bash scripts/fetch-tccli.sh`",
        dir.display()
    );
    files
}

/// An imported and validated service version.
struct Imported {
    file_index: usize,
    service: Service,
}

/// Why a service version failed.
enum Failure {
    /// The importer found problems in the metadata.
    Import(Diagnostics),
    /// Anything after the import: serialising, validating, naming.
    Other(String),
}

impl Failure {
    fn describe(&self) -> String {
        match self {
            Failure::Import(problems) => format!("import failed:\n{}", first(problems)),
            Failure::Other(message) => message.clone(),
        }
    }

    /// Does `known` (the service's known-bad actions) explain every problem?
    fn is_explained_by(&self, known: &[&str]) -> bool {
        let Failure::Import(problems) = self else {
            return false;
        };
        !known.is_empty()
            && problems.0.iter().all(|p| {
                matches!(&p.location, Location::Path(path)
                    if known.iter().any(|action| path.contains(action)))
            })
    }
}

/// Imports, serialises and validates one file.
fn import_and_validate(file: &MetaFile) -> Result<Service, Failure> {
    let text = std::fs::read_to_string(&file.path)
        .map_err(|e| Failure::Other(format!("cannot read {}: {e}", file.path.display())))?;
    let spec = import_tencent_report(&file.path, &text)
        .map_err(Failure::Import)?
        .spec;
    let folder_version = format!("v{}", spec.version.replace('-', ""));
    if file.version != folder_version {
        return Err(Failure::Other(format!(
            "metadata.apiVersion `{}` does not match the folder `{}`",
            spec.version, file.version
        )));
    }
    let json = serde_json::to_string_pretty(&spec)
        .map_err(|e| Failure::Other(format!("the imported spec does not serialise: {e}")))?;
    // The validator wants the file stem to be provider-service-version; the
    // importer takes both from the metadata (`serviceShortName`, which is
    // not always the folder name: `autoscaling` is `as`).
    let name = format!("tencent-{}-{}.json", spec.service, spec.version);
    load_str(Path::new(&name), &json)
        .map_err(|d| Failure::Other(format!("validation failed:\n{}", first(&d))))
}

fn first(diagnostics: &Diagnostics) -> String {
    let mut out = String::new();
    for d in diagnostics.0.iter().take(SHOWN) {
        let _ = writeln!(out, "      {d}");
    }
    if diagnostics.0.len() > SHOWN {
        let _ = writeln!(out, "      ... and {} more", diagnostics.0.len() - SHOWN);
    }
    out
}

/// Generates one service and checks every file parses and the service file
/// holds a module per action.
fn generate_and_parse(service: &Service) -> Result<usize, String> {
    let files = generate(std::slice::from_ref(service), |_| true)?;
    if files.len() != 2 {
        return Err(format!("expected 2 files, got {}", files.len()));
    }
    let mut lines = 0;
    for file in &files {
        if file.contents.trim().is_empty() {
            return Err(format!("{} is empty", file.name));
        }
        syn::parse_file(&file.contents)
            .map_err(|e| format!("{} does not parse: {e}", file.name))?;
        lines += file.contents.lines().count();
    }
    let modules = files[1]
        .contents
        .lines()
        .filter(|line| line.trim_start().starts_with("pub mod "))
        .count();
    if modules < service.actions.len() {
        return Err(format!(
            "{} has {modules} `pub mod` lines for {} actions",
            files[1].name,
            service.actions.len()
        ));
    }
    Ok(lines)
}

/// Runs `work` over `items` on every available core, keeping their order.
/// Threads take the next item as they finish, since sizes vary a lot.
fn parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(items.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else {
                            return done;
                        };
                        done.push((i, work(item)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[test]
fn every_tccli_service_imports_validates_and_samples_generate() {
    let Some(services) = test_support::tccli_services() else {
        return;
    };
    // Only for the duration printed at the end.
    #[allow(clippy::disallowed_methods)]
    let started = Instant::now();
    let files = meta_files(&services);

    let mut failures = Vec::new();
    let mut imported = Vec::new();
    let results = parallel(&files, import_and_validate);
    for (file_index, result) in results.into_iter().enumerate() {
        let file = &files[file_index];
        let known: Vec<&str> = KNOWN_BAD
            .iter()
            .filter(|(service, _, _)| *service == file.service)
            .map(|(_, action, _)| *action)
            .collect();
        match result {
            Ok(service) => {
                if !known.is_empty() {
                    failures.push(format!(
                        "{}: imports although KNOWN_BAD lists {}; remove them",
                        file.label(),
                        known.join(", ")
                    ));
                }
                imported.push(Imported {
                    file_index,
                    service,
                });
            }
            Err(failure) if failure.is_explained_by(&known) => {}
            Err(failure) => failures.push(format!(
                "{} ({}): {}",
                file.label(),
                file.path.display(),
                failure.describe()
            )),
        }
    }
    let imported_in = started.elapsed();

    // The named sample, plus the services with the most actions.
    let mut by_size: Vec<&Imported> = imported.iter().collect();
    by_size.sort_by_key(|i| std::cmp::Reverse(i.service.actions.len()));
    let mut chosen: BTreeSet<usize> = by_size.iter().take(LARGEST).map(|i| i.file_index).collect();
    for name in GENERATED {
        let found = imported
            .iter()
            .filter(|i| files[i.file_index].service == *name || i.service.service == *name)
            .max_by_key(|i| i.service.version.clone());
        match found {
            Some(i) => {
                chosen.insert(i.file_index);
            }
            None => failures.push(format!(
                "{name}: no imported service of that name to generate \
                 (its folder is missing, or its import failed above)"
            )),
        }
    }
    let all = std::env::var_os("TCCLI_GENERATE_ALL").is_some();
    let sample: Vec<&Imported> = imported
        .iter()
        .filter(|i| all || chosen.contains(&i.file_index))
        .collect();
    let generated = parallel(&sample, |i| generate_and_parse(&i.service));
    let mut lines = 0;
    for (i, result) in sample.iter().zip(generated) {
        match result {
            Ok(n) => lines += n,
            Err(problem) => failures.push(format!(
                "{}: generation: {problem}",
                files[i.file_index].label()
            )),
        }
    }

    let actions: usize = imported.iter().map(|i| i.service.actions.len()).sum();
    eprintln!(
        "tccli: {} service versions, {} imported and validated ({actions} actions) in {:.1?}; \
         {} generated ({lines} lines); {:.1?} in all",
        files.len(),
        imported.len(),
        imported_in,
        sample.len(),
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} problems over {} service versions:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}
