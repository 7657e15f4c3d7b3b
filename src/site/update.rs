//! One document of a loaded [`Site`] replaced by a new version of its file, without loading
//! the site again: the document re-analysed (province, issuer, directives, excerpt), moved
//! to its place in the newest-first order, and the indices brought up to date term by term.
//!
//! The result is the model [`Site::load`] would make of the edited site — same document
//! order, same terms with the same names, documents and order — or a [`Refusal`] when that
//! cannot be had cheaply (a new URL, an unknown directive, an error, an issuer slug that
//! depends on the order of documents …); the caller then loads the whole site.
//!
//! Index rules, as [`super::build_taxonomies`] applies them: terms are collected in document
//! order, so a term's first-seen position is its first document (for directives, then the
//! place of the slug in that document's own list); the hub order sorts by the kind's rule
//! with ties left in first-seen order. Provinces, whose pages have sections of their own,
//! are rebuilt whole when a document moves (a few milliseconds).

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::{excerpt_of, province_of, province_taxonomy, Site, SiteDoc, TermRef};
use crate::content::Document;
use crate::index::{Taxonomy, TaxonomyKind, Term, TermSection};
use crate::vi::{collate, match_key, slugify};

/// Why an edit cannot be applied to the model alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The file is not one of the site's documents.
    Unknown,
    /// Its URL, aliases, attachments or draft status changed: other files appear or go.
    Files,
    /// The new version has errors (they are reported by the full build).
    Errors,
    /// It cites or lists a directive whose description another document may hold, or one
    /// the site does not know yet.
    Directives,
    /// Issuer slugs depend on which document comes first (two names fold to one slug).
    Issuers,
}

/// Issuer spellings of a site by [`match_key`], when every issuer's slug is simply the
/// [`slugify`] of its name (no two names fold to one slug, so no `-2` suffixes and no
/// dependence on document order).
#[derive(Debug, Clone, Default)]
pub struct IssuerSlugs {
    /// Match key → (slug, documents using it).
    keys: HashMap<String, (String, usize)>,
    /// Slug → match key.
    slugs: HashMap<String, String>,
}

impl IssuerSlugs {
    /// The issuer slugs of `site`; `None` when some slug is not its name's [`slugify`]
    /// (then slugs depend on document order and edits go through a full build).
    pub fn of(site: &Site) -> Option<IssuerSlugs> {
        let mut s = IssuerSlugs::default();
        for d in &site.documents {
            let Some(issuer) = &d.issuer else { continue };
            if slugify(&issuer.name) != issuer.slug {
                return None;
            }
            s.add(&match_key(&issuer.name), &issuer.slug).ok()?;
        }
        Some(s)
    }

    /// Counts one more document with key `key` and slug `slug`; an error when the key or
    /// the slug is already paired otherwise.
    fn add(&mut self, key: &str, slug: &str) -> Result<(), Refusal> {
        self.check(key, slug)?;
        self.keys
            .entry(key.to_string())
            .or_insert_with(|| (slug.to_string(), 0))
            .1 += 1;
        self.slugs.insert(slug.to_string(), key.to_string());
        Ok(())
    }

    fn check(&self, key: &str, slug: &str) -> Result<(), Refusal> {
        let key_ok = self.keys.get(key).is_none_or(|(s, _)| s == slug);
        let slug_ok = self.slugs.get(slug).is_none_or(|k| k == key);
        if key_ok && slug_ok {
            Ok(())
        } else {
            Err(Refusal::Issuers)
        }
    }

    fn remove(&mut self, key: &str) {
        if let Some((slug, n)) = self.keys.get_mut(key) {
            *n -= 1;
            if *n == 0 {
                let slug = slug.clone();
                self.keys.remove(key);
                self.slugs.remove(&slug);
            }
        }
    }
}

/// What [`replace_document`] did.
#[derive(Debug)]
pub struct Replaced {
    /// Position of the document before the edit.
    pub old_position: usize,
    /// Its position now.
    pub position: usize,
    /// The document as it was.
    pub old: SiteDoc,
    /// For each index (in the site's order), the terms the edit may have changed, by slug:
    /// the terms the document was or is in (every term of a rebuilt province index).
    pub touched: Vec<(TaxonomyKind, Vec<String>)>,
    /// Those of the touched terms that existed, as they were, with document positions
    /// renumbered to the new order (the edited document is at `position`, in its old place
    /// in each list).
    pub old_terms: Vec<Vec<Term>>,
}

impl Replaced {
    /// The position now of the document that was at `old`.
    pub fn moved(&self, old: usize) -> usize {
        renumber(old, self.old_position, self.position)
    }
}

fn renumber(p: usize, from: usize, to: usize) -> usize {
    if p == from {
        to
    } else if from < to && p > from && p <= to {
        p - 1
    } else if to < from && p >= to && p < from {
        p + 1
    } else {
        p
    }
}

/// Replaces the document at `index` with `new`, a fresh load of the same file, and updates
/// the indices. On refusal the site is unchanged.
pub fn replace_document(
    site: &mut Site,
    issuers: &mut IssuerSlugs,
    index: usize,
    new: Document,
) -> Result<Replaced, Refusal> {
    let old = site.documents.get(index).ok_or(Refusal::Unknown)?;
    let m = &new.meta;
    let (Some(_), Some(doc_type)) = (m.date, m.doc_type) else {
        return Err(Refusal::Errors);
    };
    if new.slug != old.doc.slug
        || new.source != old.doc.source
        || m.aliases != old.doc.meta.aliases
        || m.attachments != old.doc.meta.attachments
        || (m.draft && !site.options.drafts)
    {
        return Err(Refusal::Files);
    }
    let (province, province_diagnostics) = province_of(&new);
    if province_diagnostics.iter().any(|d| d.is_error()) {
        return Err(Refusal::Errors);
    }
    let scope = province.era.map(|_| province.slug.as_str());
    let (mut found, errors, _) = super::directives::analyse(&new, scope, &site.directives.registry);
    if !errors.is_empty() {
        return Err(Refusal::Errors);
    }
    let issuer = m.issuer.as_deref().map(|name| TermRef {
        slug: slugify(name),
        name: name.to_string(),
    });
    let old_key = old.issuer.as_ref().map(|t| match_key(&t.name));
    let new_key = issuer.as_ref().map(|t| match_key(&t.name));
    {
        // Checked against the other documents' issuers.
        let mut others = issuers.clone();
        if let Some(k) = &old_key {
            others.remove(k);
        }
        if let (Some(k), Some(t)) = (&new_key, &issuer) {
            others.check(k, &t.slug)?;
        }
    }
    found
        .discovered
        .retain(|i| site.directives.registry.get(&i.id).is_none());
    if found
        .discovered
        .iter()
        .any(|i| !site.directives.discovered.contains_key(&i.id))
    {
        return Err(Refusal::Directives);
    }
    found.discovered.clear();
    let new_doc = SiteDoc {
        url: old.url.clone(),
        province,
        issuer,
        doc_type,
        excerpt: excerpt_of(&new),
        directives: found,
        doc: new,
    };
    // Newest first, ties by slug: where the new version goes among the others. The list is
    // sorted by that key, the old version included, so one binary search finds the place.
    let key_of = |d: &Document| (std::cmp::Reverse(d.meta.date), d.slug.clone());
    let key = key_of(&new_doc.doc);
    let before = site.documents.partition_point(|d| {
        (std::cmp::Reverse(d.doc.meta.date), d.doc.slug.as_str()) < (key.0, key.1.as_str())
    });
    let old_before = key_of(&site.documents[index].doc) < key;
    let position = before - usize::from(old_before);
    check_discovered(site, index, position, &new_doc)?;

    // Accepted: from here on the site changes.
    if let Some(k) = &old_key {
        issuers.remove(k);
    }
    if let (Some(k), Some(t)) = (&new_key, &new_doc.issuer) {
        issuers.add(k, &t.slug)?;
    }
    let old_doc = std::mem::replace(&mut site.documents[index], new_doc);
    if index < position {
        site.documents[index..=position].rotate_left(1);
    } else {
        site.documents[position..=index].rotate_right(1);
    }
    if index != position {
        for t in &mut site.taxonomies {
            for term in &mut t.terms {
                for p in term.docs.iter_mut() {
                    *p = renumber(*p, index, position);
                }
                for s in &mut term.sections {
                    for p in s.docs.iter_mut() {
                        *p = renumber(*p, index, position);
                    }
                }
            }
        }
    }
    let new_doc = &site.documents[position];
    let by_slug = site.directives.by_slug();
    let mut taxonomies = std::mem::take(&mut site.taxonomies);
    let mut touched = Vec::new();
    let mut old_terms = Vec::new();
    for t in &mut taxonomies {
        let kind = t.kind;
        if kind == TaxonomyKind::Province {
            if old_doc.province != new_doc.province || index != position {
                let rebuilt = province_taxonomy(&site.documents, &site.urls);
                let old = std::mem::replace(t, rebuilt);
                let mut slugs: Vec<String> = old
                    .terms
                    .iter()
                    .chain(&t.terms)
                    .map(|t| t.slug.clone())
                    .collect();
                slugs.sort();
                slugs.dedup();
                touched.push((kind, slugs));
                old_terms.push(old.terms);
            } else {
                let within: Vec<Term> = t
                    .terms
                    .iter()
                    .filter(|t| t.docs.contains(&position))
                    .cloned()
                    .collect();
                touched.push((kind, within.iter().map(|t| t.slug.clone()).collect()));
                old_terms.push(within);
            }
            continue;
        }
        let mut slugs = memberships(kind, &old_doc);
        for s in memberships(kind, new_doc) {
            if !slugs.contains(&s) {
                slugs.push(s);
            }
        }
        old_terms.push(
            t.terms
                .iter()
                .filter(|t| slugs.contains(&t.slug))
                .cloned()
                .collect(),
        );
        let wanted: HashSet<String> = memberships(kind, new_doc).into_iter().collect();
        update_terms(t, &slugs, &wanted, position, site, &by_slug);
        touched.push((kind, slugs));
    }
    site.taxonomies = taxonomies;
    Ok(Replaced {
        old_position: index,
        position,
        old: old_doc,
        touched,
        old_terms,
    })
}

/// A directive known only from citations keeps the description of the first document that
/// cites it (a citation resolves to such a directive only through the description its own
/// document gives). The edit must not change which document that is: for every such
/// directive the edited document cites (before or after), another document citing it comes
/// before the edited one in both orders.
fn check_discovered(
    site: &Site,
    index: usize,
    position: usize,
    new: &SiteDoc,
) -> Result<(), Refusal> {
    let old = &site.documents[index];
    // Descriptions come from the body's citations only (front matter lists none).
    let cited =
        |d: &SiteDoc| -> Vec<String> { d.directives.cited().map(|id| id.to_string()).collect() };
    let mut ids = cited(old);
    ids.extend(cited(new));
    ids.sort();
    ids.dedup();
    let directives = site.taxonomy(TaxonomyKind::Directive);
    for id in ids {
        let Some(info) = site
            .directives
            .discovered
            .values()
            .find(|i| i.id.as_str() == id)
        else {
            continue;
        };
        let first_other = directives
            .get(info.id.as_str())
            .and_then(|t| t.docs.iter().copied().find(|&p| p != index));
        let cites = |p: usize| site.documents[p].directives.cited().any(|c| *c == info.id);
        match first_other {
            Some(p) if p < index && renumber(p, index, position) < position && cites(p) => {}
            _ => return Err(Refusal::Directives),
        }
    }
    Ok(())
}

/// Slugs of the terms of `kind` document `d` belongs to, in the order the full build adds
/// them.
fn memberships(kind: TaxonomyKind, d: &SiteDoc) -> Vec<String> {
    match kind {
        TaxonomyKind::Province => vec![d.province.slug.clone()],
        TaxonomyKind::Year => vec![d.date().year().to_string()],
        TaxonomyKind::Type => vec![d.doc_type.slug()],
        TaxonomyKind::Issuer => d.issuer.iter().map(|t| t.slug.clone()).collect(),
        TaxonomyKind::Directive => d.directives.all_ids(),
    }
}

/// The name the full build gives term `slug` of `kind` (its first document decides, or for
/// issuers the spelling most documents use), and its full name.
fn term_names(
    kind: TaxonomyKind,
    slug: &str,
    docs: &[usize],
    site: &Site,
    by_slug: &HashMap<&str, &crate::directive::DirectiveInfo>,
) -> (String, Option<String>) {
    let first = &site.documents[docs[0]];
    match kind {
        TaxonomyKind::Year | TaxonomyKind::Province => (slug.to_string(), None),
        TaxonomyKind::Type => (first.doc_type.name().to_string(), None),
        TaxonomyKind::Issuer => {
            let mut spellings: BTreeMap<&str, usize> = BTreeMap::new();
            for &p in docs {
                if let Some(t) = &site.documents[p].issuer {
                    *spellings.entry(t.name.as_str()).or_default() += 1;
                }
            }
            let name = spellings
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(n, _)| n.to_string())
                .unwrap_or_default();
            (name, None)
        }
        TaxonomyKind::Directive => {
            let name = first
                .directives
                .listed
                .iter()
                .find(|t| t.slug == slug)
                .map(|t| t.name.clone())
                .or_else(|| by_slug.get(slug).map(|i| i.symbol_text.clone()))
                .unwrap_or_else(|| slug.to_string());
            let full = by_slug.get(slug).map(|i| super::directives::full_name(i));
            (name, full)
        }
    }
}

/// The hub order of two terms of `kind`: the kind's rule, then first seen first.
fn hub_order(kind: TaxonomyKind, a: &Term, b: &Term, site: &Site) -> Ordering {
    let rule = match kind {
        TaxonomyKind::Year => b.slug.cmp(&a.slug),
        TaxonomyKind::Directive => b
            .docs
            .len()
            .cmp(&a.docs.len())
            .then_with(|| collate::compare(&a.name, &b.name)),
        _ => collate::compare(&a.name, &b.name),
    };
    rule.then_with(|| first_seen(kind, a, site).cmp(&first_seen(kind, b, site)))
}

fn first_seen(kind: TaxonomyKind, t: &Term, site: &Site) -> (usize, usize) {
    let first = t.docs.first().copied().unwrap_or(usize::MAX);
    let within = match (kind, site.documents.get(first)) {
        (TaxonomyKind::Directive, Some(d)) => d
            .directives
            .all_ids()
            .iter()
            .position(|s| *s == t.slug)
            .unwrap_or(0),
        _ => 0,
    };
    (first, within)
}

/// Takes document `position` out of the terms `slugs` and puts it into those of `wanted`,
/// then renames and re-places those terms in the hub order.
fn update_terms(
    t: &mut Taxonomy,
    slugs: &[String],
    wanted: &HashSet<String>,
    position: usize,
    site: &Site,
    by_slug: &HashMap<&str, &crate::directive::DirectiveInfo>,
) {
    let kind = t.kind;
    let mut touched: Vec<Term> = Vec::new();
    let mut rest = Vec::with_capacity(t.terms.len());
    for term in std::mem::take(&mut t.terms) {
        if slugs.contains(&term.slug) {
            touched.push(term);
        } else {
            rest.push(term);
        }
    }
    for slug in slugs {
        if !touched.iter().any(|t| t.slug == *slug) {
            touched.push(Term {
                slug: slug.clone(),
                name: String::new(),
                full_name: None,
                docs: Vec::new(),
                sections: Vec::new(),
            });
        }
    }
    for mut term in touched {
        term.docs.retain(|&p| p != position);
        if wanted.contains(&term.slug) {
            let at = term.docs.partition_point(|&p| p < position);
            term.docs.insert(at, position);
        }
        if term.docs.is_empty() {
            continue;
        }
        let (name, full_name) = term_names(kind, &term.slug, &term.docs, site, by_slug);
        term.name = name;
        term.full_name = full_name;
        term.sections = vec![TermSection {
            docs: term.docs.clone(),
            ..TermSection::default()
        }];
        let at = rest.partition_point(|o| hub_order(kind, o, &term, site) == Ordering::Less);
        rest.insert(at, term);
    }
    t.terms = rest;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_shift_between_the_old_and_new_place() {
        // Moved from 1 to 3: 2 and 3 move up one.
        let moved: Vec<usize> = (0..5).map(|p| renumber(p, 1, 3)).collect();
        assert_eq!(moved, [0, 3, 1, 2, 4]);
        // Moved from 3 to 1: 1 and 2 move down one.
        let moved: Vec<usize> = (0..5).map(|p| renumber(p, 3, 1)).collect();
        assert_eq!(moved, [0, 2, 3, 1, 4]);
        assert_eq!(renumber(2, 2, 2), 2);
    }

    #[test]
    fn issuer_keys_and_slugs_pair_one_to_one() {
        let mut s = IssuerSlugs::default();
        s.add("tinh uy son la", "tinh-uy-son-la").unwrap();
        s.add("tinh uy son la", "tinh-uy-son-la").unwrap();
        assert_eq!(
            s.check("tinh uy son la!", "tinh-uy-son-la"),
            Err(Refusal::Issuers)
        );
        s.remove("tinh uy son la");
        assert!(s.check("tinh uy son la!", "tinh-uy-son-la").is_err());
        s.remove("tinh uy son la");
        assert!(s.check("tinh uy son la!", "tinh-uy-son-la").is_ok());
    }
}
