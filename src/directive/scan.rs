//! Finding citations in one run of plain text: full symbols with what surrounds them (type
//! words, date, issuing body, term, subject), short forms ("Chỉ thị 05") and plenum
//! references ("Nghị quyết Trung ương 4 (khóa XII)"). Nothing here decides which directive
//! is meant; that is [`super::resolve`].
//!
//! The patterns accept the look-alike spaces, dashes and slashes of real texts directly, so
//! the text is never rewritten and every range points into the run as written.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::symbol::{
    canonical_issuer, is_known_issuer, parse_number, Kind, Symbol, DASH, SLASH, SP, TYPE,
};
use crate::doctype::DocType;
use crate::vi::{match_key, DocDate};

/// Digits as typed: ASCII or full-width (what [`parse_number`] reads).
const DIGIT: &str = r"[0-9\u{FF10}-\u{FF19}]";

/// Type names that may precede a symbol or a bare number, longest first.
const TYPE_WORDS: &str = "Nghị quyết|Quyết định|Qu[yi] định|Chỉ thị|Kết luận|Qu[yi] chế|Thông tri|Hướng dẫn|Thông báo|Thông cáo|Báo cáo|Kế hoạch|Quy hoạch|Chương trình hành động|Chương trình|Đề án|Tờ trình|Công văn|Biên bản|Giấy mời";

struct Patterns {
    symbol: Regex,
    type_before: Regex,
    date_after: Regex,
    body_after: Regex,
    term_after: Regex,
    subject_after: Regex,
    short: Regex,
    named: Regex,
    named_terms: Regex,
    term_list: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        // Issuer: the dotted forms, an upper-case abbreviation (stops before "và" in
        // "TW và" glued as "TWvà", and before a superscript footnote mark), or a known
        // abbreviation in lower case for texts typed all in lower case.
        let symbol = format!(
            r"(?P<num>{DIGIT}{{1,4}}){SP}{{0,3}}{DASH}{SP}{{0,3}}(?P<type>{TYPE}){SP}{{0,3}}{SLASH}{SP}{{0,3}}(?P<iss>T\.[ƯW]|\p{{Lu}}[\p{{Lu}}0-9]{{0,11}}|(?P<lc>t\.?ư|tw|tu|hu|qu|[đð]uk|[đð]u|vptw|btctw|btgtw|ubkttw|vptu|ubkttu))|(?P<inum>{DIGIT}{{1,4}}){SP}{{0,2}}{SLASH}{SP}{{0,2}}(?P<itype>{TYPE}){SP}{{0,2}}(?:{DASH}|{SLASH}){SP}{{0,2}}(?P<iiss>TW|TƯ|T\.Ư|TU|HU|QU|[ĐÐ]UK|[ĐÐ]U)"
        );
        let tw = type_words();
        let type_before = format!(r"(?i)(?P<w>{tw}){SP}+(?:số{SP}*:?{SP}*)?$");
        let date_after = format!(
            r"^{SP}*(?:,{SP}*)?(?:(?i:ban hành|ký){SP}+)?(?i:ngày){SP}+(?:(?P<dmy>\d{{1,2}}{SP}*[/.]{SP}*\d{{1,2}}{SP}*[/.]{SP}*\d{{4}}|\d{{1,2}}{SP}*{DASH}{SP}*\d{{1,2}}{SP}*{DASH}{SP}*\d{{4}})|(?P<words>\d{{1,2}}{SP}+(?i:tháng){SP}+\d{{1,2}}{SP}+(?i:năm){SP}+\d{{4}}))"
        );
        let body_after = format!(r"^{SP}*,?{SP}*(?i:của|do){SP}+");
        let term_after = format!(
            r"^{SP}*,?{SP}*\(?{SP}*(?i:khóa|khoá){SP}+(?P<t>[IVXL]+|\d{{1,2}})\b{SP}*\)?"
        );
        let subject_after =
            format!(r#"^{SP}*,?{SP}*[“"‘']?{SP}*(?i:về)(?:{SP}+(?i:việc))?{SP}+"#);
        let short = format!(
            r"(?i)(?P<w>{tw}){SP}+(?:số{SP}*:?{SP}*)?(?P<n>{DIGIT}{{1,4}})"
        );
        // The head only: a Unicode \b would keep the fast engines off Vietnamese text, so
        // the terms after it are read by an anchored pattern.
        let named = format!(
            r"(?i)(?:Nghị{SP}+quyết|NQ|Kết{SP}+luận){SP}+(?:(?:Hội{SP}+nghị|HN){SP}+)?(?:Trung{SP}+ương|TW|T\.Ư|TƯ){SP}*(?P<n>[0-9]{{1,2}})"
        );
        let named_terms = format!(
            r"^{SP}*[,(]?{SP}*(?i:khóa|khoá){SP}+(?:[IVXL]+|[0-9]{{1,2}})\b(?:{SP}*,{SP}*(?:[IVXL]+|[0-9]{{1,2}})\b)*{SP}*\)?"
        );
        let term_list = r"(?i)\b([IVXL]+|\d{1,2})\b".to_string();
        let re = |p: &str| Regex::new(p).unwrap_or_else(|e| panic!("citation pattern: {e}"));
        Patterns {
            symbol: re(&symbol),
            type_before: re(&type_before),
            date_after: re(&date_after),
            body_after: re(&body_after),
            term_after: re(&term_after),
            subject_after: re(&subject_after),
            short: re(&short),
            named: re(&named),
            named_terms: re(&named_terms),
            term_list: re(&term_list),
        }
    })
}

/// What level of the Party an issuing body named in the text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyLevel {
    /// Bộ Chính trị.
    Politburo,
    /// Ban Bí thư.
    Secretariat,
    /// Ban Chấp hành Trung ương.
    CentralCommittee,
    /// Another central body (Ban Tuyên giáo Trung ương …).
    CentralOther,
    /// Tỉnh ủy / Thành ủy / Đảng bộ tỉnh and its Ban Thường vụ, Thường trực.
    Province,
    /// Đảng ủy Khối of a province.
    Bloc,
    /// Huyện ủy, Quận ủy, Thị ủy.
    District,
    /// Anything else (Đảng ủy of a commune or agency …).
    Other,
}

impl BodyLevel {
    /// The words an issuer description of this level contains, as a match key.
    pub(crate) fn central_key(self) -> Option<&'static str> {
        match self {
            BodyLevel::Politburo => Some("bộ chính trị"),
            BodyLevel::Secretariat => Some("ban bí thư"),
            BodyLevel::CentralCommittee => Some("trung ương"),
            _ => None,
        }
    }
}

/// An issuing body named after a citation: "của Ban Thường vụ Tỉnh ủy Hà Giang".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Body<'t> {
    /// The body's name as written ("Ban Thường vụ Tỉnh ủy Hà Giang").
    pub text: &'t str,
    /// Its level.
    pub level: BodyLevel,
    /// The place named at its end ("Hà Giang"), if any.
    pub place: Option<&'t str>,
}

/// A full symbol found in a run, with what the text says around it.
#[derive(Debug, Clone)]
pub(crate) struct FullMatch<'t> {
    /// What a link covers: type words, symbol and a date that follows directly.
    pub range: Range<usize>,
    /// The symbol, canonical.
    pub symbol: Symbol,
    /// The date of issue as cited.
    pub date: Option<DocDate>,
    /// The type named before the symbol.
    pub type_word: Option<DocType>,
    /// The issuing body named after it.
    pub body: Option<Body<'t>>,
    /// The Central Committee term named after it ("khóa XII").
    pub term: Option<u32>,
    /// The subject words ("về …") that follow.
    pub subject: Option<&'t str>,
}

/// A type word and bare number ("Chỉ thị 05", "Quy định số 37").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ShortMatch {
    /// Type word through number.
    pub range: Range<usize>,
    /// The family the type word stands for.
    pub kind: Kind,
    /// The number.
    pub number: u32,
}

/// "Nghị quyết Trung ương 4 (khóa XII, XIII)".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NamedMatch {
    /// The whole reference.
    pub range: Range<usize>,
    /// The plenum number.
    pub plenum: u8,
    /// The terms named, in order; empty when the text names none.
    pub terms: Vec<u32>,
}

/// Largest char boundary of `s` at or below `i`.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Cheap test before any regex: a symbol needs a slash.
pub(crate) fn may_contain_symbol(run: &str) -> bool {
    run.as_bytes().contains(&b'/')
        || run.contains('\u{2215}')
        || run.contains('\u{2044}')
        || run.contains('\u{FF0F}')
}

/// Cheap test before the plenum pattern.
pub(crate) fn may_contain_named(run: &str) -> bool {
    run.contains("ương") || run.contains("ƯƠNG") || run.contains("TW") || run.contains("TƯ")
}

/// True when `range` lies inside a whitespace-delimited token that looks like a URL, an
/// e-mail address or a file path.
fn in_url(run: &str, range: &Range<usize>) -> bool {
    let start = run[..range.start]
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + run[i..].chars().next().map_or(1, char::len_utf8));
    let end = run[range.end..]
        .find(char::is_whitespace)
        .map_or(run.len(), |i| range.end + i);
    let token = &run[start..end];
    let lower = token.to_ascii_lowercase();
    lower.contains("://")
        || lower.starts_with("www.")
        || lower.contains('@')
        || [
            ".vn/", ".com/", ".org/", ".net/", ".gov/", ".html", ".htm", ".pdf", ".doc",
        ]
        .iter()
        .any(|t| lower.contains(t))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The document type a type word names ("Qui định" → Quy định, "Chương trình hành động"
/// → Chương trình), by a table built once: the regex only ever matches the listed words.
fn doc_type_of_word(word: &str) -> Option<DocType> {
    static TABLE: OnceLock<Vec<(String, Option<DocType>)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        TYPE_WORDS
            .replace("Qu[yi]", "Quy")
            .split('|')
            .flat_map(|w| {
                let ty = DocType::parse(w.trim_end_matches(" hành động")).ok();
                let lower = w.to_lowercase();
                let qui = lower.replacen("quy ", "qui ", 1);
                [(lower, ty), (qui, ty)]
            })
            .collect()
    });
    let mut key = String::with_capacity(word.len());
    for (i, w) in word
        .split(|c: char| c.is_whitespace() || c == '\u{200B}')
        .filter(|w| !w.is_empty())
        .enumerate()
    {
        if i > 0 {
            key.push(' ');
        }
        key.extend(w.chars().flat_map(char::to_lowercase));
    }
    table
        .iter()
        .find(|(k, _)| *k == key)
        .and_then(|(_, ty)| *ty)
}

/// The type-word alternation with any kind of space between syllables.
fn type_words() -> String {
    TYPE_WORDS.replace(' ', &format!("{SP}+"))
}

/// Finds every full symbol in `run`, in order.
pub(crate) fn scan_full(run: &str) -> Vec<FullMatch<'_>> {
    let mut out: Vec<FullMatch<'_>> = Vec::new();
    if !may_contain_symbol(run) {
        return out;
    }
    let p = patterns();
    // First pass: the symbols themselves, so each one's tail can stop at the next.
    let mut found: Vec<(Range<usize>, Symbol, bool)> = Vec::new();
    for c in p.symbol.captures_iter(run) {
        let Some(whole) = c.get(0) else { continue };
        let range = whole.range();
        let before = run[..range.start].chars().next_back();
        let after = run[range.end..].chars().next();
        let (num, ty, iss, inverted) = match (c.name("num"), c.name("inum")) {
            (Some(n), _) => (n, c.name("type"), c.name("iss"), false),
            (None, Some(n)) => (n, c.name("itype"), c.name("iiss"), true),
            _ => continue,
        };
        let (Some(ty), Some(iss)) = (ty, iss) else {
            continue;
        };
        // The number must start a token: not the tail of a longer number, a date or a
        // state symbol ("2020/QĐ-…"), nor glued to a Latin word.
        if before.is_some_and(|b| {
            b.is_ascii_alphanumeric()
                || b.is_numeric()
                || matches!(
                    b,
                    '/' | '-' | '_' | '.' | '\\' | '@' | '#' | '=' | '&' | '+'
                )
        }) {
            continue;
        }
        let lower = c.name("lc").is_some();
        if (lower || inverted) && after.is_some_and(is_word_char) {
            continue;
        }
        // A hyphenated issuer ("TWĐTN-VP") is the Youth Union's, not the Party's.
        if !lower && !inverted && after.is_some_and(|a| a == '-') {
            let rest = &run[range.end..];
            if rest[1..].chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
        }
        let Some(number) = parse_number(num.as_str()) else {
            continue;
        };
        let Some(kind) = Kind::from_abbr(ty.as_str()) else {
            continue;
        };
        let written = iss.as_str();
        let (issuer, iss_end) = match canonical_issuer(written) {
            Some(i) if plausible_issuer(&i) => (i, iss.end()),
            _ => match known_prefix(written) {
                Some((i, len)) => (i, iss.start() + len),
                None => continue,
            },
        };
        if lower && !is_known_issuer(&issuer) {
            continue;
        }
        let range = range.start..iss_end;
        if in_url(run, &range) {
            continue;
        }
        let Some(symbol) = Symbol::new(number, kind, &issuer) else {
            continue;
        };
        let tu = {
            let w: String = written.chars().filter(|c| *c != '.').collect();
            w == "TƯ" || w == "tư"
        };
        found.push((range, symbol, tu));
    }
    for (i, (sym_range, symbol, tu)) in found.iter().enumerate() {
        let prev_end = if i == 0 { 0 } else { found[i - 1].0.end };
        let next_start = found.get(i + 1).map_or(run.len(), |f| f.0.start);
        out.push(describe(
            run,
            sym_range.clone(),
            symbol.clone(),
            *tu,
            prev_end,
            next_start,
        ));
    }
    out
}

/// Only abbreviation letters: ASCII capitals, Đ, Ư (and the conventional `ThU`).
fn plausible_issuer(issuer: &str) -> bool {
    issuer == "ThU"
        || issuer
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == 'Đ' || c == 'Ư')
}

/// The longest known issuer that `written` starts with ("TWVÀ" in all-caps text → "TW").
fn known_prefix(written: &str) -> Option<(String, usize)> {
    let mut best = None;
    for (i, _) in written.char_indices().skip(1).chain([(written.len(), ' ')]) {
        if let Some(c) = canonical_issuer(&written[..i]) {
            if is_known_issuer(&c) {
                best = Some((c, i));
            }
        }
    }
    best
}

/// Reads what surrounds one symbol: type words before it; date, body, term and subject
/// after it (never beyond `next_start`, the next symbol).
fn describe(
    run: &str,
    sym: Range<usize>,
    mut symbol: Symbol,
    tu_written: bool,
    prev_end: usize,
    next_start: usize,
) -> FullMatch<'_> {
    let p = patterns();
    let lo = floor_boundary(run, sym.start.saturating_sub(64)).max(prev_end);
    let mut start = sym.start;
    let mut type_word = None;
    if let Some(c) = p.type_before.captures(&run[lo..sym.start]) {
        if let Some(w) = c.name("w") {
            let abs = lo + w.start();
            let word_start = run[..abs]
                .chars()
                .next_back()
                .is_none_or(|b| !is_word_char(b));
            if word_start {
                start = abs;
                type_word = doc_type_of_word(w.as_str());
            }
        }
    }
    let mut end = sym.end;
    let mut pos = sym.end;
    let tail = |pos: usize| &run[pos..next_start.max(pos)];
    let mut date = None;
    if let Some(c) = p.date_after.captures(tail(pos)) {
        let text = c
            .name("dmy")
            .map(|m| {
                m.as_str()
                    .chars()
                    .filter(|ch| {
                        !ch.is_whitespace() && !matches!(ch, '\u{200B}' | '\u{FEFF}' | '\u{00AD}')
                    })
                    .map(|ch| {
                        if matches!(ch, '\u{2010}'..='\u{2014}' | '\u{2212}' | '\u{FF0D}') {
                            '-'
                        } else {
                            ch
                        }
                    })
                    .collect::<String>()
            })
            .or_else(|| {
                c.name("words").map(|m| {
                    format!(
                        "ngày {}",
                        m.as_str().split_whitespace().collect::<Vec<_>>().join(" ")
                    )
                })
            });
        if let (Some(text), Some(whole)) = (text, c.get(0)) {
            if let Ok(d) = DocDate::parse(&text) {
                date = Some(d);
                pos += whole.end();
                end = pos;
            }
        }
    }
    let mut body = None;
    if let Some(m) = p.body_after.find(tail(pos)) {
        let at = pos + m.end();
        if let Some((b, len)) = read_body(&run[at..next_start.max(at)]) {
            body = Some(b);
            pos = at + len;
        }
    }
    if date.is_none() && body.is_some() {
        // "Kết luận số 01-KL/TW của Bộ Chính trị ngày 18/5/2021": the date after the body.
        if let Some(c) = p.date_after.captures(tail(pos)) {
            if let Some(m) = c.name("dmy") {
                let text: String = m.as_str().split_whitespace().collect();
                if let Ok(d) = DocDate::parse(&text) {
                    date = Some(d);
                    pos += c.get(0).map_or(0, |w| w.end());
                }
            }
        }
    }
    let mut term = None;
    if let Some(c) = p.term_after.captures(tail(pos)) {
        term = c
            .name("t")
            .and_then(|t| super::registry::term_number(t.as_str()));
        pos += c.get(0).map_or(0, |w| w.end());
    }
    let mut subject = None;
    if let Some(m) = p.subject_after.find(tail(pos)) {
        let from = pos + m.end();
        let limit = floor_boundary(run, (from + 200).min(next_start.max(from)));
        let window = &run[from..limit.max(from)];
        let cut = window.find([';', '”', '"', '\n']).unwrap_or(window.len());
        let s = window[..cut].trim().trim_end_matches([',', '.', ':']);
        if !s.is_empty() {
            subject = Some(s);
        }
    }
    if tu_written
        && body
            .as_ref()
            .is_some_and(|b| b.level == BodyLevel::Province)
    {
        // OCR turns U into Ư: "TƯ" with "của Ban Thường vụ Tỉnh ủy" is a Tỉnh ủy symbol.
        if let Some(s) = Symbol::new(symbol.number(), symbol.kind(), "TU") {
            symbol = s;
        }
    }
    FullMatch {
        range: start..end,
        symbol,
        date,
        type_word,
        body,
        term,
        subject,
    }
}

/// Lower-case words that continue the name of a Party body.
const BODY_WORDS: &[&str] = &[
    "chính",
    "trị",
    "bí",
    "thư",
    "chấp",
    "hành",
    "trung",
    "ương",
    "thường",
    "vụ",
    "trực",
    "tỉnh",
    "ủy",
    "uỷ",
    "thành",
    "phố",
    "huyện",
    "quận",
    "thị",
    "xã",
    "phường",
    "đảng",
    "bộ",
    "khối",
    "các",
    "cơ",
    "quan",
    "doanh",
    "nghiệp",
    "tuyên",
    "giáo",
    "dân",
    "vận",
    "tổ",
    "chức",
    "kiểm",
    "tra",
    "văn",
    "phòng",
    "ban",
    "đặc",
    "khu",
];

/// Words that may open a body's name.
const BODY_STARTS: &[&str] = &[
    "bộ",
    "ban",
    "thường",
    "tỉnh",
    "thành",
    "huyện",
    "quận",
    "thị",
    "đảng",
    "ủy",
    "uỷ",
    "văn",
    "hội",
    "bch",
    "btv",
];

/// Words that place a body at a level, as match keys, most specific first.
fn body_levels() -> &'static [(Vec<String>, BodyLevel)] {
    static LEVELS: OnceLock<Vec<(Vec<String>, BodyLevel)>> = OnceLock::new();
    LEVELS.get_or_init(|| {
        let keys = |words: &[&str]| words.iter().map(|w| match_key(w)).collect::<Vec<_>>();
        vec![
            (keys(&["bộ chính trị"]), BodyLevel::Politburo),
            (keys(&["ban bí thư"]), BodyLevel::Secretariat),
            (
                keys(&[
                    "ban chấp hành trung ương",
                    "hội nghị trung ương",
                    "trung ương đảng",
                ]),
                BodyLevel::CentralCommittee,
            ),
            (keys(&["trung ương"]), BodyLevel::CentralOther),
            (keys(&["đảng ủy khối"]), BodyLevel::Bloc),
            (
                keys(&["tỉnh ủy", "thành ủy", "đảng bộ tỉnh", "đảng bộ thành phố"]),
                BodyLevel::Province,
            ),
            (
                keys(&["huyện ủy", "quận ủy", "thị ủy", "đảng bộ huyện"]),
                BodyLevel::District,
            ),
        ]
    })
}

/// Reads the body's name at the start of `text` (just after "của"); returns it and the
/// bytes it spans.
fn read_body(text: &str) -> Option<(Body<'_>, usize)> {
    // Split into words, stopping at punctuation that ends a name.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut cur: Option<usize> = None;
    let mut stop_at = text.len();
    for (i, c) in text.char_indices() {
        if c.is_whitespace() || words.len() > 16 {
            if let Some(s) = cur.take() {
                words.push((s, i));
            }
            if words.len() > 16 {
                stop_at = i;
                break;
            }
            continue;
        }
        if matches!(
            c,
            ',' | ';' | ':' | '(' | ')' | '“' | '”' | '"' | '.' | '[' | ']' | '/'
        ) {
            stop_at = i;
            break;
        }
        if cur.is_none() {
            cur = Some(i);
        }
    }
    if let Some(s) = cur {
        words.push((s, stop_at));
    }
    let first = words.first()?;
    let first_word = text[first.0..first.1].to_lowercase();
    if !BODY_STARTS.contains(&first_word.as_str()) {
        return None;
    }
    let mut last = 0;
    let mut i = 1;
    while i < words.len() {
        let w = &text[words[i].0..words[i].1];
        let lower = w.to_lowercase();
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        let ok = if lower == "và" {
            words
                .get(i + 1)
                .is_some_and(|n| text[n.0..n.1].to_lowercase() == "doanh")
        } else if w == "-" || w == "–" {
            // "Bà Rịa - Vũng Tàu"
            words.get(i + 1).is_some_and(|n| {
                text[n.0..n.1]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            })
        } else {
            (capital || BODY_WORDS.contains(&lower.as_str()))
                && !matches!(lower.as_str(), "khóa" | "khoá" | "về" | "ngày" | "số")
        };
        if !ok {
            break;
        }
        last = i;
        i += 1;
    }
    while last > 0 {
        let w = text[words[last].0..words[last].1].to_lowercase();
        if matches!(w.as_str(), "các" | "và" | "-" | "–") {
            last -= 1;
        } else {
            break;
        }
    }
    let end = words[last].1;
    let name = &text[..end];
    let key = match_key(name);
    let level = body_levels()
        .iter()
        .find(|(needles, _)| needles.iter().any(|n| key.contains(n.as_str())))
        .map_or(BodyLevel::Other, |(_, level)| *level);
    // The place: the capitalised words after the last word of the body's own name.
    let mut place_from = None;
    for j in (1..=last).rev() {
        let w = &text[words[j].0..words[j].1];
        let lower = w.to_lowercase();
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        let is_place_word = (capital || w == "-" || w == "–")
            && !matches!(
                lower.as_str(),
                "ủy" | "uỷ"
                    | "tỉnh"
                    | "thành"
                    | "huyện"
                    | "quận"
                    | "khối"
                    | "đảng"
                    | "bộ"
                    | "ban"
                    | "thường"
                    | "chính"
                    | "trị"
                    | "trung"
                    | "ương"
                    | "phố"
                    | "thị"
            );
        if is_place_word {
            place_from = Some(j);
        } else {
            break;
        }
    }
    let place = place_from.map(|j| &text[words[j].0..end]);
    Some((
        Body {
            text: name,
            level,
            place,
        },
        end,
    ))
}

/// Finds type words with bare numbers ("Chỉ thị 05", "Quy định số 37") outside `taken`
/// (the ranges of full citations).
pub(crate) fn scan_short(run: &str, taken: &[Range<usize>]) -> Vec<ShortMatch> {
    let p = patterns();
    let mut out = Vec::new();
    if !run.bytes().any(|b| b.is_ascii_digit()) {
        return out;
    }
    for m in p.short.find_iter(run) {
        let range = m.range();
        // Most type words met here open a full citation already found.
        if taken
            .iter()
            .any(|t| t.start < range.end && range.start < t.end)
        {
            continue;
        }
        let Some(c) = p.short.captures(m.as_str()) else {
            continue;
        };
        let (Some(w), Some(n)) = (c.name("w"), c.name("n")) else {
            continue;
        };
        if run[..range.start]
            .chars()
            .next_back()
            .is_some_and(is_word_char)
        {
            continue;
        }
        let rest = &run[range.end..];
        if rest.chars().next().is_some_and(is_word_char) {
            continue;
        }
        // Not a bare number: part of a symbol, a state symbol, a decimal, a period.
        let trimmed = rest.trim_start_matches(|ch: char| ch.is_whitespace());
        let mut chars = trimmed.chars();
        let next = chars.next();
        if next.is_some_and(|ch| {
            matches!(
                ch,
                '/' | '\u{FF0F}' | '\u{2215}' | '\u{2044}' | '-' | '\u{2010}'
                    ..='\u{2014}' | '\u{2212}' | '%'
            )
        }) {
            continue;
        }
        if matches!(next, Some('.' | ',')) && chars.next().is_some_and(|ch| ch.is_ascii_digit()) {
            continue;
        }
        let first_word: String = trimmed
            .split(|ch: char| !ch.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_lowercase();
        if matches!(
            first_word.as_str(),
            "năm" | "tháng" | "ngày" | "giờ" | "lần" | "tuần" | "quý"
        ) {
            continue;
        }
        let Some(kind) = doc_type_of_word(w.as_str()).and_then(Kind::from_doc_type) else {
            continue;
        };
        let Some(number) = parse_number(n.as_str()) else {
            continue;
        };
        if in_url(run, &range) {
            continue;
        }
        out.push(ShortMatch {
            range,
            kind,
            number,
        });
    }
    out
}

/// Finds plenum references: "Nghị quyết Trung ương 4 (khóa XII, XIII)", "NQ TW4 khóa 11".
pub(crate) fn scan_named(run: &str) -> Vec<NamedMatch> {
    let mut out = Vec::new();
    if !may_contain_named(run) {
        return out;
    }
    let p = patterns();
    for c in p.named.captures_iter(run) {
        let (Some(whole), Some(n)) = (c.get(0), c.name("n")) else {
            continue;
        };
        if run[..whole.start()]
            .chars()
            .next_back()
            .is_some_and(is_word_char)
            || run[whole.end()..].chars().next().is_some_and(is_word_char)
        {
            continue;
        }
        let Ok(plenum) = n.as_str().parse::<u8>() else {
            continue;
        };
        let mut range = whole.range();
        let mut terms = Vec::new();
        if let Some(t) = p.named_terms.find(&run[whole.end()..]) {
            let list = t.as_str();
            let after_khoa = list
                .to_lowercase()
                .find("kh")
                .map_or(0, |i| i + "khóa".len());
            let after_khoa = floor_boundary(list, after_khoa);
            for m in p.term_list.find_iter(&list[after_khoa..]) {
                if let Some(k) = super::registry::term_number(m.as_str()) {
                    terms.push(k);
                }
            }
            range.end += list.len();
            // A closing parenthesis belongs to the reference only if it opened one.
            if list.ends_with(')') && !list.contains('(') {
                range.end -= 1;
            }
            let trimmed = run[range.clone()].trim_end();
            range.end = range.start + trimmed.len();
        }
        if in_url(run, &range) {
            continue;
        }
        out.push(NamedMatch {
            range,
            plenum,
            terms,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(run: &str) -> FullMatch<'_> {
        let v = scan_full(run);
        assert_eq!(v.len(), 1, "{run}: {v:#?}");
        v.into_iter().next().unwrap()
    }

    fn text<'a>(run: &'a str, r: &Range<usize>) -> &'a str {
        &run[r.clone()]
    }

    #[test]
    fn range_covers_type_words_symbol_and_date() {
        let run = "Thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị về tiếp tục";
        let m = one(run);
        assert_eq!(text(run, &m.range), "Kết luận số 01-KL/TW ngày 18/5/2021");
        assert_eq!(m.date, Some(DocDate::ymd(2021, 5, 18).unwrap()));
        assert_eq!(m.type_word, Some(DocType::Conclusion));
        let body = m.body.unwrap();
        assert_eq!(body.text, "Bộ Chính trị");
        assert_eq!(body.level, BodyLevel::Politburo);
        assert_eq!(m.subject, Some("tiếp tục"));
    }

    #[test]
    fn body_with_place_and_term() {
        let run =
            "Chỉ thị số 18-CT/TU ngày 5/3/2023 của Ban Thường vụ Tỉnh ủy Hà Giang về nêu gương";
        let b = one(run).body.unwrap();
        assert_eq!(b.text, "Ban Thường vụ Tỉnh ủy Hà Giang");
        assert_eq!(b.level, BodyLevel::Province);
        assert_eq!(b.place, Some("Hà Giang"));
        let run = "Quy định số 124-QĐ/TW ngày 02/02/2018 của Ban Bí thư khóa XII về \"Giám sát\"";
        let m = one(run);
        assert_eq!(m.body.unwrap().level, BodyLevel::Secretariat);
        assert_eq!(m.term, Some(12));
        let run = "Nghị quyết số 37-NQ/TW, ngày 09/10/2014 của Bộ Chính trị (khóa XI) về công tác lý luận";
        let m = one(run);
        assert_eq!(m.term, Some(11));
        assert_eq!(m.subject, Some("công tác lý luận"));
        let run = "Kế hoạch số 25-KH/ĐUK, ngày 10/11/2021 của Ban Thường vụ Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh Hà Tĩnh.";
        let b = one(run).body.unwrap();
        assert_eq!(b.level, BodyLevel::Bloc);
        assert_eq!(b.place, Some("Hà Tĩnh"));
        assert_eq!(
            b.text,
            "Ban Thường vụ Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh Hà Tĩnh"
        );
    }

    #[test]
    fn tu_written_for_a_tinh_uy_symbol_is_tu() {
        let m = one("Kết luận số 445-KL/TƯ của Ban Thường vụ Tỉnh ủy");
        assert_eq!(m.symbol.to_string(), "445-KL/TU");
        let m = one("Chỉ thị 03-CT/TƯ của Bộ Chính trị");
        assert_eq!(m.symbol.to_string(), "03-CT/TW");
    }

    #[test]
    fn lowercase_all_caps_and_glued_words() {
        let m = one("thực hiện chỉ thị 05-ct/tw và kết luận");
        assert_eq!(m.symbol.to_string(), "05-CT/TW");
        assert!(scan_full("mã 05-ct/twx").is_empty());
        let run = "KẾT LUẬN SỐ 01-KL/TW";
        assert_eq!(text(run, &one(run).range), run);
        let run = "thực hiện Kết luận số 01-KL/TWVÀ";
        assert_eq!(text(run, &one(run).range), "Kết luận số 01-KL/TW");
    }

    #[test]
    fn not_symbols() {
        for run in [
            "Quyết định số 155/QĐ-UBND ngày 1/2/2020",
            "Nghị định 30/2020/NĐ-CP",
            "Quyết định số 666/2015/QĐ-UBND",
            "12345-CT/TW",
            "xem https://dangcongsan.vn/05-CT/TW/abc",
            "www.example.vn/tai-lieu/01-KL/TW.pdf",
            "Quyết định số 367-QĐ/TWĐTN-VP",
            "Số - KL/HU",
            "nhiệm kỳ 2020 - 2025/năm",
        ] {
            assert!(scan_full(run).is_empty(), "{run}: {:?}", scan_full(run));
        }
    }

    #[test]
    fn short_forms() {
        let run = "thực hiện Chỉ thị 05 gắn với Quy định số 37, Kế hoạch 5 năm, Báo cáo 6 tháng, Quyết định số 155/QĐ-UBND, Chỉ thị 05-CT/TW";
        let taken: Vec<_> = scan_full(run).into_iter().map(|m| m.range).collect();
        let v = scan_short(run, &taken);
        let shown: Vec<(&str, Kind, u32)> = v
            .iter()
            .map(|s| (&run[s.range.clone()], s.kind, s.number))
            .collect();
        assert_eq!(
            shown,
            [
                ("Chỉ thị 05", Kind::CT, 5),
                ("Quy định số 37", Kind::QD, 37)
            ]
        );
    }

    #[test]
    fn named_references() {
        let run = "gắn với Nghị quyết Trung ương 4 (khóa XII, XIII) về xây dựng Đảng; Nghị quyết Trung ương 4, khóa XII, XIII đã tạo; NQ TW4 khóa 11; (thực hiện Nghị quyết Trung ương 6)";
        let v = scan_named(run);
        let shown: Vec<(&str, u8, Vec<u32>)> = v
            .iter()
            .map(|n| (&run[n.range.clone()], n.plenum, n.terms.clone()))
            .collect();
        assert_eq!(
            shown,
            [
                ("Nghị quyết Trung ương 4 (khóa XII, XIII)", 4, vec![12, 13]),
                ("Nghị quyết Trung ương 4, khóa XII, XIII", 4, vec![12, 13]),
                ("NQ TW4 khóa 11", 4, vec![11]),
                ("Nghị quyết Trung ương 6", 6, vec![]),
            ]
        );
    }
}
