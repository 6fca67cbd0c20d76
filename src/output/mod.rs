//! Output: the only module that writes the site to disk.
//!
//! A build is written into a sibling temporary folder, then swapped in place of the
//! output folder, so the previous output stays intact until a build fully succeeds.
//!
//! - A marker file identifies folders barograph created and lists the files it wrote
//!   (the manifest). Dangerous targets (the project root, a folder containing it, an
//!   input folder, a mount point, a non-empty folder without the marker) are refused.
//! - Files the user adds to the output (`.git/`, `CNAME`) are kept from build to build;
//!   one in the way of a file barograph writes stops the build with a list, never a
//!   silent deletion.
//! - After every build the output holds exactly what the inputs produce: files are
//!   checked by content, so one edited by hand is rewritten.
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
mod target;
#[cfg(test)]
mod tests;
mod tree;

pub use target::{Lock, absolute, check_target, clean_leftovers, lock};

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
    /// Files carried over unchanged from the previous output (hard links).
    pub kept: usize,
    /// True when the output already held exactly these files and nothing was touched.
    pub unchanged: bool,
    /// Files and folders of the user's found in the output and kept.
    pub foreign: usize,
}

/// Write `files` as the new content of `out`, atomically replacing what was there, keep
/// the user's own files, and store the new cache entries. Files identical to the
/// previous output are hard-linked from it instead of written; when the output already
/// holds exactly these files, nothing is touched. Take the output's [`lock`] first.
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
    if previous == manifest && Manifest::holds(&out, files) {
        cache.retain(used);
        return Ok(WriteReport {
            files: files.len(),
            bytes: total,
            unchanged: true,
            ..WriteReport::default()
        });
    }
    let foreign = if out.is_dir() {
        manifest::foreign(&out, &previous, files)
    } else {
        manifest::Foreign::default()
    };
    if !foreign.in_the_way.is_empty() {
        return Err(in_the_way(&out, &foreign.in_the_way).into());
    }
    let tmp = sibling(&out, "tmp");
    let result = tree::write_tree(&tmp, &out, files, &manifest, &previous)
        .and_then(|mut report| {
            for rel in &foreign.kept {
                manifest::carry(&out, &tmp, rel)
                    .map_err(|e| io_error("keep", &out.join(rel), &e))?;
            }
            report.foreign = foreign.kept.len();
            Ok(report)
        })
        .and_then(|report| tree::swap(&tmp, &out).map(|()| report));
    if result.is_err() && tmp.exists() {
        let _ = fs::remove_dir_all(&tmp);
    }
    if result.is_ok() {
        cache.retain(used);
    }
    result.map_err(Diagnostics::from)
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
        "barograph keeps the files you add to the output but never overwrites them: move          or delete these, or rename what the project produces there",
    )
}
