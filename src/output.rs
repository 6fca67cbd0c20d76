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

use crate::diagnostics::{Diagnostic, Diagnostics};

/// Name of the marker file written at the top of every output directory.
pub const MARKER: &str = ".barograph-output";
const MARKER_TEXT: &str =
    "This directory was written by barograph and is replaced on every build.\n";

/// One file of the built site, in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output directory.
    pub path: PathBuf,
    /// Contents.
    pub bytes: Vec<u8>,
}

impl OutputFile {
    /// A file at `path` with `bytes`.
    pub fn new(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Self {
        OutputFile {
            path: path.into(),
            bytes,
        }
    }
}

/// What a write did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
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

/// Write `files` as the new content of `out`, atomically replacing what was there.
pub fn write_site(
    root: &Path,
    out: &Path,
    files: &[OutputFile],
) -> Result<WriteReport, Diagnostics> {
    check_target(root, out)?;
    let out = absolute(out);
    clean_leftovers(&out);
    let tmp = sibling(&out, "tmp");
    let result = write_tree(&tmp, files).and_then(|report| swap(&tmp, &out).map(|()| report));
    if result.is_err() && tmp.exists() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result.map_err(Diagnostics::from)
}

fn write_tree(dir: &Path, files: &[OutputFile]) -> Result<WriteReport, Diagnostic> {
    if let Some(parent) = dir.parent() {
        fs::create_dir_all(parent).map_err(|e| io_error("create", parent, &e))?;
    }
    fs::create_dir(dir).map_err(|e| io_error("create", dir, &e))?;
    write_file(&dir.join(MARKER), MARKER_TEXT.as_bytes())?;
    let mut report = WriteReport::default();
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
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| io_error("create", parent, &e))?;
        }
        write_file(&path, &f.bytes)?;
        report.files += 1;
        report.bytes += f.bytes.len() as u64;
    }
    Ok(report)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let mut file = fs::File::create(path).map_err(|e| io_error("write", path, &e))?;
    file.write_all(bytes)
        .map_err(|e| io_error("write", path, &e))?;
    file.flush().map_err(|e| io_error("write", path, &e))
}

/// Put `tmp` in place of `out`: move the old output aside, move the new one in, then
/// delete the old one. A crash in between is repaired by [`clean_leftovers`].
fn swap(tmp: &Path, out: &Path) -> Result<(), Diagnostic> {
    if out.exists() {
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
        )
        .unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "A");
        write_site(dir.path(), &out, &[file("a/index.html", "A2")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "A2");
        assert!(!out.join("b.txt").exists());
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
        write_site(dir.path(), &out, &[file("index.html", "old")]).unwrap();
        assert!(write_site(dir.path(), &out, &[file("../evil", "x")]).is_err());
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
