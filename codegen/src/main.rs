//! `sdkgen`: the generator's command line.
//!
//! ```text
//! sdkgen check <spec file or folder>...
//! sdkgen generate <spec folder> <output folder>
//! sdkgen import tencent <api.json>
//! sdkgen import alibaba <api-docs.json>
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cloud_sdk_codegen::{generate, load, load_dir, Diagnostics};

const USAGE: &str = "usage:
  sdkgen check <spec file or folder>...     validate spec files, reporting every problem
  sdkgen generate <spec folder> <out folder> write the generated Rust sources
  sdkgen import tencent <api.json>          print a spec made from Tencent's tccli metadata
  sdkgen import alibaba <api-docs.json>     print a spec made from Alibaba's OpenAPI metadata";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") if args.len() > 1 => check(&args[1..]),
        Some("generate") if args.len() == 3 => {
            generate_into(Path::new(&args[1]), Path::new(&args[2]))
        }
        Some("import") if args.len() == 3 && args[1] == "tencent" => {
            import_tencent(Path::new(&args[2]))
        }
        Some("import") if args.len() == 3 && args[1] == "alibaba" => {
            import_alibaba(Path::new(&args[2]))
        }
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
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
    let files = match generate(&services, |_| true) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::create_dir_all(out_dir) {
        eprintln!("error: cannot create {}: {e}", out_dir.display());
        return ExitCode::FAILURE;
    }
    for file in &files {
        let path = out_dir.join(&file.name);
        if let Err(e) = std::fs::write(&path, &file.contents) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    println!("wrote {} files to {}", files.len(), out_dir.display());
    ExitCode::SUCCESS
}

fn import_tencent(path: &Path) -> ExitCode {
    import_with(path, |path, text| {
        let import = cloud_sdk_codegen::import::tencent::import_tencent_report(path, text)?;
        if !import.skipped_offline.is_empty() {
            eprintln!(
                "left out {} offline action(s): {}",
                import.skipped_offline.len(),
                import.skipped_offline.join(", ")
            );
        }
        Ok(import.spec)
    })
}

fn import_alibaba(path: &Path) -> ExitCode {
    import_with(path, cloud_sdk_codegen::import::alibaba::import_alibaba)
}

/// Reads vendor metadata, imports it and prints the spec as JSON.
fn import_with(
    path: &Path,
    import: impl FnOnce(&Path, &str) -> Result<cloud_sdk_codegen::spec::SpecFile, Diagnostics>,
) -> ExitCode {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let spec = match import(path, &text) {
        Ok(spec) => spec,
        Err(problems) => {
            eprintln!("{problems}");
            return ExitCode::FAILURE;
        }
    };
    match serde_json::to_string_pretty(&spec) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write the spec: {e}");
            ExitCode::FAILURE
        }
    }
}
