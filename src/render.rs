//! Render: every output file of the site, in memory, from the resolved data.
//!
//! Pages (minijinja), assets and photos, each survey's infographic PDF (in its survey
//! page's folder and in the folder of every article presenting it), each article's
//! social image, the data downloads, `robots.txt`, `sitemap.xml` and `feed.xml`. Typst
//! work runs in parallel; the result is sorted by path, so it never depends on timing.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Project;
use crate::output::OutputFile;
use crate::output::cache::Cache;
use crate::pdf::world::FontSet;
use crate::pdf::{Export, Session, SessionLog};
use crate::resolve::{RArticle, Resolved};
use crate::{model, pdf, site, social};

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
pub fn render(
    project: &Project,
    resolved: &Resolved,
    cache: &Cache,
) -> Result<Rendered, Diagnostics> {
    let env = site::environment(&project.theme, resolved)?;
    let pages = site::pages(resolved);
    let session = Session::new(&project.theme, cache);
    // Pages render on rayon's pool from a thread of their own, while this thread runs the
    // Typst work, whose compiles also use rayon's pool: neither waits on a rayon worker.
    let ((page_files, page_time), (typst_files, typst_time)) = std::thread::scope(|scope| {
        let pages_thread = scope
            .spawn(|| timed_run(|| site::render_pages(&env, &project.theme, resolved, &pages)));
        let typst = timed_run(|| typst_files(project, resolved, &session));
        let pages = pages_thread.join().unwrap_or_else(|p| {
            (
                Err(crate::panic_diagnostic(p.as_ref()).into()),
                std::time::Duration::ZERO,
            )
        });
        (pages, typst)
    });
    let mut timings = vec![
        ("render pages", page_time),
        ("typst (beside the pages)", typst_time),
    ];
    let (typst_files, warnings) = match typst_files {
        Ok((files, warnings)) => (Ok(files), warnings),
        Err(d) => (Err(d), Diagnostics::new()),
    };
    let mut files = merge(page_files, typst_files)?;
    let other = std::time::Instant::now();
    files.extend(static_files(project, resolved)?);
    files.extend(data_files(resolved, &pages));
    files.extend(site::charts::files(resolved));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    unique_paths(&mut files)?;
    timings.push(("data files", other.elapsed()));
    Ok(Rendered {
        files,
        typst: session.finish(),
        timings,
        warnings,
    })
}

/// Drop files that come twice with the same content; two different contents for one
/// path would silently lose one of them, and are an error instead.
fn unique_paths(files: &mut Vec<OutputFile>) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::new();
    for pair in files.windows(2) {
        if pair[0].path == pair[1].path && pair[0].hash() != pair[1].hash() {
            diags.push(crate::resolve::internal(format!(
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

/// Theme assets and quote photos.
fn static_files(project: &Project, resolved: &Resolved) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut files: Vec<OutputFile> = project
        .theme
        .assets
        .iter()
        .map(|(name, bytes)| OutputFile::new(Path::new("assets").join(name), bytes.to_vec()))
        .collect();
    for quote in resolved.quotes.values() {
        if let (Some(src), Some(dest)) = (&quote.photo_source, &quote.photo) {
            let media = project
                .media
                .get(src)
                .ok_or_else(|| crate::resolve::internal(format!("photo `{src}` was not loaded")))?;
            files.push(OutputFile::with(
                dest,
                crate::output::Content::Memory(media.bytes.clone()),
            ));
        }
    }
    Ok(files)
}

/// Data downloads and the files for machines.
fn data_files(resolved: &Resolved, pages: &[site::Page]) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for s in resolved.surveys.values() {
        let d = site::export::downloads(s);
        let dir = Path::new("surveys").join(&s.id);
        files.push(OutputFile::new(
            dir.join(&d.csv),
            site::export::csv(s).into_bytes(),
        ));
        files.push(OutputFile::new(
            dir.join(&d.json),
            site::export::json(s).into_bytes(),
        ));
    }
    files.push(OutputFile::new(
        "robots.txt",
        site::feeds::robots(resolved).into_bytes(),
    ));
    files.push(OutputFile::new(
        "sitemap.xml",
        site::feeds::sitemap(resolved, pages).into_bytes(),
    ));
    files.push(OutputFile::new(
        "feed.xml",
        site::feeds::atom(resolved).into_bytes(),
    ));
    files
}

/// Every infographic and social image, made in one batch.
fn typst_files(
    project: &Project,
    resolved: &Resolved,
    session: &Session,
) -> Result<(Vec<OutputFile>, Diagnostics), Diagnostics> {
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
            let fallback = model::parse_day(&survey.fieldwork.end).unwrap_or(time::Date::MIN);
            let date = pdf::document_date(fallback);
            let url = articles
                .first()
                .map(|a| format!("{}{}/", resolved.config.base_url, a.slug));
            let (files, shortened) =
                pdf::data::infographic_files(theme, resolved, survey, date, url);
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
