//! Load stage: walk `content/`, decode each Markdown file, split and parse its front matter.
//!
//! Nothing here knows about indices or HTML; the result is a list of [`Document`]s (bulletins)
//! and plain pages, plus every diagnostic found on the way.

pub mod frontmatter;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::Diagnostic;
use crate::vi::{nfc, slugify};
pub use frontmatter::{FrontMatter, Kind};

/// One Markdown file of the site: a bulletin or a plain page.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to the site root, e.g. `content/ket-luan-01.md`.
    pub source: PathBuf,
    /// URL slug: from `slug:` or the file name, folded to ASCII.
    pub slug: String,
    /// Bulletin or plain page.
    pub kind: Kind,
    /// The typed front matter.
    pub meta: FrontMatter,
    /// The Markdown body (NFC, `\n` line ends).
    pub body: String,
    /// 1-based line of the body's first line in the file, to locate body diagnostics.
    pub body_line: usize,
    /// True when `body` was let go after loading to bound memory (see [`load`]); it is then
    /// read again from the file with [`reload_body`].
    pub body_released: bool,
    /// The file as it was read, so that reading the body again can tell a changed file and,
    /// for a file that needed no decoding, skip decoding it again.
    pub stamp: Option<FileStamp>,
}

/// What [`reload_body`] compares and skips.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStamp {
    /// File size in bytes.
    len: u64,
    /// Modification time, where the platform has one.
    modified: Option<SystemTime>,
    /// Byte offset of the body in the file.
    body_start: usize,
    /// True when the file is its own decoded text (valid UTF-8, `\n` line ends, NFC, BOM
    /// aside): most files, whose bodies are then read again without being decoded again.
    verbatim: bool,
}

/// Everything `content/` holds.
#[derive(Debug)]
pub struct Content<T = ()> {
    /// Bulletins, in path order, each with what `prepare` made of it (see [`load`]).
    pub documents: Vec<(Document, T)>,
    /// Plain pages (`content/<pages>/*.md`), in path order.
    pub pages: Vec<Document>,
    /// Errors and warnings, in path order.
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Default for Content<T> {
    fn default() -> Self {
        Content {
            documents: Vec::new(),
            pages: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}

/// Loads every `.md` file under `root/content`. Files under `root/content/<pages_dir>/` are
/// plain pages. Errors do not stop the walk: every file is read and every problem reported.
///
/// `prepare` runs on each bulletin right after it is parsed, while its body is in memory.
/// When the files total more than `body_budget` bytes, each bulletin's body is then
/// released, so memory never holds every body at once (pages keep theirs: they are few).
pub fn load<T: Send>(
    root: &Path,
    pages_dir: &str,
    body_budget: usize,
    prepare: impl Fn(&Document) -> T + Sync,
) -> Content<T> {
    let content_dir = root.join("content");
    let mut content = Content::default();
    if !content_dir.is_dir() {
        content.diagnostics.push(
            Diagnostic::error(format!(
                "không tìm thấy thư mục content/ trong {} (no content folder)",
                root.display()
            ))
            .with_help("run bantin in the site folder, pass --root DIR, or create one with `bantin init DIR`"),
        );
        return content;
    }
    let mut files = Vec::new();
    let mut total_bytes = 0;
    let walker = WalkDir::new(&content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md") => {
                total_bytes += e.metadata().map_or(0, |m| m.len() as usize);
                files.push(e.into_path());
            }
            Ok(_) => {}
            Err(err) => {
                let path = err.path().map(|p| relative(root, p)).unwrap_or_default();
                let d = if let Some(ancestor) = err.loop_ancestor() {
                    Diagnostic::warning(format!(
                        "liên kết tượng trưng tạo vòng lặp, đã bỏ qua (symlink loop back to {})",
                        relative(root, ancestor).display()
                    ))
                    .in_file(&path)
                    .with_help("remove the symlink or point it outside its own parent folders")
                } else if err.path().is_some_and(|p| p.is_symlink()) {
                    // A link to itself (ELOOP) or to nothing: nothing to read, nothing lost.
                    Diagnostic::warning(format!(
                        "liên kết tượng trưng không theo được, đã bỏ qua (symlink loop or missing target): {}",
                        err.io_error().map_or_else(|| err.to_string(), |e| e.to_string())
                    ))
                    .in_file(&path)
                    .with_help("remove the symlink or point it at an existing file or folder")
                } else {
                    Diagnostic::error(format!("không đọc được (cannot read): {err}")).in_file(&path)
                };
                content.diagnostics.push(d);
            }
        }
    }
    let pages_root = content_dir.join(pages_dir);
    let release = total_bytes > body_budget;
    // Each file: the document (with `prepare`'s result for a bulletin) and its diagnostics.
    type Loaded<T> = (Option<(Document, Option<T>)>, Vec<Diagnostic>);
    let loaded: Vec<Loaded<T>> = files
        .par_iter()
        .map(|path| {
            let kind = if path.starts_with(&pages_root) {
                Kind::Page
            } else {
                Kind::Document
            };
            let (doc, diagnostics) = load_file(root, path, kind);
            let doc = doc.map(|mut doc| {
                if kind == Kind::Page {
                    return (doc, None);
                }
                let prepared = prepare(&doc);
                if release {
                    doc.body = String::new();
                    doc.body_released = true;
                }
                (doc, Some(prepared))
            });
            (doc, diagnostics)
        })
        .collect();
    for (doc, diags) in loaded {
        content.diagnostics.extend(diags);
        match doc {
            Some((doc, Some(prepared))) => content.documents.push((doc, prepared)),
            Some((page, None)) => content.pages.push(page),
            None => {}
        }
    }
    content
}

/// Reads and parses one file. Returns the document when it has no errors, and all
/// diagnostics (warnings included) either way.
pub fn load_file(root: &Path, path: &Path, kind: Kind) -> (Option<Document>, Vec<Diagnostic>) {
    let rel = relative(root, path);
    let bytes = match read_stamped(path) {
        Ok(b) => b,
        Err(e) => {
            return (
                None,
                vec![
                    Diagnostic::error(format!("không đọc được tệp (cannot read): {e}"))
                        .in_file(&rel),
                ],
            )
        }
    };
    let (bytes, modified) = bytes;
    match parse_source(&rel, &bytes, kind) {
        Ok((mut doc, warnings)) => {
            if let Some(stamp) = &mut doc.stamp {
                stamp.modified = modified;
            }
            (Some(doc), warnings)
        }
        Err(diags) => (None, diags),
    }
}

/// The bytes of a file and its modification time, from one open file (so both describe
/// the same file even if it is replaced meanwhile).
fn read_stamped(path: &Path) -> std::io::Result<(Vec<u8>, Option<SystemTime>)> {
    let mut file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes)?;
    Ok((bytes, meta.modified().ok()))
}

/// Length of a UTF-8 byte-order mark at the start of `bytes` (0 or 3).
fn bom_len(bytes: &[u8]) -> usize {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    }
}

/// Parses a document from its raw bytes; `rel` names it in diagnostics and gives its slug.
pub fn parse_source(
    rel: &Path,
    bytes: &[u8],
    kind: Kind,
) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
    let text = decode(bytes).map_err(|d| vec![d.in_file(rel)])?;
    let split = frontmatter::split(&text).map_err(|d| vec![d.in_file(rel)])?;
    let (meta, warnings) = frontmatter::parse(&split, rel, kind)?;
    let stem = rel
        .file_stem()
        .map(|s| nfc(&s.to_string_lossy()).into_owned())
        .unwrap_or_default();
    let slug = slugify(meta.slug.as_deref().unwrap_or(&stem));
    if slug.is_empty() {
        return Err(vec![Diagnostic::error(format!(
            "không tạo được địa chỉ (slug) từ tên tệp \"{stem}\" (the file name has no letters or digits)"
        ))
        .in_file(rel)
        .with_help("rename the file, or add `slug: ten-van-ban` to the front matter")]);
    }
    let body = split.body.to_string();
    let body_line = split.body_line;
    let stamp = FileStamp {
        len: bytes.len() as u64,
        modified: None,
        body_start: bom_len(bytes) + text.len() - split.body.len(),
        verbatim: text.as_bytes() == &bytes[bom_len(bytes)..],
    };
    Ok((
        Document {
            source: rel.to_path_buf(),
            slug,
            kind,
            meta,
            body,
            body_line,
            body_released: false,
            stamp: Some(stamp),
        },
        warnings,
    ))
}

/// Reads the body of `doc` from its file again, for a site that let go of bodies to bound
/// its memory. The file must still have the front matter it was loaded with.
pub fn reload_body(root: &Path, doc: &Document) -> Result<String, Diagnostic> {
    let path = root.join(&doc.source);
    let changed = || {
        Diagnostic::error(
            "tệp đã thay đổi trong khi đang tạo trang (the file changed during the build)",
        )
        .in_file(&doc.source)
        .with_help("run the build again once the file is saved")
    };
    let (mut bytes, modified) = read_stamped(&path).map_err(|e| {
        Diagnostic::error(format!("không đọc lại được tệp (cannot read again): {e}"))
            .in_file(&doc.source)
    })?;
    if let Some(stamp) = &doc.stamp {
        let touched = stamp.modified.is_some() && modified != stamp.modified;
        if bytes.len() as u64 != stamp.len || touched {
            return Err(changed());
        }
        if stamp.verbatim && stamp.body_start <= bytes.len() {
            bytes.drain(..stamp.body_start);
            // simdutf8 validates several times faster than `String::from_utf8` on
            // Vietnamese text (std's check was 5% of a build's CPU time).
            if simdutf8::basic::from_utf8(&bytes).is_err() {
                return Err(changed());
            }
            // SAFETY: `bytes` was just validated as UTF-8.
            return Ok(unsafe { String::from_utf8_unchecked(bytes) });
        }
    }
    let text = decode(&bytes).map_err(|_| changed())?;
    let split = frontmatter::split(&text).map_err(|_| changed())?;
    if split.body_line != doc.body_line {
        return Err(changed());
    }
    Ok(split.body.to_string())
}

/// UTF-8 (with or without BOM, CRLF or LF) to NFC text with `\n` line ends. Anything else is
/// an error naming the first bad byte.
pub fn decode(bytes: &[u8]) -> Result<String, Diagnostic> {
    let bom = bom_len(bytes);
    let bytes = &bytes[bom..];
    // simdutf8 validates several times faster than std on Vietnamese text; std's error
    // gives the position of the bad byte.
    let valid = simdutf8::basic::from_utf8(bytes).map_err(|_| std::str::from_utf8(bytes));
    let text = match valid {
        Ok(t) => t,
        Err(Ok(t)) => t,
        Err(Err(e)) => {
            let at = e.valid_up_to();
            let before = String::from_utf8_lossy(&bytes[..at]);
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            // The offset counts from the start of the file, BOM included, as a hex editor does.
            let offset = at + bom;
            return Err(Diagnostic::error(format!(
                "tệp không phải UTF-8: byte 0x{:02X} ở vị trí {offset} (not UTF-8: invalid byte at offset {offset})",
                bytes[at]
            ))
            .at(line, col)
            .with_help(
                "the file is probably in a legacy encoding (Windows-1258, TCVN3, VNI, Latin-1); \
                 re-save it as UTF-8 in your editor, or convert it with \
                 `iconv -f WINDOWS-1258 -t UTF-8`",
            ));
        }
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    Ok(match nfc(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(normalized) => normalized,
    })
}

/// `path` relative to `root` when inside it (for messages), else as given.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_bom_and_crlf() {
        assert_eq!(decode(b"\xEF\xBB\xBF---\r\na\r\n").unwrap(), "---\na\n");
    }

    #[test]
    fn non_utf8_names_the_byte_offset_and_line() {
        // "Tỉnh" in Windows-1258 has a lone 0xD2 byte.
        let d = decode(b"---\ntitle: T\xD2nh\n").unwrap_err();
        assert!(d.message.contains("offset 12"), "{}", d.message);
        assert_eq!(d.line, Some(2));
        assert_eq!(d.column, Some(9));
        let d = decode(b"\xEF\xBB\xBF---\ntitle: T\xD2nh\n").unwrap_err();
        assert!(d.message.contains("offset 15"), "{}", d.message);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_and_dangling_links_are_warnings() {
        let site = tempfile::tempdir().unwrap();
        let content = site.path().join("content");
        std::fs::create_dir_all(content.join("sub")).unwrap();
        std::os::unix::fs::symlink("..", content.join("sub/up")).unwrap();
        std::os::unix::fs::symlink("self", content.join("self")).unwrap();
        std::os::unix::fs::symlink("missing.md", content.join("dangling.md")).unwrap();
        let loaded = load(site.path(), "trang", usize::MAX, |_| ());
        assert_eq!(loaded.diagnostics.len(), 3, "{:#?}", loaded.diagnostics);
        assert!(loaded.diagnostics.iter().all(|d| !d.is_error()));
    }

    #[test]
    fn a_body_read_again_is_the_body_loaded_and_a_changed_file_is_an_error() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("content")).unwrap();
        let head = "---\ntitle: T\ntype: KL\nissuer: I\ndate: 2022\n---\n";
        for (name, raw, body) in [
            (
                "plain.md",
                format!("{head}Học tập và làm theo.\n"),
                "Học tập và làm theo.\n",
            ),
            // Needs decoding: BOM, CRLF and a decomposed letter.
            (
                "crlf.md",
                format!(
                    "\u{FEFF}{}Ho\u{0323}c ta\u{0323}\u{0302}p.\r\n",
                    head.replace('\n', "\r\n")
                ),
                "Học tập.\n",
            ),
        ] {
            let path = site.path().join("content").join(name);
            std::fs::write(&path, &raw).unwrap();
            let (doc, diagnostics) = load_file(site.path(), &path, Kind::Document);
            let doc = doc.unwrap_or_else(|| panic!("{name}: {diagnostics:?}"));
            assert_eq!(doc.body, body, "{name}");
            assert_eq!(reload_body(site.path(), &doc).unwrap(), body, "{name}");
            assert_eq!(
                doc.stamp.as_ref().map(|s| s.verbatim),
                Some(name == "plain.md")
            );
            // Same front matter, another body: the file changed under the build.
            std::fs::write(&path, format!("{raw}Thêm một dòng.\n")).unwrap();
            let err = reload_body(site.path(), &doc).unwrap_err();
            assert!(err.message.contains("changed during the build"), "{name}");
        }
    }

    #[test]
    fn slug_comes_from_the_file_name_folded() {
        let (doc, _) = parse_source(
            Path::new("content/Hòa Bình.md"),
            "---\ntitle: T\ntype: KL\nissuer: I\ndate: 2022\n---\nx".as_bytes(),
            Kind::Document,
        )
        .unwrap();
        assert_eq!(doc.slug, "hoa-binh");
    }
}
