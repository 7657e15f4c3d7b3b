//! Which directives exist: the identities ([`DirectiveId`]), what is known about each
//! ([`DirectiveInfo`]) and the [`Registry`] that holds them — built into the binary from
//! `reference-data.yaml` and extended by the site's own `data/directives.yaml`.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::symbol::Symbol;
use crate::doctype::DocType;
use crate::error::Diagnostic;
use crate::vi::province::{self, Era};
use crate::vi::DocDate;

/// A directive's identity as a URL slug: `05-ct-tw-2016`, `18-ct-tu-2022-son-la`.
///
/// Built from the symbol's slug, then the year of issue when known, then the province for
/// local (non-central) symbols — what it takes to tell apart the 2016 and 2021 `05-CT/TW`
/// and the `18-CT/TU` of every province. Pages live at `/chi-dao/<id>/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct DirectiveId(String);

impl DirectiveId {
    /// The identity of `symbol` issued on `date` (only the year is used) by the committee of
    /// `province` (slug; ignored for central symbols).
    pub fn new(symbol: &Symbol, date: Option<DocDate>, province: Option<&str>) -> DirectiveId {
        let mut id = symbol.slug();
        if let Some(d) = date {
            id.push('-');
            id.push_str(&d.year().to_string());
        }
        if !symbol.is_central() {
            if let Some(p) = province.filter(|p| !p.is_empty()) {
                id.push('-');
                id.push_str(p);
            }
        }
        DirectiveId(id)
    }

    /// The slug.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DirectiveId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for DirectiveId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Where bantin learnt of a directive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// bantin's built-in list of central directives.
    Builtin,
    /// The site's `data/directives.yaml`.
    Site,
    /// Only from a citation in a document (no registry entry).
    Cited,
}

/// Everything known about one directive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DirectiveInfo {
    /// Identity and URL slug.
    pub id: DirectiveId,
    /// Canonical symbol.
    pub symbol: Symbol,
    /// The symbol as the directive itself prints it (`08-QĐi/TW`, where the canonical
    /// symbol is `08-QĐ/TW`).
    pub symbol_text: String,
    /// The type, when known ("Quy định" and "Quyết định" share the `QĐ` abbreviation).
    pub doc_type: Option<DocType>,
    /// Date of issue.
    pub date: Option<DocDate>,
    /// The Central Committee term (khóa) it was issued in, as a Roman numeral: `XII`.
    pub term: Option<String>,
    /// The issuing body: "Bộ Chính trị", "Ban Thường vụ Tỉnh ủy".
    pub issuer: Option<String>,
    /// What it is about (trích yếu).
    pub subject: Option<String>,
    /// Part of the "học tập và làm theo" campaign chain: preferred when an undated
    /// citation could mean several directives.
    pub campaign: bool,
    /// Province slug of a local directive's committee.
    pub province: Option<String>,
    /// Where this information comes from.
    pub origin: Origin,
}

impl DirectiveInfo {
    /// What can be said of a directive known only from a citation of `symbol`.
    pub fn cited(symbol: &Symbol, date: Option<DocDate>, province: Option<&str>) -> Self {
        let province = if symbol.is_central() {
            None
        } else {
            province.map(str::to_owned)
        };
        DirectiveInfo {
            id: DirectiveId::new(symbol, date, province.as_deref()),
            symbol: symbol.clone(),
            symbol_text: symbol.to_string(),
            doc_type: symbol.kind().doc_type(),
            date,
            term: if symbol.is_central() {
                date.and_then(|d| term_at(d).map(str::to_owned))
            } else {
                None
            },
            issuer: None,
            subject: None,
            campaign: false,
            province,
            origin: Origin::Cited,
        }
    }
}

/// The known directives, by identity and by symbol.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    entries: Vec<DirectiveInfo>,
    by_id: HashMap<DirectiveId, usize>,
    by_symbol: HashMap<Symbol, Vec<usize>>,
}

/// A date written in YAML as a string (`2021-05-18`, `18/5/2021`, `2021-03`) or a bare year.
#[derive(Deserialize)]
#[serde(untagged)]
enum DateField {
    Text(String),
    Year(i64),
}

impl DateField {
    fn text(&self) -> String {
        match self {
            DateField::Text(s) => s.clone(),
            DateField::Year(y) => y.to_string(),
        }
    }
}

/// One row of `central_directives` in the built-in data; fields bantin does not use
/// (`src`, `note`, `collides_with` …) are ignored.
#[derive(Deserialize)]
struct BuiltinRow {
    symbol: String,
    date: Option<DateField>,
    issuer: Option<String>,
    khoa: Option<String>,
    #[serde(rename = "type")]
    doc_type: Option<String>,
    subject: Option<String>,
    #[serde(default)]
    campaign: bool,
}

#[derive(Deserialize)]
struct BuiltinData {
    central_directives: Vec<BuiltinRow>,
    terms: Vec<TermRow>,
    plenum_refs: Vec<PlenumRow>,
}

#[derive(Deserialize)]
struct TermRow {
    khoa: String,
    congress_to: Option<DateField>,
    congress: Option<DateField>,
}

#[derive(Deserialize)]
struct PlenumRow {
    plenum: u8,
    khoa: String,
    symbol: String,
    date: Option<DateField>,
    subject: Option<String>,
}

/// "Nghị quyết Trung ương N khóa K" and the document it stands for.
pub(crate) struct Plenum {
    /// The plenum's number (Hội nghị Trung ương N).
    pub number: u8,
    /// The term, as a Roman numeral.
    pub term: String,
    /// The resolution (or conclusion) it issued.
    pub symbol: Symbol,
    /// Its date.
    pub date: Option<DocDate>,
    /// Its subject.
    pub subject: Option<String>,
}

/// One row of a site's `data/directives.yaml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteRow {
    symbol: String,
    date: Option<DateField>,
    issuer: Option<String>,
    subject: Option<String>,
    #[serde(default)]
    campaign: bool,
    province: Option<String>,
    #[serde(alias = "khoa")]
    term: Option<String>,
    #[serde(rename = "type")]
    doc_type: Option<String>,
    #[allow(dead_code)]
    note: Option<String>,
    #[allow(dead_code)]
    src: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteMap {
    directives: Vec<SiteRow>,
}

/// Central Committee terms and plenum resolutions, from the built-in data.
pub(crate) struct Reference {
    /// (Roman numeral, first day), in order.
    terms: Vec<(String, DocDate)>,
    /// Plenum resolutions bulletins name without a number.
    pub(crate) plenums: Vec<Plenum>,
    registry: Registry,
}

const REFERENCE_DATA: &str = include_str!("../data/reference-data.yaml");

/// The built-in data, parsed once. A unit test checks every row is read, so a row that
/// fails to parse is a defect of the build; it is skipped rather than taking the site down.
pub(crate) fn reference() -> &'static Reference {
    static R: OnceLock<Reference> = OnceLock::new();
    R.get_or_init(|| {
        let data: BuiltinData = serde_yaml::from_str(REFERENCE_DATA).unwrap_or(BuiltinData {
            central_directives: Vec::new(),
            terms: Vec::new(),
            plenum_refs: Vec::new(),
        });
        let mut terms: Vec<(String, DocDate)> = data
            .terms
            .iter()
            .filter_map(|t| {
                // A term's series starts when its congress closes (the first plenum, which
                // elects the Politburo and Secretariat, meets during the congress).
                let d = t.congress_to.as_ref().or(t.congress.as_ref())?;
                Some((t.khoa.clone(), DocDate::parse(&d.text()).ok()?))
            })
            .collect();
        terms.sort_by_key(|t| t.1);
        let plenums = data
            .plenum_refs
            .iter()
            .filter_map(|p| {
                Some(Plenum {
                    number: p.plenum,
                    term: p.khoa.clone(),
                    symbol: Symbol::parse(&p.symbol).ok()?,
                    date: p.date.as_ref().and_then(|d| DocDate::parse(&d.text()).ok()),
                    subject: p.subject.clone(),
                })
            })
            .collect();
        let mut registry = Registry::default();
        for row in &data.central_directives {
            let Ok(symbol) = Symbol::parse(&row.symbol) else {
                continue;
            };
            let date = row
                .date
                .as_ref()
                .and_then(|d| DocDate::parse(&d.text()).ok());
            let info = DirectiveInfo {
                id: DirectiveId::new(&symbol, date, None),
                symbol_text: row.symbol.trim().to_owned(),
                doc_type: row
                    .doc_type
                    .as_deref()
                    .and_then(|t| DocType::parse(t).ok())
                    .or_else(|| symbol.kind().doc_type()),
                date,
                term: row.khoa.clone(),
                issuer: row.issuer.clone(),
                subject: row.subject.clone(),
                campaign: row.campaign,
                province: None,
                origin: Origin::Builtin,
                symbol,
            };
            registry.insert(info);
        }
        Reference {
            terms,
            plenums,
            registry,
        }
    })
}

/// The Central Committee term (Roman numeral) whose series was running on `date`.
pub(crate) fn term_at(date: DocDate) -> Option<&'static str> {
    reference()
        .terms
        .iter()
        .rev()
        .find(|(_, start)| *start <= date)
        .map(|(k, _)| k.as_str())
}

/// Reads a term number written in Roman (`XII`) or Arabic (`12`) numerals.
pub(crate) fn term_number(written: &str) -> Option<u32> {
    let w = written.trim();
    if let Ok(n) = w.parse::<u32>() {
        return (1..=40).contains(&n).then_some(n);
    }
    let mut total = 0u32;
    let mut prev = 0u32;
    for c in w.chars().rev() {
        let v = match c.to_ascii_uppercase() {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            _ => return None,
        };
        if v < prev {
            total = total.checked_sub(v)?;
        } else {
            total += v;
            prev = v;
        }
    }
    (1..=40).contains(&total).then_some(total)
}

/// A term number as a Roman numeral (`12` → `XII`).
pub(crate) fn roman(mut n: u32) -> String {
    let mut out = String::new();
    for (v, s) in [
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Lines where each item of the top-level YAML sequence starts (0-based), for locating
/// errors in a site file; a sequence nested under `directives:` counts as top-level.
fn item_lines(text: &str) -> Vec<usize> {
    let mut indent = None;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if !(trimmed.starts_with("- ") || trimmed == "-") {
            continue;
        }
        let this = line.len() - trimmed.len();
        match indent {
            None => {
                indent = Some(this);
                out.push(i);
            }
            Some(n) if n == this => out.push(i),
            _ => {}
        }
    }
    out
}

/// The 1-based line of `field:` inside item `index` (or of the item itself).
fn field_line(text: &str, items: &[usize], index: usize, field: &str) -> usize {
    let Some(&start) = items.get(index) else {
        return 1;
    };
    let end = items.get(index + 1).copied().unwrap_or(usize::MAX);
    let needle = format!("{field}:");
    text.lines()
        .enumerate()
        .skip(start)
        .take_while(|(i, _)| *i < end)
        .find(|(_, l)| l.contains(&needle))
        .map_or(start + 1, |(i, _)| i + 1)
}

impl Registry {
    /// An empty registry (tests, or a site that wants none of the built-in directives).
    pub fn empty() -> Registry {
        Registry::default()
    }

    /// The central directives compiled into bantin (the campaign chain and the documents
    /// bulletins cite with it).
    pub fn builtin() -> Registry {
        reference().registry.clone()
    }

    /// Adds `info`, replacing an entry with the same id.
    fn insert(&mut self, info: DirectiveInfo) {
        if let Some(&i) = self.by_id.get(&info.id) {
            self.entries[i] = info;
            return;
        }
        let i = self.entries.len();
        self.by_id.insert(info.id.clone(), i);
        self.by_symbol
            .entry(info.symbol.clone())
            .or_default()
            .push(i);
        self.entries.push(info);
    }

    /// Merges the site's `data/directives.yaml`: a list of entries (or a `directives:` key
    /// holding one) with `symbol`, `date`, `issuer`, `subject`, `campaign`, `province` (slug
    /// or name, required for local symbols), `term`/`khoa`, `type`, `note`, `src`. An entry
    /// with the identity of a built-in one replaces it. Valid entries are added even when
    /// others are wrong; every error is returned with its line.
    pub fn load_site_file(
        &mut self,
        path: impl AsRef<Path>,
        text: &str,
    ) -> Result<(), Vec<Diagnostic>> {
        let path = path.as_ref();
        let nested = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .is_some_and(|l| l.starts_with("directives:"));
        let parsed = if text.trim().is_empty() {
            Ok(Vec::new())
        } else if nested {
            serde_yaml::from_str::<SiteMap>(text).map(|m| m.directives)
        } else {
            serde_yaml::from_str::<Vec<SiteRow>>(text)
        };
        let rows = match parsed {
            Ok(rows) => rows,
            Err(e) => {
                let mut d = Diagnostic::error(format!(
                    "không đọc được danh sách chỉ đạo (cannot read the directive list): {e}"
                ))
                .in_file(path)
                .with_help(
                    "mỗi mục là một văn bản: - {symbol: \"18-CT/TU\", date: 24/3/2022, \
                     province: son-la, issuer: \"Ban Thường vụ Tỉnh ủy\", subject: \"…\"}",
                );
                if let Some(loc) = e.location() {
                    d = d.at(loc.line(), loc.column());
                }
                return Err(vec![d]);
            }
        };
        let items = item_lines(text);
        let mut errors = Vec::new();
        let mut seen: HashMap<DirectiveId, usize> = HashMap::new();
        for (i, row) in rows.iter().enumerate() {
            let at = |field: &str| field_line(text, &items, i, field);
            let symbol = match Symbol::parse(&row.symbol) {
                Ok(s) => s,
                Err(e) => {
                    errors.push(
                        Diagnostic::error(e.to_string())
                            .in_file(path)
                            .at_line(at("symbol"))
                            .with_help("viết số và ký hiệu như 05-CT/TW hoặc 18-CT/TU"),
                    );
                    continue;
                }
            };
            let date = match &row.date {
                None => None,
                Some(d) => match DocDate::parse(&d.text()) {
                    Ok(d) => Some(d),
                    Err(e) => {
                        errors.push(
                            Diagnostic::error(format!("ngày ban hành của {symbol}: {e}"))
                                .in_file(path)
                                .at_line(at("date")),
                        );
                        continue;
                    }
                },
            };
            let province = match (&row.province, symbol.is_central()) {
                (Some(_), true) => {
                    errors.push(
                        Diagnostic::error(format!(
                            "{symbol} là văn bản của Trung ương, không thuộc tỉnh nào \
                             (a central directive has no province)"
                        ))
                        .in_file(path)
                        .at_line(at("province"))
                        .with_help("xóa dòng province"),
                    );
                    continue;
                }
                (None, true) => None,
                (None, false) => {
                    errors.push(
                        Diagnostic::error(format!(
                            "{symbol} là văn bản của địa phương: cần ghi tỉnh ban hành \
                             (a local directive needs its province)"
                        ))
                        .in_file(path)
                        .at_line(at("symbol"))
                        .with_help("thêm province: <tỉnh>, ví dụ province: son-la"),
                    );
                    continue;
                }
                (Some(p), false) => match province_slug(p, date) {
                    Ok(slug) => Some(slug),
                    Err(e) => {
                        errors.push(Diagnostic::error(e).in_file(path).at_line(at("province")));
                        continue;
                    }
                },
            };
            let doc_type = match &row.doc_type {
                None => symbol.kind().doc_type(),
                Some(t) => match DocType::parse(t) {
                    Ok(t) => Some(t),
                    Err(e) => {
                        errors.push(
                            Diagnostic::error(e.to_string())
                                .in_file(path)
                                .at_line(at("type")),
                        );
                        continue;
                    }
                },
            };
            let term = match &row.term {
                None => symbol
                    .is_central()
                    .then(|| date.and_then(term_at).map(str::to_owned))
                    .flatten(),
                Some(t) => match term_number(t) {
                    Some(n) => Some(roman(n)),
                    None => {
                        errors.push(
                            Diagnostic::error(format!(
                                "khóa \"{t}\" không hợp lệ (a term is a number such as XIII)"
                            ))
                            .in_file(path)
                            .at_line(at("term").min(at("khoa"))),
                        );
                        continue;
                    }
                },
            };
            let id = DirectiveId::new(&symbol, date, province.as_deref());
            if let Some(first) = seen.insert(id.clone(), i) {
                errors.push(
                    Diagnostic::error(format!(
                        "{symbol} ({id}) đã có ở mục {} (listed twice)",
                        first + 1
                    ))
                    .in_file(path)
                    .at_line(at("symbol"))
                    .with_help("hai văn bản cùng số, cùng năm, cùng tỉnh là một văn bản"),
                );
                continue;
            }
            self.insert(DirectiveInfo {
                id,
                symbol_text: row.symbol.trim().to_owned(),
                doc_type,
                date,
                term,
                issuer: row.issuer.clone(),
                subject: row.subject.clone(),
                campaign: row.campaign,
                province,
                origin: Origin::Site,
                symbol,
            });
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The directive with identity `id`.
    pub fn get(&self, id: &DirectiveId) -> Option<&DirectiveInfo> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// Every directive of `symbol` (several terms or provinces may share it).
    pub fn with_symbol<'a>(&'a self, symbol: &Symbol) -> impl Iterator<Item = &'a DirectiveInfo> {
        self.by_symbol
            .get(symbol)
            .into_iter()
            .flatten()
            .map(|&i| &self.entries[i])
    }

    /// Every directive, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = &DirectiveInfo> {
        self.entries.iter()
    }

    /// Number of directives.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Records a directive known only from citations ([`super::Extraction::discovered`]) so
    /// the whole site shares one entry per id. A registry entry is never overwritten; a
    /// later citation only fills in what earlier ones lacked.
    pub fn add_discovered(&mut self, info: DirectiveInfo) {
        match self.by_id.get(&info.id) {
            None => self.insert(info),
            Some(&i) => {
                let e = &mut self.entries[i];
                if e.origin == Origin::Cited {
                    e.doc_type = e.doc_type.or(info.doc_type);
                    e.issuer = e.issuer.take().or(info.issuer);
                    e.subject = e.subject.take().or(info.subject);
                }
            }
        }
    }
}

/// The slug of the province written in a site entry (slug or name).
fn province_slug(written: &str, date: Option<DocDate>) -> Result<String, String> {
    let reg = province::registry();
    let w = written.trim();
    if reg.get(Era::Before2025, w).is_some() || reg.get(Era::From2025, w).is_some() {
        return Ok(w.to_owned());
    }
    reg.resolve(w, date.as_ref())
        .map(|r| r.province.slug.clone())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sym(s: &str) -> Symbol {
        Symbol::parse(s).unwrap()
    }

    #[test]
    fn builtin_reads_every_central_directive() {
        let rows = REFERENCE_DATA
            .split("central_directives:")
            .nth(1)
            .and_then(|rest| rest.split("\nprovinces_old:").next())
            .map(|block| block.matches("{symbol:").count())
            .unwrap();
        let reg = Registry::builtin();
        assert!(rows >= 30, "{rows}");
        assert_eq!(reg.len(), rows);
        assert!(reference().terms.len() >= 4);
        assert_eq!(reference().plenums.len(), 5);
    }

    #[test]
    fn colliding_symbols_get_distinct_ids() {
        let reg = Registry::builtin();
        let ids: Vec<String> = reg
            .with_symbol(&sym("05-CT/TW"))
            .map(|d| d.id.to_string())
            .collect();
        assert_eq!(ids, ["05-ct-tw-2016", "05-ct-tw-2021"]);
        let ids: Vec<String> = reg
            .with_symbol(&sym("01-CT/TW"))
            .map(|d| d.id.to_string())
            .collect();
        assert_eq!(ids, ["01-ct-tw-2016", "01-ct-tw-2021", "01-ct-tw-2026"]);
        let campaign = reg.get(&DirectiveId("05-ct-tw-2016".into())).unwrap();
        assert!(campaign.campaign);
        assert_eq!(campaign.issuer.as_deref(), Some("Bộ Chính trị"));
        assert_eq!(campaign.term.as_deref(), Some("XII"));
    }

    #[test]
    fn qdi_is_kept_as_issued_but_keyed_by_family() {
        let reg = Registry::builtin();
        let d = reg.with_symbol(&sym("08-QĐ/TW")).next().unwrap();
        assert_eq!(d.symbol_text, "08-QĐi/TW");
        assert_eq!(d.id.as_str(), "08-qd-tw-2018");
        assert_eq!(d.doc_type, Some(DocType::Regulation));
    }

    #[test]
    fn ids_follow_the_url_scheme() {
        let d = DocDate::ymd(2022, 3, 24).unwrap();
        assert_eq!(
            DirectiveId::new(&sym("18-CT/TU"), Some(d), Some("son-la")).as_str(),
            "18-ct-tu-2022-son-la"
        );
        assert_eq!(
            DirectiveId::new(&sym("05-CT/TW"), Some(d), Some("son-la")).as_str(),
            "05-ct-tw-2022"
        );
        assert_eq!(
            DirectiveId::new(&sym("05-CT/TW"), None, None).as_str(),
            "05-ct-tw"
        );
    }

    #[test]
    fn terms_follow_congresses() {
        assert_eq!(term_at(DocDate::ymd(2016, 5, 15).unwrap()), Some("XII"));
        assert_eq!(term_at(DocDate::ymd(2021, 6, 23).unwrap()), Some("XIII"));
        assert_eq!(term_at(DocDate::ymd(2014, 10, 9).unwrap()), Some("XI"));
        assert_eq!(term_number("XIII"), Some(13));
        assert_eq!(term_number("11"), Some(11));
        assert_eq!(term_number("IX"), Some(9));
        assert_eq!(term_number("abc"), None);
        assert_eq!(roman(14), "XIV");
    }

    #[test]
    fn site_file_adds_local_directives() {
        let mut reg = Registry::builtin();
        let text = "\
- symbol: 18-CT/TU
  date: 24/3/2022
  province: Sơn La
  issuer: Ban Thường vụ Tỉnh ủy
  subject: nâng cao tinh thần, trách nhiệm nêu gương
- {symbol: \"18-CT/TU\", date: 2023-03-05, province: bac-giang}
- {symbol: \"05-CT/TW\", date: 2016-05-15, campaign: true, subject: \"Sửa lại\"}
";
        reg.load_site_file("data/directives.yaml", text).unwrap();
        let son_la = reg
            .get(&DirectiveId("18-ct-tu-2022-son-la".into()))
            .unwrap();
        assert_eq!(son_la.origin, Origin::Site);
        assert_eq!(son_la.province.as_deref(), Some("son-la"));
        assert!(reg
            .get(&DirectiveId("18-ct-tu-2023-bac-giang".into()))
            .is_some());
        // The site's entry replaces the built-in one with the same identity.
        let c = reg.get(&DirectiveId("05-ct-tw-2016".into())).unwrap();
        assert_eq!(c.subject.as_deref(), Some("Sửa lại"));
        assert_eq!(reg.with_symbol(&sym("05-CT/TW")).count(), 2);
    }

    #[test]
    fn site_file_accepts_a_directives_key() {
        let mut reg = Registry::empty();
        let text =
            "directives:\n  - symbol: 62-KH/TU\n    date: 21/10/2021\n    province: son-la\n";
        reg.load_site_file("d.yaml", text).unwrap();
        assert_eq!(reg.len(), 1);
    }

    #[test]
    fn site_file_errors_name_their_line() {
        let mut reg = Registry::empty();
        let text = "\
- symbol: 18-CT/TU
  date: 24/3/2022
  province: son-la
- symbol: 155/QĐ-UBND
  date: 1/1/2022
- symbol: 19-CT/TU
  date: 31/02/2022
  province: son-la
- symbol: 20-CT/TU
  date: 1/3/2022
- symbol: 21-CT/TU
  province: Sơn Lá
- symbol: 18-CT/TU
  date: 2022-03-24
  province: son-la
";
        let errors = reg
            .load_site_file("data/directives.yaml", text)
            .unwrap_err();
        let lines: Vec<Option<usize>> = errors.iter().map(|d| d.line).collect();
        assert_eq!(
            lines,
            [Some(4), Some(7), Some(9), Some(12), Some(13)],
            "{errors:#?}"
        );
        assert!(
            errors[0].message.contains("nhà nước"),
            "{}",
            errors[0].message
        );
        assert!(
            errors[3].message.contains("Sơn La"),
            "{}",
            errors[3].message
        );
        assert!(errors.iter().all(|d| d.file.is_some()));
        // The valid entry is kept.
        assert_eq!(reg.len(), 1);
    }

    #[test]
    fn site_file_syntax_errors_and_unknown_fields_are_located() {
        let mut reg = Registry::empty();
        let errors = reg
            .load_site_file("d.yaml", "- symbol: 18-CT/TU\n  provnce: son-la\n")
            .unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.contains("provnce"),
            "{}",
            errors[0].message
        );
        assert_eq!(errors[0].line, Some(2));
        let errors = reg
            .load_site_file("d.yaml", "- symbol: [unclosed\n")
            .unwrap_err();
        assert!(errors[0].line.is_some());
        assert!(reg.load_site_file("d.yaml", "").is_ok());
    }
}
