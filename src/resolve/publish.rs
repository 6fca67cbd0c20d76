//! What a run publishes: articles and surveys whose date has come (an embargo is a date
//! with a time and a time zone), drafts and future ones only for a preview
//! (`--drafts`, `--future`). A survey is held back while its `published` moment is to
//! come, or, without one, while every article presenting it is; an article published
//! before its survey would leak it, and is an error.

use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::load::Project;
use crate::model::Moment;

/// What is published, and what is held back.
pub(super) struct Selection {
    /// Indices of the articles published, in the project's order.
    pub articles: Vec<usize>,
    /// Ids of the surveys held back.
    pub held_surveys: BTreeSet<String>,
    /// Everything held back, for the command line: `(source, why)`.
    pub held: Vec<(String, String)>,
}

/// `embargoed until 2026-01-27T09:00:00+01:00`.
fn until(when: &Moment) -> String {
    when.at
        .map_or_else(|| when.day.0.to_string(), super::article::rfc3339)
}

/// Select what `project` publishes; an article published before its survey is an error.
pub(super) fn select(project: &Project) -> Result<Selection, Diagnostics> {
    let publish = project.publish;
    let now = publish.now();
    let future = |m: &Moment| m.instant() > now && !publish.future;
    let mut out = Selection {
        articles: Vec::new(),
        held_surveys: BTreeSet::new(),
        held: Vec::new(),
    };
    for (i, doc) in project.articles.iter().enumerate() {
        let source = display_path(&doc.path);
        // Said on the command line, in English like every message of the tool.
        if doc.front.draft && !publish.drafts {
            out.held
                .push((source, "a draft; --drafts builds it for a preview".into()));
        } else if future(&doc.front.date.value) {
            let why = format!(
                "embargoed until {}; --future builds it for a preview",
                until(&doc.front.date.value)
            );
            out.held.push((source, why));
        } else {
            out.articles.push(i);
        }
    }
    for s in &project.surveys {
        let presenting: Vec<usize> = (0..project.articles.len())
            .filter(|&i| {
                let a = &project.articles[i];
                a.front.survey.as_ref().is_some_and(|id| id.value == s.id) && !a.front.draft
            })
            .collect();
        let why = match &s.data.published {
            Some(p) if future(&p.value) => Some(until(&p.value)),
            Some(_) => None,
            None if !presenting.is_empty()
                && presenting.iter().all(|i| !out.articles.contains(i)) =>
            {
                let first = presenting
                    .iter()
                    .map(|&i| project.articles[i].front.date.value)
                    .min_by_key(Moment::instant);
                first.map(|m| until(&m))
            }
            None => None,
        };
        if let Some(until) = why {
            let why = format!(
                "embargoed until {until} with its articles; --future builds it for a preview"
            );
            out.held.push((display_path(&s.path), why));
            out.held_surveys.insert(s.id.clone());
        }
    }
    let mut diags = Diagnostics::new();
    for &i in &out.articles {
        let doc = &project.articles[i];
        let Some(id) = &doc.front.survey else {
            continue;
        };
        if out.held_surveys.contains(&id.value) {
            let d = Diagnostic::error(format!(
                "article published before its survey `{}` (the survey is under embargo)",
                id.value
            ))
            .in_file(&doc.path)
            .at(id.pos)
            .with_hint("date the article at or after the survey's `published`, or publish the survey earlier");
            diags.push(d);
        }
    }
    match diags.has_errors() {
        true => Err(diags),
        false => Ok(out),
    }
}
