//! Serve: the built site on 127.0.0.1, rebuilt as inputs change ([`watch`]), with live
//! reload.
//!
//! HTML responses get a small script that listens to `/__barograph/events` (server-sent
//! events): pages reload after each build, and a failed build shows its diagnostics as
//! an overlay, while the previous output stays served. The output files themselves are
//! never modified by the server.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tiny_http::{Header, Request, Response, Server};

pub mod browser;
pub mod watch;

use crate::diagnostics::Diagnostic;

/// Path of the event stream.
const EVENTS: &str = "/__barograph/events";
/// Path of the live-reload script.
const SCRIPT: &str = "/__barograph/live.js";

/// The script injected into served pages (not into the built files).
const LIVE_JS: &str = r#"(function () {
  var overlay = null;
  function show(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:99999;overflow:auto;background:rgba(20,24,33,.96);color:#fff;padding:2rem;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "barograph: the build failed; the page shows the last good build.\n\n" + text;
  }
  var source = new EventSource("/__barograph/events");
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("error-report", function (e) { show(JSON.parse(e.data)); });
})();
"#;

/// What clients are told.
#[derive(Debug, Clone)]
enum Event {
    Reload,
    Error(String),
}

/// Shared state between the build loop and the server.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<Event>>>,
    last_error: Mutex<Option<String>>,
    /// Event streams open now.
    streams: std::sync::atomic::AtomicUsize,
}

/// Counts an event stream as open for as long as it lives.
struct Open<'a>(&'a std::sync::atomic::AtomicUsize);

impl Drop for Open<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Hub {
    fn broadcast(&self, event: Event) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|c| c.send(event.clone()).is_ok());
    }

    /// A build succeeded: clear the overlay and reload the pages.
    pub fn built(&self) {
        *self.last_error.lock().unwrap_or_else(|e| e.into_inner()) = None;
        self.broadcast(Event::Reload);
    }

    /// A build failed: show `text` over the pages.
    pub fn failed(&self, text: String) {
        *self.last_error.lock().unwrap_or_else(|e| e.into_inner()) = Some(text.clone());
        self.broadcast(Event::Error(text));
    }
}

/// A running server: its address and the hub to notify.
pub struct Running {
    /// `http://127.0.0.1:<port>/`.
    pub url: String,
    /// Notify clients through it.
    pub hub: Arc<Hub>,
}

/// Start serving `output`, the output folder of the project at `root`, on
/// 127.0.0.1:`port` (0 picks a free port) in the background.
///
/// Only a folder barograph built (it holds the marker) is served, and within it only
/// visible regular files (no dotfile, no manifest, nothing a link leads to outside it).
/// Requests must name this server in their `Host` header (127.0.0.1, localhost, [::1]),
/// so a web page cannot reach it through a domain pointed at 127.0.0.1 (DNS rebinding).
pub fn start(root: &Path, output: &Path, port: u16) -> Result<Running, Diagnostic> {
    let options = Options {
        port,
        ..Options::default()
    };
    start_with(root, output, &options)
}

/// Where and how `serve` listens.
#[derive(Debug, Clone)]
pub struct Options {
    /// The address to listen on (`127.0.0.1` unless `--bind` says otherwise).
    pub bind: std::net::IpAddr,
    /// The port (0 picks a free one).
    pub port: u16,
    /// The path the site is served under, the path of its `base_url` (`/`, `/obs/`).
    pub base_path: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            bind: std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
            port: 8000,
            base_path: "/".into(),
        }
    }
}

/// The path of the `base_url` of the project at `root` (`/` when it cannot be read:
/// the build then says why).
pub fn base_path_of(root: &Path) -> String {
    let (project, _) = crate::load::load(root);
    project
        .site
        .and_then(|s| crate::load::config::parse_base_url(s.base_url.value.trim()).ok())
        .map_or_else(|| "/".to_string(), |(_, path)| path)
}

/// [`start`] with `options`: the address, the port and the path the site is served
/// under. Another path than the site's answers 404, `/` redirects to the site's.
pub fn start_with(root: &Path, output: &Path, options: &Options) -> Result<Running, Diagnostic> {
    // A folder barograph refuses to build into is never served either.
    crate::output::check_target(root, output)?;
    let (bind, port) = (options.bind, options.port);
    let server = Server::http((bind, port)).map_err(|e| {
        Diagnostic::error(format!("cannot listen on {bind}:{port} ({e})"))
            .with_hint("choose another port with --port, or another address with --bind")
    })?;
    let port = server.server_addr().to_ip().map_or(port, |a| a.port());
    let hub = Arc::new(Hub::default());
    let site = Site {
        root: crate::output::absolute(output),
        port,
        base_path: options.base_path.clone(),
        listed: Mutex::default(),
    };
    let shown_host = match bind {
        std::net::IpAddr::V4(v4) if v4.is_unspecified() => "127.0.0.1".to_string(),
        std::net::IpAddr::V6(v6) if v6.is_unspecified() => "[::1]".to_string(),
        std::net::IpAddr::V6(v6) => format!("[{v6}]"),
        std::net::IpAddr::V4(v4) => v4.to_string(),
    };
    let shared = hub.clone();
    std::thread::Builder::new()
        .name("serve".into())
        .spawn(move || {
            for request in server.incoming_requests() {
                handle(request, &site, &shared);
            }
        })
        .map_err(|e| Diagnostic::error(format!("cannot start the server ({e})")))?;
    Ok(Running {
        url: format!("http://{shown_host}:{port}{}", options.base_path),
        hub,
    })
}

/// What the server serves: the output folder, and the port it listens on.
struct Site {
    root: PathBuf,
    port: u16,
    /// The path the site is served under (`/`, `/obs/`).
    base_path: String,
    /// The files the output's marker lists, and the marker's identity when read.
    listed: Mutex<Option<(MarkerId, Arc<BTreeSet<String>>)>>,
}

/// What tells one marker file from the next: a build writes a new one.
type MarkerId = (u64, u64, i64, i64);

impl Site {
    /// The files barograph wrote into the output, as its marker lists them (read again
    /// only when the marker changed); `None` when the folder holds no marker of
    /// barograph's (not built yet, or not barograph's).
    fn listed(&self) -> Option<Arc<BTreeSet<String>>> {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::symlink_metadata(self.root.join(crate::output::MARKER)).ok()?;
        if !meta.is_file() {
            return None;
        }
        let id = (meta.ino(), meta.len(), meta.mtime(), meta.mtime_nsec());
        let mut slot = self.listed.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((known, files)) = slot.as_ref()
            && *known == id
        {
            return Some(files.clone());
        }
        let files = Arc::new(crate::output::written_files(&self.root)?);
        *slot = Some((id, files.clone()));
        Some(files)
    }
}

/// Most live-reload connections open at once (each holds a thread).
const MAX_STREAMS: usize = 64;

/// Largest file served, in bytes.
const MAX_SERVED_BYTES: u64 = 1 << 30;

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// True if `host` (a `Host` header) names this server: localhost or an IP address (a
/// page cannot reach the server through a domain name pointed at it: DNS rebinding),
/// with no port or the port it listens on.
fn local_host(host: &str, port: u16) -> bool {
    let host = host.trim().to_ascii_lowercase();
    let (name, given) = match host.rsplit_once(':') {
        Some((name, p))
            if !name.ends_with(':') && (name.starts_with('[') == name.ends_with(']')) =>
        {
            (name.to_string(), Some(p.to_string()))
        }
        _ => (host.clone(), None),
    };
    let literal = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .map_or_else(
            || name.parse::<std::net::Ipv4Addr>().is_ok(),
            |v6| v6.parse::<std::net::Ipv6Addr>().is_ok(),
        );
    let name_ok = name == "localhost" || literal;
    let port_ok = given.is_none_or(|p| p == port.to_string());
    name_ok && port_ok
}

/// A 301 to `to` (a path of this server).
fn redirect(to: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    plain(301, &format!("moved to {to}\n"))
        .with_header(header("Location", to))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn plain(status: u16, text: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string(text)
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"))
}

fn handle(request: Request, site: &Site, hub: &Arc<Hub>) {
    let hosts: Vec<&str> = request
        .headers()
        .iter()
        .filter(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str())
        .collect();
    if !matches!(hosts.as_slice(), [host] if local_host(host, site.port)) {
        let _ = request.respond(plain(
            403,
            "barograph serve answers only requests for localhost or an IP address\n",
        ));
        return;
    }
    if !matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        let _ = request.respond(plain(405, "only GET and HEAD are served\n"));
        return;
    }
    let url = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    if url == EVENTS {
        let open = hub
            .streams
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if open >= MAX_STREAMS {
            hub.streams
                .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
            let _ = request.respond(plain(503, "too many live-reload connections\n"));
            return;
        }
        let hub = hub.clone();
        let _ = std::thread::Builder::new()
            .name("events".into())
            .spawn(move || stream(request, &hub));
        return;
    }
    if url == SCRIPT {
        let response = Response::from_string(LIVE_JS)
            .with_header(header("Content-Type", "text/javascript; charset=utf-8"));
        let _ = request.respond(response);
        return;
    }
    // The site lives under its base path; `/`, and the path without its slash, lead
    // there (relative links would break at `/obs`).
    let bare = site.base_path.trim_end_matches('/');
    if !bare.is_empty() && url == bare {
        let _ = request.respond(redirect(&site.base_path));
        return;
    }
    let Some(url) = url.strip_prefix(bare) else {
        let response = match url.as_str() {
            "/" => redirect(&site.base_path),
            _ => plain(
                404,
                &format!("not found: the site is served under {}\n", site.base_path),
            ),
        };
        let _ = request.respond(response);
        return;
    };
    let url = if url.is_empty() {
        "/".to_string()
    } else {
        url.to_string()
    };
    let Some(listed) = site.listed() else {
        let _ = request.respond(plain(
            503,
            "no site built yet: barograph serves a folder only once it has built it there\n",
        ));
        return;
    };
    // Only the files barograph wrote: nothing else in the folder is ever served.
    let ours = |found: Option<(PathBuf, std::fs::File, u64)>| {
        found.filter(|(rel, ..)| listed.contains(&crate::diagnostics::display_path(rel)))
    };
    // A folder asked for without its `/`: relative links would break there.
    if !url.ends_with('/') && ours(resolve(&site.root, &format!("{url}/"))).is_some() {
        // The query goes along, unless it holds what a header may not.
        let query = request
            .url()
            .split_once('?')
            .filter(|(_, q)| !q.chars().any(char::is_control))
            .map(|(_, q)| format!("?{q}"));
        // From the path's own segments: `//x` must not become a link to the host `x`.
        let base = site.base_path.trim_end_matches('/');
        let path = url.trim_start_matches('/');
        let to = format!("{base}/{path}/{}", query.unwrap_or_default());
        let _ = request.respond(redirect(&to));
        return;
    }
    let found = match ours(resolve(&site.root, &url)) {
        Some(found) => Some((200, found)),
        None => ours(resolve(&site.root, "/404.html")).map(|found| (404, found)),
    };
    let Some((status, (path, file, len))) = found else {
        let _ = request.respond(plain(404, "not found\n"));
        return;
    };
    let mut bytes = Vec::with_capacity(len as usize);
    if std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_SERVED_BYTES), &mut bytes)
        .is_err()
    {
        let _ = request.respond(plain(404, "not found\n"));
        return;
    }
    let mime = mime_type(&path);
    if mime.starts_with("text/html") {
        bytes = inject(bytes);
    }
    let response = Response::from_data(bytes)
        .with_status_code(status)
        .with_header(header("Content-Type", mime))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    let _ = request.respond(response);
}

/// The file for a URL path: `/a/` is `a/index.html`. Nothing hidden (no dotfile, no
/// manifest), only regular files, and no link followed: the file is opened by the
/// kernel beneath `root` with links refused ([`crate::load::files::open_beneath`]), so
/// a link swapped in between a check and the open cannot lead out.
fn resolve(root: &Path, url: &str) -> Option<(PathBuf, std::fs::File, u64)> {
    let decoded = percent_decode(url.trim_start_matches('/'))?;
    let rel = Path::new(&decoded);
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    if crate::load::files::hidden_component(rel).is_some() {
        return None;
    }
    let is_dir = rel.as_os_str().is_empty() || root.join(rel).is_dir();
    let rel = if is_dir {
        rel.join("index.html")
    } else {
        rel.to_path_buf()
    };
    let (file, len) = crate::load::files::open_beneath(root, &rel, MAX_SERVED_BYTES).ok()?;
    Some((rel, file, len))
}

fn percent_decode(text: &str) -> Option<String> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
        .filter(|s| !s.contains('\0'))
        .map(|s| s.into_owned())
}

fn inject(html: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&html);
    let tag = format!("<script src=\"{SCRIPT}\"></script>\n</body>");
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i + "</body>".len()..]).into_bytes(),
        None => html,
    }
}

/// Keep an event stream open: the current error first, then each event.
fn stream(request: Request, hub: &Arc<Hub>) {
    let _open = Open(&hub.streams);
    let (tx, rx): (Sender<Event>, Receiver<Event>) = channel();
    hub.clients
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(tx);
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    let pending = hub
        .last_error
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let mut next = pending.map(Event::Error);
    loop {
        let event = match next.take() {
            Some(e) => Some(e),
            None => match rx.recv_timeout(Duration::from_secs(15)) {
                Ok(e) => Some(e),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => None,
                Err(_) => return,
            },
        };
        let text = match event {
            Some(Event::Reload) => "event: reload\ndata: 1\n\n".to_string(),
            Some(Event::Error(message)) => {
                let data = serde_json::to_string(&message).unwrap_or_default();
                format!("event: error-report\ndata: {data}\n\n")
            }
            None => ": keep-alive\n\n".to_string(),
        };
        if writer
            .write_all(text.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

/// The MIME type of a served file.
pub(crate) fn mime_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "avif" => "image/avif",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_map_to_files_inside_the_output_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a b")).unwrap();
        std::fs::write(dir.path().join("a b/index.html"), "x").unwrap();
        let path = |url: &str| resolve(dir.path(), url).map(|(p, ..)| p);
        assert_eq!(path("/a%20b/"), Some(PathBuf::from("a b/index.html")));
        assert_eq!(path("/../etc/passwd"), None);
        assert_eq!(path("/%2e%2e/etc/passwd"), None);
        assert_eq!(path("/missing"), None);
    }

    #[test]
    fn dotfiles_and_links_out_are_never_served() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "s").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join(crate::output::MARKER), "{}").unwrap();
        std::fs::create_dir(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/config"), "c").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), root.join("leak")).unwrap();
        std::os::unix::fs::symlink(root.join(".git/config"), root.join("cfg")).unwrap();
        for url in [
            "/.barograph-output",
            "/.git/config",
            "/%2egit/config",
            "/leak",
            "/cfg",
            "/a%00b",
        ] {
            assert!(resolve(root, url).is_none(), "{url}");
        }
    }

    #[test]
    fn only_local_host_names_are_answered() {
        for ok in [
            "127.0.0.1:8000",
            "localhost:8000",
            "[::1]:8000",
            "LOCALHOST",
            "127.0.0.1",
        ] {
            assert!(local_host(ok, 8000), "{ok}");
        }
        for bad in [
            "evil.example:8000",
            "127.0.0.1.nip.io:8000",
            "localhost:9000",
            "127.0.0.1:8000@evil",
            "",
            "[::1",
        ] {
            assert!(!local_host(bad, 8000), "{bad}");
        }
    }

    #[test]
    fn the_live_script_goes_before_the_end_of_body() {
        let html = inject(b"<html><body><p>x</p></body></html>".to_vec());
        let html = String::from_utf8(html).unwrap();
        assert!(
            html.contains("<script src=\"/__barograph/live.js\"></script>\n</body></html>"),
            "{html}"
        );
    }
}
