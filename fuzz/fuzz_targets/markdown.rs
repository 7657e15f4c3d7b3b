//! Markdown bodies → HTML: never panics, and with sanitising on, nothing executable comes
//! out (checked on the browser's tokenization of the output, not on its text). The first
//! byte lays citation links over some text runs, as the site model does.
#![no_main]

use std::cell::RefCell;

use bantin::render::markdown::{render, text_runs, InlineLink};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use libfuzzer_sys::fuzz_target;

/// Records every start tag with its attributes.
#[derive(Default)]
struct Tags(RefCell<Vec<(String, Vec<(String, String)>)>>);

impl TokenSink for Tags {
    type Handle = ();
    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            if tag.kind == TagKind::StartTag {
                let attrs = tag
                    .attrs
                    .iter()
                    .map(|a| ((*a.name.local).to_ascii_lowercase(), a.value.to_string()))
                    .collect();
                self.0
                    .borrow_mut()
                    .push(((*tag.name).to_ascii_lowercase(), attrs));
            }
        }
        TokenSinkResult::Continue
    }
}

fn start_tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tok = Tokenizer::new(Tags::default(), TokenizerOpts::default());
    let _ = tok.feed(&input);
    tok.end();
    tok.sink.0.into_inner()
}

fn is_script_url(url: &str) -> bool {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| cleaned.starts_with(s))
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(body) = std::str::from_utf8(rest) else {
        return;
    };
    let runs = text_runs(body);
    // A link over part of every `mode`-th run, ranges possibly off char boundaries.
    let links: Vec<InlineLink> = runs
        .iter()
        .enumerate()
        .filter(|(i, _)| mode != 0 && i % usize::from(mode) == 0)
        .map(|(i, (text, _))| InlineLink {
            run: i,
            range: (text.len() / 3)..(text.len() * 2 / 3 + usize::from(mode % 2)),
            href: "/chi-dao/05-ct-tw/".into(),
            title: "Chỉ thị \"05\"".into(),
        })
        .collect();
    let html = render(body, &links, false).html;
    for (name, attrs) in start_tags(&html) {
        assert!(
            !matches!(
                name.as_str(),
                "script"
                    | "iframe"
                    | "object"
                    | "embed"
                    | "style"
                    | "base"
                    | "frame"
                    | "svg"
                    | "math"
            ),
            "<{name}> in sanitised output of {body:?}:\n{html}"
        );
        for (k, v) in attrs {
            assert!(
                !k.starts_with("on"),
                "{k} on <{name}> from {body:?}:\n{html}"
            );
            if matches!(
                k.as_str(),
                "href" | "src" | "action" | "formaction" | "srcdoc"
            ) {
                assert!(!is_script_url(&v), "{k}={v:?} from {body:?}:\n{html}");
            }
        }
    }
    let _ = render(body, &links, true);
});
