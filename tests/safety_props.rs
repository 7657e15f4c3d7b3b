//! Property tests for the small functions everything else trusts: slugs (they become folder
//! names), dates (every display form reads back as the same date), and the parsers and
//! renderer never panicking on arbitrary input.

use std::path::Path;

use bantin::content::frontmatter::{check_attachment, check_slug};
use bantin::content::{parse_source, Kind};
use bantin::render::markdown::render;
use bantin::vi::{slugify, DocDate, Precision};
use proptest::prelude::*;

/// Text rich in what slugs must survive: Vietnamese letters in both tone placements and
/// both normalizations, separators, path characters, controls, any Unicode.
fn vietnamese_ish() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ./\\\\:_-]{0,24}",
        "[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ ĐƠƯ-]{0,24}",
        "(o\u{0300}a|oa\u{0300}|u\u{0309}y|uy\u{0309}|[ \\-]|Ho\u{0300}a|Bi\u{0300}nh){0,8}",
        any::<String>(),
    ]
}

/// Any valid date, at each precision.
fn any_date() -> impl Strategy<Value = DocDate> {
    (1930u16..=2100, 1u8..=12, 1u8..=31, 0u8..3).prop_filter_map(
        "day exists in month",
        |(y, m, d, p)| match p {
            0 => DocDate::y(y).ok(),
            1 => DocDate::ym(y, m).ok(),
            _ => DocDate::ymd(y, m, d).ok(),
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn slugify_is_idempotent_ascii_kebab(s in vietnamese_ish()) {
        let slug = slugify(&s);
        prop_assert_eq!(slugify(&slug), slug.clone());
        prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{:?}", slug);
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"), "{:?}", slug);
    }

    #[test]
    fn tone_placement_and_normalization_do_not_change_the_slug(s in "[a-z ]{0,10}") {
        use unicode_normalization::UnicodeNormalization;
        let old = format!("{s} Hoà Thuỷ");
        let new = format!("{s} Hòa Thủy");
        let nfd: String = new.nfd().collect();
        prop_assert_eq!(slugify(&old), slugify(&new));
        prop_assert_eq!(slugify(&nfd), slugify(&new));
    }

    #[test]
    fn an_accepted_slug_is_a_single_safe_path_segment(s in vietnamese_ish()) {
        if check_slug(&s).is_ok() {
            let slug = slugify(&s);
            prop_assert!(!slug.is_empty());
            prop_assert!(!slug.contains('/') && !slug.contains('\\') && slug != "." && slug != "..");
        }
    }

    #[test]
    fn an_accepted_attachment_stays_below_its_folder(s in "[a-zA-Z0-9./\\\\:-]{0,16}") {
        if check_attachment(&s).is_ok() {
            let p = Path::new(&s);
            prop_assert!(p.is_relative());
            prop_assert!(p.components().all(|c| matches!(c, std::path::Component::Normal(_))), "{:?}", s);
        }
    }

    #[test]
    fn iso_reads_back(d in any_date()) {
        prop_assert_eq!(DocDate::parse(&d.iso()), Ok(d));
    }

    /// `short()` of a full date is `D/M/YYYY`. (Of a month it is "tháng M/YYYY", which
    /// `parse` does not accept; the written forms of partial dates are `M/YYYY` and `YYYY`.)
    #[test]
    fn day_first_short_form_reads_back(d in any_date()) {
        match d.precision() {
            Precision::Day | Precision::Year => prop_assert_eq!(DocDate::parse(&d.short()), Ok(d)),
            Precision::Month => {
                let m = d.month().unwrap();
                prop_assert_eq!(DocDate::parse(&format!("{m}/{}", d.year())), Ok(d));
                prop_assert_eq!(DocDate::parse(&format!("{m:02}/{}", d.year())), Ok(d));
            }
        }
        if d.precision() == Precision::Day {
            let (day, month) = (d.day().unwrap(), d.month().unwrap());
            prop_assert_eq!(DocDate::parse(&format!("{day}/{month}/{}", d.year())), Ok(d));
            prop_assert_eq!(DocDate::parse(&format!("{day:02}/{month:02}/{}", d.year())), Ok(d));
            prop_assert_eq!(DocDate::parse(&format!("{day}-{month}-{}", d.year())), Ok(d));
            prop_assert_eq!(DocDate::parse(&format!("{day}.{month}.{}", d.year())), Ok(d));
        }
    }

    #[test]
    fn long_form_reads_back(d in any_date()) {
        prop_assert_eq!(DocDate::parse(&d.long()), Ok(d));
    }

    #[test]
    fn month_first_dates_are_refused_with_the_fix(m in 1u8..=12, d in 13u8..=28, y in 1930u16..=2100) {
        let e = DocDate::parse(&format!("{m:02}/{d}/{y}")).unwrap_err();
        let fix = format!("{d}/{m}/{y}");
        prop_assert!(e.reason.contains(&fix), "{}", e.reason);
    }

    #[test]
    fn date_parsing_never_panics(s in any::<String>()) {
        let _ = DocDate::parse(&s);
    }

    #[test]
    fn front_matter_parsing_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        for kind in [Kind::Document, Kind::Page] {
            let _ = parse_source(Path::new("content/x.md"), &bytes, kind);
        }
    }

    #[test]
    fn structured_front_matter_never_panics(
        key in "(title|type|issuer|date|province|slug|draft|recipients|aliases|attachments|x)",
        value in "[-\\[\\]{}:,'\"#&*!|>%@` a-z0-9\n\t]{0,30}",
    ) {
        let text = format!("---\ntitle: T\ntype: KL\nissuer: I\ndate: 2022\n{key}: {value}\n---\nx\n");
        let _ = parse_source(Path::new("content/x.md"), text.as_bytes(), Kind::Document);
    }

    #[test]
    fn sanitised_markdown_never_carries_script(body in "([<>/=\"' a-z]|script|onerror|javascript:|\\]\\(|\\[|\n|> |\\* |iframe|svg){0,40}") {
        let html = render(&body, &[], false).html.to_ascii_lowercase();
        prop_assert!(!html.contains("<script"), "{}", html);
        prop_assert!(!html.contains("<iframe"), "{}", html);
        prop_assert!(!html.contains("href=\"javascript:"), "{}", html);
        prop_assert!(!html.contains("src=\"javascript:"), "{}", html);
    }
}
