//! The dev server's HTTP side (axum): the site from memory, the live-reload script and its
//! event stream, and the diagnostics of each page. Safe by default: only GET and HEAD, only
//! requests addressed to this server by a local name (DNS rebinding), never a path outside
//! the site, no directory listing, nothing cached.

use super::live::Live;
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, StreamExt};
use std::convert::Infallible;
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;

/// The script injected into each page served (never into built sites).
const LIVE_JS: &str = include_str!("live.js");
/// Where faqsite's own resources live, beside the site's files.
pub const PREFIX: &str = "__faqsite/";

pub struct Server {
    pub live: Arc<RwLock<Live>>,
    pub events: broadcast::Sender<String>,
    /// The host names (with port) requests may be addressed to.
    pub hosts: Vec<String>,
}

/// Answers one request.
pub async fn handle(server: Arc<Server>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = status(StatusCode::METHOD_NOT_ALLOWED, "GET and HEAD only\n");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !server.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
        return status(
            StatusCode::FORBIDDEN,
            "faqsite serve answers only to its local address\n",
        );
    }
    let Some(path) = site_path(uri.path()) else {
        return not_found(&server);
    };
    if path == format!("{PREFIX}events") {
        return events(&server);
    }
    if path == format!("{PREFIX}live.js") {
        return file(&path, LIVE_JS.as_bytes().to_vec());
    }
    if path == format!("{PREFIX}diagnostics.json") {
        let json = diagnostics_json(&server.live.read().unwrap_or_else(|e| e.into_inner()));
        return file("diagnostics.json", json.into_bytes());
    }
    let live = server.live.read().unwrap_or_else(|e| e.into_inner());
    let bytes = live.files().files().get(&path).cloned();
    match bytes {
        Some(bytes) if path.ends_with(".html") => {
            let source = live.source_of(&path).unwrap_or("");
            file(&path, inject(bytes, &path, source))
        }
        Some(bytes) => file(&path, bytes),
        None => {
            drop(live);
            not_found(&server)
        }
    }
}

/// The output path a request path names, or `None` when it would leave the site: `..`
/// (also encoded), encoded slashes and backslashes, NUL. A folder is its `index.html`.
pub fn site_path(raw: &str) -> Option<String> {
    let lower = raw.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || raw.contains('\\') {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?
        .into_owned();
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p => parts.push(p),
        }
    }
    let mut path = parts.join("/");
    if decoded.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(crate::paths::nfc(&path).into_owned())
}

/// Adds the live-reload script before `</body>`, with the page's way back to the root.
fn inject(html: Vec<u8>, path: &str, source: &str) -> Vec<u8> {
    let root = crate::paths::root_prefix(path);
    let tag = format!(
        "<script src=\"{root}{PREFIX}live.js\" data-root=\"{root}\" data-source=\"{}\" data-path=\"{}\"></script>\n",
        crate::render::html_escape(source),
        crate::render::html_escape(path)
    );
    let text = String::from_utf8_lossy(&html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

fn events(server: &Server) -> Response {
    let receiver = server.events.subscribe();
    let hello =
        stream::once(async { Ok::<_, Infallible>("event: hello\ndata: {}\n\n".to_string()) });
    let updates = stream::unfold(receiver, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(message) => return Some((Ok::<_, Infallible>(message), rx)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let body = Body::from_stream(hello.chain(updates));
    let mut response = Response::new(body);
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Every diagnostic by source file, for the overlay: position, code, message, hint.
pub fn diagnostics_json(live: &Live) -> String {
    let mut by_file = serde_json::Map::new();
    for (file, diags) in live.diagnostics() {
        let text = live.text_of(file);
        let items: Vec<serde_json::Value> = diags
            .iter()
            .map(|d| {
                let pos = text
                    .map(|t| crate::diagnostics::LineIndex::new(t).position(t, d.span.start))
                    .unwrap_or(crate::diagnostics::Position { line: 1, column: 1 });
                serde_json::json!({
                    "severity": d.severity.as_str(),
                    "code": d.code.as_str(),
                    "line": pos.line,
                    "column": pos.column,
                    "message": d.message,
                    "hint": d.hint,
                })
            })
            .collect();
        by_file.insert(file.clone(), serde_json::Value::Array(items));
    }
    serde_json::Value::Object(by_file).to_string()
}

fn file(path: &str, bytes: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(bytes));
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn not_found(server: &Server) -> Response {
    let live = server.live.read().unwrap_or_else(|e| e.into_inner());
    let body = live
        .files()
        .files()
        .get("404.html")
        .cloned()
        .unwrap_or_else(|| b"404\n".to_vec());
    let mut response = file("404.html", body);
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
}

fn status(code: StatusCode, text: &'static str) -> Response {
    let mut response = (code, text).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The media type of a served file, by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "txt" | "md" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_table() {
        let table = [
            ("/", Some("index.html")),
            ("/guide/", Some("guide/index.html")),
            ("/guide/etapes.html", Some("guide/etapes.html")),
            ("/cgu/A%20B.pdf", Some("cgu/A B.pdf")),
            ("/./a//b.html", Some("a/b.html")),
            ("/../etc/passwd", None),
            ("/a/../../x", None),
            ("/%2e%2e/%2e%2e/etc/passwd", None),
            ("/%2E%2E/x", None),
            ("/a%2f..%2fb", None),
            ("/a%5c..%5cb", None),
            ("/a\\..\\b", None),
            ("/a%00b", None),
        ];
        for (raw, want) in table {
            assert_eq!(site_path(raw).as_deref(), want, "{raw}");
        }
    }
}
