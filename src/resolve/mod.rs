//! Resolve: turn the validated input into the data every output is made from.
//!
//! Surveys, quotes and articles become plain serialisable records with every figure
//! already formatted for the site's language (`72 %`, `27 janvier 2026`) and every text
//! run through the language's typography. The same records feed the HTML templates, the
//! commentary helpers and (as `data.json`) the Typst infographic, so the three cannot
//! drift apart. Data only: the articles' bodies are written by the next stage,
//! the `commentary` stage.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostics::{Diagnostics, internal};
use crate::load::Project;
use crate::load::config::SiteConfig;
use crate::locale::Locale;
use crate::model::QuoteEntry;
use crate::text::slugify;

mod article;
mod infographic;
mod method;
mod publish;
mod question;
mod series;
mod survey;

pub use article::{RArticle, RTag};

pub use infographic::{RInfographic, RKeyFigure};
pub use method::{RMarginTable, RMethod};
pub use question::{RAnswer, RBase, RQuestion, RValue, RWithheld};
pub use series::{RChange, REdition, RPoint, RSeries, RSeriesLink, RTrend, RTrendLine};
pub use survey::{
    DaySource, RBreakdown, RDay, RFieldwork, ROccasion, RPartner, RSample, RSegment, RShare,
    RSurvey,
};

/// Everything the renderers need, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct Resolved {
    /// Site settings.
    pub config: SiteConfig,
    /// UI strings of the site's language.
    pub ui: BTreeMap<String, String>,
    /// Surveys by id.
    pub surveys: BTreeMap<String, RSurvey>,
    /// Series of two or more editions, by id.
    pub series: BTreeMap<String, RSeries>,
    /// Quotes by id.
    pub quotes: BTreeMap<String, RQuote>,
    /// Published articles (drafts and embargoed articles left out unless the run
    /// asked for them), newest first.
    pub articles: Vec<RArticle>,
    /// Standalone pages, in footer order.
    pub pages: Vec<RPage>,
    /// The articles and surveys held back, and why: `(source, reason)`.
    pub held: Vec<(String, String)>,
    /// The surveys held back, resolved so that the articles held with them are checked;
    /// never published.
    #[serde(skip)]
    pub embargoed: BTreeMap<String, RSurvey>,
}

/// A standalone page (`content/pages/*.md`); its body comes from the commentary stage.
#[derive(Debug, Clone, Serialize)]
pub struct RPage {
    /// Title.
    pub title: String,
    /// URL segment.
    pub slug: String,
    /// Meta description (empty when none).
    pub summary: String,
    /// Its index in the project's pages (where its body is).
    #[serde(skip)]
    pub doc: usize,
}

/// A quotation with its attribution.
#[derive(Debug, Clone, Serialize)]
pub struct RQuote {
    /// Id.
    pub id: String,
    /// Speaker's name with honorific.
    pub speaker: String,
    /// Role.
    pub role: String,
    /// Organisation.
    pub organisation: Option<String>,
    /// `médecin oncologue et fondateur de PulseLife`.
    pub role_line: String,
    /// The words.
    pub text: String,
    /// Output path of the portrait (relative to the site root), if any.
    pub photo: Option<String>,
    /// Project path of the portrait, if any.
    #[serde(skip)]
    pub photo_source: Option<String>,
}

/// The standalone pages, by `order` then title.
fn pages(project: &Project, locale: Locale) -> Vec<RPage> {
    let mut out: Vec<(i32, RPage)> = project
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let page = RPage {
                title: locale.typography(&p.front.title),
                slug: p.front.slug.value.clone(),
                summary: locale.typography(p.front.summary.as_deref().unwrap_or("")),
                doc: i,
            };
            (p.front.order.unwrap_or(0), page)
        })
        .collect();
    out.sort_by(|a, b| (a.0, &a.1.title, &a.1.slug).cmp(&(b.0, &b.1.title, &b.1.slug)));
    out.into_iter().map(|(_, p)| p).collect()
}

/// What resolving a survey reads beyond its own file: every survey (for its previous
/// editions), the site's statistical settings, the language and its UI strings.
pub(crate) struct Ctx<'a> {
    /// Every survey of the project.
    pub docs: &'a [crate::model::SurveyDoc],
    /// `statistics:` of `site.yaml`.
    pub site: Option<&'a crate::model::StatisticsSpec>,
    /// The site's language.
    pub locale: Locale,
    /// Its UI strings.
    pub ui: &'a BTreeMap<String, String>,
    /// The links between editions, found once: by survey id, the index in `docs` of
    /// its previous edition and of the edition that follows it.
    pub links: series::Links,
}

impl<'a> Ctx<'a> {
    /// The context of resolving `docs`, their links between editions found once.
    pub fn new(
        docs: &'a [crate::model::SurveyDoc],
        site: Option<&'a crate::model::StatisticsSpec>,
        locale: Locale,
        ui: &'a BTreeMap<String, String>,
    ) -> Self {
        Ctx {
            links: series::Links::of(docs),
            docs,
            site,
            locale,
            ui,
        }
    }
}

impl Ctx<'_> {
    /// The statistical settings of survey `s`: its own over the site's.
    pub fn statistics(&self, s: &crate::model::SurveyFile) -> crate::model::Statistics {
        crate::model::Statistics::merged(self.site, s.statistics.as_ref())
    }

    /// UI string `key` (empty when missing; a test keeps both locale files complete).
    pub fn text(&self, key: &str) -> String {
        self.ui.get(key).cloned().unwrap_or_default()
    }
}

/// The date of the earliest article presenting survey `id`, as its publication date.
fn first_article(articles: &[RArticle], id: &str, locale: crate::locale::Locale) -> Option<RDay> {
    let first = articles
        .iter()
        .filter(|a| a.survey.as_deref() == Some(id))
        .min_by(|a, b| a.date.cmp(&b.date))?;
    let day = crate::model::parse_day(&first.date)?;
    Some(RDay::new(day, locale, DaySource::Article))
}

/// Resolve the project: format surveys, quotes and articles for the site's language.
/// Data only: the commentary is rendered by the next stage, the `commentary` stage.
pub fn resolve(project: &Project) -> Result<Resolved, Diagnostics> {
    let site = project
        .site
        .as_ref()
        .ok_or_else(|| internal("site.yaml was not loaded"))?;
    let config = crate::load::config::site_config(site, std::path::Path::new("site.yaml"))?;
    let ui = crate::load::theme::ui_strings(&project.theme, config.locale)?;
    let locale = config.locale;
    let selection = publish::select(project)?;
    // Surveys under embargo are left out of everything: pages, series, changes.
    let docs: Vec<crate::model::SurveyDoc> = project
        .surveys
        .iter()
        .filter(|s| !selection.held_surveys.contains(&s.id))
        .cloned()
        .collect();
    let ctx = Ctx::new(&docs, site.statistics.as_ref(), locale, &ui);
    let surveys: BTreeMap<String, RSurvey> = docs
        .iter()
        .map(|s| (s.id.clone(), survey::survey(s, &ctx)))
        .collect();
    let series = series::all(&ctx);
    let whole = Ctx::new(&project.surveys, site.statistics.as_ref(), locale, &ui);
    let embargoed: BTreeMap<String, RSurvey> = project
        .surveys
        .iter()
        .filter(|s| selection.held_surveys.contains(&s.id))
        .map(|s| (s.id.clone(), survey::survey(s, &whole)))
        .collect();
    let photos = photo_paths(project);
    let quotes: BTreeMap<String, RQuote> = project
        .quotes
        .iter()
        .map(|q| (q.quote.id.value.clone(), quote(&q.quote, locale, &photos)))
        .collect();
    let now = project.publish.now();
    let mut articles: Vec<RArticle> = selection
        .articles
        .iter()
        .map(|&i| article::article(&project.articles[i], i, &config, &ui, now))
        .collect();
    articles.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    let mut surveys = surveys;
    for (id, s) in &mut surveys {
        if s.published.is_none() {
            s.published = first_article(&articles, id, locale);
        }
    }
    Ok(Resolved {
        config,
        ui,
        surveys,
        series,
        quotes,
        articles,
        held: selection.held,
        embargoed,
        pages: pages(project, locale),
    })
}

/// Where each photo is published: `assets/media/<slug of its path>.<type>`, a name
/// safe in any web address whatever the file was called, made unique if two paths
/// give the same slug.
fn photo_paths(project: &Project) -> BTreeMap<String, String> {
    // The theme's own assets are published under `assets/` too.
    let mut taken: std::collections::BTreeSet<String> = project
        .theme
        .assets
        .keys()
        .map(|name| format!("assets/{name}"))
        .collect();
    project
        .media
        .iter()
        .map(|(written, media)| {
            let stem = std::path::Path::new(written.trim()).with_extension("");
            let slug = match slugify(&crate::diagnostics::display_path(&stem)) {
                s if s.is_empty() => "photo".to_string(),
                s => s,
            };
            let mut name = format!("assets/media/{slug}.{}", media.ext);
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("assets/media/{slug}-{n}.{}", media.ext);
                n += 1;
            }
            (written.clone(), name)
        })
        .collect()
}

fn quote(q: &QuoteEntry, locale: Locale, photos: &BTreeMap<String, String>) -> RQuote {
    let speaker = match &q.honorific {
        Some(h) => format!("{h}{}{}", crate::locale::NBSP, q.speaker),
        None => q.speaker.clone(),
    };
    let role_line = match (&q.organisation, locale) {
        (None, _) => q.role.clone(),
        (Some(org), Locale::Fr) => {
            let elide = org
                .chars()
                .next()
                .is_some_and(|c| "AEIOUYÉÈÊHaeiouyéèêh".contains(c));
            if elide {
                format!("{} d’{org}", q.role)
            } else {
                format!("{} de {org}", q.role)
            }
        }
        (Some(org), Locale::En) => format!("{}, {org}", q.role),
    };
    RQuote {
        id: q.id.value.clone(),
        speaker: crate::locale::without_controls(&speaker).into_owned(),
        role: locale.typography(&q.role),
        organisation: q
            .organisation
            .as_deref()
            .map(|o| crate::locale::without_controls(o).into_owned()),
        role_line: locale.typography(&role_line),
        text: locale.typography(q.text.trim()),
        photo: q.photo.as_ref().and_then(|p| photos.get(&p.value).cloned()),
        photo_source: q.photo.as_ref().map(|p| p.value.clone()),
    }
}

/// A survey resolved from YAML text, in French (for unit tests of later stages).
#[cfg(test)]
pub(crate) fn survey_from_yaml(text: &str) -> RSurvey {
    let data = crate::load::parse_yaml(std::path::Path::new("data/s.yaml"), text)
        .unwrap_or_else(|d| panic!("{d}"));
    let doc = crate::model::SurveyDoc {
        id: "s".into(),
        path: "data/s.yaml".into(),
        data,
    };
    let ui = BTreeMap::new();
    let docs = [doc];
    let ctx = Ctx::new(&docs, None, Locale::Fr, &ui);
    survey::survey(&docs[0], &ctx)
}
