//! Plain text of a Markdown body, for the search index, snippets and feed summaries.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The readable text of a Markdown body: text and code spans, blocks separated by a new line,
/// raw HTML, link targets and footnote markers left out. Runs of spaces become one space.
pub fn plain_text(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) | Event::Code(t) => push_words(&mut out, &t),
            Event::SoftBreak | Event::Start(Tag::TableCell) => push_words(&mut out, " "),
            Event::HardBreak => end_line(&mut out),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::FootnoteDefinition,
            ) => end_line(&mut out),
            _ => {}
        }
    }
    while out.ends_with(['\n', ' ']) {
        out.pop();
    }
    out
}

/// Appends `s` with every run of white space as one space (none at the start of a line).
fn push_words(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut run_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let space_len = if b < 0x80 {
            usize::from(matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C))
        } else {
            match s[i..].chars().next() {
                Some(c) if c.is_whitespace() => c.len_utf8(),
                Some(c) => {
                    i += c.len_utf8();
                    continue;
                }
                None => break,
            }
        };
        if space_len == 0 {
            i += 1;
            continue;
        }
        out.push_str(&s[run_start..i]);
        if !out.is_empty() && !out.ends_with([' ', '\n']) {
            out.push(' ');
        }
        i += space_len;
        run_start = i;
    }
    out.push_str(&s[run_start..]);
}

/// Ends the current line (blocks and hard breaks), never leaving an empty line.
fn end_line(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// The first `max_chars` characters of `text`, cut at a word boundary, with `…` when cut.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        None => text.to_string(),
        Some((cut, _)) => {
            let head = &text[..cut];
            let at_space = head.rfind(char::is_whitespace).filter(|&i| i > cut / 2);
            // Exact capacity: every document keeps its excerpt for the whole build.
            let kept = head[..at_space.unwrap_or(cut)].trim_end();
            let mut s = String::with_capacity(kept.len() + '…'.len_utf8());
            s.push_str(kept);
            s.push('…');
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_goes_and_blocks_become_lines() {
        let md = "## Kết quả\n\nHọc tập *và* [làm theo](http://x.vn/a) Bác.<br>\n\n- một\n- hai[^1]\n\n| A | B |\n|---|---|\n| x | y |\n\n[^1]: Ghi chú.\n";
        let t = plain_text(md);
        assert_eq!(
            t,
            "Kết quả\nHọc tập và làm theo Bác.\nmột\nhai\nA B\nx y\nGhi chú."
        );
        assert!(!t.contains("http"));
    }

    #[test]
    fn white_space_collapses_to_single_spaces() {
        let mut out = String::new();
        push_words(&mut out, "  một\u{00A0}\u{00A0}hai \t ba ");
        push_words(&mut out, " bốn");
        assert_eq!(out, "một hai ba bốn");
    }

    #[test]
    fn excerpts_cut_between_words() {
        assert_eq!(excerpt("một hai ba", 50), "một hai ba");
        assert_eq!(excerpt("một hai ba bốn", 9), "một hai…");
        assert_eq!(excerpt("mộthaibabốn", 4), "mộth…");
    }
}
