//! The checks of quotes and articles: ids, slugs, tags and survey references, across
//! files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::diagnostics::Diagnostics;
use crate::load::Project;
use crate::model::At;

use super::Checker;

impl Checker<'_> {
    /// A tag must give an address (letters or digits, not too long); two spellings
    /// that give the same address are one tag, which a warning says.
    fn tag(&mut self, tag: &At<String>, seen: &mut BTreeMap<String, (String, std::path::PathBuf)>) {
        let slug = crate::text::slugify(&tag.value);
        if slug.is_empty() {
            let message = format!(
                "tag `{}` has no letter or digit to make its address from",
                tag.value
            );
            self.error(
                tag,
                message,
                "write the tag with words, e.g. `santé numérique`",
            );
            return;
        }
        if slug.len() > MAX_SLUG_LEN {
            let message = format!(
                "tag too long (its address has {} characters, at most {MAX_SLUG_LEN})",
                slug.len()
            );
            self.error(
                tag,
                message,
                "a tag is a short label: keep it to a few words",
            );
            return;
        }
        match seen.get(&slug) {
            Some((first, file)) if *first != tag.value => {
                let message = format!(
                    "tags `{}` and `{first}` (in {}) share the address `tags/{slug}/`, so they are one tag",
                    tag.value,
                    crate::diagnostics::display_path(file)
                );
                self.warn(tag, message, "write the tag the same way everywhere");
            }
            Some(_) => {}
            None => {
                seen.insert(slug, (tag.value.clone(), self.file.to_path_buf()));
            }
        }
    }
}

pub(super) fn quotes(project: &Project, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    for doc in &project.quotes {
        let q = &doc.quote;
        let mut c = Checker::new(&doc.path, diags);
        if let Some(first) = seen.get(q.id.value.as_str()) {
            let message = format!(
                "duplicate quote id `{}` (also defined in {})",
                q.id.value,
                crate::diagnostics::display_path(first)
            );
            c.error(&q.id, message, "give each quote its own id");
        } else {
            seen.insert(&q.id.value, &doc.path);
        }
        if q.text.trim().is_empty() {
            c.error(
                &q.id,
                format!("quote `{}` has no text", q.id.value),
                "write the quotation under `text:`",
            );
        }
        c.id("quote", &q.id);
    }
}

/// Longest article slug or tag address, in characters (file systems allow 255 bytes
/// per name; addresses should stay readable).
pub const MAX_SLUG_LEN: usize = 100;

impl Checker<'_> {
    /// An article's or a page's slug: a short web address, not a reserved name.
    fn slug(&mut self, at: &At<String>) {
        let slug = &at.value;
        let valid = !slug.is_empty()
            && slug
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
            && !RESERVED.contains(&slug.as_str());
        if !valid {
            self.error(at, format!("invalid slug `{slug}` (lowercase letters, digits and hyphens only; not a reserved name)"), "e.g. `barometre-e-sante-2026`");
        } else if slug.chars().count() > MAX_SLUG_LEN {
            let n = slug.chars().count();
            self.error(
                at,
                format!("slug too long ({n} characters, at most {MAX_SLUG_LEN})"),
                "a slug becomes a web address: keep it short",
            );
        }
    }
}

/// The site's own folders, which no article or page may take.
pub(crate) const RESERVED: [&str; 5] = ["assets", "tags", "surveys", "series", "page"];

/// Standalone pages: valid slugs, each its own and none an article's.
pub(super) fn pages(project: &Project, diags: &mut Diagnostics) {
    let mut slugs: BTreeMap<&str, &Path> = project
        .articles
        .iter()
        .map(|a| (a.front.slug.value.as_str(), a.path.as_path()))
        .collect();
    for p in &project.pages {
        let mut c = Checker::new(&p.path, diags);
        c.slug(&p.front.slug);
        let slug = p.front.slug.value.as_str();
        if let Some(first) = slugs.get(slug) {
            let message = format!(
                "duplicate slug `{slug}` (also used by {})",
                crate::diagnostics::display_path(first)
            );
            c.error(
                &p.front.slug,
                message,
                "each page and article needs its own slug",
            );
        } else {
            slugs.insert(slug, &p.path);
        }
    }
}

pub(super) fn articles(project: &Project, survey_ids: &BTreeSet<&str>, diags: &mut Diagnostics) {
    let mut slugs: BTreeMap<&str, &Path> = BTreeMap::new();
    let mut tags: BTreeMap<String, (String, std::path::PathBuf)> = BTreeMap::new();
    for a in &project.articles {
        let f = &a.front;
        let mut c = Checker::new(&a.path, diags);
        let slug = &f.slug.value;
        c.slug(&f.slug);
        for tag in &f.tags {
            c.tag(tag, &mut tags);
        }
        if let Some(first) = slugs.get(slug.as_str()) {
            let message = format!(
                "duplicate slug `{slug}` (also used by {})",
                crate::diagnostics::display_path(first)
            );
            c.error(&f.slug, message, "each article needs its own slug");
        } else {
            slugs.insert(slug, &a.path);
        }
        if let Some(survey) = &f.survey
            && !survey_ids.contains(survey.value.as_str())
        {
            let ids: Vec<&str> = survey_ids.iter().copied().collect();
            let hint = match crate::text::closest(&survey.value, &ids) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "use the file name (without .yaml) of a survey in data/".to_string(),
            };
            c.error(survey, format!("unknown survey `{}`", survey.value), &hint);
        }
    }
}
