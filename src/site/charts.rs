//! Chart files: each chart drawn once as two SVG files (wide, and narrow for phones)
//! under its survey's folder, and shown by every page that needs it with `<picture>`.
//! A thousand articles showing the same chart share one file.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;

use crate::charts::{self, Chart};
use crate::model::ChartKind;
use crate::output::OutputFile;
use crate::resolve::{RSurvey, Resolved};

/// Width of the chart drawn for phones, whose text stays legible on a 375 px screen.
pub const NARROW_WIDTH: u32 = 340;

/// Where a chart's two files are, from the site root.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ChartFiles {
    /// The 640 px drawing.
    pub wide: String,
    /// The drawing for phones.
    pub narrow: String,
}

impl ChartFiles {
    /// The files of chart `id` (a question id, or `breakdown-<id>`) of `survey` drawn as `kind`.
    pub fn of(survey: &str, id: &str, kind: ChartKind) -> ChartFiles {
        let base = format!("surveys/{survey}/charts/{id}-{}", kind.name());
        ChartFiles {
            wide: format!("{base}.svg"),
            narrow: format!("{base}-narrow.svg"),
        }
    }
}

/// A chart with its files, as the chart partial receives it.
#[derive(Debug, Clone, Serialize)]
pub struct PlacedChart {
    /// Title, alternative text, data table (and the SVG, unused by the default partial).
    pub chart: Chart,
    /// Its files.
    pub files: ChartFiles,
    /// The question's note, if any.
    pub note: Option<String>,
}

/// Every chart of a survey page: each question as its own kind, and each breakdown.
pub fn survey_charts(r: &Resolved, s: &RSurvey) -> (Vec<PlacedChart>, Vec<PlacedChart>) {
    let locale = r.config.locale;
    let questions = s
        .questions
        .iter()
        .map(|q| PlacedChart {
            chart: charts::question_chart(s, q, q.chart, locale, &r.ui),
            files: ChartFiles::of(&s.id, &q.id, q.chart),
            note: q.note.clone(),
        })
        .collect();
    let breakdowns = s
        .breakdowns
        .iter()
        .map(|b| {
            let chart = charts::breakdown_chart(s, b, locale, &r.ui);
            let files = ChartFiles::of(&s.id, &chart.id, chart.kind);
            PlacedChart {
                chart,
                files,
                note: None,
            }
        })
        .collect();
    (questions, breakdowns)
}

/// The SVG files of every chart shown: those of the survey pages and those the
/// commentary drew.
pub fn files(r: &Resolved) -> Vec<OutputFile> {
    let locale = r.config.locale;
    let mut wanted: BTreeSet<(String, String, ChartKind)> = r.chart_requests.clone();
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
        let wide = charts::question_chart(s, q, kind, locale, &r.ui);
        let narrow = charts::question_chart_at(s, q, kind, locale, &r.ui, NARROW_WIDTH);
        push_pair(&mut out, &ChartFiles::of(&sid, &qid, kind), wide, narrow);
    }
    for s in r.surveys.values() {
        for b in &s.breakdowns {
            let wide = charts::breakdown_chart(s, b, locale, &r.ui);
            let narrow = charts::breakdown_chart_at(s, b, locale, &r.ui, NARROW_WIDTH);
            let files = ChartFiles::of(&s.id, &wide.id, wide.kind);
            push_pair(&mut out, &files, wide, narrow);
        }
    }
    out
}

/// The two drawings of a chart, as files.
fn push_pair(out: &mut Vec<OutputFile>, files: &ChartFiles, wide: Chart, narrow: Chart) {
    out.push(OutputFile::new(
        Path::new(&files.wide),
        wide.svg.into_bytes(),
    ));
    out.push(OutputFile::new(
        Path::new(&files.narrow),
        narrow.svg.into_bytes(),
    ));
}
