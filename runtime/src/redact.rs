//! What stands in for secrets in `Debug` output: one marker everywhere, and
//! for optional secrets whether one is set (`None` or `Some("<redacted>")`),
//! never what it is.

use std::collections::BTreeMap;
use std::fmt;

/// The text printed in place of a secret.
pub const MARKER: &str = "<redacted>";

/// Prints as `"<redacted>"`, quoted like the string it replaces.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

/// Put in place of a secret by hand-written `Debug` impls.
pub const REDACTED: Redacted = Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(MARKER, f)
    }
}

/// What generated `Debug` impls print for a sensitive field.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Redaction {
    /// An optional secret that is not set: `None`.
    Unset,
    /// An optional secret that is set: `Some("<redacted>")`.
    Set,
    /// A secret that is always there: `"<redacted>"`.
    Value,
}

impl fmt::Debug for Redaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Redaction::Unset => f.write_str("None"),
            Redaction::Set => f.debug_tuple("Some").field(&REDACTED).finish(),
            Redaction::Value => REDACTED.fmt(f),
        }
    }
}

/// How a field type shows up redacted.
pub trait Redact {
    /// The stand-in for this value.
    fn redaction(&self) -> Redaction;
}

/// The stand-in for a sensitive field, for `Debug` output.
pub fn redacted<T: Redact + ?Sized>(value: &T) -> Redaction {
    value.redaction()
}

impl<T: Redact> Redact for Option<T> {
    fn redaction(&self) -> Redaction {
        match self {
            Some(_) => Redaction::Set,
            None => Redaction::Unset,
        }
    }
}

impl<T: Redact + ?Sized> Redact for Box<T> {
    fn redaction(&self) -> Redaction {
        (**self).redaction()
    }
}

macro_rules! always_present {
    ($($ty:ty),*) => {$(
        impl Redact for $ty {
            fn redaction(&self) -> Redaction {
                Redaction::Value
            }
        }
    )*};
}

always_present!(
    str,
    String,
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    serde_json::Value
);

impl<T> Redact for Vec<T> {
    fn redaction(&self) -> Redaction {
        Redaction::Value
    }
}

impl<T> Redact for BTreeMap<String, T> {
    fn redaction(&self) -> Redaction {
        Redaction::Value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_secrets_show_presence_only() {
        let set = Some("hunter2".to_owned());
        let unset: Option<String> = None;
        assert_eq!(format!("{:?}", redacted(&set)), "Some(\"<redacted>\")");
        assert_eq!(format!("{:?}", redacted(&unset)), "None");
        assert_eq!(format!("{:?}", redacted("hunter2")), "\"<redacted>\"");
        assert_eq!(format!("{REDACTED:?}"), "\"<redacted>\"");
    }
}
