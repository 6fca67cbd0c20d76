//! `serve` over HTTP, as an attacker sees it: path traversal in every spelling,
//! dotfiles and the manifest, links out of the output, a foreign `Host` (DNS
//! rebinding), a folder barograph refused to build into, a folder it has not built.

mod common;

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use common::*;

/// A raw request (the path sent as is, no client normalisation): status and body.
fn get(port: u16, path: &str, host: Option<&str>) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\n{host}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

/// The minimal fixture, built into its `output/`.
fn minimal_built() -> tempfile::TempDir {
    let project = project_with_overlay(None);
    let root = project.path();
    barograph::build(&barograph::BuildOptions {
        root: root.to_path_buf(),
        output: root.join("output"),
        base_url: None,
        publish: Default::default(),
    })
    .unwrap_or_else(|f| panic!("{}", f.diagnostics));
    project
}

fn built() -> (tempfile::TempDir, u16) {
    let project = minimal_built();
    let root = project.path();
    let running = barograph::serve::start(root, &root.join("output"), 0).unwrap();
    let port = port_of(&running.url);
    std::mem::forget(running);
    (project, port)
}

/// The port of a served address (`http://127.0.0.1:4321/obs/`).
fn port_of(url: &str) -> u16 {
    let rest = url.trim_start_matches("http://");
    let host = rest.split('/').next().unwrap();
    host.rsplit(':').next().unwrap().parse().unwrap()
}

fn local(port: u16) -> String {
    format!("127.0.0.1:{port}")
}

#[test]
fn pages_are_served_to_local_names_only() {
    let (_project, port) = built();
    let (status, body) = get(port, "/", Some(&local(port)));
    assert_eq!(status, 200);
    assert!(body.contains("<html"), "{body}");
    for host in [
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        "localhost".into(),
    ] {
        assert_eq!(get(port, "/", Some(&host)).0, 200, "{host}");
    }
    for host in [
        Some(format!("evil.example:{port}")),
        Some(format!("127.0.0.1.evil.example:{port}")),
        Some("localhost:1".to_string()),
        None,
    ] {
        let (status, body) = get(port, "/", host.as_deref());
        assert!(status == 403 || status == 400, "{host:?}: {status}");
        assert!(!body.contains("<html"), "{host:?}");
    }
}

#[test]
fn no_spelling_of_a_path_leaves_the_output() {
    let (project, port) = built();
    fs::write(
        project.path().join("secret.txt"),
        "root:x:0:0 project secret",
    )
    .unwrap();
    std::os::unix::fs::symlink("/etc/passwd", project.path().join("output/passwd")).unwrap();
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/.%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/%c0%ae%c0%ae/secret.txt",
        "/....//secret.txt",
        "/passwd",
        "/resultats/../../secret.txt",
        "/a%00/../../secret.txt",
    ] {
        let (status, body) = get(port, path, Some(&local(port)));
        assert_ne!(status, 200, "{path}");
        assert!(!body.contains("root:"), "{path}: {body}");
    }
}

#[test]
fn dotfiles_and_the_manifest_are_never_served() {
    let (project, port) = built();
    let out = project.path().join("output");
    fs::create_dir(out.join(".git")).unwrap();
    fs::write(out.join(".git/config"), "[remote] token=abc").unwrap();
    fs::write(out.join(".env"), "SECRET=1").unwrap();
    for path in [
        "/.barograph-output",
        "/%2ebarograph-output",
        "/.git/config",
        "/.git/",
        "/%2Egit/config",
        "/.env",
        "/resultats/../.env",
    ] {
        let (status, body) = get(port, path, Some(&local(port)));
        assert_ne!(status, 200, "{path}");
        assert!(
            !body.contains("token") && !body.contains("SECRET") && !body.contains("blake3"),
            "{path}"
        );
        assert!(!body.contains("\"files\""), "{path}: the manifest leaked");
    }
}

#[test]
fn a_folder_barograph_refuses_to_build_into_is_never_served() {
    let project = project_with_overlay(None);
    let root = project.path();
    let stranger = root.join("stranger");
    fs::create_dir(&stranger).unwrap();
    fs::write(stranger.join("id_rsa"), "PRIVATE KEY").unwrap();
    for out in [Path::new("/"), stranger.as_path(), root] {
        let err = barograph::serve::start(root, out, 0)
            .err()
            .unwrap_or_else(|| panic!("{} is served", out.display()));
        assert!(
            err.message.starts_with("refusing to write the site"),
            "{err}"
        );
    }
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_barograph"))
        .args(["serve", "--port", "0", "--output", "/", "--root"])
        .arg(root)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains("serving"), "{stdout}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("refusing"));
}

#[test]
fn a_folder_not_built_yet_is_not_served() {
    let project = project_with_overlay(None);
    let root = project.path();
    let out = root.join("fresh");
    fs::create_dir(&out).unwrap();
    let running = barograph::serve::start(root, &out, 0).unwrap();
    let port: u16 = running
        .url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    fs::write(out.join("index.html"), "<html>not built by barograph").unwrap();
    let (status, body) = get(port, "/index.html", Some(&local(port)));
    assert_eq!(status, 503);
    assert!(!body.contains("<html"), "{body}");
}

#[test]
fn a_folder_with_a_marker_that_is_not_barographs_is_not_served() {
    let project = project_with_overlay(None);
    let root = project.path();
    for marker in ["", "{\"garbage\": 1}", "not json"] {
        let fake = root.join("fake");
        let _ = fs::remove_dir_all(&fake);
        fs::create_dir(&fake).unwrap();
        fs::write(fake.join("private.txt"), "PRIVATE").unwrap();
        fs::write(fake.join(barograph::output::MARKER), marker).unwrap();
        let err = barograph::serve::start(root, &fake, 0)
            .err()
            .unwrap_or_else(|| panic!("served with marker {marker:?}"));
        assert!(err.message.contains("is not barograph's"), "{err}");
    }
}

#[test]
fn only_the_files_barograph_wrote_are_served() {
    let (project, port) = built();
    let out = project.path().join("output");
    fs::write(out.join("private.txt"), "PRIVATE").unwrap();
    fs::create_dir(out.join("notes")).unwrap();
    fs::write(out.join("notes/index.html"), "<html>MINE").unwrap();
    for path in ["/private.txt", "/notes/", "/notes/index.html"] {
        let (status, body) = get(port, path, Some(&local(port)));
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("PRIVATE") && !body.contains("MINE"),
            "{path}"
        );
    }
    assert_eq!(get(port, "/resultats/", Some(&local(port))).0, 200);
}

#[test]
fn the_site_is_served_under_its_base_path_and_folders_get_their_slash() {
    let project = minimal_built();
    let root = project.path();
    // The minimal fixture's base_url is https://example.org/obs/.
    let options = barograph::serve::Options {
        port: 0,
        base_path: barograph::serve::base_path_of(root),
        ..Default::default()
    };
    assert_eq!(options.base_path, "/obs/");
    let running = barograph::serve::start_with(root, &root.join("output"), &options).unwrap();
    assert!(running.url.ends_with("/obs/"), "{}", running.url);
    let port = port_of(&running.url);
    std::mem::forget(running);
    let host = Some(local(port));
    let (status, body) = get(port, "/obs/", host.as_deref());
    assert_eq!(status, 200);
    assert!(body.contains("<html"));
    assert_eq!(
        get(port, "/", host.as_deref()),
        (301, "moved to /obs/\n".into())
    );
    let (status, body) = get(port, "/obs/surveys?x=1", host.as_deref());
    assert_eq!(
        (status, body.as_str()),
        (301, "moved to /obs/surveys/?x=1\n")
    );
    assert_eq!(get(port, "/obs/surveys/", host.as_deref()).0, 200);
    // Never a redirect to another host (`//surveys/` would be one).
    let (status, body) = get(port, "/obs//surveys", host.as_deref());
    assert!(
        status != 301 || body == "moved to /obs/surveys/\n",
        "{status} {body}"
    );
    assert_eq!(get(port, "/surveys/", host.as_deref()).0, 404);
    // A file is not a folder: no redirect.
    assert_eq!(get(port, "/obs/robots.txt", host.as_deref()).0, 200);
    // Another device of the network names the server by its address.
    assert_eq!(
        get(port, "/obs/", Some(&format!("192.168.1.20:{port}"))).0,
        200
    );
    assert_eq!(
        get(port, "/obs/", Some(&format!("evil.example:{port}"))).0,
        403
    );
}

#[test]
fn a_folder_redirect_never_leads_to_another_host() {
    let (_project, port) = built();
    let host = Some(local(port));
    assert_eq!(
        get(port, "/surveys", host.as_deref()),
        (301, "moved to /surveys/\n".into())
    );
    // `//surveys/` would send the browser to the host `surveys`.
    let (status, body) = get(port, "//surveys", host.as_deref());
    assert!(!body.contains("moved to //"), "{status} {body}");
}
