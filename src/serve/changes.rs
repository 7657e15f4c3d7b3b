//! Which part of the site a changed path belongs to, and which paths are editors' litter.

use std::path::{Component, Path};

use super::engine::Changes;

/// Folders of the site root that `serve` watches (recursively, when they exist).
pub const WATCHED_DIRS: [&str; 5] = ["content", "static", "themes", "templates", "data"];

/// Records `path` (absolute, under `root`) in `changes` by what it can affect. Paths outside
/// the site's inputs (the output folder, `.git`, notes at the root) and editors' temporary
/// files are ignored.
pub fn classify(root: &Path, path: &Path, changes: &mut Changes) {
    let Ok(rel) = path.strip_prefix(root) else {
        return;
    };
    let parts: Vec<&str> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    let Some(&first) = parts.first() else {
        return;
    };
    if parts.iter().any(|p| is_litter(p)) {
        return;
    }
    match first {
        "content" => {
            if parts.len() > 1 && path.extension().is_some_and(|e| e == "md") {
                changes.content.insert(path.to_path_buf());
            } else {
                changes.assets.insert(path.to_path_buf());
            }
        }
        "static" => changes.statics = true,
        "themes" if parts.get(2) == Some(&"static") => changes.statics = true,
        "themes" | "templates" | "data" => changes.everything = true,
        "config.toml" if parts.len() == 1 => changes.everything = true,
        _ => {}
    }
}

/// Hidden files and the temporary files editors write beside the one being saved (vim's
/// `.x.swp`, `x~` and `4913`, emacs' `#x#` and `.#x`, JetBrains' `x___jb_tmp___`, …).
pub fn is_litter(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || name.contains("___jb_")
        || [".swp", ".swx", ".swo", ".tmp", ".crdownload", ".part"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(rel: &str) -> Changes {
        let mut c = Changes::default();
        classify(Path::new("/site"), &Path::new("/site").join(rel), &mut c);
        c
    }

    #[test]
    fn inputs_are_sorted_by_reach() {
        assert_eq!(of("content/a.md").content.len(), 1);
        assert_eq!(of("content/trang/gioi-thieu.md").content.len(), 1);
        assert_eq!(of("content/bao-cao.pdf").assets.len(), 1);
        assert_eq!(of("content/nam-2024").assets.len(), 1);
        assert!(of("content").assets.len() == 1, "the folder itself");
        assert!(of("static/css/x.css").statics);
        assert!(of("themes/default/static/css/style.css").statics);
        assert!(of("themes/default/templates/base.html").everything);
        assert!(of("themes/default/strings.toml").everything);
        assert!(of("templates/base.html").everything);
        assert!(of("data/directives.yaml").everything);
        assert!(of("config.toml").everything);
    }

    #[test]
    fn outputs_litter_and_strangers_are_ignored() {
        for rel in [
            "public/index.html",
            ".git/index",
            "README.md",
            "content/.a.md.swp",
            "content/a.md~",
            "content/4913",
            "content/#a.md#",
            "content/.#a.md",
            "content/a.md___jb_tmp___",
            "content/.hidden/a.md",
            "static/.DS_Store",
            "templates/.base.html.swp",
            "sub/config.toml",
        ] {
            assert!(of(rel).is_empty(), "{rel}");
        }
        let mut c = Changes::default();
        classify(
            Path::new("/site"),
            Path::new("/elsewhere/content/a.md"),
            &mut c,
        );
        assert!(c.is_empty());
    }
}
