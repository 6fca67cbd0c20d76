//! The output folder as a place: where it really is, whether barograph may write there,
//! the lock that keeps two builds of it from overlapping, and the leftovers of builds
//! that were interrupted.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics};

use super::MARKER;

/// A failed file operation on the output, with a hint that fits its cause.
pub fn io_error(what: &str, path: &Path, e: &io::Error) -> Diagnostic {
    let hint = match e.raw_os_error() {
        Some(code) if code == errno(Errno::XDEV) || code == errno(Errno::BUSY) => {
            "the output folder is a mount point or on another file system than the folder \
             holding it: barograph prepares files beside it and moves them in, so write \
             into a folder inside the mount (e.g. --output <mount>/site)"
        }
        Some(code) if code == errno(Errno::NAMETOOLONG) => {
            "a file name is too long for the file system: shorten the slug, tag or id it \
             comes from"
        }
        Some(code) if code == errno(Errno::NOTDIR) => {
            "a file stands where a folder must be: choose an --output whose parent folders \
             are all folders"
        }
        Some(code) if code == errno(Errno::NOSPC) || code == errno(Errno::DQUOT) => {
            "the disk is full: free some space; the previous output is unchanged"
        }
        Some(code) if code == errno(Errno::ROFS) => {
            "the file system is read-only: choose another output folder with --output"
        }
        _ if e.kind() == io::ErrorKind::PermissionDenied => {
            "check the permissions of the output folder and of the folder holding it; the \
             previous output is unchanged"
        }
        _ => {
            "check the permissions and free space of the output folder; the previous output \
             is unchanged"
        }
    };
    Diagnostic::error(format!("cannot {what} `{}` ({e})", path.display())).with_hint(hint)
}

#[cfg(unix)]
use rustix::io::Errno;

#[cfg(unix)]
fn errno(e: Errno) -> i32 {
    e.raw_os_error()
}

#[cfg(not(unix))]
enum Errno {
    XDEV,
    BUSY,
    NOSPC,
    DQUOT,
    ROFS,
    NAMETOOLONG,
    NOTDIR,
}

#[cfg(not(unix))]
fn errno(_: Errno) -> i32 {
    -1
}

/// Absolute, lexically normalised form of `path` (without requiring it to exist), with
/// the symbolic links of the part that exists resolved.
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

/// Refuse output folders that could destroy input or unrelated data, or that cannot be
/// replaced as a whole.
pub fn check_target(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let refuse = |shown: &Path, why: &str, hint: &str| {
        Err(Diagnostic::error(format!(
            "refusing to write the site to `{}` ({why})",
            shown.display()
        ))
        .with_hint(hint.to_string()))
    };
    let new_folder = "choose an empty or new folder, e.g. --output output";
    if let Ok(meta) = fs::symlink_metadata(out)
        && meta.file_type().is_symlink()
        && let Err(e) = fs::metadata(out)
    {
        if crate::load::files::is_loop(&e) {
            return refuse(
                out,
                "it is a symbolic link loop: the links lead back to themselves",
                "remove the links, or point them at a folder",
            );
        }
        let target = fs::read_link(out).unwrap_or_default();
        let why = format!(
            "it is a symbolic link to `{}`, which does not exist",
            target.display()
        );
        return refuse(
            out,
            &why,
            "remove the broken link, or create the folder it points to",
        );
    }
    if let Some(file) = out
        .ancestors()
        .skip(1)
        .find(|a| !a.as_os_str().is_empty() && fs::metadata(a).is_ok_and(|m| !m.is_dir()))
    {
        let why = format!("`{}` is a file, not a folder", file.display());
        return refuse(out, &why, new_folder);
    }
    let root = absolute(root);
    let out = absolute(out);
    if out.parent().is_none() {
        return refuse(&out, "it is the filesystem root", new_folder);
    }
    if out == root {
        return refuse(&out, "it is the project root", new_folder);
    }
    if root.starts_with(&out) {
        return refuse(&out, "it contains the project", new_folder);
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
            return refuse(
                &out,
                &format!("it is inside the project's `{input}`"),
                new_folder,
            );
        }
    }
    if out.is_file() {
        return refuse(&out, "it is a file", new_folder);
    }
    if out.is_dir() && is_mount_point(&out) {
        return refuse(
            &out,
            "it is a mount point",
            "barograph prepares files beside the output folder and moves them in, which \
             cannot cross into another file system: write into a folder inside the mount \
             (e.g. --output <mount>/site)",
        );
    }
    if out.join(MARKER).is_file() && super::manifest::Manifest::read(&out).is_none() {
        return refuse(
            &out,
            &format!(
                "its marker `{MARKER}` is not barograph's: it does not hold the list of the files barograph wrote"
            ),
            "barograph cannot tell its files from others' without it: move the files you want \
             to keep out and delete the folder, or choose another folder with --output",
        );
    }
    if out.is_dir() && !out.join(MARKER).is_file() {
        let listing = foreign_listing(&out);
        if !listing.is_empty() {
            return refuse(
                &out,
                &format!(
                    "it is a non-empty folder without barograph's marker `{MARKER}`, so \
                     barograph did not create it or the marker was deleted: {listing}"
                ),
                "barograph writes only into an empty folder or one it created (and leaves \
                 alone the files you add there later): move these files out, or choose \
                 another folder with --output",
            );
        }
    }
    Ok(())
}

/// The first few names in `dir`, for a message: "`a`, `b` and 3 more".
fn foreign_listing(dir: &Path) -> String {
    let Ok(entries) = fs::read_dir(dir) else {
        return String::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let shown: Vec<String> = names.iter().take(3).map(|n| format!("`{n}`")).collect();
    match names.len() {
        0 => String::new(),
        n if n <= 3 => format!("it holds {}", shown.join(", ")),
        n => format!("it holds {} and {} more", shown.join(", "), n - 3),
    }
}

/// True if another file system is mounted at `dir`.
fn is_mount_point(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let parent = dir.parent().unwrap_or(dir);
        match (fs::metadata(dir), fs::metadata(parent)) {
            (Ok(d), Ok(p)) => d.dev() != p.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        false
    }
}

/// Sibling paths used while swapping: `.<name>.tmp-<pid>` and `.<name>.old-<pid>`.
pub fn sibling(out: &Path, kind: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    out.with_file_name(format!(".{name}.{kind}-{}", std::process::id()))
}

/// The lock a build of `out` holds from start to end (see [`lock`]).
#[derive(Debug)]
pub struct Lock {
    _file: fs::File,
    /// How long the build waited for another one to finish.
    pub waited: Duration,
}

/// The longest a build waits for another build of the same output.
pub const LOCK_WAIT: Duration = Duration::from_secs(600);

/// Take the advisory lock of the output folder `out` (a file `.<name>.barograph-lock`
/// beside it), waiting for another build holding it to finish: two builds of one
/// output, from the command line or `serve`, never overlap, so neither sees the other's
/// temporary folder as a leftover. The lock is released when the [`Lock`] is dropped,
/// or when the process ends, however it ends.
pub fn lock(out: &Path) -> Result<Lock, Diagnostic> {
    let out = absolute(out);
    let path = sibling_lock(&out);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| io_error("create", parent, &e))?;
    }
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| io_error("create the lock file", &path, &e))?;
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => {
                return Ok(Lock {
                    _file: file,
                    waited: start.elapsed(),
                });
            }
            Err(fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_WAIT => {
                std::thread::sleep(Duration::from_millis(15));
            }
            Err(fs::TryLockError::WouldBlock) => {
                return Err(Diagnostic::error(format!(
                    "another build of `{}` has been running for {} s (it holds `{}`)",
                    out.display(),
                    LOCK_WAIT.as_secs(),
                    path.display()
                ))
                .with_hint(
                    "wait for it to finish, or stop it (a stopped build releases the lock)",
                ));
            }
            Err(fs::TryLockError::Error(e)) => return Err(io_error("lock", &path, &e)),
        }
    }
}

/// `.<name>.barograph-lock` beside `out`.
fn sibling_lock(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    out.with_file_name(format!(".{name}.barograph-lock"))
}

/// True if `dir` holds nothing but a staging folder's `new/` and `old/` (a build killed
/// while it removed its staging folder, after the marker went).
fn is_stage(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|entries| {
        let names: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        !names.is_empty() && names.iter().all(|n| n == "new" || n == "old")
    })
}

/// Remove a build's staging folder, its marker last, so a build killed meanwhile
/// leaves a folder the next one still knows as a leftover.
pub fn remove_stage(tmp: &Path) {
    for sub in ["new", "old"] {
        let _ = fs::remove_dir_all(tmp.join(sub));
    }
    let _ = fs::remove_dir_all(tmp);
}

/// Remove leftovers of interrupted builds next to `out` (only folders with our marker,
/// or empty ones), and restore a previous output that a crash left renamed aside. Call
/// it holding the [`lock`]: then no live build owns any of them.
pub fn clean_leftovers(out: &Path) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return diags;
    };
    let name = name.to_string_lossy();
    let Ok(entries) = fs::read_dir(parent) else {
        return diags;
    };
    let (tmp, old) = (format!(".{name}.tmp-"), format!(".{name}.old-"));
    let mut leftovers: Vec<PathBuf> = Vec::new();
    for e in entries.filter_map(Result::ok) {
        let n = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        if !(n.starts_with(&tmp) || n.starts_with(&old)) {
            continue;
        }
        if path.join(MARKER).is_file() || is_stage(&path) {
            leftovers.push(path);
        } else if n.starts_with(&tmp) {
            // Killed between creating its folder and writing the marker: removing an
            // empty folder cannot lose anything (a non-empty one is left alone).
            let _ = fs::remove_dir(&path);
        }
    }
    leftovers.sort();
    for path in leftovers {
        let is_old = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(&old));
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
