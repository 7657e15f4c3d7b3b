//! `bantin import` on arbitrary bytes, as text and as a web page: it must not panic, its
//! front matter must always be YAML the loader reads, and the loader may only object to
//! required fields the importer reported as missing.

#![no_main]

use std::path::Path;

use bantin::content::{parse_source, Kind};
use bantin::import::{import_bytes, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for format in [Format::Text, Format::Html] {
        let doc = import_bytes("fuzz.txt", data, format);
        let markdown = doc.to_markdown();
        let missing = doc.missing_required();
        match parse_source(Path::new("content/fuzz.md"), markdown.as_bytes(), Kind::Document) {
            Ok((loaded, warnings)) => {
                assert!(missing.is_empty(), "loaded although {missing:?} missing");
                assert!(warnings.is_empty(), "{warnings:?}\n{markdown}");
                let title = doc.fields.title.as_ref().map(|t| t.value.as_str());
                assert_eq!(Some(loaded.meta.title.as_str()), title);
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
        assert!(!stem.is_empty() && !stem.contains(['/', '\\', '.']), "{stem}");
        let _ = doc.report();
    }
});
