//! Output: the only module that writes to disk.
//!
//! A build is written into a sibling temporary directory, then swapped in place of the
//! output directory, so the previous output stays intact until a build fully succeeds.
//! A marker file identifies directories barograph created: nothing else is ever
//! deleted, and dangerous targets (the project root, a folder containing it, an input
//! folder, a non-empty folder without the marker) are refused. Leftovers of an
//! interrupted build are cleaned up on the next run.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics};

pub mod cache;

/// Name of the marker file written at the top of every output directory. It also holds
/// the manifest of the files written (path → blake3), for incremental writes.
pub const MARKER: &str = ".barograph-output";
#[cfg(test)]
const MARKER_TEXT: &str = "{}";

/// The content of the marker file.
#[derive(Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
struct Manifest {
    /// Always "This directory was written by barograph and is replaced on every build."
    note: String,
    /// Tool and version that wrote it.
    tool: String,
    /// Each file's blake3, hex, by path.
    files: BTreeMap<String, String>,
}

impl Manifest {
    fn of(files: &[OutputFile]) -> Manifest {
        Manifest {
            note: "This directory was written by barograph and is replaced on every build.".into(),
            tool: concat!("barograph ", env!("CARGO_PKG_VERSION")).into(),
            files: files
                .iter()
                .map(|f| {
                    (
                        crate::diagnostics::display_path(&f.path),
                        f.hash().to_hex().to_string(),
                    )
                })
                .collect(),
        }
    }

    /// The manifest of the output at `out`; empty if missing or unreadable.
    fn read(out: &Path) -> Manifest {
        fs::read(out.join(MARKER))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// True if `out` still holds exactly these files: same list, and every file present
    /// with the expected size (a cheap check; contents were hashed when written).
    fn matches_disk(&self, out: &Path, files: &[OutputFile]) -> bool {
        files
            .iter()
            .all(|f| fs::metadata(out.join(&f.path)).is_ok_and(|m| m.len() == f.len()))
    }
}

/// What a file of the site holds: bytes in memory, or a checked file of the build cache
/// (Typst results, never loaded whole into memory again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Bytes, shared: one infographic placed in a thousand folders is held once.
    Memory(std::sync::Arc<[u8]>),
    /// A file of the cache.
    Cached(cache::CachedFile),
}

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output directory.
    pub path: PathBuf,
    /// Contents.
    pub content: Content,
}

impl OutputFile {
    /// A file at `path` with `bytes`.
    pub fn new(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Self {
        OutputFile {
            path: path.into(),
            content: Content::Memory(bytes.into()),
        }
    }

    /// A file at `path` with the given content (shared with other files).
    pub fn with(path: impl Into<PathBuf>, content: Content) -> Self {
        OutputFile {
            path: path.into(),
            content,
        }
    }

    /// Size in bytes.
    pub fn len(&self) -> u64 {
        match &self.content {
            Content::Memory(b) => b.len() as u64,
            Content::Cached(c) => c.len,
        }
    }

    /// True for an empty file.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// blake3 of the content.
    pub fn hash(&self) -> blake3::Hash {
        match &self.content {
            Content::Memory(b) => blake3::hash(b),
            Content::Cached(c) => c.hash,
        }
    }

    /// The bytes (read from the cache if need be).
    pub fn bytes(&self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        match &self.content {
            Content::Memory(b) => Ok(std::borrow::Cow::Borrowed(b)),
            Content::Cached(c) => fs::read(&c.path).map(std::borrow::Cow::Owned),
        }
    }
}

/// What a write did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files in the output.
    pub files: usize,
    /// Bytes in the output.
    pub bytes: u64,
    /// Files whose content was written (new or changed).
    pub written: usize,
    /// Files carried over unchanged from the previous output (hard links).
    pub kept: usize,
    /// True when the output already held exactly these files and nothing was touched.
    pub unchanged: bool,
}

fn io_error(what: &str, path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot {what} `{}` ({e})", path.display()))
        .with_hint("check the permissions and free space of the output directory; the previous output is unchanged")
}

/// Absolute, lexically normalised form of `path` (without requiring it to exist).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve symlinks in the part that exists, so two spellings compare equal.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    resolved
}

/// Refuse output directories that could destroy input or unrelated data.
pub fn check_target(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let out = absolute(out);
    let refuse = |why: &str| {
        Err(Diagnostic::error(format!(
            "refusing to write the site to `{}` ({why})",
            out.display()
        ))
        .with_hint("choose an empty or new folder, e.g. --output output"))
    };
    if out.parent().is_none() {
        return refuse("it is the filesystem root");
    }
    if out == root {
        return refuse("it is the project root");
    }
    if root.starts_with(&out) {
        return refuse("it contains the project");
    }
    for input in [
        "data",
        "content",
        "templates",
        "fonts",
        "site.yaml",
        "src",
        ".git",
    ] {
        if out.starts_with(root.join(input)) {
            return refuse(&format!("it is inside the project's `{input}`"));
        }
    }
    if out.is_file() {
        return refuse("it is a file");
    }
    if out.is_dir() && !out.join(MARKER).is_file() {
        let empty = fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return refuse("it is a non-empty folder that barograph did not create");
        }
    }
    Ok(())
}

/// Sibling paths used while swapping: `.<name>.tmp-<pid>` and `.<name>.old-<pid>`.
fn sibling(out: &Path, kind: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    out.with_file_name(format!(".{name}.{kind}-{}", std::process::id()))
}

/// Remove leftovers of interrupted builds next to `out` (only folders with our marker),
/// and restore a previous output that a crash left renamed aside.
pub fn clean_leftovers(out: &Path) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return diags;
    };
    let name = name.to_string_lossy();
    let Ok(entries) = fs::read_dir(parent) else {
        return diags;
    };
    let mut leftovers: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let n = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (n.starts_with(&format!(".{name}.tmp-")) || n.starts_with(&format!(".{name}.old-")))
                && p.join(MARKER).is_file()
        })
        .collect();
    // A build killed between creating its folder and writing the marker leaves an empty
    // folder: removing an empty folder cannot lose anything.
    if let Ok(entries) = fs::read_dir(parent) {
        for e in entries.filter_map(Result::ok) {
            if e.file_name()
                .to_string_lossy()
                .starts_with(&format!(".{name}.tmp-"))
            {
                let _ = fs::remove_dir(e.path());
            }
        }
    }
    leftovers.sort();
    for path in leftovers {
        let is_old = path.to_string_lossy().contains(".old-");
        let result = if is_old && !out.exists() {
            fs::rename(&path, out)
        } else {
            fs::remove_dir_all(&path)
        };
        if let Err(e) = result {
            diags.push(Diagnostic::warning(format!(
                "cannot clean up `{}` ({e})",
                path.display()
            )));
        }
    }
    diags
}

/// Write `files` as the new content of `out`, atomically replacing what was there, and
/// store the new cache entries. Files identical to the previous output are hard-linked
/// from it instead of written; when nothing changed at all, nothing is touched.
pub fn write_site(
    root: &Path,
    out: &Path,
    files: &[OutputFile],
    cache: &cache::Cache,
    used: &[blake3::Hash],
) -> Result<WriteReport, Diagnostics> {
    check_target(root, out)?;
    let out = absolute(out);
    clean_leftovers(&out);
    let manifest = Manifest::of(files);
    let previous = Manifest::read(&out);
    let total = files.iter().map(OutputFile::len).sum();
    if previous == manifest && manifest.matches_disk(&out, files) {
        cache.retain(used);
        return Ok(WriteReport {
            files: files.len(),
            bytes: total,
            unchanged: true,
            ..WriteReport::default()
        });
    }
    let tmp = sibling(&out, "tmp");
    let result = write_tree(&tmp, &out, files, &manifest, &previous)
        .and_then(|report| swap(&tmp, &out).map(|()| report));
    if result.is_err() && tmp.exists() {
        let _ = fs::remove_dir_all(&tmp);
    }
    if result.is_ok() {
        cache.retain(used);
    }
    result.map_err(Diagnostics::from)
}

fn write_tree(
    dir: &Path,
    out: &Path,
    files: &[OutputFile],
    manifest: &Manifest,
    previous: &Manifest,
) -> Result<WriteReport, Diagnostic> {
    if let Some(parent) = dir.parent() {
        fs::create_dir_all(parent).map_err(|e| io_error("create", parent, &e))?;
    }
    fs::create_dir(dir).map_err(|e| io_error("create", dir, &e))?;
    let json = serde_json::to_vec_pretty(manifest).expect("manifest serialises");
    write_file(&dir.join(MARKER), &json)?;
    let mut report = WriteReport::default();
    // The first file written with each content: later identical files are hard links.
    let mut written: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut dirs: std::collections::BTreeSet<PathBuf> = std::collections::BTreeSet::new();
    for f in files {
        let safe = f
            .path
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        if !safe {
            return Err(Diagnostic::error(format!(
                "unsafe output path `{}` (it leaves the output folder)",
                f.path.display()
            )));
        }
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent()
            && !dirs.contains(parent)
        {
            fs::create_dir_all(parent).map_err(|e| io_error("create", parent, &e))?;
            dirs.insert(parent.to_path_buf());
        }
        let key = crate::diagnostics::display_path(&f.path);
        let hash = manifest.files.get(&key).cloned().unwrap_or_default();
        let same = previous.files.get(&key) == Some(&hash);
        let old = out.join(&f.path);
        let kept = same
            && fs::metadata(&old).is_ok_and(|m| m.len() == f.len())
            && fs::hard_link(&old, &path).is_ok();
        let duplicate = || {
            written
                .get(&hash)
                .is_some_and(|first| fs::hard_link(first, &path).is_ok())
        };
        if kept || duplicate() {
            report.kept += 1;
        } else {
            place(f, &path)?;
            report.written += 1;
        }
        written.entry(hash).or_insert(path);
        report.files += 1;
        report.bytes += f.len();
    }
    Ok(report)
}

/// Put a file's content at `path`: write its bytes, or link (else copy) its cache file.
fn place(f: &OutputFile, path: &Path) -> Result<(), Diagnostic> {
    match &f.content {
        Content::Memory(bytes) => write_file(path, bytes),
        Content::Cached(c) => {
            if fs::hard_link(&c.path, path).is_ok() {
                return Ok(());
            }
            fs::copy(&c.path, path)
                .map(|_| ())
                .map_err(|e| io_error("write", path, &e))
        }
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let mut file = fs::File::create(path).map_err(|e| io_error("write", path, &e))?;
    file.write_all(bytes)
        .map_err(|e| io_error("write", path, &e))?;
    file.flush().map_err(|e| io_error("write", path, &e))
}

/// Put `tmp` in place of `out`. Where the system can exchange two folders in one step
/// (Linux), `out` never stops existing, so a server or a reader of the folder sees the
/// old output or the new one, never neither; the old output, now at `tmp`, is then
/// deleted. Elsewhere the old output moves aside, the new one moves in, and the old one
/// is deleted. A crash in between is repaired by [`clean_leftovers`].
fn swap(tmp: &Path, out: &Path) -> Result<(), Diagnostic> {
    if out.exists() {
        if exchange(tmp, out).is_ok() {
            return fs::remove_dir_all(tmp).map_err(|e| io_error("remove", tmp, &e));
        }
        let old = sibling(out, "old");
        fs::rename(out, &old).map_err(|e| io_error("replace", out, &e))?;
        if let Err(e) = fs::rename(tmp, out) {
            let _ = fs::rename(&old, out);
            return Err(io_error("replace", out, &e));
        }
        fs::remove_dir_all(&old).map_err(|e| io_error("remove", &old, &e))?;
    } else {
        fs::rename(tmp, out).map_err(|e| io_error("create", out, &e))?;
    }
    Ok(())
}

/// Exchange two existing paths atomically (`renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Not available here: [`swap`] falls back to two renames.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(p: &str, s: &str) -> OutputFile {
        OutputFile::new(p, s.as_bytes().to_vec())
    }

    #[test]
    fn writes_then_replaces_and_drops_removed_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        write_site(
            dir.path(),
            &out,
            &[file("a/index.html", "A"), file("b.txt", "B")],
            &cache::Cache::disabled(),
            &[],
        )
        .unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "A");
        write_site(
            dir.path(),
            &out,
            &[file("a/index.html", "A2")],
            &cache::Cache::disabled(),
            &[],
        )
        .unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "A2");
        assert!(!out.join("b.txt").exists());
        let siblings: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(siblings.len(), 1, "no temporary folder left behind");
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn the_output_never_disappears_while_it_is_replaced() {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let write = |n: usize| {
            let page = file("index.html", &format!("build {n}"));
            write_site(dir.path(), &out, &[page], &cache::Cache::disabled(), &[]).unwrap();
        };
        write(0);
        let (done, checks, missing) = (
            AtomicBool::new(false),
            AtomicUsize::new(0),
            AtomicUsize::new(0),
        );
        std::thread::scope(|s| {
            s.spawn(|| {
                while !done.load(Ordering::Relaxed) {
                    if !out.join("index.html").is_file() {
                        missing.fetch_add(1, Ordering::Relaxed);
                    }
                    checks.fetch_add(1, Ordering::Relaxed);
                }
            });
            for n in 1..=200 {
                write(n);
            }
            done.store(true, Ordering::Relaxed);
        });
        assert!(checks.load(Ordering::Relaxed) > 0);
        assert_eq!(
            missing.load(Ordering::Relaxed),
            0,
            "the output was missing while swapped"
        );
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "build 200"
        );
        let siblings: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(siblings.len(), 1, "no temporary folder left behind");
    }

    #[test]
    fn refuses_dangerous_targets() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        assert!(check_target(root, root).is_err());
        assert!(check_target(root, root.parent().unwrap()).is_err());
        assert!(check_target(root, Path::new("/")).is_err());
        assert!(check_target(root, &root.join("content/out")).is_err());
        fs::create_dir(root.join("mine")).unwrap();
        fs::write(root.join("mine/keep.txt"), "x").unwrap();
        let err = check_target(root, &root.join("mine")).unwrap_err();
        assert!(err.message.contains("did not create"), "{err}");
        assert!(check_target(root, &root.join("new")).is_ok());
    }

    #[test]
    fn unsafe_paths_are_refused_and_nothing_changes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        write_site(
            dir.path(),
            &out,
            &[file("index.html", "old")],
            &cache::Cache::disabled(),
            &[],
        )
        .unwrap();
        assert!(
            write_site(
                dir.path(),
                &out,
                &[file("../evil", "x")],
                &cache::Cache::disabled(),
                &[]
            )
            .is_err()
        );
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert!(!dir.path().join("evil").exists());
    }

    #[test]
    fn leftovers_are_cleaned_and_a_lost_output_restored() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let old = dir.path().join(".output.old-1");
        fs::create_dir(&old).unwrap();
        fs::write(old.join(MARKER), MARKER_TEXT).unwrap();
        let tmp = dir.path().join(".output.tmp-2");
        fs::create_dir(&tmp).unwrap();
        fs::write(tmp.join(MARKER), MARKER_TEXT).unwrap();
        clean_leftovers(&out);
        assert!(
            out.join(MARKER).is_file(),
            "the previous output is restored"
        );
        assert!(!tmp.exists() && !old.exists());
    }
}
