//! Renders every page of a [`Site`] through a [`Theme`] into a [`Sink`].
//!
//! Document pages render in parallel and are written as soon as they are ready; list pages
//! receive slim [`DocSummary`]s built once per document.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use tera::Context;

use crate::directive::{DirectiveInfo, Symbol};
use crate::error::{Diagnostic, Error, Result};
use crate::index::{paginate, TaxonomyKind, Term};
use crate::output::{check_relative, Sink};
use crate::render::context::*;
use crate::render::markdown;
use crate::render::templates::{StaticFile, Theme};
use crate::site::{Site, SiteDoc, UNKNOWN_PROVINCE};
use crate::timing::stage;

/// Renders the whole site into `sink`. Every error of every page is reported together.
pub fn render_site(site: &Site, theme: &Theme, sink: &dyn Sink) -> Result<()> {
    // The search index first: its postings are the largest thing a build holds besides the
    // model, and here they never meet the list entries and pages in flight (at 100,000
    // documents that is the difference between 1.15 GB and under a gigabyte at the peak).
    let mut jobs: Vec<Result<()>> = vec![stage("search index", || {
        crate::search::write_index(site, sink)
    })];
    let r = stage("list entries", || Renderer::new(site, theme))?;
    stage("document pages", || {
        jobs.extend(
            site.documents
                .par_iter()
                .enumerate()
                .map(|(i, d)| r.document(i, d, sink))
                .collect::<Vec<_>>(),
        )
    });
    let terms: Vec<(TaxonomyKind, &Term)> = site
        .taxonomies
        .iter()
        .flat_map(|t| t.terms.iter().map(move |term| (t.kind, term)))
        .collect();
    stage("index pages", || {
        jobs.extend(
            terms
                .par_iter()
                .map(|(kind, term)| r.term(*kind, term, sink))
                .collect::<Vec<_>>(),
        );
        for kind in TaxonomyKind::ALL {
            jobs.push(r.hub(kind, sink));
        }
    });
    stage("home, pages, aliases, static", || {
        jobs.push(r.home(sink));
        jobs.push(r.simple(
            "404.html",
            "404.html",
            "404",
            &r.string("not_found", "Không tìm thấy trang"),
            sink,
        ));
        jobs.push(r.simple(
            "search.html",
            "tim-kiem/index.html",
            "search",
            &r.string("search", "Tìm kiếm"),
            sink,
        ));
        for p in &site.pages {
            jobs.push(r.page(p, sink));
        }
        jobs.push(r.aliases(sink));
        jobs.push(r.static_files(sink));
    });
    // Two independent outputs, each with a serial part: side by side, one's serial part
    // runs while the other keeps the second core busy.
    let (json, feeds) = rayon::join(
        || stage("documents.json", || r.documents_json(sink)),
        || stage("feeds, sitemap", || crate::feeds::write_all(site, sink)),
    );
    jobs.extend([json, feeds]);
    let mut diagnostics = Vec::new();
    for job in jobs {
        match job {
            Ok(()) => {}
            Err(Error::Invalid(d)) => diagnostics.extend(d),
            Err(other) => return Err(other),
        }
    }
    if diagnostics.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(diagnostics))
    }
}

/// Shared state of one render. Crate-visible so a dev server can re-render a chosen few
/// pages from a model it keeps (see `crate::serve`).
pub(crate) struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    info: SiteInfo,
    summaries: Vec<DocSummary>,
    /// Every known directive by identity slug, built once (term pages look them up).
    directive_info: HashMap<&'a str, &'a DirectiveInfo>,
    /// Full name of every known directive by identity slug: the title of every citation
    /// link, made once rather than for each of a site's millions of citations.
    full_names: HashMap<&'a str, String>,
    /// Documents by their own symbol, to link a directive page to the directive itself.
    by_number: HashMap<Symbol, Vec<usize>>,
    /// When set, the only list pages (term and hub pages, by URL) written.
    only: Option<HashSet<String>>,
    /// `site` and `t`, the same on every page: converted to template values once, cloned
    /// for each page (converting them again was most of the cost of a page's context).
    base: Context,
}

impl<'a> Renderer<'a> {
    /// Prepares a render of `site`: navigation, and every document's list entry.
    pub(crate) fn new(site: &'a Site, theme: &'a Theme) -> Result<Self> {
        let mut r = Renderer::with_summaries(site, theme, Vec::new());
        // Each list entry is rendered once here and reused by every list it appears on.
        r.summaries = site
            .documents
            .par_iter()
            .map(|d| r.summary_of(d))
            .collect::<Result<_>>()?;
        Ok(r)
    }

    /// Prepares a render of `site` with list entries made before (one per document, in
    /// order), so that a few pages render without making every entry again.
    pub(crate) fn with_summaries(
        site: &'a Site,
        theme: &'a Theme,
        summaries: Vec<DocSummary>,
    ) -> Self {
        Renderer::with_parts(site, theme, summaries, Renderer::numbers(site))
    }

    /// Documents by their own symbol (`number`), positions in order.
    pub(crate) fn numbers(site: &Site) -> HashMap<Symbol, Vec<usize>> {
        let mut by_number: HashMap<Symbol, Vec<usize>> = HashMap::new();
        for (i, d) in site.documents.iter().enumerate() {
            if let Some(sym) = d.own_symbol() {
                by_number.entry(sym).or_default().push(i);
            }
        }
        by_number
    }

    /// [`Renderer::with_summaries`] with the documents by symbol ([`Renderer::numbers`])
    /// kept from before too.
    pub(crate) fn with_parts(
        site: &'a Site,
        theme: &'a Theme,
        summaries: Vec<DocSummary>,
        by_number: HashMap<Symbol, Vec<usize>>,
    ) -> Self {
        let u = &site.urls;
        // The hubs, then the plain pages ("Giới thiệu") in Vietnamese order.
        let mut pages: Vec<Link> = site
            .pages
            .iter()
            .map(|p| Link {
                name: p.meta.title.clone(),
                url: u.page(&p.slug),
            })
            .collect();
        crate::vi::collate::sort_by_key(&mut pages, |l| l.name.as_str());
        let nav = TaxonomyKind::ALL
            .iter()
            .map(|&k| Link {
                name: string_of(theme, &format!("nav_{}", k.key()), k.name()),
                url: u.hub(k),
            })
            .chain(pages)
            .collect();
        let info = SiteInfo {
            title: site.config.title.clone(),
            description: site.config.description.clone(),
            base_url: u.base_url.clone(),
            root: u.root.clone(),
            home_url: u.root.clone(),
            nav,
            feed_url: u.path("atom.xml"),
            drafts: site.options.drafts,
            generator: format!("bantin {}", env!("CARGO_PKG_VERSION")),
        };
        let directive_info = site.directives.by_slug();
        let full_names = directive_info
            .iter()
            .map(|(&slug, &i)| (slug, crate::site::directives::full_name(i)))
            .collect();
        let mut base = Context::new();
        base.insert("site", &info);
        base.insert("t", &theme.strings);
        Renderer {
            site,
            theme,
            info,
            summaries,
            directive_info,
            full_names,
            by_number,
            only: None,
            base,
        }
    }

    /// The list entry of one document.
    pub(crate) fn summary_of(&self, d: &SiteDoc) -> Result<DocSummary> {
        let mut s = summary(self.site, d);
        if self.theme.has("doc_item.html") {
            let mut ctx = self.base.clone();
            ctx.insert("d", &s);
            s.html = self
                .theme
                .render("doc_item.html", &ctx, &d.url)
                .map_err(|e| Error::Invalid(vec![e]))?;
        }
        Ok(s)
    }

    /// The list entries, one per document in order.
    pub(crate) fn summaries_mut(&mut self) -> &mut Vec<DocSummary> {
        &mut self.summaries
    }

    /// The list entries and documents by symbol, for a later [`Renderer::with_parts`].
    pub(crate) fn into_parts(self) -> (Vec<DocSummary>, HashMap<Symbol, Vec<usize>>) {
        (self.summaries, self.by_number)
    }

    /// From now on, term and hub pages are written only when their URL is in `urls`.
    pub(crate) fn only(&mut self, urls: HashSet<String>) {
        self.only = Some(urls);
    }

    fn skips(&self, url: &str) -> bool {
        self.only.as_ref().is_some_and(|o| !o.contains(url))
    }

    fn string(&self, key: &str, fallback: &str) -> String {
        string_of(self.theme, key, fallback)
    }

    /// The variables every template receives.
    fn context(
        &self,
        url: &str,
        title: &str,
        description: &str,
        section: &str,
        feeds: Vec<Link>,
    ) -> Context {
        let mut ctx = self.base.clone();
        ctx.insert("page_url", url);
        ctx.insert("permalink", &self.site.urls.absolute(url));
        ctx.insert("page_title", title);
        ctx.insert("description", description);
        let mut all_feeds = vec![Link {
            name: self.site.config.title.clone(),
            url: self.info.feed_url.clone(),
        }];
        all_feeds.extend(feeds);
        ctx.insert("feeds", &all_feeds);
        ctx.insert("current_section", section);
        ctx.insert("prev_url", &Option::<String>::None);
        ctx.insert("next_url", &Option::<String>::None);
        ctx
    }

    fn write(&self, sink: &dyn Sink, template: &str, ctx: &Context, url: &str) -> Result<()> {
        let html = self
            .theme
            .render_bytes(template, ctx, url)
            .map_err(|d| Error::Invalid(vec![d]))?;
        sink.write(&self.site.urls.file_of(url), &html)
    }

    /// Writes the page of document `i` (and its attachments).
    pub(crate) fn document(&self, i: usize, d: &SiteDoc, sink: &dyn Sink) -> Result<()> {
        let u = &self.site.urls;
        let (links, cited) = self.citation_links(d);
        let body = d
            .body(&self.site.root)
            .map_err(|e| Error::Invalid(vec![e]))?;
        let rendered = markdown::render(&body, &links, self.site.config.unsafe_html);
        drop(body);
        let m = &d.doc.meta;
        let place = d.doc.meta.province.clone().unwrap_or_default();
        let attachments = m
            .attachments
            .iter()
            .map(|a| Link {
                name: a.clone(),
                url: format!("{}{}", d.url, a),
            })
            .collect();
        let page = DocPage {
            summary: self.summaries[i].clone(),
            date_long: d.date().long(),
            header_line: d.date().header_line(&place),
            year_url: u.term(TaxonomyKind::Year, &d.date().year().to_string()),
            province_successor: d.province.successor.as_ref().map(|s| Link {
                name: s.name.clone(),
                url: u.term(TaxonomyKind::Province, &s.slug),
            }),
            directives: d
                .directives
                .listed
                .iter()
                .map(|t| Link {
                    name: t.name.clone(),
                    url: u.term(TaxonomyKind::Directive, &t.slug),
                })
                .collect(),
            cited,
            signer: m.signer.clone(),
            signer_title: m.signer_title.clone(),
            signer_authority: m.signer_authority.clone(),
            recipients: m.recipients.clone(),
            attachments,
            permalink: u.absolute(&d.url),
            content: rendered.html,
            toc: rendered.toc,
        };
        let description = m.summary.clone().unwrap_or_else(|| m.title.clone());
        let mut feeds = Vec::new();
        if d.province.slug != UNKNOWN_PROVINCE.0 {
            feeds.push(Link {
                name: d.province.name.clone(),
                url: format!(
                    "{}atom.xml",
                    u.term(TaxonomyKind::Province, &d.province.slug)
                ),
            });
        }
        let mut ctx = self.context(&d.url, &m.title, &description, "document", feeds);
        ctx.insert("doc", &page);
        self.write(sink, "document.html", &ctx, &d.url)?;
        for a in &m.attachments {
            let from = self
                .site
                .root
                .join(d.doc.source.parent().unwrap_or(std::path::Path::new("")))
                .join(a);
            let bytes = std::fs::read(&from).map_err(|e| Error::io("reading", &from, e))?;
            let rel = format!("{}{}", u.file_of(&d.url).trim_end_matches("index.html"), a);
            sink.write(&rel, &bytes)?;
        }
        Ok(())
    }

    /// Links over every resolved citation of the body, and the cited directives with counts
    /// in order of first mention.
    fn citation_links(&self, d: &SiteDoc) -> (Vec<markdown::InlineLink>, Vec<CitedDirective>) {
        let u = &self.site.urls;
        let known = &self.site.directives;
        let mut links = Vec::new();
        let mut cited: Vec<CitedDirective> = Vec::new();
        let numbered = d.directives.citations.iter().filter_map(|c| {
            c.resolution()
                .id()
                .map(|id| (c.run(), c.range(), id, c.symbol()))
        });
        let named = d
            .directives
            .named
            .iter()
            .map(|n| (n.run, n.range.clone(), &n.id, &n.symbol));
        for (run, range, id, symbol) in numbered.chain(named) {
            let url = u.term(TaxonomyKind::Directive, id.as_str());
            let title = match self.full_names.get(id.as_str()) {
                Some(name) => name.clone(),
                None => known.full_name(id),
            };
            links.push(markdown::InlineLink {
                run,
                range,
                href: url.clone(),
                title: title.clone(),
            });
            match cited.iter_mut().find(|c| c.url == url) {
                Some(c) => c.count += 1,
                None => cited.push(CitedDirective {
                    symbol: known
                        .info(id)
                        .map(|i| i.symbol_text.clone())
                        .unwrap_or_else(|| symbol.to_string()),
                    title,
                    url,
                    count: 1,
                }),
            }
        }
        // A named reference may share its range with another (one per term): link it once.
        links.sort_by_key(|l| (l.run, l.range.start));
        links.dedup_by(|a, b| a.run == b.run && a.range.start < b.range.end);
        (links, cited)
    }

    fn taxonomy_info(&self, kind: TaxonomyKind) -> TaxonomyInfo {
        TaxonomyInfo {
            kind: kind.key().to_string(),
            name: self.string(&format!("nav_{}", kind.key()), kind.name()),
            url: self.site.urls.hub(kind),
        }
    }

    fn term_info(&self, kind: TaxonomyKind, t: &Term) -> TermInfo {
        let url = self.site.urls.term(kind, &t.slug);
        TermInfo {
            name: t.name.clone(),
            full_name: t.full_name.clone(),
            feed_url: format!("{url}atom.xml"),
            url,
            count: t.docs.len(),
        }
    }

    /// Writes every page of one term's list.
    pub(crate) fn term(&self, kind: TaxonomyKind, term: &Term, sink: &dyn Sink) -> Result<()> {
        self.term_pages(kind, term, self.only.as_ref(), sink)
    }

    /// Writes the pages of one term's list whose URL is in `only` (every page when `None`).
    pub(crate) fn term_pages(
        &self,
        kind: TaxonomyKind,
        term: &Term,
        only: Option<&HashSet<String>>,
        sink: &dyn Sink,
    ) -> Result<()> {
        let base_url = self.site.urls.term(kind, &term.slug);
        // Flatten (section, document) pairs, paginate, then regroup by section and year.
        let items: Vec<(usize, usize)> = term
            .sections
            .iter()
            .enumerate()
            .flat_map(|(s, sec)| sec.docs.iter().map(move |&d| (s, d)))
            .collect();
        let info = self.term_info(kind, term);
        let taxonomy = self.taxonomy_info(kind);
        let template = if kind == TaxonomyKind::Directive && self.theme.has("directive.html") {
            "directive.html"
        } else {
            "term.html"
        };
        let details = (template == "directive.html").then(|| self.directive_details(term));
        // Pages in parallel too: one directive's list can be hundreds of pages, and by terms
        // alone it left a core idle at the end of the stage.
        let pages = paginate(items.len(), self.site.config.paginate_by);
        let written: Vec<Result<()>> = pages
            .into_par_iter()
            .map(|slice| {
                let url = page_url(&base_url, slice.number);
                if only.is_some_and(|o| !o.contains(&url)) {
                    return Ok(());
                }
                let mut sections: Vec<Section> = Vec::new();
                let mut last_section = None;
                for &(s, d) in &items[slice.start..slice.end] {
                    if last_section != Some(s) {
                        let sec = &term.sections[s];
                        sections.push(Section {
                            title: sec.title.clone(),
                            note: sec.note.clone(),
                            note_link: sec.note_link.clone().map(|(name, url)| Link { name, url }),
                            groups: Vec::new(),
                        });
                        last_section = Some(s);
                    }
                    let groups = &mut sections.last_mut().expect("pushed").groups;
                    let summary = &self.summaries[d];
                    match groups.last_mut() {
                        Some(g) if g.year == summary.year => g.documents.push(summary),
                        _ => groups.push(YearGroup {
                            year: summary.year,
                            documents: vec![summary],
                        }),
                    }
                }
                let paginator = paginator(&base_url, slice.number, slice.total, items.len());
                let title = match slice.number {
                    1 => format!("{}: {}", taxonomy.name, term.name),
                    n => format!(
                        "{}: {} ({} {n})",
                        taxonomy.name,
                        term.name,
                        self.string("page", "trang")
                    ),
                };
                let feeds = vec![Link {
                    name: term.name.clone(),
                    url: info.feed_url.clone(),
                }];
                let mut ctx = self.context(&url, &title, &title, kind.key(), feeds);
                ctx.insert("prev_url", &paginator.prev_url);
                ctx.insert("next_url", &paginator.next_url);
                ctx.insert("taxonomy", &taxonomy);
                ctx.insert("term", &info);
                ctx.insert("sections", &sections);
                ctx.insert("paginator", &paginator);
                if let Some(details) = &details {
                    ctx.insert("directive", details);
                }
                self.write(sink, template, &ctx, &url)
            })
            .collect();
        // The first error in page order, whichever core met it first.
        written.into_iter().collect()
    }

    fn directive_details(&self, term: &Term) -> DirectiveDetails {
        let mut provinces: BTreeMap<String, (String, usize)> = BTreeMap::new();
        for &d in &term.docs {
            let p = &self.site.documents[d].province;
            provinces
                .entry(p.slug.clone())
                .or_insert((p.name.clone(), 0))
                .1 += 1;
        }
        let mut provinces: Vec<TermInfo> = provinces
            .into_iter()
            .map(|(slug, (name, count))| {
                let url = self.site.urls.term(TaxonomyKind::Province, &slug);
                TermInfo {
                    name,
                    full_name: None,
                    feed_url: format!("{url}atom.xml"),
                    url,
                    count,
                }
            })
            .collect();
        provinces.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| crate::vi::collate::compare(&a.name, &b.name))
        });
        let mut per_year: BTreeMap<u16, usize> = BTreeMap::new();
        for &d in &term.docs {
            *per_year
                .entry(self.site.documents[d].date().year())
                .or_default() += 1;
        }
        let info = self.directive_info.get(term.slug.as_str());
        // The directive is itself one of the site's documents when a document carries its
        // symbol as `number` (and, for local symbols, comes from the same province).
        let document_url = info.and_then(|i| {
            self.by_number
                .get(&i.symbol)?
                .iter()
                .map(|&n| &self.site.documents[n])
                .find(|d| {
                    i.symbol.is_central() || i.province.as_deref() == Some(d.province.slug.as_str())
                })
        });
        DirectiveDetails {
            symbol: term.name.clone(),
            type_name: info.and_then(|i| i.doc_type).map(|t| t.name().to_string()),
            full_name: term.full_name.clone().unwrap_or_else(|| term.name.clone()),
            issuer: info.and_then(|i| i.issuer.clone()),
            date: info.and_then(|i| i.date).map(|d| d.short()),
            subject: info.and_then(|i| i.subject.clone()),
            campaign: info.is_some_and(|i| i.campaign),
            chart_svg: crate::render::chart::bar_chart(&per_year),
            provinces,
            document_url: document_url.map(|d| d.url.clone()),
        }
    }

    /// Writes the list of one index's terms (every page of it).
    pub(crate) fn hub(&self, kind: TaxonomyKind, sink: &dyn Sink) -> Result<()> {
        let tax = self.site.taxonomy(kind);
        let terms: Vec<TermInfo> = tax.terms.iter().map(|t| self.term_info(kind, t)).collect();
        let hub_url = self.site.urls.hub(kind);
        if kind == TaxonomyKind::Directive {
            let a_z_url = format!("{hub_url}a-z/");
            let mut alpha = terms.clone();
            crate::vi::collate::sort_by_key(&mut alpha, |t| t.name.as_str());
            self.hub_pages(
                kind,
                &hub_url,
                &terms,
                Some(Link {
                    name: self.string("order_alpha", "Xếp theo A–Z"),
                    url: a_z_url.clone(),
                }),
                sink,
            )?;
            self.hub_pages(
                kind,
                &a_z_url,
                &alpha,
                Some(Link {
                    name: self.string("order_count", "Xếp theo số văn bản"),
                    url: hub_url,
                }),
                sink,
            )
        } else {
            self.hub_pages(kind, &hub_url, &terms, None, sink)
        }
    }

    fn hub_pages(
        &self,
        kind: TaxonomyKind,
        base_url: &str,
        terms: &[TermInfo],
        alt_order: Option<Link>,
        sink: &dyn Sink,
    ) -> Result<()> {
        let taxonomy = self.taxonomy_info(kind);
        let per_page = if terms.len() > self.site.config.hub_paginate_over {
            self.site.config.paginate_by
        } else {
            terms.len().max(1)
        };
        for slice in paginate(terms.len(), per_page) {
            let url = page_url(base_url, slice.number);
            if self.skips(&url) {
                continue;
            }
            let p = (slice.total > 1)
                .then(|| paginator(base_url, slice.number, slice.total, terms.len()));
            let mut ctx =
                self.context(&url, &taxonomy.name, &taxonomy.name, kind.key(), Vec::new());
            if let Some(p) = &p {
                ctx.insert("prev_url", &p.prev_url);
                ctx.insert("next_url", &p.next_url);
            }
            ctx.insert("taxonomy", &taxonomy);
            ctx.insert("terms", &terms[slice.start..slice.end]);
            ctx.insert("paginator", &p);
            ctx.insert("alt_order", &alt_order);
            self.write(sink, "hub.html", &ctx, &url)?;
        }
        Ok(())
    }

    /// Writes the home page.
    pub(crate) fn home(&self, sink: &dyn Sink) -> Result<()> {
        let url = self.site.urls.root.clone();
        let n = self.site.config.paginate_by.min(self.summaries.len());
        let mut ctx = self.context(
            &url,
            &self.site.config.title,
            &self.site.config.description,
            "home",
            Vec::new(),
        );
        ctx.insert("documents", &self.summaries[..n]);
        let terms = |k: TaxonomyKind| -> Vec<TermInfo> {
            self.site
                .taxonomy(k)
                .terms
                .iter()
                .map(|t| self.term_info(k, t))
                .collect()
        };
        ctx.insert("years", &terms(TaxonomyKind::Year));
        ctx.insert(
            "top_directives",
            &terms(TaxonomyKind::Directive)
                .into_iter()
                .take(10)
                .collect::<Vec<_>>(),
        );
        ctx.insert("provinces", &terms(TaxonomyKind::Province));
        ctx.insert(
            "stats",
            &json!({
                "documents": self.site.documents.len(),
                "provinces": self.site.taxonomy(TaxonomyKind::Province).terms.iter().filter(|t| t.slug != UNKNOWN_PROVINCE.0).count(),
                "directives": self.site.taxonomy(TaxonomyKind::Directive).terms.len(),
            }),
        );
        self.write(sink, "index.html", &ctx, &url)
    }

    fn simple(
        &self,
        template: &str,
        file: &str,
        section: &str,
        title: &str,
        sink: &dyn Sink,
    ) -> Result<()> {
        let url = self.site.urls.path(file.trim_end_matches("index.html"));
        let ctx = self.context(&url, title, title, section, Vec::new());
        let html = self
            .theme
            .render(template, &ctx, &url)
            .map_err(|d| Error::Invalid(vec![d]))?;
        sink.write(file, html.as_bytes())
    }

    fn page(&self, p: &crate::content::Document, sink: &dyn Sink) -> Result<()> {
        let url = self.site.urls.page(&p.slug);
        let rendered = markdown::render(&p.body, &[], self.site.config.unsafe_html);
        let description = p
            .meta
            .summary
            .clone()
            .unwrap_or_else(|| p.meta.title.clone());
        let mut ctx = self.context(&url, &p.meta.title, &description, "page", Vec::new());
        ctx.insert("page", &json!({"title": p.meta.title, "content": rendered.html, "toc": rendered.toc, "url": url}));
        self.write(sink, "page.html", &ctx, &url)
    }

    /// Redirect pages for `aliases:` (old URLs).
    fn aliases(&self, sink: &dyn Sink) -> Result<()> {
        let u = &self.site.urls;
        let targets = self
            .site
            .documents
            .iter()
            .map(|d| (&d.doc, d.url.clone()))
            .chain(self.site.pages.iter().map(|p| (p, u.page(&p.slug))));
        let mut diagnostics = Vec::new();
        for (doc, target) in targets {
            for alias in &doc.meta.aliases {
                let path = alias.trim_start_matches('/');
                let file = if path.is_empty()
                    || path.ends_with('/')
                    || !path.rsplit('/').next().unwrap_or("").contains('.')
                {
                    format!("{}/index.html", path.trim_end_matches('/'))
                } else {
                    path.to_string()
                };
                if check_relative(&file).is_err() || path.is_empty() {
                    diagnostics.push(
                        Diagnostic::error(format!(
                            "alias \"{alias}\" không hợp lệ (must be a path inside the site)"
                        ))
                        .in_file(&doc.source)
                        .with_help("write old URLs as `/duong-dan/cu/`, without `..`"),
                    );
                    continue;
                }
                let mut ctx = self.context(
                    &target,
                    &doc.meta.title,
                    &doc.meta.title,
                    "redirect",
                    Vec::new(),
                );
                ctx.insert("target", &target);
                let url = u.path(&file);
                let html = self
                    .theme
                    .render("redirect.html", &ctx, &url)
                    .map_err(|d| Error::Invalid(vec![d]))?;
                if let Err(e) = sink.write(&file, html.as_bytes()) {
                    diagnostics.push(
                        Diagnostic::error(format!("alias \"{alias}\": {e}")).in_file(&doc.source),
                    );
                }
            }
        }
        if diagnostics.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(diagnostics))
        }
    }

    /// The theme's static files under `static/`, then the site's `static/` at the root.
    fn static_files(&self, sink: &dyn Sink) -> Result<()> {
        for (rel, file) in &self.theme.static_files {
            match file {
                StaticFile::Embedded(bytes) => sink.write(rel, bytes)?,
                StaticFile::Disk(path) => sink.write(
                    rel,
                    &std::fs::read(path).map_err(|e| Error::io("reading", path, e))?,
                )?,
            }
        }
        let dir = self.site.root.join("static");
        if dir.is_dir() {
            for e in walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter() {
                let e = e.map_err(|e| Error::Output(format!("cannot read static/: {e}")))?;
                if e.file_type().is_file() {
                    let rel = e
                        .path()
                        .strip_prefix(&dir)
                        .map(|p| p.to_string_lossy().replace('\\', "/"))
                        .unwrap_or_default();
                    sink.write(
                        &rel,
                        &std::fs::read(e.path())
                            .map_err(|err| Error::io("reading", e.path(), err))?,
                    )?;
                }
            }
        }
        Ok(())
    }

    /// `/data/documents.json`: the machine-readable list of rendered documents.
    fn documents_json(&self, sink: &dyn Sink) -> Result<()> {
        #[derive(Serialize)]
        struct Entry<'a> {
            url: &'a str,
            title: &'a str,
            #[serde(rename = "type")]
            doc_type: &'a str,
            issuer: Option<&'a str>,
            province: Option<&'a str>,
            date: String,
            number: Option<&'a str>,
            directives: &'a [String],
            signer: Option<&'a str>,
            signer_title: Option<&'a str>,
            author: Option<&'a str>,
            draft: bool,
            citations: Vec<CitationEntry<'a>>,
            named_citations: Vec<CitationEntry<'a>>,
        }
        #[derive(Serialize)]
        struct CitationEntry<'a> {
            symbol: String,
            id: Option<&'a str>,
            text: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            date: Option<Option<String>>,
        }
        let entry = |d: &'a SiteDoc| {
            let m = &d.doc.meta;
            Entry {
                url: &d.url,
                title: &m.title,
                doc_type: d.doc_type.name(),
                issuer: m.issuer.as_deref(),
                province: m.province.as_deref(),
                date: d.date().iso(),
                number: m.number.as_deref(),
                directives: &m.directives,
                signer: m.signer.as_deref(),
                signer_title: m.signer_title.as_deref(),
                author: m.author.as_deref(),
                draft: m.draft,
                citations: d
                    .directives
                    .citations
                    .iter()
                    .map(|c| CitationEntry {
                        symbol: c.symbol().to_string(),
                        id: c.resolution().id().map(|i| i.as_str()),
                        text: c.text(),
                        date: Some(c.date().map(|d| d.iso())),
                    })
                    .collect(),
                named_citations: d
                    .directives
                    .named
                    .iter()
                    .map(|n| CitationEntry {
                        symbol: n.symbol.to_string(),
                        id: Some(n.id.as_str()),
                        text: &n.text,
                        date: None,
                    })
                    .collect(),
            }
        };
        // Streamed entry by entry: at 100,000 documents the file is hundreds of megabytes.
        // The bytes are what serde_json writes for `{"documents": [..]}`, compact.
        let documents = &self.site.documents;
        sink.write_with("data/documents.json", &mut |out| {
            out.write_all(b"{\"documents\":[")?;
            for (i, d) in documents.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                serde_json::to_writer(&mut *out, &entry(d))?;
            }
            out.write_all(b"]}")
        })
    }
}

fn string_of(theme: &Theme, key: &str, fallback: &str) -> String {
    theme
        .strings
        .get(key)
        .and_then(|v| v.as_str())
        .unwrap_or(fallback)
        .to_string()
}

/// URL of page `n` of a list whose first page is at `base`.
pub(crate) fn page_url(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

fn paginator(base: &str, current: usize, total: usize, total_items: usize) -> Paginator {
    Paginator {
        current,
        total,
        total_items,
        prev_url: (current > 1).then(|| page_url(base, current - 1)),
        next_url: (current < total).then(|| page_url(base, current + 1)),
        first_url: base.to_string(),
        pages: (1..=total)
            .filter(|&n| n == 1 || n == total || n.abs_diff(current) <= PAGE_WINDOW)
            .map(|n| PageLink {
                number: n,
                url: page_url(base, n),
                current: n == current,
            })
            .collect(),
    }
}

/// The slim view of a document used on every list page.
fn summary(site: &Site, d: &SiteDoc) -> DocSummary {
    let u = &site.urls;
    let m = &d.doc.meta;
    let date = d.date();
    DocSummary {
        url: d.url.clone(),
        title: m.title.clone(),
        doc_type: Link {
            name: d.doc_type.name().to_string(),
            url: u.term(TaxonomyKind::Type, &d.doc_type.slug()),
        },
        issuer: d.issuer.as_ref().map(|t| Link {
            name: t.name.clone(),
            url: u.term(TaxonomyKind::Issuer, &t.slug),
        }),
        province: (d.province.slug != UNKNOWN_PROVINCE.0).then(|| Link {
            name: d.province.name.clone(),
            url: u.term(TaxonomyKind::Province, &d.province.slug),
        }),
        number: m.number.clone(),
        date: date.short(),
        date_iso: date.iso(),
        year: date.year(),
        author: m.author.clone(),
        summary: m.summary.clone(),
        draft: m.draft,
        html: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_bar_lists_the_ends_and_the_pages_near_the_current_one() {
        let p = paginator("/nam/2024/", 10, 30, 600);
        let numbers: Vec<usize> = p.pages.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [1, 7, 8, 9, 10, 11, 12, 13, 30]);
        assert_eq!(p.pages[4].url, "/nam/2024/page/10/");
        assert!(p.pages[4].current);
        assert_eq!(p.pages[0].url, "/nam/2024/");
        assert_eq!(p.prev_url.as_deref(), Some("/nam/2024/page/9/"));
        // A short list shows every page.
        let short = paginator("/nam/2024/", 2, 4, 70);
        assert_eq!(short.pages.len(), 4);
    }
}
