//! Normalization, folding and matching keys for Vietnamese text.
//!
//! Three views of one string, for three jobs:
//! - [`nfc`]: what is stored and displayed (the text as written, composed);
//! - [`match_key`]: what decides whether two names are the same name — case, spacing and
//!   *tone placement* (hoà/hòa, uỷ/ủy) do not matter, every other diacritic does;
//! - [`fold`]: plain ASCII for slugs and diacritic-insensitive search (đ → d).

use std::borrow::Cow;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Returns `s` in Unicode NFC, borrowing when it already is (the common case).
pub fn nfc(s: &str) -> Cow<'_, str> {
    // Characters below U+0300 are all starters that are NFC-stable, so the quick check can
    // skip them (most of a Vietnamese text). Dropping starters can only make two marks look
    // adjacent and the check fail, never pass wrongly; a failure normalises everything.
    match is_nfc_quick(s.chars().filter(|&c| c >= '\u{0300}')) {
        IsNormalized::Yes => Cow::Borrowed(s),
        _ => Cow::Owned(s.nfc().collect()),
    }
}

/// True for the five combining tone marks (huyền, sắc, ngã, hỏi, nặng).
fn is_tone_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}'
    )
}

/// Maps the look-alike capital eth and African D to Đ, which scanned and typed texts mix up.
fn canonical_d(c: char) -> char {
    match c {
        '\u{00D0}' | '\u{0189}' => 'Đ',
        '\u{00F0}' | '\u{0256}' => 'đ',
        other => other,
    }
}

/// A key under which two spellings of one name compare equal: lower case, single spaces,
/// NFC, and each syllable's tone moved to the syllable's end, so old and new tone placement
/// ("Tỉnh uỷ", "Tỉnh ủy", "TỈNH ỦY") give one key while "Sơn" and "Son" stay apart.
pub fn match_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, word) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let mut tone = None;
        let mut base = String::with_capacity(word.len());
        for c in word.nfd() {
            if is_tone_mark(c) {
                tone = Some(c);
            } else {
                base.extend(canonical_d(c).to_lowercase());
            }
        }
        out.extend(base.nfc());
        if let Some(t) = tone {
            // The tone is kept, but detached from the vowel that carried it.
            out.push(match t {
                '\u{0300}' => '1',
                '\u{0301}' => '2',
                '\u{0303}' => '3',
                '\u{0309}' => '4',
                _ => '5',
            });
        }
    }
    out
}

/// Plain lower-case ASCII-ish text: every diacritic removed, đ → d, case folded.
/// Characters other than letters keep their place (spaces, digits, punctuation).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match canonical_d(c) {
            'đ' | 'Đ' => out.push('d'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A URL slug: [`fold`]ed, every run of characters other than `a-z0-9` turned into one `-`,
/// no leading or trailing `-`. `"Đảng ủy Khối"` → `"dang-uy-khoi"`.
pub fn slugify(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    let mut dash = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_composes_decomposed_text() {
        let nfd: String = "Sơn La".nfd().collect();
        assert_ne!(nfd, "Sơn La");
        assert_eq!(nfc(&nfd), "Sơn La");
    }

    #[test]
    fn match_key_ignores_tone_placement_case_and_spacing() {
        assert_eq!(match_key("Tỉnh uỷ Sơn La"), match_key("Tỉnh ủy  Sơn La"));
        assert_eq!(match_key("TỈNH ỦY SƠN LA"), match_key("tỉnh uỷ sơn la"));
        assert_eq!(match_key("hoà"), match_key("hòa"));
        assert_eq!(match_key("thuỷ"), match_key("thủy"));
        assert_eq!(match_key("khoẻ"), match_key("khỏe"));
        let nfd: String = "Hòa Bình".nfd().collect();
        assert_eq!(match_key(&nfd), match_key("Hoà Bình"));
    }

    #[test]
    fn match_key_keeps_other_diacritics() {
        assert_ne!(match_key("Sơn La"), match_key("Son La"));
        assert_ne!(match_key("hòa"), match_key("hoa"));
        assert_ne!(match_key("hòa"), match_key("hóa"));
        assert_ne!(match_key("Đà"), match_key("Da"));
    }

    #[test]
    fn fold_strips_diacritics_and_d_stroke() {
        assert_eq!(fold("Đảng ủy Khối"), "dang uy khoi");
        assert_eq!(fold("\u{00D0}ảng"), "dang");
        assert_eq!(fold("Học tập và làm theo"), "hoc tap va lam theo");
    }

    #[test]
    fn slugify_makes_ascii_kebab_case() {
        assert_eq!(slugify("Sơn La"), "son-la");
        assert_eq!(slugify("Bà Rịa - Vũng Tàu"), "ba-ria-vung-tau");
        assert_eq!(slugify("  05-CT/TW "), "05-ct-tw");
        assert_eq!(slugify("Hoà Bình"), slugify("Hòa Bình"));
        assert_eq!(slugify("---"), "");
    }
}
