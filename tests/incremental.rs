//! Incremental builds, atomic output and `serve` (no timing here: speed is measured by
//! the benchmarks). An unchanged rebuild regenerates nothing, a data change regenerates
//! the PDF, a build killed with SIGKILL leaves the previous output intact, a corrupt
//! cache means a rebuild, and `serve` picks up a data change.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

#[test]
fn an_unchanged_rebuild_regenerates_nothing() {
    let project = project_with_overlay(None);
    let out = project.path().join("output");
    let first = build(project.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    assert!(first.compiled >= 2 && first.written > 0, "{first:?}");
    let before = tree(&out);
    let second = build(project.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    assert_eq!(second.compiled, 0, "no Typst compile");
    assert_eq!(
        second.cached, first.compiled,
        "every Typst result comes from the cache"
    );
    assert_eq!(second.written, 0, "no file written");
    assert_eq!(tree(&out), before);
}

#[test]
fn a_data_change_regenerates_the_pdf_and_nothing_else_typst() {
    let project = project_with_overlay(None);
    let out = project.path().join("output");
    let first = build(project.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let png = "surveys/enquete/charts/usages-grouped.png";
    let old_png = fs::read(out.join(png)).unwrap();
    let other_png = "surveys/enquete/charts/satisfaction-stacked.png";
    let old_other = fs::read(out.join(other_png)).unwrap();
    let pdf = "surveys/enquete/enquete.pdf";
    let old_pdf = fs::read(out.join(pdf)).unwrap();
    let data = project.path().join("data/enquete.yaml");
    let text = fs::read_to_string(&data)
        .unwrap()
        .replace("values: { tous: 80 }", "values: { tous: 81 }");
    fs::write(&data, text).unwrap();
    let report = build(project.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    assert_eq!(
        report.compiled, 2,
        "only the infographic and the changed chart's PNG are compiled again: {report:?}"
    );
    assert_eq!(
        report.cached,
        first.compiled - 2,
        "the social image and the other charts' PNGs are unchanged: {report:?}"
    );
    assert_ne!(fs::read(out.join(pdf)).unwrap(), old_pdf, "the PDF changed");
    assert_ne!(
        fs::read(out.join(png)).unwrap(),
        old_png,
        "the chart's PNG changed"
    );
    assert_eq!(fs::read(out.join(other_png)).unwrap(), old_other);
    assert!(
        fs::read_to_string(out.join("resultats/index.html"))
            .unwrap()
            .contains("81\u{202f}%")
    );
}

#[test]
fn removed_content_disappears_from_the_output() {
    let project = project_with_overlay(None);
    let out = project.path().join("output");
    build(project.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    assert!(out.join("resultats/index.html").exists());
    fs::remove_file(project.path().join("content/articles/resultats.md")).unwrap();
    build(project.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    assert!(
        !out.join("resultats").exists(),
        "the article's folder is gone"
    );
}

#[test]
fn a_corrupt_cache_means_a_rebuild_not_a_crash() {
    let project = project_with_overlay(None);
    let out = project.path().join("output");
    build(project.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let cache = project.path().join(".output.barograph-cache");
    for entry in fs::read_dir(&cache).unwrap() {
        let path = entry.unwrap().path();
        fs::write(&path, b"\x00garbage").unwrap();
    }
    let report = build(project.path(), &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    assert!(
        report.compiled >= 2,
        "corrupt entries are rebuilt: {report:?}"
    );
    let pdf = fs::read(out.join("surveys/enquete/enquete.pdf")).unwrap();
    assert!(
        pdf.starts_with(b"%PDF"),
        "the output holds a real PDF, not the garbage"
    );
}

#[test]
fn a_build_killed_partway_leaves_the_previous_output_intact() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("scale");
    scale::generate(&root, 300, 3).unwrap();
    let out = dir.path().join("site");
    build(&root, &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let before = tree(&out);
    // Change every article, so the next build has everything to write again.
    for entry in fs::read_dir(root.join("content/articles")).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path)
            .unwrap()
            .replace("Une lecture", "Une relecture");
        fs::write(&path, text).unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_barograph"))
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let tmp = dir.path().join(format!(".site.tmp-{}", child.id()));
    let deadline = Instant::now() + Duration::from_secs(120);
    // Kill once the new output is being written (its marker is the first file).
    let writing = || tmp.join(".barograph-output").exists();
    while !writing() && Instant::now() < deadline && child.try_wait().unwrap().is_none() {
        std::thread::sleep(Duration::from_millis(1));
    }
    assert!(writing(), "the build should have started writing");
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(tree(&out), before, "the previous output is intact");
    let report = build(&root, &out).unwrap_or_else(|f| panic!("{}", f.diagnostics));
    assert_eq!(report.articles, 300);
    assert!(
        !tmp.exists(),
        "the leftover of the killed build is cleaned up"
    );
    assert!(
        fs::read_to_string(out.join("analyse-7/index.html"))
            .unwrap()
            .contains("Une relecture")
    );
}

/// GET `path` from `base` (`http://127.0.0.1:port/obs/`, the site served under its
/// base path) with a raw HTTP/1.0 request.
fn get(base: &str, path: &str) -> String {
    let rest = base.trim_start_matches("http://");
    let (addr, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET /{prefix}{path} HTTP/1.0\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    let mut body = Vec::new();
    stream.read_to_end(&mut body).unwrap();
    String::from_utf8_lossy(&body).into_owned()
}

#[test]
fn serve_rebuilds_when_the_data_changes() {
    let project = project_with_overlay(None);
    let mut child = Command::new(env!("CARGO_BIN_EXE_barograph"))
        .args(["serve", "--port", "0", "--root"])
        .arg(project.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let base = first.split_whitespace().nth(1).unwrap().to_string();
    assert!(base.starts_with("http://127.0.0.1:"), "{first}");
    lines.next().unwrap().unwrap(); // the first build's summary
    let page = get(&base, "resultats/");
    assert!(page.lines().next().unwrap().contains(" 200 "), "{page}");
    assert!(page.contains("58,5\u{202f}%"), "the page shows the figure");
    assert!(
        page.contains("/__barograph/live.js"),
        "served pages reload by themselves"
    );
    let data = project.path().join("data/enquete.yaml");
    let text = fs::read_to_string(&data)
        .unwrap()
        .replace("tous: 58.5", "tous: 57.5")
        .replace("tous: 41.5", "tous: 42.5");
    fs::write(&data, text).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut updated = false;
    while Instant::now() < deadline {
        if get(&base, "resultats/").contains("57,5\u{202f}%") {
            updated = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        get(&base, "missing/")
            .lines()
            .next()
            .unwrap()
            .contains(" 404 ")
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        updated,
        "the page shows the new figure after the data change"
    );
}
