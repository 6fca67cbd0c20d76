//! The model of the other files: `site.yaml`, an article's front matter, and a quote.

use serde::Deserialize;

use super::{At, non_empty, optional_text};

/// `site.yaml`: settings for the whole site.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    /// Site title, shown in the header and the `<title>` of every page.
    #[serde(deserialize_with = "non_empty")]
    pub title: String,
    /// Public address of the site, e.g. `https://example.org/barometre/`.
    pub base_url: At<String>,
    /// Language tag: `fr` (default) or `en`.
    #[serde(default)]
    pub language: Option<At<String>>,
    /// Organisation publishing the site.
    #[serde(deserialize_with = "non_empty")]
    pub organisation: String,
    /// Author used when an article names none.
    #[serde(default, deserialize_with = "optional_text")]
    pub author: Option<String>,
    /// One-sentence description of the site.
    #[serde(default, deserialize_with = "optional_text")]
    pub description: Option<String>,
    /// Confidence level and small-base thresholds of every survey.
    #[serde(default)]
    pub statistics: Option<super::StatisticsSpec>,
    /// The press contact shown on articles and infographics.
    #[serde(default)]
    pub press: Option<PressContact>,
    /// The theme's settings: the brand colour.
    #[serde(default)]
    pub theme: Option<ThemeSettings>,
}

/// `theme:` of `site.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeSettings {
    /// The brand colour, `#rrggbb`: links, buttons, the first chart colour, the
    /// infographic's and the social image's accent.
    #[serde(default)]
    pub accent: Option<At<String>>,
}

/// Who journalists call: a name and at least an e-mail address or a phone number.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PressContact {
    /// Full name.
    #[serde(deserialize_with = "non_empty")]
    pub name: String,
    /// Role or organisation, if said: `Relations presse, PulseLife`.
    #[serde(default, deserialize_with = "optional_text")]
    pub role: Option<String>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<At<String>>,
    /// Phone number, as it should be printed: `+33 1 23 45 67 89`.
    #[serde(default)]
    pub phone: Option<At<String>>,
}

/// The YAML front matter of an article.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Headline.
    #[serde(deserialize_with = "non_empty")]
    pub title: String,
    /// URL segment: the article is written to `<slug>/index.html`.
    pub slug: At<String>,
    /// Publication date, with an optional time and time zone: the article is held
    /// back until then (an embargo).
    pub date: At<super::Moment>,
    /// Author; the site's default author when absent.
    #[serde(default, deserialize_with = "optional_text")]
    pub author: Option<String>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<At<String>>,
    /// Id of the survey the commentary draws from (a file stem in `data/`).
    #[serde(default)]
    pub survey: Option<At<String>>,
    /// The lede: one or two sentences shown under the title and in lists.
    #[serde(deserialize_with = "non_empty")]
    pub summary: String,
    /// Drafts are checked but not published.
    #[serde(default)]
    pub draft: bool,
}

/// A quotation from a named spokesperson.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteEntry {
    /// Identifier used by `quote("…")` in the commentary.
    pub id: At<String>,
    /// Who said it.
    #[serde(deserialize_with = "non_empty")]
    pub speaker: String,
    /// Honorific shown before the name, e.g. `Dr`.
    #[serde(default, deserialize_with = "optional_text")]
    pub honorific: Option<String>,
    /// Their role: `médecin oncologue et fondateur`.
    #[serde(deserialize_with = "non_empty")]
    pub role: String,
    /// Their organisation.
    #[serde(default, deserialize_with = "optional_text")]
    pub organisation: Option<String>,
    /// The words, verbatim.
    #[serde(deserialize_with = "non_empty")]
    pub text: String,
    /// Optional portrait, a path relative to the project root.
    #[serde(default)]
    pub photo: Option<At<String>>,
}

/// The front matter of a standalone page (`content/pages/*.md`): legal notices,
/// "about", methodology.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    /// Title: the page's heading and its link in the footer.
    #[serde(deserialize_with = "non_empty")]
    pub title: String,
    /// URL segment: the page is written to `<slug>/index.html`.
    pub slug: At<String>,
    /// One sentence for the meta description, if any.
    #[serde(default, deserialize_with = "optional_text")]
    pub summary: Option<String>,
    /// Order of its link in the footer (lowest first; then by title).
    #[serde(default)]
    pub order: Option<i32>,
}
