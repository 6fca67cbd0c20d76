//! Helpers shared by the integration tests: fixture projects in temporary folders,
//! overlays for invalid fixtures, and a fingerprint of an output tree.

#![allow(dead_code)]

pub mod scale;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use barograph::diagnostics::Diagnostics;

/// The repository root (the shipped example project).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<rel>`.
pub fn fixture(rel: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(rel)
}

/// Copy a folder recursively (the output folder excepted).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "output" || name == "target" || name == ".git" {
            continue;
        }
        let dest = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A temporary project: the minimal valid fixture with `overlay` (a folder under
/// `tests/fixtures/`) copied over it.
pub fn project_with_overlay(overlay: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("valid/minimal"), dir.path());
    if let Some(overlay) = overlay {
        copy_dir(&fixture(overlay), dir.path());
    }
    dir
}

/// Every file under `dir` with its bytes, keyed by relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// Names of the sub-folders of `tests/fixtures/<group>`, sorted.
pub fn fixture_names(group: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(fixture(group))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Build `root` into `out` with the library.
pub fn build(root: &Path, out: &Path) -> Result<barograph::BuildReport, barograph::Failure> {
    barograph::build(&barograph::BuildOptions {
        root: root.to_path_buf(),
        output: out.to_path_buf(),
        base_url: None,
        publish: Default::default(),
    })
}

// ---- helpers of the security and output-safety tests ----------------------------------

/// Build the project at `root` into `root/output`.
pub fn build_here(root: &Path) -> Result<barograph::BuildReport, barograph::Failure> {
    barograph::build(&barograph::BuildOptions {
        root: root.to_path_buf(),
        output: root.join("output"),
        base_url: None,
        publish: Default::default(),
    })
}

pub fn errors(result: Result<barograph::BuildReport, barograph::Failure>) -> Diagnostics {
    match result {
        Ok(_) => panic!("the build must fail"),
        Err(f) => f.diagnostics,
    }
}

pub fn warnings(result: Result<barograph::BuildReport, barograph::Failure>) -> Diagnostics {
    match result {
        Ok(r) => r.warnings,
        Err(f) => panic!("the build must succeed:\n{}", f.diagnostics),
    }
}

/// A 2×1 PNG.
pub fn png() -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut enc = png::Encoder::new(&mut bytes, 2, 1);
    enc.set_color(png::ColorType::Rgb);
    enc.write_header()
        .unwrap()
        .write_image_data(&[0; 6])
        .unwrap();
    bytes
}

pub fn set_photo(root: &Path, photo: &str) {
    let quotes =
        format!("- id: porte-parole\n  speaker: S\n  role: r\n  text: t\n  photo: {photo}\n");
    fs::write(root.join("content/quotes/quotes.yaml"), quotes).unwrap();
}

pub fn output_tree(root: &Path) -> Vec<String> {
    tree(&root.join("output")).into_keys().collect()
}

/// A named pipe at `path`.
pub fn mkfifo(path: &Path) {
    rustix::fs::mkfifoat(rustix::fs::CWD, path, rustix::fs::Mode::from(0o600)).unwrap();
}

/// The text of a PDF, as poppler reads it (`None` when poppler is missing).
pub fn pdf_text(bytes: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.pdf");
    std::fs::write(&file, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args([file.as_os_str(), Path::new("-").as_os_str()])
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}
