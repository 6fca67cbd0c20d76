//! Chart pages: one page per published chart (`surveys/<id>/charts/<chart>-<kind>/`),
//! made to sit in another site's iframe: the chart alone, responsive, with its title,
//! text alternative, note, source line, downloads and data table, from
//! `templates/chart.html`. The embed code offered under every chart points at it.
//! Kept out of the sitemap and marked `noindex`: the survey page is the one to find.

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
    for c in site_charts(r, input.charts, &input.commentary.charts) {
        let path = Path::new(&c.files.page).join("index.html");
        let root = "../".repeat(path.components().count() - 1);
        let ctx = context! {
            site => Serde(&r.config),
            ui => Serde(&r.ui),
            root => root,
            chart => Serde(&*c.wide),
            files => Serde(&c.files),
            note => c.note,
            survey => Serde(c.survey),
            survey_url => format!("{}surveys/{}/", r.config.base_url, c.survey.id),
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
