//! The Typst `World` barograph compiles its documents in (the infographic, and the
//! social image, which [`crate::render::social`] makes through this module too).
//!
//! It serves the template as the main source, virtual files (`/data.json`, the chart
//! SVGs under `/charts/`) from memory, embedded fonts (typst-assets, the theme's Inter,
//! the project's `fonts/`), and project files (a logo…) from inside the project root
//! only. Package imports and paths leaving the root are refused with a clear message.
//! `today()` is fixed, so the PDF is reproducible. It can decode the chart SVGs ahead of
//! the layout, on a second thread, into Typst's memoisation cache.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::load::files::{self, Refusal};

/// Fonts and their book, shared by every compile with the same font set.
#[derive(Debug)]
pub struct FontSet {
    /// The fonts, in book order.
    pub fonts: Vec<Font>,
    /// Metadata about them.
    pub book: LazyHash<FontBook>,
}

impl FontSet {
    /// Parse fonts from the given files (collections give several fonts).
    pub fn new(files: impl IntoIterator<Item = Bytes>) -> FontSet {
        let fonts: Vec<Font> = files.into_iter().flat_map(Font::iter).collect();
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        FontSet { fonts, book }
    }
}

/// The standard library, built once.
fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

/// A compilation environment for one infographic.
pub struct InfographicWorld {
    root: PathBuf,
    main: FileId,
    main_source: Source,
    virtual_files: BTreeMap<String, Bytes>,
    fonts: Arc<FontSet>,
    today: Datetime,
    /// Project files read during the compile, relative to the root, with their bytes'
    /// hash: what a cached result depends on.
    read: Mutex<BTreeMap<String, String>>,
}

/// A file id for a path in the project (virtual or real).
pub fn project_file(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl InfographicWorld {
    /// A world compiling `template` (shown in errors as `template_path`, relative to the
    /// project root) with `files` served at their virtual paths (e.g. `/data.json`).
    pub fn new(
        root: &Path,
        template_path: &str,
        template: String,
        files: BTreeMap<String, Bytes>,
        fonts: Arc<FontSet>,
        today: Datetime,
    ) -> Self {
        let main = project_file(template_path)
            .unwrap_or_else(|| project_file("/main.typ").expect("valid path"));
        InfographicWorld {
            root: root.to_path_buf(),
            main,
            main_source: Source::new(main, template),
            virtual_files: files.into_iter().map(|(k, v)| (normalise(&k), v)).collect(),
            fonts,
            today,
            read: Mutex::new(BTreeMap::new()),
        }
    }

    /// Whether the world serves SVG files (charts) from memory.
    pub fn has_svgs(&self) -> bool {
        self.virtual_files.keys().any(|path| path.ends_with(".svg"))
    }

    /// Decode the chart SVGs that `/data.json` names ahead of the layout, from the last
    /// one named to the first, so a second core meets the layout halfway.
    ///
    /// Decoding an SVG with text costs about 1 ms (usvg shapes every label), the
    /// largest part of a cold compile. The results land in Typst's memoisation cache,
    /// where the layout finds them if it asks with the same font families: the
    /// default template's (`Inter` and Typst's fallbacks). With other families the
    /// layout decodes again and only spare CPU time was spent.
    pub fn decode_svgs_ahead(&self) {
        use typst::comemo::Track;
        const FAMILIES: [&str; 6] = [
            "inter",
            "libertinus serif",
            "twitter color emoji",
            "noto color emoji",
            "apple color emoji",
            "segoe ui emoji",
        ];
        let data: &[u8] = self
            .virtual_files
            .get("/data.json")
            .map_or(&[], |d| d.as_slice());
        for path in last_named_first(data, self.virtual_files.keys()) {
            let bytes = self.virtual_files[path].clone();
            let _ = typst::visualize::SvgImage::with_fonts_images(
                bytes,
                (self as &dyn World).track(),
                &FAMILIES,
                project_file(path),
            );
        }
    }

    /// The project files read so far (path relative to the root → blake3 hex).
    pub fn files_read(&self) -> BTreeMap<String, String> {
        self.read.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Read a project file: inside the root, no symlink escaping it.
    fn read_project_file(&self, id: FileId) -> FileResult<Bytes> {
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some(
                "package imports are not available (barograph builds offline; copy the package's files into the project)".into(),
            )));
        }
        let key = normalise(id.vpath().get_with_slash());
        if let Some(bytes) = self.virtual_files.get(&key) {
            return Ok(bytes.clone());
        }
        let rel = Path::new(key.trim_start_matches('/'));
        let bytes =
            files::read(&self.root, rel, files::MAX_RESOURCE_BYTES).map_err(
                |refusal| match refusal {
                    Refusal::NotFound => FileError::NotFound(rel.to_path_buf()),
                    Refusal::NotRegular("a folder") => FileError::IsDirectory,
                    other => FileError::Other(Some(other.explain(rel).0.into())),
                },
            )?;
        // What a cached result depends on: a changed logo means a new compile.
        self.read.lock().unwrap_or_else(|e| e.into_inner()).insert(
            crate::diagnostics::display_path(rel),
            blake3::hash(&bytes).to_hex().to_string(),
        );
        Ok(Bytes::new(bytes))
    }
}

/// The SVG paths among `paths` that `data` names, the one named last first.
fn last_named_first<'p>(data: &[u8], paths: impl Iterator<Item = &'p String>) -> Vec<&'p String> {
    let mut named: Vec<(usize, &String)> = paths
        .filter(|path| path.ends_with(".svg"))
        .filter_map(|path| {
            let at = data
                .windows(path.len())
                .position(|w| w == path.as_bytes())?;
            Some((at, path))
        })
        .collect();
    named.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    named.into_iter().map(|(_, path)| path).collect()
}

/// `/a/b` form of a virtual path.
fn normalise(path: &str) -> String {
    format!("/{}", path.trim_start_matches('/'))
}

impl World for InfographicWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            return Ok(self.main_source.clone());
        }
        let bytes = self.read_project_file(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_string()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main {
            return Ok(Bytes::from_string(self.main_source.text().to_string()));
        }
        self.read_project_file(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world(root: &Path, template: &str) -> InfographicWorld {
        let mut files = BTreeMap::new();
        files.insert("/data.json".to_string(), Bytes::new(b"{}".to_vec()));
        let fonts = Arc::new(FontSet::new(typst_assets::fonts().map(Bytes::new)));
        let today = Datetime::from_ymd(2026, 1, 27).unwrap();
        InfographicWorld::new(
            root,
            "/templates/infographic.typ",
            template.to_string(),
            files,
            fonts,
            today,
        )
    }

    #[test]
    fn svgs_are_decoded_ahead_from_the_last_named() {
        let data = br#"{"charts":[{"file":"/charts/b.svg"},{"file":"/charts/a.svg"}],
            "breakdowns":[{"file":"/charts/c.svg"}]}"#;
        let paths: Vec<String> = ["/charts/a.svg", "/charts/b.svg", "/charts/c.svg"]
            .into_iter()
            .chain(["/charts/unused.svg", "/data.json"])
            .map(String::from)
            .collect();
        assert_eq!(
            last_named_first(data, paths.iter()),
            ["/charts/c.svg", "/charts/a.svg", "/charts/b.svg"]
        );
    }

    #[test]
    fn serves_virtual_files_and_project_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("logo.svg"), "<svg/>").unwrap();
        let w = world(dir.path(), "");
        assert_eq!(
            w.file(project_file("/data.json").unwrap())
                .unwrap()
                .as_slice(),
            b"{}"
        );
        assert_eq!(
            w.file(project_file("/logo.svg").unwrap())
                .unwrap()
                .as_slice(),
            b"<svg/>"
        );
        assert!(matches!(
            w.file(project_file("/missing.png").unwrap()),
            Err(FileError::NotFound(_))
        ));
        let read = w.files_read();
        assert_eq!(
            read.keys().collect::<Vec<_>>(),
            ["logo.svg"],
            "virtual files are no dependency"
        );
        assert_eq!(
            read["logo.svg"],
            blake3::hash(b"<svg/>").to_hex().to_string()
        );
    }

    #[test]
    fn refuses_hidden_files_pipes_and_large_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".env"), "SECRET=1").unwrap();
        let fifo = dir.path().join("pipe.svg");
        rustix::fs::mkfifoat(rustix::fs::CWD, &fifo, rustix::fs::Mode::from(0o600)).unwrap();
        let big = std::fs::File::create(dir.path().join("big.png")).unwrap();
        big.set_len(files::MAX_RESOURCE_BYTES + 1).unwrap();
        let w = world(dir.path(), "");
        for (path, expected) in [
            ("/.env", "hidden"),
            ("/pipe.svg", "named pipe"),
            ("/big.png", "too large"),
        ] {
            let err = w.file(project_file(path).unwrap()).unwrap_err();
            assert!(err.to_string().contains(expected), "{path}: {err}");
        }
    }

    #[test]
    fn refuses_a_symlink_leading_outside_the_root() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            dir.path().join("link.txt"),
        )
        .unwrap();
        let w = world(dir.path(), "");
        let err = w.file(project_file("/link.txt").unwrap()).unwrap_err();
        assert!(err.to_string().contains("outside the project"), "{err}");
    }

    #[test]
    fn refuses_packages() {
        let dir = tempfile::tempdir().unwrap();
        let w = world(dir.path(), "");
        let spec: typst::syntax::package::PackageSpec = "@preview/example:0.1.0".parse().unwrap();
        let id = RootedPath::new(
            VirtualRoot::Package(spec),
            VirtualPath::new("/lib.typ").unwrap(),
        )
        .intern();
        let err = w.source(id).unwrap_err();
        assert!(
            err.to_string()
                .contains("package imports are not available"),
            "{err}"
        );
    }

    #[test]
    fn today_is_fixed() {
        let dir = tempfile::tempdir().unwrap();
        let w = world(dir.path(), "");
        assert_eq!(w.today(None), Datetime::from_ymd(2026, 1, 27));
        assert_eq!(
            w.today(Some(Duration::from(time::Duration::hours(5)))),
            Datetime::from_ymd(2026, 1, 27)
        );
    }
}
