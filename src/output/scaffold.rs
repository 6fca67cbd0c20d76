//! Writing new project files (`init`, `new`, `theme eject`): each created, never
//! written over. Every file is checked before any is written, so a refusal leaves the
//! project as it was; each is created with `create_new`, so a file that appears
//! meanwhile is not overwritten either; and no file is written through a symbolic link
//! or outside the project folder.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};

/// A file to create, relative to the project root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    /// Where, from the project root.
    pub path: PathBuf,
    /// What.
    pub bytes: Vec<u8>,
}

impl NewFile {
    pub(crate) fn text(path: &str, text: &str) -> NewFile {
        NewFile {
            path: PathBuf::from(path),
            bytes: text.as_bytes().to_vec(),
        }
    }
}

/// Create `files` under `root` (created if missing); the paths written, or why none was.
pub fn create_new(root: &Path, files: &[NewFile]) -> Result<Vec<PathBuf>, Diagnostics> {
    let mut diags = Diagnostics::new();
    for f in files {
        if let Some(problem) = refused(root, &f.path) {
            diags.push(problem);
        }
    }
    diags.into_result()?;
    let mut diags = Diagnostics::new();
    let mut written = Vec::new();
    for f in files {
        let path = root.join(&f.path);
        let made = path
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| {
                fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&path)
            })
            .and_then(|mut file| file.write_all(&f.bytes));
        match made {
            Ok(()) => written.push(path),
            Err(e) => {
                diags.push(
                    Diagnostic::error(format!("cannot create `{}` ({e})", display_path(&path)))
                        .with_hint(match written.len() {
                            0 => "nothing was written".to_string(),
                            n => format!(
                                "{n} file{} written before it",
                                if n == 1 { "" } else { "s" }
                            ),
                        }),
                );
                break;
            }
        }
    }
    diags.into_result()?;
    Ok(written)
}

/// Why `rel` cannot be created under `root`, if it cannot.
fn refused(root: &Path, rel: &Path) -> Option<Diagnostic> {
    let plain = rel.components().all(|c| matches!(c, Component::Normal(_)));
    let shown = display_path(&root.join(rel));
    if !plain {
        return Some(Diagnostic::error(format!(
            "cannot create `{shown}` (not a plain path inside the project)"
        )));
    }
    // Every folder on the way must be a real folder (or not exist yet), not a link.
    let mut at = root.to_path_buf();
    for part in rel.parent().into_iter().flat_map(Path::components) {
        at.push(part);
        match fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                return Some(
                    Diagnostic::error(format!(
                        "cannot create `{shown}` (`{}` is a symbolic link)",
                        display_path(&at)
                    ))
                    .with_hint("new files are only written inside the project's own folders"),
                );
            }
            Ok(m) if !m.is_dir() => {
                return Some(Diagnostic::error(format!(
                    "cannot create `{shown}` (`{}` is not a folder)",
                    display_path(&at)
                )));
            }
            _ => {}
        }
    }
    fs::symlink_metadata(root.join(rel)).is_ok().then(|| {
        Diagnostic::error(format!(
            "`{shown}` already exists (barograph never writes over a file)"
        ))
        .with_hint("move it away or pick another name; nothing was written")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str) -> NewFile {
        NewFile {
            path: PathBuf::from(path),
            bytes: b"x".to_vec(),
        }
    }

    #[test]
    fn files_are_created_never_overwritten_and_all_checked_first() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("p");
        let made = create_new(&root, &[file("a/b.txt"), file("c.txt")]).unwrap();
        assert_eq!(made.len(), 2);
        fs::write(root.join("c.txt"), "mine").unwrap();
        let err = create_new(&root, &[file("d.txt"), file("c.txt")]).unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
        assert!(
            !root.join("d.txt").exists(),
            "nothing written when one is refused"
        );
        assert_eq!(fs::read_to_string(root.join("c.txt")).unwrap(), "mine");
    }

    #[test]
    fn no_path_leaves_the_project_nor_goes_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("p");
        fs::create_dir_all(&root).unwrap();
        for bad in ["../x.txt", "/etc/x.txt", "a/../../x.txt"] {
            assert!(create_new(&root, &[file(bad)]).is_err(), "{bad}");
        }
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&elsewhere, root.join("content")).unwrap();
            let err = create_new(&root, &[file("content/a.md")]).unwrap_err();
            assert!(err.to_string().contains("symbolic link"), "{err}");
            assert!(!elsewhere.join("a.md").exists());
        }
    }
}
