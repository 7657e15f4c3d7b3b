//! Vietnamese alphabetical order.
//!
//! Vietnamese treats ă, â, đ, ê, ô, ơ and ư as letters of their own (a < ă < â, d < đ, …) and
//! tones as a secondary difference (ngang < huyền < hỏi < ngã < sắc < nặng). Sorting by byte
//! or by folded slug gets this wrong, so every list shown to readers goes through here. The
//! rules come from ICU4X's compiled CLDR data for the `vi` locale.

use std::cmp::Ordering;
use std::sync::OnceLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};

/// The process-wide `vi` collator; `None` only if ICU's compiled data were unusable, in which
/// case comparison degrades to byte order rather than failing the build.
fn collator() -> Option<&'static CollatorBorrowed<'static>> {
    static COLLATOR: OnceLock<Option<CollatorBorrowed<'static>>> = OnceLock::new();
    COLLATOR
        .get_or_init(|| {
            Collator::try_new(
                icu_locale_core::locale!("vi").into(),
                CollatorOptions::default(),
            )
            .ok()
        })
        .as_ref()
}

/// Compares two strings in Vietnamese alphabetical order. Strings the collation deems equal
/// (NFC and NFD forms of one text, for instance) are ordered by their bytes, so a sort is
/// the same on every run whatever the input order.
pub fn compare(a: &str, b: &str) -> Ordering {
    let by_collation = match collator() {
        Some(c) => c.compare(a, b),
        None => Ordering::Equal,
    };
    by_collation.then_with(|| a.as_bytes().cmp(b.as_bytes()))
}

/// The binary sort key of `s`: comparing two keys bytewise gives the collation order of
/// their strings (without the byte tie-break of [`compare`]). Worth caching when one string
/// is compared many times.
pub fn sort_key(s: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(s.len() * 2);
    match collator() {
        Some(c) => {
            // Writing to a Vec cannot fail.
            let Ok(()) = c.write_sort_key_to(s, &mut key);
        }
        None => key.extend_from_slice(s.as_bytes()),
    }
    key
}

/// Below this length comparing directly beats computing a sort key per item.
const CACHED_KEYS_FROM: usize = 64;

/// Sorts `items` stably in Vietnamese order of the string `key` gives for each.
pub fn sort_by_key<T>(items: &mut [T], key: impl Fn(&T) -> &str) {
    if items.len() < CACHED_KEYS_FROM {
        items.sort_by(|a, b| compare(key(a), key(b)));
    } else {
        // Large lists (indices of 100,000 documents): one sort key per item instead of a
        // full collation run per comparison. The string rides along for the tie-break.
        items.sort_by_cached_key(|item| {
            let s = key(item);
            (sort_key(s), s.to_owned())
        });
    }
}

/// Sorts strings in Vietnamese order.
pub fn sort_strings(v: &mut [String]) {
    sort_by_key(v, |s| s.as_str());
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    /// The expected order, written from the rules: letters a ă â b c d đ e ê g h i k l m n o
    /// ô ơ p q r s t u ư v x y; space before any letter; tones compared only when the
    /// letters are equal, ngang < huyền < hỏi < ngã < sắc < nặng, in text order (so the
    /// mark on the earlier letter, "Hòa", weighs more than the one on the later, "Hoà").
    const EXPECTED: [&str; 34] = [
        "An Giang",
        "Ăn",
        "Âu",
        "Bạc Liêu",
        "Bắc Giang",
        "Cà Mau",
        "Cao Bằng",
        "Dung",
        "Dũng",
        "Đà Nẵng",
        "Đắk Lắk",
        "Điện Biên",
        "Đồng Nai",
        "Em",
        "Êm",
        "Hà Nội",
        "Hoà Bình",
        "Hòa Bình",
        "Hồ Chí Minh",
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
        "Nguyễn Thị Bình",
        "Nguyễn Văn An",
        "Ong",
        "Ôm",
        "Ơn",
        "Uyên",
        "Ưng",
        "Vĩnh Long",
        "Yên Bái",
    ];

    /// A fixed shuffle, so the test does not depend on a random generator.
    fn shuffled() -> Vec<String> {
        let mut v: Vec<String> = EXPECTED.iter().map(|s| s.to_string()).collect();
        let n = v.len();
        for i in 0..n {
            v.swap(i, (i * 17 + 11) % n);
        }
        v.reverse();
        v
    }

    #[test]
    fn sorts_vietnamese_names_in_dictionary_order() {
        let mut v = shuffled();
        assert_ne!(v, EXPECTED);
        sort_strings(&mut v);
        assert_eq!(v, EXPECTED);
    }

    #[test]
    fn cached_key_path_agrees_with_direct_comparison() {
        // Enough items to take the sort-key path.
        let mut big: Vec<String> = Vec::new();
        for round in 0..3 {
            for s in shuffled() {
                big.push(format!("{s} {round}"));
            }
        }
        assert!(big.len() >= CACHED_KEYS_FROM);
        let mut direct = big.clone();
        direct.sort_by(|a, b| compare(a, b));
        sort_strings(&mut big);
        assert_eq!(big, direct);
    }

    #[test]
    fn d_stroke_is_a_letter_between_d_and_e() {
        assert_eq!(compare("Dz", "Đa"), Ordering::Less);
        assert_eq!(compare("Đz", "E"), Ordering::Less);
        assert_eq!(compare("Đà Nẵng", "Zalo"), Ordering::Less);
        assert_eq!(compare("Đà Nẵng", "Dung"), Ordering::Greater);
    }

    #[test]
    fn vowel_letters_are_primary_and_tones_secondary() {
        assert_eq!(compare("ac", "ăb"), Ordering::Less);
        assert_eq!(compare("ăz", "âa"), Ordering::Less);
        assert_eq!(compare("oz", "ôa"), Ordering::Less);
        assert_eq!(compare("ôz", "ơa"), Ordering::Less);
        assert_eq!(compare("uz", "ưa"), Ordering::Less);
        // A tone never outweighs a later letter.
        assert_eq!(compare("mạ", "mb"), Ordering::Less);
    }

    #[test]
    fn equal_collating_strings_sort_deterministically() {
        let nfd: String = "Hòa Bình".nfd().collect();
        let nfc = "Hòa Bình".to_string();
        assert_eq!(
            compare(&nfd, &nfc),
            nfd.as_bytes().cmp(nfc.as_bytes()),
            "canonically equal strings fall back to byte order"
        );
        let mut a = vec![nfd.clone(), nfc.clone()];
        let mut b = vec![nfc, nfd];
        sort_strings(&mut a);
        sort_strings(&mut b);
        assert_eq!(a, b);
    }

    #[test]
    fn sorts_structs_by_a_field() {
        struct P {
            name: &'static str,
        }
        let mut v = vec![
            P {
                name: "Điện Biên"
            },
            P { name: "Yên Bái" },
            P {
                name: "Đà Nẵng"
            },
        ];
        sort_by_key(&mut v, |p| p.name);
        let names: Vec<_> = v.iter().map(|p| p.name).collect();
        assert_eq!(names, ["Đà Nẵng", "Điện Biên", "Yên Bái"]);
    }
}
