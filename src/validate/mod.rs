//! Validate: the checks that need more than one value, across a file or across files.
//!
//! `site.yaml`: its settings (language, `base_url`). Surveys ([`survey`]): percentages in 0–100, single-choice totals, segment references
//! and bases, fieldwork dates, unique and well-formed ids, the infographic's
//! composition and capacity. Quotes and articles ([`content`]): ids, slugs, tags,
//! survey references. The method and the series of editions ([`series`]); the
//! disclosure items a published survey owes ([`disclosure`]). It also holds the infographic's capacity (`MAX_*`), which the
//! checks warn about and the infographic renderer applies. Every problem is reported
//! with its file and position; nothing stops at the first one.

pub(crate) mod content;
mod disclosure;
mod question;
mod series;
mod survey;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Project;
use crate::model::At;

/// Default allowance for single-choice totals over 100 caused by rounding.
pub(crate) const DEFAULT_ROUNDING_TOLERANCE: f64 = 1.0;

/// Check the whole project. The result holds errors and warnings.
pub fn validate(project: &Project) -> Diagnostics {
    let mut diags = Diagnostics::new();
    if let Some(site) = &project.site
        && let Err(found) = crate::load::config::site_config(site, Path::new("site.yaml"))
    {
        diags.extend(found);
    }
    let survey_ids: BTreeSet<&str> = project.survey_ids.iter().map(String::as_str).collect();
    let quote_ids: BTreeSet<&str> = project
        .quotes
        .iter()
        .map(|q| q.quote.id.value.as_str())
        .collect();
    if let Some(spec) = project.site.as_ref().and_then(|s| s.statistics.as_ref()) {
        Checker::new(Path::new("site.yaml"), &mut diags).statistics(spec);
    }
    for survey in &project.surveys {
        let mut v = Checker::new(&survey.path, &mut diags);
        v.survey(&survey.data, &survey_ids, &quote_ids);
        v.design(survey);
        if let Some(spec) = &survey.data.statistics {
            v.statistics(spec);
        }
        v.series(survey, &project.surveys);
        let site = project.site.as_ref().and_then(|s| s.statistics.as_ref());
        let st = crate::model::Statistics::merged(site, survey.data.statistics.as_ref());
        v.withheld_figures(survey, &st);
        v.infographic_trends(survey, &project.surveys);
        disclosure::disclosure(survey, project.disclosure, &mut diags);
    }
    series::forks(project, &mut diags);
    series::collisions(project, &mut diags);
    content::quotes(project, &mut diags);
    content::articles(project, &survey_ids, &mut diags);
    content::pages(project, &mut diags);
    diags
}

/// Collects the diagnostics of one file.
struct Checker<'a> {
    file: &'a Path,
    diags: &'a mut Diagnostics,
}

impl<'a> Checker<'a> {
    fn new(file: &'a Path, diags: &'a mut Diagnostics) -> Self {
        Checker { file, diags }
    }

    fn error<T>(&mut self, at: &At<T>, message: String, hint: &str) {
        let mut d = Diagnostic::error(message)
            .in_file(self.file)
            .spanning(at.len);
        if at.pos.line > 0 {
            d = d.at(at.pos);
        }
        self.diags.push(d.with_hint(hint));
    }

    /// Report an id that would break a file name or a web address (see
    /// [`crate::text::id_problem`]).
    fn id(&mut self, what: &str, id: &At<String>) {
        if let Some(problem) = crate::text::id_problem(&id.value) {
            let message = format!("invalid {what} id `{}` ({problem})", id.value);
            let hint = format!(
                "ids become file names and web addresses: write e.g. `{}`",
                crate::text::suggest_id(&id.value)
            );
            self.error(id, message, &hint);
        }
    }

    fn warn<T>(&mut self, at: &At<T>, message: String, hint: &str) {
        let mut d = Diagnostic::warning(message)
            .in_file(self.file)
            .spanning(at.len);
        if at.pos.line > 0 {
            d = d.at(at.pos);
        }
        self.diags.push(d.with_hint(hint));
    }

    /// Report repeated ids among `ids`, naming `what` they are.
    fn unique<'s>(&mut self, what: &str, ids: impl IntoIterator<Item = &'s At<String>>) {
        let mut seen: BTreeMap<&str, &At<String>> = BTreeMap::new();
        for id in ids {
            if let Some(first) = seen.get(id.value.as_str()) {
                let message = format!(
                    "duplicate {what} id `{}` (first defined at line {})",
                    id.value, first.pos.line
                );
                self.error(id, message, "give each one its own id");
            } else {
                seen.insert(&id.value, id);
            }
        }
    }

    fn percentage(&mut self, value: &At<f64>, what: &str) {
        if !(0.0..=100.0).contains(&value.value) || !value.value.is_finite() {
            let message = format!(
                "percentage out of range ({what} is {}, expected 0 to 100)",
                value.value
            );
            self.error(
                value,
                message,
                "write the percentage as a number from 0 to 100",
            );
        }
    }
}

/// Most headline figures the infographic holds (two rows of four).
pub(crate) const MAX_KEY_FIGURES: usize = 8;
/// Most charts the infographic holds (four rows of two, over two pages).
pub(crate) const MAX_CHARTS: usize = 8;
/// Most answers an infographic chart shows (the others are grouped or left out).
pub(crate) const MAX_INFOGRAPHIC_ANSWERS: usize = 8;
/// Most answers an infographic stacked bar shows (the others join the remainder):
/// more segments than this are too thin to label.
pub(crate) const MAX_INFOGRAPHIC_STACKED_ANSWERS: usize = 5;
/// Most segments an infographic chart shows (the first ones).
pub(crate) const MAX_INFOGRAPHIC_SEGMENTS: usize = 4;
/// Most shares an infographic breakdown shows (the largest; the rest as "others").
pub(crate) const MAX_INFOGRAPHIC_BREAKDOWN_ITEMS: usize = 6;
