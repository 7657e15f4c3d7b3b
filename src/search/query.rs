//! Querying the index: the algorithm `search.js` runs in the browser, in Rust, so tests can
//! check rankings and measure what a query downloads.
//!
//! A query is analysed like a document ([`super::tokenize`]). Each position becomes a
//! [`Term`] whose alternatives are index keys; a symbol accepts its number-and-type part at
//! a lower weight. Type words consumed by a citation ("chỉ thị" in "chỉ thị 05") are optional.
//!
//! Ranking, in order: required terms matched; phrase bigrams matched (consecutive query words
//! found consecutive); terms matched with the exact diacritics typed; BM25-like score
//! (idf × impact, with a folded-only match worth [`DIACRITIC_SIMILARITY`] of an exact one);
//! newest first. Only documents matching the most required terms are returned.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use serde::Serialize;
use thiserror::Error;

use super::codec::{decode_postings, CodecError, NumberReader, MAX_IMPACT};
use super::indexer::{shard_of, Fragment, Manifest, DIR, FORMAT};
use super::tokenize::{Analyzer, TokKind};
use crate::vi::nfc;

/// Weight of a folded-only match relative to an exact-diacritic one (as in Pagefind).
pub const DIACRITIC_SIMILARITY: f64 = 0.8;
/// Weight of a symbol query's number-and-type part (`05-ct` for `05-CT/TW`).
pub const PARTIAL_WEIGHT: f64 = 0.7;
/// Weight of a phrase bigram's score.
pub const PHRASE_WEIGHT: f64 = 1.0;
/// Results per page in the browser.
pub const PAGE_SIZE: usize = 10;

/// Why a search failed.
#[derive(Debug, Error)]
pub enum SearchError {
    /// An index file is missing.
    #[error("missing index file {0}")]
    Missing(String),
    /// An index file is not what this version writes.
    #[error("bad index file {file}: {reason}")]
    Bad {
        /// The file.
        file: String,
        /// What is wrong.
        reason: String,
    },
}

impl From<(String, CodecError)> for SearchError {
    fn from((file, e): (String, CodecError)) -> Self {
        SearchError::Bad {
            file,
            reason: e.to_string(),
        }
    }
}

/// One way a term can match: an index key and its weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alt {
    /// Index key.
    pub key: String,
    /// Weight of a match through this key.
    pub weight: f64,
}

/// One position of the query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    /// Keys that match it.
    pub alts: Vec<Alt>,
    /// The spelling typed, when it carries diacritics (ranks exact matches first).
    pub variant: Option<String>,
    /// False for words a citation consumed; they add to the score only.
    pub required: bool,
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Query {
    /// Terms in query order.
    pub terms: Vec<Term>,
    /// Phrase keys: consecutive words, `"hoc tap"`.
    pub bigrams: Vec<String>,
}

/// Parses what a reader typed.
pub fn parse_query(text: &str) -> Query {
    #[derive(Default)]
    struct Slot {
        word: Option<(String, String)>,
        joined: bool,
        symbol: Option<String>,
        partial: Option<(String, u32)>,
    }
    let text = nfc(text);
    let mut slots: Vec<Slot> = Vec::new();
    Analyzer::new().analyze(&text, 0, &mut |t| {
        let p = t.pos as usize;
        while slots.len() <= p {
            slots.push(Slot::default());
        }
        let s = &mut slots[p];
        match t.kind {
            TokKind::Word => {
                s.word = Some((t.key.to_string(), t.variant.unwrap_or(t.key).to_string()));
                s.joined = t.joined;
            }
            TokKind::Symbol => s.symbol = Some(t.key.to_string()),
            TokKind::Partial { consumed } => s.partial = Some((t.key.to_string(), consumed)),
        }
    });
    let mut optional = vec![false; slots.len()];
    for (p, s) in slots.iter().enumerate() {
        if let Some((_, consumed)) = &s.partial {
            for o in optional
                .iter_mut()
                .take(p)
                .skip(p.saturating_sub(*consumed as usize))
            {
                *o = true;
            }
        }
    }
    let mut q = Query::default();
    for (p, s) in slots.iter().enumerate() {
        let alt = |key: &str, weight: f64| Alt {
            key: key.to_string(),
            weight,
        };
        let (alts, variant) = match (&s.symbol, &s.partial, &s.word) {
            (Some(full), Some((part, _)), _) => {
                (vec![alt(full, 1.0), alt(part, PARTIAL_WEIGHT)], None)
            }
            (None, Some((part, _)), _) => (vec![alt(part, 1.0)], None),
            (_, _, Some((key, variant))) => (
                vec![alt(key, 1.0)],
                (variant != key).then(|| variant.clone()),
            ),
            _ => continue,
        };
        q.terms.push(Term {
            alts,
            variant,
            required: !optional[p],
        });
        // Phrases are made of plain words: a citation ("chỉ thị 05") matches as a whole.
        let plain =
            |i: usize| slots[i].symbol.is_none() && slots[i].partial.is_none() && !optional[i];
        let prev = p.checked_sub(1).filter(|&i| plain(i) && plain(p));
        if let (true, Some(prev), Some((key, _))) =
            (s.joined, prev.and_then(|i| slots[i].word.as_ref()), &s.word)
        {
            let b = format!("{} {key}", prev.0);
            if !q.bigrams.contains(&b) {
                q.bigrams.push(b);
            }
        }
    }
    q
}

/// Where index files come from: a folder, an in-memory build, the network.
pub trait Source {
    /// The bytes of `path` (relative to the `search/` folder), if it exists.
    fn read(&self, path: &str) -> Option<Vec<u8>>;
}

/// Index files in a built site's output folder.
#[derive(Debug, Clone)]
pub struct DirSource(pub PathBuf);

impl Source for DirSource {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        std::fs::read(self.0.join(DIR).join(path)).ok()
    }
}

impl Source for HashMap<String, Vec<u8>> {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.get(&format!("{DIR}/{path}")).cloned()
    }
}

/// Restricts results.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Province slug.
    pub province: Option<String>,
    /// Document type slug.
    pub doc_type: Option<String>,
    /// Year of issue.
    pub year: Option<u16>,
}

/// A matching document and why it ranks where it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// Document id (fragment `d/<id>.json`).
    pub doc: u32,
    /// Required terms matched.
    pub matched: u32,
    /// Phrase bigrams matched.
    pub phrases: u32,
    /// Terms matched with the diacritics typed.
    pub exact: u32,
    /// Score × 1000, rounded (so Rust and JavaScript agree on ties).
    pub score: i64,
}

/// A decoded index entry.
#[derive(Debug, Clone)]
struct Entry {
    postings: Vec<super::codec::Posting>,
    variants: Vec<String>,
}

/// Runs queries against an index, fetching only the files each query needs.
pub struct Searcher<S: Source> {
    source: S,
    manifest: Manifest,
    prefixes: HashMap<String, u32>,
    shards: HashMap<u32, HashMap<String, Vec<String>>>,
    facets: Option<(Vec<u32>, Vec<u32>)>,
    bytes: usize,
    files: BTreeSet<String>,
}

impl<S: Source> Searcher<S> {
    /// Opens an index by reading its manifest.
    pub fn open(source: S) -> Result<Self, SearchError> {
        let mut files = BTreeSet::new();
        let bytes = source
            .read("index.json")
            .ok_or_else(|| SearchError::Missing("index.json".into()))?;
        files.insert("index.json".to_string());
        let manifest: Manifest = serde_json::from_slice(&bytes).map_err(|e| SearchError::Bad {
            file: "index.json".into(),
            reason: e.to_string(),
        })?;
        if manifest.format != FORMAT {
            return Err(SearchError::Bad {
                file: "index.json".into(),
                reason: format!("format {} (expected {FORMAT})", manifest.format),
            });
        }
        let prefixes = manifest
            .shards
            .iter()
            .enumerate()
            .map(|(i, p)| (p.clone(), i as u32))
            .collect();
        Ok(Searcher {
            source,
            manifest,
            prefixes,
            shards: HashMap::new(),
            facets: None,
            bytes: bytes.len(),
            files,
        })
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Bytes read so far (manifest, shards, facets, fragments), as a browser would download.
    pub fn bytes_read(&self) -> usize {
        self.bytes
    }

    /// Files read so far.
    pub fn files_read(&self) -> &BTreeSet<String> {
        &self.files
    }

    fn fetch(&mut self, path: &str) -> Result<Vec<u8>, SearchError> {
        let bytes = self
            .source
            .read(path)
            .ok_or_else(|| SearchError::Missing(path.to_string()))?;
        if self.files.insert(path.to_string()) {
            self.bytes += bytes.len();
        }
        Ok(bytes)
    }

    fn entry(&mut self, key: &str) -> Result<Option<Entry>, SearchError> {
        let map: HashMap<&str, u32> = self
            .prefixes
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        let shard = shard_of(&map, key);
        if !self.shards.contains_key(&shard) {
            let path = format!("s/{shard}.json");
            let bytes = self.fetch(&path)?;
            let parsed: HashMap<String, Vec<String>> =
                serde_json::from_slice(&bytes).map_err(|e| SearchError::Bad {
                    file: path.clone(),
                    reason: e.to_string(),
                })?;
            self.shards.insert(shard, parsed);
        }
        let Some(raw) = self.shards.get(&shard).and_then(|s| s.get(key)) else {
            return Ok(None);
        };
        let file = format!("s/{shard}.json");
        let postings = decode_postings(raw.first().map_or("", String::as_str))
            .map_err(|e| SearchError::from((file, e)))?;
        let mut variants: Vec<String> = raw.iter().skip(1).cloned().collect();
        if variants.is_empty() {
            variants.push(key.to_string());
        }
        Ok(Some(Entry { postings, variants }))
    }

    fn facet_codes(&mut self) -> Result<&(Vec<u32>, Vec<u32>), SearchError> {
        if self.facets.is_none() {
            let bytes = self.fetch("facets.json")?;
            let bad = |reason: String| SearchError::Bad {
                file: "facets.json".into(),
                reason,
            };
            let v: HashMap<String, String> =
                serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
            let decode = |s: Option<&String>| -> Result<Vec<u32>, SearchError> {
                let mut r = NumberReader::new(s.map_or("", String::as_str));
                let mut out = Vec::new();
                while !r.is_done() {
                    out.push(r.next_number().map_err(|e| bad(e.to_string()))? as u32);
                }
                Ok(out)
            };
            self.facets = Some((decode(v.get("province"))?, decode(v.get("type"))?));
        }
        self.facets
            .as_ref()
            .ok_or_else(|| SearchError::Missing("facets.json".into()))
    }

    /// A predicate for the filters, or `None` when nothing can match them.
    fn allowed(&mut self, filters: &Filters) -> Result<Option<Vec<bool>>, SearchError> {
        let n = self.manifest.documents as usize;
        let mut ok = vec![true; n];
        if let Some(y) = filters.year {
            match self.manifest.years.iter().find(|r| r.year == y) {
                Some(r) => {
                    for (i, o) in ok.iter_mut().enumerate() {
                        *o = (r.first as usize..=r.last as usize).contains(&i);
                    }
                }
                None => return Ok(None),
            }
        }
        let want = |list: &[super::indexer::Facet], slug: &Option<String>| -> Option<Option<u32>> {
            slug.as_ref()
                .map(|s| list.iter().position(|f| &f.slug == s).map(|i| i as u32))
        };
        let province = want(&self.manifest.provinces, &filters.province);
        let doc_type = want(&self.manifest.types, &filters.doc_type);
        if province == Some(None) || doc_type == Some(None) {
            return Ok(None);
        }
        if province.is_some() || doc_type.is_some() {
            let (pc, tc) = self.facet_codes()?;
            for (i, o) in ok.iter_mut().enumerate() {
                if let Some(Some(p)) = province {
                    *o &= pc.get(i) == Some(&p);
                }
                if let Some(Some(t)) = doc_type {
                    *o &= tc.get(i) == Some(&t);
                }
            }
        }
        Ok(Some(ok))
    }

    /// Every document matching `text` and `filters`, best first.
    pub fn search(&mut self, text: &str, filters: &Filters) -> Result<Vec<Hit>, SearchError> {
        let q = parse_query(text);
        if q.terms.is_empty() {
            return Ok(Vec::new());
        }
        let Some(allowed) = self.allowed(filters)? else {
            return Ok(Vec::new());
        };
        let n = f64::from(self.manifest.documents);
        let idf = |df: usize| (1.0 + (n - df as f64 + 0.5) / (df as f64 + 0.5)).ln();
        #[derive(Default, Clone, Copy)]
        struct Acc {
            matched: u32,
            phrases: u32,
            exact: u32,
            score: f64,
        }
        let mut acc: HashMap<u32, Acc> = HashMap::new();
        for term in &q.terms {
            let mut best: HashMap<u32, (f64, bool)> = HashMap::new();
            for alt in &term.alts {
                let Some(entry) = self.entry(&alt.key)? else {
                    continue;
                };
                let w = alt.weight * idf(entry.postings.len());
                let wanted = term
                    .variant
                    .as_ref()
                    .map(|v| entry.variants.iter().position(|x| x == v));
                for p in &entry.postings {
                    if !allowed.get(p.doc as usize).copied().unwrap_or(false) {
                        continue;
                    }
                    let exact = match wanted {
                        None => false,
                        Some(None) => false,
                        Some(Some(i)) => match p.mask {
                            None => i == 0,
                            Some(m) => i < 32 && m & (1 << i) != 0,
                        },
                    };
                    let factor = if wanted.is_some() && !exact {
                        DIACRITIC_SIMILARITY
                    } else {
                        1.0
                    };
                    let c = w * f64::from(p.impact) / f64::from(MAX_IMPACT) * factor;
                    let b = best.entry(p.doc).or_insert((0.0, false));
                    if c > b.0 {
                        b.0 = c;
                    }
                    b.1 |= exact;
                }
            }
            let mut docs: Vec<(u32, (f64, bool))> = best.into_iter().collect();
            docs.sort_unstable_by_key(|d| d.0);
            for (doc, (c, exact)) in docs {
                let a = acc.entry(doc).or_default();
                a.score += c;
                a.matched += u32::from(term.required);
                a.exact += u32::from(exact);
            }
        }
        for b in &q.bigrams {
            let Some(entry) = self.entry(b)? else {
                continue;
            };
            let w = PHRASE_WEIGHT * idf(entry.postings.len());
            for p in &entry.postings {
                if let Some(a) = acc.get_mut(&p.doc) {
                    a.phrases += 1;
                    a.score += w * f64::from(p.impact) / f64::from(MAX_IMPACT);
                }
            }
        }
        let top = acc.values().map(|a| a.matched).max().unwrap_or(0);
        let mut hits: Vec<Hit> = acc
            .into_iter()
            .filter(|(_, a)| a.matched == top)
            .map(|(doc, a)| Hit {
                doc,
                matched: a.matched,
                phrases: a.phrases,
                exact: a.exact,
                score: (a.score * 1000.0).round() as i64,
            })
            .collect();
        hits.sort_by(|a, b| {
            (b.matched, b.phrases, b.exact, b.score, a.doc)
                .cmp(&(a.matched, a.phrases, a.exact, a.score, b.doc))
        });
        Ok(hits)
    }

    /// The display data of a result.
    pub fn fragment(&mut self, doc: u32) -> Result<Fragment, SearchError> {
        let path = format!("d/{doc}.json");
        let bytes = self.fetch(&path)?;
        serde_json::from_slice(&bytes).map_err(|e| SearchError::Bad {
            file: path,
            reason: e.to_string(),
        })
    }
}

/// A piece of a snippet; `hit` pieces are highlighted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// The text.
    pub text: String,
    /// True for words the query matched.
    pub hit: bool,
}

/// Words shown in a snippet.
pub const SNIPPET_WORDS: usize = 30;

/// The part of `text` (at most `words` positions) that matches the most distinct query
/// terms, earliest first, with the matching words marked.
pub fn snippet(text: &str, query: &Query, words: usize) -> Vec<Segment> {
    // Words a citation consumed ("chỉ thị" of "chỉ thị 05") are marked as part of the
    // citation, not wherever they occur ("Hồ Chí Minh").
    let any_required = query.terms.iter().any(|t| t.required);
    let mut keys: HashMap<&str, usize> = HashMap::new();
    for (i, t) in query.terms.iter().enumerate() {
        if t.required || !any_required {
            for a in &t.alts {
                keys.entry(a.key.as_str()).or_insert(i);
            }
        }
    }
    // Per position: byte span, the term it is marked for, and the term its own token matched.
    let mut spans: Vec<(usize, usize, Option<usize>, Option<usize>)> = Vec::new();
    Analyzer::new().analyze(text, 0, &mut |t| {
        let p = t.pos as usize;
        if spans.len() <= p {
            spans.push((t.start, t.end, None, None));
        }
        if let Some(&term) = keys.get(t.key) {
            if let Some(s) = spans.get_mut(p) {
                s.3.get_or_insert(term);
            }
            // A citation in words marks its type name too (the positions it reaches back to).
            for s in spans.iter_mut().rev() {
                if s.1 <= t.start && s.0 < t.start {
                    break;
                }
                s.2.get_or_insert(term);
            }
        }
    });
    if spans.is_empty() {
        return Vec::new();
    }
    let words = words.max(1);
    // Most distinct terms first; then the matches nearest the middle; then the earliest.
    let mut best = (0usize, 0usize, usize::MAX);
    for start in 0..spans.len() {
        let end = (start + words).min(spans.len());
        let window = &spans[start..end];
        let distinct: BTreeSet<usize> = window.iter().filter_map(|s| s.3).collect();
        let first = window.iter().position(|s| s.3.is_some());
        let last = window.iter().rposition(|s| s.3.is_some());
        let imbalance = match (first, last) {
            (Some(f), Some(l)) => f.abs_diff(window.len() - 1 - l),
            _ => usize::MAX,
        };
        if distinct.len() > best.1 || (distinct.len() == best.1 && imbalance < best.2) {
            best = (start, distinct.len(), imbalance);
        }
        if end == spans.len() {
            break;
        }
    }
    let start = best.0;
    let end = (start + words).min(spans.len());
    let mut out = Vec::new();
    let mut push = |text: &str, hit: bool| {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(Segment { text: t, hit: h }) if *h == hit => t.push_str(text),
            _ => out.push(Segment {
                text: text.to_string(),
                hit,
            }),
        }
    };
    if start > 0 {
        push("…", false);
    }
    let mut at = spans[start].0;
    let mut prev_hit = false;
    for s in &spans[start..end] {
        let gap = &text[at..s.0];
        let hit = s.2.is_some();
        // Spaces between two highlighted words are highlighted too: one mark per phrase.
        push(gap, prev_hit && hit && gap.chars().all(|c| c == ' '));
        push(&text[s.0..s.1], hit);
        at = s.1;
        prev_hit = hit;
    }
    if end < spans.len() {
        push("…", false);
    } else {
        push(&text[at..], false);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(t: &Term) -> Vec<&str> {
        t.alts.iter().map(|a| a.key.as_str()).collect()
    }

    #[test]
    fn folded_words_want_no_variant_and_accented_ones_do() {
        let q = parse_query("son la");
        assert_eq!(q.terms.len(), 2);
        assert_eq!(q.terms[0].variant, None);
        assert_eq!(q.bigrams, ["son la"]);
        let q = parse_query("Sơn La");
        assert_eq!(q.terms[0].variant.as_deref(), Some("sơn"));
        assert_eq!(q.terms[1].variant, None);
        assert_eq!(keys(&q.terms[0]), ["son"]);
    }

    #[test]
    fn citations_become_directive_terms() {
        let q = parse_query("chi thi 05");
        assert_eq!(q.terms.len(), 3);
        assert!(!q.terms[0].required && !q.terms[1].required);
        assert_eq!(keys(&q.terms[2]), ["05-ct"]);
        assert!(q.terms[2].required);
        assert!(q.bigrams.is_empty(), "{:?}", q.bigrams);
        let q = parse_query("05-CT/TW");
        assert_eq!(q.terms.len(), 1);
        assert_eq!(keys(&q.terms[0]), ["05-ct/tw", "05-ct"]);
        assert!(q.bigrams.is_empty());
    }

    #[test]
    fn phrases_stop_at_punctuation() {
        let q = parse_query("học tập, làm theo");
        assert_eq!(q.bigrams, ["hoc tap", "lam theo"]);
    }

    #[test]
    fn snippets_centre_on_the_matches() {
        let text = "Mở đầu một hai ba bốn năm sáu bảy tám chín mười. Tỉnh Sơn La thực hiện Chỉ thị số 05-CT/TW rất tốt.";
        let segs = snippet(text, &parse_query("son la chi thi 05"), 8);
        let hits: Vec<&str> = segs
            .iter()
            .filter(|s| s.hit)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(hits, ["Sơn La", "Chỉ thị số 05-CT/TW"]);
        assert_eq!(segs[0].text, "…");
        let none = snippet("Không có gì", &parse_query("xyz"), 8);
        assert_eq!(none.len(), 1);
        assert!(!none[0].hit);
    }
}
