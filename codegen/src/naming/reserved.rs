//! The names Rust, std and the generated code reserve: one table each.

/// Keywords of every edition up to 2024, strict and reserved.
pub const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers (`r#self` is invalid).
pub const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Type names of the prelude and of std that generated code or its users
/// name without a path; a spec type with one of these names would shadow it.
pub const SHADOWED_TYPES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Drop",
    "Eq",
    "Err",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Module names inside a service version that the generated code uses
/// itself, or that would collide with its items: an action cannot take
/// them as its module and method name.
pub const RESERVED_MODULES: &[&str] = &["types", "new", "runtime", "from_runtime"];

/// Methods every generated structure with a builder has (`new`,
/// `validate`) or gets from a derive (`Default::default`): a field with one
/// of these names would give a setter that clashes with it.
pub const RESERVED_METHODS: &[&str] = &["new", "validate", "default"];

/// Methods of the std operator traits that take `self` and one value and
/// return `Self`, the shape of a builder setter: clippy's
/// `should_implement_trait` refuses a setter with one of these names
/// (`Add` → `fn add(self, ..) -> Self`).
pub const OPERATOR_METHODS: &[&str] = &[
    "add", "sub", "mul", "div", "rem", "shl", "shr", "bitand", "bitor", "bitxor",
];

/// Variant names every error-code enumeration reserves for itself.
pub const RESERVED_VARIANTS: &[&str] = &["Common", "Other", "Unknown"];

/// Is `name` a Rust keyword in some edition?
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Does `name` shadow a prelude or common std type?
pub fn shadows_std(name: &str) -> bool {
    SHADOWED_TYPES.contains(&name)
}

/// Is `name` taken by the generated code as an action module?
pub fn is_reserved_module(name: &str) -> bool {
    RESERVED_MODULES.contains(&name)
}

/// Is `name` a method of generated structures?
pub fn is_reserved_method(name: &str) -> bool {
    RESERVED_METHODS.contains(&name)
}

/// Is `name` usable as an identifier? Accepts raw identifiers (`r#type`)
/// where Rust allows them.
pub fn is_identifier(name: &str) -> bool {
    let bare = match name.strip_prefix("r#") {
        Some(bare) => {
            if NOT_RAW.contains(&bare) {
                return false;
            }
            bare
        }
        None => {
            if is_keyword(name) {
                return false;
            }
            name
        }
    };
    let mut chars = bare.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first == '_' || first.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && bare != "_"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        let table: &[(&str, bool)] = &[
            ("job_id", true),
            ("r#type", true),
            ("type", false),
            ("gen", false),
            ("r#self", false),
            ("2xlarge", false),
            ("_", false),
            ("", false),
        ];
        for (name, expected) in table {
            assert_eq!(is_identifier(name), *expected, "is_identifier({name:?})");
        }
    }

    #[test]
    fn reserved_tables() {
        assert!(is_keyword("type") && is_keyword("gen") && !is_keyword("kind"));
        assert!(shadows_std("Option") && !shadows_std("MigrateOption"));
        assert!(is_reserved_module("types") && !is_reserved_module("describe_jobs"));
        assert!(is_reserved_method("default") && !is_reserved_method("job_id"));
    }
}
