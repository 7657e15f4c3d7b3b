//! The indices readers browse: by province, year, directive, type and issuer.
//!
//! An index is a [`Taxonomy`] of [`Term`]s; each term lists document positions (into the
//! site's newest-first document list), so building an index never copies a document.

use std::collections::HashMap;

use serde::Serialize;

/// Which index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TaxonomyKind {
    /// `/tinh/`: province at the time of issue.
    Province,
    /// `/nam/`: year of issue.
    Year,
    /// `/chi-dao/`: directives the documents are about or cite.
    Directive,
    /// `/loai/`: document type.
    Type,
    /// `/co-quan/`: issuing body.
    Issuer,
}

impl TaxonomyKind {
    /// Every index, in navigation order.
    pub const ALL: [TaxonomyKind; 5] = [
        TaxonomyKind::Province,
        TaxonomyKind::Year,
        TaxonomyKind::Directive,
        TaxonomyKind::Type,
        TaxonomyKind::Issuer,
    ];

    /// Vietnamese name of the index, used when the theme's strings do not name it.
    pub fn name(self) -> &'static str {
        match self {
            TaxonomyKind::Province => "Tỉnh, thành phố",
            TaxonomyKind::Year => "Năm",
            TaxonomyKind::Directive => "Văn bản chỉ đạo",
            TaxonomyKind::Type => "Loại văn bản",
            TaxonomyKind::Issuer => "Cơ quan ban hành",
        }
    }

    /// Machine name used in templates and `strings.toml` keys.
    pub fn key(self) -> &'static str {
        match self {
            TaxonomyKind::Province => "province",
            TaxonomyKind::Year => "year",
            TaxonomyKind::Directive => "directive",
            TaxonomyKind::Type => "type",
            TaxonomyKind::Issuer => "issuer",
        }
    }
}

/// One section of a term page (see [`crate::render::context::Section`]).
#[derive(Debug, Clone, Default)]
pub struct TermSection {
    /// Heading, when the page has several sections.
    pub title: Option<String>,
    /// A note under the heading.
    pub note: Option<String>,
    /// Link (label, URL) for the note.
    pub note_link: Option<(String, String)>,
    /// Document positions, newest first.
    pub docs: Vec<usize>,
}

/// One entry of an index: a province, a year, a directive …
#[derive(Debug, Clone)]
pub struct Term {
    /// URL slug, unique within the index.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Longer name, when there is one (directives).
    pub full_name: Option<String>,
    /// Every document of the term, newest first (positions in the site's document list).
    pub docs: Vec<usize>,
    /// How the term page splits its documents (usually one untitled section of all `docs`).
    pub sections: Vec<TermSection>,
}

/// One index with its terms in hub order.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Which index.
    pub kind: TaxonomyKind,
    /// Terms in the hub's display order.
    pub terms: Vec<Term>,
}

impl Taxonomy {
    /// The term with this slug.
    pub fn get(&self, slug: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.slug == slug)
    }
}

/// Collects terms while documents are visited in newest-first order, so every term's
/// document list comes out newest first without sorting.
#[derive(Debug, Default)]
pub struct TermCollector {
    order: Vec<Term>,
    by_slug: HashMap<String, usize>,
}

impl TermCollector {
    /// Adds document `doc` to the term `slug`, creating it with `name` on first sight.
    pub fn add(&mut self, slug: &str, name: &str, doc: usize) -> &mut Term {
        let i = match self.by_slug.get(slug) {
            Some(&i) => i,
            None => {
                self.order.push(Term {
                    slug: slug.to_string(),
                    name: name.to_string(),
                    full_name: None,
                    docs: Vec::new(),
                    sections: Vec::new(),
                });
                self.by_slug.insert(slug.to_string(), self.order.len() - 1);
                self.order.len() - 1
            }
        };
        let term = &mut self.order[i];
        if term.docs.last() != Some(&doc) {
            term.docs.push(doc);
        }
        term
    }

    /// The collected terms, in first-seen order.
    pub fn into_terms(self) -> Vec<Term> {
        self.order
    }
}

/// A page of a paginated list: which items, and the page's position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSlice {
    /// 1-based page number.
    pub number: usize,
    /// Number of pages (at least 1, even for an empty list).
    pub total: usize,
    /// Item range on this page.
    pub start: usize,
    /// End of the item range (exclusive).
    pub end: usize,
}

/// Splits `len` items into pages of `per_page`. An empty list still has one (empty) page.
pub fn paginate(len: usize, per_page: usize) -> Vec<PageSlice> {
    let per_page = per_page.max(1);
    let total = len.div_ceil(per_page).max(1);
    (0..total)
        .map(|i| PageSlice {
            number: i + 1,
            total,
            start: i * per_page,
            end: ((i + 1) * per_page).min(len),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_boundaries() {
        assert_eq!(paginate(0, 20).len(), 1);
        assert_eq!(paginate(1, 20).len(), 1);
        assert_eq!(paginate(20, 20).len(), 1);
        let p = paginate(21, 20);
        assert_eq!(p.len(), 2);
        assert_eq!((p[1].start, p[1].end, p[1].total), (20, 21, 2));
    }

    #[test]
    fn collector_keeps_first_seen_order_and_dedupes() {
        let mut c = TermCollector::default();
        c.add("b", "B", 0);
        c.add("a", "A", 0);
        c.add("b", "B", 1);
        c.add("b", "B", 1);
        let t = c.into_terms();
        assert_eq!(t[0].slug, "b");
        assert_eq!(t[0].docs, vec![0, 1]);
    }
}
