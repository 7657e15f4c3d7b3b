//! The importer on hostile input: it never panics, its front matter is always YAML the
//! loader reads, and the loader only ever objects to required fields the importer reported
//! as missing. Inputs the fuzzer (`fuzz/fuzz_targets/import.rs`) found troublesome are kept
//! here as regression cases.

use std::path::Path;

use bantin::content::{parse_source, Kind};
use bantin::import::{import_bytes, Format};
use proptest::prelude::*;

fn check(bytes: &[u8]) {
    for format in [Format::Text, Format::Html] {
        let doc = import_bytes("x.txt", bytes, format);
        let markdown = doc.to_markdown();
        let missing = doc.missing_required();
        match parse_source(
            Path::new("content/x.md"),
            markdown.as_bytes(),
            Kind::Document,
        ) {
            Ok((loaded, warnings)) => {
                assert!(missing.is_empty(), "{missing:?}\n{markdown}");
                assert!(warnings.is_empty(), "{warnings:?}\n{markdown}");
                assert_eq!(
                    Some(loaded.meta.title.as_str()),
                    doc.fields.title.as_ref().map(|t| t.value.as_str())
                );
            }
            Err(diagnostics) => {
                assert!(!missing.is_empty(), "{diagnostics:#?}\n{markdown}");
                for d in diagnostics.iter().filter(|d| d.is_error()) {
                    assert!(
                        d.message.contains("thiếu trường bắt buộc"),
                        "{d}\n{markdown}"
                    );
                }
            }
        }
        let stem = doc.file_stem();
        assert!(
            !stem.is_empty() && !stem.contains(['/', '\\', '.']),
            "{stem}"
        );
        let _ = doc.report();
    }
}

/// Inputs found by the fuzzer or written by hand to hit edge cases.
const REGRESSIONS: [&[u8]; 14] = [
    b"",
    b"\n\n\n",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xFE\xFF\x00",
    b"<",
    b"<<<<>>>>",
    b"<title>",
    b"<meta content=\"\x01\" property=og:title>",
    b"K\xe1\xba\xbeT LU\xe1\xba\xacN\n\nCU\xcc\x89A",
    "KẾT LUẬN\n\ncủa\n\nNgày 31/2/2024, Hội nghị ngày 99/99/9999".as_bytes(),
    "¹\n\n¹ ghi chú\n\n[1] [1]\n\nvăn bản¹[1]".as_bytes(),
    "T/M\n\nNơi nhận:\n-\n-\n\n**T/M BAN\n**\n\nA B".as_bytes(),
    "1.\n\n1. \n\nI.\n\n# \n\n> \n\n---\n\n```\n\n[x]: y".as_bytes(),
];

#[test]
fn regression_inputs() {
    for input in REGRESSIONS {
        check(input);
    }
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("KẾT LUẬN".to_owned()),
        Just("BÁO CÁO".to_owned()),
        Just("CỦA BAN THƯỜNG VỤ TỈNH ỦY".to_owned()),
        Just("Dự thảo".to_owned()),
        Just("Số 873-BC/HU".to_owned()),
        Just("Số - KL/HU".to_owned()),
        Just("Sơn La, ngày 12 tháng 5 năm 2022".to_owned()),
        Just("Ngày 12/5/2022, Ban Thường vụ Tỉnh ủy kết luận như sau:".to_owned()),
        Just("sơ kết 03 năm thực hiện Kết luận số 01-KL/TW".to_owned()),
        Just("I. KẾT QUẢ".to_owned()),
        Just("1. Ưu điểm".to_owned()),
        Just("2.1. Về hạn chế".to_owned()),
        Just("- Một việc,".to_owned()),
        Just("Nơi nhận:".to_owned()),
        Just("**T/M BAN THƯỜNG VỤ".to_owned()),
        Just("PHÓ BÍ THƯ**".to_owned()),
        Just("Lò Minh Hùng".to_owned()),
        Just("Ban Tuyên giáo Tỉnh ủy".to_owned()),
        Just("¹ Kế hoạch số 25-KH/ĐUK.".to_owned()),
        Just("đã ban hành¹ và [2]".to_owned()),
        Just("Họ tên no image".to_owned()),
        Just("• Đang online: 20".to_owned()),
        Just("Mô hình - Ảnh: HM".to_owned()),
        Just("huyện Bình Sơn".to_owned()),
        Just("<p>đoạn</p><h1>Tít</h1><sup>1</sup>".to_owned()),
        Just("ChØ thÞ sè 05".to_owned()),
        Just("Ñaûng".to_owned()),
        Just("\u{000C}".to_owned()),
        Just("- 3 -".to_owned()),
        "[a-zà-ỹ ĐđƯươ.,:;*#>()\\[\\]“”\"-]{0,40}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn never_panics_and_never_writes_an_unreadable_document(
        parts in prop::collection::vec((fragment(), prop_oneof!["\n", "\n\n", " ", "\r\n"]), 0..40)
    ) {
        let text: String = parts.into_iter().map(|(f, sep)| f + &sep).collect();
        check(text.as_bytes());
    }

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check(&bytes);
    }
}
