//! The citation extractor against the hand-labelled gold file: every numbered citation and
//! plenum reference in the five sample documents, in order, with its exact text, canonical
//! symbol, cited date and the directive it means.

use std::path::Path;
use std::time::Instant;

use bantin::directive::{extract, CitationForm, CitingDocument, Extraction, Registry, Symbol};
use bantin::vi::province;
use bantin::vi::DocDate;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Deserialize;

#[derive(Deserialize)]
struct Gold {
    documents: Vec<GoldDocument>,
}

#[derive(Deserialize)]
struct GoldDocument {
    file: String,
    citations: Vec<GoldCitation>,
    named: Vec<GoldNamed>,
}

#[derive(Deserialize, Debug, PartialEq)]
struct GoldCitation {
    text: String,
    symbol: String,
    date: Option<String>,
    id: String,
    #[serde(default)]
    short: bool,
}

#[derive(Deserialize, Debug, PartialEq)]
struct GoldNamed {
    text: String,
    symbol: String,
    id: String,
}

/// The front-matter fields citation extraction needs.
#[derive(Deserialize)]
struct FrontMatter {
    date: String,
    province: Option<String>,
    #[serde(default)]
    directives: Vec<String>,
    number: Option<String>,
}

struct Document {
    front: FrontMatter,
    body: String,
}

fn read_document(path: &Path) -> Document {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---\n").expect("end of front matter");
    let front: FrontMatter = serde_yaml::from_str(&rest[..end]).expect("front matter YAML");
    Document {
        front,
        body: rest[end + "\n---\n".len()..].to_owned(),
    }
}

/// Splits a Markdown body into plain-text runs the simple way: consecutive Text events
/// concatenated; code, HTML, breaks and every tag boundary end a run; code blocks skipped.
fn text_runs(body: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut current = String::new();
    let mut in_code_block = false;
    for event in Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES) {
        match event {
            Event::Text(t) if !in_code_block => current.push_str(&t),
            other => {
                match other {
                    Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
                    Event::End(TagEnd::CodeBlock) => in_code_block = false,
                    _ => {}
                }
                if !current.is_empty() {
                    runs.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

fn extract_document(doc: &Document, registry: &Registry) -> Extraction {
    let date = DocDate::parse(&doc.front.date).expect("document date");
    let province = doc.front.province.as_deref().map(|name| {
        province::registry()
            .resolve(name, Some(&date))
            .expect("known province")
            .province
            .slug
            .clone()
    });
    let listed: Vec<Symbol> = doc
        .front
        .directives
        .iter()
        .map(|s| Symbol::parse(s).expect("listed symbol"))
        .collect();
    let runs = text_runs(&doc.body);
    let runs: Vec<&str> = runs.iter().map(String::as_str).collect();
    let citing = CitingDocument {
        own_number: doc.front.number.as_deref(),
        date,
        province: province.as_deref(),
        listed: &listed,
    };
    extract(&runs, &citing, registry)
}

fn load_gold() -> Gold {
    let text = std::fs::read_to_string("tests/gold/citations.yaml").expect("gold file");
    serde_yaml::from_str(&text).expect("gold YAML")
}

#[test]
fn extractor_matches_the_hand_labelled_gold() {
    let gold = load_gold();
    assert_eq!(gold.documents.len(), 5, "one entry per sample document");
    let registry = Registry::builtin();
    let mut failures = Vec::new();
    for g in &gold.documents {
        let doc = read_document(&Path::new("content").join(&g.file));
        let e = extract_document(&doc, &registry);
        let got: Vec<GoldCitation> = e
            .citations
            .iter()
            .map(|c| GoldCitation {
                text: c.text.clone(),
                symbol: c.symbol.to_string(),
                date: c.date.map(|d| d.iso()),
                id: match c.resolution.id() {
                    Some(id) => id.to_string(),
                    None => format!("{:?}", c.resolution),
                },
                short: c.form == CitationForm::Short,
            })
            .collect();
        let named: Vec<GoldNamed> = e
            .named
            .iter()
            .map(|n| GoldNamed {
                text: n.text.clone(),
                symbol: n.symbol.to_string(),
                id: n.id.to_string(),
            })
            .collect();
        if got != g.citations {
            let n = got.len().max(g.citations.len());
            let mut diff = String::new();
            for i in 0..n {
                let (a, b) = (g.citations.get(i), got.get(i));
                if a != b {
                    diff.push_str(&format!("  #{i}\n    gold: {a:?}\n    got:  {b:?}\n"));
                }
            }
            failures.push(format!(
                "{}: citations differ (gold {}, got {})\n{diff}",
                g.file,
                g.citations.len(),
                got.len()
            ));
        }
        if named != g.named {
            failures.push(format!(
                "{}: named references differ\n  gold: {:?}\n  got:  {:?}",
                g.file, g.named, named
            ));
        }
        // Every range points at its text in its run.
        let runs = text_runs(&doc.body);
        for c in &e.citations {
            assert_eq!(&runs[c.run][c.range.clone()], c.text);
        }
        for n in &e.named {
            assert_eq!(&runs[n.run][n.range.clone()], n.text);
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn local_directives_cited_in_the_samples_get_pages() {
    let registry = Registry::builtin();
    let doc = read_document(Path::new(
        "content/ket-luan-ban-thuong-vu-tinh-uy-son-la-2022.md",
    ));
    let e = extract_document(&doc, &registry);
    let ids: Vec<&str> = e.discovered.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "349-qd-tu-2022-son-la",
            "18-ct-tu-2022-son-la",
            "62-kh-tu-2021-son-la",
            "84-kh-tu-2022-son-la",
            "889-qd-tu-2019-son-la",
            "335-kl-tu-2021-son-la",
        ]
    );
    let chi_thi = &e.discovered[1];
    assert_eq!(chi_thi.issuer.as_deref(), Some("Ban Thường vụ Tỉnh ủy"));
    assert_eq!(
        chi_thi.subject.as_deref(),
        Some(
            "nâng cao tinh thần, trách nhiệm nêu gương của cán bộ, đảng viên, công chức, viên chức"
        )
    );
    assert_eq!(chi_thi.province.as_deref(), Some("son-la"));
}

/// Throughput over the samples; run with `cargo test --release --test citations_gold --
/// --ignored --nocapture`.
#[test]
#[ignore]
fn throughput() {
    let registry = Registry::builtin();
    let docs: Vec<Document> = load_gold()
        .documents
        .iter()
        .map(|g| read_document(&Path::new("content").join(&g.file)))
        .collect();
    let bytes: usize = docs.iter().map(|d| d.body.len()).sum();
    let prepared: Vec<(Vec<String>, &Document)> =
        docs.iter().map(|d| (text_runs(&d.body), d)).collect();
    let rounds = 400;
    let start = Instant::now();
    let mut citations = 0;
    for _ in 0..rounds {
        for (runs, doc) in &prepared {
            let runs: Vec<&str> = runs.iter().map(String::as_str).collect();
            let date = DocDate::parse(&doc.front.date).unwrap();
            let citing = CitingDocument {
                own_number: None,
                date,
                province: Some("son-la"),
                listed: &[],
            };
            citations += extract(&runs, &citing, &registry).citations.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let docs_per_sec = (rounds * prepared.len()) as f64 / secs;
    println!(
        "{} documents, {:.1} MB in {secs:.2}s: {docs_per_sec:.0} documents/s, {:.1} MB/s, {citations} citations",
        rounds * prepared.len(),
        (rounds * bytes) as f64 / 1e6,
        (rounds * bytes) as f64 / 1e6 / secs
    );
}
