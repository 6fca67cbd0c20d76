//! The checks of a survey file: dates, sample, ids, segments, breakdowns, questions
//! and answers, and the infographic's composition and capacity.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::Diagnostic;
use crate::model::{At, Measure, QuestionKind, SurveyFile};

use super::{
    Checker, DEFAULT_ROUNDING_TOLERANCE, MAX_CHARTS, MAX_INFOGRAPHIC_ANSWERS,
    MAX_INFOGRAPHIC_BREAKDOWN_ITEMS, MAX_INFOGRAPHIC_SEGMENTS, MAX_INFOGRAPHIC_STACKED_ANSWERS,
    MAX_KEY_FIGURES,
};

impl Checker<'_> {
    /// Question ids that would name the same chart files as a breakdown's.
    fn reserved_ids(&mut self, s: &SurveyFile) {
        for q in &s.questions {
            if q.id.value.starts_with("breakdown-") {
                let message = format!(
                    "question id `{}` is reserved (ids starting with `breakdown-` name the charts of the sample's breakdowns)",
                    q.id.value
                );
                self.error(&q.id, message, "choose another id for the question");
            }
        }
    }

    pub(super) fn survey(
        &mut self,
        s: &SurveyFile,
        survey_ids: &BTreeSet<&str>,
        quote_ids: &BTreeSet<&str>,
    ) {
        let (start, end) = (&s.fieldwork.start, &s.fieldwork.end);
        if end.value < start.value {
            let message = format!(
                "fieldwork ends before it starts (end {} is before start {})",
                end.value.0, start.value.0
            );
            self.error(end, message, "swap the dates, or correct the year");
        }
        if s.sample.size.value.n == 0 {
            self.error(
                &s.sample.size,
                "empty sample (size is 0)".into(),
                "give the number of respondents",
            );
        }
        self.unique("segment", s.segments.iter().map(|g| &g.id));
        self.unique("breakdown", s.breakdowns.iter().map(|b| &b.id));
        self.unique("question", s.questions.iter().map(|q| &q.id));
        let defined = (s.segments.iter().map(|g| ("segment", &g.id)))
            .chain(s.breakdowns.iter().map(|b| ("breakdown", &b.id)))
            .chain(s.questions.iter().map(|q| ("question", &q.id)))
            .chain(
                s.questions
                    .iter()
                    .flat_map(|q| q.answers.iter().map(|a| ("answer", &a.id))),
            );
        for (what, id) in defined {
            self.id(what, id);
        }
        self.reserved_ids(s);
        let sample = s.sample.size.value.exact_value();
        for seg in &s.segments {
            let Some(base) = &seg.base else { continue };
            if let (Some(n), Some(size)) = (base.value.exact_value(), sample)
                && n > size
            {
                let message = format!(
                    "segment base larger than the sample (`{}` has {n} respondents, the sample {size})",
                    seg.id.value
                );
                self.error(
                    base,
                    message,
                    "a segment is part of the sample: check both figures",
                );
            }
        }
        if s.segments.is_empty() {
            self.diags.push(
                Diagnostic::error(
                    "no segments (a survey needs at least one, e.g. all respondents)",
                )
                .in_file(self.file)
                .at_line_col(1, 1)
                .with_hint("add `segments:` with an id, a label and a base"),
            );
        }
        self.breakdowns(s);
        let tolerance = s
            .rounding_tolerance
            .as_ref()
            .map_or(DEFAULT_ROUNDING_TOLERANCE, |t| t.value);
        for q in &s.questions {
            self.question(s, q, tolerance);
        }
        self.infographic(s, quote_ids);
        for prev in &s.previous_editions {
            if !survey_ids.contains(prev.value.as_str()) {
                let message = format!("unknown survey `{}` in previous_editions", prev.value);
                let ids: Vec<&str> = survey_ids.iter().copied().collect();
                let hint = match crate::text::closest(&prev.value, &ids) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => {
                        "use the file name (without .yaml) of another survey in data/".to_string()
                    }
                };
                self.error(prev, message, &hint);
            }
        }
    }

    /// Warn about content the infographic shortens to fit its page.
    fn capacity(&mut self, s: &SurveyFile) {
        let spec = s.infographic.as_ref().and_then(|i| i.charts.as_ref());
        let charts: Vec<(&crate::model::Question, &At<String>)> = match spec {
            Some(list) => list
                .iter()
                .filter_map(|c| {
                    let q = s.questions.iter().find(|q| q.id.value == c.value)?;
                    Some((q, c))
                })
                .collect(),
            None => s
                .questions
                .iter()
                .take(MAX_CHARTS)
                .map(|q| (q, &q.id))
                .collect(),
        };
        for (q, at) in charts {
            let n = q.answers.iter().filter(|a| a.part_of.is_none()).count();
            let stacked = q.chart_kind(s.segments.len()) == crate::model::ChartKind::Stacked;
            let max = if stacked {
                MAX_INFOGRAPHIC_STACKED_ANSWERS
            } else {
                MAX_INFOGRAPHIC_ANSWERS
            };
            if n > max {
                let what = match q.kind {
                    QuestionKind::Single => "the others are counted as other answers",
                    QuestionKind::Multiple => "the others are left out",
                };
                self.warn(at, format!(
                    "question `{}` has {n} answers; its infographic chart shows the {max} most chosen ({what}, as a note under the chart says)",
                    q.id.value
                ), "the website shows every answer; to choose what the infographic shows, keep fewer answers or pick another question under `infographic: charts:`");
            }
            if s.segments.len() > MAX_INFOGRAPHIC_SEGMENTS
                && q.chart != Some(crate::model::ChartKind::Bars)
            {
                self.warn(at, format!(
                    "{} segments; infographic charts show the first {MAX_INFOGRAPHIC_SEGMENTS} (a note names the others)",
                    s.segments.len()
                ), "put the segments the infographic should show first under `segments:`");
            }
        }
        for b in &s.breakdowns {
            if b.items.len() > MAX_INFOGRAPHIC_BREAKDOWN_ITEMS {
                self.warn(&b.id, format!(
                    "breakdown `{}` has {} shares; the infographic shows the {MAX_INFOGRAPHIC_BREAKDOWN_ITEMS} largest{}",
                    b.id.value,
                    b.items.len(),
                    if b.partial { "" } else { ", the rest summed as others" }
                ), "the website shows every share");
            }
        }
    }

    /// The infographic's figures, charts and quote must exist, and fit on the page.
    fn infographic(&mut self, s: &SurveyFile, quote_ids: &BTreeSet<&str>) {
        self.capacity(s);
        let Some(spec) = &s.infographic else { return };
        let key_figures = spec.key_figures.as_deref().unwrap_or(&[]);
        let charts = spec.charts.as_deref().unwrap_or(&[]);
        if key_figures.len() > MAX_KEY_FIGURES {
            let at = &key_figures[MAX_KEY_FIGURES].figure;
            self.error(
                at,
                format!(
                    "too many key figures ({}, the infographic holds {MAX_KEY_FIGURES})",
                    key_figures.len()
                ),
                "keep the figures that matter most (one row of four reads best)",
            );
        }
        if charts.len() > MAX_CHARTS {
            let at = &charts[MAX_CHARTS];
            self.error(
                at,
                format!(
                    "too many charts ({}, the infographic holds {MAX_CHARTS})",
                    charts.len()
                ),
                "keep the charts that matter most (four fit on one page with the rest)",
            );
        }
        for (list, what, key) in [
            (
                spec.key_figures.as_ref().map(Vec::len),
                "key figure",
                "key_figures",
            ),
            (spec.charts.as_ref().map(Vec::len), "chart", "charts"),
        ] {
            if list == Some(0) {
                self.diags.push(
                    Diagnostic::warning(format!(
                        "the infographic shows no {what} (`{key}` is an empty list)"
                    ))
                    .in_file(self.file)
                    .with_hint(format!(
                        "list the {what}s to show, or remove the key to let barograph choose them from the data"
                    )),
                );
            }
        }
        let default_segment = s
            .segments
            .first()
            .map(|g| g.id.value.clone())
            .unwrap_or_default();
        for k in key_figures {
            let seg = k
                .segment
                .as_ref()
                .map_or(default_segment.clone(), |g| g.value.clone());
            if let Err(message) = figure_exists(s, &k.figure.value, &seg) {
                self.error(
                    &k.figure,
                    message,
                    "name a figure as `question.answer` with a value for the segment",
                );
            }
        }
        for c in charts {
            if !s.questions.iter().any(|q| q.id.value == c.value) {
                self.error(
                    c,
                    format!("unknown question `{}` in infographic charts", c.value),
                    "use a question id of this survey",
                );
            }
        }
        if let Some(q) = &spec.quote
            && !quote_ids.contains(q.value.as_str())
        {
            self.error(
                q,
                format!("unknown quote `{}` in infographic", q.value),
                "use the id of a quote in content/quotes/",
            );
        }
    }

    fn breakdowns(&mut self, s: &SurveyFile) {
        for b in &s.breakdowns {
            for item in &b.items {
                self.percentage(&item.value, &format!("`{}`", item.label));
            }
            let total: f64 = b.items.iter().map(|i| i.value.value).sum();
            let tolerance = s
                .rounding_tolerance
                .as_ref()
                .map_or(DEFAULT_ROUNDING_TOLERANCE, |t| t.value);
            if !b.partial && (total - 100.0).abs() > tolerance && !b.items.is_empty() {
                let message = format!(
                    "breakdown `{}` adds up to {total}, not 100 (it is not marked partial)",
                    b.id.value
                );
                self.error(&b.id, message, "add the missing shares, or set `partial: true` if only the top items are listed");
            }
        }
    }

    fn question(&mut self, s: &SurveyFile, q: &crate::model::Question, tolerance: f64) {
        let segments: BTreeSet<&str> = s.segments.iter().map(|g| g.id.value.as_str()).collect();
        let answers: BTreeMap<&str, &crate::model::Answer> =
            q.answers.iter().map(|a| (a.id.value.as_str(), a)).collect();
        self.unique(
            &format!("answer (in question `{}`)", q.id.value),
            q.answers.iter().map(|a| &a.id),
        );
        if q.answers.is_empty() {
            self.error(
                &q.id,
                format!("question `{}` has no answers", q.id.value),
                "list the answers and their percentages",
            );
        }
        for a in &q.answers {
            self.unique("segment (in values)", a.values.0.iter().map(|(k, _)| k));
            for (seg, value) in &a.values.0 {
                if !segments.contains(seg.value.as_str()) {
                    let known = segments
                        .iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let message =
                        format!("undefined segment `{}` (segments are {known})", seg.value);
                    let hint = match crate::text::closest(
                        &seg.value,
                        &segments.iter().copied().collect::<Vec<_>>(),
                    ) {
                        Some(best) => format!(
                            "did you mean `{best}`? Segments are declared under `segments:`"
                        ),
                        None => "declare the segment under `segments:` or fix the id".to_string(),
                    };
                    self.error(seg, message, &hint);
                }
                self.value(
                    q.measure,
                    value,
                    &format!("`{}.{}` for `{}`", q.id.value, a.id.value, seg.value),
                );
            }
            if a.values.0.is_empty() {
                let first = s
                    .segments
                    .first()
                    .map_or("ensemble", |g| g.id.value.as_str());
                self.error(
                    &a.id,
                    format!("answer `{}` has no values", a.id.value),
                    &format!("give at least one percentage, e.g. `values: {{ {first}: 42 }}`"),
                );
            }
            if let Some(parent) = &a.part_of {
                match answers.get(parent.value.as_str()) {
                    None => {
                        let message = format!(
                            "unknown answer `{}` in part_of (question `{}`)",
                            parent.value, q.id.value
                        );
                        self.error(
                            parent,
                            message,
                            "part_of names another answer of the same question",
                        );
                    }
                    Some(p) if p.part_of.is_some() || p.id.value == a.id.value => {
                        let message = format!(
                            "part_of must name a top-level answer (`{}` is itself a part)",
                            parent.value
                        );
                        self.error(parent, message, "nest answers one level deep only");
                    }
                    Some(p) => self.part_not_above_whole(a, p),
                }
            }
        }
        if q.kind == QuestionKind::Single && q.measure == Measure::Respondents {
            self.single_choice_totals(s, q, tolerance);
        }
        self.measure(q);
        self.bases(s, q);
    }

    fn part_not_above_whole(&mut self, part: &crate::model::Answer, whole: &crate::model::Answer) {
        for (seg, value) in &part.values.0 {
            let parent = whole.values.0.iter().find(|(k, _)| k.value == seg.value);
            if let Some((_, pv)) = parent
                && value.value > pv.value + 1e-9
            {
                let message = format!(
                    "part larger than its whole (`{}` is {} but `{}` is {} for `{}`)",
                    part.id.value, value.value, whole.id.value, pv.value, seg.value
                );
                self.error(
                    value,
                    message,
                    "a part_of answer counts respondents already in the broader answer",
                );
            }
        }
    }

    fn single_choice_totals(&mut self, s: &SurveyFile, q: &crate::model::Question, tolerance: f64) {
        for seg in &s.segments {
            let values: Vec<&At<f64>> = q
                .answers
                .iter()
                .filter(|a| a.part_of.is_none())
                .filter_map(|a| {
                    a.values
                        .0
                        .iter()
                        .find(|(k, _)| k.value == seg.id.value)
                        .map(|(_, v)| v)
                })
                .collect();
            let total: f64 = values.iter().map(|v| v.value).sum();
            let shown = (total * 100.0).round() / 100.0;
            // Answers that look complete (each with a value, 90 or more in all) but do
            // not make 100 within rounding: a figure may be mistyped, or an answer left
            // out of the file.
            // Every answer has a value here (one not published explains any gap).
            let complete = values.len() == q.answers.iter().filter(|a| a.part_of.is_none()).count();
            if complete
                && total <= 100.0 + tolerance
                && total >= 90.0
                && crate::stats::rounding_sum_off(total)
            {
                let message = format!(
                    "single-choice answers add up to {shown} (question `{}`, segment `{}`; rounding explains 99 to 101)",
                    q.id.value, seg.id.value
                );
                self.warn(
                    &q.id,
                    message,
                    "check the figures, or add the answers left out (\"don't know\", say)",
                );
            }
            if total > 100.0 + tolerance {
                let message = format!(
                    "single-choice answers add up to more than 100 (question `{}`, segment `{}`: {} with a tolerance of {tolerance})",
                    q.id.value,
                    seg.id.value,
                    (total * 100.0).round() / 100.0
                );
                self.error(
                    &q.id,
                    message,
                    "a respondent gives one answer: check the figures, or set `kind: multiple`",
                );
            }
        }
    }
}

/// `Ok` if `question.answer` exists and has a value for `segment`.
fn figure_exists(s: &SurveyFile, reference: &str, segment: &str) -> Result<(), String> {
    let (qid, aid) = reference
        .split_once('.')
        .ok_or_else(|| format!("malformed figure `{reference}` (expected `question.answer`)"))?;
    let q = s
        .questions
        .iter()
        .find(|q| q.id.value == qid)
        .ok_or_else(|| format!("unknown question `{qid}` in figure `{reference}`"))?;
    let a = q
        .answers
        .iter()
        .find(|a| a.id.value == aid)
        .ok_or_else(|| format!("unknown answer `{aid}` in figure `{reference}`"))?;
    if !a.values.0.iter().any(|(k, _)| k.value == segment) {
        return Err(format!(
            "no value for segment `{segment}` (figure `{reference}`)"
        ));
    }
    Ok(())
}
