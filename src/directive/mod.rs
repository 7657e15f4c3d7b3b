//! Party directives: symbols (`05-CT/TW`), citations found in document text, and the
//! registry that tells which directive a citation means.
//!
//! - [`Symbol`]: a document symbol in canonical form (`05 – CT/TƯ` = `05-CT/TW`).
//! - [`DirectiveId`]: a directive's identity and URL slug (`05-ct-tw-2016`,
//!   `18-ct-tu-2022-son-la`); [`DirectiveInfo`]: what is known about it.
//! - [`Registry`]: the built-in central directives plus the site's `data/directives.yaml`.
//! - [`extract`]: every citation in a document's text runs, each with its [`Resolution`].
//! - [`resolve_listed`]: the same rules for a front-matter `directives` entry.

mod extract;
mod registry;
mod resolve;
mod scan;
mod symbol;

pub use extract::{extract, Citation, CitationForm, Extraction, NamedCitation};
pub use registry::{DirectiveId, DirectiveInfo, Origin, Registry};
pub use resolve::{resolve_listed, CitingDocument, Resolution};
pub use symbol::{Kind, Symbol, SymbolError};
