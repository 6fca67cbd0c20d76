//! Surveys resolved: every figure formatted for the site's language, every text through
//! its typography, the infographic's composition chosen.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::locale::Locale;
use crate::model::{ChartKind, QuestionKind, SurveyDoc};

/// A survey with formatted figures.
#[derive(Debug, Clone, Serialize)]
pub struct RSurvey {
    /// Id (file stem).
    pub id: String,
    /// Title.
    pub title: String,
    /// Edition, usually the year.
    pub edition: u32,
    /// Organisation that ran it.
    pub organisation: String,
    /// Partners.
    pub partners: Vec<RPartner>,
    /// The event it was released at.
    pub occasion: Option<ROccasion>,
    /// Fieldwork dates.
    pub fieldwork: RFieldwork,
    /// The sample.
    pub sample: RSample,
    /// Breakdowns of the sample.
    pub breakdowns: Vec<RBreakdown>,
    /// Segments, the default first.
    pub segments: Vec<RSegment>,
    /// Questions with formatted results.
    pub questions: Vec<RQuestion>,
    /// Ids of earlier editions.
    pub previous_editions: Vec<String>,
    /// Source line for charts and the infographic.
    pub source: String,
    /// File name of the infographic PDF.
    pub pdf: String,
    /// What the infographic shows.
    pub infographic: RInfographic,
}

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

/// A partner.
#[derive(Debug, Clone, Serialize)]
pub struct RPartner {
    /// Name.
    pub name: String,
    /// Role, if given.
    pub role: Option<String>,
}

/// The event a survey was released at.
#[derive(Debug, Clone, Serialize)]
pub struct ROccasion {
    /// Event name.
    pub name: String,
    /// Edition number of the event.
    pub edition: Option<u32>,
    /// Its organiser.
    pub organiser: Option<String>,
    /// `10e édition des Grandes tendances de la e-santé`, ready to print.
    pub text: String,
}

/// Fieldwork dates, ISO and formatted.
#[derive(Debug, Clone, Serialize)]
pub struct RFieldwork {
    /// `2025-12-01`.
    pub start: String,
    /// `2026-01-20`.
    pub end: String,
    /// `1er décembre 2025`.
    pub start_text: String,
    /// `20 janvier 2026`.
    pub end_text: String,
    /// `du 1er décembre 2025 au 20 janvier 2026`.
    pub text: String,
}

/// The sample, with its size formatted.
#[derive(Debug, Clone, Serialize)]
pub struct RSample {
    /// Number of respondents.
    pub size: u32,
    /// `840`, `1 200`.
    pub size_text: String,
    /// Plural noun phrase for the respondents.
    pub population: String,
    /// Where they came from.
    pub source: Option<String>,
    /// Collection method.
    pub method: String,
    /// Representativeness statement.
    pub representativeness: Option<String>,
}

/// A breakdown of the sample.
#[derive(Debug, Clone, Serialize)]
pub struct RBreakdown {
    /// Id.
    pub id: String,
    /// Heading.
    pub label: String,
    /// Only the top items are listed.
    pub partial: bool,
    /// The shares.
    pub items: Vec<RShare>,
}

/// A labelled percentage.
#[derive(Debug, Clone, Serialize)]
pub struct RShare {
    /// Label.
    pub label: String,
    /// Percentage.
    pub value: f64,
    /// Formatted percentage.
    pub text: String,
}

/// A segment.
#[derive(Debug, Clone, Serialize)]
pub struct RSegment {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Respondents in the segment.
    pub base: u32,
    /// Formatted base.
    pub base_text: String,
}

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
    /// Answers in file order.
    pub answers: Vec<RAnswer>,
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
    /// Values by segment id.
    pub values: BTreeMap<String, RValue>,
}

/// A percentage and its formatted text.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RValue {
    /// Percentage.
    pub value: f64,
    /// `72 %`.
    pub text: String,
}

/// Format a survey document for `locale`.
pub fn survey(doc: &SurveyDoc, locale: Locale) -> RSurvey {
    let s = &doc.data;
    let typo = |t: &str| locale.typography(t);
    let (start, end) = (s.fieldwork.start.value.0, s.fieldwork.end.value.0);
    let multi_segment = s.segments.len() > 1;
    RSurvey {
        id: doc.id.clone(),
        title: typo(&s.title),
        edition: s.edition.value,
        organisation: plain(&s.organisation),
        partners: s
            .partners
            .iter()
            .map(|p| RPartner {
                name: plain(&p.name),
                role: p.role.as_deref().map(typo),
            })
            .collect(),
        occasion: s.occasion.as_ref().map(|o| ROccasion {
            name: typo(&o.name),
            edition: o.edition,
            organiser: o.organiser.as_deref().map(plain),
            text: typo(&occasion_text(locale, &o.name, o.edition)),
        }),
        fieldwork: RFieldwork {
            start: start.to_string(),
            end: end.to_string(),
            start_text: locale.date(start),
            end_text: locale.date(end),
            text: locale.date_range(start, end),
        },
        sample: RSample {
            size: s.sample.size.value,
            size_text: locale.number(f64::from(s.sample.size.value)),
            population: typo(&s.sample.population),
            source: s.sample.source.as_deref().map(typo),
            method: typo(&s.sample.method),
            representativeness: s.sample.representativeness.as_deref().map(typo),
        },
        breakdowns: s
            .breakdowns
            .iter()
            .map(|b| RBreakdown {
                id: b.id.value.clone(),
                label: typo(&b.label),
                partial: b.partial,
                items: b
                    .items
                    .iter()
                    .map(|i| RShare {
                        label: typo(&i.label),
                        value: i.value.value,
                        text: locale.percent(i.value.value),
                    })
                    .collect(),
            })
            .collect(),
        segments: s
            .segments
            .iter()
            .map(|g| RSegment {
                id: g.id.value.clone(),
                label: typo(&g.label),
                base: g.base.value,
                base_text: locale.number(f64::from(g.base.value)),
            })
            .collect(),
        questions: s
            .questions
            .iter()
            .map(|q| RQuestion {
                id: q.id.value.clone(),
                wording: typo(&q.wording),
                kind: q.kind,
                chart: q.chart.unwrap_or(match (q.kind, multi_segment) {
                    (QuestionKind::Single, _) => ChartKind::Stacked,
                    (QuestionKind::Multiple, true) => ChartKind::Grouped,
                    (QuestionKind::Multiple, false) => ChartKind::Bars,
                }),
                note: q.note.as_deref().map(typo),
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
                                    text: locale.percent(v.value),
                                };
                                (k.value.clone(), value)
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
        previous_editions: s
            .previous_editions
            .iter()
            .map(|p| p.value.clone())
            .collect(),
        source: typo(&s.source.clone().unwrap_or_else(|| match locale {
            Locale::Fr => format!("Source : {}, {}", s.title, s.organisation),
            Locale::En => format!("Source: {}, {}", s.title, s.organisation),
        })),
        pdf: format!("{}.pdf", doc.id),
        infographic: infographic(s, locale),
    }
}

/// The infographic's figures, charts and quote: as specified, or chosen from the data
/// (the leading answer of the first four questions, and the first four questions).
fn infographic(s: &crate::model::SurveyFile, locale: Locale) -> RInfographic {
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

fn occasion_text(locale: Locale, name: &str, edition: Option<u32>) -> String {
    match (locale, edition) {
        (Locale::Fr, Some(1)) => format!("1re édition des {name}"),
        (Locale::Fr, Some(n)) => format!("{n}e édition des {name}"),
        (Locale::En, Some(n)) => format!("{} {name}", ordinal_en(n)),
        (_, None) => name.to_string(),
    }
}

fn ordinal_en(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A name printed as written, control characters removed.
fn plain(text: &str) -> String {
    crate::locale::without_controls(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occasion_texts() {
        assert_eq!(
            occasion_text(Locale::Fr, "Grandes tendances", Some(10)),
            "10e édition des Grandes tendances"
        );
        assert_eq!(occasion_text(Locale::En, "Summit", Some(2)), "2nd Summit");
    }
}
