//! `sdkgen`: the generator's command line.
//!
//! ```text
//! sdkgen check <spec file or folder>...
//! sdkgen generate <spec folder> <output folder> [--crate [--name <name>] [--runtime-path <dir>]]
//! sdkgen import tencent <api.json> [--error-codes <errorcodes.py> --action-errors <client.go>] [--into <spec file>] [--vendor-docs]
//! sdkgen import alibaba <api-docs.json> [--into <spec file>] [--vendor-docs]
//! sdkgen diff <old.json> <new.json> [--json] [--fail-on-breaking]
//! sdkgen stats <spec file or folder>... [--json]
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cloud_sdk_codegen::crate_writer::{self, CrateOptions, RuntimeSource};
use cloud_sdk_codegen::diff::{self, Changelog};
use cloud_sdk_codegen::import::{digest_path, merge, Digests, DocsReport, VendorDocs};
use cloud_sdk_codegen::spec::{self, SpecFile};
use cloud_sdk_codegen::{generate_each, load, load_dir, Diagnostics, GeneratedFile};

const USAGE: &str = "usage:
  sdkgen check <spec file or folder>...     validate spec files, reporting every problem
  sdkgen generate <spec folder> <out folder> write the generated Rust sources
      --crate                               write a standalone crate there instead: Cargo.toml,
                                            README.md and src/, depending on the runtime only
      --name <name>                         its package name (default dts-sdk-static)
      --runtime-path <dir>                  depend on the runtime at this path (default: the
                                            registry version of this generator)
  sdkgen import tencent <api.json>          print a spec made from Tencent's tccli metadata
  sdkgen import alibaba <api-docs.json>     print a spec made from Alibaba's OpenAPI metadata
      --into <spec file>                    merge into that spec instead, keeping what people
                                            wrote (docs, enums, overrides, hand-maintained
                                            items), and report changes: the API changelog, the
                                            items whose vendor docs changed since the previous
                                            import (digests recorded beside it, x.vendor-digests
                                            for x.json) and the new items without docs of ours
      --vendor-docs                         fill empty docs with the vendor's own descriptions,
                                            for an SDK you generate yourself (never for the
                                            project's specs): English with Alibaba's EN_US
                                            metadata; Tencent's metadata is in Chinese only
      --error-codes <errorcodes.py>         Tencent: the Python SDK's error codes of the version,
      --action-errors <client.go>           with the Go SDK's client listing them per action
  sdkgen diff <old.json> <new.json>         print the API changes between two versions of a spec
      --json                                as JSON
      --fail-on-breaking                    exit with status 1 when a change is breaking
  sdkgen stats <spec file or folder>...     print documentation, enumeration and error-code
      --json                                coverage per spec (as JSON)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") if args.len() > 1 => check(&args[1..]),
        Some("generate") => match parse_generate_args(&args[1..]) {
            Some(generate) => generate_into(&generate),
            None => usage_error(),
        },
        Some("import") => import(&args[1..]),
        Some("diff") => diff_versions(&args[1..]),
        Some("stats") if args.len() > 1 => stats(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => usage_error(),
    }
}

fn check(paths: &[String]) -> ExitCode {
    let mut problems = Diagnostics::default();
    let mut checked = 0;
    for path in paths.iter().map(PathBuf::from) {
        let result = if path.is_dir() {
            load_dir(&path).map(|(services, _)| services.len())
        } else {
            load(&path).map(|_| 1)
        };
        match result {
            Ok(count) => checked += count,
            Err(found) => problems.extend(found),
        }
    }
    if problems.is_empty() {
        println!(
            "{checked} spec file{} valid",
            if checked == 1 { "" } else { "s" }
        );
        ExitCode::SUCCESS
    } else {
        eprintln!("{problems}");
        ExitCode::FAILURE
    }
}

/// Options of `generate`.
struct GenerateArgs<'a> {
    spec_dir: &'a Path,
    out_dir: &'a Path,
    /// `--crate`, with its name and runtime path.
    standalone: Option<(String, Option<&'a Path>)>,
}

/// `generate <spec folder> <out folder> [--crate [--name N] [--runtime-path D]]`.
fn parse_generate_args(args: &[String]) -> Option<GenerateArgs<'_>> {
    let mut folders = Vec::new();
    let (mut standalone, mut name, mut runtime) = (false, None, None);
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--crate" => standalone = true,
            "--name" => name = Some(rest.next()?.clone()),
            "--runtime-path" => runtime = Some(Path::new(rest.next()?)),
            flag if flag.starts_with("--") => return None,
            folder => folders.push(Path::new(folder)),
        }
    }
    let [spec_dir, out_dir] = folders[..] else {
        return None;
    };
    if !standalone && (name.is_some() || runtime.is_some()) {
        return None;
    }
    Some(GenerateArgs {
        spec_dir,
        out_dir,
        standalone: standalone.then(|| (name.unwrap_or_else(|| "dts-sdk-static".into()), runtime)),
    })
}

fn generate_into(args: &GenerateArgs) -> ExitCode {
    match generate_files(args) {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the sources (in `src/` of a standalone crate) and, for a crate,
/// the files around them; validates everything before writing anything.
fn generate_files(args: &GenerateArgs) -> Result<String, String> {
    let services = load_dir(args.spec_dir)
        .map_err(|problems| problems.to_string())?
        .0;
    let options = match &args.standalone {
        None => None,
        Some((name, runtime)) => Some(crate_options(name, *runtime, args.out_dir)?),
    };
    let source_dir = match options {
        Some(_) => args.out_dir.join(crate_writer::SOURCE_DIR),
        None => args.out_dir.to_path_buf(),
    };
    std::fs::create_dir_all(&source_dir)
        .map_err(|e| format!("error: cannot create {}: {e}", source_dir.display()))?;
    let write = |dir: &Path, file: GeneratedFile| {
        let path = dir.join(&file.name);
        std::fs::write(&path, &file.contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    // One service at a time: each file is written as soon as it is made.
    let count = generate_each(&services, |_| true, |file| write(&source_dir, file))
        .map_err(|message| format!("error: {message}"))?;
    let Some(options) = options else {
        return Ok(format!("wrote {count} files to {}", args.out_dir.display()));
    };
    let around = crate_writer::crate_files(&services, &options);
    let more = around.len();
    for file in around {
        write(args.out_dir, file).map_err(|message| format!("error: {message}"))?;
    }
    Ok(format!(
        "wrote crate {} ({} files) to {}",
        options.name,
        count + more,
        args.out_dir.display()
    ))
}

/// The crate's name and runtime dependency; a runtime path is written
/// relative to the crate when both are on the same tree.
fn crate_options(
    name: &str,
    runtime: Option<&Path>,
    out_dir: &Path,
) -> Result<CrateOptions, String> {
    if !crate_writer::valid_name(name) {
        return Err(format!(
            "error: `{name}` is not a package name (ASCII letters, digits, `-` and `_`, not starting with a digit)"
        ));
    }
    let mut options = CrateOptions::new(name);
    if let Some(runtime) = runtime {
        let runtime = runtime
            .canonicalize()
            .map_err(|e| format!("error: --runtime-path {}: {e}", runtime.display()))?;
        if !runtime.join("Cargo.toml").is_file() {
            return Err(format!(
                "error: --runtime-path {} holds no Cargo.toml",
                runtime.display()
            ));
        }
        std::fs::create_dir_all(out_dir)
            .map_err(|e| format!("error: cannot create {}: {e}", out_dir.display()))?;
        let out_dir = out_dir
            .canonicalize()
            .map_err(|e| format!("error: {}: {e}", out_dir.display()))?;
        let path = relative(&out_dir, &runtime).unwrap_or(runtime);
        let text = path
            .to_str()
            .ok_or_else(|| format!("error: {} is not UTF-8", path.display()))?
            .replace('\\', "/");
        options.runtime = RuntimeSource::Path(text);
    }
    Ok(options)
}

/// `to` as seen from `from` (both absolute): `../../runtime`.
fn relative(from: &Path, to: &Path) -> Option<PathBuf> {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    // Only the root in common: an absolute path says it better.
    if common <= 1 {
        return None;
    }
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    for part in &to[common..] {
        path.push(part);
    }
    Some(path)
}

/// Options of `import`.
struct ImportArgs<'a> {
    provider: &'a str,
    metadata: &'a Path,
    into: Option<&'a Path>,
    vendor_docs: bool,
    /// Tencent: the Python SDK's `errorcodes.py` and the Go SDK's `client.go`.
    error_codes: Option<(&'a Path, &'a Path)>,
}

/// `import <provider> <metadata> [--into <spec file>] [--vendor-docs]
/// [--error-codes <errorcodes.py> --action-errors <client.go>]`, flags after
/// the provider in any order; the last two go together.
fn parse_import_args(args: &[String]) -> Option<ImportArgs<'_>> {
    let (provider, rest) = args.split_first()?;
    let (mut into, mut vendor_docs, mut metadata) = (None, false, None);
    let (mut error_codes, mut action_errors) = (None, None);
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--into" if into.is_none() => into = Some(Path::new(rest.next()?)),
            "--vendor-docs" => vendor_docs = true,
            "--error-codes" if error_codes.is_none() => error_codes = Some(Path::new(rest.next()?)),
            "--action-errors" if action_errors.is_none() => {
                action_errors = Some(Path::new(rest.next()?))
            }
            flag if flag.starts_with("--") => return None,
            file if metadata.is_none() => metadata = Some(Path::new(file)),
            _ => return None,
        }
    }
    Some(ImportArgs {
        provider,
        metadata: metadata?,
        into,
        vendor_docs,
        error_codes: match (error_codes, action_errors) {
            (None, None) => None,
            (Some(module), Some(go)) => Some((module, go)),
            _ => return None,
        },
    })
}

fn import(args: &[String]) -> ExitCode {
    let Some(args) = parse_import_args(args) else {
        return usage_error();
    };
    let imported = match args.provider {
        "tencent" => read_and_import(args.metadata, import_tencent),
        "alibaba" if args.error_codes.is_none() => read_and_import(args.metadata, |path, text| {
            cloud_sdk_codegen::import::import_alibaba_report(path, text)
                .map(|import| (import.spec, import.vendor_docs))
        }),
        _ => return usage_error(),
    };
    let Some((mut imported, vendor_docs)) = imported else {
        return ExitCode::FAILURE;
    };
    if let Some((module, go)) = args.error_codes {
        if let Err(code) = add_error_codes(&mut imported, module, go) {
            return code;
        }
    }
    match args.into {
        None => {
            if args.vendor_docs {
                fill_from_vendor(&vendor_docs, &mut imported);
            }
            print!("{}", spec::to_text(&imported));
            ExitCode::SUCCESS
        }
        Some(path) => merge_into(path, imported, &vendor_docs, args.vendor_docs),
    }
}

/// `--error-codes` and `--action-errors`: each action's codes from the
/// vendor's SDKs.
fn add_error_codes(spec: &mut SpecFile, module: &Path, go: &Path) -> Result<(), ExitCode> {
    let (Some(module_text), Some(go_text)) = (read(module), read(go)) else {
        return Err(ExitCode::FAILURE);
    };
    let module_name = module.display().to_string();
    let go_name = go.display().to_string();
    cloud_sdk_codegen::import::tencent_errors::apply(
        spec,
        (&module_name, &module_text),
        (&go_name, &go_text),
    )
    .map_err(|message| {
        eprintln!("error: {message}");
        ExitCode::FAILURE
    })
}

/// `stats <spec file or folder>... [--json]`: coverage of each spec file
/// (a folder means its `*.json`, sorted); the files are validated first.
fn stats(args: &[String]) -> ExitCode {
    let json = args.iter().any(|a| a == "--json");
    let mut files: Vec<PathBuf> = Vec::new();
    for arg in args.iter().filter(|a| *a != "--json") {
        let path = Path::new(arg);
        if path.is_dir() {
            match std::fs::read_dir(path) {
                Ok(entries) => {
                    let mut found: Vec<PathBuf> = entries
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.extension().is_some_and(|x| x == "json"))
                        .collect();
                    found.sort();
                    files.extend(found);
                }
                Err(e) => {
                    eprintln!("error: cannot read {}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
            }
        } else {
            files.push(path.to_owned());
        }
    }
    let mut all = Vec::new();
    for file in &files {
        let Some(text) = read(file) else {
            return ExitCode::FAILURE;
        };
        let checked =
            cloud_sdk_codegen::load_str(file, &text).and_then(|_| spec::parse(file, &text));
        match checked {
            Ok(parsed) => all.push(cloud_sdk_codegen::stats::Stats::of(&parsed)),
            Err(problems) => {
                eprintln!("{problems}");
                return ExitCode::FAILURE;
            }
        }
    }
    if json {
        match serde_json::to_string_pretty(&all) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        for stats in &all {
            print!("{stats}");
        }
    }
    ExitCode::SUCCESS
}

/// `--vendor-docs`: the vendor's descriptions fill the empty docs.
fn fill_from_vendor(vendor_docs: &VendorDocs, spec: &mut SpecFile) {
    let filled = vendor_docs.fill_empty_docs(spec);
    eprintln!(
        "filled {filled} empty docs with the vendor's descriptions (for local use only: the project's specs hold our own words)"
    );
}

fn usage_error() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn import_tencent(path: &Path, text: &str) -> Result<(SpecFile, VendorDocs), Diagnostics> {
    let import = cloud_sdk_codegen::import::import_tencent_report(path, text)?;
    if !import.skipped_offline.is_empty() {
        eprintln!(
            "left out {} offline action(s): {}",
            import.skipped_offline.len(),
            import.skipped_offline.join(", ")
        );
    }
    Ok((import.spec, import.vendor_docs))
}

/// Reads vendor metadata and imports it; problems are printed.
fn read_and_import(
    path: &Path,
    import: impl FnOnce(&Path, &str) -> Result<(SpecFile, VendorDocs), Diagnostics>,
) -> Option<(SpecFile, VendorDocs)> {
    let text = read(path)?;
    import(path, &text)
        .map_err(|problems| eprintln!("{problems}"))
        .ok()
}

/// Merges an import into a spec file (or creates it), validating the
/// result before anything is written, records the digests of the vendor's
/// descriptions beside it, and reports what changed.
fn merge_into(
    path: &Path,
    imported: SpecFile,
    vendor_docs: &VendorDocs,
    fill_docs: bool,
) -> ExitCode {
    let digests_path = digest_path(path);
    let previous = if digests_path.exists() {
        let Some(text) = read(&digests_path) else {
            return ExitCode::FAILURE;
        };
        match Digests::parse(&digests_path, &text) {
            Ok(previous) => Some(previous),
            Err(problems) => {
                eprintln!("{problems}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        None
    };
    let current = vendor_docs.digests();
    let (existing, mut merged, report) = if path.exists() {
        let Some(text) = read(path) else {
            return ExitCode::FAILURE;
        };
        let existing = match spec::parse(path, &text) {
            Ok(existing) => existing,
            Err(problems) => {
                eprintln!("{problems}");
                return ExitCode::FAILURE;
            }
        };
        let (was, now) = (
            diff::ServiceVersion::of(&existing),
            diff::ServiceVersion::of(&imported),
        );
        if was != now {
            eprintln!(
                "error: the metadata describes {now} but {} describes {was}; {} is unchanged",
                path.display(),
                path.display()
            );
            return ExitCode::FAILURE;
        }
        let merged = merge(&existing, &imported);
        for note in &merged.notes {
            println!("note: {note}");
        }
        let previous = previous.map(|p| p.renamed(&merged.renames));
        let report = DocsReport::new(&existing, &merged.spec, previous.as_ref(), &current);
        (Some(existing), merged.spec, Some(report))
    } else {
        (None, imported, None)
    };
    if fill_docs {
        fill_from_vendor(vendor_docs, &mut merged);
    }
    let text = spec::to_text(&merged);
    if let Err(problems) = cloud_sdk_codegen::load_str(path, &text) {
        eprintln!("{problems}");
        eprintln!(
            "error: the merged spec is not valid; {} is unchanged",
            path.display()
        );
        return ExitCode::FAILURE;
    }
    for (file, text) in [(path, text), (digests_path.as_path(), current.to_text())] {
        if let Err(e) = std::fs::write(file, text) {
            eprintln!("error: cannot write {}: {e}", file.display());
            return ExitCode::FAILURE;
        }
    }
    match existing {
        Some(existing) => match diff::diff_files(&existing, &merged) {
            Ok(changelog) => print!("{changelog}"),
            // The merge is written; only the comparison with the old file fails.
            Err(problems) => println!(
                "note: no changelog, the previous {} did not validate:\n{problems}",
                path.display()
            ),
        },
        None => println!(
            "created {} with {} actions",
            path.display(),
            merged.actions.len()
        ),
    }
    if let Some(report) = report {
        print!("{report}");
    }
    ExitCode::SUCCESS
}

fn read(path: &Path) -> Option<String> {
    std::fs::read_to_string(path)
        .map_err(|e| eprintln!("error: cannot read {}: {e}", path.display()))
        .ok()
}

/// Options of `diff`.
struct DiffArgs<'a> {
    old: &'a Path,
    new: &'a Path,
    json: bool,
    fail_on_breaking: bool,
}

/// `diff <old> <new> [--json] [--fail-on-breaking]`, flags anywhere.
fn parse_diff_args(args: &[String]) -> Option<DiffArgs<'_>> {
    let (mut json, mut fail_on_breaking) = (false, false);
    let mut files = Vec::new();
    for arg in args {
        match arg.as_str() {
            "--json" => json = true,
            "--fail-on-breaking" => fail_on_breaking = true,
            flag if flag.starts_with("--") => return None,
            file => files.push(Path::new(file)),
        }
    }
    match files[..] {
        [old, new] => Some(DiffArgs {
            old,
            new,
            json,
            fail_on_breaking,
        }),
        _ => None,
    }
}

/// Prints the changelog between two valid spec files. Breaking changes are
/// still a successful diff unless `--fail-on-breaking` asks otherwise.
fn diff_versions(args: &[String]) -> ExitCode {
    let Some(args) = parse_diff_args(args) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let Some((old, new)) = load_both(args.old, args.new) else {
        return ExitCode::FAILURE;
    };
    let changelog = diff::diff(&old, &new);
    if !print_changelog(&changelog, args.json) {
        return ExitCode::FAILURE;
    }
    if args.fail_on_breaking && changelog.has_breaking() {
        let count = changelog.breaking_count();
        eprintln!(
            "error: {count} breaking change{}",
            if count == 1 { "" } else { "s" }
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Validates both files, reporting the problems of both together.
fn load_both(
    old: &Path,
    new: &Path,
) -> Option<(cloud_sdk_codegen::Service, cloud_sdk_codegen::Service)> {
    match (diff::load(old), diff::load(new)) {
        (Ok(old), Ok(new)) => Some((old, new)),
        (old, new) => {
            let mut problems = Diagnostics::default();
            for result in [old, new] {
                if let Err(found) = result {
                    problems.extend(found);
                }
            }
            eprintln!("{problems}");
            None
        }
    }
}

fn print_changelog(changelog: &Changelog, json: bool) -> bool {
    if !json {
        print!("{changelog}");
        return true;
    }
    match serde_json::to_string_pretty(changelog) {
        Ok(text) => {
            println!("{text}");
            true
        }
        Err(e) => {
            eprintln!("error: cannot write the changelog: {e}");
            false
        }
    }
}
