//! The marker that stands in for secrets in `Debug` output.

use std::fmt;

/// Prints as [`REDACTED`]'s text whatever it stands in for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

/// Put in place of a secret by generated `Debug` impls.
pub const REDACTED: Redacted = Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"** redacted **\"")
    }
}
