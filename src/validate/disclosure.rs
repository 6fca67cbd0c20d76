//! Disclosure completeness: the items a published survey owes its readers, after the
//! AAPOR Code (§III.A), the ESOMAR/WAPOR guideline and the notice of loi n° 77-808
//! (art. 2–3): sponsor, who ran it, fieldwork dates, population, sample size and how it
//! was drawn, mode, weighting, each question's wording, each figure's base, and the
//! margin of error or the statement that none can be computed. The format requires
//! some of them; the others are listed here when missing, by `check` as warnings, or
//! as errors with `check --strict` (a build does not repeat them).

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::model::{At, Disclosure, SurveyDoc};

/// The disclosure items `doc` leaves out, each at the place to add it.
pub(super) fn disclosure(doc: &SurveyDoc, mode: Disclosure, diags: &mut Diagnostics) {
    if mode == Disclosure::Off {
        return;
    }
    let strict = mode == Disclosure::Strict;
    let s = &doc.data;
    let d = |message: String| match strict {
        true => Diagnostic::error(message),
        false => Diagnostic::warning(message),
    };
    // The survey's own items, in one diagnostic: what is missing, and where each goes.
    let items: Vec<(&str, &str)> = [
        (
            s.sponsor.is_none(),
            (
                "sponsor",
                "`sponsor:` (the organisation itself, if it paid for its own survey)",
            ),
        ),
        (
            s.sample.design.is_none(),
            (
                "how the sample was drawn",
                "`design: probability`, `quota` or `opt_in` under `sample:`",
            ),
        ),
        (
            s.sample.method.is_none(),
            ("mode of data collection", "`method:` under `sample:`"),
        ),
        (
            s.sample.weighting.is_none(),
            (
                "weighting",
                "`weighting:` under `sample:` (or `aucune pondération`)",
            ),
        ),
    ]
    .into_iter()
    .filter_map(|(missing, item)| missing.then_some(item))
    .collect();
    if !items.is_empty() {
        let names: Vec<&str> = items.iter().map(|(n, _)| *n).collect();
        let keys: Vec<&str> = items.iter().map(|(_, k)| *k).collect();
        let plural = if items.len() > 1 { "s" } else { "" };
        diags.push(
            d(format!(
                "disclosure item{plural} missing: {}",
                names.join(", ")
            ))
            .in_file(&doc.path)
            .at(s.edition.pos)
            .with_hint(format!("add {}", keys.join("; "))),
        );
    }
    let mut missing = |at: Position, item: &str, hint: &str| {
        let message = format!("disclosure item missing: {item}");
        diags.push(d(message).in_file(&doc.path).at(at).with_hint(hint));
    };
    for q in &s.questions {
        let unbased: Vec<&str> = s
            .segments
            .iter()
            .filter(|g| {
                q.answers
                    .iter()
                    .any(|a| has_value(&a.values.0, &g.id.value))
            })
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
                if unbased.len() > 1 {
                    "segments"
                } else {
                    "segment"
                },
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
