//! Questions resolved: each answer's value per segment formatted by what it measures
//! (a share of the respondents, a share of something else, a count), the parts of an
//! answer kept with it, and the question's base: who was asked and how many answered.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::locale::Locale;
use crate::model::{ChartKind, Measure, Question, QuestionKind, Statistics, SurveyFile};
use crate::stats::BaseFlag;

use super::Ctx;
use super::method::{margin, margin_text, value_base, value_flag};
use super::series::{RChange, before, change};

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
    /// The small-base notes, in words: which segments are to be read with caution,
    /// which are not shown; already part of `base_line`.
    pub small_bases: Option<String>,
}

impl RQuestion {
    /// The note shown under its chart: its own note, then its small-base notes.
    pub fn chart_note(&self) -> Option<String> {
        match (&self.note, &self.small_bases) {
            (Some(n), Some(b)) => Some(format!("{n} {b}")),
            (n, b) => n.clone().or_else(|| b.clone()),
        }
    }
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
    /// Values by segment id (a segment without a value had none published, or its
    /// base is too small to show it: then it is in `withheld`).
    pub values: BTreeMap<String, RValue>,
    /// Values not shown because their base is below the suppression threshold, by
    /// segment id.
    pub withheld: BTreeMap<String, RWithheld>,
}

/// A value withheld for its small base.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RWithheld {
    /// The base.
    pub base: u32,
    /// What stands in its place: `base < 30`.
    pub text: String,
}

/// A value and its formatted text.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RValue {
    /// The number: a percentage, or a count.
    pub value: f64,
    /// `72 %`, or `200 000` for a count.
    pub text: String,
    /// The respondents it is a share of, when published.
    pub base: Option<u32>,
    /// Its margin of error in points, where the sample's design allows one.
    pub margin: Option<f64>,
    /// `±3,1 points`.
    pub margin_text: Option<String>,
    /// `caution` when its base is below the caution threshold.
    pub flag: Option<&'static str>,
    /// Its change against the previous edition, when that edition has it.
    pub change: Option<RChange>,
}

/// Resolve question `q` of survey `s`.
pub(super) fn question(q: &Question, s: &SurveyFile, ctx: &Ctx, st: &Statistics) -> RQuestion {
    let (locale, ui) = (ctx.locale, ctx.ui);
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
    let small = small_bases(q, s, ctx, st);
    // The previous edition's question, found once for all the values.
    let before = before(ctx, s, q);
    RQuestion {
        id: q.id.value.clone(),
        wording: typo(&q.wording),
        kind: q.kind,
        chart: q.chart_kind(s.segments.len()),
        note: q.note.as_deref().map(typo),
        measure: q.measure,
        of: q.of.as_deref().map(typo),
        unit: q.unit.as_deref().map(typo),
        base_line: {
            let line = base_line(s, &population, &bases, locale, ui);
            match (line, &small) {
                (Some(l), Some(n)) => Some(format!("{l} {n}")),
                (l, n) => l.or_else(|| n.clone()),
            }
        },
        small_bases: small,
        population,
        bases,
        answers: q
            .answers
            .iter()
            .map(|a| {
                let before = before.as_ref();
                let mut values = BTreeMap::new();
                let mut withheld = BTreeMap::new();
                for (k, v) in &a.values.0 {
                    let seg = k.value.as_str();
                    let base = value_base(s, q, seg);
                    let exact = base.filter(|(_, exact)| *exact).map(|(n, _)| n);
                    match value_flag(s, st, q, seg) {
                        (Some(c), BaseFlag::Suppressed) => {
                            let text = ctx
                                .text("suppressed_short")
                                .replace("{n}", &locale.number(f64::from(st.suppress_below)));
                            withheld.insert(k.value.clone(), RWithheld { base: c.n, text });
                        }
                        found => {
                            let m = exact.and_then(|n| margin(s, st, q.measure, v.value, n));
                            let value = RValue {
                                value: v.value,
                                text: format(v.value),
                                base: base.map(|(n, _)| n),
                                margin: m,
                                margin_text: m.map(|m| margin_text(locale, ui, m)),
                                flag: matches!(found, (_, BaseFlag::Caution)).then_some("caution"),
                                change: change(ctx, (s, st), before, (q, a, seg), v.value),
                            };
                            values.insert(k.value.clone(), value);
                        }
                    }
                }
                RAnswer {
                    id: a.id.value.clone(),
                    label: typo(&a.label),
                    phrase: typo(a.phrase.as_deref().unwrap_or(&lowercase_first(&a.label))),
                    part_of: a.part_of.as_ref().map(|p| p.value.clone()),
                    values,
                    withheld,
                }
            })
            .collect(),
    }
}

/// The small-base notes of question `q`: segments below the caution threshold, then
/// those below the suppression threshold, each with its base.
fn small_bases(q: &Question, s: &SurveyFile, ctx: &Ctx, st: &Statistics) -> Option<String> {
    let mut caution = Vec::new();
    let mut suppressed = Vec::new();
    for g in &s.segments {
        let seg = g.id.value.as_str();
        if !q
            .answers
            .iter()
            .any(|a| a.values.0.iter().any(|(k, _)| k.value == seg))
        {
            continue;
        }
        let (Some(c), flagged) = value_flag(s, st, q, seg) else {
            continue;
        };
        // As published: `environ 25` stays approximate.
        let named = ctx
            .locale
            .typography(&format!("{} ({})", g.label, ctx.locale.count(c)));
        match flagged {
            BaseFlag::Caution => caution.push(named),
            BaseFlag::Suppressed => suppressed.push(named),
            BaseFlag::Sufficient => {}
        }
    }
    let mut out = Vec::new();
    if !caution.is_empty() {
        out.push(
            ctx.text("small_base_caution")
                .replace("{n}", &ctx.locale.number(f64::from(st.caution_below)))
                .replace("{segments}", &caution.join(", ")),
        );
    }
    if !suppressed.is_empty() {
        out.push(
            ctx.text("small_base_suppressed")
                .replace("{n}", &ctx.locale.number(f64::from(st.suppress_below)))
                .replace("{segments}", &suppressed.join(", ")),
        );
    }
    (!out.is_empty()).then(|| ctx.locale.typography(&out.join(" ")))
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
