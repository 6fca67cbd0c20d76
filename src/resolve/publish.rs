//! What a run publishes: articles and surveys whose date has come (an embargo is a date
//! with a time and a time zone), drafts and future ones only for a preview
//! (`--drafts`, `--future`). A survey is held back while its `published` moment is to
//! come, or, without one, while every article presenting it is (drafts included); an
//! article dated before its survey's release would leak it, and is an error.

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
    // Linear in articles and surveys: who presents each survey, and who is published.
    let mut presenting: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (i, a) in project.articles.iter().enumerate() {
        if let Some(id) = &a.front.survey {
            presenting.entry(id.value.as_str()).or_default().push(i);
        }
    }
    let mut published = vec![false; project.articles.len()];
    for &i in &out.articles {
        published[i] = true;
    }
    for s in &project.surveys {
        // Every article presenting it, drafts included: a survey whose articles are all
        // held back (for their date or as drafts) is held back with them.
        let presenting = presenting.get(s.id.as_str()).map_or(&[][..], Vec::as_slice);
        let why = match &s.data.published {
            Some(p) if future(&p.value) => Some(format!("embargoed until {}", until(&p.value))),
            Some(_) => None,
            None if !presenting.is_empty() && presenting.iter().all(|&i| !published[i]) => {
                Some("held back with every article presenting it".to_string())
            }
            None => None,
        };
        if let Some(why) = why {
            let why = format!("{why}; --future and --drafts build it for a preview");
            out.held.push((display_path(&s.path), why));
            out.held_surveys.insert(s.id.clone());
        }
    }
    let mut diags = Diagnostics::new();
    for doc in &project.articles {
        let Some(id) = &doc.front.survey else {
            continue;
        };
        let survey = project.surveys.iter().find(|s| s.id == id.value);
        // Dated before the survey's release: whatever the day of the build, it would
        // come out first, and show the figures early.
        let early = survey
            .and_then(|s| s.data.published.as_ref())
            .is_some_and(|p| doc.front.date.value.instant() < p.value.instant());
        let leaking = early
            || (out.held_surveys.contains(&id.value)
                && out
                    .articles
                    .iter()
                    .any(|&i| std::ptr::eq(&project.articles[i], doc)));
        if leaking && !doc.front.draft {
            let d = Diagnostic::error(format!(
                "article published before its survey `{}` (the survey is under embargo until then)",
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
