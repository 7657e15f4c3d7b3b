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
    if only_single_spaces(s.as_bytes()) {
        // The common case, found with a few vectorised scans instead of a loop over every
        // byte: only a space at the very start can need dropping.
        let at_line_start = out.is_empty() || out.ends_with([' ', '\n']);
        out.push_str(match s.strip_prefix(' ') {
            Some(rest) if at_line_start => rest,
            _ => s,
        });
        return;
    }
    push_words_bytewise(out, s);
}

/// [`push_words`] for any text, one byte at a time.
fn push_words_bytewise(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut run_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let space_len = space_at(bytes, i);
        if space_len == 0 {
            i += utf8_len(bytes[i]);
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

/// True when the only white space in `bytes` (valid UTF-8) is single ASCII spaces.
fn only_single_spaces(bytes: &[u8]) -> bool {
    use memchr::{memchr3, memchr3_iter, memmem};
    memchr3(b'\t', b'\n', b'\r', bytes).is_none()
        && memchr::memchr2(0x0B, 0x0C, bytes).is_none()
        && memmem::find(bytes, b"  ").is_none()
        // The lead bytes of every other white-space character (see `space_at`); 0xE1 starts
        // most Vietnamese letters, so U+1680 is looked for whole.
        && memchr3_iter(0xC2, 0xE2, 0xE3, bytes).all(|i| space_at(bytes, i) == 0)
        && memmem::find(bytes, "\u{1680}".as_bytes()).is_none()
}

/// Length of the white-space character starting at byte `i` of valid UTF-8, or 0. Read from
/// the bytes: decoding every character of a Vietnamese text was 4% of a build's CPU time.
fn space_at(bytes: &[u8], i: usize) -> usize {
    let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match bytes[i] {
        b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => 1,
        // U+0085, U+00A0.
        0xC2 if matches!(next(1), 0x85 | 0xA0) => 2,
        // U+1680.
        0xE1 if next(1) == 0x9A && next(2) == 0x80 => 3,
        // U+2000–U+200A, U+2028, U+2029, U+202F; U+205F.
        0xE2 if next(1) == 0x80 && matches!(next(2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) => 3,
        0xE2 if next(1) == 0x81 && next(2) == 0x9F => 3,
        // U+3000.
        0xE3 if next(1) == 0x80 && next(2) == 0x80 => 3,
        _ => 0,
    }
}

/// Length of the UTF-8 sequence a lead byte starts.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
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
    fn every_unicode_space_is_recognised_from_its_bytes() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let expected = if c.is_whitespace() { c.len_utf8() } else { 0 };
            assert_eq!(space_at(bytes, 0), expected, "{c:?}");
            assert_eq!(utf8_len(bytes[0]), c.len_utf8(), "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_fast_path_gives_what_the_byte_loop_gives(
            before in "(|x|x |x\n)",
            parts in proptest::collection::vec("[ a-zạ“”\u{00A0}\u{1680}\u{2003}\u{3000}\t\n]{0,6}", 0..8),
        ) {
            let mut fast = before.clone();
            let mut slow = before;
            for p in &parts {
                push_words(&mut fast, p);
                push_words_bytewise(&mut slow, p);
            }
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn excerpts_cut_between_words() {
        assert_eq!(excerpt("một hai ba", 50), "một hai ba");
        assert_eq!(excerpt("một hai ba bốn", 9), "một hai…");
        assert_eq!(excerpt("mộthaibabốn", 4), "mộth…");
    }
}
