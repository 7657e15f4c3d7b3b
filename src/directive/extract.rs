//! Citations of one document: what [`extract`] finds in its text runs and which directive
//! each one means.

use std::collections::HashSet;
use std::ops::Range;

use serde::Serialize;

use super::registry::{
    reference, roman, term_at, term_number, DirectiveId, DirectiveInfo, Registry,
};
use super::resolve::{last_day, CitingDocument, Facts, Resolution, Resolver};
use super::scan::{scan_full, scan_named, scan_short, FullMatch, RunDigits, ShortMatch};
use super::symbol::Symbol;
use crate::doctype::DocType;
use crate::vi::DocDate;

/// How a citation is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CitationForm {
    /// With its symbol: "Kết luận số 01-KL/TW ngày 18/5/2021".
    Full,
    /// Type word and bare number after a full mention (or the front-matter list):
    /// "Chỉ thị 05", "Quy định số 37", "(gọi tắt là Quy định 144)".
    Short,
}

/// One citation of a numbered Party document in a document's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// Index of the text run it was found in.
    pub run: usize,
    /// Byte range in that run of what a link covers: the type words, the symbol and a date
    /// that follows it ("Kết luận số 01-KL/TW ngày 18/5/2021"); for a short form, the type
    /// word and number ("Chỉ thị 05").
    pub range: Range<usize>,
    /// The text in `range`, as written.
    pub text: String,
    /// The symbol cited (for a short form, the symbol of the mention it refers to).
    pub symbol: Symbol,
    /// The date of issue as cited.
    pub date: Option<DocDate>,
    /// Full or short form.
    pub form: CitationForm,
    /// The directive meant.
    pub resolution: Resolution,
}

/// A reference by plenum rather than number: "Nghị quyết Trung ương 4 (khóa XII)". A
/// reference naming several terms ("khóa XII, XIII") gives one entry per term, with the
/// same range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedCitation {
    /// Index of the text run.
    pub run: usize,
    /// Byte range of the reference in the run.
    pub range: Range<usize>,
    /// The text in `range`.
    pub text: String,
    /// The document the plenum issued.
    pub symbol: Symbol,
    /// Its identity.
    pub id: DirectiveId,
}

/// Everything found in one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Extraction {
    /// Numbered citations, in text order.
    pub citations: Vec<Citation>,
    /// Plenum references, in text order.
    pub named: Vec<NamedCitation>,
    /// What the citations say about directives the registry does not know, one per
    /// made-up identity used by a citation, named reference or front-matter entry.
    pub discovered: Vec<DirectiveInfo>,
}

impl Extraction {
    /// The information on directive `id`: the registry's, else what this document's
    /// citations say.
    pub fn info<'s>(
        &'s self,
        id: &DirectiveId,
        registry: &'s Registry,
    ) -> Option<&'s DirectiveInfo> {
        registry
            .get(id)
            .or_else(|| self.discovered.iter().find(|d| &d.id == id))
    }
}

/// What a short form refers to.
#[derive(Debug, Clone, Copy)]
enum Antecedent {
    /// The n-th front-matter entry.
    Listed(usize),
    /// The n-th citation found.
    Mention(usize),
}

struct Found {
    citation: Citation,
    weak: bool,
    antecedent: Option<Antecedent>,
}

enum Item<'t> {
    Full(FullMatch<'t>),
    Short(ShortMatch),
}

impl Item<'_> {
    fn start(&self) -> usize {
        match self {
            Item::Full(f) => f.range.start,
            Item::Short(s) => s.range.start,
        }
    }
}

/// Scans the plain-text runs of one document, in order (each run a maximal span of text
/// outside code and links, e.g. a paragraph's text, in NFC), and resolves every citation.
///
/// Short forms resolve against full mentions earlier in the document (earlier runs
/// included) and the front-matter list; plenum references through the built-in table.
pub fn extract(runs: &[&str], doc: &CitingDocument<'_>, registry: &Registry) -> Extraction {
    let own = doc.own_number.and_then(|s| Symbol::parse(s).ok());
    let mut resolver = Resolver::new(doc, registry);
    let mut found: Vec<Found> = Vec::new();
    let mut named = Vec::new();
    // (kind, number) → what it refers to, most recent last.
    let mut antecedents: Vec<(Symbol, Antecedent)> = doc
        .listed
        .iter()
        .enumerate()
        .map(|(i, s)| (s.clone(), Antecedent::Listed(i)))
        .collect();
    let mut named_ids: Vec<(DirectiveId, Option<DirectiveInfo>)> = Vec::new();

    for (run_index, run) in runs.iter().enumerate() {
        let digits = RunDigits::new(run);
        let fulls: Vec<FullMatch<'_>> = scan_full(run, &digits)
            .into_iter()
            .filter(|m| {
                // The document's own number in its text (a pasted header) is no citation.
                own.as_ref() != Some(&m.symbol) || m.date.is_some_and(|d| d != doc.date)
            })
            .collect();
        let shorts = if antecedents.is_empty() && fulls.is_empty() {
            Vec::new()
        } else {
            let taken: Vec<Range<usize>> = fulls.iter().map(|f| f.range.clone()).collect();
            scan_short(run, &taken, &digits)
        };
        let mut items: Vec<Item<'_>> = fulls.into_iter().map(Item::Full).collect();
        items.extend(shorts.into_iter().map(Item::Short));
        items.sort_by_key(Item::start);
        for item in items {
            match item {
                Item::Full(m) => {
                    let facts = Facts {
                        symbol: &m.symbol,
                        date: m.date,
                        body: m.body.as_ref(),
                        term: m.term,
                        subject: m.subject,
                        type_word: m.type_word,
                    };
                    let outcome = resolver.resolve(&facts, true);
                    antecedents.push((m.symbol.clone(), Antecedent::Mention(found.len())));
                    found.push(Found {
                        citation: Citation {
                            run: run_index,
                            text: run[m.range.clone()].to_owned(),
                            range: m.range,
                            symbol: m.symbol,
                            date: m.date,
                            form: CitationForm::Full,
                            resolution: outcome.resolution,
                        },
                        weak: outcome.weak,
                        antecedent: None,
                    });
                }
                Item::Short(s) => {
                    let Some((symbol, target)) = antecedents
                        .iter()
                        .rev()
                        .find(|(sym, _)| sym.kind() == s.kind && sym.number() == s.number)
                        .cloned()
                    else {
                        continue;
                    };
                    found.push(Found {
                        citation: Citation {
                            run: run_index,
                            text: run[s.range.clone()].to_owned(),
                            range: s.range,
                            symbol,
                            date: None,
                            form: CitationForm::Short,
                            resolution: Resolution::Unresolved,
                        },
                        weak: false,
                        antecedent: Some(target),
                    });
                }
            }
        }
        for m in scan_named(run, &digits) {
            for (symbol, id, info) in plenum_targets(m.plenum, &m.terms, doc, registry) {
                if let Some(info) = info.clone() {
                    named_ids.push((id.clone(), Some(info)));
                }
                named.push(NamedCitation {
                    run: run_index,
                    range: m.range.clone(),
                    text: run[m.range.clone()].to_owned(),
                    symbol,
                    id,
                });
            }
        }
    }

    // A made-up undated identity gives way to the one dated identity the same document
    // gives the symbol ("18-CT/TU" … later "18-CT/TU ngày 24/3/2022").
    if found.iter().any(|f| f.weak) {
        let strong: Vec<&DirectiveId> = found
            .iter()
            .filter(|f| !f.weak && f.antecedent.is_none())
            .filter_map(|f| f.citation.resolution.id())
            .collect();
        let better: Vec<(usize, DirectiveId)> = found
            .iter()
            .enumerate()
            .filter(|(_, f)| f.weak)
            .filter_map(|(i, f)| match &f.citation.resolution {
                Resolution::Resolved(id) => resolver
                    .strengthen(&f.citation.symbol, id, &strong)
                    .map(|b| (i, b)),
                _ => None,
            })
            .collect();
        for (i, b) in better {
            found[i].citation.resolution = Resolution::Resolved(b);
        }
    }
    for i in 0..found.len() {
        let resolution = match found[i].antecedent {
            None => continue,
            Some(Antecedent::Mention(j)) => found[j].citation.resolution.clone(),
            Some(Antecedent::Listed(j)) => resolver
                .listed
                .get(j)
                .map_or(Resolution::Unresolved, |(_, r)| r.clone()),
        };
        found[i].citation.resolution = resolution;
    }

    let citations: Vec<Citation> = found.into_iter().map(|f| f.citation).collect();
    let mut discovered: Vec<DirectiveInfo> = Vec::new();
    if !resolver.discovered_order.is_empty() {
        let used: HashSet<&DirectiveId> = citations
            .iter()
            .filter_map(|c| c.resolution.id())
            .chain(resolver.listed.iter().filter_map(|(_, r)| r.id()))
            .collect();
        discovered = resolver
            .discovered_order
            .iter()
            .filter(|id| used.contains(id) && registry.get(id).is_none())
            .filter_map(|id| resolver.discovered.get(id).cloned())
            .collect();
    }
    for (id, info) in named_ids {
        if let Some(info) = info {
            if !discovered.iter().any(|d| d.id == id) {
                discovered.push(info);
            }
        }
    }
    Extraction {
        citations,
        named,
        discovered,
    }
}

/// The documents "Nghị quyết Trung ương `plenum`" of `terms` stands for (the term in force
/// at the document's date when none is named); unknown plenums give nothing.
fn plenum_targets(
    plenum: u8,
    terms: &[u32],
    doc: &CitingDocument<'_>,
    registry: &Registry,
) -> Vec<(Symbol, DirectiveId, Option<DirectiveInfo>)> {
    let inferred;
    let terms = if terms.is_empty() {
        // Only when the document's whole period lies in one term.
        let first = term_at(doc.date);
        let last = term_at(last_day(doc.date));
        match (first, last) {
            (Some(a), Some(b)) if a == b => {
                inferred = term_number(a).into_iter().collect::<Vec<_>>();
                &inferred[..]
            }
            _ => return Vec::new(),
        }
    } else {
        terms
    };
    let mut out = Vec::new();
    for &t in terms {
        let k = roman(t);
        let Some(p) = reference()
            .plenums
            .iter()
            .find(|p| p.number == plenum && p.term == k)
        else {
            continue;
        };
        let known = registry
            .with_symbol(&p.symbol)
            .find(|e| e.date.is_some() && e.date == p.date);
        match known {
            Some(e) => out.push((p.symbol.clone(), e.id.clone(), None)),
            None => {
                let mut info = DirectiveInfo::cited(&p.symbol, p.date, None);
                info.term = Some(k.clone());
                info.issuer = Some(format!(
                    "Ban Chấp hành Trung ương (Hội nghị Trung ương {plenum})"
                ));
                info.subject = p.subject.clone();
                if info.doc_type.is_none() {
                    info.doc_type = Some(DocType::Resolution);
                }
                out.push((p.symbol.clone(), info.id.clone(), Some(info)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::resolve_listed;
    use super::*;

    fn date(s: &str) -> DocDate {
        DocDate::parse(s).unwrap()
    }

    fn doc(d: &str, province: Option<&'static str>) -> CitingDocument<'static> {
        CitingDocument {
            own_number: None,
            date: date(d),
            province,
            listed: &[],
        }
    }

    fn run(text: &str, d: &CitingDocument<'_>) -> Extraction {
        extract(&[text], d, &Registry::builtin())
    }

    /// (text, symbol, date iso, resolved id or "?" for ambiguous / "-" for unresolved).
    fn shown(e: &Extraction) -> Vec<(String, String, String, String)> {
        e.citations
            .iter()
            .map(|c| {
                (
                    c.text.clone(),
                    c.symbol.to_string(),
                    c.date.map(|d| d.iso()).unwrap_or_default(),
                    match &c.resolution {
                        Resolution::Resolved(id) => id.to_string(),
                        Resolution::Ambiguous(ids) => format!(
                            "?{}",
                            ids.iter().map(|i| i.as_str()).collect::<Vec<_>>().join("|")
                        ),
                        Resolution::Unresolved => "-".into(),
                    },
                )
            })
            .collect()
    }

    fn row(text: &str, symbol: &str, date: &str, id: &str) -> (String, String, String, String) {
        (text.into(), symbol.into(), date.into(), id.into())
    }

    #[test]
    fn spelling_variants_of_one_citation() {
        let d = doc("2023", Some("ha-tinh"));
        let cases = [
            (
                "theo Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị",
                "Kết luận số 01-KL/TW ngày 18/5/2021",
            ),
            (
                "theo Kết luận 01-KL/TW ngày 18/5/2021.",
                "Kết luận 01-KL/TW ngày 18/5/2021",
            ),
            (
                "theo Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị",
                "Kết luận số 01-KL/TW, ngày 18/5/2021",
            ),
            (
                "theo Kết luận số 01-KL/TW ngày 18-5-2021.",
                "Kết luận số 01-KL/TW ngày 18-5-2021",
            ),
            (
                "theo Kết luận số 01-KL/TW ngày 18 tháng 5 năm 2021.",
                "Kết luận số 01-KL/TW ngày 18 tháng 5 năm 2021",
            ),
            (
                "theo Kết luận số 01\u{00A0}-\u{00A0}KL/TW ngày\u{00A0}18/5/2021",
                "Kết luận số 01\u{00A0}-\u{00A0}KL/TW ngày\u{00A0}18/5/2021",
            ),
            (
                "theo Kết luận số 01 – KL/TW ngày 18/5/2021",
                "Kết luận số 01 – KL/TW ngày 18/5/2021",
            ),
            (
                "theo Kết luận số 01- KL/TƯ ngày 18/5/2021",
                "Kết luận số 01- KL/TƯ ngày 18/5/2021",
            ),
            (
                "theo Kết luận số 01-KL/T.Ư ngày 18/5/2021",
                "Kết luận số 01-KL/T.Ư ngày 18/5/2021",
            ),
            (
                "theo kết luận số 01-kl/tw ngày 18/5/2021",
                "kết luận số 01-kl/tw ngày 18/5/2021",
            ),
            (
                "KẾT LUẬN SỐ 01-KL/TW NGÀY 18/5/2021",
                "KẾT LUẬN SỐ 01-KL/TW NGÀY 18/5/2021",
            ),
        ];
        for (text, link) in cases {
            assert_eq!(
                shown(&run(text, &d)),
                [row(link, "01-KL/TW", "2021-05-18", "01-kl-tw-2021")],
                "{text}"
            );
        }
    }

    #[test]
    fn symbol_glued_to_next_word_or_footnote_mark() {
        let d = doc("2023", None);
        assert_eq!(
            shown(&run("thực hiện Kết luận số 01- KL/TWvà chuyên đề", &d)),
            [row(
                "Kết luận số 01- KL/TW",
                "01-KL/TW",
                "",
                "01-kl-tw-2021"
            )]
        );
        assert_eq!(
            shown(&run("thực hiện Kết luận số 01-KL/TW¹ của Bộ Chính trị", &d)),
            [row("Kết luận số 01-KL/TW", "01-KL/TW", "", "01-kl-tw-2021")]
        );
        assert_eq!(
            shown(&run("Quy định số 37-QĐ/TW²; Chỉ thị số 05-CT/TW³", &d))
                .iter()
                .map(|r| r.0.as_str())
                .collect::<Vec<_>>(),
            ["Quy định số 37-QĐ/TW", "Chỉ thị số 05-CT/TW"]
        );
    }

    #[test]
    fn eth_qdi_and_ctr_type_variants() {
        let d = doc("2023", Some("ha-noi"));
        assert_eq!(
            shown(&run(
                "Quy định 08-QĐi/TW và Quy định 08-QÐi/TW, Quy định 08-QĐ/TW",
                &d
            )),
            [
                row("Quy định 08-QĐi/TW", "08-QĐ/TW", "", "08-qd-tw-2018"),
                row("Quy định 08-QÐi/TW", "08-QĐ/TW", "", "08-qd-tw-2018"),
                row("Quy định 08-QĐ/TW", "08-QĐ/TW", "", "08-qd-tw-2018"),
            ]
        );
        assert_eq!(
            shown(&run("Chương trình số 06-CTr/TU ngày 17/3/2021 và Chương trình 65-Ctr/TU ngày 2/2/2022 của Thành ủy", &d)),
            [
                row("Chương trình số 06-CTr/TU ngày 17/3/2021", "06-CTr/TU", "2021-03-17", "06-ctr-tu-2021-ha-noi"),
                row("Chương trình 65-Ctr/TU ngày 2/2/2022", "65-CTr/TU", "2022-02-02", "65-ctr-tu-2022-ha-noi"),
            ]
        );
        assert_eq!(
            shown(&run("Quyết định số 12-QĐ/ÐU ngày 1/3/2022", &d)),
            [row(
                "Quyết định số 12-QĐ/ÐU ngày 1/3/2022",
                "12-QĐ/ĐU",
                "2022-03-01",
                "12-qd-du-2022-ha-noi"
            )]
        );
    }

    #[test]
    fn state_symbols_urls_and_own_number_are_not_citations() {
        let d = CitingDocument {
            own_number: Some("Số 18-CT/TU"),
            ..doc("24/3/2022", Some("son-la"))
        };
        let e = run(
            "Căn cứ Quyết định số 155/QĐ-UBND ngày 1/2/2021, Nghị định 30/2020/NĐ-CP, \
             Nghị quyết 202/2025/QH15; xem https://dangcongsan.vn/van-ban/05-CT/TW.html; \
             Chỉ thị này (Số 18-CT/TU) thay thế Chỉ thị số 18-CT/TU ngày 2/3/2016.",
            &d,
        );
        assert_eq!(
            shown(&e),
            [row(
                "Chỉ thị số 18-CT/TU ngày 2/3/2016",
                "18-CT/TU",
                "2016-03-02",
                "18-ct-tu-2016-son-la"
            )]
        );
    }

    #[test]
    fn issuing_body_after_the_date_decides_the_province() {
        let d = doc("2023", Some("tuyen-quang"));
        let e = run(
            "Chỉ thị số 18-CT/TU ngày 5/3/2020 của Ban Thường vụ Tỉnh ủy Hà Giang về nêu gương; \
             Chỉ thị số 18-CT/TU ngày 6/3/2021 của Ban Thường vụ Tỉnh ủy về phòng chống dịch",
            &d,
        );
        assert_eq!(
            shown(&e),
            [
                row(
                    "Chỉ thị số 18-CT/TU ngày 5/3/2020",
                    "18-CT/TU",
                    "2020-03-05",
                    "18-ct-tu-2020-ha-giang"
                ),
                row(
                    "Chỉ thị số 18-CT/TU ngày 6/3/2021",
                    "18-CT/TU",
                    "2021-03-06",
                    "18-ct-tu-2021-tuyen-quang"
                ),
            ]
        );
        let reg = Registry::builtin();
        let info = e
            .info(e.citations[0].resolution.id().unwrap(), &reg)
            .unwrap();
        assert_eq!(
            info.issuer.as_deref(),
            Some("Ban Thường vụ Tỉnh ủy Hà Giang")
        );
        assert_eq!(info.subject.as_deref(), Some("nêu gương"));
        assert_eq!(info.province.as_deref(), Some("ha-giang"));
        assert_eq!(info.doc_type, Some(DocType::Directive));
        assert_eq!(info.origin, super::super::Origin::Cited);
    }

    #[test]
    fn two_provinces_18_ct_tu_are_two_directives() {
        let text = "Chỉ thị số 18-CT/TU ngày 24/3/2022 của Ban Thường vụ Tỉnh ủy";
        let a = run(text, &doc("12/5/2022", Some("son-la")));
        let b = run(text, &doc("12/5/2022", Some("ha-tinh")));
        assert_eq!(
            a.citations[0].resolution.id().unwrap().as_str(),
            "18-ct-tu-2022-son-la"
        );
        assert_eq!(
            b.citations[0].resolution.id().unwrap().as_str(),
            "18-ct-tu-2022-ha-tinh"
        );
        assert_eq!(a.discovered.len(), 1);
        assert_eq!(a.discovered[0].id.as_str(), "18-ct-tu-2022-son-la");
        // Without any province a local symbol cannot be pinned.
        let c = run(text, &doc("12/5/2022", None));
        assert_eq!(c.citations[0].resolution, Resolution::Unresolved);
        assert!(c.discovered.is_empty());
    }

    #[test]
    fn the_two_05_ct_tw() {
        let bulletin = doc("2023", Some("ha-tinh"));
        assert_eq!(
            shown(&run("thực hiện Chỉ thị số 05-CT/TW gắn với", &bulletin))[0].3,
            "05-ct-tw-2016"
        );
        assert_eq!(
            shown(&run(
                "thực hiện Chỉ thị số 05-CT/TW ngày 23/6/2021 của Ban Bí thư",
                &bulletin
            ))[0]
                .3,
            "05-ct-tw-2021"
        );
        // Words around an undated citation decide before the campaign marking does.
        assert_eq!(
            shown(&run(
                "thực hiện Chỉ thị số 05-CT/TW của Ban Bí thư",
                &bulletin
            ))[0]
                .3,
            "05-ct-tw-2021"
        );
        assert_eq!(
            shown(&run("thực hiện Chỉ thị 05-CT/TW về tăng cường sự lãnh đạo của Đảng đối với công tác giảm nghèo bền vững", &bulletin))[0].3,
            "05-ct-tw-2021"
        );
        // A document of 2019 cannot cite the 2021 directive.
        let early = doc("2019", Some("son-la"));
        assert_eq!(
            shown(&run("Chỉ thị 05-CT/TW của Ban Bí thư", &early))[0].3,
            "05-ct-tw-2016"
        );
        // Once dated in a document, later undated mentions mean the same one.
        let e = run(
            "Chỉ thị số 05-CT/TW ngày 23/6/2021 về giảm nghèo. Kết quả thực hiện Chỉ thị số 05-CT/TW, Chỉ thị 05",
            &bulletin,
        );
        let ids: Vec<String> = shown(&e).into_iter().map(|r| r.3).collect();
        assert_eq!(ids, ["05-ct-tw-2021", "05-ct-tw-2021", "05-ct-tw-2021"]);
    }

    #[test]
    fn undated_with_no_rule_deciding_stays_ambiguous() {
        let d = doc("2022", None);
        let e = run("quán triệt Chỉ thị số 01-CT/TW", &d);
        assert_eq!(
            e.citations[0].resolution,
            Resolution::Ambiguous(vec![
                DirectiveId::new(
                    &Symbol::parse("01-CT/TW").unwrap(),
                    Some(date("2016")),
                    None
                ),
                DirectiveId::new(
                    &Symbol::parse("01-CT/TW").unwrap(),
                    Some(date("2021")),
                    None
                ),
            ])
        );
        // The term named after it decides.
        let e = run(
            "quán triệt Chỉ thị số 01-CT/TW của Bộ Chính trị khóa XII",
            &d,
        );
        assert_eq!(
            e.citations[0].resolution.id().unwrap().as_str(),
            "01-ct-tw-2016"
        );
    }

    #[test]
    fn a_misdated_citation_binds_to_the_directive_of_its_term() {
        let d = doc("2012", None);
        let e = run("Chỉ thị số 03-CT/TW ngày 15-4-2011 của Bộ Chính trị", &d);
        assert_eq!(
            e.citations[0].resolution.id().unwrap().as_str(),
            "03-ct-tw-2011"
        );
        assert_eq!(e.citations[0].date, Some(date("15/4/2011")));
    }

    #[test]
    fn unknown_central_directives_get_an_identity_and_info() {
        let d = doc("2020", None);
        let e = run(
            "Chỉ thị số 36-CT/TW ngày 30/5/2014 của Bộ Chính trị về đại hội đảng bộ các cấp",
            &d,
        );
        let id = e.citations[0].resolution.id().unwrap();
        assert_eq!(id.as_str(), "36-ct-tw-2014");
        let info = &e.discovered[0];
        assert_eq!(&info.id, id);
        assert_eq!(info.term.as_deref(), Some("XI"));
        assert_eq!(info.issuer.as_deref(), Some("Bộ Chính trị"));
        assert_eq!(info.subject.as_deref(), Some("đại hội đảng bộ các cấp"));
        // Undated, with the registry's only 36-CT/TW issued later: not that one.
        let e = run("Chỉ thị 36-CT/TW", &doc("2015", None));
        assert_eq!(e.citations[0].resolution.id().unwrap().as_str(), "36-ct-tw");
    }

    #[test]
    fn short_forms_and_alias_declarations() {
        let d = doc("28/3/2024", Some("quang-ngai"));
        let runs = [
            "sau khi nghe Báo cáo số 873-BC/HU ngày 12/3/2024 của Ban Thường vụ Huyện ủy về sơ kết thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 05-CT/TW về đẩy mạnh học tập (",
            "viết tắt là Kết luận 01-KL/TW",
            "). Thực hiện Kết luận 01, Chỉ thị 05 và Quy định số 37 (gọi tắt là Quy định 37), Báo cáo 873.",
        ];
        let e = extract(&runs, &d, &Registry::builtin());
        assert_eq!(
            shown(&e),
            [
                row(
                    "Báo cáo số 873-BC/HU ngày 12/3/2024",
                    "873-BC/HU",
                    "2024-03-12",
                    "873-bc-hu-2024-quang-ngai"
                ),
                row(
                    "Kết luận số 01-KL/TW ngày 18/5/2021",
                    "01-KL/TW",
                    "2021-05-18",
                    "01-kl-tw-2021"
                ),
                row("Chỉ thị số 05-CT/TW", "05-CT/TW", "", "05-ct-tw-2016"),
                row("Kết luận 01-KL/TW", "01-KL/TW", "", "01-kl-tw-2021"),
                row("Kết luận 01", "01-KL/TW", "", "01-kl-tw-2021"),
                row("Chỉ thị 05", "05-CT/TW", "", "05-ct-tw-2016"),
                row("Báo cáo 873", "873-BC/HU", "", "873-bc-hu-2024-quang-ngai"),
            ]
        );
        assert_eq!(e.citations[1].form, CitationForm::Full);
        assert_eq!(e.citations[4].form, CitationForm::Short);
        assert_eq!(e.citations[4].run, 2);
        // "Quy định số 37" has no full mention to refer to: not a citation.
        assert!(e.citations.iter().all(|c| !c.text.contains("37")));
        let e = run(
            "Quy định số 144-QĐ/TW ngày 9/5/2024 của Bộ Chính trị (gọi tắt là Quy định 144)",
            &d,
        );
        assert_eq!(
            shown(&e)[1],
            row("Quy định 144", "144-QĐ/TW", "", "144-qd-tw-2024")
        );
    }

    #[test]
    fn short_form_with_so_after_a_full_mention() {
        let d = doc("2024", Some("ha-tinh"));
        let e = run(
            "Quy định số 37-QĐ/TW ngày 25/10/2021 về những điều đảng viên không được làm; \
             thực hiện nghiêm Quy định số 37.",
            &d,
        );
        assert_eq!(
            shown(&e)[1],
            row("Quy định số 37", "37-QĐ/TW", "", "37-qd-tw-2021")
        );
        assert_eq!(e.citations[1].form, CitationForm::Short);
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_ranges_point_at_the_text(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "Kết luận số ", "01", "05", "-", " – ", "\u{00A0}", "KL", "CT", "QĐi", "Ctr", "/",
                "TW", "TƯ", "T.Ư", "TU", "HU", "ĐUK", "Ð", "¹", "và", " ngày ", "18/5/2021",
                "18-5-2021", "ngày 18 tháng 5 năm 2021", ", ", " của ", "Ban Thường vụ Tỉnh ủy ",
                "Hà Giang", "Bộ Chính trị", " về ", "“", "khóa XII", "(", ")", "Chỉ thị ",
                "Nghị quyết Trung ương 4", "https://x.vn/", "155/QĐ-UBND", "2020/NĐ-CP", "ế",
                "viết tắt là ", "số ", "Quy định ", "\u{200B}", "\u{FF0F}", "９",
            ]), 0..40),
            province in proptest::sample::select(vec![None, Some("son-la"), Some("bac-ninh"), Some("xyz")]),
            year in 2015u16..2027,
        ) {
            let text: String = parts.concat();
            let d = doc(&year.to_string(), province);
            let listed = [Symbol::parse("05-CT/TW").unwrap()];
            let d = CitingDocument { listed: &listed, own_number: Some("01-KL/TW"), ..d };
            let e = extract(&[text.as_str(), "Chỉ thị 05"], &d, &Registry::builtin());
            for c in &e.citations {
                let runs = [text.as_str(), "Chỉ thị 05"];
                proptest::prop_assert_eq!(&runs[c.run][c.range.clone()], c.text.as_str());
            }
            for n in &e.named {
                proptest::prop_assert_eq!(&text[n.range.clone()], n.text.as_str());
            }
        }
    }

    #[test]
    fn short_forms_resolve_against_the_front_matter_list() {
        let listed = [Symbol::parse("05-CT/TW").unwrap()];
        let d = CitingDocument {
            listed: &listed,
            ..doc("2023", None)
        };
        let e = run("việc thực hiện Chỉ thị 05 gắn với", &d);
        assert_eq!(
            shown(&e),
            [row("Chỉ thị 05", "05-CT/TW", "", "05-ct-tw-2016")]
        );
        assert!(run("việc thực hiện Chỉ thị 05 gắn với", &doc("2023", None))
            .citations
            .is_empty());
    }

    #[test]
    fn a_later_dated_mention_replaces_a_made_up_undated_identity() {
        let d = doc("12/5/2022", Some("son-la"));
        let runs = [
            "thực hiện Chỉ thị số 18-CT/TU của Ban Thường vụ Tỉnh ủy;",
            "Chỉ thị số 18-CT/TU ngày 24/3/2022 của Ban Thường vụ Tỉnh ủy",
        ];
        let e = extract(&runs, &d, &Registry::builtin());
        let ids: Vec<String> = shown(&e).into_iter().map(|r| r.3).collect();
        assert_eq!(ids, ["18-ct-tu-2022-son-la", "18-ct-tu-2022-son-la"]);
        assert_eq!(e.discovered.len(), 1);
    }

    #[test]
    fn merged_province_cites_its_predecessors_series() {
        // The new Bắc Ninh (from 1/7/2025) was formed from Bắc Giang and Bắc Ninh.
        let d = doc("15/3/2026", Some("bac-ninh"));
        let named = run(
            "Chỉ thị số 18-CT/TU ngày 5/3/2023 của Ban Thường vụ Tỉnh ủy Bắc Giang",
            &d,
        );
        assert_eq!(shown(&named)[0].3, "18-ct-tu-2023-bac-giang");
        // Not named in the text: the site's registry says whose it is.
        let mut reg = Registry::builtin();
        reg.load_site_file(
            "data/directives.yaml",
            "- {symbol: 18-CT/TU, date: 5/3/2023, province: bac-giang}\n",
        )
        .unwrap();
        let text = "Chỉ thị số 18-CT/TU ngày 5/3/2023 của Ban Thường vụ Tỉnh ủy";
        let e = extract(&[text], &d, &reg);
        assert_eq!(shown(&e)[0].3, "18-ct-tu-2023-bac-giang");
        // Neither: one of the two predecessors, and nothing says which.
        let e = run(text, &d);
        assert_eq!(
            shown(&e)[0].3,
            "?18-ct-tu-2023-bac-giang|18-ct-tu-2023-bac-ninh"
        );
        // Dated from 1/7/2025: the new province's own series.
        let e = run(
            "Chỉ thị số 02-CT/TU ngày 5/1/2026 của Ban Thường vụ Tỉnh ủy",
            &d,
        );
        assert_eq!(shown(&e)[0].3, "02-ct-tu-2026-bac-ninh");
        // An unchanged province keeps one series.
        let e = run(text, &doc("15/3/2026", Some("son-la")));
        assert_eq!(shown(&e)[0].3, "18-ct-tu-2023-son-la");
    }

    #[test]
    fn named_plenum_references() {
        let d = doc("2023", None);
        let e = run(
            "gắn với Nghị quyết Trung ương 4 (khóa XII, XIII); Nghị quyết Trung ương 4 khóa XI; \
             Nghị quyết Trung ương 4; Nghị quyết Trung ương 5",
            &d,
        );
        let got: Vec<(&str, String, &str)> = e
            .named
            .iter()
            .map(|n| (n.text.as_str(), n.symbol.to_string(), n.id.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Nghị quyết Trung ương 4 (khóa XII, XIII)",
                    "04-NQ/TW".into(),
                    "04-nq-tw-2016"
                ),
                (
                    "Nghị quyết Trung ương 4 (khóa XII, XIII)",
                    "21-KL/TW".into(),
                    "21-kl-tw-2021"
                ),
                (
                    "Nghị quyết Trung ương 4 khóa XI",
                    "12-NQ/TW".into(),
                    "12-nq-tw-2012"
                ),
                // No term: the one in force in 2023.
                (
                    "Nghị quyết Trung ương 4",
                    "21-KL/TW".into(),
                    "21-kl-tw-2021"
                ),
            ]
        );
        assert!(e.citations.is_empty());
        // A plenum the registry lacks still gets an identity and info.
        let e = run("Nghị quyết Trung ương 6 (khóa XII)", &d);
        assert_eq!(e.named[0].id.as_str(), "18-nq-tw-2017");
        assert_eq!(e.discovered[0].id.as_str(), "18-nq-tw-2017");
    }

    #[test]
    fn resolve_listed_follows_the_same_rules() {
        let reg = Registry::builtin();
        let s = Symbol::parse("05-CT/TW").unwrap();
        assert_eq!(
            resolve_listed(&s, &doc("2023", None), &reg)
                .id()
                .unwrap()
                .as_str(),
            "05-ct-tw-2016"
        );
        let local = Symbol::parse("18-CT/TU").unwrap();
        assert_eq!(
            resolve_listed(&local, &doc("2022", Some("son-la")), &reg)
                .id()
                .unwrap()
                .as_str(),
            "18-ct-tu-son-la"
        );
        assert_eq!(
            resolve_listed(&local, &doc("2022", None), &reg),
            Resolution::Unresolved
        );
    }
}
