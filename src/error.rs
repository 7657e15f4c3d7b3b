//! Errors and diagnostics.
//!
//! The library reports problems as [`Diagnostic`]s: plain data naming the file, line and
//! column, what is wrong and how to fix it. A run collects every diagnostic it finds so the
//! user sees all problems at once; the binary turns them into rich miette reports.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How serious a diagnostic is: errors stop the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something worth fixing; the build goes on.
    Warning,
    /// The build cannot produce a correct site.
    Error,
}

/// One problem found in the site's input, located as precisely as possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file at fault, relative to the site root when it is inside it.
    pub file: Option<PathBuf>,
    /// 1-based line in the file.
    pub line: Option<usize>,
    /// 1-based column (in characters) in the file.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with no location yet.
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    /// A warning with no location yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Names the file at fault.
    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    /// Sets the 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Sets the line only (column unknown).
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// Adds advice on how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column` as far as known, for terminal output and the browser overlay.
    pub fn location(&self) -> String {
        let mut out = match &self.file {
            Some(f) => f.display().to_string(),
            None => String::new(),
        };
        if let Some(line) = self.line {
            out.push_str(&format!(":{line}"));
            if let Some(col) = self.column {
                out.push_str(&format!(":{col}"));
            }
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let loc = self.location();
        if loc.is_empty() {
            write!(f, "{kind}: {}", self.message)?;
        } else {
            write!(f, "{kind}: {loc}: {}", self.message)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Why a build, check or import failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input has errors; every one found is listed (warnings included, for context).
    #[error("{} error(s) in the site", .0.iter().filter(|d| d.is_error()).count())]
    Invalid(Vec<Diagnostic>),
    /// Reading or writing a file failed.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// What bantin was doing ("reading", "writing" …).
        action: &'static str,
        /// The file or folder concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The output folder is unsafe or not bantin's to write.
    #[error("{0}")]
    Output(String),
}

impl Error {
    /// Wraps an I/O error with what bantin was doing and on which path.
    pub fn io(action: &'static str, path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// The diagnostics carried by an [`Error::Invalid`], or one made from any other error.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            Error::Invalid(d) => d.clone(),
            other => vec![Diagnostic::error(other.to_string())],
        }
    }
}

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
