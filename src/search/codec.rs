//! Compact text encoding of posting lists, safe to embed in JSON strings unescaped.
//!
//! Numbers are written as little-endian groups of 5 bits, one character per group from a
//! 64-letter URL-safe alphabet; the alphabet's upper half marks "more groups follow". Small
//! numbers (below 32) take one character, which is what dense postings mostly hold.
//!
//! A posting list is a sequence of documents in increasing id order. Each posting packs the
//! gap to the previous document, the quantised impact and a flag into one number:
//! `(gap - 1) << 6 | has_mask << 5 | (impact - 1)`, followed by the variant mask when the flag
//! is set. A document next to the previous one with the common spelling costs one character.
//! `search.js` decodes the same format.

use thiserror::Error;

/// The 64 characters, in value order.
pub const ALPHABET: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Largest impact a posting can carry (impacts are 1..=MAX_IMPACT).
pub const MAX_IMPACT: u8 = 32;

/// Why a posting list could not be decoded (a damaged or foreign index file).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CodecError {
    /// A character outside [`ALPHABET`].
    #[error("invalid character {0:?} in posting list")]
    BadChar(char),
    /// The text ended in the middle of a number or posting.
    #[error("posting list ends in the middle of a number")]
    Truncated,
    /// A number or document id too large for the format.
    #[error("number out of range in posting list")]
    Overflow,
}

/// One document in a posting list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// Document id (position in the search index's document list).
    pub doc: u32,
    /// Quantised relevance of the key for the document, `1..=MAX_IMPACT`.
    pub impact: u8,
    /// Which spellings (variants) of the key the document uses, one bit per variant in the
    /// entry's variant order; `None` means "only the first variant".
    pub mask: Option<u32>,
}

/// Appends `n` to `out`.
pub fn push_number(out: &mut String, mut n: u64) {
    loop {
        let group = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(ALPHABET[group] as char);
            return;
        }
        out.push(ALPHABET[group | 32] as char);
    }
}

fn value_of(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'Z' => Some(b - b'A' + 10),
        b'a'..=b'z' => Some(b - b'a' + 36),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    }
}

/// Reads numbers written by [`push_number`].
#[derive(Debug, Clone)]
pub struct NumberReader<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> NumberReader<'a> {
    /// A reader at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        NumberReader { text, pos: 0 }
    }

    /// True when every number has been read.
    pub fn is_done(&self) -> bool {
        self.pos >= self.text.len()
    }

    /// The next number.
    pub fn next_number(&mut self) -> Result<u64, CodecError> {
        let bytes = self.text.as_bytes();
        let mut n: u64 = 0;
        let mut shift = 0u32;
        loop {
            let b = *bytes.get(self.pos).ok_or(CodecError::Truncated)?;
            let v = value_of(b).ok_or_else(|| {
                CodecError::BadChar(self.text[self.pos..].chars().next().unwrap_or('?'))
            })?;
            self.pos += 1;
            if shift > 60 {
                return Err(CodecError::Overflow);
            }
            n |= u64::from(v & 31) << shift;
            shift += 5;
            if v < 32 {
                return Ok(n);
            }
        }
    }
}

/// Encodes postings sorted by increasing document id (duplicates are a caller bug and are
/// skipped). Impacts are clamped to `1..=MAX_IMPACT`.
pub fn encode_postings(postings: &[Posting]) -> String {
    let mut out = String::with_capacity(postings.len() * 2);
    let mut prev: i64 = -1;
    for p in postings {
        let gap = i64::from(p.doc) - prev;
        if gap < 1 {
            continue;
        }
        prev = i64::from(p.doc);
        let impact = u64::from(p.impact.clamp(1, MAX_IMPACT) - 1);
        let flag = u64::from(p.mask.is_some());
        push_number(&mut out, ((gap as u64 - 1) << 6) | (flag << 5) | impact);
        if let Some(mask) = p.mask {
            push_number(&mut out, u64::from(mask));
        }
    }
    out
}

/// Decodes a posting list written by [`encode_postings`].
pub fn decode_postings(text: &str) -> Result<Vec<Posting>, CodecError> {
    let mut r = NumberReader::new(text);
    let mut out = Vec::new();
    let mut prev: i64 = -1;
    while !r.is_done() {
        let v = r.next_number()?;
        let gap = (v >> 6) as i64 + 1;
        let doc = prev
            .checked_add(gap)
            .filter(|d| *d <= i64::from(u32::MAX))
            .ok_or(CodecError::Overflow)?;
        prev = doc;
        let mask = if v & 32 != 0 {
            Some(u32::try_from(r.next_number()?).map_err(|_| CodecError::Overflow)?)
        } else {
            None
        };
        out.push(Posting {
            doc: doc as u32,
            impact: (v & 31) as u8 + 1,
            mask,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn small_numbers_take_one_character() {
        let mut s = String::new();
        push_number(&mut s, 0);
        push_number(&mut s, 31);
        assert_eq!(s, "0V");
        let mut s = String::new();
        push_number(&mut s, 32);
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn adjacent_documents_cost_one_character_each() {
        let ps: Vec<Posting> = (0..100)
            .map(|doc| Posting {
                doc,
                impact: 7,
                mask: None,
            })
            .collect();
        let s = encode_postings(&ps);
        assert_eq!(s.len(), 100);
        assert_eq!(decode_postings(&s).unwrap(), ps);
    }

    #[test]
    fn damaged_lists_are_errors_not_panics() {
        assert_eq!(decode_postings("\""), Err(CodecError::BadChar('"')));
        assert_eq!(decode_postings("_"), Err(CodecError::Truncated));
        assert!(decode_postings(&"_".repeat(30)).is_err());
        assert_eq!(decode_postings(""), Ok(vec![]));
    }

    proptest! {
        #[test]
        fn postings_round_trip(docs in proptest::collection::btree_set(0u32..5_000_000, 0..200),
                               seed in any::<u64>()) {
            let ps: Vec<Posting> = docs.iter().enumerate().map(|(i, &doc)| {
                let x = seed.wrapping_mul(i as u64 + 1);
                Posting {
                    doc,
                    impact: (x % 32) as u8 + 1,
                    mask: (x % 3 == 0).then_some((x >> 7) as u32),
                }
            }).collect();
            let s = encode_postings(&ps);
            prop_assert!(s.bytes().all(|b| ALPHABET.contains(&b)));
            prop_assert_eq!(decode_postings(&s).unwrap(), ps);
        }

        #[test]
        fn decoding_never_panics(s in "\\PC{0,40}") {
            let _ = decode_postings(&s);
        }
    }
}
