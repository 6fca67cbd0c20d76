//! Input files, read safely. Every read of a project file goes through here.
//!
//! - A path the project names is resolved (symbolic links followed) and must end up
//!   inside the project root; `..`, absolute paths and links leading out are refused.
//! - Hidden files and folders (`.git/`, `.env`) are never inputs, whatever leads to them.
//! - Only regular files are opened (never a pipe, socket or device, which could block
//!   forever), without blocking, and their size is checked before anything is read.
//! - Discovery ([`super::discover`]) walks a folder through the same rules and says
//!   what it skips and why.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Diagnostic, display_path};

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
        OFlags::DIRECTORY | OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NOFOLLOW,
        Mode::empty(),
    )
    .map_err(|e| match e {
        rustix::io::Errno::LOOP | rustix::io::Errno::NOTDIR => Refusal::Outside(dir.to_path_buf()),
        e => Refusal::Io(e.into()),
    })?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

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
}
