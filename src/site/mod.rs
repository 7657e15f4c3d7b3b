//! Model stage: from loaded documents to a [`Site`] — URLs checked, names resolved to
//! provinces, issuers and directives, documents in newest-first order, and the indices.

pub mod directives;
pub mod update;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{self, Document};
use crate::doctype::DocType;
use crate::error::{Diagnostic, Error, Result};
use crate::index::{Taxonomy, TaxonomyKind, Term, TermCollector, TermSection};

use crate::timing::stage;

use crate::vi::province::{registry, Era};
use crate::vi::{self, collate, match_key, slugify, Inference};
pub use directives::{Directives, DocDirectives};

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Include drafts (marked "Dự thảo").
    pub drafts: bool,
    /// Overrides `base_url` from config.toml.
    pub base_url: Option<String>,
    /// Bytes of Markdown bodies kept in memory between loading and rendering; `None` means
    /// [`BODY_BUDGET`].
    pub body_budget: Option<usize>,
}

/// A reference from a document to one term of an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermRef {
    /// The term's slug in its index.
    pub slug: String,
    /// The name as this document wrote it.
    pub name: String,
}

/// A document's province: the registry unit it was filed under on its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvinceRef {
    /// Slug of the province page (`son-la`, or `chua-xac-dinh`).
    pub slug: String,
    /// Name of the unit on the document's date ("Sơn La", "Thừa Thiên Huế").
    pub name: String,
    /// Which set of units; `None` for documents with no province.
    pub era: Option<Era>,
    /// For a unit merged away in 2025: the province it became part of.
    pub successor: Option<TermRef>,
}

/// A document placed in the site: its URL and the index terms it belongs to.
#[derive(Debug, Clone)]
pub struct SiteDoc {
    /// The loaded document.
    pub doc: Document,
    /// Root-relative URL (`/van-ban/<slug>/`, with the base path).
    pub url: String,
    /// Province term, or the "Chưa xác định" term when the document names none.
    pub province: ProvinceRef,
    /// Issuer term, if the document has an issuer.
    pub issuer: Option<TermRef>,
    /// The document's type.
    pub doc_type: DocType,
    /// Directives the document is about (front matter) and cites (body), resolved.
    pub directives: DocDirectives,
    /// The beginning of the body as plain text (at most [`EXCERPT_CHARS`]), for documents
    /// without a `summary`; made at load, so the body itself need not stay in memory.
    pub excerpt: String,
}

/// Bytes of Markdown files up to which a site keeps every body in memory from loading to
/// rendering. Above it, each body is released once its citations are found and read again
/// from its file when needed: memory then grows with
/// the documents' metadata only, so 100,000 documents build in well under a gigabyte,
/// while re-reading costs about 1 % of the build time.
pub const BODY_BUDGET: usize = 64 * 1024 * 1024;

/// Characters of body text kept as a document's [`SiteDoc::excerpt`].
pub const EXCERPT_CHARS: usize = 300;

/// What [`Site::load`] learns of a bulletin while its body is in memory.
struct Prepared {
    excerpt: String,
    province: ProvinceRef,
    province_warnings: Vec<Diagnostic>,
    analysis: (DocDirectives, Vec<Diagnostic>, Vec<Diagnostic>),
}

/// [`SiteDoc::excerpt`] of a document: empty when it has its own `summary`.
pub fn excerpt_of(doc: &Document) -> String {
    if doc
        .meta
        .summary
        .as_deref()
        .is_some_and(|s| !s.trim().is_empty())
    {
        return String::new();
    }
    // The first few kilobytes are plenty for a 300-character excerpt.
    let body = &doc.body;
    let mut cut = body.len().min(4096);
    while !body.is_char_boundary(cut) {
        cut -= 1;
    }
    let text = crate::search::text::plain_text(&body[..cut]).replace('\n', " ");
    crate::search::text::excerpt(&text, EXCERPT_CHARS)
}

impl SiteDoc {
    /// The Markdown body: the one in memory, or read again from the file when the site
    /// released it.
    pub fn body(&self, root: &Path) -> std::result::Result<std::borrow::Cow<'_, str>, Diagnostic> {
        if self.doc.body_released {
            content::reload_body(root, &self.doc).map(std::borrow::Cow::Owned)
        } else {
            Ok(std::borrow::Cow::Borrowed(&self.doc.body))
        }
    }

    /// What feeds and lists show as the document's summary: its own `summary`, or the
    /// beginning of its text.
    pub fn summary_text(&self) -> &str {
        match self.doc.meta.summary.as_deref() {
            Some(s) if !s.trim().is_empty() => s,
            _ => &self.excerpt,
        }
    }

    /// The document's own symbol (`number`), when it is a Party document symbol.
    pub fn own_symbol(&self) -> Option<crate::directive::Symbol> {
        self.doc
            .meta
            .number
            .as_deref()
            .and_then(|n| crate::directive::Symbol::parse(n).ok())
    }

    /// The document's date (always present on a loaded bulletin).
    pub fn date(&self) -> vi::DocDate {
        self.doc.meta.date.expect("validated at load")
    }
}

/// Root-relative and absolute URLs of the site, with the base path applied.
#[derive(Debug, Clone)]
pub struct Urls {
    /// Absolute base URL ending in `/`.
    pub base_url: String,
    /// Path part of the base URL, ending in `/` (`/` or `/bantin/`).
    pub root: String,
    /// Section prefixes.
    pub prefixes: crate::config::UrlPrefixes,
}

impl Urls {
    fn new(base_url: &str, prefixes: &crate::config::UrlPrefixes) -> Urls {
        let mut base = if base_url.is_empty() {
            "http://localhost/".to_string()
        } else {
            base_url.to_string()
        };
        if !base.ends_with('/') {
            base.push('/');
        }
        let after_scheme = base.find("://").map_or(0, |i| i + 3);
        let root = base[after_scheme..]
            .find('/')
            .map_or("/".to_string(), |i| base[after_scheme + i..].to_string());
        Urls {
            base_url: base,
            root,
            prefixes: prefixes.clone(),
        }
    }

    /// Root-relative URL of a path inside the site (`"tinh/son-la/"` → `/tinh/son-la/`).
    pub fn path(&self, rel: &str) -> String {
        format!("{}{}", self.root, rel.trim_start_matches('/'))
    }

    /// Absolute URL of a root-relative URL made by [`Urls::path`].
    pub fn absolute(&self, root_relative: &str) -> String {
        let rel = root_relative
            .strip_prefix(&self.root)
            .unwrap_or(root_relative.trim_start_matches('/'));
        format!("{}{}", self.base_url, rel)
    }

    /// The output file path (relative to the output folder) of a root-relative page URL.
    pub fn file_of(&self, root_relative: &str) -> String {
        let rel = root_relative
            .strip_prefix(&self.root)
            .unwrap_or(root_relative.trim_start_matches('/'));
        if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        }
    }

    /// URL of a document page.
    pub fn document(&self, slug: &str) -> String {
        self.path(&format!("{}/{slug}/", self.prefixes.documents))
    }

    /// URL of a hub page.
    pub fn hub(&self, kind: TaxonomyKind) -> String {
        self.path(&format!("{}/", self.prefix(kind)))
    }

    /// URL of a term page.
    pub fn term(&self, kind: TaxonomyKind, slug: &str) -> String {
        self.path(&format!("{}/{slug}/", self.prefix(kind)))
    }

    /// URL segment of an index.
    pub fn prefix(&self, kind: TaxonomyKind) -> &str {
        let p = &self.prefixes;
        match kind {
            TaxonomyKind::Province => &p.provinces,
            TaxonomyKind::Year => &p.years,
            TaxonomyKind::Directive => &p.directives,
            TaxonomyKind::Type => &p.types,
            TaxonomyKind::Issuer => &p.issuers,
        }
    }

    /// URL of a plain page.
    pub fn page(&self, slug: &str) -> String {
        self.path(&format!("{}/{slug}/", self.prefixes.pages))
    }
}

/// Slug and name of the province term for documents that name no province.
pub const UNKNOWN_PROVINCE: (&str, &str) = ("chua-xac-dinh", "Chưa xác định");

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    /// Site folder.
    pub root: PathBuf,
    /// Settings.
    pub config: Config,
    /// Build options.
    pub options: BuildOptions,
    /// URL scheme.
    pub urls: Urls,
    /// Documents to render, newest first.
    pub documents: Vec<SiteDoc>,
    /// Plain pages.
    pub pages: Vec<Document>,
    /// The indices, in navigation order.
    pub taxonomies: Vec<Taxonomy>,
    /// Warnings found while loading (errors abort the load).
    pub warnings: Vec<Diagnostic>,
    /// The directive registry and the directives known from citations.
    pub directives: Directives,
    /// Citations that could not be pinned to one directive (reported by `bantin check`).
    pub citation_issues: Vec<Diagnostic>,
}

impl Site {
    /// Loads and checks the site in `root`. Fails with every error found; warnings are kept
    /// in [`Site::warnings`].
    pub fn load(root: &Path, options: BuildOptions) -> Result<Site> {
        let mut diagnostics = Vec::new();
        let config = match crate::config::Config::load(root) {
            Ok(c) => c,
            Err(d) => {
                diagnostics.push(d);
                Config::default()
            }
        };
        // The registry comes first: citations are found while each body is in memory.
        let mut directives = Directives::load(root, &mut diagnostics);
        let budget = options.body_budget.unwrap_or(BODY_BUDGET);
        let registry = &directives.registry;
        let citation_keys = directives::CitationKeys::default();
        let loaded = stage("load content, find citations", || {
            content::load(root, &config.urls.pages, budget, |doc| {
                let (province, province_warnings) = province_of(doc);
                let scope = province.era.map(|_| province.slug.as_str());
                let mut analysis = directives::analyse(doc, scope, registry);
                citation_keys.share(&mut analysis.0);
                Prepared {
                    excerpt: excerpt_of(doc),
                    province,
                    province_warnings,
                    analysis,
                }
            })
        });
        diagnostics.extend(loaded.diagnostics);
        let base_url = options
            .base_url
            .clone()
            .unwrap_or_else(|| config.base_url.clone());
        if base_url.is_empty() {
            diagnostics.push(
                Diagnostic::warning("base_url chưa được đặt: địa chỉ tuyệt đối dùng http://localhost/ (base_url is not set)")
                    .in_file("config.toml")
                    .with_help("set `base_url = \"https://…/\"` in config.toml or pass --base-url"),
            );
        }
        let urls = Urls::new(&base_url, &config.urls);
        let mut documents: Vec<(Document, Prepared)> = loaded
            .documents
            .into_iter()
            .filter(|(d, _)| options.drafts || !d.meta.draft)
            .collect();
        let pages: Vec<Document> = loaded
            .pages
            .into_iter()
            .filter(|d| options.drafts || !d.meta.draft)
            .collect();
        {
            let docs: Vec<&Document> = documents.iter().map(|(d, _)| d).collect();
            check_unique_urls(&docs, &pages, &mut diagnostics);
        }
        // Newest first; ties broken by slug so the order never depends on the file system.
        documents.sort_by(|(a, _), (b, _)| {
            b.meta
                .date
                .cmp(&a.meta.date)
                .then_with(|| a.slug.cmp(&b.slug))
        });
        let mut site_docs = Vec::with_capacity(documents.len());
        let mut issuers = IssuerNames::default();
        let mut citation_issues = Vec::new();
        for (doc, prepared) in documents {
            let Prepared {
                excerpt,
                province,
                province_warnings,
                analysis: (found, errors, warnings),
            } = prepared;
            diagnostics.extend(province_warnings);
            diagnostics.extend(errors);
            citation_issues.extend(warnings);
            let mut found = found;
            // Kept once, site-wide; per document they would be the largest part of the model.
            for info in std::mem::take(&mut found.discovered) {
                if directives.registry.get(&info.id).is_none() {
                    directives.discovered.entry(info.id.clone()).or_insert(info);
                }
            }
            let issuer = doc
                .meta
                .issuer
                .as_deref()
                .map(|name| issuers.term(name, &doc.source));
            diagnostics.extend(check_attachments(root, &doc));
            site_docs.push(SiteDoc {
                url: urls.document(&doc.slug),
                province,
                issuer,
                doc_type: doc.meta.doc_type.expect("validated at load"),
                directives: found,
                excerpt,
                doc,
            });
        }
        diagnostics.extend(issuers.warnings);
        let errors: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        if !errors.is_empty() {
            return Err(Error::Invalid(sorted(diagnostics)));
        }
        let taxonomies = stage("indices", || {
            build_taxonomies(&site_docs, &urls, &directives)
        });
        Ok(Site {
            root: root.to_path_buf(),
            config,
            options,
            urls,
            documents: site_docs,
            pages,
            taxonomies,
            warnings: sorted(diagnostics),
            directives,
            citation_issues: sorted(citation_issues),
        })
    }

    /// The index of a kind.
    pub fn taxonomy(&self, kind: TaxonomyKind) -> &Taxonomy {
        self.taxonomies
            .iter()
            .find(|t| t.kind == kind)
            .expect("every kind is built")
    }
}

fn sorted(mut d: Vec<Diagnostic>) -> Vec<Diagnostic> {
    d.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
    });
    d.dedup();
    d
}

/// Attachments must be files beside the document (or below it), never outside `content/`.
fn check_attachments(root: &Path, doc: &Document) -> Vec<Diagnostic> {
    let dir = root.join(doc.source.parent().unwrap_or(Path::new("")));
    let line = doc.meta.line_of("attachments").unwrap_or(1);
    doc.meta
        .attachments
        .iter()
        .filter_map(|a| {
            let inside = crate::output::check_relative(a).is_ok();
            let problem = if !inside {
                Some("phải là tên tệp nằm cạnh văn bản, không chứa `..` hay đường dẫn tuyệt đối (must be a file beside the document)")
            } else if !dir.join(a).is_file() {
                Some("không tìm thấy tệp (file not found)")
            } else {
                None
            };
            problem.map(|why| {
                Diagnostic::error(format!("tệp đính kèm \"{a}\": {why}"))
                    .in_file(&doc.source)
                    .at(line, 1)
                    .with_help(format!("put the file next to {} and list its name, e.g. `attachments: [\"van-ban-goc.pdf\"]`", doc.source.display()))
            })
        })
        .collect()
}

/// Two sources on one URL is an error naming both (file names that fold to one slug, one
/// name in two folders, or a `slug:` taken twice).
fn check_unique_urls(
    documents: &[&Document],
    pages: &[Document],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let pages: Vec<&Document> = pages.iter().collect();
    for group in [documents, &pages[..]] {
        let mut seen: HashMap<&str, &Path> = HashMap::new();
        for d in group.iter() {
            if let Some(first) = seen.insert(&d.slug, &d.source) {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "hai tệp cùng một địa chỉ \"{}\": {} và {} (two documents on one URL)",
                        d.slug,
                        first.display(),
                        d.source.display()
                    ))
                    .in_file(&d.source)
                    .at(1, 1)
                    .with_help("rename one of the files, or give one a different `slug:` in its front matter"),
                );
            }
        }
    }
}

/// Files a document under a province unit of the registry, on the document's date: the
/// `province` field when given (unknown names are errors naming the closest), else what the
/// issuer's name says (a district or province name; reported as an inference), else
/// "Chưa xác định".
fn province_of(doc: &Document) -> (ProvinceRef, Vec<Diagnostic>) {
    let m = &doc.meta;
    let date = m.date;
    let at = |d: Diagnostic| match m.line_of("province") {
        Some(line) => d.in_file(&doc.source).at(line, 1),
        None => d.in_file(&doc.source),
    };
    let unit_ref = |p: &vi::Province| {
        let successor = p
            .successor
            .as_ref()
            .filter(|s| **s != p.slug)
            .and_then(|s| registry().get(Era::From2025, s))
            .map(|s| TermRef {
                slug: s.slug.clone(),
                name: s.name.clone(),
            });
        ProvinceRef {
            slug: p.slug.clone(),
            name: p.name_on(date.as_ref()).to_string(),
            era: Some(p.era),
            successor,
        }
    };
    if let Some(written) = &m.province {
        return match registry().resolve(written, date.as_ref()) {
            Ok(r) => {
                let warnings = r
                    .warning
                    .iter()
                    .map(|w| at(Diagnostic::warning(w.clone()).with_help("the document stays filed under the name it was issued under; nothing to fix if the date is right")))
                    .collect();
                (unit_ref(r.province), warnings)
            }
            Err(e) => {
                let help = match &e.closest {
                    Some(c) => format!("did you mean `province: \"{c}\"`? Use the province at the time of issue, or \"Trung ương\""),
                    None => "use a province name at the time of issue (e.g. \"Sơn La\"), or \"Trung ương\" for central bodies".to_string(),
                };
                (
                    unknown_province(),
                    vec![at(Diagnostic::error(e.to_string()).with_help(help))],
                )
            }
        };
    }
    let hint = "add `province: \"…\"` (the province at the time of issue, or \"Trung ương\" for central bodies)";
    let inferred = m.issuer.as_deref().map(vi::infer_province);
    match inferred {
        Some(Inference::Province { province_slug, from }) => {
            let unit = registry()
                .get(Era::Before2025, &province_slug)
                .or_else(|| registry().with_slug(&province_slug).next());
            match unit {
                Some(p) => {
                    let r = unit_ref(p);
                    let w = Diagnostic::warning(format!(
                        "không ghi tỉnh: suy ra \"{}\" từ \"{from}\" trong cơ quan ban hành (province inferred from the issuer)",
                        r.name
                    ))
                    .in_file(&doc.source)
                    .with_help(hint);
                    (r, vec![w])
                }
                None => (unknown_province(), Vec::new()),
            }
        }
        Some(Inference::Ambiguous { name, candidates }) => (
            unknown_province(),
            vec![Diagnostic::warning(format!(
                "không ghi tỉnh, và \"{name}\" có ở nhiều tỉnh ({}): xếp vào \"Chưa xác định\" (ambiguous district name)",
                candidates.join(", ")
            ))
            .in_file(&doc.source)
            .with_help(hint)],
        ),
        _ => (
            unknown_province(),
            vec![Diagnostic::warning("văn bản không ghi tỉnh, được xếp vào \"Chưa xác định\" (no province)")
                .in_file(&doc.source)
                .with_help(hint)],
        ),
    }
}

fn unknown_province() -> ProvinceRef {
    ProvinceRef {
        slug: UNKNOWN_PROVINCE.0.to_string(),
        name: UNKNOWN_PROVINCE.1.to_string(),
        era: None,
        successor: None,
    }
}

/// The province index. A page per slug; a name borne by an old and a new unit whose
/// territory changed shows the periods as separate sections, a new province lists its
/// predecessors' documents under their own headings, and an old unit merged away says
/// where it went.
fn province_taxonomy(docs: &[SiteDoc], urls: &Urls) -> Taxonomy {
    let mut by_unit: BTreeMap<(String, Option<Era>), Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        by_unit
            .entry((d.province.slug.clone(), d.province.era))
            .or_default()
            .push(i);
    }
    let mut slugs: Vec<String> = by_unit.keys().map(|(s, _)| s.clone()).collect();
    for d in docs {
        if let Some(s) = &d.province.successor {
            slugs.push(s.slug.clone());
        }
    }
    slugs.sort();
    slugs.dedup();
    let reg = registry();
    let unit_docs = |slug: &str, era: Option<Era>| {
        by_unit
            .get(&(slug.to_string(), era))
            .cloned()
            .unwrap_or_default()
    };
    let mut terms = Vec::new();
    for slug in slugs {
        let mut sections: Vec<TermSection> = Vec::new();
        let name;
        if slug == UNKNOWN_PROVINCE.0 {
            name = UNKNOWN_PROVINCE.1.to_string();
            sections.push(TermSection {
                docs: unit_docs(&slug, None),
                ..Default::default()
            });
        } else if let Some(central) = reg.get(Era::Central, &slug) {
            name = central.name.clone();
            sections.push(TermSection {
                docs: unit_docs(&slug, Some(Era::Central)),
                ..Default::default()
            });
        } else if let Some(new) = reg.get(Era::From2025, &slug) {
            name = new.name.clone();
            let own = unit_docs(&slug, Some(Era::From2025));
            if !new.territory_changed {
                // Nothing changed but the period: one list.
                let mut all = own;
                all.extend(unit_docs(&slug, Some(Era::Before2025)));
                all.sort_unstable();
                sections.push(TermSection {
                    docs: all,
                    ..Default::default()
                });
            } else {
                sections.push(TermSection {
                    title: Some(format!(
                        "{} ({})",
                        capitalise(&new.title()),
                        Era::From2025.label()
                    )),
                    docs: own,
                    ..Default::default()
                });
                // The namesake's own earlier period first, then the others in Vietnamese order.
                let mut preds = reg.predecessors_of(new);
                preds.sort_by(|a, b| {
                    (a.slug != slug)
                        .cmp(&(b.slug != slug))
                        .then_with(|| collate::compare(&a.name, &b.name))
                });
                for pred in preds {
                    let pdocs = unit_docs(&pred.slug, Some(Era::Before2025));
                    let note_link = (pred.slug != slug).then(|| {
                        (
                            format!("Trang {}", pred.title()),
                            urls.term(TaxonomyKind::Province, &pred.slug),
                        )
                    });
                    sections.push(TermSection {
                        title: Some(format!(
                            "{} ({})",
                            capitalise(&pred.title()),
                            Era::Before2025.label()
                        )),
                        note: (pred.slug != slug)
                            .then(|| format!("Nay thuộc {} từ 1/7/2025", new.title())),
                        note_link,
                        docs: pdocs,
                    });
                }
            }
        } else if let Some(old) = reg.get(Era::Before2025, &slug) {
            name = old.name.clone();
            let successor = old
                .successor
                .as_deref()
                .and_then(|s| reg.get(Era::From2025, s));
            sections.push(TermSection {
                title: None,
                note: successor.map(|s| format!("Đã hợp nhất vào {} từ 1/7/2025", s.title())),
                note_link: successor.map(|s| {
                    (
                        capitalise(&s.title()),
                        urls.term(TaxonomyKind::Province, &s.slug),
                    )
                }),
                docs: unit_docs(&slug, Some(Era::Before2025)),
            });
        } else {
            continue;
        }
        sections.retain(|s| !s.docs.is_empty() || s.note.is_some());
        if sections.len() == 1 && sections[0].note.is_none() {
            sections[0].title = None;
        }
        let mut all: Vec<usize> = sections
            .iter()
            .flat_map(|s| s.docs.iter().copied())
            .collect();
        all.sort_unstable();
        all.dedup();
        terms.push(Term {
            slug,
            name,
            full_name: None,
            docs: all,
            sections,
        });
    }
    collate::sort_by_key(&mut terms, |t| t.name.as_str());
    Taxonomy {
        kind: TaxonomyKind::Province,
        terms,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Groups issuer spellings by [`match_key`] and gives each group one slug; two different
/// names that fold to one slug get numbered suffixes and a warning.
#[derive(Default)]
struct IssuerNames {
    by_key: HashMap<String, String>,
    slugs: HashMap<String, (String, PathBuf)>,
    warnings: Vec<Diagnostic>,
}

impl IssuerNames {
    fn term(&mut self, name: &str, source: &Path) -> TermRef {
        let key = match_key(name);
        if let Some(slug) = self.by_key.get(&key) {
            return TermRef {
                slug: slug.clone(),
                name: name.to_string(),
            };
        }
        let base = slugify(name);
        let mut slug = base.clone();
        let mut n = 2;
        while let Some((other, other_file)) = self.slugs.get(&slug) {
            if n == 2 {
                self.warnings.push(
                    Diagnostic::warning(format!(
                        "hai cơ quan \"{other}\" ({}) và \"{name}\" cùng địa chỉ \"{base}\"; cơ quan sau dùng \"{base}-2\"… (two issuers fold to one slug)",
                        other_file.display()
                    ))
                    .in_file(source)
                    .with_help("if they are the same body, write its name the same way in both documents"),
                );
            }
            slug = format!("{base}-{n}");
            n += 1;
        }
        self.slugs
            .insert(slug.clone(), (name.to_string(), source.to_path_buf()));
        self.by_key.insert(key, slug.clone());
        TermRef {
            slug,
            name: name.to_string(),
        }
    }
}

/// Builds the five indices from documents already in newest-first order; provinces have
/// their own rules ([`province_taxonomy`]).
fn build_taxonomies(docs: &[SiteDoc], urls: &Urls, known: &Directives) -> Vec<Taxonomy> {
    let by_slug = known.by_slug();
    let mut years = TermCollector::default();
    let mut directives = TermCollector::default();
    let mut types = TermCollector::default();
    let mut issuers = TermCollector::default();
    // Display name of a term: the spelling most documents use (first seen on a tie).
    let mut spellings: HashMap<(TaxonomyKind, String), BTreeMap<String, usize>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        let year = d.date().year().to_string();
        years.add(&year, &year, i);
        types.add(&d.doc_type.slug(), d.doc_type.name(), i);
        if let Some(issuer) = &d.issuer {
            issuers.add(&issuer.slug, &issuer.name, i);
            *spellings
                .entry((TaxonomyKind::Issuer, issuer.slug.clone()))
                .or_default()
                .entry(issuer.name.clone())
                .or_default() += 1;
        }
        for id in d.directives.all_ids() {
            let name = d
                .directives
                .listed
                .iter()
                .find(|t| t.slug == id)
                .map(|t| t.name.clone())
                .or_else(|| by_slug.get(id.as_str()).map(|i| i.symbol_text.clone()))
                .unwrap_or_else(|| id.clone());
            let full = by_slug.get(id.as_str()).map(|i| directives::full_name(i));
            directives.add(&id, &name, i).full_name = full;
        }
    }
    let finish = |kind: TaxonomyKind, c: TermCollector| {
        let mut terms: Vec<Term> = c.into_terms();
        for t in &mut terms {
            if let Some(names) = spellings.get(&(kind, t.slug.clone())) {
                if let Some((name, _)) = names.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                {
                    t.name = name.clone();
                }
            }
            t.sections = vec![TermSection {
                docs: t.docs.clone(),
                ..TermSection::default()
            }];
        }
        match kind {
            TaxonomyKind::Year => terms.sort_by(|a, b| b.slug.cmp(&a.slug)),
            TaxonomyKind::Directive => terms.sort_by(|a, b| {
                b.docs
                    .len()
                    .cmp(&a.docs.len())
                    .then_with(|| collate::compare(&a.name, &b.name))
            }),
            _ => collate::sort_by_key(&mut terms, |t| t.name.as_str()),
        }
        Taxonomy { kind, terms }
    };
    vec![
        province_taxonomy(docs, urls),
        finish(TaxonomyKind::Year, years),
        finish(TaxonomyKind::Directive, directives),
        finish(TaxonomyKind::Type, types),
        finish(TaxonomyKind::Issuer, issuers),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_respect_a_base_path() {
        let u = Urls::new("https://example.vn/bantin", &Default::default());
        assert_eq!(u.root, "/bantin/");
        assert_eq!(u.document("x"), "/bantin/van-ban/x/");
        assert_eq!(
            u.absolute("/bantin/van-ban/x/"),
            "https://example.vn/bantin/van-ban/x/"
        );
        assert_eq!(u.file_of("/bantin/van-ban/x/"), "van-ban/x/index.html");
        assert_eq!(u.file_of("/bantin/"), "index.html");
        let u = Urls::new("", &Default::default());
        assert_eq!(u.root, "/");
        assert_eq!(u.base_url, "http://localhost/");
    }

    #[test]
    fn issuer_spellings_share_one_term_and_collisions_get_suffixes() {
        let mut names = IssuerNames::default();
        let a = names.term("Tỉnh uỷ Sơn La", Path::new("a.md"));
        let b = names.term("TỈNH ỦY SƠN LA", Path::new("b.md"));
        assert_eq!(a.slug, b.slug);
        let c = names.term("Tinh uy Son La", Path::new("c.md"));
        assert_eq!(c.slug, format!("{}-2", a.slug));
        assert_eq!(names.warnings.len(), 1);
    }
}
