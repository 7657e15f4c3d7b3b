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
    if all_stable_starters(s) {
        return Cow::Borrowed(s);
    }
    // Dropping starters from the quick check can only make two marks look adjacent and the
    // check fail, never pass wrongly; a failure normalises everything.
    match is_nfc_quick(s.chars().filter(|&c| !is_stable_starter(c))) {
        IsNormalized::Yes => Cow::Borrowed(s),
        _ => Cow::Owned(s.nfc().collect()),
    }
}

/// True when every character of `s` is a starter that NFC leaves alone, so `s` is NFC.
/// Checking each character alone is enough: only marks (which reorder) and characters NFC
/// may change or compose need their neighbours. Vietnamese text is ASCII, two-byte Latin
/// letters and the three-byte letters of U+1E80–U+1EFF; those are recognised from their
/// bytes, because decoding every character was 5% of a build's CPU time.
fn all_stable_starters(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(word) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(word.try_into().unwrap_or([0x80; 8]));
            if word & 0x8080_8080_8080_8080 == 0 {
                i += 8;
                continue;
            }
        }
        match bytes[i] {
            0x00..=0x7F => i += 1,
            // U+0080–U+02FF.
            0xC2..=0xCB => i += 2,
            // U+1E80–U+1EFF.
            0xE1 if matches!(bytes.get(i + 1), Some(0xBA | 0xBB)) => i += 3,
            _ => match s.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) if is_stable_starter(c) || is_single_stable_starter(c) => i += c.len_utf8(),
                _ => return false,
            },
        }
    }
    true
}

/// The characters [`all_stable_starters`] accepts from their bytes (a test checks each).
fn is_stable_starter(c: char) -> bool {
    c < '\u{0300}' || ('\u{1E80}'..='\u{1EFF}').contains(&c)
}

/// A starter (combining class 0) that is NFC on its own and never composes with what
/// precedes it.
fn is_single_stable_starter(c: char) -> bool {
    unicode_normalization::char::canonical_combining_class(c) == 0
        && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
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
    fn the_letters_the_nfc_check_skips_are_stable_starters() {
        for c in ('\u{0}'..'\u{0300}').chain('\u{1E80}'..='\u{1EFF}') {
            assert!(is_stable_starter(c), "{c:?}");
            assert!(is_single_stable_starter(c), "{c:?}");
            assert!(all_stable_starters(&c.to_string()), "{c:?}");
        }
        assert!(!all_stable_starters("a\u{0301}"));
        assert!(all_stable_starters("“Quyết định” – 2021…"));
        // A skipped letter followed by a mark that composes with it is still normalised.
        assert_eq!(nfc("\u{1EA1}\u{0302}"), "\u{1EAD}");
        assert_eq!(
            nfc("Lê Thị Hồng Hạnh \u{1EA1}\u{0302}"),
            "Lê Thị Hồng Hạnh \u{1EAD}"
        );
        // U+2126 OHM SIGN is a starter that NFC replaces (by Ω).
        assert_eq!(nfc("\u{2126}"), "\u{03A9}");
    }

    proptest::proptest! {
        #[test]
        fn nfc_agrees_with_the_reference(s in "[a-zA-Zàáạảãâầấậăằđêếệôồơờưừỳỹ\u{0300}-\u{0323}\u{2126}\u{1E80}-\u{1EFF} “”–]{0,24}") {
            let expected: String = s.nfc().collect();
            proptest::prop_assert_eq!(nfc(&s), expected);
        }
    }

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
