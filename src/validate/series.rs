//! The checks of a survey's method and of the series its editions form: statistical
//! settings and design in range, each edition after the one it follows, questions and
//! answers matched across editions (a reworded question warned about, since
//! comparability is at stake), and the disclosure items a published survey owes its
//! readers (AAPOR Code §III.A, ESOMAR/WAPOR, loi n° 77-808 art. 2–3).

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Project;
use crate::model::{
    At, Design, Statistics, StatisticsSpec, SurveyDoc, matching_answer, matching_question,
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
                compact(c.value)
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
            && !(0.5..=10.0).contains(&d.value)
        {
            let message = format!(
                "design effect out of range ({}, expected 0.5 to 10)",
                compact(d.value)
            );
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
            if let Some(n) = s.flag_base(q, seg).map(|c| c.n)
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

    /// The infographic's trends: at most two, each a question asked in the previous
    /// edition.
    pub(super) fn infographic_trends(&mut self, doc: &SurveyDoc, docs: &[SurveyDoc]) {
        let s = &doc.data;
        let Some(list) = s.infographic.as_ref().and_then(|i| i.trends.as_ref()) else {
            return;
        };
        if let Some(third) = list.get(2) {
            let message = format!("too many trends ({}, the infographic holds 2)", list.len());
            self.error(third, message, "keep the two trends that matter most");
        }
        let prev = previous_edition(docs, s);
        for t in list {
            let Some(q) = s.questions.iter().find(|q| q.id.value == t.value) else {
                let ids: Vec<&str> = s.questions.iter().map(|q| q.id.value.as_str()).collect();
                let hint = closest(&t.value, &ids).map_or_else(
                    || "name a question of this survey".to_string(),
                    |c| format!("did you mean `{c}`?"),
                );
                self.error(
                    t,
                    format!("unknown question `{}` in infographic trends", t.value),
                    &hint,
                );
                continue;
            };
            if prev.and_then(|p| matching_question(&p.data, q)).is_none() {
                let message = format!(
                    "no trend for question `{}` (it was not asked in a previous edition)",
                    t.value
                );
                self.error(t, message, "list the earlier edition in previous_editions, match the question with `previous:`, or remove it from trends");
            }
        }
    }

    /// The links of `doc` to its previous edition, and its questions matched to it.
    pub(super) fn series(&mut self, doc: &SurveyDoc, docs: &[SurveyDoc]) {
        let s = &doc.data;
        if let Some(spec) = &s.series {
            self.id("series", &spec.id);
        }
        let mut listed: BTreeMap<&str, &At<String>> = BTreeMap::new();
        for p in &s.previous_editions {
            if listed.insert(p.value.as_str(), p).is_some() {
                let message = format!("`{}` is listed twice in previous_editions", p.value);
                self.error(p, message, "list each earlier edition once");
            }
        }
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
        // The previous edition is one of those listed.
        let Some(link) = s.previous_editions.iter().find(|p| p.value == prev.id) else {
            return;
        };
        let tied: Vec<&str> = docs
            .iter()
            .filter(|d| d.id != prev.id && d.data.edition.value == prev.data.edition.value)
            .filter(|d| s.previous_editions.iter().any(|p| p.value == d.id))
            .map(|d| d.id.as_str())
            .collect();
        if let Some(other) = tied.first() {
            let message = format!(
                "two previous editions have edition {} (`{}` and `{other}`)",
                prev.data.edition.value, prev.id
            );
            self.error(
                link,
                message,
                "each edition of a series has its own `edition` number: correct one of them",
            );
        }
        let (id, _) = series_name(s);
        let (prev_id, _) = series_name(&prev.data);
        if id != prev_id && (s.series.is_some() || prev.data.series.is_some()) {
            let message = format!(
                "editions of one series named differently (`{id}` here, `{prev_id}` in `{}`)",
                prev.id
            );
            let at = s.series.as_ref().map_or(link, |spec| &spec.id);
            self.error(
                at,
                message,
                "give every edition the same `series: { id, title }`",
            );
        }
        for g in &s.segments {
            if !prev.data.segments.iter().any(|p| p.id.value == g.id.value) {
                let message = format!(
                    "segment `{}` is not in edition {} (no change or trend is computed for it)",
                    g.id.value, prev.data.edition.value
                );
                self.warn(&g.id, message, "a segment is followed across editions by its id: keep the id of the same group");
            }
        }
        let mut continued: BTreeMap<&str, &At<String>> = BTreeMap::new();
        for q in &s.questions {
            if let Some(pq) = matching_question(&prev.data, q)
                && let Some(first) = continued.insert(pq.id.value.as_str(), &q.id)
            {
                let message = format!(
                    "questions `{}` and `{}` both continue question `{}` of edition {}",
                    first.value, q.id.value, pq.id.value, prev.data.edition.value
                );
                let at = q.previous.as_ref().unwrap_or(&q.id);
                self.error(at, message, "one question continues one question: correct `previous:`, or give the new question another id");
            }
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
        let mut continued: BTreeMap<&str, &At<String>> = BTreeMap::new();
        for a in &q.answers {
            if let Some(pa) = matching_answer(pq, a)
                && let Some(first) = continued.insert(pa.id.value.as_str(), &a.id)
            {
                let message = format!(
                    "answers `{}` and `{}` both continue answer `{}` of question `{}`",
                    first.value, a.id.value, pa.id.value, pq.id.value
                );
                let at = a.previous.as_ref().unwrap_or(&a.id);
                self.error(
                    at,
                    message,
                    "one answer continues one answer: correct `previous:`",
                );
            }
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

/// A number as short as it reads: `1e308`, not 309 digits.
fn compact(x: f64) -> String {
    if x != 0.0 && (x.abs() >= 1e6 || x.abs() < 1e-3) {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// Two series of editions that would have the same page: the later one's id, at the
/// latest edition of each.
pub(super) fn collisions(project: &Project, diags: &mut Diagnostics) {
    let docs = &project.surveys;
    // The editions some later one follows, found once.
    let followed: std::collections::BTreeSet<&str> = docs
        .iter()
        .filter_map(|o| previous_edition(docs, &o.data))
        .map(|p| p.id.as_str())
        .collect();
    // The editions of the series `doc` ends.
    let editions = |doc: &'_ SurveyDoc| {
        let mut ids = vec![doc.id.clone()];
        let mut at = doc;
        while let Some(prev) = previous_edition(docs, &at.data) {
            ids.push(prev.id.clone());
            at = prev;
        }
        ids
    };
    let mut seen: BTreeMap<String, &SurveyDoc> = BTreeMap::new();
    for doc in docs {
        // The latest edition of a series of two or more.
        if followed.contains(doc.id.as_str()) || previous_edition(docs, &doc.data).is_none() {
            continue;
        }
        let (id, _) = series_name(&doc.data);
        if let Some(first) = seen.get(&id).copied() {
            // Two ends of one line of editions: a fork, reported by `forks`.
            let shared = editions(first).iter().any(|e| editions(doc).contains(e));
            if shared {
                continue;
            }
            let at = doc
                .data
                .series
                .as_ref()
                .map_or(doc.data.edition.pos, |s| s.id.pos);
            let d = Diagnostic::error(format!(
                "two series are named `{id}` (the editions of `{}` and those of `{}`)",
                first.id, doc.id
            ))
            .in_file(&doc.path)
            .at(at)
            .with_hint("give one of them `series: { id, title }` with another id in every edition");
            diags.push(d);
        } else {
            seen.insert(id, doc);
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
            .at(second
                .data
                .previous_editions
                .iter()
                .find(|p| p.value == prev)
                .map_or(second.data.edition.pos, |p| p.pos))
            .with_hint("a series is one line of editions: make the later one list the other in previous_editions");
            diags.push(d);
        }
    }
}
