//! `sdkgen`: the generator's command line.
//!
//! ```text
//! sdkgen check <spec file or folder>...
//! sdkgen generate <spec folder> <output folder>
//! sdkgen import tencent <api.json> [--error-codes <errorcodes.py> --action-errors <client.go>] [--into <spec file>]
//! sdkgen import alibaba <api-docs.json> [--into <spec file>]
//! sdkgen diff <old.json> <new.json> [--json] [--fail-on-breaking]
//! sdkgen stats <spec file or folder>... [--json]
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cloud_sdk_codegen::diff::{self, Changelog};
use cloud_sdk_codegen::import::merge;
use cloud_sdk_codegen::spec::{self, SpecFile};
use cloud_sdk_codegen::{generate_each, load, load_dir, Diagnostics};

const USAGE: &str = "usage:
  sdkgen check <spec file or folder>...     validate spec files, reporting every problem
  sdkgen generate <spec folder> <out folder> write the generated Rust sources
  sdkgen import tencent <api.json>          print a spec made from Tencent's tccli metadata
  sdkgen import alibaba <api-docs.json>     print a spec made from Alibaba's OpenAPI metadata
      --into <spec file>                    merge into that spec instead, keeping what people
                                            wrote (docs, enums, overrides), and report changes
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
        Some("generate") if args.len() == 3 => {
            generate_into(Path::new(&args[1]), Path::new(&args[2]))
        }
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

fn generate_into(spec_dir: &Path, out_dir: &Path) -> ExitCode {
    let services = match load_dir(spec_dir) {
        Ok((services, _)) => services,
        Err(problems) => {
            eprintln!("{problems}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::create_dir_all(out_dir) {
        eprintln!("error: cannot create {}: {e}", out_dir.display());
        return ExitCode::FAILURE;
    }
    // One service at a time: each file is written as soon as it is made.
    let written = generate_each(
        &services,
        |_| true,
        |file| {
            let path = out_dir.join(&file.name);
            std::fs::write(&path, &file.contents)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))
        },
    );
    match written {
        Ok(count) => {
            println!("wrote {count} files to {}", out_dir.display());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `import <provider> <metadata> [--into <spec file>]`, Tencent also with
/// `--error-codes <errorcodes.py> --action-errors <client.go>`.
fn import(args: &[String]) -> ExitCode {
    let [provider, metadata, flags @ ..] = args else {
        return usage_error();
    };
    let (mut into, mut error_codes, mut action_errors) = (None, None, None);
    for pair in flags.chunks(2) {
        match pair {
            [flag, value] if flag == "--into" => into = Some(Path::new(value)),
            [flag, value] if flag == "--error-codes" => error_codes = Some(Path::new(value)),
            [flag, value] if flag == "--action-errors" => action_errors = Some(Path::new(value)),
            _ => return usage_error(),
        }
    }
    let mut imported = match provider.as_str() {
        "tencent" => read_and_import(Path::new(metadata), import_tencent),
        "alibaba" if error_codes.is_none() && action_errors.is_none() => read_and_import(
            Path::new(metadata),
            cloud_sdk_codegen::import::import_alibaba,
        ),
        _ => return usage_error(),
    };
    match (&mut imported, error_codes, action_errors) {
        (_, None, None) => {}
        (Some(spec), Some(module), Some(go)) => {
            let (Some(module_text), Some(go_text)) = (read(module), read(go)) else {
                return ExitCode::FAILURE;
            };
            let module_name = module.display().to_string();
            let go_name = go.display().to_string();
            if let Err(message) = cloud_sdk_codegen::import::tencent_errors::apply(
                spec,
                (&module_name, &module_text),
                (&go_name, &go_text),
            ) {
                eprintln!("error: {message}");
                return ExitCode::FAILURE;
            }
        }
        (None, _, _) => {}
        _ => {
            eprintln!("error: --error-codes and --action-errors go together");
            return usage_error();
        }
    }
    let Some(imported) = imported else {
        return ExitCode::FAILURE;
    };
    match into {
        None => {
            print!("{}", spec::to_text(&imported));
            ExitCode::SUCCESS
        }
        Some(path) => merge_into(path, imported),
    }
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

fn usage_error() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn import_tencent(path: &Path, text: &str) -> Result<SpecFile, Diagnostics> {
    let import = cloud_sdk_codegen::import::import_tencent_report(path, text)?;
    if !import.skipped_offline.is_empty() {
        eprintln!(
            "left out {} offline action(s): {}",
            import.skipped_offline.len(),
            import.skipped_offline.join(", ")
        );
    }
    Ok(import.spec)
}

/// Reads vendor metadata and imports it; problems are printed.
fn read_and_import(
    path: &Path,
    import: impl FnOnce(&Path, &str) -> Result<SpecFile, Diagnostics>,
) -> Option<SpecFile> {
    let text = read(path)?;
    import(path, &text)
        .map_err(|problems| eprintln!("{problems}"))
        .ok()
}

/// Merges an import into a spec file (or creates it), validating the
/// result before anything is written, and reports what changed.
fn merge_into(path: &Path, imported: SpecFile) -> ExitCode {
    let (existing, merged) = if path.exists() {
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
        (Some(existing), merged.spec)
    } else {
        (None, imported)
    };
    let text = spec::to_text(&merged);
    if let Err(problems) = cloud_sdk_codegen::load_str(path, &text) {
        eprintln!("{problems}");
        eprintln!(
            "error: the merged spec is not valid; {} is unchanged",
            path.display()
        );
        return ExitCode::FAILURE;
    }
    if let Err(e) = std::fs::write(path, &text) {
        eprintln!("error: cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    match existing {
        Some(existing) => print!("{}", diff::diff(&existing, &merged)),
        None => println!(
            "created {} with {} actions",
            path.display(),
            merged.actions.len()
        ),
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
) -> Option<(
    cloud_sdk_codegen::spec::SpecFile,
    cloud_sdk_codegen::spec::SpecFile,
)> {
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
