//! Disclosure completeness: the items a published survey owes its readers, after the
//! AAPOR Code (§III.A), the ESOMAR/WAPOR guideline and the notice of loi n° 77-808
//! (art. 2–3): sponsor, who ran it, fieldwork dates, population, sample size and how it
//! was drawn, mode, weighting, each question's wording, each figure's base, and the
//! margin of error or the statement that none can be computed. The format requires
//! some of them; the others are listed here when missing, as warnings, or as errors
//! with `check --strict`.

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::model::{At, SurveyDoc};

/// The disclosure items `doc` leaves out, each at the place to add it.
pub(super) fn disclosure(doc: &SurveyDoc, strict: bool, diags: &mut Diagnostics) {
    let s = &doc.data;
    let sample = &s.sample.size;
    let mut missing = |at: Position, item: &str, hint: &str| {
        let message = format!("disclosure item missing: {item}");
        let d = if strict {
            Diagnostic::error(message)
        } else {
            Diagnostic::warning(message)
        };
        diags.push(d.in_file(&doc.path).at(at).with_hint(hint));
    };
    if s.sponsor.is_none() {
        missing(
            s.edition.pos,
            "sponsor (who commissioned the survey)",
            "add `sponsor: <organisation>` (the organisation itself, if it paid for its own survey)",
        );
    }
    if s.sample.design.is_none() {
        missing(
            sample.pos,
            "how the sample was drawn",
            "add `design: probability`, `quota` or `opt_in` under `sample:`",
        );
    }
    if s.sample.method.is_none() {
        missing(
            sample.pos,
            "mode of data collection",
            "add `method:` under `sample:`, e.g. `questionnaire auto-administré en ligne`",
        );
    }
    if s.sample.weighting.is_none() {
        missing(
            sample.pos,
            "weighting",
            "add `weighting:` under `sample:`, e.g. `redressement sur le sexe, l'âge et la région`, or `aucune pondération`",
        );
    }
    for q in &s.questions {
        let unbased: Vec<&str> = s
            .segments
            .iter()
            .filter(|g| q.answers.iter().any(|a| has_value(&a.values.0, &g.id.value)))
            .filter(|g| {
                let own = q.bases.0.iter().any(|(k, _)| k.value == g.id.value);
                // A question asked of a subgroup does not take its segment's base.
                !(own || (q.population.is_none() && g.base.is_some()))
            })
            .map(|g| g.id.value.as_str())
            .collect();
        if !unbased.is_empty() {
            let item = format!(
                "base of question `{}` for {} `{}`",
                q.id.value,
                if unbased.len() > 1 { "segments" } else { "segment" },
                unbased.join("`, `")
            );
            missing(
                q.id.pos,
                &item,
                "add `bases: { <segment>: <respondents> }` to the question, or `base:` to the segment",
            );
        }
    }
}

fn has_value(values: &[(At<String>, At<f64>)], segment: &str) -> bool {
    values.iter().any(|(k, _)| k.value == segment)
}
