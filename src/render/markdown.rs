//! Markdown → HTML: pulldown-cmark with tables and footnotes, heading anchors, citation
//! links, and sanitising of anything raw HTML could smuggle in.
//!
//! Citation extraction (at load time) and citation linking (here) must see the same text, so
//! both walk the body through [`text_runs`]/[`render`], which share one definition of a
//! "text run": a maximal sequence of plain text events outside code, links and images.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::render::context::TocEntry;
use crate::vi::slugify;

/// Markdown extensions bantin enables: GFM tables, footnotes, strikethrough.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// A link to insert over part of a text run (a citation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineLink {
    /// Index of the run, as numbered by [`text_runs`].
    pub run: usize,
    /// Byte range of the linked text within the run.
    pub range: Range<usize>,
    /// Target URL.
    pub href: String,
    /// Tooltip (the directive's full name).
    pub title: String,
}

/// The rendered body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// HTML, sanitised unless the site opted out.
    pub html: String,
    /// The headings, for a table of contents.
    pub toc: Vec<TocEntry>,
}

/// The plain-text runs of a body, in order, each with the 1-based line of the body where it
/// starts (relative to the body's first line).
pub fn text_runs(body: &str) -> Vec<(String, usize)> {
    let mut runs = Vec::new();
    let mut walker = RunWalker::default();
    let mut pending: Option<(String, usize)> = None;
    let mut lines = LineCounter::default();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match &event {
            Event::Text(t) if walker.eligible() => {
                let p = pending
                    .get_or_insert_with(|| (String::new(), lines.line_of(body, range.start)));
                p.0.push_str(t);
            }
            _ => {
                if let Some(p) = pending.take() {
                    runs.push(p);
                }
                walker.track(&event);
            }
        }
    }
    if let Some(p) = pending.take() {
        runs.push(p);
    }
    runs
}

/// 1-based line of a byte offset, counted on from the previous query: offsets come in
/// (almost always) increasing order, and counting from the start each time made a body of
/// many runs quadratic (a 50 MB document took minutes).
#[derive(Default)]
struct LineCounter {
    offset: usize,
    newlines: usize,
}

impl LineCounter {
    fn line_of(&mut self, text: &str, offset: usize) -> usize {
        let offset = offset.min(text.len());
        if offset < self.offset {
            *self = LineCounter::default();
        }
        self.newlines += newlines(&text.as_bytes()[self.offset..offset]);
        self.offset = offset;
        self.newlines + 1
    }
}

fn newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// Tracks whether the parser is inside code, a link or an image, where text is not a run.
#[derive(Default)]
struct RunWalker {
    code: usize,
    link: usize,
}

impl RunWalker {
    fn eligible(&self) -> bool {
        self.code == 0 && self.link == 0
    }

    fn track(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.code += 1,
            Event::End(TagEnd::CodeBlock) => self.code = self.code.saturating_sub(1),
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.link += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => self.link = self.link.saturating_sub(1),
            _ => {}
        }
    }
}

/// Renders `body` to HTML, inserting `links` over the runs they name. With `unsafe_html`
/// false, raw HTML is cleaned with an allow-list and script URLs are dropped.
pub fn render(body: &str, links: &[InlineLink], unsafe_html: bool) -> Rendered {
    let mut events: Vec<Event<'_>> = Parser::new_ext(body, options()).collect();
    let toc = assign_heading_ids(&mut events);
    let raw_too_deep = !unsafe_html
        && raw_html_depth(events.iter().filter_map(|e| match e {
            Event::Html(h) | Event::InlineHtml(h) => Some(h.as_ref()),
            _ => None,
        })) > MAX_RAW_HTML_DEPTH;
    let mut has_raw_html = false;
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut walker = RunWalker::default();
    let mut run = 0usize;
    let mut pending = String::new();
    let mut link_iter = links.iter().peekable();
    let flush =
        |pending: &mut String,
         run: &mut usize,
         out: &mut Vec<Event<'_>>,
         link_iter: &mut std::iter::Peekable<std::slice::Iter<'_, InlineLink>>| {
            if pending.is_empty() {
                return;
            }
            let text = std::mem::take(pending);
            let mut mine = Vec::new();
            while let Some(l) = link_iter.peek() {
                if l.run < *run {
                    link_iter.next();
                } else if l.run == *run {
                    mine.push(link_iter.next().expect("peeked"));
                } else {
                    break;
                }
            }
            if mine.is_empty() {
                out.push(Event::Text(CowStr::from(text)));
            } else {
                out.push(Event::Html(CowStr::from(link_run(&text, &mine))));
            }
            *run += 1;
        };
    for mut event in events {
        match &event {
            Event::Text(t) if walker.eligible() => {
                pending.push_str(t);
                continue;
            }
            _ => {}
        }
        flush(&mut pending, &mut run, &mut out, &mut link_iter);
        walker.track(&event);
        match &mut event {
            Event::Html(h) | Event::InlineHtml(h) if raw_too_deep => {
                event = Event::Text(std::mem::replace(h, CowStr::Borrowed("")));
            }
            Event::Html(_) | Event::InlineHtml(_) => has_raw_html = true,
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if !unsafe_html && is_script_url(dest_url) =>
            {
                *dest_url = CowStr::Borrowed("#");
            }
            _ => {}
        }
        out.push(event);
    }
    flush(&mut pending, &mut run, &mut out, &mut link_iter);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, limit_nesting(out).into_iter());
    if has_raw_html && !unsafe_html {
        html = sanitizer().clean(&html).to_string();
    }
    Rendered { html, toc }
}

/// Deepest nesting of raw HTML elements passed to the sanitiser. Its tree builder checks
/// the stack of open elements for every tag, so depth costs quadratic time (10,000 nested
/// `<div>`s took 6 s, 100,000 would take minutes); browsers stop nesting at 512 too. Raw
/// HTML of a document nested deeper is shown as text instead.
pub const MAX_RAW_HTML_DEPTH: usize = 512;

/// How deep the raw HTML fragments of a document nest, counting start and end tags. Void
/// elements and elements whose end tag may be left out (`<p>`, `<li>`, `<td>` …) are not
/// counted, so ordinary scraped HTML never looks deep.
fn raw_html_depth<'a>(fragments: impl Iterator<Item = &'a str>) -> usize {
    const UNCOUNTED: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody",
        "tfoot", "option", "optgroup", "rt", "rp", "colgroup",
    ];
    let (mut depth, mut max) = (0usize, 0usize);
    for f in fragments {
        let b = f.as_bytes();
        let mut i = 0;
        while let Some(off) = f[i..].find('<') {
            let mut start = i + off + 1;
            let closing = b.get(start) == Some(&b'/');
            if closing {
                start += 1;
            }
            let end = start
                + b[start.min(b.len())..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .count();
            i = end.min(b.len());
            if end == start || UNCOUNTED.contains(&f[start..end].to_ascii_lowercase().as_str()) {
                continue;
            }
            if closing {
                depth = depth.saturating_sub(1);
            } else if !f[end..]
                .find('>')
                .is_some_and(|gt| f[..end + gt].ends_with('/'))
            {
                depth += 1;
                max = max.max(depth);
            }
        }
    }
    max
}

/// Deepest nesting of elements kept in the HTML. Deeper structure is flattened to its
/// content: the sanitiser's HTML tree builder does work proportional to the depth for every
/// element it opens (10,000 nested list items took 47 s), browsers cap DOM depth anyway, and
/// no real bulletin nests anywhere near this deep.
pub const MAX_NESTING: usize = 64;

/// Drops start and end tags nested deeper than [`MAX_NESTING`], keeping what they contain;
/// a dropped block end becomes a line break so words of separate blocks stay apart.
fn limit_nesting(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    // One entry per open tag: whether its start was kept (so its end must be too).
    let mut kept: Vec<bool> = Vec::new();
    let mut out = Vec::with_capacity(events.len());
    for event in events {
        match event {
            Event::Start(_) => {
                let keep = kept.len() < MAX_NESTING;
                kept.push(keep);
                if keep {
                    out.push(event);
                }
            }
            Event::End(end) => match kept.pop() {
                Some(false) => {
                    if !matches!(
                        end,
                        TagEnd::Emphasis
                            | TagEnd::Strong
                            | TagEnd::Strikethrough
                            | TagEnd::Superscript
                            | TagEnd::Subscript
                            | TagEnd::Link
                            | TagEnd::Image
                    ) {
                        out.push(Event::SoftBreak);
                    }
                }
                _ => out.push(Event::End(end)),
            },
            other => out.push(other),
        }
    }
    out
}

/// HTML for one run with its citation links; ranges that overlap or fall outside the run
/// are skipped rather than trusted.
fn link_run(text: &str, links: &[&InlineLink]) -> String {
    let mut html = String::with_capacity(text.len() + links.len() * 80);
    let mut at = 0;
    for l in links {
        let r = &l.range;
        if r.start < at
            || r.end > text.len()
            || !text.is_char_boundary(r.start)
            || !text.is_char_boundary(r.end)
        {
            continue;
        }
        html.push_str(&html_escape::encode_text(&text[at..r.start]));
        html.push_str("<a class=\"trich-dan\" href=\"");
        html.push_str(&html_escape::encode_double_quoted_attribute(&l.href));
        html.push_str("\" title=\"");
        html.push_str(&html_escape::encode_double_quoted_attribute(&l.title));
        html.push_str("\">");
        html.push_str(&html_escape::encode_text(&text[r.start..r.end]));
        html.push_str("</a>");
        at = r.end;
    }
    html.push_str(&html_escape::encode_text(&text[at..]));
    html
}

/// Gives every heading a unique, readable id (`#1-ve-viec-thuc-hien`) and returns the list.
fn assign_heading_ids(events: &mut [Event<'_>]) -> Vec<TocEntry> {
    let mut toc = Vec::new();
    let mut used = HashSet::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = *level;
            let given = id.clone();
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let base = given
                .map(|g| g.to_string())
                .unwrap_or_else(|| slugify(&text));
            let base = if base.is_empty() {
                "muc".to_string()
            } else {
                base
            };
            let mut anchor = base.clone();
            let mut n = 1;
            while !used.insert(anchor.clone()) {
                anchor = format!("{base}-{n}");
                n += 1;
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(anchor.clone()));
            }
            toc.push(TocEntry {
                level: heading_number(level),
                title: text.trim().to_string(),
                id: anchor,
            });
            i = j;
        }
        i += 1;
    }
    toc
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// True for URLs that would run code when followed (`javascript:`, `vbscript:`, `data:`),
/// however they are disguised with case, spaces or control characters.
pub fn is_script_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    cleaned.starts_with("javascript:")
        || cleaned.starts_with("vbscript:")
        || cleaned.starts_with("data:")
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id", "class"])
            .add_tag_attributes("a", ["title"])
            .add_tag_attributes("td", ["align", "style"])
            .add_tag_attributes("th", ["align", "style"])
            .add_tags(["sup", "section", "figure", "figcaption"])
            // Table alignment is the only style Markdown makes; any other property in raw
            // HTML could overlay the page (position: fixed) or load remote content.
            .filter_style_properties(["text-align"].into_iter().collect())
            .link_rel(None);
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_tables_footnotes_and_heading_ids() {
        let r = render(
            "## Về việc\n\n## Về việc\n\n|a|b|\n|-|-|\n|1|2|\n\nx[^1]\n\n[^1]: note\n",
            &[],
            false,
        );
        assert!(r.html.contains("<h2 id=\"ve-viec\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"ve-viec-1\">"));
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote-definition"));
        assert_eq!(r.toc.len(), 2);
    }

    #[test]
    fn text_runs_skip_code_and_links() {
        let runs = text_runs("Chỉ thị *05*-CT/TW\n\n`01-KL/TW` [x](http://a) and y\n");
        let texts: Vec<_> = runs.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(texts, vec!["Chỉ thị ", "05", "-CT/TW", " ", " and y"]);
        assert_eq!(runs[4].1, 3);
    }

    #[test]
    fn links_are_inserted_over_their_run() {
        let body = "Theo Chỉ thị 05-CT/TW và `x`\n";
        let runs = text_runs(body);
        let start = runs[0].0.find("Chỉ").unwrap();
        let end = runs[0].0.find(" và").unwrap();
        let link = InlineLink {
            run: 0,
            range: start..end,
            href: "/chi-dao/05-ct-tw-2016/".into(),
            title: "Chỉ thị \"05\"".into(),
        };
        let r = render(body, &[link], false);
        assert!(
            r.html.contains("Theo <a class=\"trich-dan\" href=\"/chi-dao/05-ct-tw-2016/\" title=\"Chỉ thị &quot;05&quot;\">Chỉ thị 05-CT/TW</a> và <code>x</code>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn raw_html_and_script_urls_are_neutralised() {
        let r = render("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[a](javascript:alert(1)) [b]( JaVaScRiPt:x)\n", &[], false);
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onerror"), "{}", r.html);
        assert!(!r.html.to_lowercase().contains("javascript:"), "{}", r.html);
        let r = render("<b onclick=\"x\">t</b>\n", &[], true);
        assert!(r.html.contains("onclick"));
    }

    #[test]
    fn line_counting_is_linear_and_exact() {
        let mut c = LineCounter::default();
        let text = "a\nb\n\nc";
        assert_eq!(c.line_of(text, 0), 1);
        assert_eq!(c.line_of(text, 2), 2);
        assert_eq!(c.line_of(text, 5), 4);
        assert_eq!(c.line_of(text, 3), 2, "going back recounts");
        assert_eq!(c.line_of(text, 99), 4);
        let body = "Chỉ thị 05-CT/TW.\n\n".repeat(200_000);
        let started = std::time::Instant::now();
        let runs = text_runs(&body);
        assert_eq!(runs.len(), 200_000);
        assert_eq!(runs[199_999].1, 399_999);
        assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    }

    #[test]
    fn deep_nesting_is_flattened_below_the_limit() {
        let deep = format!(
            "{}x <b>y</b>\n\n{}z\n",
            "* ".repeat(5000),
            "> ".repeat(5000)
        );
        let started = std::time::Instant::now();
        let r = render(&deep, &[], false);
        assert!(
            started.elapsed().as_secs() < 20,
            "took {:?}",
            started.elapsed()
        );
        assert_eq!(
            r.html.matches("<ul>").count(),
            MAX_NESTING / 2,
            "{}",
            &r.html[..500]
        );
        assert!(r.html.contains("x <b>y</b>"));
        assert!(r.html.contains('z'));
        // Structure within the limit is untouched.
        let r = render("* a\n  * b\n", &[], false);
        assert_eq!(r.html.matches("<ul>").count(), 2);
    }

    #[test]
    fn raw_html_depth_counts_what_nests() {
        assert_eq!(
            raw_html_depth(["<div><b>x</b><br><img src=a></div>"].into_iter()),
            2
        );
        assert_eq!(raw_html_depth(["<p>a<p>b<li>c<td>d"].into_iter()), 0);
        assert_eq!(
            raw_html_depth(["<div>", "<span/>", "</div><div>"].into_iter()),
            1
        );
        assert_eq!(raw_html_depth(["a < b, <3 </>"].into_iter()), 0);
    }

    #[test]
    fn absurdly_deep_raw_html_is_shown_as_text_quickly() {
        let started = std::time::Instant::now();
        let r = render(&format!("{}x\n", "<div>".repeat(20_000)), &[], false);
        assert!(
            started.elapsed().as_secs() < 10,
            "took {:?}",
            started.elapsed()
        );
        assert!(
            r.html.starts_with("&lt;div&gt;&lt;div&gt;"),
            "{}",
            &r.html[..80]
        );
        let r = render(&format!("{}x\n", "<div>".repeat(100)), &[], false);
        assert!(r.html.starts_with("<div><div>"), "{}", &r.html[..80]);
        let r = render(&format!("{}x\n", "<div>".repeat(20_000)), &[], true);
        assert!(
            r.html.starts_with("<div><div>"),
            "opting out keeps raw HTML"
        );
    }

    #[test]
    fn raw_html_styles_keep_only_alignment() {
        let r = render(
            "<table><tr><td style=\"position: fixed; text-align: center\">x</td></tr></table>\n",
            &[],
            false,
        );
        assert!(!r.html.contains("position"), "{}", r.html);
        assert!(r.html.contains("text-align"), "{}", r.html);
    }

    #[test]
    fn script_urls_are_recognised_in_disguise() {
        assert!(is_script_url("javascript:alert(1)"));
        assert!(is_script_url(" JAVA\tSCRIPT:alert(1)"));
        assert!(is_script_url("data:text/html,<script>"));
        assert!(!is_script_url("/van-ban/x/"));
        assert!(!is_script_url("https://example.vn/"));
    }
}
