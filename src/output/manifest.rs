//! The manifest: what barograph wrote into an output folder (path → blake3), kept in
//! the marker file. It tells barograph's files from the user's, and lets a build check
//! that the folder still holds exactly what the inputs produce.

use std::collections::BTreeMap;
use std::path::Path;

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

    /// The manifest of the output at `out`: empty if it has no marker, `None` if the
    /// marker is unreadable.
    pub fn read(out: &Path) -> Option<Manifest> {
        let path = out.join(MARKER);
        if std::fs::symlink_metadata(&path).is_err() {
            return Some(Manifest::default());
        }
        crate::load::files::read_regular(&path, MAX_MANIFEST_BYTES)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
    }

    /// This manifest with the entries of `other` it lacks: what a folder holds while a
    /// build moves from one to the other (all of it barograph's).
    pub fn union(&self, other: &Manifest) -> Manifest {
        let mut files = other.files.clone();
        files.extend(self.files.clone());
        Manifest {
            note: self.note.clone(),
            tool: self.tool.clone(),
            files,
        }
    }

    /// The JSON written to the marker file.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).expect("manifest serialises")
    }
}

/// Which of `files` the folder `out` does not hold with exactly their content (each
/// file read and hashed: one edited by hand, even to the same size, is among them).
pub fn stale<'a>(out: &Path, files: &'a [OutputFile]) -> Vec<&'a OutputFile> {
    files
        .par_iter()
        .filter(|f| !same_content(out, &f.path, f))
        .collect()
}

/// True if the regular file `rel` of the output `out` has exactly the content of `f`:
/// opened without following a link (one put in the output is never read through),
/// compared by size first (a huge file in its place is not read), then hashed.
pub fn same_content(out: &Path, rel: &Path, f: &OutputFile) -> bool {
    let Ok((file, len)) = crate::load::files::open_beneath(out, rel, f.len()) else {
        return false;
    };
    len == f.len() && super::cache::hash_open(file).is_some_and(|(hash, _)| hash == f.hash())
}
