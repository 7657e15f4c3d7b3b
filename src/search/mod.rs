//! Client-side search: an index the browser downloads in small pieces, built at build time.
//!
//! - [`tokenize`]: syllables folded (đ → d) with their exact spelling, directive symbols as
//!   single tokens, citations ("chỉ thị 05") as directive tokens;
//! - [`indexer`]: posting lists sharded by key prefix, facets, result fragments;
//! - [`query`]: the ranking `search.js` runs, in Rust for tests and measurement;
//! - [`codec`]: the compact posting-list format both sides read.
//!
//! Why not Pagefind: it indexes the rendered HTML after the build, does not fold đ, has no
//! notion of directive symbols, and its crate is heavy to compile; this index is built from
//! the documents the site already holds in memory.

pub mod codec;
pub(crate) mod fxhash;
pub mod indexer;
pub mod query;
pub mod text;
pub mod tokenize;

pub use indexer::{build, build_into, Fragment, IndexFiles, IndexOptions, IndexStats, Manifest};
pub use query::{parse_query, DirSource, Filters, Hit, Query, Searcher, Source};

use crate::error::Result;
use crate::output::Sink;
use crate::site::Site;

/// Builds the search index of `site` (drafts left out) and writes it under `search/`.
pub fn write_index(site: &Site, sink: &dyn Sink) -> Result<()> {
    build_into(site, IndexOptions::default(), sink).map(|_| ())
}
