//! `bantin check`: everything a build validates (front matter, templates), plus every
//! internal link and `#anchor` of the rendered site and every citation that could not be
//! pinned to one directive — without writing anything.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use regex::Regex;

use crate::error::{Diagnostic, Error, Result};
use crate::output::MemorySink;
use crate::render::pages::render_site;
use crate::render::templates::Theme;
use crate::site::{BuildOptions, Site};

/// What `bantin check` found.
#[derive(Debug)]
pub struct CheckReport {
    /// Documents checked (drafts included).
    pub documents: usize,
    /// HTML pages rendered.
    pub pages: usize,
    /// Internal links followed.
    pub links: usize,
    /// Every error and warning.
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads and renders the site in memory (drafts included), then follows every internal link.
pub fn check(root: &Path) -> Result<CheckReport> {
    let site = Site::load(
        root,
        BuildOptions {
            drafts: true,
            base_url: None,
            ..Default::default()
        },
    )?;
    let theme = Theme::load(root, &site.config.theme).map_err(Error::Invalid)?;
    let sink = MemorySink::default();
    render_site(&site, &theme, &sink)?;
    let files = sink.into_files();
    let sources: HashMap<String, PathBuf> = site
        .documents
        .iter()
        .map(|d| (site.urls.file_of(&d.url), d.doc.source.clone()))
        .chain(site.pages.iter().map(|p| {
            (
                site.urls.file_of(&site.urls.page(&p.slug)),
                p.source.clone(),
            )
        }))
        .collect();
    let (links, mut diagnostics) = check_links(&files, &site.urls.root, &sources);
    diagnostics.extend(site.warnings.iter().cloned());
    diagnostics.extend(site.citation_issues.iter().cloned());
    Ok(CheckReport {
        documents: site.documents.len(),
        pages: files.keys().filter(|k| k.ends_with(".html")).count(),
        links,
        diagnostics,
    })
}

fn patterns() -> &'static (Regex, Regex) {
    static P: OnceLock<(Regex, Regex)> = OnceLock::new();
    P.get_or_init(|| {
        (
            Regex::new(r#"\s(?:href|src)="([^"]*)""#).expect("valid regex"),
            Regex::new(r#"\sid="([^"]*)""#).expect("valid regex"),
        )
    })
}

/// Follows every root-relative and relative link of every HTML file in `files`; returns the
/// number of links checked and an error per broken link or anchor. `sources` maps output
/// files to the document that produced them, to name the file at fault.
pub fn check_links(
    files: &BTreeMap<String, Vec<u8>>,
    root: &str,
    sources: &HashMap<String, PathBuf>,
) -> (usize, Vec<Diagnostic>) {
    let (link_re, id_re) = patterns();
    let mut ids: HashMap<&str, HashSet<String>> = HashMap::new();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        ids.insert(
            path,
            id_re
                .captures_iter(&text)
                .map(|c| html_escape::decode_html_entities(&c[1]).into_owned())
                .collect(),
        );
    }
    let mut count = 0;
    let mut diagnostics = Vec::new();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        let mut seen = HashSet::new();
        for c in link_re.captures_iter(&text) {
            let raw = html_escape::decode_html_entities(&c[1]).into_owned();
            if !seen.insert(raw.clone()) || is_external(&raw) {
                continue;
            }
            count += 1;
            let (target_path, fragment) = match raw.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (raw.as_str(), None),
            };
            let target_path = target_path.split('?').next().unwrap_or_default();
            let target = if target_path.is_empty() {
                Some(path.clone())
            } else {
                resolve(path, target_path, root).and_then(|p| find(files, &p))
            };
            let page = format!("/{}", path.trim_end_matches("index.html"));
            let at = |msg: String| {
                let d = Diagnostic::error(msg)
                    .with_help("fix the link in the document, or the template that makes it");
                match sources.get(path) {
                    Some(src) => d.in_file(src),
                    None => d,
                }
            };
            match target {
                None => diagnostics.push(at(format!(
                    "liên kết hỏng \"{raw}\" trong trang {page} (broken link)"
                ))),
                Some(t) => {
                    if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                        let decoded = percent_encoding::percent_decode_str(f)
                            .decode_utf8_lossy()
                            .into_owned();
                        if t.ends_with(".html")
                            && !ids.get(t.as_str()).is_some_and(|s| s.contains(&decoded))
                        {
                            diagnostics.push(at(format!("liên kết \"{raw}\" trong trang {page}: không có neo #{decoded} (missing anchor)")));
                        }
                    }
                }
            }
        }
    }
    (count, diagnostics)
}

fn is_external(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    lower.starts_with("//")
        || lower.starts_with("mailto:")
        || lower.starts_with("tel:")
        || lower.starts_with("data:")
        || lower.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
                && !scheme.contains('/')
        })
}

/// Output-relative path a link points to, from the page at `from`.
fn resolve(from: &str, link: &str, root: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(link)
        .decode_utf8_lossy()
        .into_owned();
    let joined = if let Some(abs) = decoded.strip_prefix('/') {
        let prefix = root.trim_start_matches('/');
        abs.strip_prefix(prefix).unwrap_or(abs).to_string()
    } else {
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        if dir.is_empty() {
            decoded
        } else {
            format!("{dir}/{decoded}")
        }
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if joined.ends_with('/') || out.is_empty() {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str("index.html");
    }
    Some(out)
}

fn find(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Option<String> {
    if files.contains_key(path) {
        return Some(path.to_string());
    }
    let index = format!("{path}/index.html");
    files.contains_key(&index).then_some(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(pages: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        pages
            .iter()
            .map(|(p, h)| (p.to_string(), h.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn finds_broken_links_and_anchors() {
        let files = site(&[
            (
                "index.html",
                r##"<a href="/a/">a</a> <a href="/b/">b</a> <a href="/a/#x">x</a> <a href="/a/#y">y</a> <a href="https://e.vn/">e</a>"##,
            ),
            (
                "a/index.html",
                r#"<h2 id="x">X</h2><a href="../">up</a> <img src="/static/s.png">"#,
            ),
            ("static/s.png", ""),
        ]);
        let (count, d) = check_links(&files, "/", &HashMap::new());
        assert_eq!(count, 6);
        assert_eq!(d.len(), 2, "{d:#?}");
        assert!(d[0].message.contains("/b/"));
        assert!(d[1].message.contains("#y"));
    }

    #[test]
    fn honours_a_base_path() {
        let files = site(&[
            ("index.html", r#"<a href="/bantin/a/">a</a>"#),
            ("a/index.html", ""),
        ]);
        let (_, d) = check_links(&files, "/bantin/", &HashMap::new());
        assert!(d.is_empty(), "{d:#?}");
    }
}
