//! The infographic's capacity: what a chart or a breakdown shows when the data holds
//! more than the page has room for (`docs/infographic.md`). Validation warns about each
//! case; here the content is shortened, and the chart's note says what was left out.
//!
//! - A question chart shows at most [`MAX_ANSWERS`] answers ([`MAX_STACKED`] in a
//!   stacked bar), the most chosen for the first segment: for a single-choice question
//!   the others join the "other answers" remainder; for a multiple-choice one they are
//!   left out.
//! - A chart shows at most [`MAX_SEGMENTS`] segments, the first ones.
//! - A breakdown shows at most [`MAX_BREAKDOWN_ITEMS`] shares: the largest, and the
//!   rest summed as "others" when the breakdown is complete.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use crate::locale::Locale;
use crate::model::QuestionKind;
use crate::resolve::{RAnswer, RBreakdown, RQuestion, RShare, RSurvey};

use crate::model::ChartKind;
use crate::validate::{
    MAX_INFOGRAPHIC_ANSWERS as MAX_ANSWERS, MAX_INFOGRAPHIC_BREAKDOWN_ITEMS as MAX_BREAKDOWN_ITEMS,
    MAX_INFOGRAPHIC_SEGMENTS as MAX_SEGMENTS, MAX_INFOGRAPHIC_STACKED_ANSWERS as MAX_STACKED,
};

/// A question as the infographic draws it, and a note on what was left out.
pub struct Fitted<'a> {
    /// The survey, with at most [`MAX_SEGMENTS`] segments.
    pub survey: Cow<'a, RSurvey>,
    /// The question, with at most [`MAX_ANSWERS`] top-level answers.
    pub question: Cow<'a, RQuestion>,
    /// What was left out, in the site's language.
    pub note: Option<String>,
}

fn ui_text(ui: &BTreeMap<String, String>, key: &str, n: usize, list: &str) -> String {
    ui.get(key)
        .map(|t| t.replace("{n}", &n.to_string()).replace("{list}", list))
        .unwrap_or_default()
}

/// Fit question `q` of `survey` to the infographic.
pub fn question<'a>(
    survey: &'a RSurvey,
    q: &'a RQuestion,
    ui: &BTreeMap<String, String>,
) -> Fitted<'a> {
    let mut notes = Vec::new();
    let mut fitted_survey = Cow::Borrowed(survey);
    if survey.segments.len() > MAX_SEGMENTS {
        let mut s = survey.clone();
        let hidden: Vec<String> = s.segments.drain(MAX_SEGMENTS..).map(|g| g.label).collect();
        let note = ui_text(
            ui,
            "infographic_hidden_segments",
            hidden.len(),
            &hidden.join(", "),
        );
        notes.push(note);
        fitted_survey = Cow::Owned(s);
    }
    let top: Vec<&RAnswer> = q.answers.iter().filter(|a| a.part_of.is_none()).collect();
    let mut fitted_question = Cow::Borrowed(q);
    let max = if q.chart == ChartKind::Stacked {
        MAX_STACKED
    } else {
        MAX_ANSWERS
    };
    if top.len() > max {
        let keep = most_chosen(survey, &top, max);
        let mut shortened = q.clone();
        shortened
            .answers
            .retain(|a| keep.contains(a.part_of.as_deref().unwrap_or(&a.id)));
        let left = top.len() - max;
        let key = match (q.kind, left) {
            (QuestionKind::Single, 1) => "infographic_grouped_answer",
            (QuestionKind::Single, _) => "infographic_grouped_answers",
            (QuestionKind::Multiple, 1) => "infographic_hidden_answer",
            (QuestionKind::Multiple, _) => "infographic_hidden_answers",
        };
        notes.push(ui_text(ui, key, left, ""));
        fitted_question = Cow::Owned(shortened);
    }
    let notes: Vec<String> = notes.into_iter().filter(|n| !n.is_empty()).collect();
    Fitted {
        survey: fitted_survey,
        question: fitted_question,
        note: (!notes.is_empty()).then(|| notes.join(" ")),
    }
}

/// Ids of the `max` answers most chosen in the first segment (file order breaks ties;
/// answers without a value for it come last).
fn most_chosen<'a>(survey: &RSurvey, top: &[&'a RAnswer], max: usize) -> BTreeSet<&'a str> {
    let first = survey.segments.first().map(|g| g.id.as_str()).unwrap_or("");
    let mut ranked: Vec<&RAnswer> = top.to_vec();
    ranked.sort_by(|a, b| {
        let v = |x: &RAnswer| x.values.get(first).map_or(-1.0, |v| v.value);
        v(b).total_cmp(&v(a))
    });
    ranked
        .into_iter()
        .take(max)
        .map(|a| a.id.as_str())
        .collect()
}

/// Fit breakdown `b` to the infographic.
pub fn breakdown<'a>(
    b: &'a RBreakdown,
    locale: Locale,
    ui: &BTreeMap<String, String>,
) -> Cow<'a, RBreakdown> {
    if b.items.len() <= MAX_BREAKDOWN_ITEMS {
        return Cow::Borrowed(b);
    }
    let mut items = b.items.clone();
    items.sort_by(|x, y| y.value.total_cmp(&x.value));
    let mut fitted = b.clone();
    if b.partial {
        items.truncate(MAX_BREAKDOWN_ITEMS);
    } else {
        let rest: f64 = items
            .drain(MAX_BREAKDOWN_ITEMS - 1..)
            .map(|i| i.value)
            .sum();
        let rest = (rest * 10.0).round() / 10.0;
        items.push(RShare {
            label: ui
                .get("infographic_other_items")
                .cloned()
                .unwrap_or_default(),
            value: rest,
            text: locale.percent(rest),
        });
    }
    fitted.items = items;
    Cow::Owned(fitted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ui() -> BTreeMap<String, String> {
        [
            ("infographic_hidden_answers", "{n} hidden"),
            ("infographic_grouped_answers", "{n} grouped"),
            ("infographic_other_items", "Others"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    #[test]
    fn the_most_chosen_answers_stay_with_their_parts() {
        let mut yaml = String::from(
            "title: T\nedition: 2026\norganisation: O\nfieldwork: { start: 2026-01-01, end: 2026-01-02 }\n\
             sample: { size: 100, population: p, method: m }\nsegments: [{ id: all, label: All, base: 100 }]\n\
             questions:\n  - id: q\n    wording: Q\n    kind: multiple\n    answers:\n",
        );
        for i in 0..12 {
            yaml.push_str(&format!(
                "      - {{ id: a{i}, label: A{i}, values: {{ all: {i} }} }}\n"
            ));
        }
        yaml.push_str("      - { id: part, label: P, part_of: a11, values: { all: 5 } }\n");
        yaml.push_str("      - { id: lost, label: L, part_of: a0, values: { all: 0 } }\n");
        let survey = crate::resolve::survey_from_yaml(&yaml);
        let q = &survey.questions[0];
        let fit = question(&survey, q, &ui());
        let kept: Vec<&str> = fit.question.answers.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(
            kept,
            ["a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11", "part"]
        );
        assert_eq!(fit.note.as_deref(), Some("4 hidden"));
        let small = question(&survey, &survey.questions[0], &ui());
        assert!(matches!(small.survey, Cow::Borrowed(_)));
    }

    #[test]
    fn a_long_complete_breakdown_keeps_its_total() {
        let b = RBreakdown {
            id: "b".into(),
            label: "B".into(),
            partial: false,
            items: (1..=10)
                .map(|i| RShare {
                    label: format!("i{i}"),
                    value: f64::from(i) * 100.0 / 55.0,
                    text: String::new(),
                })
                .collect(),
        };
        let fitted = breakdown(&b, Locale::En, &ui());
        assert_eq!(fitted.items.len(), MAX_BREAKDOWN_ITEMS);
        assert_eq!(fitted.items.last().unwrap().label, "Others");
        let total: f64 = fitted.items.iter().map(|i| i.value).sum();
        assert!((total - 100.0).abs() < 0.2, "{total}");
    }
}
