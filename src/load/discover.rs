//! Discovery: walking an input folder (`data/`, `content/articles/`, `templates/`…)
//! through the rules of [`super::files`], and saying what was skipped and why.

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};

use super::files::{Refusal, is_loop, kind_of, resolve};

/// Names of documentation files, skipped without a word wherever they are.
fn is_documentation(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    [
        "README",
        "LICENSE",
        "LICENCE",
        "COPYING",
        "NOTICE",
        "AUTHORS",
        "CHANGELOG",
    ]
    .iter()
    .any(|d| upper.starts_with(d))
}

/// A warning that a file or folder was skipped, and why.
fn skipped(rel: &Path, why: &str) -> Diagnostic {
    Diagnostic::warning(format!("skipped `{}` ({why})", display_path(rel))).in_file(rel)
}

/// Walk `root/dir` and return the files `accept` takes (paths relative to `root`,
/// sorted), with a diagnostic for everything it did not read:
///
/// - a folder `dir` that leads outside the project, or any link inside it that does,
///   is an error and is not followed;
/// - hidden files and folders, files `accept` declines (it says why), broken links,
///   link loops and anything that is not a regular file are skipped with a warning
///   (documentation files such as `README` or `LICENSE` are skipped silently).
///
/// Links that stay inside the project are followed.
pub fn discover(
    root: &Path,
    dir: &str,
    accept: &dyn Fn(&Path) -> Result<(), String>,
) -> (Vec<PathBuf>, Diagnostics) {
    let mut files = Vec::new();
    let mut diags = Diagnostics::new();
    let base = root.join(dir);
    if fs::symlink_metadata(&base).is_err() {
        return (files, diags);
    }
    match resolve(root, Path::new(dir)) {
        Ok(real) if real.is_dir() => {}
        Ok(_) => {
            diags.push(
                Diagnostic::error(format!("`{dir}` is not a folder"))
                    .in_file(dir)
                    .with_hint(format!(
                        "`{dir}` holds the project's files: make it a folder"
                    )),
            );
            return (files, diags);
        }
        Err(refusal) => {
            diags.push(refusal.to_diagnostic(Path::new(dir)));
            return (files, diags);
        }
    }
    let mut walk = WalkDir::new(&base)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(walk_error(root, &e));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let is_dir = entry.file_type().is_dir();
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') {
            let what = if is_dir {
                "hidden folder"
            } else {
                "hidden file"
            };
            diags.push(skipped(
                rel,
                &format!("{what}: hidden files are never inputs"),
            ));
            if is_dir {
                walk.skip_current_dir();
            }
            continue;
        }
        if entry.path_is_symlink()
            && let Err(refusal) = resolve(root, rel)
        {
            let d = refusal.to_diagnostic(rel);
            diags.push(match refusal {
                Refusal::Outside(_) => d,
                _ => Diagnostic::warning(d.message).with_hint(d.hint.unwrap_or_default()),
            });
            if is_dir {
                walk.skip_current_dir();
            }
            continue;
        }
        if is_dir {
            continue;
        }
        if !entry.file_type().is_file() {
            let what = entry.metadata().map_or("not a file", |m| kind_of(&m));
            diags.push(skipped(rel, &format!("not a regular file: {what}")));
            continue;
        }
        match accept(rel) {
            Ok(()) => files.push(rel.to_path_buf()),
            Err(_) if is_documentation(&name) => {}
            Err(why) => diags.push(skipped(rel, &why)),
        }
    }
    (files, diags)
}

/// A diagnostic for an entry the walk could not read: a loop, a broken link, or an
/// unreadable folder.
fn walk_error(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let rel = e
        .path()
        .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
        .unwrap_or_default();
    if let Some(ancestor) = e.loop_ancestor() {
        let back = ancestor.strip_prefix(root).unwrap_or(ancestor);
        let back = match display_path(back) {
            b if b.is_empty() => "the project root".to_string(),
            b => format!("`{b}`"),
        };
        return skipped(
            &rel,
            &format!("symbolic link loop: it leads back to {back}"),
        );
    }
    if let Some(path) = e.path()
        && let Err(err) = fs::metadata(path)
        && is_loop(&err)
    {
        return skipped(
            &rel,
            "symbolic link loop: the links lead back to themselves",
        );
    }
    if let Some(path) = e.path()
        && let Ok(target) = fs::read_link(path)
        && fs::metadata(path).is_err()
    {
        return skipped(
            &rel,
            &format!(
                "broken symbolic link: its target `{}` does not exist",
                target.display()
            ),
        );
    }
    Diagnostic::error(format!("cannot read `{}` ({e})", display_path(&rel)))
        .in_file(rel)
        .with_hint("check the folder's permissions")
}

/// An `accept` for [`discover`]: files with one of `exts` (any case), else `why`.
pub fn with_extension<'a>(
    exts: &'a [&'a str],
    why: &'a str,
) -> impl Fn(&Path) -> Result<(), String> + 'a {
    move |rel: &Path| {
        let ok = rel
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| exts.iter().any(|x| x.eq_ignore_ascii_case(e)));
        if ok { Ok(()) } else { Err(why.to_string()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn yaml() -> impl Fn(&Path) -> Result<(), String> {
        with_extension(&["yaml"], "not a .yaml file")
    }

    #[test]
    fn discovery_says_what_it_skips() {
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("x.yaml"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let data = root.join("data");
        fs::create_dir_all(data.join("sub")).unwrap();
        fs::create_dir_all(root.join("elsewhere")).unwrap();
        fs::write(root.join("elsewhere/b.yaml"), "b").unwrap();
        fs::write(data.join("a.yaml"), "a").unwrap();
        fs::write(data.join("sub/c.yaml"), "c").unwrap();
        fs::write(data.join("notes.txt"), "n").unwrap();
        fs::write(data.join("README.md"), "r").unwrap();
        fs::write(data.join(".hidden.yaml"), "h").unwrap();
        symlink(root.join("elsewhere"), data.join("linked")).unwrap();
        symlink(outside.path(), data.join("out")).unwrap();
        symlink(&data, data.join("sub/back")).unwrap();
        let (files, diags) = discover(root, "data", &yaml());
        let names: Vec<String> = files.iter().map(|p| display_path(p)).collect();
        assert_eq!(
            names,
            ["data/a.yaml", "data/linked/b.yaml", "data/sub/c.yaml"]
        );
        let text = diags.to_string();
        assert!(
            text.contains("skipped `data/.hidden.yaml` (hidden file"),
            "{text}"
        );
        assert!(
            text.contains("skipped `data/notes.txt` (not a .yaml file)"),
            "{text}"
        );
        assert!(
            text.contains("error: `data/out` leads outside the project"),
            "{text}"
        );
        assert!(
            text.contains("skipped `data/sub/back` (symbolic link loop"),
            "{text}"
        );
        assert!(!text.contains("README"), "{text}");
    }

    #[test]
    fn a_folder_that_is_a_link_out_of_the_project_is_refused() {
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("x.yaml"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        symlink(outside.path(), dir.path().join("data")).unwrap();
        let (files, diags) = discover(dir.path(), "data", &yaml());
        assert!(files.is_empty());
        assert!(diags.has_errors());
        assert!(
            diags
                .to_string()
                .contains("`data` leads outside the project"),
            "{diags}"
        );
    }
}
