//! barograph: a static report generator for survey barometers.
//!
//! One source of truth (survey data in YAML, commentary in Markdown, quotes) becomes a
//! press-release article, an infographic PDF and a static website. The library is a flat
//! pipeline, each stage a plain function returning plain data:
//!
//! [`load`](load::load) → [`validate`](validate::validate) → [`resolve`](resolve::resolve)
//! → [`render`] → [`write`](output::write_site).
//!
//! Only [`output`] writes to disk. [`build`] and [`check`] run the pipeline for the CLI.

pub mod blocks;
pub mod charts;
pub mod commentary;
pub mod config;
pub mod diagnostics;
pub mod load;
pub mod locale;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pdf;
pub mod resolve;
pub mod site;
pub mod theme;
pub mod validate;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics, Sources};
use crate::load::Project;
use crate::output::OutputFile;
use crate::resolve::Resolved;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The project root.
    pub root: PathBuf,
    /// The output directory.
    pub output: PathBuf,
}

/// What a successful build produced.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// Articles published.
    pub articles: usize,
    /// HTML pages written.
    pub pages: usize,
    /// PDFs written.
    pub pdfs: usize,
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
}

/// A failed run: the diagnostics and the sources to show excerpts from.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Every problem found.
    pub diagnostics: Diagnostics,
    /// Text of the files read.
    pub sources: Sources,
}

impl Failure {
    fn new(mut diagnostics: Diagnostics, sources: Sources) -> Self {
        diagnostics.sort();
        Failure {
            diagnostics,
            sources,
        }
    }
}

/// Load, validate and resolve: everything but rendering and writing.
pub fn prepare(root: &Path) -> Result<(Project, Resolved, Diagnostics), Failure> {
    let (project, mut found) = load::load(root);
    found.extend(validate::validate(&project));
    if found.has_errors() {
        return Err(Failure::new(found, project.sources));
    }
    let resolved = match resolve::resolve(&project) {
        Ok(r) => r,
        Err(d) => return Err(Failure::new(d, project.sources)),
    };
    Ok((project, resolved, found))
}

/// Render every output file in memory: pages, assets, photos.
pub fn render(project: &Project, resolved: &Resolved) -> Result<Vec<OutputFile>, Diagnostics> {
    let env = site::environment(&project.theme, resolved)?;
    let pages = site::pages(resolved);
    let mut files = site::render_pages(&env, &project.theme, resolved, &pages)?;
    for (name, bytes) in &project.theme.assets {
        files.push(OutputFile::new(
            Path::new("assets").join(name),
            bytes.clone(),
        ));
    }
    let mut diags = Diagnostics::new();
    for quote in resolved.quotes.values() {
        if let (Some(src), Some(dest)) = (&quote.photo_source, &quote.photo) {
            match load::read_bytes(&project.root, Path::new(src)) {
                Ok(bytes) => files.push(OutputFile::new(dest, bytes)),
                Err(d) => diags.push(d),
            }
        }
    }
    diags.into_result()?;
    files.extend(render_pdfs(project, resolved)?);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    Ok(files)
}

/// Compile each survey's infographic once and place it in the folder of every article
/// that presents the survey.
pub fn render_pdfs(project: &Project, resolved: &Resolved) -> Result<Vec<OutputFile>, Diagnostics> {
    render_pdfs_with(project, resolved, pdf::fonts_for(&project.theme))
}

/// [`render_pdfs`] with a given font set (benchmarks pass a freshly loaded one).
pub fn render_pdfs_with(
    project: &Project,
    resolved: &Resolved,
    fonts: std::sync::Arc<pdf::world::FontSet>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut by_survey: std::collections::BTreeMap<&str, Vec<&resolve::RArticle>> =
        Default::default();
    for a in &resolved.articles {
        if let Some(id) = &a.survey {
            by_survey.entry(id).or_default().push(a);
        }
    }
    if by_survey.is_empty() {
        return Ok(Vec::new());
    }
    let theme = &project.theme;
    let Some(template) = theme.template(pdf::TEMPLATE) else {
        return Err(
            Diagnostic::error("missing infographic template (templates/infographic.typ)").into(),
        );
    };
    let mut files = Vec::new();
    let mut diags = Diagnostics::new();
    for (id, articles) in by_survey {
        let Some(survey) = resolved.surveys.get(id) else {
            continue;
        };
        let fallback = model::parse_day(&survey.fieldwork.end).unwrap_or(time::Date::MIN);
        let date = pdf::document_date(fallback);
        let url = articles
            .first()
            .map(|a| format!("{}{}/", resolved.config.base_url, a.slug));
        let job = pdf::PdfJob {
            root: project.root.clone(),
            template: template.source.clone(),
            template_path: pdf::template_path(theme),
            files: pdf::data::infographic_files(resolved, survey, date, url),
            date,
            ident: format!("barograph/{id}"),
        };
        match pdf::compile(job, fonts.clone()) {
            Ok(bytes) => {
                for a in articles {
                    files.push(OutputFile::new(
                        Path::new(&a.slug).join(&survey.pdf),
                        bytes.clone(),
                    ));
                }
            }
            Err(d) => diags.extend(d),
        }
    }
    diags.into_result()?;
    Ok(files)
}

/// Build the project into the output directory. The previous output stays untouched
/// unless the whole build succeeds.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Failure> {
    let start = Instant::now();
    if let Err(d) = output::check_target(&opts.root, &opts.output) {
        return Err(Failure::new(d.into(), Sources::new()));
    }
    let (project, resolved, warnings) = prepare(&opts.root)?;
    let files =
        render(&project, &resolved).map_err(|d| Failure::new(d, project.sources.clone()))?;
    let written = output::write_site(&opts.root, &opts.output, &files)
        .map_err(|d| Failure::new(d, project.sources.clone()))?;
    Ok(BuildReport {
        articles: resolved.articles.len(),
        pages: files
            .iter()
            .filter(|f| f.path.extension().is_some_and(|e| e == "html"))
            .count(),
        pdfs: files
            .iter()
            .filter(|f| f.path.extension().is_some_and(|e| e == "pdf"))
            .count(),
        files: written.files,
        bytes: written.bytes,
        elapsed: start.elapsed(),
        warnings,
    })
}

/// Check the project completely (including rendering) without writing anything.
pub fn check(root: &Path) -> Result<BuildReport, Failure> {
    let start = Instant::now();
    let (project, resolved, warnings) = prepare(root)?;
    let files =
        render(&project, &resolved).map_err(|d| Failure::new(d, project.sources.clone()))?;
    Ok(BuildReport {
        articles: resolved.articles.len(),
        pages: files
            .iter()
            .filter(|f| f.path.extension().is_some_and(|e| e == "html"))
            .count(),
        pdfs: files
            .iter()
            .filter(|f| f.path.extension().is_some_and(|e| e == "pdf"))
            .count(),
        files: files.len(),
        bytes: files.iter().map(|f| f.bytes.len() as u64).sum(),
        elapsed: start.elapsed(),
        warnings,
    })
}

/// Turn a panic payload into a diagnostic (used where foreign code may panic).
pub fn panic_diagnostic(payload: &(dyn std::any::Any + Send)) -> Diagnostic {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    Diagnostic::error(format!("internal error ({what})"))
        .with_hint("this is a bug in barograph; please report it with the input that caused it")
}
