//! Checks of a request's values that the types cannot express (ranges,
//! lengths, list sizes), collected over the whole request so that one
//! [`InvalidRequest`] names every problem with its member path.
//!
//! Generated `validate` functions create a [`Problems`], call one method per
//! constrained member and [`Problems::nested`] / [`Problems::items`] /
//! [`Problems::entries`] for members holding structures that have checks of
//! their own (they implement [`Check`]), then [`Problems::finish`].

use std::collections::BTreeMap;

use crate::operation::{InvalidRequest, Problem};

/// A structure with checks of its own, reporting into [`Problems`].
pub trait Check {
    /// Adds what is wrong with `self` to `problems`.
    fn check(&self, problems: &mut Problems);
}

impl<T: Check> Check for Option<T> {
    fn check(&self, problems: &mut Problems) {
        if let Some(value) = self {
            value.check(problems);
        }
    }
}

impl<T: Check> Check for Box<T> {
    fn check(&self, problems: &mut Problems) {
        (**self).check(problems);
    }
}

/// The problems found so far, and the path of the structure being checked.
#[derive(Debug, Default)]
pub struct Problems {
    /// `Parent.List[2].` while checking inside that item; empty at the top.
    prefix: String,
    found: Vec<Problem>,
}

impl Problems {
    /// Nothing found yet.
    pub fn new() -> Self {
        Self::default()
    }

    fn push(&mut self, member: &str, reason: String) {
        self.found.push(Problem {
            member: format!("{}{member}", self.prefix),
            reason,
        });
    }

    /// A number must lie in `[min, max]`.
    pub fn range(&mut self, member: &str, value: f64, min: Option<f64>, max: Option<f64>) {
        let below = min.is_some_and(|min| value < min);
        let above = max.is_some_and(|max| value > max);
        if !(below || above) {
            return;
        }
        let bounds = match (min, max) {
            (Some(min), Some(max)) => format!("between {min} and {max}"),
            (Some(min), None) => format!("at least {min}"),
            (None, _) => format!("at most {}", max.unwrap_or_default()),
        };
        self.push(member, format!("must be {bounds}"));
    }

    /// A string must have at most `max` characters (not bytes).
    pub fn max_length(&mut self, member: &str, value: &str, max: usize) {
        let length = value.chars().count();
        if length > max {
            self.push(
                member,
                format!("must have at most {max} characters, has {length}"),
            );
        }
    }

    /// A list must have at most `max` items.
    pub fn max_items<T>(&mut self, member: &str, value: &[T], max: usize) {
        if value.len() > max {
            self.push(
                member,
                format!("must have at most {max} items, has {}", value.len()),
            );
        }
    }

    /// Checks the structure held in `member`, under `member.` in paths.
    pub fn nested<T: Check>(&mut self, member: &str, value: &T) {
        self.within(format!("{member}."), |problems| value.check(problems));
    }

    /// Checks each structure of the list `member`, under `member[index].`.
    pub fn items<T: Check>(&mut self, member: &str, value: &[T]) {
        for (index, item) in value.iter().enumerate() {
            self.within(format!("{member}[{index}]."), |problems| {
                item.check(problems)
            });
        }
    }

    /// Checks each structure of the map `member`, under `member["key"].`.
    pub fn entries<T: Check>(&mut self, member: &str, value: &BTreeMap<String, T>) {
        for (key, item) in value {
            self.within(format!("{member}[{key:?}]."), |problems| {
                item.check(problems)
            });
        }
    }

    fn within(&mut self, segment: String, check: impl FnOnce(&mut Self)) {
        let length = self.prefix.len();
        self.prefix.push_str(&segment);
        check(self);
        self.prefix.truncate(length);
    }

    /// `Ok` when nothing was found, else every problem as an error of
    /// `action`.
    pub fn finish(self, action: &'static str) -> Result<(), InvalidRequest> {
        if self.found.is_empty() {
            Ok(())
        } else {
            Err(InvalidRequest {
                action,
                problems: self.found,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the generator writes for `Table { TableName (at most 4 chars) }`.
    struct Table {
        name: String,
    }

    impl Check for Table {
        fn check(&self, problems: &mut Problems) {
            problems.max_length("TableName", &self.name, 4);
        }
    }

    struct Database {
        tables: Vec<Table>,
        by_key: BTreeMap<String, Table>,
        port: u32,
    }

    impl Check for Database {
        fn check(&self, problems: &mut Problems) {
            problems.items("Tables", &self.tables);
            problems.entries("ByKey", &self.by_key);
            problems.range("Port", f64::from(self.port), Some(1.0), Some(65535.0));
        }
    }

    fn table(name: &str) -> Table {
        Table { name: name.into() }
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let database = Database {
            tables: vec![table("ok"), table("a"), table("toolong")],
            by_key: BTreeMap::from([("k".to_owned(), table("12345"))]),
            port: 0,
        };
        let mut problems = Problems::new();
        problems.nested("Database", &Some(Box::new(database)));
        problems.max_items("Tags", &[1, 2, 3], 2);
        let error = problems.finish("CreateMigrateJob").unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid CreateMigrateJob request: \
             `Database.Tables[2].TableName` must have at most 4 characters, has 7; \
             `Database.ByKey[\"k\"].TableName` must have at most 4 characters, has 5; \
             `Database.Port` must be between 1 and 65535; \
             `Tags` must have at most 2 items, has 3"
        );
    }

    #[test]
    fn nothing_found_is_ok_and_bounds_are_worded() {
        let mut problems = Problems::new();
        problems.range("A", 1.0, Some(1.0), Some(15.0));
        problems.max_length("B", "数据迁移", 4);
        problems.nested("C", &None::<Table>);
        assert!(problems.finish("X").is_ok());
        let mut problems = Problems::new();
        problems.range("A", 0.0, Some(1.0), None);
        problems.range("B", 9.0, None, Some(8.0));
        let error = problems.finish("X").unwrap_err();
        assert_eq!(error.problems[0].reason, "must be at least 1");
        assert_eq!(error.problems[1].reason, "must be at most 8");
    }
}
