//! The value held by the unknown case of a generated enumeration or
//! error-code enum.
//!
//! Generated enums end with `Unknown(UnknownValue<..>)` (error codes with
//! `Other(UnknownValue<String>)`), the way aws-sdk-rust's generated enums
//! hold `UnknownVariantValue`: the value is kept and readable through the
//! enum's `as_str()` (or `value()`), but user code cannot build one (the
//! type has no constructor; generated code builds it through the hidden
//! `__private` module, which is not API)
//! and the variant is `#[deprecated]`, so matching on it by name warns (an
//! error under `-D warnings`). A value a later spec lists then moves to its
//! own variant without silently changing what an existing `match` does:
//! code that wants to see unlisted values compares `as_str()` instead.

use std::fmt;

/// A value the spec did not list, as received.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue<T>(T);

/// Wraps a value: for generated code only, reached through
/// `cloud_sdk_runtime::__private` (the type itself has no constructor).
#[doc(hidden)]
pub fn unknown_value<T>(value: T) -> UnknownValue<T> {
    UnknownValue(value)
}

impl UnknownValue<String> {
    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl UnknownValue<i64> {
    /// The value as received.
    pub fn value(&self) -> i64 {
        self.0
    }
}

impl<T: fmt::Debug> fmt::Debug for UnknownValue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_and_shows_the_value() {
        let text = unknown_value("4xlarge".to_owned());
        assert_eq!(text.as_str(), "4xlarge");
        assert_eq!(format!("{text:?}"), "\"4xlarge\"");
        assert_eq!(unknown_value(7_i64).value(), 7);
    }
}
