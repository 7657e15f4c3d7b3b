//! Plain text of a Markdown body, for the search index, snippets and feed summaries.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The readable text of a Markdown body: text and code spans, blocks separated by a new line,
/// raw HTML, link targets and footnote markers left out. Runs of spaces become one space.
pub fn plain_text(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut out = String::with_capacity(markdown.len());
    let push = |out: &mut String, s: &str| {
        for c in s.chars() {
            let c = if c.is_whitespace() && c != '\n' {
                ' '
            } else {
                c
            };
            if c == ' ' && (out.is_empty() || out.ends_with([' ', '\n'])) {
                continue;
            }
            if c == '\n' {
                while out.ends_with(' ') {
                    out.pop();
                }
                if out.is_empty() || out.ends_with('\n') {
                    continue;
                }
            }
            out.push(c);
        }
    };
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) | Event::Code(t) => push(&mut out, &t),
            Event::SoftBreak => push(&mut out, " "),
            Event::HardBreak => push(&mut out, "\n"),
            Event::Start(Tag::TableCell) => push(&mut out, " "),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::FootnoteDefinition,
            ) => push(&mut out, "\n"),
            _ => {}
        }
    }
    while out.ends_with(['\n', ' ']) {
        out.pop();
    }
    out
}

/// The first `max_chars` characters of `text`, cut at a word boundary, with `…` when cut.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        None => text.to_string(),
        Some((cut, _)) => {
            let head = &text[..cut];
            let at_space = head.rfind(char::is_whitespace).filter(|&i| i > cut / 2);
            let mut s = head[..at_space.unwrap_or(cut)].trim_end().to_string();
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
    fn excerpts_cut_between_words() {
        assert_eq!(excerpt("một hai ba", 50), "một hai ba");
        assert_eq!(excerpt("một hai ba bốn", 9), "một hai…");
        assert_eq!(excerpt("mộthaibabốn", 4), "mộth…");
    }
}
