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

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;

use crate::directive::Symbol;
use crate::error::{Error, Result};
use crate::index::{paginate, Taxonomy, TaxonomyKind, Term};
use crate::output::MemorySink;
use crate::render::context::DocSummary;
use crate::render::pages::{page_url, Renderer};
use crate::render::templates::Theme;
use crate::site::update::Replaced;
use crate::site::{Site, SiteDoc};

/// The list entry of every document of `site`, in order: what a full render makes first,
/// kept so that an edit renders only its own.
pub(crate) fn summaries(site: &Site, theme: &Theme) -> Result<Vec<DocSummary>> {
    Ok(Renderer::new(site, theme)?.into_summaries())
}

/// The files an edit changed.
#[derive(Debug, Default)]
pub(crate) struct Pages {
    /// Pages rendered, by output path (some may come out as they were).
    pub files: BTreeMap<String, Vec<u8>>,
    /// Output paths of list pages that no longer exist (a term gone, fewer pages).
    pub removed: Vec<String>,
}

/// One page or group of pages to render.
enum Job<'a> {
    Document,
    Term(TaxonomyKind, &'a Term),
    Hub(TaxonomyKind),
    Home,
}

/// Renders the pages `edit`, already applied to `site`, changed. `summaries` are the list
/// entries before the edit; they come back updated (on error, they no longer match the site
/// and must be made again).
pub(crate) fn render_edit(
    site: &Site,
    theme: &Theme,
    summaries: &mut Vec<DocSummary>,
    edit: &Replaced,
) -> Result<Pages> {
    let (from, to) = (edit.old_position, edit.position);
    if summaries.len() != site.documents.len() {
        return Err(Error::Output(
            "list entries out of step with the site".into(),
        ));
    }
    let mut r = Renderer::with_summaries(site, theme, std::mem::take(summaries));
    let result = select_and_render(site, &mut r, edit, from, to);
    *summaries = r.into_summaries();
    result
}

fn select_and_render<'a>(
    site: &'a Site,
    r: &mut Renderer<'a>,
    edit: &'a Replaced,
    from: usize,
    to: usize,
) -> Result<Pages> {
    let new_doc = &site.documents[to];
    let entry = r.summary_of(new_doc)?;
    let list = r.summaries_mut();
    if from < to {
        list[from..=to].rotate_left(1);
    } else {
        list[to..=from].rotate_right(1);
    }
    let old_entry = std::mem::replace(&mut list[to], entry);
    let entry_changed = serde_json::to_string(&old_entry).ok()
        != serde_json::to_string(&list[to]).ok()
        || old_entry.html != list[to].html;

    let mut pages = Pages::default();
    let mut wanted: HashSet<String> = HashSet::new();
    let mut jobs: Vec<Job<'a>> = vec![Job::Document, Job::Home];
    let facts_changed =
        edit.old.province != new_doc.province || edit.old.date().year() != new_doc.date().year();
    let linked = linked_directives(site, &edit.old, new_doc, from != to);
    for (old_t, new_t) in edit.old_taxonomies.iter().zip(&site.taxonomies) {
        let kind = new_t.kind;
        let mut slugs: Vec<&str> = if kind == TaxonomyKind::Province {
            // Rebuilt whole: any term may have changed.
            old_t
                .terms
                .iter()
                .chain(&new_t.terms)
                .map(|t| t.slug.as_str())
                .collect()
        } else {
            old_t
                .terms
                .iter()
                .chain(&new_t.terms)
                .filter(|t| t.docs.contains(&to))
                .map(|t| t.slug.as_str())
                .collect()
        };
        if kind == TaxonomyKind::Directive {
            slugs.extend(linked.iter().map(String::as_str));
        }
        slugs.sort_unstable();
        slugs.dedup();
        for slug in slugs {
            let (old, new) = (old_t.get(slug), new_t.get(slug));
            let details = kind == TaxonomyKind::Directive
                && (linked.iter().any(|l| l == slug)
                    || (facts_changed
                        && [old, new].iter().flatten().any(|t| t.docs.contains(&to))));
            let changed = term_pages(site, kind, slug, old, new, to, entry_changed, details);
            pages.removed.extend(changed.removed);
            if let (Some(term), false) = (new, changed.wanted.is_empty()) {
                wanted.extend(changed.wanted);
                jobs.push(Job::Term(kind, term));
            }
        }
        let changed = hub_pages(site, old_t, new_t);
        pages.removed.extend(changed.removed);
        if !changed.wanted.is_empty() {
            wanted.extend(changed.wanted);
            jobs.push(Job::Hub(kind));
        }
    }
    r.only(wanted);
    let r: &Renderer<'a> = r;
    let sink = MemorySink::default();
    let results: Vec<Result<()>> = jobs
        .par_iter()
        .map(|job| match job {
            Job::Document => r.document(to, new_doc, &sink),
            Job::Term(kind, term) => r.term(*kind, term, &sink),
            Job::Hub(kind) => r.hub(*kind, &sink),
            Job::Home => r.home(&sink),
        })
        .collect();
    results.into_iter().collect::<Result<Vec<()>>>()?;
    pages.files = sink.into_files();
    pages.removed.sort();
    pages.removed.dedup();
    Ok(pages)
}

/// Directive terms whose page links to the document carrying the directive's own symbol,
/// when the edit may change which document that is (its number, province or place moved).
fn linked_directives(site: &Site, old: &SiteDoc, new: &SiteDoc, moved: bool) -> Vec<String> {
    let number = |d: &SiteDoc| {
        d.doc
            .meta
            .number
            .as_deref()
            .and_then(|n| Symbol::parse(n).ok())
    };
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

/// The pages of term `slug` whose inputs changed. `all`: every page (`details`: facts of
/// the whole term shown on each page changed).
#[allow(clippy::too_many_arguments)]
fn term_pages(
    site: &Site,
    kind: TaxonomyKind,
    slug: &str,
    old: Option<&Term>,
    new: Option<&Term>,
    doc: usize,
    entry_changed: bool,
    details: bool,
) -> Changed {
    let per_page = site.config.paginate_by;
    let base = site.urls.term(kind, slug);
    let old_items = old.map(items).unwrap_or_default();
    let new_items = new.map(items).unwrap_or_default();
    let old_pages = old.map_or(0, |_| paginate(old_items.len(), per_page).len());
    let new_slices = new.map_or_else(Vec::new, |_| paginate(new_items.len(), per_page));
    let mut out = Changed::default();
    for n in new_slices.len() + 1..=old_pages {
        out.removed.push(site.urls.file_of(&page_url(&base, n)));
    }
    let (Some(new), Some(old)) = (new, old) else {
        out.wanted = new_slices
            .iter()
            .map(|s| page_url(&base, s.number))
            .collect();
        return out;
    };
    let all = details
        || old_items.len() != new_items.len()
        || old_pages != new_slices.len()
        || header(old) != header(new);
    for s in &new_slices {
        let slice = &new_items[s.start..s.end];
        if all
            || old_items.get(s.start..s.end) != Some(slice)
            || (entry_changed && slice.iter().any(|&(_, d)| d == doc))
        {
            out.wanted.push(page_url(&base, s.number));
        }
    }
    out
}

/// What a hub lists of one term.
type HubEntry<'a> = (&'a str, &'a str, Option<&'a str>, usize);

fn hub_entries(t: &Taxonomy) -> Vec<HubEntry<'_>> {
    t.terms
        .iter()
        .map(|t| {
            (
                t.slug.as_str(),
                t.name.as_str(),
                t.full_name.as_deref(),
                t.docs.len(),
            )
        })
        .collect()
}

/// The hub pages (and for directives, the A–Z pages) whose slice of terms changed.
fn hub_pages(site: &Site, old: &Taxonomy, new: &Taxonomy) -> Changed {
    let kind = new.kind;
    let (old_entries, new_entries) = (hub_entries(old), hub_entries(new));
    let mut out = Changed::default();
    if old_entries == new_entries {
        return out;
    }
    let hub_url = site.urls.hub(kind);
    let mut lists = vec![(hub_url.clone(), old_entries, new_entries)];
    if kind == TaxonomyKind::Directive {
        let mut lists_az = lists[0].clone();
        crate::vi::collate::sort_by_key(&mut lists_az.1, |e| e.1);
        crate::vi::collate::sort_by_key(&mut lists_az.2, |e| e.1);
        lists_az.0 = format!("{hub_url}a-z/");
        lists.push(lists_az);
    }
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
