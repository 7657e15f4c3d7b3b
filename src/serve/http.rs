//! The HTTP side of `serve`: which file a request names, refusals of anything outside the
//! site, content types, and responses from the in-memory pages.

use std::io::Write;
use std::sync::Arc;

use percent_encoding::percent_decode_str;
use tiny_http::{Method, Request};

use super::live;
use super::Shared;

/// Path of the server-sent events stream under the site root.
pub const EVENTS_PATH: &str = "__bantin/events";

/// What a request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// A file of the site, by output path (`van-ban/x/index.html`).
    File(String),
    /// A redirect to this location (`/x` → `/x/` when `x/index.html` exists; `/` → the root).
    Redirect(String),
    /// Nothing there; the output path that was looked for.
    NotFound(String),
    /// The live-reload event stream.
    Events,
    /// A path that tries to leave the site or cannot be a file name.
    BadRequest,
}

/// Resolves the request target `raw` (path and query, as sent) against the site, whose pages
/// live under the URL root `root` (`/` or `/bantin/`); `exists` says whether an output path
/// exists. Never touches the disk.
pub fn route(raw: &str, root: &str, exists: &dyn Fn(&str) -> bool) -> Route {
    if !raw.starts_with('/') {
        return Route::BadRequest;
    }
    let (raw_path, query) = match raw.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (raw, None),
    };
    let lower = raw_path.to_ascii_lowercase();
    // Encoded separators and NUL can only be attempts to confuse path handling.
    if ["%2f", "%5c", "%00"].iter().any(|s| lower.contains(s)) {
        return Route::BadRequest;
    }
    let Ok(path) = percent_decode_str(raw_path).decode_utf8() else {
        return Route::BadRequest;
    };
    if path.contains(['\\', '\0']) || path.chars().any(char::is_control) {
        return Route::BadRequest;
    }
    let segments: Vec<&str> = path[1..].split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        if *s == "." || *s == ".." || (s.is_empty() && i != last) {
            return Route::BadRequest;
        }
    }
    if path == format!("/{EVENTS_PATH}") || path == format!("{root}{EVENTS_PATH}") {
        return Route::Events;
    }
    let Some(rel) = path.strip_prefix(root) else {
        // `/bantin` for a site under `/bantin/`, or `/` for it: send the browser to the root.
        if format!("{path}/") == root || path == "/" {
            return Route::Redirect(root.to_string());
        }
        return Route::NotFound(path.trim_start_matches('/').to_string());
    };
    if rel.is_empty() || rel.ends_with('/') {
        let file = format!("{rel}index.html");
        return if exists(&file) {
            Route::File(file)
        } else {
            Route::NotFound(file)
        };
    }
    if exists(rel) {
        return Route::File(rel.to_string());
    }
    if exists(&format!("{rel}/index.html")) {
        let mut location = format!("{raw_path}/");
        if let Some(q) = query {
            location.push('?');
            location.push_str(q);
        }
        return Route::Redirect(location);
    }
    Route::NotFound(rel.to_string())
}

/// `Content-Type` of an output path: by extension, UTF-8 for text.
pub fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path)
        .first_raw()
        .unwrap_or("application/octet-stream");
    let texty = mime.starts_with("text/")
        || matches!(
            mime,
            "application/json"
                | "application/javascript"
                | "application/xml"
                | "application/atom+xml"
                | "application/rss+xml"
                | "application/manifest+json"
                | "image/svg+xml"
        );
    if texty {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

/// True for paths served as HTML pages (which get the live-reload script).
pub fn is_html(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm")
}

/// The reason phrase of the statuses this server sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Writes a whole response — status line, headers, body — in one write. (Written in pieces,
/// as tiny_http does, the small header segment waits for a delayed ACK and every page on a
/// kept-alive connection takes 40 ms more.)
fn send(request: Request, status: u16, content_type: &str, body: &[u8], extra: &[(&str, &str)]) {
    let head_only = *request.method() == Method::Head;
    let version = request.http_version().clone();
    let connection = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Connection"))
        .map(|h| h.value.as_str().to_ascii_lowercase());
    // The connection ends when the client asked or speaks HTTP/1.0 without keep-alive (as
    // tiny_http decides), and after refusing a request that may carry a body.
    let close = match &connection {
        Some(c) if c.contains("close") => true,
        Some(c) => version == (1, 0) && !c.contains("keep-alive"),
        None => version == (1, 0),
    } || status == 405;
    let mut out = Vec::with_capacity(body.len() + 256);
    let _ = write!(
        out,
        "HTTP/1.1 {status} {}\r\nServer: bantin\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n",
        reason(status),
        body.len()
    );
    for (name, value) in extra {
        // Header values come from our own routes; refuse line breaks anyway.
        if !value.contains(['\r', '\n']) {
            let _ = write!(out, "{name}: {value}\r\n");
        }
    }
    if close {
        out.extend_from_slice(b"Connection: close\r\n");
    }
    out.extend_from_slice(b"\r\n");
    if !head_only {
        out.extend_from_slice(body);
    }
    let mut writer = request.into_writer();
    // A client that went away is not an error of ours.
    let _ = writer.write_all(&out).and_then(|()| writer.flush());
}

/// Answers one request from the current snapshot of the site.
pub fn handle(request: Request, shared: &Arc<Shared>) {
    let method = request.method().clone();
    if method != Method::Get && method != Method::Head {
        send(
            request,
            405,
            "text/plain; charset=utf-8",
            "405 Phương thức không được hỗ trợ (only GET and HEAD)\n".as_bytes(),
            &[("Allow", "GET, HEAD")],
        );
        return;
    }
    let snapshot = shared.snapshot();
    let url = request.url().to_string();
    let files = &snapshot.files;
    let route = route(&url, &snapshot.root, &|p| files.contains(p));
    match route {
        Route::Events => {
            let query = url
                .split_once('?')
                .map(|(_, q)| q.to_string())
                .unwrap_or_default();
            live::spawn_stream(request, shared.clone(), query);
        }
        Route::BadRequest => send(
            request,
            400,
            "text/plain; charset=utf-8",
            "400 Yêu cầu không hợp lệ: đường dẫn ra ngoài trang (bad request)\n".as_bytes(),
            &[],
        ),
        Route::Redirect(location) => send(
            request,
            302,
            "text/plain; charset=utf-8",
            format!("302 → {location}\n").as_bytes(),
            &[("Location", &location)],
        ),
        Route::File(path) => {
            let Some(bytes) = files.get(&path) else {
                send(request, 404, "text/plain; charset=utf-8", b"", &[]);
                return;
            };
            let ty = content_type(&path);
            if is_html(&path) {
                let page = live::decorate(bytes, &snapshot, &[path.as_str()]);
                send(request, 200, &ty, &page, &[]);
            } else {
                send(request, 200, &ty, bytes, &[]);
            }
        }
        Route::NotFound(path) => {
            let html = "text/html; charset=utf-8";
            match files.get("404.html") {
                Some(page) => {
                    let page = live::decorate(page, &snapshot, &[path.as_str(), "404.html"]);
                    send(request, 404, html, &page, &[]);
                }
                None if snapshot.files.is_empty() => {
                    // No good build yet: a page that shows the errors and reloads when fixed.
                    let page = live::decorate(
                        "<!DOCTYPE html><html lang=\"vi\"><meta charset=\"utf-8\"><title>bantin serve</title><body><p>Trang chưa được tạo.</p></body></html>".as_bytes(),
                        &snapshot,
                        &[path.as_str()],
                    );
                    send(request, 503, html, &page, &[]);
                }
                None => send(
                    request,
                    404,
                    "text/plain; charset=utf-8",
                    "404 Không tìm thấy trang (not found)\n".as_bytes(),
                    &[],
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(raw: &str) -> Route {
        let files = [
            "index.html",
            "van-ban/x/index.html",
            "static/css/style.css",
            "a b.txt",
        ];
        route(raw, "/", &|p| files.contains(&p))
    }

    #[test]
    fn files_directories_and_redirects() {
        assert_eq!(r("/"), Route::File("index.html".into()));
        assert_eq!(r("/?q=1"), Route::File("index.html".into()));
        assert_eq!(r("/van-ban/x/"), Route::File("van-ban/x/index.html".into()));
        assert_eq!(
            r("/van-ban/x/index.html"),
            Route::File("van-ban/x/index.html".into())
        );
        assert_eq!(r("/van-ban/x"), Route::Redirect("/van-ban/x/".into()));
        assert_eq!(
            r("/van-ban/x?a=b"),
            Route::Redirect("/van-ban/x/?a=b".into())
        );
        assert_eq!(
            r("/static/css/style.css?__bantin=3"),
            Route::File("static/css/style.css".into())
        );
        assert_eq!(r("/a%20b.txt"), Route::File("a b.txt".into()));
        assert_eq!(
            r("/khong-co/"),
            Route::NotFound("khong-co/index.html".into())
        );
        assert_eq!(r("/__bantin/events?gen=1"), Route::Events);
    }

    #[test]
    fn escapes_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/van-ban/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/van-ban%2fx/index.html",
            "/van-ban%2Fx",
            "/..%5c..%5cwindows",
            "/a\\b",
            "/./index.html",
            "/a//b",
            "/%00",
            "/%ff%fe",
            "*",
            "http://example.com/",
            "",
        ] {
            assert_eq!(r(bad), Route::BadRequest, "{bad}");
        }
    }

    #[test]
    fn a_base_path_is_honoured() {
        let files = ["index.html", "tinh/index.html"];
        let exists = |p: &str| files.contains(&p);
        assert_eq!(
            route("/bantin/", "/bantin/", &exists),
            Route::File("index.html".into())
        );
        assert_eq!(
            route("/bantin", "/bantin/", &exists),
            Route::Redirect("/bantin/".into())
        );
        assert_eq!(
            route("/", "/bantin/", &exists),
            Route::Redirect("/bantin/".into())
        );
        assert_eq!(
            route("/bantin/tinh", "/bantin/", &exists),
            Route::Redirect("/bantin/tinh/".into())
        );
        assert_eq!(
            route("/tinh/", "/bantin/", &exists),
            Route::NotFound("tinh/".into())
        );
        assert_eq!(
            route("/bantin/__bantin/events", "/bantin/", &exists),
            Route::Events
        );
    }

    #[test]
    fn content_types_carry_utf8_for_text() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("static/css/style.css"),
            "text/css; charset=utf-8"
        );
        assert_eq!(
            content_type("data/documents.json"),
            "application/json; charset=utf-8"
        );
        assert_eq!(content_type("favicon.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("a.pdf"), "application/pdf");
        assert_eq!(content_type("a.png"), "image/png");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
        assert!(content_type("atom.xml").ends_with("; charset=utf-8"));
    }
}
