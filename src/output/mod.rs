//! Output: the only module that writes the site to disk.
//!
//! A build writes only what changed, into the output folder in place, as a transaction
//! ([`tree`]): new files are staged beside the output first, then moved in one by one,
//! each in one step, and everything is put back if a step fails.
//!
//! - A marker file identifies folders barograph created and lists the files it wrote
//!   (the manifest). Dangerous targets (the project root, a folder containing it, an
//!   input folder, a mount point, a non-empty folder without the marker) are refused.
//! - Files the user adds to the output (`.git/`, `CNAME`) are never touched; one in the
//!   way of a file barograph writes stops the build with a list.
//! - After every build the output holds exactly what the inputs produce: files are
//!   checked by content, so one edited by hand or deleted is written again.
//! - Builds of one output take a lock, so two never overlap; leftovers of an
//!   interrupted build are cleaned up by the next.
//!
//! The build cache ([`cache`]) lives beside the output and is written during rendering:
//! the one exception to "only this module writes", and it only ever writes there.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};

pub mod cache;
mod manifest;
mod ops;
pub(crate) mod scaffold;
mod target;
#[cfg(test)]
mod tests;
mod tree;

pub use target::{LOCK_WAIT, Lock};
pub(crate) use target::{absolute, check_target, clean_leftovers, lock};

use manifest::Manifest;
use target::{io_error, sibling};

/// Name of the marker file written at the top of every output directory. It also holds
/// the manifest of the files written (path → blake3), for incremental writes.
pub const MARKER: &str = ".barograph-output";

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
    /// Files already in the output with the right content, left as they were.
    pub kept: usize,
    /// Barograph's files of the previous build that this one no longer makes, removed.
    pub removed: usize,
    /// True when the output already held exactly these files and nothing was touched.
    pub unchanged: bool,
}

/// Write `files` as the new content of `out`: the files that are not already there
/// with exactly their content are written, barograph's files this build does not make
/// are removed, the user's files are left alone, and the new cache entries are kept.
/// Nothing is touched when the output already holds exactly these files; on failure the
/// output is put back as it was. Take the output's [`lock`] first.
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
    let mut report = WriteReport {
        files: files.len(),
        bytes: files.iter().map(OutputFile::len).sum(),
        ..WriteReport::default()
    };
    let tmp = sibling(&out, "tmp");
    let result = if fs::symlink_metadata(&out).is_err() {
        let all: Vec<&OutputFile> = files.iter().collect();
        report.written = all.len();
        staged(&tmp, &all, &manifest, |new| {
            tree::write_file(&new.join(MARKER), &manifest.to_json())?;
            fs::rename(new, &out).map_err(|e| io_error("create", &out, &e))
        })
    } else {
        let previous = previous_manifest(&out)?;
        let stale = manifest::stale(&out, files);
        if stale.is_empty() && previous == manifest {
            cache.retain(used);
            report.unchanged = true;
            report.kept = files.len();
            return Ok(report);
        }
        let plan = tree::plan(&out, stale, &manifest, &previous)
            .map_err(|paths| in_the_way(&out, &paths))?;
        report.written = plan.write.len();
        report.kept = files.len() - plan.write.len();
        report.removed = plan.remove.len();
        staged(&tmp, &plan.write, &manifest, |_| {
            tree::commit(&out, &tmp, &plan, &manifest, &previous)
        })
    };
    target::remove_stage(&tmp);
    result?;
    cache.retain(used);
    Ok(report)
}

/// The files barograph wrote into `out` (paths relative to it), as its marker lists
/// them; `None` if `out` holds no readable marker of barograph's.
pub(crate) fn written_files(out: &Path) -> Option<std::collections::BTreeSet<String>> {
    if !out.join(MARKER).is_file() {
        return None;
    }
    Manifest::read(out).map(|m| m.files.into_keys().collect())
}

/// Stage `files` under `tmp/new` (a folder marked as barograph's, so an interrupted
/// build's is cleaned up by the next), then run `then`.
fn staged(
    tmp: &Path,
    files: &[&OutputFile],
    manifest: &Manifest,
    then: impl FnOnce(&Path) -> Result<(), Diagnostic>,
) -> Result<(), Diagnostic> {
    if let Some(parent) = tmp.parent() {
        fs::create_dir_all(parent).map_err(|e| io_error("create", parent, &e))?;
    }
    fs::create_dir(tmp).map_err(|e| io_error("create", tmp, &e))?;
    tree::write_file(&tmp.join(MARKER), b"{}")?;
    let new = tmp.join("new");
    tree::stage(&new, files, manifest)?;
    then(&new)
}

/// The manifest of the output at `out`, which holds the marker.
fn previous_manifest(out: &Path) -> Result<Manifest, Diagnostic> {
    Manifest::read(out).ok_or_else(|| {
        Diagnostic::error(format!(
            "the marker of `{}` is unreadable (`{MARKER}` does not hold barograph's list of its files)",
            out.display()
        ))
        .with_hint(
            "barograph cannot tell its files from yours without it: move your own files out \
             and delete the output folder, then build again",
        )
    })
}

/// The error for files of the user's that sit where this build writes.
fn in_the_way(out: &Path, paths: &[PathBuf]) -> Diagnostic {
    let shown: Vec<String> = paths
        .iter()
        .take(5)
        .map(|p| format!("`{}`", crate::diagnostics::display_path(p)))
        .collect();
    let more = match paths.len() {
        n if n > 5 => format!(" and {} more", n - 5),
        _ => String::new(),
    };
    Diagnostic::error(format!(
        "files that barograph did not write are in the way in `{}` ({}{more})",
        out.display(),
        shown.join(", ")
    ))
    .with_hint(
        "barograph leaves the files you add to the output alone and never overwrites them: move or delete these, or change what the project produces there",
    )
}
