//! Charts drawn once: a build's memo of every chart at every width it is drawn at,
//! shared by the commentary (an article's `chart()`), the survey pages and the chart
//! files, and where a chart's files are published. However many articles show a
//! chart, it is laid out once per width.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use serde::Serialize;

use crate::locale::Locale;
use crate::model::ChartKind;
use crate::resolve::{RBreakdown, RQuestion, RSurvey};

use super::palette::Palette;
use super::{Chart, breakdown_chart_at, question_chart_at};

/// Width of the charts of the pages, in px.
pub const WIDE: u32 = super::layout::WIDTH as u32;
/// Width of the charts drawn for phones, whose text stays legible on a 375 px screen.
pub const NARROW: u32 = 340;

/// Where a chart's files and its page are, from the site root.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ChartFiles {
    /// The chart's name, unique in the site's folder: `<id>-<kind>`, `trend-<id>` (for
    /// element ids: one question drawn as two kinds on one page is two charts).
    pub name: String,
    /// The 640 px drawing.
    pub wide: String,
    /// The drawing for phones.
    pub narrow: String,
    /// Its data as CSV, numbers as numbers.
    pub csv: String,
    /// The wide drawing as a PNG at twice its size, for slides.
    pub png: String,
    /// Its page, embeddable in an iframe (a folder: `…/q1-bars/`).
    pub page: String,
}

impl ChartFiles {
    /// The files of chart `id` (a question id, or `breakdown-<id>`) of `survey` drawn as `kind`.
    pub fn of(survey: &str, id: &str, kind: ChartKind) -> ChartFiles {
        let name = format!("{id}-{}", kind.name());
        let base = format!("surveys/{survey}/charts/{name}");
        ChartFiles {
            name,
            wide: format!("{base}.svg"),
            narrow: format!("{base}-narrow.svg"),
            csv: format!("{base}.csv"),
            png: format!("{base}.png"),
            page: format!("{base}/"),
        }
    }

    /// The files of trend chart `id` (`trend-<question>`) of series `series`: one
    /// drawing, which scales, for every width.
    pub fn trend(series: &str, id: &str) -> ChartFiles {
        let base = format!("series/{series}/{id}");
        ChartFiles {
            name: id.to_string(),
            wide: format!("{base}.svg"),
            narrow: format!("{base}.svg"),
            csv: format!("{base}.csv"),
            png: format!("{base}.png"),
            page: format!("{base}/"),
        }
    }
}

/// A chart's identity: survey, chart id (a question id, or `breakdown-<id>`), kind
/// and width.
type Key = (String, String, ChartKind, u32);

/// The charts of a build, each drawn the first time it is asked for.
#[derive(Debug)]
pub struct ChartSet {
    locale: Locale,
    ui: BTreeMap<String, String>,
    palette: Palette,
    drawn: Mutex<BTreeMap<Key, Arc<OnceLock<Arc<Chart>>>>>,
    draws: AtomicUsize,
}

impl ChartSet {
    /// An empty set drawing in `locale` with the UI strings `ui`.
    pub fn new(locale: Locale, ui: BTreeMap<String, String>) -> ChartSet {
        ChartSet {
            locale,
            ui,
            palette: Palette::default(),
            drawn: Mutex::default(),
            draws: AtomicUsize::new(0),
        }
    }

    /// The same set drawing with `palette` (the site's accent first).
    pub fn with_palette(self, palette: Palette) -> ChartSet {
        ChartSet { palette, ..self }
    }

    /// Question `q` of `survey` drawn as `kind`, `width` px wide.
    pub fn question(
        &self,
        survey: &RSurvey,
        q: &RQuestion,
        kind: ChartKind,
        width: u32,
    ) -> Arc<Chart> {
        let key = (survey.id.clone(), q.id.clone(), kind, width);
        self.get(key, || {
            question_chart_at(
                survey,
                q,
                kind,
                (self.locale, self.palette),
                &self.ui,
                width,
            )
        })
    }

    /// Breakdown `b` of `survey`, `width` px wide.
    pub fn breakdown(&self, survey: &RSurvey, b: &RBreakdown, width: u32) -> Arc<Chart> {
        let id = format!("breakdown-{}", b.id);
        let key = (survey.id.clone(), id, ChartKind::Bars, width);
        self.get(key, || {
            breakdown_chart_at(survey, b, (self.locale, self.palette), &self.ui, width)
        })
    }

    /// The chart under `key`, drawing it if no one has: a second thread asking for it
    /// meanwhile waits for the first drawing rather than making its own.
    fn get(&self, key: Key, draw: impl FnOnce() -> Chart) -> Arc<Chart> {
        let slot = self
            .drawn
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(key)
            .or_default()
            .clone();
        slot.get_or_init(|| {
            self.draws.fetch_add(1, Ordering::Relaxed);
            Arc::new(draw())
        })
        .clone()
    }

    /// How many drawings were made, and how many distinct charts were asked for (equal
    /// when every chart was drawn once per width).
    pub fn counts(&self) -> (usize, usize) {
        let asked = self.drawn.lock().unwrap_or_else(|e| e.into_inner()).len();
        (self.draws.load(Ordering::Relaxed), asked)
    }
}
