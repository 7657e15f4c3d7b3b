//! `bantin import`: raw bulletins (`.txt`, `.html`) to bantin documents.
//!
//! decode ([`decode`]: encodings, mojibake, NFC) → extract ([`html`], for web pages) →
//! clean ([`text`]: chrome, page furniture, title block, footer, footnotes, page-break
//! joins) → infer ([`infer`]: front matter with provenance) → render ([`markdown`]) →
//! write (never over an existing file without `force`).
//!
//! Nothing is invented: a field the text does not give is left out and named in the
//! per-file report, with every value found, the line it came from and how sure it is.

pub mod decode;
pub mod html;
pub mod infer;
pub mod markdown;
pub mod text;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::content::{parse_source, Kind};
use crate::doctype::DocType;
use crate::error::Diagnostic;
use crate::vi::{slugify, DocDate, Precision};

pub use decode::Encoding;
pub use infer::{Confidence, Fields, Found};

/// What kind of file an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// A saved web page.
    Html,
}

impl Format {
    /// From the extension (`.html`, `.htm`, `.xhtml`), else from the first bytes.
    pub fn detect(path: &Path, bytes: &[u8]) -> Format {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("html" | "htm" | "xhtml") => Format::Html,
            Some("txt" | "text" | "md") => Format::Text,
            _ => {
                let head: String = String::from_utf8_lossy(&bytes[..bytes.len().min(512)])
                    .trim_start_matches('\u{FEFF}')
                    .trim_start()
                    .chars()
                    .take(20)
                    .collect::<String>()
                    .to_ascii_lowercase();
                if head.starts_with("<!doctype html") || head.starts_with("<html") {
                    Format::Html
                } else {
                    Format::Text
                }
            }
        }
    }
}

/// One input turned into a document.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The input's name, for the report.
    pub source: String,
    /// How the bytes were decoded.
    pub encoding: Encoding,
    /// The front matter, with provenance.
    pub fields: Fields,
    /// The Markdown body.
    pub body: String,
    /// What cleaning did.
    pub log: Vec<String>,
}

/// Front-matter keys every document must have, as `content` checks them.
const REQUIRED: [&str; 3] = ["title", "type", "date"];

impl Imported {
    /// The YAML front matter, fences included. Values the importer derived rather than
    /// read carry a comment saying so.
    pub fn front_matter(&self) -> String {
        let f = &self.fields;
        let mut y = String::from("---\n");
        let mut line = |key: &str, value: String, note: Option<&str>| {
            let _ = match note {
                Some(n) => writeln!(y, "{key}: {value}  # {n}"),
                None => writeln!(y, "{key}: {value}"),
            };
        };
        fn note<T>(v: &Found<T>) -> Option<&'static str> {
            if v.inferred {
                Some("suy luận, xem báo cáo nhập (inferred)")
            } else if v.confidence == Confidence::Low {
                Some("độ tin cậy thấp, cần kiểm tra (low confidence)")
            } else {
                None
            }
        }
        if let Some(v) = &f.title {
            line("title", yaml_str(&v.value), note(v));
        }
        if let Some(v) = &f.doc_type {
            line("type", yaml_str(v.value.name()), note(v));
        }
        if let Some(v) = &f.issuer {
            line("issuer", yaml_str(&v.value), note(v));
        }
        if let Some(v) = &f.date {
            line("date", yaml_str(&date_text(&v.value)), note(v));
        }
        if let Some(v) = &f.province {
            line("province", yaml_str(&v.value), note(v));
        }
        if let Some(v) = &f.number {
            line("number", yaml_str(&v.value), note(v));
        }
        if let Some(v) = &f.directives {
            let items: Vec<String> = v.value.iter().map(|s| yaml_str(s)).collect();
            line("directives", format!("[{}]", items.join(", ")), note(v));
        }
        if let Some(v) = &f.signer {
            line("signer", yaml_str(&v.value), note(v));
        }
        if let Some(v) = &f.signer_title {
            line("signer_title", yaml_str(&v.value), note(v));
        }
        if let Some(v) = &f.signer_authority {
            line("signer_authority", yaml_str(&v.value), note(v));
        }
        if let Some(v) = &f.author {
            line("author", yaml_str(&v.value), note(v));
        }
        if let Some(v) = &f.recipients {
            y.push_str("recipients:\n");
            for r in &v.value {
                let _ = writeln!(y, "  - {}", yaml_str(r));
            }
        }
        if f.draft.as_ref().is_some_and(|d| d.value) {
            y.push_str("draft: true\n");
        }
        y.push_str("---\n");
        y
    }

    /// The whole document: front matter, a blank line, the body.
    pub fn to_markdown(&self) -> String {
        format!("{}\n{}", self.front_matter(), self.body)
    }

    /// Required front-matter fields the text did not give (the document will not build
    /// until an editor adds them).
    pub fn missing_required(&self) -> Vec<&'static str> {
        let f = &self.fields;
        let mut out: Vec<&'static str> = REQUIRED
            .into_iter()
            .filter(|k| match *k {
                "title" => f.title.is_none(),
                "type" => f.doc_type.is_none(),
                _ => f.date.is_none(),
            })
            .collect();
        let news = f
            .doc_type
            .as_ref()
            .is_some_and(|t| t.value == DocType::News);
        if f.doc_type.is_some() && !news && f.issuer.is_none() {
            out.push("issuer");
        }
        if news && f.issuer.is_none() && f.author.is_none() {
            out.push("author");
        }
        out
    }

    /// A file name (without `.md`): type, issuer and year for documents ("ket-luan-ban-
    /// thuong-vu-tinh-uy-son-la-2022", "du-thao-…" for drafts), the title for articles,
    /// else the input's name.
    pub fn file_stem(&self) -> String {
        let f = &self.fields;
        let year = f.date.as_ref().map(|d| d.value.year().to_string());
        let news = f
            .doc_type
            .as_ref()
            .is_some_and(|t| t.value == DocType::News);
        let from_fields = match (&f.doc_type, &f.issuer, news) {
            (Some(t), Some(i), false) => {
                let draft = if f.draft.as_ref().is_some_and(|d| d.value) {
                    "Dự thảo "
                } else {
                    ""
                };
                slugify(&format!(
                    "{draft}{} {} {}",
                    t.value.name(),
                    i.value,
                    year.unwrap_or_default()
                ))
            }
            _ => f
                .title
                .as_ref()
                .map(|t| slugify(&t.value))
                .unwrap_or_default(),
        };
        let stem = if from_fields.is_empty() {
            slugify(
                Path::new(&self.source)
                    .file_stem()
                    .map(|s| s.to_string_lossy())
                    .unwrap_or_default()
                    .as_ref(),
            )
        } else {
            from_fields
        };
        let stem = truncate_slug(&stem, 80);
        if stem.is_empty() {
            "van-ban".to_owned()
        } else {
            stem
        }
    }

    /// The per-file report: every field found (value, line, how, how sure), every field
    /// left out, and what cleaning did.
    pub fn report(&self) -> String {
        let f = &self.fields;
        let mut r = String::new();
        if let Some(n) = self.encoding.repair_note() {
            let _ = writeln!(r, "  bảng mã: {n}");
        }
        for l in &self.log {
            let _ = writeln!(r, "  làm sạch: {l}");
        }
        let _ = writeln!(r, "  trường (fields):");
        let mut missing: Vec<String> = Vec::new();
        let mut row =
            |key: &'static str, value: Option<(String, Option<usize>, &str, Confidence, bool)>| {
                match value {
                    Some((v, line, how, c, inferred)) => {
                        let at = line
                            .map(|l| format!("dòng {l}"))
                            .unwrap_or_else(|| "—".into());
                        let sure = if inferred {
                            format!("{}, suy luận", c.label())
                        } else {
                            c.label().to_owned()
                        };
                        let _ = writeln!(r, "    {key:<17}{v}");
                        let _ = writeln!(r, "    {:<17}[{sure}] {at}: {how}", "");
                    }
                    None => {
                        let why: Vec<&str> = f
                            .notes
                            .iter()
                            .filter(|(k, _)| *k == key)
                            .map(|(_, n)| n.as_str())
                            .collect();
                        if why.is_empty() {
                            missing.push(key.to_owned());
                        } else {
                            missing.push(format!("{key} ({})", why.join("; ")));
                        }
                    }
                }
            };
        fn parts<T>(
            v: &Option<Found<T>>,
            show: impl Fn(&T) -> String,
        ) -> Option<(String, Option<usize>, &str, Confidence, bool)> {
            v.as_ref().map(|x| {
                (
                    show(&x.value),
                    x.line,
                    x.how.as_str(),
                    x.confidence,
                    x.inferred,
                )
            })
        }
        row("title", parts(&f.title, |s| format!("\"{s}\"")));
        row("type", parts(&f.doc_type, |t| t.name().to_owned()));
        row("issuer", parts(&f.issuer, |s| format!("\"{s}\"")));
        row("date", parts(&f.date, date_text));
        row("province", parts(&f.province, |s| s.clone()));
        row("number", parts(&f.number, |s| s.clone()));
        row("directives", parts(&f.directives, |v| v.join(", ")));
        row("signer", parts(&f.signer, |s| s.clone()));
        row("signer_title", parts(&f.signer_title, |s| s.clone()));
        row(
            "signer_authority",
            parts(&f.signer_authority, |s| s.clone()),
        );
        row("author", parts(&f.author, |s| s.clone()));
        row(
            "recipients",
            parts(&f.recipients, |v| format!("{} nơi nhận", v.len())),
        );
        row("draft", parts(&f.draft, |b| b.to_string()));
        if !missing.is_empty() {
            let _ = writeln!(
                r,
                "  không suy ra được, để trống (left out): {}",
                missing.join(", ")
            );
        }
        let required = self.missing_required();
        if !required.is_empty() {
            let _ = writeln!(
                r,
                "  CẦN BỔ SUNG trước khi build (required, add by hand): {}",
                required.join(", ")
            );
        }
        r
    }
}

/// Imports one input from its bytes. Never fails and never panics: what cannot be read
/// is left out and reported.
pub fn import_bytes(name: &str, bytes: &[u8], format: Format) -> Imported {
    let (decoded, encoding) = decode::decode(bytes);
    let (lines, meta, mut log) = match format {
        Format::Text => (text::lines(&decoded), html::PageMeta::default(), Vec::new()),
        Format::Html => {
            let page = html::extract(&decoded);
            let lines: Vec<text::Line> = page
                .lines
                .iter()
                .map(|l| text::Line::new(&text::normalize_line(&l.text), l.no))
                .collect();
            let mut log = Vec::new();
            if page.dropped_elements > 0 {
                log.push(format!(
                    "bỏ {} phần tử trang web (menu, kịch bản, chia sẻ, bài liên quan …)",
                    page.dropped_elements
                ));
            }
            (lines, page.meta, log)
        }
    };
    let cleaned = text::clean(lines);
    log.extend(cleaned.log.iter().cloned());
    let fields = infer::infer(&cleaned, &meta);
    let mut paras = cleaned.paras.clone();
    // A web page's headline is the title, not the first paragraph.
    if let Some((h, _)) = &meta.headline {
        if paras
            .first()
            .is_some_and(|p| crate::vi::match_key(&p.text) == crate::vi::match_key(h))
        {
            paras.remove(0);
        }
    }
    let body = markdown::render(&paras, &cleaned.notes);
    Imported {
        source: name.to_owned(),
        encoding,
        fields,
        body,
        log,
    }
}

/// Reads and imports one file.
pub fn import_file(path: &Path) -> Result<Imported, crate::Error> {
    let bytes = std::fs::read(path).map_err(|e| crate::Error::io("reading", path, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    Ok(import_bytes(&name, &bytes, Format::detect(path, &bytes)))
}

/// Options of `bantin import`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Folder the documents are written to (`content/`).
    pub into: PathBuf,
    /// Replace existing documents.
    pub force: bool,
    /// Write nothing; report what would be written.
    pub dry_run: bool,
    /// Show a progress bar (only drawn on a terminal).
    pub progress: bool,
}

/// What happened to one input.
#[derive(Debug)]
pub enum Outcome {
    /// The document was written here.
    Written(PathBuf),
    /// `--dry-run`: the document would be written here.
    WouldWrite(PathBuf),
    /// A document already exists here and `--force` was not given: nothing written.
    Exists(PathBuf),
    /// The input could not be read or the output not written.
    Failed(String),
}

/// One input's result.
#[derive(Debug)]
pub struct FileResult {
    /// The input.
    pub input: PathBuf,
    /// The document, when the input could be read.
    pub imported: Option<Imported>,
    /// What happened.
    pub outcome: Outcome,
    /// Problems `bantin build` would report in the written front matter (missing
    /// required fields).
    pub problems: Vec<Diagnostic>,
}

impl FileResult {
    /// Whether the input ended as a complete, written (or writable) document.
    pub fn is_ok(&self) -> bool {
        matches!(self.outcome, Outcome::Written(_) | Outcome::WouldWrite(_))
            && self.problems.iter().all(|d| !d.is_error())
    }

    /// The report printed for this input.
    pub fn render(&self, dry_run: bool) -> String {
        let mut r = String::new();
        let what = match &self.outcome {
            Outcome::Written(p) => format!("→ {} (đã ghi, written)", p.display()),
            Outcome::WouldWrite(p) => format!("→ {} (chạy thử, dry run: chưa ghi)", p.display()),
            Outcome::Exists(p) => format!(
                "✗ {} đã có; không ghi đè (exists; use --force to replace it)",
                p.display()
            ),
            Outcome::Failed(e) => format!("✗ lỗi (failed): {e}"),
        };
        let _ = writeln!(r, "{} {what}", self.input.display());
        if let Some(i) = &self.imported {
            r.push_str(&i.report());
            if dry_run {
                for l in i.front_matter().lines() {
                    let _ = writeln!(r, "  | {l}");
                }
            }
        }
        for d in &self.problems {
            let _ = writeln!(r, "  {d}");
        }
        r
    }
}

/// Imports every input into `opts.into`, one document each. Existing documents are kept
/// unless `opts.force`; two inputs that would get one name get `-2`, `-3` ….
pub fn import_files(paths: &[PathBuf], opts: &Options) -> Vec<FileResult> {
    let bar = if opts.progress && paths.len() > 1 {
        let bar = indicatif::ProgressBar::new(paths.len() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
        {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut taken: HashSet<PathBuf> = HashSet::new();
    let mut results = Vec::with_capacity(paths.len());
    for path in paths {
        bar.set_message(path.display().to_string());
        results.push(import_one(path, opts, &mut taken));
        bar.inc(1);
    }
    bar.finish_and_clear();
    results
}

fn import_one(path: &Path, opts: &Options, taken: &mut HashSet<PathBuf>) -> FileResult {
    let imported = match import_file(path) {
        Ok(i) => i,
        Err(e) => {
            return FileResult {
                input: path.to_path_buf(),
                imported: None,
                outcome: Outcome::Failed(e.to_string()),
                problems: Vec::new(),
            }
        }
    };
    let stem = imported.file_stem();
    let mut target = opts.into.join(format!("{stem}.md"));
    let mut n = 2;
    while taken.contains(&target) {
        target = opts.into.join(format!("{stem}-{n}.md"));
        n += 1;
    }
    taken.insert(target.clone());
    let text = imported.to_markdown();
    let problems = validate(&target, &text);
    let outcome = if opts.dry_run {
        if target.exists() && !opts.force {
            Outcome::Exists(target)
        } else {
            Outcome::WouldWrite(target)
        }
    } else {
        match write(&opts.into, &target, &text, opts.force) {
            Ok(true) => Outcome::Written(target),
            Ok(false) => Outcome::Exists(target),
            Err(e) => Outcome::Failed(e),
        }
    };
    FileResult {
        input: path.to_path_buf(),
        imported: Some(imported),
        outcome,
        problems,
    }
}

/// What `bantin build` would say about the document's front matter.
fn validate(target: &Path, text: &str) -> Vec<Diagnostic> {
    let rel = target
        .file_name()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("document.md"));
    match parse_source(
        &Path::new("content").join(rel),
        text.as_bytes(),
        Kind::Document,
    ) {
        Ok((_, warnings)) => warnings,
        Err(diags) => diags,
    }
}

/// Writes `text` to `target`; `Ok(false)` when it exists and `force` is off. Without
/// `force` the file is created exclusively, so nothing is ever replaced by accident; with
/// it, a temporary file is renamed over the old one.
fn write(dir: &Path, target: &Path, text: &str, force: bool) -> Result<bool, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("không tạo được {}: {e}", dir.display()))?;
    if !force {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(target);
        return match file {
            Ok(mut f) => f
                .write_all(text.as_bytes())
                .and_then(|_| f.sync_all())
                .map(|_| true)
                .map_err(|e| format!("không ghi được {}: {e}", target.display())),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(format!("không ghi được {}: {e}", target.display())),
        };
    }
    let tmp = dir.join(format!(
        ".{}.bantin-import.tmp",
        target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    std::fs::write(&tmp, text)
        .and_then(|_| std::fs::rename(&tmp, target))
        .map(|_| true)
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("không ghi được {}: {e}", target.display())
        })
}

/// A date as front matter writes it: `12/5/2022`, `5/2023`, `2023`.
pub fn date_text(d: &DocDate) -> String {
    match d.precision() {
        Precision::Day => format!(
            "{}/{}/{}",
            d.day().unwrap_or(1),
            d.month().unwrap_or(1),
            d.year()
        ),
        Precision::Month => format!("{}/{}", d.month().unwrap_or(1), d.year()),
        Precision::Year => d.year().to_string(),
    }
}

/// A YAML double-quoted scalar; everything YAML does not allow raw is escaped.
fn yaml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if printable(c) => out.push(c),
            c if u32::from(c) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\U{:08X}", u32::from(c));
            }
        }
    }
    out.push('"');
    out
}

/// YAML 1.2's printable set, minus the line and paragraph separators YAML treats as line
/// breaks and the BOM.
fn printable(c: char) -> bool {
    matches!(u32::from(c),
        0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFEFE | 0xFF00..=0xFFFD | 0x10000..=0x10FFFF)
        && !matches!(c, '\u{2028}' | '\u{2029}')
}

/// Cuts a slug to at most `max` bytes at a `-`.
fn truncate_slug(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let cut = s[..max].rfind('-').unwrap_or(max);
    s[..cut].trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Imported {
        import_bytes("x.txt", text.as_bytes(), Format::Text)
    }

    #[test]
    fn yaml_strings_are_always_valid() {
        for s in [
            "a\"b\\c",
            "dòng\nmới",
            "\u{0}\u{7}\u{85}\u{2028}\u{FEFF}\u{FFFF}",
            "#: - [x]",
        ] {
            let y = format!("k: {}\n", yaml_str(s));
            let v: serde_yaml::Value = serde_yaml::from_str(&y).unwrap();
            assert_eq!(v["k"].as_str(), Some(s), "{y}");
        }
    }

    #[test]
    fn an_official_document_round_trips_through_the_loader() {
        let d = doc("KẾT LUẬN\n\nCỦA BAN THƯỜNG VỤ TỈNH ỦY\n\nvề việc học tập \"và\" làm theo\n\n\
             Ngày 12/5/2022, Ban Thường vụ Tỉnh ủy đã họp tại tỉnh Sơn La. Ban Thường vụ Tỉnh ủy kết luận như sau:\n\n\
             1. Tiếp tục học tập.\n\n2. Tăng cường kiểm tra.\n\nNơi nhận:\n- Lưu VPTU.\n\n**T/M BAN THƯỜNG VỤ\nBÍ THƯ**\n\nNguyễn Văn An");
        assert!(d.missing_required().is_empty(), "{}", d.report());
        let md = d.to_markdown();
        let (loaded, warnings) =
            parse_source(Path::new("content/a.md"), md.as_bytes(), Kind::Document).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            loaded.meta.title,
            "Kết luận của Ban Thường vụ Tỉnh ủy về việc học tập \"và\" làm theo"
        );
        assert_eq!(
            loaded.meta.issuer.as_deref(),
            Some("Ban Thường vụ Tỉnh ủy Sơn La")
        );
        assert_eq!(loaded.meta.date, Some(DocDate::ymd(2022, 5, 12).unwrap()));
        assert_eq!(loaded.meta.signer_title.as_deref(), Some("Bí thư"));
        assert_eq!(loaded.meta.recipients, vec!["Lưu VPTU."]);
        assert_eq!(d.file_stem(), "ket-luan-ban-thuong-vu-tinh-uy-son-la-2022");
        assert!(loaded
            .body
            .contains("1. Tiếp tục học tập.\n\n2. Tăng cường kiểm tra."));
    }

    #[test]
    fn nothing_is_invented_from_an_empty_or_unrelated_text() {
        let d = doc("Một đoạn văn không có gì đặc biệt.");
        assert!(d.fields.title.is_none());
        assert!(d.fields.date.is_none());
        assert!(d.fields.province.is_none());
        assert_eq!(d.missing_required(), vec!["title", "type", "date"]);
        assert!(d.report().contains("CẦN BỔ SUNG"));
        let d = doc("");
        assert_eq!(d.front_matter(), "---\n---\n");
    }

    #[test]
    fn inferred_values_are_marked_in_the_front_matter() {
        let d = doc("BÁO CÁO\n\nsơ kết công tác\n\nThực hiện Kế hoạch số 64-KH/ĐUK, ngày 16/01/2024 của Ban Thường vụ, Ban Thường vụ Đảng ủy Khối báo cáo như sau:\n\nNăm 2023 đã làm tốt.\n\n**T/M BAN THƯỜNG VỤ\nBÍ THƯ**\n\nTrần Văn Bình");
        let fm = d.front_matter();
        assert!(fm.contains("date: \"2024\"  # suy luận"), "{fm}");
    }

    #[test]
    fn files_are_never_overwritten_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("a.txt");
        std::fs::write(&input, "Tin bài mới về học tập và làm theo Bác\n\nNgày đăng: 12/5/2023\n\nNăm 2023, các cấp ủy đã làm tốt việc học tập.\n\nNguyễn Văn An").unwrap();
        let into = dir.path().join("content");
        let opts = Options {
            into: into.clone(),
            force: false,
            dry_run: false,
            progress: false,
        };
        let first = import_files(std::slice::from_ref(&input), &opts);
        let Outcome::Written(path) = &first[0].outcome else {
            panic!("{:?}", first[0].outcome)
        };
        assert!(first[0].is_ok(), "{}", first[0].render(false));
        std::fs::write(path, "edited").unwrap();
        let second = import_files(std::slice::from_ref(&input), &opts);
        assert!(matches!(second[0].outcome, Outcome::Exists(_)));
        assert_eq!(std::fs::read_to_string(path).unwrap(), "edited");
        let dry = import_files(
            std::slice::from_ref(&input),
            &Options {
                dry_run: true,
                force: true,
                ..opts.clone()
            },
        );
        assert!(matches!(dry[0].outcome, Outcome::WouldWrite(_)));
        assert_eq!(std::fs::read_to_string(path).unwrap(), "edited");
        let forced = import_files(
            std::slice::from_ref(&input),
            &Options {
                force: true,
                ..opts
            },
        );
        assert!(matches!(forced[0].outcome, Outcome::Written(_)));
        assert!(std::fs::read_to_string(path)
            .unwrap()
            .starts_with("---\ntitle:"));
    }

    #[test]
    fn one_batch_never_writes_two_inputs_to_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Tin bài về học tập và làm theo Bác\n\nNgày đăng: 12/5/2023\n\nNội dung bài viết.\n\nNguyễn Văn An";
        let a = dir.path().join("a.txt");
        let b = dir.path().join("b.txt");
        std::fs::write(&a, text).unwrap();
        std::fs::write(&b, text).unwrap();
        let out = import_files(
            &[a, b],
            &Options {
                into: dir.path().join("c"),
                force: false,
                dry_run: false,
                progress: false,
            },
        );
        let paths: Vec<String> = out
            .iter()
            .map(|r| match &r.outcome {
                Outcome::Written(p) => p.file_name().unwrap().to_string_lossy().into_owned(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(paths[1], paths[0].replace(".md", "-2.md"));
    }

    #[test]
    fn html_is_detected() {
        assert_eq!(Format::detect(Path::new("a.htm"), b""), Format::Html);
        assert_eq!(
            Format::detect(Path::new("a"), b"  <!DOCTYPE html><p>"),
            Format::Html
        );
        assert_eq!(Format::detect(Path::new("a.txt"), b"<html>"), Format::Text);
    }
}
