//! The serve build engine: the last good site model and every output file in memory.
//!
//! Two ways to build:
//! - a **build** ([`Job`]): load the whole model and render the whole site into memory, exactly
//!   as `bantin build --drafts` would. It runs on its own thread so the server stays
//!   responsive, and browsers reload only the pages whose bytes changed;
//! - an **incremental update** ([`Engine::preview`] of a document): the edited file is
//!   loaded alone and put into the last good model in place of its old version
//!   ([`crate::site::update`]: document re-analysed and moved to its place, indices updated
//!   term by term), then only the pages it changed are rendered
//!   ([`crate::render::partial`]: its page, the term pages whose lists changed, the hubs
//!   whose term lists changed, the home page), each with the bytes a full build gives it —
//!   in tens of milliseconds however large the site. Body and front matter edits alike,
//!   as long as no file appears or goes and every directive cited is already known; the
//!   build that follows brings what is not a page (search index, feeds, sitemap,
//!   `documents.json`) up to date;
//! - a **preview** of a plain page (`content/trang/…`) whose body alone changed: its page
//!   rendered from a pruned site. Exact only if the page depends on nothing but its source:
//!   after each build the engine renders a few sample pages alone and compares them with
//!   the full output; previews are used only when they match.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::content::{self, Document, Kind};
use crate::error::Diagnostic;
use crate::index::Taxonomy;
use crate::output::MemorySink;
use crate::render::pages::render_site;
use crate::render::partial::{self, Part};
use crate::render::templates::Theme;
use crate::site::update::{self, IssuerSlugs};
use crate::site::{BuildOptions, Site, SiteDoc, Urls};

/// The output files by path relative to the site root (`van-ban/x/index.html`): those of
/// the last build plus a small patch of previewed pages, so that a preview costs what its
/// page costs however large the site. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Files {
    base: Arc<HashMap<String, Arc<[u8]>>>,
    /// Files previews replaced (`Some`) or removed (`None`).
    patch: Arc<HashMap<String, Option<Arc<[u8]>>>>,
}

impl Files {
    /// A set of files with no patch.
    pub fn new(files: HashMap<String, Arc<[u8]>>) -> Files {
        Files {
            base: Arc::new(files),
            patch: Arc::default(),
        }
    }

    /// The bytes of `path`.
    pub fn get(&self, path: &str) -> Option<&Arc<[u8]>> {
        match self.patch.get(path) {
            Some(entry) => entry.as_ref(),
            None => self.base.get(path),
        }
    }

    /// True when `path` exists.
    pub fn contains(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// Every path, sorted.
    pub fn paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self
            .base
            .keys()
            .filter(|p| !self.patch.contains_key(*p))
            .chain(
                self.patch
                    .iter()
                    .filter(|(_, b)| b.is_some())
                    .map(|(p, _)| p),
            )
            .cloned()
            .collect();
        paths.sort();
        paths
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.base.len()
            + self
                .patch
                .iter()
                .filter(|(p, b)| b.is_some() && !self.base.contains_key(*p))
                .count()
            - self
                .patch
                .iter()
                .filter(|(p, b)| b.is_none() && self.base.contains_key(*p))
                .count()
    }

    /// True when there are no files.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// These files with `edits` applied (`None` removes).
    fn patched(&self, edits: Vec<(String, Option<Arc<[u8]>>)>) -> Files {
        let mut patch = (*self.patch).clone();
        patch.extend(edits);
        Files {
            base: self.base.clone(),
            patch: Arc::new(patch),
        }
    }

    /// Paths whose bytes differ between `self` and `other`, sorted (a full comparison).
    pub fn changed_since(&self, other: &Files) -> Vec<String> {
        let mut changed: Vec<String> = self
            .paths()
            .into_iter()
            .filter(|p| match (self.get(p), other.get(p)) {
                (Some(a), Some(b)) => !Arc::ptr_eq(a, b) && a != b,
                _ => true,
            })
            .collect();
        changed.extend(other.paths().into_iter().filter(|p| !self.contains(p)));
        changed.sort();
        changed
    }
}

/// What changed on disk, sorted by how much of the site it can reach.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Markdown files under `content/` (absolute paths), created, modified or removed.
    pub content: std::collections::BTreeSet<PathBuf>,
    /// Other paths under `content/`: attachments, folders.
    pub assets: std::collections::BTreeSet<PathBuf>,
    /// A static file (site `static/` or a theme's `static/`).
    pub statics: bool,
    /// Templates, theme strings, `config.toml` or `data/`.
    pub everything: bool,
}

impl Changes {
    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.content.is_empty() && self.assets.is_empty() && !self.statics && !self.everything
    }

    /// Adds the changes of `other`.
    pub fn merge(&mut self, other: Changes) {
        self.content.extend(other.content);
        self.assets.extend(other.assets);
        self.statics |= other.statics;
        self.everything |= other.everything;
    }

    /// The one Markdown file changed, when that is all that changed.
    pub fn single_document(&self) -> Option<&Path> {
        match (
            self.content.len(),
            self.assets.is_empty(),
            self.statics,
            self.everything,
        ) {
            (1, true, false, false) => self.content.iter().next().map(PathBuf::as_path),
            _ => None,
        }
    }
}

/// How a set of files was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildKind {
    /// The whole model loaded and the whole site rendered.
    Full,
    /// One plain page re-rendered from its new body.
    Preview,
    /// One document replaced in the model; its page and the home page re-rendered (and
    /// the index pages it changed, when made by [`Engine::preview`]).
    Incremental,
    /// The index pages of the last incremental update ([`Engine::finish`]).
    Lists,
}

/// A successful build or preview.
#[derive(Debug, Clone)]
pub struct Update {
    /// How it was made.
    pub kind: BuildKind,
    /// Files added, removed or changed since the files served before, sorted.
    pub changed: Vec<String>,
    /// Files rendered.
    pub rendered: usize,
    /// Documents in the site.
    pub documents: usize,
    /// Files in the site.
    pub files: usize,
    /// Warnings of the model (builds only).
    pub warnings: Vec<Diagnostic>,
    /// Wall time.
    pub elapsed: Duration,
}

/// The folder (or file) a page URL writes into: `/van-ban/x/` → `van-ban/x/`.
fn dir_of(urls: &Urls, url: &str) -> String {
    let file = urls.file_of(url);
    match file.strip_suffix("index.html") {
        Some(dir) => dir.to_string(),
        None => file,
    }
}

/// The document or plain page (by URL) whose folder holds `path`, if any.
fn page_owner<'a>(dirs: &'a HashMap<String, String>, path: &str) -> Option<&'a str> {
    if let Some(url) = dirs.get(path) {
        return Some(url);
    }
    path.rmatch_indices('/')
        .find_map(|(i, _)| dirs.get(&path[..=i]))
        .map(String::as_str)
}

/// Folder → URL of every document and plain page.
fn page_dirs(site: &Site) -> HashMap<String, String> {
    let u = &site.urls;
    let mut dirs: HashMap<String, String> = site
        .documents
        .iter()
        .map(|d| (dir_of(u, &d.url), d.url.clone()))
        .chain(site.pages.iter().map(|p| {
            let url = u.page(&p.slug);
            (dir_of(u, &url), url)
        }))
        .collect();
    dirs.remove("");
    dirs
}

/// The last good build.
pub struct Good {
    site: Site,
    theme: Theme,
    files: Files,
    /// Folder → URL of each document and page.
    dirs: HashMap<String, String>,
    /// URL of each document and page → its files.
    by_page: HashMap<String, Vec<String>>,
    /// Previews are exact; `Some(true)`: also when rendered without the site's `static/`.
    preview: Option<bool>,
    /// Index terms with every document position taken out, for pruned sites.
    empty_taxonomies: Vec<Taxonomy>,
    /// What incremental updates keep between edits; `None` when they are not possible
    /// (issuer slugs depend on document order) or one failed.
    incremental: Option<Incremental>,
    /// Documents updated incrementally since the build.
    edits: usize,
    /// Index pages of the last incremental update still to render.
    pending: Option<partial::Plan>,
    /// Incremental updates of the build served when this one started.
    edits_before: usize,
    /// How long the build took.
    elapsed: Duration,
}

/// State kept for incremental updates.
struct Incremental {
    /// Every document's list entry and the hubs' lists, as rendered.
    kept: partial::Kept,
    /// The issuer spellings and slugs of the documents.
    issuers: IssuerSlugs,
}

impl Good {
    /// The report of a partial update (preview or incremental) that changed `changed`.
    fn update(
        &self,
        kind: BuildKind,
        changed: Vec<String>,
        rendered: usize,
        started: Instant,
    ) -> Update {
        Update {
            kind,
            changed,
            rendered,
            documents: self.site.documents.len(),
            files: self.files.len(),
            warnings: Vec::new(),
            elapsed: started.elapsed(),
        }
    }

    /// Serves `files` in place of the current ones and removes `removed`; the paths whose
    /// bytes changed, sorted.
    fn apply(&mut self, files: BTreeMap<String, Vec<u8>>, removed: Vec<String>) -> Vec<String> {
        let mut edits: Vec<(String, Option<Arc<[u8]>>)> = Vec::new();
        let mut changed = Vec::new();
        for p in removed {
            if self.files.contains(&p) {
                edits.push((p.clone(), None));
                changed.push(p);
            }
        }
        for (p, bytes) in files {
            if self.files.get(&p).is_none_or(|old| old[..] != bytes[..]) {
                changed.push(p.clone());
                edits.push((p, Some(Arc::from(bytes))));
            }
        }
        changed.sort();
        self.files = self.files.patched(edits);
        changed
    }
}

/// A full build, ready to run on any thread.
pub struct Job {
    root: PathBuf,
    options: BuildOptions,
    shadow: Option<PathBuf>,
    /// The files served when the build started: unchanged files share their bytes.
    old: Files,
    /// Incremental updates of the build served when this one started.
    edits_before: usize,
}

/// Keeps rendered files in memory, reusing the bytes of `old` for every file that came out
/// the same, so a rebuild holds one copy of what did not change.
struct SharingSink<'a> {
    old: &'a Files,
    files: std::sync::Mutex<HashMap<String, Arc<[u8]>>>,
}

impl crate::output::Sink for SharingSink<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> crate::Result<()> {
        crate::output::check_relative(rel)?;
        let shared = match self.old.get(rel) {
            Some(old) if old[..] == *bytes => old.clone(),
            _ => Arc::from(bytes),
        };
        let mut files = self
            .files
            .lock()
            .map_err(|_| crate::Error::Output("internal lock poisoned".into()))?;
        if files.insert(rel.to_string(), shared).is_some() {
            return Err(crate::Error::Output(format!(
                "hai trang cùng ghi vào \"{rel}\" (two pages on one output path); check slugs, aliases and static files"
            )));
        }
        Ok(())
    }
}

impl Job {
    /// Loads and renders the whole site, then checks which pages render alone. On failure,
    /// every diagnostic (errors first).
    pub fn run(self) -> Result<Box<Good>, Vec<Diagnostic>> {
        let started = Instant::now();
        let mut site = Site::load(&self.root, self.options.clone()).map_err(sorted)?;
        let theme = Theme::load(&self.root, &site.config.theme).map_err(sorted_vec)?;
        let sink = SharingSink {
            old: &self.old,
            files: Default::default(),
        };
        render_guarded(&site, &theme, &sink).map_err(sorted_vec)?;
        let files = sink.files.into_inner().unwrap_or_default();
        let dirs = page_dirs(&site);
        let mut by_page: HashMap<String, Vec<String>> = HashMap::new();
        for p in files.keys() {
            if let Some(url) = page_owner(&dirs, p) {
                by_page.entry(url.to_string()).or_default().push(p.clone());
            }
        }
        let empty_taxonomies = empty_like(&mut site.taxonomies);
        let t = Instant::now();
        let incremental = match (partial::Kept::new(&site, &theme), IssuerSlugs::of(&site)) {
            (Ok(kept), Some(issuers)) => Some(Incremental { kept, issuers }),
            _ => None,
        };
        if debugging() {
            eprintln!(
                "bantin serve: incremental state ({}) in {:?}",
                incremental.is_some(),
                t.elapsed()
            );
        }
        let mut good = Good {
            site,
            theme,
            files: Files::new(files),
            dirs,
            by_page,
            preview: None,
            empty_taxonomies,
            incremental,
            edits: 0,
            pending: None,
            edits_before: self.edits_before,
            elapsed: Duration::ZERO,
        };
        good.preview = probe(&mut good, self.shadow.as_deref());
        if debugging() {
            eprintln!("bantin serve: previews exact: {:?}", good.preview);
        }
        good.elapsed = started.elapsed();
        Ok(Box::new(good))
    }
}

fn sorted(e: crate::error::Error) -> Vec<Diagnostic> {
    sorted_vec(e.diagnostics())
}

fn sorted_vec(mut d: Vec<Diagnostic>) -> Vec<Diagnostic> {
    d.sort_by_key(|d| !d.is_error());
    d
}

/// Builds and rebuilds one site in memory.
pub struct Engine {
    root: PathBuf,
    options: BuildOptions,
    good: Option<Box<Good>>,
    /// A folder holding only a `content` link to the site's, so previews render without
    /// reading `static/` (unix only).
    shadow: Option<PathBuf>,
}

impl Engine {
    /// An engine for the site in `root` (an absolute path). Nothing is built yet.
    pub fn new(root: &Path, options: BuildOptions) -> Engine {
        Engine {
            root: root.to_path_buf(),
            options,
            good: None,
            shadow: make_shadow(root),
        }
    }

    /// A full build of the site as it is on disk now.
    pub fn job(&self) -> Job {
        Job {
            root: self.root.clone(),
            options: self.options.clone(),
            shadow: self.shadow.clone(),
            old: self.files(),
            edits_before: self.good.as_ref().map_or(0, |g| g.edits),
        }
    }

    /// Makes a finished build the current one.
    pub fn install(&mut self, good: Box<Good>) -> Update {
        let changed = good.files.changed_since(&self.files());
        let edited = self
            .good
            .as_ref()
            .is_some_and(|g| g.edits > 0 && g.edits == good.edits_before);
        if debugging() && edited {
            // Self-check: after incremental updates (none while this build read the files),
            // a full build changes only what they leave to it.
            let pages: Vec<&String> = changed.iter().filter(|p| !left_to_builds(p)).collect();
            eprintln!(
                "bantin serve: full build after incremental updates: {} files changed, pages among them: {pages:?}",
                changed.len()
            );
        }
        let update = Update {
            kind: BuildKind::Full,
            changed,
            rendered: good.files.len(),
            documents: good.site.documents.len(),
            files: good.files.len(),
            warnings: good.site.warnings.clone(),
            elapsed: good.elapsed,
        };
        self.good = Some(good);
        update
    }

    /// Every output file of the current build (with previews applied).
    pub fn files(&self) -> Files {
        self.good
            .as_ref()
            .map(|g| g.files.clone())
            .unwrap_or_default()
    }

    /// The URL root of the current build (`/` or `/bantin/`).
    pub fn url_root(&self) -> Option<&str> {
        self.good.as_ref().map(|g| g.site.urls.root.as_str())
    }

    /// True when single-document edits can be shown before the rebuild.
    pub fn previews(&self) -> bool {
        self.good
            .as_ref()
            .is_some_and(|g| g.preview.is_some() || g.incremental.is_some())
    }

    /// Shows the edit of the document at `path` completely: [`Engine::edit`], then
    /// [`Engine::finish`], as one update.
    pub fn preview(&mut self, path: &Path) -> Option<Update> {
        let mut update = self.edit(path)?;
        if let Some(lists) = self.finish() {
            update.changed.extend(lists.changed);
            update.changed.sort();
            update.changed.dedup();
            update.rendered += lists.rendered;
            update.files = lists.files;
            update.elapsed += lists.elapsed;
        }
        Some(update)
    }

    /// The first part of showing the edit of one file at once, the page the author looks
    /// at: for a document, the edit is applied to the model (see the module docs) and its
    /// page and the home page re-rendered, the index pages it changed are left to
    /// [`Engine::finish`]; for a plain page whose body alone changed, its page. `None` when
    /// the edit needs a full build: the file is unknown, broken or unchanged, it cites a
    /// directive the model does not know, its URL, aliases or attachments changed … A full
    /// build must follow either way (for what is not a page: feeds, search index, sitemap).
    pub fn edit(&mut self, path: &Path) -> Option<Update> {
        if let Some(good) = self.good.as_mut() {
            good.pending = None;
        }
        match self.incremental(path) {
            Some(update) => Some(update),
            None => self.preview_page(path),
        }
    }

    /// The index pages (term pages, hubs) of the last [`Engine::edit`] of a document, if any
    /// are left to render.
    pub fn finish(&mut self) -> Option<Update> {
        let started = Instant::now();
        let good = self.good.as_mut()?;
        let plan = good.pending.take()?;
        if plan.pages(Part::Lists) == 0 && plan.removed.is_empty() {
            return None;
        }
        let inc = good.incremental.as_mut()?;
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            partial::render_plan(&good.site, &good.theme, &mut inc.kept, &plan, Part::Lists)
        }));
        let Ok(Ok(files)) = outcome else {
            // The model moved on without its pages: the full build that follows replaces
            // them; no more increments until then.
            if debugging() {
                eprintln!("bantin serve: index pages of an incremental update failed");
            }
            good.incremental = None;
            return None;
        };
        let rendered = files.len();
        let changed = good.apply(files, plan.removed);
        if debugging() {
            eprintln!(
                "bantin serve: incremental index pages: {rendered} rendered, {} changed, in {:?}",
                changed.len(),
                started.elapsed()
            );
        }
        Some(good.update(BuildKind::Lists, changed, rendered, started))
    }

    /// The document part of [`Engine::edit`].
    fn incremental(&mut self, path: &Path) -> Option<Update> {
        let started = Instant::now();
        let good = self.good.as_mut()?;
        let rel = content::relative(&self.root, path);
        // Compared as strings: comparing paths component by component costs milliseconds
        // over ten thousand documents.
        let index = good
            .site
            .documents
            .iter()
            .position(|d| d.doc.source.as_os_str() == rel.as_os_str())?;
        let inc = good.incremental.as_mut()?;
        let old = &good.site.documents[index].doc;
        let (Some(new), diagnostics) = content::load_file(&self.root, path, old.kind) else {
            return None;
        };
        let unchanged = new.meta == old.meta && !old.body_released && new.body == old.body;
        if diagnostics.iter().any(Diagnostic::is_error) || unchanged {
            return None;
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let replaced = update::replace_document(&mut good.site, &mut inc.issuers, index, new)
                .map_err(|why| format!("{why:?}"))?;
            let modelled = started.elapsed();
            let (site, theme, kept) = (&good.site, &good.theme, &mut inc.kept);
            let pages = partial::plan_edit(site, theme, kept, &replaced).and_then(|plan| {
                let files = partial::render_plan(site, theme, kept, &plan, Part::Page)?;
                Ok((plan, files))
            });
            Ok::<_, String>((modelled, pages.map_err(|e| format!("render: {e}"))))
        }));
        let (modelled, plan, files) = match outcome {
            Ok(Ok((modelled, Ok((plan, files))))) => (modelled, plan, files),
            Ok(Err(why)) => {
                if debugging() {
                    eprintln!("bantin serve: no incremental update ({why})");
                }
                return None;
            }
            failed => {
                // The model moved on without its pages: no more increments until the full
                // build replaces it.
                if debugging() {
                    let why = match failed {
                        Ok(Ok((_, Err(why)))) => why,
                        _ => "panic".to_string(),
                    };
                    eprintln!("bantin serve: incremental update failed ({why}); full build");
                }
                good.incremental = None;
                return None;
            }
        };
        let rendered = files.len();
        let changed = good.apply(files, Vec::new());
        good.edits += 1;
        if debugging() {
            eprintln!(
                "bantin serve: incremental update: model {modelled:?}, index pages found in {:?} ({} to render), page done after {:?}",
                plan.elapsed,
                plan.pages(Part::Lists),
                started.elapsed()
            );
        }
        good.pending = Some(plan);
        Some(good.update(BuildKind::Incremental, changed, rendered, started))
    }

    /// Re-renders the page of the document or plain page at `path` when only its body changed (front
    /// matter as in the current model). `None` for anything else: the file is unknown,
    /// broken, its front matter changed, or it cites a directive the model does not know.
    /// A full build must follow either way.
    fn preview_page(&mut self, path: &Path) -> Option<Update> {
        let started = Instant::now();
        let shadow = self.shadow.clone();
        let good = self.good.as_mut()?;
        let root = if good.preview? { shadow } else { None };
        let rel = content::relative(&self.root, path);
        let site = &mut good.site;
        let doc_index = site
            .documents
            .iter()
            .position(|d| d.doc.source.as_os_str() == rel.as_os_str());
        let page_index = site
            .pages
            .iter()
            .position(|p| p.source.as_os_str() == rel.as_os_str());
        let old: &Document = match (doc_index, page_index) {
            (Some(i), _) => &site.documents[i].doc,
            (None, Some(j)) => &site.pages[j],
            _ => return None,
        };
        let kind: Kind = old.kind;
        let (Some(new), diagnostics) = content::load_file(&self.root, path, kind) else {
            return None;
        };
        if diagnostics.iter().any(Diagnostic::is_error)
            || new.meta != old.meta
            || new.slug != old.slug
            || new.body_line != old.body_line
            || new.body == old.body
        {
            return None;
        }
        let (url, rendered) = match doc_index {
            Some(i) => {
                let d = &site.documents[i];
                // As the model does it: citations are found in the body.
                let province = d.province.era.map(|_| d.province.slug.as_str());
                let (found, errors, _) =
                    crate::site::directives::analyse(&new, province, &site.directives.registry);
                let unknown = found
                    .discovered
                    .iter()
                    .any(|info| site.directives.info(&info.id).is_none());
                if !errors.is_empty() || unknown {
                    return None;
                }
                let url = d.url.clone();
                let mut doc = site.documents[i].clone();
                doc.excerpt = crate::site::excerpt_of(&new);
                doc.doc = new;
                doc.directives = found;
                let out = render_docs(
                    site,
                    &good.theme,
                    &good.empty_taxonomies,
                    vec![doc.clone()],
                    root,
                );
                match out {
                    Ok(files) => {
                        site.documents[i] = doc;
                        (url, files)
                    }
                    Err(_) => return None,
                }
            }
            None => {
                let j = page_index?;
                let url = site.urls.page(&site.pages[j].slug);
                let old_page = std::mem::replace(&mut site.pages[j], new);
                match render_docs(site, &good.theme, &good.empty_taxonomies, Vec::new(), root) {
                    Ok(files) => (url, files),
                    Err(_) => {
                        site.pages[j] = old_page;
                        return None;
                    }
                }
            }
        };
        if debugging() {
            eprintln!(
                "bantin serve: preview rendered after {:?}",
                started.elapsed()
            );
        }
        let dirs = &good.dirs;
        let produced: BTreeMap<String, Vec<u8>> = rendered
            .into_iter()
            .filter(|(p, _)| page_owner(dirs, p) == Some(url.as_str()))
            .collect();
        let old_paths = good.by_page.get(&url).cloned().unwrap_or_default();
        let mut edits: Vec<(String, Option<Arc<[u8]>>)> = Vec::new();
        let mut changed = Vec::new();
        for p in old_paths.iter().filter(|p| !produced.contains_key(*p)) {
            edits.push((p.clone(), None));
            changed.push(p.clone());
        }
        let count = produced.len();
        for (p, bytes) in produced {
            if good.files.get(&p).is_none_or(|old| old[..] != bytes[..]) {
                changed.push(p.clone());
            }
            edits.push((p, Some(Arc::from(bytes))));
        }
        changed.sort();
        good.by_page.insert(
            url,
            edits
                .iter()
                .filter(|(_, b)| b.is_some())
                .map(|(p, _)| p.clone())
                .collect(),
        );
        good.files = good.files.patched(edits);
        if debugging() {
            eprintln!("bantin serve: preview done after {:?}", started.elapsed());
        }
        Some(good.update(BuildKind::Preview, changed, count, started))
    }
}

/// A folder in the temp dir holding one link, `content` → the site's `content/`: previews
/// render from it so the site's `static/` (which may be large) is not read for each one.
/// One per site, shared by every `serve` of it and left in place (a server stopped with
/// Ctrl+C could not remove it); those of sites that are gone are removed here.
fn make_shadow(root: &Path) -> Option<PathBuf> {
    #[cfg(unix)]
    {
        use std::hash::{Hash, Hasher};
        let base = std::env::temp_dir().join("bantin-serve");
        std::fs::create_dir_all(&base).ok()?;
        prune_shadows(&base);
        let mut h = std::collections::hash_map::DefaultHasher::new();
        root.hash(&mut h);
        let dir = base.join(format!("{:016x}", h.finish()));
        std::fs::create_dir_all(&dir).ok()?;
        let link = dir.join("content");
        let target = root.join("content");
        if std::fs::read_link(&link).ok().as_deref() != Some(target.as_path()) {
            let _ = std::fs::remove_file(&link);
            std::os::unix::fs::symlink(&target, &link).ok()?;
        }
        Some(dir)
    }
    #[cfg(not(unix))]
    {
        let _ = root;
        None
    }
}

/// Removes the shadows whose link leads nowhere (their site was deleted).
#[cfg(unix)]
fn prune_shadows(base: &Path) {
    for entry in std::fs::read_dir(base).into_iter().flatten().flatten() {
        let link = entry.path().join("content");
        if std::fs::read_link(&link).is_ok() && !link.exists() {
            let _ = std::fs::remove_file(&link);
            let _ = std::fs::remove_dir(entry.path());
        }
    }
}

/// Copies of the indices without terms.
fn empty_like(taxonomies: &mut [Taxonomy]) -> Vec<Taxonomy> {
    taxonomies
        .iter_mut()
        .map(|t| {
            let terms = std::mem::take(&mut t.terms);
            let empty = t.clone();
            t.terms = terms;
            empty
        })
        .collect()
}

/// `render_site` into memory; a panic becomes an error (a pruned site the renderer did not
/// expect must not take the server down).
fn render_guarded(
    site: &Site,
    theme: &Theme,
    sink: &dyn crate::output::Sink,
) -> Result<(), Vec<Diagnostic>> {
    let t = Instant::now();
    let result = match catch_unwind(AssertUnwindSafe(|| render_site(site, theme, sink))) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(e.diagnostics()),
        Err(_) => Err(vec![Diagnostic::error(
            "lỗi nội bộ khi tạo trang (internal error: the renderer panicked)",
        )
        .with_help(
            "restart `bantin serve`; if it happens again, report it with the file you edited",
        )]),
    };
    if debugging() {
        eprintln!(
            "bantin serve: rendered {} documents in {:?}",
            site.documents.len(),
            t.elapsed()
        );
    }
    result
}

/// Renders `site` with `documents` alone, no index terms and `root` (when given) in place of
/// its own, then puts its own back. Plain pages stay (every page may list them) and render.
fn render_docs(
    site: &mut Site,
    theme: &Theme,
    empty_taxonomies: &[Taxonomy],
    documents: Vec<SiteDoc>,
    root: Option<PathBuf>,
) -> Result<BTreeMap<String, Vec<u8>>, Vec<Diagnostic>> {
    let saved_docs = std::mem::replace(&mut site.documents, documents);
    let saved_taxonomies = std::mem::replace(&mut site.taxonomies, empty_taxonomies.to_vec());
    let saved_root = root.map(|r| std::mem::replace(&mut site.root, r));
    let sink = MemorySink::default();
    let result = render_guarded(site, theme, &sink);
    site.documents = saved_docs;
    site.taxonomies = saved_taxonomies;
    if let Some(r) = saved_root {
        site.root = r;
    }
    result.map(|()| sink.into_files())
}

/// Output files incremental updates leave to the full build that follows them: feeds, the
/// sitemap, the search index and `documents.json` (each covers the whole site).
fn left_to_builds(path: &str) -> bool {
    path.ends_with(".xml")
        || path.starts_with(crate::search::indexer::DIR)
        || path == "data/documents.json"
}

/// `BANTIN_SERVE_DEBUG=1` prints timings and what the probes find.
fn debugging() -> bool {
    std::env::var_os("BANTIN_SERVE_DEBUG").is_some()
}

/// Whether document and page pages render alone exactly as in the full output: a few
/// documents (first, middle, last, one with attachments) rendered in a pruned site, compared
/// byte for byte. `Some(true)` when that also holds without the site's `static/` folder.
fn probe(good: &mut Good, shadow: Option<&Path>) -> Option<bool> {
    let Good {
        site,
        theme,
        files,
        dirs,
        empty_taxonomies,
        ..
    } = good;
    let n = site.documents.len();
    let mut sample: Vec<usize> = vec![0, n / 2, n.saturating_sub(1)];
    sample.extend(
        site.documents
            .iter()
            .position(|d| !d.doc.meta.attachments.is_empty()),
    );
    sample.retain(|&i| i < n);
    sample.sort_unstable();
    sample.dedup();
    let mut wanted: HashSet<String> = sample
        .iter()
        .map(|&i| site.documents[i].url.clone())
        .collect();
    // Plain pages always render with the documents.
    wanted.extend(site.pages.iter().map(|p| site.urls.page(&p.slug)));
    for use_shadow in [true, false] {
        let root = match (use_shadow, shadow) {
            (true, Some(dir)) => Some(dir.to_path_buf()),
            (true, None) => continue,
            (false, _) => None,
        };
        let docs = sample.iter().map(|&i| site.documents[i].clone()).collect();
        let Ok(out) = render_docs(site, theme, empty_taxonomies, docs, root) else {
            continue;
        };
        let of_wanted = |p: &str| page_owner(dirs, p).is_some_and(|u| wanted.contains(u));
        let produced: Vec<(&String, &Vec<u8>)> = out.iter().filter(|(p, _)| of_wanted(p)).collect();
        let expected = files.paths().iter().filter(|p| of_wanted(p)).count();
        let differing = produced
            .iter()
            .find(|(p, b)| files.get(p).is_none_or(|f| f[..] != b[..]));
        if produced.len() == expected && differing.is_none() {
            return Some(use_shadow);
        }
        if debugging() {
            eprintln!(
                "bantin serve probe: {} files, {} expected; first differing: {:?}",
                produced.len(),
                expected,
                differing.map(|(p, _)| p)
            );
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_compare_and_patch() {
        let f = |pairs: &[(&str, &str)]| -> Files {
            Files::new(
                pairs
                    .iter()
                    .map(|(p, b)| (p.to_string(), Arc::from(b.as_bytes())))
                    .collect(),
            )
        };
        let old = f(&[("a", "1"), ("b", "2"), ("c", "3")]);
        let new = f(&[("a", "1"), ("b", "9"), ("d", "4")]);
        assert_eq!(new.changed_since(&old), vec!["b", "c", "d"]);
        let patched = old.patched(vec![
            ("b".into(), Some(Arc::from(&b"9"[..]))),
            ("c".into(), None),
            ("d".into(), Some(Arc::from(&b"4"[..]))),
        ]);
        assert_eq!(patched.paths(), vec!["a", "b", "d"]);
        assert_eq!(patched.len(), 3);
        assert!(!patched.contains("c"));
        assert_eq!(patched.get("b").map(|b| &b[..]), Some(&b"9"[..]));
        assert!(patched.changed_since(&new).is_empty());
    }

    #[test]
    fn files_belong_to_the_deepest_page_folder() {
        let dirs: HashMap<String, String> = [
            ("van-ban/x/".to_string(), "/van-ban/x/".to_string()),
            (
                "trang/gioi-thieu/".to_string(),
                "/trang/gioi-thieu/".to_string(),
            ),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            page_owner(&dirs, "van-ban/x/index.html"),
            Some("/van-ban/x/")
        );
        assert_eq!(
            page_owner(&dirs, "van-ban/x/phu-luc.pdf"),
            Some("/van-ban/x/")
        );
        assert_eq!(page_owner(&dirs, "van-ban/xy/index.html"), None);
        assert_eq!(page_owner(&dirs, "index.html"), None);
    }

    #[test]
    fn a_single_document_change_is_recognised() {
        let mut c = Changes::default();
        c.content.insert(PathBuf::from("/s/content/a.md"));
        assert_eq!(c.single_document(), Some(Path::new("/s/content/a.md")));
        c.statics = true;
        assert_eq!(c.single_document(), None);
    }
}
