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

pub use render::{Rendered, render, render_pdfs, render_pdfs_with};

pub mod blocks;
pub mod charts;
pub mod commentary;

pub mod diagnostics;
pub mod load;
pub mod locale;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pdf;
pub mod render;
pub mod resolve;
pub mod serve;
pub mod site;
pub mod social;
pub mod text;

pub mod validate;
pub mod watch;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics, Sources};
use crate::load::Project;
use crate::resolve::Resolved;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The project root.
    pub root: PathBuf,
    /// The output directory.
    pub output: PathBuf,
    /// Overrides `base_url` of `site.yaml` (e.g. for a preview served elsewhere).
    pub base_url: Option<String>,
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
    /// Files whose content changed and was written.
    pub written: usize,
    /// Time spent waiting for another build of the same output to finish.
    pub waited: Duration,
    /// Typst compiles run (PDFs, social images).
    pub compiled: usize,
    /// Typst results taken from the cache.
    pub cached: usize,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Time per stage.
    pub timings: Timings,
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

/// Time spent in each stage of a run, in order.
pub type Timings = Vec<(&'static str, Duration)>;

/// Run `f` and record how long it took under `stage`.
pub fn timed<T>(timings: &mut Timings, stage: &'static str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    timings.push((stage, start.elapsed()));
    out
}

/// A project loaded, validated and resolved.
pub struct Prepared {
    /// What was read.
    pub project: Project,
    /// What every output is made from.
    pub resolved: Resolved,
    /// Warnings found.
    pub warnings: Diagnostics,
    /// Time spent in load, validate and resolve.
    pub timings: Timings,
}

/// Load, validate and resolve: everything but rendering and writing.
pub fn prepare(root: &Path) -> Result<Prepared, Failure> {
    prepare_with(root, None)
}

/// [`prepare`], with `base_url` overriding the one in `site.yaml`.
pub fn prepare_with(root: &Path, base_url: Option<&str>) -> Result<Prepared, Failure> {
    let mut timings = Timings::new();
    let (mut project, mut found) = timed(&mut timings, "load", || load::load(root));
    if let (Some(url), Some(site)) = (base_url, project.site.as_mut()) {
        site.base_url = model::At::unplaced(url.to_string());
    }
    found.extend(timed(&mut timings, "validate", || {
        validate::validate(&project)
    }));
    if found.has_errors() {
        return Err(Failure::new(found, project.sources));
    }
    let resolved = match timed(&mut timings, "resolve", || resolve::resolve(&project)) {
        Ok(r) => r,
        Err(d) => return Err(Failure::new(d, project.sources)),
    };
    Ok(Prepared {
        project,
        resolved,
        warnings: found,
        timings,
    })
}

/// Build the project into the output directory. The previous output stays untouched
/// unless the whole build succeeds.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Failure> {
    let start = Instant::now();
    if let Err(d) = output::check_target(&opts.root, &opts.output) {
        return Err(Failure::new(d.into(), Sources::new()));
    }
    // Held to the end: another build of this output (the CLI, `serve`) waits for it.
    let lock = output::lock(&opts.output).map_err(|d| Failure::new(d.into(), Sources::new()))?;
    let Prepared {
        project,
        resolved,
        warnings,
        mut timings,
    } = prepare_with(&opts.root, opts.base_url.as_deref())?;
    let cache = output::cache::Cache::for_output(&opts.root, &opts.output);
    let rendered = render(&project, &resolved, &cache)
        .map_err(|d| Failure::new(d, project.sources.clone()))?;
    timings.extend(rendered.timings.iter().copied());
    let written = timed(&mut timings, "write", || {
        output::write_site(
            &opts.root,
            &opts.output,
            &rendered.files,
            &cache,
            &rendered.typst.used,
        )
    })
    .map_err(|d| Failure::new(d, project.sources.clone()))?;
    let mut warnings = warnings;
    warnings.extend(rendered.warnings.clone());
    let mut report = report(&resolved, &rendered, warnings, start);
    report.written = written.written;
    report.waited = lock.waited;
    report.timings = timings;
    Ok(report)
}

/// Check the project completely (including rendering) without writing anything.
pub fn check(root: &Path) -> Result<BuildReport, Failure> {
    let start = Instant::now();
    let Prepared {
        project,
        resolved,
        warnings,
        mut timings,
    } = prepare(root)?;
    let rendered = render(&project, &resolved, &output::cache::Cache::disabled())
        .map_err(|d| Failure::new(d, project.sources.clone()))?;
    timings.extend(rendered.timings.iter().copied());
    let mut warnings = warnings;
    warnings.extend(rendered.warnings.clone());
    let mut report = report(&resolved, &rendered, warnings, start);
    report.timings = timings;
    Ok(report)
}

fn report(
    resolved: &Resolved,
    rendered: &render::Rendered,
    warnings: Diagnostics,
    start: Instant,
) -> BuildReport {
    let count = |ext: &str| {
        rendered
            .files
            .iter()
            .filter(|f| f.path.extension().is_some_and(|e| e == ext))
            .count()
    };
    BuildReport {
        articles: resolved.articles.len(),
        pages: count("html"),
        pdfs: count("pdf"),
        files: rendered.files.len(),
        bytes: rendered.files.iter().map(output::OutputFile::len).sum(),
        written: 0,
        waited: Duration::ZERO,
        compiled: rendered.typst.compiled,
        cached: rendered.typst.cached,
        elapsed: start.elapsed(),
        timings: Timings::new(),
        warnings,
    }
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
