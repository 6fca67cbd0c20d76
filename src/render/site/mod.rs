//! Site: the HTML pages, rendered in the build's template environment, and the files
//! beside them (chart SVGs and pages, data downloads, feeds).
//!
//! Pages are described as [`Page`]s (template, output path, what they show) and
//! rendered to in-memory [`OutputFile`]s; nothing here touches the disk.

use minijinja::context;
use minijinja::value::{Serde, Value};

use std::path::Path;

use crate::diagnostics::Diagnostics;
use crate::load::Project;
use crate::output::OutputFile;
use crate::resolve::{RSurvey, Resolved};

use super::Input;

pub(crate) mod charts;
mod embed;
pub(crate) mod export;
pub(crate) mod feeds;
pub(crate) mod pages;
pub(crate) mod series;
pub(crate) mod standalone;

pub use pages::{Page, pages};

/// A project's stylesheet added after the theme's (`templates/assets/extra.css`), so a
/// few rules change the look without copying the whole stylesheet.
pub(crate) const EXTRA_CSS: &str = "extra.css";

/// Every file of the site but the Typst work: the pages, the chart SVGs, the data
/// downloads, `robots.txt`, `sitemap.xml`, `feed.xml`, the theme's assets and the quote
/// photos.
pub fn files(input: Input) -> Result<Vec<OutputFile>, Diagnostics> {
    let pages = pages(input.resolved);
    let mut files = render_pages(input, &pages)?;
    files.extend(static_files(input.project, input.resolved)?);
    files.extend(data_files(input, &pages));
    files.extend(charts::files(input));
    files.extend(embed::files(input)?);
    files.extend(series::files(input.resolved));
    Ok(files)
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
            let media = project.media.get(src).ok_or_else(|| {
                crate::diagnostics::internal(format!("photo `{src}` was not loaded"))
            })?;
            files.push(OutputFile::with(
                dest,
                crate::output::Content::Memory(media.bytes.clone()),
            ));
        }
    }
    Ok(files)
}

/// Data downloads and the files for machines.
fn data_files(input: Input, pages: &[Page]) -> Vec<OutputFile> {
    let resolved = input.resolved;
    let mut files = Vec::new();
    for s in resolved.surveys.values() {
        let d = export::downloads(s);
        let dir = Path::new("surveys").join(&s.id);
        files.push(OutputFile::new(
            dir.join(&d.csv),
            export::csv(s).into_bytes(),
        ));
        files.push(OutputFile::new(
            dir.join(&d.json),
            export::json(s).into_bytes(),
        ));
        files.push(OutputFile::new(
            dir.join(&d.codebook),
            export::codebook(&[s]).into_bytes(),
        ));
    }
    files.push(OutputFile::new(
        "robots.txt",
        feeds::robots(resolved).into_bytes(),
    ));
    files.push(OutputFile::new(
        "sitemap.xml",
        feeds::sitemap(resolved, pages).into_bytes(),
    ));
    files.push(OutputFile::new(
        "feed.xml",
        feeds::atom(resolved, &input.commentary.bodies).into_bytes(),
    ));
    files
}

/// Render pages with the environment.
pub fn render_pages(input: Input, pages: &[Page]) -> Result<Vec<OutputFile>, Diagnostics> {
    use rayon::prelude::*;
    let related = pages::Related::of_site(input.resolved);
    let rendered: Vec<Result<String, minijinja::Error>> = pages
        .par_iter()
        .map(|page| {
            input
                .templates
                .get_template(page.template)
                .and_then(|t| t.render(page_context(input, &related, page)))
        })
        .collect();
    let mut diags = Diagnostics::new();
    let mut files = Vec::new();
    for (page, result) in pages.iter().zip(rendered) {
        match result {
            Ok(html) => files.push(OutputFile::new(page.path.clone(), html.into_bytes())),
            Err(e) => diags.push(crate::templating::template_diagnostic(
                &e,
                &input.project.theme,
            )),
        }
    }
    diags.sort();
    diags.into_result()?;
    Ok(files)
}

/// The context of a page: `site`, `ui`, `page` (metadata) and the page's own variables.
fn page_context(input: Input, related: &pages::Related, page: &Page) -> Value {
    let r = input.resolved;
    let base = &r.config.base_url;
    let (image, image_alt) = pages::social_image(r, page).unzip();
    context! {
        site => Serde(&r.config),
        ui => Serde(&r.ui),
        footer_pages => Serde(&r.pages),
        extra_css => input.project.theme.assets.contains_key(EXTRA_CSS),
        page => context! {
            title => page.title.clone(),
            description => page.description.clone(),
            root => page.root(&r.config.base_path),
            url => format!("{base}{}", page.url_path()),
            path => page.url_path(),
            og_type => page.og_type,
            image => image.map(|i| format!("{base}{i}")),
            image_alt => image_alt,
            json_ld => page.json_ld.as_ref().map(|j| Value::from_safe_string(crate::text::json_for_script(j))),
            breadcrumbs => Serde(&page.breadcrumbs),
            section => page.section,
        },
        ..pages::own_context(input, related, &page.content)
    }
}

/// The charts of a survey page: `questions[]` and `breakdowns[]`.
pub fn survey_charts(input: Input, s: &RSurvey) -> Value {
    let (questions, breakdowns) = charts::survey_charts(input.charts, s);
    context! {
        questions => Serde(charts::views(&questions)),
        breakdowns => Serde(charts::views(&breakdowns)),
    }
}
