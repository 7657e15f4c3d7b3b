//! `bantin serve` end to end: a real server on a temporary site, real file edits, HTTP and
//! server-sent events read off the socket.
//!
//! The central test edits a site in every way an editor can (bodies, front matter, new,
//! deleted and renamed documents, broken files, templates, static files, config, aliases,
//! pages, attachments, bursts) and after each edit compares every served file byte for byte
//! with a fresh `build --drafts` (the injected live-reload script aside).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use bantin::serve::{BuildKind, Engine, ServeOptions, Server, Status, SCRIPT_START};
use bantin::BuildOptions;

const WAIT: Duration = Duration::from_secs(90);

// ---------------------------------------------------------------------------------------
// A site to serve

struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    /// The repository's sample documents and page, plus generated ones spread over
    /// provinces, years and directives, two to a list page so pagination moves.
    fn new() -> Site {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for e in walkdir::WalkDir::new(repo.join("content")) {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(repo).unwrap();
            let to = dir.path().join(rel);
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
        let site = Site { dir };
        site.write(
            "config.toml",
            "title = \"Thử nghiệm\"\nbase_url = \"https://example.vn/\"\npaginate_by = 2\n",
        );
        let provinces = ["Sơn La", "Hà Tĩnh", "Nghệ An", "Điện Biên"];
        let directives = ["05-CT/TW", "01-KL/TW", "21-KL/TW"];
        for i in 0..12 {
            site.doc(
                &format!("van-ban-{i}"),
                provinces[i % 4],
                &format!("{}-0{}-1{}", 2020 + i % 4, 1 + i % 9, i % 10),
                directives[i % 3],
                i % 5 == 4,
            );
        }
        site
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Saves the way many editors do: a temporary file beside, renamed over the original.
    fn save_atomically(&self, rel: &str, text: &str) {
        let p = self.path().join(rel);
        let tmp = p.with_file_name(format!(
            ".{}.tmp{}",
            p.file_name().unwrap().to_string_lossy(),
            std::process::id()
        ));
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &p).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap()
    }

    fn doc(&self, name: &str, province: &str, date: &str, directive: &str, draft: bool) {
        self.write(
            &format!("content/{name}.md"),
            format!(
                "---\ntitle: \"Báo cáo {name}\"\ntype: Báo cáo\nissuer: Ban Tuyên giáo Tỉnh ủy {province}\n\
                 province: {province}\ndate: {date}\nnumber: \"1{}-BC/TU\"\ndirectives: [\"{directive}\"]\n\
                 draft: {draft}\n---\nThực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị, \
                 Ban Tuyên giáo báo cáo {name}.\n\n## Kết quả\n\nCác chi bộ đã học tập và làm theo.\n",
                name.len()
            ),
        );
    }

    fn serve(&self) -> Server {
        Server::start(&ServeOptions {
            root: self.path().to_path_buf(),
            port: 0,
            quiet: true,
            heartbeat: Duration::from_millis(500),
            settle: Duration::from_millis(300),
            ..ServeOptions::default()
        })
        .expect("server starts")
    }
}

// ---------------------------------------------------------------------------------------
// HTTP and SSE over plain sockets

struct Response {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
            .unwrap_or("")
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn request(addr: SocketAddr, method: &str, target: &str) -> Response {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("response");
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .expect("status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

fn get(addr: SocketAddr, target: &str) -> Response {
    request(addr, "GET", target)
}

/// The page as built: the live-reload script taken out.
fn strip_script(body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body).into_owned();
    let Some(start) = text.find(SCRIPT_START) else {
        return body.to_vec();
    };
    let end = start + text[start..].find("</script>").expect("script end") + "</script>".len();
    let mut out = text;
    out.replace_range(start..end, "");
    out.into_bytes()
}

/// A live-reload stream: events as (name, data), read on a thread.
struct Events {
    rx: mpsc::Receiver<(String, String)>,
}

impl Events {
    fn open(addr: SocketAddr, query: &str) -> Events {
        let mut s = TcpStream::connect(addr).expect("connect");
        write!(
            s,
            "GET /__bantin/events?{query} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(s);
            let (mut name, mut data) = (String::new(), String::new());
            let mut line = String::new();
            loop {
                line.clear();
                match reader.read_line(&mut line) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                let l = line.trim_end_matches(['\r', '\n']);
                if let Some(n) = l.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(d) = l.strip_prefix("data: ") {
                    data = d.to_string();
                } else if l.is_empty()
                    && !name.is_empty()
                    && tx
                        .send((std::mem::take(&mut name), std::mem::take(&mut data)))
                        .is_err()
                {
                    return;
                }
            }
        });
        Events { rx }
    }

    /// The next event named `name` (others skipped), within `timeout`.
    fn next(&self, name: &str, timeout: Duration) -> Option<String> {
        let deadline = Instant::now() + timeout;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.rx.recv_timeout(left) {
                Ok((n, d)) if n == name => return Some(d),
                Ok(_) => {}
                Err(_) => return None,
            }
        }
        None
    }
}

// ---------------------------------------------------------------------------------------
// Comparing with a fresh build

fn settle(server: &Server, cycles: u64) -> Status {
    server
        .wait_for_cycle(cycles, WAIT)
        .expect("the server rebuilt after the change")
}

/// Waits until nothing is pending.
fn idle(server: &Server) {
    let deadline = Instant::now() + WAIT;
    while server.status().busy {
        assert!(Instant::now() < deadline, "the server never settled");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn cycles(server: &Server) -> u64 {
    server.status().cycles
}

fn built(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    bantin::build(
        root,
        Some(&dest),
        BuildOptions {
            drafts: true,
            base_url: None,
            ..Default::default()
        },
        false,
    )
    .expect("the site builds");
    walkdir::WalkDir::new(&dest)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&dest).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .filter(|(rel, _)| rel != bantin::output::MANIFEST)
        .collect()
}

fn url_of(rel: &str) -> String {
    let encoded: Vec<String> = rel
        .split('/')
        .map(|s| {
            percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
        })
        .collect();
    format!("/{}", encoded.join("/"))
}

/// Every file served equals the fresh build's, byte for byte, and no file is missing or
/// extra.
fn assert_same_as_build(server: &Server, root: &Path, step: &str) {
    let expected = built(root);
    let served = server.files();
    let expected_names: Vec<&String> = expected.keys().collect();
    let served_names: Vec<&String> = served.iter().collect();
    if expected_names != served_names {
        let missing: Vec<_> = expected.keys().filter(|k| !served.contains(k)).collect();
        let extra: Vec<_> = served
            .iter()
            .filter(|k| !expected.contains_key(*k))
            .collect();
        panic!("{step}: file lists differ; missing {missing:?}, extra {extra:?}");
    }
    for (rel, bytes) in &expected {
        let r = get(server.addr(), &url_of(rel));
        assert_eq!(r.status, 200, "{step}: {rel}");
        let body = if rel.ends_with(".html") {
            let stripped = strip_script(&r.body);
            assert!(
                !String::from_utf8_lossy(&stripped).contains("__bantin_overlay"),
                "{step}: overlay on {rel}"
            );
            stripped
        } else {
            r.body
        };
        if body != *bytes {
            let (a, b) = (
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&body),
            );
            let line = a
                .lines()
                .zip(b.lines())
                .find(|(x, y)| x != y)
                .map(|(x, y)| {
                    let cut = |s: &str| s.chars().take(300).collect::<String>();
                    format!("\n  built:  {}\n  served: {}", cut(x), cut(y))
                })
                .unwrap_or_default();
            panic!("{step}: {rel} differs from a fresh build{line}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// The tests

#[test]
fn after_every_kind_of_edit_the_served_site_equals_a_fresh_build() {
    let site = Site::new();
    let server = site.serve();
    assert!(server.status().errors.is_empty());
    assert!(server.status().previewing, "previews verified on this site");
    assert_same_as_build(&server, site.path(), "start");

    let step = |name: &str, edit: &dyn Fn()| {
        let c = cycles(&server);
        edit();
        let status = settle(&server, c);
        assert!(status.errors.is_empty(), "{name}: {:?}", status.errors);
        assert_same_as_build(&server, site.path(), name);
    };

    let previews = server.status().previews;
    step("body edit", &|| {
        let text = site.read("content/van-ban-3.md");
        site.write(
            "content/van-ban-3.md",
            format!("{text}\nMột đoạn mới về Kết luận số 01-KL/TW.\n"),
        );
    });
    assert!(
        server.status().previews > previews,
        "a body edit is previewed"
    );
    step("atomic save of a body", &|| {
        let text = site.read("content/van-ban-1.md");
        site.save_atomically(
            "content/van-ban-1.md",
            &text.replace("Kết quả", "Kết quả nổi bật"),
        );
    });
    let incremental = server.status().incremental;
    step("title", &|| {
        let text = site.read("content/van-ban-5.md");
        site.write(
            "content/van-ban-5.md",
            text.replace("Báo cáo van-ban-5", "Báo cáo mới 5"),
        );
    });
    step("province", &|| {
        let text = site.read("content/van-ban-7.md");
        site.write(
            "content/van-ban-7.md",
            text.replace("Điện Biên", "Lai Châu"),
        );
    });
    step("date", &|| {
        let text = site.read("content/van-ban-9.md");
        site.write(
            "content/van-ban-9.md",
            text.replace("date: 2021", "date: 2025"),
        );
    });
    assert_eq!(
        server.status().incremental,
        incremental + 3,
        "title, province and date edits are applied incrementally"
    );
    step("new document", &|| {
        site.doc("moi", "Cao Bằng", "2026-02-03", "35-CT/TW", false);
    });
    step("deleted document", &|| {
        std::fs::remove_file(site.path().join("content/van-ban-11.md")).unwrap();
    });
    step("renamed document", &|| {
        std::fs::rename(
            site.path().join("content/van-ban-10.md"),
            site.path().join("content/van-ban-muoi.md"),
        )
        .unwrap();
    });
    assert_eq!(
        get(server.addr(), "/van-ban/van-ban-10/").status,
        404,
        "the old URL is gone"
    );
    assert_eq!(get(server.addr(), "/van-ban/van-ban-muoi/").status, 200);

    // A broken file: the last good pages stay, with the error over them.
    let good = server.files();
    let page_before = strip_script(&get(server.addr(), "/van-ban/van-ban-2/").body);
    let c = cycles(&server);
    let broken = site
        .read("content/van-ban-6.md")
        .replacen("---\ntitle", "---\ntitle: [", 1);
    site.write("content/van-ban-6.md", &broken);
    let status = settle(&server, c);
    assert!(!status.errors.is_empty(), "the break is reported");
    assert_eq!(server.files(), good, "the last good files are kept");
    let page = get(server.addr(), "/van-ban/van-ban-2/").text();
    assert!(
        page.contains("__bantin_overlay"),
        "overlay rendered into the page"
    );
    assert!(
        page.contains("Lỗi trong tệp content/van-ban-6.md, dòng 2"),
        "{page}"
    );
    // An edit elsewhere while broken changes nothing served.
    let c = cycles(&server);
    let text = site.read("content/van-ban-2.md");
    site.write(
        "content/van-ban-2.md",
        format!("{text}\nThêm khi đang lỗi.\n"),
    );
    settle(&server, c);
    let stripped = strip_script(&get(server.addr(), "/van-ban/van-ban-2/").body);
    let without_overlay = String::from_utf8_lossy(&stripped)
        .split("<div id=\"__bantin_overlay\"")
        .next()
        .unwrap()
        .to_string();
    assert!(
        String::from_utf8_lossy(&page_before).starts_with(&without_overlay),
        "still the last good page"
    );
    step("fixed", &|| {
        site.write(
            "content/van-ban-6.md",
            broken.replacen("---\ntitle: [", "---\ntitle", 1),
        );
    });

    step("template added", &|| {
        let base = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
        )
        .unwrap();
        site.write(
            "templates/base.html",
            base.replace("</footer>", "<p>Mẫu riêng</p></footer>"),
        );
    });
    step("template edited", &|| {
        let base = site.read("templates/base.html");
        site.save_atomically(
            "templates/base.html",
            &base.replace("Mẫu riêng", "Mẫu riêng 2"),
        );
    });
    step("static file added", &|| {
        site.write("static/css/them.css", "body { color: #222; }\n");
    });
    step("static file edited", &|| {
        site.write("static/css/them.css", "body { color: #333; }\n");
    });
    step("config", &|| {
        site.write(
            "config.toml",
            "title = \"Thử nghiệm 2\"\nbase_url = \"https://example.vn/\"\npaginate_by = 3\n",
        );
    });
    step("alias", &|| {
        let text = site.read("content/van-ban-4.md");
        site.write(
            "content/van-ban-4.md",
            text.replacen("draft:", "aliases: [\"/cu/van-ban-4/\"]\ndraft:", 1),
        );
    });
    step("plain page", &|| {
        let text = site.read("content/trang/gioi-thieu.md");
        site.write(
            "content/trang/gioi-thieu.md",
            format!("{text}\nĐoạn bổ sung.\n"),
        );
    });
    step("attachment", &|| {
        site.write("content/phu-luc.pdf", b"%PDF-1.4 phu luc 1\n");
        let text = site.read("content/van-ban-8.md");
        site.write(
            "content/van-ban-8.md",
            text.replacen("draft:", "attachments: [\"phu-luc.pdf\"]\ndraft:", 1),
        );
    });
    step("attachment bytes", &|| {
        site.write("content/phu-luc.pdf", b"%PDF-1.4 phu luc 2\n");
    });
    step("draft", &|| {
        let text = site.read("content/van-ban-0.md");
        site.write(
            "content/van-ban-0.md",
            text.replace("draft: false", "draft: true"),
        );
    });
    step("a citation of a directive the site did not know", &|| {
        let text = site.read("content/van-ban-2.md");
        site.write(
            "content/van-ban-2.md",
            format!("{text}\nThực hiện Kết luận số 99-KL/TW ngày 01/02/2025 của Bộ Chính trị.\n"),
        );
    });
    step("burst", &|| {
        for i in 20..30 {
            site.doc(
                &format!("loat-{i}"),
                "Sơn La",
                "2023-05-06",
                "05-CT/TW",
                false,
            );
        }
        std::fs::remove_file(site.path().join("content/van-ban-3.md")).unwrap();
    });
    let status = server.status();
    assert!(status.previews >= 2, "{status:?}");
    server.stop();
}

/// Files a full build writes that incremental updates leave to the rebuild after them.
fn left_to_rebuild(rel: &str) -> bool {
    rel.ends_with(".xml") || rel.starts_with("search/") || rel == "data/documents.json"
}

/// Every page of the engine equals the fresh build's (what is left to the rebuild aside),
/// and the engine has no page the build lacks.
fn assert_pages_as_built(engine: &Engine, root: &Path, step: &str) {
    let expected = built(root);
    let files = engine.files();
    for (rel, bytes) in expected.iter().filter(|(rel, _)| !left_to_rebuild(rel)) {
        let Some(served) = files.get(rel) else {
            panic!("{step}: {rel} missing");
        };
        if served[..] != bytes[..] {
            let (a, b) = (
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(served),
            );
            let line = a
                .lines()
                .zip(b.lines())
                .find(|(x, y)| x != y)
                .map(|(x, y)| format!("\n  built:  {x}\n  served: {y}"))
                .unwrap_or_default();
            panic!("{step}: {rel} differs from a fresh build{line}");
        }
    }
    let extra: Vec<String> = files
        .paths()
        .into_iter()
        .filter(|p| !left_to_rebuild(p) && !expected.contains_key(p))
        .collect();
    assert!(
        extra.is_empty(),
        "{step}: pages a build no longer makes: {extra:?}"
    );
}

/// An engine over `site` (drafts on, as `serve` runs) with its first build installed, and
/// the site's canonical root.
fn built_engine(site: &Site) -> (std::path::PathBuf, Engine) {
    let root = site.path().canonicalize().unwrap();
    let mut engine = Engine::new(
        &root,
        BuildOptions {
            drafts: true,
            ..Default::default()
        },
    );
    let good = engine.job().run().expect("the site builds");
    engine.install(good);
    (root, engine)
}

#[test]
fn a_document_edit_updates_its_page_and_every_index_page_without_a_rebuild() {
    let site = Site::new();
    for i in 0..14 {
        // More documents in one year and province, so that moves shift several list pages.
        site.doc(
            &format!("them-{i}"),
            ["Sơn La", "Hà Tĩnh"][i % 2],
            &format!("2023-0{}-0{}", 1 + i % 9, 1 + i % 7),
            ["05-CT/TW", "01-KL/TW"][i % 2],
            false,
        );
    }
    let (root, mut engine) = built_engine(&site);
    let edit = |engine: &mut Engine, name: &str, rel: &str, change: &dyn Fn(String) -> String| {
        let text = site.read(rel);
        let changed = change(text.clone());
        assert_ne!(text, changed, "{name}: the edit changes the file");
        site.write(rel, changed);
        let update = engine
            .preview(&root.join(rel))
            .unwrap_or_else(|| panic!("{name}: no incremental update"));
        assert_eq!(update.kind, BuildKind::Incremental, "{name}");
        assert_pages_as_built(engine, &root, name);
        update
    };

    let update = edit(&mut engine, "body only", "content/van-ban-3.md", &|t| {
        t.replace("Các chi bộ đã", "Các chi bộ, đảng bộ đã")
    });
    assert_eq!(
        update.changed,
        vec!["van-ban/van-ban-3/index.html"],
        "a body edit changes its page alone"
    );
    let update = edit(&mut engine, "citation added", "content/them-2.md", &|t| {
        format!("{t}\nThực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị.\n")
    });
    assert!(
        update.changed.iter().any(|p| p.starts_with("chi-dao/")),
        "{:?}",
        update.changed
    );
    edit(&mut engine, "citation removed", "content/them-4.md", &|t| {
        t.replace(
            "Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị, ",
            "",
        )
        .replace("directives: [\"05-CT/TW\"]", "directives: [\"21-KL/TW\"]")
    });
    edit(
        &mut engine,
        "province and date",
        "content/them-6.md",
        &|t| {
            t.replace("province: Sơn La", "province: Nghệ An")
                .replace("date: 2023-07-07", "date: 2021-11-30")
        },
    );
    edit(
        &mut engine,
        "date within the year",
        "content/them-8.md",
        &|t| t.replace("date: 2023-09-02", "date: 2023-01-01"),
    );
    edit(&mut engine, "title", "content/them-10.md", &|t| {
        t.replace("Báo cáo them-10", "Một báo cáo mới")
    });
    edit(&mut engine, "type", "content/van-ban-5.md", &|t| {
        t.replace("type: Báo cáo", "type: Kế hoạch")
    });
    edit(&mut engine, "new issuer", "content/van-ban-7.md", &|t| {
        t.replace(
            "issuer: Ban Tuyên giáo Tỉnh ủy Điện Biên",
            "issuer: Huyện ủy Mường Chà",
        )
    });
    edit(
        &mut engine,
        "after the merger of provinces",
        "content/them-1.md",
        &|t| t.replace("date: 2023-02-02", "date: 2025-08-01"),
    );
    edit(
        &mut engine,
        "last of its year",
        "content/van-ban-1.md",
        &|t| t.replace("date: 2021-02-11", "date: 2024-12-31"),
    );
    // In two parts, as the server shows an edit: the document's page (and home) first,
    // then the index pages.
    let rel = "content/them-5.md";
    site.write(
        rel,
        site.read(rel)
            .replace("province: Hà Tĩnh", "province: Sơn La")
            .replace("date: 2023-06-06", "date: 2022-06-06"),
    );
    let first = engine.edit(&root.join(rel)).expect("incremental update");
    assert_eq!(first.kind, BuildKind::Incremental);
    assert!(
        first
            .changed
            .iter()
            .all(|p| p == "van-ban/them-5/index.html" || p == "index.html"),
        "{:?}",
        first.changed
    );
    let lists = engine.finish().expect("index pages follow");
    assert_eq!(lists.kind, BuildKind::Lists);
    assert!(lists.changed.iter().any(|p| p.starts_with("tinh/son-la/")));
    assert!(engine.finish().is_none(), "nothing left");
    assert_pages_as_built(&engine, &root, "in two parts");
    // A directive the site has never seen takes the full build.
    let rel = "content/them-3.md";
    let text = site.read(rel);
    site.write(
        rel,
        format!("{text}\nThực hiện Kết luận số 98-KL/TW ngày 01/02/2025 của Bộ Chính trị.\n"),
    );
    assert!(engine.preview(&root.join(rel)).is_none());
}

#[test]
fn directive_facts_shown_on_every_list_page_are_updated_on_every_page() {
    let site = Site::new();
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let directive = std::fs::read_to_string(theme.join("directive.html")).unwrap();
    let every_page = directive.replace("{% if paginator.current == 1 %}", "{% if true %}");
    assert_ne!(
        directive, every_page,
        "the default theme shows the chart on page 1 only"
    );
    site.write("templates/directive.html", every_page);
    let (root, mut engine) = built_engine(&site);
    let rel = "content/van-ban-6.md";
    let text = site.read(rel);
    site.write(
        rel,
        text.replace("province: Sơn La", "province: Hà Tĩnh")
            .replace("date: 2022-07-16", "date: 2020-02-03"),
    );
    let update = engine.preview(&root.join(rel)).expect("incremental update");
    assert_eq!(update.kind, BuildKind::Incremental);
    assert_pages_as_built(&engine, &root, "province and date, chart on every page");
}

#[test]
fn http_answers_only_inside_the_site() {
    let site = Site::new();
    let server = site.serve();
    let a = server.addr();

    let home = get(a, "/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), "text/html; charset=utf-8");
    assert!(home.text().contains(SCRIPT_START), "live script injected");
    let body_end = home.text().rfind("</body>").unwrap();
    assert!(
        home.text()[..body_end].contains("data-bantin-live"),
        "before </body>"
    );
    assert!(
        home.text().contains("Dự thảo"),
        "drafts are built and marked"
    );

    let css = get(a, "/static/css/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
    assert!(!css.text().contains(SCRIPT_START));
    assert_eq!(
        get(a, "/data/documents.json").header("content-type"),
        "application/json; charset=utf-8"
    );

    let redirect = get(a, "/van-ban/van-ban-1?x=1");
    assert_eq!(redirect.status, 302);
    assert_eq!(redirect.header("location"), "/van-ban/van-ban-1/?x=1");
    assert_eq!(get(a, "/van-ban/van-ban-1/index.html").status, 200);

    let missing = get(a, "/khong-co-trang-nay/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("<html"), "the theme's 404 page");
    assert!(missing.text().contains(SCRIPT_START));

    for bad in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/van-ban/..%2f..%2fetc/passwd",
        "/static%2fcss%2fstyle.css",
        "/static/css/../../../etc/passwd",
        "/a\\b",
        "/%00",
        "/%c0%ae%c0%ae/",
    ] {
        let r = get(a, bad);
        assert!(r.status == 400 || r.status == 404, "{bad}: {}", r.status);
        assert!(!r.text().contains("root:"), "{bad}");
    }
    assert_eq!(get(a, "/../../etc/passwd").status, 400);

    // Kept-alive connections get one complete response after another.
    let mut conn = TcpStream::connect(a).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    for target in ["/", "/static/css/style.css", "/khong-co/"] {
        write!(conn, "GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0u8; length];
        reader.read_exact(&mut body).unwrap();
        assert!(status.starts_with("HTTP/1.1 "), "{target}: {status}");
        assert!(length > 0, "{target}");
    }

    let head = request(a, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let post = request(a, "POST", "/");
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), "GET, HEAD");
    server.stop();
}

#[test]
fn a_site_under_a_base_path_is_served_there() {
    let site = Site::new();
    site.write(
        "config.toml",
        "base_url = \"https://example.vn/bantin/\"\npaginate_by = 2\n",
    );
    let server = site.serve();
    assert!(server.url().ends_with("/bantin/"), "{}", server.url());
    let a = server.addr();
    assert_eq!(get(a, "/").status, 302);
    assert_eq!(get(a, "/").header("location"), "/bantin/");
    assert_eq!(get(a, "/bantin").status, 302);
    let home = get(a, "/bantin/");
    assert_eq!(home.status, 200);
    assert!(home
        .text()
        .contains("\"events\":\"/bantin/__bantin/events\""));
    assert_eq!(get(a, "/bantin/static/css/style.css").status, 200);
    assert_eq!(get(a, "/static/css/style.css").status, 404);
    server.stop();
}

#[test]
fn errors_reach_the_browser_and_clear_when_fixed() {
    let site = Site::new();
    let server = site.serve();
    let events = Events::open(server.addr(), "gen=0&files=index.html");
    assert!(
        events.next("clear", WAIT).is_some(),
        "a fresh stream says there is no error"
    );

    let text = site.read("content/van-ban-1.md");
    let c = cycles(&server);
    site.write(
        "content/van-ban-1.md",
        text.replacen("date: ", "date: 31/02/", 1),
    );
    let overlay = events.next("overlay", WAIT).expect("overlay event");
    let html: serde_json::Value = serde_json::from_str(&overlay).unwrap();
    let html = html["html"].as_str().unwrap();
    assert!(
        html.contains("Lỗi trong tệp content/van-ban-1.md, dòng 6"),
        "{html}"
    );
    assert!(
        html.contains("Cách sửa:") || html.contains("dòng"),
        "{html}"
    );
    settle(&server, c);
    let page = get(server.addr(), "/").text();
    assert!(
        page.contains("id=\"__bantin_overlay\""),
        "overlay rendered server-side"
    );

    // A page opened while broken gets the overlay on connecting.
    let late = Events::open(server.addr(), "gen=0&files=index.html");
    assert!(late.next("overlay", WAIT).is_some());

    site.write("content/van-ban-1.md", &text);
    assert!(
        events.next("clear", WAIT).is_some(),
        "fixing clears the overlay"
    );
    idle(&server);
    assert!(!get(server.addr(), "/")
        .text()
        .contains("id=\"__bantin_overlay\""));
    server.stop();
}

#[test]
fn pages_reload_on_their_own_changes_and_stylesheets_swap() {
    let site = Site::new();
    site.write("static/css/them.css", "body { color: #111; }\n");
    let server = site.serve();
    let events = Events::open(server.addr(), "gen=1&files=van-ban/van-ban-2/index.html");
    events.next("clear", WAIT).unwrap();

    let c = cycles(&server);
    let text = site.read("content/van-ban-2.md");
    site.write("content/van-ban-2.md", format!("{text}\nĐoạn mới.\n"));
    let reload = events.next("reload", WAIT).expect("reload event");
    assert!(reload.contains("van-ban/van-ban-2/index.html"), "{reload}");
    settle(&server, c);

    let c = cycles(&server);
    site.write("static/css/them.css", "body { color: #222; }\n");
    let css = events.next("css", WAIT).expect("css event");
    assert!(css.contains("gen"), "{css}");
    settle(&server, c);

    // A stream opened by a page older than its file's last change reloads it at once.
    let stale = Events::open(server.addr(), "gen=1&files=van-ban/van-ban-2/index.html");
    assert!(stale.next("reload", WAIT).is_some());
    // One from another server instance reloads everything.
    let other = Events::open(server.addr(), "gen=99&instance=x&files=index.html");
    assert!(other.next("reload", WAIT).unwrap().contains("\"all\":true"));
    server.stop();
}

#[test]
fn a_site_broken_from_the_start_is_served_once_fixed() {
    let site = Site::new();
    let good = site.read("content/van-ban-1.md");
    site.write("content/van-ban-1.md", good.replacen("---\n", "", 1));
    let server = site.serve();
    assert!(!server.status().errors.is_empty());
    let page = get(server.addr(), "/");
    assert_eq!(page.status, 503);
    assert!(
        page.text().contains("Lỗi trong tệp content/van-ban-1.md"),
        "{}",
        page.text()
    );
    assert!(
        page.text().contains(SCRIPT_START),
        "it reloads itself once fixed"
    );
    let c = cycles(&server);
    site.write("content/van-ban-1.md", &good);
    let status = settle(&server, c);
    assert!(status.errors.is_empty(), "{:?}", status.errors);
    assert_same_as_build(&server, site.path(), "fixed");
    server.stop();
}

#[test]
fn a_burst_of_changes_is_one_rebuild() {
    let site = Site::new();
    let server = site.serve();
    let before = server.status();
    for i in 0..40 {
        site.doc(
            &format!("loat-{i}"),
            "Nghệ An",
            "2022-03-04",
            "05-CT/TW",
            false,
        );
        if i % 10 == 0 {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    let after = settle(&server, before.cycles);
    assert_eq!(after.builds, before.builds + 1, "{before:?} → {after:?}");
    assert_eq!(after.cycles, before.cycles + 1);
    assert_same_as_build(&server, site.path(), "burst");
    server.stop();
}

#[test]
fn an_idle_server_does_not_rebuild_itself() {
    let site = Site::new();
    let server = site.serve();
    // Its own reads of every file must not look like changes.
    std::thread::sleep(Duration::from_millis(1500));
    let s = server.status();
    assert_eq!(s.cycles, 0, "{s:?}");
    assert_eq!(s.builds, 1);
    assert!(!s.busy);
    server.stop();
}

#[test]
fn a_busy_port_moves_to_the_next_free_one() {
    let site = Site::new();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let server = Server::start(&ServeOptions {
        root: site.path().to_path_buf(),
        port,
        quiet: true,
        ..ServeOptions::default()
    })
    .unwrap();
    assert_ne!(server.addr().port(), port);
    assert_eq!(get(server.addr(), "/").status, 200);
    server.stop();
}

#[test]
fn concurrent_requests_during_edits_all_get_answers() {
    let site = Site::new();
    let server = site.serve();
    let addr = server.addr();
    let targets = [
        "/",
        "/van-ban/van-ban-1/",
        "/van-ban/van-ban-1",
        "/tinh/son-la/",
        "/static/css/style.css",
        "/data/documents.json",
        "/khong-co/",
        "/%2e%2e/etc/passwd",
        "/__bantin/events?gen=0",
    ];
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let editor = {
        let stop = stop.clone();
        let root = site.path().to_path_buf();
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let p = root.join("content/van-ban-1.md");
                let text = std::fs::read_to_string(&p).unwrap();
                std::fs::write(&p, format!("{text}\nSửa lần {n}.\n")).unwrap();
                n += 1;
                std::thread::sleep(Duration::from_millis(30));
            }
        })
    };
    let workers: Vec<_> = (0..16)
        .map(|w| {
            std::thread::spawn(move || {
                let mut statuses = Vec::new();
                for i in 0..60 {
                    let target = targets[(w + i) % targets.len()];
                    if target.starts_with("/__bantin") {
                        // Open a stream and drop it: the server must shed it.
                        let mut s = TcpStream::connect(addr).unwrap();
                        write!(s, "GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
                        let mut buf = [0u8; 64];
                        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                        let n = s.read(&mut buf).unwrap_or(0);
                        statuses.push((
                            target,
                            if buf[..n].starts_with(b"HTTP/1.1 200") {
                                200
                            } else {
                                0
                            },
                        ));
                        continue;
                    }
                    statuses.push((target, get(addr, target).status));
                }
                statuses
            })
        })
        .collect();
    for w in workers {
        for (target, status) in w.join().expect("no client thread panicked") {
            let expected: &[u16] = match target {
                "/van-ban/van-ban-1" => &[302],
                "/khong-co/" => &[404],
                "/%2e%2e/etc/passwd" => &[400],
                _ => &[200],
            };
            assert!(expected.contains(&status), "{target}: {status}");
        }
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    editor.join().unwrap();
    // Dropped streams go once a heartbeat finds them dead.
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(get(addr, "/").status, 200, "still serving");
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.status().clients > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(server.status().clients, 0, "dead streams are dropped");
    idle(&server);
    server.stop();
}
