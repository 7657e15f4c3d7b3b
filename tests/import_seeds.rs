//! Importing the five seed bulletins reproduces the sample site's front matter.
//!
//! The per-field table compares every front-matter field of each imported seed with the
//! document an editor made from it (`content/*.md`). Not counted: `summary` (editorial),
//! and fields the editor supplied from outside the text (seed 003's title). A value the
//! importer gives that the sample does not have, or gives differently, is an invented
//! value: there must be none.

use std::path::{Path, PathBuf};

use bantin::content::{parse_source, FrontMatter, Kind};
use bantin::import::{import_file, Imported};
use bantin::BuildOptions;

/// Seed file, sample document, fields not counted for that seed.
const PAIRS: [(&str, &str, &[&str]); 5] = [
    (
        "000_339cf126be7e4122.txt",
        "ket-luan-ban-thuong-vu-tinh-uy-son-la-2022.md",
        &[],
    ),
    (
        "001_c7681307d3f35b37.txt",
        "ket-qua-02-nam-thuc-hien-ket-luan-01-kl-tw.md",
        &[],
    ),
    (
        "002_3a82535dc271e2e5.txt",
        "bao-cao-so-ket-03-nam-ket-luan-01-dang-uy-khoi-ha-tinh-2024.md",
        &[],
    ),
    (
        "003_4c8e07eeb8ebcf4d.txt",
        "son-la-ket-qua-03-nam-thuc-hien-chi-thi-05-ct-tw.md",
        // The sample's title was written by the editor; the text has no headline.
        &["title"],
    ),
    (
        "004_acfb9af30cdbe8e1.txt",
        "du-thao-ket-luan-huyen-uy-binh-son-2024.md",
        &[],
    ),
];

const FIELDS: [&str; 13] = [
    "title",
    "type",
    "issuer",
    "date",
    "province",
    "number",
    "directives",
    "signer",
    "signer_title",
    "signer_authority",
    "author",
    "recipients",
    "draft",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seed(name: &str) -> Imported {
    import_file(&root().join("tests/fixtures/seeds").join(name)).expect("seed readable")
}

fn load(name: &str, text: &str) -> FrontMatter {
    match parse_source(
        &Path::new("content").join(name),
        text.as_bytes(),
        Kind::Document,
    ) {
        Ok((doc, warnings)) => {
            assert!(warnings.is_empty(), "{name}: {warnings:#?}");
            doc.meta
        }
        Err(e) => panic!("{name} is not a valid document: {e:#?}"),
    }
}

/// A field's value as comparable text; `None` when absent.
fn value(fm: &FrontMatter, field: &str) -> Option<String> {
    let s = |o: &Option<String>| o.clone();
    let list = |v: &Vec<String>| (!v.is_empty()).then(|| v.join(" | "));
    match field {
        "title" => (!fm.title.is_empty()).then(|| fm.title.clone()),
        "type" => fm.doc_type.map(|t| t.name().to_owned()),
        "issuer" => s(&fm.issuer),
        "date" => fm.date.map(|d| d.iso()),
        "province" => s(&fm.province),
        "number" => s(&fm.number),
        "directives" => list(&fm.directives),
        "signer" => s(&fm.signer),
        "signer_title" => s(&fm.signer_title),
        "signer_authority" => s(&fm.signer_authority),
        "author" => s(&fm.author),
        "recipients" => list(&fm.recipients),
        "draft" => fm.draft.then(|| "true".to_owned()),
        other => panic!("unknown field {other}"),
    }
}

#[derive(Default)]
struct Tally {
    equal: usize,
    missing: usize,
    invented: usize,
    wrong: usize,
}

#[test]
fn seeds_reproduce_the_sample_front_matter() {
    let mut per_field: Vec<(&str, Tally)> = FIELDS.iter().map(|f| (*f, Tally::default())).collect();
    let mut problems = Vec::new();
    for (seed_name, sample_name, not_counted) in PAIRS {
        let imported = seed(seed_name);
        let ours = load(sample_name, &imported.to_markdown());
        let sample_text = std::fs::read_to_string(root().join("content").join(sample_name))
            .expect("sample document");
        let theirs = load(sample_name, &sample_text);
        for (field, tally) in per_field.iter_mut() {
            if not_counted.contains(field) {
                continue;
            }
            match (value(&ours, field), value(&theirs, field)) {
                (None, None) => {}
                (Some(a), Some(b)) if a == b => tally.equal += 1,
                (Some(a), Some(b)) => {
                    tally.wrong += 1;
                    problems.push(format!("{seed_name} {field}: got {a:?}, sample {b:?}"));
                }
                (Some(a), None) => {
                    tally.invented += 1;
                    problems.push(format!("{seed_name} {field}: invented {a:?}"));
                }
                (None, Some(b)) => {
                    tally.missing += 1;
                    problems.push(format!("{seed_name} {field}: missing {b:?}"));
                }
            }
        }
    }
    let mut table = String::from("field             equal missing wrong invented\n");
    let (mut equal, mut total, mut invented) = (0, 0, 0);
    for (field, t) in &per_field {
        table.push_str(&format!(
            "{field:<17} {:>5} {:>7} {:>5} {:>8}\n",
            t.equal, t.missing, t.wrong, t.invented
        ));
        equal += t.equal;
        total += t.equal + t.missing + t.wrong + t.invented;
        invented += t.invented + t.wrong;
    }
    table.push_str(&format!(
        "total             {equal}/{total} = {:.1} %\n",
        100.0 * equal as f64 / total.max(1) as f64
    ));
    eprintln!("{table}");
    assert!(total >= 40, "too few fields compared:\n{table}");
    assert!(
        equal * 100 >= total * 95,
        "fewer than 95 % equal:\n{table}\n{}",
        problems.join("\n")
    );
    assert_eq!(invented, 0, "invented values:\n{}", problems.join("\n"));
}

#[test]
fn seed_bodies_match_the_sample_bodies() {
    for (seed_name, sample_name, _) in PAIRS {
        let imported = seed(seed_name);
        let sample = std::fs::read_to_string(root().join("content").join(sample_name)).unwrap();
        let (doc, _) = parse_source(
            &Path::new("content").join(sample_name),
            sample.as_bytes(),
            Kind::Document,
        )
        .unwrap();
        assert_eq!(imported.body, doc.body.trim_start(), "{seed_name}");
    }
}

#[test]
fn every_report_names_the_source_of_every_value() {
    for (seed_name, _, _) in PAIRS {
        let imported = seed(seed_name);
        let report = imported.report();
        assert!(report.contains("dòng "), "{report}");
        assert!(report.contains("không suy ra được"), "{report}");
        assert!(
            imported.missing_required().is_empty(),
            "{seed_name}\n{report}"
        );
    }
    // The district-based province is marked as inferred in the file itself.
    let fm = seed("004_acfb9af30cdbe8e1.txt").front_matter();
    assert!(fm.contains("province: \"Quảng Ngãi\"  # suy luận"), "{fm}");
    let report = seed("004_acfb9af30cdbe8e1.txt").report();
    assert!(report.contains("Bình Sơn"), "{report}");
    assert!(report.contains("number (dòng 5"), "{report}");
}

#[test]
fn imported_seeds_build_into_pages() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    bantin::init(&site).unwrap();
    let opts = bantin::import::Options {
        into: site.join("content"),
        force: false,
        dry_run: false,
        progress: false,
    };
    let inputs: Vec<PathBuf> = PAIRS
        .iter()
        .map(|(s, _, _)| root().join("tests/fixtures/seeds").join(s))
        .collect();
    let results = bantin::import::import_files(&inputs, &opts);
    for r in &results {
        assert!(r.is_ok(), "{}", r.render(false));
    }
    let report = bantin::build(
        &site,
        None,
        BuildOptions {
            drafts: true,
            base_url: None,
            ..Default::default()
        },
        false,
    )
    .unwrap_or_else(|e| panic!("{:#?}", e.diagnostics()));
    assert!(report.documents >= 6, "{}", report.documents);
    let page = std::fs::read_to_string(
        site.join("public/van-ban/ket-luan-ban-thuong-vu-tinh-uy-son-la-2022/index.html"),
    )
    .unwrap();
    assert!(page.contains("Lò Minh Hùng"));
    assert!(page.contains("Phó Bí thư Thường trực"));
    let footnotes = std::fs::read_to_string(site.join(
        "public/van-ban/bao-cao-ban-thuong-vu-dang-uy-khoi-cac-co-quan-va-doanh-nghiep-tinh-ha-tinh-2024/index.html",
    ))
    .unwrap();
    assert!(
        footnotes.contains("Kế hoạch số 25-KH/ĐUK"),
        "footnote text rendered"
    );
    assert!(
        !footnotes.contains("[^1]"),
        "footnote marks rendered as links"
    );
}
