//! Coverage of a spec file: how much of it has our documentation, how many
//! enumerations it defines, and how many actions document their error
//! codes. `sdkgen stats` prints it; a test holds the figures as minimums.

use std::fmt;

use serde::Serialize;

use crate::spec::file::{Member, SpecFile};

/// A count of things and how many of them have something.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Ratio {
    /// How many have it.
    pub done: usize,
    /// How many there are.
    pub total: usize,
}

impl Ratio {
    fn count<T>(items: impl IntoIterator<Item = T>, has: impl Fn(&T) -> bool) -> Self {
        let mut ratio = Self::default();
        for item in items {
            ratio.total += 1;
            ratio.done += usize::from(has(&item));
        }
        ratio
    }

    /// The share done, in percent (100 when there is nothing to do).
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            // Counts stay far below 2^52: exact as f64.
            #[allow(clippy::cast_precision_loss)]
            let share = self.done as f64 / self.total as f64;
            share * 100.0
        }
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} of {} ({:.1}%)",
            self.done,
            self.total,
            self.percent()
        )
    }
}

/// The coverage of one spec file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// Stem of the file (`tencent-dts-2021-12-06`).
    pub spec: String,
    /// Actions with docs.
    pub actions_documented: Ratio,
    /// Members (of requests, responses and types) with docs.
    pub members_documented: Ratio,
    /// Data types with docs.
    pub types_documented: Ratio,
    /// Enumerations defined.
    pub enums: usize,
    /// Enumerations with docs.
    pub enums_documented: Ratio,
    /// Enumeration values with docs.
    pub enum_values_documented: Ratio,
    /// Members whose type is an enumeration (or a list or map of one).
    pub enum_members: usize,
    /// Actions that list at least one error code of their own.
    pub actions_with_error_codes: Ratio,
    /// Error codes (per action) with docs.
    pub error_codes_documented: Ratio,
}

impl Stats {
    /// Counts what `spec` documents.
    pub fn of(spec: &SpecFile) -> Self {
        let members: Vec<&Member> = spec
            .actions
            .iter()
            .flat_map(|a| a.input.iter().chain(&a.output))
            .chain(spec.types.iter().flat_map(|t| &t.members))
            .collect();
        let documented = |docs: &str| !docs.trim().is_empty();
        let is_enum = |ty: &str| {
            let mut ty = ty.trim();
            while let Some(inner) = ty
                .strip_prefix("list<")
                .or_else(|| ty.strip_prefix("map<"))
                .and_then(|rest| rest.strip_suffix('>'))
            {
                ty = inner.trim();
            }
            spec.enums.iter().any(|e| e.name == ty)
        };
        Self {
            spec: spec.file_stem(),
            actions_documented: Ratio::count(&spec.actions, |a| documented(&a.docs)),
            members_documented: Ratio::count(&members, |m| documented(&m.docs)),
            types_documented: Ratio::count(&spec.types, |t| documented(&t.docs)),
            enums: spec.enums.len(),
            enums_documented: Ratio::count(&spec.enums, |e| documented(&e.docs)),
            enum_values_documented: Ratio::count(spec.enums.iter().flat_map(|e| &e.values), |v| {
                documented(&v.docs)
            }),
            enum_members: members.iter().filter(|m| is_enum(&m.ty)).count(),
            actions_with_error_codes: Ratio::count(&spec.actions, |a| !a.errors.is_empty()),
            error_codes_documented: Ratio::count(
                spec.actions.iter().flat_map(|a| &a.errors),
                |e| documented(&e.docs),
            ),
        }
    }
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.spec)?;
        writeln!(f, "  actions documented       {}", self.actions_documented)?;
        writeln!(f, "  members documented       {}", self.members_documented)?;
        writeln!(f, "  types documented         {}", self.types_documented)?;
        writeln!(
            f,
            "  enumerations             {} (documented {}; used by {} members)",
            self.enums, self.enums_documented, self.enum_members
        )?;
        writeln!(
            f,
            "  enum values documented   {}",
            self.enum_values_documented
        )?;
        writeln!(
            f,
            "  actions with error codes {}",
            self.actions_with_error_codes
        )?;
        writeln!(
            f,
            "  error codes documented   {}",
            self.error_codes_documented
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_what_has_docs() {
        let spec: SpecFile = serde_json::from_value(serde_json::json!({
            "format": 1, "provider": "tencent", "service": "dts", "version": "2021-12-06",
            "signing": ["tc3"], "endpoints": { "default": "dts.tencentcloudapi.com" },
            "actions": [
                { "name": "A", "docs": "Does A.",
                  "input": [ { "name": "K", "type": "list<Kind>", "docs": "Kinds." }, { "name": "N", "type": "string" } ],
                  "errors": [ { "code": "X.Y", "docs": "Bad." }, { "code": "X.Z" } ] },
                { "name": "B", "output": [ { "name": "T", "type": "Thing" } ] }
            ],
            "types": [ { "name": "Thing", "members": [ { "name": "M", "type": "Kind", "docs": "A kind." } ] } ],
            "enums": [ { "name": "Kind", "docs": "Kinds.", "type": "string",
                         "values": [ { "value": "a", "docs": "A." }, { "value": "b" } ] } ]
        }))
        .unwrap();
        let stats = Stats::of(&spec);
        assert_eq!(stats.spec, "tencent-dts-2021-12-06");
        assert_eq!(stats.actions_documented, Ratio { done: 1, total: 2 });
        assert_eq!(stats.members_documented, Ratio { done: 2, total: 4 });
        assert_eq!(stats.types_documented, Ratio { done: 0, total: 1 });
        assert_eq!(stats.enums, 1);
        assert_eq!(stats.enum_values_documented, Ratio { done: 1, total: 2 });
        assert_eq!(stats.enum_members, 2);
        assert_eq!(stats.actions_with_error_codes, Ratio { done: 1, total: 2 });
        assert_eq!(stats.error_codes_documented, Ratio { done: 1, total: 2 });
        assert_eq!(Ratio { done: 1, total: 3 }.to_string(), "1 of 3 (33.3%)");
        assert!(stats
            .to_string()
            .contains("members documented       2 of 4 (50.0%)"));
    }
}
