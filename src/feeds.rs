//! What readers and crawlers get beside the pages: Atom feeds (the whole site and every
//! index term), `sitemap.xml` and `robots.txt`.
//!
//! Drafts never appear in any of them, whatever the build options. Every value is
//! XML-escaped, and characters XML 1.0 forbids are dropped. Dates are the documents' own
//! (RFC 3339 at midnight, Vietnam time; a partial date stands for the first day of its
//! period), so feeds only change when content does.

use rayon::prelude::*;

use crate::error::Result;
use crate::index::{TaxonomyKind, Term};
use crate::output::Sink;
use crate::site::{Site, SiteDoc};
use crate::vi::DocDate;

/// Most URLs in one sitemap file (the protocol's limit).
pub const SITEMAP_LIMIT: usize = 50_000;
/// Characters of body text used as an entry summary when the document has none.
pub const SUMMARY_CHARS: usize = crate::site::EXCERPT_CHARS;
/// The site's time zone, as written in feed dates.
const TIME_ZONE: &str = "+07:00";

/// Escapes text for XML content and attribute values, dropping characters XML 1.0 forbids.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A date as RFC 3339 at midnight Vietnam time: `2022-05-12T00:00:00+07:00`.
pub fn rfc3339(date: DocDate) -> String {
    format!("{}T00:00:00{TIME_ZONE}", date.iso_full())
}

/// Writes the feeds, the sitemap and `robots.txt`. Each feed is written as soon as it is
/// made: all of them together are tens of megabytes on a large site.
pub fn write_all(site: &Site, sink: &dyn Sink) -> Result<()> {
    let (specs, fallback) = feed_specs(site);
    specs
        .par_iter()
        .try_for_each(|s| sink.write(&s.path, feed_xml(site, s, fallback).as_bytes()))?;
    for (path, text) in sitemaps(site, SITEMAP_LIMIT) {
        sink.write(&path, text.as_bytes())?;
    }
    sink.write("robots.txt", robots(site).as_bytes())
}

/// Positions of the non-draft documents among `docs`, newest first, at most `limit`.
fn published(site: &Site, docs: &[usize], limit: usize) -> Vec<usize> {
    docs.iter()
        .copied()
        .filter(|&i| site.documents.get(i).is_some_and(|d| !d.doc.meta.draft))
        .take(limit)
        .collect()
}

/// What a feed shows: its title, where it lives, and its documents.
struct FeedSpec {
    path: String,
    title: String,
    feed_url: String,
    page_url: String,
    docs: Vec<usize>,
}

/// Every feed to write, and the date a feed without entries shows.
fn feed_specs(site: &Site) -> (Vec<FeedSpec>, Option<DocDate>) {
    let u = &site.urls;
    let limit = site.config.feed_limit.max(1);
    let all: Vec<usize> = (0..site.documents.len()).collect();
    let site_feed = u.path("atom.xml");
    let mut specs = vec![FeedSpec {
        path: u.file_of(&site_feed),
        title: site.config.title.clone(),
        feed_url: site_feed,
        page_url: u.root.clone(),
        docs: published(site, &all, limit),
    }];
    for tax in &site.taxonomies {
        for term in &tax.terms {
            let page_url = u.term(tax.kind, &term.slug);
            let feed_url = format!("{page_url}atom.xml");
            specs.push(FeedSpec {
                path: u.file_of(&feed_url),
                title: format!(
                    "{} · {} – {}",
                    term.name,
                    tax.kind.name(),
                    site.config.title
                ),
                feed_url,
                page_url,
                docs: published(site, &term.docs, limit),
            });
        }
    }
    let fallback = site
        .documents
        .iter()
        .filter(|d| !d.doc.meta.draft)
        .map(SiteDoc::date)
        .max();
    (specs, fallback)
}

fn feed_xml(site: &Site, spec: &FeedSpec, fallback: Option<DocDate>) -> String {
    let u = &site.urls;
    let e = xml_escape;
    let updated = spec
        .docs
        .iter()
        .map(|&i| site.documents[i].date())
        .max()
        .or(fallback)
        .map_or_else(|| format!("1970-01-01T00:00:00{TIME_ZONE}"), rfc3339);
    let mut x = String::with_capacity(1024 + spec.docs.len() * 1024);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n");
    x.push_str(&format!("  <title>{}</title>\n", e(&spec.title)));
    if !site.config.description.is_empty() {
        x.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            e(&site.config.description)
        ));
    }
    let feed_abs = u.absolute(&spec.feed_url);
    x.push_str(&format!("  <id>{}</id>\n", e(&feed_abs)));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        e(&feed_abs)
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        e(&u.absolute(&spec.page_url))
    ));
    x.push_str(&format!("  <updated>{updated}</updated>\n"));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        e(&site.config.title)
    ));
    x.push_str(&format!(
        "  <generator version=\"{}\">bantin</generator>\n",
        env!("CARGO_PKG_VERSION")
    ));
    for &i in &spec.docs {
        let d = &site.documents[i];
        let m = &d.doc.meta;
        let url = e(&u.absolute(&d.url));
        let date = rfc3339(d.date());
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", e(&m.title)));
        x.push_str(&format!("    <id>{url}</id>\n"));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n"
        ));
        x.push_str(&format!("    <published>{date}</published>\n"));
        x.push_str(&format!("    <updated>{date}</updated>\n"));
        let author = m
            .author
            .as_deref()
            .or(d.issuer.as_ref().map(|t| t.name.as_str()))
            .unwrap_or(&site.config.title);
        x.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            e(author)
        ));
        let mut categories = vec![
            (
                TaxonomyKind::Type,
                d.doc_type.slug(),
                d.doc_type.name().to_string(),
            ),
            (
                TaxonomyKind::Province,
                d.province.slug.clone(),
                d.province.name.clone(),
            ),
        ];
        for dir in &d.directives.listed {
            categories.push((TaxonomyKind::Directive, dir.slug.clone(), dir.name.clone()));
        }
        for (kind, slug, name) in categories {
            x.push_str(&format!(
                "    <category term=\"{}\" label=\"{}\" scheme=\"{}\"/>\n",
                e(&slug),
                e(&name),
                e(&u.absolute(&u.hub(kind)))
            ));
        }
        x.push_str(&format!(
            "    <summary type=\"text\">{}</summary>\n",
            e(d.summary_text())
        ));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// One sitemap URL: absolute location and optional last modification date.
type SitemapUrl = (String, Option<DocDate>);

/// Every page worth crawling: home, hubs, terms (first pages), documents and plain pages.
/// Drafts, terms with only drafts, the search page, 404 and redirects are left out.
fn sitemap_urls(site: &Site) -> Vec<SitemapUrl> {
    let u = &site.urls;
    let newest = |docs: &[usize]| {
        docs.iter()
            .filter_map(|&i| site.documents.get(i))
            .filter(|d| !d.doc.meta.draft)
            .map(SiteDoc::date)
            .max()
    };
    let all: Vec<usize> = (0..site.documents.len()).collect();
    let site_newest = newest(&all);
    let mut urls: Vec<SitemapUrl> = vec![(u.absolute(&u.root), site_newest)];
    for tax in &site.taxonomies {
        let hub = u.hub(tax.kind);
        urls.push((u.absolute(&hub), site_newest));
        if tax.kind == TaxonomyKind::Directive {
            urls.push((u.absolute(&format!("{hub}a-z/")), site_newest));
        }
        let terms: Vec<&Term> = tax.terms.iter().collect();
        for term in terms {
            if let Some(date) = newest(&term.docs) {
                urls.push((u.absolute(&u.term(tax.kind, &term.slug)), Some(date)));
            }
        }
    }
    for d in site.documents.iter().filter(|d| !d.doc.meta.draft) {
        urls.push((u.absolute(&d.url), Some(d.date())));
    }
    for p in site.pages.iter().filter(|p| !p.meta.draft) {
        urls.push((u.absolute(&u.page(&p.slug)), p.meta.date));
    }
    urls
}

fn urlset(urls: &[SitemapUrl]) -> String {
    let mut x = String::with_capacity(urls.len() * 120 + 200);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (loc, lastmod) in urls {
        x.push_str("  <url><loc>");
        x.push_str(&xml_escape(loc));
        x.push_str("</loc>");
        if let Some(d) = lastmod {
            x.push_str("<lastmod>");
            x.push_str(&d.iso_full());
            x.push_str("</lastmod>");
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

/// `sitemap.xml`, or past `limit` URLs a sitemap index pointing at `sitemap-1.xml`, …
/// ([`build_all`] uses [`SITEMAP_LIMIT`]).
pub fn sitemaps(site: &Site, limit: usize) -> Vec<(String, String)> {
    let urls = sitemap_urls(site);
    let limit = limit.max(1);
    if urls.len() <= limit {
        return vec![("sitemap.xml".to_string(), urlset(&urls))];
    }
    let mut files = Vec::new();
    let mut index = String::new();
    index.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    index.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (n, part) in urls.chunks(limit).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        index.push_str("  <sitemap><loc>");
        index.push_str(&xml_escape(&site.urls.absolute(&site.urls.path(&name))));
        index.push_str("</loc>");
        if let Some(d) = part.iter().filter_map(|u| u.1).max() {
            index.push_str("<lastmod>");
            index.push_str(&d.iso_full());
            index.push_str("</lastmod>");
        }
        index.push_str("</sitemap>\n");
        files.push((name, urlset(part)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".to_string(), index));
    files
}

/// `robots.txt`: everything may be crawled, and here is the sitemap. A build with drafts is
/// a preview and asks crawlers to stay away.
fn robots(site: &Site) -> String {
    let sitemap = site.urls.absolute(&site.urls.path("sitemap.xml"));
    if site.options.drafts {
        format!("# Bản xem trước có dự thảo (preview with drafts): do not index.\nUser-agent: *\nDisallow: /\n\nSitemap: {sitemap}\n")
    } else {
        format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_quotes_and_forbidden_characters() {
        assert_eq!(
            xml_escape("A & B <i>\"x\" 'y'</i>\u{1}\u{FFFF}\tz"),
            "A &amp; B &lt;i&gt;&quot;x&quot; &apos;y&apos;&lt;/i&gt;\tz"
        );
        assert_eq!(xml_escape("Sơn La"), "Sơn La");
    }

    #[test]
    fn partial_dates_are_the_first_day_of_their_period() {
        assert_eq!(
            rfc3339(DocDate::ymd(2022, 5, 12).unwrap()),
            "2022-05-12T00:00:00+07:00"
        );
        assert_eq!(
            rfc3339(DocDate::ym(2023, 5).unwrap()),
            "2023-05-01T00:00:00+07:00"
        );
        assert_eq!(
            rfc3339(DocDate::y(2019).unwrap()),
            "2019-01-01T00:00:00+07:00"
        );
    }

    #[test]
    fn urlsets_escape_locations() {
        let x = urlset(&[("https://x.vn/a?b=1&c=2".into(), DocDate::y(2020).ok())]);
        assert!(x.contains("<loc>https://x.vn/a?b=1&amp;c=2</loc><lastmod>2020-01-01</lastmod>"));
    }
}
