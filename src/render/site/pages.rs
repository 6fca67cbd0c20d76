//! The pages of the site: what each one shows, where it goes, and its metadata
//! (title, description, breadcrumbs, social image, JSON-LD).
//!
//! Home (paginated beyond [`PAGE_SIZE`] articles), articles, tags and the tags index,
//! one page per survey and the surveys index, and the 404 page.

use std::collections::BTreeMap;
use std::path::PathBuf;

use minijinja::context;
use minijinja::value::{Serde, Value};
use serde::Serialize;
use serde_json::json;

use crate::resolve::{RArticle, RSurvey, RTag, Resolved};

use super::super::Input;

/// Articles per page of the home page.
pub const PAGE_SIZE: usize = 10;

/// What a page shows, by reference into the resolved data: its template variables are
/// built only when it renders, and dropped right after, so memory does not grow with
/// the product of pages and articles.
#[derive(Debug, Clone)]
pub enum Content {
    /// A page of the home page: articles `first..first + count`, newest first.
    Home {
        /// Index of its first article.
        first: usize,
        /// Number of articles on it.
        count: usize,
        /// Its number, from 1.
        current: usize,
        /// Number of pages.
        total: usize,
        /// Path of the newer page.
        prev: Option<String>,
        /// Path of the older page.
        next: Option<String>,
        /// Id of the survey whose key figures head page 1.
        latest: Option<String>,
    },
    /// An article, by index in `Resolved::articles`.
    Article {
        /// Its index.
        index: usize,
        /// Its public address, for the share links.
        share_url: String,
    },
    /// The tags index, with each tag's name, slug and count.
    Tags(Vec<Value>),
    /// The page of a tag, by slug.
    Tag(String),
    /// The surveys index.
    Surveys,
    /// The page of a survey, by id.
    Survey(String),
    /// The page of a series, by id.
    Series(String),
    /// A standalone page, by index in `Resolved::pages`.
    Standalone(usize),
    /// The 404 page.
    NotFound,
}

/// An article as its page shows it: what resolve made of it, and its body.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView<'a> {
    /// Title, dates, tags…
    #[serde(flatten)]
    pub meta: &'a RArticle,
    /// The commentary, sanitised HTML.
    pub body_html: &'a str,
    /// The commentary as plain text.
    pub body_text: &'a str,
}

/// An article as lists show it (no body).
#[derive(Debug, Clone, Serialize)]
pub struct Card<'a> {
    /// Headline.
    pub title: &'a str,
    /// URL segment.
    pub slug: &'a str,
    /// `2026-01-27`.
    pub date: &'a str,
    /// `27 janvier 2026`.
    pub date_text: &'a str,
    /// Author.
    pub author: &'a str,
    /// Lede.
    pub summary: &'a str,
}

impl<'a> From<&'a RArticle> for Card<'a> {
    fn from(a: &'a RArticle) -> Self {
        Card {
            title: &a.title,
            slug: &a.slug,
            date: &a.date,
            date_text: &a.date_text,
            author: &a.author,
            summary: &a.summary,
        }
    }
}

fn cards<'a>(list: impl IntoIterator<Item = &'a RArticle>) -> Value {
    Value::from(Serde(list.into_iter().map(Card::from).collect::<Vec<_>>()))
}

/// The page's own template variables (besides `site`, `ui` and `page`).
pub fn own_context(input: Input, related: &Related, content: &Content) -> Value {
    let r = input.resolved;
    match content {
        Content::Home {
            first,
            count,
            current,
            total,
            prev,
            next,
            latest,
        } => context! {
            articles => cards(&r.articles[*first..first + count]),
            latest => latest.as_ref().and_then(|id| r.surveys.get(id)).map(Serde),
            pagination => context! { current => current, total => total, prev => prev, next => next },
        },
        Content::Article { index, share_url } => {
            let a = &r.articles[*index];
            context! {
                article => Serde(ArticleView {
                    meta: a,
                    body_html: &input.commentary.bodies[*index].html,
                    body_text: &input.commentary.bodies[*index].text,
                }),
                survey => a.survey.as_ref().and_then(|s| r.surveys.get(s)).map(Serde),
                related => cards(related.of(*index).iter().map(|&i| &r.articles[i])),
                share_url => share_url,
            }
        }
        Content::Tags(listing) => context! { tags => listing },
        Content::Tag(slug) => {
            let tagged = r
                .articles
                .iter()
                .filter(|a| a.tags.iter().any(|t| &t.slug == slug));
            let tag = r
                .articles
                .iter()
                .flat_map(|a| &a.tags)
                .find(|t| &t.slug == slug);
            context! { tag => tag.map(Serde), articles => cards(tagged) }
        }
        Content::Surveys => {
            let mut list: Vec<&RSurvey> = r.surveys.values().collect();
            list.sort_by(|a, b| (&b.fieldwork.end, &b.id).cmp(&(&a.fieldwork.end, &a.id)));
            let series: Vec<_> = r.series.values().collect();
            context! { surveys => Serde(list), series => Serde(series) }
        }
        Content::Survey(id) => {
            let s = &r.surveys[id];
            context! {
                survey => Serde(s),
                charts => crate::render::site::survey_charts(input, s),
                downloads => Serde(crate::render::site::export::downloads(s)),
                articles => cards(r.articles.iter().filter(|a| a.survey.as_deref() == Some(id.as_str()))),
            }
        }
        Content::Series(id) => super::series::context(r, id),
        Content::Standalone(i) => super::standalone::context(input, *i),
        Content::NotFound => context! {},
    }
}

/// A link in the breadcrumb trail.
#[derive(Debug, Clone, Serialize)]
pub struct Crumb {
    /// Text.
    pub label: String,
    /// Path from the site root (`""` for home, `tags/`…).
    pub path: String,
}

/// One page to render: a template, where it goes, its own context and metadata.
#[derive(Debug, Clone)]
pub struct Page {
    /// Template name, e.g. `article.html`.
    pub template: &'static str,
    /// Output path relative to the output root, e.g. `slug/index.html`.
    pub path: PathBuf,
    /// What the page shows; its variables are built when it renders.
    pub content: Content,
    /// `<title>` text.
    pub title: String,
    /// Meta description.
    pub description: String,
    /// Open Graph type: `website` or `article`.
    pub og_type: &'static str,
    /// The article whose social image the page shows (its index in the resolved
    /// articles), if the page has its own; else the newest article's.
    pub image: Option<usize>,
    /// Structured data for the page, if any.
    pub json_ld: Option<serde_json::Value>,
    /// The trail from the home page (the page itself last).
    pub breadcrumbs: Vec<Crumb>,
    /// The navigation entry to mark as current: `home`, `surveys` or `tags`.
    pub section: &'static str,
    /// Listed in the sitemap, with this last-modified date.
    pub lastmod: Option<String>,
    /// Links are written from the site's base path instead of relative (the 404 page is
    /// served at any address).
    pub absolute_links: bool,
}

impl Page {
    pub(super) fn new(
        template: &'static str,
        path: impl Into<PathBuf>,
        title: String,
        description: String,
    ) -> Self {
        Page {
            template,
            path: path.into(),
            content: Content::NotFound,
            title,
            description,
            og_type: "website",
            image: None,
            json_ld: None,
            breadcrumbs: Vec::new(),
            section: "",
            lastmod: None,
            absolute_links: false,
        }
    }

    /// The prefix from this page back to the site root (`""`, `"../"`…), or the base
    /// path for pages served at any address.
    pub fn root(&self, base_path: &str) -> String {
        if self.absolute_links {
            return base_path.to_string();
        }
        "../".repeat(self.path.components().count().saturating_sub(1))
    }

    /// The page's path from the site root (`""`, `slug/`).
    pub fn url_path(&self) -> String {
        let p = crate::diagnostics::display_path(&self.path);
        p.strip_suffix("index.html")
            .map(str::to_string)
            .unwrap_or(p)
    }
}

pub(super) fn ui(r: &Resolved, key: &str) -> String {
    r.ui.get(key).cloned().unwrap_or_default()
}

pub(super) fn crumbs(r: &Resolved, trail: &[(&str, &str)]) -> Vec<Crumb> {
    let mut out = vec![Crumb {
        label: ui(r, "home"),
        path: String::new(),
    }];
    out.extend(trail.iter().map(|(label, path)| Crumb {
        label: label.to_string(),
        path: path.to_string(),
    }));
    out
}

/// Every page of the site.
pub fn pages(r: &Resolved) -> Vec<Page> {
    let mut pages = home_pages(r);
    pages.extend((0..r.articles.len()).map(|i| article_page(r, i)));
    pages.extend(tag_pages(r));
    pages.extend(survey_pages(r));
    pages.extend(super::series::pages(r));
    pages.extend(super::standalone::pages(r));
    let mut not_found = Page::new(
        "404.html",
        "404.html",
        format!("{} — {}", ui(r, "not_found_title"), r.config.title),
        ui(r, "not_found_text"),
    );
    not_found.absolute_links = true;
    not_found.content = Content::NotFound;
    pages.push(not_found);
    pages
}

/// The social image a page shows, from the site root, and its text alternative: its
/// own article's, else the newest article's.
pub fn social_image(r: &Resolved, page: &Page) -> Option<(String, String)> {
    let a = r.articles.get(page.image.unwrap_or(0))?;
    let path = format!("{}/{}", a.slug, crate::render::social::FILE_NAME);
    Some((path, crate::render::social::alt(r, a)))
}

/// The survey shown on the home page: the one whose fieldwork ended last.
pub fn latest_survey(r: &Resolved) -> Option<&RSurvey> {
    r.surveys.values().max_by(|a, b| {
        (&a.fieldwork.end, a.edition, &a.id).cmp(&(&b.fieldwork.end, b.edition, &b.id))
    })
}

fn home_pages(r: &Resolved) -> Vec<Page> {
    let chunks: Vec<&[RArticle]> = if r.articles.is_empty() {
        vec![&[]]
    } else {
        r.articles.chunks(PAGE_SIZE).collect()
    };
    let total = chunks.len();
    let latest = latest_survey(r);
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, articles)| {
            let n = i + 1;
            let path = if n == 1 {
                PathBuf::from("index.html")
            } else {
                PathBuf::from(format!("page/{n}/index.html"))
            };
            let page_path = |k: usize| {
                if k == 1 {
                    String::new()
                } else {
                    format!("page/{k}/")
                }
            };
            let title = if n == 1 {
                r.config.title.clone()
            } else {
                format!("{} — {} {n}", r.config.title, ui(r, "page"))
            };
            let mut page = Page::new("index.html", path, title, r.config.description.clone());
            page.content = Content::Home {
                first: i * PAGE_SIZE,
                count: articles.len(),
                current: n,
                total,
                prev: (n > 1).then(|| page_path(n - 1)),
                next: (n < total).then(|| page_path(n + 1)),
                latest: latest.filter(|_| n == 1).map(|s| s.id.clone()),
            };
            page.section = "home";
            page.lastmod = r.articles.first().map(|a| a.date.clone());
            if n > 1 {
                page.breadcrumbs = crumbs(r, &[(&format!("{} {n}", ui(r, "page")), &page_path(n))]);
            }
            page.json_ld = (n == 1).then(|| {
                json!({
                    "@context": "https://schema.org",
                    "@type": "WebSite",
                    "name": r.config.title,
                    "url": r.config.base_url,
                    "inLanguage": r.config.language,
                    "publisher": { "@type": "Organization", "name": r.config.organisation },
                })
            });
            page
        })
        .collect()
}

/// How many of the newest articles of each tag (and of the survey) are candidates for an
/// article's related articles: enough for good choices, and linear in the articles.
pub const RELATED_CANDIDATES: usize = 50;

/// The related articles of every article: up to three others sharing the most tags (the
/// survey counts as two), newest first on ties, among each tag's and the survey's
/// [`RELATED_CANDIDATES`] newest articles.
#[derive(Debug, Clone, Default)]
pub struct Related(Vec<Vec<usize>>);

impl Related {
    /// Compute them for the articles of `r` (newest first).
    pub fn of_site(r: &Resolved) -> Related {
        let mut groups: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
        for (i, a) in r.articles.iter().enumerate() {
            for key in keys(a) {
                groups.entry(key).or_default().push(i);
            }
        }
        let list = r
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let mut candidates: Vec<usize> = keys(a)
                    .filter_map(|k| groups.get(&k))
                    .flat_map(|g| g.iter().take(RELATED_CANDIDATES + 1).copied())
                    .filter(|&j| j != i)
                    .collect();
                candidates.sort_unstable();
                candidates.dedup();
                let score = |j: usize| {
                    let o = &r.articles[j];
                    let tags = o.tags.iter().filter(|t| a.tags.contains(t)).count();
                    tags + 2 * usize::from(o.survey.is_some() && o.survey == a.survey)
                };
                // Articles are newest first, so the index breaks ties by date.
                candidates.sort_by_key(|&j| (std::cmp::Reverse(score(j)), j));
                candidates.truncate(3);
                candidates
            })
            .collect();
        Related(list)
    }

    /// The related articles of article `index`.
    pub fn of(&self, index: usize) -> &[usize] {
        self.0.get(index).map_or(&[], Vec::as_slice)
    }
}

/// The groups an article's related articles are drawn from: each of its tags, and its
/// survey.
fn keys(a: &RArticle) -> impl Iterator<Item = (&'static str, &str)> {
    let tags = a.tags.iter().map(|t| ("tag", t.slug.as_str()));
    tags.chain(a.survey.as_deref().map(|s| ("survey", s)))
}

fn article_page(r: &Resolved, index: usize) -> Page {
    let a = &r.articles[index];
    let survey = a.survey.as_ref().and_then(|s| r.surveys.get(s));
    let url = format!("{}{}/", r.config.base_url, a.slug);
    let image = format!("{}/{}", a.slug, crate::render::social::FILE_NAME);
    let mut page = Page::new(
        "article.html",
        PathBuf::from(&a.slug).join("index.html"),
        format!("{} — {}", a.title, r.config.title),
        a.summary.clone(),
    );
    page.content = Content::Article {
        index,
        share_url: url.clone(),
    };
    page.og_type = "article";
    page.image = Some(index);
    page.breadcrumbs = crumbs(r, &[(&a.title, &format!("{}/", a.slug))]);
    page.section = "home";
    page.lastmod = Some(a.date.clone());
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "description": a.summary,
        "datePublished": a.published_at.as_ref().unwrap_or(&a.date),
        "dateModified": a.date,
        "inLanguage": r.config.language,
        "author": { "@type": "Organization", "name": a.author },
        "publisher": { "@type": "Organization", "name": r.config.organisation },
        "mainEntityOfPage": url,
        "image": [format!("{}{image}", r.config.base_url)],
        "keywords": a.tags.iter().map(|t| t.name.clone()).collect::<Vec<_>>(),
    });
    if let Some(s) = survey {
        ld["isBasedOn"] = json!(format!("{}surveys/{}/", r.config.base_url, s.id));
    }
    page.json_ld = Some(ld);
    page
}

/// Every tag with the articles carrying it, sorted by slug.
pub fn tags(r: &Resolved) -> BTreeMap<String, (RTag, Vec<&RArticle>)> {
    let mut out: BTreeMap<String, (RTag, Vec<&RArticle>)> = BTreeMap::new();
    for a in &r.articles {
        for t in &a.tags {
            out.entry(t.slug.clone())
                .or_insert_with(|| (t.clone(), Vec::new()))
                .1
                .push(a);
        }
    }
    out
}

fn tag_pages(r: &Resolved) -> Vec<Page> {
    let all = tags(r);
    let tags_label = ui(r, "tags");
    let listing: Vec<Value> = all
        .values()
        .map(|(t, list)| context! { name => t.name.clone(), slug => t.slug.clone(), count => list.len() })
        .collect();
    let mut index = Page::new(
        "tags.html",
        "tags/index.html",
        format!("{tags_label} — {}", r.config.title),
        ui(r, "tags_description"),
    );
    index.content = Content::Tags(listing);
    index.breadcrumbs = crumbs(r, &[(&tags_label, "tags/")]);
    index.section = "tags";
    index.lastmod = r.articles.first().map(|a| a.date.clone());
    let mut pages = vec![index];
    for (slug, (tag, articles)) in &all {
        let path = format!("tags/{slug}/");
        let mut page = Page::new(
            "tag.html",
            PathBuf::from(&path).join("index.html"),
            format!("{} — {tags_label} — {}", tag.name, r.config.title),
            format!("{}{} {}", ui(r, "tagged"), ui(r, "colon"), tag.name),
        );
        page.content = Content::Tag(slug.clone());
        page.breadcrumbs = crumbs(r, &[(&tags_label, "tags/"), (&tag.name, &path)]);
        page.section = "tags";
        page.lastmod = articles.first().map(|a| a.date.clone());
        pages.push(page);
    }
    pages
}

fn survey_pages(r: &Resolved) -> Vec<Page> {
    let label = ui(r, "surveys");
    let mut list: Vec<&RSurvey> = r.surveys.values().collect();
    list.sort_by(|a, b| (&b.fieldwork.end, &b.id).cmp(&(&a.fieldwork.end, &a.id)));
    let mut index = Page::new(
        "surveys.html",
        "surveys/index.html",
        format!("{label} — {}", r.config.title),
        ui(r, "surveys_description"),
    );
    index.content = Content::Surveys;
    index.breadcrumbs = crumbs(r, &[(&label, "surveys/")]);
    index.section = "surveys";
    let mut pages = vec![index];
    for s in list {
        pages.push(survey_page(r, s, &label));
    }
    pages
}

fn survey_page(r: &Resolved, s: &RSurvey, label: &str) -> Page {
    let path = format!("surveys/{}/", s.id);
    let url = format!("{}{path}", r.config.base_url);
    let downloads = crate::render::site::export::downloads(s);
    let description = crate::render::site::export::description(r, s);
    let presenting: Vec<&RArticle> = r
        .articles
        .iter()
        .filter(|a| a.survey.as_deref() == Some(&s.id))
        .collect();
    let mut page = Page::new(
        "survey.html",
        PathBuf::from(&path).join("index.html"),
        format!("{} — {}", s.title, r.config.title),
        description.clone(),
    );
    page.content = Content::Survey(s.id.clone());
    page.breadcrumbs = crumbs(r, &[(label, "surveys/"), (&s.title, &path)]);
    page.section = "surveys";
    page.lastmod = Some(s.fieldwork.end.clone());
    page.image = presenting
        .first()
        .and_then(|a| r.articles.iter().position(|x| x.slug == a.slug));
    let distribution: Vec<serde_json::Value> = [(&downloads.csv, "text/csv"), (&downloads.json, "application/json")]
        .iter()
        .map(|(file, format)| json!({ "@type": "DataDownload", "encodingFormat": format, "contentUrl": format!("{url}{file}") }))
        .collect();
    page.json_ld = Some(json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": s.title,
        "description": description,
        "url": url,
        "inLanguage": r.config.language,
        "creator": { "@type": "Organization", "name": s.organisation },
        "temporalCoverage": format!("{}/{}", s.fieldwork.start, s.fieldwork.end),
        "measurementTechnique": s.sample.method,
        "variableMeasured": s.questions.iter().map(|q| q.wording.clone()).collect::<Vec<_>>(),
        "isAccessibleForFree": true,
        "distribution": distribution,
    }));
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str) -> Page {
        Page::new("article.html", path, String::new(), String::new())
    }

    #[test]
    fn page_root_and_url() {
        let p = page("slug/index.html");
        assert_eq!(p.root("/sub/"), "../");
        assert_eq!(p.url_path(), "slug/");
        assert_eq!(page("tags/ia/index.html").root("/"), "../../");
        let mut nf = page("404.html");
        nf.absolute_links = true;
        assert_eq!(nf.root("/sub/"), "/sub/");
    }
}
