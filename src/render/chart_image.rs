//! Chart images: every chart of the site as a PNG at twice its size (about 1350 px wide
//! for a 640 px chart), for slides and documents: its title, the drawing (the chart's
//! own SVG), its note and its source line, on white, so the image can be shown alone.
//! Typst lays it out with the theme's fonts and typst-render rasterises it
//! ([`Export::Png2x`]); it is cached like the other Typst results.
//!
//! [`Export::Png2x`]: super::pdf::Export::Png2x

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::charts::{Chart, ChartFiles};
use crate::render::pdf::PdfJob;
use crate::render::site::charts::SiteChart;
use crate::render::site::series::Trend;

/// The Typst source that draws `/chart.svg` with its title, note and source. Data only
/// crosses as data: the texts and the size come from `/data.json`.
const SOURCE: &str = r##"#let d = json("/data.json")
#set page(width: d.width * 1pt + 32pt, height: auto, margin: 16pt, fill: white)
#set text(font: ("Inter", "Libertinus Serif"), size: 11pt, fill: rgb("#1b1f2a"), lang: d.lang)
#block(below: 10pt, text(weight: "bold", size: 14pt, d.title))
#image("/chart.svg", width: d.width * 1pt, height: d.height * 1pt)
#if d.note != none { block(above: 8pt, text(size: 9pt, fill: rgb("#4a5163"), d.note)) }
#block(above: 8pt, text(size: 9pt, fill: rgb("#4a5163"), d.source))
"##;

/// Where [`SOURCE`] is said to be, in the unlikely case that it fails.
const SOURCE_PATH: &str = "barograph/chart-image.typ";

/// `/data.json` of [`SOURCE`].
#[derive(Debug, Serialize)]
struct ImageData<'a> {
    lang: &'a str,
    title: &'a str,
    note: Option<&'a str>,
    source: &'a str,
    width: u32,
    height: u32,
}

/// What a chart's image shows.
pub(crate) struct Image<'a> {
    /// The title above the drawing.
    pub title: &'a str,
    /// The drawing (SVG) and its size in px.
    pub svg: &'a str,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
    /// The note under it, if any.
    pub note: Option<&'a str>,
    /// The source line.
    pub source: &'a str,
}

impl<'a> Image<'a> {
    /// A question's or a breakdown's chart, with `notes` under it.
    pub fn of(c: &'a SiteChart, notes: Option<&'a str>) -> Image<'a> {
        let chart: &Chart = &c.wide;
        Image {
            title: &chart.title,
            svg: &chart.svg,
            width: chart.width,
            height: chart.height,
            note: notes,
            source: &c.survey.source,
        }
    }

    /// A trend chart of a series.
    pub fn of_trend(t: &'a Trend) -> Image<'a> {
        Image {
            title: &t.chart.title,
            svg: &t.chart.svg,
            width: t.chart.width,
            height: t.chart.height,
            note: Some(t.chart.note.as_str()).filter(|n| !n.is_empty()),
            source: t.source,
        }
    }
}

/// The Typst job drawing `image` as the PNG at `files.png`, and that path.
pub(crate) fn job(root: &Path, lang: &str, image: &Image, files: &ChartFiles) -> (PdfJob, PathBuf) {
    let data = ImageData {
        lang,
        title: image.title,
        note: image.note,
        source: image.source,
        width: image.width,
        height: image.height,
    };
    let json = serde_json::to_vec(&data).expect("chart image data serialises");
    let job = PdfJob {
        root: root.to_path_buf(),
        template: SOURCE.to_string(),
        template_path: PathBuf::from(SOURCE_PATH),
        files: [
            ("/data.json".to_string(), json),
            ("/chart.svg".to_string(), image.svg.as_bytes().to_vec()),
        ]
        .into_iter()
        .collect(),
        // No date shows on the image; a fixed one keeps the cache key stable.
        date: time::Date::MIN,
        ident: format!("barograph/chart/{}", files.png),
        what: "chart image",
        max_pages: Some(1),
        shortened: Vec::new(),
    };
    (job, PathBuf::from(&files.png))
}
