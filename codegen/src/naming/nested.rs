//! Names of the types an importer synthesises for nested objects.
//!
//! A nested object has no name in the vendor's metadata, only the member
//! that holds it. Its type is named after that member
//! (`StructureInitializationDetailList` → `StructureInitializationDetailList`,
//! a list's items after the list member), not after the whole path from the
//! action, so names stay short and read like the wire. Structurally equal
//! objects share one type (the importer checks that). When the member's
//! name is taken by a different structure, the candidates are, in order:
//! the holder's name before it (`SubJobSourceEndpoint`), then the member's
//! name with `2`, `3`, ... Every name is at most [`MAX_TYPE_NAME`]
//! characters.

use super::importer_type_name;

/// The longest name a synthesised type gets.
pub const MAX_TYPE_NAME: usize = 40;

/// Candidate names, best first, for a type held by the member `member`
/// of `parent` (the holding type's name, or the action's name for a
/// request parameter or top-level response member). Never empty, each at
/// most [`MAX_TYPE_NAME`] characters.
pub fn nested_type_names(member: &str, parent: &str) -> impl Iterator<Item = String> {
    let own = shorten(&importer_type_name(member), MAX_TYPE_NAME);
    let qualified = importer_type_name(&format!("{parent}{own}"));
    let numbered_base = shorten(&own, MAX_TYPE_NAME - 3);
    std::iter::once(own)
        .chain((qualified.len() <= MAX_TYPE_NAME).then_some(qualified))
        .chain((2..).map(move |n| format!("{numbered_base}{n}")))
}

/// `name` cut to at most `max` characters (names are ASCII here).
fn shorten(name: &str, max: usize) -> String {
    name.chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates() {
        let table: &[(&str, &str, &[&str])] = &[
            (
                "SourceEndpoint",
                "SubDistributedJob",
                &[
                    "SourceEndpoint",
                    "SubDistributedJobSourceEndpoint",
                    "SourceEndpoint2",
                ],
            ),
            (
                "StructureInitializationDetail",
                "ConstraintList",
                // The qualified name would be 43 characters: skipped.
                &[
                    "StructureInitializationDetail",
                    "StructureInitializationDetail2",
                    "StructureInitializationDetail3",
                ],
            ),
            (
                "Option",
                "Job",
                &["OptionInfo", "JobOptionInfo", "OptionInfo2"],
            ),
            (
                "data",
                "DescribeJobs",
                &["Data", "DescribeJobsData", "Data2"],
            ),
        ];
        for (member, parent, expected) in table {
            let got: Vec<String> = nested_type_names(member, parent).take(3).collect();
            assert_eq!(got, *expected, "{member} in {parent}");
        }
        let long = "A".repeat(50);
        assert!(nested_type_names(&long, "P")
            .take(5)
            .all(|n| n.len() <= MAX_TYPE_NAME));
    }
}
