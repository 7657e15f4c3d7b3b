//! Write stage: pages go into a staging folder beside the output, which replaces the old
//! output in one atomic swap only when the whole build succeeded.
//!
//! bantin keeps a manifest of every file it wrote (`.bantin-manifest`) and only ever deletes
//! files listed there. It refuses output folders that are, or contain, the site's sources
//! or the home folder, and non-empty folders it did not create (unless `--force`, which
//! carries their foreign files over untouched).

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Error, Result};

/// Name of the manifest file inside the output folder.
pub const MANIFEST: &str = ".bantin-manifest";
/// Marker proving a staging folder is bantin's.
const STAGING_MARKER: &str = ".bantin-staging";

/// Where rendered files go. Implemented by the staging folder of a build and by the
/// in-memory site of `bantin serve`.
pub trait Sink: Sync {
    /// Writes one file at a path relative to the output root (`van-ban/x/index.html`).
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()>;

    /// Writes one file that `fill` produces piece by piece, for files too large to hold
    /// whole on a big site (`data/documents.json`). By default the pieces are collected and
    /// passed to [`Sink::write`].
    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes).map_err(|e| Error::Output(format!("{rel}: {e}")))?;
        self.write(rel, &bytes)
    }
}

/// Checks a relative output path: no absolute paths, no `..`, nothing empty.
pub fn check_relative(rel: &str) -> Result<()> {
    let p = Path::new(rel);
    let ok = !rel.is_empty()
        && p.components().all(|c| matches!(c, Component::Normal(_)))
        && !rel.contains('\\');
    if ok {
        Ok(())
    } else {
        Err(Error::Output(format!(
            "đường dẫn đầu ra không hợp lệ \"{rel}\" (output path escapes the output folder)"
        )))
    }
}

/// A staging folder being filled by a build.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    written: Mutex<BTreeSet<String>>,
}

impl Staging {
    /// Prepares a staging folder for `target` after checking that `target` is a safe place
    /// to write for the site in `root`.
    pub fn new(root: &Path, target: &Path, force: bool) -> Result<Staging> {
        let target = absolute(target)?;
        check_output_path(root, &target)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = target.with_file_name(format!(".{name}.bantin-tmp"));
        recover(&dir, &target)?;
        foreign_files(&target, force)?;
        if dir.exists() {
            // A build killed earlier left it; it is ours only if it carries the marker.
            if dir.join(STAGING_MARKER).exists() {
                fs::remove_dir_all(&dir).map_err(|e| Error::io("removing", &dir, e))?;
            } else {
                return Err(Error::Output(format!(
                    "{} đã tồn tại và không phải của bantin (exists and is not bantin's); remove or rename it",
                    dir.display()
                )));
            }
        }
        if let Some(parent) = dir.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
        }
        fs::create_dir(&dir).map_err(|e| Error::io("creating", &dir, e))?;
        fs::write(dir.join(STAGING_MARKER), b"").map_err(|e| Error::io("writing", &dir, e))?;
        Ok(Staging {
            dir,
            target,
            written: Mutex::new(BTreeSet::new()),
        })
    }

    /// The staging folder (for tests and diagnostics).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Number of files written so far.
    pub fn len(&self) -> usize {
        self.written.lock().map(|w| w.len()).unwrap_or(0)
    }

    /// True before anything is written.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Swaps the staging folder in as the output, carries foreign files over (only present
    /// with `--force`), and deletes the old output's files listed in its manifest.
    ///
    /// Killed at any moment, this leaves the output path holding either the complete old or
    /// the complete new site; whatever is left beside it is finished by the next build.
    pub fn commit(self) -> Result<usize> {
        let written = self.written.into_inner().unwrap_or_default();
        let mut manifest = String::new();
        for path in &written {
            manifest.push_str(path);
            manifest.push('\n');
        }
        let mpath = self.dir.join(MANIFEST);
        fs::write(&mpath, manifest).map_err(|e| Error::io("writing", &mpath, e))?;
        let marker = self.dir.join(STAGING_MARKER);
        if self.target.exists() {
            let foreign = unlisted_files(&self.target)?;
            check_foreign_conflicts(&self.target, &foreign, &written)?;
            fs::remove_file(&marker).map_err(|e| Error::io("removing", &marker, e))?;
            swap(&self.dir, &self.target)?;
            // `self.dir` now holds the old output. Foreign files move over only now, so a
            // kill never leaves them in a marked staging folder that the next build deletes.
            carry_foreign_files(&self.dir, &self.target, &foreign)?;
            remove_listed(&self.dir)?;
        } else {
            fs::remove_file(&marker).map_err(|e| Error::io("removing", &marker, e))?;
            fs::rename(&self.dir, &self.target).map_err(|e| Error::io("renaming", &self.dir, e))?;
        }
        Ok(written.len())
    }

    /// Removes the staging folder after a failed build; the old output is untouched.
    pub fn abandon(self) {
        if self.dir.join(STAGING_MARKER).exists() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

impl Staging {
    /// Registers `rel` as written by this build and returns its path, its folder created.
    fn claim(&self, rel: &str) -> Result<PathBuf> {
        check_relative(rel)?;
        if rel == MANIFEST || rel == STAGING_MARKER {
            return Err(Error::Output(format!("\"{rel}\" is reserved for bantin")));
        }
        {
            let mut w = self
                .written
                .lock()
                .map_err(|_| Error::Output("internal lock poisoned".into()))?;
            if !w.insert(rel.to_string()) {
                return Err(Error::Output(format!(
                    "hai trang cùng ghi vào \"{rel}\" (two pages on one output path); check slugs, aliases and static files"
                )));
            }
        }
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
        }
        Ok(path)
    }
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.claim(rel)?;
        fs::write(&path, bytes).map_err(|e| Error::io("writing", &path, e))
    }

    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<()> {
        let path = self.claim(rel)?;
        let file = fs::File::create(&path).map_err(|e| Error::io("writing", &path, e))?;
        let mut out = io::BufWriter::with_capacity(256 * 1024, file);
        fill(&mut out)
            .and_then(|()| out.flush())
            .map_err(|e| Error::io("writing", &path, e))
    }
}

/// Makes `p` absolute without requiring it to exist, resolving symlinks of the part that does.
fn absolute(p: &Path) -> Result<PathBuf> {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::io("reading", ".", e))?
            .join(p)
    };
    // Resolve `.` and `..` lexically first, then canonicalise the longest existing ancestor
    // (resolving symlinks) and re-append the rest.
    let mut lexical = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut existing = lexical;
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for part in rest.into_iter().rev() {
        out.push(part);
    }
    Ok(out)
}

/// Refuses output folders whose replacement would destroy sources or a home folder.
pub fn check_output_path(root: &Path, target: &Path) -> Result<()> {
    let target = absolute(target)?;
    let root = absolute(root)?;
    let refuse = |why: &str| {
        Err(Error::Output(format!(
            "từ chối ghi vào {} ({why}); choose another --output folder, e.g. {}",
            target.display(),
            root.join("public").display()
        )))
    };
    if target.parent().is_none() {
        return refuse("it is the file-system root");
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if let Ok(home) = absolute(&home) {
            if target == home {
                return refuse("it is the home folder");
            }
        }
    }
    if root.starts_with(&target) {
        return refuse("it is or contains the site folder");
    }
    for source in ["content", "themes", "templates", "static", "data"] {
        if target.starts_with(root.join(source)) {
            return refuse(&format!("it is inside the site's {source}/ folder"));
        }
    }
    Ok(())
}

/// Files in `target` that bantin did not write. Refuses when there are any and `force` is
/// off, naming a few.
fn foreign_files(target: &Path, force: bool) -> Result<Vec<String>> {
    if !target.exists() {
        return Ok(Vec::new());
    }
    if !target.is_dir() {
        return Err(Error::Output(format!(
            "{} là một tệp, không phải thư mục (the output path is a file)",
            target.display()
        )));
    }
    let listed_any = target.join(MANIFEST).exists();
    let foreign = unlisted_files(target)?;
    if !foreign.is_empty() && !force {
        let shown: Vec<_> = foreign.iter().take(5).cloned().collect();
        let what = if !listed_any {
            "thư mục không do bantin tạo (a non-empty folder bantin did not create)"
        } else {
            "thư mục có tệp không do bantin ghi (files bantin did not write)"
        };
        return Err(Error::Output(format!(
            "từ chối ghi vào {}: {what}: {}{}; move them into static/ (copied on every build), \
             choose another --output, or pass --force to keep them untouched beside the site",
            target.display(),
            shown.join(", "),
            if foreign.len() > 5 { ", …" } else { "" }
        )));
    }
    Ok(foreign)
}

fn read_manifest(dir: &Path) -> BTreeSet<String> {
    fs::read_to_string(dir.join(MANIFEST))
        .map(|s| {
            s.lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Files (and symlinks) in an output folder that its manifest does not list.
fn unlisted_files(dir: &Path) -> Result<Vec<String>> {
    let listed = read_manifest(dir);
    Ok(files_under(dir)?
        .into_iter()
        .filter(|rel| rel != MANIFEST && rel != STAGING_MARKER && !listed.contains(rel))
        .collect())
}

/// Every file and symlink under `dir` (relative, `/`-separated, sorted); symlinks are never
/// followed. The top-level folders are walked in parallel: an output of 10,000 documents has
/// some 20,000 folders, and reading them one by one was a good part of a build.
fn files_under(dir: &Path) -> Result<Vec<String>> {
    let top: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| Error::io("reading", dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    let lists = top
        .par_iter()
        .map(|start| {
            let mut out = Vec::new();
            // walkdir always follows its root when that is a symlink: list it, don't walk it.
            if !is_real_dir(start) {
                out.push(relative_name(dir, start));
                return Ok(out);
            }
            for entry in walkdir::WalkDir::new(start) {
                let entry = entry
                    .map_err(|e| Error::Output(format!("cannot read {}: {e}", dir.display())))?;
                if !entry.file_type().is_dir() {
                    out.push(relative_name(dir, entry.path()));
                }
            }
            Ok(out)
        })
        .collect::<Result<Vec<Vec<String>>>>()?;
    let mut files: Vec<String> = lists.into_iter().flatten().collect();
    files.sort_unstable();
    Ok(files)
}

/// A folder, not a symlink to one.
fn is_real_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

fn relative_name(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default()
}

/// Refuses a build whose pages would land on (or inside, or above) a file bantin did not
/// write, before anything is swapped.
fn check_foreign_conflicts(
    old: &Path,
    foreign: &[String],
    written: &BTreeSet<String>,
) -> Result<()> {
    for rel in foreign {
        let prefix = format!("{rel}/");
        let clash = written.contains(rel)
            || written
                .range(prefix.clone()..)
                .next()
                .is_some_and(|w| w.starts_with(&prefix))
            || rel
                .match_indices('/')
                .any(|(i, _)| written.contains(&rel[..i]));
        if clash {
            return Err(Error::Output(format!(
                "{} không do bantin ghi nhưng trùng với một trang mới (a file bantin did not write would be replaced); move it away",
                old.join(rel).display()
            )));
        }
    }
    Ok(())
}

/// Moves files bantin did not write from the old output into the new one, so the swap
/// loses none of them. One that cannot move stays in `old`, which is then kept.
fn carry_foreign_files(old: &Path, new: &Path, foreign: &[String]) -> Result<()> {
    for rel in foreign {
        let to = new.join(rel);
        if fs::symlink_metadata(&to).is_ok() {
            return Err(Error::Output(format!(
                "{} không do bantin ghi và không chuyển được sang {} (a file bantin did not write could not be carried over); move it by hand",
                old.join(rel).display(),
                new.display()
            )));
        }
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
        }
        fs::rename(old.join(rel), &to).map_err(|e| Error::io("moving", old.join(rel), e))?;
    }
    Ok(())
}

/// Finishes what a build killed during its commit left beside the output: the previous
/// output swapped out (manifest, no marker), or the new one not yet swapped in. Only files
/// listed in a manifest are deleted; foreign files move into the output as the commit
/// would have done.
fn recover(staging: &Path, target: &Path) -> Result<()> {
    // The two-rename fallback of `swap` parks the old output here for a moment.
    let aside = staging.with_extension("old");
    if aside.join(MANIFEST).exists() {
        if target.exists() {
            carry_foreign_files(&aside, target, &unlisted_files(&aside)?)?;
            remove_listed(&aside)?;
        } else {
            fs::rename(&aside, target).map_err(|e| Error::io("renaming", &aside, e))?;
        }
    }
    if staging.exists() && !staging.join(STAGING_MARKER).exists() {
        if staging.join(MANIFEST).exists() && target.is_dir() {
            carry_foreign_files(staging, target, &unlisted_files(staging)?)?;
        }
        // Deletes listed files and empty folders only; anything else keeps the folder,
        // which `Staging::new` then refuses to touch.
        remove_listed(staging)?;
    }
    Ok(())
}

/// Exchanges two folders atomically where the OS can (Linux), so at every instant the
/// output path holds a complete site.
fn swap(staging: &Path, target: &Path) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, staging, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(rustix::io::Errno::INVAL) | Err(rustix::io::Errno::NOSYS) => {}
            Err(e) => return Err(Error::io("swapping", target, e.into())),
        }
    }
    // Fallback: two renames; in between, the old site is complete under `aside`.
    let aside = staging.with_extension("old");
    fs::rename(target, &aside).map_err(|e| Error::io("renaming", target, e))?;
    fs::rename(staging, target).map_err(|e| Error::io("renaming", staging, e))?;
    fs::rename(&aside, staging).map_err(|e| Error::io("renaming", &aside, e))
}

/// Deletes the files an old output's manifest lists, then its empty folders, then the
/// folder itself if nothing else is left.
fn remove_listed(dir: &Path) -> Result<()> {
    let listed = read_manifest(dir);
    let top: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => return Ok(()),
    };
    // One walk per top-level folder, in parallel, children before their folder: a listed
    // file goes, then its folder if that left it empty. The walk never follows a symlink,
    // so nothing outside `dir` is reached through one.
    top.par_iter().for_each(|start| {
        // walkdir always follows its root when that is a symlink: never walk one.
        if !is_real_dir(start) {
            if listed.contains(&relative_name(dir, start)) {
                let _ = fs::remove_file(start);
            }
            return;
        }
        for entry in walkdir::WalkDir::new(start)
            .contents_first(true)
            .into_iter()
            .filter_map(|e| e.ok())
        {
            if entry.file_type().is_dir() {
                let _ = fs::remove_dir(entry.path());
            } else if listed.contains(&relative_name(dir, entry.path())) {
                let _ = fs::remove_file(entry.path());
            }
        }
    });
    let _ = fs::remove_file(dir.join(MANIFEST));
    let _ = fs::remove_dir(dir);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_may_not_escape() {
        assert!(check_relative("van-ban/x/index.html").is_ok());
        for bad in ["", "../x", "/etc/passwd", "a/../../b", "a\\b"] {
            assert!(check_relative(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dangerous_outputs_are_refused() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        assert!(check_output_path(root, root).is_err());
        assert!(check_output_path(root, &root.join("content")).is_err());
        assert!(check_output_path(root, &root.join("content/x")).is_err());
        assert!(check_output_path(root, &root.join("themes")).is_err());
        assert!(check_output_path(root, root.parent().unwrap()).is_err());
        assert!(check_output_path(root, Path::new("/")).is_err());
        assert!(check_output_path(root, &root.join("public")).is_ok());
        assert!(check_output_path(root, &root.join("content/../public")).is_ok());
        assert!(check_output_path(root, &root.join("public/../content")).is_err());
    }

    #[test]
    fn a_committed_build_replaces_only_its_own_files() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let s = Staging::new(site.path(), &out, false).unwrap();
        s.write("a/index.html", b"1").unwrap();
        s.write("old.html", b"1").unwrap();
        s.commit().unwrap();
        let s = Staging::new(site.path(), &out, false).unwrap();
        s.write("a/index.html", b"2").unwrap();
        assert!(
            s.write("a/index.html", b"3").is_err(),
            "duplicate output path"
        );
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"2");
        assert!(!out.join("old.html").exists());
        assert!(!site.path().join(".public.bantin-tmp").exists());
    }

    #[test]
    fn foreign_files_are_refused_or_kept_with_force() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("mine.txt"), b"keep me").unwrap();
        assert!(Staging::new(site.path(), &out, false).is_err());
        let s = Staging::new(site.path(), &out, true).unwrap();
        s.write("index.html", b"x").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("mine.txt")).unwrap(), b"keep me");
        // Next build: the foreign file is still not bantin's, still kept with --force.
        let s = Staging::new(site.path(), &out, true).unwrap();
        s.write("index.html", b"y").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("mine.txt")).unwrap(), b"keep me");
    }

    #[test]
    fn a_commit_killed_after_the_swap_is_finished_by_the_next_build() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let left = site.path().join(".public.bantin-tmp");
        // The old output, swapped out but not yet cleaned, still holding a foreign file.
        fs::create_dir_all(left.join("a")).unwrap();
        fs::write(left.join("a/index.html"), b"old").unwrap();
        fs::write(left.join("notes.txt"), b"keep me").unwrap();
        fs::write(left.join(MANIFEST), "a/index.html\n").unwrap();
        // The new output, already in place.
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("b.html"), b"new").unwrap();
        fs::write(out.join(MANIFEST), "b.html\n").unwrap();
        let s = Staging::new(site.path(), &out, true).unwrap();
        assert!(!left.join("a").exists());
        assert_eq!(fs::read(out.join("notes.txt")).unwrap(), b"keep me");
        s.write("b.html", b"newer").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("notes.txt")).unwrap(), b"keep me");
        assert!(!left.exists());
    }

    #[test]
    fn a_commit_killed_before_the_swap_leaves_the_old_output() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let s = Staging::new(site.path(), &out, false).unwrap();
        s.write("index.html", b"old").unwrap();
        s.commit().unwrap();
        // The complete new site, its marker already removed, not yet swapped in.
        let left = site.path().join(".public.bantin-tmp");
        fs::create_dir_all(&left).unwrap();
        fs::write(left.join("index.html"), b"new").unwrap();
        fs::write(left.join(MANIFEST), "index.html\n").unwrap();
        let s = Staging::new(site.path(), &out, false).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
        s.abandon();
        assert!(!left.exists());
    }

    #[test]
    fn a_leftover_with_foreign_files_is_never_deleted() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let left = site.path().join(".public.bantin-tmp");
        fs::create_dir_all(&left).unwrap();
        fs::write(left.join("mine.txt"), b"x").unwrap();
        assert!(Staging::new(site.path(), &out, false).is_err());
        assert_eq!(fs::read(left.join("mine.txt")).unwrap(), b"x");
    }

    #[cfg(unix)]
    #[test]
    fn removal_never_follows_a_symlinked_folder() {
        let site = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("x.html"), b"precious").unwrap();
        let old = site.path().join("old");
        fs::create_dir_all(&old).unwrap();
        // The manifest lists d/x.html, but d has become a link to a folder elsewhere.
        fs::write(old.join(MANIFEST), "d/x.html\n").unwrap();
        std::os::unix::fs::symlink(outside.path(), old.join("d")).unwrap();
        remove_listed(&old).unwrap();
        assert_eq!(
            fs::read(outside.path().join("x.html")).unwrap(),
            b"precious"
        );
    }

    #[test]
    fn abandoning_leaves_the_old_output() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let s = Staging::new(site.path(), &out, false).unwrap();
        s.write("index.html", b"old").unwrap();
        s.commit().unwrap();
        let s = Staging::new(site.path(), &out, false).unwrap();
        s.write("index.html", b"new").unwrap();
        s.abandon();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
    }
}

/// Pages kept in memory: used by `bantin check` (render without writing) and `bantin serve`.
#[derive(Debug, Default)]
pub struct MemorySink {
    files: Mutex<std::collections::BTreeMap<String, Vec<u8>>>,
}

impl MemorySink {
    /// The files written, by relative path.
    pub fn into_files(self) -> std::collections::BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_default()
    }
}

impl Sink for MemorySink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        check_relative(rel)?;
        let mut files = self
            .files
            .lock()
            .map_err(|_| Error::Output("internal lock poisoned".into()))?;
        if files.insert(rel.to_string(), bytes.to_vec()).is_some() {
            return Err(Error::Output(format!(
                "hai trang cùng ghi vào \"{rel}\" (two pages on one output path); check slugs, aliases and static files"
            )));
        }
        Ok(())
    }
}
