//! Writing a build into the output folder, in place and as a transaction.
//!
//! New and changed files are first written to a staging folder beside the output
//! (`.<output>.tmp-<pid>`), so a full disk or a failed write leaves the output as it
//! was. They are then moved in by rename, each in one step (on Linux an exchange, so
//! the old file is never missing), and the files barograph no longer makes are moved
//! out. Every step is journalled and undone if a later one fails. Files the user added
//! are never touched, moved or linked: they are not in the manifest, and the folders
//! holding them stay. While a build moves in, the marker lists the files of both
//! builds, so one killed halfway leaves nothing that looks like the user's.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Diagnostic, display_path};

use super::manifest::Manifest;
use super::ops::{Root, Tree};
use super::target::io_error;
use super::{Content, MARKER, OutputFile};

/// What a build changes in the output folder.
pub struct Plan<'a> {
    /// Files to write: new, changed, or not on disk as they should be.
    pub write: Vec<&'a OutputFile>,
    /// Barograph's files of the previous build that this one does not make.
    pub remove: Vec<String>,
}

/// What a build must change in `out`, given the files it writes that are not yet
/// right on disk (`stale`) and what the previous build wrote; or the paths of
/// the user's that are in the way (a file where a page goes, a file or link where a
/// folder goes).
pub fn plan<'a>(
    out: &Path,
    stale: Vec<&'a OutputFile>,
    manifest: &Manifest,
    previous: &Manifest,
) -> Result<Plan<'a>, Vec<PathBuf>> {
    let remove: Vec<String> = previous
        .files
        .keys()
        .filter(|k| !manifest.files.contains_key(*k))
        .cloned()
        .collect();
    let removed: BTreeSet<&str> = remove.iter().map(String::as_str).collect();
    let mut in_the_way = BTreeSet::new();
    let mut checked: BTreeMap<PathBuf, bool> = BTreeMap::new();
    for f in &stale {
        let key = display_path(&f.path);
        if let Ok(meta) = fs::symlink_metadata(out.join(&f.path))
            && (meta.is_dir() || !previous.files.contains_key(&key))
        {
            in_the_way.insert(f.path.clone());
        }
        let mut dir = f.path.parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            let ok = *checked
                .entry(d.to_path_buf())
                .or_insert_with(|| match fs::symlink_metadata(out.join(d)) {
                    Err(_) => true,
                    Ok(meta) if meta.is_dir() => true,
                    Ok(_) => removed.contains(display_path(d).as_str()),
                });
            if !ok {
                in_the_way.insert(d.to_path_buf());
            }
            dir = d.parent();
        }
    }
    if !in_the_way.is_empty() {
        return Err(in_the_way.into_iter().collect());
    }
    Ok(Plan {
        write: stale,
        remove,
    })
}

/// Write `files` into `dir` (created): each file's bytes, or a link to its cache file;
/// a file with the same content as one already written is linked to it.
pub fn stage(dir: &Path, files: &[&OutputFile], manifest: &Manifest) -> Result<(), Diagnostic> {
    fs::create_dir_all(dir).map_err(|e| io_error("create", dir, &e))?;
    let mut written: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
    for f in files {
        if !f
            .path
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        {
            return Err(Diagnostic::error(format!(
                "unsafe output path `{}` (it leaves the output folder)",
                f.path.display()
            )));
        }
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent()
            && dirs.insert(parent.to_path_buf())
        {
            fs::create_dir_all(parent).map_err(|e| io_error("create", parent, &e))?;
        }
        let hash = manifest
            .files
            .get(&display_path(&f.path))
            .cloned()
            .unwrap_or_default();
        let linked = written
            .get(&hash)
            .is_some_and(|first| fs::hard_link(first, &path).is_ok());
        if !linked {
            place(f, &path)?;
        }
        written.entry(hash).or_insert(path);
    }
    Ok(())
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

/// Write `bytes` to a new file at `path`.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let mut file = fs::File::create(path).map_err(|e| io_error("write", path, &e))?;
    file.write_all(bytes)
        .map_err(|e| io_error("write", path, &e))?;
    file.flush().map_err(|e| io_error("write", path, &e))
}

/// One step of a commit, as it can be undone.
enum Step {
    /// A new file moved in at this path.
    Added(PathBuf),
    /// A file swapped in one step with the one it replaces (now in the staging folder).
    Exchanged(PathBuf),
    /// A file replaced in two renames, the old one kept in the staging folder.
    Moved(PathBuf),
    /// One of barograph's files moved out.
    Removed(PathBuf),
    /// A folder created.
    Created(PathBuf),
    /// An empty folder of barograph's removed.
    Deleted(PathBuf),
}

/// A commit in progress: the output, the staging folder and the steps taken.
pub struct Commit {
    tree: Tree,
    journal: Vec<Step>,
}

impl Commit {
    /// A commit of the files staged under `stage/new` into `out`.
    pub fn new(out: &Path, stage: &Path) -> Result<Commit, Diagnostic> {
        let (new, old) = (stage.join("new"), stage.join("old"));
        for dir in [&new, &old] {
            fs::create_dir_all(dir).map_err(|e| io_error("create", dir, &e))?;
        }
        let tree = Tree::open(out, &new, &old).map_err(|e| io_error("open", out, &e))?;
        Ok(Commit {
            tree,
            journal: Vec::new(),
        })
    }

    /// Move the staged `rel` in, replacing what barograph had there.
    pub fn put(&mut self, rel: &Path) -> Result<(), Diagnostic> {
        self.create_dirs(rel)?;
        let tree = &self.tree;
        let fail = |what: &str, e: std::io::Error| io_error(what, &tree.path(Root::Out, rel), &e);
        if !tree.exists(Root::Out, rel) {
            tree.rename(Root::New, Root::Out, rel)
                .map_err(|e| fail("write", e))?;
            self.journal.push(Step::Added(rel.to_path_buf()));
        } else if tree.exchange(Root::New, Root::Out, rel).is_ok() {
            self.journal.push(Step::Exchanged(rel.to_path_buf()));
        } else {
            tree.make_parents(Root::Old, rel)
                .map_err(|e| fail("replace", e))?;
            tree.rename(Root::Out, Root::Old, rel)
                .map_err(|e| fail("replace", e))?;
            if let Err(e) = tree.rename(Root::New, Root::Out, rel) {
                let _ = tree.rename(Root::Old, Root::Out, rel);
                return Err(fail("replace", e));
            }
            self.journal.push(Step::Moved(rel.to_path_buf()));
        }
        Ok(())
    }

    /// Move barograph's file `rel` out of the output (a folder there is the user's and
    /// stays), then remove the folders it leaves empty, up to `keep`'s.
    pub fn remove(&mut self, rel: &Path, keep: &BTreeSet<PathBuf>) -> Result<(), Diagnostic> {
        let tree = &self.tree;
        match tree.is_dir(Root::Out, rel) {
            Some(false) => {
                let fail = |e| io_error("remove", &tree.path(Root::Out, rel), &e);
                tree.make_parents(Root::Old, rel).map_err(fail)?;
                tree.rename(Root::Out, Root::Old, rel).map_err(fail)?;
                self.journal.push(Step::Removed(rel.to_path_buf()));
            }
            _ => return Ok(()),
        }
        let mut dir = rel.parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty() && !keep.contains(*d)) {
            if self.tree.rmdir(Root::Out, d).is_err() {
                break;
            }
            self.journal.push(Step::Deleted(d.to_path_buf()));
            dir = d.parent();
        }
        Ok(())
    }

    /// Create the folders of the output `rel` needs, journalling each.
    fn create_dirs(&mut self, rel: &Path) -> Result<(), Diagnostic> {
        let mut missing = Vec::new();
        let mut dir = rel.parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            if self.tree.exists(Root::Out, d) {
                break;
            }
            missing.push(d.to_path_buf());
            dir = d.parent();
        }
        for d in missing.into_iter().rev() {
            self.tree
                .mkdir(Root::Out, &d)
                .map_err(|e| io_error("create", &self.tree.path(Root::Out, &d), &e))?;
            self.journal.push(Step::Created(d));
        }
        Ok(())
    }

    /// Undo every step, newest first; false if one could not be undone.
    pub fn roll_back(self) -> bool {
        let tree = &self.tree;
        let mut ok = true;
        for step in self.journal.into_iter().rev() {
            let undone = match &step {
                Step::Added(p) => tree.rename(Root::Out, Root::New, p),
                Step::Exchanged(p) => tree.exchange(Root::New, Root::Out, p),
                Step::Moved(p) => tree
                    .rename(Root::Out, Root::New, p)
                    .and_then(|()| tree.rename(Root::Old, Root::Out, p)),
                Step::Removed(p) => tree.rename(Root::Old, Root::Out, p),
                Step::Created(p) => tree.rmdir(Root::Out, p),
                Step::Deleted(p) => tree.mkdir(Root::Out, p),
            };
            ok &= undone.is_ok();
        }
        ok
    }
}

/// Apply `plan` to `out` from the staging folder `stage`, where [`stage`] wrote the
/// files under `new/`: first a marker listing the files of both builds, then the
/// removals, then the new files, then the final marker. Undone on failure.
pub fn commit(
    out: &Path,
    stage: &Path,
    plan: &Plan,
    manifest: &Manifest,
    previous: &Manifest,
) -> Result<(), Diagnostic> {
    let new = stage.join("new");
    write_file(&new.join(MARKER), &manifest.union(previous).to_json())?;
    let keep: BTreeSet<PathBuf> = manifest
        .files
        .keys()
        .flat_map(|k| Path::new(k).ancestors().skip(1).map(Path::to_path_buf))
        .collect();
    let mut commit = Commit::new(out, stage)?;
    let mut run = || -> Result<(), Diagnostic> {
        commit.put(Path::new(MARKER))?;
        for rel in &plan.remove {
            commit.remove(Path::new(rel), &keep)?;
        }
        for f in &plan.write {
            commit.put(&f.path)?;
        }
        Ok(())
    };
    if let Err(d) = run() {
        let restored = commit.roll_back();
        return Err(if restored {
            d
        } else {
            Diagnostic {
                hint: Some(
                    "the output could not be put back as it was and may be partly updated; \
                     the next build that succeeds repairs it"
                        .into(),
                ),
                ..d
            }
        });
    }
    // The final marker takes the place of the one listing both builds.
    let staged = new.join(MARKER);
    let _ = fs::remove_file(&staged);
    write_file(&staged, &manifest.to_json())?;
    commit
        .tree
        .rename(Root::New, Root::Out, Path::new(MARKER))
        .map_err(|e| io_error("write", &out.join(MARKER), &e))
}
