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
const TYPE_WORDS: [&str; 25] = [
    "chi", "thi", "ket", "luan", "nghi", "quyet", "quy", "dinh", "huong", "dan", "ke", "hoach",
    "thong", "bao", "chuong", "trinh", "cao", "tri", "che", "to", "cong", "van", "de", "an", "so",
];

/// No type-name syllable.
const NOT_A_TYPE_WORD: u8 = u8::MAX;

/// The index in [`TYPE_WORDS`] of a folded syllable.
fn type_word(folded: &str) -> Option<usize> {
    TYPE_WORDS.iter().position(|w| *w == folded)
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

/// The most bytes a symbol can span before its slash: a number of four digits, two spaces
/// (a no-break space is two bytes), a dash of three bytes, two spaces, a type of four letters
/// of up to four bytes, two spaces.
const BEFORE_SLASH: usize = 4 + 4 + 3 + 4 + 4 * 4 + 4;

/// The most bytes a symbol can span from the start of its slash: a slash of three bytes, two
/// spaces, an issuer of twelve characters of up to four bytes.
const FROM_SLASH: usize = 3 + 4 + 12 * 4;

/// The slashes of [`SYMBOL_PATTERN`].
fn is_slash(c: char) -> bool {
    matches!(c, '/' | '\u{FF0F}' | '\u{2215}' | '\u{2044}')
}

/// The spaces of [`SYMBOL_PATTERN`].
fn is_symbol_space(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}')
}

/// The next slash of [`SYMBOL_PATTERN`] at or after `from`: its position and length.
fn next_slash(bytes: &[u8], from: usize) -> Option<(usize, usize)> {
    const WIDE: [&[u8]; 3] = [
        "\u{FF0F}".as_bytes(),
        "\u{2215}".as_bytes(),
        "\u{2044}".as_bytes(),
    ];
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Non-zero when a byte of `w` may be `b` (never zero when one is).
    let may_hold = |w: u64, b: u8| {
        let x = w ^ (ONES * u64::from(b));
        x.wrapping_sub(ONES) & !x & HIGH
    };
    let mut i = from;
    loop {
        // Eight bytes at a time past those that cannot start a slash: '/', or 0xEF or 0xE2,
        // the first byte of the wide ones (found as the bytes that are 0xEF once bits 0, 2
        // and 3 are set: 0xE2, 0xE3, 0xE6, 0xE7, 0xEA, 0xEB, 0xEE, 0xEF).
        while let Some(chunk) = bytes.get(i..).and_then(|b| b.first_chunk::<8>()) {
            let w = u64::from_le_bytes(*chunk);
            if may_hold(w, b'/') | may_hold(w | (ONES * 0x0D), 0xEF) != 0 {
                break;
            }
            i += 8;
        }
        let end = (i + 8).min(bytes.len());
        if i >= end {
            return None;
        }
        for k in i..end {
            let rest = bytes.get(k..).unwrap_or_default();
            if rest.first() == Some(&b'/') {
                return Some((k, 1));
            }
            if WIDE.iter().any(|w| rest.starts_with(w)) {
                return Some((k, 3));
            }
        }
        i = end;
    }
}

/// Whether a symbol could have its slash at `slash`: a letter or digit before it and a letter
/// after it, at most two spaces away (as [`SYMBOL_PATTERN`] requires), which most slashes in
/// running text (dates: `15/05/2016`) are not.
fn could_be_symbol_slash(text: &str, slash: usize, len: usize) -> bool {
    fn near(mut chars: impl Iterator<Item = char>) -> Option<char> {
        let mut c = chars.next();
        for _ in 0..2 {
            if c.is_some_and(is_symbol_space) {
                c = chars.next();
            }
        }
        c
    }
    let before = text.get(..slash).and_then(|t| near(t.chars().rev()));
    let after = text.get(slash + len..).and_then(|t| near(t.chars()));
    before.is_some_and(|c| c.is_ascii_digit() || c.is_alphabetic())
        && after.is_some_and(char::is_alphabetic)
}

/// The number, type and issuer of a match of [`SYMBOL_PATTERN`], and whether it must end a
/// word. The match alone tells them apart: the number is its leading digits; a `/` right
/// after them is the second form (`22/CT-TW`), anything else the first, whose parts are
/// separated by a dash and a slash with at most two spaces around each.
fn symbol_parts(m: &str) -> Option<(&str, &str, &str, bool)> {
    let digits = m.bytes().take_while(u8::is_ascii_digit).count();
    let (number, rest) = m.split_at_checked(digits)?;
    if let Some(rest) = rest.strip_prefix('/') {
        let (kind, issuer) = rest.split_once('-')?;
        return Some((number, kind, issuer, true));
    }
    let mut chars = rest.trim_start_matches(is_symbol_space).chars();
    chars.next()?; // The dash.
    let rest = chars.as_str().trim_start_matches(is_symbol_space);
    let (kind, rest) = rest.split_at_checked(rest.find(|c| is_symbol_space(c) || is_slash(c))?)?;
    let mut chars = rest.trim_start_matches(is_symbol_space).chars();
    chars.next()?; // The slash.
    let issuer = chars.as_str().trim_start_matches(is_symbol_space);
    Some((number, kind, issuer, issuer.starts_with(char::is_lowercase)))
}

/// Calls `f` with the byte range, number, type and issuer of every match of
/// [`SYMBOL_PATTERN`] in `text`, in order and not overlapping (as `find_iter` would find
/// them), that ends a word where it must.
///
/// The pattern only runs around slashes that [`could_be_symbol_slash`]: every match holds
/// exactly one slash, at most [`BEFORE_SLASH`] bytes after its start and [`FROM_SLASH`] bytes
/// before its end, so a search from a little before a slash, in the text cut a little after
/// it, finds the match that holds that slash if one starts at or before it.
fn scan_symbols<'t>(text: &'t str, mut f: impl FnMut(usize, usize, &'t str, &'t str, &'t str)) {
    let bytes = text.as_bytes();
    // Where the next match may start (matches do not overlap) and where to look for a slash.
    let mut at = 0;
    let mut from = 0;
    while let Some((slash, len)) = next_slash(bytes, from) {
        from = slash + len;
        if !could_be_symbol_slash(text, slash, len) {
            continue;
        }
        let mut lo = slash.saturating_sub(BEFORE_SLASH).max(at);
        while !text.is_char_boundary(lo) {
            lo -= 1;
        }
        let mut hi = (slash + FROM_SLASH).min(text.len());
        while !text.is_char_boundary(hi) {
            hi += 1;
        }
        let Some(m) = text
            .get(..hi)
            .and_then(|window| symbol_regex().find_at(window, lo))
        else {
            continue;
        };
        if m.start() > slash {
            // A match of a later slash; the window may have cut it short.
            continue;
        }
        at = m.end();
        from = from.max(at);
        let Some((number, kind, issuer, needs_boundary)) = symbol_parts(m.as_str()) else {
            continue;
        };
        let after = text.get(m.end()..).and_then(|t| t.chars().next());
        if needs_boundary && after.is_some_and(char::is_alphanumeric) {
            continue;
        }
        f(m.start(), m.end(), number, kind, issuer);
    }
}

/// The keys of a directive symbol written with this number, type and issuer: the number
/// padded to two digits, the number and type family, the whole symbol, and the family;
/// `None` when the type is not a directive type.
fn symbol_keys(number: &str, kind: &str, issuer: &str) -> Option<SymbolKeys> {
    let family = type_family(&fold(kind))?;
    let n = number.parse::<u32>().ok()?;
    let number = format!("{n:02}");
    let partial = format!("{number}-{family}");
    Some(SymbolKeys {
        full: format!("{partial}/{}", issuer_key(issuer)),
        partial,
        number,
        family,
    })
}

/// The keys of a directive symbol (see [`symbol_keys`]).
#[derive(Debug)]
struct SymbolKeys {
    number: String,
    partial: String,
    full: String,
    family: &'static str,
}

/// Every directive symbol in `text`, in order, not overlapping.
pub fn find_symbols(text: &str) -> Vec<SymbolMatch> {
    let mut out = Vec::new();
    scan_symbols(text, |start, end, number, kind, issuer| {
        if let Some(k) = symbol_keys(number, kind, issuer) {
            out.push(SymbolMatch {
                start,
                end,
                number: k.number,
                full: k.full,
                partial: k.partial,
            });
        }
    });
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

/// The last three words (or symbols): their type-name syllables, whether each was joined to
/// the one before it, and where they start. Kept in registers' worth of bits, as it changes
/// at every word.
#[derive(Debug, Clone, Copy)]
struct History {
    /// Index in [`TYPE_WORDS`] (or [`NOT_A_TYPE_WORD`]) of the last word in the low byte,
    /// of the one before in the next byte, and so on.
    types: u32,
    /// Whether the last word was joined in bit 0, the one before in bit 1, and so on.
    joined: u32,
    /// Where the word at position `p` starts, at `p % 4`.
    starts: [usize; 4],
}

impl History {
    fn new() -> History {
        History {
            types: u32::from_le_bytes([NOT_A_TYPE_WORD; 4]),
            joined: 0,
            starts: [0; 4],
        }
    }

    /// Records the word at position `pos`.
    #[inline]
    fn push(&mut self, pos: u32, type_word: u8, joined: bool, start: usize) {
        self.types = (self.types << 8) | u32::from(type_word);
        self.joined = (self.joined << 1) | u32::from(joined);
        self.starts[(pos & 3) as usize] = start;
    }

    /// The type-name syllable of the word `back` positions before the current one (1 to 3).
    fn type_word(&self, back: u32) -> Option<&'static str> {
        TYPE_WORDS
            .get(((self.types >> (8 * (back - 1))) & 0xFF) as usize)
            .copied()
    }

    /// Whether the word `back` positions before the current one (1 to 3) was joined.
    fn joined(&self, back: u32) -> bool {
        (self.joined >> (back - 1)) & 1 == 1
    }
}

/// When the last words spell a type name ("chỉ thị", "chỉ thị số") joined to a number at
/// position `pos`: the type family, how many words it took, and where it starts.
fn citation(h: &History, pos: u32, joined: bool) -> Option<(&'static str, u32, usize)> {
    if !joined {
        return None;
    }
    let start = |back: u32| h.starts[(pos.wrapping_sub(back) & 3) as usize];
    if h.type_word(1) == Some("so") && h.joined(1) && h.joined(2) {
        if let Some(family) = h
            .type_word(3)
            .zip(h.type_word(2))
            .and_then(|(a, b)| type_name_family(a, b))
        {
            return Some((family, 3, start(3)));
        }
    }
    if h.joined(1) {
        if let Some(family) = h
            .type_word(2)
            .zip(h.type_word(1))
            .and_then(|(a, b)| type_name_family(a, b))
        {
            return Some((family, 2, start(2)));
        }
    }
    None
}

/// `MASKS[n]` keeps the first `n` bytes of a little-endian 16-byte integer.
const MASKS: [u128; 17] = {
    let mut m = [0; 17];
    let mut n = 1;
    while n <= 16 {
        m[n] = u128::MAX >> (128 - 8 * n);
        n += 1;
    }
    m
};

/// A spelling of at most 16 bytes as two integers, read straight from the text (word
/// characters are never NUL, so the zero padding cannot be confused with text, and the low
/// half of a spelling is never zero).
#[inline]
fn pack(bytes: &[u8], start: usize, end: usize) -> Option<(u64, u64)> {
    let len = end.checked_sub(start)?;
    if len == 0 || len > 16 {
        return None;
    }
    let v = match bytes.get(start..).and_then(|b| b.first_chunk::<16>()) {
        // One unaligned load, the bytes after the word masked off.
        Some(chunk) => u128::from_le_bytes(*chunk) & MASKS[len],
        // Near the end of the text: byte by byte (a copy through memory would stall the
        // load that follows it).
        None => bytes
            .get(start..end)?
            .iter()
            .rev()
            .fold(0u128, |v, &b| (v << 8) | u128::from(b)),
    };
    Some((v as u64, (v >> 64) as u64))
}

/// What the analyzer remembers about a spelling it has seen.
#[derive(Debug, Default)]
struct WordInfo {
    folded: Box<str>,
    variant: Box<str>,
    /// The analyzer's number for the spelling.
    id: u32,
    /// Index in [`TYPE_WORDS`], or [`NOT_A_TYPE_WORD`].
    type_word: u8,
    /// Whether the word is a number of at most four digits.
    number: bool,
}

impl WordInfo {
    fn new(word: &str, id: u32) -> WordInfo {
        let folded = fold(word);
        WordInfo {
            type_word: type_word(&folded).map_or(NOT_A_TYPE_WORD, |i| i as u8),
            variant: match_key(word).into_boxed_str(),
            folded: folded.into_boxed_str(),
            id,
            number: word.len() <= 4 && word.bytes().all(|b| b.is_ascii_digit()),
        }
    }
}

/// A slot of [`ShortSpellings`]: a packed spelling and what the analyzer remembers of it, side
/// by side so that a look-up reads one place.
#[derive(Debug, Default)]
struct Slot {
    /// Low half of the packed spelling; zero marks a free slot.
    lo: u64,
    hi: u64,
    info: WordInfo,
}

/// Open addressing (linear probing, at most half full) from packed spellings to what the
/// analyzer remembers of them: a look-up is a multiply and, nearly always, one slot read.
#[derive(Debug, Default)]
struct ShortSpellings {
    slots: Vec<Slot>,
    len: usize,
}

impl ShortSpellings {
    #[inline]
    fn home(lo: u64, hi: u64, mask: usize) -> usize {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let h = (lo ^ hi.wrapping_mul(K)).wrapping_mul(K);
        (h >> 32) as usize & mask
    }

    /// What the analyzer remembers of a spelling, made by `make` if it is new.
    #[inline]
    fn get_or_insert_with(
        &mut self,
        lo: u64,
        hi: u64,
        make: impl FnOnce() -> WordInfo,
    ) -> &WordInfo {
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = Self::home(lo, hi, mask);
        loop {
            match self.slots.get(i) {
                Some(s) if s.lo == lo && s.hi == hi => return &self.slots[i].info,
                Some(s) if s.lo != 0 => i = (i + 1) & mask,
                // A free slot, or no table yet.
                _ => return self.insert(lo, hi, make()),
            }
        }
    }

    /// Records a spelling that is not in the table.
    #[cold]
    fn insert(&mut self, lo: u64, hi: u64, info: WordInfo) -> &WordInfo {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = Self::home(lo, hi, mask);
        while self.slots[i].lo != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = Slot { lo, hi, info };
        self.len += 1;
        &self.slots[i].info
    }

    #[cold]
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        let mut slots = Vec::with_capacity(size);
        slots.resize_with(size, Slot::default);
        let old = std::mem::replace(&mut self.slots, slots);
        let mask = size - 1;
        for s in old.into_iter().filter(|s| s.lo != 0) {
            let mut i = Self::home(s.lo, s.hi, mask);
            while self.slots[i].lo != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = s;
        }
    }
}

/// Turns text into [`Tok`]s. Keeps a cache of the spellings it has seen, so analysing many
/// documents with one analyzer folds each distinct spelling once.
#[derive(Debug, Default)]
pub struct Analyzer {
    /// Spellings of at most 16 bytes (nearly every syllable).
    short: ShortSpellings,
    long: FxHashMap<String, WordInfo>,
    /// How many spellings have been numbered.
    count: u32,
    /// Directive symbols as written, to their index in `symbol_keys` (or
    /// [`NOT_A_DIRECTIVE`]), so each spelling of a symbol is read once.
    symbol_ids: FxHashMap<String, u32>,
    symbol_keys: Vec<SymbolKeys>,
    /// The symbols of the text being analysed (start, end, index in `symbol_keys`); kept
    /// between texts for its allocation.
    found: Vec<(usize, usize, u32)>,
}

/// In `symbol_ids`: a symbol whose type is not a directive type (`155/QĐ-UBND`).
const NOT_A_DIRECTIVE: u32 = u32::MAX;

/// How a character takes part in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CharClass {
    /// Part of a syllable or number ([`is_word_char`]).
    Word,
    /// White space other than a new line: words on either side stay joined.
    Space,
    /// Anything else: punctuation and new lines end a phrase.
    Break,
}

/// What the first byte of a character tells about it: [`ASCII_WORD`], [`ASCII_SPACE`],
/// [`ASCII_BREAK`], [`WORD2`], or [`UNSETTLED`].
static LEADS: [u8; 256] = leads();

/// An ASCII letter or digit.
const ASCII_WORD: u8 = 1;
/// ASCII white space other than a new line.
const ASCII_SPACE: u8 = 2;
/// Any other ASCII character.
const ASCII_BREAK: u8 = 3;
/// The first of two bytes of a letter or a combining mark: U+0100 to U+027F (Latin
/// Extended-A and -B, IPA) and U+0300 to U+033F.
const WORD2: u8 = 4;
/// Anything else: look further.
const UNSETTLED: u8 = 0;

const fn leads() -> [u8; 256] {
    let mut t = [UNSETTLED; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            ASCII_WORD
        } else if matches!(c, b' ' | b'\t' | b'\r' | 0x0B | 0x0C) {
            ASCII_SPACE
        } else {
            ASCII_BREAK
        };
        b += 1;
    }
    let mut b = 0xC4;
    while b <= 0xC9 {
        t[b] = WORD2;
        b += 1;
    }
    t[0xCC] = WORD2;
    t
}

/// The class and length of the character at `i` (a character boundary of `text`).
#[inline(always)]
fn class_at(text: &str, i: usize) -> (CharClass, usize) {
    let bytes = text.as_bytes();
    let Some(&b) = bytes.get(i) else {
        return (CharClass::Break, 1);
    };
    match LEADS[usize::from(b)] {
        ASCII_WORD => (CharClass::Word, 1),
        ASCII_SPACE => (CharClass::Space, 1),
        ASCII_BREAK => (CharClass::Break, 1),
        WORD2 => (CharClass::Word, 2),
        _ => unsettled_class_at(text, i),
    }
}

/// [`class_at`] for the characters the first byte does not settle.
#[inline]
fn unsettled_class_at(text: &str, i: usize) -> (CharClass, usize) {
    let bytes = text.as_bytes();
    match (bytes.get(i), bytes.get(i + 1)) {
        // U+00C0 to U+00FF: letters but for `×` and `÷`.
        (Some(0xC3), Some(0x97 | 0xB7)) => (CharClass::Break, 2),
        (Some(0xC3), _) => (CharClass::Word, 2),
        // U+1E00 to U+1EFF, Latin Extended Additional (the Vietnamese letters with two
        // diacritics): letters.
        (Some(0xE1), Some(0xB8..=0xBB)) => (CharClass::Word, 3),
        _ => decoded_class_at(text, i),
    }
}

/// [`class_at`] for the characters that must be decoded.
#[cold]
fn decoded_class_at(text: &str, i: usize) -> (CharClass, usize) {
    match text.get(i..).and_then(|t| t.chars().next()) {
        Some(c) if is_word_char(c) => (CharClass::Word, c.len_utf8()),
        Some(c) if c.is_whitespace() && c != '\n' => (CharClass::Space, c.len_utf8()),
        Some(c) => (CharClass::Break, c.len_utf8()),
        None => (CharClass::Break, 1),
    }
}

impl Analyzer {
    /// A new analyzer with an empty cache.
    pub fn new() -> Analyzer {
        Analyzer::default()
    }

    /// What the analyzer remembers of the spelling `text[start..end]`, folded once per
    /// distinct spelling.
    #[inline]
    fn info(&mut self, text: &str, start: usize, end: usize) -> &WordInfo {
        let word = || text.get(start..end).unwrap_or_default();
        let Some((lo, hi)) = pack(text.as_bytes(), start, end) else {
            return self.long_info(word());
        };
        let count = &mut self.count;
        self.short.get_or_insert_with(lo, hi, || {
            *count += 1;
            WordInfo::new(word(), *count - 1)
        })
    }

    /// [`Analyzer::info`] for a spelling longer than 16 bytes.
    #[cold]
    fn long_info(&mut self, word: &str) -> &WordInfo {
        let count = &mut self.count;
        self.long.entry(word.to_string()).or_insert_with(|| {
            *count += 1;
            WordInfo::new(word, *count - 1)
        })
    }

    /// The directive symbols of `text` into `found`, each spelling read once.
    fn symbols(&mut self, text: &str, found: &mut Vec<(usize, usize, u32)>) {
        let ids = &mut self.symbol_ids;
        let keys = &mut self.symbol_keys;
        scan_symbols(text, |start, end, number, kind, issuer| {
            let written = text.get(start..end).unwrap_or_default();
            let id = match ids.get(written) {
                Some(&id) => id,
                None => {
                    let id = match symbol_keys(number, kind, issuer) {
                        Some(k) => {
                            keys.push(k);
                            u32::try_from(keys.len() - 1).unwrap_or(NOT_A_DIRECTIVE)
                        }
                        None => NOT_A_DIRECTIVE,
                    };
                    ids.insert(written.to_string(), id);
                    id
                }
            };
            if id != NOT_A_DIRECTIVE {
                found.push((start, end, id));
            }
        });
    }

    /// Emits the three tokens of the symbol `keys` written at `start..end`, at `pos`.
    fn emit_symbol(
        keys: &SymbolKeys,
        start: usize,
        end: usize,
        pos: u32,
        joined: bool,
        history: &History,
        f: &mut dyn FnMut(Tok<'_>),
    ) {
        // "Chỉ thị số 05-CT/TW": the type name in words belongs to the citation.
        let (consumed, cite_start) = citation(history, pos, joined)
            .filter(|c| keys.family == c.0)
            .map_or((0, start), |c| (c.1, c.2));
        f(Tok {
            pos,
            key: &keys.number,
            variant: Some(&keys.number),
            kind: TokKind::Word,
            joined,
            spelling: None,
            start,
            end,
        });
        f(Tok {
            pos,
            key: &keys.full,
            variant: None,
            kind: TokKind::Symbol,
            joined: false,
            spelling: None,
            start,
            end,
        });
        f(Tok {
            pos,
            key: &keys.partial,
            variant: None,
            kind: TokKind::Partial { consumed },
            joined: false,
            spelling: None,
            start: cite_start,
            end,
        });
    }

    /// Emits the number-and-type token of a citation in words ("chỉ thị 05") when the number
    /// `word` at `pos` ends one.
    fn emit_citation(
        word: &str,
        end: usize,
        pos: u32,
        joined: bool,
        history: &History,
        f: &mut dyn FnMut(Tok<'_>),
    ) {
        let Some((family, consumed, start)) = citation(history, pos, joined) else {
            return;
        };
        let Ok(n) = word.parse::<u32>() else { return };
        f(Tok {
            pos,
            key: &format!("{n:02}-{family}"),
            variant: None,
            kind: TokKind::Partial { consumed },
            joined: false,
            spelling: None,
            start,
            end,
        });
    }

    /// Analyses `text` (NFC), numbering positions from `pos`; calls `f` for every token and
    /// returns the next free position. The first word of `text` is never joined to anything
    /// before it.
    pub fn analyze(&mut self, text: &str, mut pos: u32, f: &mut dyn FnMut(Tok<'_>)) -> u32 {
        let mut found = std::mem::take(&mut self.found);
        found.clear();
        self.symbols(text, &mut found);
        let mut next_symbol = 0;
        // Where the next symbol starts (always at a digit, so at a word character).
        let mut symbol_at = found.first().map_or(usize::MAX, |s| s.0);
        let mut history = History::new();
        // Whether only spaces lie between the last word and here (never for the first word).
        let mut joinable = false;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let len = match class_at(text, i) {
                (CharClass::Word, len) => len,
                (CharClass::Space, len) => {
                    i += len;
                    continue;
                }
                (CharClass::Break, len) => {
                    joinable = false;
                    i += len;
                    continue;
                }
            };
            let joined = joinable;
            if i == symbol_at {
                let Some((start, end, keys)) = found
                    .get(next_symbol)
                    .and_then(|&(s, e, k)| Some((s, e, self.symbol_keys.get(k as usize)?)))
                else {
                    break;
                };
                Self::emit_symbol(keys, start, end, pos, joined, &history, f);
                history.push(pos, NOT_A_TYPE_WORD, joined, start);
                pos += 1;
                joinable = true;
                i = end.max(i + 1);
                next_symbol += 1;
                symbol_at = found.get(next_symbol).map_or(usize::MAX, |s| s.0);
                continue;
            }
            // A word runs to the first character that is not a word character, or to the
            // symbol that starts inside it.
            let limit = symbol_at.max(i).min(bytes.len());
            let word_bytes = bytes.get(..limit).unwrap_or(bytes);
            let mut end = i + len;
            while let Some(&b) = word_bytes.get(end) {
                match LEADS[usize::from(b)] {
                    ASCII_WORD => end += 1,
                    WORD2 => end += 2,
                    ASCII_SPACE | ASCII_BREAK => break,
                    _ => match unsettled_class_at(text, end) {
                        (CharClass::Word, len) => end += len,
                        _ => break,
                    },
                }
            }
            let info = self.info(text, i, end);
            f(Tok {
                pos,
                key: &info.folded,
                variant: Some(&info.variant),
                kind: TokKind::Word,
                joined,
                spelling: Some(info.id),
                start: i,
                end,
            });
            if info.number {
                let word = text.get(i..end).unwrap_or_default();
                Self::emit_citation(word, end, pos, joined, &history, f);
            }
            history.push(pos, info.type_word, joined, i);
            pos += 1;
            joinable = true;
            i = end;
        }
        self.found = found;
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

    /// A [`Tok`] that owns its strings.
    #[derive(Debug, PartialEq)]
    struct OwnedTok {
        pos: u32,
        key: String,
        variant: Option<String>,
        kind: TokKind,
        joined: bool,
        spelling: Option<u32>,
        start: usize,
        end: usize,
    }

    impl From<Tok<'_>> for OwnedTok {
        fn from(t: Tok<'_>) -> OwnedTok {
            OwnedTok {
                pos: t.pos,
                key: t.key.to_string(),
                variant: t.variant.map(str::to_string),
                kind: t.kind,
                joined: t.joined,
                spelling: t.spelling,
                start: t.start,
                end: t.end,
            }
        }
    }

    /// The straightforward definitions the analyzer's fast paths must agree with: the
    /// pattern run over the whole text, characters decoded one by one, every word folded.
    mod reference {
        use super::super::*;
        use super::OwnedTok;
        use std::collections::HashMap;

        pub fn symbols(text: &str) -> Vec<SymbolMatch> {
            let mut out = Vec::new();
            for c in symbol_regex().captures_iter(text) {
                let whole = c.get(0).unwrap();
                let (num, ty, iss, needs_boundary) = match (c.get(1), c.get(2), c.get(3)) {
                    (Some(n), Some(t), Some(i)) => {
                        let lower = i.as_str().starts_with(char::is_lowercase);
                        (n.as_str(), t.as_str(), i.as_str(), lower)
                    }
                    _ => (
                        c.get(4).unwrap().as_str(),
                        c.get(5).unwrap().as_str(),
                        c.get(6).unwrap().as_str(),
                        true,
                    ),
                };
                let after = text[whole.end()..].chars().next();
                if needs_boundary && after.is_some_and(char::is_alphanumeric) {
                    continue;
                }
                let Some(family) = type_family(&fold(ty)) else {
                    continue;
                };
                let number = format!("{:02}", num.parse::<u32>().unwrap());
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

        type History = [(Option<&'static str>, bool, usize); 3];

        fn citation(h: &History, joined: bool) -> Option<(&'static str, u32, usize)> {
            let [h1, h2, h3] = *h;
            if !joined {
                return None;
            }
            if h3.0 == Some("so") && h3.1 && h2.1 {
                if let Some(f) = h1.0.zip(h2.0).and_then(|(a, b)| type_name_family(a, b)) {
                    return Some((f, 3, h1.2));
                }
            }
            if h3.1 {
                if let Some(f) = h2.0.zip(h3.0).and_then(|(a, b)| type_name_family(a, b)) {
                    return Some((f, 2, h2.2));
                }
            }
            None
        }

        /// Tokens of `text`, numbering spellings in `spellings`.
        pub fn analyze(text: &str, spellings: &mut HashMap<String, u32>) -> Vec<OwnedTok> {
            let symbols = symbols(text);
            let mut out: Vec<OwnedTok> = Vec::new();
            let (mut pos, mut i, mut next) = (0, 0, 0);
            let mut history: History = [(None, false, 0); 3];
            let (mut first, mut clean_gap) = (true, true);
            while i < text.len() {
                let joined = !first && clean_gap;
                if let Some(s) = symbols.get(next).filter(|s| s.start == i) {
                    let (consumed, cite_start) = citation(&history, joined)
                        .filter(|c| s.partial[s.number.len() + 1..] == *c.0)
                        .map_or((0, s.start), |c| (c.1, c.2));
                    let (start, end, spelling) = (s.start, s.end, None);
                    let variant = Some(s.number.as_str());
                    let kind = TokKind::Word;
                    let key = &s.number;
                    out.push(
                        Tok {
                            pos,
                            key,
                            variant,
                            kind,
                            joined,
                            spelling,
                            start,
                            end,
                        }
                        .into(),
                    );
                    let (key, variant, kind, joined) = (&s.full, None, TokKind::Symbol, false);
                    out.push(
                        Tok {
                            pos,
                            key,
                            variant,
                            kind,
                            joined,
                            spelling,
                            start,
                            end,
                        }
                        .into(),
                    );
                    let (key, kind, start) =
                        (&s.partial, TokKind::Partial { consumed }, cite_start);
                    out.push(
                        Tok {
                            pos,
                            key,
                            variant,
                            kind,
                            joined,
                            spelling,
                            start,
                            end,
                        }
                        .into(),
                    );
                    history = [history[1], history[2], (None, !first && clean_gap, s.start)];
                    (pos, first, clean_gap, i, next) = (pos + 1, false, true, s.end, next + 1);
                    continue;
                }
                let c = text[i..].chars().next().unwrap();
                if !is_word_char(c) {
                    if !c.is_whitespace() || c == '\n' {
                        clean_gap = false;
                    }
                    i += c.len_utf8();
                    continue;
                }
                let limit = symbols.get(next).map_or(text.len(), |s| s.start.max(i));
                let mut end = i + c.len_utf8();
                while let Some(ch) = text[end..].chars().next().filter(|_| end < limit) {
                    if !is_word_char(ch) {
                        break;
                    }
                    end += ch.len_utf8();
                }
                let word = &text[i..end];
                let count = spellings.len() as u32;
                let spelling = Some(*spellings.entry(word.to_string()).or_insert(count));
                let (key, variant, kind, start) = (fold(word), match_key(word), TokKind::Word, i);
                let variant = Some(variant.as_str());
                out.push(
                    Tok {
                        pos,
                        key: &key,
                        variant,
                        kind,
                        joined,
                        spelling,
                        start,
                        end,
                    }
                    .into(),
                );
                let number = (word.len() <= 4 && word.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| format!("{:02}", word.parse::<u32>().unwrap()));
                if let Some((number, (family, consumed, start))) =
                    number.zip(citation(&history, joined))
                {
                    let key = &format!("{number}-{family}");
                    let kind = TokKind::Partial { consumed };
                    let (variant, joined, spelling) = (None, false, None);
                    out.push(
                        Tok {
                            pos,
                            key,
                            variant,
                            kind,
                            joined,
                            spelling,
                            start,
                            end,
                        }
                        .into(),
                    );
                }
                let type_word = type_word(&key).map(|k| TYPE_WORDS[k]);
                history = [history[1], history[2], (type_word, joined, i)];
                (pos, first, clean_gap, i) = (pos + 1, false, true, end);
            }
            out
        }
    }

    /// The analyzer's tokens of several texts, one analyzer for all.
    fn analyzed(texts: &[String]) -> Vec<Vec<OwnedTok>> {
        let mut a = Analyzer::new();
        let mut all = Vec::new();
        for text in texts {
            let mut out: Vec<OwnedTok> = Vec::new();
            let end = a.analyze(text, 0, &mut |t| out.push(t.into()));
            assert_eq!(end, out.last().map_or(0, |t| t.pos + 1), "{text:?}");
            all.push(out);
        }
        all
    }

    fn assert_like_reference(texts: &[String]) {
        let mut spellings = std::collections::HashMap::new();
        let want: Vec<_> = texts
            .iter()
            .map(|t| reference::analyze(t, &mut spellings))
            .collect();
        assert_eq!(analyzed(texts), want, "{texts:?}");
        for t in texts {
            assert_eq!(find_symbols(t), reference::symbols(t), "{t:?}");
        }
    }

    #[test]
    fn every_character_is_classed_as_by_its_definition() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let want = if is_word_char(c) {
                CharClass::Word
            } else if c.is_whitespace() && c != '\n' {
                CharClass::Space
            } else {
                CharClass::Break
            };
            let text = format!("{c}x");
            assert_eq!(class_at(&text, 0), (want, c.len_utf8()), "{c:?}");
        }
    }

    #[test]
    fn texts_are_analysed_as_by_the_definitions() {
        let texts: Vec<String> = [
            "Thực hiện Chỉ thị số 05-CT/TW và Kết luận số 01-KL/TW của Bộ Chính trị,",
            "theo chỉ thị 05 và chỉ thị số 5, kết luận 1; quy định 08- QĐi/TW",
            "ngày 15/05/2016 và 155/QĐ-UBND, 22/CT-TW, 05 – CT ∕ TƯ; 05‑CT／T.Ư 7-kl/tw và",
            "12345-CT/TW abc05-CT/TW 05-ct/twvà 05-CT/TWvà 9999-CT/TW/TW 05-CT/ 05- /",
            "Đảng ủy, uỷ ban × ÷ ½ ² Ⅳ ﬁ Ǆ ǅ ɐ ʰ ˂ Ά ά Ω \u{0301}a ẞ ẜ ỿ Ȁ \u{00A0}Sơn\u{2009}La",
            "supercalifragilisticexpialidocious dài-hơn-mười-sáu-byte Nghịquyếtsốmườihai",
            "0123456789012345 01234567890123456 1 12 123 1234 12345 chỉ thị 1234",
            "ke hoach so 65-KH/TU, ke hoach 65; de an 3; chuong trinh so 2\nchỉ thị\n05",
            "",
            "/",
            "05",
        ]
        .map(String::from)
        .to_vec();
        assert_like_reference(&texts);
        // Every suffix: the fast paths that read ahead (16-byte spellings, windows around
        // slashes) meet the end of the text at every place.
        let suffixes: Vec<String> = texts
            .iter()
            .flat_map(|t| t.char_indices().map(move |(i, _)| t[i..].to_string()))
            .collect();
        assert_like_reference(&suffixes);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        #[test]
        fn random_texts_are_analysed_as_by_the_definitions(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "05", "5", "12345", "2023", "-", "–", "—", "‑", "−", "－", "/", "／", "∕",
                "⁄", " ", "\u{A0}", "  ", "\t", "\n", ".", ",", "CT", "ct", "QĐ", "QĐi", "Ctr",
                "TW", "TƯ", "T.Ư", "T.W", "tw", "Tu", "ĐU", "HU", "KH", "KL", "UBND", "đuk",
                "chỉ", "thị", "số", "so", "kết", "luận", "quy", "định", "Đảng", "ủy", "uỷ",
                "Sơn", "ư", "đ", "Ư", "x", "ﬁ", "\u{0301}", "×", "ABCDEFGHIJKLMNOPQR",
                "ươngươngương",
            ]), 0..24),
            split in 0usize..24,
        ) {
            let text: String = parts.concat();
            let (a, b) = parts.split_at(split.min(parts.len()));
            assert_like_reference(&[text, a.concat(), b.concat()]);
        }
    }
}
