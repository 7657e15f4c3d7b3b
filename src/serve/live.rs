//! Live reload: the script injected into served pages, the server-sent events it listens to,
//! and the error overlay shown while the site is broken.
//!
//! Events (on `<root>__bantin/events`, the same port as the pages, so a reverse proxy that
//! forwards the site forwards them too):
//! - `reload` `{"gen":N,"files":[...]}` or `{"gen":N,"all":true}`: pages that changed; a page
//!   whose file is listed fetches itself again and swaps its body, title, meta and link
//!   elements in place (a full reload when the styles or scripts of its head changed or it
//!   runs scripts of its own);
//! - `css` `{"gen":N}`: only stylesheets changed; pages swap their `<link rel=stylesheet>`
//!   hrefs (with a cache-busting query) without reloading;
//! - `overlay` `{"html":"..."}`: the site is broken; pages show the errors over the last good
//!   version; `clear` `{}`: fixed, the overlay goes.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};

use tiny_http::Request;

use super::http::EVENTS_PATH;
use super::{Shared, Snapshot};
use crate::error::Diagnostic;

/// Most event streams open at once; more are refused with 503.
const MAX_CLIENTS: usize = 512;
/// Events queued for one slow client before it is dropped (its browser reconnects).
const QUEUE: usize = 64;
/// Above this many changed files, a reload event says "all" instead of listing them.
const MAX_LISTED: usize = 2000;

/// The open event streams, by id.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<(u64, SyncSender<Arc<str>>)>>,
    next_id: std::sync::atomic::AtomicU64,
}

impl Hub {
    /// A new stream's id and receiving end, or `None` when too many are open.
    fn subscribe(&self) -> Option<(u64, Receiver<Arc<str>>)> {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if clients.len() >= MAX_CLIENTS {
            return None;
        }
        let id = self
            .next_id
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (tx, rx) = sync_channel(QUEUE);
        clients.push((id, tx));
        Some((id, rx))
    }

    /// Forgets a stream whose client went away.
    fn unsubscribe(&self, id: u64) {
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|(i, _)| *i != id);
    }

    /// Sends one event to every stream; streams that are gone or stuck are dropped.
    pub fn broadcast(&self, name: &str, data: &str) {
        let message: Arc<str> = event(name, data).into();
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|(_, tx)| match tx.try_send(message.clone()) {
            Ok(()) => true,
            Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => false,
        });
    }

    /// Number of open streams (as of the last broadcast).
    pub fn count(&self) -> usize {
        self.clients.lock().map(|c| c.len()).unwrap_or(0)
    }

    /// Ends every stream (their threads see the channel close).
    pub fn close(&self) {
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

/// One event in the `text/event-stream` format (`data` must be one line, e.g. JSON).
fn event(name: &str, data: &str) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

/// The `reload` or `css` event for a build that changed `changed`.
pub fn change_event(gen: u64, changed: &[String]) -> (&'static str, String) {
    if !changed.is_empty() && changed.iter().all(|p| p.ends_with(".css")) {
        return ("css", serde_json::json!({ "gen": gen }).to_string());
    }
    if changed.len() > MAX_LISTED {
        return (
            "reload",
            serde_json::json!({ "gen": gen, "all": true }).to_string(),
        );
    }
    (
        "reload",
        serde_json::json!({ "gen": gen, "files": changed }).to_string(),
    )
}

/// The `overlay` event's data.
pub fn overlay_event(html: &str) -> String {
    serde_json::json!({ "html": html }).to_string()
}

/// Answers an event-stream request on its own thread (it lives as long as the browser tab).
pub fn spawn_stream(request: Request, shared: Arc<Shared>, query: String) {
    let Some((id, rx)) = shared.hub.subscribe() else {
        let _ = request.respond(
            tiny_http::Response::from_string(
                "503 Quá nhiều kết nối (too many live-reload streams)",
            )
            .with_status_code(503),
        );
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("bantin-sse".into())
        .spawn(move || {
            stream(request, &shared, &query, rx);
            shared.hub.unsubscribe(id);
        });
    if spawned.is_err() {
        // No thread: the request went with the closure (dropping it answers 500); the
        // stream's sender goes at the next broadcast.
    }
}

/// Parameters the page's script sends: the generation and instance it was served from and
/// the files it shows.
fn parse_query(query: &str) -> HashMap<String, String> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| {
            let v = percent_encoding::percent_decode_str(&v.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned();
            (k.to_string(), v)
        })
        .collect()
}

fn stream(request: Request, shared: &Shared, query: &str, rx: Receiver<Arc<str>>) {
    let params = parse_query(query);
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                Cache-Control: no-cache, no-transform\r\nX-Accel-Buffering: no\r\n\
                Connection: close\r\n\r\nretry: 1000\n\n";
    if out.write_all(head.as_bytes()).is_err() {
        return;
    }
    // What happened since the page was served: it may have missed events.
    let snapshot = shared.snapshot();
    let mut first = String::new();
    let page_gen: u64 = params.get("gen").and_then(|g| g.parse().ok()).unwrap_or(0);
    let same_server = params.get("instance") == Some(&shared.instance);
    let files = params.get("files").cloned().unwrap_or_default();
    let stale = {
        let changed_at = shared.changed_at.lock().unwrap_or_else(|e| e.into_inner());
        files
            .split(',')
            .any(|f| changed_at.get(f).is_some_and(|&g| g > page_gen))
    };
    if !same_server || stale {
        first.push_str(&event(
            "reload",
            &serde_json::json!({ "gen": snapshot.gen, "all": true }).to_string(),
        ));
    }
    match &snapshot.overlay {
        Some(html) => first.push_str(&event("overlay", &overlay_event(html))),
        None => first.push_str(&event("clear", "{}")),
    }
    if out
        .write_all(first.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    drop(snapshot);
    loop {
        let chunk: Arc<str> = match rx.recv_timeout(shared.heartbeat) {
            Ok(message) => message,
            // A comment line: keeps proxies from timing out, and finds dead clients.
            Err(RecvTimeoutError::Timeout) => ": ping\n\n".into(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if out
            .write_all(chunk.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
    }
}

/// The page as served: the overlay (while the site is broken) and the live-reload script
/// inserted before `</body>`. `files` are the output paths the page shows (for a 404, the
/// missing path and `404.html`).
pub fn decorate(html: &[u8], snapshot: &Snapshot, files: &[&str]) -> Vec<u8> {
    let mut extra = String::new();
    if let Some(overlay) = &snapshot.overlay {
        extra.push_str(overlay);
    }
    extra.push_str(&script(snapshot, files));
    inject(html, &extra)
}

/// Inserts `extra` before the last `</body>` (any case), or at the end when there is none.
pub fn inject(html: &[u8], extra: &str) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Start of the injected script; tests strip from here to the next `</script>`.
pub const SCRIPT_START: &str = "<script data-bantin-live>";

const CLIENT: &str = r#"(function (c) {
  if (window.__bantinLive) return;
  window.__bantinLive = c;
  var mine = function (files) {
    for (var i = 0; i < files.length; i++) if (c.files.indexOf(files[i]) >= 0) return true;
    return false;
  };
  var es = new EventSource(c.events + "?gen=" + c.gen + "&instance=" + encodeURIComponent(c.instance) +
    "&files=" + encodeURIComponent(c.files.join(",")));
  // The page's content is fetched again and swapped in place (scroll position kept, no
  // flash), with the head's title, meta and links (a front matter edit changes them); a full
  // reload when the head's styles or scripts changed or the page runs scripts of its own.
  var lasting = function (el) {
    var t = el.tagName;
    return t === "SCRIPT" || t === "STYLE" || t === "BASE" || t === "NOSCRIPT" ||
      (t === "LINK" && !/^(alternate|canonical|prev|next)$/i.test(el.getAttribute("rel") || ""));
  };
  var kept = function (h) {
    return Array.prototype.filter.call(h.children, lasting).map(function (el) { return el.outerHTML; }).join("\n");
  };
  var head = kept(document.head);
  var busy = false, again = false;
  var refresh = function () {
    if (busy) { again = true; return; }
    busy = true;
    fetch(location.href, { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var scripts = doc.body.querySelectorAll("script:not([data-bantin-live])").length;
      if (kept(doc.head) !== head || scripts > 0 || !doc.body) { location.reload(); return; }
      var title = doc.title;
      Array.prototype.slice.call(document.head.children).forEach(function (el) {
        if (!lasting(el)) el.parentNode.removeChild(el);
      });
      Array.prototype.slice.call(doc.head.children).forEach(function (el) {
        if (!lasting(el)) document.head.appendChild(document.adoptNode(el));
      });
      document.title = title;
      document.body.parentNode.replaceChild(document.adoptNode(doc.body), document.body);
      busy = false;
      if (again) { again = false; refresh(); }
    }).catch(function () { location.reload(); });
  };
  es.addEventListener("reload", function (e) {
    var d = JSON.parse(e.data);
    if (d.all || mine(d.files)) refresh();
  });
  es.addEventListener("css", function (e) {
    var gen = JSON.parse(e.data).gen;
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (l) {
      var u = new URL(l.getAttribute("href"), location.href);
      if (u.origin !== location.origin) return;
      u.searchParams.set("__bantin", gen);
      var n = l.cloneNode(false);
      n.href = u.href;
      n.onload = n.onerror = function () { if (l.parentNode) l.parentNode.removeChild(l); };
      l.parentNode.insertBefore(n, l.nextSibling);
    });
  });
  es.addEventListener("overlay", function (e) {
    var t = document.createElement("template");
    t.innerHTML = JSON.parse(e.data).html;
    var el = t.content.firstElementChild, old = document.getElementById("__bantin_overlay");
    if (old) old.parentNode.replaceChild(el, old); else document.body.appendChild(el);
  });
  es.addEventListener("clear", function () {
    var old = document.getElementById("__bantin_overlay");
    if (old) old.parentNode.removeChild(old);
  });
})"#;

/// The live-reload script for a page showing `files`.
fn script(snapshot: &Snapshot, files: &[&str]) -> String {
    let config = serde_json::json!({
        "events": format!("{}{EVENTS_PATH}", snapshot.root),
        "gen": snapshot.gen,
        "instance": snapshot.instance,
        "files": files,
    });
    // `</` may not appear inside a script element.
    let config = config.to_string().replace("</", "<\\/");
    format!("{SCRIPT_START}{CLIENT}({config});</script>")
}

/// The error overlay: every error with its file, line, column, message, source line and
/// advice, in Vietnamese, over the last good page.
pub fn overlay_html(errors: &[Diagnostic], root: &Path) -> String {
    let esc = |s: &str| html_escape::encode_text(s).into_owned();
    let mut html = String::from(
        "<div id=\"__bantin_overlay\" role=\"alert\" lang=\"vi\" style=\"all:initial;position:fixed;\
         inset:0;z-index:2147483647;overflow:auto;background:rgba(24,8,8,.88);color:#f5f5f5;\
         font:15px/1.55 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;padding:24px;\
         box-sizing:border-box\"><div style=\"max-width:960px;margin:0 auto;background:#1f1f1f;\
         border-left:6px solid #e53935;padding:20px 24px;border-radius:4px\">",
    );
    html.push_str(&format!(
        "<p style=\"margin:0 0 12px;color:#ff8a80;font-weight:700\">bantin serve: {} lỗi. \
         Trang đang hiển thị là bản tạo thành công gần nhất.</p>",
        errors.len()
    ));
    for d in errors.iter().take(10) {
        html.push_str("<section style=\"margin:0 0 18px\">");
        html.push_str(&format!(
            "<h2 style=\"font-size:17px;margin:0 0 6px;color:#fff\">{}</h2>",
            esc(&heading(d))
        ));
        html.push_str(&format!(
            "<p style=\"margin:0 0 8px;white-space:pre-wrap\">{}</p>",
            esc(&d.message)
        ));
        if let Some(snippet) = snippet(d, root) {
            html.push_str(&format!(
                "<pre style=\"margin:0 0 8px;padding:10px;background:#111;color:#eee;\
                 overflow:auto;font:13px/1.45 ui-monospace,Menlo,Consolas,monospace\">{}</pre>",
                esc(&snippet)
            ));
        }
        if let Some(help) = &d.help {
            html.push_str(&format!(
                "<p style=\"margin:0\"><strong style=\"color:#a5d6a7\">Cách sửa:</strong> {}</p>",
                esc(help)
            ));
        }
        html.push_str("</section>");
    }
    if errors.len() > 10 {
        html.push_str(&format!(
            "<p style=\"margin:0 0 12px\">… và {} lỗi khác (xem cửa sổ dòng lệnh).</p>",
            errors.len() - 10
        ));
    }
    html.push_str(
        "<p style=\"margin:12px 0 0;color:#bbb\">Sửa tệp rồi lưu lại: thông báo này tự biến mất \
         và trang tự cập nhật.</p><button type=\"button\" onclick=\"this.closest('#__bantin_overlay').remove()\" \
         style=\"margin-top:12px;font:inherit;padding:4px 12px;cursor:pointer\">Ẩn thông báo</button>\
         </div></div><!--/bantin-overlay-->",
    );
    html
}

/// "Lỗi trong tệp content/x.md, dòng 3, cột 7", as far as the location is known.
pub fn heading(d: &Diagnostic) -> String {
    let mut s = match &d.file {
        Some(f) => format!("Lỗi trong tệp {}", f.display()),
        None => "Lỗi".to_string(),
    };
    if let Some(line) = d.line {
        s.push_str(&format!(", dòng {line}"));
        if let Some(col) = d.column {
            s.push_str(&format!(", cột {col}"));
        }
    }
    s
}

/// The lines around the error with a caret under its column.
fn snippet(d: &Diagnostic, root: &Path) -> Option<String> {
    let (file, line) = (d.file.as_ref()?, d.line?);
    let bytes = std::fs::read(root.join(file)).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let lines: Vec<&str> = text.lines().collect();
    if line == 0 || line > lines.len() + 1 {
        return None;
    }
    let first = line.saturating_sub(2).max(1);
    let last = line.min(lines.len());
    let width = last.to_string().len();
    let mut out = String::new();
    for n in first..=last {
        let text: String = lines[n - 1].chars().take(200).collect();
        out.push_str(&format!("{n:>width$} │ {text}\n"));
        if n == line {
            if let Some(col) = d.column {
                out.push_str(&format!(
                    "{} │ {}^\n",
                    " ".repeat(width),
                    " ".repeat(col.saturating_sub(1).min(200))
                ));
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let out = inject(b"<html><body><p>a</p></BODY></html>", "<x>");
        assert_eq!(out, b"<html><body><p>a</p><x></BODY></html>");
        let out = inject(b"<p>no body end</p>", "<x>");
        assert_eq!(out, b"<p>no body end</p><x>");
    }

    #[test]
    fn css_only_changes_swap_stylesheets() {
        let (name, _) = change_event(3, &["static/css/style.css".into()]);
        assert_eq!(name, "css");
        let (name, data) = change_event(3, &["static/css/style.css".into(), "index.html".into()]);
        assert_eq!(name, "reload");
        assert!(data.contains("index.html"));
        let many: Vec<String> = (0..MAX_LISTED + 1).map(|i| format!("{i}.html")).collect();
        assert!(change_event(4, &many).1.contains("\"all\":true"));
    }

    #[test]
    fn the_overlay_locates_the_error_in_vietnamese() {
        let dir = std::env::temp_dir().join(format!("bantin-live-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("content")).unwrap();
        std::fs::write(dir.join("content/a.md"), "---\ntitle: [x\n---\n").unwrap();
        let d = Diagnostic::error("YAML không hợp lệ <b>")
            .in_file("content/a.md")
            .at(2, 8)
            .with_help("đóng dấu ngoặc");
        let html = overlay_html(&[d], &dir);
        assert!(
            html.contains("Lỗi trong tệp content/a.md, dòng 2, cột 8"),
            "{html}"
        );
        assert!(html.contains("YAML không hợp lệ &lt;b&gt;"));
        assert!(html.contains("Cách sửa:</strong> đóng dấu ngoặc"));
        assert!(html.contains("2 │ title: [x\n  │        ^"), "{html}");
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(heading(&Diagnostic::error("x")), "Lỗi");
        assert_eq!(
            heading(&Diagnostic::error("x").in_file("config.toml")),
            "Lỗi trong tệp config.toml"
        );
    }

    #[test]
    fn query_parameters_are_decoded() {
        let q = parse_query("gen=4&instance=ab&files=van-ban%2Fx%2Findex.html%2C404.html");
        assert_eq!(q["gen"], "4");
        assert_eq!(q["files"], "van-ban/x/index.html,404.html");
    }
}
