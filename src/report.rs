//! Terminal presentation of diagnostics: miette reports with the offending source line.

use std::path::Path;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    NamedSource, SourceSpan,
};

use crate::error::{Diagnostic, Severity};

#[derive(Debug)]
struct Report {
    message: String,
    help: Option<String>,
    severity: miette::Severity,
    source: Option<NamedSource<String>>,
    span: Option<SourceSpan>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl MietteDiagnostic for Report {
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.span.map(|s| {
            Box::new(std::iter::once(LabeledSpan::new_with_span(
                Some("đây".into()),
                s,
            ))) as Box<dyn Iterator<Item = LabeledSpan>>
        })
    }
}

/// Formats a diagnostic for the terminal, quoting the source line when the file can be read.
/// `root` resolves the diagnostic's relative path.
pub fn format(d: &Diagnostic, root: &Path, color: bool) -> String {
    let location = d.location();
    let message = if location.is_empty() {
        d.message.clone()
    } else {
        format!("{location}: {}", d.message)
    };
    let mut report = Report {
        message,
        help: d.help.clone(),
        severity: match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        },
        source: None,
        span: None,
    };
    if let (Some(file), Some(line)) = (&d.file, d.line) {
        if let Ok(bytes) = std::fs::read(root.join(file)) {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            if let Some(offset) = offset_of(&text, line, d.column.unwrap_or(1)) {
                let len = text[offset..].chars().next().map_or(0, char::len_utf8);
                report.span = Some(SourceSpan::new(offset.into(), len));
                report.source = Some(NamedSource::new(file.display().to_string(), text));
            }
        }
    }
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut out = String::new();
    if GraphicalReportHandler::new_themed(theme)
        .render_report(&mut out, &report)
        .is_err()
    {
        return d.to_string();
    }
    out
}

/// Byte offset of a 1-based line and character column.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col = l
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(0, |(b, _)| b);
            return Some(offset + col);
        }
        offset += l.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_characters_not_bytes() {
        assert_eq!(offset_of("ab\nSơn La\n", 2, 3), Some(3 + "Sơ".len()));
        assert_eq!(offset_of("a", 5, 1), None);
    }
}
