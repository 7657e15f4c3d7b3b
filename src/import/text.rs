//! Cleaning the text of one input: character normalization, web chrome, page furniture
//! (page numbers, running headers and footers), the document's title block and footer
//! (number, draft mark, heading, "Nơi nhận", signature, byline), footnotes, and paragraphs
//! split by page breaks.
//!
//! The result keeps, for every piece, the input line it came from, so the report can say
//! where each front-matter value was read.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;

use crate::doctype::DocType;
use crate::vi::match_key;

/// One input line, normalized, with its 1-based line number in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The text, trimmed, single-spaced.
    pub text: String,
    /// 1-based line number in the input (in the page, for HTML).
    pub no: usize,
}

impl Line {
    /// A line with its number.
    pub fn new(text: &str, no: usize) -> Line {
        Line {
            text: text.to_owned(),
            no,
        }
    }
}

/// What a body paragraph is, as far as cleaning can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParaKind {
    /// Running text (numbered sections are told apart later).
    Text,
    /// A photo caption ("… - Ảnh: HM").
    Caption,
    /// A bullet item ("- …", "+ …", "• …").
    Bullet,
}

/// One body paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    /// Its text on one line.
    pub text: String,
    /// Input line where it starts.
    pub no: usize,
    /// Its kind.
    pub kind: ParaKind,
}

/// A footnote's text and the line it was found on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Its number as printed.
    pub number: u32,
    /// Its text.
    pub text: String,
    /// Input line.
    pub no: usize,
}

/// A value read from a line.
pub type At = (String, usize);

/// The title block of an official document or the headline of an article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// The type heading as printed ("KẾT LUẬN").
    pub heading: Option<At>,
    /// The type it names.
    pub doc_type: Option<DocType>,
    /// What follows the type name on the heading line ("CỦA BAN THƯỜNG VỤ").
    pub heading_rest: Option<At>,
    /// The "CỦA …" line under the heading.
    pub of_line: Option<At>,
    /// The summary (trích yếu) under the heading.
    pub summary: Option<At>,
    /// The "Số …" line.
    pub number_line: Option<At>,
    /// The draft mark line ("Dự thảo", "Dự thảo lần 2, ngày 15/3/2024").
    pub draft_line: Option<At>,
    /// The "<place>, ngày … tháng … năm …" line.
    pub place_date: Option<At>,
    /// Issuer lines printed above the heading ("TỈNH ỦY SƠN LA").
    pub issuer_lines: Vec<At>,
    /// An article's headline (first line of a text without a type heading).
    pub headline: Option<At>,
    /// A photo caption opening an article (kept in the body; a last resort for the title).
    pub lead_caption: Option<At>,
    /// A publication line ("Ngày đăng: 12/5/2023 08:00").
    pub published: Option<At>,
    /// A line of the title block that is only a date ("(ngày 15/3/2024)").
    pub dated_line: Option<At>,
}

/// The footer of an official document or the byline of an article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Footer {
    /// "Nơi nhận" items as written, without the leading dash.
    pub recipients: Vec<At>,
    /// Line of "Nơi nhận:".
    pub recipients_line: Option<usize>,
    /// Signing authority ("T/M BAN THƯỜNG VỤ").
    pub authority: Option<At>,
    /// Signer's title as printed ("PHÓ BÍ THƯ THƯỜNG TRỰC").
    pub signer_title: Option<At>,
    /// Signer's name.
    pub signer: Option<At>,
    /// Byline name of an article.
    pub byline_name: Option<At>,
    /// Organisation under or beside the byline.
    pub byline_org: Option<At>,
}

/// Everything the cleaner found.
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    /// Title block or headline.
    pub header: Header,
    /// Footer or byline.
    pub footer: Footer,
    /// Body paragraphs in order.
    pub paras: Vec<Para>,
    /// Footnotes by number.
    pub notes: Vec<Note>,
    /// Whether web chrome was found (a sign of a scraped article).
    pub had_chrome: bool,
    /// What was done, for the report.
    pub log: Vec<String>,
    /// All text lines after chrome removal (for whole-text searches).
    pub all_lines: Vec<Line>,
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    // The patterns are constants of this module, covered by its tests.
    cell.get_or_init(|| Regex::new(pattern).expect("valid import pattern"))
}

macro_rules! regex {
    ($pattern:expr) => {{
        static CELL: OnceLock<Regex> = OnceLock::new();
        re(&CELL, $pattern)
    }};
}

/// Match keys of a constant word list, computed once per list.
pub(crate) fn keys_of(cell: &'static OnceLock<Vec<String>>, words: &[&str]) -> &'static [String] {
    cell.get_or_init(|| words.iter().map(|w| match_key(w)).collect())
}

macro_rules! keys {
    ($list:expr) => {{
        static CELL: OnceLock<Vec<String>> = OnceLock::new();
        keys_of(&CELL, &$list)
    }};
}

/// Characters normalized on every line: look-alike spaces to a space, invisible characters
/// removed, the look-alike eth to Đ, control characters removed, the ends trimmed.
pub fn normalize_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\t' => {
                out.push(' ')
            }
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {}
            '\u{00D0}' | '\u{0189}' => out.push('Đ'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    // Runs of spaces inside the line are the author's; only the ends are trimmed.
    out.trim().to_owned()
}

/// Stands in for a page break (a form feed, a removed page number or running header): a
/// blank line that also says the paragraphs around it may be one.
const PAGE_BREAK: &str = "\u{000C}";

/// Splits text into normalized lines; a form feed becomes a page-break line.
pub fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        for (j, part) in raw.split('\u{000C}').enumerate() {
            if j > 0 {
                out.push(Line::new(PAGE_BREAK, i + 1));
            }
            out.push(Line::new(&normalize_line(part), i + 1));
        }
    }
    out
}

/// Why a line is web chrome, if it is.
pub fn chrome_reason(line: &str) -> Option<&'static str> {
    let t = line
        .trim_start_matches(['•', '·', '-', '*', '|', ' '])
        .trim();
    if t.is_empty() {
        return None;
    }
    let lower = t.to_lowercase();
    if lower.contains("no image") || lower.contains("noimage") || lower == "no-image" {
        return Some("ảnh giữ chỗ \"no image\"");
    }
    if regex!(r"(?i)^(thống kê truy cập|lượt truy cập|số lượt truy cập|lượt xem|số lượt xem|đang online|đang truy cập|trực tuyến|hôm nay|hôm qua|trong tuần|tuần này|tuần trước|trong tháng|tháng này|tháng trước|tất cả|tổng cộng|tổng truy cập|tổng số lượt truy cập|khách|thành viên)\s*:?\s*[\d .,]*$")
        .is_match(t)
    {
        return Some("bộ đếm truy cập");
    }
    if regex!(r"(?i)^(đăng nhập|đăng xuất|đăng ký|quên mật khẩu|login|log in|logout|sign in|register)\b.{0,30}$").is_match(t) {
        return Some("liên kết đăng nhập");
    }
    if regex!(r"(?i)^(chia sẻ|share|tweet|facebook|zalo|twitter|linkedin|in bài( viết)?|in trang|bản in|print|gửi email|gửi bài( viết)?|lưu bài( viết)?|quay lại|quay về|về đầu trang|lên đầu trang|trở về|trở lại|bình luận|ý kiến bạn đọc|gửi ý kiến|gửi bình luận|viết bình luận|xem thêm|đọc thêm|xem tiếp|thích|like|tags?|từ khóa|từ khoá|cỡ chữ|font size|a\+|a-|\[?top\]?)\b[^.]{0,40}$").is_match(t) {
        return Some("nút chia sẻ, in, bình luận");
    }
    if regex!(r"(?i)^(họ (và )?tên|tiêu đề|nội dung|mã kiểm tra|mã xác nhận|mã bảo vệ|email|e-mail|địa chỉ email|số điện thoại|điện thoại)\s*[:*]?\s*$").is_match(t) {
        return Some("ô nhập của mẫu bình luận");
    }
    if regex!(r"(?i)^(trang chủ|home)\b").is_match(t) && t.chars().count() <= 120 {
        return Some("thanh điều hướng");
    }
    if regex!(r"(?i)^(bản quyền|copyright|©|giấy phép (số|xuất bản|thiết lập)|chịu trách nhiệm (chính|nội dung|xuất bản)|thiết kế bởi|designed by|powered by)").is_match(t) {
        return Some("chân trang web");
    }
    let separators = t.matches(" | ").count() + t.matches(" » ").count() + t.matches(" › ").count();
    if separators >= 2 && t.chars().count() <= 200 {
        return Some("thanh điều hướng");
    }
    None
}

/// A heading that opens a list of links to other articles.
fn is_related_heading(line: &str) -> bool {
    regex!(r"(?i)^(tin liên quan|bài viết liên quan|bài liên quan|các tin (khác|đã đưa|cùng chuyên mục|mới)|tin (khác|cùng chuyên mục|mới nhất|mới|đọc nhiều|nổi bật|đã đưa|xem nhiều)|bài (viết )?khác|các bài (viết )?khác|xem nhiều nhất|đọc nhiều nhất|tin tức khác)\s*:?$")
        .is_match(line.trim())
}

fn is_page_number(line: &str) -> bool {
    regex!(
        r"(?i)^(?:[-–—]\s*)?(?:trang|page)?\s*\d{1,3}(?:\s*(?:/|của|of)\s*\d{1,3})?(?:\s*[-–—])?$"
    )
    .is_match(line.trim())
}

/// Removes web chrome; returns the kept lines and how many were dropped.
fn drop_chrome(lines: Vec<Line>, log: &mut Vec<String>) -> (Vec<Line>, bool) {
    let mut out = Vec::with_capacity(lines.len());
    let mut dropped = 0;
    let mut in_related = false;
    let mut reasons: BTreeMap<&'static str, usize> = BTreeMap::new();
    for line in lines {
        let t = line.text.as_str();
        if in_related {
            // Related-article lists run until a real paragraph.
            if t.is_empty() || t.chars().count() < 200 {
                if !t.is_empty() {
                    dropped += 1;
                    *reasons.entry("danh sách bài liên quan").or_default() += 1;
                }
                continue;
            }
            in_related = false;
        }
        if is_related_heading(t) {
            in_related = true;
            dropped += 1;
            *reasons.entry("danh sách bài liên quan").or_default() += 1;
            continue;
        }
        if let Some(reason) = chrome_reason(t) {
            dropped += 1;
            *reasons.entry(reason).or_default() += 1;
            continue;
        }
        out.push(line);
    }
    if dropped > 0 {
        let detail: Vec<String> = reasons.iter().map(|(r, n)| format!("{r}: {n}")).collect();
        log.push(format!(
            "bỏ {dropped} dòng rác web (web chrome) — {}",
            detail.join("; ")
        ));
    }
    (out, dropped > 0)
}

/// Removes page numbers and running headers/footers (short lines repeated on every page,
/// page numbers aside). Returns the lines and the indices where a page break was seen.
fn drop_page_furniture(lines: Vec<Line>, log: &mut Vec<String>) -> Vec<Line> {
    let shape = |t: &str| -> String {
        t.chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    // Lines differing only in a number count as one when they look like page furniture
    // ("Trang 2", "Báo cáo số 12 - 3").
    let pagelike = |t: &str| {
        let words = t
            .split_whitespace()
            .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
            .count();
        t.chars().any(|c| c.is_ascii_digit())
            && (words <= 3 || regex!(r"(?i)\b(trang|page)\b").is_match(t))
    };
    for l in &lines {
        let t = l.text.as_str();
        if !t.is_empty() && t.chars().count() <= 100 {
            let key = if pagelike(t) { shape(t) } else { t.to_owned() };
            *counts.entry(key).or_default() += 1;
        }
    }
    let mut numbers = 0;
    let mut running = 0;
    let mut out = Vec::with_capacity(lines.len());
    for l in lines {
        let t = l.text.as_str();
        if !t.is_empty() && is_page_number(t) {
            numbers += 1;
            out.push(Line::new(PAGE_BREAK, l.no));
            continue;
        }
        let key = if pagelike(t) { shape(t) } else { t.to_owned() };
        let repeated = !t.is_empty()
            && t.chars().count() <= 100
            && counts.get(&key).copied().unwrap_or(0) >= 3
            && !starts_item(t)
            && !t.starts_with(['-', '+', '•', '*'])
            && t.chars().any(char::is_alphabetic);
        if repeated {
            running += 1;
            out.push(Line::new(PAGE_BREAK, l.no));
            continue;
        }
        out.push(l);
    }
    if numbers > 0 {
        log.push(format!("bỏ {numbers} số trang (page numbers)"));
    }
    if running > 0 {
        log.push(format!(
            "bỏ {running} dòng tiêu đề/chân trang lặp lại (running headers/footers)"
        ));
    }
    out
}

/// Consecutive non-empty lines.
/// Consecutive non-empty lines, and the first line numbers of blocks that follow a page
/// break.
fn blocks(lines: &[Line]) -> (Vec<Vec<Line>>, HashSet<usize>) {
    let mut out: Vec<Vec<Line>> = Vec::new();
    let mut after_break = HashSet::new();
    let mut cur: Vec<Line> = Vec::new();
    let mut pending = false;
    for l in lines {
        if l.text.is_empty() || l.text == PAGE_BREAK {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            pending |= l.text == PAGE_BREAK;
        } else {
            if cur.is_empty() && pending {
                after_break.insert(l.no);
                pending = false;
            }
            cur.push(l.clone());
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    (out, after_break)
}

/// Whether the line opens a numbered or lettered item ("1.", "1)", "(1)", "a)", "I.",
/// "2.1.").
pub fn starts_item(t: &str) -> bool {
    regex!(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]\s|\d{1,2}\.\d{1,2}\s|\(\d{1,2}\)\s|[a-zđ]\)\s|[IVXL]{1,5}\.\s)")
        .is_match(t)
}

/// Whether the line opens a bullet item.
pub fn starts_bullet(t: &str) -> bool {
    regex!(r"^[-–+•∙·]\s").is_match(t) || (t.starts_with("* ") && t.len() > 2)
}

/// Upper-case letters only (ignoring everything that is not a letter), with some letters.
pub fn is_upper(t: &str) -> bool {
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| !c.is_lowercase())
}

/// The text without Markdown emphasis marks around it.
pub fn unstar(t: &str) -> &str {
    t.trim().trim_matches('*').trim_matches('_').trim()
}

/// Ends a sentence: `.`, `!`, `?`, `:`, `;` or `…`, possibly followed by closing quotes,
/// brackets or emphasis.
pub fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end_matches(['”', '"', '’', '\'', ')', '*', '_', ' ', '»']);
    t.ends_with(['.', '!', '?', ':', ';', '…'])
}

fn first_char(t: &str) -> Option<char> {
    t.trim_start_matches(['*', '_', '“', '"', '(', '‘', '\''])
        .chars()
        .next()
}

fn starts_lower(t: &str) -> bool {
    first_char(t).is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
}

/// A photo caption: ends with a photo credit or says it is an illustration.
pub fn is_caption(t: &str) -> bool {
    let t = unstar(t);
    regex!(r"(?i)(?:[-–(]\s*|^)\(?ảnh\s*(?:minh họa|minh hoạ|tư liệu)?\s*:\s*[^.]{1,60}\)?\s*\.?$")
        .is_match(t)
        || regex!(r"(?i)\(?ảnh minh (họa|hoạ)\)?\.?$").is_match(t)
}

/// "KẾT LUẬN", "DỰ THẢO KẾT LUẬN", "BÁO CÁO CỦA …": the type a heading line opens with, the
/// rest of the line, and whether it carried the draft mark. Headings are in capitals, or
/// are the bare type name in any case.
pub fn heading_type(t: &str) -> Option<(DocType, String, bool)> {
    let t = unstar(t);
    let words: Vec<&str> = t.split_whitespace().collect();
    let draft = words.len() >= 2 && match_key(&words[..2].join(" ")) == match_key("dự thảo");
    let skip = if draft { 2 } else { 0 };
    // Every type name is two syllables.
    let candidate = words.get(skip..skip + 2)?.join(" ");
    let ty = DocType::parse(&candidate).ok()?;
    if ty == DocType::News || match_key(ty.name()) != match_key(&candidate) {
        return None;
    }
    let rest = words[skip + 2..].join(" ");
    (is_upper(t) || rest.is_empty()).then_some((ty, rest, draft))
}

fn is_decorative(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| "*-_=~—–•·. ".contains(c))
}

fn place_date_re() -> &'static Regex {
    regex!(
        r"(?i)^[*_]*\s*([\p{L}][\p{L} .'’-]{1,40}),\s*ngày\s+([\d.…_ ]{0,6})\s*tháng\s+([\d.…_ ]{0,6})\s*năm\s+(\d{4})\s*[*_]*\.?$"
    )
}

/// The date-line parts: place, day, month (each may be blank in drafts), year.
pub fn place_date(t: &str) -> Option<(String, Option<u8>, Option<u8>, u16)> {
    let c = place_date_re().captures(t.trim())?;
    let num = |s: &str| -> Option<u8> {
        let d: String = s.chars().filter(char::is_ascii_digit).collect();
        d.parse().ok()
    };
    Some((
        c[1].trim().to_owned(),
        num(&c[2]),
        num(&c[3]),
        c[4].parse().ok()?,
    ))
}

fn is_number_line(t: &str) -> bool {
    regex!(
        r"^(?:Số|SỐ|số)\s*:?\s*[\dA-Za-zĐđ.…_ ]{0,8}\s*[-–]?\s*[\p{L}]{1,6}\s*/\s*[\p{L}.]{1,12}\b"
    )
    .is_match(unstar(t))
}

/// "Dự thảo", "DỰ THẢO", "(Dự thảo lần 2)", "Dự thảo 3, ngày 15/3/2024".
pub fn is_draft_line(t: &str) -> bool {
    let t = unstar(t).trim_start_matches('(').trim_end_matches(')');
    let key = match_key(t);
    let mark = match_key("dự thảo");
    key == mark
        || (key.starts_with(&format!("{mark} "))
            && t.chars().count() <= 60
            && heading_type(t).is_none())
}

/// "ĐẢNG CỘNG SẢN VIỆT NAM".
fn is_motto(t: &str) -> bool {
    match_key(unstar(t)) == match_key("Đảng Cộng sản Việt Nam")
}

/// A line in capitals that continues an issuer's name: short, and naming a committee.
fn continues_name(t: &str) -> bool {
    let key = match_key(t);
    is_upper(t)
        && t.split_whitespace().count() <= 8
        && [match_key("ủy"), match_key("bộ"), match_key("khối")]
            .iter()
            .any(|k| key.split(' ').any(|w| w == k))
}

/// A summary line under the heading: starts lower case or with "Về"/"V/v", or is in capitals.
fn is_summary(text: &str) -> bool {
    let t = unstar(text);
    let n = t.chars().count();
    n <= 700
        && (starts_lower(t)
            || regex!(r"^(?:Về|VỀ|V/v|V/V)\b").is_match(t)
            || (is_upper(t) && n <= 400))
}

const SURNAMES: [&str; 78] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Lò", "Hà", "Đinh", "Lương", "Mai", "Trịnh", "Đào", "Cao", "Lâm",
    "Tạ", "Quách", "Tô", "Trương", "Triệu", "Thái", "Từ", "Kiều", "Chu", "Châu", "Đoàn", "Vương",
    "Văn", "La", "Lại", "Lục", "Mạc", "Nông", "Hứa", "Tăng", "Lưu", "Khổng", "Giang", "Kim", "Lữ",
    "Quan", "Tống", "Thân", "Hầu", "Âu", "Đàm", "Đồng", "Mông", "Ninh", "Phùng", "Doãn", "Bế",
    "Lường", "Cầm", "Quàng", "Vi", "Sầm", "Tòng", "Nghiêm", "Ông", "Khúc", "Bạch", "Diệp", "Y",
    "Ksor", "Rơ", "Vừ", "Sùng",
];

/// A person's name: 2–5 capitalised Vietnamese syllables; with `strict`, the first must be
/// a common family name.
pub fn is_person_name(t: &str, strict: bool) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) {
        return false;
    }
    let shaped = words.iter().all(|w| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase)
            && cs.all(char::is_lowercase)
            && super::decode::is_syllable(w)
    });
    shaped && (!strict || keys!(SURNAMES).contains(&match_key(words[0])))
}

const ORG_HEADS: [&str; 33] = [
    "ban",
    "tỉnh ủy",
    "thành ủy",
    "huyện ủy",
    "quận ủy",
    "thị ủy",
    "đảng ủy",
    "đảng bộ",
    "văn phòng",
    "báo",
    "đài",
    "trung tâm",
    "cổng",
    "trang",
    "sở",
    "ủy ban",
    "hội",
    "mặt trận",
    "trường",
    "cục",
    "vụ",
    "phòng",
    "tạp chí",
    "học viện",
    "chi bộ",
    "đoàn",
    "liên đoàn",
    "bộ",
    "ubnd",
    "btg",
    "btv",
    "đoàn đại biểu",
    "thường trực",
];

/// An organisation's name on a byline ("Ban Tuyên giáo Tỉnh ủy").
pub fn is_org_name(t: &str) -> bool {
    let t = t.trim();
    if t.is_empty() || t.chars().count() > 100 || ends_sentence(t) || t.contains(['"', '“']) {
        return false;
    }
    let key = match_key(t);
    keys!(ORG_HEADS).iter().any(|hk| {
        key == *hk
            || key
                .strip_prefix(hk.as_str())
                .is_some_and(|r| r.starts_with(' '))
    }) && t.chars().next().is_some_and(char::is_uppercase)
}

/// A publication line of a web article.
pub fn published_line(t: &str) -> Option<(u8, u8, u16)> {
    let c = regex!(r"(?i)^(?:(?:ngày đăng|đăng ngày|ngày cập nhật|cập nhật|ngày|thời gian đăng|xuất bản|đăng lúc|posted)\s*:?\s*)?(?:(?:thứ\s+\S+|chủ nhật)\s*,?\s*)?(?:ngày\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?:\s*[,|-]?\s*(?:lúc\s*)?\d{1,2}\s*[:h]\s*\d{2}(?::\d{2})?\s*(?:\(?(?:gmt|utc)\s*[+-]\s*\d{1,2}\)?|sa|ch|am|pm)?)?\s*$")
        .captures(t.trim())?;
    Some((c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?))
}

const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

fn superscript_value(s: &str) -> Option<u32> {
    let mut n: u32 = 0;
    let mut any = false;
    for c in s.chars() {
        let d = SUPERSCRIPTS.iter().position(|&x| x == c)?;
        n = n.checked_mul(10)?.checked_add(d as u32)?;
        any = true;
    }
    any.then_some(n)
}

/// A footnote's opening: "¹ Kế hoạch …" or "[1] Kế hoạch …".
fn note_start(t: &str) -> Option<(u32, &str)> {
    let t = t.trim();
    let sup_len: usize = t
        .chars()
        .take_while(|c| SUPERSCRIPTS.contains(c))
        .map(char::len_utf8)
        .sum();
    if sup_len > 0 {
        let n = superscript_value(&t[..sup_len])?;
        let rest = t[sup_len..].trim_start();
        return (!rest.is_empty()).then_some((n, rest));
    }
    let c = regex!(r"^\[(\d{1,3})\]\s*(\S.*)$").captures(t)?;
    let n = c[1].parse().ok()?;
    let rest = c.get(2)?.as_str();
    Some((n, rest))
}

/// Cleans decoded text (or lines from a page).
pub fn clean(input: Vec<Line>) -> Cleaned {
    let mut out = Cleaned::default();
    let (lines, had_chrome) = drop_chrome(input, &mut out.log);
    out.had_chrome = had_chrome;
    let lines = drop_page_furniture(lines, &mut out.log);
    out.all_lines = lines
        .iter()
        .filter(|l| !l.text.is_empty() && l.text != PAGE_BREAK)
        .cloned()
        .collect();
    let (mut blocks, page_breaks) = blocks(&lines);

    // Drop decorative rules anywhere ("*" under the issuer, "-----").
    for b in &mut blocks {
        b.retain(|l| !is_decorative(&l.text));
    }
    blocks.retain(|b| !b.is_empty());

    let start = parse_header(&mut blocks, &mut out.header);
    let mut body: Vec<Vec<Line>> = blocks.split_off(start.min(blocks.len()));
    parse_footer(&mut body, &mut out.footer);
    take_published(&mut body, &mut out.header);

    // Footnotes: blocks that open with a note mark, wherever the page break left them.
    let mut kept: Vec<(Vec<Line>, bool)> = Vec::new();
    let mut notes: BTreeMap<u32, Note> = BTreeMap::new();
    let mut removed_since_last = false;
    for b in body {
        if note_start(&b[0].text).is_some() {
            let mut last: Option<u32> = None;
            for l in &b {
                match note_start(&l.text) {
                    Some((n, rest)) if !notes.contains_key(&n) => {
                        notes.insert(
                            n,
                            Note {
                                number: n,
                                text: rest.to_owned(),
                                no: l.no,
                            },
                        );
                        last = Some(n);
                    }
                    _ => {
                        if let Some(note) = last.and_then(|n| notes.get_mut(&n)) {
                            note.text.push(' ');
                            note.text.push_str(&l.text);
                        }
                    }
                }
            }
            removed_since_last = true;
            continue;
        }
        let after_break = removed_since_last || page_breaks.contains(&b[0].no);
        kept.push((b, after_break));
        removed_since_last = false;
    }
    if !notes.is_empty() {
        out.log.push(format!(
            "chuyển {} chú thích thành chú thích Markdown (footnotes)",
            notes.len()
        ));
    }

    // Paragraphs: lines of a block are joined unless a new item or sentence starts.
    let mut paras: Vec<(Para, bool)> = Vec::new();
    for (b, after_break) in kept {
        let mut first = true;
        for l in b {
            let t = l.text.clone();
            let new_unit = match paras.last() {
                None => true,
                Some(_) if first => true,
                Some((p, _)) => {
                    starts_item(&t)
                        || starts_bullet(&t)
                        || p.kind == ParaKind::Bullet && starts_bullet(&t)
                        || (ends_sentence(&p.text)
                            && first_char(&t).is_some_and(|c| !c.is_lowercase()))
                        || is_caption(&p.text)
                }
            };
            if new_unit {
                let kind = if starts_bullet(&t) {
                    ParaKind::Bullet
                } else {
                    ParaKind::Text
                };
                paras.push((
                    Para {
                        text: t,
                        no: l.no,
                        kind,
                    },
                    first && after_break,
                ));
            } else if let Some((p, _)) = paras.last_mut() {
                join_into(&mut p.text, &t);
            }
            first = false;
        }
    }
    for (p, _) in &mut paras {
        if p.kind == ParaKind::Text && is_caption(&p.text) {
            p.kind = ParaKind::Caption;
        }
    }

    // Paragraphs split by a page break.
    let mut joined = 0;
    let mut merged: Vec<Para> = Vec::with_capacity(paras.len());
    for (p, after_break) in paras {
        if let Some(prev) = merged.last_mut() {
            if continues(prev, &p, after_break) {
                join_into(&mut prev.text, &p.text);
                joined += 1;
                continue;
            }
        }
        merged.push(p);
    }
    if joined > 0 {
        out.log.push(format!(
            "nối {joined} đoạn bị ngắt trang (paragraphs split by page breaks)"
        ));
    }

    // Footnote marks.
    let mut marks = 0;
    for p in &mut merged {
        let (text, n) = footnote_marks(&p.text, &notes);
        p.text = text;
        marks += n;
    }
    if marks < notes.len() {
        out.log.push(format!(
            "{} chú thích không có dấu tham chiếu trong văn bản (notes without a mark)",
            notes.len() - marks
        ));
    }
    out.notes = notes.into_values().collect();
    out.paras = merged;
    if let Some(p) = out.paras.first() {
        if p.kind == ParaKind::Caption && out.header.heading.is_none() {
            out.header.lead_caption = Some((unstar(&p.text).to_owned(), p.no));
        }
    }
    out
}

/// Appends `next` to `text` with a space, or without one after a dangling hyphen between
/// digits ("(2021-" + "2023)").
fn join_into(text: &mut String, next: &str) {
    let no_space = text.ends_with('-')
        && text
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| c.is_ascii_digit())
        && next.starts_with(|c: char| c.is_ascii_digit());
    if !no_space {
        text.push(' ');
    }
    text.push_str(next);
}

/// Words that cannot end a Vietnamese sentence: a paragraph ending on one continues.
const DANGLING: [&str; 26] = [
    "và", "với", "của", "các", "những", "trong", "theo", "về", "cho", "tại", "là", "có", "được",
    "để", "từ", "đến", "như", "ở", "thì", "mà", "hoặc", "hay", "nhằm", "bằng", "vào", "trên",
];

/// Quotes and brackets are closed: a line cut at a page end often is not.
fn balanced(t: &str) -> bool {
    t.matches('“').count() <= t.matches('”').count()
        && t.matches('(').count() <= t.matches(')').count()
}

/// The last word cannot end a sentence.
fn ends_dangling(t: &str) -> bool {
    let last = t.split_whitespace().last().unwrap_or("");
    keys!(DANGLING).contains(&match_key(last))
}

/// Whether `next` continues `prev` across a page break.
fn continues(prev: &Para, next: &Para, after_break: bool) -> bool {
    if prev.kind == ParaKind::Caption
        || next.kind != ParaKind::Text
        || ends_sentence(&prev.text)
        || starts_item(&next.text)
        || is_upper(&next.text)
    {
        return false;
    }
    let Some(c) = first_char(&next.text) else {
        return false;
    };
    if c.is_lowercase() || (c.is_ascii_digit() && prev.text.ends_with('-')) {
        return true;
    }
    let long = prev.text.chars().count() >= 100 && !is_upper(&prev.text);
    long && !starts_item(&prev.text)
        && (after_break || !balanced(&prev.text) || ends_dangling(&prev.text))
}

/// Replaces footnote marks (superscript digits, `[n]`) with `[^n]` where note `n` exists.
fn footnote_marks(text: &str, notes: &BTreeMap<u32, Note>) -> (String, usize) {
    if notes.is_empty() {
        return (text.to_owned(), 0);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut count = 0;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if SUPERSCRIPTS.contains(&c) && i > 0 {
            let mut j = i;
            while j < chars.len() && SUPERSCRIPTS.contains(&chars[j]) {
                j += 1;
            }
            let digits: String = chars[i..j].iter().collect();
            let unit = i >= 1 && chars[i - 1] == 'm' && matches!(c, '²' | '³') && j - i == 1;
            if let (Some(n), false) = (superscript_value(&digits), unit) {
                if notes.contains_key(&n) {
                    out.push_str(&format!("[^{n}]"));
                    count += 1;
                    i = j;
                    continue;
                }
            }
        }
        if c == '[' && i > 0 && !chars[i - 1].is_whitespace() {
            let mut j = i + 1;
            while j < chars.len() && chars[j].is_ascii_digit() && j - i <= 3 {
                j += 1;
            }
            if j > i + 1 && chars.get(j) == Some(&']') {
                let n: Option<u32> = chars[i + 1..j].iter().collect::<String>().parse().ok();
                if let Some(n) = n.filter(|n| notes.contains_key(n)) {
                    out.push_str(&format!("[^{n}]"));
                    count += 1;
                    i = j + 1;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    (out, count)
}

/// Reads the title block from the top; returns the index of the first body block. Lines
/// consumed from a block that also holds body text are removed from it.
fn parse_header(blocks: &mut [Vec<Line>], h: &mut Header) -> usize {
    let mut bi = 0;
    while bi < blocks.len() {
        let mut li = 0;
        let block_len = blocks[bi].len();
        while li < block_len {
            let line = blocks[bi][li].clone();
            let t = unstar(&line.text).to_owned();
            let at = (t.clone(), line.no);
            let after_heading = h.heading.is_some();
            if is_decorative(&t) || is_motto(&t) {
            } else if h.number_line.is_none() && is_number_line(&t) {
                h.number_line = Some(at);
            } else if let (false, Some((ty, rest, draft))) = (after_heading, heading_type(&t)) {
                h.doc_type = Some(ty);
                h.heading = Some(at.clone());
                if draft && h.draft_line.is_none() {
                    h.draft_line = Some(at);
                }
                if !rest.is_empty() {
                    h.heading_rest = Some((rest, line.no));
                }
            } else if h.draft_line.is_none() && is_draft_line(&t) {
                h.draft_line = Some(at);
            } else if h.place_date.is_none() && place_date(&t).is_some() {
                h.place_date = Some(at);
            } else if h.dated_line.is_none() && published_line(&t).is_some() {
                h.dated_line = Some(at);
            } else if after_heading
                && h.of_line.is_none()
                && h.summary.is_none()
                && regex!(r"^(?:CỦA|của|Của)\s").is_match(&t)
            {
                h.of_line = Some(at);
            } else if let (Some(of), true, None) =
                (h.of_line.as_mut(), continues_name(&t), &h.summary)
            {
                // "CỦA BAN THƯỜNG VỤ" / "TỈNH ỦY SƠN LA": the name runs on.
                of.0.push(' ');
                of.0.push_str(&t);
            } else if after_heading && h.summary.is_none() && is_summary(&t) {
                // The summary is the rest of this block.
                let mut text = t.clone();
                for l in &blocks[bi][li + 1..] {
                    join_into(&mut text, unstar(&l.text));
                }
                h.summary = Some((text, line.no));
                return bi + 1;
            } else if !after_heading
                && is_upper(&t)
                && t.chars().count() <= 80
                && h.headline.is_none()
            {
                h.issuer_lines.push(at);
            } else {
                // Body starts here.
                if li > 0 {
                    blocks[bi].drain(..li);
                }
                if h.heading.is_none() {
                    // No type heading: what was taken as issuer lines in capitals may be a
                    // headline in capitals; the first block may be an article's headline.
                    return headline(blocks, bi, h);
                }
                return bi;
            }
            li += 1;
        }
        bi += 1;
    }
    bi
}

/// For a text without a type heading: takes the first block as the headline when it looks
/// like one. Returns the first body block.
fn headline(blocks: &[Vec<Line>], bi: usize, h: &mut Header) -> usize {
    if !h.issuer_lines.is_empty() && bi > 0 {
        // Capitals above the text without a type heading: an article headline in capitals.
        if h.number_line.is_none() && h.place_date.is_none() {
            let text = h
                .issuer_lines
                .iter()
                .map(|(t, _)| t.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let no = h.issuer_lines[0].1;
            h.issuer_lines.clear();
            h.headline = Some((text, no));
        }
        return bi;
    }
    let Some(first) = blocks.get(bi) else {
        return bi;
    };
    let text = first
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let n = text.chars().count();
    let looks = first.len() <= 3
        && (10..=300).contains(&n)
        && !is_caption(&text)
        && (!ends_sentence(&text) || text.trim_end().ends_with(['?', '!']))
        && !starts_item(&text)
        && !starts_bullet(&text)
        && blocks.len() > bi + 1
        && published_line(&text).is_none()
        && balanced(&text)
        && !ends_dangling(&text);
    if looks {
        h.headline = Some((unstar(&text).to_owned(), first[0].no));
        return bi + 1;
    }
    bi
}

/// Reads the footer from the end: "Nơi nhận" list, signature block, byline. Removes what
/// it consumed from `body`.
fn parse_footer(body: &mut Vec<Vec<Line>>, f: &mut Footer) {
    // Recipients: "Nơi nhận:" and the dash items after it, in its block or the next ones.
    let from = body.len().saturating_sub(20);
    if let Some(bi) = (from..body.len()).rev().find(|&i| {
        body[i]
            .iter()
            .any(|l| regex!(r"(?i)^\**\s*nơi nhận\s*:?").is_match(&l.text))
    }) {
        let li = body[bi]
            .iter()
            .position(|l| regex!(r"(?i)^\**\s*nơi nhận\s*:?").is_match(&l.text))
            .unwrap_or(0);
        f.recipients_line = Some(body[bi][li].no);
        let mut items: Vec<At> = Vec::new();
        let head = regex!(r"(?i)^\**\s*nơi nhận\s*:?\**\s*").replace(&body[bi][li].text, "");
        if !head.trim().is_empty() {
            items.push((strip_dash(&head), body[bi][li].no));
        }
        let mut consumed_blocks = 0;
        let mut rest: Vec<Line> = body[bi][li + 1..].to_vec();
        let mut next = bi + 1;
        loop {
            for l in &rest {
                if starts_bullet(&l.text) || l.text.starts_with(['-', '–']) {
                    items.push((strip_dash(&l.text), l.no));
                } else if let Some(last) = items.last_mut() {
                    // A wrapped item.
                    join_into(&mut last.0, &l.text);
                }
            }
            let more = body
                .get(next)
                .is_some_and(|b| b.iter().all(|l| l.text.starts_with(['-', '–', '+', '•'])));
            if !more {
                break;
            }
            rest = body[next].clone();
            next += 1;
            consumed_blocks += 1;
        }
        f.recipients = items;
        body[bi].truncate(li);
        for _ in 0..consumed_blocks {
            if bi + 1 < body.len() {
                body.remove(bi + 1);
            }
        }
        if body[bi].is_empty() {
            body.remove(bi);
        }
    }

    // Signature: "T/M …" authority, title lines, then the name.
    let from = body.len().saturating_sub(8);
    let authority_re = regex!(r"^(?i:T/M|TM\.|K/T|KT\.|T/L|TL\.|TUQ\.|Q\.|TM|KT|TL)\s+\S");
    let is_authority = |l: &Line| {
        let t = unstar(&l.text);
        authority_re.is_match(t) && is_upper(t) && t.chars().count() <= 80
    };
    if let Some(bi) = (from..body.len())
        .rev()
        .find(|&i| body[i].iter().any(is_authority))
    {
        let li = body[bi].iter().position(is_authority).unwrap_or(0);
        let a = &body[bi][li];
        f.authority = Some((unstar(&a.text).to_owned(), a.no));
        let titles: Vec<&Line> = body[bi][li + 1..]
            .iter()
            .filter(|l| is_upper(unstar(&l.text)))
            .collect();
        if !titles.is_empty() {
            let text = titles
                .iter()
                .map(|l| unstar(&l.text))
                .collect::<Vec<_>>()
                .join(" ");
            f.signer_title = Some((text, titles[0].no));
        }
        // The name: a later line in the block, or the next block.
        let name = body[bi][li + 1..]
            .iter()
            .chain(body.get(bi + 1).into_iter().flatten())
            .find(|l| is_person_name(unstar(&l.text), false));
        if let Some(n) = name {
            f.signer = Some((unstar(&n.text).to_owned(), n.no));
        }
        let end = if body
            .get(bi + 1)
            .is_some_and(|b| b.len() == 1 && is_person_name(unstar(&b[0].text), false))
        {
            bi + 2
        } else {
            bi + 1
        };
        body[bi].truncate(li);
        let keep_block = !body[bi].is_empty();
        body.drain(if keep_block { bi + 1 } else { bi }..end.min(body.len()));
        return;
    }

    // A signature without T/M: a title in capitals and a name as the last two blocks.
    if body.len() >= 2 {
        let n = body.len();
        let (a, b) = (&body[n - 2], &body[n - 1]);
        if a.len() <= 2
            && a.iter()
                .all(|l| is_upper(unstar(&l.text)) && is_position(unstar(&l.text)))
            && b.len() == 1
            && is_person_name(unstar(&b[0].text), false)
        {
            f.signer_title = Some((
                a.iter()
                    .map(|l| unstar(&l.text))
                    .collect::<Vec<_>>()
                    .join(" "),
                a[0].no,
            ));
            f.signer = Some((unstar(&b[0].text).to_owned(), b[0].no));
            body.truncate(n - 2);
            return;
        }
    }

    // Byline of an article: a name and perhaps an organisation as the last short blocks.
    let mut taken = 0;
    let n = body.len();
    for back in 1..=3.min(n) {
        let b = &body[n - back];
        if b.len() > 2 {
            break;
        }
        let mut any = false;
        for l in b {
            let t = unstar(&l.text);
            if let Some((name, org)) = name_and_org(t) {
                if f.byline_name.is_none() {
                    f.byline_name = Some((name, l.no));
                    if let Some(o) = org {
                        f.byline_org = Some((o, l.no));
                    }
                    any = true;
                }
            } else if is_person_name(t, true) && f.byline_name.is_none() {
                f.byline_name = Some((t.to_owned(), l.no));
                any = true;
            } else if is_org_name(t) && f.byline_org.is_none() {
                f.byline_org = Some((t.to_owned(), l.no));
                any = true;
            } else if let Some(src) = regex!(r"^(?i:Theo|Nguồn)\s*:?\s*(.{3,80})$").captures(t) {
                if f.byline_org.is_none() && is_org_name(&src[1]) {
                    f.byline_org = Some((src[1].to_owned(), l.no));
                    any = true;
                }
            }
        }
        if !any {
            break;
        }
        taken = back;
    }
    if f.byline_name.is_none() && f.byline_org.is_some() && taken <= 1 {
        // An organisation alone at the end is more likely a closing line of the text.
        f.byline_org = None;
        return;
    }
    body.truncate(n - taken);
}

/// "Nguyễn Văn A - Ban Tuyên giáo Tỉnh ủy", "Nguyễn Văn A (Ban Tuyên giáo Tỉnh ủy)".
fn name_and_org(t: &str) -> Option<(String, Option<String>)> {
    let c = regex!(r"^([^()–-]{4,40}?)\s*(?:[-–,]\s*|\()\s*([^()]{3,100}?)\)?$").captures(t)?;
    let (name, org) = (c[1].trim(), c[2].trim());
    (is_person_name(name, true) && is_org_name(org))
        .then(|| (name.to_owned(), Some(org.to_owned())))
}

/// Position words of a signer's title.
pub const POSITIONS: [&str; 24] = [
    "phó",
    "bí thư",
    "thường trực",
    "trưởng ban",
    "trưởng",
    "ban",
    "chủ nhiệm",
    "ủy viên",
    "chánh văn phòng",
    "chánh",
    "văn phòng",
    "chủ tịch",
    "giám đốc",
    "tổng biên tập",
    "thường vụ",
    "trưởng phòng",
    "phòng",
    "tổng",
    "thư ký",
    "đảng ủy",
    "chi bộ",
    "bí thư chi bộ",
    "hiệu trưởng",
    "tổng giám đốc",
];

fn is_position(t: &str) -> bool {
    let key = match_key(t);
    let mut rest = key.as_str();
    static UNITS: OnceLock<Vec<String>> = OnceLock::new();
    let units = UNITS.get_or_init(|| {
        let mut u: Vec<String> = POSITIONS.iter().map(|p| match_key(p)).collect();
        u.sort_by_key(|k| std::cmp::Reverse(k.len()));
        u
    });
    'outer: while !rest.is_empty() {
        for u in units {
            if rest == u {
                return true;
            }
            if let Some(r) = rest.strip_prefix(&format!("{u} ")) {
                rest = r;
                continue 'outer;
            }
        }
        return false;
    }
    false
}

fn strip_dash(t: &str) -> String {
    t.trim()
        .trim_start_matches(['-', '–', '+', '•', '*'])
        .trim()
        .to_owned()
}

/// A publication line at the top or bottom of an article's body is page furniture: read
/// and removed.
fn take_published(body: &mut Vec<Vec<Line>>, h: &mut Header) {
    let candidates: Vec<usize> = (0..body.len().min(2))
        .chain(body.len().saturating_sub(2)..body.len())
        .collect();
    for bi in candidates {
        let Some(b) = body.get(bi) else { continue };
        if b.len() == 1 && published_line(&b[0].text).is_some() && h.published.is_none() {
            h.published = Some((b[0].text.clone(), b[0].no));
            body.remove(bi);
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(text: &str) -> Cleaned {
        clean(lines(text))
    }

    fn texts(c: &Cleaned) -> Vec<&str> {
        c.paras.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn normalizes_spaces_and_invisible_characters() {
        assert_eq!(
            normalize_line("\u{00A0}  Tỉnh\u{200B} ủy\tSơn\u{00A0}La  "),
            "Tỉnh ủy Sơn La"
        );
        assert_eq!(normalize_line(" 100%  chi bộ\u{00A0}"), "100%  chi bộ");
        assert_eq!(normalize_line("Q\u{00D0}/TU"), "QĐ/TU");
    }

    #[test]
    fn web_chrome_is_dropped() {
        let c = cleaned(
            "Tiêu đề bài viết khá dài về học tập và làm theo Bác\n\nĐoạn một rất dài của bài viết.\n\n\
             Họ tên no image\nno image\nThống kê truy cập\n  • Đang online: 20\n  • Tất cả: 1916248\n\
             Đăng nhập\nChia sẻ\nTin liên quan\n- Bài khác (12/5/2023)\n- Bài nữa",
        );
        assert_eq!(texts(&c), vec!["Đoạn một rất dài của bài viết."]);
        assert!(c.had_chrome);
        assert!(c.log[0].contains("web"), "{:?}", c.log);
    }

    #[test]
    fn page_numbers_and_running_headers_are_dropped() {
        let mut text = String::new();
        for page in 1..=3 {
            text.push_str("Báo cáo sơ kết - Đảng ủy Khối\n\n");
            text.push_str(&format!(
                "Đoạn văn thứ {page} của văn bản.\n\n- {page} -\n\n"
            ));
        }
        let c = cleaned(&text);
        assert_eq!(
            texts(&c),
            vec![
                "Đoạn văn thứ 1 của văn bản.",
                "Đoạn văn thứ 2 của văn bản.",
                "Đoạn văn thứ 3 của văn bản."
            ]
        );
    }

    #[test]
    fn paragraphs_split_by_a_page_break_are_joined() {
        let long = "Việc xây dựng và nhân rộng các mô hình hay, cách làm hiệu quả trong học tập và làm theo tư tưởng";
        let c = cleaned(&format!(
            "{long} “Đẩy mạnh học tập, phong cách Hồ Chí\n\nMinh” tại một số địa phương còn chậm.\n\n\
             {long} đối thoại với\n\nnông dân Việt Nam.\n\nTrong 03 năm (2021-\n\n2023) đã xử lý."
        ));
        assert_eq!(c.paras.len(), 3, "{:?}", texts(&c));
        assert!(
            c.paras[0]
                .text
                .ends_with("Hồ Chí Minh” tại một số địa phương còn chậm."),
            "{:?}",
            texts(&c)
        );
        assert!(c.paras[1]
            .text
            .ends_with("đối thoại với nông dân Việt Nam."));
        assert_eq!(c.paras[2].text, "Trong 03 năm (2021-2023) đã xử lý.");
    }

    #[test]
    fn separate_paragraphs_stay_separate() {
        let c = cleaned("Ưu điểm\n\nĐảng ủy Khối đã bám sát nội dung.\n\n1. Tổ chức học tập\n\nBan Thường vụ đã xây dựng kế hoạch");
        assert_eq!(c.paras.len(), 4, "{:?}", texts(&c));
    }

    #[test]
    fn displaced_footnotes_become_notes_and_the_text_is_rejoined() {
        let long = "Nhiều đơn vị có tăng trưởng cao so với kế hoạch như các doanh nghiệp nhà nước và doanh nghiệp cổ phần: Công ty Cổ phần Cấp nước";
        let c = cleaned(&format!(
            "Ban Thường vụ đã ban hành kế hoạch¹. Đồng thời cụ thể hóa².\n\n{long}\n\n\
             ¹ Kế hoạch số 25-KH/ĐUK.\n\n² Kế hoạch số 31-KH/ĐUK,\nngày 10/11/2022.\n\n\
             Hà Tĩnh, Công ty Điện lực Hà Tĩnh."
        ));
        assert_eq!(c.paras.len(), 2, "{:?}", texts(&c));
        assert_eq!(
            c.paras[0].text,
            "Ban Thường vụ đã ban hành kế hoạch[^1]. Đồng thời cụ thể hóa[^2]."
        );
        assert!(c.paras[1]
            .text
            .ends_with("Cấp nước Hà Tĩnh, Công ty Điện lực Hà Tĩnh."));
        assert_eq!(c.notes.len(), 2);
        assert_eq!(c.notes[1].text, "Kế hoạch số 31-KH/ĐUK, ngày 10/11/2022.");
    }

    #[test]
    fn bracketed_footnotes_too_but_not_square_metres() {
        let c =
            cleaned("Diện tích 30 m² đã dùng[1] và số 5[2] ở đây.\n\n[1] Theo báo cáo năm 2022.");
        assert_eq!(
            c.paras[0].text,
            "Diện tích 30 m² đã dùng[^1] và số 5[2] ở đây."
        );
        assert_eq!(c.notes[0].text, "Theo báo cáo năm 2022.");
    }

    #[test]
    fn reads_the_title_block() {
        let c = cleaned(
            "\n*\n\nSố - KL/HU\nDự thảo\n\nKẾT LUẬN\nCỦA HỘI NGHỊ HUYỆN ỦY\n\nsơ kết 03 năm thực hiện Kết luận số 01-KL/TW\n\nTại Hội nghị Huyện ủy ngày 28/3/2024, Ban Chấp hành thống nhất.",
        );
        let h = &c.header;
        assert_eq!(h.doc_type, Some(DocType::Conclusion));
        assert_eq!(h.number_line.as_ref().unwrap().0, "Số - KL/HU");
        assert_eq!(h.draft_line.as_ref().unwrap().0, "Dự thảo");
        assert_eq!(
            h.of_line.as_ref().unwrap(),
            &("CỦA HỘI NGHỊ HUYỆN ỦY".to_owned(), 8)
        );
        assert_eq!(h.summary.as_ref().unwrap().1, 10);
        assert_eq!(
            texts(&c),
            vec!["Tại Hội nghị Huyện ủy ngày 28/3/2024, Ban Chấp hành thống nhất."]
        );
    }

    #[test]
    fn reads_the_place_and_date_line_even_with_blanks() {
        assert_eq!(
            place_date("Sơn La, ngày 12 tháng 5 năm 2022"),
            Some(("Sơn La".to_owned(), Some(12), Some(5), 2022))
        );
        assert_eq!(
            place_date("Bình Sơn, ngày     tháng 3 năm 2024"),
            Some(("Bình Sơn".to_owned(), None, Some(3), 2024))
        );
        assert_eq!(place_date("Tại Sơn La, ngày hôm qua"), None);
    }

    #[test]
    fn reads_recipients_and_signature() {
        let c = cleaned(
            "Văn bản kết thúc./.\n\nNơi nhận:\n\n- Ban Thường vụ Tỉnh ủy,\n- Lưu VPTU.\n\n\
             **T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC**\n\n\n\nLò Minh Hùng",
        );
        let f = &c.footer;
        let items: Vec<&str> = f.recipients.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(items, vec!["Ban Thường vụ Tỉnh ủy,", "Lưu VPTU."]);
        assert_eq!(f.authority.as_ref().unwrap().0, "T/M BAN THƯỜNG VỤ");
        assert_eq!(f.signer_title.as_ref().unwrap().0, "PHÓ BÍ THƯ THƯỜNG TRỰC");
        assert_eq!(f.signer.as_ref().unwrap(), &("Lò Minh Hùng".to_owned(), 13));
        assert_eq!(texts(&c), vec!["Văn bản kết thúc./."]);
    }

    #[test]
    fn reads_an_article_headline_and_byline() {
        let c = cleaned(
            "Kết quả 02 năm thực hiện Kết luận số 01-KL/TW\n \n\nSau 02 năm học tập, quán triệt đã đạt kết quả.\n\n\
             Nguyễn Công Sơn\n\nBan Tuyên giáo Tỉnh ủy\n\n   \nHọ tên no image\nĐăng nhập",
        );
        assert_eq!(
            c.header.headline.as_ref().unwrap().0,
            "Kết quả 02 năm thực hiện Kết luận số 01-KL/TW"
        );
        assert_eq!(c.footer.byline_name.as_ref().unwrap().0, "Nguyễn Công Sơn");
        assert_eq!(
            c.footer.byline_org.as_ref().unwrap().0,
            "Ban Tuyên giáo Tỉnh ủy"
        );
        assert_eq!(
            texts(&c),
            vec!["Sau 02 năm học tập, quán triệt đã đạt kết quả."]
        );
    }

    #[test]
    fn captions_are_recognised_and_not_joined() {
        let c = cleaned(
            "Việc thực hiện Chỉ thị 05-CT/TW được đưa vào Chương trình\nthực hiện Nghị quyết - Ảnh: HM\n\n\
             Thời gian qua, lãnh đạo các cấp ủy đã làm tốt.",
        );
        assert_eq!(c.paras[0].kind, ParaKind::Caption);
        assert_eq!(c.paras.len(), 2);
        assert!(c.header.lead_caption.is_some());
    }

    #[test]
    fn person_names() {
        assert!(is_person_name("Hoàng Mẫn", true));
        assert!(is_person_name("Võ Văn Đông", true));
        assert!(!is_person_name("Ban Tuyên giáo Tỉnh ủy", false));
        assert!(!is_person_name("Thống Kê", true));
        assert!(is_org_name("Ban Tuyên giáo Tỉnh ủy"));
        assert!(!is_org_name("Ban Thường vụ đã xây dựng kế hoạch."));
    }

    #[test]
    fn publication_lines() {
        assert_eq!(
            published_line("Ngày đăng: 12/05/2023 08:30"),
            Some((12, 5, 2023))
        );
        assert_eq!(
            published_line("Thứ Hai, 15/5/2023 | 10:20"),
            Some((15, 5, 2023))
        );
        assert_eq!(published_line("Ngày 12/5/2022, Ban Thường vụ"), None);
    }
}
