//! Citations of one document: what [`extract`] finds in its text runs and which directive
//! each one means.

use std::collections::HashSet;
use std::ops::Range;

use serde::Serialize;

use super::registry::{
    reference, roman, term_at, term_number, DirectiveId, DirectiveInfo, Registry,
};
use super::resolve::{last_day, CitingDocument, Facts, Resolution, Resolver};
use super::scan::{scan_full, scan_named, scan_short, FullMatch, ShortMatch};
use super::symbol::Symbol;
use crate::doctype::DocType;
use crate::vi::DocDate;

/// How a citation is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CitationForm {
    /// With its symbol: "Kết luận số 01-KL/TW ngày 18/5/2021".
    Full,
    /// Type word and bare number after a full mention (or the front-matter list):
    /// "Chỉ thị 05", "Quy định số 37", "(gọi tắt là Quy định 144)".
    Short,
}

/// One citation of a numbered Party document in a document's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// Index of the text run it was found in.
    pub run: usize,
    /// Byte range in that run of what a link covers: the type words, the symbol and a date
    /// that follows it ("Kết luận số 01-KL/TW ngày 18/5/2021"); for a short form, the type
    /// word and number ("Chỉ thị 05").
    pub range: Range<usize>,
    /// The text in `range`, as written.
    pub text: String,
    /// The symbol cited (for a short form, the symbol of the mention it refers to).
    pub symbol: Symbol,
    /// The date of issue as cited.
    pub date: Option<DocDate>,
    /// Full or short form.
    pub form: CitationForm,
    /// The directive meant.
    pub resolution: Resolution,
}

/// A reference by plenum rather than number: "Nghị quyết Trung ương 4 (khóa XII)". A
/// reference naming several terms ("khóa XII, XIII") gives one entry per term, with the
/// same range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedCitation {
    /// Index of the text run.
    pub run: usize,
    /// Byte range of the reference in the run.
    pub range: Range<usize>,
    /// The text in `range`.
    pub text: String,
    /// The document the plenum issued.
    pub symbol: Symbol,
    /// Its identity.
    pub id: DirectiveId,
}

/// Everything found in one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Extraction {
    /// Numbered citations, in text order.
    pub citations: Vec<Citation>,
    /// Plenum references, in text order.
    pub named: Vec<NamedCitation>,
    /// What the citations say about directives the registry does not know, one per
    /// made-up identity used by a citation, named reference or front-matter entry.
    pub discovered: Vec<DirectiveInfo>,
}

impl Extraction {
    /// The information on directive `id`: the registry's, else what this document's
    /// citations say.
    pub fn info<'s>(
        &'s self,
        id: &DirectiveId,
        registry: &'s Registry,
    ) -> Option<&'s DirectiveInfo> {
        registry
            .get(id)
            .or_else(|| self.discovered.iter().find(|d| &d.id == id))
    }
}

/// What a short form refers to.
#[derive(Debug, Clone, Copy)]
enum Antecedent {
    /// The n-th front-matter entry.
    Listed(usize),
    /// The n-th citation found.
    Mention(usize),
}

struct Found {
    citation: Citation,
    weak: bool,
    antecedent: Option<Antecedent>,
}

enum Item<'t> {
    Full(FullMatch<'t>),
    Short(ShortMatch),
}

impl Item<'_> {
    fn start(&self) -> usize {
        match self {
            Item::Full(f) => f.range.start,
            Item::Short(s) => s.range.start,
        }
    }
}

/// Scans the plain-text runs of one document, in order (each run a maximal span of text
/// outside code and links, e.g. a paragraph's text, in NFC), and resolves every citation.
///
/// Short forms resolve against full mentions earlier in the document (earlier runs
/// included) and the front-matter list; plenum references through the built-in table.
pub fn extract(runs: &[&str], doc: &CitingDocument<'_>, registry: &Registry) -> Extraction {
    let own = doc.own_number.and_then(|s| Symbol::parse(s).ok());
    let mut resolver = Resolver::new(doc, registry);
    let mut found: Vec<Found> = Vec::new();
    let mut named = Vec::new();
    // (kind, number) → what it refers to, most recent last.
    let mut antecedents: Vec<(Symbol, Antecedent)> = doc
        .listed
        .iter()
        .enumerate()
        .map(|(i, s)| (s.clone(), Antecedent::Listed(i)))
        .collect();
    let mut named_ids: Vec<(DirectiveId, Option<DirectiveInfo>)> = Vec::new();

    for (run_index, run) in runs.iter().enumerate() {
        let fulls: Vec<FullMatch<'_>> = scan_full(run)
            .into_iter()
            .filter(|m| {
                // The document's own number in its text (a pasted header) is no citation.
                own.as_ref() != Some(&m.symbol) || m.date.is_some_and(|d| d != doc.date)
            })
            .collect();
        let shorts = if antecedents.is_empty() && fulls.is_empty() {
            Vec::new()
        } else {
            let taken: Vec<Range<usize>> = fulls.iter().map(|f| f.range.clone()).collect();
            scan_short(run, &taken)
        };
        let mut items: Vec<Item<'_>> = fulls.into_iter().map(Item::Full).collect();
        items.extend(shorts.into_iter().map(Item::Short));
        items.sort_by_key(Item::start);
        for item in items {
            match item {
                Item::Full(m) => {
                    let facts = Facts {
                        symbol: &m.symbol,
                        date: m.date,
                        body: m.body.as_ref(),
                        term: m.term,
                        subject: m.subject,
                        type_word: m.type_word,
                    };
                    let outcome = resolver.resolve(&facts, true);
                    antecedents.push((m.symbol.clone(), Antecedent::Mention(found.len())));
                    found.push(Found {
                        citation: Citation {
                            run: run_index,
                            text: run[m.range.clone()].to_owned(),
                            range: m.range,
                            symbol: m.symbol,
                            date: m.date,
                            form: CitationForm::Full,
                            resolution: outcome.resolution,
                        },
                        weak: outcome.weak,
                        antecedent: None,
                    });
                }
                Item::Short(s) => {
                    let Some((symbol, target)) = antecedents
                        .iter()
                        .rev()
                        .find(|(sym, _)| sym.kind() == s.kind && sym.number() == s.number)
                        .cloned()
                    else {
                        continue;
                    };
                    found.push(Found {
                        citation: Citation {
                            run: run_index,
                            text: run[s.range.clone()].to_owned(),
                            range: s.range,
                            symbol,
                            date: None,
                            form: CitationForm::Short,
                            resolution: Resolution::Unresolved,
                        },
                        weak: false,
                        antecedent: Some(target),
                    });
                }
            }
        }
        for m in scan_named(run) {
            for (symbol, id, info) in plenum_targets(m.plenum, &m.terms, doc, registry) {
                if let Some(info) = info.clone() {
                    named_ids.push((id.clone(), Some(info)));
                }
                named.push(NamedCitation {
                    run: run_index,
                    range: m.range.clone(),
                    text: run[m.range.clone()].to_owned(),
                    symbol,
                    id,
                });
            }
        }
    }

    // A made-up undated identity gives way to the one dated identity the same document
    // gives the symbol ("18-CT/TU" … later "18-CT/TU ngày 24/3/2022").
    let strong: Vec<DirectiveId> = found
        .iter()
        .filter(|f| !f.weak && f.antecedent.is_none())
        .filter_map(|f| f.citation.resolution.id().cloned())
        .collect();
    let strong_refs: Vec<&DirectiveId> = strong.iter().collect();
    for i in 0..found.len() {
        if !found[i].weak {
            continue;
        }
        if let Resolution::Resolved(id) = &found[i].citation.resolution {
            if let Some(better) = resolver.strengthen(&found[i].citation.symbol, id, &strong_refs) {
                found[i].citation.resolution = Resolution::Resolved(better);
            }
        }
    }
    for i in 0..found.len() {
        let resolution = match found[i].antecedent {
            None => continue,
            Some(Antecedent::Mention(j)) => found[j].citation.resolution.clone(),
            Some(Antecedent::Listed(j)) => resolver
                .listed
                .get(j)
                .map_or(Resolution::Unresolved, |(_, r)| r.clone()),
        };
        found[i].citation.resolution = resolution;
    }

    let citations: Vec<Citation> = found.into_iter().map(|f| f.citation).collect();
    let used: HashSet<&DirectiveId> = citations
        .iter()
        .filter_map(|c| c.resolution.id())
        .chain(resolver.listed.iter().filter_map(|(_, r)| r.id()))
        .collect();
    let mut discovered: Vec<DirectiveInfo> = resolver
        .discovered_order
        .iter()
        .filter(|id| used.contains(id) && registry.get(id).is_none())
        .filter_map(|id| resolver.discovered.get(id).cloned())
        .collect();
    for (id, info) in named_ids {
        if let Some(info) = info {
            if !discovered.iter().any(|d| d.id == id) {
                discovered.push(info);
            }
        }
    }
    Extraction {
        citations,
        named,
        discovered,
    }
}

/// The documents "Nghị quyết Trung ương `plenum`" of `terms` stands for (the term in force
/// at the document's date when none is named); unknown plenums give nothing.
fn plenum_targets(
    plenum: u8,
    terms: &[u32],
    doc: &CitingDocument<'_>,
    registry: &Registry,
) -> Vec<(Symbol, DirectiveId, Option<DirectiveInfo>)> {
    let inferred;
    let terms = if terms.is_empty() {
        // Only when the document's whole period lies in one term.
        let first = term_at(doc.date);
        let last = term_at(last_day(doc.date));
        match (first, last) {
            (Some(a), Some(b)) if a == b => {
                inferred = term_number(a).into_iter().collect::<Vec<_>>();
                &inferred[..]
            }
            _ => return Vec::new(),
        }
    } else {
        terms
    };
    let mut out = Vec::new();
    for &t in terms {
        let k = roman(t);
        let Some(p) = reference()
            .plenums
            .iter()
            .find(|p| p.number == plenum && p.term == k)
        else {
            continue;
        };
        let known = registry
            .with_symbol(&p.symbol)
            .find(|e| e.date.is_some() && e.date == p.date);
        match known {
            Some(e) => out.push((p.symbol.clone(), e.id.clone(), None)),
            None => {
                let mut info = DirectiveInfo::cited(&p.symbol, p.date, None);
                info.term = Some(k.clone());
                info.issuer = Some(format!(
                    "Ban Chấp hành Trung ương (Hội nghị Trung ương {plenum})"
                ));
                info.subject = p.subject.clone();
                if info.doc_type.is_none() {
                    info.doc_type = Some(DocType::Resolution);
                }
                out.push((p.symbol.clone(), info.id.clone(), Some(info)));
            }
        }
    }
    out
}
