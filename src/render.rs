//! Render: every output file of the site, in memory, from the resolved data.
//!
//! Pages (minijinja), assets and photos, each survey's infographic PDF (in its survey
//! page's folder and in the folder of every article presenting it), each article's
//! social image, the data downloads, `robots.txt`, `sitemap.xml` and `feed.xml`. Typst
//! work runs in parallel; the result is sorted by path, so it never depends on timing.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Project;
use crate::output::OutputFile;
use crate::pdf::world::FontSet;
use crate::resolve::{RArticle, Resolved};
use crate::{load, model, pdf, site, social};

/// Render every output file in memory.
pub fn render(project: &Project, resolved: &Resolved) -> Result<Vec<OutputFile>, Diagnostics> {
    let env = site::environment(&project.theme, resolved)?;
    let pages = site::pages(resolved);
    let fonts = pdf::fonts_for(&project.theme);
    let (page_files, typst_files) = rayon::join(
        || site::render_pages(&env, &project.theme, resolved, &pages),
        || {
            let (pdfs, images) = rayon::join(
                || render_pdfs_with(project, resolved, fonts.clone()),
                || social_images(project, resolved, fonts.clone()),
            );
            merge(pdfs, images)
        },
    );
    let mut files = merge(page_files, typst_files)?;
    files.extend(static_files(project, resolved)?);
    files.extend(data_files(resolved, &pages));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    Ok(files)
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
        .map(|(name, bytes)| OutputFile::new(Path::new("assets").join(name), bytes.clone()))
        .collect();
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

/// Each article's social image.
fn social_images(
    project: &Project,
    resolved: &Resolved,
    fonts: Arc<FontSet>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let results: Vec<Result<OutputFile, Diagnostics>> = resolved
        .articles
        .par_iter()
        .map(|a| {
            social::image(&project.root, &project.theme, resolved, a, fonts.clone())
                .map(|png| OutputFile::new(Path::new(&a.slug).join(social::FILE_NAME), png))
        })
        .collect();
    collect(results)
}

fn collect(results: Vec<Result<OutputFile, Diagnostics>>) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut files = Vec::new();
    let mut diags = Diagnostics::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.extend(d),
        }
    }
    diags.into_result()?;
    Ok(files)
}

/// Compile each survey's infographic once; place it in the survey's folder and in the
/// folder of every article that presents the survey.
pub fn render_pdfs(project: &Project, resolved: &Resolved) -> Result<Vec<OutputFile>, Diagnostics> {
    render_pdfs_with(project, resolved, pdf::fonts_for(&project.theme))
}

/// [`render_pdfs`] with a given font set (benchmarks pass a freshly loaded one).
pub fn render_pdfs_with(
    project: &Project,
    resolved: &Resolved,
    fonts: Arc<FontSet>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    if resolved.surveys.is_empty() {
        return Ok(Vec::new());
    }
    let theme = &project.theme;
    let Some(template) = theme.template(pdf::TEMPLATE) else {
        return Err(
            Diagnostic::error("missing infographic template (templates/infographic.typ)").into(),
        );
    };
    let results: Vec<Result<Vec<OutputFile>, Diagnostics>> = resolved
        .surveys
        .par_iter()
        .map(|(id, survey)| {
            let articles: Vec<&RArticle> = resolved
                .articles
                .iter()
                .filter(|a| a.survey.as_deref() == Some(id))
                .collect();
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
                what: "infographic",
            };
            let bytes = pdf::compile(job, fonts.clone())?;
            let mut files = vec![OutputFile::new(
                Path::new("surveys").join(id).join(&survey.pdf),
                bytes.clone(),
            )];
            files.extend(
                articles
                    .iter()
                    .map(|a| OutputFile::new(Path::new(&a.slug).join(&survey.pdf), bytes.clone())),
            );
            Ok(files)
        })
        .collect();
    let mut files = Vec::new();
    let mut diags = Diagnostics::new();
    for r in results {
        match r {
            Ok(f) => files.extend(f),
            Err(d) => diags.extend(d),
        }
    }
    diags.into_result()?;
    Ok(files)
}
