//! Raw file bytes → decode, split at the fences, parse and type the front matter.
//! Must never panic; what it accepts must be usable (a safe slug, NFC text, `\n` lines).
#![no_main]

use std::path::Path;

use bantin::content::{decode, parse_source, Kind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = decode(data) {
        assert!(!text.contains('\r'), "CR survived decoding");
        let _ = bantin::content::frontmatter::split(&text);
    }
    for kind in [Kind::Document, Kind::Page] {
        if let Ok((doc, _warnings)) = parse_source(Path::new("content/x.md"), data, kind) {
            assert!(!doc.slug.is_empty());
            assert!(
                doc.slug
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "unsafe slug {:?}",
                doc.slug
            );
            assert!(doc.body_line >= 2);
            assert!(!doc.body.contains('\r'));
            for a in &doc.meta.attachments {
                assert!(
                    bantin::content::frontmatter::check_attachment(a).is_ok(),
                    "attachment {a:?} accepted"
                );
            }
            if kind == Kind::Document {
                assert!(doc.meta.doc_type.is_some() && doc.meta.date.is_some());
            }
        }
    }
});
