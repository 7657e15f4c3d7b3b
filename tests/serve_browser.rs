//! `bantin serve` in a real browser: headless Chromium (Debian's `/usr/bin/chromium`, or
//! `$CHROMIUM`) driven over the DevTools protocol by a small client below (WebSocket over a
//! plain socket, no extra crates).
//!
//! One page is opened and never touched again: an edit of its document shows up by itself,
//! a broken front matter brings the error overlay (without a reload), the fix takes it away,
//! and a stylesheet edit restyles the page (without a reload). When Chromium is missing the test says so loudly and passes, unless
//! `BANTIN_REQUIRE_BROWSER=1` (CI) makes that a failure.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bantin::serve::{ServeOptions, Server};
use serde_json::{json, Value};

fn chromium() -> Option<PathBuf> {
    let path =
        PathBuf::from(std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()));
    path.exists().then_some(path)
}

// ---------------------------------------------------------------------------------------
// A minimal WebSocket client (RFC 6455: masked client frames, text messages).

struct WebSocket {
    stream: TcpStream,
}

impl WebSocket {
    fn connect(url: &str) -> WebSocket {
        let rest = url.strip_prefix("ws://").expect("ws:// URL");
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let mut stream = TcpStream::connect(host).expect("DevTools socket");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        .unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            stream.read_exact(&mut byte).expect("handshake");
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head);
        assert!(
            head.starts_with("HTTP/1.1 101"),
            "handshake refused: {head}"
        );
        WebSocket { stream }
    }

    fn send(&mut self, text: &str) {
        let payload = text.as_bytes();
        let mut frame = vec![0x81u8];
        match payload.len() {
            n if n < 126 => frame.push(0x80 | n as u8),
            n if n < 65536 => {
                frame.push(0x80 | 126);
                frame.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                frame.push(0x80 | 127);
                frame.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        let mask = [0x12u8, 0x34, 0x56, 0x78];
        frame.extend_from_slice(&mask);
        frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.stream.write_all(&frame).expect("send frame");
    }

    /// The next complete text message.
    fn receive(&mut self) -> String {
        let mut message = Vec::new();
        loop {
            let mut h = [0u8; 2];
            self.stream.read_exact(&mut h).expect("frame header");
            let (fin, opcode) = (h[0] & 0x80 != 0, h[0] & 0x0f);
            let mut len = u64::from(h[1] & 0x7f);
            if len == 126 {
                let mut b = [0u8; 2];
                self.stream.read_exact(&mut b).unwrap();
                len = u64::from(u16::from_be_bytes(b));
            } else if len == 127 {
                let mut b = [0u8; 8];
                self.stream.read_exact(&mut b).unwrap();
                len = u64::from_be_bytes(b);
            }
            let mut payload = vec![0u8; len as usize];
            self.stream.read_exact(&mut payload).expect("frame payload");
            match opcode {
                0x8 => panic!("DevTools closed the connection"),
                0x9 | 0xA => continue,
                _ => message.extend_from_slice(&payload),
            }
            if fin {
                return String::from_utf8_lossy(&message).into_owned();
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Chromium and the DevTools protocol

struct Browser {
    child: Child,
    page: WebSocket,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn launch(binary: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("chromium starts");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("ws://") {
                    let _ = tx.send(line[at..].trim().to_string());
                }
            }
        });
        let browser_url = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("Chromium printed its DevTools address");
        let host = browser_url["ws://".len()..]
            .split('/')
            .next()
            .unwrap()
            .to_string();
        // The page target of `about:blank`.
        let page_url = (0..100)
            .find_map(|_| {
                let list = http_get(&host, "/json/list");
                let targets: Value = serde_json::from_str(&list).ok()?;
                let url = targets.as_array()?.iter().find_map(|t| {
                    (t["type"] == "page")
                        .then(|| t["webSocketDebuggerUrl"].as_str().map(str::to_string))
                        .flatten()
                });
                if url.is_none() {
                    std::thread::sleep(Duration::from_millis(100));
                }
                url
            })
            .expect("a page target");
        Browser {
            child,
            page: WebSocket::connect(&page_url),
            next_id: 0,
            _profile: profile,
        }
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.page
            .send(&json!({ "id": id, "method": method, "params": params }).to_string());
        loop {
            let reply: Value = serde_json::from_str(&self.page.receive()).expect("JSON");
            if reply["id"] == id {
                assert!(reply.get("error").is_none(), "{method}: {reply}");
                return reply["result"].clone();
            }
        }
    }

    fn eval(&mut self, expression: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true }),
        );
        r["result"]["value"].clone()
    }

    /// Waits until `expression` is true in the page.
    fn wait_for(&mut self, what: &str, expression: &str, timeout: Duration) -> Duration {
        let started = Instant::now();
        while started.elapsed() < timeout {
            if self.eval(expression) == json!(true) {
                return started.elapsed();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let text = self.eval("document.body ? document.body.innerText.slice(0, 2000) : ''");
        panic!("timed out waiting for {what}; the page shows:\n{text}");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A GET to the DevTools HTTP endpoint (which keeps connections open: read by length).
fn http_get(host: &str, path: &str) -> String {
    let Ok(mut s) = TcpStream::connect(host) else {
        return String::new();
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    );
    let mut reader = BufReader::new(s);
    let mut length = 0usize;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return String::new();
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0u8; length];
    if reader.read_exact(&mut body).is_err() {
        return String::new();
    }
    String::from_utf8_lossy(&body).into_owned()
}

// ---------------------------------------------------------------------------------------

#[test]
fn edits_errors_and_fixes_show_in_chromium_by_themselves() {
    let Some(binary) = chromium() else {
        let msg = "edits_errors_and_fixes_show_in_chromium_by_themselves needs Chromium at \
                   /usr/bin/chromium or $CHROMIUM (apt-get install -y chromium)";
        if std::env::var("BANTIN_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!("{msg}");
        }
        eprintln!("\n*** SKIPPED: {msg} ***\n");
        return;
    };

    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(
        root.join("config.toml"),
        "base_url = \"https://example.vn/\"\n",
    )
    .unwrap();
    let doc = root.join("content/ket-luan-thu.md");
    let original = "---\ntitle: \"Kết luận thử nghiệm\"\ntype: Kết luận\nissuer: Ban Thường vụ Tỉnh ủy Sơn La\n\
                    province: Sơn La\ndate: 12/5/2022\nnumber: \"25-KL/TU\"\ndraft: true\n---\n\
                    Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị.\n";
    std::fs::write(&doc, original).unwrap();
    // The theme's stylesheet on disk, to restyle the page later.
    let css = root.join("themes/default/static/css/style.css");
    std::fs::create_dir_all(css.parent().unwrap()).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/css/style.css"),
        &css,
    )
    .unwrap();
    let server = Server::start(&ServeOptions {
        root: root.to_path_buf(),
        port: 0,
        quiet: true,
        ..ServeOptions::default()
    })
    .expect("server starts");
    let url = format!("{}van-ban/ket-luan-thu/", server.url());

    let mut browser = Browser::launch(&binary);
    browser.call("Page.navigate", json!({ "url": url }));
    browser.wait_for(
        "the page",
        "document.readyState === 'complete' && document.body.textContent.includes('Kết luận thử nghiệm')",
        Duration::from_secs(60),
    );
    // Any navigation would lose this.
    browser.eval("window.__same_page = 42");
    // Let the page's live-reload stream connect.
    browser.wait_for(
        "the live-reload stream",
        "!!window.__bantinLive",
        Duration::from_secs(10),
    );
    std::thread::sleep(Duration::from_millis(500));

    // 1. An edit appears with no action.
    let edited = format!("{original}\nĐoạn mới thêm vào lúc kiểm thử trình duyệt.\n");
    std::fs::write(&doc, &edited).unwrap();
    let took = browser.wait_for(
        "the edit",
        "document.body.textContent.includes('Đoạn mới thêm vào lúc kiểm thử trình duyệt.')",
        Duration::from_secs(30),
    );
    eprintln!("edit visible after {took:?}");
    assert_eq!(
        browser.eval("window.__same_page"),
        json!(42),
        "updated in place"
    );

    // 1b. A front matter edit changes the head too (title, description): still in place.
    std::fs::write(
        &doc,
        edited.replacen(
            "title: \"Kết luận thử nghiệm\"",
            "title: \"Kết luận đã đổi tên\"",
            1,
        ),
    )
    .unwrap();
    browser.wait_for(
        "the new title",
        "document.title.includes('Kết luận đã đổi tên') && document.body.textContent.includes('đã đổi tên')",
        Duration::from_secs(30),
    );
    assert_eq!(
        browser.eval("window.__same_page"),
        json!(42),
        "a new title is swapped in place"
    );
    assert_eq!(
        browser.eval("document.querySelectorAll('title').length"),
        json!(1),
        "one title in the head"
    );

    // 2. A broken front matter: the overlay, over the same page.
    std::fs::write(
        &doc,
        edited.replacen("date: 12/5/2022", "date: 31/2/2022", 1),
    )
    .unwrap();
    browser.wait_for(
        "the overlay",
        "(function () { var o = document.getElementById('__bantin_overlay'); \
         return !!o && o.textContent.includes('Lỗi trong tệp content/ket-luan-thu.md, dòng 6'); })()",
        Duration::from_secs(60),
    );
    assert_eq!(
        browser.eval("window.__same_page"),
        json!(42),
        "no reload for the overlay"
    );
    assert_eq!(
        browser.eval(
            "document.body.textContent.includes('Đoạn mới thêm vào lúc kiểm thử trình duyệt.')"
        ),
        json!(true),
        "the last good page stays under the overlay"
    );

    // 3. The fix clears it.
    let fixed = edited.replace("Đoạn mới thêm", "Đoạn đã sửa");
    std::fs::write(&doc, &fixed).unwrap();
    browser.wait_for(
        "the overlay to clear and the fix to show",
        "!document.getElementById('__bantin_overlay') && document.body.textContent.includes('Đoạn đã sửa')",
        Duration::from_secs(60),
    );
    assert_eq!(
        browser.eval("window.__same_page"),
        json!(42),
        "fixed in place"
    );

    // 4. A stylesheet edit restyles the page without reloading it.
    let mut style = std::fs::read_to_string(&css).unwrap();
    style.push_str("\nbody { --bantin-probe: \"restyled\"; }\n");
    std::fs::write(&css, style).unwrap();
    browser.wait_for(
        "the new style",
        "getComputedStyle(document.body).getPropertyValue('--bantin-probe').includes('restyled')",
        Duration::from_secs(60),
    );
    assert_eq!(
        browser.eval("window.__same_page"),
        json!(42),
        "no reload for CSS"
    );
    drop(browser);
    server.stop();
}
