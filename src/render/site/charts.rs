//! Chart files: each chart shown by the site, drawn once per width by the build's
//! [`ChartSet`], published as two SVG files (wide, and narrow for phones) under its
//! survey's folder, and shown by every page that needs it with `<picture>`. A thousand
//! articles showing the same chart share one file.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::charts::{Chart, ChartFiles, ChartSet, NARROW, WIDE};
use crate::model::ChartKind;
use crate::output::OutputFile;
use crate::resolve::RSurvey;

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

/// The SVG files of every chart shown: those of the survey pages and those the
/// commentary drew.
pub fn files(input: Input) -> Vec<OutputFile> {
    let (r, charts) = (input.resolved, input.charts);
    let mut wanted: BTreeSet<(String, String, ChartKind)> = input.commentary.charts.clone();
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
        let wide = charts.question(s, q, kind, WIDE);
        let narrow = charts.question(s, q, kind, NARROW);
        let files = ChartFiles::of(&sid, &qid, kind);
        push_pair(&mut out, &files, &wide, &narrow);
        out.push(OutputFile::new(
            Path::new(&files.csv),
            super::export::chart_csv(s, q).into_bytes(),
        ));
    }
    for s in r.surveys.values() {
        for b in &s.breakdowns {
            let wide = charts.breakdown(s, b, WIDE);
            let narrow = charts.breakdown(s, b, NARROW);
            let files = ChartFiles::of(&s.id, &wide.id, wide.kind);
            push_pair(&mut out, &files, &wide, &narrow);
            out.push(OutputFile::new(
                Path::new(&files.csv),
                super::export::breakdown_csv(b).into_bytes(),
            ));
        }
    }
    out
}

/// The two drawings of a chart, as files.
fn push_pair(out: &mut Vec<OutputFile>, files: &ChartFiles, wide: &Chart, narrow: &Chart) {
    out.push(OutputFile::new(
        Path::new(&files.wide),
        wide.svg.clone().into_bytes(),
    ));
    out.push(OutputFile::new(
        Path::new(&files.narrow),
        narrow.svg.clone().into_bytes(),
    ));
}
