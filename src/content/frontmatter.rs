//! Splitting a document into its YAML front matter and Markdown body, and reading the front
//! matter into typed fields with errors located in the file.

use std::collections::BTreeMap;
use std::path::Path;

use serde_yaml::Value;

use crate::doctype::{DocType, DocTypeError};
use crate::error::Diagnostic;
use crate::vi::{nfc, DocDate};

/// A file's text cut at the front-matter fences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// 1-based line of the first YAML line in the file.
    pub yaml_line: usize,
    /// Everything after the closing fence.
    pub body: &'a str,
    /// 1-based line of the first body line in the file.
    pub body_line: usize,
}

/// Cuts `text` (already decoded, BOM removed, line ends normalised to `\n`) into front matter
/// and body.
pub fn split(text: &str) -> Result<Split<'_>, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error("tệp rỗng (the file is empty)")
            .at(1, 1)
            .with_help(
                "a document starts with a front-matter block: a line `---`, YAML fields such as \
                 `title:`, `type:`, `date:`, then `---`; delete the file if it is not a document",
            ));
    }
    let first_line = text.lines().next().unwrap_or_default();
    if first_line.trim_end() != "---" {
        return Err(Diagnostic::error(
            "thiếu phần khai báo đầu tệp (front matter): the first line must be `---`",
        )
        .at(1, 1)
        .with_help(
            "start the file with a line `---`, then `title:`, `type:`, `issuer:`, `date:` …, then \
             a closing `---` line before the text",
        ));
    }
    let yaml_start = first_line.len() + 1;
    let mut offset = yaml_start.min(text.len());
    for (line_no, line) in (2..).zip(text[offset..].split_inclusive('\n')) {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let body_start = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start.min(offset)..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error("phần khai báo đầu tệp không được đóng (unterminated front matter)")
            .at(1, 1)
            .with_help("add a line `---` after the last front-matter field, before the text"),
    )
}

/// Front matter as the author wrote it, with each value checked and typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FrontMatter {
    /// Document title.
    pub title: String,
    /// Document type; `None` only for non-document pages.
    pub doc_type: Option<DocType>,
    /// Issuing body as written ("Ban Thường vụ Tỉnh ủy Sơn La").
    pub issuer: Option<String>,
    /// Date of issue (possibly partial).
    pub date: Option<DocDate>,
    /// Province as written; resolved against the registry by the site model.
    pub province: Option<String>,
    /// The document's own symbol as written ("873-BC/HU").
    pub number: Option<String>,
    /// Symbols of the directives the document is about, as written.
    pub directives: Vec<String>,
    /// Who signed.
    pub signer: Option<String>,
    /// The signer's title ("Phó Bí thư Thường trực").
    pub signer_title: Option<String>,
    /// The authority line above the title ("T/M Ban Thường vụ", "K/T Bí thư").
    pub signer_authority: Option<String>,
    /// Author of a news article.
    pub author: Option<String>,
    /// One-sentence summary.
    pub summary: Option<String>,
    /// "Nơi nhận" lines.
    pub recipients: Vec<String>,
    /// URL slug chosen by the author, validated.
    pub slug: Option<String>,
    /// A draft ("Dự thảo"): built only with `--drafts`.
    pub draft: bool,
    /// Old URLs that redirect to this document.
    pub aliases: Vec<String>,
    /// Files beside the document offered as downloads.
    pub attachments: Vec<String>,
    /// 1-based line in the file of each top-level key, to locate later diagnostics
    /// (an unknown province, an unresolved directive) on the right line.
    pub lines: BTreeMap<String, usize>,
}

impl FrontMatter {
    /// Line of `key` in the file, if the key was written.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        self.lines.get(key).copied()
    }
}

/// Every key a document's front matter may carry.
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "type",
    "issuer",
    "date",
    "province",
    "number",
    "directives",
    "signer",
    "signer_title",
    "signer_authority",
    "author",
    "summary",
    "recipients",
    "slug",
    "draft",
    "aliases",
    "attachments",
];

/// Whether the front matter belongs to a bulletin (all fields checked) or a plain page such
/// as "Giới thiệu" (only `title` required).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A bulletin under `/van-ban/`.
    Document,
    /// A plain page under `/trang/`.
    Page,
}

/// Parses and validates `split.yaml`. Returns the typed front matter and warnings, or every
/// error found. Diagnostics carry `file` and file-relative lines.
pub fn parse(
    split: &Split<'_>,
    file: &Path,
    kind: Kind,
) -> Result<(FrontMatter, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut p = Parser {
        file,
        yaml_line: split.yaml_line,
        key_lines: key_lines(split.yaml),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    if let Some((line, col)) = first_tab_indent(split.yaml) {
        return Err(vec![p
            .diag(
                "YAML không cho phép thụt lề bằng dấu tab (tab used for indentation)",
                split.yaml_line + line - 1,
                col,
            )
            .with_help("replace the tab with spaces")]);
    }
    if let Some((line, col)) = too_deep(split.yaml) {
        return Err(vec![p
            .diag(
                format!(
                    "phần khai báo lồng nhau quá sâu (front matter nested more than {MAX_FLOW_DEPTH} levels deep)"
                ),
                split.yaml_line + line - 1,
                col,
            )
            .with_help("front-matter values are text or lists of text, e.g. `directives: [\"05-CT/TW\"]`; remove the extra `[` or `{`")]);
    }
    if let Some((key, first, second)) = duplicate_key(&p.key_lines) {
        return Err(vec![p
            .diag(
                format!(
                    "khóa `{key}` được khai báo hai lần (duplicate key; first on line {})",
                    split.yaml_line + first - 1
                ),
                split.yaml_line + second - 1,
                1,
            )
            .with_help(format!("keep one `{key}:` line and delete the other"))]);
    }
    let value: Value =
        match serde_yaml::from_str(split.yaml) {
            Ok(v) => v,
            Err(e) => {
                let (line, col) = e
                    .location()
                    .map(|l| (split.yaml_line + l.line() - 1, l.column()))
                    .unwrap_or((split.yaml_line, 1));
                let msg = strip_location(&e.to_string());
                return Err(vec![p
                .diag(format!("lỗi cú pháp YAML (YAML syntax error): {msg}"), line, col)
                .with_help(
                    "each field is `key: value` on its own line; quote values containing `:` or \
                     starting with `[`, `{`, `*`, `&`, `!`, `%`, `@` or a backquote",
                )]);
            }
        };
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => serde_yaml::Mapping::new(),
        _ => {
            return Err(vec![p
            .diag(
                "phần khai báo phải là các cặp `khóa: giá trị` (front matter must be a mapping)",
                split.yaml_line,
                1,
            )
            .with_help("write one `key: value` per line, e.g. `title: \"…\"`")])
        }
    };
    let mut fields: BTreeMap<String, Value> = BTreeMap::new();
    for (k, v) in map {
        match k {
            Value::String(k) => {
                fields.insert(k, v);
            }
            other => {
                let shown = serde_yaml::to_string(&other).unwrap_or_default();
                p.errors.push(
                    p.diag(
                        format!("khóa không hợp lệ `{}` (keys must be text)", shown.trim()),
                        split.yaml_line,
                        1,
                    )
                    .with_help("field names are words such as `title` or `date`"),
                );
            }
        }
    }
    let mut fm = p.fields(&mut fields, kind);
    fm.lines = p
        .key_lines
        .iter()
        .map(|(k, l)| (k.clone(), split.yaml_line + l - 1))
        .collect();
    for key in fields.keys() {
        let closest = KNOWN_KEYS
            .iter()
            .map(|k| (strsim::levenshtein(k, key), *k))
            .filter(|(d, _)| *d <= 2)
            .min()
            .map(|(_, k)| k);
        let (line, col) = p.key_pos(key);
        let help = match closest {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!("known fields: {}", KNOWN_KEYS.join(", ")),
        };
        p.warnings.push(
            Diagnostic::warning(format!(
                "trường không được hỗ trợ `{key}` sẽ bị bỏ qua (unknown field)"
            ))
            .in_file(file)
            .at(line, col)
            .with_help(help),
        );
    }
    if p.errors.is_empty() {
        Ok((fm, p.warnings))
    } else {
        let mut all = p.errors;
        all.extend(p.warnings);
        Err(all)
    }
}

struct Parser<'a> {
    file: &'a Path,
    yaml_line: usize,
    key_lines: Vec<(String, usize)>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Parser<'_> {
    /// True when `key` already has an error (so "missing" is not reported on top of it).
    fn has_error(&self, key: &str) -> bool {
        let (line, _) = self.key_pos(key);
        self.key_lines.iter().any(|(k, _)| k == key)
            && self.errors.iter().any(|d| d.line == Some(line))
    }

    fn diag(&self, msg: impl Into<String>, line: usize, col: usize) -> Diagnostic {
        Diagnostic::error(msg).in_file(self.file).at(line, col)
    }

    /// Line and column in the file where `key`'s value starts (its key line when unknown).
    fn key_pos(&self, key: &str) -> (usize, usize) {
        self.key_lines
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, l)| (self.yaml_line + l - 1, 1))
            .unwrap_or((self.yaml_line, 1))
    }

    fn error_at(&mut self, key: &str, msg: impl Into<String>, help: impl Into<String>) {
        let (line, col) = self.key_pos(key);
        let d = self.diag(msg, line, col).with_help(help);
        self.errors.push(d);
    }

    fn string(&mut self, fields: &mut BTreeMap<String, Value>, key: &str) -> Option<String> {
        match fields.remove(key)? {
            Value::Null => None,
            Value::String(s) => {
                let s = nfc(s.trim()).into_owned();
                (!s.is_empty()).then_some(s)
            }
            // Numbers and booleans are accepted as text: `number: 873` is plainly meant.
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => {
                let found = type_name(&other);
                self.error_at(
                    key,
                    format!("`{key}` phải là một chuỗi văn bản, không phải {found} (expected text, found {found})"),
                    format!("write `{key}: \"…\"` on one line"),
                );
                None
            }
        }
    }

    fn list(&mut self, fields: &mut BTreeMap<String, Value>, key: &str) -> Vec<String> {
        match fields.remove(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::String(s)) => vec![nfc(s.trim()).into_owned()],
            Some(Value::Sequence(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::String(s) => out.push(nfc(s.trim()).into_owned()),
                        Value::Number(n) => out.push(n.to_string()),
                        other => {
                            let found = type_name(&other);
                            self.error_at(
                                key,
                                format!("mỗi mục của `{key}` phải là văn bản, không phải {found} (list items must be text)"),
                                format!("write `{key}: [\"…\", \"…\"]`"),
                            );
                        }
                    }
                }
                out.retain(|s| !s.is_empty());
                out
            }
            Some(other) => {
                let found = type_name(&other);
                self.error_at(
                    key,
                    format!("`{key}` phải là một danh sách, không phải {found} (expected a list, found {found})"),
                    format!("write `{key}: [\"…\", \"…\"]`"),
                );
                Vec::new()
            }
        }
    }

    fn required(&mut self, value: Option<String>, key: &str, example: &str) -> Option<String> {
        if value.is_none() && !self.has_error(key) {
            let d = self
                .diag(
                    format!("thiếu trường bắt buộc `{key}` (missing required field)"),
                    self.yaml_line,
                    1,
                )
                .with_help(format!("add a line `{key}: {example}` to the front matter"));
            self.errors.push(d);
        }
        value
    }

    fn fields(&mut self, f: &mut BTreeMap<String, Value>, kind: Kind) -> FrontMatter {
        let title = self.string(f, "title");
        let title = self.required(title, "title", "\"Kết luận của Ban Thường vụ Tỉnh ủy …\"");
        let mut fm = FrontMatter {
            title: title.unwrap_or_default(),
            ..FrontMatter::default()
        };
        fm.slug = self.string(f, "slug");
        if let Some(slug) = &fm.slug {
            if let Err(why) = check_slug(slug) {
                self.error_at(
                    "slug",
                    format!("slug không hợp lệ \"{slug}\": {why}"),
                    "use letters, digits and `-` only, e.g. `slug: ket-luan-01`",
                );
                fm.slug = None;
            }
        }
        fm.aliases = self.list(f, "aliases");
        fm.summary = self.string(f, "summary");
        fm.draft = match f.remove("draft") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => b,
            Some(other) => {
                let found = type_name(&other);
                self.error_at(
                    "draft",
                    format!("`draft` phải là true hoặc false, không phải {found}"),
                    "write `draft: true` or `draft: false`",
                );
                false
            }
        };
        if kind == Kind::Page {
            return fm;
        }
        let type_text = self.string(f, "type");
        let type_text = self.required(type_text, "type", "\"Kết luận\"");
        if let Some(t) = type_text {
            match DocType::parse(&t) {
                Ok(ty) => fm.doc_type = Some(ty),
                Err(e) => {
                    let help = match &e {
                        DocTypeError::Ambiguous(_) => {
                            "write the full name: `type: \"Quyết định\"` or `type: \"Quy định\"`"
                                .to_string()
                        }
                        DocTypeError::Unknown { .. } => format!(
                            "use one of: {}",
                            DocType::ALL
                                .iter()
                                .map(|t| t.name())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    self.error_at("type", e.to_string(), help);
                }
            }
        }
        fm.issuer = self.string(f, "issuer");
        fm.author = self.string(f, "author");
        // With the type unknown, an issuer or an author could be what is missing: ask for
        // the issuer only when neither is there, so every error shows in one run.
        let issuer_needed = match fm.doc_type {
            Some(DocType::News) => false,
            Some(_) => true,
            None => fm.author.is_none(),
        };
        if fm.issuer.is_none() && issuer_needed {
            self.required(None, "issuer", "\"Ban Thường vụ Tỉnh ủy Sơn La\"");
        }
        if fm.doc_type == Some(DocType::News) && fm.issuer.is_none() && fm.author.is_none() {
            self.required(None, "author", "\"Nguyễn Văn A\"");
        }
        let date_text = self.string(f, "date");
        let date_text = self.required(date_text, "date", "12/5/2022");
        if let Some(d) = date_text {
            match DocDate::parse(&d) {
                Ok(date) => fm.date = Some(date),
                Err(e) => self.error_at(
                    "date",
                    format!("ngày tháng không hợp lệ \"{d}\": {e}"),
                    "write the date day first: `date: 12/5/2022`, or `2022-05-12`, `5/2022`, `2022`",
                ),
            }
        }
        fm.province = self.string(f, "province");
        fm.number = self.string(f, "number");
        fm.directives = self.list(f, "directives");
        fm.signer = self.string(f, "signer");
        fm.signer_title = self.string(f, "signer_title");
        fm.signer_authority = self.string(f, "signer_authority");
        fm.recipients = self.list(f, "recipients");
        fm.attachments = self.list(f, "attachments");
        for a in &fm.attachments {
            if let Err(why) = check_attachment(a) {
                self.error_at(
                    "attachments",
                    format!("tệp đính kèm không hợp lệ \"{a}\": {why}"),
                    "name a file in the document's folder or below it, e.g. \
                     `attachments: [\"ket-luan-01.pdf\"]`",
                );
            }
        }
        fm.attachments.retain(|a| check_attachment(a).is_ok());
        fm
    }
}

/// Checks an author-chosen slug: it becomes a folder name, so nothing that could climb out of
/// the output folder or name a drive is allowed.
pub fn check_slug(slug: &str) -> Result<(), &'static str> {
    if slug.contains('/') || slug.contains('\\') {
        return Err("không được chứa `/` hoặc `\\` (must not contain path separators)");
    }
    if slug.contains("..") {
        return Err("không được chứa `..` (must not climb out of the folder)");
    }
    let b = slug.as_bytes();
    if b.len() >= 2 && b[1] == b':' && b[0].is_ascii_alphabetic() {
        return Err("không được là đường dẫn ổ đĩa như `C:` (must not be a drive path)");
    }
    let folded = crate::vi::slugify(slug);
    if folded.is_empty() {
        return Err("phải có ít nhất một chữ cái hoặc chữ số (needs a letter or digit)");
    }
    // File systems refuse names over 255 bytes; keep well clear so the build never fails
    // on a write.
    if folded.len() > MAX_SLUG {
        return Err("quá dài, tối đa 200 ký tự (too long: at most 200 characters)");
    }
    Ok(())
}

/// Longest slug accepted from `slug:`.
pub const MAX_SLUG: usize = 200;

/// Checks an attachment path: it is read relative to the document and copied into the
/// output, so an absolute path or `..` would publish any file on the machine.
pub fn check_attachment(path: &str) -> Result<(), &'static str> {
    if path.starts_with('/') || path.contains('\\') {
        return Err("phải là đường dẫn tương đối, dùng `/` (must be a relative path)");
    }
    let b = path.as_bytes();
    if b.len() >= 2 && b[1] == b':' && b[0].is_ascii_alphabetic() {
        return Err("không được là đường dẫn ổ đĩa như `C:` (must not be a drive path)");
    }
    if path
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == "..")
    {
        return Err("không được chứa `..`, `.` hoặc `//` (must stay in the document's folder)");
    }
    Ok(())
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "giá trị rỗng (null)",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "một số (a number)",
        Value::String(_) => "văn bản (text)",
        Value::Sequence(_) => "một danh sách (a list)",
        Value::Mapping(_) => "một bảng khóa–giá trị (a mapping)",
        Value::Tagged(_) => "một giá trị có thẻ (a tagged value)",
    }
}

/// Top-level keys and their 1-based lines within the YAML, found by scanning because
/// serde_yaml's `Value` keeps no positions.
fn key_lines(yaml: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (i, line) in yaml.lines().enumerate() {
        let Some(first) = line.chars().next() else {
            continue;
        };
        if first.is_whitespace() || first == '#' || first == '-' {
            continue;
        }
        if let Some(colon) = line.find(':') {
            let key = line[..colon].trim().trim_matches(|c| c == '"' || c == '\'');
            if !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            {
                out.push((key.to_string(), i + 1));
            }
        }
    }
    out
}

fn duplicate_key(keys: &[(String, usize)]) -> Option<(String, usize, usize)> {
    for (i, (k, line)) in keys.iter().enumerate() {
        if let Some((_, second)) = keys[i + 1..].iter().find(|(k2, _)| k2 == k) {
            return Some((k.clone(), *line, *second));
        }
    }
    None
}

/// Deepest `[`/`{` nesting accepted in front matter. The YAML scanner rescans every open
/// level at each token, so depth costs quadratic time: 100,000 nested `[` took minutes.
/// Real front matter nests one level (`directives: ["…"]`).
pub const MAX_FLOW_DEPTH: usize = 64;

/// Line and column (1-based, within the YAML) where `[`/`{` nesting first passes
/// [`MAX_FLOW_DEPTH`]. Brackets inside quoted scalars and comments do not count; a quote
/// opens a scalar only where YAML lets one start, so a quote inside a plain word cannot
/// hide brackets from the count.
fn too_deep(yaml: &str) -> Option<(usize, usize)> {
    let (mut line, mut col) = (1, 0);
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    // Last non-blank character on the line outside quotes (None at the start of a line).
    let mut prev: Option<char> = None;
    // The character just before `c`, to tell a comment's `#` from one inside a word.
    let mut last = '\n';
    let mut chars = yaml.chars().peekable();
    while let Some(c) = chars.next() {
        let blank_before = last.is_whitespace();
        last = c;
        col += 1;
        if c == '\n' {
            (line, col, prev) = (line + 1, 0, None);
            continue;
        }
        match quote {
            Some('"') if c == '\\' => {
                chars.next();
                col += 1;
            }
            Some('\'') if c == '\'' && chars.peek() == Some(&'\'') => {
                chars.next();
                col += 1;
            }
            Some(q) if c == q => {
                quote = None;
                prev = Some(c);
            }
            Some(_) => {}
            None => match c {
                '"' | '\'' if matches!(prev, None | Some(':' | '-' | '[' | '{' | ',' | '?')) => {
                    quote = Some(c)
                }
                '#' if blank_before => {
                    // A comment: skip to the end of the line.
                    while chars.peek().is_some_and(|&n| n != '\n') {
                        chars.next();
                    }
                }
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some((line, col));
                    }
                    prev = Some(c);
                }
                ']' | '}' => {
                    depth = depth.saturating_sub(1);
                    prev = Some(c);
                }
                c if c.is_whitespace() => {}
                c => prev = Some(c),
            },
        }
    }
    None
}

fn first_tab_indent(yaml: &str) -> Option<(usize, usize)> {
    yaml.lines().enumerate().find_map(|(i, line)| {
        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        indent
            .chars()
            .position(|c| c == '\t')
            .map(|col| (i + 1, col + 1))
    })
}

fn strip_location(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_doc(text: &str) -> Result<(FrontMatter, Vec<Diagnostic>), Vec<Diagnostic>> {
        let s = split(text).map_err(|d| vec![d])?;
        parse(&s, Path::new("x.md"), Kind::Document)
    }

    #[test]
    fn splits_front_matter_and_body_with_lines() {
        let s = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn empty_missing_and_unterminated_front_matter_are_errors() {
        assert!(split("").unwrap_err().message.contains("rỗng"));
        assert!(split("title: x\n").unwrap_err().message.contains("---"));
        assert!(split("---\ntitle: x\n")
            .unwrap_err()
            .message
            .contains("đóng"));
    }

    #[test]
    fn reads_a_full_document() {
        let (fm, warnings) = parse_doc(
            "---\ntitle: \"Kết luận\"\ntype: KL\nissuer: Tỉnh ủy Sơn La\ndate: 12/5/2022\n\
             directives: [\"05-CT/TW\"]\nrecipients:\n  - A\n  - B\ndraft: true\n---\n",
        )
        .unwrap();
        assert!(warnings.is_empty());
        assert_eq!(fm.doc_type, Some(DocType::Conclusion));
        assert_eq!(fm.date, Some(DocDate::ymd(2022, 5, 12).unwrap()));
        assert_eq!(fm.directives, vec!["05-CT/TW"]);
        assert_eq!(fm.recipients, vec!["A", "B"]);
        assert!(fm.draft);
    }

    #[test]
    fn a_year_may_be_a_bare_number() {
        let (fm, _) =
            parse_doc("---\ntitle: T\ntype: Tin bài\nauthor: A\ndate: 2023\n---\n").unwrap();
        assert_eq!(fm.date, Some(DocDate::y(2023).unwrap()));
    }

    #[test]
    fn errors_name_the_line_of_the_field() {
        let errs =
            parse_doc("---\ntitle: T\ntype: KL\nissuer: I\ndate: 31/02/2024\n---\n").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, Some(5));
        assert!(errs[0].message.contains("29"));
    }

    #[test]
    fn all_errors_are_reported_together() {
        let errs = parse_doc("---\ntitle: [a, b]\ntype: QĐ\n---\n").unwrap_err();
        let errors: Vec<_> = errs.iter().filter(|d| d.is_error()).collect();
        // title is a list (and not also "missing"), type is ambiguous, issuer and date are missing.
        assert_eq!(errors.len(), 4, "{errors:#?}");
        assert!(!errors
            .iter()
            .any(|e| e.message.contains("`title` (missing")));
        assert_eq!(errors[0].line, Some(2));
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let errs = parse_doc("---\ntitle: T\ntype: [KL\n---\n").unwrap_err();
        assert!(errs[0].message.contains("YAML"));
        assert!(errs[0].line.unwrap() >= 3);
    }

    #[test]
    fn tabs_and_duplicate_keys_are_errors() {
        let errs = parse_doc("---\ntitle: T\nrecipients:\n\t- A\n---\n").unwrap_err();
        assert_eq!(errs[0].line, Some(4));
        assert!(errs[0].message.contains("tab"));
        let errs = parse_doc("---\ntitle: T\ntitle: U\n---\n").unwrap_err();
        assert_eq!(errs[0].line, Some(3));
    }

    #[test]
    fn unknown_keys_warn_with_the_closest_key() {
        let (_, warnings) =
            parse_doc("---\ntitle: T\ntype: KL\nissuer: I\nisuer: J\ndate: 2022\n---\n").unwrap();
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, Some(5));
        assert!(warnings[0].help.as_deref().unwrap().contains("`issuer`"));
    }

    #[test]
    fn attachments_may_not_leave_the_document_folder() {
        for bad in [
            "/etc/passwd",
            "../secret.pdf",
            "a/../../b",
            "C:/x.pdf",
            "a\\b",
            "a//b",
            "",
        ] {
            assert!(check_attachment(bad).is_err(), "{bad}");
        }
        assert!(check_attachment("phu-luc/ket-luan-01.pdf").is_ok());
        let errs = parse_doc(
            "---\ntitle: T\ntype: KL\nissuer: I\ndate: 2022\nattachments: [\"/etc/passwd\"]\n---\n",
        )
        .unwrap_err();
        assert_eq!(errs[0].line, Some(6), "{errs:#?}");
        assert!(errs[0].message.contains("/etc/passwd"));
    }

    #[test]
    fn absurd_nesting_is_refused_quickly() {
        let deep = format!("title: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let started = std::time::Instant::now();
        let errs = parse_doc(&format!("---\n{deep}---\n")).unwrap_err();
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        assert!(errs[0].message.contains("nested more than"), "{errs:#?}");
        assert_eq!(
            (errs[0].line, errs[0].column),
            (Some(2), Some(8 + MAX_FLOW_DEPTH))
        );
        // Brackets in quoted text, comments and plain words do not count.
        let many = "[".repeat(100);
        assert_eq!(too_deep(&format!("title: \"{many}\"\n")), None);
        assert_eq!(too_deep(&format!("title: 'it''s {many}'\n")), None);
        assert_eq!(too_deep(&format!("title: T # {many}\n")), None);
        assert!(too_deep(&format!("title: [a', {many}\n")).is_some());
        assert_eq!(too_deep("directives: [\"05-CT/TW\", {a: [b]}]\n"), None);
    }

    #[test]
    fn dangerous_slugs_are_refused() {
        for bad in ["../x", "a/b", "a\\b", "C:evil", "..", "---"] {
            assert!(check_slug(bad).is_err(), "{bad}");
        }
        assert!(check_slug("ket-luan-01").is_ok());
        assert!(check_slug(&"a".repeat(MAX_SLUG)).is_ok());
        assert!(check_slug(&"a".repeat(MAX_SLUG + 1)).is_err());
    }
}
