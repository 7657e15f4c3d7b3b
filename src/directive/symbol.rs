//! Party document symbols ("số và ký hiệu"): `05-CT/TW`, `349-QĐ/TU`, `25-KH/ĐUK`.
//!
//! A [`Symbol`] is the canonical form of what is printed under the issuer's name: number,
//! type family and issuer abbreviation. It is *not* a directive's identity (every term
//! restarts the numbering and every province has its own `/TU` series); see
//! [`super::DirectiveId`] for that.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use regex::Regex;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::doctype::DocType;

/// Characters that stand for a space inside a symbol or citation: Unicode white space
/// (non-breaking and thin spaces included) plus the invisible ones word processors leave.
pub(crate) const SP: &str = r"[\s\u{200B}\u{FEFF}\u{00AD}]";
/// Hyphen and its look-alikes (en/em dash, minus, full-width hyphen).
pub(crate) const DASH: &str = r"[\-\u{2010}-\u{2014}\u{2212}\u{FF0D}]";
/// Slash and its look-alikes (full-width, division and fraction slash).
pub(crate) const SLASH: &str = r"[/\u{FF0F}\u{2215}\u{2044}]";
/// Type abbreviations, longest first so `CTr` wins over `CT` and `QĐi` over `QĐ`; Đ may be
/// typed as the look-alike eth (Ð) or African D (Ɖ), and plain `QD` occurs in ASCII text.
pub(crate) const TYPE: &str = r"(?i:Q[ĐÐƉD]i|Qy[ĐÐƉ]|CTH[ĐÐƉ]|CTr|TTr|GGT|NQ|Q[ĐÐƉD]|CT|KL|QC|TB|HD|BC|KH|[ĐÐƉ]A|DA|BB|CV|TT|TC|QH|BS|GM)";

/// The type family of a symbol. Spellings that share one numbering series are one family:
/// `QĐ`/`QĐi`/`QyĐ` (Quyết định and Quy định), `CTr`/`Ctr`/`CTHĐ` (Chương trình).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Nghị quyết.
    NQ,
    /// Quyết định and Quy định (one series at central level).
    QD,
    /// Chỉ thị.
    CT,
    /// Kết luận.
    KL,
    /// Quy chế.
    QC,
    /// Thông tri.
    TT,
    /// Hướng dẫn.
    HD,
    /// Thông báo.
    TB,
    /// Thông cáo.
    TC,
    /// Báo cáo.
    BC,
    /// Kế hoạch.
    KH,
    /// Quy hoạch.
    QH,
    /// Chương trình (and Chương trình hành động).
    CTr,
    /// Đề án.
    DeAn,
    /// Dự án.
    DuAn,
    /// Tờ trình.
    TTr,
    /// Công văn.
    CV,
    /// Biên bản.
    BB,
    /// Bản sao.
    BS,
    /// Giấy mời.
    GM,
    /// Giấy giới thiệu.
    GGT,
}

impl Kind {
    /// The canonical abbreviation: `CT`, `QĐ`, `CTr`, `ĐA`.
    pub fn abbr(self) -> &'static str {
        match self {
            Kind::NQ => "NQ",
            Kind::QD => "QĐ",
            Kind::CT => "CT",
            Kind::KL => "KL",
            Kind::QC => "QC",
            Kind::TT => "TT",
            Kind::HD => "HD",
            Kind::TB => "TB",
            Kind::TC => "TC",
            Kind::BC => "BC",
            Kind::KH => "KH",
            Kind::QH => "QH",
            Kind::CTr => "CTr",
            Kind::DeAn => "ĐA",
            Kind::DuAn => "DA",
            Kind::TTr => "TTr",
            Kind::CV => "CV",
            Kind::BB => "BB",
            Kind::BS => "BS",
            Kind::GM => "GM",
            Kind::GGT => "GGT",
        }
    }

    /// Reads an abbreviation in any case and any Đ look-alike (`Ctr`, `QÐi`, `qđ`).
    pub fn from_abbr(abbr: &str) -> Option<Kind> {
        // The key is built on the stack: every listed abbreviation fits in 8 bytes, so a
        // longer one is none of them.
        let mut buf = [0u8; 8];
        let mut len = 0;
        for c in abbr.chars() {
            let c = match c {
                'Ð' | 'Ɖ' | 'ð' | 'ɖ' | 'đ' => 'Đ',
                c => c.to_ascii_uppercase(),
            };
            let end = len + c.len_utf8();
            if end > buf.len() {
                return None;
            }
            c.encode_utf8(&mut buf[len..end]);
            len = end;
        }
        let key = std::str::from_utf8(&buf[..len]).ok()?;
        Some(match key {
            "NQ" => Kind::NQ,
            "QĐ" | "QD" | "QĐI" | "QDI" | "QYĐ" => Kind::QD,
            "CT" => Kind::CT,
            "KL" => Kind::KL,
            "QC" => Kind::QC,
            "TT" => Kind::TT,
            "HD" => Kind::HD,
            "TB" => Kind::TB,
            "TC" => Kind::TC,
            "BC" => Kind::BC,
            "KH" => Kind::KH,
            "QH" => Kind::QH,
            "CTR" | "CTHĐ" => Kind::CTr,
            "ĐA" => Kind::DeAn,
            "DA" => Kind::DuAn,
            "TTR" => Kind::TTr,
            "CV" => Kind::CV,
            "BB" => Kind::BB,
            "BS" => Kind::BS,
            "GM" => Kind::GM,
            "GGT" => Kind::GGT,
            _ => return None,
        })
    }

    /// The family a document type's symbols belong to (`Quy định` → `QĐ`); news has none.
    pub fn from_doc_type(ty: DocType) -> Option<Kind> {
        Some(match ty {
            DocType::Resolution => Kind::NQ,
            DocType::Decision | DocType::Regulation => Kind::QD,
            DocType::Directive => Kind::CT,
            DocType::Conclusion => Kind::KL,
            DocType::Rules => Kind::QC,
            DocType::Circular => Kind::TT,
            DocType::Guidance => Kind::HD,
            DocType::Notice => Kind::TB,
            DocType::Communique => Kind::TC,
            DocType::Report => Kind::BC,
            DocType::Plan => Kind::KH,
            DocType::MasterPlan => Kind::QH,
            DocType::Programme => Kind::CTr,
            DocType::Project => Kind::DeAn,
            DocType::Submission => Kind::TTr,
            DocType::OfficialLetter => Kind::CV,
            DocType::Minutes => Kind::BB,
            DocType::News => return None,
        })
    }

    /// The document type this family stands for, when the family names only one
    /// (`QĐ` is both Quyết định and Quy định, so it has none).
    pub fn doc_type(self) -> Option<DocType> {
        Some(match self {
            Kind::NQ => DocType::Resolution,
            Kind::CT => DocType::Directive,
            Kind::KL => DocType::Conclusion,
            Kind::QC => DocType::Rules,
            Kind::TT => DocType::Circular,
            Kind::HD => DocType::Guidance,
            Kind::TB => DocType::Notice,
            Kind::TC => DocType::Communique,
            Kind::BC => DocType::Report,
            Kind::KH => DocType::Plan,
            Kind::QH => DocType::MasterPlan,
            Kind::CTr => DocType::Programme,
            Kind::DeAn => DocType::Project,
            Kind::TTr => DocType::Submission,
            Kind::CV => DocType::OfficialLetter,
            Kind::BB => DocType::Minutes,
            Kind::QD | Kind::DuAn | Kind::BS | Kind::GM | Kind::GGT => return None,
        })
    }
}

/// Issuer abbreviations bantin recognises even when written in lower case or followed by a
/// footnote digit. Any other upper-case abbreviation is accepted as written.
const KNOWN_ISSUERS: &[&str] = &[
    "TW",
    "VPTW",
    "BTCTW",
    "BTGTW",
    "BDVTW",
    "BTGDVTW",
    "UBKTTW",
    "BNCTW",
    "QUTW",
    "ĐUKCCQTW",
    "TU",
    "VPTU",
    "BTCTU",
    "BTGTU",
    "BDVTU",
    "UBKTTU",
    "ĐUK",
    "HU",
    "QU",
    "VPHU",
    "ThU",
    "ĐU",
    "CB",
];

/// A Party document symbol in canonical form: number, type family, issuer abbreviation.
///
/// Two spellings of one symbol are equal: `05 – CT/TƯ` = `05-CT/TW`, `08-QĐi/TW` =
/// `08-QĐ/TW`, `65-Ctr/TU` = `65-CTr/TU`. Displayed as `05-CT/TW`, serialized as that string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Symbol {
    number: u32,
    kind: Kind,
    /// Shared: symbols are cloned for every mention that refers back to them.
    issuer: Arc<str>,
}

/// Why a text is not a Party document symbol.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SymbolError {
    /// Nothing was written.
    #[error("số và ký hiệu trống (the symbol is empty)")]
    Empty,
    /// A draft's blank number: `- KL/HU`.
    #[error("\"{0}\" thiếu số văn bản (the number is missing)")]
    MissingNumber(String),
    /// A state document symbol, `155/QĐ-UBND`: number first, then slash, then type-issuer.
    #[error("\"{0}\" là ký hiệu văn bản nhà nước, không phải văn bản của Đảng (a state document symbol, not a Party one)")]
    State(String),
    /// The part between `-` and `/` is no Party document type.
    #[error(
        "\"{written}\": loại văn bản \"{abbr}\" không được hỗ trợ (unknown type abbreviation)"
    )]
    UnknownType {
        /// The symbol as written.
        written: String,
        /// The type part.
        abbr: String,
    },
    /// Not shaped like `<number>-<type>/<issuer>`.
    #[error("\"{0}\" không đúng dạng số-loại/cơ quan, ví dụ 05-CT/TW (not shaped like 05-CT/TW)")]
    Malformed(String),
}

struct Patterns {
    party: Regex,
    inverted: Regex,
    state: Regex,
    loose: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let party = format!(
            r"^(\d{{1,4}}){SP}*{DASH}{SP}*({TYPE}){SP}*{SLASH}{SP}*(T\.[ƯW]|[\p{{L}}][\p{{L}}0-9.]{{0,11}})$"
        );
        let inverted = format!(
            r"^(\d{{1,4}}){SP}*{SLASH}{SP}*({TYPE}){SP}*(?:{DASH}|{SLASH}){SP}*(?i:(TW|TƯ|T\.Ư|TU|HU|QU|[ĐÐ]UK|[ĐÐ]U))$"
        );
        let state =
            r"^\d{1,5}\s*/\s*(?:\d{4}\s*/\s*)?\p{L}{1,6}\s*[\-\u{2013}]\s*\p{L}[\p{L}0-9\-]*$";
        let loose = format!(r"^{DASH}?{SP}*({TYPE}){SP}*{SLASH}");
        Patterns {
            party: Regex::new(&party).expect("symbol pattern"),
            inverted: Regex::new(&inverted).expect("inverted symbol pattern"),
            state: Regex::new(state).expect("state symbol pattern"),
            loose: Regex::new(&loose).expect("loose symbol pattern"),
        }
    })
}

/// Reads a number written with ASCII or full-width digits; `None` for anything else.
pub(crate) fn parse_number(s: &str) -> Option<u32> {
    let mut n: u32 = 0;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '\u{FF10}'..='\u{FF19}' => c as u32 - 0xFF10,
            _ => return None,
        };
        n = n.checked_mul(10)?.checked_add(d)?;
    }
    Some(n)
}

/// Canonical issuer abbreviation: dots dropped, Đ look-alikes unified, `TƯ`/`T.W` → `TW`,
/// upper case (except the conventional `ThU`), a glued footnote digit removed (`TW1`).
pub(crate) fn canonical_issuer(written: &str) -> Option<String> {
    let mut s: String = written
        .chars()
        .filter(|c| *c != '.')
        .map(|c| match c {
            'Ð' | 'Ɖ' | 'ð' | 'ɖ' | 'đ' => 'Đ',
            'ư' => 'Ư',
            c => c.to_ascii_uppercase(),
        })
        .collect();
    if s.ends_with("TƯ") {
        s.truncate(s.len() - "Ư".len());
        s.push('W');
    }
    if s == "THU" {
        s = "ThU".to_string();
    }
    // A footnote number glued to a known issuer ("TW1" from a flattened "TW¹").
    if s.ends_with(|c: char| c.is_ascii_digit()) {
        let stem = s.trim_end_matches(|c: char| c.is_ascii_digit());
        if KNOWN_ISSUERS.contains(&stem) {
            s = stem.to_string();
        }
    }
    let ok = !s.is_empty()
        && s.chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == 'h')
        && s.chars().next().is_some_and(char::is_uppercase);
    ok.then_some(s)
}

/// [`canonical_issuer`] of `written`, shared: one allocation per issuer spelling and
/// thread, however many symbols carry it.
fn shared_issuer(written: &str) -> Option<Arc<str>> {
    thread_local! {
        static ISSUERS: RefCell<HashMap<Box<str>, Option<Arc<str>>>> = RefCell::default();
    }
    if let Some(known) = ISSUERS.with(|t| t.borrow().get(written).cloned()) {
        return known;
    }
    let issuer: Option<Arc<str>> = canonical_issuer(written).map(Into::into);
    ISSUERS.with(|t| {
        let mut t = t.borrow_mut();
        // Issuers are few; a text full of odd ones must not grow the table without end.
        if t.len() >= 4096 {
            t.clear();
        }
        t.insert(written.into(), issuer.clone());
    });
    issuer
}

/// True when `issuer` (canonical) is one bantin knows, so a lower-case spelling is trusted.
pub(crate) fn is_known_issuer(issuer: &str) -> bool {
    KNOWN_ISSUERS.contains(&issuer)
}

/// Drops a leading "Số"/"Số:" (as printed in document headers).
fn strip_so(t: &str) -> &str {
    for prefix in ["Số", "số", "SỐ"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            return rest.trim_start_matches(|c: char| c == ':' || c.is_whitespace());
        }
    }
    t
}

impl Symbol {
    /// Builds a symbol from its parts; `None` if the issuer is not a plausible abbreviation.
    pub fn new(number: u32, kind: Kind, issuer: &str) -> Option<Symbol> {
        Some(Symbol {
            number,
            kind,
            issuer: shared_issuer(issuer)?,
        })
    }

    /// Parses a symbol as written in front matter, a registry or a document header:
    /// `05-CT/TW`, `05 – CT/TƯ`, `08-QĐi/TW`, `65-Ctr/TU`, `05-ct/tw`, and the inverted
    /// `22/CT-TW` some writers use. State symbols (`155/QĐ-UBND`) are rejected as such.
    pub fn parse(text: &str) -> Result<Symbol, SymbolError> {
        let t = strip_so(text.trim());
        if t.is_empty() {
            return Err(SymbolError::Empty);
        }
        let p = patterns();
        let caps = p.party.captures(t).or_else(|| p.inverted.captures(t));
        if let Some(c) = caps {
            let number = parse_number(&c[1]).ok_or_else(|| SymbolError::Malformed(t.into()))?;
            let kind = Kind::from_abbr(&c[2]).ok_or_else(|| SymbolError::UnknownType {
                written: t.into(),
                abbr: c[2].to_string(),
            })?;
            let issuer = canonical_issuer(&c[3]).ok_or_else(|| SymbolError::Malformed(t.into()))?;
            return Ok(Symbol {
                number,
                kind,
                issuer: issuer.into(),
            });
        }
        if p.state.is_match(t) {
            return Err(SymbolError::State(t.into()));
        }
        if p.loose.is_match(t) {
            return Err(SymbolError::MissingNumber(t.into()));
        }
        if let Some((_, rest)) = t.split_once(['-', '–']) {
            if let Some((abbr, _)) = rest.split_once('/') {
                let abbr = abbr.trim();
                if !abbr.is_empty() && Kind::from_abbr(abbr).is_none() {
                    return Err(SymbolError::UnknownType {
                        written: t.into(),
                        abbr: abbr.into(),
                    });
                }
            }
        }
        Err(SymbolError::Malformed(t.into()))
    }

    /// The number (`5` for `05-CT/TW`).
    pub fn number(&self) -> u32 {
        self.number
    }

    /// The number as printed: at least two digits (`05`, `349`).
    pub fn number_text(&self) -> String {
        format!("{:02}", self.number)
    }

    /// The type family.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The canonical issuer abbreviation: `TW`, `TU`, `ĐUK`, `BTGTW`.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// True for symbols of central bodies (`/TW`, `/BTGTW`, `/VPTW` …): one national
    /// series, no province.
    pub fn is_central(&self) -> bool {
        self.issuer.ends_with("TW")
    }

    /// `<number>-<type>-<issuer>` folded to ASCII: `05-ct-tw`, `349-qd-tu`, `25-kh-duk`.
    pub fn slug(&self) -> String {
        let written = format!(
            "{}-{}-{}",
            self.number_text(),
            self.kind.abbr(),
            self.issuer
        );
        // What slugify makes of ASCII letters and digits, Đ and Ư, the letters symbols are
        // made of, without decomposing them; anything else goes the long way.
        let mut slug = String::with_capacity(written.len());
        for c in written.chars() {
            match c {
                'a'..='z' | '0'..='9' | '-' => slug.push(c),
                'A'..='Z' => slug.push(c.to_ascii_lowercase()),
                'Đ' | 'đ' => slug.push('d'),
                'Ư' | 'ư' => slug.push('u'),
                _ => return crate::vi::slugify(&written),
            }
        }
        slug
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{}/{}",
            self.number_text(),
            self.kind.abbr(),
            self.issuer
        )
    }
}

impl FromStr for Symbol {
    type Err = SymbolError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Symbol::parse(s)
    }
}

impl Ord for Symbol {
    /// Central symbols first, then by issuer, type and number (numerically).
    fn cmp(&self, other: &Self) -> Ordering {
        (!self.is_central(), &self.issuer, self.kind, self.number).cmp(&(
            !other.is_central(),
            &other.issuer,
            other.kind,
            other.number,
        ))
    }
}

impl PartialOrd for Symbol {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for Symbol {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Symbol {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Symbol::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sym(s: &str) -> Symbol {
        Symbol::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn parses_and_displays_canonical_form() {
        assert_eq!(sym("05-CT/TW").to_string(), "05-CT/TW");
        assert_eq!(sym("5-CT/TW").to_string(), "05-CT/TW");
        assert_eq!(sym("349-QĐ/TU").to_string(), "349-QĐ/TU");
        assert_eq!(sym("25-KH/ĐUK").to_string(), "25-KH/ĐUK");
        assert_eq!(sym("64-HD/BTGTW").to_string(), "64-HD/BTGTW");
        assert_eq!(sym("Số 873-BC/HU").to_string(), "873-BC/HU");
        assert_eq!(sym("Số: 873-BC/HU").to_string(), "873-BC/HU");
    }

    #[test]
    fn spellings_of_one_symbol_are_equal() {
        let canonical = sym("05-CT/TW");
        for s in [
            "05 – CT/TW",
            "05- CT/TW",
            "05\u{00A0}-\u{00A0}CT/TW",
            "05-CT/TƯ",
            "05-CT/T.Ư",
            "05-CT/T.W",
            "05-ct/tw",
            "05\u{2013}CT\u{2215}TW",
            "\u{FF10}\u{FF15}-CT/TW",
        ] {
            assert_eq!(sym(s), canonical, "{s}");
        }
        assert_eq!(sym("08-QĐi/TW"), sym("08-QĐ/TW"));
        assert_eq!(sym("08-QÐi/TW"), sym("08-QĐ/TW"));
        assert_eq!(sym("04-QyĐ/ĐU"), sym("04-QĐ/ĐU"));
        assert_eq!(sym("65-Ctr/TU"), sym("65-CTr/TU"));
        assert_eq!(sym("147-CTHĐ/TU").kind(), Kind::CTr);
        assert_eq!(sym("12-QĐ/ÐU"), sym("12-QĐ/ĐU"));
    }

    #[test]
    fn inverted_party_order_is_understood() {
        assert_eq!(sym("22/CT-TW"), sym("22-CT/TW"));
        assert_eq!(sym("205/QĐ-TW"), sym("205-QĐ/TW"));
        assert_eq!(sym("66/QĐ/TW"), sym("66-QĐ/TW"));
    }

    #[test]
    fn state_symbols_and_blank_numbers_are_rejected_with_reason() {
        assert!(matches!(
            Symbol::parse("155/QĐ-UBND"),
            Err(SymbolError::State(_))
        ));
        assert!(matches!(
            Symbol::parse("30/2020/NĐ-CP"),
            Err(SymbolError::State(_))
        ));
        assert!(matches!(
            Symbol::parse("- KL/HU"),
            Err(SymbolError::MissingNumber(_))
        ));
        assert!(matches!(
            Symbol::parse("05-XY/TW"),
            Err(SymbolError::UnknownType { .. })
        ));
        assert!(matches!(Symbol::parse("  "), Err(SymbolError::Empty)));
        assert!(matches!(
            Symbol::parse("hello"),
            Err(SymbolError::Malformed(_))
        ));
    }

    #[test]
    fn central_and_local_issuers() {
        assert!(sym("05-CT/TW").is_central());
        assert!(sym("64-HD/BTGTW").is_central());
        assert!(sym("36-HD/VPTW").is_central());
        assert!(!sym("18-CT/TU").is_central());
        assert!(!sym("25-KH/ĐUK").is_central());
        assert!(!sym("873-BC/HU").is_central());
    }

    #[test]
    fn slugs_fold_to_ascii() {
        assert_eq!(sym("05-CT/TW").slug(), "05-ct-tw");
        assert_eq!(sym("349-QĐ/TU").slug(), "349-qd-tu");
        assert_eq!(sym("25-KH/ĐUK").slug(), "25-kh-duk");
        assert_eq!(sym("08-QĐi/TW").slug(), "08-qd-tw");
        assert_eq!(sym("06-CTr/TU").slug(), "06-ctr-tu");
        // The short way and slugify agree, on the letters it knows and the ones it leaves
        // to slugify.
        for issuer in ["TW", "ThU", "ĐUK", "BTGTƯ", "ÂU", "ƠB", "Ⓐ", "Ⅻ", "TW2"] {
            for kind in [Kind::CT, Kind::QD, Kind::DeAn, Kind::CTr] {
                let Some(s) = Symbol::new(7, kind, issuer) else {
                    continue;
                };
                let slow = crate::vi::slugify(&format!(
                    "{}-{}-{}",
                    s.number_text(),
                    kind.abbr(),
                    s.issuer()
                ));
                assert_eq!(s.slug(), slow, "{s}");
            }
        }
    }

    #[test]
    fn abbreviations_read_in_any_case_and_no_longer_than_listed() {
        assert_eq!(Kind::from_abbr("qđi"), Some(Kind::QD));
        assert_eq!(Kind::from_abbr("QÐI"), Some(Kind::QD));
        assert_eq!(Kind::from_abbr("cthđ"), Some(Kind::CTr));
        assert_eq!(Kind::from_abbr("CTHĐĐĐĐ"), None);
        assert_eq!(Kind::from_abbr(""), None);
    }

    #[test]
    fn symbols_share_their_issuer_and_compare_by_text() {
        let a = Symbol::new(5, Kind::CT, "TƯ").unwrap();
        let b = Symbol::new(5, Kind::CT, "TW").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.issuer(), "TW");
        // Remembered failures stay failures.
        assert!(Symbol::new(5, Kind::CT, "T-W").is_none());
        assert!(Symbol::new(5, Kind::CT, "T-W").is_none());
    }

    #[test]
    fn footnote_digit_glued_to_issuer_is_dropped() {
        assert_eq!(canonical_issuer("TW1").as_deref(), Some("TW"));
        assert_eq!(canonical_issuer("ThU").as_deref(), Some("ThU"));
        assert_eq!(canonical_issuer("TƯ").as_deref(), Some("TW"));
        assert_eq!(canonical_issuer("BTGTƯ").as_deref(), Some("BTGTW"));
    }

    #[test]
    fn orders_central_first_then_numerically() {
        let mut v = [
            sym("18-CT/TU"),
            sym("100-KL/TW"),
            sym("05-CT/TW"),
            sym("21-KL/TW"),
        ];
        v.sort();
        let shown: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["05-CT/TW", "21-KL/TW", "100-KL/TW", "18-CT/TU"]);
    }

    #[test]
    fn serializes_as_string_and_round_trips() {
        let s = sym("01-KL/TW");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"01-KL/TW\"");
        let back: Symbol = serde_json::from_str("\"01- KL/TW\"").unwrap();
        assert_eq!(back, s);
        assert!(serde_json::from_str::<Symbol>("\"155/QĐ-UBND\"").is_err());
    }
}
