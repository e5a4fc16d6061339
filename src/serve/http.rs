//! The dev server's HTTP side (axum): faqsite's own routes under `/__faqsite/` (the
//! live-reload script, its event stream, the overlay's stylesheet, the diagnostics), with
//! the site from memory as the fallback. Safe by default: only GET and HEAD, only requests
//! addressed to this server by one of its names (DNS rebinding), never a path outside the
//! site, no directory listing, nothing cached.

use super::events::BrowserEvent;
use super::hosts::Hosts;
use crate::project::Live;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use futures_util::stream::{self, Stream, StreamExt};
use serde::Serialize;
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;

/// Where faqsite's own resources live, beside the site's files.
pub const PREFIX: &str = "__faqsite/";
/// The script added to each page served (never to built sites).
const LIVE_JS: &str = include_str!("live.js");
/// The problems panel's stylesheet, in a theme's `serve/` folder: files only `serve` uses,
/// which no build copies.
pub const OVERLAY_CSS: &str = "serve/faqsite-serve.css";
const DEFAULT_OVERLAY_CSS: &[u8] = include_bytes!("../../themes/default/serve/faqsite-serve.css");

pub struct Server {
    pub live: Arc<RwLock<Live>>,
    pub events: broadcast::Sender<BrowserEvent>,
    pub hosts: Hosts,
}

/// faqsite's routes, the site as the fallback, every answer through [`guard`].
pub fn router(server: Arc<Server>) -> Router {
    Router::new()
        .route("/__faqsite/events", get(events))
        .route("/__faqsite/live.js", get(live_js))
        .route("/__faqsite/overlay.css", get(overlay_css))
        .route("/__faqsite/diagnostics.json", get(diagnostics))
        .fallback(site_file)
        .layer(middleware::from_fn_with_state(server.clone(), guard))
        .with_state(server)
}

/// Refuses other methods (405) and foreign `Host`s (403) before any route runs, and marks
/// every answer as not to be cached or sniffed.
async fn guard(State(server): State<Arc<Server>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let mut response = if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let mut response = (StatusCode::METHOD_NOT_ALLOWED, "GET and HEAD only\n").into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        response
    } else if !server.hosts.allows(host) {
        let text = "faqsite serve answers only to requests addressed to one of its names (faqsite serve --allow-host NAME adds one)\n";
        (StatusCode::FORBIDDEN, text).into_response()
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The site's files from memory; a page gets the live-reload script.
async fn site_file(State(server): State<Arc<Server>>, uri: Uri) -> Response {
    let live = server.live.read().unwrap_or_else(|e| e.into_inner());
    let Some(path) = site_path(uri.path()) else {
        return not_found(&live);
    };
    let bytes = live.files().get(&path);
    match bytes {
        Some(bytes) if crate::paths::is_html_file(&path) => {
            let source = live.source_of(&path).unwrap_or("");
            file(&path, inject(bytes, &path, source))
        }
        Some(bytes) => file(&path, bytes),
        None => not_found(&live),
    }
}

async fn live_js() -> Response {
    file("live.js", LIVE_JS.as_bytes().to_vec())
}

/// The theme's `serve/faqsite-serve.css`, else the default theme's. Read at each request
/// (once per page load): a theme's edit shows at the next reload.
async fn overlay_css(State(server): State<Arc<Server>>) -> Response {
    let (root, theme) = {
        let live = server.live.read().unwrap_or_else(|e| e.into_inner());
        let project = live.project();
        (project.root.clone(), project.config.theme.clone())
    };
    let own = match theme.as_str() {
        "" => None,
        theme => std::fs::read(root.join("themes").join(theme).join(OVERLAY_CSS)).ok(),
    };
    file(
        OVERLAY_CSS,
        own.unwrap_or_else(|| DEFAULT_OVERLAY_CSS.to_vec()),
    )
}

/// The tab's stream: `hello`, then every event until the tab closes. A tab too slow to
/// keep up skips what it missed.
async fn events(
    State(server): State<Arc<Server>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = server.events.subscribe();
    let updates = stream::unfold(receiver, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(event) => return Some((event, rx)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let all = stream::once(async { BrowserEvent::Hello }).chain(updates);
    Sse::new(all.map(|event| Ok(event.to_sse()))).keep_alive(KeepAlive::default())
}

/// One problem as the overlay shows it: the file as `check` names it, and the position.
#[derive(Debug, Serialize)]
pub struct Problem {
    pub file: String,
    pub severity: &'static str,
    pub code: &'static str,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

async fn diagnostics(State(server): State<Arc<Server>>) -> Json<BTreeMap<String, Vec<Problem>>> {
    Json(problems(
        &server.live.read().unwrap_or_else(|e| e.into_inner()),
    ))
}

/// Every problem, by source file (content-relative for pages, as `Diagnostic::file`).
pub fn problems(live: &Live) -> BTreeMap<String, Vec<Problem>> {
    let mut by_file = BTreeMap::new();
    for (file, diags) in live.diagnostics() {
        let text = live.text_of(file);
        let text = text.as_deref();
        let index = text.map(crate::diagnostics::LineIndex::new);
        let items = diags
            .iter()
            .map(|d| {
                let pos = match (text, &index) {
                    (Some(text), Some(index)) => index.position(text, d.span.start),
                    _ => crate::diagnostics::Position { line: 1, column: 1 },
                };
                Problem {
                    file: live.layout().display(&d.file),
                    severity: d.severity.as_str(),
                    code: d.code.as_str(),
                    line: pos.line,
                    column: pos.column,
                    message: d.message.clone(),
                    hint: d.hint.clone(),
                }
            })
            .collect();
        by_file.insert(file.clone(), items);
    }
    by_file
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
        crate::html::escape(source),
        crate::html::escape(path)
    );
    let text = String::from_utf8_lossy(&html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

fn file(path: &str, bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, content_type(path))], bytes).into_response()
}

fn not_found(live: &Live) -> Response {
    let body = live.files().get("404.html");
    let page = body.unwrap_or_else(|| b"404\n".to_vec());
    (StatusCode::NOT_FOUND, file("404.html", page)).into_response()
}

/// The media type of a served file, by extension; text in UTF-8, as faqsite writes it.
pub fn content_type(path: &str) -> HeaderValue {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let text =
        mime.type_() == mime_guess::mime::TEXT || mime.subtype() == mime_guess::mime::JAVASCRIPT;
    let value = match text {
        true => format!("{}; charset=utf-8", mime.essence_str()),
        false => mime.essence_str().to_string(),
    };
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("application/octet-stream"))
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

    #[test]
    fn content_types_table() {
        let table = [
            ("index.html", "text/html; charset=utf-8"),
            ("static/style.css", "text/css; charset=utf-8"),
            ("static/search.js", "text/javascript; charset=utf-8"),
            ("search/index.js", "text/javascript; charset=utf-8"),
            ("sitemap.xml", "text/xml; charset=utf-8"),
            ("cgu/CGU v1.3.PDF", "application/pdf"),
            ("img/schéma.svg", "image/svg+xml"),
            ("img/a.png", "image/png"),
            ("img/a.jpeg", "image/jpeg"),
            ("img/a.webp", "image/webp"),
            ("fonts/marianne.woff2", "font/woff2"),
            ("notes.txt", "text/plain; charset=utf-8"),
            ("archive.unknownext", "application/octet-stream"),
            ("LICENSE", "application/octet-stream"),
        ];
        for (path, want) in table {
            assert_eq!(content_type(path), want, "{path}");
        }
    }
}
