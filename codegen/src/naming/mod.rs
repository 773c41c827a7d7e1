//! Every Rust name the generator derives from a wire name, and the names
//! Rust, std and the generated code reserve. The importers, the model and
//! `diff` all use this module, so a wire name has one Rust name everywhere.
//!
//! - [`words`]: the word-splitting rule ([`snake`], [`camel`]);
//! - [`reserved`]: keywords, std names, reserved modules, methods and
//!   variants, and [`is_identifier`];
//! - [`error_codes`]: variant names of error codes;
//! - [`secrets`]: which member names hold secrets;
//! - [`nested`]: names of the types importers synthesise for nested objects;
//! - this file: the default name of each kind of item, and the fixes the
//!   importers write into a spec (`rust_name`) when a default does not work.
//!
//! The rules and their reasons are in `docs/naming.md`.

pub mod error_codes;
pub mod nested;
pub mod reserved;
pub mod secrets;
pub mod words;

use std::collections::HashSet;

pub use error_codes::{
    common_codes, error_variants, VariantProblem, ALIBABA_COMMON_CODES, TENCENT_COMMON_CODES,
};
pub use nested::nested_type_names;
pub use reserved::{
    is_identifier, is_keyword, is_reserved_method, is_reserved_module, shadows_std,
};
pub use secrets::{is_secret, secret_hint};
pub use words::{camel, snake};

/// Module name for a service short name: `dts` → `dts`. A keyword takes a
/// trailing underscore (Tencent's Auto Scaling is `as` → `as_`): modules are
/// never raw identifiers, so paths read the same in `use` and in file names.
/// The result may still not be an identifier (`3d`); callers check.
pub fn service_module(service: &str) -> String {
    let snake = snake(service);
    if is_keyword(&snake) {
        format!("{snake}_")
    } else {
        snake
    }
}

/// The Rust field (and setter) name of a member without `rust_name`: its
/// snake case, with `_value` after a name that is a method of generated
/// structures (`Default` → `default_value`, `New` → `new_value`). The
/// result may be a keyword or no identifier; the validator reports that.
pub fn field_name(wire: &str) -> String {
    let snake = snake(wire);
    if is_reserved_method(&snake) {
        format!("{snake}_value")
    } else {
        snake
    }
}

/// The field name an importer gives a member: [`field_name`], with a
/// keyword written as a raw identifier (`Type` → `r#type`; `self_` where
/// Rust has no raw form) and other characters made identifier-safe.
pub fn importer_field_name(wire: &str) -> String {
    let name = field_name(wire);
    if is_keyword(&name) {
        if is_identifier(&format!("r#{name}")) {
            format!("r#{name}")
        } else {
            format!("{name}_")
        }
    } else {
        sanitize(&name)
    }
}

/// [`importer_field_name`] for a member of a structure users build, whose
/// field gets a setter: an operator method's name gets `_value` after it
/// (`Add` → `add_value`, see [`reserved::OPERATOR_METHODS`]).
pub fn importer_setter_name(wire: &str) -> String {
    let name = importer_field_name(wire);
    if reserved::OPERATOR_METHODS.contains(&name.as_str()) {
        format!("{name}_value")
    } else {
        name
    }
}

/// The method and module name of an action without `rust_name`: its snake
/// case (`DescribeDTSIP` → `describe_dtsip`).
pub fn action_module(wire: &str) -> String {
    snake(wire)
}

/// The module name an importer gives an action: [`action_module`], with
/// `_action` after a keyword, a reserved module name or a non-identifier.
pub fn importer_action_module(wire: &str) -> String {
    let name = action_module(wire);
    if is_keyword(&name) || is_reserved_module(&name) || !is_identifier(&name) {
        format!("{}_action", sanitize(&name))
    } else {
        name
    }
}

/// The Rust name of a type or enumeration without `rust_name`.
pub fn type_name(wire: &str) -> String {
    camel(wire)
}

/// The type name an importer gives a type: [`type_name`], identifier-safe,
/// with `Info` after a name that shadows std (`Option` → `OptionInfo`).
pub fn importer_type_name(wire: &str) -> String {
    let mut name = sanitize(&type_name(wire));
    if shadows_std(&name) {
        name.push_str("Info");
    }
    name
}

/// Makes `name` an identifier: other characters become `_`, and a leading
/// digit gets an `n` before it.
pub fn sanitize(name: &str) -> String {
    if is_identifier(name) {
        return name.to_owned();
    }
    let mut out: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, 'n');
    }
    out
}

/// `name`, or the first of `name_2`, `name_3`, ... (`Name2`, `Name3` for
/// upper camel case names) that is not taken; raw prefixes are dropped
/// from the numbered forms, which are never keywords.
pub fn unique(name: &str, taken: &HashSet<String>) -> String {
    if !taken.contains(name) {
        return name.to_owned();
    }
    let bare = name.strip_prefix("r#").unwrap_or(name);
    let upper = bare.starts_with(|c: char| c.is_ascii_uppercase());
    (2..)
        .map(|n| {
            if upper {
                format!("{bare}{n}")
            } else {
                format!("{bare}_{n}")
            }
        })
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_modules_are_never_keywords() {
        let table = [
            ("dts", "dts"),
            ("Dts", "dts"),
            ("as", "as_"),
            ("self", "self_"),
            ("tcr-ee", "tcr_ee"),
        ];
        for (service, expected) in table {
            assert_eq!(service_module(service), expected, "{service}");
        }
    }

    #[test]
    fn field_names_avoid_generated_methods() {
        let table = [
            ("JobId", "job_id"),
            ("Default", "default_value"),
            ("New", "new_value"),
            ("Validate", "validate_value"),
            ("NewName", "new_name"),
            ("Type", "type"),
        ];
        for (wire, expected) in table {
            assert_eq!(field_name(wire), expected, "{wire}");
        }
    }

    #[test]
    fn importer_fixes() {
        let fields = [
            ("Type", "r#type"),
            ("Self", "self_"),
            ("Default", "default_value"),
            ("JobID", "job_id"),
            ("2xlarge", "n2xlarge"),
            (
                "SourceEndpoint.InstanceType",
                "source_endpoint_instance_type",
            ),
        ];
        for (wire, expected) in fields {
            assert_eq!(importer_field_name(wire), expected, "{wire}");
        }
        let actions = [
            ("DescribeJobs", "describe_jobs"),
            ("Types", "types_action"),
            ("Move", "move_action"),
            ("New", "new_action"),
        ];
        for (wire, expected) in actions {
            assert_eq!(importer_action_module(wire), expected, "{wire}");
        }
        let types = [
            ("TagItem", "TagItem"),
            ("Option", "OptionInfo"),
            ("result", "ResultInfo"),
            ("3DModel", "n3dModel"),
        ];
        for (wire, expected) in types {
            assert_eq!(importer_type_name(wire), expected, "{wire}");
        }
    }

    #[test]
    fn unique_names() {
        let mut taken = HashSet::new();
        assert_eq!(unique("job_id", &taken), "job_id");
        taken.insert("job_id".to_owned());
        assert_eq!(unique("job_id", &taken), "job_id_2");
        taken.insert("TagItem".to_owned());
        assert_eq!(unique("TagItem", &taken), "TagItem2");
    }
}
