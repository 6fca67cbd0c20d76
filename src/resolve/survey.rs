//! Surveys resolved: every figure formatted for the site's language, every text through
//! its typography; questions in [`super::question`], the infographic's composition in
//! [`super::infographic`].

use std::collections::BTreeMap;

use serde::Serialize;

use crate::locale::Locale;
use crate::model::{Approx, SurveyDoc, SurveyFile};

use super::Ctx;
use super::infographic::{self, RInfographic};
use super::method::{self, RMethod};
use super::question::{self, RQuestion};
use super::series::{self, RSeriesLink};

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
    /// When the results were published: the survey's `published` date, else the date of
    /// the first article presenting it; `None` if neither is known.
    pub published: Option<RDay>,
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
    /// Its place in its series, when it has other editions.
    pub series: Option<RSeriesLink>,
    /// How it was made, and how far its figures can be trusted.
    pub method: RMethod,
    /// The trend of each of its questions asked in an earlier edition, up to this one.
    pub trends: Vec<super::RTrend>,
    /// The editions those trends run over, oldest first (this one last).
    pub trend_editions: Vec<u32>,
    /// Source line for charts and the infographic.
    pub source: String,
    /// File name of the infographic PDF.
    pub pdf: String,
    /// File name of the press kit (zip).
    pub kit: String,
    /// What the infographic shows.
    pub infographic: RInfographic,
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
    /// When the results were presented there, if said.
    pub date: Option<RDay>,
}

/// A day, ISO and formatted, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RDay {
    /// `2026-01-27`.
    pub iso: String,
    /// `27 janvier 2026`.
    pub text: String,
    /// Where the date was found.
    pub source: DaySource,
}

/// Where a date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DaySource {
    /// Written in the survey file.
    Data,
    /// The date of the first article presenting the survey.
    Article,
}

impl RDay {
    /// `day` formatted for `locale`.
    pub fn new(day: time::Date, locale: Locale, source: DaySource) -> RDay {
        RDay {
            iso: day.to_string(),
            text: locale.date(day),
            source,
        }
    }
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
    /// Number of respondents (approximate when `approx` is set).
    pub size: u32,
    /// How the size is approximate, if it is.
    pub approx: Option<Approx>,
    /// `840`, `1 200`, `environ 1 700`.
    pub size_text: String,
    /// `auprès de 840`, `auprès d’environ 1 700`: the UI's `among` before the size.
    pub among: String,
    /// Plural noun phrase for the respondents.
    pub population: String,
    /// Where they came from.
    pub source: Option<String>,
    /// Collection method, if said.
    pub method: Option<String>,
    /// Representativeness statement.
    pub representativeness: Option<String>,
}

/// The sample of `s`, formatted.
fn sample(s: &SurveyFile, locale: Locale, ui: &BTreeMap<String, String>) -> RSample {
    let typo = |t: &str| locale.typography(t);
    let size = s.sample.size.value;
    let size_text = locale.count(size);
    let among = ui.get("among").cloned().unwrap_or_default();
    RSample {
        size: size.n,
        approx: size.approx,
        among: locale.before(&among, &size_text),
        size_text,
        population: typo(&s.sample.population),
        source: s.sample.source.as_deref().map(typo),
        method: s.sample.method.as_deref().map(typo),
        representativeness: s.sample.representativeness.as_deref().map(typo),
    }
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
    /// Respondents in the segment, when published.
    pub base: Option<u32>,
    /// True when the base is published and exact.
    pub base_exact: bool,
    /// Formatted base, or `base non publiée`.
    pub base_text: String,
}

/// Format a survey document for `locale`.
pub(super) fn survey(doc: &SurveyDoc, ctx: &Ctx) -> RSurvey {
    let mut survey = formatted(doc, ctx);
    let trended: Vec<String> = survey.trends.iter().map(|t| t.question.clone()).collect();
    survey.infographic = infographic::infographic(
        &doc.data,
        &survey.questions,
        &survey.segments,
        &trended,
        ctx.locale,
    );
    survey
}

/// `doc` formatted, but for its infographic.
fn formatted(doc: &SurveyDoc, ctx: &Ctx) -> RSurvey {
    let (locale, ui) = (ctx.locale, ctx.ui);
    let s = &doc.data;
    let st = ctx.statistics(s);
    let typo = |t: &str| locale.typography(t);
    let (start, end) = (s.fieldwork.start.value.0, s.fieldwork.end.value.0);
    RSurvey {
        id: doc.id.clone(),
        title: typo(&s.title),
        edition: s.edition.value,
        organisation: typo(&s.organisation),
        partners: s
            .partners
            .iter()
            .map(|p| RPartner {
                name: typo(&p.name),
                role: p.role.as_deref().map(typo),
            })
            .collect(),
        occasion: s.occasion.as_ref().map(|o| ROccasion {
            name: typo(&o.name),
            edition: o.edition,
            organiser: o.organiser.as_deref().map(typo),
            text: typo(&occasion_text(locale, &o.name, o.edition)),
            date: o
                .date
                .as_ref()
                .map(|d| RDay::new(d.value.0, locale, DaySource::Data)),
        }),
        published: s
            .published
            .as_ref()
            .map(|d| RDay::new(d.value.day.0, locale, DaySource::Data)),
        fieldwork: RFieldwork {
            start: start.to_string(),
            end: end.to_string(),
            start_text: locale.date(start),
            end_text: locale.date(end),
            text: locale.date_range(start, end),
        },
        sample: sample(s, locale, ui),
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
                base: g.base.as_ref().map(|b| b.value.n),
                base_exact: g.base.as_ref().is_some_and(|b| b.value.approx.is_none()),
                base_text: g.base.as_ref().map_or_else(
                    || ui.get("base_unpublished").cloned().unwrap_or_default(),
                    |b| locale.count(b.value),
                ),
            })
            .collect(),
        questions: s
            .questions
            .iter()
            .map(|q| question::question(q, s, ctx, &st))
            .collect(),
        previous_editions: s
            .previous_editions
            .iter()
            .map(|p| p.value.clone())
            .collect(),
        series: series::link(ctx, doc),
        method: method::method(s, &st, locale, ui),
        trends: series::trends_until(ctx, doc),
        trend_editions: series::editions_until(ctx, doc),
        source: typo(&s.source.clone().unwrap_or_else(|| match locale {
            Locale::Fr => format!("Source : {}, {}", s.title, s.organisation),
            Locale::En => format!("Source: {}, {}", s.title, s.organisation),
        })),
        pdf: format!("{}.pdf", doc.id),
        kit: format!("{}-press-kit.zip", doc.id),
        infographic: RInfographic::default(),
    }
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
