//! Series pages: one page per series of two or more editions (`series/<id>/`), listing
//! its editions and drawing the trend of every repeated question, each trend chart as
//! an SVG file beside the page.

use std::path::{Path, PathBuf};

use minijinja::context;
use minijinja::value::{Serde, Value};
use serde_json::json;

use crate::charts::{TrendChart, trend_chart};
use crate::output::OutputFile;
use crate::resolve::{RSeries, Resolved};

use super::pages::{Content, Page, crumbs, ui};

/// The trend charts of series `s`, with their file names (in the page's folder).
fn charts(r: &Resolved, s: &RSeries) -> Vec<(String, TrendChart)> {
    let editions: Vec<u32> = s.editions.iter().map(|e| e.edition).collect();
    s.trends
        .iter()
        .map(|t| {
            let chart = trend_chart(t, &editions, r.config.locale, &r.ui);
            (format!("{}.svg", chart.id), chart)
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
            let description = format!("{} — {} {}", s.title, ui(r, "editions").to_lowercase(), years.join(", "));
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
    let charts: Vec<Value> = charts(r, s)
        .into_iter()
        .map(|(file, chart)| context! { chart => Serde(chart), file => file })
        .collect();
    context! { series => Serde(s), trends => charts }
}

/// The trend chart files of every series.
pub(super) fn files(r: &Resolved) -> Vec<OutputFile> {
    let mut out = Vec::new();
    for s in r.series.values() {
        let dir = Path::new("series").join(&s.id);
        for (file, chart) in charts(r, s) {
            out.push(OutputFile::new(dir.join(file), chart.svg.into_bytes()));
        }
    }
    out
}
