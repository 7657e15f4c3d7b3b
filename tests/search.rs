//! The search index of a built fixture site: what readers find, in which order, what each
//! query downloads, that drafts never leak, and that `search.js` ranks exactly like the Rust
//! algorithm (when Node is installed).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use bantin::search::query::{snippet, PAGE_SIZE};
use bantin::search::{parse_query, DirSource, Filters, Hit, IndexOptions, Searcher, Source};
use bantin::{BuildOptions, Site};

/// Documents chosen so that each ranking rule decides at least one assertion.
const DOCS: &[(&str, &str)] = &[
    (
        "son-la-tinh-uy",
        r#"---
title: "Tỉnh ủy Sơn La triển khai học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
type: "Kế hoạch"
issuer: "Ban Thường vụ Tỉnh ủy Sơn La"
date: "12/5/2022"
province: "Sơn La"
number: "25-KH/TU"
directives: ["05-CT/TW"]
---
Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập và làm theo
tư tưởng, đạo đức, phong cách Hồ Chí Minh, Ban Thường vụ Tỉnh ủy ban hành kế hoạch.
"#,
    ),
    (
        "rai-rac",
        r#"---
title: "Báo cáo công tác tuyên truyền năm 2022"
type: "Báo cáo"
issuer: "Huyện ủy Kỳ Anh"
date: "20/6/2022"
province: "Hà Tĩnh"
---
Nghề sơn mài được giữ gìn; sơn mài xuất khẩu. Hoa rơi la liệt, la đà. Cán bộ theo dõi việc học,
tập huấn, làm báo cáo và tổng kết. Học sinh, tập thể, làm ăn, và theo dõi. Việc học, tập luyện.
"#,
    ),
    (
        "son-la-khong-dau",
        r#"---
title: "Doan cong tac den Son La"
type: "Tin bài"
author: "Phóng viên"
date: "3/3/2021"
province: "Điện Biên"
---
Son La, Son La, Son La: doan cong tac cua tinh den Son La va lam viec voi Son La.
"#,
    ),
    (
        "dang-uy-khoi",
        r#"---
title: "Đảng ủy Khối các cơ quan tỉnh sơ kết Kết luận 01"
type: "Báo cáo"
issuer: "Đảng ủy Khối các cơ quan tỉnh Hà Tĩnh"
date: "2023"
province: "Hà Tĩnh"
---
Đảng ủy Khối tiếp tục thực hiện Chỉ thị 05 – CT/TƯ và Kết luận số 01 của Bộ Chính trị.
"#,
    ),
    (
        "chi-thi-05-ngan",
        r#"---
title: "Mô hình dân vận khéo"
type: "Tin bài"
author: "Phóng viên"
date: "5/2021"
province: "Nghệ An"
---
Sau ba năm thực hiện Chỉ thị 05, các chi bộ đã có nhiều mô hình hay.
"#,
    ),
    (
        "so-05-khac",
        r#"---
title: "Kết quả thực hiện Chỉ thị số 03-CT/TW"
type: "Báo cáo"
issuer: "Tỉnh ủy Nghệ An"
date: "1/2/2020"
province: "Nghệ An"
---
Toàn tỉnh có 05 mô hình điển hình; chỉ thị được quán triệt. Thực hiện Chỉ thị số 03-CT/TW.
"#,
    ),
    (
        "du-thao",
        r#"---
title: "Dự thảo kế hoạch zyzzyva"
type: "Kế hoạch"
issuer: "Tỉnh ủy Sơn La"
date: "1/1/2024"
province: "Sơn La"
draft: true
---
Nội dung zyzzyva chưa công bố, có Chỉ thị số 05-CT/TW.
"#,
    ),
];

fn write_site(dir: &Path) {
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        "title = \"Bản tin thử\"\nbase_url = \"https://vi-du.gov.vn/bantin/\"\n",
    )
    .unwrap();
    for (slug, text) in DOCS {
        std::fs::write(dir.join("content").join(format!("{slug}.md")), text).unwrap();
    }
}

struct Built {
    _dir: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
}

fn built(options: BuildOptions) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    write_site(&root);
    let out = dir.path().join("public");
    bantin::build(&root, Some(&out), options, false).expect("fixture builds");
    Built {
        _dir: dir,
        root,
        out,
    }
}

/// Document slugs of hits, best first.
fn slugs<S: Source>(s: &mut Searcher<S>, hits: &[Hit]) -> Vec<String> {
    hits.iter()
        .map(|h| {
            let f = s.fragment(h.doc).expect("fragment");
            f.url
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

fn find(out: &Path, q: &str, filters: Filters) -> Vec<String> {
    let mut s = Searcher::open(DirSource(out.to_path_buf())).expect("index opens");
    let hits = s.search(q, &filters).expect("search runs");
    slugs(&mut s, &hits)
}

fn position(list: &[String], slug: &str) -> usize {
    list.iter()
        .position(|s| s == slug)
        .unwrap_or_else(|| panic!("{slug} not found in {list:?}"))
}

#[test]
fn readers_find_names_with_or_without_diacritics() {
    let b = built(BuildOptions::default());
    let folded = find(&b.out, "son la", Filters::default());
    let top: BTreeSet<&str> = folded[..2].iter().map(String::as_str).collect();
    assert_eq!(top, BTreeSet::from(["son-la-tinh-uy", "son-la-khong-dau"]));
    for q in ["son la", "Sơn La", "SƠN LA", "sơn la"] {
        let r = find(&b.out, q, Filters::default());
        if q != "son la" {
            assert_eq!(r[0], "son-la-tinh-uy", "{q}: {r:?}");
        }
        // The phrase ranks above the syllables scattered through a text.
        assert!(
            position(&r, "son-la-khong-dau") < position(&r, "rai-rac"),
            "{q}: {r:?}"
        );
    }
    // Typed with diacritics, the exact spelling ranks above a text written without them,
    // although the latter repeats the name six times.
    let exact = find(&b.out, "Sơn La", Filters::default());
    assert!(position(&exact, "son-la-tinh-uy") < position(&exact, "son-la-khong-dau"));
    let r = find(&b.out, "dang uy", Filters::default());
    assert_eq!(r[0], "dang-uy-khoi", "{r:?}");
    assert_eq!(
        find(&b.out, "Đảng ủy", Filters::default())[0],
        "dang-uy-khoi"
    );
}

#[test]
fn directive_citations_are_found_by_symbol_and_by_name() {
    let b = built(BuildOptions::default());
    let r = find(&b.out, "chi thi 05", Filters::default());
    let set: BTreeSet<&str> = r.iter().map(String::as_str).collect();
    assert_eq!(
        set,
        BTreeSet::from(["son-la-tinh-uy", "dang-uy-khoi", "chi-thi-05-ngan"]),
        "{r:?}"
    );
    assert_eq!(find(&b.out, "Chỉ thị số 5", Filters::default()).len(), 3);
    for q in ["05-CT/TW", "05-ct/tw", "05 - CT/TƯ"] {
        let r = find(&b.out, q, Filters::default());
        // The full symbol ranks above a bare "Chỉ thị 05"; "05 mô hình" is not a citation.
        assert!(
            position(&r, "son-la-tinh-uy") < position(&r, "chi-thi-05-ngan"),
            "{q}: {r:?}"
        );
        assert!(
            position(&r, "dang-uy-khoi") < position(&r, "chi-thi-05-ngan"),
            "{q}: {r:?}"
        );
        assert!(!r.contains(&"so-05-khac".to_string()), "{q}: {r:?}");
    }
    assert_eq!(
        find(&b.out, "03-CT/TW", Filters::default()),
        ["so-05-khac"],
        "another directive's symbol"
    );
    let kl = find(&b.out, "kết luận 01", Filters::default());
    assert_eq!(kl[0], "dang-uy-khoi", "{kl:?}");
}

#[test]
fn phrases_rank_above_scattered_syllables() {
    let b = built(BuildOptions::default());
    let r = find(&b.out, "học tập và làm theo", Filters::default());
    assert_eq!(r[0], "son-la-tinh-uy", "{r:?}");
    assert!(r.contains(&"rai-rac".to_string()), "{r:?}");
    let mut s = Searcher::open(DirSource(b.out.clone())).unwrap();
    let hits = s
        .search("hoc tap va lam theo", &Filters::default())
        .unwrap();
    assert_eq!(hits[0].phrases, 4);
    assert!(hits.iter().any(|h| h.phrases == 0));
}

#[test]
fn filters_restrict_by_province_year_and_type() {
    let b = built(BuildOptions::default());
    let only = |province: Option<&str>, year: Option<u16>, doc_type: Option<&str>| {
        find(
            &b.out,
            "son la",
            Filters {
                province: province.map(str::to_string),
                year,
                doc_type: doc_type.map(str::to_string),
            },
        )
    };
    assert_eq!(only(Some("ha-tinh"), None, None), ["rai-rac"]);
    assert_eq!(only(None, Some(2021), None), ["son-la-khong-dau"]);
    assert_eq!(only(None, None, Some("ke-hoach")), ["son-la-tinh-uy"]);
    assert!(only(Some("khong-co"), None, None).is_empty());
    assert!(only(None, Some(1999), None).is_empty());
    assert_eq!(
        find(
            &b.out,
            "dang uy",
            Filters {
                year: Some(2023),
                ..Filters::default()
            }
        ),
        ["dang-uy-khoi"]
    );
}

#[test]
fn drafts_are_never_indexed() {
    for drafts in [false, true] {
        let b = built(BuildOptions {
            drafts,
            ..BuildOptions::default()
        });
        assert!(find(&b.out, "zyzzyva", Filters::default()).is_empty());
        let s = Searcher::open(DirSource(b.out.clone())).unwrap();
        assert_eq!(s.manifest().documents as usize, DOCS.len() - 1);
        let fragments = std::fs::read_dir(b.out.join("search/d")).unwrap().count();
        assert_eq!(fragments, DOCS.len() - 1);
        for e in walk(&b.out.join("search")) {
            let text = std::fs::read_to_string(&e).unwrap();
            assert!(!text.contains("zyzzyva"), "{}", e.display());
            assert!(!text.contains("du-thao"), "{}", e.display());
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_query_downloads_only_the_shards_of_its_keys() {
    let b = built(BuildOptions::default());
    let site = Site::load(&b.root, BuildOptions::default()).unwrap();
    let small = bantin::search::build(&site, IndexOptions { shard_bytes: 300 }).unwrap();
    assert!(small.shards > 20, "{} shards", small.shards);
    let files: HashMap<String, Vec<u8>> = small.files.into_iter().collect();
    let mut s = Searcher::open(files.clone()).unwrap();
    let hits = s.search("son la", &Filters::default()).unwrap();
    let shards_read = s
        .files_read()
        .iter()
        .filter(|f| f.starts_with("s/"))
        .count();
    assert!((1..=4).contains(&shards_read), "{:?}", s.files_read());
    assert!(
        !s.files_read().contains("facets.json"),
        "facets load only to filter"
    );
    // The same ranking however the index is cut.
    let mut whole = Searcher::open(DirSource(b.out.clone())).unwrap();
    for q in [
        "son la",
        "chi thi 05",
        "học tập và làm theo",
        "05-CT/TW",
        "dang uy",
    ] {
        let a = Searcher::open(files.clone())
            .unwrap()
            .search(q, &Filters::default())
            .unwrap();
        assert_eq!(a, whole.search(q, &Filters::default()).unwrap(), "{q}");
    }
    assert!(!hits.is_empty());
    // A first page of results costs the manifest, a few shards and ten small fragments.
    let mut s = Searcher::open(DirSource(b.out.clone())).unwrap();
    let hits = s.search("son la", &Filters::default()).unwrap();
    for h in hits.iter().take(PAGE_SIZE) {
        s.fragment(h.doc).unwrap();
    }
    assert!(s.bytes_read() < 20_000, "{} bytes", s.bytes_read());
}

#[test]
fn snippets_highlight_what_matched() {
    let b = built(BuildOptions::default());
    let mut s = Searcher::open(DirSource(b.out.clone())).unwrap();
    let hits = s.search("chi thi 05", &Filters::default()).unwrap();
    let f = s.fragment(hits[0].doc).unwrap();
    assert!(f.url.ends_with("/son-la-tinh-uy/"), "{}", f.url);
    let segs = snippet(&f.text, &parse_query("chi thi 05"), 30);
    let marked: Vec<&str> = segs
        .iter()
        .filter(|s| s.hit)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(marked, ["Chỉ thị số 05-CT/TW"], "{segs:?}");
    // A citation in words is marked whole.
    let text = "Sau ba năm thực hiện Chỉ thị 05, Hồ Chí Minh";
    let segs = snippet(text, &parse_query("chi thi 05"), 30);
    let marked: Vec<&str> = segs
        .iter()
        .filter(|s| s.hit)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(marked, ["Chỉ thị 05"], "{segs:?}");
    assert!(!f.title.is_empty() && !f.date.is_empty() && !f.doc_type.is_empty());
}

/// `search.js` under Node must parse, rank and cut snippets exactly like the Rust code.
#[test]
fn the_browser_script_ranks_like_rust() {
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!("SKIPPED the_browser_script_ranks_like_rust: `node` is not installed");
        return;
    }
    let b = built(BuildOptions::default());
    let queries: Vec<(&str, Filters)> = vec![
        ("son la", Filters::default()),
        ("Sơn La", Filters::default()),
        ("dang uy", Filters::default()),
        ("Đảng ủy", Filters::default()),
        ("chi thi 05", Filters::default()),
        ("Chỉ thị số 5", Filters::default()),
        ("05-CT/TW", Filters::default()),
        ("05 – CT/TƯ", Filters::default()),
        ("22/CT-TW", Filters::default()),
        ("học tập và làm theo", Filters::default()),
        ("học tập, làm theo", Filters::default()),
        ("kết luận 01", Filters::default()),
        ("zyzzyva", Filters::default()),
        ("hoà hòa HOÀ", Filters::default()),
        ("__proto__ constructor", Filters::default()),
        ("\"<b>&amp; 🙂 sơn", Filters::default()),
        ("05- /", Filters::default()),
        ("   ", Filters::default()),
        (
            "Tỉnh ủy Sơn La. Chỉ thị số 05-CT/TW, Kết luận 01",
            Filters::default(),
        ),
        (
            "son la",
            Filters {
                province: Some("ha-tinh".into()),
                ..Filters::default()
            },
        ),
        (
            "bao cao",
            Filters {
                year: Some(2023),
                doc_type: Some("bao-cao".into()),
                ..Filters::default()
            },
        ),
    ];
    let json: Vec<serde_json::Value> = queries
        .iter()
        .map(|(q, f)| {
            serde_json::json!({"q": q, "filters": {
                "province": f.province, "year": f.year, "type": f.doc_type}})
        })
        .collect();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/crosscheck.cjs");
    let out = Command::new("node")
        .arg(&script)
        .arg(&b.out)
        .arg(serde_json::to_string(&json).unwrap())
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let js: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let js: Vec<serde_json::Value> = js.into_iter().map(numbers_as_floats).collect();
    for ((q, f), got) in queries.iter().zip(&js) {
        let mut s = Searcher::open(DirSource(b.out.clone())).unwrap();
        let hits = s.search(q, f).unwrap();
        let query = parse_query(q);
        assert_eq!(
            got["query"],
            numbers_as_floats(serde_json::to_value(&query).unwrap()),
            "query {q:?}"
        );
        assert_eq!(
            got["hits"],
            numbers_as_floats(serde_json::to_value(&hits).unwrap()),
            "hits {q:?} {f:?}"
        );
        if let Some(h) = hits.first() {
            let frag = s.fragment(h.doc).unwrap();
            assert_eq!(
                got["snippet"],
                serde_json::to_value(snippet(&frag.text, &query, 30)).unwrap(),
                "snippet {q:?}"
            );
        }
    }
}

/// JSON numbers as floats: JavaScript writes the weight 1.0 as `1`.
fn numbers_as_floats(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => n.as_f64().map_or(Value::Null, Value::from),
        Value::Array(a) => Value::Array(a.into_iter().map(numbers_as_floats).collect()),
        Value::Object(o) => Value::Object(
            o.into_iter()
                .map(|(k, v)| (k, numbers_as_floats(v)))
                .collect(),
        ),
        other => other,
    }
}
