//! Shared by the hostile-input, XSS and safety tests: temporary sites driven through the
//! real `bantin` binary, and exact snapshots of an output folder.
#![allow(dead_code)]

use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// Folder of the committed hostile fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile")
}

/// A site in a temporary folder.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// An empty site with a `content/` folder and a `base_url`, so a good build is
    /// warning-free.
    pub fn new() -> Site {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join("config.toml"),
            "base_url = \"https://example.vn/\"\n",
        )
        .unwrap();
        Site { dir }
    }

    /// The site folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The default output folder.
    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Writes a file relative to the site root, creating folders.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> &Self {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
        self
    }

    /// Copies fixture `name` to `content/<name>`.
    pub fn fixture(&self, name: &str) -> &Self {
        self.fixture_as(name, &format!("content/{name}"))
    }

    /// Copies fixture `name` to `rel`.
    pub fn fixture_as(&self, name: &str, rel: &str) -> &Self {
        let bytes = std::fs::read(fixtures().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        self.write(rel, bytes)
    }

    /// `bantin build --root <site> <args>`.
    pub fn build_cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("bantin").unwrap();
        cmd.arg("build").arg("--root").arg(self.root()).args(args);
        cmd
    }

    /// Builds and asserts success; returns stderr.
    pub fn build_ok(&self) -> String {
        let out = self.build_cmd(&[]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "build failed:\n{stderr}");
        stderr
    }

    /// Builds and asserts exit code 1; returns stderr.
    pub fn build_fails(&self) -> String {
        let out = self.build_cmd(&[]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.code(),
            Some(1),
            "expected failure, got:\n{stderr}"
        );
        stderr
    }
}

/// A valid bulletin with `extra` front-matter lines and `body`.
pub fn doc(title: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ntype: Kết luận\nissuer: Ban Thường vụ Tỉnh ủy Sơn La\n\
         date: 12/5/2022\nprovince: Sơn La\n{extra}---\n{body}"
    )
}

/// Length and two independent 64-bit hashes of a file's bytes: equal snapshots mean
/// byte-identical files for any practical purpose, without holding every file in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Digest {
    pub len: u64,
    pub sip: u64,
    pub fnv: u64,
}

/// Digest of a byte string.
pub fn digest(bytes: &[u8]) -> Digest {
    let mut sip = DefaultHasher::new();
    sip.write(bytes);
    let mut fnv: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        fnv ^= u64::from(b);
        fnv = fnv.wrapping_mul(0x0100_0000_01b3);
    }
    Digest {
        len: bytes.len() as u64,
        sip: sip.finish(),
        fnv,
    }
}

/// Every file under `dir` (symlinks as their target text), by `/`-separated relative path.
/// A missing folder is an empty snapshot.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Digest> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        let rel = e
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if e.file_type().is_symlink() {
            let target = std::fs::read_link(e.path()).unwrap();
            out.insert(rel, digest(target.to_string_lossy().as_bytes()));
        } else if e.file_type().is_file() {
            out.insert(rel, digest(&std::fs::read(e.path()).unwrap()));
        }
    }
    out
}

/// Panics with the first differences when two snapshots differ.
pub fn assert_same(
    before: &BTreeMap<String, Digest>,
    after: &BTreeMap<String, Digest>,
    what: &str,
) {
    if before == after {
        return;
    }
    let mut diffs = Vec::new();
    for (k, v) in before {
        match after.get(k) {
            None => diffs.push(format!("missing: {k}")),
            Some(w) if w != v => diffs.push(format!("changed: {k}")),
            _ => {}
        }
    }
    for k in after.keys() {
        if !before.contains_key(k) {
            diffs.push(format!("new: {k}"));
        }
    }
    diffs.truncate(20);
    panic!("{what}: output differs:\n{}", diffs.join("\n"));
}

/// `s` without whitespace and miette's gutter characters, so phrases survive line wrapping.
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '│' | '·'))
        .collect()
}

/// Asserts that `stderr` contains each needle, ignoring wrapping.
pub fn assert_mentions(stderr: &str, needles: &[&str]) {
    let hay = squash(stderr);
    for n in needles {
        assert!(
            hay.contains(&squash(n)),
            "stderr does not mention {n:?}:\n{stderr}"
        );
    }
}
