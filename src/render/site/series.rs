//! Series pages: one page per series of two or more editions (`series/<id>/`), listing
//! its editions and drawing the trend of every repeated question, each trend chart as
//! an SVG file beside the page; and the series' downloads: results over every edition
//! (CSV, JSON) and the codebook.

use std::path::{Path, PathBuf};

use minijinja::context;
use minijinja::value::{Serde, Value};
use serde_json::json;

use crate::charts::{ChartFiles, Palette, TrendChart, trend_chart_at};
use crate::output::OutputFile;
use crate::resolve::{RSeries, RSurvey, RTrend, Resolved};

use super::export;

use super::pages::{Content, Page, crumbs, ui};

/// A trend chart of a series page, with its files and its data.
pub(crate) struct Trend<'a> {
    /// The drawing (title, text alternative, data table, caption note).
    pub chart: TrendChart,
    /// Its files and page.
    pub files: ChartFiles,
    /// What it draws.
    pub trend: &'a RTrend,
    /// The editions of the series, oldest first.
    pub editions: Vec<u32>,
    /// The source line of the latest edition.
    pub source: &'a str,
}

impl Trend<'_> {
    /// Its data as CSV: one row per answer, one column per edition, values as numbers
    /// (empty where not asked or withheld).
    pub fn csv(&self) -> String {
        let mut out = String::from("answer");
        for e in &self.editions {
            out.push_str(&format!(",{e}"));
        }
        out.push_str("\r\n");
        for line in &self.trend.answers {
            out.push_str(&export::field(&line.label));
            for p in &line.points {
                out.push(',');
                if let Some(p) = p {
                    out.push_str(&p.value.to_string());
                }
            }
            out.push_str("\r\n");
        }
        out
    }
}

/// The trend charts of series `s`, with their files (in the page's folder).
pub(crate) fn trends<'a>(r: &'a Resolved, s: &'a RSeries) -> Vec<Trend<'a>> {
    let editions: Vec<u32> = s.editions.iter().map(|e| e.edition).collect();
    let source = s
        .editions
        .last()
        .and_then(|e| r.surveys.get(&e.survey))
        .map_or("", |latest| latest.source.as_str());
    s.trends
        .iter()
        .map(|t| {
            let palette = Palette::of_site(&r.config);
            let width = crate::charts::WIDE;
            let chart = trend_chart_at(t, &editions, (r.config.locale, palette), &r.ui, width);
            let files = ChartFiles::trend(&s.id, &chart.id);
            Trend {
                chart,
                files,
                trend: t,
                editions: editions.clone(),
                source,
            }
        })
        .collect()
}

/// The page of every series.
pub(super) fn pages(r: &Resolved) -> Vec<Page> {
    let label = ui(r, "surveys");
    r.series
        .values()
        .map(|s| {
            let path = format!("series/{}/", s.id);
            let years: Vec<String> = s.editions.iter().map(|e| e.edition.to_string()).collect();
            let description = format!(
                "{} — {} {}",
                s.title,
                ui(r, "editions").to_lowercase(),
                years.join(", ")
            );
            let mut page = Page::new(
                "series.html",
                PathBuf::from(&path).join("index.html"),
                format!("{} — {}", s.title, r.config.title),
                r.config.locale.typography(&description),
            );
            page.content = Content::Series(s.id.clone());
            page.breadcrumbs = crumbs(r, &[(&label, "surveys/"), (&s.title, &path)]);
            page.section = "surveys";
            page.lastmod = s
                .editions
                .last()
                .and_then(|e| r.surveys.get(&e.survey))
                .map(|latest| latest.fieldwork.end.clone());
            page.json_ld = Some(json!({
                "@context": "https://schema.org",
                "@type": "Collection",
                "name": s.title,
                "url": format!("{}{path}", r.config.base_url),
                "hasPart": s.editions.iter().map(|e| json!({
                    "@type": "Dataset",
                    "name": e.title,
                    "url": format!("{}surveys/{}/", r.config.base_url, e.survey),
                })).collect::<Vec<_>>(),
            }));
            page
        })
        .collect()
}

/// The variables of the page of series `id`.
pub(super) fn context(r: &Resolved, id: &str) -> Value {
    let Some(s) = r.series.get(id) else {
        return context! {};
    };
    let charts: Vec<Value> = trends(r, s)
        .into_iter()
        .map(|t| context! { chart => Serde(&t.chart), files => Serde(&t.files), note => t.chart.note })
        .collect();
    context! { series => Serde(s), trends => charts, downloads => Serde(downloads(s)) }
}

/// The files of every series: its trend charts, its results over every edition (CSV
/// and JSON, long format) and its codebook.
pub(super) fn files(r: &Resolved) -> Vec<OutputFile> {
    let mut out = Vec::new();
    for s in r.series.values() {
        let dir = Path::new("series").join(&s.id);
        for t in trends(r, s) {
            out.push(OutputFile::new(&t.files.csv, t.csv().into_bytes()));
            out.push(OutputFile::new(&t.files.wide, t.chart.svg.into_bytes()));
        }
        let editions: Vec<&RSurvey> = s
            .editions
            .iter()
            .filter_map(|e| r.surveys.get(&e.survey))
            .collect();
        let d = downloads(s);
        let mut csv = String::from(export::CSV_HEADER);
        for e in &editions {
            export::csv_rows(e, &mut csv);
        }
        out.push(OutputFile::new(dir.join(&d.csv), csv.into_bytes()));
        out.push(OutputFile::new(
            dir.join(&d.codebook),
            export::codebook(&editions).into_bytes(),
        ));
        out.push(OutputFile::new(
            dir.join(&d.json),
            json(s, &editions).into_bytes(),
        ));
    }
    out
}

/// File names of a series' downloads (in its page's folder).
#[derive(Debug, Clone, serde::Serialize)]
pub struct SeriesDownloads {
    /// Results over every edition, one row per edition, answer and segment.
    pub csv: String,
    /// The same, with the editions and the codebook.
    pub json: String,
    /// Wordings, labels, bases and notes of every edition.
    pub codebook: String,
}

/// The download names of series `s`.
pub fn downloads(s: &RSeries) -> SeriesDownloads {
    SeriesDownloads {
        csv: format!("{}.csv", s.id),
        json: format!("{}.json", s.id),
        codebook: format!("{}-codebook.csv", s.id),
    }
}

/// The series as JSON: its editions, each edition's survey as in its own JSON download
/// (codebook and results), and the trends.
fn json(s: &RSeries, editions: &[&RSurvey]) -> String {
    let surveys: Vec<serde_json::Value> = editions
        .iter()
        .map(|e| serde_json::from_str(&export::json(e)).unwrap_or(serde_json::Value::Null))
        .collect();
    let data = json!({
        "id": s.id,
        "title": s.title,
        "editions": s.editions,
        "surveys": surveys,
        "trends": s.trends,
    });
    let mut text = serde_json::to_string_pretty(&data).expect("JSON values serialise");
    text.push('\n');
    text
}
