//! Writing a new output tree beside the old one, and putting it in its place.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Diagnostic, display_path};

use super::manifest::{self, Manifest};
use super::target::{io_error, sibling};
use super::{Content, OutputFile, WriteReport};

/// Write `files` and the marker into the new folder `dir`. A file whose content the old
/// output `out` already holds (checked by hashing it, not trusted) is hard-linked from
/// there; a file with the same content as one already written is linked to it.
pub fn write_tree(
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
    write_file(&dir.join(super::MARKER), &json)?;
    let mut report = WriteReport::default();
    // The first file written with each content: later identical files are hard links.
    let mut written: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
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
        let key = display_path(&f.path);
        let hash = manifest.files.get(&key).cloned().unwrap_or_default();
        let old = out.join(&f.path);
        let kept = matches!(f.content, Content::Memory(_))
            && previous.files.get(&key) == Some(&hash)
            && manifest::same_content(&old, f)
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
/// is deleted. A crash in between is repaired by [`super::target::clean_leftovers`].
pub fn swap(tmp: &Path, out: &Path) -> Result<(), Diagnostic> {
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
