//! Measures the search index on a large site (not part of the normal test run):
//!
//! ```sh
//! BANTIN_MEASURE_SITE=/dev/shm/c10k BANTIN_MEASURE_OUT=/dev/shm/c10k-out \
//!   cargo test --release --test search_measure -- --ignored --nocapture
//! ```
//! `BANTIN_MEASURE_OUT` is the site built by `bantin build`; the test times building the
//! index alone and reports the bytes each typical query downloads (manifest, shards, facets
//! when filtering, and the fragments of the first page of results).

use std::path::PathBuf;
use std::time::Instant;

use bantin::search::query::PAGE_SIZE;
use bantin::search::{DirSource, Filters, IndexOptions, Searcher};
use bantin::{BuildOptions, Site};

#[test]
#[ignore = "measurement on a large generated site; run by hand"]
fn measure_index_and_query_bytes() {
    let (Some(site_dir), Some(out)) = (
        std::env::var_os("BANTIN_MEASURE_SITE"),
        std::env::var_os("BANTIN_MEASURE_OUT"),
    ) else {
        eprintln!("SKIPPED: set BANTIN_MEASURE_SITE and BANTIN_MEASURE_OUT");
        return;
    };
    let t = Instant::now();
    let site = Site::load(&PathBuf::from(site_dir), BuildOptions::default()).expect("site loads");
    eprintln!(
        "load: {:.2} s, {} documents",
        t.elapsed().as_secs_f64(),
        site.documents.len()
    );
    let shard_bytes = std::env::var("BANTIN_SHARD_BYTES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(IndexOptions::default().shard_bytes);
    // CPU time of the phases (this machine is shared: wall time varies with its load).
    let t = cpu_seconds();
    let texts: Vec<String> = site
        .documents
        .iter()
        .map(|d| bantin::search::text::plain_text(&d.doc.body))
        .collect();
    eprintln!("plain text of every body: {:.2} s CPU", cpu_seconds() - t);
    let t = cpu_seconds();
    let symbols: usize = texts
        .iter()
        .map(|t| bantin::search::tokenize::find_symbols(t).len())
        .sum();
    eprintln!(
        "finding symbols: {:.2} s CPU, {symbols} symbols",
        cpu_seconds() - t
    );
    let t = cpu_seconds();
    let mut analyzer = bantin::search::tokenize::Analyzer::new();
    let mut tokens = 0usize;
    for text in &texts {
        analyzer.analyze(text, 0, &mut |_| tokens += 1);
    }
    eprintln!(
        "tokenizing every body: {:.2} s CPU, {tokens} tokens",
        cpu_seconds() - t
    );
    for _ in 0..2 {
        let cpu = cpu_seconds();
        let t = Instant::now();
        let index = bantin::search::build(&site, IndexOptions { shard_bytes }).unwrap();
        eprintln!(
            "index build: {:.2} s wall, {:.2} s CPU; {} files, {:.1} MB, {} keys, {} shards",
            t.elapsed().as_secs_f64(),
            cpu_seconds() - cpu,
            index.files.len(),
            index.bytes() as f64 / 1e6,
            index.keys,
            index.shards
        );
    }
    let out = PathBuf::from(out);
    let queries: &[(&str, Filters)] = &[
        ("son la", Filters::default()),
        ("chi thi 05", Filters::default()),
        ("dang uy", Filters::default()),
        ("05-CT/TW", Filters::default()),
        ("học tập và làm theo", Filters::default()),
        ("kế hoạch tuyên truyền", Filters::default()),
        (
            "nêu gương",
            Filters {
                province: Some("son-la".into()),
                year: Some(2023),
                ..Filters::default()
            },
        ),
    ];
    for (q, f) in queries {
        let mut s = Searcher::open(DirSource(out.clone())).expect("index opens");
        let t = Instant::now();
        let hits = s.search(q, f).expect("search");
        let index_bytes = s.bytes_read();
        for h in hits.iter().take(PAGE_SIZE) {
            s.fragment(h.doc).expect("fragment");
        }
        let files = s
            .files_read()
            .iter()
            .filter(|f| f.starts_with("s/"))
            .count();
        eprintln!(
            "{q:?} {f:?}: {} hits, {:.0} KB index ({files} shards) + {:.0} KB fragments = {:.0} KB; {:.0} ms",
            hits.len(),
            index_bytes as f64 / 1024.0,
            (s.bytes_read() - index_bytes) as f64 / 1024.0,
            s.bytes_read() as f64 / 1024.0,
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// CPU time (user + system) of this process so far, from /proc (Linux).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // Fields 14 and 15 of the file (utime, stime) are 12 and 13 after the command name.
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}
