//! `config.toml`: the site's settings, every key optional.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Diagnostic;

/// Site settings. Every field has a default so a bare `content/` folder builds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Site title shown in the header and feeds.
    pub title: String,
    /// One-line description for `<meta name="description">` and feeds.
    pub description: String,
    /// Absolute URL the site is published at, e.g. `https://tuyengiao.sonla.gov.vn/bantin/`.
    /// Empty means `http://localhost/` (with a warning).
    pub base_url: String,
    /// Theme name under `themes/`; `default` is built in.
    pub theme: String,
    /// Documents per list page.
    pub paginate_by: usize,
    /// Hubs (e.g. all provinces) with more terms than this are paginated too.
    pub hub_paginate_over: usize,
    /// Entries per Atom feed.
    pub feed_limit: usize,
    /// Pass raw HTML in Markdown through unsanitised. Off by default: documents come from
    /// many hands and scraped pages.
    pub unsafe_html: bool,
    /// URL prefixes of each section.
    pub urls: UrlPrefixes,
}

/// First path segment of each kind of page.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct UrlPrefixes {
    /// Bulletins: `/van-ban/<slug>/`.
    pub documents: String,
    /// Provinces: `/tinh/`.
    pub provinces: String,
    /// Years: `/nam/`.
    pub years: String,
    /// Directives: `/chi-dao/`.
    pub directives: String,
    /// Document types: `/loai/`.
    pub types: String,
    /// Issuers: `/co-quan/`.
    pub issuers: String,
    /// Plain pages: `/trang/` (also the folder under `content/`).
    pub pages: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh".into(),
            description: "Văn bản, báo cáo và tin bài về học tập và làm theo tư tưởng, đạo đức, \
                          phong cách Hồ Chí Minh"
                .into(),
            base_url: String::new(),
            theme: "default".into(),
            paginate_by: 20,
            hub_paginate_over: 200,
            feed_limit: 20,
            unsafe_html: false,
            urls: UrlPrefixes::default(),
        }
    }
}

impl Default for UrlPrefixes {
    fn default() -> Self {
        UrlPrefixes {
            documents: "van-ban".into(),
            provinces: "tinh".into(),
            years: "nam".into(),
            directives: "chi-dao".into(),
            types: "loai".into(),
            issuers: "co-quan".into(),
            pages: "trang".into(),
        }
    }
}

impl Config {
    /// Reads `root/config.toml` if present; defaults otherwise.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join("config.toml");
        let text = match std::fs::read(&path) {
            Ok(b) => crate::content::decode(&b).map_err(|d| d.in_file("config.toml"))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(
                    Diagnostic::error(format!("không đọc được config.toml: {e}"))
                        .in_file("config.toml"),
                )
            }
        };
        Config::parse(&text)
    }

    /// Parses the text of a `config.toml`.
    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let (line, col) = e
                .span()
                .map(|s| {
                    let before = &text[..s.start.min(text.len())];
                    (
                        before.matches('\n').count() + 1,
                        before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
                    )
                })
                .unwrap_or((1, 1));
            Diagnostic::error(format!("config.toml không hợp lệ: {}", e.message()))
                .in_file("config.toml")
                .at(line, col)
                .with_help(
                    "known keys: title, description, base_url, theme, paginate_by, \
                     hub_paginate_over, feed_limit, unsafe_html, [urls] documents/provinces/years/\
                     directives/types/issuers/pages",
                )
        })?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), Diagnostic> {
        let bad = |msg: String, help: &str| {
            Err(Diagnostic::error(msg)
                .in_file("config.toml")
                .with_help(help))
        };
        if self.paginate_by == 0 {
            return bad(
                "paginate_by phải lớn hơn 0".into(),
                "e.g. `paginate_by = 20`",
            );
        }
        let u = &self.urls;
        for (key, p) in [
            ("documents", &u.documents),
            ("provinces", &u.provinces),
            ("years", &u.years),
            ("directives", &u.directives),
            ("types", &u.types),
            ("issuers", &u.issuers),
            ("pages", &u.pages),
        ] {
            if p.is_empty() || crate::vi::slugify(p) != *p {
                return bad(
                    format!("urls.{key} = \"{p}\" không hợp lệ (must be a lower-case ASCII slug)"),
                    "e.g. `documents = \"van-ban\"`",
                );
            }
        }
        if !(self.base_url.is_empty()
            || self.base_url.starts_with("http://")
            || self.base_url.starts_with("https://"))
        {
            return bad(
                format!(
                    "base_url \"{}\" phải bắt đầu bằng http:// hoặc https://",
                    self.base_url
                ),
                "e.g. `base_url = \"https://example.gov.vn/\"`",
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_is_all_defaults() {
        assert_eq!(Config::parse("").unwrap(), Config::default());
    }

    #[test]
    fn unknown_keys_are_errors_with_a_line() {
        let e = Config::parse("title = \"A\"\npaginat_by = 3\n").unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn url_prefixes_must_be_slugs() {
        assert!(Config::parse("[urls]\ndocuments = \"../x\"\n").is_err());
        let c = Config::parse("[urls]\ndocuments = \"docs\"\n").unwrap();
        assert_eq!(c.urls.documents, "docs");
    }
}
