//! Cleaned paragraphs to Markdown: numbered sections become headings when the text treats
//! them as headings (a short title with text under it), ordered lists when they are a run
//! of items, and stay plain paragraphs (with the number escaped) otherwise; footnotes go
//! last.

use std::sync::OnceLock;

use regex::Regex;

use super::text::{ends_sentence, is_upper, starts_bullet, Note, Para, ParaKind};

/// Numbering styles, from the outermost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Style {
    /// A line in capitals without a number ("MỞ ĐẦU").
    Caps,
    /// "I.", "II." …
    Roman,
    /// "1.", "2." …
    Arabic,
    /// "2.1.", "2.2" …
    Decimal,
    /// Running text, bullets, captions, "(1)" items.
    Plain,
}

fn numbering() -> &'static (Regex, Regex, Regex) {
    static P: OnceLock<(Regex, Regex, Regex)> = OnceLock::new();
    P.get_or_init(|| {
        (
            Regex::new(r"^(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3})\.\s+\S").expect("roman pattern"),
            Regex::new(r"^\d{1,2}\.\s+\S").expect("arabic pattern"),
            Regex::new(r"^\d{1,2}\.\d{1,2}\.?\s+\S").expect("decimal pattern"),
        )
    })
}

fn style(p: &Para) -> Style {
    if p.kind != ParaKind::Text {
        return Style::Plain;
    }
    let t = p.text.as_str();
    let (roman, arabic, decimal) = numbering();
    if roman.is_match(t) && !t.starts_with('.') {
        Style::Roman
    } else if decimal.is_match(t) {
        Style::Decimal
    } else if arabic.is_match(t) {
        Style::Arabic
    } else if is_upper(t) && t.chars().count() <= 120 && !ends_sentence(t) {
        Style::Caps
    } else {
        Style::Plain
    }
}

/// Short enough and shaped like a title: no closing punctuation, or one short sentence.
fn heading_like(t: &str, style: Style) -> bool {
    let n = t.chars().count();
    if style == Style::Roman || style == Style::Caps {
        return n <= 300;
    }
    if n > 300 {
        return false;
    }
    if !ends_sentence(t) {
        return true;
    }
    // The sentence test looks past the number ("3. Thực hiện …").
    let body = t
        .split_once(char::is_whitespace)
        .map_or(t, |(_, rest)| rest)
        .trim_end_matches(['.', ' ']);
    n <= 200 && !body.contains(". ") && !body.contains("; ") && !body.contains(": ")
}

/// Renders the body.
pub fn render(paras: &[Para], notes: &[Note]) -> String {
    let styles: Vec<Style> = paras.iter().map(style).collect();
    let n = paras.len();
    // A numbered paragraph is a heading when text of a lower rank follows it.
    let heading: Vec<bool> = (0..n)
        .map(|i| {
            let s = styles[i];
            s != Style::Plain && i + 1 < n && styles[i + 1] > s && heading_like(&paras[i].text, s)
        })
        .collect();
    // Runs of same-style items not separated by a heading of a higher rank.
    let mut group_has_heading = vec![false; n];
    for s in [Style::Arabic, Style::Decimal] {
        let mut start = 0;
        while start < n {
            let end = (start..n)
                .find(|&j| j > start && styles[j] < s)
                .unwrap_or(n);
            let members: Vec<usize> = (start..end).filter(|&j| styles[j] == s).collect();
            let any = members.iter().any(|&j| heading[j]);
            for j in members {
                group_has_heading[j] = any;
            }
            start = end.max(start + 1);
        }
    }
    // Heading levels: the styles used as headings, outermost first, from ##.
    let mut used: Vec<Style> = (0..n).filter(|&i| heading[i]).map(|i| styles[i]).collect();
    used.sort();
    used.dedup();
    let level = |s: Style| -> usize { 2 + used.iter().position(|&u| u == s).unwrap_or(0) };

    let mut out: Vec<String> = Vec::with_capacity(n + notes.len());
    for (i, p) in paras.iter().enumerate() {
        let text = escape_inline(&p.text);
        let block = if heading[i] {
            format!("{} {}", "#".repeat(level(styles[i]).min(6)), text)
        } else {
            match (p.kind, styles[i]) {
                (ParaKind::Caption, _) => {
                    if text.starts_with('*') && text.ends_with('*') && text.len() > 2 {
                        text
                    } else {
                        format!("*{}*", text.trim_matches('*'))
                    }
                }
                (ParaKind::Bullet, _) => {
                    let item = text
                        .trim_start_matches(['-', '–', '+', '•', '∙', '·', '*'])
                        .trim_start();
                    format!("- {}", escape_start(item))
                }
                (_, Style::Arabic) if !group_has_heading[i] => text,
                _ => escape_start(&text),
            }
        };
        out.push(block);
    }
    for note in notes {
        out.push(format!(
            "[^{}]: {}",
            note.number,
            escape_start(&escape_inline(&note.text))
        ));
    }
    let mut s = out.join("\n\n");
    s.push('\n');
    s
}

/// Escapes what would start a Markdown block the source did not mean: list markers
/// ("2." "2)" "+ "), headings, quotes, code fences, link definitions, HTML.
fn escape_start(t: &str) -> String {
    static NUM: OnceLock<Regex> = OnceLock::new();
    let num = NUM.get_or_init(|| Regex::new(r"^(\d{1,9})([.)])(\s|$)").expect("number pattern"));
    if let Some(c) = num.captures(t) {
        return format!("{}\\{}", &c[1], &t[c[1].len()..]);
    }
    if t.starts_with(['#', '>', '`', '~', '|', '=']) || (t.starts_with('[') && t.contains("]:")) {
        return format!("\\{t}");
    }
    if starts_bullet(t) && !t.starts_with("* ") {
        return format!("\\{t}");
    }
    t.to_owned()
}

/// Escapes `<` that would open an HTML tag.
fn escape_inline(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'))
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(t: &str) -> Para {
        Para {
            text: t.to_owned(),
            no: 1,
            kind: if starts_bullet(t) {
                ParaKind::Bullet
            } else {
                ParaKind::Text
            },
        }
    }

    fn md(texts: &[&str]) -> String {
        let paras: Vec<Para> = texts.iter().map(|t| para(t)).collect();
        render(&paras, &[])
    }

    #[test]
    fn sections_with_text_under_them_are_headings() {
        let out = md(&[
            "I. KẾT QUẢ",
            "1. Ưu điểm",
            "Đảng ủy Khối đã bám sát.",
            "2. Hạn chế",
            "2.1. Về hạn chế",
            "- Việc học tập còn hình thức.",
            "II. PHƯƠNG HƯỚNG",
            "1. Tiếp tục quán triệt nâng cao nhận thức cho cán bộ, đảng viên.",
            "2. Tập trung lãnh đạo, chỉ đạo.",
        ]);
        assert_eq!(
            out,
            "## I. KẾT QUẢ\n\n### 1. Ưu điểm\n\nĐảng ủy Khối đã bám sát.\n\n### 2. Hạn chế\n\n\
             #### 2.1. Về hạn chế\n\n- Việc học tập còn hình thức.\n\n## II. PHƯƠNG HƯỚNG\n\n\
             1. Tiếp tục quán triệt nâng cao nhận thức cho cán bộ, đảng viên.\n\n\
             2. Tập trung lãnh đạo, chỉ đạo.\n"
        );
    }

    #[test]
    fn numbered_paragraphs_among_headings_are_escaped() {
        let long = "Giao Đảng đoàn Mặt trận Tổ quốc chỉ đạo tiếp tục nâng cao chất lượng. Đẩy mạnh thực hiện Quy định số 124-QĐ/TW của Ban Bí thư về giám sát của Mặt trận Tổ quốc Việt Nam.";
        let out = md(&[
            "1. Về việc thực hiện Kết luận số 01-KL/TW",
            "Sau 01 năm thực hiện đã đạt kết quả.",
            &format!("2. {long}"),
            "3. Giao Ban Tuyên giáo Tỉnh ủy",
            "(1) Định hướng các cơ quan báo chí.",
        ]);
        assert!(out.starts_with("## 1. Về việc"), "{out}");
        assert!(
            out.contains(&format!("\n\n2\\. {long}\n\n## 3. Giao Ban")),
            "{out}"
        );
        assert!(out.ends_with("(1) Định hướng các cơ quan báo chí.\n"));
    }

    #[test]
    fn a_run_of_items_is_a_list() {
        let out = md(&[
            "Thời gian tới cần:",
            "1. Một việc.",
            "2. Hai việc.",
            "3. Ba việc.",
        ]);
        assert_eq!(
            out,
            "Thời gian tới cần:\n\n1. Một việc.\n\n2. Hai việc.\n\n3. Ba việc.\n"
        );
    }

    #[test]
    fn markdown_syntax_in_the_source_is_escaped() {
        let out = md(&[
            "# không phải tiêu đề",
            "> không phải trích dẫn",
            "5) không phải danh sách",
            "Ký hiệu <script> trong văn bản",
            "[1]: không phải liên kết",
        ]);
        assert_eq!(
            out,
            "\\# không phải tiêu đề\n\n\\> không phải trích dẫn\n\n5\\) không phải danh sách\n\n\
             Ký hiệu \\<script> trong văn bản\n\n\\[1]: không phải liên kết\n"
        );
    }

    #[test]
    fn captions_are_italic_and_footnotes_last() {
        let paras = vec![
            Para {
                text: "Mô hình nuôi cá - Ảnh: HM".into(),
                no: 1,
                kind: ParaKind::Caption,
            },
            para("Văn bản[^1]."),
        ];
        let notes = vec![Note {
            number: 1,
            text: "Kế hoạch số 25-KH/ĐUK.".into(),
            no: 3,
        }];
        assert_eq!(
            render(&paras, &notes),
            "*Mô hình nuôi cá - Ảnh: HM*\n\nVăn bản[^1].\n\n[^1]: Kế hoạch số 25-KH/ĐUK.\n"
        );
    }
}
