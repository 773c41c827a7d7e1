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
        // Names in a hostile spec may hold line breaks or terminal escapes:
        // every part is escaped, so a problem is always one clean line.
        let file = escape(&self.file.display().to_string());
        let message = escape(&self.message);
        match &self.location {
            Location::Path(path) => write!(f, "{file}: {}: {message}", escape(path))?,
            Location::LineColumn(line, column) => write!(f, "{file}:{line}:{column}: {message}")?,
            Location::File => write!(f, "{file}: {message}")?,
        }
        if let Some(hint) = &self.hint {
            write!(f, " ({})", escape(hint))?;
        }
        Ok(())
    }
}

/// `text` with control characters and invisible or direction-changing
/// characters written as `\u{..}`; everything else is kept.
pub fn escape(text: &str) -> String {
    let hidden = |c: char| {
        c.is_control()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
    };
    if !text.contains(hidden) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if hidden(c) {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `path` with the name of the action it starts in, when it starts in one:
/// `$.actions[3].input[0]` becomes `$.actions[3] (CreateJob).input[0]`.
pub(crate) fn name_action<'n>(path: &str, name_of: impl Fn(usize) -> Option<&'n str>) -> String {
    let Some(rest) = path.strip_prefix("$.actions[") else {
        return path.to_owned();
    };
    let Some((index, tail)) = rest.split_once(']') else {
        return path.to_owned();
    };
    let name = index
        .parse()
        .ok()
        .and_then(name_of)
        .filter(|n| !n.is_empty());
    match name {
        Some(name) if tail.is_empty() || tail.starts_with('.') => {
            format!("$.actions[{index}] ({name}){tail}")
        }
        _ => path.to_owned(),
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
    /// Action names by index, so paths into an action also name it.
    actions: Vec<&'a str>,
}

impl<'a> Reporter<'a> {
    pub(crate) fn new(file: &'a Path) -> Self {
        Self {
            file,
            found: Vec::new(),
            actions: Vec::new(),
        }
    }

    /// Names the actions of the file, in order, for the paths reported.
    pub(crate) fn name_actions(&mut self, names: Vec<&'a str>) {
        self.actions = names;
    }

    /// Records a problem at `path`, with an optional hint.
    pub(crate) fn error(&mut self, path: &str, message: impl Into<String>, hint: Option<String>) {
        self.found.push(Diagnostic {
            file: self.file.to_path_buf(),
            location: Location::Path(name_action(path, |i| self.actions.get(i).copied())),
            message: message.into(),
            hint,
        });
    }

    pub(crate) fn finish(self) -> Diagnostics {
        Diagnostics(self.found)
    }
}
