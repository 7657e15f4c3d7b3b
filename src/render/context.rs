//! What templates receive: the contract between bantin and every theme.
//!
//! Each struct here is serialized into the Tera context under the name given in its doc
//! comment; the README lists them for theme authors. List pages receive [`DocSummary`]s,
//! never bodies, so a page listing 20 documents stays small however long the documents are.

use serde::Serialize;

/// `site`: settings every template receives.
#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    /// Site title.
    pub title: String,
    /// Site description.
    pub description: String,
    /// Absolute base URL, always ending in `/` (e.g. `https://example.gov.vn/bantin/`).
    pub base_url: String,
    /// Root-relative prefix of every internal link, ending in `/` (`/` or `/bantin/`).
    pub root: String,
    /// URL of the home page.
    pub home_url: String,
    /// Hub URLs, for navigation.
    pub nav: Vec<Link>,
    /// URL of the site-wide Atom feed.
    pub feed_url: String,
    /// True when drafts are built (`--drafts`, `serve`).
    pub drafts: bool,
    /// Version of bantin, for the generator meta tag.
    pub generator: String,
}

/// A labelled link.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Link {
    /// Visible text.
    pub name: String,
    /// Root-relative URL.
    pub url: String,
}

/// A document as list pages show it (no body).
#[derive(Debug, Clone, Serialize)]
pub struct DocSummary {
    /// Root-relative URL of the document page.
    pub url: String,
    /// Title.
    pub title: String,
    /// Type name and its index page.
    pub doc_type: Link,
    /// Issuing body (and its index page), if any.
    pub issuer: Option<Link>,
    /// Province (and its index page), if any.
    pub province: Option<Link>,
    /// The document's own symbol, if any.
    pub number: Option<String>,
    /// Short date: `12/5/2022`, `tháng 5/2023`, `năm 2023`.
    pub date: String,
    /// ISO date for `<time datetime>`: `2022-05-12`, `2023-05`, `2023`.
    pub date_iso: String,
    /// Year of issue.
    pub year: u16,
    /// Author of a news article.
    pub author: Option<String>,
    /// One-sentence summary.
    pub summary: Option<String>,
    /// True for drafts.
    pub draft: bool,
    /// This entry as lists show it, rendered once from the theme's `doc_item.html` (empty
    /// when the theme has none).
    pub html: String,
}

/// `doc` on a document page: everything about the document.
#[derive(Debug, Clone, Serialize)]
pub struct DocPage {
    /// The summary fields.
    #[serde(flatten)]
    pub summary: DocSummary,
    /// Long date: `ngày 12 tháng 5 năm 2022`.
    pub date_long: String,
    /// Place-and-date line as on official paper: `Sơn La, ngày 12 tháng 5 năm 2022`.
    pub header_line: String,
    /// The year's index page.
    pub year_url: String,
    /// For a province merged away in 2025: the province it is part of now.
    pub province_successor: Option<Link>,
    /// Directives the document is about (front matter), each linking to its page.
    pub directives: Vec<Link>,
    /// Directives cited in the text ("Văn bản được trích dẫn"), each with its page.
    pub cited: Vec<CitedDirective>,
    /// Signer's name.
    pub signer: Option<String>,
    /// Signer's title.
    pub signer_title: Option<String>,
    /// Authority line above the title ("T/M Ban Thường vụ").
    pub signer_authority: Option<String>,
    /// "Nơi nhận" lines.
    pub recipients: Vec<String>,
    /// Downloads offered beside the page ("Tải văn bản gốc").
    pub attachments: Vec<Link>,
    /// Absolute URL of the page (canonical).
    pub permalink: String,
    /// The rendered, sanitised body HTML (print with `| safe`).
    pub content: String,
    /// Table of contents: the body's headings.
    pub toc: Vec<TocEntry>,
}

/// A heading of the body, for a table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    /// 1–6.
    pub level: u8,
    /// Heading text.
    pub title: String,
    /// Anchor id (`#id`).
    pub id: String,
}

/// A directive a document cites.
#[derive(Debug, Clone, Serialize)]
pub struct CitedDirective {
    /// Canonical symbol, e.g. `05-CT/TW`.
    pub symbol: String,
    /// Full name: "Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị".
    pub title: String,
    /// The directive's page.
    pub url: String,
    /// How many times the document cites it.
    pub count: usize,
}

/// `paginator` on paginated pages.
#[derive(Debug, Clone, Serialize)]
pub struct Paginator {
    /// 1-based current page.
    pub current: usize,
    /// Number of pages (at least 1).
    pub total: usize,
    /// Items on all pages.
    pub total_items: usize,
    /// Previous page URL, if any.
    pub prev_url: Option<String>,
    /// Next page URL, if any.
    pub next_url: Option<String>,
    /// First page URL.
    pub first_url: String,
    /// The pages a page-number bar shows: the first, the last, and those within
    /// [`PAGE_WINDOW`] of the current one, in order. Not every page: a list of 10,000
    /// documents has 500 pages, and listing all of them on each was quadratic.
    pub pages: Vec<PageLink>,
}

/// How far from the current page [`Paginator::pages`] reaches (the default theme shows two
/// pages either side and an ellipsis at the third).
pub const PAGE_WINDOW: usize = 3;

/// One page of a paginated list.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    /// 1-based page number.
    pub number: usize,
    /// Its URL.
    pub url: String,
    /// True for the page being rendered.
    pub current: bool,
}

/// Documents of one year, under a year heading.
#[derive(Debug, Clone, Serialize)]
pub struct YearGroup<'a> {
    /// The year.
    pub year: u16,
    /// Its documents, newest first (borrowed: a list page copies no entry).
    pub documents: Vec<&'a DocSummary>,
}

/// A part of a term page: most pages have one untitled section; a province name used by a
/// unit before and after the 2025 reorganisation has one per period.
#[derive(Debug, Clone, Serialize)]
pub struct Section<'a> {
    /// Heading of the section, if it needs one.
    pub title: Option<String>,
    /// A note under the heading (e.g. "Đã hợp nhất vào tỉnh Bắc Ninh từ 1/7/2025").
    pub note: Option<String>,
    /// Link for the note (e.g. the successor province).
    pub note_link: Option<Link>,
    /// Documents by year, newest first.
    pub groups: Vec<YearGroup<'a>>,
}

/// `taxonomy`: which index a hub or term page belongs to.
#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyInfo {
    /// Machine name: `province`, `year`, `directive`, `type`, `issuer`.
    pub kind: String,
    /// Vietnamese name of the index ("Tỉnh, thành phố").
    pub name: String,
    /// URL of its hub page.
    pub url: String,
}

/// `term` on a term page, and each item of `terms` on a hub page.
#[derive(Debug, Clone, Serialize)]
pub struct TermInfo {
    /// Display name ("Sơn La", "2022", "05-CT/TW").
    pub name: String,
    /// A longer name when there is one (directive full names).
    pub full_name: Option<String>,
    /// Root-relative URL of the term page.
    pub url: String,
    /// Number of documents.
    pub count: usize,
    /// Atom feed of the term.
    pub feed_url: String,
}

/// `directive` on a directive page: who issued it, when, about what, and who cites it.
#[derive(Debug, Clone, Serialize)]
pub struct DirectiveDetails {
    /// Canonical symbol, e.g. `05-CT/TW`.
    pub symbol: String,
    /// Type name ("Chỉ thị").
    pub type_name: Option<String>,
    /// Full name: "Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị".
    pub full_name: String,
    /// Issuing body, when known.
    pub issuer: Option<String>,
    /// Short date of issue, when known.
    pub date: Option<String>,
    /// Subject ("Về đẩy mạnh học tập và làm theo …"), when known.
    pub subject: Option<String>,
    /// True for directives of the "học tập và làm theo" campaign.
    pub campaign: bool,
    /// Inline SVG bar chart of citing documents per year (trusted markup, print with `| safe`).
    pub chart_svg: String,
    /// Citing documents per province, most first.
    pub provinces: Vec<TermInfo>,
    /// The directive's own page on this site, when it is one of the site's documents.
    pub document_url: Option<String>,
}
