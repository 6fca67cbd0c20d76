//! Social images: a 1200×630 PNG per article, with its headline figure and title, drawn
//! from `templates/social.typ` by Typst and rendered with typst-render (no browser).

use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::theme::Theme;
use crate::render::pdf::PdfJob;
use crate::resolve::{RArticle, RKeyFigure, Resolved};

/// Name of the image in each article's folder.
pub const FILE_NAME: &str = "social.png";
/// Name of the template in the theme.
pub(crate) const TEMPLATE: &str = "social.typ";

/// `/data.json` of the social image template.
#[derive(Debug, Serialize)]
struct SocialData<'a> {
    lang: &'a str,
    site: &'a str,
    organisation: &'a str,
    title: &'a str,
    date_text: &'a str,
    survey: Option<&'a str>,
    figure: Option<&'a RKeyFigure>,
}

/// The Typst job drawing the social image of `article`.
pub(crate) fn job(
    root: &Path,
    theme: &Theme,
    r: &Resolved,
    article: &RArticle,
) -> Result<PdfJob, Diagnostics> {
    let Some(template) = theme.template(TEMPLATE) else {
        return Err(
            Diagnostic::error("missing social image template (templates/social.typ)").into(),
        );
    };
    let survey = article.survey.as_ref().and_then(|id| r.surveys.get(id));
    let data = SocialData {
        lang: &r.config.language,
        site: &r.config.title,
        organisation: &r.config.organisation,
        title: &article.title,
        date_text: &article.date_text,
        survey: survey.map(|s| s.title.as_str()),
        figure: survey.and_then(|s| s.infographic.key_figures.first()),
    };
    let json = serde_json::to_vec_pretty(&data).expect("social data serialises");
    let date = crate::model::parse_day(&article.date).unwrap_or(time::Date::MIN);
    let job = PdfJob {
        root: root.to_path_buf(),
        template: template.source.clone(),
        template_path: template.display_path(TEMPLATE),
        files: [("/data.json".to_string(), json)].into_iter().collect(),
        date,
        ident: format!("barograph/social/{}", article.slug),
        what: "social image",
        max_pages: Some(1),
        shortened: Vec::new(),
    };
    Ok(job)
}
