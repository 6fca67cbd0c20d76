//! The infographic's composition resolved: its key figures (as the survey file names
//! them, or chosen from the data) and its charts.

use serde::Serialize;

use crate::locale::Locale;
use crate::model::{Measure, SurveyFile};

use super::question::{RAnswer, RQuestion};
use super::survey::RSegment;

/// The composition of the infographic, resolved.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RInfographic {
    /// Headline figures.
    pub key_figures: Vec<RKeyFigure>,
    /// Ids of the questions drawn as charts.
    pub charts: Vec<String>,
    /// Id of the pull quote.
    pub quote: Option<String>,
    /// Ids of the questions drawn as trends over the editions.
    pub trends: Vec<String>,
}

/// A headline figure.
#[derive(Debug, Clone, Serialize)]
pub struct RKeyFigure {
    /// The value.
    pub value: f64,
    /// `72 %`, or `1 200` for a count.
    pub text: String,
    /// Words under the figure.
    pub caption: String,
    /// The answer's label.
    pub label: String,
    /// The segment's label.
    pub segment: String,
    /// The question's id.
    pub question: String,
    /// What the value measures.
    pub measure: Measure,
    /// Its change against the previous edition, when there is one.
    pub change: Option<super::RChange>,
    /// `caution` when its base is below the caution threshold.
    pub flag: Option<&'static str>,
    /// Its base, when published.
    pub base: Option<u32>,
}

/// The infographic's figures, charts and quote: as specified, or chosen from the data
/// (the leading answer of the first four questions, and the first four questions).
/// Figures are formatted as their question's values are (`72 %`, `1 200`).
pub(super) fn infographic(
    s: &SurveyFile,
    questions: &[RQuestion],
    segments: &[RSegment],
    trended: &[String],
    locale: Locale,
) -> RInfographic {
    let default_segment = segments.first().map(|g| g.id.as_str()).unwrap_or("");
    let spec = s.infographic.as_ref();
    let key_figures: Vec<RKeyFigure> = match spec.and_then(|spec| spec.key_figures.as_ref()) {
        Some(list) => list
            .iter()
            .filter_map(|k| {
                let (qid, aid) = k.figure.value.split_once('.')?;
                let seg = k
                    .segment
                    .as_ref()
                    .map_or(default_segment, |g| g.value.as_str());
                let q = questions.iter().find(|q| q.id == qid)?;
                let a = q.answers.iter().find(|a| a.id == aid)?;
                figure(q, a, segments, seg, Some(&locale.typography(&k.caption)))
            })
            .collect(),
        None => questions
            .iter()
            .take(4)
            .filter_map(|q| {
                let a = leading(q, default_segment)?;
                figure(q, a, segments, default_segment, None)
            })
            .collect(),
    };
    let charts = match spec.and_then(|spec| spec.charts.as_ref()) {
        Some(list) => list.iter().map(|c| c.value.clone()).collect(),
        None => questions.iter().take(4).map(|q| q.id.clone()).collect(),
    };
    // A trend needs an earlier edition of the question: `trended` says which have one.
    let trends = match spec.and_then(|spec| spec.trends.as_ref()) {
        Some(list) => list.iter().map(|t| t.value.clone()).collect(),
        None => key_figures
            .first()
            .map(|k| k.question.clone())
            .filter(|q| trended.iter().any(|t| t == q))
            .into_iter()
            .collect(),
    };
    RInfographic {
        key_figures,
        charts,
        trends,
        quote: spec
            .and_then(|spec| spec.quote.as_ref())
            .map(|q| q.value.clone()),
    }
}

/// The top-level answer of `q` with the largest value for segment `seg` (the first in
/// file order on a tie).
fn leading<'a>(q: &'a RQuestion, seg: &str) -> Option<&'a RAnswer> {
    let value = |a: &RAnswer| a.values.get(seg).map_or(f64::MIN, |v| v.value);
    q.answers
        .iter()
        .filter(|a| a.part_of.is_none() && a.values.contains_key(seg))
        .fold(None, |best: Option<&RAnswer>, a| match best {
            Some(b) if value(b) >= value(a) => Some(b),
            _ => Some(a),
        })
}

/// The figure of answer `a` of `q` for segment `seg`. Without a caption, the caption
/// names the answer and the question (and who was asked, for a subgroup), so a figure
/// never stands without what it counts: `Jamais — Fréquence du télétravail`.
fn figure(
    q: &RQuestion,
    a: &RAnswer,
    segments: &[RSegment],
    seg: &str,
    caption: Option<&str>,
) -> Option<RKeyFigure> {
    let v = a.values.get(seg)?;
    let segment = segments.iter().find(|g| g.id == seg)?;
    let caption = caption.map_or_else(
        || {
            let who = q
                .population
                .as_ref()
                .map(|p| format!(" ({p})"))
                .unwrap_or_default();
            format!("{} — {}{who}", a.label, q.wording)
        },
        str::to_string,
    );
    Some(RKeyFigure {
        value: v.value,
        text: v.text.clone(),
        caption,
        label: a.label.clone(),
        segment: segment.label.clone(),
        question: q.id.clone(),
        measure: q.measure,
        change: v.change.clone(),
        flag: v.flag,
        base: v.base,
    })
}
