//! The manifest: what barograph wrote into an output folder (path → blake3), kept in
//! the marker file. It tells barograph's files from the user's, and lets a build check
//! that the folder still holds exactly what the inputs produce.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::diagnostics::display_path;

use super::{MARKER, OutputFile};

/// Largest marker file read, in bytes.
const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;

/// The content of the marker file.
#[derive(Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// Always "This directory was written by barograph and is replaced on every build."
    pub note: String,
    /// Tool and version that wrote it.
    pub tool: String,
    /// Each file's blake3, hex, by path.
    pub files: BTreeMap<String, String>,
}

impl Manifest {
    /// The manifest of a build writing `files`.
    pub fn of(files: &[OutputFile]) -> Manifest {
        Manifest {
            note: "This directory was written by barograph and is replaced on every build; \
                   files you add are kept."
                .into(),
            tool: concat!("barograph ", env!("CARGO_PKG_VERSION")).into(),
            files: files
                .iter()
                .map(|f| (display_path(&f.path), f.hash().to_hex().to_string()))
                .collect(),
        }
    }

    /// The manifest of the output at `out`; empty if missing or unreadable.
    pub fn read(out: &Path) -> Manifest {
        crate::load::files::read_regular(&out.join(MARKER), MAX_MANIFEST_BYTES)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// True if `out` holds every one of `files` with exactly its content (each file read
    /// and hashed: a file edited by hand, even to the same size, does not pass).
    pub fn holds(out: &Path, files: &[OutputFile]) -> bool {
        files
            .par_iter()
            .all(|f| same_content(&out.join(&f.path), f))
    }
}

/// True if the regular file at `path` has exactly the content of `f`.
pub fn same_content(path: &Path, f: &OutputFile) -> bool {
    super::cache::hash_file(path).is_some_and(|(hash, len)| len == f.len() && hash == f.hash())
}

/// What an output folder holds that barograph did not write (not in its manifest).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Foreign {
    /// Files, links and whole folders of the user's, relative to the output, sorted.
    pub kept: Vec<PathBuf>,
    /// Those of them in the way of a file this build writes.
    pub in_the_way: Vec<PathBuf>,
}

/// Find the user's entries in `out`: everything but the marker and the files of
/// `previous`. A folder holding none of barograph's files, old or new, counts as one
/// entry (a `.git` folder is kept whole); `new` are the paths this build writes.
pub fn foreign(out: &Path, previous: &Manifest, new: &[OutputFile]) -> Foreign {
    let new: BTreeSet<String> = new.iter().map(|f| display_path(&f.path)).collect();
    // Every folder that holds one of barograph's files, old or new.
    let mut ours: BTreeSet<String> = BTreeSet::new();
    for path in previous.files.keys().chain(new.iter()) {
        let mut dir = Path::new(path).parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            if !ours.insert(display_path(d)) {
                break;
            }
            dir = d.parent();
        }
    }
    let mut found = Foreign::default();
    let mut walk = walkdir::WalkDir::new(out)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter();
    while let Some(Ok(entry)) = walk.next() {
        let rel = entry.path().strip_prefix(out).unwrap_or(entry.path());
        let key = display_path(rel);
        if key == MARKER {
            continue;
        }
        let is_dir = entry.file_type().is_dir();
        if is_dir && ours.contains(&key) {
            continue;
        }
        if is_dir {
            walk.skip_current_dir();
        } else if previous.files.contains_key(&key) {
            continue;
        }
        if new.contains(&key) || ours.contains(&key) {
            found.in_the_way.push(rel.to_path_buf());
        }
        found.kept.push(rel.to_path_buf());
    }
    found
}

/// Link (or copy) the user's entry `rel` of `from` into `to`, recreating folders and
/// symbolic links: the original stays where it is until the new output replaces the
/// old one, so an interrupted build cannot lose it.
pub fn carry(from: &Path, to: &Path, rel: &Path) -> std::io::Result<()> {
    let source = from.join(rel);
    let target = to.join(rel);
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent)?;
    }
    let meta = fs::symlink_metadata(&source)?;
    let kind = meta.file_type();
    if kind.is_symlink() {
        return copy_link(&source, &target);
    }
    if kind.is_file() {
        return fs::hard_link(&source, &target).or_else(|_| fs::copy(&source, &target).map(|_| ()));
    }
    if kind.is_dir() {
        fs::create_dir(&target)?;
        fs::set_permissions(&target, meta.permissions())?;
        for entry in fs::read_dir(&source)? {
            let name = entry?.file_name();
            carry(from, to, &rel.join(name))?;
        }
        return Ok(());
    }
    Err(std::io::Error::other(format!(
        "`{}` is {}, which barograph cannot keep",
        display_path(rel),
        crate::load::files::kind_of(&meta)
    )))
}

#[cfg(unix)]
fn copy_link(source: &Path, target: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(fs::read_link(source)?, target)
}

#[cfg(not(unix))]
fn copy_link(source: &Path, target: &Path) -> std::io::Result<()> {
    fs::copy(source, target).map(|_| ())
}
