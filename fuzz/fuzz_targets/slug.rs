//! `slugify` and the text folds on any text: never panic; slugs are idempotent lower-case
//! ASCII kebab case; an accepted `slug:` is one safe path segment.
#![no_main]

use bantin::content::frontmatter::check_slug;
use bantin::vi::{fold, match_key, nfc, slugify};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let slug = slugify(text);
    assert_eq!(slugify(&slug), slug, "not idempotent for {text:?}");
    assert!(
        slug.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
        "{slug:?}"
    );
    assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
    assert_eq!(
        slugify(&nfc(text)),
        slug,
        "NFC changes the slug of {text:?}"
    );
    if check_slug(text).is_ok() {
        assert!(!slug.is_empty());
    }
    let _ = (fold(text), match_key(text));
});
