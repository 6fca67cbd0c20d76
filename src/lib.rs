//! barograph: a static report generator for survey barometers.
//!
//! One source of truth (survey data in YAML, commentary in Markdown, quotes) becomes a
//! press-release article, an infographic PDF and a static website. The library is a
//! pipeline; each stage is a folder or file named for it, a plain function returning
//! plain data, and reads only what the stages before it made:
//!
//! 1. [`load`]: read the project's files (only through `load/files.rs`) and parse them,
//!    with positions: `site.yaml` (`load/config.rs`), `data/`, `content/`, the theme
//!    (`load/theme.rs`), quote photos (`load/media.rs`). → [`load::Project`]
//! 2. [`validate`]: the checks across values and files. → [`diagnostics::Diagnostics`]
//! 3. [`resolve`]: data only, every figure and text formatted for the site's language.
//!    → [`resolve::Resolved`]
//! 4. [`commentary`]: each article's body, its template pass run in the build's one
//!    environment (`templating.rs`) with the data helpers, then Markdown, sanitised.
//!    → [`commentary::Commentary`]
//! 5. [`render`]: every output file in memory: the pages (`render/site/`), the
//!    infographics ([`render::pdf`]), the social images ([`render::social`]), with the
//!    charts ([`charts`], a pure drawing library) drawn once per width.
//!    → [`render::Rendered`]
//! 6. [`output`]: the only stage that writes the site, in place and as a transaction.
//!
//! Ground modules every stage may use: [`model`] (the input's types), [`diagnostics`]
//! (the one error type), [`locale`] (numbers, dates, typography), [`stats`] (margins of
//! error, significance, small bases: pure functions), `text.rs` (escaping, slugs, ids,
//! did-you-mean). [`build`] and [`check`] run the pipeline for the CLI;
//! [`serve`] serves the output and rebuilds it as the inputs change. Where each kind of
//! change goes: `docs/architecture.md`.

pub mod charts;
pub mod colour;
pub mod commentary;
pub mod diagnostics;
pub mod help;
pub mod load;
pub mod locale;
pub mod model;
pub mod output;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod stats;
pub(crate) mod templating;
pub(crate) mod text;
pub mod validate;

pub use render::{InfographicLayout, Rendered, render_pdfs, render_pdfs_with};
pub use scaffold::{eject, find_root, init, new_article, new_survey};

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::charts::ChartSet;
use crate::commentary::Commentary;
use crate::diagnostics::{Diagnostics, Sources};
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
    /// What to publish: drafts and future articles only when asked.
    pub publish: model::Publish,
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
    /// The sources the warnings point into, to show excerpts from.
    pub sources: Sources,
    /// Articles held back (drafts, embargoes): `(source, why)`.
    pub held: Vec<(String, String)>,
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
pub(crate) fn timed<T>(timings: &mut Timings, stage: &'static str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    timings.push((stage, start.elapsed()));
    out
}

/// A project loaded, validated and resolved, with its commentary written: everything
/// the renderers read.
pub struct Prepared {
    /// What was read.
    pub project: Project,
    /// What every output is made from.
    pub resolved: Resolved,
    /// The build's one template environment, with the commentary's helpers.
    pub templates: minijinja::Environment<'static>,
    /// The build's charts, each drawn once per width.
    pub charts: Arc<ChartSet>,
    /// The articles' bodies and the charts they drew.
    pub commentary: Commentary,
    /// Warnings found.
    pub warnings: Diagnostics,
    /// Time spent in each stage so far.
    pub timings: Timings,
}

impl Prepared {
    /// What the renderers read.
    pub fn input(&self) -> render::Input<'_> {
        render::Input {
            project: &self.project,
            resolved: &self.resolved,
            commentary: &self.commentary,
            templates: &self.templates,
            charts: &self.charts,
        }
    }
}

/// Load, validate, resolve and write the commentary: everything but rendering and
/// writing.
pub fn prepare(root: &Path) -> Result<Prepared, Failure> {
    prepare_with(root, None)
}

/// [`prepare`], with `base_url` overriding the one in `site.yaml`.
pub fn prepare_with(root: &Path, base_url: Option<&str>) -> Result<Prepared, Failure> {
    prepare_reporting(
        root,
        base_url,
        model::Disclosure::Off,
        model::Publish::default(),
    )
}

/// [`prepare_with`], reporting missing disclosure items as `disclosure` says.
fn prepare_reporting(
    root: &Path,
    base_url: Option<&str>,
    disclosure: model::Disclosure,
    publish: model::Publish,
) -> Result<Prepared, Failure> {
    let mut timings = Timings::new();
    let (mut project, found) = timed(&mut timings, "load", || load::load(root));
    project.disclosure = disclosure;
    project.publish = publish;
    if let (Some(url), Some(site)) = (base_url, project.site.as_mut()) {
        site.base_url = model::At::unplaced(url.to_string());
    }
    prepare_loaded(project, found, timings)
}

/// The stages after [`load`](load::load), for a project already loaded (from the disk or
/// with [`load::load_from_memory`]) with the diagnostics loading found.
pub fn prepare_loaded(
    project: Project,
    mut found: Diagnostics,
    mut timings: Timings,
) -> Result<Prepared, Failure> {
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
    let written = timed(&mut timings, "commentary", || {
        write_commentary(&project, &resolved)
    });
    let (templates, charts, mut commentary) = match written {
        Ok(w) => w,
        Err(d) => {
            // Errors of earlier stages were none; warnings go with the commentary's errors.
            found.extend(d);
            return Err(Failure::new(found, project.sources));
        }
    };
    found.extend(std::mem::take(&mut commentary.warnings));
    Ok(Prepared {
        project,
        resolved,
        templates,
        charts,
        commentary,
        warnings: found,
        timings,
    })
}

/// Build the one template environment, register the commentary's helpers on it, and
/// write every article's commentary.
fn write_commentary(
    project: &Project,
    resolved: &Resolved,
) -> Result<(minijinja::Environment<'static>, Arc<ChartSet>, Commentary), Diagnostics> {
    let locale = resolved.config.locale;
    let mut templates = templating::environment(&project.theme, locale)?;
    templating::add_site_filters(&mut templates, &resolved.config.base_url);
    let palette = charts::Palette::of_site(&resolved.config);
    let charts = Arc::new(ChartSet::new(locale, resolved.ui.clone()).with_palette(palette));
    let helpers = commentary::register(&mut templates, resolved, charts.clone());
    let commentary = commentary::write(&templates, &helpers, project, resolved)?;
    Ok((templates, charts, commentary))
}

/// Lay out the infographic of every survey of the project at `root`, as a build would,
/// writing nothing: its pages and the boxes the template recorded, and with `preview`,
/// a PNG of its pages (the layout matrix test and `examples/contact_sheet.rs` use it).
pub fn infographic_layouts(root: &Path, preview: bool) -> Result<Vec<InfographicLayout>, Failure> {
    let prepared = prepare(root)?;
    render::infographic_layouts(&prepared.project, &prepared.resolved, preview)
        .map_err(|d| Failure::new(d, prepared.project.sources))
}

/// Render every output file of a prepared project in memory, taking unchanged Typst
/// results from `cache`.
pub fn render(prepared: &Prepared, cache: &output::cache::Cache) -> Result<Rendered, Diagnostics> {
    render::render(prepared.input(), cache)
}

/// Build the project into the output directory. The previous output stays untouched
/// unless the whole build succeeds.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Failure> {
    let start = Instant::now();
    // Not a project: said before anything (a lock, a folder) is made.
    if std::fs::symlink_metadata(opts.root.join("site.yaml")).is_err() {
        let d = diagnostics::Diagnostic::error(format!(
            "no `site.yaml` in `{}` (not a barograph project)",
            diagnostics::display_path(&opts.root)
        ))
        .with_hint(
            "run `barograph init` to start one here, or pass --root with the project's folder",
        );
        return Err(Failure::new(d.into(), Sources::new()));
    }
    if let Err(d) = output::check_target(&opts.root, &opts.output) {
        return Err(Failure::new(d.into(), Sources::new()));
    }
    // Held to the end: another build of this output (the CLI, `serve`) waits for it.
    let lock = output::lock(&opts.output).map_err(|d| Failure::new(d.into(), Sources::new()))?;
    let prepared = prepare_reporting(
        &opts.root,
        opts.base_url.as_deref(),
        model::Disclosure::Off,
        opts.publish,
    )?;
    let cache = output::cache::Cache::for_output(&opts.root, &opts.output);
    let rendered =
        render(&prepared, &cache).map_err(|d| Failure::new(d, prepared.project.sources.clone()))?;
    let Prepared {
        project,
        resolved,
        warnings,
        mut timings,
        ..
    } = prepared;
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
    report.sources = project.sources;
    Ok(report)
}

/// Check the project completely (including rendering) without writing anything.
pub fn check(root: &Path) -> Result<BuildReport, Failure> {
    check_with(root, false, model::Publish::default())
}

/// [`check`], which lists missing disclosure items (sponsor, design, mode, weighting, a
/// figure's base) as warnings; with `strict`, as errors.
pub fn check_with(
    root: &Path,
    strict: bool,
    publish: model::Publish,
) -> Result<BuildReport, Failure> {
    let start = Instant::now();
    let mode = match strict {
        true => model::Disclosure::Strict,
        false => model::Disclosure::Warn,
    };
    let prepared = prepare_reporting(root, None, mode, publish)?;
    let rendered = render(&prepared, &output::cache::Cache::disabled())
        .map_err(|d| Failure::new(d, prepared.project.sources.clone()))?;
    let Prepared {
        project,
        resolved,
        warnings,
        mut timings,
        ..
    } = prepared;
    timings.extend(rendered.timings.iter().copied());
    let mut warnings = warnings;
    warnings.extend(rendered.warnings.clone());
    let mut report = report(&resolved, &rendered, warnings, start);
    report.timings = timings;
    report.sources = project.sources;
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
        sources: Sources::new(),
        held: resolved.held.clone(),
    }
}
