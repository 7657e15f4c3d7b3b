//! Helpers shared by the integration tests: temporary sites, the CLI, file snapshots.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A site in a temporary folder.
pub struct TempSite {
    pub dir: tempfile::TempDir,
}

impl TempSite {
    /// An empty site (with a `content/` folder and a base_url so builds are warning-free).
    pub fn new() -> TempSite {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join("config.toml"),
            "base_url = \"https://example.vn/\"\n",
        )
        .unwrap();
        TempSite { dir }
    }

    /// The site with the repository's sample content and config.
    pub fn sample() -> TempSite {
        let site = TempSite::new();
        copy_dir(&repo().join("content"), &site.path().join("content"));
        std::fs::copy(repo().join("config.toml"), site.path().join("config.toml")).unwrap();
        site
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file relative to the site root, creating folders.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Self {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    /// Adds a valid bulletin `content/<name>.md` with the given extra front-matter lines.
    pub fn doc(&self, name: &str, extra: &str) -> &Self {
        let text = format!(
            "---\ntitle: \"Văn bản {name}\"\ntype: Kết luận\nissuer: Ban Thường vụ Tỉnh ủy Sơn La\ndate: 12/5/2022\nprovince: Sơn La\n{extra}---\nNội dung văn bản {name}.\n"
        );
        self.write(&format!("content/{name}.md"), text)
    }

    /// Adds a valid bulletin with a given date and extra front-matter lines.
    pub fn doc_dated(&self, name: &str, date: &str, extra: &str) -> &Self {
        let text = format!(
            "---\ntitle: \"Văn bản {name}\"\ntype: Kết luận\nissuer: Ban Thường vụ Tỉnh ủy Sơn La\ndate: {date}\nprovince: Sơn La\n{extra}---\nNội dung văn bản {name}.\n"
        );
        self.write(&format!("content/{name}.md"), text)
    }

    pub fn out(&self) -> PathBuf {
        self.path().join("public")
    }

    /// `bantin <args> --root <site>` as a command.
    pub fn bantin(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("bantin").unwrap();
        cmd.args(args).arg("--root").arg(self.path());
        cmd
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes (for byte-identical comparisons).
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}
