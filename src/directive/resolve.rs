//! Which directive a citation means.
//!
//! Identity is issuing organisation + type + number + date. A `/TW` symbol is national; a
//! local one belongs to the body the citation names, else to the citing document's province
//! (the predecessor provinces for dates before 1/7/2025 when that province was formed then).
//! A dated citation binds to that dated directive. An undated one is decided, in order, by
//! the words around it (issuing body, term, subject) when they single out one candidate, an
//! earlier mention of the same symbol in the document (or its front-matter list), the
//! directives already issued at the document's date, and the registry's campaign marking.
//! What remains ambiguous is reported, never guessed.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde::Serialize;

use super::registry::{term_at, term_number, DirectiveId, DirectiveInfo, Registry};
use super::scan::{memo, Body, BodyLevel, FastMap, Memo};
use super::symbol::Symbol;
use crate::doctype::DocType;
use crate::vi::date::days_in_month;
use crate::vi::province::{self, Era};
use crate::vi::{fold, match_key, DocDate, Precision};

/// What resolution needs to know about the citing document.
#[derive(Debug, Clone, Copy)]
pub struct CitingDocument<'a> {
    /// The document's own symbol (`number` in front matter); never reported as a citation.
    pub own_number: Option<&'a str>,
    /// The document's date (a document cannot cite a directive issued after it).
    pub date: DocDate,
    /// Slug of the document's province (at the time of issue).
    pub province: Option<&'a str>,
    /// The directives listed in its front matter.
    pub listed: &'a [Symbol],
}

/// The directive a citation was found to mean.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "status", content = "ids", rename_all = "lowercase")]
pub enum Resolution {
    /// One directive: a registry entry, or an identity built from the citation itself for a
    /// directive the registry does not know (see [`super::Extraction::discovered`]).
    Resolved(DirectiveId),
    /// Several directives fit and no rule decides between them.
    Ambiguous(Vec<DirectiveId>),
    /// No identity can be built: a local symbol with no province to attach it to.
    Unresolved,
}

impl Resolution {
    /// The directive, when exactly one is meant.
    pub fn id(&self) -> Option<&DirectiveId> {
        match self {
            Resolution::Resolved(id) => Some(id),
            _ => None,
        }
    }
}

/// The last day a possibly partial date can stand for (31/12 for a bare year).
pub(crate) fn last_day(d: DocDate) -> DocDate {
    let full = match d.precision() {
        Precision::Day => return d,
        Precision::Month => {
            let m = d.month().unwrap_or(12);
            DocDate::ymd(d.year(), m, days_in_month(d.year(), m))
        }
        Precision::Year => DocDate::ymd(d.year(), 12, 31),
    };
    full.unwrap_or(d)
}

/// 1/7/2025, when the 34 merged provinces began.
fn reorganised(d: DocDate) -> bool {
    (d.year(), d.month().unwrap_or(1), d.day().unwrap_or(1)) >= (2025, 7, 1)
}

/// True when a registry date and a cited date name the same day (or the cited day falls
/// inside a registry date known only to the month or year).
fn same_date(entry: DocDate, cited: DocDate) -> bool {
    entry.year() == cited.year()
        && entry.month().is_none_or(|m| Some(m) == cited.month())
        && entry.day().is_none_or(|d| Some(d) == cited.day())
}

/// Where a symbol's series lives.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Scope {
    /// The national series.
    Central,
    /// The series of one of these provinces (several when the text does not say which
    /// predecessor of a merged province is meant).
    Local(Vec<String>),
    /// A local symbol with no province to attach it to.
    Unknown,
}

impl Scope {
    fn contains(&self, province: Option<&str>) -> bool {
        match self {
            Scope::Central => true,
            Scope::Local(ps) => province.is_some_and(|p| ps.iter().any(|q| q == p)),
            Scope::Unknown => false,
        }
    }

    /// Identities for a directive of `symbol` dated `date` in this scope.
    fn synthesize(
        &self,
        symbol: &Symbol,
        date: Option<DocDate>,
    ) -> Vec<(DirectiveId, Option<String>)> {
        match self {
            Scope::Central => vec![(DirectiveId::new(symbol, date, None), None)],
            Scope::Local(ps) => ps
                .iter()
                .map(|p| (DirectiveId::new(symbol, date, Some(p)), Some(p.clone())))
                .collect(),
            Scope::Unknown => Vec::new(),
        }
    }
}

/// What the text says about one full mention.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Facts<'f, 't> {
    pub symbol: &'f Symbol,
    pub date: Option<DocDate>,
    pub body: Option<&'f Body<'t>>,
    pub term: Option<u32>,
    pub subject: Option<&'t str>,
    pub type_word: Option<DocType>,
}

/// A mention's resolution and whether it rests only on a made-up undated identity (which a
/// dated mention of the same symbol elsewhere in the document should replace).
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    pub resolution: Resolution,
    pub weak: bool,
}

/// Resolves the mentions of one document, remembering earlier ones.
pub(crate) struct Resolver<'a> {
    doc: &'a CitingDocument<'a>,
    registry: &'a Registry,
    /// Resolved mentions so far (front-matter list first), most recent last.
    earlier: Vec<(Symbol, DirectiveId)>,
    /// Identities made up from citations, with what the citations say about them.
    pub(crate) discovered: HashMap<DirectiveId, DirectiveInfo>,
    /// Order in which identities were made up.
    pub(crate) discovered_order: Vec<DirectiveId>,
    /// The front-matter list, resolved.
    pub(crate) listed: Vec<(Symbol, Resolution)>,
}

thread_local! {
    static ISSUER_KEYS: Memo<Rc<str>> = Memo::default();
    static SUBJECT_BIGRAMS: Memo<Rc<[(String, String)]>> = Memo::default();
}

/// [`match_key`] of a registry entry's issuer, remembered.
fn issuer_key(issuer: &str) -> Rc<str> {
    memo(&ISSUER_KEYS, issuer, |i| match_key(i).into())
}

/// Province slugs by date of issue and place name.
type Places = FastMap<DocDate, FastMap<Box<str>, Option<String>>>;

thread_local! {
    static PLACES: RefCell<Places> = RefCell::default();
}

/// The province (not a central city's era) a body's place names on `on`, remembered:
/// the same few places recur, and an unknown one costs a fuzzy search of every province.
fn province_named(place: &str, on: DocDate) -> Option<String> {
    let known = PLACES.with(|t| t.borrow().get(&on).and_then(|m| m.get(place).cloned()));
    if let Some(slug) = known {
        return slug;
    }
    let slug = province::registry()
        .resolve(place, Some(&on))
        .ok()
        .filter(|r| r.province.era != Era::Central)
        .map(|r| r.province.slug.clone());
    PLACES.with(|t| {
        let mut t = t.borrow_mut();
        if t.len() >= 4096 {
            t.clear();
        }
        let places = t.entry(on).or_default();
        if places.len() >= 4096 {
            places.clear();
        }
        places.insert(place.into(), slug.clone());
    });
    slug
}

/// Bigrams of folded syllables, for comparing subject words.
fn bigrams(s: &str) -> Vec<(String, String)> {
    let folded = fold(s);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .map(|w| (w[0].to_owned(), w[1].to_owned()))
        .collect()
}

/// How many of the subject's word pairs the cited words share.
fn subject_score(cited: &[(String, String)], subject: &str) -> usize {
    let subject = memo(&SUBJECT_BIGRAMS, subject, |s| bigrams(s).into());
    let mut shared: Vec<&(String, String)> = cited.iter().filter(|b| subject.contains(b)).collect();
    shared.dedup();
    shared.len()
}

impl<'a> Resolver<'a> {
    pub(crate) fn new(doc: &'a CitingDocument<'a>, registry: &'a Registry) -> Self {
        let mut r = Resolver {
            doc,
            registry,
            earlier: Vec::new(),
            discovered: HashMap::new(),
            discovered_order: Vec::new(),
            listed: Vec::new(),
        };
        for s in doc.listed {
            let facts = Facts {
                symbol: s,
                date: None,
                body: None,
                term: None,
                subject: None,
                type_word: None,
            };
            let resolution = r.resolve(&facts, false).resolution;
            if let Resolution::Resolved(id) = &resolution {
                r.earlier.push((s.clone(), id.clone()));
            }
            r.listed.push((s.clone(), resolution));
        }
        r
    }

    fn new_era(&self) -> bool {
        reorganised(self.doc.date)
    }

    fn scope(&self, f: &Facts<'_, '_>) -> Scope {
        if f.symbol.is_central() {
            return Scope::Central;
        }
        let on = f.date.unwrap_or(self.doc.date);
        if let Some(b) = f.body {
            if matches!(b.level, BodyLevel::Province | BodyLevel::Bloc) {
                if let Some(slug) = b.place.and_then(|place| province_named(place, on)) {
                    return Scope::Local(vec![slug]);
                }
            }
        }
        let Some(p) = self.doc.province.filter(|p| !p.is_empty()) else {
            return Scope::Unknown;
        };
        if !self.new_era() {
            return Scope::Local(vec![p.to_owned()]);
        }
        let preds = province::registry()
            .get(Era::From2025, p)
            .map(|u| u.predecessors.clone())
            .unwrap_or_default();
        if preds.is_empty() {
            return Scope::Local(vec![p.to_owned()]);
        }
        match f.date {
            Some(d) if reorganised(d) => Scope::Local(vec![p.to_owned()]),
            Some(_) => Scope::Local(preds),
            None => {
                let mut all = vec![p.to_owned()];
                for q in preds {
                    if !all.contains(&q) {
                        all.push(q);
                    }
                }
                Scope::Local(all)
            }
        }
    }

    /// Resolves one full mention (or a front-matter entry, with no words around it).
    pub(crate) fn resolve(&mut self, f: &Facts<'_, '_>, remember: bool) -> Outcome {
        let scope = self.scope(f);
        let registry = self.registry;
        let cands: Vec<&DirectiveInfo> = registry
            .with_symbol(f.symbol)
            .filter(|e| scope.contains(e.province.as_deref()))
            .collect();
        let outcome = match f.date {
            Some(d) => self.resolve_dated(f, d, &scope, &cands),
            None => self.resolve_undated(f, &scope, &cands),
        };
        if remember {
            if let Resolution::Resolved(id) = &outcome.resolution {
                self.earlier.push((f.symbol.clone(), id.clone()));
            }
        }
        outcome
    }

    fn resolve_dated(
        &mut self,
        f: &Facts<'_, '_>,
        d: DocDate,
        scope: &Scope,
        cands: &[&DirectiveInfo],
    ) -> Outcome {
        let exact: Vec<&DirectiveInfo> = cands
            .iter()
            .copied()
            .filter(|e| e.date.is_some_and(|ed| same_date(ed, d)))
            .collect();
        if !exact.is_empty() {
            return decided(exact.iter().map(|e| e.id.clone()).collect());
        }
        // A misdated citation of a known directive: one series (a central term, a local
        // year) has one directive per symbol.
        let same_series: Vec<&DirectiveInfo> = cands
            .iter()
            .copied()
            .filter(|e| {
                e.date.is_some_and(|ed| {
                    if f.symbol.is_central() {
                        term_at(ed).is_some() && term_at(ed) == term_at(d)
                    } else {
                        ed.year() == d.year()
                    }
                })
            })
            .collect();
        if same_series.len() == 1 {
            return decided(vec![same_series[0].id.clone()]);
        }
        self.made_up(f, scope, Some(d))
    }

    fn resolve_undated(
        &mut self,
        f: &Facts<'_, '_>,
        scope: &Scope,
        cands: &[&DirectiveInfo],
    ) -> Outcome {
        let latest = last_day(self.doc.date);
        let fits = |e: &&DirectiveInfo| e.date.is_none_or(|d| d <= latest);
        // (1) The words around the citation, when they tell the candidates apart.
        let narrowed = narrow_by_words(f, cands);
        if narrowed.len() < cands.len() {
            let fitting: Vec<&DirectiveInfo> = narrowed.iter().copied().filter(fits).collect();
            if fitting.len() == 1 {
                return decided(vec![fitting[0].id.clone()]);
            }
        }
        // (2) An earlier mention in the document, or its front-matter list.
        if let Some((_, id)) = self.earlier.iter().rev().find(|(s, id)| {
            s == f.symbol && {
                let province = self
                    .registry
                    .get(id)
                    .or_else(|| self.discovered.get(id))
                    .and_then(|i| i.province.as_deref());
                scope.contains(province)
            }
        }) {
            return decided(vec![id.clone()]);
        }
        // (3) Only what had been issued by the document's date.
        let mut fitting: Vec<&DirectiveInfo> = narrowed.iter().copied().filter(fits).collect();
        if fitting.is_empty() {
            fitting = cands.iter().copied().filter(fits).collect();
        }
        match fitting.len() {
            0 => return self.made_up(f, scope, None),
            1 => return decided(vec![fitting[0].id.clone()]),
            _ => {}
        }
        // (4) The campaign directive, which bulletins cite without a date.
        let campaign: Vec<&DirectiveInfo> =
            fitting.iter().copied().filter(|e| e.campaign).collect();
        if campaign.len() == 1 {
            return decided(vec![campaign[0].id.clone()]);
        }
        decided(fitting.iter().map(|e| e.id.clone()).collect())
    }

    /// An identity built from the citation for a directive the registry does not know.
    fn made_up(&mut self, f: &Facts<'_, '_>, scope: &Scope, date: Option<DocDate>) -> Outcome {
        let ids = scope.synthesize(f.symbol, date);
        if ids.len() == 1 {
            let (id, province) = ids[0].clone();
            self.discover(f, &id, province.as_deref());
            return Outcome {
                resolution: Resolution::Resolved(id),
                weak: date.is_none(),
            };
        }
        decided(ids.into_iter().map(|(id, _)| id).collect())
    }

    /// Records (or completes) what a citation says about a made-up identity.
    pub(crate) fn discover(&mut self, f: &Facts<'_, '_>, id: &DirectiveId, province: Option<&str>) {
        // Built only when the identity lacks them: most mentions repeat a known one.
        let issuer = || {
            f.body.and_then(|b| {
                let fits = if f.symbol.is_central() {
                    matches!(
                        b.level,
                        BodyLevel::Politburo
                            | BodyLevel::Secretariat
                            | BodyLevel::CentralCommittee
                            | BodyLevel::CentralOther
                    )
                } else {
                    !matches!(
                        b.level,
                        BodyLevel::Politburo | BodyLevel::Secretariat | BodyLevel::CentralCommittee
                    )
                };
                fits.then(|| b.text.to_owned())
            })
        };
        let subject = || f.subject.map(str::to_owned);
        let doc_type = || {
            f.type_word
                .filter(|t| super::symbol::Kind::from_doc_type(*t) == Some(f.symbol.kind()))
                .or_else(|| f.symbol.kind().doc_type())
        };
        match self.discovered.get_mut(id) {
            Some(info) => {
                if info.issuer.is_none() {
                    info.issuer = issuer();
                }
                if info.subject.is_none() {
                    info.subject = subject();
                }
                if info.doc_type.is_none() {
                    info.doc_type = doc_type();
                }
            }
            None => {
                let mut info = DirectiveInfo::cited(f.symbol, f.date, province);
                info.id = id.clone();
                info.issuer = issuer();
                info.subject = subject();
                info.doc_type = doc_type();
                if f.symbol.is_central() && info.term.is_none() {
                    info.term = f.term.map(super::registry::roman);
                }
                self.discovered_order.push(id.clone());
                self.discovered.insert(id.clone(), info);
            }
        }
    }

    /// Replaces a weak (made-up, undated) resolution of `symbol` by the one dated
    /// identity the document gives that symbol elsewhere, if there is exactly one.
    pub(crate) fn strengthen(
        &self,
        symbol: &Symbol,
        weak_id: &DirectiveId,
        strong: &[&DirectiveId],
    ) -> Option<DirectiveId> {
        let province = self
            .discovered
            .get(weak_id)
            .and_then(|i| i.province.clone());
        let mut found: Vec<&DirectiveId> = strong
            .iter()
            .copied()
            .filter(|id| {
                let info = self.registry.get(id).or_else(|| self.discovered.get(id));
                info.is_some_and(|i| {
                    &i.symbol == symbol && i.province == province && i.date.is_some()
                })
            })
            .collect();
        found.sort();
        found.dedup();
        (found.len() == 1).then(|| found[0].clone())
    }
}

fn decided(mut ids: Vec<DirectiveId>) -> Outcome {
    ids.dedup();
    let resolution = match ids.len() {
        0 => Resolution::Unresolved,
        1 => Resolution::Resolved(ids.remove(0)),
        _ => Resolution::Ambiguous(ids),
    };
    Outcome {
        resolution,
        weak: false,
    }
}

/// The candidates the issuing body, term and subject words named around a citation allow.
fn narrow_by_words<'r>(f: &Facts<'_, '_>, cands: &[&'r DirectiveInfo]) -> Vec<&'r DirectiveInfo> {
    let mut narrowed: Vec<&DirectiveInfo> = cands.to_vec();
    if narrowed.len() < 2 {
        return narrowed;
    }
    if let Some(key) = f.body.and_then(|b| b.level.central_key()) {
        let key = issuer_key(key);
        let by_body: Vec<&DirectiveInfo> = narrowed
            .iter()
            .copied()
            .filter(|e| {
                e.issuer
                    .as_deref()
                    .is_some_and(|i| issuer_key(i).contains(&*key))
            })
            .collect();
        if !by_body.is_empty() {
            narrowed = by_body;
        }
    }
    if let Some(t) = f.term {
        let by_term: Vec<&DirectiveInfo> = narrowed
            .iter()
            .copied()
            .filter(|e| {
                e.term
                    .as_deref()
                    .and_then(term_number)
                    .or_else(|| e.date.and_then(term_at).and_then(term_number))
                    == Some(t)
            })
            .collect();
        if !by_term.is_empty() {
            narrowed = by_term;
        }
    }
    if let (Some(subject), true) = (f.subject, narrowed.len() > 1) {
        let cited = memo(&SUBJECT_BIGRAMS, subject, |s| bigrams(s).into());
        let mut scored: Vec<(usize, &DirectiveInfo)> = narrowed
            .iter()
            .map(|e| {
                (
                    e.subject.as_deref().map_or(0, |s| subject_score(&cited, s)),
                    *e,
                )
            })
            .collect();
        scored.sort_by_key(|s| std::cmp::Reverse(s.0));
        let best = scored[0].0;
        let second = scored.get(1).map_or(0, |s| s.0);
        if best >= 2 && best >= 2 * second {
            narrowed = vec![scored[0].1];
        }
    }
    narrowed
}

/// Resolves a symbol listed in a document's front matter (`directives:`) by the same rules
/// as an undated citation with no words around it.
pub fn resolve_listed(
    symbol: &Symbol,
    doc: &CitingDocument<'_>,
    registry: &Registry,
) -> Resolution {
    let no_list = CitingDocument {
        listed: &[],
        ..*doc
    };
    let mut r = Resolver::new(&no_list, registry);
    let facts = Facts {
        symbol,
        date: None,
        body: None,
        term: None,
        subject: None,
        type_word: None,
    };
    r.resolve(&facts, false).resolution
}
