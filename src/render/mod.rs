//! Render: every output file of the site, in memory, from the resolved data and the
//! commentary. Three renderers, each a pure function of the same input:
//!
//! - [`site`]: the pages (minijinja, in the build's environment), the chart files, the
//!   data downloads, `robots.txt`, `sitemap.xml` and `feed.xml`;
//! - [`pdf`]: each survey's infographic, typeset by Typst (in its survey page's folder
//!   and in the folder of every article presenting it);
//! - [`social`]: each article's social image, a Typst page rendered as a PNG;
//! - [`chart_image`]: each chart's PNG at twice its size, its SVG drawn by Typst;
//! - [`kit`]: each survey's press kit, a zip of the files above and of its articles
//!   as text and Word documents, made once the others are done.
//!
//! The Typst work runs beside the pages; the result is sorted by path, so it never
//! depends on timing. Nothing here touches the disk, but the build cache that Typst
//! results are kept in ([`crate::output::cache`]).

mod chart_image;
pub(crate) mod kit;
pub mod pdf;
pub(crate) mod site;
pub mod social;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use minijinja::Environment;
use rayon::prelude::*;

use crate::charts::ChartSet;
use crate::commentary::Commentary;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Project;
use crate::model;
use crate::output::OutputFile;
use crate::output::cache::Cache;
use crate::resolve::{RArticle, Resolved};

use pdf::world::FontSet;
use pdf::{Export, Session, SessionLog};

/// What the renderers read: the project, its resolved data, the commentary, the
/// build's template environment and its charts.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    /// What was read.
    pub project: &'a Project,
    /// The resolved data.
    pub resolved: &'a Resolved,
    /// The articles' bodies and the charts they drew.
    pub commentary: &'a Commentary,
    /// The build's one template environment.
    pub templates: &'a Environment<'static>,
    /// The build's charts, each drawn once per width.
    pub charts: &'a ChartSet,
}

/// Every output file, and what the Typst work did (for the cache and the report).
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The files, sorted by path.
    pub files: Vec<OutputFile>,
    /// Compiles run, taken from the cache, and the new cache entries.
    pub typst: SessionLog,
    /// Time spent rendering pages, Typst work (running beside the pages) and the rest.
    pub timings: crate::Timings,
    /// Warnings found while rendering (content shortened to fit).
    pub warnings: Diagnostics,
}

/// Render every output file in memory, taking unchanged Typst results from `cache`.
pub fn render(input: Input, cache: &Cache) -> Result<Rendered, Diagnostics> {
    let project = input.project;
    let session = Session::new(&project.theme, cache);
    // The site renders on rayon's pool from a thread of its own, while this thread runs
    // the Typst work, whose compiles also use rayon's pool: neither waits on a rayon worker.
    let ((site, site_time), (typst, typst_time)) = std::thread::scope(|scope| {
        let site_thread = scope.spawn(|| timed_run(|| site_files(input)));
        let typst = timed_run(|| typst_files(input, &session));
        let site = site_thread.join().unwrap_or_else(|p| {
            (
                Err(crate::diagnostics::panic_diagnostic(p.as_ref()).into()),
                std::time::Duration::ZERO,
            )
        });
        (site, typst)
    });
    let mut timings = vec![("site", site_time), ("typst (beside the site)", typst_time)];
    let (typst, warnings) = match typst {
        Ok((files, warnings)) => (Ok(files), warnings),
        Err(d) => (Err(d), Diagnostics::new()),
    };
    let mut files = merge(site, typst)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    unique_paths(&mut files)?;
    let (kits, kit_time) = timed_run(|| kit::files(input, &files, cache));
    let (kits, kit_keys) = kits?;
    files.extend(kits);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    unique_paths(&mut files)?;
    timings.push(("press kits", kit_time));
    let mut typst = session.finish();
    typst.used.extend(kit_keys);
    Ok(Rendered {
        files,
        typst,
        timings,
        warnings,
    })
}

/// Every file of the site but the Typst work (see [`site::files`]).
pub fn site_files(input: Input) -> Result<Vec<OutputFile>, Diagnostics> {
    site::files(input)
}

/// Drop files that come twice with the same content; two different contents for one
/// path would silently lose one of them, and are an error instead.
fn unique_paths(files: &mut Vec<OutputFile>) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::new();
    for pair in files.windows(2) {
        if pair[0].path == pair[1].path && pair[0].hash() != pair[1].hash() {
            diags.push(crate::diagnostics::internal(format!(
                "two different files for `{}` in the output",
                crate::diagnostics::display_path(&pair[0].path)
            )));
        }
    }
    diags.into_result()?;
    files.dedup_by(|a, b| a.path == b.path);
    Ok(())
}

fn timed_run<T>(f: impl FnOnce() -> T) -> (T, std::time::Duration) {
    let start = std::time::Instant::now();
    let out = f();
    (out, start.elapsed())
}

fn merge(
    a: Result<Vec<OutputFile>, Diagnostics>,
    b: Result<Vec<OutputFile>, Diagnostics>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    match (a, b) {
        (Ok(mut a), Ok(b)) => {
            a.extend(b);
            Ok(a)
        }
        (Err(mut a), Err(b)) => {
            a.extend(b);
            Err(a)
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// Every infographic, social image and chart PNG, made in one batch.
fn typst_files(
    input: Input,
    session: &Session,
) -> Result<(Vec<OutputFile>, Diagnostics), Diagnostics> {
    let (project, resolved) = (input.project, input.resolved);
    let mut diags = Diagnostics::new();
    let mut warnings = Diagnostics::new();
    let mut jobs = Vec::new();
    // Where each job's result goes.
    let mut targets: Vec<Vec<PathBuf>> = Vec::new();
    match pdf_jobs(project, resolved) {
        Ok(list) => {
            for (job, paths) in list {
                if let Some(w) = shortened_labels(project, &job) {
                    warnings.push(w);
                }
                jobs.push((job, Export::Pdf));
                targets.push(paths);
            }
        }
        Err(d) => diags.extend(d),
    }
    for a in &resolved.articles {
        match social::job(&project.root, &project.theme, resolved, a) {
            Ok(job) => {
                jobs.push((job, Export::Png));
                targets.push(vec![Path::new(&a.slug).join(social::FILE_NAME)]);
            }
            Err(d) => diags.extend(d),
        }
    }
    let lang = &resolved.config.language;
    for c in site::charts::site_charts(resolved, input.charts, &input.commentary.charts) {
        let notes = c.notes();
        let image = chart_image::Image::of(&c, notes.as_deref());
        let (job, path) = chart_image::job(&project.root, lang, &image, &c.files);
        jobs.push((job, Export::Png2x));
        targets.push(vec![path]);
    }
    for s in resolved.series.values() {
        for t in site::series::trends(resolved, s) {
            let image = chart_image::Image::of_trend(&t);
            let (job, path) = chart_image::job(&project.root, lang, &image, &t.files);
            jobs.push((job, Export::Png2x));
            targets.push(vec![path]);
        }
    }
    let files = place_results(session, jobs, targets, &mut diags);
    diags.sort();
    diags.into_result()?;
    Ok((files, warnings))
}

/// A warning naming the labels an infographic shows cut, at its survey's file.
fn shortened_labels(project: &Project, job: &pdf::PdfJob) -> Option<Diagnostic> {
    let first = job.shortened.first()?;
    let id = job.ident.rsplit('/').next().unwrap_or("");
    let file = project
        .surveys
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.path.clone())?;
    let more = match job.shortened.len() {
        1 => String::new(),
        n => format!(" and {} more", n - 1),
    };
    let shown: String = first.chars().take(60).collect();
    Some(
        Diagnostic::warning(format!(
            "the infographic cuts labels too long for its charts (`{shown}`{more})"
        ))
        .in_file(file)
        .with_hint(
            "the website and the data tables show them whole; for the infographic, write \
             shorter `label:`s (a `phrase:` can keep the long form for the commentary)",
        ),
    )
}

/// Make every job through the session and place each result at its paths.
fn place_results(
    session: &Session,
    jobs: Vec<(pdf::PdfJob, Export)>,
    targets: Vec<Vec<PathBuf>>,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for (result, paths) in session.make_all(jobs).into_iter().zip(targets) {
        match result {
            Ok(content) => files.extend(
                paths
                    .into_iter()
                    .map(|p| OutputFile::with(p, content.clone())),
            ),
            Err(d) => diags.extend(d),
        }
    }
    files
}

/// Compile each survey's infographic once (no cache); place it in the survey's folder and
/// in the folder of every article that presents the survey.
pub fn render_pdfs(project: &Project, resolved: &Resolved) -> Result<Vec<OutputFile>, Diagnostics> {
    render_pdfs_with(project, resolved, pdf::fonts_for(&project.theme))
}

/// [`render_pdfs`] with a given font set and no cache (benchmarks pass freshly loaded
/// fonts).
pub fn render_pdfs_with(
    project: &Project,
    resolved: &Resolved,
    fonts: Arc<FontSet>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let cache = Cache::disabled();
    let session = Session::with_fonts(&project.theme, &cache, fonts);
    let (jobs, targets): (Vec<_>, Vec<_>) = pdf_jobs(project, resolved)?
        .into_iter()
        .map(|(j, t)| ((j, Export::Pdf), t))
        .unzip();
    let mut diags = Diagnostics::new();
    let files = place_results(&session, jobs, targets, &mut diags);
    diags.into_result()?;
    Ok(files)
}

/// One survey's infographic as Typst laid it out (nothing written, no cache): for
/// checks of the layout and for previews.
#[derive(Debug, Clone)]
pub struct InfographicLayout {
    /// The survey's id.
    pub survey: String,
    /// Pages and the boxes the template recorded.
    pub layout: pdf::layout::Layout,
    /// With a preview asked for: a PNG of the pages one under the other.
    pub preview: Option<Vec<u8>>,
}

/// Lay out the infographic of every survey of a resolved project, as the build would
/// (balancing included), with a PNG preview of its pages if `preview`.
pub fn infographic_layouts(
    project: &Project,
    resolved: &Resolved,
    preview: bool,
) -> Result<Vec<InfographicLayout>, Diagnostics> {
    let fonts = pdf::fonts_for(&project.theme);
    let jobs = pdf_jobs(project, resolved)?;
    let mut batch = Vec::new();
    for (job, _) in &jobs {
        batch.push((job.clone(), Export::Layout));
        if preview {
            batch.push((job.clone(), Export::Preview));
        }
    }
    let mut made = pdf::batch::run_batch(batch, fonts).into_iter();
    let mut out = Vec::new();
    let mut diags = Diagnostics::new();
    for (job, _) in jobs {
        let survey = job.ident.trim_start_matches("barograph/").to_string();
        let layout = made.next().map(|r| {
            r.and_then(|m| {
                serde_json::from_slice(&m.bytes)
                    .map_err(|e| Diagnostic::error(format!("unreadable layout ({e})")).into())
            })
        });
        let picture = if preview { made.next() } else { None };
        match (layout, picture.transpose()) {
            (Some(Ok(layout)), Ok(picture)) => out.push(InfographicLayout {
                survey,
                layout,
                preview: picture.map(|m| m.bytes),
            }),
            (Some(Err(e)), _) | (_, Err(e)) => diags.extend(e),
            (None, _) => {}
        }
    }
    diags.into_result()?;
    Ok(out)
}

/// One infographic job per survey, with the paths its PDF goes to: the survey's folder
/// and the folder of every article presenting the survey.
pub fn pdf_jobs(
    project: &Project,
    resolved: &Resolved,
) -> Result<Vec<(pdf::PdfJob, Vec<PathBuf>)>, Diagnostics> {
    if resolved.surveys.is_empty() {
        return Ok(Vec::new());
    }
    let theme = &project.theme;
    let Some(template) = theme.template(pdf::TEMPLATE) else {
        return Err(
            Diagnostic::error("missing infographic template (templates/infographic.typ)").into(),
        );
    };
    let mut by_survey: std::collections::BTreeMap<&str, Vec<&RArticle>> = Default::default();
    for a in &resolved.articles {
        if let Some(id) = &a.survey {
            by_survey.entry(id).or_default().push(a);
        }
    }
    let jobs: Vec<(pdf::PdfJob, Vec<PathBuf>)> = resolved
        .surveys
        .par_iter()
        .map(|(id, survey)| {
            let articles = by_survey.get(id.as_str()).map(Vec::as_slice).unwrap_or(&[]);
            // The PDF's date: its publication, else (for metadata only) the fieldwork's end.
            let day = survey
                .published
                .as_ref()
                .map_or(&survey.fieldwork.end, |d| &d.iso);
            let fallback = model::parse_day(day).unwrap_or(time::Date::MIN);
            let date = pdf::document_date(fallback);
            let url = articles
                .first()
                .map(|a| format!("{}{}/", resolved.config.base_url, a.slug));
            let (files, shortened) = pdf::data::infographic_files(theme, resolved, survey, url);
            let job = pdf::PdfJob {
                root: project.root.clone(),
                template: template.source.clone(),
                template_path: pdf::template_path(theme),
                files,
                shortened,
                date,
                ident: format!("barograph/{id}"),
                what: "infographic",
                max_pages: Some(pdf::MAX_INFOGRAPHIC_PAGES),
            };
            let mut paths = vec![Path::new("surveys").join(id).join(&survey.pdf)];
            paths.extend(
                articles
                    .iter()
                    .map(|a| Path::new(&a.slug).join(&survey.pdf)),
            );
            (job, paths)
        })
        .collect();
    Ok(jobs)
}
