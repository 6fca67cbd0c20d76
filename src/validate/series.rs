//! The checks of a survey's method and of the series its editions form: statistical
//! settings and design in range, each edition after the one it follows, questions and
//! answers matched across editions (a reworded question warned about, since
//! comparability is at stake), and the disclosure items a published survey owes its
//! readers (AAPOR Code §III.A, ESOMAR/WAPOR, loi n° 77-808 art. 2–3).

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Project;
use crate::model::{
    Design, Statistics, StatisticsSpec, SurveyDoc, matching_answer, matching_question,
    previous_edition, series_name,
};
use crate::text::closest;

use super::Checker;

impl Checker<'_> {
    /// Confidence in 0.5–0.999, thresholds in order.
    pub(super) fn statistics(&mut self, spec: &StatisticsSpec) {
        if let Some(c) = &spec.confidence
            && !(0.5..=0.999).contains(&c.value)
        {
            let message = format!(
                "confidence level out of range ({}, expected 0.5 to 0.999)",
                c.value
            );
            self.error(
                c,
                message,
                "write it as a fraction, e.g. `confidence: 0.95` for 95 %",
            );
        }
        let caution = spec.caution_below.as_ref().map_or(50, |c| c.value);
        if let Some(s) = &spec.suppress_below
            && s.value > caution
        {
            let message = format!(
                "suppress_below is above caution_below ({} > {caution})",
                s.value
            );
            self.error(s, message, "figures are first read with caution, then hidden: e.g. caution_below: 50, suppress_below: 30");
        }
    }

    /// The sample's design: a positive design effect, a population at least as large as
    /// the sample.
    pub(super) fn design(&mut self, doc: &SurveyDoc) {
        let sample = &doc.data.sample;
        if let Some(d) = &sample.design_effect
            && !(d.value.is_finite() && d.value > 0.0)
        {
            let message = format!("design effect must be positive (it is {})", d.value);
            self.error(
                d,
                message,
                "write the design effect, e.g. `design_effect: 1.4`, or remove it",
            );
        }
        if let (Some(pop), Some(n)) = (&sample.population_size, sample.size.value.exact_value())
            && pop.value.n < n
        {
            let message = format!(
                "population smaller than the sample (population_size {}, sample {n})",
                pop.value.n
            );
            self.error(
                pop,
                message,
                "population_size is the size of the whole population sampled",
            );
        }
        if let (Some(_), Some(d)) = (&sample.margins, &sample.design)
            && d.value == Design::Probability
        {
            self.warn(
                d,
                "`margins` is only for quota and opt-in samples (a probability sample has margins of error anyway)".into(),
                "remove `margins`",
            );
        }
    }

    /// Key figures the small-base rule withholds: a figure the infographic cannot show.
    pub(super) fn withheld_figures(&mut self, doc: &SurveyDoc, st: &Statistics) {
        let s = &doc.data;
        let Some(figures) = s.infographic.as_ref().and_then(|i| i.key_figures.as_ref()) else {
            return;
        };
        let first = s
            .segments
            .first()
            .map(|g| g.id.value.as_str())
            .unwrap_or("");
        for k in figures {
            let seg = k.segment.as_ref().map_or(first, |g| g.value.as_str());
            let Some((qid, _)) = k.figure.value.split_once('.') else {
                continue;
            };
            let Some(q) = s.questions.iter().find(|q| q.id.value == qid) else {
                continue;
            };
            if let Some((n, _)) = s.value_base(q, seg)
                && n < st.suppress_below
            {
                let message = format!(
                    "key figure `{}` is not shown (its base for `{seg}` is {n}, below {})",
                    k.figure.value, st.suppress_below
                );
                self.error(&k.figure, message, "choose a figure on a larger base, or set `statistics: { suppress_below: … }` if your own rule allows it");
            }
        }
    }

    /// The links of `doc` to its previous edition, and its questions matched to it.
    pub(super) fn series(&mut self, doc: &SurveyDoc, docs: &[SurveyDoc]) {
        let s = &doc.data;
        for p in &s.previous_editions {
            if let Some(prev) = docs.iter().find(|d| d.id == p.value)
                && prev.data.edition.value >= s.edition.value
            {
                let message = format!(
                    "previous edition `{}` is not earlier (it is edition {}, this one {})",
                    p.value, prev.data.edition.value, s.edition.value
                );
                self.error(
                    p,
                    message,
                    "list only earlier editions in previous_editions, or correct `edition`",
                );
            }
        }
        let Some(prev) = previous_edition(docs, s) else {
            for q in &s.questions {
                if let Some(p) = &q.previous {
                    let message = format!(
                        "`previous: {}` but the survey has no previous edition",
                        p.value
                    );
                    self.error(
                        p,
                        message,
                        "add `previous_editions: [<id>]`, or remove `previous`",
                    );
                }
            }
            return;
        };
        let (id, _) = series_name(s);
        let (prev_id, _) = series_name(&prev.data);
        if id != prev_id && (s.series.is_some() || prev.data.series.is_some()) {
            let message = format!(
                "editions of one series named differently (`{id}` here, `{prev_id}` in `{}`)",
                prev.id
            );
            self.error(
                &s.edition,
                message,
                "give every edition the same `series: { id, title }`",
            );
        }
        for q in &s.questions {
            self.matched_question(q, prev);
        }
    }

    fn matched_question(&mut self, q: &crate::model::Question, prev: &SurveyDoc) {
        let Some(pq) = matching_question(&prev.data, q) else {
            if let Some(p) = &q.previous {
                let ids: Vec<&str> = prev
                    .data
                    .questions
                    .iter()
                    .map(|q| q.id.value.as_str())
                    .collect();
                let hint = match closest(&p.value, &ids) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!("the questions of `{}` are: {}", prev.id, ids.join(", ")),
                };
                let message = format!("unknown question `{}` in edition `{}`", p.value, prev.id);
                self.error(p, message, &hint);
            }
            return;
        };
        if !crate::text::same_words(&pq.wording, &q.wording) {
            let message = format!(
                "question `{}` is worded differently from edition {} (now \"{}\", then \"{}\")",
                q.id.value, prev.data.edition.value, q.wording, pq.wording
            );
            self.warn(&q.id, message, "a change of wording can change the answers: its trend is marked as reworded; make the wordings equal if only the spelling changed");
        }
        for a in &q.answers {
            if matching_answer(pq, a).is_none()
                && let Some(p) = &a.previous
            {
                let ids: Vec<&str> = pq.answers.iter().map(|a| a.id.value.as_str()).collect();
                let hint = match closest(&p.value, &ids) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!("the answers of `{}` were: {}", pq.id.value, ids.join(", ")),
                };
                let message = format!(
                    "unknown answer `{}` of question `{}` in edition `{}`",
                    p.value, pq.id.value, prev.id
                );
                self.error(p, message, &hint);
            }
        }
    }
}

/// Two editions that both follow the same one: the series would fork.
pub(super) fn forks(project: &Project, diags: &mut Diagnostics) {
    let mut followers: BTreeMap<&str, Vec<&SurveyDoc>> = BTreeMap::new();
    for doc in &project.surveys {
        if let Some(prev) = previous_edition(&project.surveys, &doc.data) {
            followers.entry(prev.id.as_str()).or_default().push(doc);
        }
    }
    for (prev, docs) in followers {
        if let [first, second, ..] = docs.as_slice() {
            let d = Diagnostic::error(format!(
                "two editions follow `{prev}` (`{}` and `{}`)",
                first.id, second.id
            ))
            .in_file(&second.path)
            .at(second.data.edition.pos)
            .with_hint("a series is one line of editions: make the later one list the other in previous_editions");
            diags.push(d);
        }
    }
}
