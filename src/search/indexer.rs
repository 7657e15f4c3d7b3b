//! Builds the search index of a site: sharded posting lists, document facets and one small
//! fragment per document for result display.
//!
//! Output under `search/`:
//! - `index.json` ([`Manifest`]): document count, the shard prefixes, facet names and year
//!   ranges — the only file every query needs;
//! - `s/<n>.json`: shard `n`, an object mapping each key to `[postings, variants…]`. A key
//!   belongs to the shard with the longest prefix that starts it, so a client finds any key's
//!   shard from the manifest alone;
//! - `facets.json`: each document's province and type, loaded only to filter by them;
//! - `d/<id>.json` ([`Fragment`]): what a result shows.
//!
//! Documents are numbered newest first (the site's order), drafts left out, so a year is a
//! contiguous id range and ties in ranking fall to the newest document.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::codec::{encode_postings, push_number, Posting, MAX_IMPACT};
use super::fxhash::FxHashMap;
use super::text::{excerpt, plain_text};
use super::tokenize::{Analyzer, TokKind};
use crate::error::{Diagnostic, Result};
use crate::index::TaxonomyKind;
use crate::output::Sink;
use crate::site::{Site, SiteDoc};

/// Version of the index format; `search.js` refuses other versions.
pub const FORMAT: u32 = 1;
/// Folder of the index inside the output.
pub const DIR: &str = "search";
/// Most spellings of one key that get their own bit in a posting's mask.
pub const MAX_VARIANTS: usize = 30;
/// Characters of document text kept in a fragment for snippets.
pub const FRAGMENT_CHARS: usize = 2000;
/// BM25 term-frequency saturation.
const K1: f64 = 1.2;
/// BM25 length normalisation.
const B: f64 = 0.75;

/// How the index is cut into files.
#[derive(Debug, Clone, Copy)]
pub struct IndexOptions {
    /// Target size of one shard in bytes; a shard holding a single large key may exceed it.
    pub shard_bytes: usize,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            shard_bytes: 24 * 1024,
        }
    }
}

/// A value readers can filter by (a province or a document type).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facet {
    /// URL slug, as in the site's index pages.
    pub slug: String,
    /// Display name.
    pub name: String,
}

/// The documents of one year: ids `first..=last`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearRange {
    /// The year.
    pub year: u16,
    /// First document id of the year.
    pub first: u32,
    /// Last document id of the year.
    pub last: u32,
}

/// `search/index.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: u32,
    /// Hash of the index content, appended to file URLs so browsers never mix two builds.
    pub version: String,
    /// Number of documents (ids `0..documents`).
    pub documents: u32,
    /// Shard prefixes; shard `n` is `s/<n>.json`.
    pub shards: Vec<String>,
    /// Provinces, in the site's order; facet codes index this list.
    pub provinces: Vec<Facet>,
    /// Document types; facet codes index this list.
    pub types: Vec<Facet>,
    /// Years, newest first, with their id ranges.
    pub years: Vec<YearRange>,
}

/// `search/d/<id>.json`: what a result shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fragment {
    /// Root-relative URL of the document.
    pub url: String,
    /// Title.
    pub title: String,
    /// Type name ("Kết luận").
    #[serde(rename = "type")]
    pub doc_type: String,
    /// Issuing body.
    pub issuer: Option<String>,
    /// Province name.
    pub province: Option<String>,
    /// Short date (`12/5/2022`, `năm 2023`).
    pub date: String,
    /// ISO date, for `<time datetime>`.
    pub date_iso: String,
    /// The document's own symbol.
    pub number: Option<String>,
    /// One-sentence summary, when the document has one.
    pub summary: Option<String>,
    /// The beginning of the text (at most [`FRAGMENT_CHARS`] characters), for snippets.
    pub text: String,
}

/// The index as files, before writing.
#[derive(Debug, Default)]
pub struct IndexFiles {
    /// `(path relative to the output root, bytes)`.
    pub files: Vec<(String, Vec<u8>)>,
    /// Number of keys (syllables, symbols and bigrams).
    pub keys: usize,
    /// Number of shards.
    pub shards: usize,
}

impl IndexFiles {
    /// Total bytes of all files.
    pub fn bytes(&self) -> usize {
        self.files.iter().map(|f| f.1.len()).sum()
    }
}

/// What a field of a document weighs in the term frequencies.
const TITLE: u32 = 5;
const SYMBOLS: u32 = 3;
const NAMES: u32 = 3;
const TYPE: u32 = 2;
const SUMMARY: u32 = 2;
const BODY: u32 = 1;

/// A posting before quantisation.
#[derive(Debug, Clone, Copy)]
struct RawPosting {
    doc: u32,
    tf: u16,
    mask: u32,
}

/// A key's postings, varint-coded as they arrive (document id delta, term frequency, variant
/// mask): about 3 bytes a posting instead of 12, so the index of 100,000 documents fits in
/// memory beside the rest of the build.
#[derive(Default)]
struct PostingList {
    bytes: Vec<u8>,
    last: u32,
}

impl PostingList {
    /// Appends a posting; documents come in increasing id order.
    fn push(&mut self, p: RawPosting) {
        // `last` starts at 0, so the first delta is the id itself.
        put_varint(&mut self.bytes, p.doc - self.last);
        put_varint(&mut self.bytes, u32::from(p.tf));
        put_varint(&mut self.bytes, p.mask);
        self.last = p.doc;
    }

    fn decode(&self) -> Vec<RawPosting> {
        let mut values = Varints::new(&self.bytes);
        let mut out = Vec::new();
        let mut doc = 0;
        while let Some(delta) = values.next() {
            doc += delta;
            let tf = values.next().unwrap_or(0) as u16;
            let mask = values.next().unwrap_or(0);
            out.push(RawPosting { doc, tf, mask });
        }
        out
    }
}

/// A phrase bigram's documents, as varint-coded id deltas.
#[derive(Default)]
struct DocList {
    bytes: Vec<u8>,
    last: u32,
}

impl DocList {
    fn push(&mut self, doc: u32) {
        put_varint(&mut self.bytes, doc - self.last);
        self.last = doc;
    }

    /// Appends another list whose documents all come after this one's.
    fn append(&mut self, other: &DocList) {
        for doc in other.decode() {
            self.push(doc);
        }
    }

    fn decode(&self) -> Vec<u32> {
        Varints::new(&self.bytes)
            .scan(0, |doc, delta| {
                *doc += delta;
                Some(*doc)
            })
            .collect()
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    // Posting lists grow by a quarter, not double: hundreds of megabytes of them live at
    // once at 100,000 documents, and doubling left a third of that unused on average.
    if out.capacity() - out.len() < 5 {
        out.reserve_exact((out.capacity() / 4).max(16));
    }
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The numbers [`put_varint`] wrote, in order.
struct Varints<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Varints<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Varints { bytes, at: 0 }
    }
}

impl Iterator for Varints<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if self.at >= self.bytes.len() {
            return None;
        }
        let mut v = 0u32;
        let mut shift = 0;
        while let Some(&b) = self.bytes.get(self.at) {
            self.at += 1;
            v |= u32::from(b & 0x7F) << shift;
            if b < 0x80 {
                break;
            }
            shift += 7;
        }
        Some(v)
    }
}

/// Where a key's entry comes from: a word's postings or a phrase's documents.
enum EntrySource {
    /// Key id in the merged index.
    Word(u32),
    /// The pair of key ids of a phrase bigram.
    Phrase(u64),
}

/// A phrase bigram's entry as a JSON member: `"a b":["postings"]`.
fn phrase_json(key: &str, docs: &[u32]) -> String {
    let encoded: Vec<Posting> = docs
        .iter()
        .map(|&doc| Posting {
            doc,
            impact: PHRASE_IMPACT,
            mask: None,
        })
        .collect();
    let mut json = serde_json::to_string(key).unwrap_or_default();
    json.push_str(":[\"");
    json.push_str(&encode_postings(&encoded));
    json.push_str("\"]");
    json
}

/// Impact written for every phrase bigram posting: a phrase counts once per document,
/// wherever it stands (the words' own impacts already weigh titles and frequency).
const PHRASE_IMPACT: u8 = MAX_IMPACT / 2;

/// The index of a run of consecutive documents.
#[derive(Default)]
struct Chunk {
    keys: Vec<String>,
    ids: FxHashMap<String, u32>,
    variants: Vec<Vec<String>>,
    postings: Vec<PostingList>,
    /// Bigram (pair of chunk key ids) → bigram number in this chunk.
    bigram_ids: FxHashMap<u64, u32>,
    /// Each bigram's pair of key ids and documents, by bigram number.
    bigrams: Vec<(u64, DocList)>,
    /// Key and variant bit of each spelling the analyzer numbered.
    spellings: Vec<Option<(u32, u32)>>,
    doc_len: Vec<u32>,
    fragments: Vec<Vec<u8>>,
}

/// Per-document scratch space, reused.
#[derive(Default)]
struct DocState {
    /// Term frequency and variant mask of each key (by chunk id) in the current document.
    terms: Vec<(u32, u32)>,
    /// Keys seen in the current document.
    touched: Vec<u32>,
    /// Last document (plus one) each bigram (by chunk number) was seen in.
    bigram_last: Vec<u32>,
    prev_word: Option<u32>,
}

impl Chunk {
    fn intern(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.keys.len() as u32;
        self.keys.push(key.to_string());
        self.ids.insert(key.to_string(), id);
        self.variants.push(Vec::new());
        self.postings.push(PostingList::default());
        id
    }

    fn variant_bit(&mut self, id: u32, variant: &str) -> u32 {
        let list = &mut self.variants[id as usize];
        match list.iter().position(|v| v == variant) {
            Some(i) => 1 << i,
            None if list.len() < MAX_VARIANTS => {
                list.push(variant.to_string());
                1 << (list.len() - 1)
            }
            None => 0,
        }
    }
}

/// The texts of a document with their weights.
fn fields<'a>(d: &'a SiteDoc, body: &'a str) -> Vec<(&'a str, u32)> {
    let m = &d.doc.meta;
    let mut f = vec![(m.title.as_str(), TITLE)];
    if let Some(n) = &m.number {
        f.push((n, SYMBOLS));
    }
    for dir in &m.directives {
        f.push((dir, SYMBOLS));
    }
    if let Some(p) = &m.province {
        f.push((p, NAMES));
    }
    if let Some(i) = &m.issuer {
        f.push((i, NAMES));
    }
    f.push((d.doc_type.name(), TYPE));
    if let Some(s) = &m.summary {
        f.push((s, SUMMARY));
    }
    for person in [&m.author, &m.signer].into_iter().flatten() {
        f.push((person, BODY));
    }
    f.push((body, BODY));
    f
}

fn index_chunk(
    root: &Path,
    first_id: u32,
    docs: &[&SiteDoc],
) -> std::result::Result<Chunk, Diagnostic> {
    let mut chunk = Chunk::default();
    let mut analyzer = Analyzer::new();
    let mut state = DocState::default();
    for (i, d) in docs.iter().enumerate() {
        let doc = first_id + i as u32;
        let text = plain_text(&d.body(root)?);
        let mut pos = 0;
        for (field, weight) in fields(d, &text) {
            state.prev_word = None;
            let end = analyzer.analyze(field, pos, &mut |t| {
                let cached = t
                    .spelling
                    .and_then(|s| chunk.spellings.get(s as usize).copied().flatten());
                let (id, bit) = match cached {
                    Some(c) => c,
                    None => {
                        let id = chunk.intern(t.key);
                        let bit = t.variant.map_or(0, |v| chunk.variant_bit(id, v));
                        if let Some(s) = t.spelling {
                            let s = s as usize;
                            if chunk.spellings.len() <= s {
                                chunk.spellings.resize(s + 1, None);
                            }
                            chunk.spellings[s] = Some((id, bit));
                        }
                        (id, bit)
                    }
                };
                let slot = id as usize;
                if state.terms.len() <= slot {
                    state.terms.resize(slot + 1, (0, 0));
                }
                let e = &mut state.terms[slot];
                if e.0 == 0 {
                    state.touched.push(id);
                }
                e.0 += weight;
                e.1 |= bit;
                if t.kind == TokKind::Word {
                    if let (true, Some(prev)) = (t.joined, state.prev_word) {
                        let pair = (u64::from(prev) << 32) | u64::from(id);
                        let next = chunk.bigrams.len() as u32;
                        let b = *chunk.bigram_ids.entry(pair).or_insert(next);
                        if b == next {
                            chunk.bigrams.push((pair, DocList::default()));
                        }
                        let slot = b as usize;
                        if state.bigram_last.len() <= slot {
                            state.bigram_last.resize(slot + 1, 0);
                        }
                        if state.bigram_last[slot] != doc + 1 {
                            state.bigram_last[slot] = doc + 1;
                            chunk.bigrams[slot].1.push(doc);
                        }
                    }
                    state.prev_word = Some(id);
                }
            });
            pos = end + 1;
        }
        chunk.doc_len.push(pos);
        let clamp = |tf: u32| tf.min(u32::from(u16::MAX)) as u16;
        for id in state.touched.drain(..) {
            let (tf, mask) = std::mem::take(&mut state.terms[id as usize]);
            chunk.postings[id as usize].push(RawPosting {
                doc,
                tf: clamp(tf),
                mask,
            });
        }
        chunk.fragments.push(fragment_json(d, &text));
    }
    Ok(chunk)
}

fn fragment_json(d: &SiteDoc, text: &str) -> Vec<u8> {
    let m = &d.doc.meta;
    let date = d.date();
    let f = Fragment {
        url: d.url.clone(),
        title: m.title.clone(),
        doc_type: d.doc_type.name().to_string(),
        issuer: d.issuer.as_ref().map(|t| t.name.clone()),
        province: m.province.clone(),
        date: date.short(),
        date_iso: date.iso(),
        number: m.number.clone(),
        summary: m.summary.clone(),
        text: excerpt(text, FRAGMENT_CHARS).replace('\n', " "),
    };
    serde_json::to_vec(&f).unwrap_or_default()
}

/// The whole collection's keys and postings, merged chunk by chunk in document order.
struct Merged {
    keys: Vec<String>,
    ids: FxHashMap<String, u32>,
    variants: Vec<Vec<String>>,
    postings: Vec<PostingList>,
    bigrams: FxHashMap<u64, DocList>,
    doc_len: Vec<u32>,
    /// FNV state over every fragment written so far, in document order.
    fragments_hash: u64,
}

impl Merged {
    fn new() -> Merged {
        Merged {
            keys: Vec::new(),
            ids: FxHashMap::default(),
            variants: Vec::new(),
            postings: Vec::new(),
            bigrams: FxHashMap::default(),
            doc_len: Vec::new(),
            fragments_hash: FNV_OFFSET,
        }
    }

    /// Adds the next chunk (in document order) and writes its fragments.
    fn add(&mut self, chunk: Chunk, sink: &dyn Sink) -> Result<()> {
        let mut to_global = Vec::with_capacity(chunk.keys.len());
        let chunk_variants = chunk.variants;
        for ((key, variants), postings) in chunk
            .keys
            .into_iter()
            .zip(chunk_variants)
            .zip(chunk.postings)
        {
            let id = match self.ids.get(&key) {
                Some(&id) => id,
                None => {
                    let id = self.keys.len() as u32;
                    self.ids.insert(key.clone(), id);
                    self.keys.push(key);
                    self.variants.push(Vec::new());
                    self.postings.push(PostingList::default());
                    id
                }
            };
            to_global.push(id);
            // Local variant bit i becomes global bit remap[i].
            let global = &mut self.variants[id as usize];
            let remap: Vec<Option<u32>> = variants
                .iter()
                .map(|v| match global.iter().position(|g| g == v) {
                    Some(i) => Some(i as u32),
                    None if global.len() < MAX_VARIANTS => {
                        global.push(v.clone());
                        Some(global.len() as u32 - 1)
                    }
                    None => None,
                })
                .collect();
            let target = &mut self.postings[id as usize];
            for mut p in postings.decode() {
                p.mask = remap_mask(p.mask, &remap);
                target.push(p);
            }
        }
        for (key, docs) in chunk.bigrams {
            let a = to_global[(key >> 32) as usize];
            let b = to_global[(key & 0xFFFF_FFFF) as usize];
            self.bigrams
                .entry((u64::from(a) << 32) | u64::from(b))
                .or_default()
                .append(&docs);
        }
        for (fragment, &len) in chunk.fragments.iter().zip(&chunk.doc_len) {
            let id = self.doc_len.len();
            fnv(&mut self.fragments_hash, fragment);
            sink.write(&format!("{DIR}/d/{id}.json"), fragment)?;
            self.doc_len.push(len);
        }
        Ok(())
    }
}

fn remap_mask(mask: u32, remap: &[Option<u32>]) -> u32 {
    let mut out = 0;
    for (i, to) in remap.iter().enumerate() {
        if let Some(to) = to {
            if mask & (1 << i) != 0 {
                out |= 1 << to;
            }
        }
    }
    out
}

/// BM25's term-frequency part, scaled to `1..=MAX_IMPACT`.
fn impact(tf: u16, len: u32, avg_len: f64) -> u8 {
    let tf = f64::from(tf);
    let norm = 1.0 - B + B * f64::from(len) / avg_len.max(1.0);
    let s = tf * (K1 + 1.0) / (tf + K1 * norm);
    let q = (s / (K1 + 1.0) * f64::from(MAX_IMPACT)).ceil();
    q.clamp(1.0, f64::from(MAX_IMPACT)) as u8
}

/// One key's entry as a JSON member: `"key":["postings","variant",…]`.
fn entry_json(
    key: &str,
    variants: &[String],
    postings: &[RawPosting],
    doc_len: &[u32],
    avg_len: f64,
) -> String {
    // Most frequent spelling first, so the common case needs no mask.
    let mut order: Vec<usize> = (0..variants.len()).collect();
    let df = |i: usize| postings.iter().filter(|p| p.mask & (1 << i) != 0).count();
    let dfs: Vec<usize> = order.iter().map(|&i| df(i)).collect();
    order.sort_by(|&a, &b| dfs[b].cmp(&dfs[a]).then(a.cmp(&b)));
    let remap: Vec<Option<u32>> = {
        let mut r = vec![None; variants.len()];
        for (new, &old) in order.iter().enumerate() {
            r[old] = Some(new as u32);
        }
        r
    };
    let only_itself = variants.is_empty() || (variants.len() == 1 && variants[0] == key);
    let with_masks = variants.len() > 1;
    let encoded: Vec<Posting> = postings
        .iter()
        .map(|p| {
            let mask = remap_mask(p.mask, &remap);
            Posting {
                doc: p.doc,
                impact: impact(
                    p.tf,
                    doc_len.get(p.doc as usize).copied().unwrap_or(1),
                    avg_len,
                ),
                mask: (with_masks && mask != 1).then_some(mask),
            }
        })
        .collect();
    let mut out = serde_json::to_string(key).unwrap_or_default();
    out.push_str(":[\"");
    out.push_str(&encode_postings(&encoded));
    out.push('"');
    if !only_itself {
        for &i in &order {
            out.push(',');
            out.push_str(&serde_json::to_string(&variants[i]).unwrap_or_default());
        }
    }
    out.push(']');
    out
}

/// Assigns each of the sorted `keys` to a shard: a shard covers the keys starting with its
/// prefix that no longer shard prefix covers; a shard over `limit` bytes gives its largest
/// groups of keys (by next character) their own shards until it fits.
pub fn assign_shards(keys: &[(&str, usize)], limit: usize) -> (Vec<String>, Vec<u32>) {
    let mut prefixes = Vec::new();
    let mut assign = vec![0u32; keys.len()];
    split(
        keys,
        0,
        keys.len(),
        String::new(),
        limit,
        &mut prefixes,
        &mut assign,
    );
    (prefixes, assign)
}

fn split(
    keys: &[(&str, usize)],
    lo: usize,
    hi: usize,
    prefix: String,
    limit: usize,
    prefixes: &mut Vec<String>,
    assign: &mut [u32],
) {
    let id = prefixes.len() as u32;
    let plen = prefix.len();
    prefixes.push(prefix.clone());
    let total: usize = keys[lo..hi].iter().map(|k| k.1).sum();
    if total > limit {
        // Groups of keys by the character after the prefix (keys are sorted, so each group is
        // one run); the key equal to the prefix itself stays here.
        let mut groups: Vec<(usize, usize, usize)> = Vec::new();
        let mut i = lo;
        while i < hi {
            let Some(c) = keys[i].0[plen..].chars().next() else {
                i += 1;
                continue;
            };
            let mut j = i;
            let mut size = 0;
            while j < hi && keys[j].0[plen..].starts_with(c) {
                size += keys[j].1;
                j += 1;
            }
            groups.push((i, j, size));
            i = j;
        }
        groups.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        let mut own = vec![true; hi - lo];
        let mut remaining = total;
        for &(glo, ghi, size) in &groups {
            if remaining <= limit {
                break;
            }
            let first = keys[glo].0;
            let c = first[plen..].chars().next().map_or(0, char::len_utf8);
            let child = first[..plen + c].to_string();
            split(keys, glo, ghi, child, limit, prefixes, assign);
            own[glo - lo..ghi - lo].fill(false);
            remaining -= size;
        }
        // Whatever was not given its own shard stays in this one.
        for (a, mine) in assign[lo..hi].iter_mut().zip(own) {
            if mine {
                *a = id;
            }
        }
        return;
    }
    assign[lo..hi].fill(id);
}

/// The shard of `key`: the one with the longest prefix of it.
pub fn shard_of(prefixes: &HashMap<&str, u32>, key: &str) -> u32 {
    let mut end = key.len();
    loop {
        if let Some(&id) = prefixes.get(&key[..end]) {
            return id;
        }
        match key[..end].char_indices().next_back() {
            Some((i, _)) => end = i,
            None => return prefixes.get("").copied().unwrap_or(0),
        }
    }
}

/// FNV-1a's starting state.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a, for the content version.
fn fnv(hash: &mut u64, bytes: &[u8]) {
    for &b in bytes {
        *hash ^= u64::from(b);
        *hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
}

/// Documents indexed by one task.
const CHUNK_DOCS: usize = 1024;

/// What [`build_into`] wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct IndexStats {
    /// Documents indexed.
    pub documents: usize,
    /// Number of keys (syllables, symbols and bigrams).
    pub keys: usize,
    /// Number of shards.
    pub shards: usize,
}

/// Builds the search index of `site` in memory (for tests and measurement). Drafts are
/// never indexed.
pub fn build(site: &Site, options: IndexOptions) -> crate::Result<IndexFiles> {
    let sink = crate::output::MemorySink::default();
    let stats = build_into(site, options, &sink)?;
    Ok(IndexFiles {
        files: sink.into_files().into_iter().collect(),
        keys: stats.keys,
        shards: stats.shards,
    })
}

/// Builds the search index of `site` into `sink`. Drafts are never indexed. Documents are
/// indexed in waves of chunks, each wave merged (and its result fragments written) while the
/// next is indexed, so memory holds the compact postings and one wave, never every body or
/// fragment. Fails when a released body cannot be read again or a file cannot be written.
pub fn build_into(
    site: &Site,
    options: IndexOptions,
    sink: &dyn Sink,
) -> crate::Result<IndexStats> {
    let docs: Vec<&SiteDoc> = site
        .documents
        .iter()
        .filter(|d| !d.doc.meta.draft)
        .collect();
    // One chunk per core: a wave indexes while the previous one is merged, and two waves in
    // memory at once are the search index's share of the build's peak.
    let wave_docs = CHUNK_DOCS * rayon::current_num_threads().max(1);
    let index_wave = |start: usize| -> crate::Result<Vec<Chunk>> {
        let wave = &docs[start..(start + wave_docs).min(docs.len())];
        wave.par_chunks(CHUNK_DOCS)
            .enumerate()
            .map(|(i, c)| index_chunk(&site.root, (start + i * CHUNK_DOCS) as u32, c))
            .collect::<std::result::Result<_, Diagnostic>>()
            .map_err(|d| crate::Error::Invalid(vec![d]))
    };
    let mut merged = Merged::new();
    let mut pending: Vec<Chunk> = Vec::new();
    let mut start = 0;
    while start < docs.len() {
        let ready = std::mem::take(&mut pending);
        let merged_ref = &mut merged;
        let (done, next) = rayon::join(
            move || ready.into_iter().try_for_each(|c| merged_ref.add(c, sink)),
            || index_wave(start),
        );
        done?;
        pending = next?;
        start += wave_docs;
    }
    for c in pending {
        merged.add(c, sink)?;
    }
    let avg_len = if merged.doc_len.is_empty() {
        1.0
    } else {
        merged.doc_len.iter().map(|&l| f64::from(l)).sum::<f64>() / merged.doc_len.len() as f64
    };
    let Merged {
        keys,
        variants,
        postings,
        bigrams,
        doc_len,
        fragments_hash,
        ..
    } = merged;
    // Shards are cut from the entries' sizes alone; each shard is then encoded again,
    // straight into its file. The index is never held as JSON in full: at 100,000 documents
    // that was 200 MB beside the postings, twice over while shards were assembled.
    let entry_of = |source: &EntrySource, key: &str| -> String {
        match *source {
            EntrySource::Word(id) => {
                let id = id as usize;
                entry_json(
                    key,
                    &variants[id],
                    &postings[id].decode(),
                    &doc_len,
                    avg_len,
                )
            }
            EntrySource::Phrase(pair) => {
                let docs = bigrams.get(&pair).map(DocList::decode).unwrap_or_default();
                phrase_json(key, &docs)
            }
        }
    };
    let mut sized: Vec<(String, EntrySource, usize)> = (0..keys.len() as u32)
        .into_par_iter()
        .map(|id| (keys[id as usize].clone(), EntrySource::Word(id)))
        .chain(bigrams.par_iter().map(|(&pair, _)| {
            let a = &keys[(pair >> 32) as usize];
            let b = &keys[(pair & 0xFFFF_FFFF) as usize];
            (format!("{a} {b}"), EntrySource::Phrase(pair))
        }))
        .map(|(key, source)| {
            let size = entry_of(&source, &key).len() + 1;
            (key, source, size)
        })
        .collect();
    sized.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let key_count = sized.len();
    let (prefixes, assign) = {
        let sizes: Vec<(&str, usize)> = sized.iter().map(|(k, _, n)| (k.as_str(), *n)).collect();
        assign_shards(&sizes, options.shard_bytes)
    };
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); prefixes.len()];
    for (i, &s) in assign.iter().enumerate() {
        members[s as usize].push(i);
    }
    let shard_hashes: Vec<u64> = members
        .par_iter()
        .enumerate()
        .map(|(n, entries)| {
            let mut json = String::from("{");
            for (j, &i) in entries.iter().enumerate() {
                if j > 0 {
                    json.push(',');
                }
                let (key, source, _) = &sized[i];
                json.push_str(&entry_of(source, key));
            }
            json.push('}');
            let mut hash = FNV_OFFSET;
            fnv(&mut hash, json.as_bytes());
            sink.write(&format!("{DIR}/s/{n}.json"), json.as_bytes())?;
            Ok(hash)
        })
        .collect::<crate::Result<_>>()?;

    let (provinces, types, years, facets) = facets(site, &docs);
    let mut hash = FNV_OFFSET;
    for h in &shard_hashes {
        fnv(&mut hash, &h.to_le_bytes());
    }
    fnv(&mut hash, facets.as_bytes());
    fnv(&mut hash, &fragments_hash.to_le_bytes());
    let manifest = Manifest {
        format: FORMAT,
        version: format!("{:012x}", hash & 0xFFFF_FFFF_FFFF),
        documents: docs.len() as u32,
        shards: prefixes,
        provinces,
        types,
        years,
    };
    let shards = shard_hashes.len();
    sink.write(&format!("{DIR}/facets.json"), facets.as_bytes())?;
    // The manifest last: it names the shards the files above hold.
    sink.write(
        &format!("{DIR}/index.json"),
        &serde_json::to_vec(&manifest).unwrap_or_default(),
    )?;
    Ok(IndexStats {
        documents: docs.len(),
        keys: key_count,
        shards,
    })
}

/// Provinces and types (only those with indexed documents, in the site's order), year ranges,
/// and `facets.json`: `{"province": codes, "type": codes}`, one number per document.
fn facets(site: &Site, docs: &[&SiteDoc]) -> (Vec<Facet>, Vec<Facet>, Vec<YearRange>, String) {
    let pick = |kind: TaxonomyKind, slug_of: &dyn Fn(&SiteDoc) -> String| {
        let used: std::collections::HashSet<String> = docs.iter().map(|d| slug_of(d)).collect();
        let list: Vec<Facet> = site
            .taxonomy(kind)
            .terms
            .iter()
            .filter(|t| used.contains(&t.slug))
            .map(|t| Facet {
                slug: t.slug.clone(),
                name: t.name.clone(),
            })
            .collect();
        let index: HashMap<String, usize> = list
            .iter()
            .enumerate()
            .map(|(i, f)| (f.slug.clone(), i))
            .collect();
        let mut codes = String::new();
        for d in docs {
            push_number(
                &mut codes,
                index.get(&slug_of(d)).copied().unwrap_or(0) as u64,
            );
        }
        (list, codes)
    };
    let (provinces, pcodes) = pick(TaxonomyKind::Province, &|d| d.province.slug.clone());
    let (types, tcodes) = pick(TaxonomyKind::Type, &|d| d.doc_type.slug());
    let mut years: Vec<YearRange> = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let y = d.date().year();
        match years.last_mut() {
            Some(r) if r.year == y => r.last = i as u32,
            _ => years.push(YearRange {
                year: y,
                first: i as u32,
                last: i as u32,
            }),
        }
    }
    let json = serde_json::json!({ "province": pcodes, "type": tcodes }).to_string();
    (provinces, types, years, json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posting_lists_give_back_what_was_pushed() {
        let postings = [
            RawPosting {
                doc: 0,
                tf: 1,
                mask: 1,
            },
            RawPosting {
                doc: 127,
                tf: 300,
                mask: 0,
            },
            RawPosting {
                doc: 128,
                tf: u16::MAX,
                mask: 1 << 29,
            },
            RawPosting {
                doc: 4_000_000_000,
                tf: 2,
                mask: 5,
            },
        ];
        let mut list = PostingList::default();
        for p in postings {
            list.push(p);
        }
        let back = list.decode();
        assert_eq!(back.len(), postings.len());
        for (a, b) in back.iter().zip(&postings) {
            assert_eq!((a.doc, a.tf, a.mask), (b.doc, b.tf, b.mask));
        }
        // Small gaps take one byte each: the point of the encoding.
        let mut docs = DocList::default();
        for d in 10..20 {
            docs.push(d);
        }
        assert_eq!(docs.bytes.len(), 10);
        let mut later = DocList::default();
        later.push(1000);
        later.push(70_000);
        docs.append(&later);
        let all = docs.decode();
        assert_eq!(all.len(), 12);
        assert_eq!(&all[9..], &[19, 1000, 70_000]);
    }

    #[test]
    fn impacts_grow_with_frequency_and_shrink_with_length() {
        assert!(impact(3, 100, 100.0) > impact(1, 100, 100.0));
        assert!(impact(2, 50, 100.0) > impact(2, 400, 100.0));
        assert!((1..=MAX_IMPACT).contains(&impact(u16::MAX, 1, 100.0)));
        assert!((1..=MAX_IMPACT).contains(&impact(1, u32::MAX, 1.0)));
    }

    #[test]
    fn every_key_lands_in_the_shard_of_its_longest_prefix() {
        let mut raw: Vec<String> = Vec::new();
        for a in [
            "son", "sơn", "so", "soi", "sang", "ta", "tap", "tap va", "05-ct", "05-ct/tw",
        ] {
            raw.push(a.to_string());
            for i in 0..5 {
                raw.push(format!("{a}{i}"));
            }
        }
        raw.sort();
        let keys: Vec<(&str, usize)> = raw.iter().map(|k| (k.as_str(), 40)).collect();
        let (prefixes, assign) = assign_shards(&keys, 100);
        assert!(prefixes.len() > 5, "{prefixes:?}");
        let map: HashMap<&str, u32> = prefixes
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), i as u32))
            .collect();
        assert_eq!(map.len(), prefixes.len(), "prefixes are unique");
        for (k, &a) in keys.iter().zip(&assign) {
            assert_eq!(shard_of(&map, k.0), a, "{}", k.0);
        }
        // Shards stay near the limit: none holds more than the limit plus one group.
        let mut sizes = vec![0; prefixes.len()];
        for (k, &a) in keys.iter().zip(&assign) {
            sizes[a as usize] += k.1;
        }
        assert!(sizes.iter().all(|&s| s <= 100 + 240), "{sizes:?}");
    }

    #[test]
    fn variants_remap_by_bit() {
        assert_eq!(remap_mask(0b101, &[Some(2), None, Some(0)]), 0b101);
        assert_eq!(remap_mask(0b011, &[Some(1), Some(0), None]), 0b011);
        assert_eq!(remap_mask(0b010, &[Some(1), None]), 0);
    }
}
