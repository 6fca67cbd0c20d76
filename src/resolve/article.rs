//! Articles resolved: what the pages and lists show of them (title, dates, author,
//! tags, lede), formatted for the site's language. Their commentary is rendered by the
//! next stage, `commentary`.

use serde::Serialize;

use crate::diagnostics::display_path;
use crate::load::config::SiteConfig;
use crate::model::ArticleDoc;
use crate::text::slugify;

/// An article ready for the page template (its body comes from the commentary).
#[derive(Debug, Clone, Serialize)]
pub struct RArticle {
    /// Path of the Markdown file, relative to the root.
    pub source: String,
    /// Headline.
    pub title: String,
    /// URL segment.
    pub slug: String,
    /// `2026-01-27`.
    pub date: String,
    /// `27 janvier 2026`.
    pub date_text: String,
    /// Author.
    pub author: String,
    /// Tags with their URL slugs.
    pub tags: Vec<RTag>,
    /// Survey id, if any.
    pub survey: Option<String>,
    /// Lede.
    pub summary: String,
    /// The moment it is published, when a time was given (RFC 3339).
    pub published_at: Option<String>,
    /// For an article built before its embargo lifts (`--future`): `Embargo jusqu'au
    /// 27 janvier 2026 à 09:00 (UTC+01:00)`.
    pub embargo: Option<String>,
    /// True for a draft built with `--drafts`.
    pub draft: bool,
    /// Its index in the project's articles (where its commentary is).
    #[serde(skip)]
    pub doc: usize,
}

/// A tag and its URL slug.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct RTag {
    /// As written.
    pub name: String,
    /// URL-safe form.
    pub slug: String,
}

/// The address of a tag (validation refuses a tag without letters or digits; `tag`
/// stands in for one all the same).
pub(crate) fn tag_slug(name: &str) -> String {
    match slugify(name) {
        s if s.is_empty() => "tag".to_string(),
        s => s,
    }
}

/// `2026-01-27T09:00:00+01:00`.
pub(crate) fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| at.to_string())
}

/// `Embargo jusqu'au 27 janvier 2026 à 09:00 (UTC+01:00)`: when the article may be
/// published, from the locale files.
pub(crate) fn until_text(
    when: &crate::model::Moment,
    locale: crate::locale::Locale,
    ui: &std::collections::BTreeMap<String, String>,
) -> String {
    let day = locale.date(when.day.0);
    // A day alone lifts at its first minute, UTC: said, so no one reads "the end of
    // that day".
    let (time, zone) = match when.at {
        Some(at) => {
            let (h, m, _) = at.offset().as_hms();
            let zone = format!(
                "UTC{}{:02}:{:02}",
                if h < 0 || m < 0 { '-' } else { '+' },
                h.abs(),
                m.abs()
            );
            (format!("{:02}:{:02}", at.hour(), at.minute()), zone)
        }
        None => ("00:00".to_string(), "UTC".to_string()),
    };
    let key = ui.get("at_time").cloned().unwrap_or_default();
    key.replace("{day}", &day)
        .replace("{time}", &time)
        .replace("{zone}", &zone)
}

fn embargo_text(
    when: &crate::model::Moment,
    locale: crate::locale::Locale,
    ui: &std::collections::BTreeMap<String, String>,
) -> String {
    let text = ui.get("embargo_until").cloned().unwrap_or_default();
    locale.typography(&text.replace("{until}", &until_text(when, locale, ui)))
}

/// Article `doc`, the project's `index`-th, resolved.
pub fn article(
    doc: &ArticleDoc,
    index: usize,
    config: &SiteConfig,
    ui: &std::collections::BTreeMap<String, String>,
    now: time::OffsetDateTime,
) -> RArticle {
    let locale = config.locale;
    let f = &doc.front;
    let mut tags: Vec<RTag> = f
        .tags
        .iter()
        .map(|t| RTag {
            name: locale.typography(&t.value),
            slug: tag_slug(&t.value),
        })
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    tags.retain(|t| seen.insert(t.slug.clone()));
    RArticle {
        source: display_path(&doc.path),
        title: locale.typography(&f.title),
        slug: f.slug.value.clone(),
        date: f.date.value.day.0.to_string(),
        date_text: locale.date(f.date.value.day.0),
        published_at: f.date.value.at.map(rfc3339),
        embargo: (f.date.value.instant() > now).then(|| embargo_text(&f.date.value, locale, ui)),
        draft: f.draft,
        author: f.author.as_deref().map_or_else(
            || config.author.clone(),
            |a| crate::locale::without_controls(a).into_owned(),
        ),
        tags,
        survey: f.survey.as_ref().map(|s| s.value.clone()),
        summary: locale.typography(f.summary.trim()),
        doc: index,
    }
}
