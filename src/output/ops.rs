//! The file operations of a commit, confined to their folders: the output, and the
//! staging folder's `new/` and `old/`. On Linux each operation works from a handle on
//! the folder (opened once, without following a link) and reaches the file's parent
//! with `openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS)`: a folder of the output
//! swapped for a link while a build runs can never send a write, a rename or a removal
//! anywhere else. Elsewhere the same operations go by path.

use std::io;
use std::path::{Path, PathBuf};

/// The three folders of a commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Root {
    /// The output folder.
    Out,
    /// The files staged to move in.
    New,
    /// Where files moved out are kept until the commit is done.
    Old,
}

/// The folders of a commit and the operations on their files.
pub struct Tree {
    paths: [PathBuf; 3],
    #[cfg(target_os = "linux")]
    fds: [std::os::fd::OwnedFd; 3],
}

fn index(root: Root) -> usize {
    match root {
        Root::Out => 0,
        Root::New => 1,
        Root::Old => 2,
    }
}

impl Tree {
    /// The folders `out`, `new` and `old`, which must exist.
    pub fn open(out: &Path, new: &Path, old: &Path) -> io::Result<Tree> {
        let paths = [out.to_path_buf(), new.to_path_buf(), old.to_path_buf()];
        #[cfg(target_os = "linux")]
        {
            use rustix::fs::{Mode, OFlags};
            let open = |p: &Path| {
                rustix::fs::open(
                    p,
                    OFlags::DIRECTORY | OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NOFOLLOW,
                    Mode::empty(),
                )
                .map_err(io::Error::from)
            };
            let fds = [open(out)?, open(new)?, open(old)?];
            Ok(Tree { paths, fds })
        }
        #[cfg(not(target_os = "linux"))]
        Ok(Tree { paths })
    }

    /// The path of `rel` in `root`, for messages.
    pub fn path(&self, root: Root, rel: &Path) -> PathBuf {
        self.paths[index(root)].join(rel)
    }

    /// True if something (a file, a folder, a link) is at `rel` in `root`.
    pub fn exists(&self, root: Root, rel: &Path) -> bool {
        self.is_dir(root, rel).is_some()
    }

    /// Whether what is at `rel` in `root` is a folder (not following a link); `None`
    /// if nothing is there.
    pub fn is_dir(&self, root: Root, rel: &Path) -> Option<bool> {
        #[cfg(target_os = "linux")]
        {
            use rustix::fs::{AtFlags, FileType};
            let (dir, name) = self.parent(root, rel).ok()?;
            let stat = rustix::fs::statat(&dir, name, AtFlags::SYMLINK_NOFOLLOW).ok()?;
            Some(FileType::from_raw_mode(stat.st_mode) == FileType::Directory)
        }
        #[cfg(not(target_os = "linux"))]
        std::fs::symlink_metadata(self.path(root, rel))
            .ok()
            .map(|m| m.is_dir())
    }

    /// Move `rel` of `from` to the same place in `to`.
    pub fn rename(&self, from: Root, to: Root, rel: &Path) -> io::Result<()> {
        #[cfg(target_os = "linux")]
        {
            let (a, name) = self.parent(from, rel)?;
            let (b, _) = self.parent(to, rel)?;
            rustix::fs::renameat(&a, name, &b, name).map_err(io::Error::from)
        }
        #[cfg(not(target_os = "linux"))]
        std::fs::rename(self.path(from, rel), self.path(to, rel))
    }

    /// Swap `rel` of `a` and `rel` of `b` in one step (Linux only).
    pub fn exchange(&self, a: Root, b: Root, rel: &Path) -> io::Result<()> {
        #[cfg(target_os = "linux")]
        {
            let (da, name) = self.parent(a, rel)?;
            let (db, _) = self.parent(b, rel)?;
            rustix::fs::renameat_with(&da, name, &db, name, rustix::fs::RenameFlags::EXCHANGE)
                .map_err(io::Error::from)
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = (a, b, rel);
            Err(io::ErrorKind::Unsupported.into())
        }
    }

    /// Create the folder `rel` in `root`.
    pub fn mkdir(&self, root: Root, rel: &Path) -> io::Result<()> {
        #[cfg(target_os = "linux")]
        {
            let (dir, name) = self.parent(root, rel)?;
            rustix::fs::mkdirat(&dir, name, rustix::fs::Mode::from(0o755)).map_err(io::Error::from)
        }
        #[cfg(not(target_os = "linux"))]
        std::fs::create_dir(self.path(root, rel))
    }

    /// Remove the folder `rel` of `root` if it is empty.
    pub fn rmdir(&self, root: Root, rel: &Path) -> io::Result<()> {
        #[cfg(target_os = "linux")]
        {
            let (dir, name) = self.parent(root, rel)?;
            rustix::fs::unlinkat(&dir, name, rustix::fs::AtFlags::REMOVEDIR)
                .map_err(io::Error::from)
        }
        #[cfg(not(target_os = "linux"))]
        std::fs::remove_dir(self.path(root, rel))
    }

    /// Create the parent folders of `rel` in `root` that are missing.
    pub fn make_parents(&self, root: Root, rel: &Path) -> io::Result<()> {
        let mut missing = Vec::new();
        let mut dir = rel.parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            if self.exists(root, d) {
                break;
            }
            missing.push(d);
            dir = d.parent();
        }
        for d in missing.into_iter().rev() {
            self.mkdir(root, d)?;
        }
        Ok(())
    }

    /// A handle on the folder holding `rel` in `root`, reached without following any
    /// link and without leaving `root`, and `rel`'s last name.
    #[cfg(target_os = "linux")]
    fn parent<'p>(
        &self,
        root: Root,
        rel: &'p Path,
    ) -> io::Result<(std::os::fd::OwnedFd, &'p std::ffi::OsStr)> {
        use rustix::fs::{Mode, OFlags, ResolveFlags};
        let name = rel
            .file_name()
            .ok_or_else(|| io::Error::other(format!("no file name in `{}`", rel.display())))?;
        let base = &self.fds[index(root)];
        let parent = rel.parent().filter(|p| !p.as_os_str().is_empty());
        let dir = match parent {
            None => base.try_clone()?,
            Some(p) => rustix::fs::openat2(
                base,
                p,
                OFlags::DIRECTORY | OFlags::RDONLY | OFlags::CLOEXEC,
                Mode::empty(),
                ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS | ResolveFlags::NO_MAGICLINKS,
            )
            .map_err(io::Error::from)?,
        };
        Ok((dir, name))
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn a_folder_swapped_for_a_link_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = tempfile::tempdir().unwrap();
        fs::write(victim.path().join("index.html"), "precious").unwrap();
        let (out, new, old) = (
            dir.path().join("out"),
            dir.path().join("new"),
            dir.path().join("old"),
        );
        for d in [&out, &new, &old] {
            fs::create_dir_all(d.join("page")).unwrap();
        }
        fs::write(out.join("page/index.html"), "old page").unwrap();
        fs::write(new.join("page/index.html"), "new page").unwrap();
        let tree = Tree::open(&out, &new, &old).unwrap();
        // The user swaps the page's folder for a link to a folder outside.
        fs::rename(out.join("page"), out.join("moved")).unwrap();
        std::os::unix::fs::symlink(victim.path(), out.join("page")).unwrap();
        let rel = Path::new("page/index.html");
        assert!(tree.exchange(Root::New, Root::Out, rel).is_err());
        assert!(tree.rename(Root::New, Root::Out, rel).is_err());
        assert!(tree.mkdir(Root::Out, Path::new("page/sub")).is_err());
        assert_eq!(
            fs::read_to_string(victim.path().join("index.html")).unwrap(),
            "precious"
        );
        assert_eq!(fs::read_dir(victim.path()).unwrap().count(), 1);
    }
}
