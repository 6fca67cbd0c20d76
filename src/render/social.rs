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
    title: String,
    date_text: &'a str,
    survey: Option<&'a str>,
    figure: Option<SocialFigure>,
    /// The site's brand colour, `#rrggbb`, if set.
    accent: Option<&'a str>,
}

/// The headline figure as the image shows it.
#[derive(Debug, Serialize)]
struct SocialFigure {
    text: String,
    caption: String,
    /// The change against the previous edition, in words, if any.
    change: Option<String>,
}

/// Longest title and caption the image shows, in characters; longer ones are cut at a
/// word, with an ellipsis.
const MAX_TITLE: usize = 140;
const MAX_CAPTION: usize = 110;

/// What the social image of `article` says: its title and headline figure, cut to fit.
fn text<'a>(r: &'a Resolved, article: &'a RArticle) -> (String, Option<SocialFigure>) {
    let survey = article.survey.as_ref().and_then(|id| r.surveys.get(id));
    let figure = survey
        .and_then(|s| s.infographic.key_figures.first())
        .map(|f: &RKeyFigure| SocialFigure {
            text: f.text.clone(),
            caption: shorten(&f.caption, MAX_CAPTION),
            change: f
                .change
                .as_ref()
                .map(|c| shorten(&crate::text::ucfirst(&c.text), MAX_CAPTION)),
        });
    (shorten(&article.title, MAX_TITLE), figure)
}

/// The text alternative of the social image of `article`: what it shows, in reading
/// order (`og:image:alt`, `twitter:image:alt`).
pub fn alt(r: &Resolved, article: &RArticle) -> String {
    let (title, figure) = text(r, article);
    let survey = article.survey.as_ref().and_then(|id| r.surveys.get(id));
    let mut parts = Vec::new();
    if let Some(s) = survey {
        parts.push(s.title.clone());
    }
    parts.push(title);
    if let Some(f) = figure {
        parts.push(format!("{} {}", f.text, f.caption));
        if let Some(c) = f.change {
            parts.push(c);
        }
    }
    parts.push(format!("{} · {}", r.config.organisation, article.date_text));
    let sentences: Vec<String> = parts
        .iter()
        .map(|p| {
            let p = p.trim_end();
            if p.ends_with(['.', '!', '?', '…']) {
                p.to_string()
            } else {
                format!("{p}.")
            }
        })
        .collect();
    sentences.join(" ")
}

/// `text` cut to at most `max` characters at a word, with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at_word = cut.rfind(char::is_whitespace).filter(|&i| i > max / 2);
    let head = at_word.map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", head.trim_end_matches([' ', ',', ';', ':']))
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
    let (title, figure) = text(r, article);
    let data = SocialData {
        lang: &r.config.language,
        site: &r.config.title,
        organisation: &r.config.organisation,
        title,
        date_text: &article.date_text,
        survey: survey.map(|s| s.title.as_str()),
        figure,
        accent: r.config.accent.as_ref().map(|a| a.hex.as_str()),
    };
    let mut value = serde_json::to_value(&data).expect("social data serialises");
    crate::render::pdf::data::breakable_json(&mut value);
    let json = serde_json::to_vec_pretty(&value).expect("social data serialises");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_at_a_word() {
        assert_eq!(shorten("court", 10), "court");
        assert_eq!(shorten("un titre bien trop long", 15), "un titre bien…");
        let word = "a".repeat(50);
        assert_eq!(shorten(&word, 20).chars().count(), 21);
    }
}
