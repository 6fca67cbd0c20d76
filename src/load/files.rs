//! Input files, read safely. Every read of a project file goes through here.
//!
//! - A path the project names is resolved (symbolic links followed) and must end up
//!   inside the project root; `..`, absolute paths and links leading out are refused.
//! - Hidden files and folders (`.git/`, `.env`) are never inputs, whatever leads to them.
//! - Only regular files are opened (never a pipe, socket or device, which could block
//!   forever), without blocking, and their size is checked before anything is read.
//! - Discovery walks a folder and says what it skips and why.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};

/// Largest project file a template may read (a logo, a data file for Typst), in
/// bytes: checked before reading.
pub const MAX_RESOURCE_BYTES: u64 = 16 * 1024 * 1024;

/// Why an input file cannot be read.
#[derive(Debug)]
pub enum Refusal {
    /// The path is absolute or climbs with `..`.
    Leaves,
    /// A hidden file or folder is on the way (the name given).
    Hidden(String),
    /// Nothing at that path.
    NotFound,
    /// A symbolic link whose target does not exist (the target given).
    Dangling(PathBuf),
    /// The path resolves outside the project (the real path given).
    Outside(PathBuf),
    /// Symbolic links that lead back to themselves.
    Loop,
    /// Not a regular file: what it is (`a folder`, `a named pipe`…).
    NotRegular(&'static str),
    /// Inside an output folder of barograph's (the folder given).
    Output(PathBuf),
    /// Larger than the limit.
    TooLarge {
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The system refused (permissions…).
    Io(io::Error),
}

impl Refusal {
    /// The message (lowercase, cause in parentheses) and the hint for `rel`.
    pub fn explain(&self, rel: &Path) -> (String, String) {
        let p = display_path(rel);
        match self {
            Refusal::Leaves => (
                format!("path leaves the project (`{p}`)"),
                "use a path relative to the project root, without `..`".into(),
            ),
            Refusal::Hidden(name) => (
                format!("hidden file or folder `{name}` in `{p}` (hidden files are never inputs)"),
                "files whose name starts with a dot are never read or published: use a visible file".into(),
            ),
            Refusal::NotFound => (
                format!("file not found (`{p}`)"),
                "check the path: it is relative to the project root".into(),
            ),
            Refusal::Dangling(target) => (
                format!(
                    "broken symbolic link `{p}` (its target `{}` does not exist)",
                    target.display()
                ),
                "point the link at an existing file inside the project, or replace it with the file".into(),
            ),
            Refusal::Outside(real) => (
                format!(
                    "`{p}` leads outside the project (to `{}`; not followed)",
                    real.display()
                ),
                "copy the file into the project instead of linking to it".into(),
            ),
            Refusal::Loop => (
                format!("symbolic link loop at `{p}` (the links lead back to themselves)"),
                "fix or remove the symbolic link".into(),
            ),
            Refusal::NotRegular(what) => (
                format!("`{p}` is not a regular file (it is {what})"),
                "only ordinary files are read: replace it with a file".into(),
            ),
            Refusal::Output(folder) => (
                format!(
                    "`{p}` is inside `{}`, a folder barograph builds (not an input)",
                    display_path(folder)
                ),
                "a build never reads what a build wrote: use the file from the project's own folders".into(),
            ),
            Refusal::TooLarge { size, limit } => (
                format!("file too large (`{p}` has {size} bytes, the limit is {limit})"),
                "split the file, or check that it is the file you meant".into(),
            ),
            Refusal::Io(e) => (
                format!("cannot read `{p}` ({e})"),
                "check the file's permissions".into(),
            ),
        }
    }

    /// An error for `rel`, located in that file.
    pub fn to_diagnostic(&self, rel: &Path) -> Diagnostic {
        let (message, hint) = self.explain(rel);
        Diagnostic::error(message).in_file(rel).with_hint(hint)
    }
}

/// The first hidden component of `rel` (a name starting with a dot), if any.
pub fn hidden_component(rel: &Path) -> Option<String> {
    rel.components().find_map(|c| match c {
        Component::Normal(name) if name.to_string_lossy().starts_with('.') => {
            Some(name.to_string_lossy().into_owned())
        }
        _ => None,
    })
}

/// Check a path as written: relative, no `..`, nothing hidden.
pub fn check_relative(rel: &Path) -> Result<(), Refusal> {
    if rel.as_os_str().is_empty()
        || rel
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(Refusal::Leaves);
    }
    match hidden_component(rel) {
        Some(name) => Err(Refusal::Hidden(name)),
        None => Ok(()),
    }
}

/// True if the error says symbolic links loop.
pub fn is_loop(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// The real path of `root/rel`: it must exist and stay inside the real root, and no
/// hidden name may be on the way, as written or once links are followed.
pub fn resolve(root: &Path, rel: &Path) -> Result<PathBuf, Refusal> {
    check_relative(rel)?;
    let real_root = root.canonicalize().map_err(Refusal::Io)?;
    let path = root.join(rel);
    let real = match path.canonicalize() {
        Ok(real) => real,
        Err(e) if is_loop(&e) => return Err(Refusal::Loop),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(match fs::read_link(&path) {
                Ok(target) => Refusal::Dangling(target),
                Err(_) => Refusal::NotFound,
            });
        }
        Err(e) => return Err(Refusal::Io(e)),
    };
    let inside = real
        .strip_prefix(&real_root)
        .map_err(|_| Refusal::Outside(real.clone()))?;
    if let Some(name) = hidden_component(inside) {
        return Err(Refusal::Hidden(name));
    }
    Ok(real)
}

/// What a file that is not a regular file is, in words.
pub fn kind_of(meta: &fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    "not a file"
}

/// Open `path` for reading only if it is a regular file no larger than `limit`: checked
/// before opening, opened without blocking (a pipe swapped in meanwhile cannot hang the
/// build), and checked again on the open file.
pub fn open_regular(path: &Path, limit: u64) -> Result<(File, u64), Refusal> {
    let meta = fs::metadata(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => Refusal::NotFound,
        _ if is_loop(&e) => Refusal::Loop,
        _ => Refusal::Io(e),
    })?;
    if !meta.is_file() {
        return Err(Refusal::NotRegular(kind_of(&meta)));
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path).map_err(Refusal::Io)?;
    let meta = file.metadata().map_err(Refusal::Io)?;
    if !meta.is_file() {
        return Err(Refusal::NotRegular(kind_of(&meta)));
    }
    if meta.len() > limit {
        return Err(Refusal::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    Ok((file, meta.len()))
}

/// The bytes of the regular file at `path`, at most `limit` of them (a file that grows
/// past the limit while it is read is refused too).
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
    let (file, len) = open_regular(path, limit)?;
    read_open(file, len, limit)
}

/// The bytes of the project file `rel` (see [`resolve`]), at most `limit` of them. The
/// file is opened from the root by its resolved path with the kernel refusing any link
/// on the way ([`open_beneath`]), so a link swapped in after the checks is not followed.
pub fn read(root: &Path, rel: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
    let real = resolve(root, rel)?;
    let real_root = root.canonicalize().map_err(Refusal::Io)?;
    let inside = real.strip_prefix(&real_root).unwrap_or(&real);
    if let Some(folder) = output_folder(&real_root, inside) {
        return Err(Refusal::Output(folder));
    }
    let (file, len) = open_beneath(&real_root, inside, limit)?;
    read_open(file, len, limit)
}

/// The output folder of a build (it holds barograph's marker) that `inside`, a path
/// relative to the real root, lies in: a build never reads what a build wrote.
fn output_folder(real_root: &Path, inside: &Path) -> Option<PathBuf> {
    inside
        .ancestors()
        .skip(1)
        .filter(|a| !a.as_os_str().is_empty())
        .find(|a| real_root.join(a).join(".barograph-output").exists())
        .map(Path::to_path_buf)
}

/// Open `rel` (relative, no `..`, nothing hidden) under the folder `dir`, at most `limit` bytes,
/// following no symbolic link at all and never leaving `dir`: on Linux the kernel
/// checks this (`openat2` with `RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS`), so nothing
/// swapped in meanwhile can redirect the open; elsewhere each component is checked
/// first and the last is opened without following a link.
pub fn open_beneath(dir: &Path, rel: &Path, limit: u64) -> Result<(File, u64), Refusal> {
    check_relative(rel)?;
    let file = open_no_links(dir, rel)?;
    let meta = file.metadata().map_err(Refusal::Io)?;
    if !meta.is_file() {
        return Err(Refusal::NotRegular(kind_of(&meta)));
    }
    if meta.len() > limit {
        return Err(Refusal::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    Ok((file, meta.len()))
}

#[cfg(target_os = "linux")]
fn open_no_links(dir: &Path, rel: &Path) -> Result<File, Refusal> {
    use rustix::fs::{Mode, OFlags, ResolveFlags};
    let base = rustix::fs::open(
        dir,
        OFlags::DIRECTORY | OFlags::RDONLY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| Refusal::Io(e.into()))?;
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY;
    let resolve = ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS | ResolveFlags::NO_MAGICLINKS;
    match rustix::fs::openat2(&base, rel, flags, Mode::empty(), resolve) {
        Ok(fd) => Ok(File::from(fd)),
        Err(e) if e == rustix::io::Errno::NOSYS || e == rustix::io::Errno::PERM => {
            open_checked(dir, rel)
        }
        Err(e) if e == rustix::io::Errno::NOENT => Err(Refusal::NotFound),
        Err(e) if e == rustix::io::Errno::LOOP || e == rustix::io::Errno::XDEV => {
            Err(Refusal::Outside(dir.join(rel)))
        }
        Err(e) => Err(Refusal::Io(e.into())),
    }
}

#[cfg(not(target_os = "linux"))]
fn open_no_links(dir: &Path, rel: &Path) -> Result<File, Refusal> {
    open_checked(dir, rel)
}

/// Without `openat2`: refuse a link at any component, then open without following one.
fn open_checked(dir: &Path, rel: &Path) -> Result<File, Refusal> {
    let mut path = dir.to_path_buf();
    for c in rel.components() {
        path.push(c);
        let meta = fs::symlink_metadata(&path).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => Refusal::NotFound,
            _ => Refusal::Io(e),
        })?;
        if meta.file_type().is_symlink() {
            return Err(Refusal::Outside(path));
        }
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let flags = rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOFOLLOW;
        options.custom_flags(flags.bits() as i32);
    }
    options.open(&path).map_err(Refusal::Io)
}

/// Read an open file of `len` bytes, at most `limit` (one growing meanwhile is refused).
fn read_open(file: File, len: u64, limit: u64) -> Result<Vec<u8>, Refusal> {
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Refusal::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

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
        return skipped(
            &rel,
            &format!(
                "symbolic link loop: it leads back to `{}`",
                display_path(back)
            ),
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
    fn paths_as_written_must_stay_relative_and_visible() {
        assert!(matches!(
            check_relative(Path::new("../x")),
            Err(Refusal::Leaves)
        ));
        assert!(matches!(
            check_relative(Path::new("/etc/passwd")),
            Err(Refusal::Leaves)
        ));
        assert!(
            matches!(check_relative(Path::new(".git/config")), Err(Refusal::Hidden(n)) if n == ".git")
        );
        assert!(
            matches!(check_relative(Path::new("a/.env")), Err(Refusal::Hidden(n)) if n == ".env")
        );
        assert!(check_relative(Path::new("./img/a.png")).is_ok());
    }

    #[test]
    fn links_are_followed_only_inside_and_never_to_hidden_files() {
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret"), "s").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join(".git")).unwrap();
        fs::write(root.join(".git/config"), "c").unwrap();
        fs::write(root.join("ok.txt"), "ok").unwrap();
        symlink(outside.path().join("secret"), root.join("out")).unwrap();
        symlink(root.join(".git/config"), root.join("git")).unwrap();
        symlink(root.join("ok.txt"), root.join("in")).unwrap();
        symlink(root.join("nowhere"), root.join("dangling")).unwrap();
        symlink(root.join("loop"), root.join("loop")).unwrap();
        assert!(matches!(
            resolve(root, Path::new("out")),
            Err(Refusal::Outside(_))
        ));
        assert!(matches!(
            resolve(root, Path::new("git")),
            Err(Refusal::Hidden(_))
        ));
        assert!(matches!(
            resolve(root, Path::new("dangling")),
            Err(Refusal::Dangling(_))
        ));
        assert!(matches!(
            resolve(root, Path::new("loop")),
            Err(Refusal::Loop)
        ));
        assert_eq!(read(root, Path::new("in"), 10).unwrap(), b"ok");
        assert!(matches!(
            read(root, Path::new("ok.txt"), 1),
            Err(Refusal::TooLarge { size: 2, limit: 1 })
        ));
    }

    #[test]
    fn opening_beneath_a_folder_follows_no_link_even_one_inside() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("sub")).unwrap();
        fs::write(root.join("sub/page.html"), "p").unwrap();
        symlink(root.join("sub/page.html"), root.join("link.html")).unwrap();
        symlink(root.join("sub"), root.join("dir")).unwrap();
        symlink("/etc/passwd", root.join("passwd")).unwrap();
        assert!(open_beneath(root, Path::new("sub/page.html"), 10).is_ok());
        for rel in ["link.html", "dir/page.html", "passwd"] {
            assert!(
                matches!(
                    open_beneath(root, Path::new(rel), 1 << 20),
                    Err(Refusal::Outside(_))
                ),
                "{rel}"
            );
        }
        assert!(matches!(
            open_beneath(root, Path::new("../x"), 10),
            Err(Refusal::Leaves)
        ));
    }

    #[test]
    fn what_a_build_wrote_is_never_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("output/assets")).unwrap();
        fs::write(root.join("output/.barograph-output"), "{}").unwrap();
        fs::write(root.join("output/assets/p.png"), "x").unwrap();
        let err = read(root, Path::new("output/assets/p.png"), 10).unwrap_err();
        assert!(
            matches!(&err, Refusal::Output(f) if f == Path::new("output")),
            "{err:?}"
        );
    }

    #[test]
    fn a_pipe_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        rustix::fs::mkfifoat(rustix::fs::CWD, &fifo, rustix::fs::Mode::from(0o600)).unwrap();
        symlink(&fifo, dir.path().join("link")).unwrap();
        assert!(matches!(
            read(dir.path(), Path::new("link"), 100),
            Err(Refusal::NotRegular("a named pipe"))
        ));
        let err = read(dir.path(), Path::new("link"), 100).unwrap_err();
        let (message, _) = err.explain(Path::new("link"));
        assert_eq!(message, "`link` is not a regular file (it is a named pipe)");
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
