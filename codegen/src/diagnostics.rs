//! Problems found in spec files, reported all at once with where and why.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in one spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec file.
    pub file: PathBuf,
    /// Where in the file: a JSON path (`$.actions[2].input[0].type`), and for
    /// syntax errors the line and column.
    pub location: Location,
    /// What is wrong.
    pub message: String,
    /// What to do about it, when there is something specific to say.
    pub hint: Option<String>,
}

/// Position of a problem inside a spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A JSON path from the document root.
    Path(String),
    /// A line and column (1-based), for text that is not valid JSON.
    LineColumn(usize, usize),
    /// The whole file (it could not be read).
    File,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display();
        match &self.location {
            Location::Path(path) => write!(f, "{file}: {path}: {}", self.message)?,
            Location::LineColumn(line, column) => {
                write!(f, "{file}:{line}:{column}: {}", self.message)?
            }
            Location::File => write!(f, "{file}: {}", self.message)?,
        }
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

/// Every problem found in a run, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// `true` when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Appends the problems of another run.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "error: {diagnostic}")?;
        }
        let count = self.0.len();
        write!(
            f,
            "{count} problem{} found",
            if count == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

/// Collects the problems of one file as a JSON path is walked.
pub(crate) struct Reporter<'a> {
    file: &'a Path,
    found: Vec<Diagnostic>,
}

impl<'a> Reporter<'a> {
    pub(crate) fn new(file: &'a Path) -> Self {
        Self {
            file,
            found: Vec::new(),
        }
    }

    /// Records a problem at `path`, with an optional hint.
    pub(crate) fn error(&mut self, path: &str, message: impl Into<String>, hint: Option<String>) {
        self.found.push(Diagnostic {
            file: self.file.to_path_buf(),
            location: Location::Path(path.to_owned()),
            message: message.into(),
            hint,
        });
    }

    pub(crate) fn finish(self) -> Diagnostics {
        Diagnostics(self.found)
    }
}
