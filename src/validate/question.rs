//! The checks of a question beyond its answers: what its values measure (a share of the
//! respondents, of something else, a count) and how they may be drawn, and its bases.

use std::collections::BTreeSet;

use crate::model::{At, ChartKind, Measure, Question, SurveyFile};

use super::Checker;

impl Checker<'_> {
    /// A value checked for what it measures: a percentage from 0 to 100, or a count
    /// that is not negative.
    pub(super) fn value(&mut self, measure: Measure, value: &At<f64>, what: &str) {
        match measure {
            Measure::Count => {
                if !value.value.is_finite() || value.value < 0.0 {
                    let message = format!(
                        "count out of range ({what} is {}, expected 0 or more)",
                        value.value
                    );
                    self.error(value, message, "write the count as a number, 0 or more");
                }
            }
            _ => self.percentage(value, what),
        }
    }

    /// `of` and `unit` go with their measure, and only shares of the respondents add up
    /// to a 100 % stacked bar.
    pub(super) fn measure(&mut self, q: &Question) {
        let id = &q.id.value;
        if q.measure == Measure::Share && q.of.is_none() {
            self.error(
                &q.id,
                format!("question `{id}` measures shares of something else, without saying what (no `of:`)"),
                "add `of:` with what the percentages are shares of, e.g. `of: des autodiagnostics vus`",
            );
        }
        if q.measure != Measure::Share && q.of.is_some() {
            self.error(
                &q.id,
                format!("`of:` is only for `measure: share` (question `{id}`)"),
                "add `measure: share`, or remove `of:`",
            );
        }
        if q.measure != Measure::Count && q.unit.is_some() {
            self.error(
                &q.id,
                format!("`unit:` is only for `measure: count` (question `{id}`)"),
                "add `measure: count`, or remove `unit:`",
            );
        }
        if q.measure != Measure::Respondents && q.chart == Some(ChartKind::Stacked) {
            self.error(
                &q.id,
                format!("a stacked chart shows shares of the respondents that add up to 100 % (question `{id}` does not)"),
                "use `chart: bars` or `chart: grouped`",
            );
        }
    }

    /// A question's bases name segments, and are no larger than the segment's (or the
    /// sample's), when both are exact.
    pub(super) fn bases(&mut self, s: &SurveyFile, q: &Question) {
        let segments: BTreeSet<&str> = s.segments.iter().map(|g| g.id.value.as_str()).collect();
        self.unique("segment (in bases)", q.bases.0.iter().map(|(k, _)| k));
        for (seg, base) in &q.bases.0 {
            let Some(segment) = s.segments.iter().find(|g| g.id.value == seg.value) else {
                let ids: Vec<&str> = segments.iter().copied().collect();
                let hint = match crate::text::closest(&seg.value, &ids) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "use a segment id declared under `segments:`".into(),
                };
                let message = format!(
                    "undefined segment `{}` in bases (question `{}`)",
                    seg.value, q.id.value
                );
                self.error(seg, message, &hint);
                continue;
            };
            let whole = segment
                .base
                .as_ref()
                .map_or(s.sample.size.value, |b| b.value);
            if let (Some(n), Some(max)) = (base.value.exact_value(), whole.exact_value())
                && n > max
            {
                let message = format!(
                    "question base larger than its segment (`{}` answered by {n} in `{}`, which has {max})",
                    q.id.value, seg.value
                );
                self.error(
                    base,
                    message,
                    "a question's base is part of its segment: check both figures",
                );
            }
        }
    }
}
