//! `bantin serve`: builds the site with drafts into memory, serves it over HTTP, watches its
//! inputs, and updates the browser through server-sent events (or shows the error over the
//! last good page).
//!
//! An edit to one document — its body or its front matter — is applied to the kept model at
//! once (an incremental update, tens of milliseconds whatever the size of the site): its
//! page, the term pages whose lists it changed, the hubs and the home page get the bytes a
//! full build gives them. Then, once edits pause ([`ServeOptions::settle`]), the whole site
//! is rebuilt in memory on threads of its own, for what an incremental update leaves out:
//! feeds, the search index, the sitemap and `documents.json`; browsers refresh the pages
//! whose bytes changed. Any other change (new, deleted or renamed files, a directive the
//! site never saw, templates, static files, data, config, errors) goes straight to that
//! rebuild. The served site always ends equal to a fresh `bantin build --drafts`.
//!
//! Threads: a small pool answers HTTP requests from an immutable snapshot of the pages
//! (swapped after each update); each live-reload stream has its own thread; one builder
//! thread owns the [`Engine`] and the file watcher and hands rebuilds to a thread pool.

mod changes;
mod engine;
mod http;
mod live;
mod watch;

use std::collections::HashMap;
use std::io::IsTerminal;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub use changes::{classify, is_litter};
pub use engine::{BuildKind, Changes, Engine, Files, Update};
pub use http::{content_type, route, Route, EVENTS_PATH};
pub use live::{heading, inject, overlay_html, SCRIPT_START};

use crate::error::{Diagnostic, Error, Result};
use crate::site::BuildOptions;
use live::Hub;
use watch::{Message, Watcher};

/// After an edit shown at once (an incremental update or a preview), how long edits must
/// pause before the full rebuild starts, unless told otherwise ([`ServeOptions::settle`]).
/// The pages are right already; the rebuild brings the feeds, the search index, the sitemap
/// and `documents.json` up to date. Rebuilding a large site takes seconds and a core, so it
/// waits for the author to pause rather than slow down the next edits.
pub const SETTLE: Duration = Duration::from_secs(2);
/// After any other change, how long changes must pause before the rebuild starts (the tail
/// of a burst such as a `git checkout` joins the same rebuild).
const GATHER: Duration = Duration::from_millis(100);
/// A rebuild is not postponed longer than this by further edits shown at once.
const MAX_DEFER: Duration = Duration::from_secs(30);

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site folder.
    pub root: PathBuf,
    /// Address to listen on (127.0.0.1 unless told otherwise).
    pub bind: IpAddr,
    /// Port to try first; the next free one is used when it is busy (0: any free port).
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
    /// Print nothing (tests).
    pub quiet: bool,
    /// Interval of the keep-alive comments on live-reload streams.
    pub heartbeat: Duration,
    /// After an edit shown at once, how long edits must pause before the full rebuild.
    pub settle: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            root: PathBuf::from("."),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            open: false,
            quiet: false,
            heartbeat: Duration::from_secs(15),
            settle: SETTLE,
        }
    }
}

/// The pages as served at one moment.
pub(crate) struct Snapshot {
    /// Every output file.
    files: Files,
    /// URL root of the site (`/` or `/bantin/`).
    root: String,
    /// Bumped each time files change.
    gen: u64,
    /// This server process, so pages from an earlier one reload.
    instance: String,
    /// Errors of the last build, when it failed.
    errors: Vec<Diagnostic>,
    /// The overlay showing them.
    overlay: Option<String>,
}

/// What the server is doing.
#[derive(Debug, Clone, Default)]
pub struct Status {
    /// Sets of changes fully handled since the server started.
    pub cycles: u64,
    /// True while changes are gathered or built, or a preview waits for its model reload.
    pub busy: bool,
    /// Generation of the served pages (bumped when files change).
    pub generation: u64,
    /// Errors shown in the overlay (none when the last build succeeded).
    pub errors: Vec<Diagnostic>,
    /// How the last build was made.
    pub last: Option<BuildKind>,
    /// Full builds since the start (the first included).
    pub builds: u64,
    /// Edits shown before the rebuild (incremental updates and previews) since the start.
    pub previews: u64,
    /// Incremental updates since the start: one document edit applied to the model and the
    /// pages it changed (its own, term pages, hubs, home) re-rendered before the rebuild.
    pub incremental: u64,
    /// True when single-document edits are previewed before the rebuild.
    pub previewing: bool,
    /// Open live-reload streams.
    pub clients: usize,
}

/// State shared by the HTTP threads, the event streams and the builder.
pub(crate) struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    hub: Hub,
    heartbeat: Duration,
    instance: String,
    status: Mutex<Status>,
    /// Generation at which each file last changed (pages check it when their stream opens).
    changed_at: Mutex<HashMap<String, u64>>,
}

impl Shared {
    /// The current pages.
    fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn set_snapshot(&self, s: Snapshot) {
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(s);
    }

    fn status<R>(&self, f: impl FnOnce(&mut Status) -> R) -> R {
        f(&mut self.status.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// Terminal output.
#[derive(Clone)]
struct Log {
    quiet: bool,
    color: bool,
    root: PathBuf,
}

impl Log {
    fn line(&self, s: &str) {
        if !self.quiet {
            eprintln!("{s}");
        }
    }

    fn diagnostics(&self, ds: &[Diagnostic]) {
        if !self.quiet {
            for d in ds {
                eprintln!("{}", crate::report::format(d, &self.root, self.color));
            }
        }
    }
}

/// A running server. Dropping it does not stop it; call [`Server::stop`].
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
    tx: Sender<Message>,
    threads: Vec<JoinHandle<()>>,
}

impl Server {
    /// Builds the site, starts watching it and listening. Returns once the first build is
    /// done (successful or not: a broken site is served with its errors).
    pub fn start(options: &ServeOptions) -> Result<Server> {
        let root = options
            .root
            .canonicalize()
            .map_err(|e| Error::io("reading", &options.root, e))?;
        let log = Log {
            quiet: options.quiet,
            color: std::io::stderr().is_terminal(),
            root: root.clone(),
        };
        let (tx, rx) = channel();
        let watcher = Watcher::start(&root, tx.clone())?;
        let instance = format!("{:x}{:x}", std::process::id(), nanos());
        let shared = Arc::new(Shared {
            snapshot: RwLock::new(Arc::new(Snapshot {
                files: Files::default(),
                root: "/".into(),
                gen: 0,
                instance: instance.clone(),
                errors: Vec::new(),
                overlay: None,
            })),
            hub: Hub::default(),
            heartbeat: options.heartbeat,
            instance,
            status: Mutex::default(),
            changed_at: Mutex::default(),
        });

        log.line(&format!(
            "Đang tạo trang {} (gồm cả bản dự thảo)…",
            root.display()
        ));
        let mut engine = Engine::new(
            &root,
            BuildOptions {
                drafts: true,
                base_url: None,
                ..Default::default()
            },
        );
        match engine.job().run() {
            Ok(good) => {
                let update = engine.install(good);
                log.diagnostics(&update.warnings);
                log.line(&format!(
                    "Đã tạo {} văn bản, {} tệp trong {} ms ({} cảnh báo)",
                    update.documents,
                    update.files,
                    update.elapsed.as_millis(),
                    update.warnings.len()
                ));
                publish_update(&shared, &engine, update, "", &log);
            }
            Err(diagnostics) => publish_failure(&shared, &root, diagnostics, &log),
        }
        shared.status(|s| s.previewing = engine.previews());

        let listener = bind(options.bind, options.port, &log)?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::Output(format!("cannot read the listening address: {e}")))?;
        let http = Arc::new(
            tiny_http::Server::from_listener(listener, None)
                .map_err(|e| Error::Output(format!("không mở được máy chủ (cannot serve): {e}")))?,
        );
        let stop = Arc::new(AtomicBool::new(false));
        let mut threads = Vec::new();
        let workers = std::thread::available_parallelism()
            .map(|n| n.get() * 2)
            .unwrap_or(4)
            .clamp(4, 16);
        for i in 0..workers {
            let (http, shared, stop) = (http.clone(), shared.clone(), stop.clone());
            let spawned = std::thread::Builder::new()
                .name(format!("bantin-http-{i}"))
                .spawn(move || serve_requests(&http, &shared, &stop));
            threads
                .push(spawned.map_err(|e| Error::Output(format!("cannot start a thread: {e}")))?);
        }
        {
            let (shared, log, tx_jobs) = (shared.clone(), log.clone(), tx.clone());
            let settle = options.settle;
            let spawned = std::thread::Builder::new()
                .name("bantin-build".into())
                .spawn(move || {
                    build_loop(engine, watcher, rx, tx_jobs, &shared, &root, &log, settle)
                });
            threads
                .push(spawned.map_err(|e| Error::Output(format!("cannot start a thread: {e}")))?);
        }
        let server = Server {
            addr,
            shared,
            stop,
            tx,
            threads,
        };
        log.line(&format!(
            "Đang phục vụ tại {} — tự tải lại khi tệp thay đổi; Ctrl+C để dừng",
            server.url()
        ));
        Ok(server)
    }

    /// The address listened on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// URL of the site's home page (`http://127.0.0.1:1111/`, with the base path).
    pub fn url(&self) -> String {
        let host = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
            IpAddr::V6(ip) if ip.is_unspecified() => "[::1]".to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
            ip => ip.to_string(),
        };
        format!(
            "http://{host}:{}{}",
            self.addr.port(),
            self.shared.snapshot().root
        )
    }

    /// What the server is doing now.
    pub fn status(&self) -> Status {
        let mut s = self.shared.status(|s| s.clone());
        let snapshot = self.shared.snapshot();
        s.generation = snapshot.gen;
        s.errors = snapshot.errors.clone();
        s.clients = self.shared.hub.count();
        s
    }

    /// Waits until more than `cycles` sets of changes have been handled and nothing is
    /// pending; the status then, or `None` after `timeout`.
    pub fn wait_for_cycle(&self, cycles: u64, timeout: Duration) -> Option<Status> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            let s = self.status();
            if s.cycles > cycles && !s.busy {
                return Some(s);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        None
    }

    /// Output paths of every file served, sorted.
    pub fn files(&self) -> Vec<String> {
        self.shared.snapshot().files.paths()
    }

    /// Stops listening, watching and building, and waits for the threads.
    pub fn stop(self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = self.tx.send(Message::Stop);
        for t in self.threads {
            let _ = t.join();
        }
        // Event streams end when their senders go.
        self.shared.hub.close();
    }
}

/// Serves the site until the process is stopped (Ctrl+C).
pub fn run(options: ServeOptions) -> Result<()> {
    let server = Server::start(&options)?;
    if options.open {
        if let Err(e) = open_browser(&server.url()) {
            eprintln!(
                "Không mở được trình duyệt ({e}); hãy mở {} (could not open a browser)",
                server.url()
            );
        }
    }
    loop {
        std::thread::park();
    }
}

fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default()
}

/// Listens on `port`, or the next free one (saying so), or any free one.
fn bind(ip: IpAddr, port: u16, log: &Log) -> Result<TcpListener> {
    let busy = |e: &std::io::Error| e.kind() == std::io::ErrorKind::AddrInUse;
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(20)
    };
    for p in port..=last {
        match TcpListener::bind((ip, p)) {
            Ok(l) => {
                if p != port {
                    log.line(&format!(
                        "Cổng {port} đang bận; dùng cổng {p} (port {port} is busy, using {p})"
                    ));
                }
                return Ok(l);
            }
            Err(e) if busy(&e) => continue,
            Err(e) => {
                return Err(Error::Output(format!(
                    "không lắng nghe được trên {ip}:{p} (cannot listen): {e}"
                )))
            }
        }
    }
    let l = TcpListener::bind((ip, 0)).map_err(|e| {
        Error::Output(format!(
            "không lắng nghe được trên {ip} (cannot listen): {e}"
        ))
    })?;
    if let Ok(a) = l.local_addr() {
        log.line(&format!(
            "Các cổng {port}–{last} đều bận; dùng cổng {} (ports busy)",
            a.port()
        ));
    }
    Ok(l)
}

/// One HTTP worker: answers requests until the server stops. A panic while answering one
/// request is contained (the request gets a 500 when dropped).
fn serve_requests(http: &tiny_http::Server, shared: &Arc<Shared>, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        match http.recv_timeout(Duration::from_millis(200)) {
            Ok(Some(request)) => {
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    http::handle(request, shared)
                }));
            }
            Ok(None) => {}
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

/// Changes waiting for a rebuild.
struct Dirty {
    changes: Changes,
    /// When the rebuild may start.
    due: Instant,
    /// The first change not yet in a build.
    since: Instant,
    trigger: String,
    /// Every change so far was shown by a preview (the rebuild can wait for a pause).
    all_previewed: bool,
}

/// The builder thread: gathers changes, previews single-document edits at once, runs full
/// rebuilds on a thread pool of their own (one at a time), publishes.
#[allow(clippy::too_many_arguments)]
fn build_loop(
    mut engine: Engine,
    mut watcher: Watcher,
    rx: Receiver<Message>,
    tx: Sender<Message>,
    shared: &Shared,
    root: &Path,
    log: &Log,
    settle_after: Duration,
) {
    // Rebuilds that follow previewed edits leave a core to the next preview and the browser;
    // the others (templates, front matter, new files) use every core.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let pool = |threads: usize, name: &'static str| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(move |i| format!("bantin-{name}-{i}"))
            .build()
            .ok()
    };
    let quick = pool(cores, "rebuild");
    let calm = pool(cores.saturating_sub(1).max(1), "catch-up");
    let mut dirty: Option<Dirty> = None;
    // The rebuild running: its trigger and the documents previewed since it started (their
    // pages must be previewed again on top of its result, which read them before the edit).
    let mut running: Option<(String, Vec<PathBuf>)> = None;
    loop {
        let wait = match (&running, &dirty) {
            (None, Some(d)) => Some(d.due.saturating_duration_since(Instant::now())),
            _ => None,
        };
        let messages = match watch::gather(&rx, wait) {
            Ok(m) => m,
            Err(()) => return,
        };
        let mut changes = Changes::default();
        let mut paths = Vec::new();
        let mut built = None;
        for m in messages {
            match m {
                Message::Batch { paths: p, rescan } => {
                    changes.everything |= rescan;
                    paths.extend(p);
                }
                Message::Built(result) => built = Some(result),
                Message::Stop => return,
            }
        }
        watcher.refresh(&paths);
        for p in &paths {
            classify(root, p, &mut changes);
        }
        if !changes.is_empty() {
            shared.status(|s| s.busy = true);
            let trigger = describe(&changes, root);
            let broken = shared.snapshot().overlay.is_some();
            let previewed = match (broken, changes.single_document()) {
                (false, Some(path)) => engine.edit(path).map(|u| (path.to_path_buf(), u)),
                _ => None,
            };
            let (settle, previewed) = if let Some((path, update)) = previewed {
                let t = Instant::now();
                publish_update(shared, &engine, update, &trigger, log);
                if std::env::var_os("BANTIN_SERVE_DEBUG").is_some() {
                    eprintln!("bantin serve: preview published in {:?}", t.elapsed());
                }
                // Then the index pages the edit changed.
                if let Some(lists) = engine.finish() {
                    publish_update(shared, &engine, lists, &trigger, log);
                }
                if let Some((_, again)) = &mut running {
                    again.push(path);
                }
                (settle_after, true)
            } else {
                (GATHER, false)
            };
            let now = Instant::now();
            match &mut dirty {
                Some(d) => {
                    d.changes.merge(changes);
                    d.trigger = describe(&d.changes, root);
                    d.all_previewed &= previewed;
                    let settle = if d.all_previewed {
                        settle_after
                    } else {
                        GATHER
                    };
                    d.due = if d.since.elapsed() > MAX_DEFER {
                        now
                    } else {
                        now + settle
                    };
                }
                None => {
                    dirty = Some(Dirty {
                        changes,
                        due: now + settle,
                        since: now,
                        trigger,
                        all_previewed: previewed,
                    })
                }
            }
        }
        if let Some(result) = built {
            let (trigger, again) = running.take().unwrap_or_default();
            match result {
                Ok(good) => {
                    let mut update = engine.install(good);
                    // Edits previewed while this build read the files: show them again.
                    for path in again {
                        if let Some(u) = engine.preview(&path) {
                            update.rendered += u.rendered;
                        }
                    }
                    publish_update(shared, &engine, update, &trigger, log);
                }
                // Files changed while it ran (with bodies read again at render time, such a
                // build can even fail on the edited file): the build already due will tell.
                Err(_) if dirty.is_some() => {}
                Err(diagnostics) => publish_failure(shared, root, diagnostics, log),
            }
            shared.status(|s| {
                s.cycles += 1;
                s.previewing = engine.previews();
            });
        }
        if running.is_none() && dirty.as_ref().is_some_and(|d| d.due <= Instant::now()) {
            if let Some(d) = dirty.take() {
                let job = engine.job();
                let tx = tx.clone();
                let work = move || {
                    let _ = tx.send(Message::Built(job.run()));
                };
                let pool = if d.all_previewed { &calm } else { &quick };
                match pool {
                    Some(pool) => pool.spawn(work),
                    None => {
                        if std::thread::Builder::new()
                            .name("bantin-rebuild".into())
                            .spawn(work)
                            .is_err()
                        {
                            // No thread: the server keeps serving the last build.
                            continue;
                        }
                    }
                }
                running = Some((d.trigger, Vec::new()));
            }
        }
        let busy = running.is_some() || dirty.is_some();
        shared.status(|s| s.busy = busy);
    }
}

/// "content/x.md", "templates/base.html", or "12 tệp".
fn describe(changes: &Changes, root: &Path) -> String {
    let all: Vec<&PathBuf> = changes.content.iter().chain(&changes.assets).collect();
    match (all.as_slice(), changes.everything, changes.statics) {
        ([one], false, false) => crate::content::relative(root, one).display().to_string(),
        ([], true, _) => "mẫu giao diện / cấu hình".to_string(),
        ([], false, true) => "tệp tĩnh".to_string(),
        (many, _, _) => format!("{} tệp", many.len().max(1)),
    }
}

/// Serves the engine's files and tells the browsers what changed.
fn publish_update(shared: &Shared, engine: &Engine, update: Update, trigger: &str, log: &Log) {
    let old = shared.snapshot();
    let changed = &update.changed;
    let was_broken = old.overlay.is_some() && update.kind == BuildKind::Full;
    let gen = old.gen + u64::from(!changed.is_empty());
    {
        let mut changed_at = shared.changed_at.lock().unwrap_or_else(|e| e.into_inner());
        for p in changed {
            changed_at.insert(p.clone(), gen);
        }
    }
    shared.set_snapshot(Snapshot {
        files: engine.files(),
        root: engine.url_root().unwrap_or("/").to_string(),
        gen,
        instance: old.instance.clone(),
        errors: if was_broken {
            Vec::new()
        } else {
            old.errors.clone()
        },
        overlay: if was_broken {
            None
        } else {
            old.overlay.clone()
        },
    });
    if was_broken {
        shared.hub.broadcast("clear", "{}");
        log.line("✓ Đã hết lỗi (fixed).");
    }
    if !changed.is_empty() {
        let (name, data) = live::change_event(gen, changed);
        shared.hub.broadcast(name, &data);
    }
    shared.status(|s| match update.kind {
        BuildKind::Full => s.builds += 1,
        BuildKind::Preview => s.previews += 1,
        BuildKind::Incremental => {
            s.previews += 1;
            s.incremental += 1;
        }
        BuildKind::Lists => {}
    });
    if std::env::var_os("BANTIN_SERVE_DEBUG").is_some() {
        eprintln!(
            "bantin serve: {:?} changed {:?}",
            update.kind,
            changed.iter().take(12).collect::<Vec<_>>()
        );
    }
    if trigger.is_empty() {
        return;
    }
    let ms = update.elapsed.as_secs_f64() * 1000.0;
    let n = changed.len();
    log.line(&match update.kind {
        BuildKind::Preview => format!("↻ {trigger}: trang cập nhật trong {ms:.0} ms"),
        BuildKind::Incremental => format!("↻ {trigger}: trang văn bản cập nhật trong {ms:.0} ms"),
        BuildKind::Lists => format!("  {n} trang danh mục cập nhật trong {ms:.0} ms"),
        BuildKind::Full if n == 0 => {
            format!("· {trigger}: đã tạo lại, không trang nào thay đổi ({ms:.0} ms)")
        }
        BuildKind::Full => format!(
            "↻ {trigger}: đã tạo lại {} văn bản, {} tệp trong {ms:.0} ms; {n} tệp thay đổi",
            update.documents, update.files
        ),
    });
}

/// Keeps the last good pages, shows the errors over them (browser and terminal).
fn publish_failure(shared: &Shared, root: &Path, diagnostics: Vec<Diagnostic>, log: &Log) {
    let mut errors: Vec<Diagnostic> = diagnostics.into_iter().filter(|d| d.is_error()).collect();
    if errors.is_empty() {
        errors.push(Diagnostic::error("bản tạo thất bại (the build failed)"));
    }
    let old = shared.snapshot();
    if old.errors == errors {
        return;
    }
    let overlay = live::overlay_html(&errors, root);
    shared.set_snapshot(Snapshot {
        files: old.files.clone(),
        root: old.root.clone(),
        gen: old.gen,
        instance: old.instance.clone(),
        errors: errors.clone(),
        overlay: Some(overlay.clone()),
    });
    shared
        .hub
        .broadcast("overlay", &live::overlay_event(&overlay));
    log.line(&format!(
        "✗ {} lỗi; vẫn phục vụ bản tạo thành công gần nhất (serving the last good build):",
        errors.len()
    ));
    log.diagnostics(&errors);
}

/// Opens `url` in the desktop's browser.
fn open_browser(url: &str) -> std::io::Result<()> {
    use std::process::{Command, Stdio};
    #[cfg(target_os = "macos")]
    let mut command = Command::new("open");
    #[cfg(windows)]
    let mut command = {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    };
    #[cfg(all(unix, not(target_os = "macos")))]
    let mut command = Command::new("xdg-open");
    command
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(|_| ())
}
