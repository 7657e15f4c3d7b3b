//! Saved web pages to plain text lines plus what the page says about itself (headline, site
//! name, publication date, author).
//!
//! A small tolerant tokenizer, not a full HTML parser: pages scraped from provincial Party
//! portals are tag soup, and all the importer needs is the article's text in reading order
//! with the page chrome (menus, share buttons, counters, related-article lists) left out.

use std::borrow::Cow;

use super::text::Line;

/// What the page's markup says about the article, each with the line it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    /// `og:title`, else the first `<h1>` outside page chrome, else `<title>` without its
    /// site suffix.
    pub headline: Option<(String, usize)>,
    /// `og:site_name`, else the suffix of `<title>` ("… - Tỉnh ủy Sơn La").
    pub site_name: Option<(String, usize)>,
    /// `article:published_time`, `datePublished` or the first `<time datetime>`.
    pub published: Option<(String, usize)>,
    /// `<meta name="author">` or `rel="author"`.
    pub author: Option<(String, usize)>,
}

/// A page's text and metadata.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Paragraphs in reading order, each with the line of the page where it starts; empty
    /// lines separate blocks.
    pub lines: Vec<Line>,
    /// Metadata from the markup.
    pub meta: PageMeta,
    /// How many chrome elements were left out.
    pub dropped_elements: usize,
}

/// Elements whose whole content is page furniture.
const SKIP_ELEMENTS: [&str; 15] = [
    "script", "style", "noscript", "template", "nav", "footer", "aside", "form", "button",
    "select", "iframe", "svg", "menu", "dialog", "object",
];
const VOID_ELEMENTS: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
const BLOCK_ELEMENTS: [&str; 27] = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "blockquote",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "dl",
    "pre",
    "hr",
    "header",
    "center",
    "address",
];
/// Words in `class`/`id` that mark chrome (compared on ASCII-lowercased, `_` as `-`).
const CHROME_NAMES: [&str; 30] = [
    "menu",
    "navbar",
    "nav-",
    "breadcrumb",
    "share",
    "social",
    "sharing",
    "comment",
    "related",
    "lien-quan",
    "lienquan",
    "tin-khac",
    "tinkhac",
    "other-news",
    "othernews",
    "sidebar",
    "footer",
    "login",
    "dang-nhap",
    "counter",
    "thong-ke",
    "thongke",
    "visitor",
    "banner",
    "advert",
    "quang-cao",
    "quangcao",
    "toolbar",
    "print",
    "rating",
];
/// Words in `class`/`id`/`itemprop` that mark the article body.
const CONTENT_NAMES: [&str; 18] = [
    "articlebody",
    "article-body",
    "article-content",
    "entry-content",
    "post-content",
    "news-content",
    "content-detail",
    "detail-content",
    "noi-dung",
    "noidung",
    "chi-tiet",
    "chitiet",
    "fck-detail",
    "journal-content",
    "news-detail",
    "post-detail",
    "article-detail",
    "chi-tiet-tin",
];

struct Open {
    name: String,
    skip: bool,
    content: bool,
    list_counter: Option<u32>,
    list: Option<ListStats>,
}

/// What a list holds, to tell a menu or a list of links (page chrome) from a list of text.
#[derive(Debug, Default, Clone, Copy)]
struct ListStats {
    /// Index of the first line the list wrote.
    start: usize,
    items: usize,
    chars: usize,
    link_chars: usize,
}

impl ListStats {
    /// Three or more short items that are (almost) all link text.
    fn is_link_list(&self) -> bool {
        self.items >= 3 && self.link_chars * 10 >= self.chars * 8 && self.chars <= self.items * 80
    }
}

struct Builder {
    lines: Vec<(String, usize, bool)>,
    current: String,
    current_line: usize,
    current_content: bool,
    pre: usize,
}

impl Builder {
    fn text(&mut self, s: &str, line: usize, content: bool) {
        if self.current.trim().is_empty() {
            self.current_line = line;
            self.current_content = content;
        }
        if self.pre > 0 {
            self.current.push_str(s);
            return;
        }
        for (i, part) in s.split(char::is_whitespace).enumerate() {
            if i > 0 && !self.current.ends_with(' ') && !self.current.is_empty() {
                self.current.push(' ');
            }
            self.current.push_str(part);
        }
    }

    fn space(&mut self) {
        if !self.current.is_empty() && !self.current.ends_with(' ') {
            self.current.push(' ');
        }
    }

    fn flush(&mut self) {
        let text = std::mem::take(&mut self.current);
        for (i, part) in text.split('\n').enumerate() {
            let t = part.trim();
            if !t.is_empty() {
                self.lines
                    .push((t.to_owned(), self.current_line + i, self.current_content));
            }
        }
    }
}

/// Extracts the article text and metadata from a page.
pub fn extract(html: &str) -> Page {
    let mut page = Page::default();
    let mut stack: Vec<Open> = Vec::new();
    let mut b = Builder {
        lines: Vec::new(),
        current: String::new(),
        current_line: 1,
        current_content: false,
        pre: 0,
    };
    let mut title: Option<(String, usize)> = None;
    let mut h1: Option<(String, usize)> = None;
    let mut h1_text: Option<(String, usize)> = None;
    let mut in_h1 = false;
    let mut og_title = None;
    let mut time_attr = None;
    let bytes = html.as_bytes();
    let mut pos = 0;
    let newlines: Vec<usize> = html.match_indices('\n').map(|(i, _)| i).collect();
    let line_at = |pos: usize| newlines.partition_point(|&n| n < pos) + 1;
    while pos < html.len() {
        let Some(rel) = html[pos..].find('<') else {
            let line = line_at(pos);
            emit_text(
                &mut b,
                &mut stack,
                &html[pos..],
                line,
                &mut in_h1,
                &mut h1_text,
            );
            break;
        };
        if rel > 0 {
            let line = line_at(pos);
            emit_text(
                &mut b,
                &mut stack,
                &html[pos..pos + rel],
                line,
                &mut in_h1,
                &mut h1_text,
            );
        }
        pos += rel;
        let rest = &html[pos..];
        if rest.starts_with("<!--") {
            pos += rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        let next = bytes.get(pos + 1).copied().unwrap_or(b' ');
        if next == b'!' || next == b'?' {
            pos += rest.find('>').map_or(rest.len(), |e| e + 1);
            continue;
        }
        if !(next.is_ascii_alphabetic() || next == b'/') {
            let line = line_at(pos);
            emit_text(&mut b, &mut stack, "<", line, &mut in_h1, &mut h1_text);
            pos += 1;
            continue;
        }
        let (tag, len) = parse_tag(rest);
        let line = line_at(pos);
        pos += len;
        let name = tag.name.as_str();
        if tag.closing {
            if let Some(i) = stack.iter().rposition(|o| o.name == name) {
                let closed: Vec<Open> = stack.drain(i..).collect();
                for o in closed.iter().rev() {
                    if o.name == "pre" {
                        b.pre = b.pre.saturating_sub(1);
                    }
                    if o.name == "h1" && in_h1 {
                        in_h1 = false;
                        if h1.is_none() {
                            h1 = h1_text.take().filter(|(t, _)| !t.trim().is_empty());
                        }
                    }
                    if o.name == "figcaption" && !o.skip {
                        close_caption(&mut b);
                    }
                    if BLOCK_ELEMENTS.contains(&o.name.as_str()) {
                        b.flush();
                    }
                    if let Some(l) = o.list.filter(|l| !o.skip && l.is_link_list()) {
                        b.lines.truncate(l.start);
                        page.dropped_elements += 1;
                    }
                }
            }
            continue;
        }
        let parent_skip = stack.last().is_some_and(|o| o.skip);
        let parent_content = stack.last().is_some_and(|o| o.content);
        match name {
            "title" => {
                let end = find_ci(&html[pos..], "</title").unwrap_or(html.len() - pos);
                let text = decode_entities(&html[pos..pos + end]);
                let text = collapse(&text);
                if title.is_none() && !text.is_empty() {
                    title = Some((text, line));
                }
                pos += end;
                continue;
            }
            "meta" => {
                meta_tag(&tag, line, &mut page.meta, &mut og_title);
                continue;
            }
            "script" | "style" | "textarea" => {
                let close = format!("</{name}");
                let end = find_ci(&html[pos..], &close).unwrap_or(html.len() - pos);
                if name == "script" && tag.attr("type") == Some("application/ld+json") {
                    json_ld(&html[pos..pos + end], line, &mut page.meta);
                }
                pos += end;
                page.dropped_elements += 1;
                continue;
            }
            "time" if time_attr.is_none() && !parent_skip => {
                time_attr = tag.attr("datetime").map(|d| (d.to_owned(), line));
            }
            "a" if tag.attr("rel") == Some("author") && page.meta.author.is_none() => {
                let end = find_ci(&html[pos..], "</a>").unwrap_or(0);
                let text = collapse(&decode_entities(&strip_tags(&html[pos..pos + end])));
                if !text.is_empty() {
                    page.meta.author = Some((text, line));
                }
            }
            _ => {}
        }
        if name == "br" && !parent_skip {
            b.flush();
            continue;
        }
        if VOID_ELEMENTS.contains(&name) || tag.self_closing {
            if name == "hr" || name == "img" {
                b.flush();
            }
            continue;
        }
        let names = tag.names();
        let chrome_named = CHROME_NAMES.iter().any(|c| names.contains(c));
        let skip = parent_skip
            || SKIP_ELEMENTS.contains(&name)
            || (name == "header" && !stack.iter().any(|o| o.name == "article" || o.content))
            || (chrome_named && !parent_content);
        if skip && !parent_skip {
            page.dropped_elements += 1;
            b.flush();
        }
        let content = parent_content
            || name == "article"
            || tag
                .attr("itemprop")
                .is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
            || CONTENT_NAMES.iter().any(|c| names.contains(c));
        if BLOCK_ELEMENTS.contains(&name) {
            b.flush();
        }
        if name == "pre" {
            b.pre += 1;
        }
        if name == "h1" && !skip && h1.is_none() {
            in_h1 = true;
            h1_text = None;
        }
        let list_counter = match name {
            "ol" => Some(0),
            _ => None,
        };
        if name == "li" && !skip {
            if let Some(l) = stack.iter_mut().rev().find_map(|o| o.list.as_mut()) {
                l.items += 1;
            }
            let ordered = stack
                .iter_mut()
                .rev()
                .find(|o| o.name == "ol" || o.name == "ul");
            let marker = match ordered {
                Some(Open {
                    list_counter: Some(n),
                    ..
                }) => {
                    *n += 1;
                    format!("{n}. ")
                }
                _ => "- ".to_owned(),
            };
            b.text(&marker, line, content);
        }
        if name == "figcaption" && !skip {
            b.text("\u{1}", line, content);
        }
        if (name == "td" || name == "th") && !skip {
            b.space();
        }
        let list = matches!(name, "ul" | "ol").then(|| ListStats {
            start: b.lines.len(),
            ..ListStats::default()
        });
        stack.push(Open {
            name: name.to_owned(),
            skip,
            content,
            list_counter,
            list,
        });
    }
    b.flush();

    let content_chars: usize = b
        .lines
        .iter()
        .filter(|(_, _, c)| *c)
        .map(|(t, _, _)| t.chars().count())
        .sum();
    let only_content = content_chars >= 200;
    let mut last_line = 0;
    for (text, line, content) in b.lines {
        if only_content && !content {
            // Outside the article body, only a publication line is worth keeping.
            if page.meta.published.is_none() && super::text::published_line(&text).is_some() {
                page.meta.published = Some((text, line));
            }
            continue;
        }
        let text = text.replace('\u{1}', "");
        if text.trim().is_empty() {
            continue;
        }
        // Each paragraph is its own block.
        if last_line > 0 {
            page.lines.push(Line::new("", line));
        }
        page.lines.push(Line::new(text.trim(), line));
        last_line = line;
    }

    let (title_head, title_site) = match &title {
        Some((t, l)) => split_title(t)
            .map(|(h, s)| (Some((h, *l)), Some((s, *l))))
            .unwrap_or((Some((t.clone(), *l)), None)),
        None => (None, None),
    };
    page.meta.headline = og_title.or(h1).or(title_head);
    if page.meta.site_name.is_none() {
        page.meta.site_name = title_site;
    }
    if page.meta.published.is_none() {
        page.meta.published = time_attr;
    }
    page
}

fn emit_text(
    b: &mut Builder,
    stack: &mut [Open],
    raw: &str,
    line: usize,
    in_h1: &mut bool,
    h1_text: &mut Option<(String, usize)>,
) {
    let Some(top) = stack.last() else {
        if !raw.trim().is_empty() {
            b.text(&decode_entities(raw), line, false);
        }
        return;
    };
    if top.skip {
        return;
    }
    let text = decode_entities(raw);
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    if let Some(i) = stack.iter().rposition(|o| o.list.is_some()) {
        let in_link = stack[i..].iter().any(|o| o.name == "a");
        if let Some(l) = stack[i].list.as_mut() {
            l.chars += chars;
            if in_link {
                l.link_chars += chars;
            }
        }
    }
    let top_content = stack.last().is_some_and(|o| o.content);
    let text = if stack.iter().any(|o| o.name == "sup") {
        superscript(&text)
    } else {
        text
    };
    if *in_h1 {
        let t = h1_text.get_or_insert_with(|| (String::new(), line));
        t.0.push_str(&collapse(&text));
        t.0.push(' ');
        t.0 = collapse(&t.0);
    }
    b.text(&text, line, top_content);
}

/// Wraps the caption just written in `*…*` so it reads as one, unless it already has
/// emphasis of its own.
fn close_caption(b: &mut Builder) {
    if let Some(start) = b.current.rfind('\u{1}') {
        let caption = b.current[start + 1..].trim().to_owned();
        b.current.truncate(start);
        if !caption.is_empty() {
            if caption.contains('*') {
                b.current.push_str(&caption);
            } else {
                b.current.push('*');
                b.current.push_str(&caption);
                b.current.push('*');
            }
        }
    }
    b.flush();
}

/// `<sup>1</sup>` and `<sup>[1]</sup>` are footnote marks: written as superscript digits so
/// the text pipeline treats them like those of a word-processor export.
fn superscript(text: &str) -> Cow<'_, str> {
    let t = text.trim().trim_start_matches('[').trim_end_matches(']');
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit()) || t.len() > 3 {
        return Cow::Borrowed(text);
    }
    const SUP: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    Cow::Owned(
        t.chars()
            .map(|c| SUP[c.to_digit(10).unwrap_or(0) as usize])
            .collect(),
    )
}

fn meta_tag(tag: &Tag, line: usize, meta: &mut PageMeta, og_title: &mut Option<(String, usize)>) {
    let key = tag
        .attr("property")
        .or_else(|| tag.attr("name"))
        .or_else(|| tag.attr("itemprop"))
        .unwrap_or("")
        .to_ascii_lowercase();
    let Some(content) = tag.attr("content").map(|c| collapse(&decode_entities(c))) else {
        return;
    };
    if content.is_empty() {
        return;
    }
    let slot = match key.as_str() {
        "og:title" | "twitter:title" => og_title,
        "og:site_name" | "application-name" => &mut meta.site_name,
        "article:published_time"
        | "datepublished"
        | "pubdate"
        | "publishdate"
        | "dc.date.issued"
        | "date" => &mut meta.published,
        "author" | "article:author" | "dc.creator" => &mut meta.author,
        _ => return,
    };
    if slot.is_none() {
        *slot = Some((content, line));
    }
}

/// The few JSON-LD fields worth reading (`headline`, `datePublished`, `author.name`), found
/// by scanning rather than parsing: the blocks are often invalid JSON.
fn json_ld(json: &str, line: usize, meta: &mut PageMeta) {
    let field = |key: &str| -> Option<String> {
        let at = json.find(&format!("\"{key}\""))?;
        let rest = &json[at + key.len() + 2..];
        let rest = rest.trim_start().strip_prefix(':')?.trim_start();
        let rest = rest.strip_prefix('"')?;
        let end = rest.find('"')?;
        let v = collapse(&decode_entities(&rest[..end]));
        (!v.is_empty()).then_some(v)
    };
    if meta.published.is_none() {
        meta.published = field("datePublished").map(|v| (v, line));
    }
    if meta.author.is_none() {
        if let Some(at) = json.find("\"author\"") {
            let sub = &json[at..];
            let name = sub.find("\"name\"").and_then(|n| {
                let rest = sub[n + 6..].trim_start().strip_prefix(':')?.trim_start();
                let rest = rest.strip_prefix('"')?;
                rest.find('"').map(|e| collapse(&rest[..e]))
            });
            meta.author = name.filter(|n| !n.is_empty()).map(|n| (n, line));
        }
    }
}

/// "Headline - Site name" (also `|`, `–`): the last separator splits off the site.
fn split_title(title: &str) -> Option<(String, String)> {
    for sep in [" | ", " - ", " – ", " — ", " :: "] {
        if let Some(i) = title.rfind(sep) {
            let (head, site) = (title[..i].trim(), title[i + sep.len()..].trim());
            if !head.is_empty() && !site.is_empty() && site.chars().count() <= 80 {
                return Some((head.to_owned(), site.to_owned()));
            }
        }
    }
    None
}

struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// `class` and `id` words, lower-cased, `_` as `-`, joined by spaces (and padded, so a
    /// whole-word test is a substring test).
    fn names(&self) -> String {
        let mut s = String::from(" ");
        for key in ["class", "id"] {
            if let Some(v) = self.attr(key) {
                s.push_str(&v.to_ascii_lowercase().replace('_', "-"));
                s.push(' ');
            }
        }
        s
    }
}

/// Parses the tag at the start of `s` (which starts with `<`); returns it and its length.
fn parse_tag(s: &str) -> (Tag, usize) {
    let bytes = s.as_bytes();
    let mut i = 1;
    let closing = bytes.get(1) == Some(&b'/');
    if closing {
        i += 1;
    }
    let start = i;
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' && bytes[i] != b'/'
    {
        i += 1;
    }
    let name = s[start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i) {
            None => break,
            Some(b'>') => {
                i += 1;
                break;
            }
            Some(b'/') => {
                self_closing = true;
                i += 1;
                continue;
            }
            _ => {}
        }
        let key_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        if i == key_start {
            // A stray character such as a quote: skip it.
            i += s[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let key = s[key_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = s[i + 1..].find(q as char).map_or(s.len(), |e| i + 1 + e);
                    value = s[i + 1..end].to_owned();
                    i = (end + 1).min(s.len());
                }
                _ => {
                    let vs = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = s[vs..i].to_owned();
                }
            }
        }
        attrs.push((key, decode_entities(&value).into_owned()));
    }
    let self_closing = self_closing && !closing;
    (
        Tag {
            name,
            closing,
            self_closing,
            attrs,
        },
        i.min(s.len()),
    )
}

fn decode_entities(s: &str) -> Cow<'_, str> {
    html_escape::decode_html_entities(s)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Byte offset of `needle` (ASCII) in `hay`, ignoring ASCII case.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    hay.as_bytes()
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &Page) -> Vec<&str> {
        p.lines
            .iter()
            .map(|l| l.text.as_str())
            .filter(|t| !t.is_empty())
            .collect()
    }

    #[test]
    fn keeps_the_article_and_drops_chrome() {
        let page = extract(
            r#"<html><head><title>Kết quả thực hiện Chỉ thị 05 - Tỉnh ủy Sơn La</title>
            <meta property="article:published_time" content="2023-05-12T08:00:00+07:00">
            <script>var x = "<p>no</p>";</script></head>
            <body><nav><ul><li>Trang chủ</li><li>Tin tức</li></ul></nav>
            <div class="share-buttons">Chia sẻ Facebook</div>
            <article><h1>Kết quả thực hiện Chỉ thị 05</h1>
            <p>Thời gian qua, các cấp ủy&nbsp;đảng đã <b>triển khai</b> tốt.</p>
            <figure><img src="a.jpg"><figcaption>Mô hình nuôi cá - Ảnh: HM</figcaption></figure>
            <p>Đoạn hai<sup>1</sup>.</p></article>
            <div id="tin-lien-quan"><a href="x">Tin khác</a></div>
            <footer>Thống kê truy cập: 1916248</footer></body></html>"#,
        );
        assert_eq!(
            texts(&page),
            vec![
                "Kết quả thực hiện Chỉ thị 05",
                "Thời gian qua, các cấp ủy đảng đã triển khai tốt.",
                "*Mô hình nuôi cá - Ảnh: HM*",
                "Đoạn hai¹.",
            ]
        );
        assert_eq!(
            page.meta.headline.as_ref().map(|h| h.0.as_str()),
            Some("Kết quả thực hiện Chỉ thị 05")
        );
        assert_eq!(
            page.meta.site_name.as_ref().map(|h| h.0.as_str()),
            Some("Tỉnh ủy Sơn La")
        );
        assert_eq!(
            page.meta.published.as_ref().map(|h| h.0.as_str()),
            Some("2023-05-12T08:00:00+07:00")
        );
        assert!(page.dropped_elements >= 4);
    }

    #[test]
    fn lists_of_links_are_menus_but_lists_of_text_stay() {
        let p = extract(
            "<ul><li><a href=/>Trang chủ</a></li><li><a href=/a>Giới thiệu</a></li>\
             <li><a href=/b>Tin tức</a></li><li><a href=/c>Văn bản</a></li></ul>\
             <p>Đoạn văn.</p><ul><li>Một việc cần làm ngay.</li><li>Hai việc.</li>\
             <li>Ba việc, có <a href=/x>liên kết</a>.</li></ul>",
        );
        assert_eq!(
            texts(&p),
            vec![
                "Đoạn văn.",
                "- Một việc cần làm ngay.",
                "- Hai việc.",
                "- Ba việc, có liên kết."
            ]
        );
        assert_eq!(p.dropped_elements, 1);
    }

    #[test]
    fn tolerates_tag_soup() {
        for soup in [
            "<p>a<b>b</p>c",
            "<div class=\"x>y</div>",
            "<",
            "<a href='x",
            "</p></div>text",
            "<p>1 < 2 & 3 > 2</p>",
            "<!-- unterminated",
            "<title>only",
            "<script>alert(1)",
            "<ol><li>một<li>hai</ol>",
        ] {
            let _ = extract(soup);
        }
        let p = extract("<p>1 < 2 &amp; 3</p><ol><li>một</li><li>hai</li></ol>");
        assert_eq!(texts(&p), vec!["1 < 2 & 3", "1. một", "2. hai"]);
    }

    #[test]
    fn line_numbers_point_into_the_page() {
        let p = extract("<html>\n<body>\n<p>một</p>\n\n<p>hai</p>");
        let lines: Vec<(usize, &str)> = p
            .lines
            .iter()
            .filter(|l| !l.text.is_empty())
            .map(|l| (l.no, l.text.as_str()))
            .collect();
        assert_eq!(lines, vec![(3, "một"), (5, "hai")]);
    }
}
