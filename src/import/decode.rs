//! Bytes to clean Unicode text: BOMs, UTF-16, line ends, legacy Vietnamese encodings and
//! the mojibake they leave behind (TCVN3/ABC, VNI-Windows, Windows-1258, UTF-8 read as
//! Windows-1252), and NFC.
//!
//! A repair is applied only when it makes the text markedly more Vietnamese: every candidate
//! decoding is scored by the share of its non-ASCII words that are well-formed Vietnamese
//! syllables, and the text as read wins unless a candidate beats it clearly.

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// How the input was decoded, for the import report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 as read (with or without BOM).
    Utf8,
    /// UTF-16 with a byte-order mark.
    Utf16,
    /// Bytes that were not UTF-8, read as Windows-1258.
    Windows1258,
    /// TCVN3 (ABC, ".VnTime" fonts): raw bytes or text that had been read as Latin-1.
    Tcvn3,
    /// VNI-Windows: raw bytes or text that had been read as Windows-1252.
    Vni,
    /// UTF-8 that had been read as Windows-1252 and saved again ("Ä‘áº£ng").
    DoubleUtf8,
    /// Bytes that were not UTF-8 and matched no Vietnamese encoding, read as Windows-1252.
    Windows1252,
}

impl Encoding {
    /// Vietnamese description for the report; `None` for plain UTF-8.
    pub fn repair_note(self) -> Option<&'static str> {
        match self {
            Encoding::Utf8 => None,
            Encoding::Utf16 => Some("đọc tệp UTF-16 (UTF-16 input)"),
            Encoding::Windows1258 => Some("tệp không phải UTF-8, đã đọc theo bảng mã Windows-1258"),
            Encoding::Tcvn3 => Some("đã sửa lỗi phông TCVN3/ABC (TCVN3 mojibake repaired)"),
            Encoding::Vni => Some("đã sửa lỗi phông VNI (VNI mojibake repaired)"),
            Encoding::DoubleUtf8 => {
                Some("đã sửa lỗi UTF-8 bị đọc nhầm thành Windows-1252 (double-encoded UTF-8 repaired)")
            }
            Encoding::Windows1252 => Some(
                "tệp không phải UTF-8 và không nhận ra bảng mã tiếng Việt; đã đọc theo Windows-1252 \
                 (unknown legacy encoding)",
            ),
        }
    }
}

/// Decodes `bytes` to NFC text with `\n` line ends, repairing legacy encodings where
/// detectable. Never fails: undecodable bytes become U+FFFD.
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    let (text, encoding) = decode_raw(bytes);
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    (text.nfc().collect(), encoding)
}

fn decode_raw(bytes: &[u8]) -> (String, Encoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return repair_utf8(String::from_utf8_lossy(rest).into_owned());
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return (utf16(rest, u16::from_le_bytes), Encoding::Utf16);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return (utf16(rest, u16::from_be_bytes), Encoding::Utf16);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => repair_utf8(s.to_owned()),
        Err(_) => legacy(bytes),
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]])).collect();
    String::from_utf16_lossy(&units)
}

/// Text that decoded as UTF-8 may still carry mojibake from an earlier wrong decoding.
fn repair_utf8(text: String) -> (String, Encoding) {
    let base = score(&text);
    let mut best: Option<(String, Encoding, Score)> = None;
    let mut consider = |candidate: Option<String>, enc: Encoding| {
        if let Some(c) = candidate {
            let s = score(&c);
            if s.clearly_beats(&base) && best.as_ref().is_none_or(|(_, _, b)| s.ratio() > b.ratio())
            {
                best = Some((c, enc, s));
            }
        }
    };
    // Sound text (nearly every word a syllable) is not worth a repair attempt.
    if base.invalid > 0 && base.ratio() < 0.9 {
        consider(double_utf8(&text), Encoding::DoubleUtf8);
        consider(tcvn3(&text), Encoding::Tcvn3);
        consider(vni(&text), Encoding::Vni);
    }
    match best {
        Some((t, Encoding::Tcvn3, _)) => (tcvn3_capitals(&t), Encoding::Tcvn3),
        Some((t, enc, _)) => (t, enc),
        None => (text, Encoding::Utf8),
    }
}

/// Bytes that are not UTF-8: the best-scoring Vietnamese legacy decoding.
fn legacy(bytes: &[u8]) -> (String, Encoding) {
    let latin1: String = bytes.iter().map(|&b| char::from(b)).collect();
    let cp1252: String = bytes.iter().map(|&b| cp1252(b)).collect();
    let candidates = [
        (cp1258(bytes), Encoding::Windows1258),
        (
            tcvn3(&latin1).unwrap_or_else(|| latin1.clone()),
            Encoding::Tcvn3,
        ),
        (
            vni(&cp1252).unwrap_or_else(|| cp1252.clone()),
            Encoding::Vni,
        ),
    ];
    let mut best: Option<(String, Encoding, f64)> = None;
    for (text, enc) in candidates {
        let text: String = text.nfc().collect();
        let r = score(&text).ratio();
        if best.as_ref().is_none_or(|(_, _, b)| r > *b) {
            best = Some((text, enc, r));
        }
    }
    match best {
        Some((t, Encoding::Tcvn3, r)) if r >= 0.5 => (tcvn3_capitals(&t), Encoding::Tcvn3),
        Some((t, enc, r)) if r >= 0.5 => (t, enc),
        _ => (cp1252, Encoding::Windows1252),
    }
}

/// Counts of non-ASCII words that are, and are not, well-formed Vietnamese syllables.
#[derive(Debug, Clone, Copy, Default)]
struct Score {
    valid: usize,
    invalid: usize,
}

impl Score {
    fn ratio(&self) -> f64 {
        let total = self.valid + self.invalid;
        if total == 0 {
            0.0
        } else {
            self.valid as f64 / total as f64
        }
    }

    /// A repair must turn a real share of broken words into Vietnamese, not just nudge.
    fn clearly_beats(&self, base: &Score) -> bool {
        self.valid >= base.valid + 3 && self.ratio() >= base.ratio() + 0.25 && self.ratio() >= 0.6
    }
}

fn score(text: &str) -> Score {
    let mut s = Score::default();
    for word in text.split(|c: char| c.is_whitespace() || is_word_punct(c)) {
        if word.is_empty() || word.is_ascii() {
            continue;
        }
        if is_syllable(word) {
            s.valid += 1;
        } else {
            s.invalid += 1;
        }
    }
    s
}

/// Punctuation that separates words. Latin-1 symbols (§ ¶ © …) are deliberately not here:
/// in mojibake they stand for letters.
fn is_word_punct(c: char) -> bool {
    (c.is_ascii_punctuation() && c != '\'')
        || matches!(
            c,
            '“' | '”' | '‘' | '’' | '–' | '—' | '…' | '•' | '\u{FFFD}'
        )
        || ('\u{2070}'..='\u{209F}').contains(&c)
        || matches!(c, '¹' | '²' | '³')
}

const TONES: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];
const INITIALS: [&str; 27] = [
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];
const FINALS: [&str; 8] = ["ch", "ng", "nh", "c", "m", "n", "p", "t"];
/// Vowel groups that may be followed by a final consonant.
const CLOSED: [&str; 26] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "iê", "yê", "oa", "oă", "oe", "uâ",
    "uê", "uô", "ươ", "uy", "uyê", "oo", "ua", "uơ",
];
/// Vowel groups that end the syllable (they end in a glide).
const OPEN: [&str; 29] = [
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ui", "ưi", "ưu",
    "ưa", "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyu",
];

/// Whether `word` is one well-formed Vietnamese syllable (any case, at most one tone).
pub(crate) fn is_syllable(word: &str) -> bool {
    let mut tones = 0;
    let mut base = String::with_capacity(word.len());
    for c in word.nfd() {
        if TONES.contains(&c) {
            tones += 1;
        } else {
            base.extend(c.to_lowercase());
        }
    }
    if tones > 1 || base.is_empty() {
        return false;
    }
    let base: String = base.nfc().collect();
    if base.chars().count() > 7 {
        return false;
    }
    if !base
        .chars()
        .all(|c| c.is_ascii_lowercase() || "ăâêôơưđ".contains(c))
    {
        return false;
    }
    INITIALS
        .iter()
        .copied()
        .chain([""])
        .filter_map(|i| base.strip_prefix(i).map(|rest| (i, rest)))
        .any(|(initial, rest)| {
            // "gì", "gìn": the i of "gi" doubles as the vowel.
            if initial == "gi" && (rest.is_empty() || FINALS.contains(&rest)) {
                return true;
            }
            FINALS.iter().copied().chain([""]).any(|f| {
                rest.strip_suffix(f).is_some_and(|nucleus| {
                    CLOSED.contains(&nucleus) || (f.is_empty() && OPEN.contains(&nucleus))
                })
            })
        })
}

/// TCVN3 (ABC) positions of the ".VnTime" fonts, read as Latin-1 code points.
const TCVN3: [(char, char); 71] = [
    ('\u{A1}', 'Ă'),
    ('\u{A2}', 'Â'),
    ('\u{A3}', 'Ê'),
    ('\u{A4}', 'Ô'),
    ('\u{A5}', 'Ơ'),
    ('\u{A6}', 'Ư'),
    ('\u{A7}', 'Đ'),
    ('\u{A8}', 'ă'),
    ('\u{A9}', 'â'),
    ('\u{AA}', 'ê'),
    ('\u{AB}', 'ô'),
    ('\u{AC}', 'ơ'),
    ('\u{AD}', 'ư'),
    ('\u{AE}', 'đ'),
    ('\u{B5}', 'à'),
    ('\u{B6}', 'ả'),
    ('\u{B7}', 'ã'),
    ('\u{B8}', 'á'),
    ('\u{B9}', 'ạ'),
    ('\u{BB}', 'ằ'),
    ('\u{BC}', 'ẳ'),
    ('\u{BD}', 'ẵ'),
    ('\u{BE}', 'ắ'),
    ('\u{C6}', 'ặ'),
    ('\u{C7}', 'ầ'),
    ('\u{C8}', 'ẩ'),
    ('\u{C9}', 'ẫ'),
    ('\u{CA}', 'ấ'),
    ('\u{CB}', 'ậ'),
    ('\u{CC}', 'è'),
    ('\u{CE}', 'ẻ'),
    ('\u{CF}', 'ẽ'),
    ('\u{D0}', 'é'),
    ('\u{D1}', 'ẹ'),
    ('\u{D2}', 'ề'),
    ('\u{D3}', 'ể'),
    ('\u{D4}', 'ễ'),
    ('\u{D5}', 'ế'),
    ('\u{D6}', 'ệ'),
    ('\u{D7}', 'ì'),
    ('\u{D8}', 'ỉ'),
    ('\u{DC}', 'ĩ'),
    ('\u{DD}', 'í'),
    ('\u{DE}', 'ị'),
    ('\u{DF}', 'ò'),
    ('\u{E1}', 'ỏ'),
    ('\u{E2}', 'õ'),
    ('\u{E3}', 'ó'),
    ('\u{E4}', 'ọ'),
    ('\u{E5}', 'ồ'),
    ('\u{E6}', 'ổ'),
    ('\u{E7}', 'ỗ'),
    ('\u{E8}', 'ố'),
    ('\u{E9}', 'ộ'),
    ('\u{EA}', 'ờ'),
    ('\u{EB}', 'ở'),
    ('\u{EC}', 'ỡ'),
    ('\u{ED}', 'ớ'),
    ('\u{EE}', 'ợ'),
    ('\u{EF}', 'ù'),
    ('\u{F1}', 'ủ'),
    ('\u{F2}', 'ũ'),
    ('\u{F3}', 'ú'),
    ('\u{F4}', 'ụ'),
    ('\u{F5}', 'ừ'),
    ('\u{F6}', 'ử'),
    ('\u{F7}', 'ữ'),
    ('\u{F8}', 'ứ'),
    ('\u{F9}', 'ự'),
    ('\u{FA}', 'ỳ'),
    ('\u{FB}', 'ỷ'),
];
const TCVN3_TAIL: [(char, char); 4] = [
    ('\u{FC}', 'ỹ'),
    ('\u{FD}', 'ý'),
    ('\u{FE}', 'ỵ'),
    // PDF extraction of TCVN3 documents gives a minus sign for "ư" ("g−¬ng").
    ('\u{2212}', 'ư'),
];

/// ABC fonts print capitals with a second font that reuses the lower-case codes, so a line
/// in capitals comes back as "KếT LUậN": lines whose plain letters are all capitals are put
/// back in capitals.
fn tcvn3_capitals(text: &str) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            let ascii: Vec<char> = line.chars().filter(char::is_ascii_alphabetic).collect();
            let words = line
                .split_whitespace()
                .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
                .count();
            let capitals = ascii.len() >= 2
                && words >= 2
                && ascii.iter().all(char::is_ascii_uppercase)
                && line.chars().any(|c| !c.is_ascii() && c.is_lowercase());
            if capitals {
                line.to_uppercase()
            } else {
                line.to_owned()
            }
        })
        .collect();
    lines.join("\n")
}

/// Maps TCVN3 mojibake back; `None` when the text has no TCVN3 position at all.
fn tcvn3(text: &str) -> Option<String> {
    static TABLE: OnceLock<[Option<char>; 96]> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = [None; 96];
        for (from, to) in TCVN3.iter().chain(TCVN3_TAIL.iter()) {
            if let Some(slot) = u32::from(*from)
                .checked_sub(0xA0)
                .and_then(|i| t.get_mut(i as usize))
            {
                *slot = Some(*to);
            }
        }
        t
    });
    let map = |c: char| match u32::from(c) {
        n @ 0xA0..=0xFF => table[(n - 0xA0) as usize],
        0x2212 => Some('ư'),
        _ => None,
    };
    let mut changed = false;
    let out: String = text
        .chars()
        .map(|c| match map(c) {
            Some(t) => {
                changed = true;
                t
            }
            None => c,
        })
        .collect();
    changed.then_some(out)
}

/// VNI-Windows: a base letter followed by a mark byte, read as Windows-1252. Two-character
/// sequences first (lower- and upper-case marks), then the letters VNI codes alone.
const VNI_PAIRS: [(&str, char); 10] = [
    ("ù", '\u{0301}'),
    ("ø", '\u{0300}'),
    ("û", '\u{0309}'),
    ("õ", '\u{0303}'),
    ("ï", '\u{0323}'),
    ("Ù", '\u{0301}'),
    ("Ø", '\u{0300}'),
    ("Û", '\u{0309}'),
    ("Õ", '\u{0303}'),
    ("Ï", '\u{0323}'),
];
/// Marks after a/A that also change the vowel: â-series (â á à å ã ä) and ă-series
/// (ê é è ú ü ë); after e/E and o/O the first series gives ê/ô.
const VNI_HAT: [(char, char); 12] = [
    ('â', '\u{0000}'),
    ('á', '\u{0301}'),
    ('à', '\u{0300}'),
    ('å', '\u{0309}'),
    ('ã', '\u{0303}'),
    ('ä', '\u{0323}'),
    ('Â', '\u{0000}'),
    ('Á', '\u{0301}'),
    ('À', '\u{0300}'),
    ('Å', '\u{0309}'),
    ('Ã', '\u{0303}'),
    ('Ä', '\u{0323}'),
];
const VNI_BREVE: [(char, char); 12] = [
    ('ê', '\u{0000}'),
    ('é', '\u{0301}'),
    ('è', '\u{0300}'),
    ('ú', '\u{0309}'),
    ('ü', '\u{0303}'),
    ('ë', '\u{0323}'),
    ('Ê', '\u{0000}'),
    ('É', '\u{0301}'),
    ('È', '\u{0300}'),
    ('Ú', '\u{0309}'),
    ('Ü', '\u{0303}'),
    ('Ë', '\u{0323}'),
];
const VNI_SINGLE: [(char, &str); 16] = [
    ('ô', "ơ"),
    ('Ô', "Ơ"),
    ('ö', "ư"),
    ('Ö', "Ư"),
    ('ñ', "đ"),
    ('Ñ', "Đ"),
    ('í', "í"),
    ('ì', "ì"),
    ('æ', "ỉ"),
    ('ó', "ĩ"),
    ('ò', "ị"),
    ('Í', "Í"),
    ('Ì', "Ì"),
    ('Æ', "Ỉ"),
    ('Ó', "Ĩ"),
    ('Ò', "Ị"),
];

fn vni_tone(c: char) -> Option<char> {
    VNI_PAIRS
        .iter()
        .find(|(s, _)| s.starts_with(c))
        .map(|(_, t)| *t)
}

/// Maps VNI mojibake back; `None` when nothing changed.
fn vni(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let push_marked = |out: &mut String, base: &str, tone: char| {
            out.push_str(base);
            if tone != '\u{0000}' {
                out.push(tone);
            }
        };
        let lower = c.to_ascii_lowercase();
        // Vowel + mark.
        if let (true, Some(n)) = (matches!(lower, 'a' | 'e' | 'o' | 'u' | 'y'), next) {
            let upper = c.is_ascii_uppercase();
            let hat = VNI_HAT.iter().find(|(m, _)| *m == n).map(|(_, t)| *t);
            let breve = VNI_BREVE.iter().find(|(m, _)| *m == n).map(|(_, t)| *t);
            let with = |l: &str, u: &str| if upper { u.to_owned() } else { l.to_owned() };
            let done = match (lower, hat, breve, vni_tone(n)) {
                ('a', Some(t), _, _) => Some((with("â", "Â"), t)),
                ('a', _, Some(t), _) => Some((with("ă", "Ă"), t)),
                ('e', Some(t), _, _) => Some((with("ê", "Ê"), t)),
                ('o', Some(t), _, _) => Some((with("ô", "Ô"), t)),
                (_, _, _, Some(t)) => Some((c.to_string(), t)),
                _ => None,
            };
            if let Some((base, tone)) = done {
                push_marked(&mut out, &base, tone);
                changed = true;
                i += 2;
                continue;
            }
        }
        // ơ/ư (coded ô/ö) + tone mark.
        if let (Some(base), Some(n)) = (
            match c {
                'ô' => Some("ơ"),
                'Ô' => Some("Ơ"),
                'ö' => Some("ư"),
                'Ö' => Some("Ư"),
                _ => None,
            },
            next,
        ) {
            if let Some(t) = vni_tone(n) {
                push_marked(&mut out, base, t);
                changed = true;
                i += 2;
                continue;
            }
        }
        if let Some((_, to)) = VNI_SINGLE.iter().find(|(from, _)| *from == c) {
            out.push_str(to);
            changed |= *to != c.to_string();
            i += 1;
            continue;
        }
        if c == 'î' || c == 'Î' {
            out.push(if c == 'î' { 'ỵ' } else { 'Ỵ' });
            changed = true;
            i += 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    changed.then(|| out.nfc().collect())
}

/// Windows-1252 0x80–0x9F; the five undefined positions pass through as C1 controls.
const CP1252_HIGH: [u32; 32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
];

fn cp1252(b: u8) -> char {
    match b {
        0x80..=0x9F => char::from_u32(CP1252_HIGH[usize::from(b - 0x80)]).unwrap_or('\u{FFFD}'),
        _ => char::from(b),
    }
}

/// Windows-1258: Windows-1252 with Vietnamese letters and combining tones in place of some
/// Latin-1 letters.
fn cp1258(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x8A | 0x8E | 0x9A | 0x9E => char::from(b),
            0xC3 => 'Ă',
            0xCC => '\u{0300}',
            0xD0 => 'Đ',
            0xD2 => '\u{0309}',
            0xD5 => 'Ơ',
            0xDD => 'Ư',
            0xDE => '\u{0303}',
            0xE3 => 'ă',
            0xEC => '\u{0301}',
            0xF0 => 'đ',
            0xF2 => '\u{0323}',
            0xF5 => 'ơ',
            0xFD => 'ư',
            0xFE => '₫',
            other => cp1252(other),
        })
        .collect()
}

/// Undoes "UTF-8 bytes shown as Windows-1252 and saved as UTF-8" ("Ä‘áº£ng" → "đảng"),
/// when every character maps back to one byte and the bytes are UTF-8.
fn double_utf8(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    for c in text.chars() {
        let b = match u32::from(c) {
            n @ 0..=0x7F | n @ 0xA0..=0xFF => n as u8,
            n @ 0x80..=0x9F if CP1252_HIGH.contains(&n) => n as u8,
            n => {
                let pos = CP1252_HIGH.iter().position(|&h| h == n)?;
                0x80 + pos as u8
            }
        };
        bytes.push(b);
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_are_recognised() {
        for w in [
            "Đảng", "nghiêng", "khuyết", "gì", "quyết", "Tỉnh", "ủy", "uỷ", "NGHỊ", "thuở",
            "người", "khoẻ", "giữa", "xoong",
        ] {
            assert!(is_syllable(w), "{w}");
        }
        for w in ["ChØ", "§¶ng", "Vieät", "caùc", "hóá", "Ä‘áº£ng", "thÞ"] {
            assert!(!is_syllable(w), "{w}");
        }
    }

    #[test]
    fn bom_and_crlf_are_removed() {
        let (t, e) = decode("\u{FEFF}Kết luận\r\nsố 01\r".as_bytes());
        assert_eq!(t, "Kết luận\nsố 01\n");
        assert_eq!(e, Encoding::Utf8);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Đảng".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16), ("Đảng".to_string(), Encoding::Utf16));
    }

    #[test]
    fn decomposed_text_becomes_nfc() {
        let nfd: String = "Chỉ thị số 05".nfd().collect();
        assert_eq!(decode(nfd.as_bytes()).0, "Chỉ thị số 05");
    }

    #[test]
    fn tcvn3_mojibake_is_repaired() {
        let (t, e) = decode("ChØ thÞ sè 05-CT/TW vÒ häc tËp vµ lµm theo §¶ng".as_bytes());
        assert_eq!(e, Encoding::Tcvn3);
        assert_eq!(t, "Chỉ thị số 05-CT/TW về học tập và làm theo Đảng");
        // Raw TCVN3 bytes (not UTF-8) too.
        let (t, e) = decode(b"Ch\xd8 th\xde s\xe8 05-CT/TW v\xd2 h\xe4c t\xcbp");
        assert_eq!(e, Encoding::Tcvn3);
        assert_eq!(t, "Chỉ thị số 05-CT/TW về học tập");
    }

    #[test]
    fn vni_mojibake_is_repaired() {
        let (t, e) = decode("Ñaûng Coäng saûn Vieät Nam laõnh ñaïo caùc tænh".as_bytes());
        assert_eq!(e, Encoding::Vni);
        assert_eq!(t, "Đảng Cộng sản Việt Nam lãnh đạo các tỉnh");
    }

    #[test]
    fn double_encoded_utf8_is_repaired() {
        let wrong: String = "Ban Thường vụ Tỉnh ủy kết luận"
            .bytes()
            .map(cp1252)
            .collect();
        let (t, e) = decode(wrong.as_bytes());
        assert_eq!(e, Encoding::DoubleUtf8);
        assert_eq!(t, "Ban Thường vụ Tỉnh ủy kết luận");
    }

    #[test]
    fn windows_1258_bytes_are_decoded() {
        // "Tỉnh ủy" in Windows-1258: i + combining hook (0xD2), u + hook.
        let (t, e) = decode(b"T\x69\xd2nh u\xd2y k\xea\xect lu\xe2\xf2n v\xea\xcc");
        assert_eq!(e, Encoding::Windows1258);
        assert_eq!(t, "Tỉnh ủy kết luận về");
    }

    #[test]
    fn good_text_is_left_alone() {
        let s = "Quán triệt Chỉ thị số 05-CT/TW; café, Đà Nẵng, Huế, naïve";
        assert_eq!(decode(s.as_bytes()), (s.to_string(), Encoding::Utf8));
    }
}
