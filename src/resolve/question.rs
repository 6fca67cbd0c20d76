//! Questions resolved: each answer's value per segment formatted by what it measures
//! (a share of the respondents, a share of something else, a count), the parts of an
//! answer kept with it, and the question's base: who was asked and how many answered.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::locale::Locale;
use crate::model::{ChartKind, Measure, Question, QuestionKind, SurveyFile};

/// A question with its answers.
#[derive(Debug, Clone, Serialize)]
pub struct RQuestion {
    /// Id.
    pub id: String,
    /// Wording.
    pub wording: String,
    /// Single or multiple choice.
    pub kind: QuestionKind,
    /// Chart to draw.
    pub chart: ChartKind,
    /// Note shown under the chart.
    pub note: Option<String>,
    /// What the values measure.
    pub measure: Measure,
    /// For shares of something else: what they are shares of.
    pub of: Option<String>,
    /// For counts: their unit.
    pub unit: Option<String>,
    /// Who was asked, when not the whole sample.
    pub population: Option<String>,
    /// How many answered, per segment id, when published (for the question alone).
    pub bases: BTreeMap<String, RBase>,
    /// The base as a line under the chart: `Base : utilisateurs d'un outil d'IA (312)`;
    /// none when the question was asked of the whole sample and no base of its own was
    /// given (the sample's size is said elsewhere).
    pub base_line: Option<String>,
    /// Answers in file order (a part right after the answer it is part of, as written).
    pub answers: Vec<RAnswer>,
}

/// A base: how many answered.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RBase {
    /// The number (approximate if the text says so).
    pub n: u32,
    /// True when exact.
    pub exact: bool,
    /// As printed: `312`, `environ 300`.
    pub text: String,
}

/// One answer with a value per segment.
#[derive(Debug, Clone, Serialize)]
pub struct RAnswer {
    /// Id.
    pub id: String,
    /// Label for charts and tables.
    pub label: String,
    /// The answer inside a sentence.
    pub phrase: String,
    /// The broader answer this one is part of.
    pub part_of: Option<String>,
    /// Values by segment id (a segment without a value had none published).
    pub values: BTreeMap<String, RValue>,
}

/// A value and its formatted text.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RValue {
    /// The number: a percentage, or a count.
    pub value: f64,
    /// `72 %`, or `200 000` for a count.
    pub text: String,
}

/// Resolve question `q` of survey `s`.
pub(super) fn question(
    q: &Question,
    s: &SurveyFile,
    locale: Locale,
    ui: &BTreeMap<String, String>,
) -> RQuestion {
    let typo = |t: &str| locale.typography(t);
    let format = |v: f64| match q.measure {
        Measure::Count => locale.number(v),
        _ => locale.percent(v),
    };
    let bases: BTreeMap<String, RBase> = q
        .bases
        .0
        .iter()
        .map(|(seg, c)| {
            let base = RBase {
                n: c.value.n,
                exact: c.value.approx.is_none(),
                text: locale.count(c.value),
            };
            (seg.value.clone(), base)
        })
        .collect();
    let population = q.population.as_deref().map(typo);
    RQuestion {
        id: q.id.value.clone(),
        wording: typo(&q.wording),
        kind: q.kind,
        chart: q.chart_kind(s.segments.len()),
        note: q.note.as_deref().map(typo),
        measure: q.measure,
        of: q.of.as_deref().map(typo),
        unit: q.unit.as_deref().map(typo),
        base_line: base_line(s, &population, &bases, locale, ui),
        population,
        bases,
        answers: q
            .answers
            .iter()
            .map(|a| RAnswer {
                id: a.id.value.clone(),
                label: typo(&a.label),
                phrase: typo(a.phrase.as_deref().unwrap_or(&lowercase_first(&a.label))),
                part_of: a.part_of.as_ref().map(|p| p.value.clone()),
                values: a
                    .values
                    .0
                    .iter()
                    .map(|(k, v)| {
                        let value = RValue {
                            value: v.value,
                            text: format(v.value),
                        };
                        (k.value.clone(), value)
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The base line of a question asked of a subgroup, or with bases of its own:
/// `Base : utilisateurs d'un outil d'IA (312)`, `(base non publiée)`, or with a base for
/// more than one segment, each of them: `(Ensemble : 1 104 ; Urbains : environ 480)`.
fn base_line(
    s: &SurveyFile,
    population: &Option<String>,
    bases: &BTreeMap<String, RBase>,
    locale: Locale,
    ui: &BTreeMap<String, String>,
) -> Option<String> {
    let first = s.segments.first()?;
    let base = bases.get(&first.id.value);
    if population.is_none() && base.is_none() {
        return None;
    }
    let text = |k: &str| ui.get(k).cloned().unwrap_or_default();
    let who = population
        .clone()
        .unwrap_or_else(|| locale.typography(&first.label));
    let n = if bases.len() > 1 {
        let each: Vec<String> = s
            .segments
            .iter()
            .filter_map(|g| {
                let b = bases.get(&g.id.value)?;
                let pair = match locale {
                    Locale::Fr => format!("{} : {}", g.label, b.text),
                    Locale::En => format!("{}: {}", g.label, b.text),
                };
                Some(locale.typography(&pair))
            })
            .collect();
        each.join(match locale {
            Locale::Fr => "\u{a0}; ",
            Locale::En => "; ",
        })
    } else {
        base.map_or_else(|| text("base_unpublished"), |b| b.text.clone())
    };
    Some(format!("{} {who} ({n})", text("base_colon")))
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
