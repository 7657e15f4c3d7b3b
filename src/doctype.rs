//! Party document types ("Kết luận", "Chỉ thị" …) and their symbol abbreviations (KL, CT …).

use std::fmt;
use std::sync::OnceLock;

use serde::{Serialize, Serializer};

use crate::vi::match_key;

/// One kind of document the site publishes: a Party document type (Hướng dẫn 36-HD/VPTW)
/// or a news article ("Tin bài").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocType {
    /// Nghị quyết (NQ).
    Resolution,
    /// Quyết định (QĐ).
    Decision,
    /// Chỉ thị (CT).
    Directive,
    /// Kết luận (KL).
    Conclusion,
    /// Quy định (QĐ, QĐi).
    Regulation,
    /// Quy chế (QC).
    Rules,
    /// Thông tri (TT).
    Circular,
    /// Hướng dẫn (HD).
    Guidance,
    /// Thông báo (TB).
    Notice,
    /// Thông cáo (TC).
    Communique,
    /// Báo cáo (BC).
    Report,
    /// Kế hoạch (KH).
    Plan,
    /// Quy hoạch (QH).
    MasterPlan,
    /// Chương trình (CTr).
    Programme,
    /// Đề án (ĐA).
    Project,
    /// Tờ trình (TTr).
    Submission,
    /// Công văn (CV).
    OfficialLetter,
    /// Biên bản (BB).
    Minutes,
    /// Tin bài: a news article, which has no symbol.
    News,
}

/// Why a type name was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocTypeError {
    /// `QĐ` stands for both Quyết định and Quy định.
    #[error("\"{0}\" có thể là \"Quyết định\" hoặc \"Quy định\" (ambiguous abbreviation)")]
    Ambiguous(String),
    /// Not a type bantin knows.
    #[error("loại văn bản \"{written}\" không được hỗ trợ (unknown document type){}", .closest.as_ref().map(|c| format!("; có phải \"{c}\"?")).unwrap_or_default())]
    Unknown {
        /// The name as written.
        written: String,
        /// The closest known name, if any is close.
        closest: Option<&'static str>,
    },
}

impl DocType {
    /// Every type, in a stable order.
    pub const ALL: [DocType; 19] = [
        DocType::Resolution,
        DocType::Decision,
        DocType::Directive,
        DocType::Conclusion,
        DocType::Regulation,
        DocType::Rules,
        DocType::Circular,
        DocType::Guidance,
        DocType::Notice,
        DocType::Communique,
        DocType::Report,
        DocType::Plan,
        DocType::MasterPlan,
        DocType::Programme,
        DocType::Project,
        DocType::Submission,
        DocType::OfficialLetter,
        DocType::Minutes,
        DocType::News,
    ];

    /// The Vietnamese name, as shown to readers: "Kết luận".
    pub fn name(self) -> &'static str {
        match self {
            DocType::Resolution => "Nghị quyết",
            DocType::Decision => "Quyết định",
            DocType::Directive => "Chỉ thị",
            DocType::Conclusion => "Kết luận",
            DocType::Regulation => "Quy định",
            DocType::Rules => "Quy chế",
            DocType::Circular => "Thông tri",
            DocType::Guidance => "Hướng dẫn",
            DocType::Notice => "Thông báo",
            DocType::Communique => "Thông cáo",
            DocType::Report => "Báo cáo",
            DocType::Plan => "Kế hoạch",
            DocType::MasterPlan => "Quy hoạch",
            DocType::Programme => "Chương trình",
            DocType::Project => "Đề án",
            DocType::Submission => "Tờ trình",
            DocType::OfficialLetter => "Công văn",
            DocType::Minutes => "Biên bản",
            DocType::News => "Tin bài",
        }
    }

    /// The abbreviation used in symbols (`KL` in `01-KL/TW`); news articles have none.
    pub fn abbr(self) -> Option<&'static str> {
        Some(match self {
            DocType::Resolution => "NQ",
            DocType::Decision | DocType::Regulation => "QĐ",
            DocType::Directive => "CT",
            DocType::Conclusion => "KL",
            DocType::Rules => "QC",
            DocType::Circular => "TT",
            DocType::Guidance => "HD",
            DocType::Notice => "TB",
            DocType::Communique => "TC",
            DocType::Report => "BC",
            DocType::Plan => "KH",
            DocType::MasterPlan => "QH",
            DocType::Programme => "CTr",
            DocType::Project => "ĐA",
            DocType::Submission => "TTr",
            DocType::OfficialLetter => "CV",
            DocType::Minutes => "BB",
            DocType::News => return None,
        })
    }

    /// URL slug of the type's index page: "ket-luan".
    pub fn slug(self) -> String {
        crate::vi::slugify(self.name())
    }

    /// Understands a full name in any case, spacing or tone placement ("KẾT LUẬN",
    /// "kết luận") or an unambiguous abbreviation ("KL", "CTr", "Ctr", "QĐi").
    pub fn parse(text: &str) -> Result<DocType, DocTypeError> {
        let t = text.trim();
        let key = match_key(t);
        if let Some(&(_, ty)) = names().iter().find(|(k, _)| *k == key) {
            return Ok(ty);
        }
        // Abbreviations are compared case-insensitively, with Ð/Đ look-alikes unified.
        let abbr_key = key.replace(' ', "");
        match abbr_key.as_str() {
            "qđ" | "qd" => return Err(DocTypeError::Ambiguous(t.to_string())),
            "qđi" | "qdi" | "qyđ" | "qyd" => return Ok(DocType::Regulation),
            "cthđ" => return Ok(DocType::Programme),
            "news" => return Ok(DocType::News),
            _ => {}
        }
        if let Some(ty) = DocType::ALL.into_iter().find(|ty| {
            ty.abbr()
                .is_some_and(|a| match_key(a) == abbr_key || crate::vi::fold(a) == abbr_key)
        }) {
            return Ok(ty);
        }
        let folded = crate::vi::fold(t);
        let closest = DocType::ALL
            .into_iter()
            .map(|ty| {
                (
                    strsim::jaro_winkler(&folded, &crate::vi::fold(ty.name())),
                    ty,
                )
            })
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, ty)| ty.name());
        Err(DocTypeError::Unknown {
            written: t.to_string(),
            closest,
        })
    }
}

fn names() -> &'static [(String, DocType)] {
    static NAMES: OnceLock<Vec<(String, DocType)>> = OnceLock::new();
    NAMES.get_or_init(|| {
        DocType::ALL
            .into_iter()
            .map(|ty| (match_key(ty.name()), ty))
            .collect()
    })
}

impl fmt::Display for DocType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for DocType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_in_any_case_and_tone_placement() {
        assert_eq!(DocType::parse("Kết luận"), Ok(DocType::Conclusion));
        assert_eq!(DocType::parse("KẾT LUẬN"), Ok(DocType::Conclusion));
        assert_eq!(DocType::parse(" báo  cáo "), Ok(DocType::Report));
        assert_eq!(DocType::parse("Tin bài"), Ok(DocType::News));
    }

    #[test]
    fn parses_unambiguous_abbreviations() {
        assert_eq!(DocType::parse("KL"), Ok(DocType::Conclusion));
        assert_eq!(DocType::parse("CT"), Ok(DocType::Directive));
        assert_eq!(DocType::parse("CTr"), Ok(DocType::Programme));
        assert_eq!(DocType::parse("Ctr"), Ok(DocType::Programme));
        assert_eq!(DocType::parse("QĐi"), Ok(DocType::Regulation));
        assert_eq!(DocType::parse("hd"), Ok(DocType::Guidance));
    }

    #[test]
    fn qd_is_ambiguous() {
        assert!(matches!(
            DocType::parse("QĐ"),
            Err(DocTypeError::Ambiguous(_))
        ));
        assert!(matches!(
            DocType::parse("Q\u{00D0}"),
            Err(DocTypeError::Ambiguous(_))
        ));
    }

    #[test]
    fn unknown_types_suggest_the_closest() {
        match DocType::parse("Ket luan x") {
            Err(DocTypeError::Unknown { closest, .. }) => assert_eq!(closest, Some("Kết luận")),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            DocType::parse("Bài thơ"),
            Err(DocTypeError::Unknown { .. })
        ));
    }
}
