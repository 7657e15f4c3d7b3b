//! Feeds, sitemap and robots.txt of a built fixture site: well-formed, escaped, absolute,
//! newest first, capped, and never listing a draft.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use bantin::{BuildOptions, Site};
use regex::Regex;

const CONFIG: &str = r#"title = "Bản tin <thử> & \"kiểm tra\""
description = "Mô tả 'trang' & <thẻ>"
base_url = "https://vi-du.gov.vn/bantin/"
feed_limit = 2
"#;

const DOCS: &[(&str, &str)] = &[
    (
        "ke-hoach-a",
        r#"---
title: "Kế hoạch A & B <mới>"
type: "Kế hoạch"
issuer: "Tỉnh ủy Sơn La"
date: "12/5/2022"
province: "Sơn La"
directives: ["05-CT/TW"]
summary: "Tóm tắt \"có ngoặc\" & ký hiệu <>"
---
Nội dung kế hoạch.
"#,
    ),
    (
        "bao-cao-b",
        r#"---
title: "Báo cáo tháng năm"
type: "Báo cáo"
issuer: "Tỉnh ủy Sơn La"
date: "5/2023"
province: "Sơn La"
---
Báo cáo **kết quả** thực hiện [Chỉ thị](https://x.vn/a?b=1&c=2) 05 <b>đậm</b>.
"#,
    ),
    (
        "tin-c",
        r#"---
title: "Tin năm 2021"
type: "Tin bài"
author: "Phóng viên"
date: "2021"
province: "Sơn La"
---
Tin bài ngắn.
"#,
    ),
    (
        "ket-luan-e",
        r#"---
title: "Kết luận Hà Tĩnh"
type: "Kết luận"
issuer: "Tỉnh ủy Hà Tĩnh"
date: "1/2/2020"
province: "Hà Tĩnh"
---
Kết luận.
"#,
    ),
    (
        "du-thao-mat",
        r#"---
title: "Dự thảo chưa công bố"
type: "Kế hoạch"
issuer: "Tỉnh ủy Sơn La"
date: "1/1/2024"
province: "Sơn La"
directives: ["05-CT/TW"]
draft: true
---
Chưa công bố.
"#,
    ),
];

struct Built {
    _dir: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
}

fn built(drafts: bool) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("config.toml"), CONFIG).unwrap();
    for (slug, text) in DOCS {
        std::fs::write(root.join("content").join(format!("{slug}.md")), text).unwrap();
    }
    let out = dir.path().join("public");
    bantin::build(
        &root,
        Some(&out),
        BuildOptions {
            drafts,
            ..BuildOptions::default()
        },
        false,
    )
    .expect("fixture builds");
    Built {
        _dir: dir,
        root,
        out,
    }
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p, ext));
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// A strict little well-formedness check for the XML bantin writes: balanced tags, quoted
/// attributes, and no `&` or `<` outside markup except the predefined entities.
fn well_formed(xml: &str) -> Result<(), String> {
    let entity = Regex::new(r"^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);").unwrap();
    let check_text = |t: &str| -> Result<(), String> {
        for (i, _) in t.match_indices('&') {
            if !entity.is_match(&t[i..]) {
                return Err(format!("bare & in {:?}", &t[i..t.len().min(i + 20)]));
            }
        }
        if t.contains('>') && t.contains("]]>") {
            return Err("]]> in text".into());
        }
        Ok(())
    };
    let tag =
        Regex::new(r#"^<(/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(/?)>"#).unwrap();
    let quoted = Regex::new(r#""([^"]*)""#).unwrap();
    let mut rest = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
        .ok_or("missing XML declaration")?;
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    while let Some(lt) = rest.find('<') {
        check_text(&rest[..lt])?;
        if stack.is_empty() && !rest[..lt].trim().is_empty() {
            return Err("text outside the root element".into());
        }
        let c = tag
            .captures(&rest[lt..])
            .ok_or_else(|| format!("bad tag at {:?}", &rest[lt..rest.len().min(lt + 40)]))?;
        for value in quoted.captures_iter(&c[3]) {
            check_text(&value[1])?;
        }
        let name = c[2].to_string();
        if &c[1] == "/" {
            if stack.pop().as_deref() != Some(name.as_str()) {
                return Err(format!("unbalanced </{name}>"));
            }
        } else if &c[4] != "/" {
            if stack.is_empty() {
                roots += 1;
            }
            stack.push(name);
        } else if stack.is_empty() {
            roots += 1;
        }
        rest = &rest[lt + c[0].len()..];
    }
    check_text(rest)?;
    if !stack.is_empty() || roots != 1 || !rest.trim().is_empty() {
        return Err(format!("{} unclosed, {roots} roots", stack.len()));
    }
    Ok(())
}

fn all(re: &str, text: &str) -> Vec<String> {
    Regex::new(re)
        .unwrap()
        .captures_iter(text)
        .map(|c| c[1].to_string())
        .collect()
}

#[test]
fn the_checker_rejects_broken_xml() {
    let d = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
    assert!(well_formed(&format!("{d}<a><b x=\"1\"/>t &amp; u</a>\n")).is_ok());
    for bad in [
        "<a>&</a>",
        "<a><b></a></b>",
        "<a x=1/>",
        "<a></a><b/>",
        "<a>x < y</a>",
    ] {
        assert!(well_formed(&format!("{d}{bad}")).is_err(), "{bad}");
    }
}

#[test]
fn every_feed_and_sitemap_is_well_formed_and_escaped() {
    let b = built(false);
    let xml = files(&b.out, "xml");
    assert!(xml.len() > 8, "{xml:?}");
    for f in &xml {
        let text = read(f);
        well_formed(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        assert!(!text.contains("A & B"), "{}", f.display());
    }
    let site = read(&b.out.join("atom.xml"));
    assert!(site.contains("<title>Bản tin &lt;thử&gt; &amp; &quot;kiểm tra&quot;</title>"));
    assert!(site.contains("<subtitle>Mô tả &apos;trang&apos; &amp; &lt;thẻ&gt;</subtitle>"));
    let son_la = read(&b.out.join("tinh/son-la/atom.xml"));
    assert!(son_la.contains("<title>Kế hoạch A &amp; B &lt;mới&gt;</title>"));
    assert!(son_la.contains(
        "<summary type=\"text\">Tóm tắt &quot;có ngoặc&quot; &amp; ký hiệu &lt;&gt;</summary>"
    ));
    // A summary made from the body is plain text: no Markdown, no link targets.
    assert!(son_la.contains("<summary type=\"text\">Báo cáo kết quả thực hiện Chỉ thị 05"));
    assert!(!son_la.contains("x.vn"));
    // Stricter validation where libxml2's tool is installed.
    match Command::new("xmllint").arg("--noout").args(&xml).output() {
        Ok(o) => assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr)),
        Err(_) => eprintln!("SKIPPED xmllint validation: `xmllint` is not installed"),
    }
}

#[test]
fn feeds_are_valid_atom_newest_first_and_capped() {
    let b = built(false);
    let site = read(&b.out.join("atom.xml"));
    let base = "https://vi-du.gov.vn/bantin/";
    assert!(site.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert!(site.contains(&format!("<id>{base}atom.xml</id>")));
    assert!(site.contains(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{base}atom.xml\"/>"
    )));
    assert!(site.contains(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{base}\"/>"
    )));
    assert!(site.contains("<author><name>"));
    // feed_limit = 2: the two newest published documents, the draft skipped.
    let ids = all(r"<entry>\s*<title>[^<]*</title>\s*<id>([^<]+)</id>", &site);
    assert_eq!(
        ids,
        [
            format!("{base}van-ban/bao-cao-b/"),
            format!("{base}van-ban/ke-hoach-a/")
        ]
    );
    // Dates: RFC 3339 in Vietnam time; a month stands for its first day.
    assert!(site.contains("<updated>2023-05-01T00:00:00+07:00</updated>\n  <author>"));
    assert!(site.contains("<published>2023-05-01T00:00:00+07:00</published>"));
    assert!(site.contains("<updated>2022-05-12T00:00:00+07:00</updated>"));
    for entry in site.split("<entry>").skip(1) {
        for needed in [
            "<title>",
            "<id>",
            "<updated>",
            "<link rel=\"alternate\"",
            "<summary",
        ] {
            assert!(entry.contains(needed), "{needed} missing in {entry}");
        }
    }
    let year = read(&b.out.join("nam/2021/atom.xml"));
    assert!(year.contains("<published>2021-01-01T00:00:00+07:00</published>"));
    assert!(year.contains("<author><name>Phóng viên</name></author>"));
}

#[test]
fn every_term_page_has_its_feed() {
    let b = built(false);
    let mut checked = 0;
    for html in files(&b.out, "html") {
        let rel = html
            .strip_prefix(&b.out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let parts: Vec<&str> = rel.split('/').collect();
        let is_term = parts.len() == 3
            && ["tinh", "nam", "chi-dao", "loai", "co-quan"].contains(&parts[0])
            && parts[1] != "a-z"
            && parts[2] == "index.html";
        if !is_term {
            continue;
        }
        let feed = html.with_file_name("atom.xml");
        assert!(feed.exists(), "{rel} has no feed");
        let page = read(&html);
        let href = format!("/bantin/{}/{}/atom.xml", parts[0], parts[1]);
        assert!(
            page.contains("type=\"application/atom+xml\" title=") && page.contains(&href),
            "{rel} does not link {href}"
        );
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} term pages");
    let directive_feeds: Vec<String> = files(&b.out.join("chi-dao"), "xml")
        .iter()
        .map(|p| read(p))
        .collect();
    assert!(directive_feeds
        .iter()
        .any(|f| f.contains("van-ban/ke-hoach-a/")));
}

#[test]
fn drafts_are_never_in_feeds_or_the_sitemap() {
    for drafts in [false, true] {
        let b = built(drafts);
        for f in files(&b.out, "xml") {
            let text = read(&f);
            assert!(
                !text.contains("du-thao-mat"),
                "{} lists the draft",
                f.display()
            );
            assert!(!text.contains("Dự thảo chưa công bố"), "{}", f.display());
        }
        let robots = read(&b.out.join("robots.txt"));
        assert!(robots.contains("Sitemap: https://vi-du.gov.vn/bantin/sitemap.xml\n"));
        // A preview with drafts asks crawlers to stay away.
        assert_eq!(robots.contains("Disallow: /\n"), drafts, "{robots}");
    }
}

#[test]
fn the_sitemap_lists_public_pages_with_absolute_urls() {
    let b = built(false);
    let sitemap = read(&b.out.join("sitemap.xml"));
    let locs = all(r"<loc>([^<]+)</loc>", &sitemap);
    let base = "https://vi-du.gov.vn/bantin/";
    assert!(locs.iter().all(|l| l.starts_with(base)), "{locs:?}");
    for page in [
        String::new(),
        "tinh/".into(),
        "tinh/son-la/".into(),
        "nam/2023/".into(),
        "van-ban/ke-hoach-a/".into(),
    ] {
        assert!(locs.contains(&format!("{base}{page}")), "{page} missing");
    }
    assert!(!locs
        .iter()
        .any(|l| l.contains("tim-kiem") || l.contains("404")));
    assert_eq!(
        locs.len(),
        locs.iter().collect::<BTreeSet<_>>().len(),
        "no duplicates"
    );
    assert!(sitemap.contains(&format!(
        "<loc>{base}van-ban/bao-cao-b/</loc><lastmod>2023-05-01</lastmod>"
    )));
}

#[test]
fn large_sitemaps_split_into_an_index() {
    let b = built(false);
    let site = Site::load(&b.root, BuildOptions::default()).unwrap();
    let whole = bantin::feeds::sitemaps(&site, bantin::feeds::SITEMAP_LIMIT);
    assert_eq!(whole.len(), 1);
    let all_locs = all(r"<loc>([^<]+)</loc>", &whole[0].1);
    let split = bantin::feeds::sitemaps(&site, 3);
    assert_eq!(split[0].0, "sitemap.xml");
    assert!(split[0].1.contains("<sitemapindex"));
    let parts = all(r"<loc>([^<]+)</loc>", &split[0].1);
    assert_eq!(parts.len(), split.len() - 1);
    assert_eq!(parts.len(), all_locs.len().div_ceil(3));
    let mut joined = Vec::new();
    for (n, (name, text)) in split.iter().skip(1).enumerate() {
        assert_eq!(name, &format!("sitemap-{}.xml", n + 1));
        assert_eq!(parts[n], format!("https://vi-du.gov.vn/bantin/{name}"));
        well_formed(text).unwrap();
        let locs = all(r"<loc>([^<]+)</loc>", text);
        assert!(locs.len() <= 3);
        joined.extend(locs);
    }
    well_formed(&split[0].1).unwrap();
    assert_eq!(joined, all_locs);
}
