//! Chart files: each chart shown by the site, drawn once per width by the build's
//! [`ChartSet`], published as two SVG files (wide, and narrow for phones) under its
//! survey's folder, and shown by every page that needs it with `<picture>`. A thousand
//! articles showing the same chart share one file.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::charts::{Chart, ChartFiles, ChartSet, NARROW, WIDE};
use crate::commentary::ChartRequests;
use crate::model::ChartKind;
use crate::output::OutputFile;
use crate::resolve::{RBreakdown, RQuestion, RSurvey, Resolved};

use super::super::Input;

/// A chart of a page with its files and note.
#[derive(Debug, Clone)]
pub struct Placed {
    /// The wide drawing (its title, text alternative and data table).
    pub chart: Arc<Chart>,
    /// Its files.
    pub files: ChartFiles,
    /// The question's note, if any.
    pub note: Option<String>,
}

/// A placed chart as the chart partial receives it.
#[derive(Debug, Clone, Serialize)]
pub struct PlacedView<'a> {
    /// Title, alternative text, data table (and the SVG, unused by the default partial).
    pub chart: &'a Chart,
    /// Its files.
    pub files: &'a ChartFiles,
    /// The question's note, if any.
    pub note: &'a Option<String>,
}

impl Placed {
    /// The chart as the partial receives it.
    pub fn view(&self) -> PlacedView<'_> {
        PlacedView {
            chart: &self.chart,
            files: &self.files,
            note: &self.note,
        }
    }
}

/// Placed charts as the chart partial receives them.
pub fn views(list: &[Placed]) -> Vec<PlacedView<'_>> {
    list.iter().map(Placed::view).collect()
}

/// Every chart of a survey page: each question as its own kind, and each breakdown.
pub fn survey_charts(charts: &ChartSet, s: &RSurvey) -> (Vec<Placed>, Vec<Placed>) {
    let questions = s
        .questions
        .iter()
        .map(|q| Placed {
            chart: charts.question(s, q, q.chart, WIDE),
            files: ChartFiles::of(&s.id, &q.id, q.chart),
            note: q.chart_note(),
        })
        .collect();
    let breakdowns = s
        .breakdowns
        .iter()
        .map(|b| {
            let chart = charts.breakdown(s, b, WIDE);
            let files = ChartFiles::of(&s.id, &chart.id, chart.kind);
            Placed {
                chart,
                files,
                note: None,
            }
        })
        .collect();
    (questions, breakdowns)
}

/// A chart the site publishes: its drawings, its files and what its data is.
#[derive(Debug, Clone)]
pub(crate) struct SiteChart<'a> {
    /// Its survey.
    pub survey: &'a RSurvey,
    /// The wide drawing (title, text alternative, data table).
    pub wide: Arc<Chart>,
    /// The drawing for phones.
    pub narrow: Arc<Chart>,
    /// Its files and page.
    pub files: ChartFiles,
    /// The note under it, if any.
    pub note: Option<String>,
    /// What it draws.
    pub data: ChartData<'a>,
}

/// What a chart draws: a question, or a breakdown of the sample.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ChartData<'a> {
    /// A question.
    Question(&'a RQuestion),
    /// A breakdown of the sample.
    Breakdown(&'a RBreakdown),
}

impl SiteChart<'_> {
    /// What to say under the chart when it is shown alone (its page, its PNG): what
    /// its table's caption adds to the title (the base of a subgroup, the legend of
    /// `n.p.`), then its note.
    pub fn notes(&self) -> Option<String> {
        let caption = &self.wide.table.caption;
        let extra = caption
            .strip_prefix(self.wide.title.as_str())
            .unwrap_or("")
            .trim_start_matches(['.', ' ', '\u{a0}'])
            .trim();
        let parts: Vec<&str> = [Some(extra), self.note.as_deref()]
            .into_iter()
            .flatten()
            .filter(|p| !p.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }

    /// Its data as CSV, numbers as numbers.
    pub fn csv(&self) -> String {
        match self.data {
            ChartData::Question(q) => super::export::chart_csv(self.survey, q),
            ChartData::Breakdown(b) => super::export::breakdown_csv(b),
        }
    }
}

/// Every chart the site publishes, in a stable order: those of the survey pages (each
/// question as its own kind, each breakdown) and those the commentary drew as another
/// kind.
pub(crate) fn site_charts<'a>(
    r: &'a Resolved,
    charts: &ChartSet,
    drawn: &ChartRequests,
) -> Vec<SiteChart<'a>> {
    let mut wanted: BTreeSet<(String, String, ChartKind)> = drawn.clone();
    for s in r.surveys.values() {
        wanted.extend(
            s.questions
                .iter()
                .map(|q| (s.id.clone(), q.id.clone(), q.chart)),
        );
    }
    let mut out = Vec::new();
    for (sid, qid, kind) in wanted {
        let Some(s) = r.surveys.get(&sid) else {
            continue;
        };
        let Some(q) = s.questions.iter().find(|q| q.id == qid) else {
            continue;
        };
        out.push(SiteChart {
            survey: s,
            wide: charts.question(s, q, kind, WIDE),
            narrow: charts.question(s, q, kind, NARROW),
            files: ChartFiles::of(&sid, &qid, kind),
            note: q.chart_note(),
            data: ChartData::Question(q),
        });
    }
    for s in r.surveys.values() {
        for b in &s.breakdowns {
            let wide = charts.breakdown(s, b, WIDE);
            let files = ChartFiles::of(&s.id, &wide.id, wide.kind);
            out.push(SiteChart {
                survey: s,
                narrow: charts.breakdown(s, b, NARROW),
                wide,
                files,
                note: None,
                data: ChartData::Breakdown(b),
            });
        }
    }
    out
}

/// The files of every chart shown (the SVG drawings and the CSV of their data; their
/// PNGs are Typst work, made beside the site).
pub fn files(input: Input) -> Vec<OutputFile> {
    let list = site_charts(input.resolved, input.charts, &input.commentary.charts);
    let mut out = Vec::new();
    for c in &list {
        out.push(OutputFile::new(
            Path::new(&c.files.wide),
            c.wide.svg.clone().into_bytes(),
        ));
        out.push(OutputFile::new(
            Path::new(&c.files.narrow),
            c.narrow.svg.clone().into_bytes(),
        ));
        out.push(OutputFile::new(
            Path::new(&c.files.csv),
            c.csv().into_bytes(),
        ));
    }
    out
}
