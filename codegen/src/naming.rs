//! Rust names for wire names: case conversion and the names Rust reserves.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of every edition up to 2024, strict and reserved.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers (`r#self` is invalid).
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Type names of the prelude and of std that generated code or its users
/// name without a path; a spec type with one of these names would shadow it.
const SHADOWED_TYPES: &[&str] = &[
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

/// Name parts that mark a member as probably secret: the validator asks
/// for an explicit `sensitive` flag on any member whose name holds one.
const SECRET_HINTS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "accesskey",
    "access_key",
    "credential",
    "privatekey",
    "private_key",
];

/// The secret-looking part of a member name, if any (case-insensitive).
pub fn secret_hint(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    SECRET_HINTS
        .iter()
        .copied()
        .find(|hint| lower.contains(hint))
}

/// Hints that always mean a secret (a subset of [`SECRET_HINTS`]).
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "credential",
    "privatekey",
    "private_key",
];

/// Tokens that are not secrets: pagination cursors and idempotency keys.
const PUBLIC_TOKENS: &[&str] = &[
    "nexttoken",
    "pagetoken",
    "continuationtoken",
    "clienttoken",
    "idempotencytoken",
    // The name of a token, not the token.
    "tokenid",
];

/// Whether a member named `name` holds a secret, as the importers decide
/// it; `None` when the name does not look secret ([`secret_hint`] finds
/// nothing). Names holding one of `password`, `passwd`, `secret`,
/// `credential`, `privatekey`, `private_key` are secret; so are `token`
/// names except pagination and idempotency tokens (`NextToken`,
/// `PageToken`, `ContinuationToken`, `ClientToken`, `IdempotencyToken`),
/// and `accesskey`/`access_key` names except the public key id (a name
/// ending in `Id`/`ID`: `AccessKeyId`). A bare `AccessKey` is the key's
/// secret half.
pub fn is_secret(name: &str) -> Option<bool> {
    secret_hint(name)?;
    let lower = name.to_lowercase();
    let secret = SECRET_WORDS.iter().any(|word| lower.contains(word))
        || (lower.contains("token") && !PUBLIC_TOKENS.iter().any(|t| lower.ends_with(t)))
        || ((lower.contains("accesskey") || lower.contains("access_key"))
            && !lower.ends_with("id"));
    Some(secret)
}

/// Field or module name for a wire name: `DtsInstanceID` → `dts_instance_id`.
pub fn snake(wire: &str) -> String {
    wire.to_snake_case()
}

/// Type or variant name for a wire name: `migrate_option` → `MigrateOption`.
pub fn camel(wire: &str) -> String {
    wire.to_upper_camel_case()
}

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

/// Is `name` a Rust keyword in some edition?
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Does `name` shadow a prelude or common std type?
pub fn shadows_std(name: &str) -> bool {
    SHADOWED_TYPES.contains(&name)
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
    fn conversions_keep_acronyms_readable() {
        assert_eq!(snake("DescribeDTSIP"), "describe_dtsip");
        assert_eq!(snake("DtsInstanceID"), "dts_instance_id");
        assert_eq!(camel("2xlarge"), "2xlarge");
        assert_eq!(camel("mysql"), "Mysql");
    }

    #[test]
    fn service_modules_are_never_keywords() {
        assert_eq!(service_module("dts"), "dts");
        assert_eq!(service_module("Dts"), "dts");
        assert_eq!(service_module("as"), "as_");
        assert_eq!(service_module("self"), "self_");
        assert_eq!(service_module("tcr-ee"), "tcr_ee");
    }

    #[test]
    fn secrets() {
        assert_eq!(is_secret("Password"), Some(true));
        assert_eq!(is_secret("TmpSecretKey"), Some(true));
        assert_eq!(is_secret("TmpToken"), Some(true));
        assert_eq!(is_secret("SessionToken"), Some(true));
        assert_eq!(is_secret("NextToken"), Some(false));
        assert_eq!(is_secret("ClientToken"), Some(false));
        assert_eq!(is_secret("TokenId"), Some(false));
        assert_eq!(is_secret("AccessKey"), Some(true));
        assert_eq!(is_secret("access_key"), Some(true));
        assert_eq!(is_secret("AccessKeyId"), Some(false));
        assert_eq!(is_secret("AccessKeyID"), Some(false));
        assert_eq!(is_secret("access_key_id"), Some(false));
        assert_eq!(is_secret("JobId"), None);
        // Every word that decides a secret is also a hint the validator sees.
        for word in SECRET_WORDS {
            assert_eq!(secret_hint(word), Some(*word));
        }
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("job_id"));
        assert!(is_identifier("r#type"));
        assert!(!is_identifier("type"));
        assert!(!is_identifier("gen"));
        assert!(!is_identifier("r#self"));
        assert!(!is_identifier("2xlarge"));
        assert!(!is_identifier("_"));
        assert!(!is_identifier(""));
    }
}
