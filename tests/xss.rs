//! No script gets in: classic XSS payloads (the OWASP filter-evasion list and friends) go
//! through every front-matter field that reaches a page and through Markdown bodies and
//! links; the built site is then scanned file by file, as a browser would tokenize it, for
//! anything executable.
//!
//! - HTML: `<script>` elements the theme does not have, `on*` attributes, `javascript:`,
//!   `vbscript:` and `data:` URLs in any URL attribute, `srcdoc`, frames, objects, `<base>`,
//!   SVG animation elements, and meta refreshes to script URLs.
//! - XML (feeds, sitemaps): well-formed, every `&` an entity, no element or attribute that
//!   could run, and embedded HTML (escaped or CDATA) scanned as HTML.
//! - JSON: parses, the payloads come back verbatim (escaped, not broken out), no URL field
//!   holds a script URL.

mod hostile_support;

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::Path;

use hostile_support::Site;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// The payloads. Each is used as a front-matter value and inside a Markdown body.
const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/xss.js></SCRIPT>",
    "<ScRiPt>alert(String.fromCharCode(88,83,83))</sCrIpT>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<BODY ONLOAD=alert('XSS')>",
    "\"><script>alert(1)</script>",
    "'><script>alert(1)</script>",
    "' onmouseover='alert(1)",
    "\" onmouseover=\"alert(1)",
    "'onmouseover=alert(1) x='",
    "\" autofocus onfocus=\"alert(1)",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<a href=\"javascript&colon;alert(1)\">x</a>",
    "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
    "<a href=\" javascript:alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math><mtext><table><mglyph><style><!--</style><img title=\"--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;\">",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">x</DIV>",
    "<table><tr><td style=\"position:fixed;top:0;left:0;width:100%;height:100%\">phủ trang</td></tr></table>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"data:text/html,<script>alert(1)</script>\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<button formaction=\"javascript:alert(1)\">x</button>",
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>x</text></a></svg>",
    "<svg><set attributeName=href to=javascript:alert(1)>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<xss onafterscriptexecute=alert(1)><script>1</script>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<video><source onerror=\"alert(1)\"></video>",
    "<marquee onstart=alert(1)>x</marquee>",
    "{{ 7*7 }}{% raw %}${7*7}<%= 7*7 %>",
    "\u{2028}\u{2029}</script>\\u003cscript\\u003e",
    "]]><script>alert(1)</script><![CDATA[",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\"'><",
];

/// Markdown-only payloads: links, images, autolinks, references, titles, headings.
const MARKDOWN: &str = r#"
[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](&#106;avascript:alert(1))
[d]( javascript:alert(1)) [e](<javascript:alert(1)>) [f](java&#x09;script:alert(1))
[g](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [h](vbscript:msgbox(1))
[i](/a "\" onmouseover=\"alert(1)") [j](javascript:alert(1) "t") ![k](javascript:alert(1))
![<img src=x onerror=alert(1)>](/anh.png) <javascript:alert(1)> <JavaScript:alert(1)>
[ref link][r1] [ref image][r2]

[r1]: javascript:alert(1)
[r2]: data:image/svg+xml,<svg/onload=alert(1)>

## <img src=x onerror=alert(1)> tiêu đề

### "><script>alert(1)</script>

| <b onclick=alert(1)>ô</b> | b |
|:-:|--|
| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |

Chú thích[^<script>].

[^<script>]: <script>alert(1)</script>

`<script>alert(1)</script>`

```html
<script>alert(1)</script>
```

* <svg onload=alert(1)>
  > <iframe srcdoc="<script>alert(1)</script>"></iframe>
"#;

/// A YAML double-quoted scalar: JSON string syntax is valid YAML.
fn yaml(s: &str) -> String {
    // JSON leaves U+2028/U+2029 raw, which YAML reads as line breaks.
    serde_json::to_string(s)
        .unwrap()
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// A site whose documents carry `values[i]` in every field, one document per value.
fn site_with(values: &[&str], body_extra: &str) -> Site {
    let site = Site::new();
    site.write(
        "config.toml",
        "base_url = \"https://example.vn/\"\ntitle = \"Trang thử\"\n",
    );
    for (i, v) in values.iter().enumerate() {
        let y = yaml(v);
        // A bulletin, where issuer, number, signer and recipients show.
        site.write(
            &format!("content/vb-{i:02}.md"),
            format!(
                "---\ntitle: {y}\ntype: Kết luận\nissuer: {y}\ndate: 12/5/2022\n\
                 province: Sơn La\nnumber: {y}\nsigner: {y}\nsigner_title: {y}\n\
                 summary: {y}\nrecipients: [{y}, {y}]\n---\n\
                 {v}\n\nĐoạn văn có {v} ở giữa.\n\n[liên kết]({v})\n\n* {v}\n\n> {v}\n{body_extra}"
            ),
        );
        // A news article, where the author shows.
        site.write(
            &format!("content/tin-{i:02}.md"),
            format!(
                "---\ntitle: {y}\ntype: Tin bài\nauthor: {y}\ndate: 13/5/2022\n\
                 province: Sơn La\nsummary: {y}\n---\n{v}\n"
            ),
        );
    }
    site.write(
        "content/trang/gioi-thieu.md",
        format!(
            "---\ntitle: {}\nsummary: {}\n---\n{}\n{MARKDOWN}",
            yaml(values[0]),
            yaml(values[values.len() - 1]),
            values.join("\n\n")
        ),
    );
    site
}

/// Something executable found in an output file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Finding {
    file: String,
    what: String,
}

/// Tokenizes HTML like a browser and records what could run. Text inside `<style>`,
/// `<title>`, `<textarea>` and the like is tokenized as markup too (stricter than a
/// browser, which would treat it as text, and right for foreign content, where a browser
/// does parse markup inside `<style>`).
#[derive(Default)]
struct HtmlScan {
    findings: RefCell<Vec<String>>,
    /// Every `<script>` as (attributes, text), to compare with the theme's own.
    scripts: RefCell<Vec<String>>,
    current_script: RefCell<Option<String>>,
}

/// URL-valued attributes (HTML, SVG, MathML).
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "ping",
    "manifest",
    "codebase",
    "profile",
    "usemap",
    "icon",
    "to",
    "from",
    "values",
    "by",
];

/// Elements that load or run other documents, rewrite URLs or hide markup from a sanitiser,
/// never produced by Markdown nor used by the theme. (The theme's search form is fine: its
/// `action` is checked like every URL.)
const BAD_ELEMENTS: &[&str] = &[
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "portal",
    "animate",
    "set",
    "handler",
    "listener",
    "foreignobject",
    "import",
    "style",
    "textarea",
    "math",
];

/// True for URLs a browser would run or render as a document: `javascript:`, `vbscript:`,
/// `data:`, after removing what browsers ignore (leading/trailing spaces and controls, tabs
/// and newlines anywhere).
fn is_script_url(url: &str) -> bool {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:", "livescript:", "mocha:"]
        .iter()
        .any(|s| cleaned.starts_with(s))
}

impl HtmlScan {
    fn flag(&self, what: String) {
        self.findings.borrow_mut().push(what);
    }

    fn start_tag(&self, name: &str, attrs: &[(String, String)]) {
        let shown = || {
            let a: Vec<String> = attrs.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
            format!("<{name} {}>", a.join(" "))
        };
        if BAD_ELEMENTS.contains(&name) {
            self.flag(format!("element {}", shown()));
        }
        for (k, v) in attrs {
            if k.starts_with("on") {
                self.flag(format!("event attribute {k} in {}", shown()));
            }
            if k == "srcdoc" {
                self.flag(format!("srcdoc in {}", shown()));
            }
            if URL_ATTRS.contains(&k.as_str()) && is_script_url(v) {
                self.flag(format!("script URL in {k} of {}", shown()));
            }
            if k == "srcset" && v.split(',').any(|c| is_script_url(c.trim())) {
                self.flag(format!("script URL in srcset of {}", shown()));
            }
            if k == "style" {
                let s = v.to_ascii_lowercase();
                if [
                    "javascript:",
                    "expression(",
                    "url(",
                    "position",
                    "@import",
                    "behavior",
                ]
                .iter()
                .any(|bad| s.contains(bad))
                {
                    self.flag(format!("dangerous style in {}", shown()));
                }
            }
        }
        if name == "meta" {
            let refresh = attrs
                .iter()
                .any(|(k, v)| k == "http-equiv" && v.eq_ignore_ascii_case("refresh"));
            if let Some((_, content)) = attrs.iter().find(|(k, _)| k == "content") {
                let lower = content.to_ascii_lowercase();
                if refresh {
                    if let Some(i) = lower.find("url=") {
                        if is_script_url(&content[i + 4..]) {
                            self.flag(format!("meta refresh to a script URL: {}", shown()));
                        }
                    }
                }
            }
        }
    }
}

impl TokenSink for HtmlScan {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => {
                let name = (*tag.name).to_ascii_lowercase();
                if tag.kind == TagKind::EndTag {
                    if name == "script" {
                        if let Some(s) = self.current_script.borrow_mut().take() {
                            self.scripts.borrow_mut().push(s);
                        }
                    }
                    return TokenSinkResult::Continue;
                }
                let attrs: Vec<(String, String)> = tag
                    .attrs
                    .iter()
                    .map(|a| {
                        let name = match &a.name.prefix {
                            Some(p) => format!("{}:{}", &**p, &*a.name.local),
                            None => a.name.local.to_string(),
                        };
                        (name.to_ascii_lowercase(), a.value.to_string())
                    })
                    .collect();
                self.start_tag(&name, &attrs);
                if name == "script" {
                    let a: Vec<String> = attrs.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
                    *self.current_script.borrow_mut() = Some(format!("<script {}>", a.join(" ")));
                    if !tag.self_closing {
                        return TokenSinkResult::RawData(RawKind::ScriptData);
                    }
                }
            }
            Token::CharacterTokens(t) => {
                if let Some(s) = self.current_script.borrow_mut().as_mut() {
                    s.push_str(&t);
                }
            }
            Token::CommentToken(c) => {
                let lower = c.to_ascii_lowercase();
                if lower.contains("<script") || lower.contains("onerror") {
                    self.flag(format!("script-like comment: {c:?}"));
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Scans one HTML document; returns findings and the `<script>` signatures seen.
fn scan_html(html: &str) -> (Vec<String>, Vec<String>) {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tok = Tokenizer::new(HtmlScan::default(), TokenizerOpts::default());
    let _ = tok.feed(&input);
    tok.end();
    let sink = tok.sink;
    if let Some(s) = sink.current_script.borrow_mut().take() {
        sink.scripts.borrow_mut().push(s);
    }
    (sink.findings.into_inner(), sink.scripts.into_inner())
}

/// Decodes the five XML entities and numeric references; `None` for a bare or unknown `&`.
fn xml_unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';')?;
        let ent = &after[..end];
        let c = match ent {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                char::from_u32(u32::from_str_radix(&ent[2..], 16).ok()?)?
            }
            _ if ent.starts_with('#') => char::from_u32(ent[1..].parse().ok()?)?,
            _ => return None,
        };
        out.push(c);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// Scans an XML file (feed, sitemap): well-formed tags, proper escaping, nothing that could
/// run, and embedded HTML scanned as HTML. Returns findings.
fn scan_xml(xml: &str) -> Vec<String> {
    let mut findings = Vec::new();
    let mut stack: Vec<(String, bool)> = Vec::new(); // (name, holds HTML)
    let mut rest = xml;
    let mut html_parts: Vec<String> = Vec::new();
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            text_part(rest, &stack, &mut findings, &mut html_parts);
            break;
        };
        text_part(&rest[..lt], &stack, &mut findings, &mut html_parts);
        rest = &rest[lt..];
        if let Some(r) = rest.strip_prefix("<![CDATA[") {
            let Some(end) = r.find("]]>") else {
                findings.push("unterminated CDATA".into());
                break;
            };
            html_parts.push(r[..end].to_string());
            rest = &r[end + 3..];
        } else if let Some(r) = rest.strip_prefix("<!--") {
            let Some(end) = r.find("-->") else {
                findings.push("unterminated comment".into());
                break;
            };
            rest = &r[end + 3..];
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            let Some(end) = rest.find('>') else { break };
            rest = &rest[end + 1..];
        } else {
            let Some(end) = tag_end(rest) else {
                findings.push(format!(
                    "unterminated tag: {:?}",
                    &rest[..rest.len().min(60)]
                ));
                break;
            };
            let tag = &rest[1..end];
            rest = &rest[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                match stack.pop() {
                    Some((open, _)) if open == name.trim() => {}
                    other => findings.push(format!("mismatched </{name}> closing {other:?}")),
                }
                continue;
            }
            let self_closing = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let name: String = tag
                .chars()
                .take_while(|c| !c.is_whitespace())
                .collect::<String>();
            let attrs = xml_attrs(&tag[name.len()..], &mut findings);
            let lname = name.to_ascii_lowercase();
            let local = lname.rsplit(':').next().unwrap_or(&lname).to_string();
            if [
                "script", "iframe", "object", "embed", "svg", "img", "math", "style", "base",
            ]
            .contains(&local.as_str())
            {
                findings.push(format!("element <{name}> in XML"));
            }
            for (k, v) in &attrs {
                if k.to_ascii_lowercase().starts_with("on") {
                    findings.push(format!("event attribute {k} on <{name}>"));
                }
                if (k == "href" || k == "src" || k.ends_with(":href")) && is_script_url(v) {
                    findings.push(format!("script URL {v:?} on <{name}>"));
                }
            }
            // RSS descriptions and Atom text constructs of type html carry escaped HTML.
            let holds_html = local == "description"
                || local == "encoded"
                || attrs.iter().any(|(k, v)| k == "type" && v == "html");
            if !self_closing {
                stack.push((name, holds_html));
            }
        }
    }
    if !stack.is_empty() {
        findings.push(format!("unclosed elements: {stack:?}"));
    }
    for h in html_parts {
        findings.extend(scan_html(&h).0);
    }
    findings
}

/// End of a tag starting at `s[0] == '<'`, skipping `>` inside quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

fn xml_attrs(s: &str, findings: &mut Vec<String>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        let Some(eq) = rest.find('=') else {
            findings.push(format!("attribute without value: {rest:?}"));
            break;
        };
        let name = rest[..eq].trim().to_string();
        let after = rest[eq + 1..].trim_start();
        let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            findings.push(format!("unquoted attribute {name}"));
            break;
        };
        let Some(end) = after[1..].find(q) else {
            findings.push(format!("unterminated attribute {name}"));
            break;
        };
        let raw = &after[1..1 + end];
        if raw.contains('<') {
            findings.push(format!("raw < in attribute {name}"));
        }
        match xml_unescape(raw) {
            Some(v) => out.push((name, v)),
            None => findings.push(format!("bad entity in attribute {name}: {raw:?}")),
        }
        rest = after[1 + end + 1..].trim_start();
    }
    out
}

fn text_part(
    text: &str,
    stack: &[(String, bool)],
    findings: &mut Vec<String>,
    html_parts: &mut Vec<String>,
) {
    if text.contains('>') && text.contains("<") {
        findings.push(format!("raw markup in text: {text:?}"));
    }
    match xml_unescape(text) {
        Some(t) => {
            if stack.last().is_some_and(|(_, html)| *html) {
                html_parts.push(t);
            }
        }
        None => findings.push(format!(
            "bad or bare & in text: {:?}",
            &text[..text.len().min(80)]
        )),
    }
}

/// Every string in a JSON value, with the key it sits under.
fn json_strings<'a>(v: &'a serde_json::Value, key: &str, out: &mut Vec<(String, &'a str)>) {
    match v {
        serde_json::Value::String(s) => out.push((key.to_string(), s)),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, key, out)),
        serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| json_strings(x, k, out)),
        _ => {}
    }
}

/// Scans every file of a built site. Returns the findings, the `<script>` signatures seen,
/// and how many files of each kind were scanned.
fn scan_site(out: &Path) -> (Vec<Finding>, BTreeSet<String>, [usize; 3], Vec<String>) {
    let mut findings = Vec::new();
    let mut scripts = BTreeSet::new();
    let mut counts = [0usize; 3];
    let mut json_values = Vec::new();
    for e in walkdir::WalkDir::new(out).sort_by_file_name() {
        let e = e.unwrap();
        if !e.file_type().is_file() {
            continue;
        }
        let rel = e.path().strip_prefix(out).unwrap().display().to_string();
        let ext = e.path().extension().and_then(|x| x.to_str()).unwrap_or("");
        let bytes = std::fs::read(e.path()).unwrap();
        let push = |findings: &mut Vec<Finding>, what: String| {
            findings.push(Finding {
                file: rel.clone(),
                what,
            })
        };
        match ext {
            "html" | "htm" | "xhtml" => {
                counts[0] += 1;
                let text = String::from_utf8(bytes).expect("HTML is UTF-8");
                let (f, s) = scan_html(&text);
                f.into_iter().for_each(|w| push(&mut findings, w));
                scripts.extend(s);
            }
            "xml" | "atom" | "rss" => {
                counts[1] += 1;
                let text = String::from_utf8(bytes).expect("XML is UTF-8");
                scan_xml(&text)
                    .into_iter()
                    .for_each(|w| push(&mut findings, w));
            }
            "json" => {
                counts[2] += 1;
                match serde_json::from_slice::<serde_json::Value>(&bytes) {
                    Err(err) => push(&mut findings, format!("invalid JSON: {err}")),
                    Ok(v) => {
                        let mut strings = Vec::new();
                        json_strings(&v, "", &mut strings);
                        for (k, s) in strings {
                            let k = k.to_ascii_lowercase();
                            if (k.contains("url") || k == "href" || k == "link") && is_script_url(s)
                            {
                                push(&mut findings, format!("script URL under {k:?}: {s:?}"));
                            }
                            json_values.push(s.to_string());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    (findings, scripts, counts, json_values)
}

#[test]
fn the_scanner_finds_what_it_looks_for() {
    for bad in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
        "<a href=\"jav&#x09;ascript:x\">x</a>",
        "<iframe srcdoc=x></iframe>",
        "<meta http-equiv=refresh content=\"0;url=javascript:x\">",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<svg><a xlink:href=\"javascript:x\">x</a></svg>",
        "<img srcset=\"data:image/svg+xml,x 1x\">",
    ] {
        let (f, s) = scan_html(bad);
        assert!(!f.is_empty() || !s.is_empty(), "missed {bad}");
    }
    for good in [
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        "<a href=\"/van-ban/x/\" title=\"&quot; onmouseover=&quot;x\">x</a>",
        "<p title=\"<img src=x onerror=alert(1)>\">x</p>",
        "<td style=\"text-align: center\">x</td>",
    ] {
        let (f, s) = scan_html(good);
        assert!(f.is_empty() && s.is_empty(), "false alarm on {good}: {f:?}");
    }
    assert!(!scan_xml("<feed><title>a & b</title></feed>").is_empty());
    assert!(!scan_xml("<feed><title><script>x</script></title></feed>").is_empty());
    assert!(!scan_xml(
        "<feed><content type=\"html\">&lt;img src=x onerror=alert(1)&gt;</content></feed>"
    )
    .is_empty());
    assert!(scan_xml(
        "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>a &amp; &lt;b&gt;</title>\
         <link href=\"https://example.vn/?a=1&amp;b=2\"/><content type=\"html\">&lt;p&gt;x&lt;/p&gt;</content></feed>"
    )
    .is_empty());
}

#[test]
fn no_payload_runs_in_any_output_file() {
    // The theme's own scripts, from a site of harmless documents built the same way.
    let clean = site_with(&["Kết luận về học tập và làm theo Bác"], "");
    clean.build_ok();
    let (clean_findings, theme_scripts, _, _) = scan_site(&clean.out());
    assert!(
        clean_findings.is_empty(),
        "the clean site already has findings: {clean_findings:#?}"
    );

    let site = site_with(PAYLOADS, MARKDOWN);
    site.build_ok();
    let (mut findings, scripts, counts, json_values) = scan_site(&site.out());
    for s in scripts.difference(&theme_scripts) {
        findings.push(Finding {
            file: "(some page)".into(),
            what: format!("script not from the theme: {s}"),
        });
    }
    findings.sort();
    findings.dedup();
    assert!(
        findings.is_empty(),
        "{} findings, first ones:\n{:#?}",
        findings.len(),
        &findings[..findings.len().min(40)]
    );
    eprintln!(
        "scanned {} HTML, {} XML, {} JSON files",
        counts[0], counts[1], counts[2]
    );
    assert!(counts[0] > 2 * PAYLOADS.len(), "{counts:?}");
    assert!(counts[2] >= 1, "documents.json was not scanned");
    // JSON escapes rather than breaks: every title comes back verbatim.
    for p in PAYLOADS {
        let want = unicode_normalization::UnicodeNormalization::nfc(p.trim()).collect::<String>();
        assert!(
            json_values.contains(&want),
            "payload not found verbatim in any JSON file: {p:?}"
        );
    }
    // Front-matter values are escaped, never interpreted: the payload text is visible.
    let page = std::fs::read_to_string(site.out().join("van-ban/vb-00/index.html")).unwrap();
    assert!(page.contains("&lt;script&gt;alert(1)&lt;"), "{page}");
}

/// The scan is only worth something if it fires: with sanitising switched off, the same
/// payloads must be found.
#[test]
fn the_scan_catches_payloads_when_sanitising_is_off() {
    let site = site_with(PAYLOADS, MARKDOWN);
    site.write(
        "config.toml",
        "base_url = \"https://example.vn/\"\nunsafe_html = true\n",
    );
    site.build_ok();
    let (findings, scripts, _, _) = scan_site(&site.out());
    let all: Vec<&str> = findings.iter().map(|f| f.what.as_str()).collect();
    for expected in ["event attribute onerror", "element <iframe", "srcdoc"] {
        assert!(
            all.iter().any(|w| w.contains(expected)),
            "{expected} not found in {all:#?}"
        );
    }
    assert!(
        scripts.iter().any(|s| s.contains("alert(1)")),
        "{scripts:?}"
    );
}

/// `unsafe_html = true` is the documented opt-out: raw HTML then passes through, while
/// front-matter values stay escaped.
#[test]
fn unsafe_html_opts_out_of_body_sanitising_only() {
    let site = Site::new();
    site.write(
        "config.toml",
        "base_url = \"https://example.vn/\"\nunsafe_html = true\n",
    );
    site.write(
        "content/nhung.md",
        format!(
            "---\ntitle: {}\ntype: Kết luận\nissuer: I\ndate: 12/5/2022\nprovince: Sơn La\n---\n\
             <iframe src=\"https://www.youtube-nocookie.com/embed/x\"></iframe>\n\n\
             <button onclick=\"toggle()\">Mở</button>\n",
            yaml("<script>alert(1)</script>")
        ),
    );
    site.build_ok();
    let page = std::fs::read_to_string(site.out().join("van-ban/nhung/index.html")).unwrap();
    assert!(page.contains("<iframe src=\"https://www.youtube-nocookie.com/embed/x\">"));
    assert!(page.contains("onclick=\"toggle()\""));
    let (findings, scripts) = scan_html(&page);
    assert!(scripts.is_empty(), "the title ran: {scripts:?}");
    assert!(
        findings.iter().all(|f| !f.contains("script")),
        "{findings:?}"
    );
}
