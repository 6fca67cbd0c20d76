//! Load: discover the project's files and parse them, keeping positions.
//!
//! Reads `site.yaml`, `data/**/*.yaml`, `content/articles/**/*.md`,
//! `content/quotes/**/*.yaml`, quote photos (`media`), the theme (`templates/`, see
//! `theme`) and `fonts/`, every one through `files` (inside the root, no hidden file,
//! regular files only) and `discover` (which says what it skips). `config` turns
//! `site.yaml` into settings for the later stages; `yaml` holds the parsing policy and
//! its error messages. Every file's text is kept in [`Sources`] for error excerpts.
//! Parse errors from all files are collected, so one run reports them all. Nothing is
//! validated across files here and nothing is written.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Diagnostics, Position, Sources};
use crate::model::{
    self, ArticleDoc, FrontMatter, QuoteDoc, QuoteEntry, SiteFile, SurveyDoc, SurveyFile,
};

pub(crate) mod config;
pub(crate) mod discover;
pub(crate) mod files;
pub(crate) mod media;
pub(crate) mod recover;
pub(crate) mod theme;
pub(crate) mod yaml;

pub use config::SiteConfig;
pub use media::Media;
pub use theme::{Theme, ThemeFile};

/// Largest input file accepted, in bytes (see `docs/reliability.md`).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Everything read from a project, parsed but not yet cross-checked.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project root.
    pub root: PathBuf,
    /// Text of every file read, for diagnostics.
    pub sources: Sources,
    /// `site.yaml`, unless it is missing or invalid (then load reported an error).
    pub site: Option<SiteFile>,
    /// Surveys, sorted by id.
    pub surveys: Vec<SurveyDoc>,
    /// Ids of every survey file found, including those that failed to parse (so
    /// references to them are not reported a second time).
    pub survey_ids: BTreeSet<String>,
    /// Articles, sorted by path.
    pub articles: Vec<ArticleDoc>,
    /// Quotes, in file order, files sorted by path.
    pub quotes: Vec<QuoteDoc>,
    /// Quote photos by the path written in `photo:`, checked to be images.
    pub media: BTreeMap<String, Media>,
    /// Templates, locale strings, assets and fonts.
    pub theme: Theme,
    /// Standalone pages (`content/pages/*.md`), sorted by path.
    pub pages: Vec<crate::model::PageDoc>,
    /// How missing disclosure items are reported (`check`, `check --strict`).
    pub disclosure: crate::model::Disclosure,
    /// What the run publishes: drafts, future articles, and its "now".
    pub publish: crate::model::Publish,
}

/// Read and parse every input of the project at `root`.
///
/// Files that fail to parse are left out and reported; the rest is returned, so the
/// validator can still check it and one run reports as much as possible.
pub fn load(root: &Path) -> (Project, Diagnostics) {
    let mut ctx = Loader {
        root: root.to_path_buf(),
        sources: Sources::new(),
        diags: Diagnostics::new(),
        memory: None,
    };
    if !root.is_dir() {
        let why = match std::fs::metadata(root) {
            Err(e) if files::is_loop(&e) => "it is a symbolic link loop".to_string(),
            Err(_) => format!("no folder at `{}`", root.display()),
            Ok(_) => format!("`{}` is a file, not a folder", root.display()),
        };
        ctx.diags.push(
            Diagnostic::error(format!("project root not found ({why})"))
                .with_hint("pass the project folder with --root, or run from inside it"),
        );
        return (Project::empty(root), ctx.diags);
    }
    let theme = Theme::load(root, &mut ctx.sources, &mut ctx.diags);
    ctx.finish(theme)
}

/// Parse a project held in memory: `files` maps paths relative to the root (`site.yaml`,
/// `data/s.yaml`, `content/articles/a.md`…) to their text; the default theme is used.
/// For tests and fuzzing: the same parsing as [`load`], without the disk.
pub fn load_from_memory(root: &Path, files: BTreeMap<PathBuf, String>) -> (Project, Diagnostics) {
    let ctx = Loader {
        root: root.to_path_buf(),
        sources: Sources::new(),
        diags: Diagnostics::new(),
        memory: Some(
            files
                .into_iter()
                .map(|(k, v)| (k, normalize_text(v)))
                .collect(),
        ),
    };
    ctx.finish(Theme::defaults())
}

impl Loader {
    fn finish(mut self, theme: Theme) -> (Project, Diagnostics) {
        let site = self.load_site();
        let (surveys, survey_ids) = self.load_surveys();
        let articles = self.load_articles();
        let pages = self.load_pages();
        let (quotes, media) = self.load_quotes();
        let ctx = self;
        let project = Project {
            root: ctx.root,
            sources: ctx.sources,
            site,
            surveys,
            survey_ids,
            articles,
            pages,
            quotes,
            media,
            theme,
            disclosure: crate::model::Disclosure::Off,
            publish: crate::model::Publish::default(),
        };
        (project, ctx.diags)
    }
}

impl Project {
    /// A project with nothing in it (for a missing root).
    fn empty(root: &Path) -> Project {
        Project {
            root: root.to_path_buf(),
            sources: Sources::new(),
            site: None,
            surveys: Vec::new(),
            survey_ids: BTreeSet::new(),
            articles: Vec::new(),
            pages: Vec::new(),
            quotes: Vec::new(),
            media: BTreeMap::new(),
            theme: Theme::defaults(),
            disclosure: crate::model::Disclosure::Off,
            publish: crate::model::Publish::default(),
        }
    }
}

struct Loader {
    root: PathBuf,
    sources: Sources,
    diags: Diagnostics,
    /// Files held in memory instead of the disk (see [`load_from_memory`]).
    memory: Option<BTreeMap<PathBuf, String>>,
}

impl Loader {
    fn load_site(&mut self) -> Option<SiteFile> {
        let rel = PathBuf::from("site.yaml");
        let exists = match &self.memory {
            Some(files) => files.contains_key(&rel),
            None => std::fs::symlink_metadata(self.root.join(&rel)).is_ok(),
        };
        if !exists {
            self.diags.push(
                Diagnostic::error("missing `site.yaml` (every project has one at its root)")
                    .in_file(&rel)
                    .with_hint("create site.yaml with title, base_url, language and organisation (`barograph init` writes one); see `barograph help site`"),
            );
            return None;
        }
        let text = self.read(&rel)?;
        self.report(parse_yaml::<SiteFile>(&rel, &text))
    }

    fn load_surveys(&mut self) -> (Vec<SurveyDoc>, BTreeSet<String>) {
        let mut out: Vec<SurveyDoc> = Vec::new();
        let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
        for rel in self.discover("data", &["yaml", "yml"]) {
            let id = file_stem(&rel);
            if let Some(first) = seen.get(&id) {
                self.diags.push(
                    Diagnostic::error(format!(
                        "duplicate survey id `{id}` (also defined by {})",
                        crate::diagnostics::display_path(first)
                    ))
                    .in_file(&rel)
                    .with_hint("a survey's id is its file name: rename one of the files"),
                );
                continue;
            }
            seen.insert(id.clone(), rel.clone());
            if let Some(problem) = crate::text::id_problem(&id) {
                let name = rel.with_file_name(format!(
                    "{}.{}",
                    crate::text::suggest_id(&id),
                    rel.extension()
                        .map_or("yaml".into(), |e| e.to_string_lossy())
                ));
                self.diags.push(
                    Diagnostic::error(format!(
                        "invalid survey id `{id}` ({problem})"
                    ))
                    .in_file(&rel)
                    .with_hint(format!(
                        "a survey's id is its file name, used in web addresses: rename the file, e.g. to `{}`",
                        crate::diagnostics::display_path(&name)
                    )),
                );
                continue;
            }
            let Some(text) = self.read(&rel) else {
                continue;
            };
            if let Some(data) = self.report(parse_yaml::<SurveyFile>(&rel, &text)) {
                out.push(SurveyDoc {
                    id,
                    path: rel,
                    data,
                });
            }
        }
        (out, seen.into_keys().collect())
    }

    fn load_articles(&mut self) -> Vec<ArticleDoc> {
        let mut out = Vec::new();
        for rel in self.discover("content/articles", &["md", "markdown"]) {
            let Some(text) = self.read(&rel) else {
                continue;
            };
            if let Some(doc) = self.report(parse_article(&rel, &text)) {
                out.push(doc);
            }
        }
        out
    }

    fn load_pages(&mut self) -> Vec<crate::model::PageDoc> {
        let mut out = Vec::new();
        for rel in self.discover("content/pages", &["md", "markdown"]) {
            let Some(text) = self.read(&rel) else {
                continue;
            };
            let parsed = split_front_matter(&rel, &text).and_then(|(yaml, body, _)| {
                let front = parse_yaml(&rel, &yaml)?;
                Ok(crate::model::PageDoc {
                    path: rel.clone(),
                    front,
                    body,
                })
            });
            if let Some(doc) = self.report(parsed) {
                out.push(doc);
            }
        }
        out
    }

    fn load_quotes(&mut self) -> (Vec<QuoteDoc>, BTreeMap<String, Media>) {
        let mut out = Vec::new();
        let mut media = BTreeMap::new();
        for rel in self.discover("content/quotes", &["yaml", "yml"]) {
            let Some(text) = self.read(&rel) else {
                continue;
            };
            // An empty list parses; an empty file is a mistake all the same.
            if yaml::is_blank(&text) {
                self.diags.push(yaml::blank_file(&rel));
                continue;
            }
            if let Some(list) = self.report(parse_yaml::<Vec<QuoteEntry>>(&rel, &text)) {
                for quote in list {
                    if let Some(photo) = &quote.photo
                        && !media.contains_key(&photo.value)
                    {
                        match self.photo(&rel, photo) {
                            Ok(m) => {
                                media.insert(photo.value.clone(), m);
                            }
                            Err(d) => self.diags.push(d),
                        }
                    }
                    out.push(QuoteDoc {
                        path: rel.clone(),
                        quote,
                    });
                }
            }
        }
        (out, media)
    }

    /// A quote's photo, from the disk or (for tests) the files in memory.
    fn photo(&self, file: &Path, photo: &model::At<String>) -> Result<Media, Diagnostic> {
        let Some(files) = &self.memory else {
            return media::load_photo(&self.root, file, photo);
        };
        let rel = Path::new(photo.value.trim());
        let at = |message: String, hint: &str| {
            Diagnostic::error(message)
                .in_file(file)
                .at(photo.pos)
                .with_hint(hint)
        };
        let bytes = files.get(rel).ok_or_else(|| {
            let (message, hint) = files::Refusal::NotFound.explain(rel);
            at(format!("photo: {message}"), &hint)
        })?;
        let (ext, width, height) = media::sniff(bytes.as_bytes()).map_err(|what| {
            at(
                format!("photo is not an image (`{}` is {what})", photo.value),
                media::PHOTO_HINT,
            )
        })?;
        Ok(Media {
            bytes: bytes.as_bytes().into(),
            ext,
            width,
            height,
        })
    }

    /// Files under `dir` (relative to the root) with one of `exts`, sorted.
    fn discover(&mut self, dir: &str, exts: &[&str]) -> Vec<PathBuf> {
        if let Some(files) = &self.memory {
            return files
                .keys()
                .filter(|p| p.starts_with(dir))
                .filter(|p| {
                    p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| exts.contains(&e))
                })
                .cloned()
                .collect();
        }
        let (files, diags) = discover_files(&self.root, dir, exts);
        self.diags.extend(diags);
        files
    }

    fn read(&mut self, rel: &Path) -> Option<String> {
        let found = match &self.memory {
            Some(files) => files
                .get(rel)
                .cloned()
                .ok_or_else(|| Diagnostic::error("file not found").in_file(rel)),
            None => read_text(&self.root, rel),
        };
        match found {
            Ok(text) => {
                self.sources.insert(rel, text.clone());
                Some(text)
            }
            Err(d) => {
                self.diags.push(d);
                None
            }
        }
    }

    fn report<T>(&mut self, result: Result<T, Diagnostics>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(d) => {
                self.diags.extend(d);
                None
            }
        }
    }
}

/// Files under `root/dir` with one of `exts`, relative to `root`, sorted, and what was
/// skipped (see [`discover::discover`]).
pub(crate) fn discover_files(root: &Path, dir: &str, exts: &[&str]) -> (Vec<PathBuf>, Diagnostics) {
    let why = match exts {
        [one, ..] => format!("not a .{one} file"),
        [] => "not an input".to_string(),
    };
    discover::discover(root, dir, &discover::with_extension(exts, &why))
}

/// Read a project file as UTF-8 text: size-limited, BOM stripped, CRLF turned into LF.
pub(crate) fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes = read_bytes(root, rel)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(normalize_text(text)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let before = String::from_utf8_lossy(&bytes[..offset]);
            Err(Diagnostic::error(format!(
                "file is not valid UTF-8 (invalid byte 0x{:02x} at byte offset {offset})",
                bytes[offset]
            ))
            .in_file(rel)
            .at(Position::of_offset(&before, before.len()))
            .with_hint("save the file as UTF-8"))
        }
    }
}

/// Read a project file's bytes, refusing files over [`MAX_FILE_BYTES`] (and anything
/// [`files::read`] refuses).
pub(crate) fn read_bytes(root: &Path, rel: &Path) -> Result<Vec<u8>, Diagnostic> {
    files::read(root, rel, MAX_FILE_BYTES).map_err(|r| r.to_diagnostic(rel))
}

fn normalize_text(text: String) -> String {
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    }
}

fn file_stem(rel: &Path) -> String {
    rel.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Parse YAML text into `T`, mapping every problem found to a diagnostic.
pub(crate) fn parse_yaml<T: DeserializeOwned>(rel: &Path, text: &str) -> Result<T, Diagnostics> {
    recover::parse_all(rel, text)
}

/// Split an article into front matter and body, and parse the front matter.
pub(crate) fn parse_article(rel: &Path, text: &str) -> Result<ArticleDoc, Diagnostics> {
    let (yaml, body, body_line) = split_front_matter(rel, text)?;
    let front: FrontMatter = parse_yaml(rel, &yaml)?;
    Ok(ArticleDoc {
        path: rel.to_path_buf(),
        front,
        body,
        body_line,
    })
}

/// A Markdown file's front matter (as YAML whose lines match the file's), its body, and
/// the 1-based line where the body starts.
fn split_front_matter(rel: &Path, text: &str) -> Result<(String, String, usize), Diagnostics> {
    let Some(rest) = text.strip_prefix("---\n") else {
        return Err(Diagnostic::error(
            "missing front matter (an article or a page starts with a `---` line)",
        )
        .in_file(rel)
        .at_line_col(1, 1)
        .with_hint("begin the file with ---, the title, slug, date and summary, then --- again")
        .into());
    };
    let mut offset = 0;
    let mut close = None;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((fm_end, body_start)) = close else {
        return Err(
            Diagnostic::error("unterminated front matter (no closing `---` line)")
                .in_file(rel)
                .at_line_col(1, 1)
                .with_hint("end the front matter with a line holding only ---")
                .into(),
        );
    };
    // A leading blank line stands for the opening `---`, so positions match the file.
    let yaml = format!("\n{}", &rest[..fm_end]);
    let body_line = 2 + rest[..body_start].matches('\n').count();
    let body = &rest[body_start..];
    nesting(rel, body, body_line)?;
    Ok((yaml, body.to_string(), body_line))
}

/// Deepest blockquote nesting a body may have: the Markdown parser's time grows faster
/// than the square of the depth (81 s for 100 000 `>` on one line), and no text needs
/// more than a few.
const MAX_QUOTE_DEPTH: usize = 100;

/// Refuse a line nesting blockquotes deeper than [`MAX_QUOTE_DEPTH`].
fn nesting(rel: &Path, body: &str, body_line: usize) -> Result<(), Diagnostics> {
    for (i, line) in body.lines().enumerate() {
        let depth = line
            .chars()
            .take_while(|c| *c == '>' || c.is_whitespace())
            .filter(|c| *c == '>')
            .count();
        if depth > MAX_QUOTE_DEPTH {
            return Err(Diagnostic::error(format!(
                "blockquotes nested {depth} deep (at most {MAX_QUOTE_DEPTH})"
            ))
            .in_file(rel)
            .at_line_col(body_line + i, 1)
            .with_hint("a quotation needs one `>`, a quotation within it two")
            .into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_front_matter_and_body_line() {
        let text = "---\ntitle: T\nslug: t\ndate: 2026-01-27\nsummary: S\n---\n\nBody\n";
        let doc = parse_article(Path::new("a.md"), text).unwrap();
        assert_eq!(doc.front.title, "T");
        assert_eq!(doc.body_line, 7);
        assert_eq!(doc.body, "\nBody\n");
        assert_eq!(doc.front.slug.pos.line, 3);
    }

    #[test]
    fn blockquotes_nested_too_deep_are_refused_where_they_start() {
        let deep = format!(
            "---\ntitle: T\nslug: t\ndate: 2026-01-27\nsummary: S\n---\n\nText\n{}x\n",
            "> ".repeat(101)
        );
        let err = parse_article(Path::new("a.md"), &deep).unwrap_err();
        assert!(
            err.to_string().contains("blockquotes nested 101 deep"),
            "{err}"
        );
        assert!(err.to_string().contains("a.md:9:1"), "{err}");
        let fine = deep.replace(&"> ".repeat(101), &"> ".repeat(100));
        assert!(parse_article(Path::new("a.md"), &fine).is_ok());
    }

    #[test]
    fn article_without_front_matter_is_an_error() {
        let err = parse_article(Path::new("a.md"), "# Title\n").unwrap_err();
        assert!(err.to_string().contains("missing front matter"), "{err}");
    }

    #[test]
    fn front_matter_error_points_at_the_file_line() {
        let text = "---\ntitle: T\nslug: t\ndate: 2026-13-45\nsummary: S\n---\n";
        let err = parse_article(Path::new("a.md"), text).unwrap_err();
        let d = &err.0[0];
        assert_eq!(d.position.map(|p| p.line), Some(4), "{err}");
        assert!(d.message.contains("invalid date"), "{err}");
    }

    #[test]
    fn text_normalisation_strips_bom_and_crlf() {
        assert_eq!(
            normalize_text("\u{feff}a: 1\r\nb: 2\r\n".into()),
            "a: 1\nb: 2\n"
        );
    }
}
