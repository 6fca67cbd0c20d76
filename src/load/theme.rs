//! The theme: templates, locale strings, static assets and fonts.
//!
//! The default theme is the repository's own `templates/` folder, embedded in the binary
//! at compile time. A project overrides any file by putting one with the same relative
//! path in its own `templates/`, and adds fonts in `fonts/`. So a project needs no
//! templates at all, and restyling never needs Rust.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostics, Sources};
use crate::load::{discover, files, read_bytes, read_text};
use crate::locale::Locale;

/// A text file of the theme: its source and, if the project overrides it, its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeFile {
    /// The file's text.
    pub source: String,
    /// Path relative to the project root when the project provides the file; `None` for
    /// the embedded default.
    pub path: Option<PathBuf>,
}

impl ThemeFile {
    /// The path to show in diagnostics: the project file, or `templates/<name>`.
    pub fn display_path(&self, name: &str) -> PathBuf {
        self.path
            .clone()
            .unwrap_or_else(|| PathBuf::from("templates").join(name))
    }
}

/// Templates, locale files, assets and fonts, defaults merged with the project's.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Templates by name relative to `templates/` (`base.html`, `infographic.typ`…).
    pub templates: BTreeMap<String, ThemeFile>,
    /// Locale string files by language (`fr`, `en`).
    pub locales: BTreeMap<String, ThemeFile>,
    /// Static assets by path relative to `templates/assets/`, copied to `output/assets/`
    /// (the defaults borrowed from the binary, not copied).
    pub assets: BTreeMap<String, Cow<'static, [u8]>>,
    /// Fonts for the infographic and charts: the theme's (`templates/fonts/`), then the
    /// project's `fonts/` folder, each keyed by the path it came from (the defaults
    /// borrowed from the binary: a build never copies 1.4 MB of fonts it may not use).
    pub fonts: Vec<(PathBuf, Cow<'static, [u8]>)>,
}

/// Templates: HTML and XML pages, Typst documents.
const TEMPLATE_EXTENSIONS: &[&str] = &["html", "xml", "typ"];

/// Files a Typst template may read (a logo, data): left on disk for the template's
/// `read()`/`image()`, which go through [`crate::load::files`] too.
const TYPST_RESOURCES: &[&str] = &[
    "svg", "png", "jpg", "jpeg", "gif", "webp", "json", "csv", "yaml", "yml", "txt", "bib",
];

/// Static assets copied to `output/assets/`.
const ASSET_EXTENSIONS: &[&str] = &[
    "css", "js", "svg", "png", "jpg", "jpeg", "gif", "webp", "avif", "woff2", "woff", "ico", "txt",
];

/// Font files read from `templates/fonts/` and `fonts/`.
const FONT_EXTENSIONS: &[&str] = &["ttf", "otf", "ttc", "otc"];

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/", $name)))),*]
    };
}

/// The default templates, embedded from the repository's `templates/` folder.
const DEFAULT_TEMPLATES: &[(&str, &str)] = embedded![
    "base.html",
    "index.html",
    "article.html",
    "partials/quote.html",
    "partials/methodology.html",
    "partials/stat_list.html",
    "partials/infographic_link.html",
    "partials/chart.html",
    "partials/chart_data.html",
    "partials/article_card.html",
    "partials/pagination.html",
    "partials/share.html",
    "partials/accent.html",
    "tags.html",
    "tag.html",
    "surveys.html",
    "survey.html",
    "series.html",
    "page.html",
    "chart.html",
    "404.html",
    "infographic.typ",
    "social.typ",
];

/// The default locale files.
const DEFAULT_LOCALES: &[(&str, &str)] = &[
    ("fr", include_str!("../../templates/locales/fr.yaml")),
    ("en", include_str!("../../templates/locales/en.yaml")),
];

/// The default theme fonts (Inter, SIL Open Font License; see
/// `templates/fonts/LICENSE-Inter.txt`), used by the infographic and the charts.
pub const DEFAULT_FONTS: &[(&str, &[u8])] = &[
    (
        "Inter-Regular.otf",
        include_bytes!("../../templates/fonts/Inter-Regular.otf"),
    ),
    (
        "Inter-Italic.otf",
        include_bytes!("../../templates/fonts/Inter-Italic.otf"),
    ),
    (
        "Inter-SemiBold.otf",
        include_bytes!("../../templates/fonts/Inter-SemiBold.otf"),
    ),
    (
        "Inter-Bold.otf",
        include_bytes!("../../templates/fonts/Inter-Bold.otf"),
    ),
    (
        "Inter-ExtraBold.otf",
        include_bytes!("../../templates/fonts/Inter-ExtraBold.otf"),
    ),
];

/// The default static assets.
/// Every file of `templates/assets/`: a project without `templates/` gets them all
/// (a test below checks that none is missing).
const DEFAULT_ASSETS: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../templates/assets/style.css"),
    ),
    (
        "share.js",
        include_bytes!("../../templates/assets/share.js"),
    ),
    (
        "embed.js",
        include_bytes!("../../templates/assets/embed.js"),
    ),
    (
        "fonts/Inter-Regular.woff2",
        include_bytes!("../../templates/assets/fonts/Inter-Regular.woff2"),
    ),
    (
        "fonts/Inter-SemiBold.woff2",
        include_bytes!("../../templates/assets/fonts/Inter-SemiBold.woff2"),
    ),
    (
        "fonts/Inter-Bold.woff2",
        include_bytes!("../../templates/assets/fonts/Inter-Bold.woff2"),
    ),
    (
        "fonts/LICENSE-Inter.txt",
        include_bytes!("../../templates/assets/fonts/LICENSE-Inter.txt"),
    ),
];

/// The default theme's file `name` (as under `templates/`: `article.html`,
/// `assets/style.css`, `locales/en.yaml`, `fonts/Inter-Bold.otf`), for `theme eject`.
pub fn default_file(name: &str) -> Option<&'static [u8]> {
    let template = DEFAULT_TEMPLATES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| s.as_bytes());
    let locale = || {
        let lang = name.strip_prefix("locales/")?.strip_suffix(".yaml")?;
        DEFAULT_LOCALES
            .iter()
            .find(|(n, _)| *n == lang)
            .map(|(_, s)| s.as_bytes())
    };
    let asset = || {
        let asset = name.strip_prefix("assets/")?;
        DEFAULT_ASSETS
            .iter()
            .find(|(n, _)| *n == asset)
            .map(|(_, b)| *b)
    };
    let font = || {
        let font = name.strip_prefix("fonts/")?;
        DEFAULT_FONTS
            .iter()
            .find(|(n, _)| *n == font)
            .map(|(_, b)| *b)
    };
    template.or_else(locale).or_else(asset).or_else(font)
}

/// The names of the default theme's files, as [`default_file`] takes them.
pub fn default_names() -> Vec<String> {
    let mut names: Vec<String> = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    names.extend(
        DEFAULT_LOCALES
            .iter()
            .map(|(n, _)| format!("locales/{n}.yaml")),
    );
    names.extend(DEFAULT_ASSETS.iter().map(|(n, _)| format!("assets/{n}")));
    names.extend(DEFAULT_FONTS.iter().map(|(n, _)| format!("fonts/{n}")));
    names
}

impl Theme {
    /// The embedded default theme alone.
    pub fn defaults() -> Theme {
        let text = |s: &str| ThemeFile {
            source: s.to_string(),
            path: None,
        };
        Theme {
            templates: DEFAULT_TEMPLATES
                .iter()
                .map(|(n, s)| (n.to_string(), text(s)))
                .collect(),
            locales: DEFAULT_LOCALES
                .iter()
                .map(|(n, s)| (n.to_string(), text(s)))
                .collect(),
            assets: DEFAULT_ASSETS
                .iter()
                .map(|(n, b)| (n.to_string(), Cow::Borrowed(*b)))
                .collect(),
            fonts: DEFAULT_FONTS
                .iter()
                .map(|(n, b)| (PathBuf::from("templates/fonts").join(n), Cow::Borrowed(*b)))
                .collect(),
        }
    }

    /// The default theme with the project's `templates/` and `fonts/` laid over it.
    pub fn load(root: &Path, sources: &mut Sources, diags: &mut Diagnostics) -> Theme {
        let mut theme = Theme::defaults();
        let (files, found) = discover::discover(root, "templates", &theme_file);
        diags.extend(found);
        let mut fonts = Vec::new();
        for rel in files {
            let Ok(inner) = rel.strip_prefix("templates") else {
                continue;
            };
            let name = crate::diagnostics::display_path(inner);
            if name.starts_with("fonts/") {
                fonts.push(rel);
                continue;
            }
            let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
            let resource = !name.starts_with("assets/")
                && !name.starts_with("locales/")
                && !TEMPLATE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str());
            if resource {
                continue;
            }
            if let Some(asset) = name.strip_prefix("assets/") {
                match read_bytes(root, &rel) {
                    Ok(bytes) => {
                        theme.assets.insert(asset.to_string(), Cow::Owned(bytes));
                    }
                    Err(d) => diags.push(d),
                }
                continue;
            }
            let text = match read_text(root, &rel) {
                Ok(t) => t,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            };
            sources.insert(&rel, text.clone());
            let file = ThemeFile {
                source: text,
                path: Some(rel.clone()),
            };
            if let Some(lang) = name.strip_prefix("locales/") {
                let lang = lang.trim_end_matches(".yaml").trim_end_matches(".yml");
                theme.locales.insert(lang.to_string(), file);
            } else {
                theme.templates.insert(name, file);
            }
        }
        let why = "not a font: fonts are .ttf, .otf, .ttc or .otc files";
        let (more, found) = discover::discover(
            root,
            "fonts",
            &discover::with_extension(FONT_EXTENSIONS, why),
        );
        diags.extend(found);
        fonts.extend(more);
        if !fonts.is_empty() {
            // A project theme with its own fonts replaces the default ones it shadows.
            theme.fonts.retain(|(p, _)| !fonts.contains(p));
        }
        for rel in fonts {
            match files::read(root, &rel, MAX_FONT_BYTES) {
                Ok(bytes) => theme.fonts.push((rel, Cow::Owned(bytes))),
                Err(refusal) => diags.push(refusal.to_diagnostic(&rel)),
            }
        }
        theme
    }

    /// A template by name, if the theme has it.
    pub fn template(&self, name: &str) -> Option<&ThemeFile> {
        self.templates.get(name)
    }
}

/// The UI strings of `locale`: the embedded defaults with the project's file over them.
pub fn ui_strings(theme: &Theme, locale: Locale) -> Result<BTreeMap<String, String>, Diagnostics> {
    let lang = locale.tag();
    let defaults = Theme::defaults();
    let base = defaults.locales.get(lang).expect("embedded locale exists");
    let mut strings: BTreeMap<String, String> = super::parse_yaml(
        Path::new(&format!("templates/locales/{lang}.yaml")),
        &base.source,
    )?;
    if let Some(file) = theme.locales.get(lang).filter(|f| f.path.is_some()) {
        let path = file.display_path(&format!("locales/{lang}.yaml"));
        let over: BTreeMap<String, String> = super::parse_yaml(&path, &file.source)?;
        strings.extend(over);
    }
    Ok(strings
        .into_iter()
        .map(|(k, v)| (k, locale.typography(&v)))
        .collect())
}

/// Largest font file accepted, in bytes (checked before reading).
pub const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;

/// Which files of `templates/` the theme reads: fonts under `fonts/`, assets under
/// `assets/`, locale files under `locales/`, templates elsewhere.
fn theme_file(rel: &Path) -> Result<(), String> {
    let inner = rel.strip_prefix("templates").unwrap_or(rel);
    let name = crate::diagnostics::display_path(inner);
    let ext = rel
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let (allowed, why): (&[&str], &str) = if name.starts_with("fonts/") {
        (
            FONT_EXTENSIONS,
            "not a font: fonts are .ttf, .otf, .ttc or .otc files",
        )
    } else if name.starts_with("assets/") {
        (
            ASSET_EXTENSIONS,
            "not a web asset: assets are CSS, JavaScript, images, fonts or text",
        )
    } else if name.starts_with("locales/") {
        (
            &["yaml", "yml"],
            "not a locale file: locale files are .yaml",
        )
    } else if TYPST_RESOURCES.contains(&ext.as_str()) {
        (TYPST_RESOURCES, "")
    } else {
        (
            TEMPLATE_EXTENSIONS,
            "not a template: templates are .html, .xml or .typ files",
        )
    };
    if allowed.contains(&ext.as_str()) {
        Ok(())
    } else {
        Err(why.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ui_strings_exist_in_both_languages() {
        let theme = Theme::defaults();
        let fr = ui_strings(&theme, Locale::Fr).unwrap();
        let en = ui_strings(&theme, Locale::En).unwrap();
        assert_eq!(
            fr.keys().collect::<Vec<_>>(),
            en.keys().collect::<Vec<_>>(),
            "fr and en locale files must define the same keys"
        );
    }

    /// The repository's `templates/` is the default theme: every file of it must be
    /// embedded, or a project without `templates/` silently lacks it.
    #[test]
    fn defaults_embed_every_file_of_the_theme_folder() {
        let theme = Theme::defaults();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut checked = 0;
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(&dir).unwrap();
            let name = rel.to_string_lossy().replace('\\', "/");
            let embedded = if let Some(asset) = name.strip_prefix("assets/") {
                theme.assets.contains_key(asset)
            } else if name.starts_with("fonts/") {
                // Typst's fonts; their licence is for people, not for Typst.
                name.ends_with(".txt") || theme.fonts.iter().any(|(p, _)| p.ends_with(rel))
            } else if let Some(locale) = name.strip_prefix("locales/") {
                let lang = locale.trim_end_matches(".yaml");
                theme.locales.contains_key(lang)
            } else {
                theme.template(&name).is_some()
            };
            assert!(
                embedded,
                "templates/{name} is not in the embedded default theme"
            );
            checked += 1;
        }
        assert!(
            checked >= 20,
            "only {checked} files seen in {}",
            dir.display()
        );
    }

    #[test]
    fn defaults_hold_every_page_template_and_both_locales() {
        let theme = Theme::defaults();
        for name in ["base.html", "index.html", "article.html"] {
            assert!(theme.template(name).is_some(), "missing {name}");
        }
        assert!(theme.locales.contains_key("fr"));
        assert!(theme.locales.contains_key("en"));
        assert!(theme.assets.contains_key("style.css"));
    }

    #[test]
    fn project_files_override_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates/partials")).unwrap();
        std::fs::write(dir.path().join("templates/partials/quote.html"), "Q").unwrap();
        let mut sources = Sources::new();
        let mut diags = Diagnostics::new();
        let theme = Theme::load(dir.path(), &mut sources, &mut diags);
        assert!(diags.is_empty(), "{diags}");
        let quote = theme.template("partials/quote.html").unwrap();
        assert_eq!(quote.source, "Q");
        assert_eq!(
            quote.path.as_deref(),
            Some(Path::new("templates/partials/quote.html"))
        );
        assert!(theme.template("base.html").unwrap().path.is_none());
    }
}
