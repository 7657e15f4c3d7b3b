//! Vietnamese text: normalization, matching keys, slugs, dates, collation, and the registry of
//! provinces and districts across the 2025 reorganisation.
//!
//! Every other module goes through here instead of handling diacritics itself, so there is
//! one folding function and one date parser in the code base.

pub mod collate;
pub mod date;
pub mod district;
pub mod province;
pub mod text;

pub use date::{DateError, DocDate, Precision};
pub use district::{infer_province, Inference};
pub use province::{registry, Era, Province, ProvinceRegistry, ResolvedProvince, UnknownProvince};
pub use text::{fold, match_key, nfc, slugify};
