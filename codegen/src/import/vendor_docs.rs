//! What the vendor's metadata says about each item, kept apart from the
//! spec: the importers collect it, a re-import compares its digests with
//! the record of the previous import, and `--vendor-docs` can fill empty
//! `docs` from it for a locally generated SDK.
//!
//! Items are named by the paths the merge notes use: `Action`,
//! `Action.input.Member`, `Action.output.Member`, `types.Type` and
//! `types.Type.Member`.
//!
//! The record of the previous import is a **digest file** beside the spec
//! (`<stem>.vendor-digests` next to `<stem>.json`): one line per item the
//! vendor describes, `<path> <digest>`, sorted by path. A digest is the
//! first 16 hex digits of the SHA-256 of the vendor's text with its
//! whitespace collapsed: enough to see that the text changed, never the
//! text itself (the project keeps no vendor prose). The file is written by
//! `sdkgen import … --into`; a spec without one gets one on its next
//! re-import, which then has nothing to compare with.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::spec::file::{Member, SpecFile};

/// The vendor's description of each item of one metadata file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VendorDocs {
    items: BTreeMap<String, VendorDoc>,
}

/// One item's description.
#[derive(Debug, Clone, PartialEq)]
struct VendorDoc {
    /// The concise text `--vendor-docs` copies into `docs`.
    text: String,
    /// Everything the vendor says about the item; the digest covers it.
    full: String,
}

impl VendorDocs {
    /// Records the description of `path`: `text` is the concise one,
    /// `extra` more of the vendor's words about it (a long description),
    /// covered by the digest only. Empty texts record nothing; the first
    /// description of a path wins (a shared type is described once).
    pub(super) fn insert(&mut self, path: String, text: &str, extra: &str) {
        let (text, extra) = (text.trim(), extra.trim());
        let text = if text.is_empty() { extra } else { text };
        if text.is_empty() {
            return;
        }
        let full = if extra.is_empty() || extra == text {
            text.to_owned()
        } else {
            format!("{text}\n\n{extra}")
        };
        self.items.entry(path).or_insert(VendorDoc {
            text: text.to_owned(),
            full,
        });
    }

    /// The vendor's concise description of `path`.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.items.get(path).map(|doc| doc.text.as_str())
    }

    /// Every path the vendor describes, with its concise description.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.items
            .iter()
            .map(|(path, doc)| (path.as_str(), doc.text.as_str()))
    }

    /// The digest of every description, for the record of this import.
    pub fn digests(&self) -> Digests {
        Digests(
            self.items
                .iter()
                .map(|(path, doc)| (path.clone(), digest(&doc.full)))
                .collect(),
        )
    }

    /// Fills every empty `docs` of `spec` that the vendor describes with the
    /// vendor's text; returns how many were filled.
    pub fn fill_empty_docs(&self, spec: &mut SpecFile) -> usize {
        let mut filled = 0;
        let mut fill = |path: &str, docs: &mut String| {
            if docs.is_empty() {
                if let Some(text) = self.get(path) {
                    *docs = text.to_owned();
                    filled += 1;
                }
            }
        };
        for action in &mut spec.actions {
            fill(&action.name, &mut action.docs);
            for (direction, members) in
                [("input", &mut action.input), ("output", &mut action.output)]
            {
                for member in members {
                    fill(
                        &format!("{}.{direction}.{}", action.name, member.name),
                        &mut member.docs,
                    );
                }
            }
        }
        for ty in &mut spec.types {
            fill(&format!("types.{}", ty.name), &mut ty.docs);
            for member in &mut ty.members {
                fill(
                    &format!("types.{}.{}", ty.name, member.name),
                    &mut member.docs,
                );
            }
        }
        filled
    }
}

/// The record of one import: a digest of the vendor's description per item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Digests(BTreeMap<String, String>);

impl Digests {
    /// Reads a digest file; `path` names it in problems.
    pub fn parse(path: &Path, text: &str) -> Result<Self, Diagnostics> {
        let mut digests = BTreeMap::new();
        let mut problems = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let parsed = line
                .split_once(' ')
                .filter(|(item, digest)| !item.is_empty() && is_digest(digest));
            match parsed {
                Some((item, digest)) => {
                    digests.insert(item.to_owned(), digest.to_owned());
                }
                None => problems.push(Diagnostic {
                    file: path.to_path_buf(),
                    location: Location::LineColumn(i + 1, 1),
                    message: "expected `<item path> <16 hex digits>`".to_owned(),
                    hint: Some(
                        "the file is written by `sdkgen import … --into`; delete it to start a new record"
                            .to_owned(),
                    ),
                }),
            }
        }
        if problems.is_empty() {
            Ok(Digests(digests))
        } else {
            Err(Diagnostics(problems))
        }
    }

    /// The file's text: one `<path> <digest>` line per item, sorted.
    pub fn to_text(&self) -> String {
        self.0
            .iter()
            .map(|(path, digest)| format!("{path} {digest}\n"))
            .collect()
    }

    /// The digest recorded for `path`.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.0.get(path).map(String::as_str)
    }

    /// The same record with type paths renamed (`types.Old…` → `types.New…`),
    /// so a type the merge renamed is compared with its old record.
    pub fn renamed(&self, renames: &BTreeMap<String, String>) -> Self {
        Digests(
            self.0
                .iter()
                .map(|(path, digest)| (rename_path(path, renames), digest.clone()))
                .collect(),
        )
    }
}

/// The digest file of the spec at `spec`: `x.json` → `x.vendor-digests`.
pub fn digest_path(spec: &Path) -> PathBuf {
    spec.with_extension("vendor-digests")
}

/// What a re-import tells the maintainer to (re)write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocsReport {
    /// Items of both specs whose vendor description changed since the
    /// previous import (`None` when there is no record to compare with).
    pub changed: Option<Vec<String>>,
    /// Items the re-import added that have no docs of ours.
    pub undocumented_new: Vec<String>,
}

impl DocsReport {
    /// Compares the spec before (`existing`, with the `previous` record, if
    /// any) and after the merge (`merged`, with the `current` digests).
    pub fn new(
        existing: &SpecFile,
        merged: &SpecFile,
        previous: Option<&Digests>,
        current: &Digests,
    ) -> Self {
        let before: BTreeSet<String> = items(existing).into_iter().map(|(p, _)| p).collect();
        let after = items(merged);
        let changed = previous.map(|previous| {
            after
                .iter()
                .filter(|(path, _)| before.contains(path))
                .filter(|(path, _)| previous.get(path) != current.get(path))
                .map(|(path, _)| path.clone())
                .collect()
        });
        let undocumented_new = after
            .into_iter()
            .filter(|(path, documented)| !documented && !before.contains(path))
            .map(|(path, _)| path)
            .collect();
        DocsReport {
            changed,
            undocumented_new,
        }
    }
}

impl fmt::Display for DocsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.changed {
            None => writeln!(
                f,
                "vendor docs: no record of the previous import to compare with; recorded this one"
            )?,
            Some(changed) => {
                let hint = if changed.is_empty() {
                    ""
                } else {
                    " (check that ours still hold)"
                };
                writeln!(
                    f,
                    "vendor docs changed since the previous import: {}{hint}",
                    changed.len()
                )?;
                for path in changed {
                    writeln!(f, "  changed   {path}")?;
                }
            }
        }
        let hint = if self.undocumented_new.is_empty() {
            ""
        } else {
            " (write them)"
        };
        writeln!(
            f,
            "new items without docs of ours: {}{hint}",
            self.undocumented_new.len()
        )?;
        for path in &self.undocumented_new {
            writeln!(f, "  undocumented  {path}")?;
        }
        Ok(())
    }
}

/// Every action, member and type of `spec` by path, with whether it has
/// docs. Hand-maintained items are ours alone and left out.
fn items(spec: &SpecFile) -> Vec<(String, bool)> {
    let mut found = Vec::new();
    let members = |at: &str, list: &[Member], found: &mut Vec<(String, bool)>| {
        for member in list.iter().filter(|m| !m.hand_maintained) {
            found.push((format!("{at}.{}", member.name), !member.docs.is_empty()));
        }
    };
    for action in spec.actions.iter().filter(|a| !a.hand_maintained) {
        found.push((action.name.clone(), !action.docs.is_empty()));
        members(&format!("{}.input", action.name), &action.input, &mut found);
        members(
            &format!("{}.output", action.name),
            &action.output,
            &mut found,
        );
    }
    for ty in spec.types.iter().filter(|t| !t.hand_maintained) {
        found.push((format!("types.{}", ty.name), !ty.docs.is_empty()));
        members(&format!("types.{}", ty.name), &ty.members, &mut found);
    }
    found
}

fn rename_path(path: &str, renames: &BTreeMap<String, String>) -> String {
    let Some(rest) = path.strip_prefix("types.") else {
        return path.to_owned();
    };
    let (name, tail) = match rest.split_once('.') {
        Some((name, tail)) => (name, Some(tail)),
        None => (rest, None),
    };
    match (renames.get(name), tail) {
        (Some(new), Some(tail)) => format!("types.{new}.{tail}"),
        (Some(new), None) => format!("types.{new}"),
        (None, _) => path.to_owned(),
    }
}

/// First 16 hex digits of the SHA-256 of `text` with whitespace collapsed.
fn digest(text: &str) -> String {
    let normalised = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Sha256::digest(normalised.as_bytes())
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn is_digest(text: &str) -> bool {
    text.len() == 16 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_ignore_whitespace_and_round_trip() {
        let mut docs = VendorDocs::default();
        docs.insert("A".into(), "Lists  the\njobs.", "");
        docs.insert("A".into(), "Ignored: the first wins.", "");
        docs.insert("B".into(), "", "");
        docs.insert("C".into(), "Short.", "Long text.");
        assert_eq!(docs.get("A"), Some("Lists  the\njobs."));
        assert_eq!(docs.get("B"), None);
        assert_eq!(docs.get("C"), Some("Short."));
        let digests = docs.digests();
        assert_eq!(digests.get("A"), Some(digest("Lists the jobs.").as_str()));
        assert_ne!(digests.get("A"), Some(digest("Lists the tasks.").as_str()));
        assert_ne!(digests.get("C"), Some(digest("Short.").as_str()));
        let text = digests.to_text();
        assert_eq!(text.lines().count(), 2);
        assert_eq!(
            Digests::parse(Path::new("x.vendor-digests"), &text).unwrap(),
            digests
        );
        assert!(Digests::parse(Path::new("x"), "A not-a-digest\n").is_err());
    }

    #[test]
    fn renames_follow_types() {
        let renames = BTreeMap::from([("Old".to_owned(), "New".to_owned())]);
        assert_eq!(
            rename_path("types.Old.Member", &renames),
            "types.New.Member"
        );
        assert_eq!(rename_path("types.Old", &renames), "types.New");
        assert_eq!(rename_path("types.Older", &renames), "types.Older");
        assert_eq!(rename_path("Old.input.X", &renames), "Old.input.X");
    }
}
