//! Chart pages: one page per published chart (`surveys/<id>/charts/<chart>-<kind>/`,
//! and `series/<id>/trend-<question>/` for a trend), made to sit in another site's
//! iframe: the chart alone, responsive, with its title, text alternative, note, source
//! line, downloads and data table, from `templates/chart.html`. The embed code offered
//! under every chart points at it. Kept out of the sitemap and marked `noindex`: the
//! survey page is the one to find.

use std::path::Path;

use minijinja::context;
use minijinja::value::Serde;

use crate::diagnostics::Diagnostics;
use crate::output::OutputFile;

use super::super::Input;
use super::charts::site_charts;

/// Name of the chart page template in the theme.
const TEMPLATE: &str = "chart.html";

/// The page of every chart the site publishes.
pub(super) fn files(input: Input) -> Result<Vec<OutputFile>, Diagnostics> {
    let r = input.resolved;
    let template = input
        .templates
        .get_template(TEMPLATE)
        .map_err(|e| crate::templating::template_diagnostic(&e, &input.project.theme))?;
    let mut diags = Diagnostics::new();
    let mut out = Vec::new();
    let mut pages = Vec::new();
    for c in site_charts(r, input.charts, &input.commentary.charts) {
        let url = format!("{}surveys/{}/", r.config.base_url, c.survey.id);
        let chart = Serde(&*c.wide);
        pages.push((c.files.page.clone(), context! { chart, files => Serde(&c.files), note => c.notes(), source => &c.survey.source, source_url => url }));
    }
    for s in r.series.values() {
        for t in super::series::trends(r, s) {
            let url = format!("{}series/{}/", r.config.base_url, s.id);
            let note = Some(t.chart.note.clone()).filter(|n| !n.is_empty());
            let ctx = context! { chart => Serde(&t.chart), files => Serde(&t.files), note, source => t.source, source_url => url };
            pages.push((t.files.page.clone(), ctx));
        }
    }
    for (page, own) in pages {
        let path = Path::new(&page).join("index.html");
        let root = "../".repeat(path.components().count() - 1);
        let ctx = context! {
            site => Serde(&r.config),
            ui => Serde(&r.ui),
            root => root,
            extra_css => input.project.theme.assets.contains_key(super::EXTRA_CSS),
            ..own
        };
        match template.render(ctx) {
            Ok(html) => out.push(OutputFile::new(path, html.into_bytes())),
            Err(e) => {
                diags.push(crate::templating::template_diagnostic(
                    &e,
                    &input.project.theme,
                ));
                break;
            }
        }
    }
    diags.into_result()?;
    Ok(out)
}
