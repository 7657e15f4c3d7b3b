//! Re-renders only the pages one document edit changes (see [`crate::site::update`]): the
//! document's page, the pages of the terms it left, joined or stayed in whose lists
//! changed, the hub pages whose term lists changed, and the home page — the same bytes a
//! full render of the edited site writes for them. Feeds, the search index, the sitemap and
//! `documents.json` are not among them.
//!
//! Which pages change is decided from what their templates receive: a term page shows its
//! term, the list entries of one slice of its documents and a paginator (and for a
//! directive, facts about all its documents); a hub page shows a slice of its terms' names
//! and counts. A page whose inputs are equal before and after is not rendered.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

use crate::directive::Symbol;
use crate::error::{Error, Result};
use crate::index::{paginate, Taxonomy, TaxonomyKind, Term};
use crate::output::MemorySink;
use crate::render::context::DocSummary;
use crate::render::pages::{page_url, Renderer};
use crate::render::templates::Theme;
use crate::site::update::Replaced;
use crate::site::{Site, SiteDoc, Urls};
use crate::vi::collate;

/// What a hub lists of one term.
#[derive(Debug, Clone, PartialEq, Eq)]
struct HubEntry {
    slug: String,
    name: String,
    full_name: Option<String>,
    count: usize,
}

impl HubEntry {
    fn of(t: &Term) -> HubEntry {
        HubEntry {
            slug: t.slug.clone(),
            name: t.name.clone(),
            full_name: t.full_name.clone(),
            count: t.docs.len(),
        }
    }

    fn is(&self, t: &Term) -> bool {
        self.slug == t.slug
            && self.name == t.name
            && self.full_name == t.full_name
            && self.count == t.docs.len()
    }
}

fn hub_entries(t: &Taxonomy) -> Vec<HubEntry> {
    t.terms.iter().map(HubEntry::of).collect()
}

/// What a full render made that edits reuse: every document's list entry, documents by
/// symbol, the hubs' term lists as served, and what the theme shows on later pages.
pub(crate) struct Kept {
    summaries: Vec<DocSummary>,
    by_number: HashMap<Symbol, Vec<usize>>,
    /// Each index's hub list, in the site's index order.
    hubs: Vec<Vec<HubEntry>>,
    /// The directive hub in A–Z order.
    az: Vec<HubEntry>,
    /// Pages after the first of a directive show none of the facts about all its documents
    /// (chart, provinces): found by rendering such a page with other facts.
    details_on_first_page_only: bool,
}

impl Kept {
    /// Makes the list entries of `site` (what a full render makes first) and the rest.
    pub(crate) fn new(site: &Site, theme: &Theme) -> Result<Kept> {
        let mut r = Renderer::new(site, theme)?;
        let details_on_first_page_only = details_on_first_page_only(site, &mut r);
        let (summaries, by_number) = r.into_parts();
        let hubs: Vec<Vec<HubEntry>> = site.taxonomies.iter().map(hub_entries).collect();
        let mut az = hub_entries(site.taxonomy(TaxonomyKind::Directive));
        collate::sort_by_key(&mut az, |e| e.name.as_str());
        Ok(Kept {
            summaries,
            by_number,
            hubs,
            az,
            details_on_first_page_only,
        })
    }
}

/// Whether page 2 of a directive term comes out the same with other whole-term facts: the
/// same entries, but every document counted as its first one (one province, one year).
fn details_on_first_page_only(site: &Site, r: &mut Renderer) -> bool {
    let per_page = site.config.paginate_by;
    let facts = |p: usize| {
        let d = &site.documents[p];
        (d.province.slug.as_str(), d.date().year())
    };
    let Some(term) = site
        .taxonomy(TaxonomyKind::Directive)
        .terms
        .iter()
        .find(|t| {
            t.sections.iter().map(|s| s.docs.len()).sum::<usize>() > per_page
                && t.docs.iter().any(|&p| facts(p) != facts(t.docs[0]))
        })
    else {
        return false;
    };
    let mut other = term.clone();
    other.docs = vec![term.docs[0]; term.docs.len()];
    let url = page_url(&site.urls.term(TaxonomyKind::Directive, &term.slug), 2);
    r.only([url].into_iter().collect());
    let page = |t: &Term| -> Option<Vec<u8>> {
        let sink = MemorySink::default();
        r.term(TaxonomyKind::Directive, t, &sink).ok()?;
        sink.into_files().into_values().next()
    };
    match (page(term), page(&other)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// The pages an edit changed, found by [`plan_edit`] and rendered in two parts by
/// [`render_plan`]: first the document's own page and the home page (what the author looks
/// at), then the term and hub pages.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Position of the edited document.
    doc: usize,
    /// Term pages to render: index, term slug, page URLs (in groups both cores can share).
    terms: Vec<(TaxonomyKind, String, HashSet<String>)>,
    /// Hubs with pages to render, and those pages' URLs.
    hubs: Vec<TaxonomyKind>,
    hub_urls: HashSet<String>,
    /// Output paths of list pages that no longer exist (a term gone, fewer pages).
    pub removed: Vec<String>,
    /// How long finding them took.
    pub elapsed: std::time::Duration,
}

/// Which pages of a [`Plan`] to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// The edited document's page and the home page.
    Page,
    /// The term and hub pages.
    Lists,
}

impl Plan {
    /// Number of pages of `part`.
    pub(crate) fn pages(&self, part: Part) -> usize {
        match part {
            Part::Page => 2,
            Part::Lists => {
                self.terms.iter().map(|(_, _, u)| u.len()).sum::<usize>() + self.hub_urls.len()
            }
        }
    }
}

/// One page or group of pages to render.
enum Job<'a> {
    Document,
    /// Some pages of a term (by URL).
    Term(TaxonomyKind, &'a Term, &'a HashSet<String>),
    Hub(TaxonomyKind),
    Home,
}

/// Term pages rendered by one job: a date moving across years changes hundreds of pages of a
/// few terms, and both cores should share them.
const PAGES_PER_JOB: usize = 16;

/// Finds the pages `edit`, already applied to `site`, changed, and brings `kept` up to date.
/// On error `kept` no longer matches the site and must be made again.
pub(crate) fn plan_edit(
    site: &Site,
    theme: &Theme,
    kept: &mut Kept,
    edit: &Replaced,
) -> Result<Plan> {
    if kept.summaries.len() != site.documents.len() {
        return Err(Error::Output(
            "list entries out of step with the site".into(),
        ));
    }
    let started = std::time::Instant::now();
    renumber_symbols(&mut kept.by_number, edit, site);
    let mut r = Renderer::with_parts(
        site,
        theme,
        std::mem::take(&mut kept.summaries),
        std::mem::take(&mut kept.by_number),
    );
    let entry_changed = replace_entry(site, &mut r, edit);
    (kept.summaries, kept.by_number) = r.into_parts();
    let mut plan = select(site, kept, edit, entry_changed?);
    plan.elapsed = started.elapsed();
    Ok(plan)
}

/// Renders the pages of one part of `plan`.
pub(crate) fn render_plan(
    site: &Site,
    theme: &Theme,
    kept: &mut Kept,
    plan: &Plan,
    part: Part,
) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut r = Renderer::with_parts(
        site,
        theme,
        std::mem::take(&mut kept.summaries),
        std::mem::take(&mut kept.by_number),
    );
    r.only(plan.hub_urls.clone());
    let result = render_jobs(site, &r, plan, part);
    (kept.summaries, kept.by_number) = r.into_parts();
    result
}

fn render_jobs(
    site: &Site,
    r: &Renderer,
    plan: &Plan,
    part: Part,
) -> Result<BTreeMap<String, Vec<u8>>> {
    let jobs: Vec<Job> = match part {
        Part::Page => vec![Job::Document, Job::Home],
        Part::Lists => plan
            .terms
            .iter()
            .filter_map(|(kind, slug, urls)| {
                site.taxonomy(*kind)
                    .get(slug)
                    .map(|t| Job::Term(*kind, t, urls))
            })
            .chain(plan.hubs.iter().map(|&k| Job::Hub(k)))
            .collect(),
    };
    let doc = plan.doc;
    let sink = MemorySink::default();
    let results: Vec<Result<()>> = jobs
        .par_iter()
        .map(|job| match job {
            Job::Document => r.document(doc, &site.documents[doc], &sink),
            Job::Term(kind, term, urls) => r.term_pages(*kind, term, Some(urls), &sink),
            Job::Hub(kind) => r.hub(*kind, &sink),
            Job::Home => r.home(&sink),
        })
        .collect();
    results.into_iter().collect::<Result<Vec<()>>>()?;
    Ok(sink.into_files())
}

/// Documents by symbol after the edit: positions renumbered, the edited one filed under its
/// new symbol.
fn renumber_symbols(by_number: &mut HashMap<Symbol, Vec<usize>>, edit: &Replaced, site: &Site) {
    let to = edit.position;
    if edit.old_position != to {
        for list in by_number.values_mut() {
            for p in list.iter_mut() {
                *p = edit.moved(*p);
            }
        }
    }
    let number = SiteDoc::own_symbol;
    if let Some(old) = number(&edit.old) {
        if let Some(list) = by_number.get_mut(&old) {
            list.retain(|&p| p != to);
            if list.is_empty() {
                by_number.remove(&old);
            }
        }
    }
    if let Some(new) = number(&site.documents[to]) {
        let list = by_number.entry(new).or_default();
        let at = list.partition_point(|&p| p < to);
        list.insert(at, to);
    }
}

/// Moves the edited document's list entry to its new place and makes it anew; true when
/// it changed.
fn replace_entry(site: &Site, r: &mut Renderer, edit: &Replaced) -> Result<bool> {
    let (from, to) = (edit.old_position, edit.position);
    let entry = r.summary_of(&site.documents[to])?;
    let list = r.summaries_mut();
    if from < to {
        list[from..=to].rotate_left(1);
    } else {
        list[to..=from].rotate_right(1);
    }
    let old_entry = std::mem::replace(&mut list[to], entry);
    Ok(old_entry.html != list[to].html
        || serde_json::to_string(&old_entry).ok() != serde_json::to_string(&list[to]).ok())
}

/// The term and hub pages whose inputs changed.
fn select(site: &Site, kept: &mut Kept, edit: &Replaced, entry_changed: bool) -> Plan {
    let (from, to) = (edit.old_position, edit.position);
    let new_doc = &site.documents[to];
    let mut plan = Plan {
        doc: to,
        ..Plan::default()
    };
    let facts_changed =
        edit.old.province != new_doc.province || edit.old.date().year() != new_doc.date().year();
    let linked = linked_directives(site, &edit.old, new_doc, from != to);
    for (k, ((kind, touched), old_terms)) in edit.touched.iter().zip(&edit.old_terms).enumerate() {
        let kind = *kind;
        let new_t = site.taxonomy(kind);
        let mut slugs: Vec<&str> = touched.iter().map(String::as_str).collect();
        if kind == TaxonomyKind::Directive {
            slugs.extend(linked.iter().map(String::as_str));
        }
        slugs.sort_unstable();
        slugs.dedup();
        for slug in slugs {
            let old = old_terms.iter().find(|t| t.slug == slug);
            let new = new_t.get(slug);
            let facts = kind == TaxonomyKind::Directive
                && facts_changed
                && [old, new].iter().flatten().any(|t| t.docs.contains(&to));
            let whole = kind == TaxonomyKind::Directive && linked.iter().any(|l| l == slug);
            let details = match (whole, facts) {
                (true, _) => Details::EveryPage,
                (false, true) if kept.details_on_first_page_only => Details::FirstPage,
                (false, true) => Details::EveryPage,
                (false, false) => Details::Same,
            };
            let per_page = site.config.paginate_by;
            let changed = term_pages(
                &site.urls,
                per_page,
                kind,
                slug,
                old,
                new,
                to,
                entry_changed,
                details,
            );
            plan.removed.extend(changed.removed);
            if new.is_some() {
                for urls in changed.wanted.chunks(PAGES_PER_JOB) {
                    plan.terms
                        .push((kind, slug.to_string(), urls.iter().cloned().collect()));
                }
            }
        }
        if touched.is_empty() {
            continue;
        }
        let changed = hub_pages(site, kept, k, new_t, touched);
        plan.removed.extend(changed.removed);
        if !changed.wanted.is_empty() {
            plan.hub_urls.extend(changed.wanted);
            plan.hubs.push(kind);
        }
    }
    plan.removed.sort();
    plan.removed.dedup();
    plan
}

/// Directive terms whose page links to the document carrying the directive's own symbol,
/// when the edit may change which document that is (its number, province or place moved).
fn linked_directives(site: &Site, old: &SiteDoc, new: &SiteDoc, moved: bool) -> Vec<String> {
    let number = SiteDoc::own_symbol;
    let (a, b) = (number(old), number(new));
    if a == b && old.province == new.province && !moved {
        return Vec::new();
    }
    let symbols: Vec<Symbol> = a.into_iter().chain(b).collect();
    if symbols.is_empty() {
        return Vec::new();
    }
    site.directives
        .by_slug()
        .into_iter()
        .filter(|(_, info)| symbols.contains(&info.symbol))
        .map(|(slug, _)| slug.to_string())
        .collect()
}

/// List pages to render (URLs) and output files to remove.
#[derive(Default)]
struct Changed {
    wanted: Vec<String>,
    removed: Vec<String>,
}

/// How the facts a directive page shows about all its documents changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Details {
    Same,
    /// Changed, and shown on the first page only.
    FirstPage,
    EveryPage,
}

/// (section, document) of every entry of a term's pages, in order.
fn items(t: &Term) -> Vec<(usize, usize)> {
    t.sections
        .iter()
        .enumerate()
        .flat_map(|(s, sec)| sec.docs.iter().map(move |&d| (s, d)))
        .collect()
}

/// What a term page shows besides its slice of entries.
type Header<'a> = (
    &'a String,
    &'a Option<String>,
    usize,
    Vec<(
        &'a Option<String>,
        &'a Option<String>,
        &'a Option<(String, String)>,
    )>,
);

fn header(t: &Term) -> Header<'_> {
    (
        &t.name,
        &t.full_name,
        t.docs.len(),
        t.sections
            .iter()
            .map(|s| (&s.title, &s.note, &s.note_link))
            .collect::<Vec<_>>(),
    )
}

/// The pages of term `slug` whose inputs changed.
#[allow(clippy::too_many_arguments)]
fn term_pages(
    urls: &Urls,
    per_page: usize,
    kind: TaxonomyKind,
    slug: &str,
    old: Option<&Term>,
    new: Option<&Term>,
    doc: usize,
    entry_changed: bool,
    details: Details,
) -> Changed {
    let base = urls.term(kind, slug);
    let old_items = old.map(items).unwrap_or_default();
    let new_items = new.map(items).unwrap_or_default();
    let old_pages = old.map_or(0, |_| paginate(old_items.len(), per_page).len());
    let new_slices = new.map_or_else(Vec::new, |_| paginate(new_items.len(), per_page));
    let mut out = Changed::default();
    for n in new_slices.len() + 1..=old_pages {
        out.removed.push(urls.file_of(&page_url(&base, n)));
    }
    let (Some(new), Some(old)) = (new, old) else {
        out.wanted = new_slices
            .iter()
            .map(|s| page_url(&base, s.number))
            .collect();
        return out;
    };
    let all = details == Details::EveryPage
        || old_items.len() != new_items.len()
        || old_pages != new_slices.len()
        || header(old) != header(new);
    for s in &new_slices {
        let slice = &new_items[s.start..s.end];
        if all
            || (s.number == 1 && details == Details::FirstPage)
            || old_items.get(s.start..s.end) != Some(slice)
            || (entry_changed && slice.iter().any(|&(_, d)| d == doc))
        {
            out.wanted.push(page_url(&base, s.number));
        }
    }
    out
}

/// The hub pages (and for directives, the A–Z pages) whose slice of terms changed; brings
/// the kept lists of index `k` up to date.
fn hub_pages(
    site: &Site,
    kept: &mut Kept,
    k: usize,
    new: &Taxonomy,
    touched: &[String],
) -> Changed {
    let mut out = Changed::default();
    let old = &kept.hubs[k];
    let same = old.len() == new.terms.len() && old.iter().zip(&new.terms).all(|(e, t)| e.is(t));
    if same {
        return out;
    }
    let kind = new.kind;
    let new_list = hub_entries(new);
    let hub_url = site.urls.hub(kind);
    let mut lists = vec![(
        hub_url.clone(),
        std::mem::take(&mut kept.hubs[k]),
        new_list.clone(),
    )];
    if kind == TaxonomyKind::Directive {
        let new_az = az_after(&kept.az, new, touched);
        lists.push((
            format!("{hub_url}a-z/"),
            std::mem::take(&mut kept.az),
            new_az.clone(),
        ));
        kept.az = new_az;
    }
    kept.hubs[k] = new_list;
    let c = &site.config;
    let per_page = |len: usize| {
        if len > c.hub_paginate_over {
            c.paginate_by
        } else {
            len.max(1)
        }
    };
    for (base, old_list, new_list) in lists {
        let old_pages = paginate(old_list.len(), per_page(old_list.len())).len();
        let new_slices = paginate(new_list.len(), per_page(new_list.len()));
        for n in new_slices.len() + 1..=old_pages {
            out.removed.push(site.urls.file_of(&page_url(&base, n)));
        }
        let all = old_list.len() != new_list.len();
        for s in &new_slices {
            if all || old_list.get(s.start..s.end) != Some(&new_list[s.start..s.end]) {
                out.wanted.push(page_url(&base, s.number));
            }
        }
    }
    out
}

/// The A–Z order of the directive hub `new` from the one before: the `touched` terms taken
/// out and put back where the hub's sort puts them (by name, ties in hub order; the others
/// keep their order, as neither changed for them).
fn az_after(old: &[HubEntry], new: &Taxonomy, touched: &[String]) -> Vec<HubEntry> {
    let hub_index: HashMap<&str, usize> = new
        .terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.slug.as_str(), i))
        .collect();
    let mut az: Vec<HubEntry> = old
        .iter()
        .filter(|e| !touched.contains(&e.slug))
        .cloned()
        .collect();
    for slug in touched {
        let Some(t) = new.get(slug) else { continue };
        let entry = HubEntry::of(t);
        let index = hub_index.get(slug.as_str()).copied().unwrap_or(usize::MAX);
        let at = az.partition_point(|e| {
            collate::compare(&e.name, &entry.name)
                .then_with(|| {
                    let other = hub_index.get(e.slug.as_str()).copied().unwrap_or(0);
                    other.cmp(&index)
                })
                .is_lt()
        });
        az.insert(at, entry);
    }
    az
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::TermSection;

    fn term(docs: &[usize]) -> Term {
        Term {
            slug: "2024".into(),
            name: "2024".into(),
            full_name: None,
            docs: docs.to_vec(),
            sections: vec![TermSection {
                docs: docs.to_vec(),
                ..TermSection::default()
            }],
        }
    }

    fn pages(
        old: Option<&Term>,
        new: Option<&Term>,
        entry_changed: bool,
        details: Details,
    ) -> (Vec<String>, Vec<String>) {
        let urls = Urls {
            base_url: "https://example.vn/".into(),
            root: "/".into(),
            prefixes: Default::default(),
        };
        let c = term_pages(
            &urls,
            3,
            TaxonomyKind::Year,
            "2024",
            old,
            new,
            8,
            entry_changed,
            details,
        );
        (c.wanted, c.removed)
    }

    #[test]
    fn a_move_inside_a_list_changes_the_pages_between_its_places() {
        // Document 8 was sixth (its old place) and is now ninth; 5, 6 and 7 moved up one.
        let old = term(&[0, 1, 2, 3, 4, 8, 5, 6, 7, 9]);
        let new = term(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        let (wanted, removed) = pages(Some(&old), Some(&new), false, Details::Same);
        assert_eq!(wanted, ["/nam/2024/page/2/", "/nam/2024/page/3/"]);
        assert!(removed.is_empty());
        // Directive facts shown on the first page only: that page too.
        let (wanted, _) = pages(Some(&old), Some(&new), false, Details::FirstPage);
        assert_eq!(wanted.len(), 3);
        assert_eq!(wanted[0], "/nam/2024/");
    }

    #[test]
    fn an_entry_that_changed_in_place_changes_its_page_alone() {
        let same = term(&[0, 1, 2, 3, 8, 9]);
        let (wanted, _) = pages(Some(&same), Some(&same), true, Details::Same);
        assert_eq!(wanted, ["/nam/2024/page/2/"]);
        let (wanted, _) = pages(Some(&same), Some(&same), false, Details::Same);
        assert!(wanted.is_empty());
    }

    #[test]
    fn a_count_that_changed_changes_every_page_and_lost_pages_go() {
        let old = term(&[0, 1, 2, 3, 8]);
        let new = term(&[0, 1, 2]);
        let (wanted, removed) = pages(Some(&old), Some(&new), false, Details::Same);
        assert_eq!(wanted, ["/nam/2024/"]);
        assert_eq!(removed, ["nam/2024/page/2/index.html"]);
        let (wanted, removed) = pages(Some(&old), None, false, Details::Same);
        assert!(wanted.is_empty());
        assert_eq!(
            removed,
            ["nam/2024/index.html", "nam/2024/page/2/index.html"]
        );
        let (wanted, _) = pages(None, Some(&new), false, Details::Same);
        assert_eq!(wanted, ["/nam/2024/"]);
    }
}
