//! bantin — a static site generator for the bulletins Party committees publish about
//! "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh".
//!
//! The pipeline, one module per stage:
//! load ([`content`]: walk + front matter) → model ([`site`]: documents, citations, indices)
//! → render ([`render`]: Markdown, templates) → write ([`output`]: atomic swap).
//! Beside it: [`serve`] (watch + preview) and [`import`] (raw text → document).

pub mod directive;
pub mod doctype;
pub mod error;
pub mod feeds;
pub mod vi;

pub use error::{Diagnostic, Error, Result, Severity};
pub mod build;
pub mod config;
pub mod content;
pub mod import;
pub mod index;
pub mod output;
pub mod render;
pub mod report;
pub mod search;
pub mod serve;
pub mod site;

pub use build::{build, init, BuildReport};
pub use site::{BuildOptions, Site};
pub mod check;
pub mod timing;
