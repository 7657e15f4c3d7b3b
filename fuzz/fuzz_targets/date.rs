//! `DocDate::parse` on any text: never panics, and every date it accepts reads back from
//! its ISO and long forms.
#![no_main]

use bantin::vi::{DocDate, Precision};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(d) = DocDate::parse(text) {
        assert_eq!(DocDate::parse(&d.iso()), Ok(d), "iso of {text:?}");
        assert_eq!(DocDate::parse(&d.long()), Ok(d), "long form of {text:?}");
        if d.precision() == Precision::Day {
            assert_eq!(DocDate::parse(&d.short()), Ok(d), "short form of {text:?}");
        }
        let _ = d.header_line(text);
    }
});
