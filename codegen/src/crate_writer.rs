//! A complete, standalone crate around the generated sources (`sdkgen
//! generate --crate`): `Cargo.toml`, `README.md`, `src/lib.rs` and the
//! files [`crate::generate_each`] writes, under `src/`. It depends on the
//! runtime and serde only, so it builds without the generator (no syn,
//! quote or prettyplease), like progenitor's static-crate mode.

use std::fmt::Write as _;

use crate::{GeneratedFile, Service};

/// Folder of the generated sources inside the crate.
pub const SOURCE_DIR: &str = "src";

/// Where the written crate finds `cloud-sdk-runtime`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeSource {
    /// A registry version requirement (`0.1.0`).
    Version(String),
    /// A path, relative to the written crate or absolute, with `/` between
    /// components as Cargo.toml writes it.
    Path(String),
}

/// What the written crate is called and what it depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateOptions {
    /// Package name (`dts-sdk-static`).
    pub name: String,
    /// Where the runtime comes from.
    pub runtime: RuntimeSource,
}

impl CrateOptions {
    /// `name`, depending on the runtime of this generator's version.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            runtime: RuntimeSource::Version(RUNTIME_VERSION.to_owned()),
        }
    }
}

/// Version of the runtime the generated code is written against: the
/// generator's own (the workspace releases them together).
pub const RUNTIME_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Is `name` a valid package name? Cargo's rule: ASCII letters, digits,
/// `-` and `_`, not starting with a digit.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The files around the generated sources: `Cargo.toml`, `README.md` and
/// `src/lib.rs`. Names are relative to the crate's folder.
pub fn crate_files(services: &[Service], options: &CrateOptions) -> Vec<GeneratedFile> {
    vec![
        GeneratedFile {
            name: "Cargo.toml".into(),
            contents: manifest(services, options),
        },
        GeneratedFile {
            name: "README.md".into(),
            contents: readme(services, options),
        },
        GeneratedFile {
            name: format!("{SOURCE_DIR}/lib.rs"),
            contents: lib_rs(services),
        },
    ]
}

fn manifest(services: &[Service], options: &CrateOptions) -> String {
    let runtime = match &options.runtime {
        RuntimeSource::Version(version) => format!("{{ version = {} }}", toml_string(version)),
        RuntimeSource::Path(path) => format!(
            "{{ path = {}, version = {} }}",
            toml_string(path),
            toml_string(RUNTIME_VERSION)
        ),
    };
    let features: Vec<&str> = services.iter().map(|s| s.feature.as_str()).collect();
    let mut out = String::new();
    out.push_str("# Written by `sdkgen generate --crate` from the spec files; regenerate\n");
    out.push_str("# rather than edit.\n\n[package]\n");
    let _ = writeln!(out, "name = {}", toml_string(&options.name));
    let _ = writeln!(out, "version = {}", toml_string(RUNTIME_VERSION));
    out.push_str("edition = \"2021\"\nrust-version = \"1.88\"\n");
    let _ = writeln!(out, "description = {}", toml_string(&description(services)));
    out.push_str("license = \"MIT OR Apache-2.0\"\n\n");
    out.push_str("[features]\n# One feature per spec file; all are on by default.\n");
    let _ = writeln!(
        out,
        "default = [{}]",
        features
            .iter()
            .map(|f| toml_string(f))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for feature in &features {
        let _ = writeln!(out, "{feature} = []");
    }
    out.push_str("\n[dependencies]\n");
    let _ = writeln!(out, "cloud-sdk-runtime = {runtime}");
    out.push_str("serde = \"1\"\nserde_json = \"1\"\n\n");
    out.push_str(
        "# Its own workspace, so it also builds where it was written (inside another\n\
         # workspace's folder); delete this table to make it a member of yours.\n\
         [workspace]\n",
    );
    out
}

fn description(services: &[Service]) -> String {
    let versions: Vec<String> = services
        .iter()
        .map(|s| format!("{} {} {}", s.module_path[0], s.service, s.version))
        .collect();
    format!(
        "Typed Rust SDK generated from spec files ({}).",
        versions.join(", ")
    )
}

fn readme(services: &[Service], options: &CrateOptions) -> String {
    let mut out = format!("# {}\n\n", options.name);
    out.push_str(
        "A typed Rust SDK written by `sdkgen generate --crate` from the spec files\n\
         below. It depends on `cloud-sdk-runtime` and serde only: building it does\n\
         not run or compile the generator. Regenerate it rather than edit it.\n\n",
    );
    out.push_str("| module | cargo feature | actions | client |\n|---|---|---|---|\n");
    for s in services {
        let _ = writeln!(
            out,
            "| `{}` | `{}` | {} | `{}` |",
            s.module_path.join("::"),
            s.feature,
            s.actions.len(),
            s.client_name
        );
    }
    let crate_name = options.name.replace('-', "_");
    let _ = write!(
        out,
        "\nEvery feature is on by default; pick some with `default-features = false`:\n\n\
         ```toml\n[dependencies]\n{} = {{ path = \"path/to/{}\", default-features = false, features = [\"{}\"] }}\n```\n\n\
         The API is the same as `dts-sdk`'s: `{crate_name}::<provider>::<service>::v<version>`\n\
         holds the client, `types` and one module per action, and `{crate_name}::runtime`\n\
         is the runtime (credentials, region, endpoint, retries).\n",
        options.name,
        options.name,
        services.first().map_or("", |s| s.feature.as_str()),
    );
    out
}

fn lib_rs(services: &[Service]) -> String {
    format!(
        "//! {}\n//!\n//! Written by `sdkgen generate --crate`; regenerate rather than edit.\n\
         #![deny(missing_docs)]\n\n\
         pub use cloud_sdk_runtime as runtime;\n\n\
         include!(\"{}\");\n",
        description(services),
        crate::TREE_FILE
    )
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_follow_cargo() {
        assert!(valid_name("dts-sdk-static"));
        assert!(valid_name("my_sdk2"));
        assert!(!valid_name(""));
        assert!(!valid_name("2sdk"));
        assert!(!valid_name("dts sdk"));
        assert!(!valid_name("dts\"sdk"));
    }

    #[test]
    fn toml_strings_escape_quotes_backslashes_and_controls() {
        assert_eq!(toml_string(r#"C:\a "b""#), r#""C:\\a \"b\"""#);
        assert_eq!(toml_string("a\nb"), "\"a\\u000Ab\"");
    }
}
