//! The directive side of the model: what each document cites and is about, resolved to
//! directive identities, and what the site knows about each directive.

use std::collections::BTreeMap;
use std::path::Path;

use crate::content::Document;
use crate::directive::{
    self, resolve_listed, Citation, CitingDocument, DirectiveId, DirectiveInfo, NamedCitation,
    Registry, Resolution, Symbol,
};
use crate::error::Diagnostic;
use crate::render::markdown::text_runs;
use crate::site::TermRef;

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
    pub citations: Vec<Citation>,
    /// 1-based file line of each citation (parallel to `citations`).
    pub lines: Vec<usize>,
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
        let cited = self
            .citations
            .iter()
            .filter_map(|c| c.resolution.id())
            .chain(self.named.iter().map(|n| &n.id))
            .map(|id| id.to_string());
        for id in cited {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
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
        let line = doc.body_line + runs[c.run].1 - 1
            + runs[c.run].0[..c.range.start].matches('\n').count();
        if !matches!(c.resolution, Resolution::Resolved(_)) {
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
        out.lines.push(line);
    }
    out.citations = extraction.citations;
    out.named = extraction.named;
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
