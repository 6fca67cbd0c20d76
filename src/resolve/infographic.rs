//! The infographic's composition resolved: its key figures (as the survey file names
//! them, or chosen from the data) and its charts.

use serde::Serialize;

use crate::locale::Locale;
use crate::model::SurveyFile;

/// The composition of the infographic, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct RInfographic {
    /// Headline figures.
    pub key_figures: Vec<RKeyFigure>,
    /// Ids of the questions drawn as charts.
    pub charts: Vec<String>,
    /// Id of the pull quote.
    pub quote: Option<String>,
}

/// A headline figure.
#[derive(Debug, Clone, Serialize)]
pub struct RKeyFigure {
    /// The percentage.
    pub value: f64,
    /// `72 %`.
    pub text: String,
    /// Words under the figure.
    pub caption: String,
    /// The answer's label.
    pub label: String,
    /// The segment's label.
    pub segment: String,
}

/// The infographic's figures, charts and quote: as specified, or chosen from the data
/// (the leading answer of the first four questions, and the first four questions).
pub(super) fn infographic(s: &SurveyFile, locale: Locale) -> RInfographic {
    let default_segment = s
        .segments
        .first()
        .map(|g| g.id.value.as_str())
        .unwrap_or("");
    let figure =
        |qid: &str, aid: Option<&str>, seg: &str, caption: Option<&str>| -> Option<RKeyFigure> {
            let q = s.questions.iter().find(|q| q.id.value == qid)?;
            let answer = match aid {
                Some(aid) => q.answers.iter().find(|a| a.id.value == aid)?,
                None => q
                    .answers
                    .iter()
                    .filter(|a| a.part_of.is_none())
                    .filter(|a| a.values.0.iter().any(|(k, _)| k.value == seg))
                    .max_by(|a, b| value_of(a, seg).total_cmp(&value_of(b, seg)))?,
            };
            let value = answer
                .values
                .0
                .iter()
                .find(|(k, _)| k.value == seg)?
                .1
                .value;
            let segment = s.segments.iter().find(|g| g.id.value == seg)?;
            Some(RKeyFigure {
                value,
                text: locale.percent(value),
                caption: locale.typography(caption.unwrap_or(&q.wording)),
                label: locale.typography(&answer.label),
                segment: locale.typography(&segment.label),
            })
        };
    let spec = s.infographic.as_ref();
    let key_figures = match spec.and_then(|spec| spec.key_figures.as_ref()) {
        Some(list) => list
            .iter()
            .filter_map(|k| {
                let (qid, aid) = k.figure.value.split_once('.')?;
                let seg = k
                    .segment
                    .as_ref()
                    .map_or(default_segment, |g| g.value.as_str());
                figure(qid, Some(aid), seg, Some(&k.caption))
            })
            .collect(),
        None => s
            .questions
            .iter()
            .take(4)
            .filter_map(|q| figure(&q.id.value, None, default_segment, None))
            .collect(),
    };
    let charts = match spec.and_then(|spec| spec.charts.as_ref()) {
        Some(list) => list.iter().map(|c| c.value.clone()).collect(),
        None => s
            .questions
            .iter()
            .take(4)
            .map(|q| q.id.value.clone())
            .collect(),
    };
    RInfographic {
        key_figures,
        charts,
        quote: spec
            .and_then(|spec| spec.quote.as_ref())
            .map(|q| q.value.clone()),
    }
}

fn value_of(a: &crate::model::Answer, seg: &str) -> f64 {
    a.values
        .0
        .iter()
        .find(|(k, _)| k.value == seg)
        .map_or(0.0, |(_, v)| v.value)
}
