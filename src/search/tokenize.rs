//! The tokens of search: one definition for the indexer and the query parser (and mirrored
//! in `search.js`), so that what a reader types meets what was indexed.
//!
//! Every syllable is one position. At a position the analyzer emits:
//! - a *word*: the syllable [`fold`]ed (`Đảng` → `dang`) as the key, with its spelling
//!   ([`match_key`]: `đang4`) as the variant, used to rank exact-diacritic matches first;
//! - for a directive symbol (`05-CT/TW`, `05 – CT/TƯ`, `22/CT-TW`, `05-ct/tw`): the number
//!   (`05`) as the word, plus the whole symbol (`05-ct/tw`) and its number-and-type part
//!   (`05-ct`) as single tokens;
//! - after a type name and a number ("Chỉ thị 05", "kết luận số 1"), the number-and-type part
//!   (`05-ct`, `01-kl`), so "chi thi 05" finds documents citing 05-CT/TW.
//!
//! Words are *joined* when only spaces separate them; phrase bigrams are made from joined words
//! only, so punctuation and field boundaries end a phrase.

use std::sync::OnceLock;

use regex::Regex;
use unicode_normalization::char::is_combining_mark;

use super::fxhash::FxHashMap;
use crate::vi::{fold, match_key};

/// What a token stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// A syllable or number (one per position).
    Word,
    /// A whole directive symbol, `05-ct/tw`.
    Symbol,
    /// The number and type of a directive, `05-ct`; `consumed` is how many positions before
    /// this one spelled the type out in words ("chỉ thị số" → 3, "chỉ thị" → 2, none → 0).
    Partial {
        /// Positions before this one that belong to the citation.
        consumed: u32,
    },
}

/// One token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok<'a> {
    /// Position (syllable number) in the analysed text.
    pub pos: u32,
    /// Index key: folded syllable, number, or symbol.
    pub key: &'a str,
    /// The exact spelling of a word ([`match_key`] form); `None` for symbols.
    pub variant: Option<&'a str>,
    /// What the token stands for.
    pub kind: TokKind,
    /// For words: only white space separates it from the previous word.
    pub joined: bool,
    /// For words spelt in the text: the analyzer's number for this exact spelling (same
    /// spelling, same number, for the analyzer's lifetime), so callers can cache per spelling.
    pub spelling: Option<u32>,
    /// Byte range of the text the token stands for (a symbol's whole spelling; a citation
    /// in words from its type name to its number).
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
}

/// A directive symbol found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymbolMatch {
    /// Byte range in the text.
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
    /// Number, at least two digits: `05`.
    pub number: String,
    /// Whole symbol key: `05-ct/tw`.
    pub full: String,
    /// Number and type: `05-ct`.
    pub partial: String,
}

/// The symbol pattern, written so that the very same text is a JavaScript `u` regex.
pub const SYMBOL_PATTERN: &str = concat!(
    r"([0-9]{1,4})[\x20\u{00A0}]{0,2}[\-\u{2010}-\u{2014}\u{2212}\u{FF0D}][\x20\u{00A0}]{0,2}",
    r"(\p{L}{2,4})[\x20\u{00A0}]{0,2}[/\u{FF0F}\u{2215}\u{2044}][\x20\u{00A0}]{0,2}",
    r"(T\.Ư|T\.W|\p{Lu}[\p{Lu}0-9]{0,11}|[a-zđư]{2,10})",
    r"|([0-9]{1,4})/(\p{L}{2,4})-(TW|TƯ|TU|HU|QU|ĐU)"
);

fn symbol_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(SYMBOL_PATTERN).expect("valid symbol pattern"))
}

/// The type family key of a folded type abbreviation: spellings of one numbering series
/// share a key (`qđi`, `qyđ` → `qd`; `cthđ` → `ctr`).
pub fn type_family(folded: &str) -> Option<&'static str> {
    Some(match folded {
        "nq" => "nq",
        "qd" | "qdi" | "qyd" => "qd",
        "ct" => "ct",
        "kl" => "kl",
        "qc" => "qc",
        "tt" => "tt",
        "hd" => "hd",
        "tb" => "tb",
        "tc" => "tc",
        "bc" => "bc",
        "kh" => "kh",
        "qh" => "qh",
        "ctr" | "cthd" => "ctr",
        "da" => "da",
        "ttr" => "ttr",
        "cv" => "cv",
        "bb" => "bb",
        "bs" => "bs",
        "gm" => "gm",
        "ggt" => "ggt",
        _ => return None,
    })
}

/// The type family a two-syllable type name stands for ("chi thi" → `ct`).
fn type_name_family(first: &str, second: &str) -> Option<&'static str> {
    Some(match (first, second) {
        ("chi", "thi") => "ct",
        ("ket", "luan") => "kl",
        ("nghi", "quyet") => "nq",
        ("quy", "dinh") | ("quyet", "dinh") => "qd",
        ("huong", "dan") => "hd",
        ("ke", "hoach") => "kh",
        ("thong", "bao") => "tb",
        ("chuong", "trinh") => "ctr",
        ("bao", "cao") => "bc",
        ("thong", "tri") => "tt",
        ("quy", "che") => "qc",
        ("to", "trinh") => "ttr",
        ("cong", "van") => "cv",
        ("de", "an") => "da",
        _ => return None,
    })
}

/// The folded syllables that can be part of a type name or "số", as static strings so the
/// analyzer can remember the last few without allocating.
fn type_word(folded: &str) -> Option<&'static str> {
    const WORDS: [&str; 25] = [
        "chi", "thi", "ket", "luan", "nghi", "quyet", "quy", "dinh", "huong", "dan", "ke", "hoach",
        "thong", "bao", "chuong", "trinh", "cao", "tri", "che", "to", "cong", "van", "de", "an",
        "so",
    ];
    WORDS.iter().copied().find(|w| *w == folded)
}

/// Canonical issuer key: dots dropped, `TƯ` read as `TW`, folded.
fn issuer_key(written: &str) -> String {
    let upper: String = written.chars().filter(|c| *c != '.').collect::<String>();
    let upper = upper.to_uppercase();
    if upper == "TƯ" {
        return "tw".to_string();
    }
    fold(&upper)
}

/// Every directive symbol in `text`, in order, not overlapping.
pub fn find_symbols(text: &str) -> Vec<SymbolMatch> {
    let mut out = Vec::new();
    if !text.contains(['/', '\u{FF0F}', '\u{2215}', '\u{2044}']) {
        return out;
    }
    for c in symbol_regex().captures_iter(text) {
        let Some(whole) = c.get(0) else { continue };
        let (num, ty, iss, needs_boundary) = match (c.get(1), c.get(2), c.get(3)) {
            (Some(n), Some(t), Some(i)) => {
                let lower = i.as_str().starts_with(|ch: char| ch.is_lowercase());
                (n.as_str(), t.as_str(), i.as_str(), lower)
            }
            _ => match (c.get(4), c.get(5), c.get(6)) {
                (Some(n), Some(t), Some(i)) => (n.as_str(), t.as_str(), i.as_str(), true),
                _ => continue,
            },
        };
        if needs_boundary
            && text[whole.end()..]
                .chars()
                .next()
                .is_some_and(|ch| ch.is_alphanumeric())
        {
            continue;
        }
        let Some(family) = type_family(&fold(ty)) else {
            continue;
        };
        let Ok(n) = num.parse::<u32>() else { continue };
        let number = format!("{n:02}");
        let partial = format!("{number}-{family}");
        out.push(SymbolMatch {
            start: whole.start(),
            end: whole.end(),
            full: format!("{partial}/{}", issuer_key(iss)),
            partial,
            number,
        });
    }
    out
}

/// True for characters that belong to a syllable or number.
#[inline]
pub fn is_word_char(c: char) -> bool {
    match c {
        '0'..='9' | 'a'..='z' | 'A'..='Z' => true,
        '\0'..='\u{7F}' | '\u{D7}' | '\u{F7}' => false,
        // Latin-1 letters, Latin Extended-A/B, combining diacritics, Vietnamese letters.
        '\u{C0}'..='\u{24F}' | '\u{300}'..='\u{36F}' | '\u{1EA0}'..='\u{1EF9}' => true,
        _ => c.is_alphanumeric() || is_combining_mark(c),
    }
}

/// The last three words: their type-name syllable (if any), whether each was joined to the
/// one before it, and where it starts.
type History = [(Option<&'static str>, bool, usize); 3];

/// When the last words spell a type name ("chỉ thị", "chỉ thị số") joined to a number that
/// follows: the type family, how many words it took, and where it starts.
fn citation(h: &History, joined: bool) -> Option<(&'static str, u32, usize)> {
    let [h1, h2, h3] = *h;
    if !joined {
        return None;
    }
    if h3.0 == Some("so") && h3.1 && h2.1 {
        if let Some(family) = h1.0.zip(h2.0).and_then(|(a, b)| type_name_family(a, b)) {
            return Some((family, 3, h1.2));
        }
    }
    if h3.1 {
        if let Some(family) = h2.0.zip(h3.0).and_then(|(a, b)| type_name_family(a, b)) {
            return Some((family, 2, h2.2));
        }
    }
    None
}

/// What the analyzer remembers about a spelling it has seen.
#[derive(Debug, Clone)]
struct WordInfo {
    folded: String,
    variant: String,
    type_word: Option<&'static str>,
    /// The number padded to two digits, when the word is a number of at most four digits.
    number: Option<String>,
}

impl WordInfo {
    fn new(word: &str) -> WordInfo {
        let folded = fold(word);
        let number = (word.len() <= 4 && word.bytes().all(|b| b.is_ascii_digit()))
            .then(|| word.parse::<u32>().ok().map(|n| format!("{n:02}")))
            .flatten();
        WordInfo {
            type_word: type_word(&folded),
            variant: match_key(word),
            folded,
            number,
        }
    }
}

/// Turns text into [`Tok`]s. Keeps a cache of the spellings it has seen, so analysing many
/// documents with one analyzer folds each distinct spelling once.
#[derive(Debug, Default)]
pub struct Analyzer {
    /// Spellings of at most 16 bytes (nearly every syllable), packed into an integer so a
    /// look-up neither allocates nor compares strings.
    short_ids: FxHashMap<u128, u32>,
    long_ids: FxHashMap<String, u32>,
    infos: Vec<WordInfo>,
}

/// A spelling of at most 16 bytes as an integer (word characters are never NUL, so the
/// zero padding cannot be confused with text).
fn pack(word: &str) -> Option<u128> {
    let b = word.as_bytes();
    (b.len() <= 16).then(|| {
        let mut buf = [0u8; 16];
        buf[..b.len()].copy_from_slice(b);
        u128::from_le_bytes(buf)
    })
}

/// How an ASCII byte behaves: part of a word, a space that keeps a phrase, or punctuation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ByteClass {
    Word,
    Space,
    Break,
}

const fn byte_classes() -> [ByteClass; 128] {
    let mut t = [ByteClass::Break; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            ByteClass::Word
        } else if matches!(c, b' ' | b'\t' | b'\r' | 0x0B | 0x0C) {
            ByteClass::Space
        } else {
            ByteClass::Break
        };
        b += 1;
    }
    t
}

static ASCII: [ByteClass; 128] = byte_classes();

impl Analyzer {
    /// A new analyzer with an empty cache.
    pub fn new() -> Analyzer {
        Analyzer::default()
    }

    fn info(&mut self, word: &str) -> (u32, &WordInfo) {
        let next = self.infos.len() as u32;
        let (id, new) = match pack(word) {
            Some(k) => {
                let id = *self.short_ids.entry(k).or_insert(next);
                (id, id == next)
            }
            None => match self.long_ids.get(word) {
                Some(&id) => (id, false),
                None => {
                    self.long_ids.insert(word.to_string(), next);
                    (next, true)
                }
            },
        };
        if new {
            self.infos.push(WordInfo::new(word));
        }
        (id, &self.infos[id as usize])
    }

    /// Analyses `text` (NFC), numbering positions from `pos`; calls `f` for every token and
    /// returns the next free position. The first word of `text` is never joined to anything
    /// before it.
    pub fn analyze(&mut self, text: &str, mut pos: u32, f: &mut dyn FnMut(Tok<'_>)) -> u32 {
        let symbols = find_symbols(text);
        let mut next_symbol = 0;
        let mut history: History = [(None, false, 0); 3];
        let mut first = true;
        let mut clean_gap = true;
        let bytes = text.as_bytes();
        let mut symbol_at = symbols.first().map_or(usize::MAX, |s| s.start);
        let mut i = 0;
        while i < text.len() {
            // Spaces and ASCII punctuation, the bulk of what lies between words.
            let b = bytes[i];
            if b < 128 && i != symbol_at {
                match ASCII[b as usize] {
                    ByteClass::Space => {
                        i += 1;
                        continue;
                    }
                    ByteClass::Break => {
                        clean_gap = false;
                        i += 1;
                        continue;
                    }
                    ByteClass::Word => {}
                }
            }
            if let Some(s) = symbols.get(next_symbol).filter(|s| s.start == i) {
                let joined = !first && clean_gap;
                // "Chỉ thị số 05-CT/TW": the type name in words belongs to the citation.
                let (consumed, cite_start) = citation(&history, joined)
                    .filter(|c| s.partial[s.number.len()..].strip_prefix('-') == Some(c.0))
                    .map_or((0, s.start), |c| (c.1, c.2));
                f(Tok {
                    pos,
                    key: &s.number,
                    variant: Some(&s.number),
                    kind: TokKind::Word,
                    joined,
                    spelling: None,
                    start: s.start,
                    end: s.end,
                });
                f(Tok {
                    pos,
                    key: &s.full,
                    variant: None,
                    kind: TokKind::Symbol,
                    joined: false,
                    spelling: None,
                    start: s.start,
                    end: s.end,
                });
                f(Tok {
                    pos,
                    key: &s.partial,
                    variant: None,
                    kind: TokKind::Partial { consumed },
                    joined: false,
                    spelling: None,
                    start: cite_start,
                    end: s.end,
                });
                history = [history[1], history[2], (None, joined, s.start)];
                pos += 1;
                first = false;
                clean_gap = true;
                i = s.end.max(i + 1);
                next_symbol += 1;
                symbol_at = symbols.get(next_symbol).map_or(usize::MAX, |s| s.start);
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if !is_word_char(c) {
                if !c.is_whitespace() || c == '\n' {
                    clean_gap = false;
                }
                i += c.len_utf8();
                continue;
            }
            let limit = symbols
                .get(next_symbol)
                .map_or(text.len(), |s| s.start.max(i));
            let mut end = i + c.len_utf8();
            while end < limit {
                let b = bytes[end];
                if b < 128 {
                    if ASCII[b as usize] != ByteClass::Word {
                        break;
                    }
                    end += 1;
                } else {
                    match text[end..].chars().next() {
                        Some(ch) if is_word_char(ch) => end += ch.len_utf8(),
                        _ => break,
                    }
                }
            }
            let joined = !first && clean_gap;
            let (spelling, info) = self.info(&text[i..end]);
            f(Tok {
                pos,
                key: &info.folded,
                variant: Some(&info.variant),
                kind: TokKind::Word,
                joined,
                spelling: Some(spelling),
                start: i,
                end,
            });
            if let Some(number) = &info.number {
                if let Some((family, consumed, cite_start)) = citation(&history, joined) {
                    let partial = format!("{number}-{family}");
                    f(Tok {
                        pos,
                        key: &partial,
                        variant: None,
                        kind: TokKind::Partial { consumed },
                        joined: false,
                        spelling: None,
                        start: cite_start,
                        end,
                    });
                }
            }
            history = [history[1], history[2], (info.type_word, joined, i)];
            pos += 1;
            first = false;
            clean_gap = true;
            i = end;
        }
        pos
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<(u32, String, TokKind, bool)> {
        let mut out = Vec::new();
        Analyzer::new().analyze(text, 0, &mut |t| {
            out.push((t.pos, t.key.to_string(), t.kind, t.joined))
        });
        out
    }

    fn keys(text: &str) -> Vec<String> {
        toks(text).into_iter().map(|t| t.1).collect()
    }

    #[test]
    fn syllables_fold_and_keep_their_spelling() {
        let mut a = Analyzer::new();
        let mut got = Vec::new();
        a.analyze("Đảng ủy Sơn La", 0, &mut |t| {
            got.push((t.key.to_string(), t.variant.map(str::to_string)))
        });
        assert_eq!(
            got.iter().map(|g| g.0.as_str()).collect::<Vec<_>>(),
            ["dang", "uy", "son", "la"]
        );
        assert_eq!(got[2].1.as_deref(), Some("sơn"));
        assert_eq!(got[0].1, Some(match_key("Đảng")));
        // Old and new tone placement are one spelling.
        let mut v = Vec::new();
        a.analyze("uỷ ủy", 0, &mut |t| {
            v.push(t.variant.map(str::to_string))
        });
        assert_eq!(v[0], v[1]);
    }

    #[test]
    fn symbols_are_single_tokens_in_every_spelling() {
        for written in [
            "05-CT/TW",
            "05 – CT/TƯ",
            "05-ct/tw",
            "5-CT/TW",
            "05 - CT / TW",
            "05-CT/T.W",
            "05‑CT／TW",
        ] {
            let k = keys(&format!("theo Chỉ thị số {written} của"));
            assert!(k.contains(&"05-ct/tw".to_string()), "{written}: {k:?}");
            assert!(k.contains(&"05-ct".to_string()), "{written}: {k:?}");
            assert!(k.contains(&"05".to_string()), "{written}: {k:?}");
        }
        assert!(keys("Quy định 08- QĐi/TW").contains(&"08-qd/tw".to_string()));
        assert!(keys("65-Ctr/TU").contains(&"65-ctr/tu".to_string()));
        assert!(keys("25-KH/ĐUK").contains(&"25-kh/duk".to_string()));
        assert!(keys("theo 22/CT-TW").contains(&"22-ct/tw".to_string()));
        // An upper-case issuer stops before running text; a lower-case one must end a word.
        assert!(keys("05-CT/TWvà").contains(&"05-ct/tw".to_string()));
        assert!(keys("theo 05-ct/tw và").contains(&"05-ct/tw".to_string()));
        assert!(!keys("05-ct/twvà").iter().any(|k| k.contains('/')));
        // Dates and state symbols are not directives.
        assert!(!keys("ngày 15/05/2016").iter().any(|k| k.contains('-')));
        assert!(!keys("155/QĐ-UBND").iter().any(|k| k.contains('/')));
    }

    #[test]
    fn a_type_name_and_number_cite_a_directive() {
        let t = toks("thực hiện Chỉ thị 05 và Kết luận số 1");
        assert!(t.contains(&(4, "05-ct".into(), TokKind::Partial { consumed: 2 }, false)));
        assert!(t.contains(&(9, "01-kl".into(), TokKind::Partial { consumed: 3 }, false)));
        // Punctuation between the type name and the number breaks the citation.
        assert!(!keys("chỉ thị. 05").contains(&"05-ct".to_string()));
        assert!(keys("chi thi 05").contains(&"05-ct".to_string()));
        let mut spans = Vec::new();
        Analyzer::new().analyze("theo chỉ thị số 5 nhé", 0, &mut |t| {
            if matches!(t.kind, TokKind::Partial { .. }) {
                spans.push((t.start, t.end));
            }
        });
        assert_eq!(spans, [(5, "theo chỉ thị số 5".len())]);
    }

    #[test]
    fn punctuation_and_new_lines_break_phrases() {
        let t = toks("học tập, làm theo\nBác");
        let joined: Vec<bool> = t.iter().map(|x| x.3).collect();
        assert_eq!(joined, [false, true, false, true, false]);
        assert_eq!(t.last().map(|x| x.0), Some(4));
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in [
            "",
            "/",
            "05-",
            "05-CT/",
            "ﬁ 05-CT/TW",
            "\u{0301}a",
            "9999-CT/TW/TW",
        ] {
            let _ = toks(s);
        }
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Sơn La").collect();
        assert_eq!(keys(&nfd), ["son", "la"]);
    }
}
