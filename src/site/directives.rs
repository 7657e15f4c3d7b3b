//! The directive side of the model: what each document cites and is about, resolved to
//! directive identities, and what the site knows about each directive.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::content::Document;
use crate::directive::{
    self, resolve_listed, CitationForm, CitingDocument, DirectiveId, DirectiveInfo, NamedCitation,
    Registry, Resolution, Symbol,
};
use crate::error::Diagnostic;
use crate::render::markdown::text_runs;
use crate::search::fxhash::FxHashSet;
use crate::site::TermRef;
use crate::vi::DocDate;

/// The directive registry of a site (built-in + `data/directives.yaml`) and the directives
/// known only from citations.
#[derive(Debug, Default)]
pub struct Directives {
    /// Built-in and site-declared directives.
    pub registry: Registry,
    /// Directives known only from what documents say of them, by identity.
    pub discovered: BTreeMap<DirectiveId, DirectiveInfo>,
}

impl Directives {
    /// The built-in registry merged with `root/data/directives.yaml` when present.
    pub fn load(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Directives {
        let mut registry = Registry::builtin();
        let rel = Path::new("data/directives.yaml");
        if let Ok(bytes) = std::fs::read(root.join(rel)) {
            match crate::content::decode(&bytes) {
                Ok(text) => {
                    if let Err(errors) = registry.load_site_file(rel, &text) {
                        diagnostics.extend(errors);
                    }
                }
                Err(d) => diagnostics.push(d.in_file(rel)),
            }
        }
        Directives {
            registry,
            discovered: BTreeMap::new(),
        }
    }

    /// What is known about directive `id`.
    pub fn info(&self, id: &DirectiveId) -> Option<&DirectiveInfo> {
        self.registry.get(id).or_else(|| self.discovered.get(id))
    }

    /// Every known directive by identity slug.
    pub fn by_slug(&self) -> std::collections::HashMap<&str, &DirectiveInfo> {
        self.registry
            .iter()
            .chain(self.discovered.values())
            .map(|i| (i.id.as_str(), i))
            .collect()
    }

    /// The name readers see in tooltips and headings:
    /// "Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị".
    pub fn full_name(&self, id: &DirectiveId) -> String {
        match self.info(id) {
            Some(info) => full_name(info),
            None => id.to_string(),
        }
    }
}

/// "Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị", as far as known.
pub fn full_name(info: &DirectiveInfo) -> String {
    let mut name = match info.doc_type {
        Some(t) => format!("{} số {}", t.name(), info.symbol_text),
        None => info.symbol_text.clone(),
    };
    if let Some(d) = info.date {
        name.push_str(&format!(" ngày {}", d.short()));
    }
    if let Some(issuer) = &info.issuer {
        name.push_str(&format!(" của {issuer}"));
    }
    name
}

/// What one document says about directives.
#[derive(Debug, Clone, Default)]
pub struct DocDirectives {
    /// Front-matter `directives`, resolved to index terms.
    pub listed: Vec<TermRef>,
    /// Numbered citations in the body, in text order.
    pub citations: Vec<StoredCitation>,
    /// Plenum references ("Nghị quyết Trung ương 4 khóa XII").
    pub named: Vec<NamedCitation>,
    /// Directives the registry does not know, as the citations describe them. [`Site::load`]
    /// moves them into [`Directives::discovered`], so a loaded site's documents have none.
    ///
    /// [`Site::load`]: crate::site::Site::load
    pub discovered: Vec<DirectiveInfo>,
}

impl DocDirectives {
    /// Every directive the document is about or cites, each once, listed ones first.
    pub fn all_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.listed.iter().map(|t| t.slug.clone()).collect();
        let cited = self.cited().map(|id| id.to_string());
        for id in cited {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    }
}

impl DocDirectives {
    /// The directives the body cites, in text order, numbered citations first, repeats
    /// included.
    pub fn cited(&self) -> impl Iterator<Item = &DirectiveId> {
        self.citations
            .iter()
            .filter_map(|c| c.resolution().id())
            .chain(self.named.iter().map(|n| &n.id))
    }
}

/// What a citation says: its text, and what the text and its context gave (symbol, date,
/// form, the directive meant). Shared by every citation that says the same, since most are
/// repeats ("Chỉ thị số 05-CT/TW").
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct CitationKey {
    text: Box<str>,
    symbol: Symbol,
    date: Option<DocDate>,
    form: CitationForm,
    resolution: Resolution,
}

/// A numbered citation as the site model keeps it: where it stands, and what it says
/// shared. 16 bytes where a [`directive::Citation`] with its two strings took about 180: a
/// 100,000-document site holds six million of them.
#[derive(Debug, Clone)]
pub struct StoredCitation {
    key: Arc<CitationKey>,
    run: u32,
    /// Where the text starts in the run; it ends `key.text.len()` bytes later.
    start: u32,
}

/// Offsets beyond 4 GiB cannot occur in a readable file; saturate rather than panic.
fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl StoredCitation {
    /// Index of the text run it was found in (see [`directive::Citation::run`]).
    pub fn run(&self) -> usize {
        self.run as usize
    }

    /// Byte range in that run of what a link covers: exactly the text.
    pub fn range(&self) -> Range<usize> {
        let start = self.start as usize;
        start..start + self.key.text.len()
    }

    /// The text as written.
    pub fn text(&self) -> &str {
        &self.key.text
    }

    /// The symbol cited.
    pub fn symbol(&self) -> &Symbol {
        &self.key.symbol
    }

    /// The date of issue as cited.
    pub fn date(&self) -> Option<DocDate> {
        self.key.date
    }

    /// Full or short form.
    pub fn form(&self) -> CitationForm {
        self.key.form
    }

    /// The directive meant.
    pub fn resolution(&self) -> &Resolution {
        &self.key.resolution
    }
}

/// Hands out one shared [`CitationKey`] per distinct value, across the documents of a site.
#[derive(Debug, Default)]
pub struct CitationKeys(Mutex<FxHashSet<Arc<CitationKey>>>);

impl CitationKeys {
    /// Points every citation of `d` at the shared copy of its key.
    pub fn share(&self, d: &mut DocDirectives) {
        // A poisoned lock only means another document's sharing panicked; the set is intact.
        let mut keys = self.0.lock().unwrap_or_else(|e| e.into_inner());
        share_keys(&mut keys, &mut d.citations);
    }
}

fn share_keys(keys: &mut FxHashSet<Arc<CitationKey>>, citations: &mut [StoredCitation]) {
    for c in citations {
        match keys.get(&c.key) {
            Some(shared) => c.key = Arc::clone(shared),
            None => {
                keys.insert(Arc::clone(&c.key));
            }
        }
    }
}

/// Extracts and resolves the directives of one document. Errors (an unreadable symbol in
/// front matter) and citation warnings (unresolved, ambiguous) are returned apart: warnings
/// are for `bantin check`, errors stop the build.
pub fn analyse(
    doc: &Document,
    province: Option<&str>,
    registry: &Registry,
) -> (DocDirectives, Vec<Diagnostic>, Vec<Diagnostic>) {
    let m = &doc.meta;
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let at = |d: Diagnostic, line: Option<usize>| match line {
        Some(l) => d.in_file(&doc.source).at(l, 1),
        None => d.in_file(&doc.source),
    };
    let mut symbols = Vec::new();
    for written in &m.directives {
        match Symbol::parse(written) {
            Ok(s) => symbols.push((written, s)),
            Err(e) => errors.push(at(
                Diagnostic::error(format!("số hiệu chỉ đạo \"{written}\" không hợp lệ: {e}"))
                    .with_help(
                    "write Party symbols as number-type/issuer, e.g. \"05-CT/TW\", \"349-QĐ/TU\"",
                ),
                m.line_of("directives"),
            )),
        }
    }
    let listed_symbols: Vec<Symbol> = symbols.iter().map(|(_, s)| s.clone()).collect();
    let date = m.date.expect("validated at load");
    let citing = CitingDocument {
        own_number: m.number.as_deref(),
        date,
        province,
        listed: &listed_symbols,
    };
    let runs = text_runs(&doc.body);
    let texts: Vec<&str> = runs.iter().map(|(t, _)| t.as_str()).collect();
    let extraction = directive::extract(&texts, &citing, registry);
    let mut out = DocDirectives {
        discovered: extraction.discovered.clone(),
        ..Default::default()
    };
    for (written, symbol) in &symbols {
        let resolution = resolve_listed(symbol, &citing, registry);
        let slug = match &resolution {
            Resolution::Resolved(id) => id.to_string(),
            other => {
                warnings.push(at(
                    Diagnostic::warning(format!(
                        "không xác định được văn bản chỉ đạo \"{written}\" ({}) (directive not resolved)",
                        describe(other)
                    ))
                    .with_help("add its date and issuing body to data/directives.yaml, or cite it with its date in the text"),
                    m.line_of("directives"),
                ));
                symbol.slug()
            }
        };
        if !out.listed.iter().any(|t| t.slug == slug) {
            let name = extraction
                .info(&DirectiveId::new(symbol, None, None), registry)
                .map(|i| i.symbol_text.clone())
                .unwrap_or_else(|| symbol.to_string());
            out.listed.push(TermRef { slug, name });
        }
    }
    for c in &extraction.citations {
        if !matches!(c.resolution, Resolution::Resolved(_)) {
            let line = doc.body_line + runs[c.run].1 - 1
                + runs[c.run].0[..c.range.start].matches('\n').count();
            warnings.push(
                Diagnostic::warning(format!(
                    "trích dẫn \"{}\" chưa xác định được văn bản ({}) (unresolved citation)",
                    c.text,
                    describe(&c.resolution)
                ))
                .in_file(&doc.source)
                .at_line(line)
                .with_help("give the citation its date (\"… ngày 18/5/2021\") or its issuing body, or declare the directive in data/directives.yaml"),
            );
        }
    }
    // Not `collect()`: collecting in place would keep the larger `Citation` buffer, three
    // times the size, for the whole build.
    out.citations = Vec::with_capacity(extraction.citations.len());
    out.citations
        .extend(extraction.citations.into_iter().map(|c| StoredCitation {
            run: small(c.run),
            start: small(c.range.start),
            key: Arc::new(CitationKey {
                text: c.text.into_boxed_str(),
                symbol: c.symbol,
                date: c.date,
                form: c.form,
                resolution: c.resolution,
            }),
        }));
    share_keys(&mut FxHashSet::default(), &mut out.citations);
    out.named = extraction.named;
    out.named.shrink_to_fit();
    (out, errors, warnings)
}

fn describe(r: &Resolution) -> String {
    match r {
        Resolution::Resolved(id) => id.to_string(),
        Resolution::Ambiguous(ids) => format!(
            "có thể là: {}",
            ids.iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Resolution::Unresolved => "không rõ cơ quan ban hành".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{parse_source, Kind};

    fn analysed(body: &str) -> DocDirectives {
        let source = format!(
            "---\ntitle: Báo cáo\ntype: BC\nissuer: Tỉnh ủy Sơn La\nprovince: Sơn La\ndate: 2022-05-12\n---\n{body}"
        );
        let (doc, _) = parse_source(Path::new("content/a.md"), source.as_bytes(), Kind::Document)
            .expect("valid document");
        analyse(&doc, Some("son-la"), &Registry::builtin()).0
    }

    #[test]
    fn a_stored_citation_is_small() {
        // Six million of them at 100,000 documents: every byte is 6 MB.
        assert!(std::mem::size_of::<StoredCitation>() <= 16);
    }

    #[test]
    fn stored_citations_keep_what_was_found_and_share_repeats() {
        let d = analysed(
            "Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị.\n\n\
             Tiếp tục thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016.\n",
        );
        assert_eq!(d.citations.len(), 2, "{:#?}", d.citations);
        let (a, b) = (&d.citations[0], &d.citations[1]);
        assert_eq!(a.text(), "Chỉ thị số 05-CT/TW ngày 15/5/2016");
        assert_eq!(a.symbol().to_string(), "05-CT/TW");
        assert_eq!(
            a.resolution().id().map(|i| i.as_str()),
            Some("05-ct-tw-2016")
        );
        assert_eq!(a.date().map(|d| d.iso()).as_deref(), Some("2016-05-15"));
        assert_eq!((a.run(), b.run()), (0, 1));
        assert_eq!(a.range(), 14..14 + a.text().len(), "after \"Thực hiện \"");
        assert!(Arc::ptr_eq(&a.key, &b.key), "equal citations share one key");
        assert_eq!(
            d.citations.capacity(),
            2,
            "no spare room kept for the whole build"
        );

        // Across documents, a site's key set shares them too.
        let keys = CitationKeys::default();
        let mut first = analysed("Theo Chỉ thị số 05-CT/TW ngày 15/5/2016.");
        let mut second = analysed("Kết quả Chỉ thị số 05-CT/TW ngày 15/5/2016.");
        keys.share(&mut first);
        keys.share(&mut second);
        assert!(Arc::ptr_eq(
            &first.citations[0].key,
            &second.citations[0].key
        ));
        assert_eq!(
            first.cited().map(|i| i.as_str()).collect::<Vec<_>>(),
            ["05-ct-tw-2016"]
        );
    }
}
