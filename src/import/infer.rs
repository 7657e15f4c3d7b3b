//! Front-matter values read from a cleaned text, each with where it was read and how sure
//! the reading is. Nothing is made up: a value is either in the text (possibly in other
//! words: capitals restored, a province named through its district) or left out.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

use super::html::PageMeta;
use super::text::{self, is_upper, Cleaned, ParaKind, POSITIONS};
use crate::directive::{Registry, Symbol};
use crate::doctype::DocType;
use crate::vi::district::{self, DistrictKind, Inference};
use crate::vi::province::{self, Era};
use crate::vi::{match_key, DocDate, Precision};

/// How sure a reading is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    /// A guess the editor should check (a partial date, a caption taken as a title).
    Low,
    /// Read from a usual place, or derived in one step (a province from its district).
    Medium,
    /// Read where the document format puts it.
    High,
}

impl Confidence {
    /// Vietnamese label.
    pub fn label(self) -> &'static str {
        match self {
            Confidence::High => "cao",
            Confidence::Medium => "trung bình",
            Confidence::Low => "thấp",
        }
    }
}

/// A value with its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    /// The value.
    pub value: T,
    /// 1-based input line it was read from.
    pub line: Option<usize>,
    /// Where and how, in Vietnamese ("dòng chữ ký \"T/M …\"").
    pub how: String,
    /// How sure.
    pub confidence: Confidence,
    /// Derived rather than read as written (a province through its district, a partial
    /// date from the latest year mentioned); marked as such in the output.
    pub inferred: bool,
}

fn found<T>(value: T, line: Option<usize>, how: impl Into<String>, c: Confidence) -> Found<T> {
    Found {
        value,
        line,
        how: how.into(),
        confidence: c,
        inferred: false,
    }
}

/// Every field the importer may fill.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields {
    /// `title`.
    pub title: Option<Found<String>>,
    /// `type`.
    pub doc_type: Option<Found<DocType>>,
    /// `issuer`.
    pub issuer: Option<Found<String>>,
    /// `date`.
    pub date: Option<Found<DocDate>>,
    /// `province`.
    pub province: Option<Found<String>>,
    /// `number`.
    pub number: Option<Found<String>>,
    /// `directives`.
    pub directives: Option<Found<Vec<String>>>,
    /// `signer`.
    pub signer: Option<Found<String>>,
    /// `signer_title`.
    pub signer_title: Option<Found<String>>,
    /// `signer_authority` ("T/M Ban Thường vụ").
    pub signer_authority: Option<Found<String>>,
    /// `author`.
    pub author: Option<Found<String>>,
    /// `recipients`.
    pub recipients: Option<Found<Vec<String>>>,
    /// `draft`.
    pub draft: Option<Found<bool>>,
    /// Why a field was left out, for fields the text suggested but did not give.
    pub notes: Vec<(&'static str, String)>,
}

fn cached(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    // The patterns are constants of this module, covered by its tests.
    cell.get_or_init(|| Regex::new(pattern).expect("valid inference pattern"))
}

macro_rules! regex {
    ($pattern:expr) => {{
        static CELL: OnceLock<Regex> = OnceLock::new();
        cached(&CELL, $pattern)
    }};
}

/// Reads every field from a cleaned text and the page metadata (for web pages).
pub fn infer(c: &Cleaned, meta: &PageMeta) -> Fields {
    let mut f = Fields::default();
    let words = Words::new(c);
    f.draft = c
        .header
        .draft_line
        .as_ref()
        .map(|(t, l)| found(true, Some(*l), format!("dấu \"{t}\""), Confidence::High));
    f.doc_type = doc_type(c, meta);
    number(c, &mut f);
    f.recipients = (!c.footer.recipients.is_empty()).then(|| {
        found(
            c.footer.recipients.iter().map(|(t, _)| t.clone()).collect(),
            c.footer.recipients_line,
            "danh sách \"Nơi nhận\"",
            Confidence::High,
        )
    });
    f.signer = c.footer.signer.as_ref().map(|(t, l)| {
        found(
            t.clone(),
            Some(*l),
            "tên dưới khối chữ ký",
            Confidence::High,
        )
    });
    f.signer_title = c.footer.signer_title.as_ref().map(|(t, l)| {
        found(
            position_case(t),
            Some(*l),
            format!("chức vụ trong khối chữ ký \"{t}\""),
            Confidence::High,
        )
    });
    f.author = c
        .footer
        .byline_name
        .as_ref()
        .map(|(t, l)| {
            found(
                t.clone(),
                Some(*l),
                "tên tác giả cuối bài",
                Confidence::Medium,
            )
        })
        .or_else(|| {
            meta.author.as_ref().map(|(t, l)| {
                found(
                    t.clone(),
                    Some(*l),
                    "thẻ tác giả của trang web",
                    Confidence::Medium,
                )
            })
        });
    f.signer_authority = c.footer.authority.as_ref().map(|(t, l)| {
        found(
            authority_case(t, &words),
            Some(*l),
            format!("dòng thẩm quyền ký \"{t}\""),
            Confidence::High,
        )
    });
    f.date = date(c, meta, f.doc_type.as_ref().map(|t| t.value));
    title(c, meta, &words, &mut f);
    issuer_and_province(c, meta, &words, &mut f);
    directives(c, &mut f);
    tidy(&mut f);
    f
}

/// Front-matter values on one line with single spaces, whatever the source's spacing.
fn tidy(f: &mut Fields) {
    let one = |s: &mut String| *s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    for v in [
        &mut f.title,
        &mut f.issuer,
        &mut f.province,
        &mut f.number,
        &mut f.signer,
        &mut f.signer_title,
        &mut f.signer_authority,
        &mut f.author,
    ]
    .into_iter()
    .flatten()
    {
        one(&mut v.value);
    }
    if let Some(r) = f.recipients.as_mut() {
        r.value.iter_mut().for_each(one);
    }
}

fn doc_type(c: &Cleaned, meta: &PageMeta) -> Option<Found<DocType>> {
    if let (Some(ty), Some((h, l))) = (c.header.doc_type, &c.header.heading) {
        return Some(found(
            ty,
            Some(*l),
            format!("tiêu đề \"{h}\""),
            Confidence::High,
        ));
    }
    let opening = c.paras.iter().find(|p| p.kind == ParaKind::Text)?;
    if let Some(m) = regex!(r"(?i)\b(kết luận|báo cáo|thông báo|hướng dẫn)\s+(?:kết quả\s+)?(?:thực hiện\s+)?(?:như sau|một số nội dung sau)\s*:")
        .captures(&opening.text)
    {
        if let Ok(ty) = DocType::parse(&m[1]) {
            return Some(found(
                ty,
                Some(opening.no),
                format!("câu mở đầu \"… {} như sau\"", &m[0]),
                Confidence::Medium,
            ));
        }
    }
    let mut signs = Vec::new();
    if c.header.headline.is_some() || meta.headline.is_some() {
        signs.push("tít bài");
    }
    if c.footer.byline_name.is_some() || meta.author.is_some() {
        signs.push("tên tác giả");
    }
    if c.paras.iter().any(|p| p.kind == ParaKind::Caption) {
        signs.push("chú thích ảnh");
    }
    if c.had_chrome || meta.site_name.is_some() {
        signs.push("trang web");
    }
    let official = c.footer.signer.is_some() || !c.footer.recipients.is_empty();
    if !signs.is_empty() && !official {
        let line = c
            .header
            .headline
            .as_ref()
            .or(c.footer.byline_name.as_ref())
            .map(|(_, l)| *l);
        return Some(found(
            DocType::News,
            line,
            format!(
                "không có tiêu đề loại văn bản; dấu hiệu tin bài: {}",
                signs.join(", ")
            ),
            Confidence::Medium,
        ));
    }
    None
}

/// A Party symbol in a "Số …" line, canonical: `873-BC/HU`.
fn number(c: &Cleaned, f: &mut Fields) {
    let Some((t, l)) = &c.header.number_line else {
        return;
    };
    match symbol_in(t) {
        Some(sym) => {
            f.number = Some(found(
                sym,
                Some(*l),
                format!("dòng \"{t}\""),
                Confidence::High,
            ))
        }
        None => f.notes.push((
            "number",
            format!("dòng {l} \"{t}\" để trống số văn bản (number left blank)"),
        )),
    }
}

/// The first Party symbol in `t`, canonical (`05-CT/TW`).
fn symbol_in(t: &str) -> Option<String> {
    symbols_in(t).into_iter().next()
}

/// Every Party symbol in `t`, canonical (`05-CT/TW`, `08-QĐ/TW`), in order. The pattern
/// only finds candidates (spaces around `-` and `/`, `TƯ`, a glued word after the issuer);
/// [`Symbol::parse`] decides and canonicalizes.
fn symbols_in(t: &str) -> Vec<String> {
    regex!(r"\d{1,4}\s{0,2}[-–]\s{0,2}(?:QĐi|QyĐ|CTr|Ctr|TTr|NQ|QĐ|QD|CT|KL|HD|KH|TB|BC|QC|TT|ĐA|CV)\s{0,2}/\s{0,2}(?:T\.Ư|TƯ|[A-ZĐ][A-ZĐ]{1,9})")
        .find_iter(t)
        .filter_map(|m| Symbol::parse(m.as_str()).ok())
        .map(|s| s.to_string())
        .collect()
}

/// The date the document gives itself, best evidence first.
fn date(c: &Cleaned, meta: &PageMeta, ty: Option<DocType>) -> Option<Found<DocDate>> {
    let h = &c.header;
    if let Some((t, l)) = &h.place_date {
        if let Some((_, d, m, y)) = text::place_date(t) {
            let date = match (d, m) {
                (Some(d), Some(m)) => DocDate::ymd(y, m, d),
                (None, Some(m)) => DocDate::ym(y, m),
                _ => DocDate::y(y),
            };
            if let Ok(date) = date {
                let mut fd = found(
                    date,
                    Some(*l),
                    format!("dòng địa danh, ngày tháng \"{t}\""),
                    Confidence::High,
                );
                if date.precision() != Precision::Day {
                    fd.confidence = Confidence::Medium;
                    fd.how.push_str(" (ngày để trống)");
                }
                return Some(fd);
            }
        }
    }
    for (t, l, what) in [
        (h.draft_line.as_ref(), "dòng dự thảo"),
        (h.dated_line.as_ref(), "dòng ngày tháng ở phần đầu"),
    ]
    .into_iter()
    .filter_map(|(a, w)| a.map(|(t, l)| (t, l, w)))
    {
        if let Some(d) = first_full_date(t) {
            return Some(found(
                d,
                Some(*l),
                format!("{what} \"{t}\""),
                Confidence::High,
            ));
        }
    }
    if let Some((t, l)) = &h.published {
        if let Some((d, m, y)) = text::published_line(t) {
            if let Ok(date) = DocDate::ymd(y, m, d) {
                return Some(found(
                    date,
                    Some(*l),
                    format!("dòng ngày đăng \"{t}\""),
                    Confidence::High,
                ));
            }
        }
    }
    if let Some((t, l)) = &meta.published {
        let iso: String = t.chars().take(10).collect();
        let from_line = text::published_line(t).and_then(|(d, m, y)| DocDate::ymd(y, m, d).ok());
        if let Some(date) =
            from_line.or_else(|| DocDate::parse(&iso).or_else(|_| DocDate::parse(t)).ok())
        {
            return Some(found(
                date,
                Some(*l),
                format!("ngày đăng của trang web \"{t}\""),
                Confidence::High,
            ));
        }
    }
    if matches!(ty, Some(DocType::Conclusion) | Some(DocType::Notice)) {
        if let Some(p) = c.paras.iter().find(|p| p.kind == ParaKind::Text) {
            let first_sentence = p.text.split(". ").next().unwrap_or(&p.text);
            let meeting = regex!(r"^Ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*,")
                .captures(first_sentence)
                .or_else(|| {
                    regex!(r"(?i)^.{0,60}?Hội nghị.{0,120}?ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")
                        .captures(first_sentence)
                });
            if let Some(m) = meeting {
                let parsed = (m[1].parse(), m[2].parse(), m[3].parse());
                if let (Ok(d), Ok(mo), Ok(y)) = parsed {
                    if let Ok(date) = DocDate::ymd(y, mo, d) {
                        return Some(found(
                            date,
                            Some(p.no),
                            format!("ngày họp trong câu mở đầu \"{}\"", shorten(&m[0], 80)),
                            Confidence::Medium,
                        ));
                    }
                }
            }
        }
    }
    latest_year(c)
}

fn first_full_date(t: &str) -> Option<DocDate> {
    let m = regex!(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})").captures(t);
    if let Some(m) = m {
        return DocDate::ymd(m[3].parse().ok()?, m[2].parse().ok()?, m[1].parse().ok()?).ok();
    }
    let m = regex!(r"(?i)ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})").captures(t)?;
    DocDate::ymd(m[3].parse().ok()?, m[2].parse().ok()?, m[1].parse().ok()?).ok()
}

/// The latest year the text refers to (not as a range, a term or a target): the document is
/// no older than that. A partial date, marked as inferred.
fn latest_year(c: &Cleaned) -> Option<Found<DocDate>> {
    let mut best: Option<(u16, usize, String)> = None;
    let lines = c
        .paras
        .iter()
        .map(|p| (p.text.as_str(), p.no))
        .chain(c.notes.iter().map(|n| (n.text.as_str(), n.no)));
    for (t, no) in lines {
        let cleaned =
            regex!(r"\d{1,2}/\d{1,2}/\d{4}\s*[-–—]\s*\d{1,2}/\d{1,2}/\d{4}").replace_all(t, " ");
        let cleaned = regex!(r"\b\d{4}\s*[-–—]\s*\d{4}\b").replace_all(&cleaned, " ");
        let cleaned = regex!(
            r"(?i)(đến|tới|tầm nhìn|giai đoạn|nhiệm kỳ|định hướng|trước|sau)\s+(năm\s+)?\d{4}"
        )
        .replace_all(&cleaned, " ");
        let cleaned = regex!(r"\d+/\d{4}/").replace_all(&cleaned, " ");
        let years = regex!(
            r"(?i)(?:\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*|\bnăm\s+|\btháng\s+\d{1,2}\s*[/.-]\s*)((?:19|20)\d{2})\b"
        );
        for m in years.captures_iter(&cleaned) {
            let Ok(y) = m[1].parse::<u16>() else { continue };
            if DocDate::y(y).is_ok() && best.as_ref().is_none_or(|(b, _, _)| y > *b) {
                best = Some((y, no, m[0].trim().to_owned()));
            }
        }
    }
    let (y, no, what) = best?;
    let date = DocDate::y(y).ok()?;
    Some(Found {
        value: date,
        line: Some(no),
        how: format!(
            "không có ngày ban hành; năm muộn nhất văn bản nhắc tới (\"{what}\") — văn bản không sớm hơn năm này"
        ),
        confidence: Confidence::Low,
        inferred: true,
    })
}

fn title(c: &Cleaned, meta: &PageMeta, words: &Words, f: &mut Fields) {
    let h = &c.header;
    if let Some(ty) = h.doc_type {
        let mut parts = vec![ty.name().to_owned()];
        let mut line = h.heading.as_ref().map(|(_, l)| *l);
        let mut how = vec![format!(
            "tiêu đề \"{}\"",
            h.heading.as_ref().map_or("", |x| x.0.as_str())
        )];
        for (t, l) in h.heading_rest.iter().chain(h.of_line.iter()) {
            parts.push(restore_case(t, words));
            how.push(format!("dòng \"{t}\""));
            line = line.or(Some(*l));
        }
        let mut confidence = Confidence::High;
        match &h.summary {
            Some((t, _)) => {
                let s = if is_upper(t) {
                    restore_case(t, words)
                } else {
                    t.clone()
                };
                parts.push(s);
                how.push("trích yếu".to_owned());
            }
            None => {
                confidence = Confidence::Low;
                how.push("không có trích yếu".to_owned());
            }
        }
        let value = parts.join(" ");
        f.title = Some(found(value, line, how.join(" + "), confidence));
        return;
    }
    if let Some((t, l)) = &meta.headline {
        f.title = Some(found(
            t.clone(),
            Some(*l),
            "tít bài của trang web",
            Confidence::High,
        ));
    } else if let Some((t, l)) = &h.headline {
        let t = if is_upper(t) {
            capitalise(&restore_case(t, words))
        } else {
            t.clone()
        };
        f.title = Some(found(t, Some(*l), "dòng đầu (tít bài)", Confidence::Medium));
    } else if let Some((t, l)) = &h.lead_caption {
        let credit =
            regex!(r"(?i)\s*[-–(]\s*ảnh\s*(?:minh họa|minh hoạ|tư liệu)?\s*:?\s*[^.]{0,60}\)?\.?$");
        let t = credit.replace(t, "").trim().to_owned();
        if !t.is_empty() {
            f.title = Some(found(
                t,
                Some(*l),
                "không có tít bài; lấy chú thích ảnh đầu bài — cần biên tập lại",
                Confidence::Low,
            ));
        }
    }
}

/// Organisation words whose capitals are conventional, for names not found in the text.
const ORG_CASE: [&str; 27] = [
    "Ban Chấp hành",
    "Ban Thường vụ",
    "Ban Bí thư",
    "Bộ Chính trị",
    "Trung ương",
    "Tỉnh ủy",
    "Huyện ủy",
    "Thành ủy",
    "Quận ủy",
    "Thị ủy",
    "Đảng ủy",
    "Đảng bộ",
    "Đảng đoàn",
    "Ban Tuyên giáo",
    "Ban Tổ chức",
    "Ban Dân vận",
    "Ban Nội chính",
    "Ủy ban Kiểm tra",
    "Văn phòng",
    "Hội nghị",
    "Khối",
    "Thường trực",
    "Ban cán sự",
    "Chi bộ",
    "Ủy ban nhân dân",
    "Mặt trận Tổ quốc",
    "Đảng",
];

/// Names of provinces and districts by match key, as the tables write them.
fn place_names() -> &'static HashMap<String, String> {
    static NAMES: OnceLock<HashMap<String, String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut m = HashMap::new();
        for d in district::districts() {
            m.entry(match_key(&d.name))
                .or_insert_with(|| d.name.clone());
        }
        for p in province::registry().all() {
            for n in std::iter::once(&p.name).chain(p.aliases.iter()) {
                m.insert(match_key(n), n.clone());
            }
        }
        m
    })
}

/// Restores the case of a phrase printed in capitals from how the same words are written in
/// the body (longest run first), then from conventional organisation names and the names of
/// provinces and districts; other words are lower-cased.
pub fn restore_case(upper: &str, words: &Words) -> String {
    let tokens: Vec<&str> = upper.split_whitespace().collect();
    let keys: Vec<String> = tokens.iter().map(|t| match_key(t)).collect();
    let mut out: Vec<String> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let mut done = false;
        for len in (1..=6.min(tokens.len() - i)).rev() {
            let key = keys[i..i + len].join(" ");
            if let Some(written) = words
                .casing(&key)
                .or_else(|| {
                    static KEYS: OnceLock<Vec<String>> = OnceLock::new();
                    text::keys_of(&KEYS, &ORG_CASE)
                        .iter()
                        .position(|k| *k == key)
                        .map(|i| ORG_CASE[i].to_owned())
                })
                .or_else(|| place_names().get(&key).cloned())
            {
                out.extend(written.split(' ').map(str::to_owned));
                i += len;
                done = true;
                break;
            }
        }
        if !done {
            out.push(tokens[i].to_lowercase());
            i += 1;
        }
    }
    out.join(" ")
}

/// "T/M BAN THƯỜNG VỤ" → "T/M Ban Thường vụ": the abbreviation as printed, the body's name
/// with its usual capitals.
fn authority_case(t: &str, words: &Words) -> String {
    let t = t.trim();
    let (abbr, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    let abbr = abbr.to_uppercase();
    let rest = rest.trim();
    if rest.is_empty() {
        return abbr;
    }
    let name = if is_upper(rest) {
        capitalise(&restore_case(rest, words))
    } else {
        rest.to_owned()
    };
    format!("{abbr} {name}")
}

/// "PHÓ BÍ THƯ THƯỜNG TRỰC" → "Phó Bí thư Thường trực": each position word capitalised.
fn position_case(t: &str) -> String {
    let mut units: Vec<&str> = POSITIONS.to_vec();
    units.sort_by_key(|u| std::cmp::Reverse(u.split(' ').count()));
    let tokens: Vec<&str> = t.split_whitespace().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let hit = units.iter().find(|u| {
            let n = u.split(' ').count();
            i + n <= tokens.len() && match_key(&tokens[i..i + n].join(" ")) == match_key(u)
        });
        match hit {
            Some(u) => {
                let n = u.split(' ').count();
                let lower = tokens[i..i + n].join(" ").to_lowercase();
                out.push(capitalise(&lower));
                i += n;
            }
            None => {
                out.push(tokens[i].to_lowercase());
                i += 1;
            }
        }
    }
    capitalise(&out.join(" "))
}

fn capitalise(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}

/// The body's words, for case restoration and name search.
pub struct Words {
    /// Words as written, punctuation stripped.
    written: Vec<String>,
    /// Their match keys.
    keys: Vec<String>,
    /// Whether the word opens a sentence (its capital says nothing).
    initial: Vec<bool>,
    /// Input line of each word.
    lines: Vec<usize>,
    /// Positions of each key, so a name is looked up, not scanned for.
    at: HashMap<String, Vec<usize>>,
}

impl Words {
    fn new(c: &Cleaned) -> Words {
        let mut w = Words {
            written: Vec::new(),
            keys: Vec::new(),
            initial: Vec::new(),
            lines: Vec::new(),
            at: HashMap::new(),
        };
        let texts = c
            .paras
            .iter()
            .map(|p| (p.text.as_str(), p.no))
            .chain(c.notes.iter().map(|n| (n.text.as_str(), n.no)));
        for (t, no) in texts {
            let mut sentence_start = true;
            for raw in t.split_whitespace() {
                let word = raw.trim_matches(|ch: char| !ch.is_alphanumeric());
                if !word.is_empty() {
                    w.written.push(word.to_owned());
                    w.keys.push(match_key(word));
                    w.initial.push(sentence_start);
                    w.lines.push(no);
                }
                sentence_start =
                    raw.ends_with(['.', '!', '?', ':']) || word.is_empty() && sentence_start;
            }
        }
        for (i, k) in w.keys.iter().enumerate() {
            w.at.entry(k.clone()).or_default().push(i);
        }
        w
    }

    /// Start positions of the run of words whose keys are `keys`.
    fn runs<'a>(&'a self, keys: &'a [String]) -> impl Iterator<Item = usize> + 'a {
        let starts = keys
            .first()
            .and_then(|k| self.at.get(k))
            .map_or(&[][..], |v| v.as_slice());
        starts.iter().copied().filter(move |&i| {
            self.keys
                .get(i..i + keys.len())
                .is_some_and(|run| run == keys)
        })
    }

    /// The most frequent spelling of the run of words with this key, not counting runs
    /// that open a sentence unless there is no other.
    fn casing(&self, key: &str) -> Option<String> {
        let keys: Vec<String> = key.split(' ').map(str::to_owned).collect();
        let n = keys.len();
        let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
        for i in self.runs(&keys) {
            let written = self.written[i..i + n].join(" ");
            let e = counts.entry(written).or_default();
            if self.initial[i] {
                e.1 += 1;
            } else {
                e.0 += 1;
            }
        }
        counts
            .into_iter()
            .max_by(|a, b| (a.1 .0, a.1 .1, &b.0).cmp(&(b.1 .0, b.1 .1, &a.0)))
            .map(|(w, _)| w)
    }

    /// Occurrences of a name (every word capitalised as in `name`), with the word before.
    fn mentions(&self, name: &str) -> Vec<(usize, Option<String>, Option<String>)> {
        let name_keys: Vec<String> = name.split_whitespace().map(match_key).collect();
        let n = name_keys.len();
        let mut out = Vec::new();
        if n == 0 {
            return out;
        }
        for i in self.runs(&name_keys) {
            let capitalised = self.written[i..i + n].iter().all(|w| {
                w.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            });
            if !capitalised {
                continue;
            }
            let before = (i >= 1).then(|| self.keys[i - 1].clone());
            let before2 = (i >= 2).then(|| format!("{} {}", self.keys[i - 2], self.keys[i - 1]));
            out.push((self.lines[i], before, before2));
        }
        out
    }
}

/// Scores of provincial names mentioned in the text: a name after "tỉnh", "Tỉnh ủy",
/// "thành phố" counts three times.
fn province_mentions(words: &Words) -> Vec<(String, usize, usize, usize)> {
    let markers: Vec<String> = ["tỉnh", "tỉnh ủy", "thành phố", "tp", "thành ủy", "báo"]
        .iter()
        .map(|m| match_key(m))
        .collect();
    let mut by_name: HashMap<String, (usize, usize, usize)> = HashMap::new();
    for p in province::registry().all() {
        if p.era == Era::Central {
            continue;
        }
        for name in std::iter::once(&p.name).chain(p.aliases.iter()) {
            if name.chars().count() < 4
                || !name.contains(' ') && !name.chars().any(char::is_lowercase)
            {
                continue;
            }
            for (line, before, before2) in words.mentions(name) {
                let marked = before.as_ref().is_some_and(|b| markers.contains(b))
                    || before2.as_ref().is_some_and(|b| markers.contains(b));
                if match_key(name) == match_key("Hồ Chí Minh") && !marked {
                    continue;
                }
                let e = by_name.entry(p.name.clone()).or_insert((0, 0, line));
                if marked {
                    e.0 += 1;
                } else {
                    e.1 += 1;
                }
            }
        }
    }
    let mut v: Vec<(String, usize, usize, usize)> = by_name
        .into_iter()
        .map(|(name, (m, u, l))| (name, m, u, l))
        .collect();
    // Each era lists the unchanged units again: halve double counts by name.
    v.sort_by(|a, b| (b.1 * 3 + b.2).cmp(&(a.1 * 3 + a.2)).then(a.0.cmp(&b.0)));
    v
}

fn issuer_and_province(c: &Cleaned, meta: &PageMeta, words: &Words, f: &mut Fields) {
    let h = &c.header;
    // The issuer as the document names it, without a place yet.
    let mut issuer: Option<Found<String>> = None;
    if !h.issuer_lines.is_empty() {
        let lines: Vec<&(String, usize)> = h
            .issuer_lines
            .iter()
            .filter(|(t, _)| {
                !match_key(t).starts_with(&match_key("đảng bộ")) || h.issuer_lines.len() == 1
            })
            .collect();
        if let Some(last) = lines.last() {
            let mut name = restore_case(&last.0, words);
            if lines.len() >= 2
                && regex!(r"^(Ban Thường vụ|Thường trực|Ban Chấp hành)$").is_match(&name)
            {
                name = format!("{name} {}", restore_case(&lines[lines.len() - 2].0, words));
            }
            issuer = Some(found(
                capitalise(&name),
                Some(last.1),
                format!("tên cơ quan ban hành ở đầu văn bản \"{}\"", last.0),
                Confidence::High,
            ));
        }
    }
    if issuer.is_none() {
        if let Some((t, l)) = h.of_line.as_ref().or(h.heading_rest.as_ref()) {
            let restored = restore_case(t, words);
            // "CỦA BAN THƯỜNG VỤ", or "KẾT LUẬN CỦA …" after "THÔNG BÁO": the body after "của".
            let after_of = regex!(r"(?i)(?:^|\s)của\s+(.+)$")
                .captures(&restored)
                .and_then(|c| c.get(1))
                .map_or("", |m| m.as_str());
            let name =
                regex!(r"^Hội nghị(?:\s+lần thứ\s+\S+)?(?:\s+của)?\s+").replace(after_of, "");
            if !name.trim().is_empty() {
                issuer = Some(found(
                    capitalise(name.trim()),
                    Some(*l),
                    format!("dòng \"{t}\" dưới tiêu đề"),
                    Confidence::High,
                ));
            }
        }
    }
    if issuer.is_none() {
        for p in c.paras.iter().filter(|p| p.kind == ParaKind::Text).take(2) {
            let m = regex!(r"(?:^|[,;:]\s+)((?:Ban|Thường trực|Tỉnh ủy|Huyện ủy|Thành ủy|Quận ủy|Thị ủy|Đảng ủy|Đảng đoàn|Ban cán sự|Chi bộ|Văn phòng|Ủy ban)[^,;.:]{0,120}?)\s+(?:báo cáo|kết luận|thông báo|hướng dẫn|quyết định|chỉ thị|tổng kết|sơ kết)\b[^.]{0,60}?như sau")
                .captures(&p.text);
            if let Some(m) = m {
                issuer = Some(found(
                    m[1].trim().to_owned(),
                    Some(p.no),
                    format!(
                        "chủ ngữ câu mở đầu \"{}\"",
                        shorten(m[0].trim_start_matches([',', ';', ':', ' ']), 90)
                    ),
                    Confidence::Medium,
                ));
                break;
            }
        }
    }
    let news = f
        .doc_type
        .as_ref()
        .is_some_and(|t| t.value == DocType::News);
    if issuer.is_none() && news {
        issuer = c.footer.byline_org.as_ref().map(|(t, l)| {
            found(
                t.clone(),
                Some(*l),
                "cơ quan ghi dưới tên tác giả",
                Confidence::Medium,
            )
        });
    }

    // The province: named in the issuer, in the text, in the place line, in the site name,
    // or through a district.
    let mut prov: Option<Found<String>> = None;
    if let Some(i) = &issuer {
        if let Inference::Province {
            province_slug,
            from,
        } = district::infer_province(&i.value)
        {
            if let Some(p) = province::registry().get(Era::Before2025, &province_slug) {
                let direct = match_key(&from) == match_key(&p.name);
                let mut fp = found(
                    p.name.clone(),
                    i.line,
                    format!("tên cơ quan ban hành \"{}\"", i.value),
                    if direct {
                        Confidence::High
                    } else {
                        Confidence::Medium
                    },
                );
                fp.inferred = !direct;
                if !direct {
                    fp.how = format!(
                        "suy ra từ địa danh \"{from}\" trong tên cơ quan ban hành qua bảng huyện"
                    );
                }
                prov = Some(fp);
            }
        }
    }
    // The superior committee printed above the issuer ("ĐẢNG BỘ TỈNH HÀ TĨNH").
    let superior = h.issuer_lines.iter().find_map(|(t, l)| {
        let key = match_key(t);
        let rest = key.strip_prefix(&format!("{} ", match_key("đảng bộ")))?;
        let r = province::registry().resolve(rest, None).ok()?;
        (r.province.era != Era::Central).then(|| (r.province.clone(), t.clone(), *l))
    });
    if let (None, Some((p, t, l))) = (&prov, &superior) {
        prov = Some(found(
            p.name.clone(),
            Some(*l),
            format!("đảng bộ cấp trên \"{t}\" ở đầu văn bản"),
            Confidence::High,
        ));
    }
    if let (Some(i), Some((p, t, _))) = (issuer.as_mut(), &superior) {
        if matches!(district::infer_province(&i.value), Inference::Nothing) {
            i.value = format!("{} {}", i.value, p.title());
            i.how = format!("{}; thêm \"{}\" từ dòng \"{t}\"", i.how, p.title());
        }
    }
    if prov.is_none() {
        let scores = province_mentions(words);
        if let Some((name, marked, unmarked, line)) = scores.first() {
            let score = marked * 3 + unmarked;
            let second = scores.get(1).map_or(0, |s| s.1 * 3 + s.2);
            if score >= 3 && score >= 2 * second.max(1) {
                prov = Some(found(
                    name.clone(),
                    Some(*line),
                    format!(
                        "địa danh nhắc trong văn bản ({marked} lần sau \"tỉnh/Tỉnh ủy/thành phố\", {unmarked} lần khác)"
                    ),
                    if *marked > 0 { Confidence::High } else { Confidence::Medium },
                ));
            } else if score > 0 {
                f.notes.push((
                    "province",
                    format!(
                        "nhiều tỉnh được nhắc, không chọn được: {}",
                        scores
                            .iter()
                            .take(3)
                            .map(|s| s.0.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
    }
    if prov.is_none() {
        if let Some((t, l)) = &h.place_date {
            if let Some((place, ..)) = text::place_date(t) {
                prov = province_of_place(&place).map(|(name, inferred)| {
                    let mut fp = found(
                        name,
                        Some(*l),
                        format!("địa danh ở dòng ngày tháng \"{place}\""),
                        Confidence::Medium,
                    );
                    fp.inferred = inferred;
                    fp
                });
            }
        }
    }
    if prov.is_none() {
        if let Some((site, l)) = &meta.site_name {
            prov = province_of_place(site).map(|(name, inferred)| {
                let mut fp = found(
                    name,
                    Some(*l),
                    format!("tên trang web \"{site}\""),
                    Confidence::Medium,
                );
                fp.inferred = inferred;
                fp
            });
        }
    }

    // A district-level issuer without a place: the district named in the text.
    if let Some(i) = issuer.as_mut() {
        let key = match_key(&i.value);
        let level = [
            ("huyện ủy", DistrictKind::Huyen),
            ("quận ủy", DistrictKind::Quan),
            ("thị ủy", DistrictKind::ThiXa),
            ("thành ủy", DistrictKind::ThanhPho),
        ]
        .into_iter()
        .find(|(k, _)| key.ends_with(&match_key(k)));
        if let Some((_, kind)) = level {
            let province_slug = prov.as_ref().and_then(|p| {
                province::registry()
                    .resolve(&p.value, None)
                    .ok()
                    .map(|r| r.province.slug.clone())
            });
            let from_place = h
                .place_date
                .as_ref()
                .and_then(|(t, l)| Some((text::place_date(t)?.0, *l)))
                .filter(|(place, _)| {
                    district::lookup(place).iter().any(|d| {
                        d.kind == kind
                            && province_slug
                                .as_deref()
                                .is_none_or(|s| s == d.province_slug)
                    })
                })
                .map(|(place, l)| (place, l, "ở dòng địa danh, ngày tháng".to_owned()));
            let named = from_place.or_else(|| {
                district_in_text(words, kind, province_slug.as_deref())
                    .map(|(name, l, n)| (name, l, format!("nhắc {n} lần trong văn bản")))
            });
            if let Some((name, line, where_)) = named {
                i.value = format!("{} {name}", i.value);
                i.how = format!("{}; tên huyện \"{name}\" {where_} (dòng {line})", i.how);
                i.confidence = i.confidence.min(Confidence::Medium);
                if prov.is_none() {
                    if let Inference::Province { province_slug, .. } =
                        district::infer_province(&i.value)
                    {
                        if let Some(p) = province::registry().get(Era::Before2025, &province_slug) {
                            let mut fp = found(
                                p.name.clone(),
                                Some(line),
                                format!("suy ra từ huyện \"{name}\" qua bảng đơn vị hành chính cấp huyện"),
                                Confidence::Medium,
                            );
                            fp.inferred = true;
                            prov = Some(fp);
                        }
                    }
                }
            }
        }
    }
    // A provincial issuer without a place: the province.
    if let (Some(i), Some(p)) = (issuer.as_mut(), prov.as_ref()) {
        let key = match_key(&i.value);
        let provincial = key.ends_with(&match_key("tỉnh ủy"))
            || key.ends_with(&format!(" {}", match_key("tỉnh")));
        if provincial && matches!(district::infer_province(&i.value), Inference::Nothing) {
            i.value = format!("{} {}", i.value, p.value);
            i.how = format!("{}; thêm tên tỉnh ({})", i.how, p.how);
            i.confidence = i.confidence.min(p.confidence).min(Confidence::Medium);
        }
    }
    f.issuer = issuer;
    f.province = prov;
}

/// A provincial name for a place ("Sơn La", "Hạ Long", "Tỉnh ủy Sơn La"); `true` when it
/// went through the district table.
fn province_of_place(place: &str) -> Option<(String, bool)> {
    if let Ok(r) = province::registry().resolve(place, None) {
        if r.province.era != Era::Central {
            return Some((r.province.name.clone(), false));
        }
    }
    match district::infer_province(place) {
        Inference::Province {
            province_slug,
            from,
        } => {
            let p = province::registry().get(Era::Before2025, &province_slug)?;
            Some((p.name.clone(), match_key(&from) != match_key(&p.name)))
        }
        _ => {
            let hits = district::lookup(place);
            let first = hits.first()?;
            if hits.iter().all(|d| d.province_slug == first.province_slug) {
                let p = province::registry().get(Era::Before2025, &first.province_slug)?;
                return Some((p.name.clone(), true));
            }
            None
        }
    }
}

/// The district of `kind` the text names most (after "huyện"/"Huyện ủy" counting three
/// times), if one clearly leads.
fn district_in_text(
    words: &Words,
    kind: DistrictKind,
    province_slug: Option<&str>,
) -> Option<(String, usize, usize)> {
    let markers: Vec<String> = [
        "huyện",
        "huyện ủy",
        "quận",
        "quận ủy",
        "thị xã",
        "thị ủy",
        "thành phố",
        "thành ủy",
    ]
    .iter()
    .map(|m| match_key(m))
    .collect();
    let mut scores: Vec<(String, usize, usize, usize)> = Vec::new();
    for d in district::districts() {
        if d.kind != kind || d.name.split_whitespace().count() < 2 {
            continue;
        }
        if province_slug.is_some_and(|s| s != d.province_slug) {
            continue;
        }
        if scores.iter().any(|s| s.0 == d.name) {
            continue;
        }
        let hits = words.mentions(&d.name);
        if hits.is_empty() {
            continue;
        }
        let marked = hits
            .iter()
            .filter(|(_, b, b2)| {
                b.as_ref().is_some_and(|b| markers.contains(b))
                    || b2.as_ref().is_some_and(|b| markers.contains(b))
            })
            .count();
        scores.push((
            d.name.clone(),
            marked * 3 + (hits.len() - marked),
            hits[0].0,
            hits.len(),
        ));
    }
    scores.sort_by_key(|s| std::cmp::Reverse(s.1));
    let top = scores.first()?;
    let second = scores.get(1).map_or(0, |s| s.1);
    (top.1 >= 2 && top.1 >= 2 * second.max(1)).then(|| (top.0.clone(), top.2, top.3))
}

/// The campaign's central directives from the built-in registry: symbol, date (ISO, for
/// ordering), subject.
fn campaign() -> &'static [(String, String, String)] {
    static LIST: OnceLock<Vec<(String, String, String)>> = OnceLock::new();
    LIST.get_or_init(|| {
        Registry::builtin()
            .iter()
            .filter(|e| e.campaign)
            .map(|e| {
                (
                    e.symbol.to_string(),
                    e.date.map(|d| d.iso()).unwrap_or_default(),
                    e.subject.clone().unwrap_or_default(),
                )
            })
            .collect()
    })
}

/// The campaign directives the title names (full symbols, or short forms such as
/// "Chỉ thị 05" that the text cites in full), with those they continue ("Kết luận
/// 01-KL/TW về tiếp tục thực hiện Chỉ thị 05-CT/TW"), oldest first.
fn directives(c: &Cleaned, f: &mut Fields) {
    let Some(title) = f.title.as_ref() else {
        return;
    };
    let mut named = symbols_in(&title.value);
    let all_text: Vec<String> = c
        .all_lines
        .iter()
        .flat_map(|l| symbols_in(&l.text))
        .collect();
    for m in regex!(r"(?i)\b(Chỉ thị|Kết luận|Nghị quyết|Quy định)\s+(?:số\s+)?(\d{1,3})\b")
        .captures_iter(&title.value)
    {
        let end = m.get(0).map_or(0, |x| x.end());
        if title.value[end..].trim_start().starts_with(['-', '–']) {
            continue;
        }
        let abbr = match match_key(&m[1]).as_str() {
            k if k == match_key("chỉ thị") => "CT",
            k if k == match_key("kết luận") => "KL",
            k if k == match_key("nghị quyết") => "NQ",
            _ => "QĐ",
        };
        let n: u32 = m[2].parse().unwrap_or(0);
        let prefix = format!("{n:02}-{abbr}/");
        let mut full: Vec<&String> = all_text.iter().filter(|s| s.starts_with(&prefix)).collect();
        full.sort();
        full.dedup();
        if full.len() == 1 {
            named.push(full[0].clone());
        }
    }
    let list = campaign();
    let mut chosen: Vec<(String, String)> = Vec::new();
    let add = |sym: &str, chosen: &mut Vec<(String, String)>| {
        if let Some((s, d, _)) = list.iter().find(|(s, _, _)| s == sym) {
            if !chosen.iter().any(|(c, _)| c == s) {
                chosen.push((s.clone(), d.clone()));
            }
        }
    };
    for s in &named {
        add(s, &mut chosen);
    }
    let direct: Vec<String> = chosen.iter().map(|(s, _)| s.clone()).collect();
    for s in &direct {
        if let Some((_, _, subject)) = list.iter().find(|(x, _, _)| x == s) {
            if regex!(r"(?i)tiếp tục thực hiện").is_match(subject) {
                for implied in symbols_in(subject) {
                    add(&implied, &mut chosen);
                }
            }
        }
    }
    let others: Vec<&String> = named
        .iter()
        .filter(|s| !chosen.iter().any(|(c, _)| c == *s))
        .collect();
    if !others.is_empty() {
        let mut o: Vec<&str> = others.iter().map(|s| s.as_str()).collect();
        o.dedup();
        f.notes.push((
            "directives",
            format!(
                "tiêu đề còn nêu {} — không thuộc chuỗi văn bản của cuộc vận động, không đưa vào",
                o.join(", ")
            ),
        ));
    }
    if chosen.is_empty() {
        return;
    }
    chosen.sort_by(|a, b| a.1.cmp(&b.1));
    let implied: Vec<&str> = chosen
        .iter()
        .filter(|(s, _)| !direct.contains(s))
        .map(|(s, _)| s.as_str())
        .collect();
    let mut how = format!("ký hiệu nêu trong tiêu đề ({})", title.how);
    if !implied.is_empty() {
        how.push_str(&format!(
            "; thêm {} vì văn bản được nêu là văn bản tiếp tục thực hiện nó",
            implied.join(", ")
        ));
    }
    f.directives = Some(Found {
        value: chosen.into_iter().map(|(s, _)| s).collect(),
        line: title.line,
        how,
        confidence: title
            .confidence
            .min(Confidence::Medium)
            .max(Confidence::Low),
        inferred: false,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::text::{clean, lines};

    fn words_of(body: &str) -> Words {
        Words::new(&clean(lines(body)))
    }

    #[test]
    fn capitals_are_restored_from_the_body() {
        let w = words_of(
            "Ngày 12/5/2022, Ban Thường vụ Tỉnh ủy đã tổ chức Hội nghị. Chỉ thị của Ban Thường vụ Tỉnh ủy.",
        );
        assert_eq!(
            restore_case("CỦA BAN THƯỜNG VỤ TỈNH ỦY", &w),
            "của Ban Thường vụ Tỉnh ủy"
        );
        assert_eq!(
            restore_case("CỦA HỘI NGHỊ HUYỆN ỦY", &w),
            "của Hội nghị Huyện ủy"
        );
    }

    #[test]
    fn position_titles_are_capitalised_by_convention() {
        assert_eq!(
            position_case("PHÓ BÍ THƯ THƯỜNG TRỰC"),
            "Phó Bí thư Thường trực"
        );
        assert_eq!(position_case("BÍ THƯ"), "Bí thư");
        assert_eq!(
            position_case("PHÓ TRƯỞNG BAN THƯỜNG TRỰC"),
            "Phó Trưởng ban Thường trực"
        );
    }

    #[test]
    fn symbols_are_canonical() {
        assert_eq!(
            symbols_in("Kết luận số 01- KL/TWvà Chỉ thị 05 – CT/TƯ, Quy định 08-QĐi/TW"),
            vec!["01-KL/TW", "05-CT/TW", "08-QĐ/TW"]
        );
        assert_eq!(symbol_in("Số 873-BC/HU").as_deref(), Some("873-BC/HU"));
        assert_eq!(symbol_in("Số - KL/HU"), None);
    }

    #[test]
    fn campaign_list_is_loaded() {
        let list = campaign();
        assert!(list
            .iter()
            .any(|(s, d, _)| s == "05-CT/TW" && d.starts_with("2016")));
        assert!(list
            .iter()
            .any(|(s, _, subj)| s == "01-KL/TW" && subj.contains("05-CT/TW")));
    }
}
